"""Amounts as typed in government sheets -> integer đồng."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from pipeline.textnorm import fold

UNIT_FACTORS = {"dong": 1, "nghin": 1_000, "trieu": 1_000_000, "ty": 1_000_000_000}

_UNIT_WORDS = [
    ("ty", re.compile(r"\bt[yi]\b|\bty dong\b")),
    ("trieu", re.compile(r"\btrieu\b|\btr\b|\btrd\b")),
    ("nghin", re.compile(r"\bnghin\b|\bngan\b")),
    ("dong", re.compile(r"\bdong\b|\bvnd\b|\bd\b")),
]
_VN_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_EN_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3}){2,}(\.\d+)?$")
_VN_DECIMAL = re.compile(r"^\d+(,\d+)?$")
_PLAIN_DECIMAL = re.compile(r"^\d+\.\d+$")
_NUMBER_IN_TEXT = re.compile(r"-?[\d][\d.,]*")


class AmountError(ValueError):
    """The text is not an amount; the message is Vietnamese and shown to the user."""


def unit_in(text: str) -> str | None:
    """Unit named in a header or cell ("Kinh phí (triệu đồng)" -> "trieu"), or None."""
    folded = fold(text)
    for unit, pattern in _UNIT_WORDS:
        if pattern.search(folded):
            return unit
    return None


def parse_number(text: str) -> Decimal:
    """Vietnamese-typed number: "600.000.000", "262,5", "1.234.567,5"; also "1,234,567" and "1.5"."""
    s = text.strip().replace(" ", "")
    negative = s.startswith("-")
    s = s.lstrip("-+")
    if _VN_THOUSANDS.match(s):
        s = s.replace(".", "").replace(",", ".")
    elif _EN_THOUSANDS.match(s):
        s = s.replace(",", "")
    elif _VN_DECIMAL.match(s):
        s = s.replace(",", ".")
    elif not _PLAIN_DECIMAL.match(s):
        raise AmountError(f"“{text}” không phải là số")
    try:
        value = Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - regexes above admit only digits
        raise AmountError(f"“{text}” không phải là số") from exc
    return -value if negative else value


def to_dong(value: object, default_unit: str) -> int | None:
    """Cell value -> integer đồng; None for an empty cell. A unit written in the cell wins."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise AmountError(f"“{value}” không phải là số tiền")
    unit = default_unit
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
    else:
        text = str(value).strip()
        if text in {"-", "–", "0-"}:
            return 0
        match = _NUMBER_IN_TEXT.search(text)
        if not match:
            raise AmountError(f"“{text}” không phải là số tiền")
        rest = (text[: match.start()] + " " + text[match.end():]).strip()
        named = unit_in(rest) if rest else None
        if rest and named is None:
            raise AmountError(f"“{text}” không phải là số tiền")
        unit = named or unit
        number = parse_number(match.group().rstrip(".,"))
    dong = (number * UNIT_FACTORS[unit]).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(dong)

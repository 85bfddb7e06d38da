"""Values as typed in government sheets: amounts and their units -> integer đồng.

Accepted: numbers, "600.000.000", "600 000 000", "262,5", "1.234.567,5", "1,2 tỷ", "85,5 tr",
"250.000.000đ", "5 triệu 500" (= 5,5 triệu), "1 tỷ 200 triệu". A negative amount, an error value
or words that are not an amount raise AmountError with a Vietnamese message.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import lru_cache

from pipeline.config.vocab import vocab
from pipeline.core.textnorm import fold

UNIT_FACTORS = {"dong": 1, "nghin": 1_000, "trieu": 1_000_000, "ty": 1_000_000_000}
UNIT_LABELS = {"dong": "đồng", "nghin": "nghìn đồng", "trieu": "triệu đồng", "ty": "tỷ đồng"}
ERROR_VALUES = {"#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NAME?", "#NUM!", "#NULL!", "#ERROR", "#SPILL!",
                "#CALC!", "#GETTING_DATA"}
_VN_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_EN_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_SPACE_THOUSANDS = re.compile(r"^\d{1,3}( \d{3})+(,\d+)?$")
_VN_DECIMAL = re.compile(r"^\d+(,\d+)?$")
_PLAIN_DECIMAL = re.compile(r"^\d+\.\d+$")
_NUMBER = re.compile(r"\d{1,3}(?: \d{3})+(?:,\d+)?(?![\d.,])|\d[\d.,]*")
_JOINED_UNIT = re.compile(r"(\d)([a-zđ])", re.IGNORECASE)


class AmountError(ValueError):
    """The text is not an amount; the message is Vietnamese and shown to the user."""


@lru_cache(maxsize=1)
def _unit_patterns() -> list[tuple[str, re.Pattern]]:
    return [(unit, re.compile("|".join(pats))) for unit, pats in vocab()["units"].items()]


@lru_cache(maxsize=4096)
def unit_in(text: str) -> str | None:
    """Unit named in a header, a ĐVT line or a cell ("Kinh phí (triệu đồng)" -> "trieu"), or None."""
    folded = fold(text).replace("vnđ", "vnd")
    for unit, pattern in _unit_patterns():
        if pattern.search(folded):
            return unit
    return None


@lru_cache(maxsize=1)
def _unit_line_patterns() -> list[re.Pattern]:
    return [re.compile(p) for p in vocab()["unit_line"]]


_UNIT_START = re.compile(r"^(?:1[.,]?000(?:[.,]?000)?\s*)?(?:dong|d|vnd|nghin|ngan|ng\.?d|trieu|tr|trd|ty|ti)\b")


def unit_start(folded: str) -> bool:
    """The text opens with a money unit ("triệu đồng", "1.000 đ", "đvt: đồng"), folded."""
    return bool(_UNIT_START.match(re.sub(r"^(?:dvt|don vi tinh|don vi)\s*[:.]?\s*", "", folded)))


def unit_line(text: str) -> str | None:
    """Unit stated by a "ĐVT: 1.000 đồng" / "Đơn vị tính: triệu đồng" line or parenthesis, or None.

    What follows the label must open with a unit ("Đơn vị: Trung tâm Khuyến công" states none).
    """
    folded = fold(text)
    for pattern in _unit_line_patterns():
        m = pattern.search(folded)
        if m:
            rest = m.group(1).strip(" :.")
            if _UNIT_START.match(rest):
                unit = unit_in(rest[:30])
                if unit:
                    return unit
    return None


def parse_number(text: str) -> Decimal:
    """Vietnamese-typed number: "600.000.000", "600 000 000", "262,5", "1.234.567,5"; also "1,234,567", "1.5"."""
    s = text.strip()
    negative = s.startswith(("-", "−")) or (s.startswith("(") and s.endswith(")"))
    s = s.strip("-−+() ")
    if _SPACE_THOUSANDS.match(s):
        s = s.replace(" ", "")
    s = s.replace(" ", "")
    if _VN_THOUSANDS.match(s):
        s = s.replace(".", "").replace(",", ".")
    elif _EN_THOUSANDS.match(s) and s.count(",") >= 2:
        s = s.replace(",", "")
    elif _VN_DECIMAL.match(s):
        s = s.replace(",", ".")
    elif not _PLAIN_DECIMAL.match(s):
        raise AmountError(f"“{text}” không phải là số")
    try:
        value = Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - the patterns admit only digits
        raise AmountError(f"“{text}” không phải là số") from exc
    return -value if negative else value


# No đề án, no province's whole programme comes near a million tỷ đồng; a larger figure is a
# typing or export accident (1E+308, an ID pasted into the amount column), never money: the row is
# refused as implausible, and such numbers never decide a column's unit.
MAX_DONG = 10**15


def _scaled(number: Decimal, unit: str) -> int:
    if number.adjusted() > 100:
        raise AmountError(f"số tiền quá lớn để là kinh phí ({len(str(number))} chữ số)")
    with localcontext(prec=200):  # a 40-digit typo is exact too, and refused later as implausible
        return int((number * UNIT_FACTORS[unit]).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_dong(value: object, default_unit: str | None) -> int | None:
    """Cell value -> integer đồng; None for an empty cell. A unit written in the cell wins.

    default_unit None means no unit is known for the column: a bare number then raises.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise AmountError(f"“{value}” không phải là số tiền")
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise AmountError(f"“{value}” không phải là số tiền")
        if value < 0:
            raise AmountError(f"số tiền âm ({value:g})")
        if default_unit is None:
            raise AmountError("không rõ đơn vị tiền")
        if isinstance(value, int) or value.is_integer():
            return int(value) * UNIT_FACTORS[default_unit]
        return _scaled(Decimal(repr(value)), default_unit)
    return _text_to_dong(str(value), default_unit)


@lru_cache(maxsize=65536)
def _text_to_dong(value: str, default_unit: str | None) -> int:
    """An amount written as text, read once per distinct text and unit (a column of amounts typed
    as text repeats the same few hundred); an unreadable one raises AmountError every time."""
    text = " ".join(value.split())
    if text.upper() in ERROR_VALUES:
        raise AmountError(f"ô có lỗi công thức {text}")
    if text in {"-", "–", "—", "0-", "x", "X", "(0)", "( 0 )", "(-)", "( - )", "0đ", "0 đ"}:
        return 0
    if text.lstrip().startswith(("-", "−")) and any(ch.isdigit() for ch in text):
        raise AmountError(f"số tiền âm (“{text}”)")
    spaced = _JOINED_UNIT.sub(r"\1 \2", text)
    numbers = list(_NUMBER.finditer(spaced))
    if not numbers:
        raise AmountError(f"“{text}” không phải là số tiền")
    if len(numbers) == 1:
        m = numbers[0]
        rest = (spaced[: m.start()] + " " + spaced[m.end():]).strip(" .,")
        unit = unit_in(rest) if rest else None
        if rest and unit is None:
            raise AmountError(f"“{text}” không phải là số tiền")
        unit = unit or default_unit
        if unit is None:
            raise AmountError("không rõ đơn vị tiền")
        return _scaled(parse_number(m.group().rstrip(".,")), unit)
    return _compound(text, spaced, numbers)


def _compound(text: str, spaced: str, numbers: list[re.Match]) -> int:
    """"5 triệu 500" = 5.500.000; "1 tỷ 200 triệu"; "1 tỷ 200" = 1,2 tỷ: each number with the unit after it.

    A number with no unit after it is in the next smaller unit than the one before it.
    """
    order = ["ty", "trieu", "nghin", "dong"]
    total = Decimal(0)
    previous: str | None = None
    for i, m in enumerate(numbers):
        end = numbers[i + 1].start() if i + 1 < len(numbers) else len(spaced)
        words = spaced[m.end():end].strip(" .,")
        unit = unit_in(words) if words else None
        if words and unit is None:
            raise AmountError(f"“{text}” không phải là số tiền")
        if unit is None:
            if previous is None or previous == "dong":
                raise AmountError(f"“{text}” không phải là số tiền")
            unit = order[order.index(previous) + 1]
            if len(m.group()) > 3:
                raise AmountError(f"“{text}” không phải là số tiền")
            number = Decimal(m.group()) * (Decimal(10) ** (3 - len(m.group())))  # "500" -> 500, "5" -> 500
        else:
            number = parse_number(m.group().rstrip(".,"))
        if previous is not None and order.index(unit) <= order.index(previous):
            raise AmountError(f"“{text}” không phải là số tiền")
        total += number * UNIT_FACTORS[unit]
        previous = unit
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))

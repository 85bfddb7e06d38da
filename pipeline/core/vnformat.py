"""Vietnamese wording of numbers, money, counts, lists and dates (the template filters)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.numbers import format_decimal

_UNITS = (("tỷ", 1_000_000_000), ("triệu", 1_000_000))


def number(value: float | int | Decimal, decimals: int = 3) -> str:
    """1234567.5 -> "1.234.567,5" (dot thousands, decimal comma)."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    if abs(value) >= 10**24:  # beyond babel's decimal precision: only ever in a message about a wrong cell
        digits = str(abs(int(value)))
        sign = "-" if value < 0 else ""
        return f"{sign}{int(digits):,}".replace(",", ".") if len(digits) <= 40 else f"{sign}{digits[0]},{digits[1:3]}e+{len(digits) - 1}"
    return format_decimal(value, format=pattern, locale="vi")


def money(vnd: int | None) -> str:
    """Amount in its largest natural unit: 600 triệu đồng, 1,2 tỷ đồng, 56,25 triệu đồng."""
    if vnd is None:
        return "—"
    for unit, factor in _UNITS:
        if abs(vnd) >= factor:
            value = Decimal(vnd) / factor
            if value == value.quantize(Decimal("0.001")):
                return f"{number(value)} {unit} đồng"
    return f"{number(vnd, 0)} đồng"


def dong(vnd: int | None) -> str:
    """56250000 -> "56.250.000 đồng"."""
    return "—" if vnd is None else f"{number(vnd, 0)} đồng"


def trieu(vnd: int | None) -> str:
    """Amount in triệu đồng for tables: 262500000 -> "262,5"."""
    return "" if vnd is None else number(Decimal(vnd) / 1_000_000)


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu")


def _three(n: int, full: bool) -> list[str]:
    """0 < n < 1000; `full` reads the hundreds even when zero ("không trăm linh năm")."""
    h, t, u = n // 100, n // 10 % 10, n % 10
    out = [_DIGITS[h], "trăm"] if h or full else []
    if t == 0:
        if u and out:
            out += ["linh", _DIGITS[u]]
        elif u:
            out.append(_DIGITS[u])
    elif t == 1:
        out += ["mười"] + ({0: [], 5: ["lăm"]}.get(u) if u in (0, 5) else [_DIGITS[u]])
    else:
        out += [_DIGITS[t], "mươi"] + ({0: [], 1: ["mốt"], 4: ["tư"], 5: ["lăm"]}.get(u) if u in (0, 1, 4, 5)
                                      else [_DIGITS[u]])
    return out


def _below_billion(n: int, leading: bool) -> list[str]:
    out: list[str] = []
    groups = [(n // 10**6) % 1000, (n // 1000) % 1000, n % 1000]
    for i, g in enumerate(groups):
        if g:
            out += _three(g, full=bool(out) or not leading) + ([_GROUPS[2 - i]] if _GROUPS[2 - i] else [])
    return out


def read_number(n: int) -> str:
    """An integer in words, the northern way: 1005000000 -> "một tỷ không trăm linh năm triệu"."""
    if n == 0:
        return "không"
    if n < 0:
        return "âm " + read_number(-n)
    billions, rest = divmod(n, 10**9)
    out = (read_number(billions).split() + ["tỷ"]) if billions else []
    out += _below_billion(rest, leading=not billions)
    return " ".join(out)


def words(vnd: int) -> str:
    """Amount in words as written on a Vietnamese document: 1005000000 -> "Một tỷ không trăm linh năm triệu đồng".

    Written here because num2words reads 1.005.000.000 as "một tỷ năm triệu" and says "lẻ", not the
    northern "linh" that documents use."""
    text = read_number(vnd)
    return text[:1].upper() + text[1:] + " đồng"


def count(n: int) -> str:
    """Zero-padded count of đề án: 3 -> "03"."""
    return f"{n:02d}"


def ratio(part: int, whole: int) -> str:
    """"02/10"."""
    return f"{part:02d}/{whole:02d}"


def percent(value: float | None, decimals: int = 1) -> str:
    """0.103 share or 10.3 percent? This takes percent: 10.3 -> "10,3%"."""
    return "—" if value is None else f"{number(round(value, decimals), decimals)}%"


def share(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return part * 100 / whole


def join_vn(items: list[str], sep: str = "; ", last: str = " và ") -> str:
    """["A", "B", "C"] -> "A; B và C"."""
    items = [str(i) for i in items if str(i)]
    if len(items) <= 1:
        return "".join(items)
    return sep.join(items[:-1]) + last + items[-1]


def tally(group: dict) -> str:
    """A group's records counted apart: "11 đề án, 01 bình chọn và 01 nhiệm vụ chi"."""
    parts = [f"{count(group.get(key) or 0)} {word}" for key, word in
             (("projects", "đề án"), ("votes", "bình chọn"), ("tasks", "nhiệm vụ chi")) if group.get(key)]
    return join_vn(parts, ", ") if parts else "00 đề án"


def quote(text: str) -> str:
    return f"“{text}”"


def ucfirst(text: str) -> str:
    """Upper-case the first letter only: "đề án “x”" -> "Đề án “x”"."""
    return text[:1].upper() + text[1:]


def lcfirst(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ("HTX", "UBND")."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def date_long(day: dt.date | None, year: int | None = None) -> str:
    """"ngày 05 tháng 7 năm 2018"; days under 10 and months 1-2 zero-padded (Nghị định 30/2020).

    With no date, blanks for the clerk to fill in by hand: "ngày     tháng     năm 2018".
    """
    if day is None:
        return f"ngày      tháng      năm {year or ''}".rstrip()
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_short(day: dt.date) -> str:
    """"21/5/2012" as in running text."""
    return f"{day.day}/{day.month}/{day.year}"


FILTERS = {
    "money": money, "dong": dong, "trieu": trieu, "words": words, "count": count, "ratio": ratio,
    "percent": percent, "join_vn": join_vn, "tally": tally, "quote": quote, "lcfirst": lcfirst, "ucfirst": ucfirst,
    "date_long": date_long, "date_short": date_short, "number": number,
}

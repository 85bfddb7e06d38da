"""Year and period of a file, from its name and its title rows, by one stated rule.

Rule: the year and the period are each taken from what the file states, in its title rows
(strong wording: "6 tháng", "9 tháng", "cả năm", "tính đến 30/6/2022") and in its name (after the
province's name is removed, so "ha-nam" or "quang-nam" never read as the period "năm";
"…-2022-nam" and "ca-nam" are the year-end period). When both state one and they differ, the
file is refused.

Some wording only implies the year-end period. A result title that names just the year ("Kết
quả thực hiện các đề án khuyến công năm 2022") yields to any stated period, and to --period
unless another file of the same year states that period itself (then this one is the other
snapshot: the year-end copy beside the mid-year one). A name "BC KC nam 2022" (not a plan or a
list) implies it as well, and a title stating "6 tháng" then contradicts it.

What is still missing comes from --year/--period; what is missing after that leaves the file
without a period, which is an error. Files are grouped by period only after this, so files of
different periods are never merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.core.model import Period
from pipeline.core.textnorm import fold, slugify

_YEAR = r"(?:19|20)\d{2}"


@dataclass(frozen=True)
class Stated:
    year: int | None
    period: Period | None
    source: str  # where it was read, for the user: "tên tệp", "dòng tiêu đề (Sheet!A2)"
    weak: bool = False  # the period is only implied ("… năm 2022" in a result title, "BC KC nam 2022")
    yields: bool = True  # an implied period that a stated one overrules (else they conflict)
    sheet: str | None = None  # the sheet whose name or title states it (None: the file name)


@lru_cache(maxsize=1)
def _place_slugs() -> tuple[str, ...]:
    data = yaml.safe_load((Path(__file__).parents[1] / "config" / "provinces.yaml").read_text(encoding="utf-8"))
    names = {slugify(p["name"]) for p in data} | {"viet-nam", "mien-nam", "nam-bo", "tay-nam-bo"}
    return tuple(sorted(names, key=len, reverse=True))


def from_filename(stem: str, slug: str = "") -> Stated:
    text = slugify(stem.replace("_", "-"))
    text = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", "-", text)
    for place in (slugify(slug), *_place_slugs()):
        if place:
            text = re.sub(rf"(?:^|-){re.escape(place)}(?=-|$)", "-", text)
    years = re.findall(rf"(?<!\d)({_YEAR})(?!\d)", text)
    year = int(years[0]) if len(set(years)) == 1 else None
    period = None
    tokens = f"-{text}-"
    if re.search(r"-(?:6|sau)-thang-cuoi-", tokens):
        return Stated(year, None, "tên tệp")  # the second half-year is not a period this tool reports
    if re.search(r"-(?:6-thang|6-t|6-th|sau-thang|h-1|giua-nam)-(?!cuoi)", tokens):
        period = Period.H1
    elif re.search(r"-(?:9-thang|9-t|9-th|chin-thang)-", tokens):
        period = Period.M9
    elif re.search(rf"-(?:ca-nam|canam|cuoi-nam|tong-ket-nam)-|-{_YEAR}-nam-", tokens):
        period = Period.YEAR
    elif year and re.search(rf"-nam-{year}-", tokens) and not _PLAN_NAME.search(tokens):
        # "BC KC nam 2022" is the year's report; a title that says "6 tháng" then contradicts it
        return Stated(year, Period.YEAR, "tên tệp", weak=True, yields=False)
    return Stated(year, period, "tên tệp")


_PLAN_NAME = re.compile(r"-(?:ke-hoach|danh-muc|danh-sach|dang-ky|de-xuat|du-kien|kh)-")


_TITLE_PERIOD = [
    (Period.H1, re.compile(rf"\b(?:6|sau) thang(?! cuoi)(?: dau)?(?: nam)?(?: \D{{0,12}})?\s*({_YEAR})?")),
    (Period.M9, re.compile(rf"\b(?:9|chin) thang(?: dau)?(?: nam)?(?: \D{{0,12}})?\s*({_YEAR})?")),
    (Period.YEAR, re.compile(rf"\b(?:ca nam|tong ket nam|cuoi nam)\s*({_YEAR})?")),
    (Period.H1, re.compile(rf"\b(?:tinh )?den(?: ngay)? 30/0?6/({_YEAR})")),
    (Period.M9, re.compile(rf"\b(?:tinh )?den(?: ngay)? 30/0?9/({_YEAR})")),
    (Period.YEAR, re.compile(rf"\b(?:tinh )?den(?: ngay)? 31/12/({_YEAR})")),
]
_PLAN_YEAR = re.compile(rf"\b(?:ke hoach|dang ky|du kien|giai doan) nam ({_YEAR})")


def from_title(text: str) -> tuple[int | None, Period | None]:
    """What a title row states: ("6 tháng đầu năm 2018") -> (2018, H1); ("năm 2022") -> (2022, None)."""
    folded = fold(text)
    second_half = re.search(r"\b(?:6|sau) thang cuoi", folded)  # not a period this tool reports: say none
    for period, pattern in ([] if second_half else _TITLE_PERIOD):
        m = pattern.search(folded)
        if m:
            year = int(m.group(1)) if m.group(1) else None
            if year is None:
                rest = re.findall(rf"(?<!\d)({_YEAR})(?!\d)", folded[m.end():] or folded)
                year = int(rest[0]) if rest else None
            return year, period
    plan_years = {int(y) for y in _PLAN_YEAR.findall(folded)}
    years = [int(y) for y in re.findall(rf"\bnam ({_YEAR})\b", folded) if int(y) not in plan_years]
    return (years[0] if years else None), None


_RESULT_WORDS = re.compile(r"\b(?:ket qua|tinh hinh|tien do|bao cao|tong hop|theo doi)\b")


def implied_year_end(text: str) -> int | None:
    """The year of a result title that names no period but the year: "Tổng hợp kết quả thực hiện
    các đề án khuyến công năm 2023" reads as the year's report. A list ("Danh mục đề án năm
    2023") or a plan states nothing."""
    folded = fold(text)
    year, period = from_title(text)
    if year is None or period is not None or not _RESULT_WORDS.search(folded):
        return None
    return year


def combine(stated: list[Stated], year: int | None, period: Period | None, prefer_stated: bool = False
            ) -> tuple[int | None, Period | None, str, list[str]]:
    """(year, period, why, conflicts): each part from what the file states, else from the command.
    An implied period yields to the command's unless prefer_stated (see the module's rule)."""
    conflicts: list[str] = []
    why: list[str] = []
    out: dict[str, object] = {}
    strong = [s for s in stated if not s.weak]
    implied = [s for s in stated if s.weak]
    if any(s.period for s in strong):
        strong += [Stated(None, s.period, s.source) for s in implied if not s.yields]
    elif implied and (period is None or prefer_stated):
        strong += [Stated(None, s.period, f"{s.source}, chỉ ghi năm") for s in implied]
    for part, default, label in (("year", year, "năm"), ("period", period, "kỳ")):
        values = [(getattr(s, part), s.source) for s in strong if getattr(s, part) is not None]
        distinct = {v for v, _ in values}
        if len(distinct) > 1:
            shown = "; ".join(f"{show(v)} ({src})" for v, src in values)
            conflicts.append(f"{label} ghi khác nhau: {shown}")
            out[part] = None
        elif values:
            out[part] = values[0][0]
            why.append(f"{label} {show(values[0][0])} theo {', '.join(sorted({src for _, src in values}))}")
        elif default is not None:
            out[part] = default
            why.append(f"{label} {show(default)} theo tham số dòng lệnh")
        else:
            out[part] = None
    return out["year"], out["period"], "; ".join(why), conflicts  # type: ignore[return-value]


def show(value: object) -> str:
    """A year or a period as `check` prints it: "2022", "6 tháng", "cả năm"."""
    if isinstance(value, Period):
        return {Period.H1: "6 tháng", Period.M9: "9 tháng", Period.YEAR: "cả năm"}[value]
    return str(value)

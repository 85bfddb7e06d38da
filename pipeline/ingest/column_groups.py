"""Columns that only make sense together, under one header label.

- Status as ticks: "Tình hình thực hiện" over "Hoàn thành | Đang thực hiện | Chưa thực hiện |
  Xin dừng/điều chỉnh", one mark per row ("x", "X", "✓"); a column may stand for two statuses,
  which the row's note then tells apart.
- Money split into parts: "Giải ngân" over "Quý I | Quý II | Quý III" or "Đợt 1 | Đợt 2". A part
  is never taken for the whole: a cumulative column beside the parts ("Lũy kế") is the whole;
  parts that plainly make it up (quarters from Quý I on, đợt from Đợt 1 on, months from Tháng 1
  on) are summed; any other set of parts ("Quý III | Quý IV", "Trong kỳ" alone) leaves the table
  ambiguous, and it is refused with the columns named.
- Carried over beside this year's: "Kinh phí hỗ trợ" over "Năm 2022 chuyển sang | Năm 2023": the
  đề án's support is the two added up.
- Plan beside actual: "Kinh phí khuyến công" over "Kế hoạch năm | Thực hiện 9 tháng" (or "Lũy kế
  đến 30/6"): the support is the plan, the disbursement the actual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.core.model import Status
from pipeline.core.textnorm import clean, fold
from pipeline.ingest.footer import opens_footer
from pipeline.ingest.status import statuses_named

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_PART = re.compile(r"(?<![a-z])(quy|dot|thang)\s*(i{1,3}|iv|\d{1,2})(?![a-z0-9])")
_IN_PERIOD = re.compile(r"(?<![a-z])(?:trong ky|ky nay|thang nay|quy nay|phat sinh|6 thang cuoi nam|thuc hien trong)")
_WHOLE = re.compile(r"(?<![a-z])(?:luy ke|tong so|tong cong|cong don|ca nam|tinh den|den ngay|den thoi diem|"
                    r"den \d{1,2}/\d{1,2}|tu dau nam|tong)(?![a-z])")
_PLAN = re.compile(r"(?<![a-z])(?:ke hoach|kh|du toan|duoc giao|phan bo|duoc duyet|phe duyet|giao)(?![a-z])")
_ACTUAL = re.compile(r"(?<![a-z])(?:thuc hien|luy ke|giai ngan|da chi|thanh toan|da cap)(?![a-z])")
_MONEY_GROUPS = {
    "disbursed": re.compile(r"(?<![a-z])(?:giai ngan|thanh toan|tam ung|da chi|cap phat)(?![a-z])"),
    "support": re.compile(r"(?<![a-z])(?:kinh phi|ho tro|ngan sach|von khuyen cong)(?![a-z])"),
}
_CARRIED = re.compile(r"(?<![a-z])(?:chuyen sang|chuyen tiep|nam truoc|ton dong|chuyen nguon)(?![a-z])")
_THIS_YEAR = re.compile(r"(?<![a-z])(?:nam (?:19|20)\d{2}|nam nay|trong nam|giao moi|bo tri moi)(?![a-z])")
MARKS_MAX_LEN = 12  # a tick cell holds a mark, a count (in a total row) or a short date, never prose


@dataclass
class Groups:
    columns: dict[str, int]
    ticks: dict[int, frozenset[Status]] = field(default_factory=dict)
    parts: dict[str, tuple[int, ...]] = field(default_factory=dict)  # money field -> columns summed for it
    ambiguous: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)  # (field, columns) to refuse
    rivals_settled: bool = False  # the support rivals were a plan and an actual column


def part_index(label: str) -> tuple[str, int] | None:
    """("quy", 3) for "Quý III", ("dot", 1) for "Đợt 1 (tạm ứng)", ("ky", 0) for "Trong kỳ", else None."""
    f = fold(label)
    if _WHOLE.search(f):
        return None
    m = _PART.search(f)
    if m:
        number = _ROMAN.get(m.group(2)) or (int(m.group(2)) if m.group(2).isdigit() else 0)
        return m.group(1), number
    if _IN_PERIOD.search(f):
        return "ky", 0
    return None


def _makes_the_whole(parts: list[tuple[str, int]]) -> bool:
    """Quarters from Quý I, đợt from Đợt 1, months from Tháng 1, with none missing."""
    kinds = {k for k, _ in parts}
    if len(kinds) != 1 or "ky" in kinds:
        return False
    numbers = sorted(n for _, n in parts)
    return numbers == list(range(1, len(numbers) + 1))


def _tick_columns(labels: dict[int, list[str]], rows: list[list[Any]], data_start: int) -> dict[int, frozenset[Status]]:
    named = {c: statuses_named(parts[-1]) for c, parts in labels.items() if len(parts[-1]) <= 40}
    named = {c: s for c, s in named.items() if s}
    runs: list[list[int]] = []
    for c in sorted(named):
        if runs and c - runs[-1][-1] <= 1:
            runs[-1].append(c)
        else:
            runs.append([c])
    out: dict[int, frozenset[Status]] = {}
    for run in runs:
        if len(run) < 2 or len({named[c] for c in run}) < len(run):
            continue
        cells = [clean(row[c]) for row in _until_footer(rows[data_start:data_start + 300]) for c in run if c < len(row)]
        if any(len(t) > MARKS_MAX_LEN for t in cells):
            continue  # prose under these labels: a status column per stage, not ticks
        out.update({c: named[c] for c in run})
    return out


def _until_footer(rows: list[list[Any]]) -> list[list[Any]]:
    """The rows above the closing block (whose date line and titles may sit in any column)."""
    for i, row in enumerate(rows):
        if opens_footer([t for v in row if isinstance(v, str) and (t := clean(v))]):
            return rows[:i]
    return rows


def _speaks_of(money: str, labels: dict[int, list[str]]) -> list[int]:
    pattern = _MONEY_GROUPS[money]
    return [c for c, parts in labels.items() if pattern.search(fold(" ".join(parts)))]


_KIND_WORDS = re.compile(r"^(?:de an )?(?:don le|nhom|diem|de an nhom|de an diem|nhiem vu chi|binh chon)$")


def _source_or_kind(cols: dict[str, int], rows: list[list[Any]], data_start: int) -> None:
    """"Loại đề án" holds either the source (KCQG/KCĐP) or the shape (Đơn lẻ/Nhóm/Điểm): the
    column's own values decide which, as they do for a person."""
    from pipeline.config.vocab import source_in, source_patterns

    for field_name, other in (("source", "kind"), ("kind", "source")):
        c = cols.get(field_name)
        if c is None or other in cols:
            continue
        values = [fold(clean(row[c])) for row in _until_footer(rows[data_start:data_start + 300])
                  if c < len(row) and clean(row[c])]
        if len(values) < 2:
            continue
        sources = sum(source_in(source_patterns(), v) is not None for v in values)
        kinds = sum(bool(_KIND_WORDS.match(v)) for v in values)
        if field_name == "source" and kinds > sources:
            cols["kind"] = cols.pop("source")
        elif field_name == "kind" and sources > kinds and sources >= len(values) // 2:
            cols["source"] = cols.pop("kind")


def _actual_beside_plan(labels: dict[int, list[str]], cols: dict[str, int]) -> None:
    """"Kinh phí khuyến công" over "Kế hoạch năm 2021 | Lũy kế đến 30/6/2021": the support is the
    plan; the one actual column under the same group label is the disbursement."""
    support = labels[cols["support"]]
    if len(support) < 2 or not _PLAN.search(fold(support[-1])):
        return
    used = set(cols.values())
    actual = [c for c, parts in labels.items() if c not in used and parts[:-1] == support[:-1] and len(parts) > 1
              and _ACTUAL.search(fold(parts[-1])) and not _PLAN.search(fold(parts[-1]))]
    if len(actual) == 1:
        cols["disbursed"] = actual[0]


def _carried_and_new(labels: dict[int, list[str]], cols: dict[str, int], groups: Groups) -> bool:
    """Support over "… chuyển sang" and "Năm 2023" under one group label: their sum."""
    group = labels[cols["support"]][:-1]
    if not group:
        return False
    siblings = [c for c, parts in labels.items() if parts[:-1] == group and len(parts) > 1]
    carried = [c for c in siblings if _CARRIED.search(fold(labels[c][-1]))]
    new = [c for c in siblings if c not in carried and _THIS_YEAR.search(fold(labels[c][-1]))]
    if len(carried) != 1 or len(new) != 1 or len(siblings) != 2:
        return False
    groups.parts["support"] = tuple(sorted(siblings))
    cols["support"] = min(siblings)
    return True


def resolve(labels: dict[int, list[str]], columns: dict[str, int], rivals: tuple[int, ...],
            rows: list[list[Any]], data_start: int) -> Groups:
    groups = Groups(dict(columns))
    cols = groups.columns
    groups.ticks = _tick_columns(labels, rows, data_start)
    for f, c in list(cols.items()):
        if c in groups.ticks:
            del cols[f]
    if rivals and "support" in cols:
        lows = {c: fold(labels[c][-1]) for c in (cols["support"], *rivals)}
        plan = [c for c, low in lows.items() if _PLAN.search(low) and not _ACTUAL.search(low)]
        actual = [c for c, low in lows.items() if _ACTUAL.search(low) and not _PLAN.search(low)]
        if len(lows) == 2 and len(plan) == 1 and len(actual) == 1:
            cols["support"] = plan[0]
            if "disbursed" not in cols:
                cols["disbursed"] = actual[0]
            groups.rivals_settled = True
    _source_or_kind(cols, rows, data_start)
    if "support" in cols and _carried_and_new(labels, cols, groups):
        groups.rivals_settled = True
    if "support" in cols and "disbursed" not in cols:
        _actual_beside_plan(labels, cols)
    used = set(cols.values())
    for money in ("disbursed", "support"):
        chosen = cols.get(money)
        candidates = [c for c in _speaks_of(money, labels) if c == chosen or c not in used]
        parts = {c: p for c in candidates if (p := part_index(labels[c][-1] if money == "support" else
                                                             " ".join(labels[c])))}
        if not parts or (chosen is not None and chosen not in parts):
            continue
        wholes = [c for c in candidates if c not in parts and _WHOLE.search(fold(" ".join(labels[c])))]
        if money == "support" and (chosen is None or len(parts) < 2):
            continue  # one "Kinh phí hỗ trợ đợt 2" column is the support of the đề án of that batch
        if wholes:
            cols[money] = wholes[0]
        elif _makes_the_whole(list(parts.values())):
            groups.parts[money] = tuple(sorted(parts))
            cols[money] = min(parts)
        else:
            groups.ambiguous.append((money, tuple(sorted(parts))))
        used = set(cols.values())
    return groups

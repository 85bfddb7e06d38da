"""Where the table is in a sheet and which column holds which field.

A header block is 1 to 5 rows anywhere in the first rows of a sheet. Its column labels are
built by stacking the header rows (merged group cells spread over the columns they cover) and
matched against the alias lists in config, tolerant of accents, case and line breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.config import FIELDS, REQUIRED_FIELDS
from pipeline.findings import cell_ref
from pipeline.money import unit_in
from pipeline.textnorm import clean, fold

MAX_HEADER_ROWS = 5
SEARCH_ROWS = 40
_PARENS = re.compile(r"\([^)]*\)")
_NON_WORD = re.compile(r"[^a-z0-9%]+")


@dataclass(frozen=True)
class Header:
    first_row: int  # 0-based
    last_row: int  # 0-based, inclusive
    columns: dict[str, int]  # field -> 0-based column
    units: dict[str, str | None]  # field -> unit named in its header, if any
    labels: dict[int, str]  # column -> header text as written

    @property
    def data_start(self) -> int:
        return self.last_row + 1


def _norm_label(text: str) -> str:
    """Folded label without units in brackets ("Kinh phí (triệu đồng)" -> "kinh phi"); "(%)" stays "%"."""
    text = _PARENS.sub(lambda m: " % " if "%" in m.group() else " ", text)
    return _NON_WORD.sub(" ", fold(text)).strip()


@lru_cache(maxsize=4096)
def _alias_pattern(alias: str) -> tuple[str, re.Pattern] | None:
    alias_n = _norm_label(alias)
    if not alias_n:
        return None
    return alias_n, re.compile(rf"(?<![a-z0-9]){re.escape(alias_n)}(?![a-z0-9])")


def _alias_score(label: str, parts: list[str], alias: str) -> int:
    """How well a column label matches one alias: 0 none, higher is better."""
    compiled = _alias_pattern(alias)
    if compiled is None:
        return 0
    alias_n, pattern = compiled
    best = 0
    for text in [label, *parts]:
        if text == alias_n:
            best = max(best, 1000 + len(alias_n))
        elif pattern.search(text):
            best = max(best, len(alias_n))
    return best


def stacked_labels(rows: list[list[Any]], merged: list, first: int, last: int) -> dict[int, list[str]]:
    """Column -> header texts from top to bottom; a merged header cell counts for every column it spans."""
    fill: dict[tuple[int, int], Any] = {}
    for (r0, c0), (r1, c1) in merged:
        if r1 < first or r0 > last:
            continue
        value = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else None
        for r in range(max(r0, first), min(r1, last) + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    fill[(r, c)] = None if r != r0 else value
    width = max((len(rows[r]) for r in range(first, last + 1)), default=0)
    out: dict[int, list[str]] = {}
    for c in range(width):
        parts: list[str] = []
        for r in range(first, last + 1):
            value = fill.get((r, c), rows[r][c] if c < len(rows[r]) else None)
            text = clean(value)
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        if parts:
            out[c] = parts
    return out


def map_columns(labels: dict[int, list[str]], aliases: dict[str, list[str]]) -> tuple[dict[str, int], int]:
    """Assign each field at most one column and each column at most one field, best matches first."""
    candidates = []
    for col, parts in labels.items():
        label = _norm_label(" ".join(parts))
        normed_parts = [_norm_label(p) for p in parts]
        for field_name in FIELDS:
            score = max((_alias_score(label, normed_parts, a) for a in aliases.get(field_name, [])), default=0)
            if score:
                candidates.append((score, -col, field_name, col))
    candidates.sort(reverse=True)
    columns: dict[str, int] = {}
    used: set[int] = set()
    total = 0
    for score, _, field_name, col in candidates:
        if field_name in columns or col in used:
            continue
        columns[field_name] = col
        used.add(col)
        total += score
    return columns, total


def locate_header(rows: list[list[Any]], merged: list, aliases: dict[str, list[str]]) -> Header | None:
    """The header block that recognises the most columns (required ones present), or None."""
    best: tuple[int, int, int, Header] | None = None
    for first in range(min(len(rows), SEARCH_ROWS)):
        if not any(clean(v) for v in rows[first]):
            continue
        for height in range(1, MAX_HEADER_ROWS + 1):
            last = first + height - 1
            if last >= len(rows) or _has_numbers(rows[last]):
                break
            labels = stacked_labels(rows, merged, first, last)
            columns, score = map_columns(labels, aliases)
            if not all(f in columns for f in REQUIRED_FIELDS):
                continue
            key = (len(columns), score, -height)
            if best is None or key > best[:3]:
                units = {f: _unit_of(labels.get(c, [])) for f, c in columns.items()}
                text = {c: " / ".join(p) for c, p in labels.items()}
                best = (*key, Header(first, last, columns, units, text))
    return best[3] if best else None


def _has_numbers(row: list[Any]) -> bool:
    """Header rows hold text; a row with numbers in it is data or a column-numbering row."""
    return any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in row)


def _unit_of(parts: list[str]) -> str | None:
    for part in reversed(parts):
        unit = unit_in(" ".join(_PARENS.findall(part))) or (unit_in(part) if "đơn vị" in part.lower() else None)
        if unit:
            return unit
    return None


FIELD_LABELS = {
    "stt": "STT", "source": "Nguồn kinh phí", "name": "Tên đề án", "content": "Nội dung hoạt động",
    "kind": "Loại", "beneficiary": "Đơn vị thụ hưởng", "place": "Địa điểm", "support": "Kinh phí hỗ trợ",
    "counterpart": "Đối ứng", "disbursed": "Đã giải ngân", "status": "Tình trạng", "progress": "Tiến độ (%)",
    "note": "Ghi chú",
}


def describe_layout(rows: list[list[Any]], merged: list, aliases: dict[str, list[str]]) -> str:
    """What the best header-like row holds and which required columns it lacks, for the user."""
    best: tuple[int, int, dict[int, list[str]], dict[str, int]] | None = None
    for first in range(min(len(rows), SEARCH_ROWS)):
        labels = stacked_labels(rows, merged, first, first)
        if len(labels) < 2:
            continue
        columns, score = map_columns(labels, aliases)
        if best is None or (len(columns), len(labels)) > (len(best[3]), len(best[2])):
            best = (first, score, labels, columns)
    if best is None:
        return "Không thấy dòng tiêu đề nào (trang tính gần như trống)."
    first, _, labels, columns = best
    seen = ", ".join(f"{cell_ref(first + 1, c)} “{' '.join(p)}”" for c, p in sorted(labels.items())[:14])
    found = ", ".join(f"{FIELD_LABELS[f]} ({cell_ref(first + 1, c)})" for f, c in columns.items()) or "không có"
    missing = ", ".join(FIELD_LABELS[f] for f in REQUIRED_FIELDS if f not in columns)
    return f"Các cột thấy ở dòng {first + 1}: {seen}. Nhận ra: {found}. Thiếu cột bắt buộc: {missing}."

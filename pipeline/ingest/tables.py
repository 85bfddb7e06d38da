"""Where the tables are in a sheet, which column holds which field, and the table's money unit.

A header block is 1 to 5 rows. Its column labels are built by stacking the header rows (merged
group cells spread over the columns they cover) and matched against the column vocabulary,
tolerant of accents, case and line breaks. Required fields are placed first, so a compound label
("Nội dung hoạt động, tên đề án") serves as the name when nothing else can. A sheet may hold
several tables: after one header, the search goes on below it. The unit of a money column is,
in this order: the unit in its own header, a "ĐVT:"/"Đơn vị tính:" line above or inside the
header, or none (the reader then decides from a per-row unit column, the cells, or refuses).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from pipeline.config.vocab import source_in, source_patterns, vocab
from pipeline.core.findings import cell_ref
from pipeline.core.model import FIELDS, MONEY_FIELDS, REQUIRED_FIELDS
from pipeline.core.textnorm import clean, fold
from pipeline.ingest.column_groups import resolve as resolve_groups
from pipeline.ingest.values import unit_in, unit_line, unit_start

MAX_HEADER_ROWS = 5
_PARENS = re.compile(r"\([^)]*\)")
_NON_WORD = re.compile(r"[^a-z0-9%]+")
_UNIT_LINE_ONLY = re.compile(r"^\(?\s*(?:dvt|d\.v\.t|don vi tinh|don vi)\s*[:.]")


@dataclass(frozen=True)
class Header:
    first_row: int  # 0-based
    last_row: int  # 0-based, inclusive
    columns: dict[str, int]  # field -> 0-based column
    units: dict[str, str | None]  # money field -> unit named in its header or the table's ĐVT line
    labels: dict[int, str]  # column -> header text as written
    unit_source: dict[str, str] = field(default_factory=dict)  # money field -> where its unit was stated
    split: dict[int, str] = field(default_factory=dict)  # support columns split by source: column -> KCQG/KCDP
    rivals: tuple[int, ...] = ()  # other columns that match "support" exactly as well (ambiguous)
    ticks: dict[int, frozenset] = field(default_factory=dict)  # status tick column -> the statuses it marks
    parts: dict[str, tuple[int, ...]] = field(default_factory=dict)  # money field -> columns it is the sum of
    ambiguous_parts: tuple[tuple[str, tuple[int, ...]], ...] = ()  # money parts that do not make a whole

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


@lru_cache(maxsize=1)
def _exclusions() -> dict[str, re.Pattern]:
    return {f: re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(fold(w)) for w in words) + r")(?![a-z0-9])")
            for f, words in vocab()["column_exclusions"].items()}


def _alias_score(label: str, parts: list[str], alias: str) -> int:
    """How well a column label matches one alias: 0 none, higher is better."""
    compiled = _alias_pattern(alias)
    if compiled is None:
        return 0
    alias_n, pattern = compiled
    whole_only = " " not in alias_n  # "xa" must not match "xa dam ha"
    best = 0
    for i, text in enumerate([label, *parts]):
        if text == alias_n and (i == 0 or i == len(parts)):  # the whole label, or its lowest (most specific) row
            best = max(best, 1000 + len(alias_n) + (5 if i == len(parts) else 0))
        elif text == alias_n or (not whole_only and alias_n in text and pattern.search(text)):
            best = max(best, len(alias_n) + (1 if i == len(parts) else 0))  # the lowest header row is the most specific
    return best


def aliases_for(extra: dict[str, list[str]] | None = None) -> dict[str, tuple[str, ...]]:
    """Column vocabulary plus what config adds, folded."""
    extra = extra or {}
    return {f: tuple(fold(a) for a in vocab()["columns"].get(f, []) + list(extra.get(f, []))) for f in FIELDS}


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
            if text and _UNIT_LINE_ONLY.match(fold(text)) and unit_line(text):
                continue  # "ĐVT: triệu đồng" above the columns names the unit, not a column
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        if parts:
            out[c] = parts
    return out


def column_scores(labels: dict[int, list[str]], aliases: dict[str, tuple[str, ...]]) -> dict[int, dict[str, int]]:
    """Column -> field -> how well its label matches that field's names (0 = not at all)."""
    key = tuple(sorted(aliases.items()))
    scores: dict[int, dict[str, int]] = {}
    for col, parts in labels.items():
        found = _label_scores(tuple(parts), key)
        if found:
            scores[col] = dict(found)
    return scores


@lru_cache(maxsize=65536)
def _label_scores(parts: tuple[str, ...], aliases_key: tuple) -> tuple[tuple[str, int], ...]:
    """One column label's scores: labels repeat on every sheet and every header candidate, so each
    distinct one is scored once."""
    aliases = dict(aliases_key)
    excluded = _exclusions()
    label = _norm_label(" ".join(parts))
    normed_parts = [_norm_label(p) for p in parts]
    found = []
    for field_name in FIELDS:
        score = max((_alias_score(label, normed_parts, a) for a in aliases.get(field_name, ())), default=0)
        # an exact label escapes its exclusions ("Tổng kinh phí" is total), except a ratio under a money group
        if score and field_name in excluded and (score < 1000 or field_name == "progress") and \
                _excluded(label, field_name, aliases, excluded):
            continue
        if score:
            found.append((field_name, score))
    return tuple(found)


def _excluded(label: str, field_name: str, aliases: dict[str, tuple[str, ...]], excluded: dict[str, re.Pattern]
              ) -> bool:
    """The label carries words that rule the field out ("Cơ sở thụ hưởng đề án" is no name),
    unless it names the đề án first and then its beneficiary: "Nội dung đề án - Đơn vị thụ hưởng"
    is a name column whose cells hold both (split where they are read)."""
    hit = excluded[field_name].search(label)
    if hit is None:
        return False
    if field_name != "name":
        return True
    first = min((m.start() for a in aliases.get(field_name, ()) if (c := _alias_pattern(a))
                 for m in [c[1].search(label)] if m), default=len(label))
    return first >= hit.start()


def map_columns(labels: dict[int, list[str]], aliases: dict[str, tuple[str, ...]],
                scores: dict[int, dict[str, int]] | None = None) -> tuple[dict[str, int], int]:
    """Each field at most one column and each column at most one field.

    A column goes to the field it matches best. A required field that no column matches best
    then takes the column that matches it best from a field that is not required (a compound
    label "Nội dung hoạt động, tên đề án" is the name when there is no other name column).
    """
    scores = column_scores(labels, aliases) if scores is None else scores
    candidates = sorted(((score, -col, f, col) for col, fs in scores.items() for f, score in fs.items()
                         if score == max(fs.values())), reverse=True)
    columns: dict[str, int] = {}
    used: set[int] = set()
    for _, _, field_name, col in candidates:
        if field_name not in columns and col not in used:
            columns[field_name] = col
            used.add(col)
    for field_name in REQUIRED_FIELDS:
        if field_name in columns:
            continue
        options = sorted(((fs[field_name], -col, col) for col, fs in scores.items() if field_name in fs
                          and not any(columns.get(r) == col for r in REQUIRED_FIELDS)), reverse=True)
        if options:
            col = options[0][2]
            for other, c in list(columns.items()):
                if c == col:
                    del columns[other]
            columns[field_name] = col
    if "name" not in columns and "content" in columns:
        columns["name"] = columns.pop("content")  # "Nội dung hỗ trợ" is the only description: it names the đề án
        scores[columns["name"]]["name"] = scores[columns["name"]]["content"]
    total = sum(scores[c][f] for f, c in columns.items())
    return columns, total


def _split_or_rivals(labels: dict[int, list[str]], scores: dict[int, dict[str, int]], columns: dict[str, int]
                     ) -> tuple[dict[int, str], tuple[int, ...]]:
    """Other columns that read best as "support": one per funding source (a split "Kinh phí hỗ
    trợ / KCQG | KCĐP"), or rivals that make the table ambiguous (refused, never guessed)."""
    chosen = columns["support"]
    # any other column whose best reading is "support" ("Kinh phí được duyệt" beside "Kinh phí điều chỉnh")
    ties = [c for c, fs in scores.items() if c != chosen and "support" in fs
            and fs["support"] == max(fs.values()) and c not in columns.values()]
    if not ties:
        return {}, ()
    sources = {c: source_in(source_patterns(), " ".join(labels[c])) for c in [chosen, *ties]}
    if all(sources.values()) and len(set(sources.values())) > 1 and all(
            _budget_levels([labels[c] for c in sources if sources[c] == s]) for s in set(sources.values())):
        return {c: s for c, s in sources.items()}, ()
    return {}, tuple(ties)


def _budget_levels(parts: list[list[str]]) -> bool:
    """Columns of one source are its budget levels when they share their group labels and differ
    in the last ("Ngân sách địa phương / Ngân sách tỉnh" | "… / Ngân sách huyện"): added up."""
    return len(parts) == 1 or (len({tuple(p[:-1]) for p in parts}) == 1 and len({p[-1] for p in parts}) == len(parts)
                               and all(len(p) > 1 for p in parts))


_NUMERIC_TEXT = re.compile(r"^\s*-?\d[\d., ]*\s*$")


def _has_numbers(row: list[Any]) -> bool:
    """Header rows hold text; a row with numbers in it (typed, or as text in a CSV) is data or a
    column-numbering row."""
    return any((isinstance(v, (int, float)) and not isinstance(v, bool)) or
               (isinstance(v, str) and _NUMERIC_TEXT.match(v) is not None) for v in row)


def _header_at(rows: list[list[Any]], merged: list, first: int, aliases, hidden_cols: frozenset = frozenset()
               ) -> tuple[tuple, Header] | None:
    best = None
    for height in range(1, MAX_HEADER_ROWS + 1):
        last = first + height - 1
        if last >= len(rows) or _has_numbers(rows[last]) or (height > 1 and _looks_like_item(rows[last])):
            break
        labels = {c: p for c, p in stacked_labels(rows, merged, first, last).items() if c not in hidden_cols}
        scores = column_scores(labels, aliases)
        columns, score = map_columns(labels, aliases, scores)
        if not all(f in columns for f in REQUIRED_FIELDS):
            continue
        split, rivals = _split_or_rivals(labels, scores, columns)
        # a taller header must name more columns, or settle which column is the support
        joined = [" / ".join(p) for p in labels.values()]
        repeated = len(joined) - len(set(joined))  # a merged group label not yet split by the row below
        key = (len(columns), not rivals, -repeated, -height, score)
        if best is None or key > best[0]:
            best = (key, labels, columns, split, rivals, last)
    if best is None:
        return None
    key, labels, columns, split, rivals, last = best
    groups = resolve_groups(labels, columns, rivals, rows, last + 1)
    columns = groups.columns
    if groups.rivals_settled:
        rivals = ()
    text = {c: " / ".join(p) for c, p in labels.items()}
    units = {f: _unit_of(labels.get(columns[f], [])) for f in MONEY_FIELDS if f in columns}
    return key, Header(first, last, columns, units, text, {f: "tiêu đề cột" for f, u in units.items() if u}, split,
                       rivals, groups.ticks, groups.parts, tuple(groups.ambiguous))


_ITEM_TOKEN = re.compile(r"^(?:[IVXLC]+|[A-Z]|\d+(?:\.\d+)*)[.)]?$")


def _looks_like_item(row: list[Any]) -> bool:
    """A row that starts with an item number ("A", "II", "1.2") is data, not more header."""
    first = next((clean(v) for v in row if clean(v)), "")
    return bool(_ITEM_TOKEN.match(first))


def _could_start_header(row: list[Any], exact: set[str]) -> bool:
    """A row below a table that repeats a header: two or more cells name columns exactly."""
    if _has_numbers(row):
        return False
    texts = [clean(v) for v in row if isinstance(v, str) and v.strip()]
    return len(texts) >= 2 and sum(_norm_label(t) in exact for t in texts) >= 2


def locate_headers(rows: list[list[Any]], merged: list, aliases, search_rows: int = 40,
                   hidden_cols: frozenset = frozenset()) -> list[Header]:
    """Every table header in a sheet, top to bottom. The first is sought in the first rows; later
    ones anywhere below the previous header (several tables on one sheet)."""
    found: list[Header] = []
    exact = {_alias_pattern(a)[0] for f in FIELDS for a in aliases.get(f, ()) if _alias_pattern(a)}
    start = 0
    while start < len(rows):
        limit = min(len(rows), start + search_rows) if not found else len(rows)
        best = None
        for first in range(start, limit):
            row = rows[first]
            if not any(v is not None and v != "" for v in row):
                continue
            if found and not _could_start_header(row, exact):
                continue
            hit = _header_at(rows, merged, first, aliases, hidden_cols)
            if hit and (best is None or hit[0] > best[0]):
                best = hit
                if found:
                    break  # the first repeated header below a table starts the next table
            elif best is not None and not found and first > best[1].last_row + MAX_HEADER_ROWS:
                break
        if best is None:
            break
        header = best[1]
        above = found[-1].data_start if found else 0
        header = _with_table_unit(rows, header, above)
        found.append(header)
        start = header.data_start
    return found


def _with_table_unit(rows: list[list[Any]], header: Header, above: int) -> Header:
    """Fills money columns without a unit of their own from a ĐVT line above or in the header."""
    stated = None
    where = ""
    for r in range(header.last_row, max(above, header.first_row - 12) - 1, -1):
        for c, v in enumerate(rows[r]):
            if isinstance(v, str):
                unit = unit_line(v)
                if unit:
                    stated, where = unit, f"dòng “{clean(v)}” ({cell_ref(r + 1, c)})"
                    break
        if stated:
            break
    if not stated:
        return header
    units = dict(header.units)
    sources = dict(header.unit_source)
    for f in MONEY_FIELDS:
        if f in header.columns and not units.get(f):
            units[f] = stated
            sources[f] = where
    return replace(header, units=units, unit_source=sources)


def _unit_of(parts: list[str]) -> str | None:
    """The unit a header names: "(triệu đồng)", "(1.000đ)", "ĐVT: đồng"; a bracket that says
    something else ("(giải ngân)", "(tạm ứng)") names none."""
    for part in reversed(parts):
        brackets = [b for b in _PARENS.findall(part) if unit_start(fold(b).strip("() "))]
        unit = unit_in(" ".join(brackets)) or unit_line(part) or \
            (unit_in(part) if "đơn vị" in part.lower() or "đvt" in part.lower() else None)
        if unit:
            return unit
    return None


FIELD_LABELS = {
    "stt": "STT", "source": "Nguồn kinh phí", "name": "Tên đề án", "content": "Nội dung hoạt động",
    "kind": "Loại", "beneficiary": "Đơn vị thụ hưởng", "place": "Địa điểm", "decision": "Quyết định phê duyệt",
    "unit": "Đơn vị tính", "total": "Tổng kinh phí", "support": "Kinh phí hỗ trợ", "counterpart": "Đối ứng",
    "disbursed": "Đã giải ngân", "settled": "Đã quyết toán", "status": "Tình trạng", "progress": "Tiến độ (%)",
    "accepted": "Ngày nghiệm thu", "note": "Ghi chú",
}


def describe_layout(rows: list[list[Any]], merged: list, aliases) -> str:
    """What the best header-like row holds and which required columns it lacks, for the user."""
    best: tuple[int, dict[int, list[str]], dict[str, int]] | None = None
    for first in range(min(len(rows), 40)):
        labels = stacked_labels(rows, merged, first, first)
        if len(labels) < 2:
            continue
        columns, _ = map_columns(labels, aliases)
        if best is None or (len(columns), len(labels)) > (len(best[2]), len(best[1])):
            best = (first, labels, columns)
    if best is None:
        return "Không thấy dòng tiêu đề nào (trang tính gần như trống)."
    first, labels, columns = best
    seen = ", ".join(f"{cell_ref(first + 1, c)} “{' '.join(p)}”" for c, p in sorted(labels.items())[:14])
    found = ", ".join(f"{FIELD_LABELS[f]} ({cell_ref(first + 1, c)})" for f, c in columns.items()) or "không có"
    missing = ", ".join(FIELD_LABELS[f] for f in REQUIRED_FIELDS if f not in columns)
    return f"Các cột thấy ở dòng {first + 1}: {seen}. Nhận ra: {found}. Thiếu cột bắt buộc: {missing}."

"""Summary tables: a sheet of totals beside the sheets of đề án.

Offices put a "Tổng hợp" sheet in front of the detail sheets: one row per funding source (or per
district, pasted from a pivot: "Row Labels / Count of … / Sum of … / Grand Total"), with the
number of đề án and the money. Its rows are not đề án. A person reads it as a cross-check of the
details: when it agrees, it is counted once (in the details); when it disagrees, the report
cannot say which figure is right, and the office is asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipeline.core.findings import cell_ref
from pipeline.core.textnorm import clean, fold
from pipeline.config.vocab import source_in
from pipeline.ingest.tables import _norm_label, _unit_of, column_scores, stacked_labels
from pipeline.ingest.values import AmountError, to_dong, unit_line

_COUNT = re.compile(r"^(?:count of|so (?:luong )?(?:de an|nhiem vu|du an|da)|so luong)\b")
_PIVOT_PREFIX = re.compile(r"^\s*(?:sum|count|tong|average) of\s+", re.IGNORECASE)
_TOTAL = re.compile(r"^(?:tong cong|tong so|grand total|cong|tong)\b")
SEARCH_ROWS = 40


@dataclass(frozen=True)
class SummaryRow:
    row: int  # 1-based
    label: str
    scope: str  # "KCQG" | "KCDP" | "all" | "part" (a district, a kind: not checked one by one)
    count: int | None
    support: int | None
    disbursed: int | None
    cells: dict[str, str]  # figure -> cell reference


@dataclass(frozen=True)
class Summary:
    header_rows: tuple[int, int]  # 1-based, inclusive
    rows: tuple[SummaryRow, ...]
    end: int  # 1-based last row of the table


def find_summary(rows: list[list[Any]], merged: list, aliases, sources, default_unit: str | None) -> Summary | None:
    """The summary table of a sheet that holds no table of đề án, or None: a header with a
    count column ("Số đề án", "Count of Tên đề án") and a support column, rows labelled by source,
    district or "Tổng cộng"."""
    for first in range(min(len(rows), SEARCH_ROWS)):
        for height in (1, 2, 3):
            last = first + height - 1
            if last >= len(rows) or any(_is_number(v) for v in rows[last]):
                break
            labels = stacked_labels(rows, merged, first, last)
            found = _columns(labels, aliases)
            if found:
                summary = _read(rows, first, last, labels, found, sources, default_unit)
                if summary:
                    return summary
    return None


def _columns(labels: dict[int, list[str]], aliases) -> dict[str, int] | None:
    count = next((c for c, p in sorted(labels.items()) if _COUNT.match(_norm_label(" ".join(p)))), None)
    if count is None:
        return None
    unprefixed = {c: [_PIVOT_PREFIX.sub("", x) for x in p] for c, p in labels.items() if c != count}
    scores = column_scores(unprefixed, aliases)
    columns: dict[str, int] = {"count": count}
    for figure in ("support", "disbursed"):
        best = max(((fs[figure], -c) for c, fs in scores.items() if figure in fs and fs[figure] == max(fs.values())
                    and c not in columns.values()), default=None)
        if best:
            columns[figure] = -best[1]
    if "support" not in columns:
        return None
    label_col = next((c for c in sorted(labels) if c < min(columns.values()) and "stt" not in scores.get(c, {})), None)
    if label_col is None:
        return None
    columns["label"] = label_col
    return columns


def _read(rows: list[list[Any]], first: int, last: int, labels: dict[int, list[str]], columns: dict[str, int],
          sources, default_unit: str | None) -> Summary | None:
    units = {f: _unit_of(labels.get(columns[f], [])) or _unit_above(rows, last) or default_unit
             for f in ("support", "disbursed") if f in columns}
    out: list[SummaryRow] = []
    end = last + 1
    for r in range(last + 1, len(rows)):
        row = rows[r]
        label = clean(_cell(row, columns["label"]))
        money = _cell(row, columns["support"])
        if not label and not _filled(money):
            if out:
                break
            continue
        if not label or not _filled(money):
            if out:
                break
            continue  # a column-numbering row, a sub-heading
        try:
            figures = {f: to_dong(_cell(row, columns[f]), units[f]) for f in units}
        except AmountError:
            return None
        count = _count(_cell(row, columns["count"]))
        folded = fold(label).strip(" .:")
        scope = "all" if _TOTAL.match(folded) else (str(source_in(sources, label) or "") or "part")
        cells = {f: cell_ref(r + 1, columns[f]) for f in ("count", "support", "disbursed") if f in columns}
        out.append(SummaryRow(r + 1, label, scope, count, figures.get("support"), figures.get("disbursed"), cells))
        end = r + 1
    if not out or not any(x.scope != "part" for x in out):
        return None
    return Summary((first + 1, last + 1), tuple(out), end)


def _cell(row: list[Any], col: int) -> Any:
    return row[col] if col < len(row) else None


def _filled(value: Any) -> bool:
    return value is not None and clean(value) != ""


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _count(value: Any) -> int | None:
    if _is_number(value) and float(value).is_integer():
        return int(value)
    text = clean(value)
    return int(text) if text.isdigit() else None


def _unit_above(rows: list[list[Any]], last: int) -> str | None:
    for r in range(last, -1, -1):
        for v in rows[r]:
            if isinstance(v, str) and (unit := unit_line(v)):
                return unit
    return None


def plausible_counts(records: list[dict[str, Any]]) -> set[int]:
    """How offices count the đề án of a list: every record; the đề án without the nhiệm vụ chi; a
    đề án nhóm as its beneficiaries."""
    de_an = [r for r in records if r.get("record_type") == "de_an"]
    per_beneficiary = sum(max(int(r.get("beneficiaries") or 1), 1) if r.get("shape") == "nhom" else 1 for r in records)
    return {len(records), len(de_an), per_beneficiary}


def disagreements(summary: Summary, records: list[dict[str, Any]]
                  ) -> list[tuple[SummaryRow, list[str], list[dict[str, Any]]]]:
    """(row, the figures the details contradict, the detail records in its scope) per such row."""
    out = []
    for row in summary.rows:
        if row.scope == "part":
            continue
        scope = [r for r in records if row.scope == "all" or r["source"] == row.scope]
        wrong = []
        if row.count is not None and row.count not in plausible_counts(scope):
            wrong.append("count")
        for figure in ("support", "disbursed"):
            stated = getattr(row, figure)
            total = sum(r[f"{figure}_vnd"] or 0 for r in scope)
            if stated is not None and abs(stated - total) > len(scope):
                wrong.append(figure)
        if wrong:
            out.append((row, wrong, scope))
    return out

"""The annotated copies (doi-chieu.xlsx): what was read, from the ingest results, and which cells
each figure of a report came from, from its provenance."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.core.files import FIXED_ZIP_TIME, normalized_zip, write_bytes
from pipeline.core.findings import Finding
from pipeline.core.model import STATUS_LABELS, Status
from pipeline.core.vnformat import dong
from pipeline.ingest import FileResult
from pipeline.render.annotated import Figure, SheetRead, annotated_xlsx

if TYPE_CHECKING:
    from pipeline.compute.contract import ReportData

# figure key in provenance -> (label, the input column its cells are in, money or count)
_FIGURES = (("projects", "Số đề án", "name", False), ("tasks", "Số nhiệm vụ chi", "name", False),
            ("votes", "Số lượt bình chọn", "name", False),
            ("support_vnd", "Kinh phí hỗ trợ (đồng)", "support", True),
            ("disbursed_vnd", "Đã giải ngân (đồng)", "disbursed", True),
            ("counterpart_vnd", "Vốn đối ứng (đồng)", "counterpart", True),
            *((f"status.{s.value}", f"Đề án {STATUS_LABELS[s].lower()}", "status", False) for s in Status))


def sheets_read(results: list[FileResult]) -> list[SheetRead]:
    """Every sheet of these files that was read, in file and sheet order."""
    out = []
    for result in results:
        ledgers = {ledger.sheet: ledger for ledger in result.ledgers}
        for grid in result.grids:
            ledger = ledgers.get(grid.name)
            if ledger is None:
                continue
            tables = [d for d in result.dialect if d["sheet"] == grid.name]
            out.append(SheetRead(
                result.file, grid.name, grid.rows, grid.merged,
                {r.row: (r.role, r.reason) for r in ledger.roles},
                [(d["header_rows"][0], d["columns"]) for d in tables],
                next((d["unit"] for d in tables if d.get("unit")), None)))
    return out


def report_figures(report: ReportData, provenance: dict[str, list[dict[str, Any]]]) -> list[Figure]:
    figures = []
    groups = [(f"sources.{k}", {"KCDP": "KCĐP"}.get(k, k)) for k in report.sources]
    for prefix, group in [*groups, ("total", "Tổng")]:
        for key, label, column, money in _FIGURES:
            rows = provenance.get(f"{prefix}.{key}", [])
            if not rows and key in ("votes", "counterpart_vnd", "tasks"):
                continue
            number = sum(r.get("value") or 0 for r in rows) if money else len(rows)
            figures.append(Figure(f"{group} — {label}", dong(number) if money else f"{number:02d}", number, column,
                                  [(r["file"], r["sheet"], int(r["row"])) for r in rows]))
    return figures


def write_annotated(path: Path, results: list[FileResult], findings: list[Finding], heading: str,
                    period_note: str, outcome: str, report: ReportData | None = None,
                    provenance: dict[str, list[dict[str, Any]]] | None = None,
                    stamp: dt.datetime = dt.datetime(*FIXED_ZIP_TIME)) -> Path:
    """`stamp`: the document date (the report's); a copy written by `check` carries a fixed one."""
    figures = report_figures(report, provenance or {}) if report is not None else []
    data = annotated_xlsx(sheets_read(results), findings, figures, heading, period_note, outcome)
    write_bytes(path, normalized_zip(data, stamp=stamp))
    return path

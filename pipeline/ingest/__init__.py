"""Ingest: spreadsheet files -> a records table, findings and a row ledger.

One module per step: `grids` (open any file into grids) → `decode` (legacy text) → `tables`
(find tables and columns) → `roles` (a role and a reason for every row; đề án rows become
records) → `values`, `status`, `periods` (amounts and units, statuses, the file's period) →
`records` (the DataFrame with its declared schema). Vocabularies live in `pipeline/config/vocab.yaml`.
`workbook` runs the steps over one file; `narrative` reads the department's own text.

The names below are loaded when first used, so reading a narrative file or a metrics.json never
loads pandas and the table reader.
"""

from __future__ import annotations

from typing import Any

_WORKBOOK = ("FileResult", "ingest_file", "is_spreadsheet", "province_files", "split_by_period")
__all__ = list(_WORKBOOK)


def __getattr__(name: str) -> Any:
    if name in _WORKBOOK:
        from pipeline.ingest import workbook

        return getattr(workbook, name)
    raise AttributeError(f"module 'pipeline.ingest' has no attribute {name!r}")

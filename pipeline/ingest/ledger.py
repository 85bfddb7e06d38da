"""The row ledger as files: how every row of every sheet read was understood (.xlsx and .csv)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from pipeline.core.files import write_bytes
from pipeline.core.model import Ledger

COLUMNS = ("Tệp", "Trang tính", "Dòng", "Vai trò", "Mã vai trò", "Lý do", "Giá trị đọc được")


def ledger_rows(ledgers: list[Ledger]) -> list[tuple]:
    return [(l.file, l.sheet, r.row, r.role.label, r.role.value, r.reason, r.values) for l in ledgers for r in l.roles]


def write_ledger(ledgers: list[Ledger], stem: Path) -> list[Path]:
    """Writes <stem>.xlsx and <stem>.csv (UTF-8 with BOM, so Excel opens it with the accents)."""
    rows = ledger_rows(ledgers)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    csv_path = stem.with_suffix(".csv")
    write_bytes(csv_path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
    wb = Workbook()
    ws = wb.active
    ws.title = "So dong"
    ws.append(COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([v if not (isinstance(v, str) and v[:1] in "=+-@") else "'" + v for v in row])
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", (28, 18, 7, 26, 12, 60, 80)):
        ws.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    xlsx_path = stem.with_suffix(".xlsx")
    write_bytes(xlsx_path, out.getvalue())
    return [xlsx_path, csv_path]

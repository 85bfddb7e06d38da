"""Spreadsheet files -> plain grids of cell values, whatever the format.

python-calamine reads .xlsx/.xlsm/.xls/.ods fast, with merged ranges. It reads formula error
cells (#REF!, #VALUE!) as empty, which would hide them, so for .xlsx the sheet XML is also
scanned for error cells and those are put back into the grid as text.
"""

from __future__ import annotations

import csv
import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine as pc
from lxml import etree

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}


class WorkbookError(Exception):
    """The file cannot be read as a spreadsheet; str() is a Vietnamese message."""


@dataclass
class Grid:
    """One sheet: rows of values (None for empty), 0-based merged ranges."""

    name: str
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


def is_spreadsheet(path: Path) -> bool:
    return (
        path.suffix.lower() in SPREADSHEET_SUFFIXES
        and not path.name.startswith(("~$", ".~lock", "."))
    )


def read_grids(path: Path) -> list[Grid]:
    """All visible sheets of a workbook. Raises WorkbookError with a user-facing reason."""
    if path.stat().st_size == 0:
        raise WorkbookError("tệp rỗng (0 byte)")
    if path.suffix.lower() == ".csv":
        return [_read_csv(path)]
    try:
        book = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError:
        raise WorkbookError("tệp được đặt mật khẩu; hãy lưu lại bản không mật khẩu") from None
    except Exception as exc:  # calamine raises several unrelated types for broken files
        if _is_encrypted_ole(path):
            raise WorkbookError("tệp được đặt mật khẩu; hãy lưu lại bản không mật khẩu") from None
        raise WorkbookError(f"không đọc được như một bảng tính ({type(exc).__name__}); tệp có thể bị hỏng hoặc không phải Excel/ODS") from None
    errors = _xlsx_error_cells(path) if path.suffix.lower() in {".xlsx", ".xlsm"} else {}
    grids = []
    for meta in book.sheets_metadata:
        if str(meta.visible).lower().endswith("hidden") or "veryhidden" in str(meta.visible).lower():
            continue
        try:
            sheet = book.get_sheet_by_name(meta.name)
            rows = [[_value(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
        except Exception as exc:
            raise WorkbookError(f"trang tính “{meta.name}” không đọc được ({type(exc).__name__})") from None
        for (r, c), text in errors.get(meta.name, {}).items():
            while len(rows) <= r:
                rows.append([])
            row = rows[r]
            row.extend([None] * (c + 1 - len(row)))
            row[c] = text
        grids.append(Grid(meta.name, rows, list(sheet.merged_cell_ranges or [])))
    return grids


def _value(v: Any) -> Any:
    return None if v == "" else v


def _read_csv(path: Path) -> Grid:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1258", "latin-1"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [[c if c.strip() else None for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    return Grid(path.stem, rows)


def _is_encrypted_ole(path: Path) -> bool:
    """Password-protected .xlsx files are OLE containers holding an 'EncryptedPackage' stream."""
    data = path.read_bytes()
    return data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and "Encrypted".encode("utf-16-le") in data


def _xlsx_error_cells(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """{sheet name: {(row, col): "#REF!"}} for cells stored with type 'e' (0-based)."""
    try:
        with zipfile.ZipFile(path) as zf:
            book = etree.fromstring(zf.read("xl/workbook.xml"))
            rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target") for r in rels.findall("pr:Relationship", _NS)}
            found: dict[str, dict[tuple[int, int], str]] = {}
            for sheet in book.findall("m:sheets/m:sheet", _NS):
                target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
                part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
                if part not in zf.namelist():
                    continue
                cells = {}
                with zf.open(part) as fh:
                    for _, cell in etree.iterparse(fh, tag=f"{{{_NS['m']}}}c"):
                        if cell.get("t") == "e":
                            value = cell.findtext("m:v", default="#ERROR", namespaces=_NS)
                            cells[_parse_ref(cell.get("r"))] = value
                        cell.clear()
                if cells:
                    found[sheet.get("name")] = cells
            return found
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return {}


def _parse_ref(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch.upper()) - 64)
    return int(ref[len(letters):]) - 1, col - 1

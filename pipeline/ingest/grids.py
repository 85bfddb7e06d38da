"""Any spreadsheet file -> plain grids of cell values, whatever the format.

python-calamine reads .xlsx/.xlsm/.xls/.ods fast, with merged ranges, but it reads formula error
cells (#REF!, #DIV/0!) as empty, gives no fonts, and reads a formula that was never calculated
(a file written by a program and never opened in Excel) as empty. So, per format:
- .xlsx/.xlsm: one pass over each sheet's XML puts error cells back as text, finds formulas with
  no cached value (computed with pycel, or marked so that reading the cell fails loudly) and
  notes cells whose font is a legacy Vietnamese one;
- .xls: xlrd supplies error cells and fonts;
- .ods: the content XML supplies error cells;
- text under any of these names (CSV, "Unicode Text", HTML tables from web systems, Excel 2003
  XML): pipeline.ingest.text_formats.
What a file is comes from its first bytes, not its name; a PDF, a Word file or a cut-off copy
under a spreadsheet's name is refused with what it really is. Hidden sheets are returned too, marked hidden, so the caller can say what it did with them.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine as pc
from lxml import etree

from pipeline.core.files import SPREADSHEET_SUFFIXES, is_spreadsheet  # noqa: F401 - read here too
from pipeline.core.textnorm import without_controls
from pipeline.ingest.decode import font_encoding

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_M = "{%s}" % _NS["m"]
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# Every XML part is parsed without entities, DTDs or the network: a cell's text is never expanded
# into something the sheet does not hold ("billion laughs", external files).
SAFE_XML = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _xml(data: bytes):
    return etree.fromstring(data, etree.XMLParser(**SAFE_XML))


class WorkbookError(Exception):
    """The file cannot be read as a spreadsheet; str() is a Vietnamese message, .hint what to do."""

    def __init__(self, message: str, hint: str = "Mở tệp bằng Excel/LibreOffice, lưu lại dạng .xlsx rồi chạy lại."):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Uncomputed:
    """A formula cell with no stored value that could not be computed."""

    formula: str

    def __str__(self) -> str:
        return f"={self.formula}"


@dataclass
class Grid:
    """One sheet: rows of values (None for empty), 0-based merged ranges, legacy fonts by cell."""

    name: str
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    fonts: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden: bool = False
    computed: list[tuple[int, int]] = field(default_factory=list)  # formulas computed here
    hidden_rows: set[int] = field(default_factory=set)  # 0-based, hidden outside any outline group
    hidden_cols: set[int] = field(default_factory=set)
    struck: set[tuple[int, int]] = field(default_factory=set)  # cells whose text is struck through
    folded_rows: set[int] = field(default_factory=set)  # hidden because their outline group is collapsed

    def __post_init__(self) -> None:
        """Text is cleaned once, where it enters: no control character reaches a record or a message."""
        self.name = without_controls(self.name)
        for row in self.rows:
            for c, value in enumerate(row):
                if isinstance(value, str) and not value.isprintable():
                    row[c] = without_controls(value)


def sniff(path: Path) -> str:
    """What the file really is, from its first bytes, whatever its name says: "ole" (.xls, or an
    encrypted .xlsx), "xlsx", "ods", "docx", "zip", "pdf", "text" (CSV, HTML, XML), "empty"."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if not head:
        return "empty"
    if head == _OLE:
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError):
            return "zip"  # a broken zip: cut off while copied or mailed
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "content.xml" in names:
            return "ods"
        if "word/document.xml" in names:
            return "docx"
        return "zip"
    if b"\x00" in head[:4] and not head.startswith((b"\xff\xfe", b"\xfe\xff")) and head[1:2] != b"\x00":
        return "binary"
    return "text"


_ELSEWHERE = "chuyển tệp này ra khỏi thư mục đầu vào"
_NOT_A_SHEET = {
    "pdf": ("tệp PDF (bản in) mang tên bảng tính, không phải bảng tính",
            f"Đặt vào đây tệp Excel gốc của bảng, không phải bản in; {_ELSEWHERE}."),
    "docx": ("tệp Word (.docx) mang tên bảng tính, không phải bảng tính",
             f"Đặt vào đây tệp Excel của bảng; {_ELSEWHERE} (hoặc đổi lại đuôi .docx)."),
    "zip": ("tệp bị hỏng nên không đọc được như một bảng tính (có thể bị cắt cụt khi sao chép hoặc gửi thư)",
            f"Lấy lại bản gốc còn nguyên của tệp, hoặc {_ELSEWHERE} nếu đó chỉ là bản sao."),
    "binary": ("tệp không phải bảng tính Excel/ODS/CSV", f"Kiểm tra lại tệp; {_ELSEWHERE} nếu không phải bảng đề án."),
}


KIND_NAMES = {"ole": "Excel 97-2003 (.xls)", "xlsx": "Excel (.xlsx)", "ods": "LibreOffice (.ods)", "text": "chữ"}
SUFFIX_KINDS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "ole", ".ods": "ods", ".csv": "text", ".tsv": "text",
                ".xml": "text", ".htm": "text", ".html": "text"}


def read_grids(path: Path) -> list[Grid]:
    """All sheets of a workbook (hidden ones marked). Raises WorkbookError with a user-facing reason."""
    if path.stat().st_size == 0:
        raise WorkbookError("tệp rỗng (0 byte)")
    suffix = path.suffix.lower()
    kind = sniff(path)
    if kind in _NOT_A_SHEET:
        raise WorkbookError(*_NOT_A_SHEET[kind])
    if kind == "text":
        if suffix in {".xlsx", ".xlsm", ".ods"}:  # web exports and CSV come as .xls/.csv; this is no workbook
            raise WorkbookError(f"tệp chữ mang đuôi {suffix} nên không đọc được như một bảng tính (nếu là CSV hay "
                                "trang web đổi tên, hãy mở bằng Excel rồi lưu lại dạng .xlsx)")
        return _read_text(path)
    if kind == "ole" and suffix in {".xlsx", ".xlsm"} and _is_encrypted_ole(path):
        raise WorkbookError("tệp được đặt mật khẩu; hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại")
    if kind == "xlsx":
        suffix = ".xlsx" if suffix not in {".xlsx", ".xlsm"} else suffix
    elif kind == "ods":
        suffix = ".ods"
    elif kind == "ole":
        suffix = ".xls" if suffix not in {".xlsx", ".xlsm"} else suffix
    if kind in ("xlsx", "ods"):
        try:
            with zipfile.ZipFile(path) as zf:
                check_unpacked_size(zf)
                if kind == "ods" and "content.xml" in zf.namelist():
                    _check_ods_repeats(zf.read("content.xml"))
        except (zipfile.BadZipFile, OSError):
            pass  # calamine below says the file is broken
    try:
        with open(path, "rb") as fh:  # by content: an .xlsx saved under an .xls name opens too
            book = pc.CalamineWorkbook.from_filelike(fh)
    except pc.PasswordError:
        raise WorkbookError("tệp được đặt mật khẩu; hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại") from None
    except Exception as exc:  # calamine raises several unrelated types for broken files
        if kind == "ole" and _is_encrypted_ole(path):
            raise WorkbookError("tệp được đặt mật khẩu; hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại") from None
        raise WorkbookError(f"không đọc được như một bảng tính ({type(exc).__name__}); tệp có thể bị hỏng "
                            "hoặc không phải Excel/ODS") from None
    if suffix in {".xlsx", ".xlsm"}:
        extra = _xlsx_extras(path)
    elif suffix == ".xls":
        extra = _xls_extras(path)
    elif suffix == ".ods":
        extra = _ods_extras(path)
    else:
        extra = {}
    grids = []
    for meta in book.sheets_metadata:
        try:
            sheet = book.get_sheet_by_name(meta.name)
            rows = _trimmed([[None if v == "" else v for v in row] for row in sheet.to_python(skip_empty_area=False)])
        except Exception as exc:
            raise WorkbookError(f"trang tính “{meta.name}” không đọc được ({type(exc).__name__})") from None
        info = extra.get(meta.name, _SheetExtras())
        for (r, c), value in info.values.items():
            while len(rows) <= r:
                rows.append([])
            row = rows[r]
            row.extend([None] * (c + 1 - len(row)))
            row[c] = value
        hidden = "hidden" in str(meta.visible).lower()
        merged = list(sheet.merged_cell_ranges or []) or info.merged
        grids.append(Grid(meta.name, rows, merged, info.fonts, hidden, info.computed,
                          info.hidden_rows, info.hidden_cols, info.struck, info.folded_rows))
    return grids


def _trimmed(rows: list[list[Any]]) -> list[list[Any]]:
    """Without the empty rows at the end and the empty cells at the end of each row (a sheet
    formatted down to row 1,048,576 holds no more than its data)."""
    end = len(rows)
    while end and not any(v is not None for v in rows[end - 1]):
        end -= 1
    out = rows[:end]
    for i, row in enumerate(out):
        last = len(row)
        while last and row[last - 1] is None:
            last -= 1
        if last < len(row):
            out[i] = row[:last]
    return out


@dataclass
class _SheetExtras:
    values: dict[tuple[int, int], Any] = field(default_factory=dict)  # cells calamine misreads
    fonts: dict[tuple[int, int], str] = field(default_factory=dict)
    computed: list[tuple[int, int]] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    struck: set[tuple[int, int]] = field(default_factory=set)
    folded_rows: set[int] = field(default_factory=set)
    merged: list = field(default_factory=list)  # merged ranges the reader library does not report (.ods)


def _read_text(path: Path) -> list[Grid]:
    """A text file under any spreadsheet name: HTML tables, Excel 2003 XML, or delimited text."""
    from pipeline.ingest import text_formats as tf

    raw = path.read_bytes()
    text = tf.decode_text(raw)
    kind = tf.kind_of_text(text)
    if kind == "spreadsheetml":
        return tf.read_spreadsheetml(raw)
    if kind == "html":
        return tf.read_html(text)
    if kind == "xml":
        raise WorkbookError("tệp XML nhưng không phải bảng tính Excel (XML Spreadsheet)")
    return [tf.read_delimited(text, path.stem)]


def _is_encrypted_ole(path: Path) -> bool:
    """Password-protected .xlsx files are OLE containers holding an 'EncryptedPackage' stream."""
    data = path.read_bytes()
    return data[:8] == _OLE and ("EncryptedPackage".encode("utf-16-le") in data or
                                 "Encryption".encode("utf-16-le") in data)


# -- .xlsx ---------------------------------------------------------------------------------

def _xlsx_extras(path: Path) -> dict[str, _SheetExtras]:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            book = _xml(zf.read("xl/workbook.xml"))
            rels = _xml(zf.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target") for r in rels.findall("pr:Relationship", _NS)}
            style_fonts, struck_styles, scaled = _xlsx_styles(zf) if "xl/styles.xml" in names else ({}, set(), {})
            shared_legacy = _xlsx_shared_string_fonts(zf) if "xl/sharedStrings.xml" in names else {}
            found: dict[str, _SheetExtras] = {}
            pending: list[tuple[str, tuple[int, int], str]] = []
            for sheet in book.findall("m:sheets/m:sheet", _NS):
                target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
                part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
                if part not in names:
                    continue
                extras = _SheetExtras()
                found.setdefault(sheet.get("name"), extras)
                with zf.open(part) as fh:
                    data = fh.read()
                _check_extent(sheet.get("name"), data)
                if b'hidden="1"' in data or b'hidden="true"' in data:
                    extras.hidden_rows, extras.hidden_cols, extras.folded_rows = _hidden_rows_cols(data)
                if not _worth_parsing(data, style_fonts, struck_styles | set(scaled), bool(shared_legacy)):
                    continue  # no error cell, no formula, no legacy font: calamine's values are all there is
                with io.BytesIO(data) as fh:
                    for _, cell in etree.iterparse(fh, tag=f"{_M}c", **SAFE_XML):
                        ref = cell.get("r")
                        kind = cell.get("t")
                        value = cell.find(f"{_M}v")
                        if ref is None:
                            cell.clear()
                            continue
                        if kind == "e":
                            extras.values[_parse_ref(ref)] = value.text if value is not None else "#ERROR"
                        else:
                            formula = cell.find(f"{_M}f")
                            if formula is not None and (value is None or value.text in (None, "")) and kind != "str":
                                pending.append((sheet.get("name"), _parse_ref(ref), formula.text or ""))
                            elif formula is not None and kind == "str" and (value is None or value.text is None):
                                pending.append((sheet.get("name"), _parse_ref(ref), formula.text or ""))
                        style = int(cell.get("s") or 0)
                        if style in scaled and kind in (None, "n") and value is not None and value.text:
                            extras.values[_parse_ref(ref)] = _displayed(value.text, scaled[style])
                        if style in struck_styles:
                            extras.struck.add(_parse_ref(ref))
                        if kind in ("s", "inlineStr", "str"):
                            font = style_fonts.get(style)
                            if font is None and kind == "s" and value is not None and value.text:
                                font = shared_legacy.get(int(value.text))
                            if font:
                                extras.fonts[_parse_ref(ref)] = font
                        cell.clear()
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError):
        return {}
    if pending:
        _compute_formulas(path, pending, found)
    return found


# Bounds checked before a sheet is handed to calamine, which holds every sheet as a dense
# rectangle: one stray value at XFD1048576 asks for 17 billion cells and the process is killed.
MAX_UNPACKED = 2 << 30  # bytes, all parts of one workbook together (a 100,000-row sheet is ~60 MB)
MAX_CELLS = 30_000_000  # rows x columns of one sheet's used rectangle


def check_unpacked_size(zf: zipfile.ZipFile) -> None:
    """Refuse a zip whose parts declare more than MAX_UNPACKED bytes (a "zip bomb", one 2 GB string)."""
    total = sum(info.file_size for info in zf.infolist())
    if total > MAX_UNPACKED:
        raise WorkbookError(f"tệp giải nén ra {total / (1 << 30):.1f} GB, quá lớn cho một bảng tính đề án "
                            "(có thể là tệp hỏng hay tệp nén lồng)", "Mở tệp bằng Excel, xóa phần thừa rồi lưu lại; "
                            "nếu tệp không phải của đơn vị gửi, đừng mở nó.")


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="(?:[A-Z]+\d+:)?([A-Z]+)(\d+)"')
_CELL_COL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"')
_WIDE_CELL = re.compile(rb'<c r="[A-Z]{3}')  # beyond column ZZ
_BEYOND_Z = re.compile(rb'<c r="[A-Z]{2}')  # beyond column Z


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _check_extent(sheet: str, data: bytes) -> None:
    """Refuse a sheet whose used rectangle exceeds MAX_CELLS, naming its farthest cell. Cheap: the
    declared dimension, the last row's cells and a search for a cell beyond column ZZ (Z when no
    dimension is declared) bound it;
    all cells are scanned only when those say the rectangle is large or cannot be trusted."""
    rows = cols = 0
    declared = _DIMENSION.search(data, 0, 4096)
    if declared:
        cols, rows = _col_number(declared.group(1)), int(declared.group(2))
    for m in _CELL_COL.finditer(data, max(data.rfind(b"<row"), 0)):
        cols, rows = max(cols, _col_number(m.group(1))), max(rows, int(m.group(2)))
    beyond = _WIDE_CELL if declared and cols <= 702 else _BEYOND_Z if not declared else None
    if rows * cols > MAX_CELLS or (beyond is not None and beyond.search(data)):
        for m in _CELL_COL.finditer(data):
            cols, rows = max(cols, _col_number(m.group(1))), max(rows, int(m.group(2)))
    if rows * cols > MAX_CELLS:
        raise WorkbookError(
            f"trang tính “{sheet}” có ô dùng đến tận {_col_letters(cols - 1)}{rows} ({rows:,} dòng × {cols:,} cột) "
            .replace(",", ".") + "nên quá lớn để đọc",
            "Xóa các dòng, cột thừa ở cuối trang (chọn chúng, Delete) rồi lưu lại và chạy lại.")


_ODS_ROW = re.compile(rb'<table:table-row\b([^>]*)>(.*?)</table:table-row>', re.S)
_ODS_CELL = re.compile(rb'<table:table-cell\b([^>]*?)/?>')
_ODS_REPEAT = re.compile(rb'number-(?:rows|columns)-repeated="(\d+)"')


def _check_ods_repeats(content: bytes) -> None:
    """An .ods stores a run of equal cells once with a repeat count; calamine writes each out. A
    value repeated to the sheet's edge (a formula dragged to row 1,048,576) is refused like a far
    cell of an .xlsx. Empty repeated cells (formatting) cost nothing and pass."""
    if b'repeated="' not in content:
        return
    rows = 0
    width = 0
    for m in _ODS_ROW.finditer(content):
        repeat = _ODS_REPEAT.search(m.group(1))
        times = int(repeat.group(1)) if repeat else 1
        cols, filled = 0, False
        for cell in _ODS_CELL.finditer(m.group(2)):
            n = _ODS_REPEAT.search(cell.group(1))
            cols += int(n.group(1)) if n else 1
            if b"value-type" in cell.group(1):
                filled = True
                width = max(width, cols)
        rows += times
        if filled and rows * max(width, 1) > MAX_CELLS:
            raise WorkbookError(f"bảng tính có ô có giá trị lặp đến dòng {rows:,} (cột thứ {width:,}) nên quá lớn để đọc"
                                .replace(",", "."), "Xóa các dòng, cột thừa ở cuối trang rồi lưu lại và chạy lại.")


_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_COL_TAG = re.compile(rb"<(?:\w+:)?col\b([^>]*)/?>")
_ATTR = re.compile(rb'\b(\w+)="([^"]*)"')


def _hidden_rows_cols(data: bytes) -> tuple[set[int], set[int], set[int]]:
    """0-based rows hidden on their own, columns hidden, and rows hidden inside a collapsed
    outline group (Data > Group, then folded: part of the table, not a question)."""
    rows, cols, folded = set(), set(), set()
    for m in _ROW_TAG.finditer(data):
        attrs = dict(_ATTR.findall(m.group(1)))
        if attrs.get(b"hidden") in (b"1", b"true") and attrs.get(b"r", b"").isdigit():
            r = int(attrs[b"r"]) - 1
            (folded if int(attrs.get(b"outlineLevel", b"0") or 0) > 0 else rows).add(r)
    for m in _COL_TAG.finditer(data):
        attrs = dict(_ATTR.findall(m.group(1)))
        if attrs.get(b"hidden") in (b"1", b"true"):
            lo, hi = int(attrs.get(b"min", b"1")), int(attrs.get(b"max", b"1"))
            cols.update(range(lo - 1, min(hi, lo + 200)))
    return rows, cols, folded


def _worth_parsing(data: bytes, style_fonts: dict[int, str], struck: set[int], shared_legacy: bool) -> bool:
    """A cheap scan of the sheet's bytes for anything calamine misses."""
    if b't="e"' in data or b"<f>" in data or b"<f " in data or (shared_legacy and b't="s"' in data):
        return True
    if style_fonts or struck:
        styles = b"|".join(str(i).encode() for i in set(style_fonts) | struck)
        return re.search(rb' s="(?:' + styles + rb')"', data) is not None
    return False


def _xlsx_styles(zf: zipfile.ZipFile) -> tuple[dict[int, str], set[int], dict[int, int]]:
    """Cell style index -> font name for styles in a legacy Vietnamese font; the styles that
    strike text through (offices strike out a cancelled đề án rather than delete it); and the
    styles whose number format shows the value divided (see `format_divisor`)."""
    styles = _xml(zf.read("xl/styles.xml"))
    divisors = {int(f.get("numFmtId")): d for f in styles.findall("m:numFmts/m:numFmt", _NS)
                if (d := format_divisor(f.get("formatCode") or "")) > 1}
    scaled = {i: divisors[int(xf.get("numFmtId") or 0)] for i, xf in enumerate(styles.findall("m:cellXfs/m:xf", _NS))
              if int(xf.get("numFmtId") or 0) in divisors}
    fonts = styles.findall("m:fonts/m:font", _NS)
    names = [(f.find("m:name", _NS).get("val") if f.find("m:name", _NS) is not None else "") for f in fonts]
    strike = [f.find("m:strike", _NS) is not None and f.find("m:strike", _NS).get("val") not in ("0", "false")
              for f in fonts]
    legacy, struck = {}, set()
    for i, xf in enumerate(styles.findall("m:cellXfs/m:xf", _NS)):
        font_id = int(xf.get("fontId") or 0)
        if font_id < len(names) and font_encoding(names[font_id]):
            legacy[i] = names[font_id]
        if font_id < len(strike) and strike[font_id]:
            struck.add(i)
    return legacy, struck, scaled


_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_SCALING_COMMAS = re.compile(r"[0#?](,+)(?![0#?,])")


def format_divisor(code: str) -> int:
    """What a number format divides the value by when it shows it: each comma after the last
    digit placeholder is a thousand ("#,##0,," shows 180000000 as 180: the sheet shows triệu
    while the cell holds đồng). 1 for any other format."""
    section = _LITERALS.sub("", code.split(";")[0])
    hits = _SCALING_COMMAS.findall(section)
    return 1000 ** len(hits[-1]) if hits else 1


def _displayed(text: str, divisor: int) -> float | int:
    """The number a person reads in a cell whose format divides it."""
    from decimal import Decimal

    shown = Decimal(text) / divisor
    return int(shown) if shown == shown.to_integral_value() else float(shown)


def _xlsx_shared_string_fonts(zf: zipfile.ZipFile) -> dict[int, str]:
    """Shared strings written as rich text in a legacy font (the run's font, not the cell's)."""
    out = {}
    with zf.open("xl/sharedStrings.xml") as fh:
        for i, (_, si) in enumerate(etree.iterparse(fh, tag=f"{_M}si", **SAFE_XML)):
            font = si.find(f"{_M}r/{_M}rPr/{_M}rFont")
            if font is not None and font_encoding(font.get("val")):
                out[i] = font.get("val")
            si.clear()
    return out


def _compute_formulas(path: Path, pending: list[tuple[str, tuple[int, int], str]],
                      found: dict[str, _SheetExtras]) -> None:
    """Formulas saved without a value: computed with pycel; what cannot be computed is marked Uncomputed."""
    try:
        from pycel import ExcelCompiler

        compiler = ExcelCompiler(filename=str(path))
    except Exception:
        compiler = None
    for sheet, (r, c), formula in pending:
        extras = found.setdefault(sheet, _SheetExtras())
        value: Any = Uncomputed(formula)
        if compiler is not None:
            try:
                result = compiler.evaluate(f"{_quote(sheet)}!{_col_letters(c)}{r + 1}")
                if isinstance(result, (int, float, str)) and not isinstance(result, bool) and \
                        not (isinstance(result, str) and result.startswith("#")):
                    value = result
                    extras.computed.append((r, c))
            except Exception:
                pass
        extras.values[(r, c)] = value


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _col_letters(col: int) -> str:
    letters, n = "", col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _parse_ref(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch.upper()) - 64)
    return int(ref[len(letters):]) - 1, col - 1


# -- .xls ----------------------------------------------------------------------------------

def _xls_extras(path: Path) -> dict[str, _SheetExtras]:
    try:
        import xlrd

        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception:
        try:
            import xlrd

            book = xlrd.open_workbook(str(path), on_demand=True)
        except Exception:
            return {}
    found: dict[str, _SheetExtras] = {}
    fonts = getattr(book, "font_list", [])
    xfs = getattr(book, "xf_list", [])
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        extras = _SheetExtras()
        rowinfo = getattr(sheet, "rowinfo_map", {})
        extras.hidden_rows = {r for r, info in rowinfo.items() if info.hidden and not info.outline_level}
        extras.folded_rows = {r for r, info in rowinfo.items() if info.hidden and info.outline_level}
        extras.hidden_cols = {c for c, info in getattr(sheet, "colinfo_map", {}).items() if info.hidden}
        for r in range(sheet.nrows):
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_ERROR:
                    extras.values[(r, c)] = xlrd.error_text_from_code.get(cell.value, "#ERROR")
                elif cell.ctype == xlrd.XL_CELL_NUMBER and xfs and cell.xf_index < len(xfs):
                    fmt = book.format_map.get(xfs[cell.xf_index].format_key) if hasattr(book, "format_map") else None
                    divisor = format_divisor(fmt.format_str) if fmt is not None else 1
                    if divisor > 1:
                        extras.values[(r, c)] = _displayed(repr(cell.value), divisor)
                elif cell.ctype == xlrd.XL_CELL_TEXT and xfs:
                    xf = xfs[cell.xf_index] if cell.xf_index < len(xfs) else None
                    if xf is not None and xf.font_index < len(fonts):
                        font = fonts[xf.font_index]
                        if font_encoding(font.name):
                            extras.fonts[(r, c)] = font.name
                        if font.struck_out:
                            extras.struck.add((r, c))
        found[sheet.name] = extras
        book.unload_sheet(index)
    return found


# -- .ods ----------------------------------------------------------------------------------

_ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
}


def _ods_divisors(root) -> tuple[dict[str, int], dict[str, str]]:
    """Number styles that show a value divided (number:display-factor), and cell style -> its
    number style, from one styles part of an .ods."""
    st, num = "{%s}" % _ODS["style"], "{%s}" % _ODS["number"]
    factors = {}
    for ns in root.iter(f"{num}number-style"):
        n = ns.find(f"{num}number")
        factor = n.get(f"{num}display-factor") if n is not None else None
        if factor and factor.replace(".", "", 1).isdigit() and float(factor) > 1:
            factors[ns.get(f"{st}name")] = int(float(factor))
    cells = {x.get(f"{st}name"): x.get(f"{st}data-style-name") for x in root.iter(f"{st}style")
             if x.get(f"{st}data-style-name")}
    return factors, cells


def _ods_extras(path: Path) -> dict[str, _SheetExtras]:
    """Error cells of an .ods file (a formula whose shown text is "#DIV/0!", "Err:502", ...), and
    its hidden ("collapsed") rows and columns, and the values of cells whose number style shows
    them divided (number:display-factor)."""
    found: dict[str, _SheetExtras] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            factors, cell_styles = {}, {}
            if "styles.xml" in zf.namelist():
                factors, cell_styles = _ods_divisors(_xml(zf.read("styles.xml")))
            with zf.open("content.xml") as fh:
                _ods_content(fh, found, factors, cell_styles)
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return {}
    return found


def _ods_content(fh, found: dict[str, _SheetExtras], factors: dict[str, int], cell_styles: dict[str, str]) -> None:
    """One pass over content.xml: its own (automatic) styles first, then each table's cells."""
    t, o = "{%s}" % _ODS["table"], "{%s}" % _ODS["office"]
    extras, r, col = None, 0, 0
    column_styles: list[str | None] = []
    divisors = {name: factors[d] for name, d in cell_styles.items() if d in factors}
    for event, el in etree.iterparse(fh, events=("start", "end"), **SAFE_XML):
        if event == "end" and el.tag == f"{o}automatic-styles":
            more_factors, more_cells = _ods_divisors(el)
            factors = {**factors, **more_factors}
            divisors = {name: factors[d] for name, d in {**cell_styles, **more_cells}.items() if d in factors}
        elif event == "start" and el.tag == f"{t}table":
            extras, r, col = found.setdefault(el.get(f"{t}name"), _SheetExtras()), 0, 0
            column_styles = []
        elif event == "end" and el.tag == f"{t}table-column" and extras is not None:
            repeat = int(el.get(f"{t}number-columns-repeated") or 1)
            column_styles.extend([el.get(f"{t}default-cell-style-name")] * min(repeat, 1024))
            if el.get(f"{t}visibility") in ("collapse", "filter"):
                extras.hidden_cols.update(range(col, col + min(repeat, 200)))
            col += repeat
        elif event == "end" and el.tag == f"{t}table-row" and extras is not None:
            repeat_rows = int(el.get(f"{t}number-rows-repeated") or 1)
            if el.get(f"{t}visibility") in ("collapse", "filter") and len(el):
                grouped = el.getparent() is not None and el.getparent().tag == f"{t}table-row-group"
                (extras.folded_rows if grouped else extras.hidden_rows).update(range(r, r + min(repeat_rows, 1000)))
            c = 0
            for cell in el:
                if cell.tag not in (f"{t}table-cell", f"{t}covered-table-cell"):
                    continue
                repeat = int(cell.get(f"{t}number-columns-repeated") or 1)
                across = int(cell.get(f"{t}number-columns-spanned") or 1)
                down = int(cell.get(f"{t}number-rows-spanned") or 1)
                if across > 1 or down > 1:
                    extras.merged.append(((r, c), (r + down - 1, c + across - 1)))
                text = "".join(cell.itertext()).strip()
                formula = cell.get(f"{t}formula")
                style = cell.get(f"{t}style-name") or (column_styles[c] if c < len(column_styles) else None)
                if style in divisors and cell.get(f"{o}value-type") == "float" and cell.get(f"{o}value"):
                    for k in range(min(repeat, 1000)):
                        extras.values[(r, c + k)] = _displayed(cell.get(f"{o}value"), divisors[style])
                if formula and (text.startswith("#") or text.startswith("Err:")) \
                        and cell.get(f"{o}value-type") in (None, "string", "float"):
                    for k in range(min(repeat, 1000)):
                        extras.values[(r, c + k)] = text
                elif formula and not text and cell.get(f"{o}value") is None \
                        and cell.get(f"{o}string-value") is None:  # written by a program, never calculated
                    for k in range(min(repeat, 1000)):
                        extras.values[(r, c + k)] = Uncomputed(formula.removeprefix("of:="))
                c += repeat
            r += repeat_rows
            el.clear()

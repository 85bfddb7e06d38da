"""Spreadsheets that are text inside: what web systems and old Excel save under an .xls name.

- an HTML page with <table>s (a web-based government system's "Xuất Excel"), its header cells
  spanning rows and columns (rowspan/colspan become merged ranges);
- Excel 2003 XML ("XML Spreadsheet", SpreadsheetML): sheets, merged cells (MergeAcross/Down),
  skipped cells (ss:Index), hidden rows, columns and sheets, and the font of each cell;
- delimited text: Excel's "CSV", "CSV UTF-8" and "Unicode Text" (UTF-16, tabs).
Each reader returns the same Grid as the binary formats. XML is parsed with entities off.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from lxml import etree, html

from pipeline.ingest.decode import font_encoding
from pipeline.ingest.grids import SAFE_XML, Grid, WorkbookError

SS = "urn:schemas-microsoft-com:office:spreadsheet"
_X = "urn:schemas-microsoft-com:office:excel"


def decode_text(raw: bytes) -> str:
    """Bytes of a text file -> str: a BOM decides, else UTF-16 by its zero bytes, else UTF-8, else cp1258."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace").lstrip("\ufeff")
    if raw[:200].count(b"\x00") > 20:  # UTF-16 without a BOM
        return raw.decode("utf-16-le" if raw[1:2] == b"\x00" else "utf-16-be", errors="replace")
    raw = raw.replace(b"\x00", b"")
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise WorkbookError("không nhận ra bảng mã của tệp chữ; hãy lưu lại dạng “CSV UTF-8”")


def kind_of_text(text: str) -> str:
    """"spreadsheetml", "html" or "delimited", from what the text opens with."""
    head = text.lstrip()[:4000].lower()
    if head.startswith("<?xml") or head.startswith("<workbook"):
        return "spreadsheetml" if SS in text[:4000] else "xml"
    if head.startswith(("<html", "<!doctype html", "<table", "<meta", "<head", "<body")) or "<table" in head:
        return "html"
    return "delimited"


# -- delimited text ------------------------------------------------------------------------

def read_delimited(text: str, name: str) -> Grid:
    text = text.lstrip("\ufeff").replace("\x00", "")
    if "\r" in text and "\n" not in text:  # old Mac line endings
        text = text.replace("\r", "\n")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        first = text.split("\n", 1)[0]

        class dialect(csv.excel):  # noqa: N801 - a csv dialect is a class
            delimiter = max(";,\t", key=first.count)
    rows = [[c if c.strip() else None for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    return Grid(name, rows)


# -- HTML ----------------------------------------------------------------------------------

def _cell_text(cell) -> str:
    for br in cell.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return "\n".join(" ".join(line.split()) for line in cell.text_content().split("\n")).strip()


def _span(cell, attr: str) -> int:
    try:
        return max(1, min(int(cell.get(attr, "1") or 1), 1000))
    except ValueError:
        return 1


def read_html(text: str) -> list[Grid]:
    """Every <table> of the page as one grid; nested tables are read as their own."""
    try:
        doc = html.fromstring(text.encode("utf-8"), parser=html.HTMLParser(encoding="utf-8", no_network=True))
    except (etree.ParserError, ValueError) as exc:
        raise WorkbookError(f"trang HTML không đọc được ({exc})") from None
    grids = []
    for n, table in enumerate(doc.iter("table"), start=1):
        rows: list[list[Any]] = []
        merged = []
        taken: set[tuple[int, int]] = set()
        trs = [tr for tr in table.iter("tr") if tr.getparent() is not None
               and next(tr.iterancestors("table"), None) is table]
        for r, tr in enumerate(trs):
            c = 0
            for cell in tr:
                if cell.tag not in ("td", "th"):
                    continue
                while (r, c) in taken:
                    c += 1
                rs, cs = _span(cell, "rowspan"), _span(cell, "colspan")
                value = _cell_text(cell) or None
                while len(rows) <= r:
                    rows.append([])
                row = rows[r]
                row.extend([None] * (c + 1 - len(row)))
                row[c] = value
                for dr in range(rs):
                    for dc in range(cs):
                        taken.add((r + dr, c + dc))
                if rs > 1 or cs > 1:
                    merged.append(((r, c), (r + rs - 1, c + cs - 1)))
                c += cs
        if any(any(v is not None for v in row) for row in rows):
            grids.append(Grid(f"Bảng {n}" if n > 1 else "Bảng", rows, merged))
    if not grids:
        raise WorkbookError("trang HTML không có bảng nào")
    return grids


# -- SpreadsheetML (Excel 2003 XML) ---------------------------------------------------------

def _ss(name: str) -> str:
    return f"{{{SS}}}{name}"


def _value(data) -> Any:
    if data is None:
        return None
    kind = data.get(_ss("Type"), "String")
    text = "".join(data.itertext())
    if kind == "Number":
        try:
            number = float(text)
        except ValueError:
            return text or None
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind == "Boolean":
        return text.strip() == "1"
    return text if text != "" else None


def read_spreadsheetml(raw: bytes) -> list[Grid]:
    try:
        root = etree.fromstring(raw, etree.XMLParser(**SAFE_XML))
    except etree.XMLSyntaxError as exc:
        raise WorkbookError(f"tệp XML của Excel bị hỏng ({exc.msg})") from None
    fonts = {}
    for style in root.iter(_ss("Style")):
        font = style.find(_ss("Font"))
        if font is not None and font_encoding(font.get(_ss("FontName"), "")):
            fonts[style.get(_ss("ID"))] = font.get(_ss("FontName"))
    grids = []
    for sheet in root.iter(_ss("Worksheet")):
        name = sheet.get(_ss("Name")) or f"Sheet{len(grids) + 1}"
        rows: list[list[Any]] = []
        grid = Grid(name, rows)
        options = sheet.find(f"{{{_X}}}WorksheetOptions")
        visible = options.find(f"{{{_X}}}Visible") if options is not None else None
        grid.hidden = visible is not None and "hidden" in (visible.text or "").lower()
        table = sheet.find(_ss("Table"))
        if table is None:
            grids.append(grid)
            continue
        col = 0
        for column in table.findall(_ss("Column")):
            col = int(column.get(_ss("Index"), col + 1))
            span = int(column.get(_ss("Span"), "0"))
            if column.get(_ss("Hidden")) in ("1", "true"):
                grid.hidden_cols.update(range(col - 1, col + span))
            col += span
        r = 0
        for row_el in table.findall(_ss("Row")):
            r = int(row_el.get(_ss("Index"), r + 1))
            if row_el.get(_ss("Hidden")) in ("1", "true"):
                grid.hidden_rows.add(r - 1)
            c = 0
            for cell in row_el.findall(_ss("Cell")):
                c = int(cell.get(_ss("Index"), c + 1))
                value = _value(cell.find(_ss("Data")))
                while len(rows) < r:
                    rows.append([])
                row = rows[r - 1]
                row.extend([None] * (c - len(row)))
                row[c - 1] = value
                across, down = int(cell.get(_ss("MergeAcross"), "0")), int(cell.get(_ss("MergeDown"), "0"))
                if across or down:
                    grid.merged.append(((r - 1, c - 1), (r - 1 + down, c - 1 + across)))
                if isinstance(value, str) and cell.get(_ss("StyleID")) in fonts:
                    grid.fonts[(r - 1, c - 1)] = fonts[cell.get(_ss("StyleID"))]
                c += across
        grids.append(grid)
    if not grids:
        raise WorkbookError("tệp XML của Excel không có trang tính nào")
    return grids


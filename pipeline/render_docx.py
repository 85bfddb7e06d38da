"""Report blocks + province identity -> .docx in the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from pipeline.appendix import HEAD_SUB, HEAD_TOP, MONEY_COLS, AppendixRow
from pipeline.outputs import normalized_zip
from pipeline.templating import Block, inline_runs

FONT = "Times New Roman"
BODY_PT = 14
PAGE = {"width": Mm(210), "height": Mm(297), "top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
TEXT_WIDTH_MM = 210 - 30 - 15
HEADER_LEFT_MM = 62
CELL_PADDING_MM = 1.9  # Word's default left/right cell margin (0.08 in)
FIRST_LINE_INDENT = Cm(1.27)
LANDSCAPE = {"top": Mm(20), "bottom": Mm(20), "left": Mm(25), "right": Mm(15)}
APPENDIX_WIDTHS_MM = [9, 62, 38, 34, 17, 17, 17, 22, 41]  # sums to 297 - 25 - 15
CHART_WIDTH = Cm(15)


@dataclass
class DocumentInfo:
    """Everything the frame of the document needs besides the body text."""

    governing_body: str
    issuing_body: str
    number: str
    symbol: str
    place: str
    date_text: str  # "ngày 05 tháng 7 năm 2018"
    signer_prefix: str
    signer_title: str
    signer_name: str
    recipients: list[str]
    archive: str
    title: str  # for document properties
    as_of: dt.date
    draft: bool = False  # built with --allow-errors past errors: every page says "DỰ THẢO"


# -- measuring text, so rules can be as long as the words above them ----------------------------
@lru_cache(maxsize=None)
def _font(bold: bool, size: float):
    try:
        from PIL import ImageFont

        name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
        for folder in ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation"):
            if Path(folder, name).is_file():
                return ImageFont.truetype(str(Path(folder, name)), size=int(size * 20))
    except ImportError:  # pragma: no cover - Pillow comes with matplotlib/docx deps
        pass
    return None


def text_width_mm(text: str, size_pt: float, bold: bool) -> float:
    """Printed width of a line in Times New Roman (Liberation Serif has the same metrics)."""
    font = _font(bold, size_pt)
    if font is None:
        return len(text) * size_pt * 0.5 * 25.4 / 72
    return font.getlength(text) / 20 * 25.4 / 72


# -- low-level paragraph helpers --------------------------------------------------------------
def _force_font(rpr) -> None:
    """Times New Roman for every script slot, and no theme font that would override it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)


def _set_font(run, size: float, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    _force_font(run._element.get_or_add_rPr())


def _para(container, text: str = "", size: float = BODY_PT, bold: bool = False, italic: bool = False,
          align=WD_ALIGN_PARAGRAPH.CENTER, before: float = 0, after: float = 0, indent=None) -> Paragraph:
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.first_line_indent = indent if indent is not None else Cm(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if text:
        _set_font(p.add_run(text), size, bold, italic)
    return p


def _rule(container, length_mm: float, box_width_mm: float) -> Paragraph:
    """A centred horizontal line of the given length: an empty paragraph with a top border."""
    p = _para(container, size=1)
    side = max((box_width_mm - length_mm) / 2, 0)
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    p.paragraph_format.line_spacing = Pt(1)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(k), v)
    borders.append(top)
    ppr.append(borders)
    run = p.add_run()
    _set_font(run, 1)
    return p


def _clear(cell: _Cell) -> _Cell:
    for p in list(cell.paragraphs):
        p._element.getparent().remove(p._element)
    return cell


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _fixed_widths(table, widths_mm: list[float]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(w / 25.4 * 1440)))


def _page_number_header(section) -> None:
    """Page number centred in the top margin from page 2 on (a PAGE field; page 1 has none)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    _set_font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        elif text:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = "2"
            run._r.append(t)


def _draft_mark(section) -> None:
    """"DỰ THẢO" in bold capitals at the top right of every page (first page and the rest)."""
    for header in (section.first_page_header, section.header):
        p = header.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _set_font(p.add_run("DỰ THẢO"), 16, bold=True)


# -- the document -----------------------------------------------------------------------------
def _setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE["width"], PAGE["height"]
    section.top_margin, section.bottom_margin = PAGE["top"], PAGE["bottom"]
    section.left_margin, section.right_margin = PAGE["left"], PAGE["right"]
    section.header_distance = Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _force_font(normal.element.get_or_add_rPr())
    _page_number_header(section)


def _header_table(doc, info: DocumentInfo) -> None:
    right_mm = TEXT_WIDTH_MM - HEADER_LEFT_MM
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed_widths(table, [HEADER_LEFT_MM, right_mm])
    left, right = (_clear(c) for c in table.rows[0].cells)
    _para(left, info.governing_body.upper(), size=13)
    _para(left, info.issuing_body.upper(), size=13, bold=True)
    _rule(left, text_width_mm(info.issuing_body.upper(), 13, True) * 0.45, HEADER_LEFT_MM - 2 * CELL_PADDING_MM)
    number = info.number or "      "
    _para(left, f"Số: {number}/{info.symbol}", size=13, before=6)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12.5, bold=True)
    motto = "Độc lập - Tự do - Hạnh phúc"
    _para(right, motto, size=13, bold=True)
    _rule(right, text_width_mm(motto, 13, True), right_mm - 2 * CELL_PADDING_MM)
    _para(right, f"{info.place}, {info.date_text}", size=14, italic=True, before=6)


def _title(doc, subject: str, kinh_gui: list[str]) -> None:
    _para(doc, "BÁO CÁO", size=14, bold=True, before=18)
    _para(doc, subject, size=14, bold=True)
    _rule(doc, 35, TEXT_WIDTH_MM)
    if kinh_gui:
        label = "Kính gửi:"
        if len(kinh_gui) == 1:
            _para(doc, f"{label} {kinh_gui[0]}.", before=12, after=6)
        else:
            for i, line in enumerate(kinh_gui):
                end = "." if i == len(kinh_gui) - 1 else ";"
                p = _para(doc, align=WD_ALIGN_PARAGRAPH.LEFT, before=12 if i == 0 else 0, after=6 if end == "." else 0)
                p.paragraph_format.left_indent = Cm(5.5)
                if i == 0:
                    p.paragraph_format.first_line_indent = Cm(-2.5)
                    _set_font(p.add_run(f"{label}\t"), BODY_PT)
                    p.paragraph_format.tab_stops.add_tab_stop(Cm(5.5))
                _set_font(p.add_run(f"- {line}{end}"), BODY_PT)
    _para(doc, after=6)


def _body(doc, blocks: list[Block], charts: dict[str, bytes]) -> None:
    for block in blocks:
        if block.kind == "chart":
            p = _para(doc, after=6)
            p.paragraph_format.keep_together = True
            p.add_run().add_picture(io.BytesIO(charts[block.text]), width=CHART_WIDTH)
            continue
        p = _para(doc, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, indent=FIRST_LINE_INDENT)
        p.paragraph_format.line_spacing = 1.15
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
        text = block.text
        bold = block.kind in ("h1", "h2")
        italic = False
        if block.kind == "h1":
            text = text.upper()
        if block.kind == "item" and not text.startswith(("-", "–")):
            text = "- " + text
        if block.kind in ("h1", "h2", "h3"):
            p.paragraph_format.keep_with_next = True
        for chunk, b, i in inline_runs(text):
            _set_font(p.add_run(chunk), BODY_PT, bold or b, italic or i)


def _signature(doc, info: DocumentInfo) -> None:
    _para(doc, after=0)
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed_widths(table, [80, TEXT_WIDTH_MM - 80])
    left, right = (_clear(c) for c in table.rows[0].cells)
    _para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in info.recipients:
        _para(left, f"- {line};", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(left, f"- {info.archive}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    if info.signer_prefix:
        _para(right, info.signer_prefix.upper(), size=14, bold=True)
    _para(right, info.signer_title.upper(), size=14, bold=True)
    for _ in range(4):
        _para(right, size=14)
    _para(right, info.signer_name, size=14, bold=True)


def _properties(doc, info: DocumentInfo) -> None:
    props = doc.core_properties
    stamp = dt.datetime.combine(info.as_of, dt.time(8, 0))
    props.title = info.title
    props.author = info.issuing_body
    props.last_modified_by = info.issuing_body
    props.subject = "Báo cáo kết quả thực hiện kế hoạch khuyến công"
    props.keywords = "khuyến công"
    props.comments = ""
    props.created = props.modified = stamp
    props.last_printed = stamp
    props.revision = 1


def _cell_text(cell: _Cell, text: str, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT, size: float = 11) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.space_before = Pt(2)
    p.paragraph_format.space_after = Pt(2)
    p.paragraph_format.first_line_indent = Cm(0)
    if text:
        _set_font(p.add_run(text), size, bold)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _appendix(doc, title: str, caption: str, rows: list[AppendixRow], total_line: str) -> None:
    """Phụ lục on landscape pages: title, the "(Kèm theo …)" line, then the table."""
    from docx.enum.section import WD_SECTION

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE["height"], PAGE["width"]
    for side, value in LANDSCAPE.items():
        setattr(section, f"{side}_margin", value)
    _para(doc, "Phụ lục", size=14, bold=True)
    _para(doc, title.upper(), size=14, bold=True)
    _para(doc, caption, size=14, italic=True, after=12)
    table = doc.add_table(rows=2 + len(rows), cols=len(HEAD_TOP))
    table.style = doc.styles["Table Grid"]
    _fixed_widths(table, APPENDIX_WIDTHS_MM)
    center = WD_ALIGN_PARAGRAPH.CENTER
    top_cells, sub_cells = table.rows[0].cells, table.rows[1].cells
    for c, (top, sub) in enumerate(zip(HEAD_TOP, HEAD_SUB)):
        _cell_text(top_cells[c], top or "", bold=True, align=center)
        _cell_text(sub_cells[c], sub or "", bold=True, align=center)
    for c in range(len(HEAD_TOP)):
        if c not in MONEY_COLS:
            top_cells[c].merge(sub_cells[c])
    top_cells[MONEY_COLS[0]].merge(top_cells[MONEY_COLS[-1]])
    _repeat_header(table.rows[0])
    _repeat_header(table.rows[1])
    # row.cells once per row: table.cell(r, c) walks the whole table each call
    for table_row, row in zip(list(table.rows)[2:], rows):
        bold = row.kind != "item"
        for cell, (c, value) in zip(table_row.cells, enumerate(row.cells)):
            align = WD_ALIGN_PARAGRAPH.RIGHT if c in MONEY_COLS else (center if c == 0 else WD_ALIGN_PARAGRAPH.LEFT)
            _cell_text(cell, value, bold=bold, align=align)
    _para(doc, total_line, size=13, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6)


@dataclass
class Appendix:
    title: str
    caption: str
    rows: list[AppendixRow]
    total_line: str  # "Tổng kinh phí hỗ trợ: … đồng (Bằng chữ: …)."


def build_document(info: DocumentInfo, blocks: list[Block], charts: dict[str, bytes] | None = None,
                   appendix: Appendix | None = None) -> bytes:
    """The finished .docx as bytes (deterministic for the same input)."""
    doc = Document()
    _setup(doc)
    # python-docx's blank document starts with no paragraphs; the header table comes first.
    subject = next((b.text for b in blocks if b.kind == "subject"), info.title)
    kinh_gui = [b.text for b in blocks if b.kind == "kinh_gui"]
    body = [b for b in blocks if b.kind in ("p", "h1", "h2", "h3", "item", "chart")]
    if info.draft:
        _draft_mark(doc.sections[0])
    _header_table(doc, info)
    _title(doc, subject, kinh_gui)
    _body(doc, body, charts or {})
    _signature(doc, info)
    if appendix:
        _appendix(doc, appendix.title, appendix.caption, appendix.rows, appendix.total_line)
    _properties(doc, info)
    buf = io.BytesIO()
    doc.save(buf)
    return normalized_zip(buf.getvalue())

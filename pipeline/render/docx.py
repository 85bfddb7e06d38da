"""Report blocks + province identity -> .docx in the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I)."""

from __future__ import annotations

import copy
import datetime as dt
import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from pipeline.core.files import normalized_zip, saved_docx
from pipeline.render import ooxml
from pipeline.render.appendix import HEAD_SUB, HEAD_TOP, MONEY_COLS, AppendixRow
from pipeline.render.markup import Block, TemplateProblem
from pipeline.render.ooxml import LANG, set_run_look

BODY_PT = 14
PAGE = {"width": Mm(210), "height": Mm(297), "top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
TEXT_WIDTH_MM = 210 - 30 - 15
HEADER_LEFT_MM = 62
CELL_PADDING_MM = 1.9  # Word's default left/right cell margin (0.08 in)
FIRST_LINE_INDENT = Cm(1.27)
# A landscape page is bound along its top edge, so the top keeps the decree's 30 mm binding margin.
LANDSCAPE = {"top": Mm(30), "bottom": Mm(20), "left": Mm(20), "right": Mm(20)}
APPENDIX_WIDTHS_MM = [9, 62, 38, 34, 17, 17, 17, 22, 41]  # sums to 297 - 20 - 20
SIGNATURE_LINES = 4  # blank lines between the signer's title and name, for signature and seal
RULE_GAP_PT = 3  # a rule sits this far below the text above it
FRAME_STYLES = ("Normal", "Heading 1", "Heading 2", "Heading 3", "Caption", "Table Grid")
HEADING_STYLES = {"h1": "Heading 1", "h2": "Heading 2", "h3": "Heading 3"}
BODY_KINDS = ("p", "h1", "h2", "h3", "item", "chart", "table", "xml")
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
    kinh_gui: list[str] = field(default_factory=list)  # from config; "@kinh_gui" lines of a template replace it
    draft: bool = False  # built with --allow-errors past errors: every page says "DỰ THẢO"
    sample: bool = False  # built from the shipped sample data: every page says so at its foot


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


# -- paragraph helpers --------------------------------------------------------------------------
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
        set_run_look(p.add_run(text), size, bold, italic)
    return p


def _rule(container, length_mm: float, box_width_mm: float) -> Paragraph:
    """A centred horizontal line of the given length, below the text above it: an empty paragraph
    whose top border is drawn after RULE_GAP_PT of space (Word and LibreOffice both put the space
    before a paragraph above its top border)."""
    p = _para(container, size=1, before=RULE_GAP_PT)
    side = max((box_width_mm - length_mm) / 2, 0)
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    p.paragraph_format.line_spacing = Pt(1)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    ooxml.top_border(p)
    run = p.add_run()
    set_run_look(run, 1)
    return p


def _clear(cell: _Cell) -> _Cell:
    for p in list(cell.paragraphs):
        p._element.getparent().remove(p._element)
    return cell


def _fixed_widths(table, widths_mm: list[float]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)
    ooxml.fixed_layout(table, [int(w / 25.4 * 1440) for w in widths_mm])


def _page_numbers(section, start: int | None = None) -> None:
    """Page number centred in the top margin from the section's page 2 on; `start` restarts the
    count (each appendix is numbered on its own, its first page being 1)."""
    section.different_first_page_header_footer = True
    if start is not None:
        ooxml.restart_page_numbers(section, start)
        return  # the header itself is the body's, linked
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    set_run_look(run, 13)
    ooxml.add_field(run, "PAGE", "2")


def _draft_mark(section) -> None:
    """"DỰ THẢO" in bold capitals at the top right of every page (first page and the rest)."""
    for header in (section.first_page_header, section.header):
        p = header.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_run_look(p.add_run("DỰ THẢO"), 16, bold=True)


def _sample_mark(section) -> None:
    """Reports built from the shipped sample data say so at the foot of every page."""
    for footer in (section.first_page_footer, section.footer):
        p = footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_look(p.add_run(SAMPLE_MARK), 10, italic=True)


SAMPLE_MARK = "Báo cáo lập từ số liệu mẫu để minh họa, không phải văn bản ban hành."


# -- the document -----------------------------------------------------------------------------
def _open_frame(frame: Path):
    """The styled base document, emptied of any body text a Word user left in it."""
    try:
        stat = frame.stat()
        return Document(io.BytesIO(_checked_frame(str(frame), stat.st_mtime_ns, stat.st_size)))
    except TemplateProblem:
        raise
    except Exception as exc:  # a missing or damaged .docx
        raise TemplateProblem(f"Không mở được tệp khung {frame} ({type(exc).__name__}); "
                           "tạo lại bằng: python scripts/make_frame.py") from None


@lru_cache(maxsize=8)
def _checked_frame(frame: str, mtime_ns: int, size: int) -> bytes:
    """The frame checked for its styles and emptied, once per version of the file a process sees
    (a batch opens the same frame for every report); kept as a package stored uncompressed."""
    doc = Document(frame)
    present = {style.name for style in doc.styles}
    missing = [name for name in FRAME_STYLES if name not in present]
    if missing:
        raise TemplateProblem(f"Tệp khung {frame} thiếu kiểu (style): {', '.join(missing)}")
    ooxml.clear_body(doc)
    return saved_docx(doc)


def _setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE["width"], PAGE["height"]
    section.top_margin, section.bottom_margin = PAGE["top"], PAGE["bottom"]
    section.left_margin, section.right_margin = PAGE["left"], PAGE["right"]
    section.header_distance = Mm(10)
    _page_numbers(section)


def _header_table(doc, info: DocumentInfo) -> None:
    right_mm = TEXT_WIDTH_MM - HEADER_LEFT_MM
    table = doc.add_table(rows=1, cols=2)
    ooxml.no_borders(table)
    _fixed_widths(table, [HEADER_LEFT_MM, right_mm])
    left, right = (_clear(c) for c in table.rows[0].cells)
    _para(left, info.governing_body.upper(), size=13)
    _para(left, info.issuing_body.upper(), size=13, bold=True)
    box = HEADER_LEFT_MM - 2 * CELL_PADDING_MM  # a long name wraps: the rule follows its longest line
    _rule(left, min(text_width_mm(info.issuing_body.upper(), 13, True), box) * 0.45, box)
    number = info.number or "      "
    _para(left, f"Số: {number}/{info.symbol}", size=13, before=6)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12.5, bold=True)
    motto = "Độc lập - Tự do - Hạnh phúc"
    _para(right, motto, size=13, bold=True)
    _rule(right, text_width_mm(motto, 13, True), right_mm - 2 * CELL_PADDING_MM)
    _para(right, f"{info.place}, {info.date_text}", size=14, italic=True, before=6)


def subject_rule_mm(subject: str) -> float:
    """The rule under the subject: 40 % of its longest printed line (the decree: 1/3 to 1/2)."""
    return min(text_width_mm(subject, 14, True), TEXT_WIDTH_MM) * 0.4


def _title(doc, subject: str, kinh_gui: list[str]) -> None:
    _para(doc, "BÁO CÁO", size=14, bold=True, before=18)
    _para(doc, subject, size=14, bold=True)
    _rule(doc, subject_rule_mm(subject), TEXT_WIDTH_MM)
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
                    set_run_look(p.add_run(f"{label}\t"), BODY_PT)
                    p.paragraph_format.tab_stops.add_tab_stop(Cm(5.5))
                set_run_look(p.add_run(f"- {line}{end}"), BODY_PT)
    _para(doc, after=6)


@dataclass
class Table:
    """A small table in the body (the funding summary): header cells, rows, column widths."""

    header: list[str]
    rows: list[list[str]]
    widths_mm: list[float]  # the last row is the total, in bold
    text_columns: int = 1  # the first columns hold words (left-aligned); the rest figures (right-aligned)


def _chart(doc, png: bytes, number: int, caption: str) -> None:
    """The chart, then "Biểu đồ n. …" in the Caption style with a SEQ field (Word's list of figures)."""
    p = _para(doc, before=6)
    fmt = p.paragraph_format
    fmt.keep_with_next = True
    fmt.keep_together = True
    run = p.add_run()
    run.add_picture(io.BytesIO(png), width=CHART_WIDTH)
    ooxml.tag_language(run._r.get_or_add_rPr())
    cap = doc.add_paragraph(style="Caption")
    cap.paragraph_format.first_line_indent = Cm(0)
    cap.paragraph_format.space_after = Pt(6)
    set_run_look(cap.add_run("Biểu đồ "), 13, italic=True)
    run = cap.add_run()
    set_run_look(run, 13, italic=True)
    ooxml.add_field(run, "SEQ Biểu_đồ \\* ARABIC", str(number))
    set_run_look(cap.add_run(f". {caption}"), 13, italic=True)


def _table(doc, table: Table) -> None:
    t = doc.add_table(rows=1 + len(table.rows), cols=len(table.header))
    t.style = doc.styles["Table Grid"]
    _fixed_widths(t, table.widths_mm)
    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    for cell, text in zip(t.rows[0].cells, table.header):
        _cell_text(cell, text, bold=True, align=center, size=12)
    ooxml.row_flag(t.rows[0], "w:tblHeader")
    for r, (row, values) in enumerate(zip(list(t.rows)[1:], table.rows), start=1):
        ooxml.row_flag(row, "w:cantSplit")
        bold = r == len(table.rows)
        for c, (cell, text) in enumerate(zip(row.cells, values)):
            _cell_text(cell, text, bold=bold, align=WD_ALIGN_PARAGRAPH.LEFT if c < table.text_columns else right, size=12)
    _para(doc, after=6)


def _body_paragraph(doc, kind: str) -> Paragraph:
    """A body paragraph of a kind (h1…h3 with the frame's heading style, text, item), justified."""
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, indent=FIRST_LINE_INDENT)
    if kind in HEADING_STYLES:
        p.style = doc.styles[HEADING_STYLES[kind]]
    p.paragraph_format.line_spacing = 1.15
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    if kind in HEADING_STYLES:
        p.paragraph_format.keep_with_next = True
    return p


def _body(doc, blocks: list[Block], charts: dict[str, tuple[bytes, str]], tables: dict[str, Table]) -> None:
    chart_no = 0
    looks: dict[str, object] = {}
    for block in blocks:
        if block.kind == "chart":
            chart_no += 1
            png, caption = charts[block.text]
            _chart(doc, png, chart_no, caption)
            continue
        if block.kind == "table":
            _table(doc, tables[block.text])
            continue
        if block.kind == "xml":  # from a Word-made template: its own look, tagged Vietnamese
            element = copy.deepcopy(block.element)
            ooxml.tag_runs(element)
            ooxml.frame_table(element)
            ooxml.append_to_body(doc, element)
            continue
        if block.kind in looks:  # the look of this kind made once per report, then copied
            p = doc.add_paragraph()
            ooxml.set_paragraph_look(p, looks[block.kind])
        else:
            p = _body_paragraph(doc, block.kind)
            looks[block.kind] = ooxml.paragraph_look(p)
        runs = list(block.runs or ((block.text, False, False),))
        if block.kind == "item" and not block.text.startswith(("-", "–")):
            runs.insert(0, ("- ", False, False))
        bold = block.kind in ("h1", "h2", "h3")
        italic = block.kind == "h3"  # "Kết quả, tác động": a sub-heading, bold italic as real reports set it
        for chunk, b, i in runs:
            set_run_look(p.add_run(chunk.upper() if block.kind == "h1" else chunk), BODY_PT, bold or b, italic or i)


def recipients(listed: list[str], kinh_gui: list[str]) -> list[str]:
    """Nơi nhận: a report with "Kính gửi" goes to those first, so "Như trên" opens the list."""
    rest = [r for r in listed if r.strip().lower() not in ("như trên", "như kính gửi")]
    return (["Như trên"] if kinh_gui else []) + rest


def _signature(doc, info: DocumentInfo, kinh_gui: list[str]) -> None:
    """Nơi nhận and the signature in one borderless row that may not split across pages; the
    paragraph before it keeps with it, so the closing line is not left alone either."""
    spacer = _para(doc, after=0)
    spacer.paragraph_format.keep_with_next = True
    previous = ooxml.previous_paragraph(spacer)
    if previous is not None:
        Paragraph(previous, spacer._parent).paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=2)
    ooxml.no_borders(table)
    _fixed_widths(table, [80, TEXT_WIDTH_MM - 80])
    ooxml.row_flag(table.rows[0], "w:cantSplit")
    left, right = (_clear(c) for c in table.rows[0].cells)
    _para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in recipients(info.recipients, kinh_gui):
        _para(left, f"- {line};", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(left, f"- {info.archive}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    if info.signer_prefix:
        _para(right, info.signer_prefix.upper(), size=14, bold=True)
    _para(right, info.signer_title.upper(), size=14, bold=True)
    for _ in range(SIGNATURE_LINES):
        _para(right, size=14)
    _para(right, info.signer_name, size=14, bold=True)


def _properties(doc, info: DocumentInfo) -> None:
    """The issuing body's properties; the frame's thumbnail, custom XML and application name go."""
    props = doc.core_properties
    stamp = dt.datetime.combine(info.as_of, dt.time(8, 0))
    props.title = info.title[:255]  # the core properties hold at most 255 characters each
    props.author = info.issuing_body[:255]
    props.last_modified_by = info.issuing_body[:255]
    props.subject = "Báo cáo kết quả thực hiện kế hoạch khuyến công"
    props.keywords = "khuyến công"
    props.comments = props.category = props.content_status = props.identifier = ""
    props.language = LANG
    props.created = props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    ooxml.package_properties(doc, company=f"{info.governing_body} - {info.issuing_body}")


_CELL_LOOKS: dict = {}  # alignment -> the w:pPr python-docx made for it once, copied into every cell


def _cell_text(cell: _Cell, text: str, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT, size: float = 11) -> None:
    p = cell.paragraphs[0]
    look = _CELL_LOOKS.get(align)
    if look is None:
        p.alignment = align
        p.paragraph_format.space_before = Pt(2)
        p.paragraph_format.space_after = Pt(2)
        p.paragraph_format.first_line_indent = Cm(0)
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # not the body's 1.15 of Normal
        _CELL_LOOKS[align] = ooxml.paragraph_look(p)
    else:
        ooxml.set_paragraph_look(p, look)
    if text:
        set_run_look(p.add_run(text), size, bold)


@dataclass
class Appendix:
    title: str
    caption: str  # "(Kèm theo Báo cáo số …/BC-SCT ngày … tháng … năm … của …)"
    rows: list[AppendixRow]
    total_line: str  # "Tổng kinh phí hỗ trợ: … đồng (Bằng chữ: …)."
    notes: tuple[str, ...] = ()  # "Ghi chú: …" lines that reconcile the table with the body


def _shrink_section_break(doc) -> None:
    """The empty paragraph that ends the previous section is 1 pt high, so it never spills onto a
    page of its own after a signature block that fills the page."""
    p = Paragraph(ooxml.section_end_paragraphs(doc)[-1], doc._body)
    if not p.text:
        fmt = p.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(1)


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _appendix(doc, number: str, appendix: Appendix) -> None:
    """Phụ lục on landscape pages of its own section, numbered from 1: "Phụ lục I", title, the
    "(Kèm theo …)" line, then the table whose header repeats and whose rows never split."""
    from docx.enum.section import WD_SECTION

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _shrink_section_break(doc)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE["height"], PAGE["width"]
    for side, value in LANDSCAPE.items():
        setattr(section, f"{side}_margin", value)
    _page_numbers(section, start=1)
    _para(doc, f"Phụ lục {number}", size=14, bold=True)
    _para(doc, appendix.title.upper(), size=14, bold=True)
    _para(doc, appendix.caption, size=14, italic=True, after=12)
    table, prototypes = _appendix_table(doc)
    ooxml.rows_like(table, prototypes, [(row.kind != "item", row.cells) for row in appendix.rows])
    _para(doc, appendix.total_line, size=13, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6)
    for note in appendix.notes:
        _para(doc, f"Ghi chú: {note}", size=13, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)


_APPENDIX_TABLES: dict[str, object] = {}  # the table style's id -> the w:tbl below, made once per process


def _appendix_table(doc):
    """(table, {bold: prototype row}): the appendix table's two header rows (merged, repeated on
    every page) and a plain and a bold prototype row for ooxml.rows_like (bold: the rows of sections
    and sums). Made through python-docx once per process (merging cells walks the table each
    time), then copied into every report."""
    style = doc.styles["Table Grid"]
    made = _APPENDIX_TABLES.get(style.style_id)
    if made is not None:
        table = ooxml.append_table(doc, made)
    else:
        table = doc.add_table(rows=4, cols=len(HEAD_TOP))
        table.style = style
        appendix_header(table)
        for bold, table_row in zip((False, True), list(table.rows)[2:]):
            for c, cell in enumerate(table_row.cells):
                _cell_text(cell, "x", bold=bold, align=appendix_alignment(c))
        _APPENDIX_TABLES[style.style_id] = ooxml.element_copy(table)
    return table, dict(zip((False, True), list(table.rows)[2:]))


def appendix_alignment(c: int):
    """Column c of an appendix row: amounts to the right, the number centred, text to the left."""
    if c in MONEY_COLS:
        return WD_ALIGN_PARAGRAPH.RIGHT
    return WD_ALIGN_PARAGRAPH.CENTER if c == 0 else WD_ALIGN_PARAGRAPH.LEFT


def appendix_header(table) -> None:
    """Fixed column widths, the two header rows written and merged; every row of the table kept
    whole on a page, the header rows repeated on each."""
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
    for row in table.rows:
        ooxml.row_flag(row, "w:cantSplit")
    ooxml.row_flag(table.rows[0], "w:tblHeader")
    ooxml.row_flag(table.rows[1], "w:tblHeader")


def build_document(info: DocumentInfo, blocks: list[Block], frame: Path,
                   charts: dict[str, tuple[bytes, str]] | None = None, appendices: list[Appendix] = (),
                   tables: dict[str, Table] | None = None) -> bytes:
    """The finished .docx as bytes (deterministic for the same input). `frame` is the styled base
    document; `charts` maps a chart name to (PNG, caption); raises TemplateProblem."""
    doc = _open_frame(frame)
    _setup(doc)
    subject = next((b.text for b in blocks if b.kind == "subject"), info.title)
    kinh_gui = [b.text for b in blocks if b.kind == "kinh_gui"] or info.kinh_gui
    body = [b for b in blocks if b.kind in BODY_KINDS]
    if info.draft:
        _draft_mark(doc.sections[0])
    if info.sample:
        _sample_mark(doc.sections[0])
    _header_table(doc, info)
    _title(doc, subject, kinh_gui)
    _body(doc, body, charts or {}, tables or {})
    _signature(doc, info, kinh_gui)
    for number, appendix in zip(ROMAN, appendices):
        _appendix(doc, number, appendix)
    _properties(doc, info)
    return normalized_zip(saved_docx(doc))

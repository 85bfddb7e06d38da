"""The one place where WordprocessingML is touched as XML, under python-docx's proxy objects.

python-docx covers most of what a report needs; what it does not (borders, fields, page-number
restarts, language tags, run looks built once and copied) is done here, and every child is put
in its schema place (ECMA-376 Part 1, §17): Word "repairs" a file whose w:pPr, w:rPr, w:tblPr or
w:sectPr children are out of order or doubled, even when LibreOffice forgives it. `order_problems`
checks a written part against the same sequences; the tests run it over every generated .docx.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

FONT = "Times New Roman"
LANG = "vi-VN"

# Child sequences of the property elements we write into (CT_PPr, CT_RPr, CT_TblPr, CT_SectPr).
PPR = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
       "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
       "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
       "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
       "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
RPR = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
       "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
       "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
       "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange")
TBLPR = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
         "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
         "tblCaption", "tblDescription", "tblPrChange")
SECTPR = ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc",
          "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg",
          "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange")
REPEATABLE = {"headerReference", "footerReference"}
SEQUENCES = {"pPr": PPR, "rPr": RPR, "tblPr": TBLPR, "sectPr": SECTPR}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def place(parent, child, order: tuple[str, ...]):
    """Put `child` into `parent` at its schema place, replacing one of the same name."""
    name = etree.QName(child).localname
    old = parent.find(qn(f"w:{name}"))
    if old is not None:
        parent.replace(old, child)
        return child
    rank = order.index(name)
    later = next((c for c in parent if isinstance(c.tag, str) and c.tag.startswith(W)
                  and etree.QName(c).localname in order[rank + 1:]), None)
    if later is None:
        parent.append(child)
    else:
        later.addprevious(child)
    return child


def _element(tag: str, **attrs: str):
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(k.replace("_", ":", 1)), v)
    return el


# -- runs ---------------------------------------------------------------------------------------
def force_font(rpr) -> None:
    """Times New Roman for every script slot, no theme font that would override it, and the
    Vietnamese language tag so Word's proofing does not mark every word."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = place(rpr, OxmlElement("w:rFonts"), RPR)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)
    tag_language(rpr)


def tag_language(rpr) -> None:
    """w:lang vi-VN in its schema place."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = place(rpr, OxmlElement("w:lang"), RPR)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), LANG)


def tag_runs(element) -> None:
    """Every run inside a block copied from a Word-made template: tagged Vietnamese."""
    for run in element.iter(qn("w:r")):
        tag_language(run.get_or_add_rPr())


@lru_cache(maxsize=None)
def _run_properties(size: float, bold: bool, italic: bool):
    """One w:rPr per look, built once: Times New Roman in every slot, bold and italic stated either
    way (so a heading style's bold does not leak in), the size, vi-VN."""
    rpr = OxmlElement("w:rPr")
    force_font(rpr)
    for tag, on in (("w:b", bold), ("w:i", italic)):
        place(rpr, _element(tag) if on else _element(tag, w_val="0"), RPR)
    place(rpr, _element("w:sz", w_val=str(round(size * 2))), RPR)
    return rpr


def set_run_look(run, size: float, bold: bool = False, italic: bool = False) -> None:
    """A copy of the cached run properties (python-docx's setters cost a tree walk each)."""
    old = run._r.find(qn("w:rPr"))
    if old is not None:
        run._r.remove(old)
    run._r.insert(0, copy.deepcopy(_run_properties(float(size), bool(bold), bool(italic))))


def add_field(run, instruction: str, shown: str) -> None:
    """A Word field (PAGE, SEQ …) in a run, with the value shown until Word updates it."""
    run._r.append(_element("w:fldChar", w_fldCharType="begin"))
    instr = _element("w:instrText", xml_space="preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run._r.append(_element("w:fldChar", w_fldCharType="separate"))
    t = OxmlElement("w:t")
    t.text = shown
    run._r.append(t)
    run._r.append(_element("w:fldChar", w_fldCharType="end"))


# -- paragraphs, tables, sections ---------------------------------------------------------------
def paragraph_look(paragraph):
    """A copy of the paragraph's w:pPr, to give other paragraphs the same look (see set_paragraph_look)."""
    return copy.deepcopy(paragraph._p.get_or_add_pPr())


def set_paragraph_look(paragraph, look) -> None:
    """The paragraph's properties replaced by a copy of `look`: one deep copy instead of a tree walk
    per setter, for the thousands of table cells of an appendix."""
    old = paragraph._p.pPr
    if old is not None:
        paragraph._p.remove(old)
    paragraph._p.insert(0, copy.deepcopy(look))


def top_border(paragraph) -> None:
    """A thin black rule along the paragraph's top edge."""
    borders = OxmlElement("w:pBdr")
    borders.append(_element("w:top", w_val="single", w_sz="6", w_space="0", w_color="000000"))
    place(paragraph._p.get_or_add_pPr(), borders, PPR)


def previous_paragraph(paragraph):
    """The w:p just before this paragraph, or None (a table or the body's start)."""
    previous = paragraph._p.getprevious()
    return previous if previous is not None and previous.tag == qn("w:p") else None


def no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(f"w:{edge}", w_val="nil"))
    place(table._tbl.tblPr, borders, TBLPR)


def fixed_layout(table, widths_twips: list[int]) -> None:
    """Column widths that Word keeps as given (one w:tblLayout, in its place) and the grid to match."""
    place(table._tbl.tblPr, _element("w:tblLayout", w_type="fixed"), TBLPR)
    for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_twips):
        col.set(qn("w:w"), str(w))


def element_copy(proxy):
    """A deep copy of a python-docx object's element (a table, a paragraph), to be put in again."""
    return copy.deepcopy(proxy._element)


def append_table(doc, tbl):
    """A copy of the w:tbl appended to the body where doc.add_table would put it; its Table proxy."""
    from docx.table import Table

    new = copy.deepcopy(tbl)
    doc._body._element._insert_tbl(new)
    return Table(new, doc._body)


_T, _XML_SPACE = qn("w:t"), qn("xml:space")


def rows_like(table, prototypes: dict, rows: list) -> None:
    """Rows appended to `table`, each a copy of one of its styled prototype rows (`prototypes`:
    key -> row whose every cell holds one styled run) with the cells' texts put in; an empty text
    leaves the cell without a run, as python-docx's add_run("") would. One deep copy per row
    instead of a tree of properties set per cell (an appendix has thousands). `rows`: (key,
    texts). The prototypes are removed afterwards."""
    tbl = table._tbl
    for key, texts in rows:
        tr = copy.deepcopy(prototypes[key]._tr)
        for tc, text in zip(tr.tc_lst, texts):
            p = tc.p_lst[0]
            run = p.r_lst[0]
            if text and (len(run) > 1 or "\t" in text or "\n" in text or "\r" in text):
                run.text = text  # python-docx's own setter: tabs and line breaks become w:tab, w:br
            elif text:  # what that setter makes of plain text after the run's w:rPr, without its walk
                t = etree.SubElement(run, _T)
                t.text = text
                if len(text.strip()) < len(text):
                    t.set(_XML_SPACE, "preserve")
            else:
                p.remove(run)
        tbl.append(tr)
    for row in prototypes.values():
        tbl.remove(row._tr)


def row_flag(row, tag: str) -> None:
    """A table-row property switched on: w:cantSplit (the row never splits across pages) or
    w:tblHeader (the row repeats at the top of every page). CT_TrPr's children are a choice, in
    any order; each is set once."""
    _tr_flag(row._tr, tag)


def _tr_flag(tr, tag: str) -> None:
    tr_pr = tr.get_or_add_trPr()
    if tr_pr.find(qn(tag)) is None:
        tr_pr.append(_element(tag, w_val="true"))


def frame_table(tbl) -> None:
    """A table typed in a Word template gets the look of the tables we draw: no row splits
    across pages, and the first row repeats on every page unless the author chose header rows.
    Anything but a table (w:tbl) is left as it is."""
    if tbl.tag != qn("w:tbl"):
        return
    rows = tbl.findall(qn("w:tr"))
    chosen = any(tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for tr in rows)
    for i, tr in enumerate(rows):
        _tr_flag(tr, "w:cantSplit")
        if i == 0 and not chosen:
            _tr_flag(tr, "w:tblHeader")


def restart_page_numbers(section, start: int) -> None:
    num = section._sectPr.find(qn("w:pgNumType"))
    if num is None:
        num = place(section._sectPr, OxmlElement("w:pgNumType"), SECTPR)
    num.set(qn("w:start"), str(start))


def clear_body(doc) -> None:
    """The body emptied of everything but its final section properties."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def append_to_body(doc, element) -> None:
    """A block (w:p or w:tbl) added at the end of the body, before its final section properties."""
    doc.element.body.sectPr.addprevious(element)


def section_end_paragraphs(doc) -> list:
    """The w:p elements that close a section (they carry a w:sectPr in their w:pPr)."""
    return [p for p in doc.element.body.iterchildren(qn("w:p"))
            if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]


def body_blocks(doc):
    """(element, is_paragraph, its text, holds a picture) for each paragraph and table of the body."""
    for element in doc.element.body.iterchildren(qn("w:p"), qn("w:tbl")):
        text = "".join(t.text or "" for t in element.iter(qn("w:t"))).strip()
        yield element, element.tag == qn("w:p"), text, next(element.iter(qn("w:drawing")), None) is not None


# -- the package ---------------------------------------------------------------------------------
_APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/'
            'officeDocument/2006/extended-properties"><Application>khuyencong</Application><DocSecurity>0</DocSecurity>'
            '<Company>{company}</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc></Properties>')
_LEFTOVER_RELS = ("/metadata/thumbnail", "/relationships/customXml")


def package_properties(doc, company: str) -> None:
    """The frame's thumbnail and custom XML dropped; the application is this tool, the company the issuer."""
    from xml.sax.saxutils import escape

    package = doc.part.package
    for owner in (package, doc.part):
        for r_id, rel in list(owner.rels.items()):
            if rel.reltype.endswith(_LEFTOVER_RELS):
                del owner.rels[r_id]
    for rel in package.rels.values():
        if rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = _APP_XML.format(company=escape(company)).encode("utf-8")


# -- the check ----------------------------------------------------------------------------------
def order_problems(part: bytes) -> list[str]:
    """Children of w:pPr, w:rPr, w:tblPr and w:sectPr that are out of schema order or doubled."""
    problems = []
    for parent in etree.fromstring(part, etree.XMLParser(resolve_entities=False)).iter(
            *(f"{W}{name}" for name in SEQUENCES)):
        order = SEQUENCES[etree.QName(parent).localname]
        names = [etree.QName(c).localname for c in parent if isinstance(c.tag, str) and c.tag.startswith(W)]
        ranks = [order.index(n) for n in names if n in order]
        if ranks != sorted(ranks):
            problems.append(f"{etree.QName(parent).localname}: {' '.join(names)}")
        doubled = {n for n in names if names.count(n) > 1 and n not in REPEATABLE}
        if doubled:
            problems.append(f"{etree.QName(parent).localname}: {', '.join(sorted(doubled))} twice")
    return problems

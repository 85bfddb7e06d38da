"""Writes pipeline/render/templates/base/khung.docx: the styled base document every report is built on.

Run once when the house style changes (`python scripts/make_frame.py`); the result is committed.
A province may instead edit a copy in Word (templates/provinces/<tỉnh>/khung.docx): the
renderer takes its styles, fonts and page setup as they are.

What the frame holds: Times New Roman 14 black for Normal; Heading 1–3 in the decree's look
(upper-case bold, bold, regular; black, no theme colours, outline levels for the navigation pane);
Caption for chart captions; the Vietnamese language (vi-VN) as the document default. What
python-docx's own template leaves behind (thumbnail, "Normal.dotm", "Microsoft Macintosh Word")
is removed when a report is built (pipeline.render.docx._clean_package), so a Word-edited frame is cleaned too.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.core.files import normalized_zip  # noqa: E402
from pipeline.render.ooxml import FONT, force_font  # noqa: E402


def _style(doc, name: str, size: float, bold: bool = False, italic: bool = False) -> None:
    style = doc.styles[name]
    font = style.font
    font.name, font.size, font.bold, font.italic = FONT, Pt(size), bold, italic
    font.color.rgb = RGBColor(0, 0, 0)
    font.all_caps = False
    force_font(style.element.get_or_add_rPr())
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    if name.startswith("Heading"):
        fmt.keep_with_next = True
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Cm(1.27)


def frame_bytes() -> bytes:
    doc = Document()
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    force_font(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    _style(doc, "Normal", 14)
    body = doc.styles["Normal"].paragraph_format  # the decree's body look, for text typed in a Word template
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.first_line_indent = Cm(1.27)
    body.line_spacing = 1.15
    for name in ("Header", "Footer"):  # based on Normal, but never indented or justified
        fmt = doc.styles[name].paragraph_format
        fmt.first_line_indent, fmt.alignment = Cm(0), WD_ALIGN_PARAGRAPH.CENTER
    _style(doc, "Heading 1", 14, bold=True)
    _style(doc, "Heading 2", 14, bold=True)
    _style(doc, "Heading 3", 14, bold=True, italic=True)  # "Kết quả, tác động": a sub-heading, seen as one
    _style(doc, "Caption", 13, italic=True)
    doc.styles["Caption"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.styles["Caption"].paragraph_format.first_line_indent = Cm(0)
    for p in list(doc.paragraphs):
        p._element.getparent().remove(p._element)
    props = doc.core_properties
    props.title = props.subject = props.author = props.keywords = props.comments = ""
    props.last_modified_by = props.category = ""
    buf = io.BytesIO()
    doc.save(buf)
    return normalized_zip(buf.getvalue())


if __name__ == "__main__":
    target = ROOT / "pipeline" / "render" / "templates" / "base" / "khung.docx"
    target.write_bytes(frame_bytes())
    print(target)

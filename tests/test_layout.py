"""The decree's layout, rule by rule, read back from the .docx (and from the PDF LibreOffice makes)."""

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from PIL import Image

from pipeline.app.templates import sample_records
from pipeline.compute import compute_report
from pipeline.core.model import Period
from pipeline.render.charts import chart_png, support_by_source
from pipeline.render.docx import SAMPLE_MARK, TEXT_WIDTH_MM, recipients, text_width_mm

pytestmark = pytest.mark.slow

SAMPLES = {
    "bac-kan": "bac-kan/2018-6thang/bao-cao-bac-kan-2018-6thang.docx",
    "ha-giang": "ha-giang/2022-9thang/bao-cao-ha-giang-2022-9thang.docx",
    "quang-ninh": "quang-ninh/2022-nam/bao-cao-quang-ninh-2022-nam.docx",
}
HAS_SOFFICE = shutil.which("soffice") is not None


def soffice_cmd(tmp_path: Path) -> list[str]:
    """LibreOffice with a profile of its own: two conversions at once (parallel tests, another
    run) would otherwise fight over the one user profile and fail."""
    return ["soffice", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="session", params=sorted(SAMPLES))
def sample(request, sample_outputs):
    return request.param, sample_outputs / SAMPLES[request.param]


def _rules(doc):
    """(paragraph, printed length in mm, box width in mm) of every rule: an empty paragraph with a top border."""
    found = []
    header = doc.tables[0]
    boxes = [(cell, cell.width.mm - 3.8) for cell in header.rows[0].cells] + [(doc, TEXT_WIDTH_MM)]
    for container, box in boxes:
        for p in container.paragraphs:
            borders = p._p.pPr.find(qn("w:pBdr")) if p._p.pPr is not None else None
            if borders is not None and borders.find(qn("w:top")) is not None and not p.text.strip():
                fmt = p.paragraph_format
                found.append((p, box - fmt.left_indent.mm - fmt.right_indent.mm, box))
    return found


def test_rules_sit_below_their_text_at_decree_lengths(sample):
    _, path = sample
    doc = Document(str(path))
    rules = _rules(doc)
    assert len(rules) == 3  # under the issuing body, under the motto, under the subject
    (body_rule, body_len, _), (motto_rule, motto_len, _), (subject_rule, subject_len, _) = rules
    for rule, _, _ in rules:
        assert rule.paragraph_format.space_before.pt >= 2  # a gap: the line does not touch the text
    issuing = text_width_mm("SỞ CÔNG THƯƠNG", 13, True)
    assert issuing / 3 <= body_len <= issuing / 2
    assert motto_len == pytest.approx(text_width_mm("Độc lập - Tự do - Hạnh phúc", 13, True), abs=0.5)
    subject = next(p for p in doc.paragraphs if p.text == "BÁO CÁO")._p.getnext()
    subject_text = "".join(t.text for t in subject.iter(qn("w:t")))
    printed = min(text_width_mm(subject_text, 14, True), TEXT_WIDTH_MM)
    assert printed / 3 <= subject_len <= printed / 2


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice is not installed")
def test_rules_are_drawn_below_the_text_in_print(sample_outputs, tmp_path):
    """In the PDF: each horizontal rule on page 1 lies under the line of text above it, not through it."""
    for rel in SAMPLES.values():
        subprocess.run([*soffice_cmd(tmp_path), "--convert-to", "pdf", "--outdir", str(tmp_path),
                        str(sample_outputs / rel)], capture_output=True, check=True, timeout=180)
        assert _pdf_rules_below_text(tmp_path / (Path(rel).stem + ".pdf"), rel) == 3


def _pdf_rules_below_text(pdf: Path, label: str) -> int:
    """Checks every horizontal rule of page 1's frame lies under its text; returns how many there are."""
    import pymupdf

    page = pymupdf.open(pdf)[0]
    words = page.get_text("words")
    body_top = min(w[1] for w in words if w[4] == "Kính")  # the frame ends where "Kính gửi" starts
    lines = {tuple(round(v) for v in d["rect"]): d["rect"] for d in page.get_drawings()
             if d["rect"].height < 2 and d["rect"].width > 5 and d["rect"].y0 < body_top}.values()
    for line in lines:
        above = [w for w in words if w[3] <= line.y0 + 3 and w[0] < line.x1 and w[2] > line.x0]
        closest = max(above, key=lambda w: w[3])
        assert line.y0 - closest[3] >= 2, (label, closest[4])  # a visible gap below the line of text
        through = [w for w in words if w[1] < line.y0 < w[3] and w[0] < line.x1 and w[2] > line.x0]
        assert through == [], (label, [w[4] for w in through])
    return len(lines)


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice is not installed")
@pytest.mark.parametrize("issuing, subject", [
    ("SỞ CÔNG THƯƠNG", "Kết quả"),
    ("TRUNG TÂM KHUYẾN CÔNG VÀ TƯ VẤN PHÁT TRIỂN CÔNG NGHIỆP",
     "Kết quả thực hiện kế hoạch khuyến công năm 2026, nhiệm vụ, giải pháp và kế hoạch khuyến công năm 2027 "
     "của Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh Thanh Hóa sau sắp xếp đơn vị hành chính"),
])
def test_rules_stay_below_text_of_any_length(tmp_path, issuing, subject):
    import datetime as dt

    from pipeline.render.docx import DocumentInfo, build_document
    from pipeline.render.markup import Block

    info = DocumentInfo(governing_body="SỞ CÔNG THƯƠNG TỈNH THANH HÓA", issuing_body=issuing, number="07",
                        symbol="BC-TTKC", place="Thanh Hóa", date_text="ngày 05 tháng 01 năm 2027",
                        signer_prefix="", signer_title="GIÁM ĐỐC", signer_name="Lê Văn A", recipients=["Sở Công Thương"],
                        archive="Lưu: VT.", title="t", as_of=dt.date(2027, 1, 5), kinh_gui=["Sở Công Thương"])
    frame = Path(__file__).resolve().parents[1] / "pipeline/render/templates/base/khung.docx"
    docx = tmp_path / "d.docx"
    docx.write_bytes(build_document(info, [Block("subject", subject), Block("p", "Nội dung.")], frame))
    subprocess.run([*soffice_cmd(tmp_path), "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   capture_output=True, check=True, timeout=180)
    assert _pdf_rules_below_text(tmp_path / "d.pdf", issuing[:20]) == 3
    subject_rule = _rules(Document(str(docx)))[2][1]
    assert TEXT_WIDTH_MM / 3 <= subject_rule <= TEXT_WIDTH_MM / 2 or len(subject) < 20


def test_kinh_gui_and_nhu_tren_open_the_recipients(sample):
    _, path = sample
    doc = Document(str(path))
    kinh_gui = [p.text for p in doc.paragraphs if p.text.startswith("Kính gửi:")]
    assert len(kinh_gui) == 1
    left = _signature_table(doc).rows[0].cells[0].paragraphs
    assert [p.text for p in left[:2]] == ["Nơi nhận:", "- Như trên;"]


def test_nhu_tren_only_with_kinh_gui(config):
    province, _ = config.province("quang-ninh")
    assert recipients(province.recipients, province.kinh_gui)[0] == "Như trên"
    assert "Như trên" not in recipients(province.recipients, [])
    assert recipients(["Như trên", "Giám đốc Sở"], ["UBND tỉnh"]) == ["Như trên", "Giám đốc Sở"]


def _signature_table(doc):
    return next(t for t in doc.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")


def test_signature_block_keeps_together_with_room_to_sign(sample):
    _, path = sample
    doc = Document(str(path))
    table = _signature_table(doc)
    tr_pr = table.rows[0]._tr.trPr
    assert tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None
    right = [p.text for p in table.rows[0].cells[1].paragraphs]
    title = max(i for i, t in enumerate(right) if t.isupper() and t)
    name = len(right) - 1
    blanks = right[title + 1:name]
    assert 3 <= len(blanks) <= 4 and all(not b for b in blanks)
    before = table._tbl.getprevious()
    assert before.pPr.find(qn("w:keepNext")) is not None  # the closing line goes with the signature


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice is not installed")
def test_signature_lands_on_one_page_in_print(sample_outputs, tmp_path):
    for rel in SAMPLES.values():
        subprocess.run([*soffice_cmd(tmp_path), "--convert-to", "pdf", "--outdir", str(tmp_path),
                        str(sample_outputs / rel)], capture_output=True, check=True, timeout=180)
        pdf = tmp_path / (Path(rel).stem + ".pdf")
        pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout.split("\f")
        doc = Document(str(sample_outputs / rel))
        signer = _signature_table(doc).rows[0].cells[1].paragraphs[-1].text
        on = [i for i, page in enumerate(pages) if "Nơi nhận:" in page]
        assert len(on) == 1 and signer in pages[on[0]] and "GIÁM ĐỐC" in pages[on[0]], rel
        assert pages[on[0] + 1].strip().splitlines()[-1].strip() != "", rel  # no empty page after it


def test_each_appendix_is_numbered_on_its_own_landscape_pages(sample):
    _, path = sample
    doc = Document(str(path))
    assert len(doc.sections) == 2
    body, appendix = doc.sections
    num = appendix._sectPr.find(qn("w:pgNumType"))
    assert num is not None and num.get(qn("w:start")) == "1"
    assert body._sectPr.find(qn("w:pgNumType")) is None
    assert appendix.page_width > appendix.page_height
    assert round(appendix.top_margin.mm) >= 30  # the bound edge of a landscape page is its top
    assert 20 <= round(appendix.left_margin.mm) and 20 <= round(appendix.right_margin.mm)
    assert round(appendix.bottom_margin.mm) >= 15
    width = sum(c.width.mm for c in doc.tables[-1].rows[2].cells)
    assert width <= appendix.page_width.mm - appendix.left_margin.mm - appendix.right_margin.mm + 0.5


def test_appendix_rows_never_split_and_header_repeats(sample):
    _, path = sample
    table = Document(str(path)).tables[-1]
    for i, row in enumerate(table.rows):
        tr_pr = row._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None, i
        assert (tr_pr.find(qn("w:tblHeader")) is not None) == (i < 2), i


def test_body_refers_to_the_appendix_with_its_full_date(sample):
    name, path = sample
    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    assert any("chi tiết tại Phụ lục I kèm theo" in t for t in texts)
    assert "Phụ lục I" in texts
    caption = next(t for t in texts if t.startswith("(Kèm theo Báo cáo số"))
    assert re.search(r"ngày (\d{2}|\s+) tháng (\d{1,2}|\s+) năm \d{4} của Sở Công Thương tỉnh", caption), caption
    if name == "bac-kan":
        assert "số 15/BC-SCT ngày 05 tháng 7 năm 2018" in caption


def test_headings_use_heading_styles_in_the_decree_look(sample):
    _, path = sample
    doc = Document(str(path))
    parts = [p for p in doc.paragraphs if p.text.startswith("Thứ ")]
    assert parts and all(p.style.name == "Heading 2" for p in parts)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        style = doc.styles[name]
        assert style.font.name == "Times New Roman" and style.font.size.pt == 14
        assert str(style.font.color.rgb) == "000000"
        fonts = style.element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:asciiTheme")) is None  # no theme font overrides Times New Roman
    sub = [p for p in doc.paragraphs if p.text.startswith(("Kết quả, tác động", "Khó khăn, vướng mắc"))]
    assert sub and all(p.style.name == "Heading 3" for p in sub)


def test_every_run_is_tagged_vietnamese(sample):
    _, path = sample
    with zipfile.ZipFile(path) as z:
        parts = [n for n in z.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
        for name in parts:
            xml = z.read(name).decode()
            runs = re.findall(r"<w:r>.*?</w:r>|<w:r .*?</w:r>", xml, flags=re.S)
            untagged = [r for r in runs if 'w:lang w:val="vi-VN"' not in r]
            assert runs and untagged == [], (name, untagged[:1])
        styles = z.read("word/styles.xml").decode()
        assert re.search(r'<w:rPrDefault>.*w:lang w:val="vi-VN"', styles, flags=re.S)


def test_document_properties_are_the_issuing_bodys(sample):
    name, path = sample
    doc = Document(str(path))
    props = doc.core_properties
    assert props.author == "SỞ CÔNG THƯƠNG" and props.last_modified_by == "SỞ CÔNG THƯƠNG"
    assert props.title.startswith("Báo cáo kết quả thực hiện kế hoạch khuyến công") and props.language == "vi-VN"
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        assert not any("thumbnail" in n or n.startswith("customXml") for n in names)
        everything = b"".join(z.read(n) for n in names if n.endswith((".xml", ".rels")))
        app = z.read("docProps/app.xml").decode()
    for leftover in (b"python-docx", b"Normal.dotm", b"Macintosh", b"thumbnail"):
        assert leftover not in everything, leftover
    assert "<Application>khuyencong</Application>" in app and "SỞ CÔNG THƯƠNG" in app


def test_chart_has_a_numbered_caption_and_prints_in_grey(sample_outputs):
    doc = Document(str(sample_outputs / SAMPLES["quang-ninh"]))
    captions = [p for p in doc.paragraphs if p.style.name == "Caption"]
    assert [p.text for p in captions] == ["Biểu đồ 1. Kinh phí hỗ trợ theo nguồn và tình trạng (triệu đồng)"]
    assert "SEQ Biểu_đồ" in "".join(t.text for t in captions[0]._p.iter(qn("w:instrText")))
    picture = captions[0]._p.getprevious()
    assert picture.find(f".//{W}drawing") is not None  # the caption sits right under its chart
    report = compute_report(sample_records(), "x", 2026, Period.H1).model_dump()
    bars = support_by_source(report)  # each bar ends at its source's support, nhiệm vụ chi included
    assert {label: sum(v.values()) for label, v in bars.items()} == {
        s["label"]: s["support_vnd"] for s in report["sources"].values()}
    for name in ("kinh_phi", "tinh_trang"):
        image = Image.open(io.BytesIO(chart_png(name, report))).convert("RGB")
        colours = image.getcolors(maxcolors=1 << 20)
        assert all(r == g == b for _, (r, g, b) in colours), name


def test_sample_marker_only_on_sample_reports(sample_outputs, workspace):
    for rel in SAMPLES.values():
        doc = Document(str(sample_outputs / rel))
        footers = [doc.sections[0].footer, doc.sections[0].first_page_footer]
        assert all(SAMPLE_MARK in "".join(p.text for p in f.paragraphs) for f in footers), rel
    for narrative in (workspace / "inputs").glob("*/thuyet-minh-*.md"):
        text = narrative.read_text(encoding="utf-8")
        assert "so_lieu_mau: có" in text
        narrative.write_text(text.replace("so_lieu_mau: có", ""), encoding="utf-8")
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, ["run", "--inputs", str(workspace / "inputs"), "--outputs", str(workspace / "out"),
                                      "--config", str(workspace / "config.yaml")])
    assert result.exit_code == 0, result.output
    for rel in SAMPLES.values():
        with zipfile.ZipFile(workspace / "out" / rel) as z:
            text = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml")).decode()
        assert "số liệu mẫu" not in text and "minh họa" not in text.replace("(minh họa)", ""), rel


def test_appendix_xlsx_prints_and_sums_by_formula(sample_outputs):
    ws = load_workbook(sample_outputs / "quang-ninh/2022-nam/phu-luc-quang-ninh-2022-nam.xlsx").active
    fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
    assert fonts == {"Times New Roman"}
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$4:$5"
    assert round(ws.page_margins.top * 25.4) == 30
    rows = {ws.cell(r, 2).value: r for r in range(1, ws.max_row + 1)}
    assert ws.cell(rows["Cộng A"], 5).value == f"=SUM(E{rows['Khuyến công quốc gia'] + 1}:E{rows['Cộng A'] - 1})"
    assert ws.cell(rows["Tổng cộng"], 5).value == f"=E{rows['Cộng A']}+E{rows['Cộng B']}"


def _calc_available() -> bool:
    return HAS_SOFFICE and any(Path(p).is_file() for p in ("/usr/lib/libreoffice/program/libsclo.so",
                                                             "/usr/lib64/libreoffice/program/libsclo.so"))


@pytest.mark.skipif(not _calc_available(), reason="LibreOffice Calc is not installed")
def test_libreoffice_computes_the_appendix_totals(sample_outputs, tmp_path):
    src = sample_outputs / "quang-ninh/2022-nam/phu-luc-quang-ninh-2022-nam.xlsx"
    subprocess.run([*soffice_cmd(tmp_path), "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
                    "--outdir", str(tmp_path), str(src)], capture_output=True, check=True, timeout=180)
    import csv

    rows = {r[1]: r for r in csv.reader((tmp_path / (src.stem + ".csv")).open(encoding="utf-8")) if len(r) > 6}
    assert rows["Cộng A"][4:7] == ["1,800", "3,830", "1,680"]
    assert rows["Cộng B"][4] == "1,820" and rows["Tổng cộng"][4:7] == ["3,620", "6,580", "3,160"]


def test_appendix_xlsx_never_runs_data_as_a_formula(tmp_path):
    from pipeline.render.appendix import appendix_xlsx

    report = compute_report(sample_records(), "x", 2026, Period.H1).model_dump()
    entries = report["sources"]["KCQG"]["entries"]
    for entry, text in zip(entries, ("=cmd|'/c calc'!A1", "+1+1", "-2+3", "@SUM(A1)")):
        entry["name"] = text
    path = tmp_path / "a.xlsx"
    path.write_bytes(appendix_xlsx(report, "T", "C"))
    ws = load_workbook(path).active
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=+-@"
             and c.column == 2]
    assert len(cells) == 4 and all(c.data_type == "s" and c.quotePrefix for c in cells)
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>cmd" not in sheet and "<f>+1" not in sheet  # stored as text, not as a formula


def test_page_setup_width_of_the_body_table_fits(sample):
    _, path = sample
    doc = Document(str(path))
    funding = next(t for t in doc.tables if t.rows[0].cells[0].text == "Nguồn kinh phí")
    assert sum(c.width.mm for c in funding.rows[0].cells) <= TEXT_WIDTH_MM + 0.5
    assert funding.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None

"""Appendix, xlsx copy, charts, Word-made templates, template checks and PDF."""

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from pipeline.app.templates import check_templates
from pipeline.cli import app
from tests.conftest import docx_text

pytestmark = pytest.mark.slow

BK = "bac-kan/2018-6thang/"


def test_appendix_is_a_landscape_table_with_merged_header(sample_outputs):
    doc = Document(str(sample_outputs / BK / "bao-cao-bac-kan-2018-6thang.docx"))
    assert len(doc.sections) == 2
    land = doc.sections[1]
    assert land.page_width > land.page_height and round(land.page_width.mm) == 297
    table = doc.tables[-1]
    head = table.rows[0].cells
    assert head[4].text == "Kinh phí (triệu đồng)" and head[4]._tc is head[6]._tc  # merged across 3 columns
    assert [c.text for c in table.rows[1].cells[4:7]] == ["Hỗ trợ", "Đối ứng", "Đã giải ngân"]
    assert table.rows[0].cells[1]._tc is table.rows[1].cells[1]._tc  # merged down two rows
    rows = [[c.text for c in r.cells] for r in table.rows[2:]]
    assert rows[0][:2] == ["A", "Khuyến công quốc gia"]
    sub_a = next(r for r in rows if r[1] == "Cộng A")
    assert sub_a[2] == "03 đề án" and sub_a[4] == "600"
    total = rows[-1]
    assert total[1] == "Tổng cộng" and total[4] == "1.129" and total[2] == "13 đề án"  # Bắc Kạn counts all
    text = docx_text(sample_outputs / BK / "bao-cao-bac-kan-2018-6thang.docx")
    assert "(Kèm theo Báo cáo số 15/BC-SCT ngày 05 tháng 7 năm 2018 của Sở Công Thương tỉnh Bắc Kạn)" in text
    assert "Phụ lục I\n" in text and "DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG 6 THÁNG ĐẦU NĂM 2018" in text


def test_appendix_xlsx_matches_the_docx_appendix(sample_outputs):
    ws = load_workbook(sample_outputs / BK / "phu-luc-bac-kan-2018-6thang.xlsx").active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    items = [r for r in values if isinstance(r[0], str) and r[0].isdigit()]
    assert len(items) == 13 and sum(r[4] for r in items) == pytest.approx(1129)
    assert any(r[1] == "Tổng cộng" and str(r[4]).startswith("=") for r in values)  # the total is a formula


def test_chart_is_placed_where_the_template_asks(sample_outputs):
    qn = Document(str(sample_outputs / "quang-ninh/2022-nam/bao-cao-quang-ninh-2022-nam.docx"))
    assert len(qn.inline_shapes) == 1
    bk = Document(str(sample_outputs / BK / "bao-cao-bac-kan-2018-6thang.docx"))
    assert len(bk.inline_shapes) == 0


def test_templates_check_reports_file_and_line(workspace, config):
    templates = workspace / "templates"
    assert check_templates(config, templates) == []
    bad = templates / "provinces/quang-ninh/report.j2"
    bad.write_text('{% extends "base/report.j2" %}\n\n{% block khong_co %}x{% endblock %}\n'
                   '{% block closing %}{{ so_lieu_la }}{% endblock %}\n', encoding="utf-8")
    broken = templates / "provinces/bac-kan/report.j2"
    broken.write_text('{% extends "base/report.j2" %}\n{% block intro %}{% if %}{% endblock %}\n', encoding="utf-8")
    issues = check_templates(config, templates)
    messages = "\n".join(i.message for i in issues)
    assert "provinces/quang-ninh/report.j2 dòng 3: block “khong_co”" in messages
    assert "provinces/quang-ninh/report.j2 dòng 4" in messages and "so_lieu_la" in messages
    assert "provinces/bac-kan/report.j2 dòng 2: lỗi cú pháp" in messages
    assert {i.province for i in issues} == {"bac-kan", "quang-ninh"}
    result = CliRunner().invoke(app, ["templates", "check", "--config", str(workspace / "config.yaml")])
    assert result.exit_code == 1 and "ha-giang: đạt" in result.output


def test_templates_new_scaffolds_a_working_override(workspace):
    cfg = str(workspace / "config.yaml")
    result = CliRunner().invoke(app, ["templates", "new", "thai-nguyen", "--config", cfg])
    assert result.exit_code == 0, result.output
    path = workspace / "templates/provinces/thai-nguyen/report.j2"
    assert "Thái Nguyên" in path.read_text(encoding="utf-8")
    again = CliRunner().invoke(app, ["templates", "new", "thai-nguyen", "--config", cfg])
    assert again.exit_code != 0
    checked = CliRunner().invoke(app, ["templates", "check", "--config", cfg])
    assert checked.exit_code == 0 and "thai-nguyen: đạt" in checked.output


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_through_libreoffice(workspace):
    result = CliRunner().invoke(app, ["run", "--inputs", str(workspace / "inputs"), "--outputs", str(workspace / "out"),
                                      "--config", str(workspace / "config.yaml"), "--pdf"])
    assert result.exit_code == 0, result.output
    pdf = workspace / "out" / BK / "bao-cao-bac-kan-2018-6thang.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 3 <= pages <= 6
    assert "(A4)" in info
    page1 = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"],
                           capture_output=True, text=True).stdout
    for part in ("UBND TỈNH BẮC KẠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 15/BC-SCT",
                 "Bắc Kạn, ngày 05 tháng 7 năm 2018", "BÁO CÁO", "Thứ nhất"):
        assert part in page1, part
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "LiberationSerif" in fonts or "TimesNewRoman" in fonts.replace(" ", "")
    assert all((workspace / "out" / d).glob("*.pdf") for d in ("ha-giang/2022-9thang", "quang-ninh/2022-nam"))


def test_pdf_missing_libreoffice_is_a_clear_message(workspace, monkeypatch):
    monkeypatch.setattr("pipeline.render.pdf.shutil.which", lambda name: None)
    result = CliRunner().invoke(app, ["run", "--inputs", str(workspace / "inputs"), "--outputs", str(workspace / "out"),
                                      "--config", str(workspace / "config.yaml"), "--province", "bac-kan", "--pdf"])
    assert result.exit_code == 1
    assert "Không tìm thấy LibreOffice" in result.output
    assert (workspace / "out" / BK / "bao-cao-bac-kan-2018-6thang.docx").exists()


def test_appendix_states_the_total_in_words(sample_outputs):
    text = docx_text(sample_outputs / BK / "bao-cao-bac-kan-2018-6thang.docx")
    assert "Tổng kinh phí hỗ trợ: 1.129.000.000 đồng (Bằng chữ: Một tỷ một trăm hai mươi chín triệu đồng)." in text


def test_every_generated_word_part_keeps_schema_order(sample_outputs, tmp_path, workspace):
    """Word repairs a file whose property children are out of order or doubled (w:tblLayout twice,
    w:pBdr after w:spacing, w:pgNumType after w:cols): every part of every .docx we write — the
    three samples, a roll-up and the Word starter — is checked against the schema's sequences."""
    import zipfile

    from typer.testing import CliRunner

    from pipeline.cli import app
    from pipeline.render.ooxml import order_problems

    runner = CliRunner()
    out = tmp_path / "out"
    assert runner.invoke(app, ["tong-hop", "--inputs", str(workspace / "inputs"), "--outputs", str(out),
                               "--config", str(workspace / "config.yaml"), "--tu", "2018", "--den", "2019"]).exit_code in (0, 1)
    assert runner.invoke(app, ["templates", "new", "bac-kan", "--word", "--config",
                               str(workspace / "config.yaml")]).exit_code == 0
    files = [*sample_outputs.rglob("*.docx"), *out.rglob("*.docx"), *(workspace / "templates").rglob("report.docx")]
    assert len(files) >= 5
    checked = 0
    for path in files:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith("word/") and name.endswith(".xml"):
                    assert order_problems(z.read(name)) == [], f"{path.name}:{name}"
                    checked += 1
    assert checked >= 20


def test_pdf_conversion_is_split_over_the_cores_without_losing_a_file(monkeypatch):
    from pipeline.render.pdf import _parts

    files = [Path(f"r{i}.docx") for i in range(9)]
    monkeypatch.setenv("KHUYENCONG_WORKERS", "2")
    parts = _parts(files)
    assert len(parts) == 2 and sorted(p for part in parts for p in part) == sorted(files)
    assert _parts(files[:3]) == [files[:3]]  # a few files: one LibreOffice, no second start-up
    monkeypatch.setenv("KHUYENCONG_WORKERS", "1")
    assert _parts(files) == [files]

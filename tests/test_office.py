"""How the tool reaches an office: its own folder (`khoi-tao`), Vietnamese help and errors, Word
templates for clerks."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import __version__
from pipeline.app.office import OFFICE_FILES
from pipeline.cli import app
from tests.conftest import ROOT, docx_text

pytestmark = pytest.mark.slow


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture()
def office(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "van phòng"
    result = cli("khoi-tao", str(folder))
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(folder)
    return folder


def test_a_new_office_folder_runs_as_it_is(office):
    assert {p.relative_to(office).as_posix() for p in office.rglob("*") if p.is_file()} == {
        "config.yaml", "HUONG-DAN.txt", "templates/HUONG-DAN.txt", "templates/mau-word/report.docx",
        "inputs/bac-kan/bac-kan-2018-6thang.xlsx", "inputs/bac-kan/thuyet-minh-2018-6thang.md"}
    assert (office / "templates/provinces").is_dir()
    result = cli("run")
    assert result.exit_code == 0, result.output
    text = docx_text(office / "outputs/bac-kan/2018-6thang/bao-cao-bac-kan-2018-6thang.docx")
    assert "UBND TỈNH BẮC KẠN" in text and "Nông Văn Minh" in text
    assert cli("templates", "check").exit_code == 0


def test_the_office_sample_is_the_repository_sample():
    for path in (OFFICE_FILES / "inputs/bac-kan").iterdir():
        assert path.read_bytes() == (ROOT / "inputs/bac-kan" / path.name).read_bytes(), path.name


def test_an_office_folder_is_never_overwritten(office):
    (office / "config.yaml").write_text("money_unit: trieu\n", encoding="utf-8")
    result = cli("khoi-tao", str(office))
    assert result.exit_code == 2 and "không ghi đè" in result.output
    assert (office / "config.yaml").read_text(encoding="utf-8") == "money_unit: trieu\n"


def test_a_word_template_made_by_templates_new_builds_the_report(office):
    result = cli("templates", "new", "bac-kan", "--word")
    assert result.exit_code == 0, result.output
    assert (office / "templates/provinces/bac-kan/report.docx").is_file()
    result = cli("run")
    assert result.exit_code == 0, result.output
    from docx import Document

    doc = Document(str(office / "outputs/bac-kan/2018-6thang/bao-cao-bac-kan-2018-6thang.docx"))
    listing = next(t for t in doc.tables if t.rows[0].cells[1].text == "Tên đề án")
    assert len(listing.rows) == 1 + 13  # header + one row per record of the sample (3 KCQG + 10 KCĐP)
    assert "{{" not in docx_text(office / "outputs/bac-kan/2018-6thang/bao-cao-bac-kan-2018-6thang.docx")


@pytest.mark.parametrize("slug", ["../../../../x", "a/b", "..", "  "])
def test_templates_new_refuses_a_name_that_is_a_path(slug, office):
    before = sorted(office.parent.rglob("*"))
    result = cli("templates", "new", slug)
    assert result.exit_code == 2 and "không phải tên tỉnh dùng được" in result.output
    assert sorted(office.parent.rglob("*")) == before


def test_help_and_argument_errors_are_vietnamese():
    for args in ([], ["--help"], ["run", "--help"], ["templates"], ["tong-hop", "--help"]):
        result = cli(*args)
        assert "Cách dùng:" in result.output and "Usage:" not in result.output and "Options:" not in result.output
        assert "Show this message" not in result.output
    cases = {("run", "--perio", "6thang"): "Không có tùy chọn “--perio” (ý bạn là “--period”?)",
             ("run", "--period", "7thang"): "“7thang” không dùng được; chọn một trong: 6thang, 9thang, nam",
             ("run", "--year", "hai"): "Giá trị của --year không hợp lệ: phải là số nguyên",
             ("runn",): "Không có lệnh “runn” (ý bạn là “run”?)",
             ("tong-hop",): "Thiếu --den"}
    for args, words in cases.items():
        result = cli(*args)
        assert result.exit_code == 2 and words in result.output, (args, result.output)
        assert "Error" not in result.output and "Usage" not in result.output


def test_version():
    result = cli("--version")
    assert result.exit_code == 0 and result.output.strip() == f"khuyencong {__version__}"


def test_a_mistyped_province_gets_the_nearest_one(workspace):
    result = cli("run", "--inputs", str(workspace / "inputs"), "--config", str(workspace / "config.yaml"),
                 "--outputs", str(workspace / "out"), "--province", "bac-kn")
    assert result.exit_code == 2 and "(ý bạn là “bac-kan”?)" in result.output


def test_outside_an_office_folder_the_message_says_how_to_make_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("run")
    assert result.exit_code == 2 and "khuyencong khoi-tao" in result.output


def test_a_misplaced_row_tag_in_a_word_template_is_caught(office):
    from docx import Document

    assert cli("templates", "new", "bac-kan", "--word").exit_code == 0
    path = office / "templates/provinces/bac-kan/report.docx"
    doc = Document(str(path))
    table = doc.tables[0]
    table.cell(1, 0).text = ""  # the opening tag moved into the data row: docxtpl would drop every data row
    table.cell(2, 0).text = "{%tr for p in total.entries %}{{ loop.index }}"
    doc.save(str(path))
    result = cli("run")
    assert result.exit_code == 1
    assert "bảng thứ 1 ra" in result.output and "thẻ {%tr for … %}" in result.output


def test_a_misspelt_variable_in_a_word_template_is_named(office):
    from docx import Document

    assert cli("templates", "new", "bac-kan", "--word").exit_code == 0
    path = office / "templates/provinces/bac-kan/report.docx"
    doc = Document(str(path))
    doc.add_paragraph("Tổng: {{ tong_kinh_phi | money }}")
    doc.save(str(path))
    result = cli("run")
    assert result.exit_code == 1 and "biến “tong_kinh_phi” không có" in result.output and "report.docx" in result.output

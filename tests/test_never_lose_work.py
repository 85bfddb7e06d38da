"""Work an office does between runs is never lost or hidden: hand edits are kept, a PDF always
matches its .docx, a failed report says so in its own folder, and only what a change touches is
built again."""

import json

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.render.pdf import soffice

pytestmark = pytest.mark.slow

BK = "bac-kan/2018-6thang"
DOCX = f"{BK}/bao-cao-bac-kan-2018-6thang.docx"


def _run(workspace, *args):
    return CliRunner().invoke(app, ["run", "--inputs", str(workspace / "inputs"), "--outputs", str(workspace / "out"),
                                    "--config", str(workspace / "config.yaml"), *args])


def _edit_report_by_hand(workspace) -> bytes:
    from docx import Document

    doc = Document(str(workspace / "out" / DOCX))
    doc.add_paragraph("Ý kiến bổ sung của Giám đốc.")
    doc.save(str(workspace / "out" / DOCX))
    return (workspace / "out" / DOCX).read_bytes()


def _change_a_workbook(workspace) -> None:
    path = workspace / "inputs/bac-kan/bac-kan-2018-6thang.xlsx"
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "Đang thực hiện")
    cell.value = "Đã hoàn thành"
    wb.save(path)


def test_a_report_edited_by_hand_is_kept(workspace):
    assert _run(workspace, "--province", "bac-kan").exit_code == 0
    edited = _edit_report_by_hand(workspace)
    again = _run(workspace, "--province", "bac-kan")
    assert again.exit_code == 0 and "sửa bằng tay" in again.output and "giữ nguyên" in again.output
    assert (workspace / "out" / DOCX).read_bytes() == edited  # same data: nothing is rebuilt over the edit
    _change_a_workbook(workspace)
    rebuilt = _run(workspace, "--province", "bac-kan")
    assert rebuilt.exit_code == 0 and "sua-tay-1.docx" in rebuilt.output
    kept = workspace / "out" / BK / "bao-cao-bac-kan-2018-6thang.sua-tay-1.docx"
    assert kept.read_bytes() == edited and (workspace / "out" / DOCX).read_bytes() != edited


def test_changing_one_province_rebuilds_only_that_province(workspace):
    assert _run(workspace).exit_code == 0
    config = workspace / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("Nông Văn Minh", "Hoàng Thị Lan"), encoding="utf-8")
    result = _run(workspace)
    manifest = json.loads((workspace / "out/manifest.json").read_text(encoding="utf-8"))
    assert {r["province"]: r["status"] for r in manifest["reports"]} == {
        "bac-kan": "written", "ha-giang": "skipped", "quang-ninh": "skipped"}, result.output


def test_a_failed_report_writes_what_it_found_and_is_never_taken_for_current(workspace):
    assert _run(workspace, "--province", "bac-kan").exit_code == 0
    path = workspace / "inputs/bac-kan/bac-kan-2018-6thang.xlsx"
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    next(c for row in ws.iter_rows() for c in row if c.value == "Đang thực hiện").value = "chờ ý kiến"
    wb.save(path)
    assert _run(workspace, "--province", "bac-kan").exit_code == 1
    findings = json.loads((workspace / "out" / BK / "findings.json").read_text(encoding="utf-8"))
    assert "STATUS_UNKNOWN" in {f["code"] for f in findings}
    manifest = json.loads((workspace / "out" / BK / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "failed"


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_a_pdf_always_matches_its_docx(workspace):
    assert _run(workspace, "--province", "bac-kan").exit_code == 0
    pdf = workspace / "out" / DOCX.replace(".docx", ".pdf")
    assert not pdf.exists()
    turned_on = _run(workspace, "--province", "bac-kan", "--pdf")  # nothing changed: only the PDF is made
    assert turned_on.exit_code == 0 and "không thay đổi" in turned_on.output and pdf.is_file()
    _change_a_workbook(workspace)
    off = _run(workspace, "--province", "bac-kan")
    assert off.exit_code == 0 and not pdf.exists()  # the old PDF no longer matched the new .docx
    assert _run(workspace, "--province", "bac-kan", "--pdf").exit_code == 0 and pdf.is_file()

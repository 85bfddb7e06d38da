"""The published input workbook: dropdowns on the coded columns, and it reads back cleanly."""

from openpyxl import load_workbook
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.model import STATUS_LABELS
from pipeline.ingest import ingest_file
from tests.conftest import record_objects


def test_blank_template_has_dropdowns_and_reads_back(tmp_path, config):
    path = tmp_path / "mau.xlsx"
    result = CliRunner().invoke(app, ["mau-nhap-lieu", str(path)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(path)
    ws = wb["Danh sách đề án"]
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert set(lists) == {"B", "K", "E", "D"}
    hidden = wb["Danh mục"]
    assert hidden.sheet_state == "hidden"
    assert [hidden[f"B{i}"].value for i in range(1, 6)] == list(STATUS_LABELS.values())
    assert [hidden[f"A{i}"].value for i in (1, 2)] == ["KCQG", "KCĐP"]
    assert ws["H5"].value == "Kinh phí hỗ trợ (triệu đồng)" and ws["A3"].value == "Đơn vị tính: triệu đồng"
    blank = ingest_file(path, "mau.xlsx", config, "bac-kan")
    assert blank.reported.empty  # a header-only workbook is an error that names its sheet, never "no đề án"
    assert [(f.severity.value, f.sheet, f.code) for f in blank.findings] == [("error", "Danh sách đề án", "NO_RECORDS")]
    for col, value in zip("BCFGHKL", ["KCĐP", "Hỗ trợ máy ép", "HTX A", "xã B", 262.5, "Đang thực hiện", 40]):
        ws[f"{col}6"] = value
    wb.save(path)
    filled = ingest_file(path, "mau.xlsx", config, "bac-kan")
    (p,) = record_objects(filled)
    assert (p.support_vnd, p.status.value, p.progress, p.origin.row) == (262_500_000, "in_progress", 40.0, 6)

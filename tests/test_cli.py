"""The command line as a user meets it: messages in Vietnamese, exit codes, no tracebacks."""

import json
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

pytestmark = pytest.mark.slow


def _run(workspace, *args):
    return CliRunner().invoke(app, [*args, "--inputs", str(workspace / "inputs"),
                                    "--config", str(workspace / "config.yaml")])


def test_python_m_pipeline_runs_the_batch(workspace):
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", "--inputs", "inputs", "--outputs", "out"],
                          cwd=workspace, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Đã lập 3/3 báo cáo." in proc.stdout
    for slug, folder in (("bac-kan", "2018-6thang"), ("ha-giang", "2022-9thang"), ("quang-ninh", "2022-nam")):
        out = workspace / "out" / slug / folder
        assert (out / f"bao-cao-{slug}-{folder}.docx").stat().st_size > 10_000
        metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
        assert set(metrics["sources"]) == {"KCQG", "KCDP"}


def test_broken_config_gives_vietnamese_message(workspace):
    cfg = workspace / "config.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("money_unit: trieu", "money_unit: bac"), encoding="utf-8")
    result = _run(workspace, "run", "--outputs", str(workspace / "out"))
    proc = subprocess.run([sys.executable, "-m", "pipeline", "check", "--inputs", "inputs"],
                          cwd=workspace, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "money_unit" in proc.stderr and "không hợp lệ" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert result.exit_code != 0


def test_yaml_syntax_error_names_the_line(workspace):
    (workspace / "config.yaml").write_text("columns: [\n  bad", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "check"], cwd=workspace,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "viết sai (dòng 2" in proc.stderr and "dòng" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unlisted_province_works_with_defaults_and_a_warning(workspace):
    from openpyxl import load_workbook

    wb = load_workbook(workspace / "inputs" / "bac-kan" / "bac-kan-2018-6thang.xlsx")
    wb["Danh sách đề án"]["A2"] = "Tỉnh: Thái Nguyên    Kỳ báo cáo: năm 2025"
    (workspace / "inputs" / "thai-nguyen").mkdir()
    wb.save(workspace / "inputs" / "thai-nguyen" / "thai-nguyen-2025-nam.xlsx")
    result = _run(workspace, "run", "--outputs", str(workspace / "out"), "--province", "thai-nguyen")
    assert result.exit_code == 0, result.output
    assert "chưa có trong config.yaml" in result.output
    from tests.conftest import docx_text

    text = docx_text(workspace / "out/thai-nguyen/2025-nam/bao-cao-thai-nguyen-2025-nam.docx")
    assert "UBND TỈNH THÁI NGUYÊN" in text and "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công" in text


def test_broken_province_template_fails_only_that_report(workspace):
    tpl = workspace / "templates/provinces/bac-kan/report.j2"
    tpl.write_text(tpl.read_text(encoding="utf-8") + "\n{% block closing %}{{ khong_co_bien }}{% endblock %}\n",
                   encoding="utf-8")
    tpl.write_text(tpl.read_text(encoding="utf-8").replace("{% block closing %}\nSở Công Thương Bắc Kạn kính báo cáo./.\n{% endblock %}", ""),
                   encoding="utf-8")
    result = _run(workspace, "run", "--outputs", str(workspace / "out"))
    assert result.exit_code == 1
    assert "provinces/bac-kan/report.j2" in result.output and "khong_co_bien" in result.output
    assert "Đã lập 2/3 báo cáo." in result.output
    assert not list((workspace / "out/bac-kan").rglob("*.docx"))
    manifest = json.loads((workspace / "out/bac-kan/2018-6thang/manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "failed" and "khong_co_bien" in manifest["reason"]


def test_bad_row_blocks_the_report_and_names_the_cell(workspace):
    from openpyxl import load_workbook

    path = workspace / "inputs/bac-kan/bac-kan-2018-6thang.xlsx"
    wb = load_workbook(path)
    wb["Danh sách đề án"]["H9"] = "khoảng hai trăm"
    wb["Danh sách đề án"]["K10"] = "tạm ổn"
    wb.save(path)
    result = _run(workspace, "run", "--outputs", str(workspace / "out"), "--province", "bac-kan")
    assert result.exit_code == 1
    assert "Danh sách đề án!H9" in result.output and "khoảng hai trăm" in result.output
    assert "Danh sách đề án!K10" in result.output and "Không hiểu tình trạng “tạm ổn”" in result.output
    forced = _run(workspace, "run", "--outputs", str(workspace / "out"), "--province", "bac-kan", "--allow-errors")
    assert forced.exit_code == 0
    metrics = json.loads((workspace / "out/bac-kan/2018-6thang/metrics.json").read_text(encoding="utf-8"))
    assert (metrics["total"]["records"], metrics["total"]["projects"]) == (11, 11)  # Bắc Kạn counts all (counting: chung)
    from docx import Document

    draft = Document(str(workspace / "out/bac-kan/2018-6thang/bao-cao-bac-kan-2018-6thang.docx")).sections[0]
    assert "DỰ THẢO" in draft.first_page_header.paragraphs[-1].text and "DỰ THẢO" in draft.header.paragraphs[-1].text
    clean = Document(str(_sample(workspace))).sections[0]
    assert "DỰ THẢO" not in clean.first_page_header._element.xml + clean.header._element.xml


def test_period_in_title_and_file_name_must_agree(workspace):
    src = workspace / "inputs/bac-kan/bac-kan-2018-6thang.xlsx"
    src.rename(src.with_name("bac-kan-2018-9thang.xlsx"))
    result = _run(workspace, "check", "--province", "bac-kan")
    assert result.exit_code == 1
    assert "Danh sách đề án!A2" in result.output
    assert "kỳ ghi khác nhau: 9 tháng (tên tệp); 6 tháng (dòng tiêu đề Danh sách đề án!A2)" in result.output


def test_period_from_title_row_when_file_name_has_none(workspace):
    src = workspace / "inputs/bac-kan/bac-kan-2018-6thang.xlsx"
    src.rename(src.with_name("danh-sach-de-an.xlsx"))
    result = _run(workspace, "run", "--outputs", str(workspace / "out"), "--province", "bac-kan")
    assert result.exit_code == 0, result.output
    assert (workspace / "out/bac-kan/2018-6thang/metrics.json").exists()


def test_missing_period_is_a_clear_message(workspace):
    from openpyxl import load_workbook

    src = workspace / "inputs/bac-kan/bac-kan-2018-6thang.xlsx"
    wb = load_workbook(src)
    wb["Danh sách đề án"]["A2"] = "Tỉnh: Bắc Kạn"
    wb.save(src.with_name("danh-sach.xlsx"))
    src.unlink()
    result = _run(workspace, "run", "--outputs", str(workspace / "out"), "--province", "bac-kan")
    assert result.exit_code == 1
    assert "Không xác định được năm và kỳ" in result.output and "--period" in result.output
    ok = _run(workspace, "run", "--outputs", str(workspace / "out"), "--province", "bac-kan",
              "--year", "2018", "--period", "6thang")
    assert ok.exit_code == 0, ok.output


def test_check_json_lists_findings_and_ledger(workspace):
    from openpyxl import load_workbook

    path = workspace / "inputs/bac-kan/bac-kan-2018-6thang.xlsx"
    wb = load_workbook(path)
    wb["Danh sách đề án"]["K7"] = "đang chờ"
    wb.save(path)
    result = _run(workspace, "check", "--json", "--province", "bac-kan")
    assert result.exit_code == 1
    payload = json.loads(result.output)
    (err,) = [f for f in payload["findings"] if f["severity"] == "error"]
    assert (err["file"], err["sheet"], err["cell"]) == ("bac-kan/bac-kan-2018-6thang.xlsx", "Danh sách đề án", "K7")
    assert "đang chờ" in err["message"] and err["hint"]
    sheet = next(l for l in payload["ledger"] if l["sheet"] == "Danh sách đề án")
    assert sheet["rejected_rows"] == [7] and sheet["records"] == 12
    assert sheet["read"] == sheet["records"] + sheet["structure"] + sheet["blank"] + len(sheet["rejected_rows"])


def test_province_adds_its_own_column_names_in_config(workspace):
    from openpyxl import load_workbook

    path = workspace / "inputs/bac-kan/bac-kan-2018-6thang.xlsx"
    wb = load_workbook(path)
    wb["Danh sách đề án"]["H5"] = "Vốn sự nghiệp khuyến công"
    wb.save(path)
    before = _run(workspace, "check", "--province", "bac-kan")
    assert before.exit_code == 1 and "Thiếu cột bắt buộc: Kinh phí hỗ trợ" in before.output
    assert "H5 “Vốn sự nghiệp khuyến công”" in before.output
    cfg = workspace / "config.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        "    templates: provinces/bac-kan\n",
        "    templates: provinces/bac-kan\n    columns:\n      support: [\"Vốn sự nghiệp khuyến công\"]\n"), encoding="utf-8")
    after = _run(workspace, "check", "--province", "bac-kan")
    assert after.exit_code == 0, after.output


def test_check_finds_what_run_would(workspace):
    src = workspace / "inputs/bac-kan/bac-kan-2018-6thang.xlsx"
    shutil.copy(src, src.with_name("bac-kan-2018-6thang-ban-sao.xlsx"))
    (workspace / "inputs/bac-kan/thuyet-minh-2018-6thang.md").write_text("---\nngay: 35/13/2018\n---\n", encoding="utf-8")
    result = _run(workspace, "check", "--province", "bac-kan")
    assert result.exit_code == 1
    assert "bản sao của" in result.output and "bac-kan-2018-6thang-ban-sao.xlsx" in result.output
    assert "Ngày “35/13/2018” không đúng dạng ngày/tháng/năm" in result.output


def test_folder_named_with_accents_finds_its_config(workspace):
    (workspace / "inputs/bac-kan").rename(workspace / "inputs/Bắc Kạn")
    result = _run(workspace, "run", "--outputs", str(workspace / "out"), "--province", "Bắc Kạn")
    assert result.exit_code == 0, result.output
    assert "chưa có trong config.yaml" not in result.output


def test_nothing_in_inputs_is_skipped_quietly(workspace):
    src = workspace / "inputs/bac-kan/bac-kan-2018-6thang.xlsx"
    shutil.copy(src, workspace / "inputs/lac-cho.xlsx")
    (workspace / "inputs/bac-kan/cu").mkdir()
    shutil.copy(src, workspace / "inputs/bac-kan/cu/bac-kan-2017-nam.xlsx")
    result = _run(workspace, "check")
    assert "lac-cho.xlsx" in result.output and "ngoài thư mục tỉnh" in result.output
    assert "Thư mục con “cu” có bảng tính nhưng không được đọc" in result.output


def test_unwritable_output_fails_that_report_only(workspace):
    out = workspace / "out"
    (out / "bac-kan").mkdir(parents=True)
    (out / "bac-kan" / "2018-6thang").write_text("a file where a folder should be")
    result = _run(workspace, "run", "--outputs", str(out))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "không ghi được" in result.output and "Đã lập 2/3 báo cáo." in result.output


def test_config_not_utf8(workspace):
    (workspace / "config.yaml").write_bytes("provinces: {}\n# Hà Nội\n".encode("latin-1", "replace") + b"\xe0\xff\n")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "check"], cwd=workspace, capture_output=True, text=True)
    assert proc.returncode == 2 and "UTF-8" in proc.stderr


def test_brackets_in_messages_are_shown_as_written(workspace):
    (workspace / "inputs/bac-kan/thuyet-minh-2018-6thang.md").unlink()  # the earlier [section] format is still read
    (workspace / "inputs/bac-kan/thuyet-minh-2018-6thang.txt").write_text("[bold]\nchữ\n", encoding="utf-8")
    result = _run(workspace, "check", "--province", "bac-kan")
    assert "Mục [bold] không có trong báo cáo" in result.output


def test_unknown_option_is_a_vietnamese_usage_error(workspace):
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", "--khong-co"], cwd=workspace,
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "Lỗi tham số" in proc.stderr and "Traceback" not in proc.stderr


def test_allow_errors_never_turns_a_missing_table_into_an_empty_report(workspace):
    from openpyxl import Workbook

    folder = workspace / "inputs/ha-nam"
    folder.mkdir()
    wb = Workbook()
    wb.active.append(["Danh sách", "chưa có bảng"])
    wb.save(folder / "ha-nam-2022-6thang.xlsx")
    out = workspace / "out"
    result = _run(workspace, "run", "--outputs", str(out), "--province", "ha-nam", "--allow-errors")
    assert result.exit_code == 1
    assert "Không tìm thấy bảng đề án nào trong tệp" in result.output
    assert not list(out.glob("ha-nam/*/*.docx"))


def test_allow_errors_skips_bad_rows_only(workspace):
    from openpyxl import load_workbook

    path = workspace / "inputs/bac-kan/bac-kan-2018-6thang.xlsx"
    wb = load_workbook(path)
    wb["Danh sách đề án"]["K7"] = "chờ ý kiến"  # one đề án with a status nobody can read
    wb.save(path)
    out = workspace / "out"
    assert _run(workspace, "run", "--outputs", str(out), "--province", "bac-kan").exit_code == 1
    result = _run(workspace, "run", "--outputs", str(out), "--province", "bac-kan", "--allow-errors")
    assert result.exit_code == 0, result.output
    import json

    metrics = json.loads((out / "bac-kan/2018-6thang/metrics.json").read_text(encoding="utf-8"))
    assert "“chờ ý kiến”" in result.output and "K7" in result.output
    assert json.dumps(metrics).count("Hỗ trợ ứng dụng máy móc thiết bị trong sản xuất sản phẩm phụ tùng cơ khí") == 0


def test_a_file_without_a_period_fails_loudly_in_run(workspace):
    (workspace / "inputs/bac-kan/hong.xlsx").write_bytes(b"not a spreadsheet")
    result = _run(workspace, "run", "--outputs", str(workspace / "out"), "--province", "bac-kan")
    assert result.exit_code == 1
    assert "bac-kan/hong.xlsx" in result.output and "Không đọc được tệp" in result.output
    assert "không có tệp nào đọc được: bac-kan/hong.xlsx" in result.output  # its own failed line in the summary


def _sample(workspace):
    """A report of the same province built from clean data (no --allow-errors): no draft mark."""
    out = workspace / "out-clean"
    result = _run(workspace, "run", "--outputs", str(out), "--province", "quang-ninh")
    assert result.exit_code == 0, result.output
    return out / "quang-ninh/2022-nam/bao-cao-quang-ninh-2022-nam.docx"

"""The twice-yearly batch: periods, drop-in inputs, incremental and interruptible runs, watch."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import docx_text

pytestmark = pytest.mark.slow


def _run(workspace, *args):
    return CliRunner().invoke(app, ["run", "--inputs", str(workspace / "inputs"), "--outputs", str(workspace / "out"),
                                    "--config", str(workspace / "config.yaml"), *args])


def _cli(workspace, *args, **kw):
    return subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=workspace, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def test_mid_year_then_year_end_compares_the_two(workspace):
    year_end = workspace / "inputs/quang-ninh/quang-ninh-2022-nam.xlsx"
    wb = load_workbook(year_end)
    ws = wb["Tổng hợp 2022"]
    ws["A4"] = "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC ĐỀ ÁN KHUYẾN CÔNG 6 THÁNG ĐẦU NĂM 2022"
    ws["H11"], ws["G11"] = "Đang thực hiện, hoàn thành 60% khối lượng", 300  # KCQG group project no. 1
    ws["H19"], ws["G19"] = "Đang triển khai lắp đặt thiết bị", 100  # KCĐP no. 4
    wb.save(year_end.with_name("quang-ninh-2022-6thang.xlsx"))
    result = _run(workspace, "--province", "quang-ninh")
    assert result.exit_code == 0, result.output
    mid = json.loads((workspace / "out/quang-ninh/2022-6thang/metrics.json").read_text(encoding="utf-8"))
    end = json.loads((workspace / "out/quang-ninh/2022-nam/metrics.json").read_text(encoding="utf-8"))
    assert mid["total"]["status"]["completed"] == 7 and end["total"]["status"]["completed"] == 9
    assert end["total"]["settled"] == 1 and end["total"]["disbursed_vnd"] - mid["total"]["disbursed_vnd"] == 500_000_000
    text = docx_text(workspace / "out/quang-ninh/2022-nam/bao-cao-quang-ninh-2022-nam.docx")
    assert ("So với thời điểm báo cáo 6 tháng đầu năm 2022, số đề án hoàn thành từ 07 lên 09 đề án; "
            "kinh phí đã giải ngân từ 2,66 tỷ đồng lên 3,16 tỷ đồng.") in text
    assert "Các đề án hoàn thành từ sau kỳ báo cáo trước gồm: đề án “Hỗ trợ ứng dụng máy móc thiết bị trong chế biến thủy sản (đề án nhóm)”" in text
    # the sheet says nghiệm thu for 4 of the 9 completed đề án (the others: hoàn thành, bàn giao)
    assert "Đến nay đã hoàn thành 09/12 đề án (04 đề án đã nghiệm thu), trong đó 01 đề án đã thanh quyết toán kinh phí." in text
    mid_text = docx_text(workspace / "out/quang-ninh/2022-6thang/bao-cao-quang-ninh-2022-6thang.docx")
    assert "So với thời điểm" not in mid_text and "6 tháng cuối năm 2022" in mid_text


def test_unchanged_second_run_rebuilds_nothing(workspace):
    assert _run(workspace).exit_code == 0
    docs = sorted((workspace / "out").glob("*/*/*.docx"))
    stamps = {p: p.stat().st_mtime_ns for p in docs}
    again = _run(workspace)
    assert again.exit_code == 0
    assert "Đã lập 0/3 báo cáo, 3 báo cáo không thay đổi nên không lập lại (danh sách đủ:" in again.output
    assert "Kết quả" not in again.output  # no table of 3 unchanged rows
    assert {p: p.stat().st_mtime_ns for p in docs} == stamps
    forced = _run(workspace, "--force")
    assert "Đã lập 3/3 báo cáo." in forced.output
    assert all(p.read_bytes() for p in docs)


def test_added_workbook_rebuilds_only_that_province(workspace):
    assert _run(workspace).exit_code == 0
    before = {p: p.read_bytes() for p in (workspace / "out").glob("*/*/*.docx")}
    extra = workspace / "inputs/ha-giang/ha-giang-2022-9thang-bo-sung.xlsx"
    wb = load_workbook(workspace / "inputs/ha-giang/ha-giang-2022-9thang.xlsx")
    ws = wb["Danh sách đề án"]
    for row in ws.iter_rows(min_row=6, max_row=ws.max_row):
        for cell in row:
            cell.value = None
    for col, value in zip("ABCDEFGHKL", [1, "KCĐP", "Hỗ trợ máy vò chè", "Ứng dụng máy móc", "Đề án", "HKD Giàng A Páo",
                                          "xã Nậm Ty, huyện Hoàng Su Phì", 75, "Đang thực hiện", 20]):
        ws[f"{col}6"] = value
    wb.save(extra)
    result = _run(workspace)
    assert result.exit_code == 0, result.output
    assert "Đã lập 1/3 báo cáo, 2 báo cáo không thay đổi nên không lập lại (danh sách đủ:" in result.output
    after = {p: p.read_bytes() for p in (workspace / "out").glob("*/*/*.docx")}
    changed = {p.parent.parent.name for p in before if before[p] != after[p]}
    assert changed == {"ha-giang"}
    metrics = json.loads((workspace / "out/ha-giang/2022-9thang/metrics.json").read_text(encoding="utf-8"))
    assert metrics["total"]["records"] == 16
    prov = json.loads((workspace / "out/ha-giang/2022-9thang/provenance.json").read_text(encoding="utf-8"))
    assert {"file": "ha-giang/ha-giang-2022-9thang-bo-sung.xlsx", "sheet": "Danh sách đề án", "row": 6,
            "name": "Hỗ trợ máy vò chè", "value": 75_000_000} in prov["sources.KCDP.support_vnd"]
    assert sum(r["value"] for r in prov["total.support_vnd"]) == metrics["total"]["support_vnd"]
    manifest = json.loads((workspace / "out/manifest.json").read_text(encoding="utf-8"))
    statuses = {r["province"]: r["status"] for r in manifest["reports"]}
    assert statuses == {"bac-kan": "skipped", "ha-giang": "written", "quang-ninh": "skipped"}
    assert "ha-giang/ha-giang-2022-9thang-bo-sung.xlsx" in next(
        r for r in manifest["reports"] if r["province"] == "ha-giang")["inputs"]


def _support(workspace) -> int:
    m = json.loads((workspace / "out/bac-kan/2018-6thang/metrics.json").read_text(encoding="utf-8"))
    return sum(r["support_vnd"] for r in m["records"])


def test_a_copied_workbook_is_named_and_counted_once(workspace):
    src = workspace / "inputs/bac-kan/bac-kan-2018-6thang.xlsx"
    assert _run(workspace, "--province", "bac-kan").exit_code == 0
    alone = _support(workspace)
    shutil.copy(src, src.with_name("bac-kan-2018-6thang - Copy.xlsx"))
    result = _run(workspace, "--province", "bac-kan", "--force")
    assert result.exit_code == 0, result.output
    assert "bản sao" in result.output and "bac-kan-2018-6thang - Copy.xlsx" in result.output
    assert _support(workspace) == alone


def test_a_project_in_two_workbooks_with_other_figures_is_an_error_naming_both(workspace):
    from openpyxl import load_workbook

    src = workspace / "inputs/bac-kan/bac-kan-2018-6thang.xlsx"
    wb = load_workbook(src)
    ws = wb.worksheets[0]
    changed = next(row for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "Đã hoàn thành" in c.value)
    for cell in changed:
        if isinstance(cell.value, str) and "Đã hoàn thành" in cell.value:
            cell.value = "Đang thực hiện"
    wb.save(src.with_name("bac-kan-2018-6thang-bo-sung.xlsx"))
    result = _run(workspace, "--province", "bac-kan")
    assert result.exit_code == 1
    assert "xuất hiện hai lần" in result.output and "khác nhau ở tình trạng" in result.output
    assert "bac-kan-2018-6thang-bo-sung.xlsx" in result.output


def _many_provinces(workspace, n):
    src = workspace / "inputs/bac-kan"
    for i in range(n):
        shutil.copytree(src, workspace / f"inputs/tinh-{i:02d}")


def test_killed_run_leaves_no_broken_file_and_next_run_finishes(workspace):
    _many_provinces(workspace, 12)
    proc = _cli(workspace, "run", "--outputs", "out")
    deadline = time.time() + 120
    while time.time() < deadline and not list((workspace / "out").glob("*/*/manifest.json")):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_before = len(list((workspace / "out").glob("*/*/manifest.json")))
    assert 1 <= done_before < 15
    for docx in (workspace / "out").glob("*/*/*.docx"):
        zipfile.ZipFile(docx).testzip()  # whatever exists under its final name is complete
    finish = _cli(workspace, "run", "--outputs", "out")
    out, err = finish.communicate(timeout=300)
    assert finish.returncode == 0, out + err
    assert len(list((workspace / "out").glob("*/*/manifest.json"))) == 15
    assert not list((workspace / "out").rglob("*.tmp"))
    assert f"{done_before} báo cáo không thay đổi" in out


def test_two_concurrent_runs_do_not_trample_each_other(workspace):
    _many_provinces(workspace, 4)
    first = _cli(workspace, "run", "--outputs", "out")
    second = _cli(workspace, "run", "--outputs", "out", "--force")
    out1, err1 = first.communicate(timeout=300)
    out2, err2 = second.communicate(timeout=300)
    assert first.returncode == 0 and second.returncode == 0, out1 + err1 + out2 + err2
    assert "đang chờ" in err1 + err2
    manifests = list((workspace / "out").glob("*/*/manifest.json"))
    assert len(manifests) == 7
    from pipeline.app.manifest import state
    for m in manifests:
        assert state(m.parent, json.loads(m.read_text(encoding="utf-8"))) == "current"


def _watch(workspace, runs: int):
    proc = _cli(workspace, "watch", "--outputs", "out", "--debounce", "0.5", "--max-runs", str(runs),
                env={**os.environ, "COLUMNS": "200"})
    for line in proc.stdout:
        if "Đang theo dõi" in line:
            return proc
    raise AssertionError(proc.stderr.read())


def test_watch_catches_up_then_rebuilds_only_the_province_that_changed(workspace):
    assert _run(workspace, "--province", "ha-giang").exit_code == 0
    (workspace / "inputs/quang-ninh/thuyet-minh-2022-nam.md").write_text(  # edited while nobody watched
        (workspace / "inputs/quang-ninh/thuyet-minh-2022-nam.md").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    new = workspace / "inputs/bac-kan-moi"
    new.mkdir()
    proc = _watch(workspace, 1)
    docs = {p: p.stat().st_mtime_ns for p in (workspace / "out").glob("*/*/*.docx")}
    assert len(docs) == 3  # the start built bac-kan and quang-ninh; ha-giang was current
    (new / "~$bac-kan-moi-2018-6thang.xlsx").write_bytes(b"lock")
    shutil.copy(workspace / "inputs/bac-kan/bac-kan-2018-6thang.xlsx", new / "bac-kan-moi-2018-6thang.xlsx")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, out + err
    assert (workspace / "out/bac-kan-moi/2018-6thang/bao-cao-bac-kan-moi-2018-6thang.docx").exists()
    assert {p: p.stat().st_mtime_ns for p in docs} == docs  # untouched provinces are not rebuilt
    assert "bac-kan-moi" in out


def test_watch_rebuilds_a_province_when_its_template_changes(workspace):
    proc = _watch(workspace, 1)
    before = (workspace / "out/bac-kan/2018-6thang/bao-cao-bac-kan-2018-6thang.docx").read_bytes()
    tpl = workspace / "templates/provinces/bac-kan/report.j2"
    tpl.write_text(tpl.read_text(encoding="utf-8").replace("kính báo cáo", "trân trọng báo cáo"), encoding="utf-8")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, out + err
    assert (workspace / "out/bac-kan/2018-6thang/bao-cao-bac-kan-2018-6thang.docx").read_bytes() != before


def test_a_year_end_report_never_compares_with_a_mid_year_report_that_has_errors(workspace):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in (["KẾT QUẢ THỰC HIỆN ĐỀ ÁN KHUYẾN CÔNG 6 THÁNG ĐẦU NĂM 2022"],
                ["STT", "Nguồn", "Tên đề án", "Kinh phí hỗ trợ (triệu đồng)", "Đã giải ngân (triệu đồng)", "Tình trạng"],
                [1, "KCĐP", "Hỗ trợ ứng dụng máy sấy", 100, 80, "chờ ý kiến cấp trên"]):
        ws.append(row)
    wb.save(workspace / "inputs/quang-ninh/quang-ninh-2022-6thang.xlsx")
    result = _run(workspace, "--province", "quang-ninh")
    assert result.exit_code == 1  # the mid-year report itself cannot be made
    assert "Không so sánh với báo cáo 6 tháng đầu năm 2022" in result.output
    findings = json.loads((workspace / "out/quang-ninh/2022-nam/findings.json").read_text(encoding="utf-8"))
    assert "NO_COMPARISON" in {f["code"] for f in findings}
    from tests.conftest import docx_text

    text = docx_text(workspace / "out/quang-ninh/2022-nam/bao-cao-quang-ninh-2022-nam.docx")
    assert "chưa so sánh với kết quả 6 tháng đầu năm 2022" in text and "So với thời điểm báo cáo" not in text

"""Names as they were on the report's date: the ministry's department, merged provinces, districts;
config values that contradict the date are corrected in the report and said as findings."""

import datetime as dt

from openpyxl import Workbook
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.compute.dated_names import NEW_DEPARTMENT, OLD_DEPARTMENT, dated_issuer, department, district_places
from pipeline.config import ProvinceConfig
from tests.conftest import docx_text

JUNE_2026 = dt.date(2026, 6, 30)


def test_the_department_is_the_one_of_the_date():
    assert department(dt.date(2022, 12, 31)) == OLD_DEPARTMENT
    assert department(dt.date(2025, 2, 28)) == OLD_DEPARTMENT
    assert department(dt.date(2025, 6, 30)) == NEW_DEPARTMENT


def test_a_merged_province_reports_under_its_new_name(config):
    province, findings = dated_issuer(config.province("bac-kan")[0], "provinces.bac-kan", JUNE_2026, "bac-kan")
    assert province.governing == "UBND TỈNH THÁI NGUYÊN" and province.name == "Thái Nguyên"
    assert "UBND tỉnh Thái Nguyên" in province.kinh_gui
    assert f"{NEW_DEPARTMENT} - Bộ Công Thương" in province.kinh_gui
    cells = {f.cell for f in findings}
    assert {"provinces.bac-kan.governing_body", "provinces.bac-kan.kinh_gui", "provinces.bac-kan.name"} <= cells
    assert all(f.code == "DATED_NAME" and f.file == "config.yaml" and f.severity == "warning" for f in findings)
    same, none = dated_issuer(config.province("bac-kan")[0], "provinces.bac-kan", dt.date(2018, 6, 30), "bac-kan")
    assert same == config.province("bac-kan")[0] and none == []


def test_a_new_provinces_own_entry_is_used_when_config_has_one(config):
    config = config.model_copy(update={"provinces": {**config.provinces, "thai-nguyen": ProvinceConfig(
        name="Thái Nguyên", signer={"name": "Hoàng Văn A"})}})
    province, findings = dated_issuer(config.province("bac-kan")[0], "provinces.bac-kan", JUNE_2026, "bac-kan", config)
    assert province.signer.name == "Hoàng Văn A"
    assert any("provinces.thai-nguyen" in f.message for f in findings)


def test_an_early_report_never_names_the_department_formed_in_2025():
    """The default recipients name the 2025 department; a 2018 report names the one of 2018."""
    province, findings = dated_issuer(ProvinceConfig(name="Hà Giang"), "provinces.ha-giang", dt.date(2018, 6, 30))
    assert any(OLD_DEPARTMENT in r for r in province.recipients)
    assert not any("Đổi mới sáng tạo" in r for r in province.recipients)
    assert [(f.cell, f.severity) for f in findings] == [("provinces.ha-giang.recipients", "info")]  # right for today


def test_a_roll_up_issuer_follows_the_date(config):
    old, findings = dated_issuer(config.tong_hop, "tong_hop", dt.date(2022, 12, 31))
    assert old.issuing_body == "CỤC CÔNG THƯƠNG ĐỊA PHƯƠNG" and old.symbol == "BC-CTĐP"
    assert {f.cell for f in findings} >= {"tong_hop.issuing_body", "tong_hop.symbol", "tong_hop.center"}
    assert {f.severity for f in findings} == {"info"}  # config.yaml is right for today's roll-ups
    new, none = dated_issuer(config.tong_hop, "tong_hop", JUNE_2026)
    assert new == config.tong_hop and none == []


def test_districts_after_july_2025_are_pointed_out():
    entries = [{"place": "xã Yên Hân, huyện Chợ Mới", "origin": {"file": "a.xlsx", "sheet": "S", "row": 7}},
               {"place": "phường Đức Xuân", "origin": {"file": "a.xlsx", "sheet": "S", "row": 8}}]
    (finding,) = district_places(entries, JUNE_2026)
    assert finding.file == "a.xlsx" and finding.cell == "dòng 7" and finding.message.startswith("01 đề án")
    assert district_places(entries, dt.date(2025, 6, 30)) == []
    province = ProvinceConfig(name="Hà Giang", recipients=["Phòng Kinh tế các huyện"])
    _, findings = dated_issuer(province, "provinces.ha-giang", JUNE_2026)
    assert "provinces.ha-giang.recipients" in {f.cell for f in findings}


def _workbook(path, year):
    wb = Workbook()
    ws = wb.active
    ws.append([f"DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG 6 THÁNG ĐẦU NĂM {year}"])
    ws.append(["TT", "Tên đề án", "Đơn vị thụ hưởng", "Địa điểm", "Nguồn", "Kinh phí hỗ trợ (triệu đồng)",
               "Đã giải ngân (triệu đồng)", "Tình trạng"])
    ws.append([1, "Hỗ trợ ứng dụng máy sấy", "HTX A", "xã Yên Hân, huyện Chợ Mới", "KCĐP", 100, 50, "Đang thực hiện"])
    ws.append([2, "Hỗ trợ ứng dụng máy xay", "HKD B", "phường Đức Xuân", "KCQG", 200, 0, "Chưa thực hiện"])
    wb.save(path)


def test_a_2026_report_from_an_old_province_folder_is_headed_by_the_new_one(workspace):
    folder = workspace / "inputs" / "bac-kan"
    for old in folder.iterdir():
        old.unlink()
    _workbook(folder / "bac-kan-2026-6thang.xlsx", 2026)
    result = CliRunner().invoke(app, ["run", "--inputs", str(workspace / "inputs"), "--outputs", str(workspace / "out"),
                                      "--config", str(workspace / "config.yaml"), "--province", "bac-kan"])
    assert result.exit_code == 0, result.output
    text = docx_text(workspace / "out/bac-kan/2026-6thang/bao-cao-bac-kan-2026-6thang.docx")
    assert "UBND TỈNH THÁI NGUYÊN" in text and "BẮC KẠN" not in text
    assert NEW_DEPARTMENT in text and OLD_DEPARTMENT not in text
    findings = (workspace / "out/bac-kan/2026-6thang/findings.json").read_text(encoding="utf-8")
    assert "provinces.bac-kan.governing_body" in findings and "huyện" in findings

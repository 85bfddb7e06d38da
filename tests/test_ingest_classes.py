"""One test per class of problem that made unseen workbooks read wrong (issue: ingest that holds)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from pipeline.core.findings import Severity
from pipeline.core.model import Period, Role
from pipeline.ingest import ingest_file
from pipeline.ingest import records as rec
from pipeline.ingest.periods import from_filename, from_title
from pipeline.ingest.values import AmountError, to_dong, unit_line
from tests.conftest import record_objects

M = 1_000_000
HEAD = ["STT", "Tên đề án", "Đơn vị thụ hưởng", "Kinh phí hỗ trợ (triệu đồng)", "Tình trạng"]


def xlsx(path: Path, rows: list[list], fonts: dict[str, str] | None = None, title: str = "DS",
         merges: list[str] = (), more: dict[str, list[list]] | None = None, hidden: bool = False) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for ref, font in (fonts or {}).items():
        ws[ref].font = Font(name=font)
    for rng in merges:
        ws.merge_cells(rng)
    if hidden:
        ws.sheet_state = "hidden"
    for name, more_rows in (more or {}).items():
        other = wb.create_sheet(name)
        for row in more_rows:
            other.append(row)
    wb.save(path)
    return path


def ods(path: Path, rows: list[list], hidden_rows: tuple[int, ...] = ()) -> Path:
    from tests.corpus import _write_ods

    _write_ods(path, {"DS": rows}, hidden_rows)
    return path

def read(path: Path, config, slug: str = "bac-kan"):
    return ingest_file(path, path.name, config, slug)


def got(result) -> list[tuple]:
    return [(p.source.value, p.name, p.support_vnd, p.status.value) for p in record_objects(result)]


def codes(result, severity=Severity.ERROR) -> set[str]:
    return {f.code for f in result.findings if f.severity is severity}


# -- 1. periods -------------------------------------------------------------------------------

@pytest.mark.parametrize("stem, slug, expected", [
    ("ha-nam-2022", "ha-nam", (2022, None)),
    ("quang-nam-2021-6thang", "quang-nam", (2021, Period.H1)),
    ("nam-dinh-2023", "nam-dinh", (2023, None)),
    ("nam-dinh-2023-nam", "nam-dinh", (2023, Period.YEAR)),
    ("bao-cao-kc-ha-nam-2022-9thang", "ha-nam", (2022, Period.M9)),
    ("QN_canam_2022", "quang-ninh", (2022, Period.YEAR)),
    ("danh-sach-de-an-nam-2022", "bac-kan", (2022, None)),  # "năm 2022" names the year, not the period
])
def test_province_names_with_nam_never_read_as_the_period(stem, slug, expected):
    stated = from_filename(stem, slug)
    assert (stated.year, stated.period) == expected


def test_title_period_wording():
    assert from_title("DANH SÁCH ĐỀ ÁN 6 THÁNG ĐẦU NĂM 2018 VÀ KẾ HOẠCH NĂM 2019") == (2018, Period.H1)
    assert from_title("(Tính đến ngày 30/9/2022)") == (2022, Period.M9)
    assert from_title("Kết quả thực hiện kế hoạch khuyến công năm 2022") == (2022, None)  # year, not period


def test_year_only_file_name_takes_the_period_from_the_title(tmp_path, config):
    path = xlsx(tmp_path / "ha-giang-2022.xlsx", [["KẾT QUẢ 9 THÁNG NĂM 2022"], ["Nguồn", *HEAD],
                                                   ["KCQG", 1, "Hỗ trợ máy sấy", "HTX A", 300, "Đang thực hiện"]])
    year, period, why, conflicts = read(path, config, "ha-giang").period_for()
    assert (year, period, conflicts) == (2022, Period.M9, [])
    assert "tên tệp" in why and "dòng tiêu đề" in why


def test_title_and_name_that_disagree_are_a_conflict(tmp_path, config):
    path = xlsx(tmp_path / "bac-kan-2022-nam.xlsx", [["KẾT QUẢ 6 THÁNG ĐẦU NĂM 2022"], ["Nguồn", *HEAD],
                                                      ["KCQG", 1, "Hỗ trợ máy sấy", "HTX A", 300, "Đang thực hiện"]])
    *_, conflicts = read(path, config).period_for()
    assert conflicts and "6 tháng" in conflicts[0] and "cả năm" in conflicts[0]


# -- 2. which rows are đề án ----------------------------------------------------------------

def test_signature_rows_group_rows_and_group_projects(tmp_path, config):
    rows = [
        ["BÁO CÁO 6 THÁNG ĐẦU NĂM 2022"], ["ĐVT: triệu đồng"],
        ["STT", "Tên đề án", "Đơn vị thụ hưởng", "Kinh phí hỗ trợ", "Tình trạng"],
        [None, "TỔNG CỘNG", None, 1000, None],
        ["A", "KHUYẾN CÔNG QUỐC GIA", None, 600, None],
        [1, "Đề án nhóm: hỗ trợ máy chế biến chè", "03 cơ sở", 600, "Đang thực hiện"],
        ["-", "HTX Chè Tân Cương", None, 200, None],
        ["-", "HTX Chè Phúc Xuân", None, 250, None],
        ["-", "Hộ kinh doanh Lê Văn Nam", None, 150, None],
        ["B", "Nguồn vốn: Địa phương", None, None, None],
        ["I", "Hỗ trợ ứng dụng máy móc thiết bị", None, 380, None],
        [1, "Hỗ trợ máy sấy miến", "HKD Hà Văn Tư", 200, "Đã nghiệm thu"],
        [2, "Hỗ trợ máy ép dầu", "HTX Lạc Hồng", 180, "Xin dừng thực hiện"],
        ["II", "Quản lý chương trình", None, 20, None],
        [1, "Hỗ trợ kinh phí quản lý chương trình khuyến công", "Trung tâm", 20, "Đã hoàn thành"],
        [None, "Cộng B", None, 400, None],
        [],
        [None, "Người lập biểu", None, "GIÁM ĐỐC"], [None, "(Ký, ghi rõ họ tên)"], [], [None, "Nguyễn Thị Lan", None, "Trần Văn Bình"],
    ]
    result = read(xlsx(tmp_path / "bac-kan-2022-6thang.xlsx", rows), config)
    assert result.findings == []
    assert got(result) == [
        ("KCQG", "Đề án nhóm: hỗ trợ máy chế biến chè", 600 * M, "in_progress"),
        ("KCDP", "Hỗ trợ máy sấy miến", 200 * M, "completed"),
        ("KCDP", "Hỗ trợ máy ép dầu", 180 * M, "stopped"),
        ("KCDP", "Hỗ trợ kinh phí quản lý chương trình khuyến công", 20 * M, "completed"),
    ]
    group = record_objects(result)[0]
    assert (group.shape, group.beneficiaries) == ("nhom", 3)
    assert [p.record_type for p in record_objects(result)] == ["de_an", "de_an", "de_an", "nhiem_vu_chi"]
    assert record_objects(result)[1].content == "Hỗ trợ ứng dụng máy móc thiết bị"  # from its activity group
    roles = {r.row: r.role for r in result.ledgers[0].roles}
    assert [roles[r] for r in (4, 5, 6, 7, 10, 11, 16, 18, 21)] == [
        Role.TOTAL, Role.SECTION, Role.PROJECT, Role.BENEFICIARY, Role.SECTION, Role.GROUP, Role.SUBTOTAL,
        Role.FOOTER, Role.FOOTER]
    assert result.ledgers[0].balanced


def test_total_above_the_sections_is_checked(tmp_path, config):
    rows = [HEAD, [None, "TỔNG CỘNG", None, 900, None], ["A", "KHUYẾN CÔNG QUỐC GIA", None, None, None],
            [1, "Hỗ trợ máy sấy", "HTX A", 300, "Đang thực hiện"], [2, "Hỗ trợ máy ép", "HTX B", 500, "Đang thực hiện"]]
    result = read(xlsx(tmp_path / "t.xlsx", rows), config)
    (error,) = [f for f in result.findings if f.severity is Severity.ERROR]
    assert error.code == "TOTAL_MISMATCH" and error.cell == "D2"
    assert "900.000.000" in error.message and "800.000.000" in error.message


def test_a_row_with_a_name_and_an_amount_is_never_structure(tmp_path, config):
    rows = [HEAD, [1, "Hỗ trợ máy sấy", "HTX A", 300, "Đang thực hiện"], [],
            [None, "Người lập biểu"], [2, "Hỗ trợ máy nghiền", "HTX B", 120, "Đang thực hiện"]]
    result = read(xlsx(tmp_path / "t.xlsx", rows), config)
    assert "ROW_AFTER_FOOTER" in codes(result)


# -- 3. amounts -----------------------------------------------------------------------------

@pytest.mark.parametrize("value, unit, expected", [
    ("5 triệu 500", None, 5_500_000), ("1 tỷ 200 triệu", None, 1_200_000_000), ("1 tỷ 200", None, 1_200_000_000),
    ("85,5 tr", None, 85_500_000), ("600 000 000", "dong", 600_000_000), ("250.000.000đ", None, 250_000_000),
    ("1,2 tỷ", None, 1_200_000_000), (300, "nghin", 300_000),
])
def test_amount_wordings(value, unit, expected):
    assert to_dong(value, unit) == expected


@pytest.mark.parametrize("value", [-5, "-150", "#DIV/0!", "5 con gà"])
def test_bad_amounts_are_refused(value):
    with pytest.raises(AmountError):
        to_dong(value, "trieu")


@pytest.mark.parametrize("line, unit", [("ĐVT: 1.000 đồng", "nghin"), ("Đơn vị tính: nghìn đồng", "nghin"),
                                        ("Đơn vị tính: tr.đ", "trieu"), ("(ĐVT: triệu đồng)", "trieu"),
                                        ("Đơn vị: đồng", "dong")])
def test_unit_lines(line, unit):
    assert unit_line(line) == unit


def test_unit_line_above_the_header_applies_to_the_table(tmp_path, config):
    rows = [["DANH SÁCH"], [None, None, None, "ĐVT: 1.000 đồng"],
            ["STT", "Nguồn", "Tên đề án", "Kinh phí hỗ trợ", "Tình trạng"],
            [1, "KCĐP", "Hỗ trợ máy sấy", 300000, "Đang thực hiện"]]
    result = read(xlsx(tmp_path / "t.xlsx", rows), config)
    assert got(result) == [("KCDP", "Hỗ trợ máy sấy", 300 * M, "in_progress")]


def test_a_stated_unit_that_does_not_fit_the_numbers_is_refused(tmp_path, config):
    rows = [["STT", "Nguồn", "Tên đề án", "Kinh phí hỗ trợ (đồng)", "Tình trạng"],
            [1, "KCĐP", "Hỗ trợ máy sấy", 300, "Đang thực hiện"], [2, "KCĐP", "Hỗ trợ máy ép", 250, "Đang thực hiện"]]
    assert "UNIT_IMPLAUSIBLE" in codes(read(xlsx(tmp_path / "t.xlsx", rows), config))


def test_huge_and_negative_amounts_are_refused(tmp_path, config):
    rows = [["Nguồn", *HEAD], ["KCĐP", 1, "Hỗ trợ máy sấy", "HTX A", 10 ** 20, "Đang thực hiện"],
            ["KCĐP", 2, "Hỗ trợ máy ép", "HTX B", -150, "Đang thực hiện"],
            ["KCĐP", 3, "Hỗ trợ máy cắt", "HTX C", 150, "Đang thực hiện"]]
    result = read(xlsx(tmp_path / "t.xlsx", rows), config)
    assert {"AMOUNT_IMPLAUSIBLE", "AMOUNT_UNREADABLE"} <= codes(result)
    assert got(result) == [("KCDP", "Hỗ trợ máy cắt", 150 * M, "in_progress")]


def test_formulas_without_cached_values_are_computed(tmp_path, config):
    rows = [["Nguồn", *HEAD], ["KCĐP", 1, "Hỗ trợ máy sấy", "HTX A", 100, "Đang thực hiện"],
            ["KCĐP", 2, "Hỗ trợ máy ép", "HTX B", "=E2*2", "Đang thực hiện"],
            [None, None, "Tổng cộng", None, "=SUM(E2:E3)", None]]
    result = read(xlsx(tmp_path / "t.xlsx", rows), config)  # openpyxl stores no cached value
    assert [(f.code, f.severity) for f in result.findings] == [("FORMULA_COMPUTED", Severity.INFO)]
    assert "E3, E4" in result.findings[0].message
    assert [p.support_vnd for p in record_objects(result)] == [100 * M, 200 * M]


def test_a_formula_that_cannot_be_computed_is_refused_with_its_cell(tmp_path, config):
    rows = [["Nguồn", *HEAD], ["KCĐP", 1, "Hỗ trợ máy sấy", "HTX A", "=NOSUCHFUNCTION(1)", "Đang thực hiện"]]
    result = read(xlsx(tmp_path / "t.xlsx", rows), config)
    (error,) = [f for f in result.findings if f.code == "FORMULA_UNCOMPUTED"]
    assert error.cell == "E2" and "=NOSUCHFUNCTION(1)" in error.message


def test_an_uncomputed_formula_in_a_text_column_is_never_read_as_text(tmp_path, config):
    rows = [["Nguồn", *HEAD], ["KCĐP", 1, '=NOSUCHFUNCTION("x")', "HTX A", 100, "Đang thực hiện"]]
    result = read(xlsx(tmp_path / "t.xlsx", rows), config)
    assert record_objects(result) == [] and codes(result) >= {"FORMULA_UNCOMPUTED"}


# -- 4. legacy text -------------------------------------------------------------------------

def test_legacy_fonts_decide_including_upper_case_tcvn3_and_vni(tmp_path, config):
    rows = [["DANH S¸CH §Ò ¸N"], HEAD, ["A", "KHUYEÁN COÂNG ÑÒA PHÖÔNG", None, None, None],
            [1, "Hç trî m¸y sÊy chÌ", "HTX ChÌ T©n C­¬ng", 120, "§· hoµn thµnh"],
            ["B", "KHUYÕN C¤NG QUèC GIA", None, None, None],
            [1, "Hoã trôï maùy eùp", "HKD Mai", 80, "Ñang thöïc hieän"]]
    fonts = {"A1": ".VnTimeH", "B3": "VNI-Times", "B4": ".VnTime", "C4": ".VnTime", "E4": ".VnTime",
             "B5": ".VnTimeH", "B6": "VNI-Times", "E6": "VNI-Times"}
    result = read(xlsx(tmp_path / "t.xlsx", rows, fonts), config)
    assert got(result) == [("KCDP", "Hỗ trợ máy sấy chè", 120 * M, "completed"),
                           ("KCQG", "Hỗ trợ máy ép", 80 * M, "in_progress")]
    assert record_objects(result)[0].beneficiary == "HTX Chè Tân Cương"
    assert {f.code for f in result.findings} == {"LEGACY_TEXT"}


def test_upper_case_vni_without_fonts_is_decoded_by_the_sheet(tmp_path, config):
    rows = [HEAD, ["A", "KHUYEÁN COÂNG ÑÒA PHÖÔNG", None, None, None],
            [1, "Hoã trôï maùy eùp", "HKD Mai", 80, "Ñang thöïc hieän"]]
    result = read(xlsx(tmp_path / "t.xlsx", rows), config)
    assert got(result) == [("KCDP", "Hỗ trợ máy ép", 80 * M, "in_progress")]


# -- 5. words -------------------------------------------------------------------------------

def test_compound_header_is_the_name_when_nothing_else_is(tmp_path, config):
    rows = [["STT", "Nguồn", "Nội dung hoạt động, tên đề án", "Kinh phí hỗ trợ (triệu đồng)", "Tình trạng"],
            [1, "KCQG", "Hỗ trợ máy sấy chè", 300, "Đang thực hiện"]]
    assert got(read(xlsx(tmp_path / "t.xlsx", rows), config)) == [("KCQG", "Hỗ trợ máy sấy chè", 300 * M, "in_progress")]


def test_columns_that_must_not_be_confused(tmp_path, config):
    rows = [["STT", "Nguồn", "Tên đề án", "Tổng vốn (triệu đồng)", "Vốn đối ứng (triệu đồng)",
             "Kinh phí khuyến công hỗ trợ (triệu đồng)", "Lũy kế giải ngân (triệu đồng)", "Quyết định phê duyệt",
             "Tình trạng"],
            [1, "KCQG", "Hỗ trợ máy sấy chè", 900, 600, 300, 150, "QĐ số 12/QĐ-UBND ngày 3/3/2022", "Đang thực hiện"]]
    (p,) = record_objects(read(xlsx(tmp_path / "t.xlsx", rows), config))
    assert (p.support_vnd, p.counterpart_vnd, p.disbursed_vnd) == (300 * M, 600 * M, 150 * M)
    assert p.decision == "QĐ số 12/QĐ-UBND ngày 3/3/2022"


def test_status_over_a_progress_column_and_a_note(tmp_path, config):
    rows = [["Nguồn", "Tên đề án", "Kinh phí hỗ trợ (triệu đồng)", "Tiến độ (%)", "Ghi chú"],
            ["KCĐP", "Hỗ trợ máy sấy", 100, 60, None], ["KCĐP", "Hỗ trợ máy ép", 100, None, "Xin dừng thực hiện"],
            ["KCĐP", "Hỗ trợ máy cắt", 100, 30, "Đơn vị xin dừng do thiếu vốn"],
            ["KCĐP", "Hỗ trợ máy nghiền", 100, 100, "Đơn vị gặp khó khăn về mặt bằng"]]
    result = read(xlsx(tmp_path / "t.xlsx", rows), config)
    assert [(p.status.value, p.progress) for p in record_objects(result)] == [
        ("in_progress", 60.0), ("stopped", None), ("stopped", 30.0), ("completed", 100.0)]


def test_unknown_status_quotes_the_text_and_cell(tmp_path, config):
    rows = [["Nguồn", *HEAD], ["KCĐP", 1, "Hỗ trợ máy sấy", "HTX A", 100, "chờ ý kiến chỉ đạo"]]
    (error,) = read(xlsx(tmp_path / "t.xlsx", rows), config).findings
    assert (error.code, error.cell) == ("STATUS_UNKNOWN", "F2") and "“chờ ý kiến chỉ đạo”" in error.message


# -- shapes ---------------------------------------------------------------------------------

def test_vertically_merged_name_is_one_group_project(tmp_path, config):
    rows = [["Nguồn", "Tên đề án", "Đơn vị thụ hưởng", "Kinh phí hỗ trợ (triệu đồng)", "Tình trạng"],
            ["KCQG", "Đề án nhóm chế biến gỗ", "HTX A", 600, "Đang thực hiện"],
            [None, None, "HTX B", None, None], [None, None, "HTX C", None, None]]
    result = read(xlsx(tmp_path / "t.xlsx", rows, merges=["A2:A4", "B2:B4", "D2:D4", "E2:E4"]), config)
    (p,) = record_objects(result)
    assert (p.support_vnd, p.beneficiaries, p.shape) == (600 * M, 3, "nhom")
    assert result.findings == []


def test_two_tables_on_one_sheet_and_ditto_marks(tmp_path, config):
    rows = [["Bảng 1: KCQG"], ["STT", "Tên đề án", "Địa điểm", "Kinh phí hỗ trợ (triệu đồng)", "Tình trạng"],
            [1, "Hỗ trợ máy sấy", "xã A", 300, "Đang thực hiện"], [],
            ["Bảng 2: KCĐP"], ["STT", "Tên đề án", "Địa điểm", "Kinh phí hỗ trợ (triệu đồng)", "Tình trạng"],
            [1, "Hỗ trợ máy ép", "xã B", 100, "Đã hoàn thành"], [2, "Hỗ trợ máy cắt", '"', 90, "nt"]]
    result = read(xlsx(tmp_path / "t.xlsx", rows), config)
    assert result.findings == [] or {f.code for f in result.findings} == set()
    # each table takes its source from its own title row
    assert [(p.name, p.place, p.status.value) for p in record_objects(result)] == [
        ("Hỗ trợ máy sấy", "xã A", "in_progress"), ("Hỗ trợ máy ép", "xã B", "completed"),
        ("Hỗ trợ máy cắt", "xã B", "completed")]


def test_summary_sheet_beside_one_sheet_per_source_is_not_counted_twice(tmp_path, config):
    sheet = [HEAD, [1, "Hỗ trợ máy sấy", "HTX A", 300, "Đang thực hiện"]]
    other = [HEAD, [1, "Hỗ trợ máy ép", "HTX B", 100, "Đã hoàn thành"]]
    summary = [HEAD, ["A", "KCQG", None, None, None], [1, "Hỗ trợ máy sấy", "HTX A", 300, "Đang thực hiện"],
               ["B", "KCĐP", None, None, None], [1, "Hỗ trợ máy ép", "HTX B", 100, "Đã hoàn thành"]]
    result = read(xlsx(tmp_path / "t.xlsx", summary, title="Tổng hợp", more={"KCQG": sheet, "KCĐP": other}), config)
    assert sorted(got(result)) == [("KCDP", "Hỗ trợ máy ép", 100 * M, "completed"),
                                   ("KCQG", "Hỗ trợ máy sấy", 300 * M, "in_progress")]
    assert "SUMMARY_SHEET" in codes(result, Severity.INFO)


# -- files ----------------------------------------------------------------------------------

def test_hidden_data_sheet_is_named(tmp_path, config):
    path = xlsx(tmp_path / "t.xlsx", [["Nguồn", *HEAD], ["KCĐP", 1, "Hỗ trợ máy sấy", "HTX A", 100, "Đang thực hiện"]],
                hidden=True, more={"Bìa": [["Báo cáo"]]})
    (error,) = [f for f in read(path, config).findings if f.severity is Severity.ERROR]
    assert error.code == "NO_TABLE" and "trang tính ẩn: DS" in error.message


def test_header_only_and_empty_workbooks_are_errors_that_name_them(tmp_path, config):
    header_only = read(xlsx(tmp_path / "h.xlsx", [["Nguồn", *HEAD]]), config)
    assert [(f.code, f.sheet) for f in header_only.findings] == [("NO_RECORDS", "DS")]
    empty = read(xlsx(tmp_path / "e.xlsx", []), config)
    assert [(f.code, f.file) for f in empty.findings] == [("FILE_EMPTY", "e.xlsx")]


@pytest.mark.parametrize("encoding, delimiter, extra", [("utf-16", ";", b""), ("cp1258", ",", b""),
                                                        ("utf-8", ";", b"\x00")])
def test_excel_csv_variants(tmp_path, config, encoding, delimiter, extra):
    text = "\r\n".join(delimiter.join(r) for r in [
        ["Nguồn", "Tên đề án", "Kinh phí hỗ trợ (triệu đồng)", "Tình trạng"],
        ["KCĐP", "Hỗ trợ máy sấy chè", "262,5" if delimiter == ";" else "262.5", "Đã nghiệm thu"]])
    if encoding == "cp1258":  # Windows-1258 writes tones as combining marks
        from tests.generator import _cp1258_form

        text = _cp1258_form(text)
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode(encoding, errors="strict") + extra)
    assert got(read(path, config)) == [("KCDP", "Hỗ trợ máy sấy chè", 262_500_000, "completed")]


def test_ods_error_cell_is_not_read_as_empty(tmp_path, config):
    rows = [["Nguồn", "Tên đề án", "Kinh phí hỗ trợ (triệu đồng)", "Tình trạng"],
            ["KCĐP", "Hỗ trợ máy sấy", "#DIV/0!", "Đang thực hiện"]]
    (error,) = read(ods(tmp_path / "t.ods", rows), config).findings
    assert (error.code, error.cell) == ("AMOUNT_UNREADABLE", "C2") and "#DIV/0!" in error.message


def test_xls_error_cell_is_not_read_as_empty(tmp_path, config):
    import xlwt

    book = xlwt.Workbook()
    ws = book.add_sheet("DS")
    for c, v in enumerate(["Nguồn", "Tên đề án", "Kinh phí hỗ trợ (triệu đồng)", "Tình trạng"]):
        ws.write(0, c, v)
    ws.write(1, 0, "KCĐP")
    ws.write(1, 1, "Hỗ trợ máy sấy")
    ws.write(1, 2, xlwt.Formula("1/0"))
    ws.write(1, 3, "Đang thực hiện")
    path = tmp_path / "t.xls"
    book.save(str(path))
    result = read(path, config)
    assert got(result) == []
    assert any(f.cell == "C2" for f in result.findings if f.severity is Severity.ERROR)


# -- the records table and the ledger -------------------------------------------------------

def test_records_have_the_declared_schema(sample_inputs, config):
    path = sample_inputs / "bac-kan/bac-kan-2018-6thang.xlsx"
    df = ingest_file(path, "bac-kan/x.xlsx", config, "bac-kan").records
    assert list(df.columns) == list(rec.SCHEMA)
    assert {c: str(t) for c, t in df.dtypes.items()} == rec.SCHEMA
    assert int(df["support_vnd"].sum()) == 1_129_000_000


def test_pinned_dialect_reads_a_layout_nothing_recognises(tmp_path, config):
    from pipeline.config import Dialect

    rows = [["Mã", "Việc", "Người nhận", "Tiền", "Hiện trạng", "Quỹ"],
            [1, "Hỗ trợ máy sấy", "HTX A", 300, "Đang thực hiện", "KCQG"]]
    path = xlsx(tmp_path / "t.xlsx", rows)
    assert record_objects(read(path, config)) == []
    province = config.provinces["bac-kan"].model_copy(update={"dialect": [Dialect(
        sheet="DS", header_rows=(1, 1), unit="trieu",
        columns={"stt": "A", "name": "B", "beneficiary": "C", "support": "D", "status": "E", "source": "F"})]})
    pinned = config.model_copy(update={"provinces": {**config.provinces, "bac-kan": province}})
    result = ingest_file(path, path.name, pinned, "bac-kan")
    assert [(p.name, p.support_vnd) for p in record_objects(result)] == [("Hỗ trợ máy sấy", 300 * M)]


def test_check_rows_writes_the_ledger(workspace):
    from typer.testing import CliRunner

    from pipeline.cli import app

    out = workspace / "so-dong"
    result = CliRunner().invoke(app, ["check", "--inputs", str(workspace / "inputs"), "--config",
                                      str(workspace / "config.yaml"), "--rows", str(out)])
    assert result.exit_code == 0, result.output
    from openpyxl import load_workbook

    ws = load_workbook(out.with_suffix(".xlsx")).active
    header = [c.value for c in ws[1]]
    assert header == ["Tệp", "Trang tính", "Dòng", "Vai trò", "Mã vai trò", "Lý do", "Giá trị đọc được"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    bac_kan = [r for r in rows if r[0].startswith("bac-kan") and r[1] == "Danh sách đề án"]
    assert len(bac_kan) == 18 and sum(r[4] in ("project", "task") for r in bac_kan) == 13
    assert out.with_suffix(".csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "Kỳ báo cáo của từng tệp" in result.output


def test_hidden_rows_with_data_are_refused_and_hidden_columns_not_read(tmp_path, config):
    rows = [["Nguồn", "Tên đề án", "Kinh phí hỗ trợ cũ (triệu đồng)", "Kinh phí hỗ trợ (triệu đồng)", "Tình trạng"],
            ["KCĐP", "Hỗ trợ máy sấy", 500, 100, "Đang thực hiện"], ["KCĐP", "Hỗ trợ máy ép", 90, 90, "Đang thực hiện"]]
    wb = Workbook()
    ws = wb.active
    ws.title = "DS"
    for row in rows:
        ws.append(row)
    ws.column_dimensions["C"].hidden = True
    path = tmp_path / "t.xlsx"
    wb.save(path)
    result = read(path, config)
    assert [p.support_vnd for p in record_objects(result)] == [100 * M, 90 * M]
    assert codes(result, Severity.WARNING) == {"HIDDEN_COLUMN"}
    ws.row_dimensions[3].hidden = True
    wb.save(path)
    result = read(path, config)
    (error,) = [f for f in result.findings if f.severity is Severity.ERROR]
    assert (error.code, error.cell) == ("HIDDEN_ROW", "B3")


def test_support_split_by_source_columns(tmp_path, config):
    rows = [["STT", "Tên đề án", "Kinh phí hỗ trợ (triệu đồng)", None, "Tình trạng"],
            [None, None, "KCQG", "KCĐP", None],
            [1, "Hỗ trợ máy sấy", 300, None, "Đang thực hiện"], [2, "Hỗ trợ máy ép", None, 90, "Đã hoàn thành"],
            [3, "Hỗ trợ máy cắt", 50, 40, "Đã hoàn thành"]]
    result = read(xlsx(tmp_path / "t.xlsx", rows, merges=["C1:D1"]), config)
    assert got(result) == [("KCQG", "Hỗ trợ máy sấy", 300 * M, "in_progress"),
                           ("KCDP", "Hỗ trợ máy ép", 90 * M, "completed")]
    (error,) = [f for f in result.findings if f.severity is Severity.ERROR]
    assert error.cell.endswith("5") and "cả hai cột" in error.message


def test_two_columns_that_could_both_be_the_support_are_ambiguous(tmp_path, config):
    rows = [["Nguồn", "Tên đề án", "Kinh phí hỗ trợ (triệu đồng)", "Kinh phí hỗ trợ (triệu đồng)", "Tình trạng"],
            ["KCĐP", "Hỗ trợ máy sấy", 500, 100, "Đang thực hiện"]]
    assert "AMBIGUOUS_COLUMN" in codes(read(xlsx(tmp_path / "t.xlsx", rows), config))


def test_summary_sheet_of_totals_is_checked_against_the_detail_sheets(tmp_path, config):
    sheet = [HEAD, [1, "Hỗ trợ máy sấy", "HTX A", 300, "Đang thực hiện"], [2, "Hỗ trợ máy ép", "HTX B", 200, "Đã nghiệm thu"]]
    other = [HEAD, [1, "Hỗ trợ máy cắt", "HTX C", 100, "Đã hoàn thành"]]
    summary = [["STT", "Tên đề án", "Số đề án", "Kinh phí hỗ trợ (triệu đồng)"],
               [1, "Khuyến công quốc gia", 2, 500], [2, "Khuyến công địa phương", 1, 100], [None, "Tổng cộng", 3, 600]]
    result = read(xlsx(tmp_path / "t.xlsx", summary, title="Tổng hợp", more={"KCQG": sheet, "KCĐP": other}), config)
    assert len(record_objects(result)) == 3 and not codes(result)
    assert "SUMMARY_SHEET" in codes(result, Severity.INFO)
    summary[2][3] = 150
    result = read(xlsx(tmp_path / "t2.xlsx", summary, title="Tổng hợp", more={"KCQG": sheet, "KCĐP": other}), config)
    assert "TOTAL_MISMATCH" in codes(result)


def test_content_column_names_the_project_when_there_is_no_name_column(tmp_path, config):
    rows = [["TT", "Nội dung hỗ trợ", "Tên đơn vị thụ hưởng", "Kinh phí (triệu đồng)", None, None, "Kết quả thực hiện"],
            [None, None, None, "Tổng số", "NS khuyến công", "Đối ứng", None],
            ["A", "Khuyến công địa phương", None, None, None, None, None],
            [1, "Hỗ trợ máy sấy", "HTX A", 900, 300, 600, "Đang thực hiện"]]
    (p,) = record_objects(read(xlsx(tmp_path / "t.xlsx", rows, merges=["D1:F1"]), config))
    assert (p.name, p.beneficiary, p.support_vnd, p.counterpart_vnd) == ("Hỗ trợ máy sấy", "HTX A", 300 * M, 600 * M)


def test_breakdown_rows_under_a_total_are_checked_by_source(tmp_path, config):
    rows = [["Nguồn", *HEAD], [None, None, "Tổng cộng", None, 400, None],
            [None, None, "Trong đó: KCQG", None, 300, None], [None, None, "Trong đó: KCĐP", None, 100, None],
            ["KCQG", 1, "Hỗ trợ máy sấy", "HTX A", 300, "Đang thực hiện"],
            ["KCĐP", 2, "Hỗ trợ máy ép", "HTX B", 100, "Đang thực hiện"]]
    result = read(xlsx(tmp_path / "t.xlsx", rows), config)
    assert len(record_objects(result)) == 2 and result.findings == []
    rows[3][4] = 150
    assert "TOTAL_MISMATCH" in codes(read(xlsx(tmp_path / "t2.xlsx", rows), config))


def test_a_source_word_inside_a_project_name_does_not_make_a_section(tmp_path, config):
    rows = [HEAD, ["A", "KHUYẾN CÔNG QUỐC GIA", None, None, None],
            [None, "Quảng bá sản phẩm địa phương", None, None, None],
            [1, "Hỗ trợ máy sấy", "HTX A", 300, "Đang thực hiện"]]
    result = read(xlsx(tmp_path / "t.xlsx", rows), config)
    assert got(result) == [("KCQG", "Hỗ trợ máy sấy", 300 * M, "in_progress")]


def test_item_lines_under_a_project_are_counted_inside_it(tmp_path, config):
    rows = [["Nguồn", *HEAD], ["KCĐP", 1, "Hỗ trợ ứng dụng máy móc chế biến chè", "HTX A", 300, "Đã nghiệm thu"],
            [None, "-", "Máy sấy chè", None, 200, None], [None, "-", "Máy đóng gói", None, 100, None]]
    result = read(xlsx(tmp_path / "t.xlsx", rows), config)
    (p,) = record_objects(result)
    assert (p.support_vnd, p.shape, p.beneficiary) == (300 * M, "don_le", "HTX A")
    assert [r.role for r in result.ledgers[0].roles[2:]] == [Role.DETAIL, Role.DETAIL]


def test_a_plan_sheet_alone_is_the_period_s_list_unless_it_names_a_later_year(tmp_path, config):
    rows = [["Nguồn", *HEAD], ["KCĐP", 1, "Hỗ trợ máy sấy", "HTX A", 100, "Đang thực hiện"]]
    alone = read(xlsx(tmp_path / "bac-kan-2022-6thang.xlsx", rows, title="Kế hoạch 2022"), config)
    assert len(alone.reported) == 1 and alone.plan.empty
    beside = read(xlsx(tmp_path / "bac-kan-2022-nam.xlsx", rows, title="Kế hoạch 2023"), config)
    assert beside.reported.empty and len(beside.plan) == 1


def test_a_struck_through_project_is_refused_not_counted(tmp_path, config):
    rows = [["Nguồn", *HEAD], ["KCĐP", 1, "Hỗ trợ máy sấy", "HTX A", 100, "Đang thực hiện"],
            ["KCĐP", 2, "Hỗ trợ máy ép", "HTX B", 90, "Đang thực hiện"]]
    wb = Workbook()
    ws = wb.active
    ws.title = "DS"
    for row in rows:
        ws.append(row)
    ws["C3"].font = Font(strike=True)
    path = tmp_path / "t.xlsx"
    wb.save(path)
    result = read(path, config)
    (error,) = [f for f in result.findings if f.severity is Severity.ERROR]
    assert (error.code, error.cell) == ("STRUCK_ROW", "C3")
    assert [p.name for p in record_objects(result)] == ["Hỗ trợ máy sấy"]


def test_xls_hidden_rows_and_struck_names_are_refused(tmp_path, config):
    import xlwt

    book = xlwt.Workbook()
    ws = book.add_sheet("DS")
    struck = xlwt.easyxf("font: struck_out on")
    for r, row in enumerate([["Nguồn", *HEAD], ["KCĐP", 1, "Hỗ trợ máy sấy", "HTX A", 100, "Đang thực hiện"],
                             ["KCĐP", 2, "Hỗ trợ máy ép", "HTX B", 90, "Đang thực hiện"],
                             ["KCĐP", 3, "Hỗ trợ máy cắt", "HTX C", 80, "Đang thực hiện"]]):
        for c, v in enumerate(row):
            ws.write(r, c, v, struck if (r, c) == (2, 2) else xlwt.Style.default_style)
    ws.row(3).hidden = True
    path = tmp_path / "t.xls"
    book.save(str(path))
    result = read(path, config)
    assert {(f.code, f.cell) for f in result.findings if f.severity is Severity.ERROR} == {
        ("STRUCK_ROW", "C3"), ("HIDDEN_ROW", "C4")}
    assert [p.name for p in record_objects(result)] == ["Hỗ trợ máy sấy"]


def test_section_rows_with_a_count_still_name_the_source(tmp_path, config):
    rows = [HEAD, ["A", "Khuyến công quốc gia", "01 đề án", 300, None],
            [1, "Hỗ trợ máy sấy", "HTX A", 300, "Đang thực hiện"],
            ["B", "Khuyến công địa phương", "02 đề án", 190, None],
            [1, "Hỗ trợ máy ép", "HTX B", 100, "Đang thực hiện"], [2, "Hỗ trợ máy cắt", "HTX C", 90, "Đã hoàn thành"],
            [None, "Tổng kinh phí", None, 490, None]]
    result = read(xlsx(tmp_path / "t.xlsx", rows), config)
    assert [p.source.value for p in record_objects(result)] == ["KCQG", "KCDP", "KCDP"]
    assert result.findings == []


def test_a_heading_that_names_a_source_sets_it_for_the_rows_under_it(tmp_path, config):
    rows = [HEAD, ["A", "Khuyến công quốc gia", None, 300, None],
            [1, "Hỗ trợ máy sấy", "HTX A", 300, "Đang thực hiện"],
            ["B", "Khuyến công địa phương", "Trung tâm Khuyến công", 190, None],
            [1, "Hỗ trợ máy ép", "HTX B", 100, "Đang thực hiện"], [2, "Hỗ trợ máy cắt", "HTX C", 90, "Đã hoàn thành"]]
    result = read(xlsx(tmp_path / "t.xlsx", rows), config)
    assert [p.source.value for p in record_objects(result)] == ["KCQG", "KCDP", "KCDP"]


def test_a_plan_sheet_named_in_tcvn3_is_still_a_plan_sheet(tmp_path, config):
    rows = [["Nguồn", *HEAD], ["KCĐP", 1, "Hỗ trợ máy sấy", "HTX A", 100, "Đang thực hiện"]]
    plan = [["Nguồn", *HEAD], ["KCĐP", 1, "Hỗ trợ máy nghiền", "HTX B", 200, None]]
    result = read(xlsx(tmp_path / "bac-kan-2022-nam.xlsx", rows, more={"KÕ ho¹ch 2023": plan}), config)
    assert [p.name for p in record_objects(result)] == ["Hỗ trợ máy sấy"]
    assert list(result.plan["name"]) == ["Hỗ trợ máy nghiền"]


def test_a_sheet_titled_as_next_year_s_registration_is_the_plan(tmp_path, config):
    rows = [["Nguồn", *HEAD], ["KCĐP", 1, "Hỗ trợ máy sấy", "HTX A", 100, "Đang thực hiện"]]
    plan = [["DANH MỤC ĐỀ ÁN ĐĂNG KÝ KẾ HOẠCH KHUYẾN CÔNG NĂM 2023"], ["Nguồn", *HEAD],
            ["KCĐP", 1, "Hỗ trợ máy nghiền", "HTX B", 200, None]]
    result = read(xlsx(tmp_path / "bac-kan-2022-nam.xlsx", rows, more={"Sheet2": plan}), config)
    assert [p.name for p in record_objects(result)] == ["Hỗ trợ máy sấy"]
    assert list(result.plan["name"]) == ["Hỗ trợ máy nghiền"]


def test_a_sheet_name_can_state_the_period(tmp_path, config):
    rows = [["Nguồn", *HEAD], ["KCĐP", 1, "Hỗ trợ máy sấy", "HTX A", 100, "Đang thực hiện"]]
    result = read(xlsx(tmp_path / "bac-kan-2022.xlsx", rows, title="BC 6 tháng"), config)
    assert result.period_for()[:2] == (2022, Period.H1)


def test_disbursed_to_date_is_taken_over_the_period_s_own(tmp_path, config):
    rows = [["Nguồn", "Tên đề án", "Kinh phí hỗ trợ (triệu đồng)", "Giải ngân (triệu đồng)", None, "Tình trạng"],
            [None, None, None, "Trong kỳ", "Lũy kế", None],
            ["KCĐP", "Hỗ trợ máy sấy", 100, 20, 70, "Đang thực hiện"]]
    (p,) = record_objects(read(xlsx(tmp_path / "t.xlsx", rows, merges=["D1:E1"]), config))
    assert p.disbursed_vnd == 70 * M


def test_approved_beside_adjusted_support_is_ambiguous(tmp_path, config):
    rows = [["Nguồn", "Tên đề án", "Kinh phí được duyệt (triệu đồng)", "Kinh phí điều chỉnh (triệu đồng)", "Tình trạng"],
            ["KCĐP", "Hỗ trợ máy sấy", 100, 80, "Đang thực hiện"]]
    assert "AMBIGUOUS_COLUMN" in codes(read(xlsx(tmp_path / "t.xlsx", rows), config))


def test_ods_hidden_rows_are_refused(tmp_path, config):
    rows = [["Nguồn", "Tên đề án", "Kinh phí hỗ trợ (triệu đồng)", "Tình trạng"],
            ["KCĐP", "Hỗ trợ máy sấy", 100, "Đang thực hiện"], ["KCĐP", "Hỗ trợ máy ép", 90, "Đang thực hiện"]]
    result = read(ods(tmp_path / "t.ods", rows, hidden_rows=(2,)), config)
    assert {(f.code, f.cell) for f in result.findings if f.severity is Severity.ERROR} == {("HIDDEN_ROW", "B3")}


def test_ods_formula_without_a_value_is_refused(tmp_path, config):
    rows = [["Nguồn", "Tên đề án", "Kinh phí hỗ trợ (triệu đồng)", "Tình trạng"],
            ["KCĐP", "Hỗ trợ máy sấy", "=[.B5]*2", "Đang thực hiện"]]
    result = read(ods(tmp_path / "t.ods", rows), config)
    assert {(f.code, f.cell) for f in result.findings if f.severity is Severity.ERROR} == {("FORMULA_UNCOMPUTED", "C2")}



def test_unicode_text_beside_legacy_text_is_never_converted(tmp_path, config):
    rows = [["Nguồn", *HEAD], ["KCĐP", 1, "Hç trî m¸y sÊy chÌ", "Công ty ABC® Sở Công Thương", 120, "§· hoµn thµnh"]]
    (p,) = record_objects(read(xlsx(tmp_path / "t.xlsx", rows), config))
    assert (p.name, p.beneficiary) == ("Hỗ trợ máy sấy chè", "Công ty ABC® Sở Công Thương")


def test_one_upper_case_vni_section_in_a_unicode_sheet_is_decoded(tmp_path, config):
    rows = [HEAD, ["A", "KHUYEÁN COÂNG QUOÁC GIA", None, None, None],
            [1, "Hỗ trợ máy sấy", "HTX Cà Mau", 300, "Đang thực hiện"]]
    result = read(xlsx(tmp_path / "t.xlsx", rows), config)
    assert got(result) == [("KCQG", "Hỗ trợ máy sấy", 300 * M, "in_progress")]
    assert record_objects(result)[0].beneficiary == "HTX Cà Mau"


@pytest.mark.parametrize("values, unit_factor", [([1200, 900, 2500], M), ([30000, 45000, 60000], 1000),
                                                 ([150_000_000, 90_000_000], 1)])
def test_without_any_unit_the_usual_size_of_a_project_decides(tmp_path, config, values, unit_factor):
    rows = [["Nguồn", "Tên đề án", "Kinh phí hỗ trợ", "Tình trạng"]] + [
        ["KCĐP", f"Hỗ trợ máy số {i}", v, "Đang thực hiện"] for i, v in enumerate(values)]
    result = read(xlsx(tmp_path / "t.xlsx", rows), config)
    assert [p.support_vnd for p in record_objects(result)] == [v * unit_factor for v in values]
    assert all(f.severity is not Severity.ERROR for f in result.findings)


def test_a_sheet_formatted_far_below_its_data_reads_only_its_data(tmp_path, config):
    wb = Workbook()
    ws = wb.active
    ws.title = "DS"
    for row in [["Nguồn", *HEAD], ["KCĐP", 1, "Hỗ trợ máy sấy", "HTX A", 100, "Đang thực hiện"]]:
        ws.append(row)
    ws["A60000"].font = Font(bold=True)  # a styled empty cell far down, as whole-column formatting leaves
    path = tmp_path / "t.xlsx"
    wb.save(path)
    result = read(path, config)
    assert len(record_objects(result)) == 1 and result.ledgers[0].read == 2


def test_the_second_half_year_is_not_read_as_a_period():
    assert from_title("Báo cáo 6 tháng cuối năm 2022") == (2022, None)
    assert from_filename("bac-kan-2022-6thang-cuoi-nam", "bac-kan").period is None

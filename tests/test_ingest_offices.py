"""One test per class of layout that offices' workbooks carry (issue 16): each reads what a person
reads, or is refused where a person would have to ask, naming the cell."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from pipeline.core.findings import Severity
from pipeline.core.model import Period, Role
from pipeline.ingest import ingest_file
from pipeline.ingest.footer import line_kind
from pipeline.ingest.periods import from_filename
from pipeline.ingest.prose_money import disbursed_in
from pipeline.ingest.repeats import combine_files
from pipeline.ingest.status import read_status, statuses_named
from tests.conftest import record_objects

M = 1_000_000
TITLE = ["KẾT QUẢ THỰC HIỆN CÁC ĐỀ ÁN KHUYẾN CÔNG NĂM 2023"]


def book(path: Path, rows: list[list], merges: tuple[str, ...] = (), hidden: dict[int, int] | None = None) -> Path:
    """One sheet; hidden maps a 1-based row to its outline level (0: hidden on its own)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Bieu"
    for row in rows:
        ws.append(row)
    for rng in merges:
        ws.merge_cells(rng)
    for r, level in (hidden or {}).items():
        ws.row_dimensions[r].hidden = True
        ws.row_dimensions[r].outlineLevel = level
    wb.save(path)
    return path


def read(path: Path, config, slug: str = "bac-kan"):
    return ingest_file(path, path.name, config, slug)


def errors(result) -> list[str]:
    return [f"{f.code} {f.where}" for f in result.findings if f.severity is Severity.ERROR]


def summary(result) -> list[tuple]:
    return [(p.source.value, p.name, p.support_vnd, p.disbursed_vnd, p.status.value) for p in record_objects(result)]


HEAD = ["STT", "Tên đề án", "Đơn vị thụ hưởng", "Kinh phí hỗ trợ (triệu đồng)", "Đã giải ngân (triệu đồng)",
        "Tình hình thực hiện", "Ghi chú"]
ROWS = [["A", "KHUYẾN CÔNG QUỐC GIA"],
        [1, "Hỗ trợ ứng dụng máy sấy chè", "HTX Chè Tân Cương", 300, 300, "Đã nghiệm thu"],
        ["B", "KHUYẾN CÔNG ĐỊA PHƯƠNG"],
        [1, "Hỗ trợ ứng dụng máy ép viên nén", "Công ty TNHH Gỗ Việt", 150, 75, "Đang thực hiện"],
        [2, "Hỗ trợ ứng dụng máy làm bún", "Hộ kinh doanh Lê Văn Ba", 90, 0, "Xin dừng thực hiện",
         "Cơ sở không đủ vốn đối ứng"],
        [None, "Tổng cộng", None, 540, 375]]
READ = [("KCQG", "Hỗ trợ ứng dụng máy sấy chè", 300 * M, 300 * M, "completed"),
        ("KCDP", "Hỗ trợ ứng dụng máy ép viên nén", 150 * M, 75 * M, "in_progress"),
        ("KCDP", "Hỗ trợ ứng dụng máy làm bún", 90 * M, 0, "stopped")]

FOOTERS = {
    "titles in the status column": [[], [None, "NGƯỜI LẬP BIỂU", None, None, None, "GIÁM ĐỐC"], [], [],
                                    [None, "Nguyễn Văn An", None, None, None, "Trần Thị Bình"]],
    "place-date line with blanks": [[None, None, None, None, None, "Thái Nguyên, ngày     tháng    năm 2023"],
                                    [None, None, None, None, None, "KT. GIÁM ĐỐC"],
                                    [None, None, None, None, None, "PHÓ GIÁM ĐỐC"]],
    "signing unit in capitals only": [[], [], [None, None, None, None, None, "TRUNG TÂM KHUYẾN CÔNG VÀ XÚC TIẾN THƯƠNG MẠI"]],
    "sign note and names in money columns": [[None, "Người lập biểu", None, "Kế toán trưởng", None, "Thủ trưởng đơn vị"],
                                             [None, "(Ký, ghi rõ họ tên)", None, "(Ký, ghi rõ họ tên)", None,
                                              "(Ký tên, đóng dấu)"], [], [None, "Lê Thị C", None, "Phạm Văn D"]],
    "Nơi nhận list": [[None, "Nơi nhận:", None, None, None, "TL. GIÁM ĐỐC"], [None, "- Như trên;"],
                      [None, "- Lưu: VT, KHTC."]],
    "date line then a note": [[None, None, None, None, None, "…, ngày … tháng … năm 2023"],
                              [None, "Ghi chú: số liệu tính đến 31/12/2023"]],
}


@pytest.mark.parametrize("footer", FOOTERS, ids=list(FOOTERS))
def test_every_closing_block_is_footer_wherever_its_text_stands(footer, config, tmp_path):
    result = read(book(tmp_path / "kc-2023-nam.xlsx", [TITLE, HEAD, *ROWS, *FOOTERS[footer]]), config)
    assert errors(result) == []
    assert summary(result) == READ
    roles = {r.row: r.role for r in result.ledgers[0].roles}
    closing = [r for r in range(2 + len(ROWS) + 1, 2 + len(ROWS) + 1 + len(FOOTERS[footer])) if r in roles]
    assert all(roles[r] in (Role.FOOTER, Role.BLANK, Role.NOTE) for r in closing), roles


def test_the_closing_block_without_a_total_row_is_never_a_beneficiary(config, tmp_path):
    rows = [TITLE, HEAD, *ROWS[:-1], [], [None, None, None, None, None, "SỞ CÔNG THƯƠNG"]]
    result = read(book(tmp_path / "kc-2023-nam.xlsx", rows), config)
    assert errors(result) == [] and summary(result) == READ


def test_an_amount_inside_the_closing_block_is_a_question_naming_the_row(config, tmp_path):
    rows = [TITLE, HEAD, *ROWS, [], [None, "NGƯỜI LẬP BIỂU", None, None, None, "GIÁM ĐỐC"], [None, None, None, 45]]
    result = read(book(tmp_path / "kc-2023-nam.xlsx", rows), config)
    assert errors(result) == [f"ROW_AFTER_FOOTER Bieu!dòng {len(rows)}"]


@pytest.mark.parametrize("text, kind", [
    ("Hà Giang, ngày 22 tháng 12 năm 2025", "ngày tháng"), ("…, ngày     tháng    năm 2024", "ngày tháng"),
    ("Ngày ... tháng ... năm ...", "ngày tháng"), ("KT. GIÁM ĐỐC", "chữ ký"), ("tl. giám đốc", "chữ ký"),
    ("(Ký, ghi rõ họ tên)", "chữ ký"), ("Người lập biểu: Nguyễn Văn A, SĐT: 0912345678", "chữ ký"),
    ("Nơi nhận:", "nơi nhận"), ("UBND TỈNH LẠNG SƠN", "đơn vị ký"),
    ("Đã nghiệm thu ngày 15 tháng 11 năm 2020, giải ngân đủ", None), ("Trung tâm Khuyến công tỉnh", None),
    ("KHUYẾN CÔNG ĐỊA PHƯƠNG", None), ("Giám sát, kiểm tra các đề án khuyến công năm 2023", None),
])
def test_closing_lines_are_told_from_data_by_what_they_say(text, kind):
    assert line_kind(text) == kind


def test_status_ticks_read_as_the_marked_column_and_a_shared_column_by_the_note(config, tmp_path):
    head = [["STT", "Tên đề án", "Kinh phí hỗ trợ (triệu đồng)", "Tình hình thực hiện", None, None, None, "Ghi chú"],
            [None, None, None, "Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Xin dừng/ điều chỉnh"]]
    rows = [[1, "Máy sấy chè", 300, "x"], [2, "Máy ép viên", 150, None, "X"], [3, "Máy làm bún", 90, None, None, None,
                                                                              "✓", "Xin dừng do thiếu vốn"],
            [4, "Máy dệt", 80, None, None, None, "x", "Xin gia hạn sang quý I"], [5, "Tập huấn", 40, None, None, "x"],
            [None, "Cộng", 660, 1, 1, 1, 2]]
    path = book(tmp_path / "kcdp-2023-nam.xlsx", [["KẾT QUẢ KHUYẾN CÔNG ĐỊA PHƯƠNG NĂM 2023"], *head, *rows],
                merges=("A2:A3", "B2:B3", "C2:C3", "D2:G2", "H2:H3"))
    result = read(path, config)
    assert errors(result) == []
    assert [p.status.value for p in record_objects(result)] == ["completed", "in_progress", "stopped", "adjusting",
                                                               "not_started"]


def test_a_shared_tick_column_the_note_does_not_settle_is_asked_about(config, tmp_path):
    head = [["STT", "Tên đề án", "Kinh phí hỗ trợ (triệu đồng)", "Tình hình thực hiện", None, "Ghi chú"],
            [None, None, None, "Hoàn thành", "Xin dừng/ điều chỉnh"]]
    path = book(tmp_path / "kcdp-2023-nam.xlsx", [TITLE, *head, [1, "Máy sấy", 100, None, "x"]],
                merges=("D2:E2",))
    assert errors(read(path, config)) == ["STATUS_AMBIGUOUS Bieu!B4"]


@pytest.mark.parametrize("labels, values, disbursed", [
    (["Quý I", "Quý II", "Quý III"], [20, 20, 20], 60 * M), (["Đợt 1 (tạm ứng)", "Đợt 2 (thanh toán)"], [25, 25], 50 * M),
    (["Trong kỳ", "Lũy kế"], [15, 45], 45 * M)])
def test_disbursement_in_parts_is_their_sum_and_a_cumulative_column_wins(labels, values, disbursed, config, tmp_path):
    head = [["STT", "Tên đề án", "Nguồn", "Kinh phí hỗ trợ (triệu đồng)", "Giải ngân", *[None] * (len(labels) - 1),
             "Tình trạng"], [None, None, None, None, *labels]]
    path = book(tmp_path / "kc-2023-9thang.xlsx", [TITLE, *head, [1, "Máy sấy", "KCĐP", 100, *values, "Đang thực hiện"]],
                merges=(f"E2:{'EFG'[len(labels) - 1]}2",))
    result = read(path, config)
    assert errors(result) == [] and record_objects(result)[0].disbursed_vnd == disbursed


def test_parts_that_do_not_make_the_whole_are_refused_naming_the_columns(config, tmp_path):
    head = [["STT", "Tên đề án", "Nguồn", "Kinh phí hỗ trợ (triệu đồng)", "Giải ngân Quý III", "Giải ngân Quý IV",
             "Tình trạng"]]
    path = book(tmp_path / "kc-2023-nam.xlsx", [TITLE, *head, [1, "Máy sấy", "KCĐP", 100, 20, 30, "Đã nghiệm thu"]])
    result = read(path, config)
    refused = [f for f in result.findings if f.code == "AMBIGUOUS_COLUMN"]
    assert len(refused) == 1 and "E2" in refused[0].message and "F2" in refused[0].message


def test_plan_beside_actual_gives_support_and_disbursement(config, tmp_path):
    head = [["STT", "Tên đề án", "Nguồn", "Kinh phí khuyến công (triệu đồng)", None, "Tình trạng"],
            [None, None, None, "Kế hoạch năm 2023", "Thực hiện 9 tháng"]]
    path = book(tmp_path / "kc-2023-9thang.xlsx", [TITLE, *head, [1, "Máy sấy", "KCĐP", 200, 120, "Đang lắp đặt"]],
                merges=("D2:E2",))
    result = read(path, config)
    assert errors(result) == [] and summary(result) == [("KCDP", "Máy sấy", 200 * M, 120 * M, "in_progress")]


def test_rows_folded_in_an_outline_count_and_a_row_hidden_alone_is_asked_about(config, tmp_path):
    rows = [TITLE, HEAD, *ROWS]
    folded = read(book(tmp_path / "a-2023-nam.xlsx", rows, hidden={4: 1, 6: 1}), config)
    assert errors(folded) == [] and summary(folded) == READ
    assert any(f.code == "FOLDED_ROWS" for f in folded.findings)
    alone = read(book(tmp_path / "b-2023-nam.xlsx", rows, hidden={4: 0}), config)
    assert "HIDDEN_ROW Bieu!B4" in errors(alone)


@pytest.mark.parametrize("prose, expected", [
    ("Hoàn thành 80% khối lượng, đã giải ngân 96/120 triệu đồng (đạt 80%)", 96 * M),
    ("Đã nghiệm thu ngày 15/11/2020, giải ngân 100% kinh phí hỗ trợ", 120 * M),
    ("Đã nghiệm thu, đã thanh toán 120/120 triệu đồng", 120 * M),
    ("Đã ký hợp đồng, đã giải ngân 50 triệu đồng (tạm ứng 40%)", 50 * M),
    ("Đang lắp đặt, đã tạm ứng 30%", 36 * M), ("Xin dừng; chưa giải ngân", 0),
    ("Đã thực hiện 60/120 triệu đồng, đạt 50%", None), ("Dự kiến giải ngân 100 triệu trong quý IV", None),
    ("Chưa triển khai", None),
])
def test_disbursement_stated_in_prose(prose, expected):
    got = disbursed_in(prose, 120 * M, "trieu")
    assert (got[0] if got else None) == expected


def test_without_a_disbursement_column_the_prose_gives_it_or_it_stays_unknown(config, tmp_path):
    head = ["STT", "Tên đề án", "Nguồn", "Kinh phí hỗ trợ (triệu đồng)", "Tiến độ thực hiện và giải ngân"]
    rows = [[1, "Máy sấy", "KCĐP", 120, "Đã nghiệm thu; đã giải ngân 120/120 triệu đồng"],
            [2, "Máy ép", "KCĐP", 100, "Đang lắp đặt thiết bị"], [3, "Tập huấn", "KCĐP", 40, "Chưa triển khai"]]
    result = read(book(tmp_path / "kc-2023-nam.xlsx", [TITLE, head, *rows]), config)
    assert [p.disbursed_vnd for p in record_objects(result)] == [120 * M, None, 0]
    assert any(f.code == "DISBURSED_FROM_PROSE" for f in result.findings)


def test_an_acceptance_date_with_no_status_text_is_completed(config, tmp_path):
    head = ["STT", "Tên đề án", "Nguồn", "Kinh phí hỗ trợ (triệu đồng)", "Ngày nghiệm thu", "Tình hình thực hiện"]
    rows = [[1, "Máy sấy", "KCĐP", 120, dt.date(2023, 5, 14)], [2, "Máy ép", "KCĐP", 100, None, "Đang thực hiện"]]
    result = read(book(tmp_path / "kc-2023-6thang.xlsx", [TITLE, head, *rows]), config)
    assert [p.status.value for p in record_objects(result)] == ["completed", "in_progress"]


@pytest.mark.parametrize("text, status", [
    ("Đã nghiệm thu 2/3 cơ sở", "in_progress"), ("Đã phát sóng 12/12 chuyên mục", "completed"),
    ("Đang thực hiện, chuyển tiếp sang năm 2025", "in_progress"), ("Chuyển sang năm 2025", "adjusting"),
    ("Cơ sở đang đầu tư mua sắm thiết bị", "in_progress"), ("Đã tham gia 01/02 hội chợ", "in_progress"),
])
def test_status_wording_offices_use(text, status):
    assert read_status(text).status.value == status


@pytest.mark.parametrize("label, statuses", [
    ("Hoàn thành", {"completed"}), ("Xin dừng/ điều chỉnh", {"stopped", "adjusting"}), ("Dừng/ Điều chỉnh",
     {"stopped", "adjusting"}), ("Tình hình thực hiện", set()), ("Tiến độ (%)", set())])
def test_tick_column_labels(label, statuses):
    assert {s.value for s in statuses_named(label)} == statuses


@pytest.mark.parametrize("stem, period, weak", [
    ("BC KC nam 2022", Period.YEAR, True), ("Danh muc de an KC nam 2022", None, False),
    ("BC KC 6 thang 2022", Period.H1, False)])
def test_a_name_saying_nam_implies_the_year_end(stem, period, weak):
    stated = from_filename(stem, "hoa-binh")
    assert (stated.period, stated.weak) == (period, weak)


def test_a_year_title_beside_a_mid_year_copy_is_the_year_end_snapshot(config, tmp_path):
    from pipeline.app.plan import ProvinceInputs, group_by_period

    folder = tmp_path / "thanh-hoa"
    folder.mkdir()
    mid = book(folder / "Bieu theo doi KC 6 thang 2022.xlsx",
               [["BIỂU THEO DÕI ĐỀ ÁN KHUYẾN CÔNG 6 THÁNG ĐẦU NĂM 2022"], HEAD, *ROWS])
    year = book(folder / "Bieu theo doi KC 2022.xlsx", [["BIỂU THEO DÕI TÌNH HÌNH THỰC HIỆN ĐỀ ÁN KHUYẾN CÔNG NĂM 2022"],
                                                        HEAD, *ROWS])
    data = ProvinceInputs("thanh-hoa", folder, [read(p, config, "thanh-hoa") for p in (mid, year)], [])
    groups, findings = group_by_period(data, 2022, Period.H1)
    assert findings == [] and {k: [r.file for r in v] for k, v in groups.items()} == {
        (2022, Period.H1): [mid.name], (2022, Period.YEAR): [year.name]}
    alone = ProvinceInputs("thanh-hoa", folder, [data.results[1]], [])
    assert set(group_by_period(alone, 2022, Period.H1)[0]) == {(2022, Period.H1)}  # told so, it is the mid-year one


def test_a_copied_workbook_counts_once_and_a_changed_repeat_is_an_error(config, tmp_path):
    first = book(tmp_path / "kc-2023-nam.xlsx", [TITLE, HEAD, *ROWS])
    copy = tmp_path / "kc-2023-nam - Copy.xlsx"
    shutil.copy(first, copy)
    combined = combine_files([read(copy, config), read(first, config)])
    assert [r.file for r in combined.files] == [first.name] and len(combined.records) == 3
    assert [f.code for f in combined.findings if f.file == copy.name] == ["FILE_COPY"]
    changed = book(tmp_path / "kc-bo-sung-2023-nam.xlsx", [TITLE, HEAD, *ROWS[:3], [1, *ROWS[3][1:5], "Đã nghiệm thu"],
                                                           *ROWS[4:]])
    again = combine_files([read(first, config), read(changed, config)])
    assert [f.code for f in again.findings if f.severity is Severity.ERROR] == ["DUPLICATE_RECORD"]


@pytest.mark.parametrize("make, words", [
    (lambda p: p.write_bytes(b"%PDF-1.4 a printed report"), "tệp PDF"),
    (lambda p: shutil.copy(Path(__file__).parents[1] / "pipeline/render/templates/base/khung.docx", p), "tệp Word"),
])
def test_a_file_that_is_not_what_its_name_says_is_named_for_what_it_is(make, words, config, tmp_path):
    path = tmp_path / "kc-2023-nam.xlsx"
    make(path)
    result = read(path, config)
    assert result.not_data and any(words in f.message for f in result.findings)


def test_html_and_spreadsheetml_under_an_xls_name_are_read(config, tmp_path):
    cells = "".join(f"<td>{v}</td>" for v in HEAD)
    body = "".join("<tr>" + "".join(f"<td>{'' if v is None else v}</td>" for v in row) + "</tr>" for row in ROWS)
    (tmp_path / "web-2023-nam.xls").write_text(f"<html><body><table><tr><td colspan=7>{TITLE[0]}</td></tr>"
                                               f"<tr>{cells}</tr>{body}</table></body></html>", encoding="utf-8")
    xml_rows = "".join("<Row>" + "".join(
        f'<Cell><Data ss:Type="{"Number" if isinstance(v, int) else "String"}">{v}</Data></Cell>' if v is not None
        else "<Cell/>" for v in row) + "</Row>" for row in [TITLE, HEAD, *ROWS])
    (tmp_path / "ssml-2023-nam.xls").write_text(
        '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Bieu"><Table>'
        f"{xml_rows}</Table></Worksheet></Workbook>", encoding="utf-8")
    for name in ("web-2023-nam.xls", "ssml-2023-nam.xls"):
        result = read(tmp_path / name, config)
        assert errors(result) == [] and summary(result) == READ, name


def test_a_name_column_holding_the_beneficiary_too_is_split(config, tmp_path):
    head = ["STT", "Nội dung đề án - Đơn vị thụ hưởng", "Nguồn vốn", "Kinh phí KC hỗ trợ (đồng)", "Kết quả thực hiện"]
    rows = [[1, "Hỗ trợ ứng dụng máy sấy trái cây - Công ty TNHH Trái cây Mekong", "Trung ương", 300_000_000,
             "Đã nghiệm thu"]]
    (p,) = record_objects(read(book(tmp_path / "kc-2023-nam.xlsx", [TITLE, head, *rows]), config))
    assert (p.name, p.beneficiary, p.source.value) == ("Hỗ trợ ứng dụng máy sấy trái cây", "Công ty TNHH Trái cây Mekong",
                                                       "KCQG")


# -- layouts of the second round of other hands (tests/other-hands/c, d) ------------------------

def _two_tables(repeat_only: bool) -> list[list]:
    second = [] if repeat_only else [["Biểu 02: TÌNH HÌNH THỰC HIỆN ĐỀ ÁN KHUYẾN CÔNG ĐỊA PHƯƠNG NĂM 2023"]]
    return [TITLE, ["Biểu 01: ĐỀ ÁN KHUYẾN CÔNG QUỐC GIA"] if not repeat_only else [], HEAD,
            *([ROWS[0]] if repeat_only else []), ROWS[1], ["Trang 1/2"] if repeat_only else [], *second, HEAD,
            *([ROWS[2]] if repeat_only else []), ROWS[3], ROWS[4], [None, "Tổng cộng", None, 540, 375]]


@pytest.mark.parametrize("repeat_only", [False, True], ids=["two tables, one grand total", "header repeated on page 2"])
def test_two_tables_on_a_sheet_and_a_header_repeated_over_pages(repeat_only, config, tmp_path):
    result = read(book(tmp_path / "kc-2023-nam.xlsx", _two_tables(repeat_only)), config)
    assert errors(result) == [] and summary(result) == READ


def test_status_codes_are_read_by_the_legend_of_the_sheet(config, tmp_path):
    rows = [TITLE, HEAD, ROWS[0], [*ROWS[1][:5], "HT"], ROWS[2], [*ROWS[3][:5], "ĐTH"], [*ROWS[4][:5], "XD", ROWS[4][6]],
            [], ["Ghi chú: HT - Hoàn thành; ĐTH - Đang thực hiện; XD - Xin dừng"]]
    result = read(book(tmp_path / "kc-2023-nam.xlsx", rows), config)
    assert errors(result) == [] and summary(result) == READ


@pytest.mark.parametrize("children, status", [(("Đã nghiệm thu", "Đã nghiệm thu"), "completed"),
                                              (("Đã nghiệm thu", "Đang lắp đặt"), "in_progress"),
                                              (("Chưa thực hiện", "Chưa thực hiện"), "not_started")])
def test_a_group_without_a_status_of_its_own_takes_its_beneficiaries(children, status, config, tmp_path):
    rows = [TITLE, HEAD, ROWS[2], [1, "Hỗ trợ ứng dụng máy sấy (đề án nhóm)", None, 200, 150],
            ["-", None, "HTX Chè A", 120, 100, children[0]], ["-", None, "Cơ sở B", 80, 50, children[1]]]
    (p,) = record_objects(read(book(tmp_path / "kc-2023-nam.xlsx", rows), config))
    assert (p.support_vnd, p.status.value, p.shape) == (200 * M, status, "nhom")


def test_a_name_cell_on_several_lines_gives_beneficiary_and_place(config, tmp_path):
    head = ["STT", "Tên đề án", "Nguồn", "Kinh phí hỗ trợ (triệu đồng)", "Tình trạng"]
    rows = [[1, "Hỗ trợ ứng dụng máy sấy chè\nĐơn vị: HTX Chè Tân Cương\nĐịa chỉ: xã Phúc Xuân", "KCĐP", 120, "Xin dừng"]]
    (p,) = record_objects(read(book(tmp_path / "kc-2023-nam.xlsx", [TITLE, head, *rows]), config))
    assert (p.name, p.beneficiary, p.place) == ("Hỗ trợ ứng dụng máy sấy chè", "HTX Chè Tân Cương", "xã Phúc Xuân")


def test_sum_rows_without_a_label_named_parts_and_mixed_bullets(config, tmp_path):
    rows = [TITLE, HEAD, ["A", "ĐỀ ÁN CHUYỂN TIẾP TỪ NĂM 2022"], ["1", "Khuyến công quốc gia"], ROWS[1],
            [None, None, None, 300, 300], ["B", "ĐỀ ÁN NĂM 2023"], ["2", "Khuyến công địa phương"],
            ["I", "Nhiệm vụ chi", None, 90, 30],
            ["-", "Quản lý chương trình khuyến công", None, 40, 20, "Đang thực hiện"],
            ["+", "Kiểm tra, giám sát đề án", None, 30, 10, "Đang thực hiện"],
            ["*", "Khảo sát xây dựng kế hoạch năm 2024", None, 20, 0, "Chưa thực hiện"],
            [None, "Cộng A", None, 300, 300], [None, "Cộng B", None, 90, 30]]
    result = read(book(tmp_path / "kc-2023-nam.xlsx", rows), config)
    assert errors(result) == [] and len(record_objects(result)) == 4
    roles = {r.row: r.role for r in result.ledgers[0].roles}
    assert roles[6] is Role.SUBTOTAL and roles[3] is Role.GROUP and roles[9] is Role.GROUP


def test_numbering_that_starts_again_makes_the_row_above_a_heading(config, tmp_path):
    rows = [TITLE, HEAD, ROWS[2], ["1", "Hỗ trợ máy móc thiết bị", None, 240, 75],
            [1, "Máy sấy", "HKD A", 150, 75, "Đang thực hiện"], [2, "Máy ép", "HKD B", 90, 0, "Chưa thực hiện"],
            ["2", "Đào tạo nghề", None, 40, 40], [1, "Lớp dệt thổ cẩm", "HTX C", 40, 40, "Đã hoàn thành"]]
    result = read(book(tmp_path / "kc-2023-nam.xlsx", rows), config)
    assert errors(result) == [] and [p.name for p in record_objects(result)] == ["Máy sấy", "Máy ép", "Lớp dệt thổ cẩm"]


@pytest.mark.parametrize("text, status", [("Chưa triển khai do thực hiện giãn cách xã hội", "not_started"),
                                          ("Đơn vị xin dừng do không thu xếp được vốn", "stopped"),
                                          ("Chưa thực hiện (hội chợ tổ chức vào tháng 11/2023)", "not_started"),
                                          ("Đã có QĐ dừng số 45/QĐ-SCT ngày 20/6/2023", "stopped"),
                                          ("Đang làm thủ tục điều chỉnh địa điểm", "adjusting"),
                                          ("Đang thiết kế mẫu", "in_progress"), ("đang chờ ý kiến", None)])
def test_the_cause_of_a_status_does_not_change_it(text, status):
    reading = read_status(text)
    assert (reading.status.value if reading else None) == status


def test_a_stt_merged_over_a_group_and_a_type_column_holding_the_shape(config, tmp_path):
    head = ["STT", "Tên đề án", "Loại đề án", "Đơn vị thụ hưởng", "Kinh phí hỗ trợ (triệu đồng)", "Tình trạng"]
    rows = [TITLE, head, [1, 2, 3, 4, 5, 6], ["A", "KHUYẾN CÔNG ĐỊA PHƯƠNG"],
            [1, "Máy sấy", "Đề án nhóm", "02 cơ sở", 200, "Đang thực hiện"], [None, None, None, "- HTX A", 120],
            [None, None, None, "- HTX B", 80], [2, "Máy ép", "Đơn lẻ", "HKD C", 90, "(0)"]]
    path = book(tmp_path / "kc-2023-nam.xlsx", rows, merges=("A5:A7",))
    result = read(path, config)
    assert [f.code for f in result.findings if f.severity is Severity.ERROR] == ["STATUS_UNKNOWN"]  # “(0)” is no status
    (p,) = record_objects(result)
    assert (p.name, p.shape, p.support_vnd, p.source.value) == ("Máy sấy", "nhom", 200 * M, "KCDP")


def test_a_template_with_a_header_and_no_rows_is_no_data(config, tmp_path):
    rows = [["BIỂU MẪU TỔNG HỢP KHUYẾN CÔNG"], HEAD, [1, 2, 3, 4, 5, 6, 7]]
    result = read(book(tmp_path / "mau-bieu.xlsx", rows), config)
    assert result.not_data


def test_files_of_other_periods_are_named_and_a_renamed_format_is_said(config, tmp_path):
    from pipeline.app.plan import plan_province

    folder = tmp_path / "inputs" / "thai-nguyen"
    folder.mkdir(parents=True)
    book(folder / "KC nam 2023.xlsx", [TITLE, HEAD, *ROWS])
    book(folder / "KC 6 thang 2023.xlsx", [["KẾT QUẢ KHUYẾN CÔNG 6 THÁNG ĐẦU NĂM 2023"], HEAD, *ROWS])
    shutil.copy(folder / "KC nam 2023.xlsx", folder / "KC nam 2022.xls")  # an .xlsx under an .xls name
    plan = plan_province(folder, tmp_path / "inputs", config, 2023, Period.YEAR)
    assert [r.period for r in plan.reports] == [Period.YEAR]
    others = {f.file for f in plan.findings if f.code == "FILE_OTHER_PERIOD"}
    assert others == {"thai-nguyen/KC 6 thang 2023.xlsx"}
    kinds = [f for r in plan.data.results for f in r.findings if f.code == "FILE_KIND"]
    assert [f.file for f in kinds] == ["thai-nguyen/KC nam 2022.xls"]


def sheets(path: Path, tables: dict[str, list[list]], formats: dict[tuple[str, str], str] | None = None) -> Path:
    """A workbook of several sheets; formats maps (sheet, cell) to a number format."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in tables.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    for (name, cell), fmt in (formats or {}).items():
        wb[name][cell].number_format = fmt
    wb.save(path)
    return path


DETAIL_QG = [["DANH MỤC ĐỀ ÁN KHUYẾN CÔNG QUỐC GIA NĂM 2023"], HEAD[:6],
             [1, "Hỗ trợ ứng dụng máy sấy chè", "HTX Chè Tân Cương", 300, 300, "Đã nghiệm thu"]]
DETAIL_DP = [["DANH MỤC ĐỀ ÁN KHUYẾN CÔNG ĐỊA PHƯƠNG NĂM 2023"], HEAD[:6],
             [1, "Hỗ trợ ứng dụng máy ép viên nén", "Công ty TNHH Gỗ Việt", 150, 75, "Đang thực hiện"],
             [2, "Hỗ trợ ứng dụng máy làm bún", "Hộ kinh doanh Lê Văn Ba", 90, 0, "Xin dừng thực hiện"]]


def _totals_sheet(dp_count: str, dp_support: float) -> list[list]:
    return [["TỔNG HỢP KINH PHÍ KHUYẾN CÔNG NĂM 2023"], [None, None, None, "Đơn vị tính: triệu đồng"],
            ["TT", "Nguồn kinh phí", "Số đề án", "Kinh phí được giao", "Đã giải ngân"],
            [1, "Khuyến công quốc gia", "01", 300, 300], [2, "Khuyến công địa phương", dp_count, dp_support, 75],
            [None, "Tổng cộng", None, 300 + dp_support, 375], [], [None, "NGƯỜI LẬP BIỂU", None, "GIÁM ĐỐC"]]


@pytest.mark.parametrize("count, support, agrees", [("02", 240, True), ("03", 240, False), ("02", 340, False)])
def test_a_sheet_of_totals_is_checked_against_the_detail_sheets(count, support, agrees, config, tmp_path):
    path = sheets(tmp_path / "kc-2023-nam.xlsx", {"Tong hop": _totals_sheet(count, support), "KCQG": DETAIL_QG,
                                                  "KCDP": DETAIL_DP})
    result = read(path, config)
    assert len(record_objects(result)) == 3  # the totals are never đề án
    if agrees:
        assert errors(result) == [] and any(f.code == "SUMMARY_SHEET" for f in result.findings)
    else:
        error, *more = [f for f in result.findings if f.severity is Severity.ERROR]
        assert error.code == "SUMMARY_MISMATCH" and error.sheet == "Tong hop" and error.cell in ("C5", "D5")
        assert "KCĐP" in error.message and [f.cell for f in more] == ([] if count != "02" else ["D6"])  # Tổng cộng


def test_a_pasted_pivot_by_district_is_a_summary_checked_by_its_grand_total(config, tmp_path):
    detail = [TITLE, ["STT", "Tên đề án", "Đơn vị thụ hưởng", "Huyện", "Nguồn", "Kinh phí hỗ trợ (đồng)",
                      "Đã giải ngân (đồng)", "Tình trạng"],
              [1, "Máy sấy chè", "HTX A", "Đại Từ", "KCQG", 300 * M, 300 * M, "Đã nghiệm thu"],
              [2, "Máy ép viên", "Công ty B", "Phú Bình", "KCĐP", 150 * M, 75 * M, "Đang thực hiện"]]
    pivot = [["TỔNG HỢP THEO ĐỊA BÀN"], [], ["Row Labels", "Count of Tên đề án", "Sum of Kinh phí hỗ trợ (đồng)"],
             ["Đại Từ", 1, 300 * M], ["Phú Bình", 1, 150 * M], ["Grand Total", 2, 450 * M]]
    result = read(sheets(tmp_path / "kc-2023-nam.xlsx", {"Chi tiet": detail, "TH theo huyen": pivot}), config)
    assert errors(result) == [] and len(record_objects(result)) == 2
    roles = {r.row: r.role for r in next(x for x in result.ledgers if x.sheet == "TH theo huyen").roles}
    assert roles[3] is Role.HEADER and roles[6] is Role.NOTE


@pytest.mark.parametrize("note, support", [("Chưa phân bổ kinh phí", 0), ("Đang khảo sát", None)])
def test_an_empty_support_is_zero_only_where_the_office_says_no_money_was_given(note, support, config, tmp_path):
    rows = [TITLE, HEAD, ROWS[2], [1, "Hỗ trợ ứng dụng máy ép viên nén", "Công ty TNHH Gỗ Việt", 150, 75,
                                   "Đang thực hiện"],
            [2, "Khảo sát, xây dựng kế hoạch khuyến công năm 2024", "Trung tâm Khuyến công", None, None,
             "Chưa thực hiện", note]]
    result = read(book(tmp_path / "kc-2023-nam.xlsx", rows), config)
    if support is None:
        assert [f.code for f in result.findings if f.severity is Severity.ERROR] == ["NO_AMOUNT"]
    else:
        assert errors(result) == [] and [f.code for f in result.findings if f.code == "NO_FUNDING"] == ["NO_FUNDING"]
        assert summary(result)[-1][2:] == (0, None, "not_started")


def test_a_sum_row_per_district_is_a_subtotal_of_the_rows_above(config, tmp_path):
    head = ["TT", "Tên đề án", "Cơ sở thụ hưởng", "Nguồn KP", "Kinh phí hỗ trợ (đồng)", "Giải ngân (đồng)", "Tình hình"]
    rows = [TITLE, head, ["1. Huyện Phú Bình"],
            ["1.1", "Máy làm bún", "HKD Dương Thị Hằng", "KCĐP", 120 * M, 120 * M, "Đã nghiệm thu"],
            ["1.2", "Máy chế biến gỗ (đề án nhóm)", "03 cơ sở", "KCQG", 600 * M, 540 * M, "Đã nghiệm thu"],
            [None, "Cộng huyện Phú Bình", None, None, 720 * M, 660 * M], ["2. Thành phố Sông Công"],
            ["2.1", "Máy cắt CNC", "Công ty Bá Xuyên", "KCĐP", 250 * M, 125 * M, "Đang lắp đặt thiết bị"],
            [None, "Cộng thành phố Sông Công", None, None, 250 * M, 125 * M]]
    result = read(book(tmp_path / "kc-2023-nam.xlsx", rows), config)
    assert errors(result) == [] and len(record_objects(result)) == 3
    roles = {r.row: r.role for r in result.ledgers[0].roles}
    assert roles[6] is Role.SUBTOTAL and roles[9] is Role.SUBTOTAL


def test_a_source_heading_in_the_first_text_column_when_the_name_stands_further_right(config, tmp_path):
    head = ["STT", "Tên cơ sở - Địa chỉ", "Người đại diện", "Nội dung đề án", "Kinh phí hỗ trợ (đồng)",
            "Tình hình thực hiện"]
    rows = [TITLE, head, ["I", "KHUYẾN CÔNG QUỐC GIA", None, None, 350 * M],
            [1, "Công ty Bánh pía - xã Phú Tâm", "Ông Lâm Văn Phát", "Máy đóng gói bánh pía", 350 * M, "Đang thực hiện"],
            ["II", "KHUYẾN CÔNG ĐỊA PHƯƠNG", None, None, 110 * M],
            [1, "HKD Thanh Tâm - phường 2", "Bà Trần Thị Tâm", "Máy làm lạp xưởng", 110 * M, "Đã nghiệm thu"]]
    result = read(book(tmp_path / "kc-2023-nam.xlsx", rows), config)
    assert errors(result) == []
    assert [(s, n) for s, n, *_ in summary(result)] == [("KCQG", "Máy đóng gói bánh pía"), ("KCDP", "Máy làm lạp xưởng")]


def test_support_over_the_budget_levels_of_one_source_is_their_sum(config, tmp_path):
    head1 = ["TT", "Tên đề án", "Đơn vị thụ hưởng", "Kinh phí khuyến công hỗ trợ", None, None, "Tình hình thực hiện"]
    head2 = [None, None, None, "Ngân sách Trung ương", "Ngân sách địa phương", None]
    head3 = [None, None, None, None, "Ngân sách tỉnh", "Ngân sách huyện"]
    rows = [TITLE, ["ĐVT: đồng"], head1, head2, head3,
            [1, "Máy chưng cất tinh dầu", "Công ty Phong Điền", 500 * M, None, None, "Đang lắp đặt thiết bị"],
            [2, "Máy làm tôm chua", "HKD Lê Thị Hoa", None, 80 * M, 20 * M, "Đang thực hiện"],
            [None, "Tổng cộng", None, 500 * M, 80 * M, 20 * M]]
    path = book(tmp_path / "kc-2023-nam.xlsx", rows, merges=("D3:F3", "E4:F4"))
    result = read(path, config)
    assert errors(result) == []
    assert [(s, v) for s, _, v, *_ in summary(result)] == [("KCQG", 500 * M), ("KCDP", 100 * M)]


def test_support_carried_over_and_given_this_year_is_their_sum(config, tmp_path):
    head1 = ["TT", "Tên đề án", "Đơn vị thụ hưởng", "Kinh phí hỗ trợ (triệu đồng)", None, "Đã giải ngân (triệu đồng)",
             "Tình hình thực hiện"]
    head2 = [None, None, None, "Năm 2022 chuyển sang", "Năm 2023"]
    rows = [TITLE, head1, head2, ROWS[2], [1, "Máy dệt thổ cẩm", "HTX Sông Kôn", 50, 70, 120, "Đã nghiệm thu"],
            [2, "Máy làm bánh tráng", "HKD Trần Thị Thu", "-", 85, 40, "Đang thực hiện"]]
    result = read(book(tmp_path / "kc-2023-nam.xlsx", rows, merges=("D2:E2",)), config)
    assert errors(result) == []
    assert [v for _, _, v, *_ in summary(result)] == [120 * M, 85 * M]


@pytest.mark.parametrize("fmt, stored", [("#,##0,,", 180 * M), ("#,##0.0,,", 82_500_000), ("#,##0", 180)])
def test_a_number_format_that_shows_triệu_of_đồng_is_read_as_shown(fmt, stored, config, tmp_path):
    from pipeline.ingest.grids import format_divisor

    rows = [TITLE, HEAD, ROWS[2], [1, "Hỗ trợ ứng dụng máy ép viên nén", "Công ty TNHH Gỗ Việt", stored, 0,
                                   "Đang thực hiện"]]
    path = sheets(tmp_path / "kc-2023-nam.xlsx", {"Bieu": rows}, {("Bieu", "D4"): fmt})
    result = read(path, config)
    assert errors(result) == []
    assert summary(result)[0][2] == stored * (M // format_divisor(fmt))


def test_a_workbook_with_a_table_per_period_gives_each_report_its_sheet(config, tmp_path):
    from pipeline.app.plan import plan_province

    folder = tmp_path / "inputs" / "quang-binh"
    folder.mkdir(parents=True)
    mid = [["KẾT QUẢ THỰC HIỆN ĐỀ ÁN KHUYẾN CÔNG 6 THÁNG ĐẦU NĂM 2023"], HEAD, *ROWS[:4]]
    year = [["KẾT QUẢ THỰC HIỆN ĐỀ ÁN KHUYẾN CÔNG NĂM 2023"], HEAD, *ROWS[:2],
            [*ROWS[2]], [1, "Hỗ trợ ứng dụng máy ép viên nén", "Công ty TNHH Gỗ Việt", 150, 150, "Đã nghiệm thu"]]
    sheets(folder / "Theo doi khuyen cong 2023.xlsx", {"6 tháng 2023": mid, "Cả năm 2023": year})
    for period, done in ((Period.H1, 1), (Period.YEAR, 2)):
        plan = plan_province(folder, tmp_path / "inputs", config, 2023, period)
        (report,) = plan.reports
        (part,) = report.files
        assert report.period is period and not [f for f in report.findings if f.severity is Severity.ERROR]
        assert part.part == f"“{'6 tháng 2023' if period is Period.H1 else 'Cả năm 2023'}”"
        assert sum(p.status.value == "completed" for p in record_objects(part)) == done

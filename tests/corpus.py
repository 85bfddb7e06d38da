"""Generated workbooks with the hazards of real government files, and what each must read into.

Each case writes one file and states the records (source, name, beneficiary, support in đồng,
status, progress) and the findings (severity, "sheet!cell") it must give.
"""

from __future__ import annotations

import csv
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

M = 1_000_000
HEAD = ["STT", "Nguồn kinh phí", "Tên đề án", "Đơn vị thụ hưởng", "Địa điểm", "Kinh phí hỗ trợ (triệu đồng)",
        "Tình trạng", "Tiến độ (%)", "Ghi chú"]


@dataclass
class Case:
    name: str
    suffix: str = ".xlsx"
    records: list[tuple] = field(default_factory=list)
    findings: set[tuple[str, str]] = field(default_factory=set)
    sheets: dict[str, list[list]] = field(default_factory=dict)
    merges: dict[str, list[str]] = field(default_factory=dict)
    patch_errors: dict[str, str] = field(default_factory=dict)  # cell -> error text in the first sheet


def write_case(case: Case, folder: Path) -> Path:
    path = folder / f"{case.name}{case.suffix}"
    if case.suffix == ".xlsx":
        wb = Workbook()
        wb.remove(wb.active)
        for title, rows in case.sheets.items():
            ws = wb.create_sheet(title)
            for row in rows:
                ws.append(row)
            for rng in case.merges.get(title, []):
                ws.merge_cells(rng)
        wb.save(path)
        if case.patch_errors:
            _patch_errors(path, case.patch_errors)
    elif case.suffix == ".xls":
        import xlwt

        book = xlwt.Workbook(encoding="utf-8")
        for title, rows in case.sheets.items():
            ws = book.add_sheet(title)
            for r, row in enumerate(rows):
                for c, v in enumerate(row):
                    if v is not None:
                        ws.write(r, c, v)
        book.save(str(path))
    elif case.suffix == ".ods":
        _write_ods(path, case.sheets)
    elif case.suffix == ".csv":
        rows = next(iter(case.sheets.values()))
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh, delimiter=";").writerows([["" if v is None else v for v in r] for r in rows])
    return path


def _patch_errors(path: Path, errors: dict[str, str]) -> None:
    """Store cells as Excel does after a broken formula: type 'e' with the error as cached value."""
    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    xml = files["xl/worksheets/sheet1.xml"].decode()
    for ref, err in errors.items():
        xml, n = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', f'<c r="{ref}" t="e"><f>#REF!+1</f><v>{err}</v></c>', xml)
        assert n == 1, ref
    files["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)


def _write_ods(path: Path, sheets: dict[str, list[list]], hidden_rows: tuple[int, ...] = ()) -> None:
    """An .ods file. A text "=…" is a formula saved with no value (as a program writes it), a text
    "#…" an error shown by a formula; rows in hidden_rows are collapsed."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for title, rows in sheets.items():
        table = Table(name=title)
        for i, row in enumerate(rows):
            tr = TableRow(visibility="collapse") if i in hidden_rows else TableRow()
            for v in row:
                if v is None:
                    tr.addElement(TableCell())
                    continue
                if isinstance(v, str) and v.startswith("="):
                    tr.addElement(TableCell(formula="of:" + v))
                    continue
                if isinstance(v, (int, float)):
                    cell = TableCell(valuetype="float", value=v)
                elif v.startswith("#"):
                    cell = TableCell(valuetype="string", formula="of:=1/0")
                else:
                    cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(v)))
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def cases() -> list[Case]:
    out = []
    std = [
        [1, "KCQG", "Hỗ trợ máy sấy chè", "HTX Chè Tân Cương", "xã Tân Cương", 300, "Đã hoàn thành", 100, ""],
        [2, "KCĐP", "Tập huấn khuyến công", "Trung tâm KC", "tỉnh", 50, "Đang thực hiện", 40, ""],
    ]
    std_records = [("KCQG", "Hỗ trợ máy sấy chè", "HTX Chè Tân Cương", 300 * M, "completed", 100.0),
                   ("KCDP", "Tập huấn khuyến công", "Trung tâm KC", 50 * M, "in_progress", 40.0)]

    out.append(Case("c01_title_rows_spacers", sheets={"Biểu 01": [
        ["SỞ CÔNG THƯƠNG"], ["BIỂU TỔNG HỢP ĐỀ ÁN KHUYẾN CÔNG 6 THÁNG ĐẦU NĂM 2024"], ["Đơn vị tính: triệu đồng"],
        [], [], [], HEAD, *std]}, records=std_records))

    out.append(Case("c02_three_row_merged_header", sheets={"TH": [
        ["Tiêu đề biểu"], [],
        ["STT", "Tên đề án", "Đơn vị\nthụ hưởng", "Kinh phí\n(triệu đồng)", None, None, "Tình hình\nthực hiện", "Nguồn"],
        [None, None, None, "Tổng số", "Trong đó", None, None, None],
        [None, None, None, None, "KC hỗ trợ", "Đối ứng", None, None],
        [1, "Hỗ trợ lò sấy", "HKD Lê Văn Nam", 500, 200, 300, "Đã nghiệm thu", "KCĐP"],
        [2, "Hỗ trợ máy cưa", "HKD Trần Văn Bình", 260, 100, 160, "Xin dừng thực hiện", "KCĐP"],
    ]}, merges={"TH": ["A3:A5", "B3:B5", "C3:C5", "D3:F3", "D4:D5", "E4:F4", "G3:G5", "H3:H5"]},
        records=[("KCDP", "Hỗ trợ lò sấy", "HKD Lê Văn Nam", 200 * M, "completed", 100.0),
                 ("KCDP", "Hỗ trợ máy cưa", "HKD Trần Văn Bình", 100 * M, "stopped", None)]))

    sec = [["TT", "Tên đề án", "Đơn vị thụ hưởng", "Kinh phí hỗ trợ (triệu đồng)", "Tình trạng"],
           ["A", "KHUYẾN CÔNG QUỐC GIA", None, 600, None],
           [1, "Đề án nhóm máy móc chế biến gỗ", "03 cơ sở", 600, "Đang triển khai"],
           [None, "Cộng A", None, 600, None],
           ["B", "KHUYẾN CÔNG ĐỊA PHƯƠNG", None, None, None],
           [1, "Bình chọn sản phẩm CNNT tiêu biểu", "Trung tâm", 120, "Đã hoàn thành"],
           [2, "Hỗ trợ máy xay bột", "HKD Lò Văn Sơn", 80, "Chưa thực hiện"],
           [None, "Cộng B", None, 200, None],
           [None, "Tổng cộng", None, 800, None]]
    sec_records = [("KCQG", "Đề án nhóm máy móc chế biến gỗ", "03 cơ sở", 600 * M, "in_progress", None),
                   ("KCDP", "Bình chọn sản phẩm CNNT tiêu biểu", "Trung tâm", 120 * M, "completed", 100.0),
                   ("KCDP", "Hỗ trợ máy xay bột", "HKD Lò Văn Sơn", 80 * M, "not_started", None)]
    out.append(Case("c03_sections_and_subtotals", sheets={"Sheet1": sec}, records=sec_records))

    bad = [row[:] for row in sec]
    bad[7][3] = 250
    out.append(Case("c04_subtotal_mismatch", sheets={"Sheet1": bad}, records=sec_records,
                    findings={("error", "Sheet1!D8")}))

    out.append(Case("c05_ditto_marks", sheets={"DS": [
        HEAD,
        [1, "KCĐP", "Hỗ trợ máy dệt", "HTX Dệt Vạn Phúc", "xã Vạn Phúc", 90, "Đang thực hiện", 50, ""],
        [2, '"', "Hỗ trợ máy in hoa văn", '"', "nt", 70, '"', 30, ""],
    ]}, records=[("KCDP", "Hỗ trợ máy dệt", "HTX Dệt Vạn Phúc", 90 * M, "in_progress", 50.0),
                 ("KCDP", "Hỗ trợ máy in hoa văn", "HTX Dệt Vạn Phúc", 70 * M, "in_progress", 30.0)]))

    out.append(Case("c06_text_numbers_in_dong", sheets={"DS": [
        ["Nguồn", "Tên đề án", "Đơn vị thụ hưởng", "Kinh phí hỗ trợ (đồng)", "Tình trạng"],
        ["KCQG", "Hỗ trợ máy ép dầu", "HTX Lạc Hồng", "600.000.000", "đã ký hợp đồng"],
        ["KCQG", "Hỗ trợ máy đóng gói", "HKD Mai Anh", "262.500.000", "Đã bàn giao"],
    ]}, records=[("KCQG", "Hỗ trợ máy ép dầu", "HTX Lạc Hồng", 600 * M, "in_progress", None),
                 ("KCQG", "Hỗ trợ máy đóng gói", "HKD Mai Anh", 262_500_000, "completed", 100.0)]))

    out.append(Case("c07_units_differ_by_cell", sheets={"DS": [
        ["Nguồn", "Tên đề án", "Đơn vị thụ hưởng", "Kinh phí hỗ trợ (triệu đồng)", "Tình trạng"],
        ["KCQG", "Đề án nhóm chế biến nông sản", "04 cơ sở", "1,2 tỷ", "Đang thực hiện"],
        ["KCĐP", "Hỗ trợ máy sấy", "HKD Hà Văn Tư", "450.000.000 đồng", "Đang thực hiện"],
        ["KCĐP", "Hỗ trợ máy nghiền", "HKD Hà Văn Năm", "262,5", "Đang thực hiện"],
    ]}, records=[("KCQG", "Đề án nhóm chế biến nông sản", "04 cơ sở", 1_200 * M, "in_progress", None),
                 ("KCDP", "Hỗ trợ máy sấy", "HKD Hà Văn Tư", 450 * M, "in_progress", None),
                 ("KCDP", "Hỗ trợ máy nghiền", "HKD Hà Văn Năm", 262_500_000, "in_progress", None)]))

    out.append(Case("c08_formula_error_cell", sheets={"Sheet": [HEAD, *std]}, patch_errors={"F3": "#REF!"},
                    records=std_records[:1], findings={("error", "Sheet!F3")}))

    out.append(Case("c09_nfd_text", sheets={"DS": [[nfd(h) for h in HEAD],
                                                   *[[nfd(v) if isinstance(v, str) else v for v in r] for r in std]]},
                    records=std_records))

    out.append(Case("c10_tcvn3_cells", sheets={"DS": [
        HEAD,
        [1, "KCĐP", "Hç trî m¸y sÊy chÌ", "HTX ChÌ T©n C­¬ng", "x· T©n C­¬ng", 120, "§· hoµn thµnh", 100, ""],
    ]}, records=[("KCDP", "Hỗ trợ máy sấy chè", "HTX Chè Tân Cương", 120 * M, "completed", 100.0)],
        findings={("info", "DS!C2, D2, E2, G2")}))

    out.append(Case("c11_tcvn3_and_vni_mixed", sheets={"DS": [
        HEAD,
        [1, "KCĐP", "Hç trî m¸y sÊy chÌ", "HTX Tân Cương", "xã Tân Cương", 120, "Ñaõ hoaøn thaønh", 100, ""],
        [2, "KCĐP", "Hoã trôï maùy eùp", "HKD Mai", "xã Phú Lộc", 80, "§ang thùc hiÖn", 20, ""],
    ]}, records=[("KCDP", "Hỗ trợ máy sấy chè", "HTX Tân Cương", 120 * M, "completed", 100.0),
                 ("KCDP", "Hỗ trợ máy ép", "HKD Mai", 80 * M, "in_progress", 20.0)],
        findings={("info", "DS!C2, G3"), ("info", "DS!G2, C3")}))

    two = ["STT", "Tên đề án", "Đơn vị thụ hưởng", "Kinh phí hỗ trợ", "Tình trạng"]
    out.append(Case("c12_source_from_sheet_names", sheets={
        "KCQG": [two, [1, "Đề án nhóm dệt may", "03 cơ sở", 600, "Đang thực hiện"]],
        "KCĐP": [two, [1, "Hỗ trợ máy cắt", "HKD Vũ Thị Hoa", 95, "Xin điều chỉnh"]],
    }, records=[("KCQG", "Đề án nhóm dệt may", "03 cơ sở", 600 * M, "in_progress", None),
                ("KCDP", "Hỗ trợ máy cắt", "HKD Vũ Thị Hoa", 95 * M, "adjusting", None)]))

    out.append(Case("c13_old_xls", suffix=".xls", sheets={"Sheet1": sec}, records=sec_records))
    out.append(Case("c14_libreoffice_ods", suffix=".ods", sheets={"Bieu": [HEAD, *std]}, records=std_records))
    out.append(Case("c15_csv_semicolon_bom", suffix=".csv", sheets={"csv": [HEAD, *std]}, records=std_records))

    out.append(Case("c16_content_and_beneficiary_in_one_cell", sheets={"DS": [
        ["STT", "Nguồn", "Nội dung đề án", "Kinh phí hỗ trợ (triệu đồng)", "Tình trạng"],
        [1, "KCĐP", "Hỗ trợ ứng dụng máy đóng gói - Hộ kinh doanh Xuân Phượng", 150, "Đã hoàn thành"],
        [2, "KCĐP", "Thông tin tuyên truyền - đợt 2", 30, "Đang thực hiện"],
    ]}, records=[("KCDP", "Hỗ trợ ứng dụng máy đóng gói", "Hộ kinh doanh Xuân Phượng", 150 * M, "completed", 100.0),
                 ("KCDP", "Thông tin tuyên truyền - đợt 2", "", 30 * M, "in_progress", None)]))

    out.append(Case("c17_status_prose_and_unknown", sheets={"DS": [
        ["Nguồn", "Tên đề án", "Đơn vị thụ hưởng", "Kinh phí hỗ trợ (triệu đồng)", "Tình hình thực hiện"],
        ["KCĐP", "Cải tạo lưới điện cụm công nghiệp", "BQL cụm", 3677, "đã thực hiện 380/3.677 triệu đồng, đạt 10,3%"],
        ["KCĐP", "Hỗ trợ máy sàng", "HKD Tạ Văn Ba", 60, "chờ ý kiến"],
        ["KCĐP", "Hỗ trợ máy phay", "HKD Tạ Văn Tư", 60, "ngừng thực hiện (theo đề nghị của đơn vị thụ hưởng)"],
    ]}, records=[("KCDP", "Cải tạo lưới điện cụm công nghiệp", "BQL cụm", 3677 * M, "in_progress", 10.3),
                 ("KCDP", "Hỗ trợ máy phay", "HKD Tạ Văn Tư", 60 * M, "stopped", None)],
        findings={("error", "DS!E3")}))

    out.append(Case("c18_numbering_row_and_helpers", sheets={"DS": [
        HEAD + [None, "Kiểm tra"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"],
        std[0] + [None, 300.0], std[1] + [None, 50.0],
        [None] * 10 + [350.0],
    ]}, records=std_records))

    out.append(Case("c19_header_variants", sheets={"Bảng": [
        ["TT", "Tên đề án, nhiệm vụ", "Cơ sở thụ hưởng", "Kinh phí khuyến công hỗ trợ (triệu đồng)",
         "Đã thanh toán (triệu đồng)", "Tiến độ thực hiện (%)", "Loại đề án (KCQG/KCĐP)", "Ghi chú"],
        [1, "Hỗ trợ máy vắt sổ", "HTX May Đông Hưng", 85, 40, 50, "KCĐP", ""],
    ]}, records=[("KCDP", "Hỗ trợ máy vắt sổ", "HTX May Đông Hưng", 85 * M, "in_progress", 50.0)]))

    out.append(Case("c20_progress_as_fraction", sheets={"DS": [
        HEAD, [1, "KCQG", "Hỗ trợ máy tách hạt", "HTX Bình An", "xã Bình An", 200, "Đang thực hiện", 0.75, ""],
        [2, "KCQG", "Hỗ trợ máy sấy", "HTX Bình Minh", "xã Bình Minh", 100, "Đã hoàn thành", 1, ""]]},
        records=[("KCQG", "Hỗ trợ máy tách hạt", "HTX Bình An", 200 * M, "in_progress", 75.0),
                 ("KCQG", "Hỗ trợ máy sấy", "HTX Bình Minh", 100 * M, "completed", 100.0)]))

    out.append(Case("c21_no_source_anywhere", sheets={"Sheet1": [
        ["STT", "Tên đề án", "Kinh phí hỗ trợ", "Tình trạng"], [1, "Hỗ trợ máy bơm", 70, "Đã hoàn thành"]]},
        records=[], findings={("error", "Sheet1!B2")}))
    return out

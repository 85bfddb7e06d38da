"""The project's own input workbook: one row per đề án, dropdowns on the coded columns."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.core.files import write_atomic
from pipeline.core.model import STATUS_LABELS

COLUMNS = [
    ("STT", 6),
    ("Nguồn kinh phí", 12),
    ("Tên đề án", 42),
    ("Nội dung hoạt động", 26),
    ("Loại", 14),
    ("Đơn vị thụ hưởng", 28),
    ("Địa điểm", 28),
    ("Kinh phí hỗ trợ ({unit})", 14),
    ("Đối ứng ({unit})", 14),
    ("Đã giải ngân ({unit})", 14),
    ("Tình trạng", 18),
    ("Tiến độ (%)", 10),
    ("Lý do / ghi chú", 40),
]
SOURCES = ["KCQG", "KCĐP"]
KINDS = ["Đề án", "Đề án nhóm", "Đề án điểm", "Nhiệm vụ chi"]
CONTENTS = [
    "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ",
    "Xây dựng mô hình trình diễn kỹ thuật",
    "Bình chọn sản phẩm CNNT tiêu biểu",
    "Hội chợ, triển lãm, quảng bá sản phẩm",
    "Thiết kế mẫu mã, bao bì, xây dựng thương hiệu",
    "Đào tạo, tập huấn, nâng cao năng lực",
    "Thông tin tuyên truyền",
    "Tư vấn",
    "Hỗ trợ cụm công nghiệp",
    "Sản xuất sạch hơn, tiêu dùng bền vững",
    "Chuyển đổi số",
    "Quản lý chương trình, khảo sát xây dựng kế hoạch",
]
HEADER_ROW = 5
DATA_SHEET = "Danh sách đề án"
UNIT_WORDS = {"dong": "đồng", "nghin": "nghìn đồng", "trieu": "triệu đồng", "ty": "tỷ đồng"}


@dataclass
class Row:
    source: str
    name: str
    content: str = ""
    kind: str = "Đề án"
    beneficiary: str = ""
    place: str = ""
    support: float | str | None = None
    counterpart: float | str | None = None
    disbursed: float | str | None = None
    status: str = ""
    progress: float | None = None
    note: str = ""


def build_workbook(province: str = "", period_text: str = "", rows: list[Row] | None = None,
                   unit: str = "trieu", remark: str = "", spare_rows: int = 200) -> Workbook:
    unit_word = UNIT_WORDS[unit]
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    last_col = get_column_letter(len(COLUMNS))
    ws["A1"] = "DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells(f"A1:{last_col}1")
    ws["A2"] = f"Tỉnh: {province or '…'}    Kỳ báo cáo: {period_text or '…'}"
    ws.merge_cells(f"A2:{last_col}2")
    ws["A3"] = f"Đơn vị tính: {unit_word}"
    ws["A3"].font = Font(italic=True)
    if remark:
        ws["A4"] = remark
        ws["A4"].font = Font(italic=True, color="C00000")
        ws.merge_cells(f"A4:{last_col}4")
    for cell in ("A1", "A2"):
        ws[cell].alignment = Alignment(horizontal="center")
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for i, (title, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, i, title.format(unit=unit_word))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.border = border
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)
    for n, row in enumerate(rows or [], start=1):
        values = [n, row.source, row.name, row.content, row.kind, row.beneficiary, row.place,
                  row.support, row.counterpart, row.disbursed, row.status, row.progress, row.note]
        for i, value in enumerate(values, start=1):
            cell = ws.cell(HEADER_ROW + n, i, value)
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=i in (3, 4, 6, 7, 13))
            if 8 <= i <= 10:
                cell.number_format = "#,##0.###"
    _add_lists(wb, ws, HEADER_ROW + 1, HEADER_ROW + len(rows or []) + spare_rows)
    _add_guide(wb, unit_word)
    return wb


def _add_lists(wb: Workbook, ws, first: int, last: int) -> None:
    lists = wb.create_sheet("Danh mục")
    lists.sheet_state = "hidden"
    columns = {"A": SOURCES, "B": list(STATUS_LABELS.values()), "C": KINDS, "D": CONTENTS}
    for letter, values in columns.items():
        for i, value in enumerate(values, start=1):
            lists[f"{letter}{i}"] = value

    def dropdown(column: str, list_col: str, count: int, name: str) -> None:
        dv = DataValidation(type="list", formula1=f"='Danh mục'!${list_col}$1:${list_col}${count}",
                            allow_blank=True, showErrorMessage=True,
                            errorTitle="Giá trị không hợp lệ", error=f"Chọn {name} trong danh sách.")
        dv.add(f"{column}{first}:{column}{last}")
        ws.add_data_validation(dv)

    dropdown("B", "A", len(SOURCES), "nguồn kinh phí")
    dropdown("K", "B", len(STATUS_LABELS), "tình trạng")
    dropdown("E", "C", len(KINDS), "loại đề án")
    # Activity content: suggestions only, provinces word it their own way.
    content = DataValidation(type="list", formula1=f"='Danh mục'!$D$1:$D${len(CONTENTS)}",
                             allow_blank=True, showErrorMessage=False)
    content.add(f"D{first}:D{last}")
    ws.add_data_validation(content)
    for column in ("H", "I", "J"):
        money = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                               showErrorMessage=True, errorTitle="Số tiền không hợp lệ", error="Nhập số không âm.")
        money.add(f"{column}{first}:{column}{last}")
        ws.add_data_validation(money)
    progress = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True,
                              showErrorMessage=True, errorTitle="Tiến độ không hợp lệ", error="Nhập số từ 0 đến 100.")
    progress.add(f"L{first}:L{last}")
    ws.add_data_validation(progress)


def _add_guide(wb: Workbook, unit_word: str) -> None:
    guide = wb.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 110
    lines = [
        "HƯỚNG DẪN NHẬP LIỆU",
        "Mỗi dòng là một đề án (hoặc nhiệm vụ chi). Không xóa, không đổi tên các cột tiêu đề ở dòng 5.",
        "Nguồn kinh phí: chọn KCQG (khuyến công quốc gia) hoặc KCĐP (khuyến công địa phương).",
        f"Kinh phí hỗ trợ, đối ứng, đã giải ngân: nhập số theo đơn vị {unit_word} ghi ở dòng 3 (vd. 262,5).",
        "Tình trạng: chọn trong danh sách. Tiến độ (%): phần khối lượng đã làm, từ 0 đến 100.",
        "Lý do / ghi chú: với đề án xin dừng hoặc xin điều chỉnh, ghi rõ lý do — lý do được đưa vào báo cáo.",
        "Đặt tệp vào inputs/<tên-tỉnh>/, tên tệp nên có năm và kỳ, ví dụ: bac-kan-2018-6thang.xlsx.",
    ]
    for i, line in enumerate(lines, start=1):
        guide.cell(i, 1, line).font = Font(bold=i == 1)


def write_input_template(path: Path, **kwargs) -> None:
    wb = build_workbook(**kwargs)
    write_atomic(path, lambda fh: wb.save(fh))

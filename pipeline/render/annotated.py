"""doi-chieu.xlsx: the clerk's own workbook, as the tool read it.

One sheet per input sheet that was read — its cells (after legacy text was decoded and formulas
computed) and merges in their own places, each row filled by the role it was given, a last column
"Cách đọc" saying how the row was read, and every cell a finding names carrying that finding as a
comment inside a strong border. A first sheet "Số liệu" lists each figure the report states with a
link to the cells it was summed from (a defined name over exactly those cells), and the period
chosen with its reason; "Chú giải" explains the colours.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.hyperlink import Hyperlink

from pipeline.core.files import saved_xlsx
from pipeline.core.findings import SEVERITY_LABELS, Finding
from pipeline.core.model import Role
from pipeline.render.appendix import CellLooks, one_page_wide, text_cell

FONT = "Times New Roman"
ROLE_FILLS = {
    Role.PROJECT: "E2EFDA", Role.TASK: "DDEBF7", Role.BENEFICIARY: "F0F7EA", Role.DETAIL: "F0F7EA",
    Role.SUBTOTAL: "FFF2CC", Role.TOTAL: "FFE699", Role.SECTION: "FCE4D6", Role.GROUP: "FCE4D6",
    Role.TITLE: "D9D9D9", Role.HEADER: "D9D9D9", Role.NUMBERING: "D9D9D9",
    Role.NOTE: "EDEDED", Role.FOOTER: "EDEDED", Role.OUTSIDE: "EDEDED", Role.REJECTED: "F4B084",
}
READING_COLUMN = "Cách đọc"
_TABLE_ROLES = (Role.PROJECT, Role.TASK, Role.BENEFICIARY, Role.DETAIL, Role.SUBTOTAL, Role.TOTAL)
STRONG = Side(style="medium", color="C00000")
MAX_LINKED_CELLS = 400  # a defined name stays well under Excel's formula length limit


@dataclass
class SheetRead:
    """One input sheet as read: its grid, how each row was understood, the table layouts on it."""

    file: str
    sheet: str
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]]
    roles: dict[int, tuple[Role, str]]  # 1-based row -> (role, reason)
    columns: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (first header row, field -> letter)
    unit: str | None = None  # the money unit the sheet's amounts are in (trieu, dong, …)


@dataclass
class Figure:
    """A figure the report states, and the input rows it was computed from."""

    label: str
    value: str  # as the report writes it
    number: int  # the same as a number: đồng, or a count
    field: str  # the input column its cells are in: name, support, disbursed, counterpart, settled
    origins: list[tuple[str, str, int]]  # (file, sheet, 1-based row)


def _value(cell, value: Any) -> None:
    if isinstance(value, str):
        text_cell(cell, value)
    elif isinstance(value, (int, float)) or value is None:
        cell.value = value
    else:
        text_cell(cell, str(value))


def _sheet_title(index: int, sheet: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\']", " ", f"{index} {sheet}").strip()[:31]
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _cell_of(ref: str) -> tuple[int, int] | None:
    """"D5", "D5:F5", "$D$5" -> (row, col), 1-based; None when the finding names no single cell."""
    m = re.match(r"\$?([A-Z]{1,3})\$?(\d+)", ref or "")
    if not m:
        return None
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def _note(f: Finding) -> str:
    text = f"[{SEVERITY_LABELS[f.severity]}]{' ' + f.code if f.code else ''}: {f.message}"
    return text + (f"\nCách sửa: {f.hint}" if f.hint else "")


def annotated_xlsx(sheets: list[SheetRead], findings: list[Finding], figures: list[Figure],
                   heading: str, period_note: str, outcome: str) -> bytes:
    """The annotated copy. `outcome`: what became of the report ("đã lập", or why it was not)."""
    wb = Workbook()
    summary = wb.active
    summary.title = "Số liệu"
    legend = wb.create_sheet("Chú giải")
    taken = {"số liệu", "chú giải"}
    places: dict[tuple[str, str], tuple[str, SheetRead]] = {}
    for i, sheet in enumerate(sheets, start=1):
        ws = wb.create_sheet(_sheet_title(i, sheet.sheet, taken))
        places[(sheet.file, sheet.sheet)] = (ws.title, sheet)
        _copy_sheet(ws, sheet, [f for f in findings if f.file == sheet.file and f.sheet == sheet.sheet])
    _summary(wb, summary, figures, places, heading, period_note, outcome, findings)
    _legend(legend, [(title, read) for title, read in places.values()])
    for ws in wb.worksheets:
        one_page_wide(ws)
    return saved_xlsx(wb)


def _annotated_look(cell, key: tuple) -> None:
    kind, fill = key[0], key[1]
    if kind == "reading":
        cell.font = Font(name=FONT, size=10, italic=True, bold=key[2])
    elif kind == "value":
        cell.font = Font(name=FONT, size=11)
    if fill:
        cell.fill = PatternFill("solid", fgColor=fill)


def _copy_sheet(ws, sheet: SheetRead, findings: list[Finding]) -> None:
    width = max((len(r) for r in sheet.rows), default=0)
    reading_col = width + 1
    looks = CellLooks(_annotated_look)
    for r, row in enumerate(sheet.rows, start=1):
        role, reason = sheet.roles.get(r, (None, ""))
        fill = ROLE_FILLS.get(role) if role is not None else None
        for c in range(1, reading_col if fill else len(row) + 1):
            value = row[c - 1] if c <= len(row) else None
            if value is None and not fill:
                continue
            cell = ws.cell(r, c)
            if value is not None:
                _value(cell, value)
            looks.apply(cell, ("value" if value is not None else "empty", fill))
        if role is None:
            continue
        cell = ws.cell(r, reading_col)
        text_cell(cell, f"{role.label}: {reason}" if reason else role.label)
        looks.apply(cell, ("reading", fill, role is Role.REJECTED))
    for (r0, c0), (r1, c1) in sheet.merged:
        if (r1, c1) != (r0, c0):
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    by_cell: dict[tuple[int, int], list[Finding]] = defaultdict(list)
    for f in findings:
        if (at := _cell_of(f.cell)) is not None:
            by_cell[at].append(f)
    for (r, c), items in sorted(by_cell.items()):
        cell = ws.cell(r, c)
        cell.comment = Comment("\n\n".join(_note(f) for f in items), "khuyencong", width=360, height=160)
        cell.border = Border(left=STRONG, right=STRONG, top=STRONG, bottom=STRONG)
    table_rows = [row for r, row in enumerate(sheet.rows, start=1) if sheet.roles.get(r, (None,))[0] in _TABLE_ROLES]
    for c in range(1, width + 1):  # the sheet's own widths are not read: wide enough for the table's cells
        longest = max((len(str(row[c - 1])) for row in table_rows or sheet.rows
                       if c <= len(row) and row[c - 1] is not None), default=4)
        ws.column_dimensions[get_column_letter(c)].width = min(max(longest * 0.9 + 2, 5), 35)
    ws.column_dimensions[get_column_letter(reading_col)].width = 60


def _summary(wb, ws, figures: list[Figure], places, heading: str, period_note: str, outcome: str,
             findings: list[Finding]) -> None:
    bold = Font(name=FONT, size=12, bold=True)
    plain = Font(name=FONT, size=11)
    link_font = Font(name=FONT, size=11, color="0563C1", underline="single")
    text_cell(ws.cell(1, 1), heading)
    ws.cell(1, 1).font = Font(name=FONT, size=13, bold=True)
    for r, (label, text) in enumerate((("Báo cáo", outcome), ("Kỳ báo cáo", period_note)), start=2):
        text_cell(ws.cell(r, 1), label)
        ws.cell(r, 1).font = bold
        text_cell(ws.cell(r, 2), text)
        ws.cell(r, 2).font = plain
    r = 5
    for c, text in enumerate(("Số liệu trong báo cáo", "Giá trị", "Lấy từ (bấm để xem các ô)", "Số ô", "Giá trị (số)"),
                             start=1):
        text_cell(ws.cell(r, c), text)
        ws.cell(r, c).font = bold
    for n, fig in enumerate(figures, start=1):
        r += 1
        text_cell(ws.cell(r, 1), fig.label)
        text_cell(ws.cell(r, 2), fig.value)
        refs = _refs(fig, places)
        ws.cell(r, 4).value = len(refs)
        ws.cell(r, 5).value = fig.number
        for c in (1, 2, 4, 5):
            ws.cell(r, c).font = plain
        if refs:
            name = f"so_lieu_{n}"
            wb.defined_names[name] = DefinedName(name, attr_text=",".join(refs[:MAX_LINKED_CELLS]))
            cell = ws.cell(r, 3)
            text_cell(cell, ", ".join(ref.split("!")[-1].replace("$", "") for ref in refs[:6])
                  + (f" … ({len(refs)} ô)" if len(refs) > 6 else "") + f" — {refs[0].split('!')[0].strip(chr(39))}")
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=name, display=cell.value)
            cell.font = link_font
    if findings:
        r += 2
        text_cell(ws.cell(r, 1), "Các vấn đề (lỗi trước, bấm vào chỗ để tới ô)")
        ws.cell(r, 1).font = bold
        order = {"error": 0, "warning": 1, "info": 2}
        for f in sorted(findings, key=lambda f: order.get(f.severity.value, 3)):
            r += 1
            where = ws.cell(r, 1)
            text_cell(where, f"{f.file} {f.where}".strip())
            text_cell(ws.cell(r, 2), _note(f))
            where.font = ws.cell(r, 2).font = plain
            ws.cell(r, 2).alignment = Alignment(wrap_text=True, vertical="top")
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=5)
            ws.row_dimensions[r].height = 15 * (1 + len(_note(f)) // 110)
            placed, at = places.get((f.file, f.sheet)), _cell_of(f.cell)
            if placed and at:
                where.hyperlink = Hyperlink(ref=where.coordinate, location=f"{quote_sheetname(placed[0])}!"
                                            f"{get_column_letter(at[1])}{at[0]}", display=where.value)
                where.font = link_font
    for col, w in zip("ABCDE", (46, 26, 60, 8, 16)):
        ws.column_dimensions[col].width = w


def _refs(fig: Figure, places) -> list[str]:
    """Absolute references ('1 DS'!$E$7) to the cells of `fig.field` in the rows it came from."""
    refs = []
    for file, sheet, row in fig.origins:
        placed = places.get((file, sheet))
        if placed is None:
            continue
        title, read = placed
        letter = _column_for(read, row, fig.field)
        if letter:
            refs.append(f"{quote_sheetname(title)}!${letter}${row}")
    return sorted(set(refs), key=refs.index)


def _column_for(read: SheetRead, row: int, field_name: str) -> str | None:
    """The column of `field_name` in the table the row belongs to (the last header above it)."""
    above = [cols for first, cols in read.columns if first <= row]
    cols = above[-1] if above else (read.columns[0][1] if read.columns else {})
    return cols.get(field_name) or cols.get("name")


def _legend(ws, sheets: list[tuple[str, SheetRead]]) -> None:
    bold = Font(name=FONT, size=12, bold=True)
    text_cell(ws.cell(1, 1), "Màu của mỗi dòng cho biết chương trình hiểu dòng đó là gì")
    ws.cell(1, 1).font = bold
    for r, (role, fill) in enumerate(ROLE_FILLS.items(), start=3):
        ws.cell(r, 1).fill = PatternFill("solid", fgColor=fill)
        text_cell(ws.cell(r, 2), role.label)
    r = len(ROLE_FILLS) + 4
    for text in (f"Cột “{READING_COLUMN}” ở cuối mỗi trang (cột đầu tiên sau bảng): vai trò và lý do của từng dòng.",
                 "Ô có viền đỏ đậm: có vấn đề; rê chuột vào ô để đọc ghi chú (mã, nội dung, cách sửa).",
                 "Trang “Số liệu”: mỗi số trong báo cáo, bấm vào ô ở cột “Lấy từ” để chọn đúng các ô đã cộng."):
        text_cell(ws.cell(r, 1), text)
        r += 1
    r += 1
    for c, text in enumerate(("Trang đối chiếu", "Tệp", "Trang gốc", "Đơn vị tiền"), start=1):
        text_cell(ws.cell(r, c), text)
        ws.cell(r, c).font = bold
    for title, read in sheets:
        r += 1
        for c, text in enumerate((title, read.file, read.sheet, read.unit or ""), start=1):
            text_cell(ws.cell(r, c), text)
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 24

"""The report's tables as rows of text: the appendix (Phụ lục: every đề án grouped by funding
source) and the funding summary in the body. Money in triệu đồng.

The same appendix rows feed the .docx appendix and the .xlsx copy, so both always agree.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from pipeline.core.files import saved_xlsx
from pipeline.core.textnorm import fold
from pipeline.core.vnformat import count, join_vn, number, share, tally, trieu

HEAD_TOP = ["TT", "Tên đề án", "Đơn vị thụ hưởng", "Địa điểm", "Kinh phí (triệu đồng)", None, None,
            "Tình trạng", "Ghi chú"]
HEAD_SUB = [None, None, None, None, "Hỗ trợ", "Đối ứng", "Đã giải ngân", None, None]
MONEY_COLS = (4, 5, 6)
_ROMAN = "ABCDEFGH"


@dataclass(frozen=True)
class AppendixRow:
    kind: str  # section | item | subtotal | total
    cells: tuple[str, ...]
    amounts: tuple[int | None, int | None, int | None] = (None, None, None)


def appendix_rows(report: dict[str, Any]) -> list[AppendixRow]:
    rows: list[AppendixRow] = []
    present = [s for s in report["sources"].values() if s["projects"]]
    for letter, src in zip(_ROMAN, present):
        rows.append(AppendixRow("section", (letter, src["label"], "", "", "", "", "", "", "")))
        for i, p in enumerate(src["entries"], start=1):
            status = p["status_label"]
            if p["status"] == "in_progress" and p["progress"] is not None:
                status += f" ({number(p['progress'], 1)}%)"
            elif p["status"] == "completed" and p["record_type"] == "de_an":
                # the stage the body counts ("04 đề án đã nghiệm thu", "thanh quyết toán 01/03") is seen row by row
                accepted = "nghiem thu" in fold(p["status_text"])
                stage = ["đã nghiệm thu"] * accepted + (["thanh quyết toán" if accepted else "đã thanh quyết toán"]
                                                        if p["settled"] else [])
                if stage:
                    status += f" ({', '.join(stage)})"
            amounts = (p["support_vnd"], p["counterpart_vnd"], p["disbursed_vnd"])
            rows.append(AppendixRow("item", (str(i), p["name"], p["beneficiary"], p["place"],
                                             *(trieu(a) for a in amounts), status, p["note"]), amounts))
        rows.append(_sum_row("subtotal", f"Cộng {letter}", src))
    if len(present) > 1:
        rows.append(_sum_row("total", "Tổng cộng", report["total"]))
    return rows


def _sum_row(kind: str, label: str, data: dict[str, Any]) -> AppendixRow:
    amounts = (data["support_vnd"], data["counterpart_vnd"], data["disbursed_vnd"])
    return AppendixRow(kind, ("", label, tally(data), "", *(trieu(a) for a in amounts), "", ""),
                       amounts)


_MERGED_WORDS = {"nhiem_vu_chi": "nhiệm vụ chi", "binh_chon": "bình chọn sản phẩm CNNT tiêu biểu"}


def appendix_notes(report: dict[str, Any]) -> list[str]:
    """What a reader needs to reconcile the appendix with the body: the counting rule when it
    counts nhiệm vụ chi as đề án, and the stopped đề án inside the counterpart column's sum."""
    from pipeline.compute.report import counterpart_split  # here: the run summary imports this module, not pandas

    notes = []
    merged = report.get("counting", {}).get("merged") or {}
    if merged:
        parts = [f"{count(n)} {_MERGED_WORDS.get(kind, kind)}" for kind, n in merged.items()]
        notes.append(f"Số đề án gồm cả {join_vn(parts)}.")
    going, stopped = counterpart_split(report["total"]["entries"])
    if stopped:
        n = sum(1 for i in report["total"]["entries"] if i["status"] == "stopped" and i["counterpart_vnd"])
        notes.append(f"Kinh phí đối ứng cộng trong bảng gồm cả {trieu(stopped)} triệu đồng của {count(n)} đề án "
                     f"xin dừng thực hiện; không kể các đề án này, kinh phí đối ứng là {trieu(going or 0)} triệu đồng.")
    return notes


FUNDING_HEAD = ["Nguồn kinh phí", "Số đề án, nhiệm vụ", "Kế hoạch (triệu đồng)", "Được giao (triệu đồng)",
                "Đã giải ngân (triệu đồng)", "Tỷ lệ giải ngân (%)", "Đã thanh quyết toán (triệu đồng)"]
FUNDING_WIDTHS_MM = [33, 19, 22, 22, 22, 19, 28]  # sums to the 165 mm of text width


def funding_rows(report: dict[str, Any], plan_vnd: dict[str, int] | None = None) -> list[list[str]]:
    """Per funding source, then the total: the plan (from the narrative file, "—" when not given),
    assigned, disbursed and its share, settled (money, else the number of đề án settled)."""
    plan_vnd = plan_vnd or {}

    def amount(vnd: int | None) -> str:
        return trieu(vnd) or "—"

    def row(label: str, data: dict[str, Any], plan: int | None) -> list[str]:
        disbursed = share(data["disbursed_vnd"], data["support_vnd"])
        return [label, str(data["records"]), amount(plan), amount(data["support_vnd"]), amount(data["disbursed_vnd"]),
                "—" if disbursed is None else number(round(disbursed, 1), 1), settled(data)]

    def settled(data: dict[str, Any]) -> str:
        """The money settled; when the sheet marks đề án settled without an amount, how many
        (the text says "thanh quyết toán 01/03 đề án", so the table never shows "—" beside it)."""
        if data.get("settled_vnd") is not None:
            return amount(data["settled_vnd"])
        return f"{count(data['settled'])} đề án" if data.get("settled") else "—"

    present = [s for s in report["sources"].values() if s["records"]]
    plans = [plan_vnd.get(s["key"]) for s in present]
    total_plan = sum(plans) if plans and None not in plans else None
    return [row(s["label"], s, p) for s, p in zip(present, plans)] + [row("Tổng cộng", report["total"], total_plan)]


def funding_table(report: dict[str, Any], plan_vnd: dict[str, int] | None = None
                  ) -> tuple[list[str], list[list[str]], list[float]]:
    """(header, rows, widths in mm) of the funding table, without a column that says "—" on every
    row (no plan in the narrative file, nothing settled yet): an empty column only asks questions."""
    rows = funding_rows(report, plan_vnd)
    keep = [c for c in range(len(FUNDING_HEAD)) if c < 2 or FUNDING_HEAD[c].startswith("Được giao")
            or any(r[c] != "—" for r in rows)]
    widths = [FUNDING_WIDTHS_MM[c] for c in keep]
    scale = sum(FUNDING_WIDTHS_MM) / sum(widths)
    return [FUNDING_HEAD[c] for c in keep], [[r[c] for c in keep] for r in rows], [w * scale for w in widths]


FONT = "Times New Roman"
FORMULA_START = ("=", "+", "-", "@")


def appendix_xlsx(report: dict[str, Any], title: str, caption: str) -> bytes:
    """The appendix as a workbook to print or rework: Times New Roman, A4 landscape fitted to the
    page width with the header rows repeated, sums as formulas (Excel and LibreOffice compute them),
    and every text cell stored as text, marked so Excel never runs "=…", "+…", "-…", "@…" from data."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    width = len(HEAD_TOP)
    last = get_column_letter(width)
    for r, (text, font) in enumerate(((title, Font(name=FONT, bold=True, size=13)),
                                      (caption, Font(name=FONT, italic=True, size=12))), start=1):
        text_cell(ws.cell(r, 1), text).font = font
        ws.cell(r, 1).alignment = Alignment(horizontal="center")
        ws.merge_cells(f"A{r}:{last}{r}")
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for c in range(width):
        for r, values in ((4, HEAD_TOP), (5, HEAD_SUB)):
            cell = ws.cell(r, c + 1)
            if values[c]:
                text_cell(cell, values[c])
            cell.font = Font(name=FONT, size=12, bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = border
    for col in "ABCDHI":
        ws.merge_cells(f"{col}4:{col}5")
    ws.merge_cells("E4:G4")
    first_item, subtotals = None, []
    plain, bold = Font(name=FONT, size=12), Font(name=FONT, size=12, bold=True)
    wrap, top = Alignment(vertical="top", wrap_text=True), Alignment(vertical="top")

    def look(cell, key: tuple) -> None:
        money, item, wrapped, _ = key
        if money:
            cell.number_format = "#,##0.###"
        cell.border = border
        cell.font = plain if item else bold
        cell.alignment = wrap if wrapped else top

    looks = CellLooks(look)
    r = 5
    for r, row in enumerate(appendix_rows(report), start=6):
        for c, value in enumerate(row.cells):
            cell = ws.cell(r, c + 1)
            if c in MONEY_COLS:
                col = get_column_letter(c + 1)
                if row.kind == "subtotal" and first_item is not None:
                    cell.value = f"=SUM({col}{first_item}:{col}{r - 1})"
                elif row.kind == "total":
                    cell.value = "=" + "+".join(f"{col}{s}" for s in subtotals)
                else:
                    amount = row.amounts[c - MONEY_COLS[0]]
                    cell.value = None if amount is None else amount / 1_000_000
            elif value:
                text_cell(cell, value)
            looks.apply(cell, (c in MONEY_COLS, row.kind == "item", c in (1, 2, 3, 7, 8), cell.quotePrefix))
        if row.kind == "section":
            first_item = r + 1
        elif row.kind == "subtotal":
            subtotals.append(r)
            first_item = None
    for note in appendix_notes(report):
        r += 1
        text_cell(ws.cell(r, 2), f"Ghi chú: {note}").font = Font(name=FONT, size=12, italic=True)
    for col, w in zip("ABCDEFGHI", (5, 45, 28, 28, 11, 11, 11, 20, 30)):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = "C6"
    _print_setup(ws)
    return saved_xlsx(wb)


def one_page_wide(ws) -> None:
    """A4 landscape, fitted to one page wide (as many pages down as it needs): every workbook we write."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _print_setup(ws) -> None:
    """A4 landscape, one page wide, header rows on every page, the decree's margins (inches)."""
    one_page_wide(ws)
    ws.print_title_rows = "4:5"
    ws.page_margins.top, ws.page_margins.bottom = 30 / 25.4, 20 / 25.4
    ws.page_margins.left = ws.page_margins.right = 20 / 25.4
    ws.print_options.horizontalCentered = True


class CellLooks:
    """Cell looks made once through openpyxl's API, then copied: setting a style object on each of
    thousands of cells costs a hash and a lookup every time. `make(cell, key)` styles the first
    cell of each key; the others get a copy of its style (the workbook's style tables come out as
    if every cell had been styled, in the same order)."""

    def __init__(self, make: Callable[[Any, tuple], None]) -> None:
        self.make = make
        self.made: dict[tuple, Any] = {}

    def apply(self, cell, key: tuple) -> None:
        made = self.made.get(key)
        if made is not None:
            cell._style = copy(made)
            return
        self.make(cell, key)
        self.made[key] = copy(cell._style)


def text_cell(cell, value: str):
    """Store as text even when it starts with = + - @; quotePrefix keeps Excel from reading it as
    a formula when the cell is edited."""
    cell.value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True
    return cell

"""The roll-up documents: a .docx in the official layout with charts, and an .xlsx with one row
per province (the data comes from pipeline.compute.rollup)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from pipeline.compute.rollup import Span, ranking
from pipeline.config import ProvinceConfig
from pipeline.core.files import normalized_zip, saved_xlsx
from pipeline.core.model import Period
from pipeline.core.vnformat import date_long, ratio, share, tally, trieu
from pipeline.core.vnformat import number as number_vn
from pipeline.render.appendix import one_page_wide
from pipeline.render.charts import ROLLUP_CHARTS, chart_png
from pipeline.render.docx import DocumentInfo, Table, build_document
from pipeline.ingest.narrative import Narrative
from pipeline.render.markup import (
    FRAME,
    TemplateProblem,
    environment,
    parse_markup,
    render_markup,
)
from pipeline.render.paths import find_template

TEMPLATE = "base/tong-hop.j2"


ROLLUP_SECTIONS = ("ket_qua", "ton_tai", "kho_khan", "giai_phap", "kien_nghi")
TABLES = {"tinh": "bảng kết quả theo tỉnh, thành phố (kỳ số liệu, số đề án, kinh phí, giải ngân, hoàn thành)"}
PROVINCE_HEAD = ["TT", "Tỉnh, thành phố", "Số liệu đến", "Số đề án, nhiệm vụ", "Kinh phí hỗ trợ (triệu đồng)",
                 "Đã giải ngân (triệu đồng)", "Tỷ lệ giải ngân (%)", "Đề án hoàn thành"]
PROVINCE_WIDTHS_MM = [10, 26, 26, 27, 21, 20, 15, 20]  # the 165 mm of text width


def build_context(data: dict[str, Any], body: ProvinceConfig, narrative: Narrative | None = None) -> dict[str, Any]:
    narrative = narrative or Narrative()
    return {**data, "ranking": ranking(data), "co_quan": {
        "name": body.name, "issuing_body": body.issuing_body, "governing_body": body.governing,
        "center": body.center, "kinh_gui": list(body.kinh_gui)},
        "narrative": {k: list(narrative.sections.get(k, [])) for k in ROLLUP_SECTIONS},
        "roman": ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]}


def province_rows(context: dict[str, Any]) -> list[list[str]]:
    """The province table of the roll-up's body: one row per province, then the total."""
    def row(number: str, p: dict[str, Any]) -> list[str]:
        disbursed = share(p["disbursed_vnd"], p["support_vnd"])
        return [number, p["name"], p["as_of"], tally(p), trieu(p["support_vnd"]) or "0",
                trieu(p["disbursed_vnd"]) or "—", "—" if disbursed is None else number_vn(round(disbursed, 1), 1),
                ratio(p["status"]["completed"], p["projects"]) if p["projects"] else "—"]
    total = dict(context["total"], as_of="" if context["span"].get("mixed_periods") else context["total"]["as_of"])
    return [row(str(i), p) for i, p in enumerate(context["ranking"], start=1)] + [row("", {**total, "name": "Tổng cộng"})]


def render_docx(context: dict[str, Any], body: ProvinceConfig, span: Span, templates_dir: Path,
                sample: bool = False) -> bytes:
    blocks = parse_markup(render_markup(environment(templates_dir), TEMPLATE, context), TEMPLATE)
    charts = {}
    for block in blocks:
        if block.kind == "chart":
            if block.text not in ROLLUP_CHARTS:
                raise TemplateProblem(f"Mẫu {TEMPLATE}: không có biểu đồ “{block.text}”; dùng một trong: "
                                      f"{', '.join(ROLLUP_CHARTS)}")
            charts[block.text] = (chart_png(block.text, context), ROLLUP_CHARTS[block.text])
        if block.kind == "table" and block.text not in TABLES:
            raise TemplateProblem(f"Mẫu {TEMPLATE}: không có bảng “{block.text}”; dùng một trong: {', '.join(TABLES)}")
    tables = {"tinh": Table(PROVINCE_HEAD, province_rows(context), PROVINCE_WIDTHS_MM, text_columns=2)}
    end_period = span.end.period
    date_year = span.end.year + 1 if end_period in (None, Period.YEAR) else span.end.year
    info = DocumentInfo(
        governing_body=body.governing, issuing_body=body.issuing_body, number="", symbol=body.symbol,
        place=body.place_name, date_text=date_long(None, date_year), signer_prefix=body.signer.prefix,
        signer_title=body.signer.title, signer_name=body.signer.name, recipients=list(body.recipients),
        kinh_gui=list(body.kinh_gui),
        archive=body.archive, title=f"Tổng hợp kết quả thực hiện kế hoạch khuyến công {span.wording()}",
        as_of=span_as_of(span), sample=sample)
    return build_document(info, blocks, find_template(templates_dir, f"base/{FRAME}"), charts, tables=tables)


def span_as_of(span: Span) -> dt.date:
    """The day the roll-up's figures stand at: the end of its last period."""
    return dt.date(*(span.end.period or Period.YEAR).as_of(span.end.year))


XLSX_HEAD = ["TT", "Tỉnh, thành phố", "Số đề án", "Nhiệm vụ chi", "Bình chọn", "Kinh phí hỗ trợ (triệu đồng)",
             "Đã giải ngân (triệu đồng)", "Tỷ lệ giải ngân (%)", "Đề án hoàn thành", "Tỷ lệ hoàn thành (%)",
             "Đề án xin dừng", "Kỳ báo cáo đã tính"]


def rollup_xlsx(context: dict[str, Any], title: str, as_of: dt.date) -> bytes:
    """One row per province (by support, largest first), the total, then provinces without a report."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    font, bold = Font(name="Times New Roman", size=12), Font(name="Times New Roman", size=12, bold=True)
    thin = Side(style="thin")
    ws.append([title])
    ws["A1"].font = Font(name="Times New Roman", size=13, bold=True)
    ws.append(XLSX_HEAD)

    def row(label: str, p: dict[str, Any], number: Any) -> list[Any]:
        disbursed_share = share(p["disbursed_vnd"], p["support_vnd"])
        return [number, label, p["projects"], p["tasks"], p["votes"], p["support_vnd"] / 1e6,
                None if p["disbursed_vnd"] is None else p["disbursed_vnd"] / 1e6,
                None if disbursed_share is None else round(disbursed_share, 1), p["status"]["completed"],
                None if p["completion_ratio"] is None else round(p["completion_ratio"] * 100, 1),
                p["status"]["stopped"], ", ".join(p["periods"])]

    for i, p in enumerate(context["ranking"], start=1):
        ws.append(row(p["name"], p, i))
    ws.append(row("Tổng cộng", context["total"], ""))
    total_row = ws.max_row
    for m in context["missing"]:
        ws.append(["", m["name"], None, None, None, None, None, None, None, None, None, f"Chưa có: {m['reason']}"])
    for r in ws.iter_rows(min_row=2, max_row=ws.max_row):
        for cell in r:
            cell.font = bold if cell.row in (2, total_row) else font
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a province name is never run as a formula
            if cell.column in (6, 7):
                cell.number_format = "#,##0.0##"
    for col, width in zip("ABCDEFGHIJKL", (5, 22, 9, 9, 9, 14, 14, 11, 11, 11, 10, 28)):
        ws.column_dimensions[col].width = width
    ws.print_title_rows = "2:2"
    one_page_wide(ws)
    return normalized_zip(saved_xlsx(wb), stamp=dt.datetime.combine(as_of, dt.time(8, 0)))

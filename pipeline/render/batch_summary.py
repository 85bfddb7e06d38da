"""tom-tat.xlsx and tom-tat.html: every report of a run on one page — built, unchanged or refused,
its errors and warnings, the first error in words, and links to each report's files.

Written at the end of every `run`, also when every report failed. The HTML page needs no server
and no script: any browser opens it from the folder.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from pipeline.core.files import saved_xlsx

FONT = "Times New Roman"
STATUS_WORDS = {"written": "đã lập", "skipped": "không đổi (giữ bản trước)", "failed": "không lập được"}
STATUS_FILLS = {"written": "E2EFDA", "skipped": "F2F2F2", "failed": "F8CBAD"}
HEAD = ["Tỉnh", "Kỳ báo cáo", "Kết quả", "Lỗi", "Cảnh báo", "Lỗi đầu tiên / lý do", "Tệp"]


@dataclass
class SummaryRow:
    province: str
    period: str  # in words: "6 tháng đầu năm 2025"
    status: str  # written | skipped | failed
    errors: int
    warnings: int
    first_problem: str
    links: list[tuple[str, str]]  # (label, path relative to the outputs folder)


def summary_xlsx(rows: list[SummaryRow], title: str) -> bytes:
    from openpyxl import Workbook  # here: a run whose summary did not change never loads openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

    from pipeline.render.appendix import one_page_wide

    wb = Workbook()
    ws = wb.active
    ws.title = "Tóm tắt"
    ws.cell(1, 1, title).font = Font(name=FONT, size=13, bold=True)
    for c, text in enumerate(HEAD, start=1):
        cell = ws.cell(3, c, text)
        cell.font = Font(name=FONT, size=11, bold=True)
    plain = Font(name=FONT, size=11)
    link_font = Font(name=FONT, size=11, color="0563C1", underline="single")
    width = len(HEAD)
    for r, row in enumerate(rows, start=4):
        values = [row.province, row.period, STATUS_WORDS.get(row.status, row.status), row.errors, row.warnings,
                  row.first_problem]
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
            cell.font = plain
            cell.alignment = Alignment(vertical="top", wrap_text=c == 6)
        for k, (label, target) in enumerate(row.links):
            cell = ws.cell(r, width + k)
            cell.value = label
            cell.data_type = "s"
            cell.hyperlink = Hyperlink(ref=cell.coordinate, target=target, display=label)
            cell.font = link_font
        fill = PatternFill("solid", fgColor=STATUS_FILLS.get(row.status, "FFFFFF"))
        ws.cell(r, 3).fill = fill
    for col, w in zip("ABCDEFGHIJK", (18, 24, 24, 6, 9, 70, 12, 12, 12, 12, 12)):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = "A4"
    one_page_wide(ws)
    return saved_xlsx(wb)


def summary_html(rows: list[SummaryRow], title: str) -> str:
    e = html.escape
    counts = {k: sum(r.status == k for r in rows) for k in STATUS_WORDS}
    lines = [
        "<!DOCTYPE html>", '<html lang="vi">', "<head>", '<meta charset="utf-8">', f"<title>{e(title)}</title>",
        "<style>body{font-family:'Times New Roman',serif;margin:24px}table{border-collapse:collapse;width:100%}"
        "th,td{border:1px solid #999;padding:4px 8px;vertical-align:top;text-align:left}th{background:#eee}"
        + "".join(f"tr.{k} td.status{{background:#{v}}}" for k, v in STATUS_FILLS.items())
        + "td.n{text-align:right}a{margin-right:8px}</style>", "</head>", "<body>", f"<h1>{e(title)}</h1>",
        f"<p>Đã lập {counts['written']}, không đổi {counts['skipped']}, không lập được {counts['failed']} "
        f"trong {len(rows)} báo cáo.</p>",
        '<table id="tom-tat">', "<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in HEAD) + "</tr></thead>", "<tbody>",
    ]
    for row in rows:
        links = "".join(f'<a href="{e(target, quote=True)}">{e(label)}</a>' for label, target in row.links)
        lines.append(
            f'<tr class="{e(row.status)}"><td>{e(row.province)}</td><td>{e(row.period)}</td>'
            f'<td class="status">{e(STATUS_WORDS.get(row.status, row.status))}</td><td class="n">{row.errors}</td>'
            f'<td class="n">{row.warnings}</td><td>{e(row.first_problem)}</td><td>{links}</td></tr>')
    lines += ["</tbody>", "</table>", "</body>", "</html>", ""]
    return "\n".join(lines)

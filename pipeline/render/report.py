"""One report: report data + province identity + narrative -> template context -> .docx bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.compute.dated_names import department
from pipeline.compute.contract import ReportData
from pipeline.compute.report import counterpart_split
from pipeline.config import ProvinceConfig
from pipeline.core.files import normalized_zip
from pipeline.core.model import Period
from pipeline.core.textnorm import fold
from pipeline.core.vnformat import date_long, dong, words
from pipeline.ingest.narrative import SECTIONS, Narrative
from pipeline.render.appendix import (
    appendix_notes,
    appendix_rows,
    appendix_xlsx,
    funding_table,
)
from pipeline.render import ooxml
from pipeline.render.charts import CHARTS, chart_png
from pipeline.render.docx import Appendix, DocumentInfo, Table, build_document
from pipeline.render.markup import (
    DIRECTIVES,
    Block,
    TemplateProblem,
    citations,
    directive_of,
    environment,
    frame_path,
    outside_beneficiary,
    parse_markup,
    render_markup,
    shown,
    template_name,
    unknown_directive,
)

NARRATIVE_SECTIONS = sorted(SECTIONS - {"van_ban", "kinh_phi_ke_hoach"})  # the prose sections
TABLES = {"kinh_phi": "bảng tổng hợp kinh phí theo nguồn (kế hoạch, được giao, đã giải ngân, đã thanh quyết toán)"}
REST_OF_YEAR = {Period.H1: "6 tháng cuối năm {y}", Period.M9: "3 tháng cuối năm {y}", Period.YEAR: "năm {n}"}


def legal_basis(year: int) -> str:
    base = "Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến công"
    if year >= 2026:
        return base + ", được sửa đổi, bổ sung bởi Nghị định số 235/2025/NĐ-CP ngày 27/8/2025"
    return base


def shared_decision(source: dict[str, Any]) -> dict[str, Any]:
    """A source whose records were all approved by one quyết định gets it as `decision` (cited once,
    in the source's sentence) and its records are marked `decision_shared` (not cited one by one)."""
    decisions = {e.get("decision") or "" for e in source["entries"]}
    if len(decisions) != 1 or not next(iter(decisions)):
        return {**source, "decision": ""}
    def marked(value: Any) -> Any:  # every record of the source, in each list it appears in
        if isinstance(value, list):
            return [{**v, "decision_shared": True} if isinstance(v, dict) and "origin" in v else v for v in value]
        if isinstance(value, dict):
            return {k: marked(v) for k, v in value.items()}
        return value

    return {**{k: marked(v) for k, v in source.items()}, "decision": next(iter(decisions))}


def plan_funding(plan_vnd: dict[str, int], present: list[dict[str, Any]]) -> dict[str, Any]:
    """The year's planned funding per source and in total (None where the narrative file is silent)."""
    per_source = {s["key"]: plan_vnd.get(s["key"]) for s in present}
    known = list(per_source.values())
    return {**per_source, "total": sum(known) if known and None not in known else None}


_COUNTED_UNITS = re.compile(r"^\s*(\d+)\s+(cơ sở|hộ|doanh nghiệp|đơn vị|hợp tác xã|htx)", re.IGNORECASE)


def beneficiaries_supported(entries: list[dict[str, Any]], center: str) -> int:
    """Production units the đề án reached: each unit of a group đề án, one per other đề án, not
    the extension centre itself and not a đề án that stopped."""
    total = 0
    for e in entries:
        if e["record_type"] != "de_an" or e["status"] == "stopped":
            continue
        counted = _COUNTED_UNITS.match(e.get("beneficiary") or "")
        if e.get("beneficiaries"):
            total += e["beneficiaries"]
        elif counted:  # "04 cơ sở CNNT" names a group by its size
            total += int(counted.group(1))
        elif outside_beneficiary(e, center):
            total += 1
    return total


def impact(entries: list[dict[str, Any]], center: str) -> dict[str, Any]:
    """What the report says the đề án achieved, all from one set of đề án — those not stopped:
    the units reached, the counterpart money they brought, and how many completed ones the sheet
    says were accepted (nghiệm thu), so the text keeps the sheet's own stage."""
    going = [e for e in entries if e["record_type"] == "de_an" and e["status"] != "stopped"]
    accepted = sum(e["status"] == "completed" and "nghiem thu" in fold(e["status_text"]) for e in going)
    return {"beneficiaries": beneficiaries_supported(entries, center),
            "counterpart_vnd": counterpart_split(entries)[0], "accepted": accepted}


def remaining(total: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What is left at the report's date, apart: records still open (in progress, adjusting, not
    started), stopped ones and completed ones, each with its counts and its support not yet
    disbursed — money of a stopped đề án will never be spent and is not "left to disburse" with
    the open ones. A record without a disbursement counts as none disbursed, as in the funding
    table's sums (the three parts add up to support − disbursed); None when no record gives one."""
    kinds = {"de_an": "projects", "nhiem_vu_chi": "tasks", "binh_chon": "votes"}
    parts = {"open": ("in_progress", "adjusting", "not_started"), "stopped": ("stopped",), "done": ("completed",)}
    out = {}
    for part, statuses in parts.items():
        items = [e for s in statuses for e in total["records_by_status"][s]]
        counts = {name: sum(e["record_type"] == kind for e in items) for kind, name in kinds.items()}
        left = (sum(max(e["support_vnd"] - (e["disbursed_vnd"] or 0), 0) for e in items)
                if total["disbursed_vnd"] is not None else None)
        out[part] = {**counts, "records": len(items), "undisbursed_vnd": left}
    return out


def report_date(year: int, period: str, narrative: Narrative) -> dt.date:
    """The day the report's names are those of: its date in the narrative file, else its period's end."""
    return narrative.date or dt.date(*Period(period).as_of(year))


def build_context(typed: ReportData | dict[str, Any], province: ProvinceConfig, narrative: Narrative,
                  has_appendix: bool = True) -> dict[str, Any]:
    """The templates' data: the report as plain data (ReportData.model_dump), the province's
    identity, the narrative. `has_appendix`: whether the report carries Phụ lục I, so the body
    may refer to it."""
    report = typed.model_dump() if isinstance(typed, ReportData) else typed
    year, period = report["year"], Period(report["period"])
    report = {**report, "sources": {k: shared_decision(v) for k, v in report["sources"].items()}}
    present = [s for s in report["sources"].values() if s["projects"]]
    sections = {k: list(narrative.sections.get(k, [])) for k in NARRATIVE_SECTIONS}
    return {
        **report,
        "plan_part": bool(period is Period.YEAR or report.get("plan", {}).get("projects") or sections["ke_hoach"]),
        "has_appendix": has_appendix,
        "plan_funding": plan_funding(narrative.plan_vnd, present),
        "impact": impact(report["total"]["entries"], province.center),
        "left": remaining(report["total"]),
        "as_of_text": "{2}/{1}/{0}".format(*period.as_of(year)),
        "sources_present": present,
        "next_year": year + 1,
        "rest_text": REST_OF_YEAR[period].format(y=year, n=year + 1),
        "kcqg_authority": department(report_date(year, period, narrative)),
        "legal_basis": legal_basis(year),
        "tinh": {
            "slug": report["province"], "name": province.name, "governing_body": province.governing,
            "issuing_body": province.issuing_body, "place": province.place_name, "symbol": province.symbol,
            "center": province.center, "kinh_gui": list(province.kinh_gui),
            "recipients": list(province.recipients), "signer": province.signer.model_dump(),
        },
        "van_ban": {
            "so": narrative.number,
            "ngay": narrative.date,
            "ngay_chu": date_long(narrative.date, year if narrative.date is None else None),
        },
        "narrative": sections,
    }


def document_info(context: dict[str, Any], province: ProvinceConfig, narrative: Narrative,
                  draft: bool = False) -> DocumentInfo:
    year, period = context["year"], Period(context["period"])
    as_of = report_date(year, period, narrative)
    date_year = year + 1 if period is Period.YEAR and narrative.date is None else year
    return DocumentInfo(
        governing_body=province.governing, issuing_body=province.issuing_body,
        number=narrative.number, symbol=province.symbol, place=province.place_name,
        date_text=date_long(narrative.date, date_year),
        signer_prefix=province.signer.prefix, signer_title=province.signer.title, signer_name=province.signer.name,
        recipients=list(province.recipients), kinh_gui=list(province.kinh_gui), archive=province.archive,
        title=f"Báo cáo kết quả thực hiện kế hoạch khuyến công {context['period_text']} - {province.name}",
        as_of=as_of, draft=draft, sample=narrative.sample,
    )


def appendix_caption(info: DocumentInfo, province: ProvinceConfig) -> str:
    """"(Kèm theo Báo cáo số 15/BC-SCT ngày 05 tháng 7 năm 2018 của …)": the same number and full
    date as the report's own header, blanks left to fill in where they are not known yet."""
    number = info.number or "      "
    return (f"(Kèm theo Báo cáo số {number}/{info.symbol} {info.date_text} "
            f"của {province.issuing_body.title()} tỉnh {province.name})")


@dataclass
class Rendered:
    docx: bytes
    appendix_xlsx: bytes


def render_report(typed: ReportData, province: ProvinceConfig, narrative: Narrative,
                  templates_dir: Path, draft: bool = False) -> Rendered:
    """Raises TemplateProblem for template errors (file and line in the message). `draft`: the
    report was built past data errors (--allow-errors) and says "DỰ THẢO" on every page."""
    report = typed.model_dump()  # the tables, charts and templates read plain data
    context = build_context(report, province, narrative)
    env = environment(templates_dir)
    name = template_name(templates_dir, province.templates, report["province"])
    info = document_info(context, province, narrative, draft)
    title = f"Danh sách đề án khuyến công {context['period_text']}"
    caption = appendix_caption(info, province)
    xlsx = normalized_zip(appendix_xlsx(report, title.upper(), caption), stamp=dt.datetime.combine(info.as_of, dt.time(8, 0)))

    def body(context: dict[str, Any]) -> list[Block]:
        if name.endswith(".docx"):
            return word_blocks(templates_dir / name, context, env)
        return parse_markup(render_markup(env, name, context), name)

    blocks = body(context)
    if not any(b.kind == "appendix" for b in blocks):  # the body must not point to a missing Phụ lục
        blocks = body(build_context(report, province, narrative, has_appendix=False))
    charts = {}
    for block in blocks:
        if block.kind == "chart":
            if block.text not in CHARTS:
                raise TemplateProblem(f"Mẫu {name}: không có biểu đồ “{block.text}”; dùng một trong: {', '.join(CHARTS)}")
            charts[block.text] = (chart_png(block.text, report), CHARTS[block.text])
        if block.kind == "table" and block.text not in TABLES:
            raise TemplateProblem(f"Mẫu {name}: không có bảng “{block.text}”; dùng một trong: {', '.join(TABLES)}")
    tables = {"kinh_phi": Table(*funding_table(report, narrative.plan_vnd))}
    support = report["total"]["support_vnd"]
    total_line = f"Tổng kinh phí hỗ trợ: {dong(support)} (Bằng chữ: {words(support)})."
    appendices = ([Appendix(title, caption, appendix_rows(report), total_line, tuple(appendix_notes(report)))]
                  if any(b.kind == "appendix" for b in blocks) else [])
    frame = frame_path(templates_dir, province.templates, report["province"])
    return Rendered(build_document(info, blocks, frame, charts, appendices, tables), xlsx)


_ROW_FOR = re.compile(r"\{%-?\s*tr\s+for\s+\w+(?:\s*,\s*\w+)?\s+in\s+(.+?)\s*-?%\}")
_ROW_END = re.compile(r"\{%-?\s*tr\s+endfor\s*-?%\}")


def _row_loops(doc, env, context: dict[str, Any]) -> list[tuple[int, int, str]]:
    """(table index, rows it must have once rendered, the loop's expression) for each table of a
    Word template whose rows repeat with {%tr for … %}: the rows outside the loop stay, the rows
    inside come once per item. A tag put in the wrong place deletes rows without an error from
    docxtpl; comparing the count catches it."""
    out = []
    for index, table in enumerate(doc.tables):
        texts = ["".join(c.text for c in row.cells) for row in table.rows]
        starts = [i for i, x in enumerate(texts) if _ROW_FOR.search(x)]
        ends = [i for i, x in enumerate(texts) if _ROW_END.search(x)]
        if len(starts) != 1 or len(ends) != 1 or ends[0] <= starts[0]:
            continue
        expr = _ROW_FOR.search(texts[starts[0]]).group(1)
        try:
            items = env.compile_expression(expr)(**context)
            count = len(list(items))
        except Exception:
            continue  # the render itself will say what is wrong with the expression
        body = ends[0] - starts[0] - 1
        # no row between the tags repeats nothing: the data rows were put in the tags' own rows
        out.append((index, len(texts) - (body + 2) + count * body if body else -1, expr))
    return out


_NAMED = re.compile(r"'(\w+)' (?:is undefined|object has no attribute)|has no attribute '(\w+)'|no filter named '(\w+)'",
                    re.IGNORECASE)
_TAG_PAIRS = (("{{", "}}"), ("{%", "%}"))


def _word_paragraph(path: Path, exc: Exception) -> str:
    """" (đoạn 7: “Tổng kinh phí: {{ tong.support_vnd …”)": where in the Word file the mistake is —
    the paragraph naming the unknown variable or filter, or the first whose tags do not close.
    docxtpl's line numbers count its own XML, which a clerk never sees."""
    from docx import Document

    m = _NAMED.search(str(exc))
    name = next((g for g in m.groups() if g), None) if m else None
    for n, (_, _, text, _) in enumerate(ooxml.body_blocks(Document(str(path))), start=1):
        tags = "".join(re.findall(r"\{[{%].*?[}%]\}", text))
        broken = any(text.count(a) != text.count(b) for a, b in _TAG_PAIRS)
        if (name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", tags)) or (name is None and broken):
            return f" (đoạn {n}: “{text[:70]}{'…' if len(text) > 70 else ''}”)"
    return ""


def word_blocks(path: Path, context: dict[str, Any], env) -> list[Block]:
    """A body made in Word with Jinja tags (docxtpl), fed the same data as the text templates.

    Its paragraphs and tables go into the same frame as a text template's; a paragraph holding
    only a directive ("@chart kinh_phi", "@table kinh_phi", "@appendix", "@subject …",
    "@kinh_gui …") does what it does in a text template."""
    from docx import Document
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    from pipeline.render.template_errors import explain

    try:
        loops = _row_loops(Document(str(path)), env, context)
        tpl = DocxTemplate(str(path))
        with citations():
            tpl.render(context, jinja_env=env)
        buf = io.BytesIO()
        tpl.save(buf)
        rendered = Document(io.BytesIO(buf.getvalue()))
        for index, expected, expr in loops:
            got = len(rendered.tables[index].rows) if index < len(rendered.tables) else 0
            if got != expected:
                wanted = f"có dữ liệu cho {expected} dòng" if expected >= 0 else "không có dòng nào để lặp lại"
                raise TemplateProblem(
                    f"Mẫu Word {path}: bảng thứ {index + 1} ra {got} dòng nhưng vòng lặp “{expr}” {wanted} — "
                    "thẻ {%tr for … %} và {%tr endfor %} phải nằm mỗi thẻ một dòng riêng của bảng, ngay trên và ngay "
                    "dưới dòng được lặp lại")
    except TemplateProblem:
        raise
    except TemplateError as exc:
        message = shown(explain(exc, f"Word {path}", context, env)).replace("Mẫu Mẫu", "Mẫu")
        where = _word_paragraph(path, exc)
        if where:  # docxtpl's "dòng N" counts its own XML; the paragraph is what the clerk finds
            message = re.sub(r"^(Mẫu Word .*?) dòng \d+:", r"\1:", message, count=1)
        raise TemplateProblem(message + where) from None
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as exc:  # a damaged .docx
        raise TemplateProblem(f"Mẫu Word {path} không đọc được ({type(exc).__name__}); mở bằng Word và lưu lại") from None
    blocks: list[Block] = []
    for n, (element, is_paragraph, text, picture) in enumerate(ooxml.body_blocks(rendered), start=1):
        directive = directive_of(text) if is_paragraph else None
        if directive and directive[0] not in DIRECTIVES:
            raise TemplateProblem(unknown_directive(directive[0], f"Mẫu Word {path} (đoạn {n})"))
        if directive:
            blocks.append(Block(directive[0], directive[1]))
        elif picture:
            raise TemplateProblem(f"Mẫu Word {path} (đoạn {n}): có hình ảnh chèn trực tiếp; "
                                  "dùng dòng @chart <tên> để chèn biểu đồ")
        elif text or not is_paragraph:
            blocks.append(Block("xml", text, element=element))
    return blocks

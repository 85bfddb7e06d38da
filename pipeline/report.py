"""One report: report data + province identity + narrative -> template context -> .docx bytes."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config import ProvinceConfig
from pipeline.model import Period
from pipeline.narrative import SECTIONS, Narrative
from pipeline.appendix import appendix_rows, appendix_xlsx
from pipeline.charts import CHARTS, chart_png
from pipeline.outputs import normalized_zip
from pipeline.render_docx import Appendix, DocumentInfo, build_document
from pipeline.templating import TemplateProblem, environment, parse_markup, render_markup, template_name
from pipeline.vnformat import date_long, date_short, dong, words

NARRATIVE_SECTIONS = sorted(SECTIONS - {"van_ban"})
REST_OF_YEAR = {Period.H1: "6 tháng cuối năm {y}", Period.M9: "3 tháng cuối năm {y}", Period.YEAR: "năm {n}"}


def kcqg_authority(year: int) -> str:
    """The ministry department that assigns KCQG projects (renamed in 2025)."""
    if year >= 2025:
        return "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công"
    return "Cục Công Thương địa phương"


def legal_basis(year: int) -> str:
    base = "Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến công"
    if year >= 2026:
        return base + ", được sửa đổi, bổ sung bởi Nghị định số 235/2025/NĐ-CP ngày 27/8/2025"
    return base


def build_context(report: dict[str, Any], province: ProvinceConfig, narrative: Narrative) -> dict[str, Any]:
    year, period = report["year"], Period(report["period"])
    present = [s for s in report["sources"].values() if s["projects"]]
    return {
        **report,
        "sources_present": present,
        "next_year": year + 1,
        "rest_text": REST_OF_YEAR[period].format(y=year, n=year + 1),
        "kcqg_authority": kcqg_authority(year),
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
        "narrative": {k: list(narrative.sections.get(k, [])) for k in NARRATIVE_SECTIONS},
    }


def document_info(context: dict[str, Any], province: ProvinceConfig, narrative: Narrative,
                  draft: bool = False) -> DocumentInfo:
    year, period = context["year"], Period(context["period"])
    as_of = narrative.date or dt.date(*period.as_of(year))
    date_year = year + 1 if period is Period.YEAR and narrative.date is None else year
    return DocumentInfo(
        governing_body=province.governing, issuing_body=province.issuing_body,
        number=narrative.number, symbol=province.symbol, place=province.place_name,
        date_text=date_long(narrative.date, date_year),
        signer_prefix=province.signer.prefix, signer_title=province.signer.title, signer_name=province.signer.name,
        recipients=list(province.recipients), archive=province.archive,
        title=f"Báo cáo kết quả thực hiện kế hoạch khuyến công {context['period_text']} - {province.name}",
        as_of=as_of, draft=draft,
    )


def appendix_caption(info: DocumentInfo, narrative: Narrative, province: ProvinceConfig) -> str:
    number = narrative.number or "      "
    day = date_short(narrative.date) if narrative.date else "      "
    return f"(Kèm theo Báo cáo số {number}/{info.symbol} ngày {day} của {province.issuing_body.title()} tỉnh {province.name})"


@dataclass
class Rendered:
    docx: bytes
    appendix_xlsx: bytes


def render_report(report: dict[str, Any], province: ProvinceConfig, narrative: Narrative,
                  templates_dir: Path, draft: bool = False) -> Rendered:
    """Raises TemplateProblem for template errors (file and line in the message). `draft`: the
    report was built past data errors (--allow-errors) and says "DỰ THẢO" on every page."""
    context = build_context(report, province, narrative)
    env = environment(templates_dir)
    name = template_name(templates_dir, province.templates, report["province"])
    info = document_info(context, province, narrative, draft)
    title = f"Danh sách đề án khuyến công {context['period_text']}"
    caption = appendix_caption(info, narrative, province)
    xlsx = normalized_zip(appendix_xlsx(report, title.upper(), caption))
    if name.endswith(".docx"):
        return Rendered(render_word_template(templates_dir / name, context, env), xlsx)
    blocks = parse_markup(render_markup(env, name, context))
    charts = {}
    for block in blocks:
        if block.kind == "chart":
            if block.text not in CHARTS:
                raise TemplateProblem(f"Mẫu {name}: không có biểu đồ “{block.text}”; dùng một trong: {', '.join(CHARTS)}")
            charts[block.text] = chart_png(block.text, report)
    support = report["total"]["support_vnd"]
    total_line = f"Tổng kinh phí hỗ trợ: {dong(support)} (Bằng chữ: {words(support)})."
    appendix = (Appendix(title, caption, appendix_rows(report), total_line)
                if any(b.kind == "appendix" for b in blocks) else None)
    return Rendered(build_document(info, blocks, charts, appendix), xlsx)


def render_word_template(path: Path, context: dict[str, Any], env) -> bytes:
    """A .docx made in Word with Jinja tags (docxtpl), fed the same data as the text templates."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    try:
        tpl = DocxTemplate(str(path))
        tpl.render(context, jinja_env=env)
    except TemplateError as exc:
        line = f" dòng {exc.lineno}" if getattr(exc, "lineno", None) else ""
        raise TemplateProblem(f"Mẫu Word {path}{line}: {getattr(exc, 'message', None) or exc}") from None
    except Exception as exc:  # a damaged .docx
        raise TemplateProblem(f"Mẫu Word {path} không đọc được: {type(exc).__name__}") from None
    buf = io.BytesIO()
    tpl.save(buf)
    return normalized_zip(buf.getvalue())

"""`khuyencong templates check|new`: find template mistakes before a report run does."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from jinja2 import nodes

from pipeline.compute import compute_report
from pipeline.config import Config
from pipeline.core.files import normalized_zip, saved_docx, write_bytes
from pipeline.core.model import Period, Source, Status
from pipeline.core.textnorm import suggest
from pipeline.ingest.narrative import Narrative
from pipeline.ingest.records import frame
from pipeline.render.markup import (
    BASE_TEMPLATE,
    TemplateProblem,
    directive_problems,
    environment,
    shown,
)
from pipeline.render.paths import find_template, search_path
from pipeline.render.report import render_report
from pipeline.render.template_errors import explain


@dataclass(frozen=True)
class TemplateIssue:
    province: str
    message: str  # Vietnamese, names file and line
    severity: str = "error"  # error: the report cannot be made so; warning: it can, but likely not as meant
    unreadable: bool = False  # the template cannot even be parsed (nothing to render)


def sample_records() -> pd.DataFrame:
    """Every status in both sources, with and without notes and progress, plus a nhiệm vụ chi."""
    rows = []
    cases = [(Status.COMPLETED, 100.0, ""), (Status.IN_PROGRESS, 50.0, ""), (Status.IN_PROGRESS, None, "Đã ký hợp đồng"),
             (Status.ADJUSTING, None, "Đề nghị gia hạn"), (Status.STOPPED, None, "Đơn vị khó khăn về vốn"),
             (Status.NOT_STARTED, None, "")]
    for source in Source:
        for i, (status, progress, note) in enumerate(cases, start=1):
            rows.append({"file": "mau.xlsx", "sheet": "Mẫu", "row": i + 1, "record_type": "de_an", "shape": "don_le",
                         "source": source.value, "name": f"Đề án mẫu {source.value} số {i}",
                         "content": "Ứng dụng máy móc thiết bị", "beneficiary": f"HTX mẫu {i}", "place": f"xã Mẫu {i}",
                         "decision": f"Quyết định số {i}/QĐ-SCT ngày 15/3/2026", "support_vnd": 100_000_000 * i,
                         "counterpart_vnd": 50_000_000, "disbursed_vnd": 10_000_000 * i, "status": status.value,
                         "progress": progress, "status_text": status.label, "note": note,
                         "settled": status is Status.COMPLETED, "plan": False})
    rows.append({"file": "mau.xlsx", "sheet": "Mẫu", "row": 20, "record_type": "nhiem_vu_chi", "shape": "don_le",
                 "source": "KCDP", "name": "Nhiệm vụ chi mẫu: quản lý, kiểm tra đề án", "support_vnd": 20_000_000,
                 "status": Status.COMPLETED.value, "status_text": "Đã hoàn thành", "settled": True, "plan": False})
    return frame(rows)


def sample_narratives() -> list[Narrative]:
    return [Narrative(), Narrative(number="01", date=dt.date(2026, 7, 5),
                                   sections={"giai_phap": ["- Giải pháp mẫu."], "ke_hoach": ["Kế hoạch mẫu."]})]


def block_names(env, name: str) -> dict[str, int]:
    source = env.loader.get_source(env, name)[0]
    return {b.name: b.lineno for b in env.parse(source, name, name).find_all(nodes.Block)}


def province_slugs(config: Config, templates_dir: Path) -> list[str]:
    folders = {p.name for p in (templates_dir / "provinces").glob("*") if p.is_dir()}
    return sorted(set(config.provinces) | folders)


_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)


def source_directive_problems(path: Path) -> list[str]:
    """Mistyped "@" directives in a template file, with the file's own line numbers (Jinja
    comments are skipped, their lines kept so the numbers stay right)."""
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), path.read_text(encoding="utf-8"))
    return directive_problems(text, str(path))


def _shared_issues(templates_dir: Path) -> list[TemplateIssue]:
    """Mistyped directives in every template file, the office's own copy of a shipped one first."""
    issues: list[TemplateIssue] = []
    seen: set[str] = set()
    for folder in search_path(templates_dir):
        for path in sorted(folder.rglob("*.j2")):
            parts = path.relative_to(folder).parts
            if "/".join(parts) in seen:
                continue  # the office's own copy of a shipped template is the one in use
            seen.add("/".join(parts))
            owner = parts[1] if parts[0] == "provinces" and len(parts) > 2 else "chung"
            issues += [TemplateIssue(owner, shown(message)) for message in source_directive_problems(path)]
    return issues


def _word_subject(slug: str, word: Path) -> list[TemplateIssue]:
    """A Word body without an "@subject" paragraph: the report would carry the default subject."""
    from docx import Document

    try:
        texts = [p.text for p in Document(str(word)).paragraphs]
    except Exception:  # a damaged file is said when the report is rendered
        return []
    if any(t.strip().startswith("@subject") for t in texts):
        return []
    return [TemplateIssue(slug, f"Mẫu Word {word} không có đoạn @subject: trích yếu dưới chữ BÁO CÁO sẽ là câu mặc "
                                "định (thêm một đoạn “@subject Kết quả thực hiện kế hoạch khuyến công {{ period_text }}”)",
                          "warning")]


def province_template_issues(config: Config, templates_dir: Path, slug: str) -> list[TemplateIssue]:
    """What is wrong, or likely not meant, in the templates one province's report is built from,
    found without rendering: syntax, blocks the shared template does not have (a misspelt block
    is never used, so its wording would silently not appear), no {% extends %}, no @subject, and a
    Word and a text template side by side."""
    province, _ = config.province(slug)
    folder = province.templates or f"provinces/{slug}"
    j2, word = templates_dir / folder / "report.j2", templates_dir / folder / "report.docx"
    issues: list[TemplateIssue] = []
    if j2.is_file() and word.is_file():
        issues.append(TemplateIssue(slug, f"Thư mục {templates_dir / folder} có cả report.j2 và report.docx: báo cáo "
                                          "dùng report.j2, report.docx không được dùng (xóa hoặc đổi tên tệp không dùng)",
                                    "warning"))
    if word.is_file() and not j2.is_file():
        issues += _word_subject(slug, word)
    if not j2.is_file():
        return issues
    env = environment(templates_dir)
    name = f"{folder}/report.j2"
    try:
        source = j2.read_text(encoding="utf-8")
        tree = env.parse(source, name, str(j2))
        base_blocks = block_names(env, BASE_TEMPLATE)
    except Exception as exc:  # syntax and encoding errors, told the same way as at render time
        return issues + [TemplateIssue(slug, shown(explain(exc, str(j2), env=env)), unreadable=True)]
    extends = next(tree.find_all(nodes.Extends), None)
    if extends is None:
        issues.append(TemplateIssue(slug, f"Mẫu {j2} không kế thừa mẫu chung (thiếu dòng {{% extends \"base/report.j2\" %}} "
                                          "ở đầu): báo cáo chỉ có những gì viết trong mẫu này", "warning"))
        if "@subject" not in source:
            issues.append(TemplateIssue(slug, f"Mẫu {j2} không có dòng @subject: trích yếu dưới chữ BÁO CÁO sẽ là câu "
                                              "mặc định", "warning"))
        return issues
    for block in tree.find_all(nodes.Block):
        if block.name not in base_blocks:
            issues.append(TemplateIssue(slug, f"Mẫu {j2} dòng {block.lineno}: block “{block.name}” không có trong mẫu "
                                              f"chung nên không được dùng{suggest(block.name, base_blocks)}; các block "
                                              f"có: {', '.join(sorted(base_blocks))}"))
    return issues


def check_templates(config: Config, templates_dir: Path) -> list[TemplateIssue]:
    """Every template checked as above, then rendered with sample data for each province."""
    issues = _shared_issues(templates_dir)
    records = sample_records()
    for slug in province_slugs(config, templates_dir):
        own = province_template_issues(config, templates_dir, slug)
        issues += own
        if any(i.unreadable for i in own):
            continue
        province, _ = config.province(slug)
        for period, year in ((Period.H1, 2026), (Period.YEAR, 2024)):
            for narrative in sample_narratives():
                report = compute_report(records, slug, year, period, counting=province.counting)
                try:
                    render_report(report, province, narrative, templates_dir)
                except TemplateProblem as exc:
                    if TemplateIssue(slug, str(exc)) not in issues:
                        issues.append(TemplateIssue(slug, str(exc)))
    return issues


SCAFFOLD = """\
{{#
  Mẫu lời văn riêng của tỉnh {name}.
  Mẫu này kế thừa mẫu chung base/report.j2 (có sẵn trong chương trình): chỉ cần viết lại block muốn đổi,
  các phần khác giữ nguyên như mẫu chung. Muốn dùng ví dụ nào thì bỏ dòng mở và dòng đóng
  chú thích bao quanh ví dụ đó.
  Các block có thể viết lại: {blocks}.
  Biến dùng được và ví dụ: docs/huong-dan-mau.md. Kiểm tra mẫu: khuyencong templates check
#}}
{{% extends "base/report.j2" %}}

{{# Ví dụ 1: đổi câu mở đầu
{{% block intro %}}
Sở Công Thương tỉnh {{{{ tinh.name }}}} báo cáo kết quả thực hiện kế hoạch khuyến công {{{{ period_text }}}} như sau:
{{% endblock %}}
#}}

{{# Ví dụ 2: câu kết
{{% block closing %}}
Sở Công Thương tỉnh {{{{ tinh.name }}}} kính báo cáo./.
{{% endblock %}}
#}}
"""


def scaffold(slug: str, config: Config, templates_dir: Path, word: bool = False) -> Path:
    """Writes templates/provinces/<slug>/report.j2 with commented examples (or, with word, a
    starter report.docx to edit in Word); refuses to overwrite."""
    target = templates_dir / "provinces" / slug / ("report.docx" if word else "report.j2")
    if target.exists():
        raise FileExistsError(str(target))
    if word:
        write_bytes(target, word_starter(templates_dir))
        return target
    env = environment(templates_dir)
    province, _ = config.province(slug)
    text = SCAFFOLD.format(name=province.name, blocks=", ".join(sorted(block_names(env, BASE_TEMPLATE))))
    write_bytes(target, text.encode("utf-8"))
    return target


# The body of a starter Word template: (style, text). Jinja tags are typed into the text as a clerk
# would type them in Word; "{%p …%}" paragraphs and the "{%tr …%}" rows repeat what they enclose.
WORD_STARTER = [
    ("Normal", "@subject Kết quả thực hiện kế hoạch khuyến công {{ period_text }}"),
    ("Normal", "Thực hiện kế hoạch khuyến công năm {{ year }}, {{ tinh.issuing_body | title }} tỉnh {{ tinh.name }} "
               "báo cáo kết quả thực hiện {{ period_text }} như sau:"),
    ("Heading 2", "Thứ nhất, về tình hình thực hiện kế hoạch khuyến công {{ period_text }}"),
    ("Normal", "Năm {{ year }}, toàn tỉnh thực hiện {{ total | tally }} khuyến công với tổng kinh phí hỗ trợ "
               "{{ total.support_vnd | money }}; đến nay đã hoàn thành {{ total.status.completed | ratio(total.projects) }}"
               " đề án."),
    ("Normal", "@table kinh_phi"),
    ("Normal", "{%p for src in sources_present %}"),
    ("Normal", "Đối với {{ src.label | lower }}: {{ src | tally }}, kinh phí {{ src.support_vnd | money }}."),
    ("Normal", "{%p endfor %}"),
    ("Normal", "Danh sách đề án:"),
    ("table", None),
    ("Heading 2", "Thứ hai, về giải pháp thực hiện công tác khuyến công {{ rest_text if period != \"nam\" else "
                  "\"năm \" ~ next_year }}"),
    ("Normal", "{%p for line in narrative.giai_phap %}"),
    ("Normal", "{{ line }}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "@appendix"),
    ("Normal", "Trên đây là báo cáo kết quả thực hiện kế hoạch khuyến công {{ period_text }} của "
               "{{ tinh.issuing_body | title }} tỉnh {{ tinh.name }}./."),
]
WORD_TABLE = [["TT", "Tên đề án", "Đơn vị thụ hưởng", "Kinh phí (triệu đồng)", "Tình trạng"],
              ["{%tr for p in total.entries %}", "", "", "", ""],
              ["{{ loop.index }}", "{{ p.name }}", "{{ p.beneficiary }}", "{{ p.support_vnd | trieu }}",
               "{{ p.status_label }}"],
              ["{%tr endfor %}", "", "", "", ""]]


WORD_TABLE_MM = (10, 62, 40, 25, 28)


def word_starter(templates_dir: Path) -> bytes:
    """A Word template to start from: the frame's styles, a body with the usual parts typed as
    Jinja tags, a table that repeats one row per đề án. Edit it in Word; keep the tags."""
    from docx import Document
    from docx.shared import Mm

    from pipeline.render import ooxml

    doc = Document(str(find_template(templates_dir, "base/khung.docx")))
    ooxml.clear_body(doc)
    for style, text in WORD_STARTER:
        if style == "table":
            table = doc.add_table(rows=len(WORD_TABLE), cols=len(WORD_TABLE[0]))
            table.style = "Table Grid"
            table.autofit = False
            for r, row in enumerate(WORD_TABLE):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
                    table.cell(r, c).width = Mm(WORD_TABLE_MM[c])
            continue
        doc.add_paragraph(text, style=style)
    return normalized_zip(saved_docx(doc))

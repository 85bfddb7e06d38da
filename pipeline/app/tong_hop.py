"""`khuyencong tong-hop`: province workbooks -> each province's reports in the span -> roll-up
data (pipeline.compute.rollup) -> tong-hop.json, an .xlsx with one row per province, and a .docx in the
official layout with charts. Reading and checking are those of `run`; a province whose report
has blocking errors is not counted and is listed as missing with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pipeline.app.folders import province_folders
from pipeline.compute import SCHEMA_VERSION, Metrics, compute_report, units
from pipeline.compute.dated_names import dated_issuer
from pipeline.compute.rollup import ProvinceReport, Span, SpanError, roll_up, unit_of
from pipeline.config import Config, ProvinceConfig, missing_signer
from pipeline.core.files import write_bytes, write_json
from pipeline.core.findings import Finding, blocking
from pipeline.core.model import Period
from pipeline.core.textnorm import slugify
from pipeline.ingest.narrative import load_narrative
from pipeline.render.tong_hop import build_context, render_docx, rollup_xlsx, span_as_of


@dataclass
class RollupOptions:
    inputs: Path
    outputs: Path
    config_path: Path
    end: str
    start: str | None = None
    region: str | None = None
    provinces: list[str] = field(default_factory=list)
    allow_errors: bool = False
    reports_dir: Path | None = None  # read written reports' metrics.json instead of the workbooks
    narrative: Path | None = None  # the roll-up's own text; default inputs/thuyet-minh-tong-hop[-<span>].md


@dataclass
class RollupResult:
    data: dict[str, Any]
    files: list[Path]
    findings: list[Finding]


def wanted_provinces(config: Config, opts: RollupOptions, span: Span) -> list[str]:
    """The provinces asked for: a list, a region named in config, or every unit of the span."""
    if opts.provinces:
        return [slugify(p) for p in opts.provinces]
    if opts.region:
        if opts.region not in config.regions:
            known = ", ".join(sorted(config.regions)) or "(chưa có khu vực nào)"
            raise SpanError(f"Khu vực “{opts.region}” chưa khai báo ở mục regions trong config.yaml; có: {known}.")
        return [slugify(p) for p in config.regions[opts.region]]
    return units.new_units() if span.new_units else units.old_units()


def asked_for(slug: str, span: Span, wanted: list[str]) -> bool:
    """Is a province folder among those asked for, by its own name or the unit it belongs to?"""
    return slug in wanted or unit_of(slug, span) in {unit_of(s, span) for s in wanted}


def province_reports(config: Config, opts: RollupOptions, span: Span, wanted: list[str]
                     ) -> tuple[list[ProvinceReport], dict[str, str], list[Finding]]:
    """Each wanted province's reports in the span, computed as `run` computes them."""
    from pipeline.app.plan import plan_province  # here: a roll-up of written reports reads no workbook

    reports: list[ProvinceReport] = []
    failed: dict[str, str] = {}
    findings: list[Finding] = []
    for folder in province_folders(opts.inputs):
        slug = slugify(folder.name)
        if not asked_for(slug, span, wanted):
            continue
        plan = plan_province(folder, opts.inputs, config, allow_errors=opts.allow_errors)
        findings += plan.findings
        by_key = {(r.year, r.period): r for r in plan.reports}
        mine: list[ProvinceReport] = []
        for year, period in span.choose(set(by_key)):
            report = by_key[(year, period)]
            findings += report.findings
            stops = blocking(report.findings, opts.allow_errors)
            records = report.combined.records
            if stops or not len(records):
                failed[slug] = (f"báo cáo {period.wording(year)} có lỗi: {stops[0].format()}" if stops
                                else f"báo cáo {period.wording(year)} không có đề án nào")
                break
            counting = config.province(slug)[0].counting
            mine.append(ProvinceReport(slug, compute_report(records, slug, year, period, counting=counting).metrics(),
                                       sample=report.narrative.sample))
        else:
            reports += mine
    return reports, failed, findings


def reports_from_metrics(folder: Path, span: Span, wanted: list[str]
                         ) -> tuple[list[ProvinceReport], dict[str, str]]:
    """Reports already written (<folder>/<tỉnh>/<năm-kỳ>/metrics.json, e.g. sent in by provinces)."""
    reports, failed = [], {}
    for path in sorted(folder.glob("*/*/metrics.json")):
        slug = slugify(path.parent.parent.name)
        if not asked_for(slug, span, wanted):
            continue
        try:
            m = Metrics.model_validate_json(path.read_bytes())
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "(cả tệp)"
            failed[slug] = (f"{path.relative_to(folder)} không đúng cấu trúc metrics.json ({exc.error_count()} lỗi, "
                            f"đầu tiên ở “{where}”: giá trị {str(first.get('input'))[:40]!s} không dùng được)")
            continue
        if m.schema_version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            failed[slug] = f"{path.relative_to(folder)} theo phiên bản {m.schema_version}, cần {SCHEMA_VERSION}"
            continue
        if span.allows(m.year, Period(m.period)):
            reports.append(ProvinceReport(slug, m))
    return reports, failed


def issuer(config: Config, data: dict[str, Any], wanted: list[str]) -> ProvinceConfig:
    """A Sở issues the multi-year report of its own province; otherwise the body under tong_hop."""
    if len(wanted) == 1:
        own, listed = config.province(wanted[0])
        if listed:
            return own
    return config.tong_hop


def rollup_narrative(opts: RollupOptions, span: Span) -> tuple[Path | None, str]:
    """(the roll-up's narrative file, its name as findings show it), or (None, "") when there is none."""
    if opts.narrative:
        return opts.narrative, opts.narrative.name
    for name in (f"thuyet-minh-tong-hop-{span.label}.md", f"thuyet-minh-tong-hop-{span.label}.txt",
                 "thuyet-minh-tong-hop.md", "thuyet-minh-tong-hop.txt"):
        if (opts.inputs / name).is_file():
            return opts.inputs / name, name
    return None, ""


def run_rollup(config: Config, opts: RollupOptions) -> RollupResult:
    """Raises SpanError (bad span or region) and TemplateProblem (template errors)."""
    span = Span.parse(opts.start, opts.end)
    wanted = wanted_provinces(config, opts, span)
    if opts.reports_dir:
        (reports, failed), findings = reports_from_metrics(opts.reports_dir, span, wanted), []
    else:
        reports, failed, findings = province_reports(config, opts, span, wanted)
    region = config.region_names.get(opts.region, "") if opts.region else ""
    data = roll_up(reports, span, wanted, failed, region)
    narrative, told = load_narrative(*rollup_narrative(opts, span))
    findings = findings + told
    body = issuer(config, data, wanted)
    key = "tong_hop" if body is config.tong_hop else f"provinces.{wanted[0]}"
    body, dated = dated_issuer(body, key, span_as_of(span))
    findings = findings + dated + missing_signer(body, key)
    context = build_context(data, body, narrative)
    templates_dir = opts.config_path.parent / config.templates_dir
    folder = opts.outputs / "tong-hop" / span.label
    title = f"TỔNG HỢP KẾT QUẢ THỰC HIỆN KẾ HOẠCH KHUYẾN CÔNG {span.wording().upper()}"
    docx = render_docx(context, body, span, templates_dir, sample=narrative.sample or any(r.sample for r in reports))
    files = [folder / f"bao-cao-tong-hop-{span.label}.docx", folder / f"tong-hop-{span.label}.xlsx",
             folder / "tong-hop.json"]
    write_bytes(files[0], docx)
    write_bytes(files[1], rollup_xlsx(context, title, span_as_of(span)))
    write_json(files[2], data)
    return RollupResult(data, files, findings)

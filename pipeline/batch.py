"""The batch run: every province folder in inputs/ -> one report per year and period found.

Each report is independent: a bad file or template fails that report only, with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.compute import compute_report, metrics
from pipeline.config import Config
from pipeline.findings import Finding, Severity, has_errors
from pipeline.ingest import FileResult, ingest_file, province_files
from pipeline.model import Ledger, Period, Project
from pipeline.narrative import load_narrative, narrative_path
from pipeline.outputs import write_bytes, write_json
from pipeline.report import render_report
from pipeline.templating import TemplateProblem
from pipeline.textnorm import fold


@dataclass
class ReportOutcome:
    province: str
    year: int | None
    period: Period | None
    status: str  # written | failed
    findings: list[Finding] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    reason: str = ""

    @property
    def label(self) -> str:
        if self.year is None or self.period is None:
            return "(không rõ kỳ)"
        return self.period.wording(self.year)


@dataclass
class ProvinceInputs:
    slug: str
    folder: Path
    results: list[FileResult]
    findings: list[Finding]  # about the province as a whole (not listed in config, ...)

    @property
    def ledgers(self) -> list[Ledger]:
        return [ledger for r in self.results for ledger in r.ledgers]


def province_folders(inputs: Path, only: str | None = None) -> list[Path]:
    folders = sorted(p for p in inputs.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    return [p for p in folders if only is None or p.name == only]


def read_province(folder: Path, inputs: Path, config: Config) -> ProvinceInputs:
    slug = folder.name
    findings: list[Finding] = []
    _, listed = config.province(slug)
    if not listed:
        findings.append(Finding(
            Severity.WARNING, f"Tỉnh “{slug}” chưa có trong config.yaml; dùng tên, người ký và nơi nhận mặc định",
            f"{slug}/", hint=f"Thêm mục provinces.{slug} vào config.yaml để ghi đúng người ký, nơi nhận.",
        ))
    files = province_files(folder)
    if not files:
        findings.append(Finding(Severity.ERROR, "Thư mục tỉnh không có bảng tính nào (.xlsx, .xls, .ods, .csv)", f"{slug}/"))
    results = [ingest_file(path, path.relative_to(inputs).as_posix(), config, slug) for path in files]
    return ProvinceInputs(slug, folder, results, findings)


def group_by_period(data: ProvinceInputs, year: int | None, period: Period | None
                    ) -> tuple[dict[tuple[int, Period], list[FileResult]], list[Finding]]:
    """Files grouped by the report they belong to; the command's --year/--period fill gaps and filter."""
    groups: dict[tuple[int, Period], list[FileResult]] = defaultdict(list)
    findings: list[Finding] = []
    for result in data.results:
        y, p = result.year or year, result.period or period
        if y is None or p is None:
            if result.projects or not has_errors(result.findings):
                findings.append(Finding(
                    Severity.ERROR, "Không xác định được năm và kỳ báo cáo của tệp", result.file,
                    hint="Đặt tên tệp có năm và kỳ (vd. bac-kan-2018-6thang.xlsx), ghi kỳ ở dòng tiêu đề, "
                         "hoặc chạy với --year và --period.",
                ))
            continue
        if (year is None or y == year) and (period is None or p == period):
            groups[(y, p)].append(result)
    return groups, findings


def duplicate_findings(projects: list[Project]) -> list[Finding]:
    seen: dict[tuple, Project] = {}
    out = []
    for p in projects:
        key = (p.source, fold(p.name), fold(p.beneficiary), fold(p.place))
        if key in seen:
            first = seen[key]
            out.append(Finding(
                Severity.ERROR, f"Đề án “{p.name}” xuất hiện hai lần (lần đầu: {first.origin})",
                p.origin.file, p.origin.sheet, f"dòng {p.origin.row}",
                hint="Xóa dòng trùng ở một trong hai nơi để không tính kinh phí hai lần.",
            ))
        else:
            seen[key] = p
    return out


def build_report(data: ProvinceInputs, year: int, period: Period, files: list[FileResult], config: Config,
                 config_dir: Path, inputs: Path, outputs: Path, allow_errors: bool = False) -> ReportOutcome:
    outcome = ReportOutcome(data.slug, year, period, "failed")
    projects = [p for r in files for p in r.projects]
    outcome.findings = [f for r in files for f in r.findings] + duplicate_findings(projects)
    npath = narrative_path(data.folder, year, period)
    narrative, nfindings = load_narrative(npath, npath.relative_to(inputs).as_posix() if npath else "")
    outcome.findings += nfindings
    if has_errors(outcome.findings) and not allow_errors:
        outcome.reason = "dữ liệu đầu vào có lỗi (xem danh sách lỗi)"
        return outcome
    province, _ = config.province(data.slug)
    report = compute_report(projects, data.slug, year, period)
    try:
        rendered = render_report(report, province, narrative, config_dir / config.templates_dir)
    except TemplateProblem as exc:
        outcome.reason = str(exc)
        return outcome
    folder = outputs / data.slug / f"{year}-{period.value}"
    stem = f"{data.slug}-{year}-{period.value}"
    outcome.files = [folder / f"bao-cao-{stem}.docx", folder / f"phu-luc-{stem}.xlsx",
                     folder / "metrics.json", folder / "findings.json"]
    write_bytes(outcome.files[0], rendered.docx)
    write_bytes(outcome.files[1], rendered.appendix_xlsx)
    write_json(outcome.files[2], metrics(report))
    write_json(outcome.files[3], [f.to_dict() for f in outcome.findings])
    outcome.status = "written"
    return outcome

"""The batch run: every province folder in inputs/ -> one report per year and period found.

Each report is independent: a bad file or template fails that report only, with the reason.
A report whose inputs, config and templates did not change since it was written is skipped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline import __version__
from pipeline.app.manifest import (
    fingerprint,
    is_current,
    recorded_files,
    sha256,
    tree_hash,
    write_report_manifest,
)
from pipeline.compute import compare, compute_report, metrics, provenance
from pipeline.config import Config
from pipeline.core.files import write_bytes, write_json
from pipeline.core.findings import Finding, Severity, blocking
from pipeline.core.model import Ledger, Period
from pipeline.ingest import FileResult, ingest_file, is_spreadsheet, province_files
from pipeline.ingest.narrative import Narrative, load_narrative, narrative_path
from pipeline.ingest.repeats import Combined, combine_files
from pipeline.render.markup import TemplateProblem
from pipeline.render.pdf import PdfUnavailable, convert_to_pdf
from pipeline.render.report import render_report

LOCK_NAME = ".khuyencong.lock"


@dataclass
class ReportOutcome:
    province: str
    year: int | None
    period: Period | None
    status: str  # written | skipped | failed
    findings: list[Finding] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    reason: str = ""
    build: dict = field(default_factory=dict)  # fingerprint parts, for the manifest

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


@dataclass
class BatchOptions:
    inputs: Path
    outputs: Path
    config_path: Path
    year: int | None = None
    period: Period | None = None
    province: str | None = None
    allow_errors: bool = False
    force: bool = False
    pdf: bool = False


@dataclass
class BatchResult:
    outcomes: list[ReportOutcome]
    findings: list[Finding]  # every finding shown to the user, once
    pdf_error: str = ""
    unreadable: list[str] = field(default_factory=list)  # input files with no data that could be read


def province_folders(inputs: Path, only: str | None = None) -> list[Path]:
    folders = sorted(p for p in inputs.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    return [p for p in folders if only is None or p.name == only]


def stray_files(inputs: Path) -> list[Finding]:
    """Spreadsheets put straight into inputs/ belong to no province: say so rather than skip them quietly."""
    return [Finding(Severity.WARNING, "Bảng tính nằm ngoài thư mục tỉnh nên không được đọc", p.name,
                    hint="Chuyển tệp vào inputs/<tên-tỉnh>/, ví dụ inputs/bac-kan/.")
            for p in sorted(inputs.iterdir()) if p.is_file() and is_spreadsheet(p)]


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
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if any(is_spreadsheet(f) for f in sub.rglob("*")):
            findings.append(Finding(
                Severity.WARNING, f"Thư mục con “{sub.name}” có bảng tính nhưng không được đọc", f"{slug}/{sub.name}/",
                hint=f"Chỉ các tệp đặt trực tiếp trong {slug}/ được đọc; chuyển tệp cần dùng ra ngoài thư mục con.",
            ))
    results = [ingest_file(path, path.relative_to(inputs).as_posix(), config, slug) for path in files]
    return ProvinceInputs(slug, folder, results, findings)


def group_by_period(data: ProvinceInputs, year: int | None, period: Period | None
                    ) -> tuple[dict[tuple[int, Period], list[FileResult]], list[Finding]]:
    """Files grouped by the report they belong to (see pipeline.ingest.periods for the rule).

    A file whose year or period cannot be worked out, or is stated two ways, belongs to no report
    and gets an error finding: it is never merged into another period nor dropped quietly.
    """
    groups: dict[tuple[int, Period], list[FileResult]] = defaultdict(list)
    findings: list[Finding] = []
    for result in data.results:
        if result.not_data:  # named with its own failure; the other files' reports go on
            continue
        y, p, _, conflicts = file_period(data.results, result, year, period)
        if conflicts:
            findings.append(Finding(
                Severity.ERROR, "Kỳ báo cáo của tệp ghi không thống nhất: " + "; ".join(conflicts), result.file,
                hint="Sửa tên tệp hoặc dòng tiêu đề cho cùng một năm và kỳ báo cáo.", code="PERIOD_CONFLICT"))
            continue
        if y is None or p is None:
            missing = " và ".join(x for x, v in (("năm", y), ("kỳ (6 tháng, 9 tháng hay cả năm)", p)) if v is None)
            findings.append(Finding(
                Severity.ERROR, f"Không xác định được {missing} báo cáo của tệp nên tệp không được dùng", result.file,
                hint="Đặt tên tệp có năm và kỳ (vd. bac-kan-2018-6thang.xlsx), ghi kỳ ở dòng tiêu đề "
                     "(“6 tháng đầu năm 2018”), hoặc chạy với --year và --period.", code="PERIOD_UNKNOWN"))
            continue
        groups[(y, p)].append(result)
    return groups, findings


def file_period(results: list[FileResult], result: FileResult, year: int | None, period: Period | None
                ) -> tuple[int | None, Period | None, str, list[str]]:
    """The report one file of a province folder belongs to. When another file of the same year
    states the period asked for, a file that only implies its own (“… năm 2022”) is the other
    snapshot, not a second copy of that period."""
    own_year = result.period_for(year)[0]
    another = period is not None and any(
        other is not result and other.stated_period is period and other.period_for(year)[0] == own_year
        for other in results)
    return result.period_for(year, period, another)


def earlier_state(groups: dict[tuple[int, Period], list[FileResult]], year: int, period: Period
                  ) -> tuple[Period, list[FileResult]] | None:
    """For a year-end report: the latest earlier report of the same year in inputs/, if any."""
    if period is not Period.YEAR:
        return None
    for earlier in (Period.M9, Period.H1):
        if (year, earlier) in groups:
            return earlier, groups[(year, earlier)]
    return None


def report_folder(outputs: Path, slug: str, year: int, period: Period) -> Path:
    return outputs / slug / f"{year}-{period.value}"


def report_inputs(data: ProvinceInputs, year: int, period: Period, files: list[FileResult], inputs: Path
                  ) -> tuple[Combined, Narrative, Path | None]:
    """Everything one report is built from: its files put together (copies and repeats counted
    once), with all that is wrong in them, and the narrative file."""
    combined = combine_files(files)
    npath = narrative_path(data.folder, year, period)
    narrative, nfindings = load_narrative(npath, npath.relative_to(inputs).as_posix() if npath else "")
    combined.findings += nfindings
    return combined, narrative, npath


@dataclass
class FilePeriod:
    """The report a file was put in, and why (printed by `check`)."""

    file: str
    year: int | None
    period: Period | None
    why: str


@dataclass
class CheckResult:
    findings: list[Finding]
    ledgers: list[Ledger]
    periods: list[FilePeriod]
    dialects: dict[str, list[dict]]  # file -> the layout inferred for each table, ready for config


def check_inputs(config: Config, inputs: Path, province: str | None = None,
                 year: int | None = None, period: Period | None = None) -> CheckResult:
    """What `run` would find wrong, without rendering: per file, per report and per province."""
    out = CheckResult(stray_files(inputs) if province is None else [], [], [], {})
    for folder in province_folders(inputs, province):
        data = read_province(folder, inputs, config)
        groups, group_findings = group_by_period(data, year, period)
        out.findings += data.findings + group_findings
        grouped = {r.file for files in groups.values() for r in files}
        out.findings += [f for r in data.results if r.file not in grouped for f in r.findings]
        for (y, p), files in sorted(groups.items()):
            out.findings += report_inputs(data, y, p, files, inputs)[0].findings
        out.ledgers += data.ledgers
        for r in data.results:
            y, p, why, conflicts = file_period(data.results, r, year, period)
            out.periods.append(FilePeriod(r.file, y, p, "; ".join(conflicts) if conflicts else why or "không rõ"))
            if r.dialect:
                out.dialects[r.file] = r.dialect
    return out


def build_report(data: ProvinceInputs, year: int, period: Period, files: list[FileResult], config: Config,
                 opts: BatchOptions, templates_hash: str,
                 earlier: tuple[Period, list[FileResult]] | None = None) -> ReportOutcome:
    outcome = ReportOutcome(data.slug, year, period, "failed")
    combined, narrative, npath = report_inputs(data, year, period, files, opts.inputs)
    records, outcome.findings = combined.records, combined.findings
    stops = blocking(outcome.findings, opts.allow_errors)
    outcome.findings += [f for r in data.results if r.not_data and _stated_report(r, opts) in ((year, period), None)
                         for f in [*r.findings, Finding(
                             Severity.WARNING, "Tệp không có dữ liệu đọc được nên báo cáo lập từ các tệp còn lại; nếu "
                             "tệp này có đề án của kỳ, hãy thay bằng bản đọc được rồi chạy lại", r.file,
                             code="FILE_SKIPPED")]]
    if stops:
        outcome.reason = "dữ liệu đầu vào có lỗi (xem danh sách lỗi)" if not opts.allow_errors else \
            f"lỗi cả bảng, --allow-errors không bỏ qua được: {stops[0].format()}"
        return outcome
    if not len(records):
        outcome.reason = "không đọc được đề án nào (báo cáo không được lập với 0 đề án)"
        return outcome
    used = [r.file for r in files] + ([npath.relative_to(opts.inputs).as_posix()] if npath else [])
    used += [r.file for r in earlier[1]] if earlier else []
    outcome.build = fingerprint(opts.config_path, templates_hash,
                                {rel: sha256(opts.inputs / rel) for rel in used},
                                {"allow_errors": opts.allow_errors, "pdf": opts.pdf})
    folder = report_folder(opts.outputs, data.slug, year, period)
    if not opts.force and is_current(folder, outcome.build):
        outcome.status, outcome.files = "skipped", recorded_files(folder)
        return outcome
    province, _ = config.province(data.slug)
    comparison = None
    if earlier:
        comparison = compare(combine_files(earlier[1]).records, earlier[0], records, year)
    report = compute_report(records, data.slug, year, period, combined.plan, comparison)
    try:
        draft = opts.allow_errors and any(f.severity is Severity.ERROR for f in outcome.findings)
        rendered = render_report(report, province, narrative, opts.config_path.parent / config.templates_dir, draft)
    except TemplateProblem as exc:
        outcome.reason = str(exc)
        return outcome
    stem = f"{data.slug}-{year}-{period.value}"
    outcome.files = [folder / f"bao-cao-{stem}.docx", folder / f"phu-luc-{stem}.xlsx", folder / "metrics.json",
                     folder / "provenance.json", folder / "findings.json"]
    try:
        write_bytes(outcome.files[0], rendered.docx)
        write_bytes(outcome.files[1], rendered.appendix_xlsx)
        write_json(outcome.files[2], metrics(report).model_dump(mode="json"))
        write_json(outcome.files[3], provenance(report))
        write_json(outcome.files[4], [f.to_dict() for f in outcome.findings])
        if not opts.pdf:  # with --pdf the manifest waits until the PDF is there too
            write_report_manifest(folder, outcome.build, outcome.files)
    except OSError as exc:
        outcome.reason = (f"không ghi được {exc.filename or folder}: {exc.strerror} "
                          "(tệp có đang mở trong Word/Excel không?)")
        outcome.files = []
        return outcome
    outcome.status = "written"
    return outcome


def run_batch(config: Config, opts: BatchOptions, on_step: Callable[[str], None] = lambda _: None,
              lock_timeout: float = 600, on_wait: Callable[[], None] = lambda: None) -> BatchResult:
    """Reads, checks and renders every report asked for, under a lock on the outputs folder."""
    opts.outputs.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(opts.outputs / LOCK_NAME))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        on_wait()
        lock.acquire(timeout=lock_timeout)
    try:
        return _run_locked(config, opts, on_step)
    finally:
        lock.release()


def _stated_report(result: FileResult, opts: BatchOptions) -> tuple[int, Period] | None:
    y, p, _, conflicts = result.period_for(opts.year, opts.period)
    return (y, p) if y and p and not conflicts else None


def _unreadable_alone(data: ProvinceInputs, opts: BatchOptions, wanted: dict) -> list[ReportOutcome]:
    """Files with no data in them (broken, empty, not a spreadsheet) do not stop the report of
    the other files of their period (which names them); a period that has nothing else fails,
    naming them."""
    alone: dict[tuple[int, Period] | None, list[FileResult]] = defaultdict(list)
    for r in data.results:
        key = _stated_report(r, opts) if r.not_data else False
        if key is not False and key not in wanted and (key is None or (
                (opts.year is None or key[0] == opts.year) and (opts.period is None or key[1] == opts.period))):
            alone[key].append(r)
    return [ReportOutcome(data.slug, key[0] if key else None, key[1] if key else None, "failed",
                          reason="không có tệp nào đọc được: " + ", ".join(r.file for r in rs),
                          findings=[f for r in rs for f in r.findings]) for key, rs in alone.items()]


def remove_stale_temp_files(outputs: Path) -> None:
    """Temp files of a run that was killed while writing (only ever ours: ".<name>.<random>.tmp")."""
    for tmp in outputs.rglob(".*.tmp"):
        tmp.unlink(missing_ok=True)


def _run_locked(config: Config, opts: BatchOptions, on_step: Callable[[str], None]) -> BatchResult:
    remove_stale_temp_files(opts.outputs)
    templates_hash = tree_hash(opts.config_path.parent / config.templates_dir)
    outcomes: list[ReportOutcome] = []
    shown: list[Finding] = stray_files(opts.inputs) if opts.province is None else []
    unreadable: list[str] = []
    for folder in province_folders(opts.inputs, opts.province):
        on_step(folder.name)
        data = read_province(folder, opts.inputs, config)
        unreadable += [r.file for r in data.results if r.not_data]
        groups, group_findings = group_by_period(data, opts.year, opts.period)
        shown += data.findings + group_findings
        grouped = {r.file for files in groups.values() for r in files}
        for r in data.results:
            if r.file not in grouped and not r.not_data:  # no period: this file fails loudly instead of vanishing
                outcomes.append(ReportOutcome(data.slug, None, None, "failed",
                                              reason=f"tệp {r.file} không dùng được (không rõ kỳ báo cáo)",
                                              findings=[f for f in group_findings if f.file == r.file] + r.findings))
        wanted = {k: v for k, v in groups.items()
                  if (opts.year is None or k[0] == opts.year) and (opts.period is None or k[1] == opts.period)}
        outcomes += _unreadable_alone(data, opts, wanted)
        if not wanted and not any(o.province == data.slug for o in outcomes):
            reason = "không có bảng tính nào cho kỳ được chọn" if (opts.year or opts.period) else "không đọc được dữ liệu"
            outcomes.append(ReportOutcome(data.slug, opts.year, opts.period, "failed", reason=reason,
                                          findings=[f for r in data.results for f in r.findings]))
        for (y, p), files in sorted(wanted.items()):
            outcomes.append(build_report(data, y, p, files, config, opts, templates_hash, earlier_state(groups, y, p)))
    for o in outcomes:
        shown += [f for f in o.findings if f not in shown]
    result = BatchResult(outcomes, shown, unreadable=unreadable)
    written = [o for o in outcomes if o.status == "written"]
    if opts.pdf and written:
        try:
            pdfs = convert_to_pdf([o.files[0] for o in written])
        except PdfUnavailable as exc:
            pdfs, result.pdf_error = {}, str(exc)
        for o in written:
            if o.files[0] in pdfs:
                o.files.append(pdfs[o.files[0]])
            elif not result.pdf_error:
                result.pdf_error = f"LibreOffice không chuyển được {o.files[0].name} sang PDF."
        for o in written:
            if o.files[-1].suffix == ".pdf":
                write_report_manifest(o.files[0].parent, o.build, o.files)
    write_json(opts.outputs / "manifest.json", {
        "version": __version__,
        "config": str(opts.config_path),
        "reports": [{"province": o.province, "year": o.year, "period": o.period.value if o.period else None,
                     "status": o.status, "reason": o.reason,
                     "fingerprint": o.build.get("fingerprint"), "inputs": o.build.get("inputs", {}),
                     "config_sha256": o.build.get("config"), "templates_sha256": o.build.get("templates"),
                     "files": [f.relative_to(opts.outputs).as_posix() for f in o.files]}
                    for o in outcomes],
    })
    return result

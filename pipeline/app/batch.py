"""The batch run: every province folder in inputs/ -> one report per year and period found.

Each report is independent: a bad file or template fails that report only, with the reason.
A report whose inputs, config and templates did not change since it was written is skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout

from pipeline import __version__
from pipeline.app.manifest import (
    config_hash,
    edited_outputs,
    fingerprint,
    has_matching_pdf,
    keep_aside,
    recorded_files,
    sha256,
    state,
    templates_hash,
    write_report_manifest,
)
from pipeline.app.folders import misnamed_folders, province_folders, stray_files
from pipeline.config import Config, missing_signer
from pipeline.core.errors import CannotStart
from pipeline.core.files import FIXED_ZIP_TIME, normalized_zip, write_bytes, write_json
from pipeline.core.findings import Finding, Severity, blocking
from pipeline.core.model import Ledger, Period
from pipeline.core.textnorm import shown_name
from pipeline.render.paths import search_path

if TYPE_CHECKING:
    from pipeline.app.plan import PlannedReport, ProvinceInputs

# The reading, computing and rendering stack (pandas, openpyxl, python-docx, Jinja) is imported
# where a province is read or a report built: an unchanged run replays without it.

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
    notes: list[str] = field(default_factory=list)  # what the user should know (a kept hand-edited file, …)

    @property
    def label(self) -> str:
        if self.year is None or self.period is None:
            return "(không rõ kỳ)"
        return self.period.wording(self.year)


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
    manifest_error: str = ""


def _short(slug: str) -> str:
    """The province part of a report's file names, short enough for every file system's 255 bytes
    ("bao-cao-" + it + "-2025-6thang.sua-tay-9.docx"); the folder keeps the full name."""
    if len(slug.encode("utf-8")) <= 120:
        return slug
    return slug.encode("utf-8")[:100].decode("utf-8", "ignore") + "-" + hashlib.sha1(slug.encode("utf-8")).hexdigest()[:8]


def report_folder(outputs: Path, slug: str, year: int, period: Period) -> Path:
    return outputs / slug / f"{year}-{period.value}"


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
    results: list = field(default_factory=list)  # every FileResult read, for the annotated copies


def check_inputs(config: Config, inputs: Path, province: str | None = None,
                 year: int | None = None, period: Period | None = None) -> CheckResult:
    """What `run` would find wrong, without rendering: per file, per report and per province."""
    from pipeline.app.plan import file_period, plan_province

    out = CheckResult(stray_files(inputs) + misnamed_folders(inputs) if province is None else [], [], [], {})
    for folder in province_folders(inputs, province):
        plan = plan_province(folder, inputs, config, year, period)
        out.findings += plan.findings
        out.findings += [f for failure in plan.failures for f in failure.findings]
        for report in plan.reports:
            out.findings += [f for f in report.findings if f not in out.findings]
        data = plan.data
        out.results += data.results
        out.ledgers += data.ledgers
        for r in data.results:
            y, p, why, conflicts = file_period(data.results, r, year, period)
            out.periods.append(FilePeriod(r.file, y, p, "; ".join(conflicts) if conflicts else why or "không rõ"))
            if r.dialect:
                out.dialects[r.file] = r.dialect
    return out


def write_check_copies(result: CheckResult, folder: Path) -> list[Path]:
    """`check --doi-chieu`: one annotated copy per workbook read, before any report exists."""
    from pipeline.app.annotate import write_annotated

    periods = {p.file: p for p in result.periods}
    written = []
    for r in result.results:
        if not r.grids:
            continue
        p = periods.get(r.file)
        period = p.period.wording(p.year) if p and p.period and p.year else "chưa rõ"
        target = folder / Path(r.file).parent / f"{Path(r.file).stem}{'-' + r.part if r.part else ''}.doi-chieu.xlsx"
        written.append(write_annotated(target, [r], [f for f in result.findings if f.file == r.file],
                                       f"Đối chiếu: {r.file}", f"{period} ({p.why if p else 'không rõ'})",
                                       "chỉ kiểm tra, chưa lập báo cáo"))
    return written


def build_report(plan: PlannedReport, data: ProvinceInputs, config: Config, opts: BatchOptions) -> ReportOutcome:
    from pipeline.app.plan import unreadable_notes
    from pipeline.app.templates import province_template_issues
    from pipeline.compute import compare, compute_report, counted, provenance
    from pipeline.render.markup import TemplateProblem
    from pipeline.compute.dated_names import dated_issuer, district_places
    from pipeline.render.report import render_report, report_date

    year, period = plan.year, plan.period
    outcome = ReportOutcome(data.slug, year, period, "failed")
    records, outcome.findings = plan.combined.records, list(plan.findings)
    stops = blocking(outcome.findings, opts.allow_errors)
    outcome.findings += unreadable_notes(data, (year, period), opts.year, opts.period)
    earlier = plan.earlier
    if earlier and earlier.problem:
        outcome.findings.append(Finding(
            Severity.WARNING, f"Không so sánh với báo cáo {earlier.period.wording(year)} vì {earlier.problem}",
            data.slug + "/", code="NO_COMPARISON", hint="Sửa số liệu của kỳ đó rồi chạy lại để báo cáo năm có phần so sánh."))
    if stops:
        outcome.reason = "dữ liệu đầu vào có lỗi (xem danh sách lỗi)" if not opts.allow_errors else \
            f"lỗi cả bảng, --allow-errors không bỏ qua được: {stops[0].format()}"
        return _failed(outcome, opts, plan)
    if not len(records):
        outcome.reason = "không đọc được đề án nào (báo cáo không được lập với 0 đề án)"
        return _failed(outcome, opts, plan)
    # the digests of the bytes the figures were read from (a file saved again meanwhile is another version)
    used = {r.file: r.digest for r in plan.files + (earlier.combined.files if earlier else [])}
    if plan.narrative_path:
        used[shown_name(plan.narrative_path.relative_to(opts.inputs).as_posix())] = sha256(plan.narrative_path)
    templates_dir = opts.config_path.parent / config.templates_dir
    province, listed = config.province(data.slug)
    outcome.build = fingerprint(config_hash(config, data.slug),
                                templates_hash(search_path(templates_dir), province.templates or f"provinces/{data.slug}"),
                                used, {"allow_errors": opts.allow_errors})
    folder = report_folder(opts.outputs, data.slug, year, period)
    built = state(folder, outcome.build)
    if not opts.force and built in ("current", "edited"):
        outcome.status, outcome.files = "skipped", [f for f in recorded_files(folder) if f.is_file()]
        if built == "edited":
            outcome.notes.append("báo cáo đã được sửa bằng tay sau lần lập trước và số liệu không đổi nên giữ nguyên "
                                 "(chạy với --force để lập lại; bản sửa tay khi đó được giữ bên cạnh)")
        return outcome
    template_issues = province_template_issues(config, templates_dir, data.slug)
    outcome.findings += [Finding(Severity.WARNING, i.message, data.slug + "/", code="TEMPLATE")
                         for i in template_issues if i.severity == "warning"]
    errors = [i.message for i in template_issues if i.severity == "error"]
    if errors:
        outcome.reason = errors[0]
        return _failed(outcome, opts, plan)
    comparison = None
    if earlier and earlier.problem:  # never compared with figures that are not right yet; the report says so
        comparison = {"period_text": earlier.period.wording(year), "unavailable": earlier.problem}
    elif earlier:
        comparison = compare(counted(earlier.combined.records, province.counting), earlier.period,
                             counted(records, province.counting), year)
    report = compute_report(records, data.slug, year, period, plan.combined.plan, comparison, province.counting)
    on = report_date(report.year, report.period, plan.narrative)
    province, dated = dated_issuer(province, f"provinces.{data.slug}", on, data.slug, config)
    outcome.findings += (dated + district_places([e.model_dump() for e in report.total.entries], on)
                         + (missing_signer(province, f"provinces.{data.slug}") if listed else []))  # unlisted: said once already
    try:
        draft = opts.allow_errors and any(f.severity is Severity.ERROR for f in outcome.findings)
        rendered = render_report(report, province, plan.narrative, templates_dir, draft)
    except TemplateProblem as exc:
        outcome.reason = str(exc)
        return _failed(outcome, opts, plan)
    stem = f"{_short(data.slug)}-{year}-{period.value}"
    outcome.files = [folder / f"bao-cao-{stem}.docx", folder / f"phu-luc-{stem}.xlsx", folder / "metrics.json",
                     folder / "provenance.json", folder / "findings.json"]
    try:
        for edited in edited_outputs(folder):  # a report edited by hand is never overwritten
            kept = keep_aside(edited)
            outcome.notes.append(f"{edited.name} đã được sửa bằng tay nên được giữ lại thành {kept.name}")
        stale_pdf = outcome.files[0].with_suffix(".pdf")
        if stale_pdf.exists():  # a PDF always matches its .docx: the new one is made, or the old one goes
            stale_pdf.unlink()
        write_bytes(outcome.files[0], rendered.docx)
        write_bytes(outcome.files[1], rendered.appendix_xlsx)
        write_json(outcome.files[2], report.metrics().model_dump(mode="json"))
        write_json(outcome.files[3], provenance(report))
        write_json(outcome.files[4], [f.to_dict() for f in outcome.findings])
        outcome.files += _annotated(folder, plan, outcome, "đã lập", report)
        write_report_manifest(folder, outcome.build, outcome.files)
    except OSError as exc:
        outcome.reason = (f"không ghi được {exc.filename or folder}: {exc.strerror} "
                          "(tệp có đang mở trong Word/Excel không?)")
        outcome.files = []
        return outcome
    outcome.status = "written"
    return outcome


def _pdfs(outcomes: list[ReportOutcome]) -> str:
    """PDFs for the reports written now and for unchanged ones that have none yet (or an old one),
    in one LibreOffice run; each PDF is recorded with its .docx. Returns what went wrong, or ""."""
    from pipeline.render.pdf import PdfUnavailable, convert_to_pdf

    needed = [o for o in outcomes if o.status in ("written", "skipped") and o.files
              and not has_matching_pdf(o.files[0].parent, o.files[0])]
    if not needed:
        return ""
    try:
        pdfs = convert_to_pdf([o.files[0] for o in needed])
    except PdfUnavailable as exc:
        return str(exc)
    problem = ""
    for o in needed:
        if o.files[0] in pdfs:
            o.files = [f for f in o.files if f.suffix != ".pdf"] + [pdfs[o.files[0]]]
            write_report_manifest(o.files[0].parent, {k: v for k, v in o.build.items()} or
                                  _recorded_parts(o.files[0].parent), o.files)
        elif not problem:
            problem = f"LibreOffice không chuyển được {o.files[0].name} sang PDF."
    return problem


def _recorded_parts(folder: Path) -> dict:
    from pipeline.app.manifest import MANIFEST

    try:
        recorded = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in recorded.items() if k not in ("files", "status")}


def _annotated(folder: Path, plan: PlannedReport, outcome: ReportOutcome, result: str,
               report: dict | None = None) -> list[Path]:
    """doi-chieu.xlsx: the report's workbooks as they were read, its findings on their cells and,
    when the report was made, each figure linked to the cells it was summed from. A fault while
    writing it is said and never costs the report itself."""
    from pipeline.app.annotate import write_annotated
    from pipeline.compute import provenance

    period_text = plan.period.wording(plan.year)
    files = ", ".join(r.file for r in plan.files)
    try:
        return [write_annotated(
            folder / ANNOTATED, plan.files, outcome.findings, f"Đối chiếu: báo cáo {period_text} của {plan.slug}",
            f"{period_text}, đọc từ {files}", result, report, provenance(report) if report else None,
            dt.datetime.combine(dt.date(*plan.period.as_of(plan.year)), dt.time(8, 0)))]
    except OSError:
        raise
    except Exception as exc:  # noqa: BLE001 - the copy is an aid; the report stands without it
        outcome.notes.append(f"không ghi được bản đối chiếu {ANNOTATED} ({type(exc).__name__})")
        return []


ANNOTATED = "doi-chieu.xlsx"


def _failed(outcome: ReportOutcome, opts: BatchOptions, plan: PlannedReport | None = None) -> ReportOutcome:
    """A report that cannot be made still gets its findings.json (what is wrong now, not what was
    wrong at the last good build) and its annotated copy, and its manifest says so: an earlier
    report left in the folder is never taken for current."""
    if outcome.year is None or outcome.period is None:
        return outcome
    folder = report_folder(opts.outputs, outcome.province, outcome.year, outcome.period)
    findings = folder / "findings.json"
    try:
        write_json(findings, [f.to_dict() for f in outcome.findings])
        written = [findings]
        if plan is not None:
            written += _annotated(folder, plan, outcome, f"không lập được: {outcome.reason}")
        write_report_manifest(folder, {**outcome.build, "reason": outcome.reason},
                              [p for p in recorded_files(folder) if p.is_file() and p not in written] + written,
                              status="failed")
    except OSError:
        pass  # the console already says why the report failed; a read-only outputs folder is told at the lock
    return outcome


def run_batch(config: Config, opts: BatchOptions, on_step: Callable[[str], None] = lambda _: None,
              lock_timeout: float = 600, on_wait: Callable[[], None] = lambda: None) -> BatchResult:
    """Reads, checks and renders every report asked for, under a lock on the outputs folder."""
    lock = _outputs_lock(opts.outputs)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        on_wait()
        lock.acquire(timeout=lock_timeout)
    except OSError as exc:
        raise CannotStart(f"Không ghi được vào thư mục kết quả {opts.outputs} ({exc.strerror}); thư mục chỉ cho "
                          "đọc hay hết chỗ trống? Chọn thư mục khác bằng --outputs.") from None
    try:
        return _run_locked(config, opts, on_step)
    finally:
        lock.release()


def _outputs_lock(outputs: Path) -> FileLock:
    if outputs.exists() and not outputs.is_dir():
        raise CannotStart(f"{outputs} là một tệp, không phải thư mục; --outputs phải là thư mục kết quả.")
    try:
        outputs.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CannotStart(f"Không tạo được thư mục kết quả {outputs} ({exc.strerror}).") from None
    return FileLock(str(outputs / LOCK_NAME))


def remove_stale_temp_files(outputs: Path) -> None:
    """Temp files of a run that was killed while writing (only ever ours: ".<name>.<random>.tmp")."""
    for tmp in outputs.rglob(".*.tmp"):
        tmp.unlink(missing_ok=True)


def workers_for(jobs: int) -> int:
    """Processes for a batch: one per core (the reports of one province are built together), at
    most 4; KHUYENCONG_WORKERS=1 builds everything in this process."""
    wanted = os.environ.get("KHUYENCONG_WORKERS", "")
    count = int(wanted) if wanted.isdigit() and int(wanted) > 0 else min(os.cpu_count() or 1, 4)
    return max(1, min(count, jobs if jobs >= 3 else 1))


def _each_province(config: Config, opts: BatchOptions, on_step: Callable[[str], None]):
    """(folders, results) with each province read and built, in folder order whatever order the
    workers finish in, so every output and message is the same as a one-process run. Provinces
    whose last run still holds are replayed here, without a worker."""
    folders = province_folders(opts.inputs, opts.province)
    keys = {folder: _province_key(folder, config, opts) for folder in folders}
    done = {folder: replayed for folder in folders
            if not opts.force and (replayed := _replay(_stamp(opts, folder), keys[folder])) is not None}
    todo = [folder for folder in folders if folder not in done]
    workers = workers_for(len(todo))
    if workers == 1:
        for folder in folders:
            on_step(folder.name)
            if folder not in done:
                done[folder] = _built(folder, config, opts, keys[folder])
        return folders, [done[f] for f in folders]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        futures = {folder: pool.submit(_built, folder, config, opts, keys[folder]) for folder in todo}
        for folder in folders:
            on_step(folder.name)
            if folder in futures:
                done[folder] = futures[folder].result()
    return folders, [done[f] for f in folders]


def _die_with_parent(parent: int) -> None:
    """A worker ends when the run that started it is killed: it never goes on writing reports
    that run no longer accounts for (Linux; elsewhere the worker ends after its province)."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


PROVINCE_STAMP = ".lan-chay-truoc.json"


def _stamp(opts: BatchOptions, folder: Path) -> Path:
    return opts.outputs / folder.name / PROVINCE_STAMP


def _built(folder: Path, config: Config, opts: BatchOptions, key: str
           ) -> tuple[list[Finding], list[ReportOutcome], list[str]]:
    """One province read and each of its reports built: (findings to show, outcomes, unreadable
    files); what it gave is kept beside its reports, so that an unchanged next run replays it
    (every input file's bytes, its config block, its templates, the options and this version
    make the key; every report must still be as written)."""
    result = _province_job(folder, config, opts)
    try:
        write_json(_stamp(opts, folder), {"key": key, "findings": [_finding_json(f) for f in result[0]],
                                          "outcomes": [_outcome_json(o, opts.outputs) for o in result[1]],
                                          "unreadable": result[2]})
    except OSError:
        pass  # the next run reads the workbooks again
    return result


def _province_key(folder: Path, config: Config, opts: BatchOptions) -> str:
    province, _ = config.province(folder.name)
    templates_dir = opts.config_path.parent / config.templates_dir
    files = sorted((shown_name(p.relative_to(folder).as_posix()), sha256(p)) for p in folder.rglob("*") if p.is_file())
    parts = [__version__, config_hash(config, folder.name),
             templates_hash(search_path(templates_dir), province.templates or f"provinces/{folder.name}"),
             files, opts.year, opts.period.value if opts.period else None, opts.allow_errors]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def _replay(stamp: Path, key: str):
    try:
        last = json.loads(stamp.read_text(encoding="utf-8"))
        if last.get("key") != key:
            return None
        outcomes = [_outcome_from(o, stamp.parent.parent) for o in last["outcomes"]]
        findings = [_finding_from(f) for f in last["findings"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    for o in outcomes:
        if o.status != "failed" and (not o.files or state(o.files[0].parent, o.build) != "current"):
            return None  # a report was removed or edited since: build it as a changed one is built
        if o.status != "failed":
            o.status = "skipped"
    return findings, outcomes, list(last["unreadable"])


def _finding_json(f: Finding) -> dict:
    return {**asdict(f), "severity": f.severity.value}


def _finding_from(d: dict) -> Finding:
    return Finding(**{**d, "severity": Severity(d["severity"])})


def _outcome_json(o: ReportOutcome, outputs: Path) -> dict:
    return {"province": o.province, "year": o.year, "period": o.period.value if o.period else None,
            "status": o.status, "findings": [_finding_json(f) for f in o.findings],
            "files": [f.relative_to(outputs).as_posix() for f in o.files], "reason": o.reason, "build": o.build}


def _outcome_from(d: dict, outputs: Path) -> ReportOutcome:
    return ReportOutcome(d["province"], d["year"], Period(d["period"]) if d["period"] else None, d["status"],
                         [_finding_from(f) for f in d["findings"]], [outputs / f for f in d["files"]],
                         d["reason"], d["build"])


def _province_job(folder: Path, config: Config, opts: BatchOptions
                  ) -> tuple[list[Finding], list[ReportOutcome], list[str]]:
    from pipeline.app.plan import plan_province

    try:
        plan = plan_province(folder, opts.inputs, config, opts.year, opts.period, opts.allow_errors)
    except Exception as exc:  # noqa: BLE001 - one province's unexpected failure never stops the others
        return [], [ReportOutcome(folder.name, None, None, "failed", [], reason=(
            f"lỗi ngoài dự kiến khi đọc dữ liệu của tỉnh ({type(exc).__name__}); các tỉnh khác vẫn được lập"))], []
    outcomes = [ReportOutcome(plan.slug, f.year, f.period, "failed", f.findings, reason=f.reason)
                for f in plan.failures]
    for report in plan.reports:
        try:
            outcomes.append(build_report(report, plan.data, config, opts))
        except Exception as exc:  # one report's unexpected failure never stops the others
            outcomes.append(ReportOutcome(plan.slug, report.year, report.period, "failed", report.findings,
                                          reason=f"lỗi ngoài dự kiến khi lập báo cáo ({type(exc).__name__}: {exc})"))
    return plan.findings, outcomes, [r.file for r in plan.data.results if r.not_data]


def _run_locked(config: Config, opts: BatchOptions, on_step: Callable[[str], None]) -> BatchResult:
    remove_stale_temp_files(opts.outputs)
    outcomes: list[ReportOutcome] = []
    shown: list[Finding] = stray_files(opts.inputs) if opts.province is None else []
    unreadable: list[str] = []
    if opts.province is None:
        misnamed = misnamed_folders(opts.inputs)
        shown += misnamed
        unreadable += [f.file for f in misnamed]
    for folder, (found, made, unread) in zip(*_each_province(config, opts, on_step)):
        shown += found
        outcomes += made
        unreadable += unread
    for o in outcomes:
        shown += [f for f in o.findings if f not in shown]
    result = BatchResult(outcomes, shown, unreadable=unreadable)
    if opts.pdf:
        result.pdf_error = _pdfs(outcomes)
    try:
        _write_manifest(opts, outcomes)
        write_summary(opts.outputs, outcomes)
    except OSError as exc:  # the reports are written; the console still shows each one's outcome
        result.manifest_error = f"không ghi được {exc.filename or opts.outputs / 'manifest.json'} ({exc.strerror})"
    return result


SUMMARY_LINKS = (("Báo cáo", "bao-cao-", ".docx"), ("PDF", "bao-cao-", ".pdf"), ("Phụ lục", "phu-luc-", ".xlsx"),
                 ("Đối chiếu", "doi-chieu", ".xlsx"), ("Các vấn đề", "findings", ".json"))


def write_summary(outputs: Path, outcomes: list[ReportOutcome]) -> None:
    """tom-tat.xlsx and tom-tat.html: every report of this run, with links to its files."""
    from pipeline.render.batch_summary import SummaryRow, summary_html, summary_xlsx

    rows = []
    for o in outcomes:
        errors = [f for f in o.findings if f.severity is Severity.ERROR]
        folder = report_folder(outputs, o.province, o.year, o.period) if o.year and o.period else None
        present = sorted(p for p in folder.iterdir() if p.is_file()) if folder and folder.is_dir() else []
        links = [(label, p.relative_to(outputs).as_posix()) for label, start, suffix in SUMMARY_LINKS
                 for p in present if p.name.startswith(start) and p.suffix == suffix and ".sua-tay-" not in p.name]
        rows.append(SummaryRow(
            o.province, o.period.wording(o.year) if o.year and o.period else "—", o.status, len(errors),
            sum(f.severity is Severity.WARNING for f in o.findings),
            (errors[0].format() if errors else o.reason if o.status == "failed" else ""), links))
    title = "Tóm tắt lần chạy: các báo cáo và tình trạng"
    html_bytes = summary_html(rows, title).encode("utf-8")
    html_path, xlsx_path = outputs / "tom-tat.html", outputs / "tom-tat.xlsx"
    # the page says everything the workbook says: the same page as last time means the same workbook
    if xlsx_path.is_file() and html_path.is_file() and html_path.read_bytes() == html_bytes:
        return
    write_bytes(xlsx_path, normalized_zip(summary_xlsx(rows, title), stamp=dt.datetime(*FIXED_ZIP_TIME)))
    write_bytes(html_path, html_bytes)


def _write_manifest(opts: BatchOptions, outcomes: list[ReportOutcome]) -> None:
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

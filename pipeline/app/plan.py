"""Which reports exist and what each is built from, decided once for `check`, `run`, `watch` and
`tong-hop` alike.

Per province folder: its files are read, each file is put in the report of its year and period
(pipeline.ingest.periods states the rule), the files of one report are put together (copies and
repeats counted once), and the narrative file and the earlier report of the same year are
found. What cannot become a report (a file without a period, a period whose only files hold no
data) is a failure with its reason; nothing is dropped quietly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Config
from pipeline.core.findings import Finding, Severity, blocking
from pipeline.core.model import Ledger, Period
from pipeline.core.textnorm import shown_name, suggest
from pipeline.app.folders import skipped_files
from pipeline.ingest import FileResult, ingest_file, is_spreadsheet, province_files, split_by_period
from pipeline.ingest.narrative import Narrative, load_narrative, narrative_path
from pipeline.ingest.repeats import Combined, combine_files

Key = tuple[int, Period]


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
class Earlier:
    """The latest earlier report of the same year, for a year-end report to compare with."""

    period: Period
    combined: Combined
    problem: str = ""  # why it cannot be compared with (its inputs have errors); "" when it can


@dataclass
class PlannedReport:
    slug: str
    year: int
    period: Period
    files: list[FileResult]
    combined: Combined  # the records, each once, and every finding of the report's inputs
    narrative: Narrative
    narrative_path: Path | None
    earlier: Earlier | None = None

    @property
    def findings(self) -> list[Finding]:
        return self.combined.findings


@dataclass
class Failure:
    """A report that cannot be made, or a file that belongs to none."""

    year: int | None
    period: Period | None
    reason: str
    findings: list[Finding] = field(default_factory=list)


@dataclass
class ProvincePlan:
    data: ProvinceInputs
    reports: list[PlannedReport]  # the reports asked for
    failures: list[Failure]
    findings: list[Finding]  # about the province and the grouping of its files
    groups: dict[Key, list[FileResult]] = field(default_factory=dict)  # every report its files make

    @property
    def slug(self) -> str:
        return self.data.slug


def read_province(folder: Path, inputs: Path, config: Config) -> ProvinceInputs:
    slug = folder.name
    findings: list[Finding] = []
    _, listed = config.province(slug)
    if not listed:
        findings.append(Finding(
            Severity.WARNING, f"Tỉnh “{slug}” chưa có trong config.yaml{suggest(slug, config.provinces)}; dùng tên, "
            "người ký và nơi nhận mặc định",
            f"{slug}/", hint=f"Thêm mục provinces.{slug} vào config.yaml để ghi đúng người ký, nơi nhận.",
        ))
    files = province_files(folder)
    findings += skipped_files(folder, slug)
    outside = [p for p in files if not p.resolve().is_relative_to(inputs.resolve())]
    files = [p for p in files if p not in outside]
    findings += [Finding(Severity.WARNING, "Tệp là liên kết trỏ ra ngoài thư mục đầu vào nên không được đọc",
                         shown_name(p.relative_to(inputs).as_posix()), code="FILE_OUTSIDE",
                         hint="Chép chính tệp đó vào thư mục của tỉnh.") for p in outside]
    if not files:
        findings.append(Finding(Severity.ERROR, "Thư mục tỉnh không có bảng tính nào (.xlsx, .xls, .ods, .csv)", f"{slug}/"))
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if any(is_spreadsheet(f) for f in sub.rglob("*")):
            findings.append(Finding(
                Severity.WARNING, f"Thư mục con “{sub.name}” có bảng tính nhưng không được đọc", f"{slug}/{sub.name}/",
                hint=f"Chỉ các tệp đặt trực tiếp trong {slug}/ được đọc; chuyển tệp cần dùng ra ngoài thư mục con.",
            ))
    results = [part for path in files
               for part in split_by_period(ingest_file(path, shown_name(path.relative_to(inputs).as_posix()), config, slug))]
    return ProvinceInputs(slug, folder, results, findings)


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


def group_by_period(data: ProvinceInputs, year: int | None, period: Period | None
                    ) -> tuple[dict[Key, list[FileResult]], list[Finding]]:
    """Files grouped by the report they belong to. A file whose year or period cannot be worked
    out, or is stated two ways, belongs to no report and gets an error finding: it is never
    merged into another period nor dropped quietly. A file with no data goes to no report."""
    groups: dict[Key, list[FileResult]] = defaultdict(list)
    findings: list[Finding] = []
    for result in data.results:
        if result.not_data:
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
    return dict(groups), findings


def _stated_report(result: FileResult, year: int | None, period: Period | None) -> Key | None:
    y, p, _, conflicts = result.period_for(year, period)
    return (y, p) if y and p and not conflicts else None


def _asked(key: Key | None, year: int | None, period: Period | None) -> bool:
    return key is None or ((year is None or key[0] == year) and (period is None or key[1] == period))


def unreadable_notes(data: ProvinceInputs, key: Key, year: int | None, period: Period | None) -> list[Finding]:
    """For a report built beside files with no data of its period (or of no known period):
    their errors, and a warning that the report is built from the other files."""
    return [f for r in data.results if r.not_data and _stated_report(r, year, period) in (key, None)
            for f in [*r.findings, Finding(
                Severity.WARNING, "Tệp không có dữ liệu đọc được nên báo cáo lập từ các tệp còn lại; nếu tệp này có "
                "đề án của kỳ, hãy thay bằng bản đọc được rồi chạy lại", r.file, code="FILE_SKIPPED")]]


def _failures(data: ProvinceInputs, groups: dict[Key, list[FileResult]], wanted: set[Key],
              group_findings: list[Finding], year: int | None, period: Period | None) -> list[Failure]:
    grouped = {r.file for files in groups.values() for r in files}
    out = [Failure(None, None, f"tệp {r.file} không dùng được (không rõ kỳ báo cáo)",
                   [f for f in group_findings if f.file == r.file] + r.findings)
           for r in data.results if r.file not in grouped and not r.not_data]
    alone: dict[Key | None, list[FileResult]] = defaultdict(list)
    for r in data.results:
        key = _stated_report(r, year, period) if r.not_data else False
        if key is not False and key not in wanted and _asked(key, year, period):
            alone[key].append(r)
    out += [Failure(key[0] if key else None, key[1] if key else None,
                    "không có tệp nào đọc được: " + ", ".join(r.file for r in rs), [f for r in rs for f in r.findings])
            for key, rs in alone.items()]
    if not wanted and not out:
        asked = year is not None or period is not None
        out.append(Failure(year, period, "không có bảng tính nào cho kỳ được chọn" if asked else "không đọc được dữ liệu",
                           [f for r in data.results for f in r.findings]))
    return out


def _earlier(built: dict[Key, PlannedReport], year: int, period: Period, allow_errors: bool) -> Earlier | None:
    """A year-end report compares with the 9-month (else the 6-month) report of its year, when
    inputs/ holds it; one whose inputs have errors is never compared with, and that is said."""
    if period is not Period.YEAR:
        return None
    for earlier in (Period.M9, Period.H1):
        if (year, earlier) in built:
            combined = built[(year, earlier)].combined
            stops = blocking(combined.findings, allow_errors)
            problem = f"số liệu {earlier.wording(year)} còn lỗi ({stops[0].format()})" if stops else ""
            return Earlier(earlier, combined, problem)
    return None


def report_inputs(data: ProvinceInputs, year: int, period: Period, files: list[FileResult], inputs: Path
                  ) -> tuple[Combined, Narrative, Path | None]:
    """Everything one report is built from: its files put together (copies and repeats counted
    once), with all that is wrong in them, and the narrative file."""
    combined = combine_files(files)
    npath = narrative_path(data.folder, year, period)
    narrative, nfindings = load_narrative(npath, npath.relative_to(inputs).as_posix() if npath else "")
    if npath and npath.suffix == ".md" and npath.with_suffix(".txt").is_file():
        nfindings.append(Finding(Severity.WARNING, f"Có cả {npath.name} và {npath.with_suffix('.txt').name}: báo cáo "
                                 f"dùng {npath.name}, tệp .txt không được đọc", npath.relative_to(inputs).as_posix(),
                                 code="NARRATIVE_TWICE", hint="Xóa hoặc đổi tên tệp không dùng."))
    combined.findings += nfindings
    return combined, narrative, npath


def plan_province(folder: Path, inputs: Path, config: Config, year: int | None = None,
                  period: Period | None = None, allow_errors: bool = False) -> ProvincePlan:
    data = read_province(folder, inputs, config)
    groups, group_findings = group_by_period(data, year, period)
    wanted = {k for k in groups if _asked(k, year, period)}
    needed = wanted | {(y, p) for y, _ in wanted for p in (Period.H1, Period.M9) if (y, p) in groups}
    built = {key: PlannedReport(data.slug, *key, groups[key], *report_inputs(data, *key, groups[key], inputs))
             for key in sorted(needed)}
    for report in built.values():
        report.earlier = _earlier(built, report.year, report.period, allow_errors)
    others = [Finding(Severity.INFO, f"Tệp thuộc báo cáo {key[1].wording(key[0])}, không thuộc kỳ được chọn nên lần này "
                                     "không dùng", r.file, code="FILE_OTHER_PERIOD")
              for key, files in sorted(groups.items()) if key not in wanted for r in files]
    return ProvincePlan(data, [built[k] for k in sorted(wanted)],
                        _failures(data, groups, wanted, group_findings, year, period),
                        data.findings + group_findings + others, groups)

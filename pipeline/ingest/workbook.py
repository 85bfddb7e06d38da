"""One spreadsheet file -> its records, findings and row ledgers (the steps in pipeline.ingest)."""

from __future__ import annotations

import gc
import hashlib
import re
import statistics
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.config import Config
from pipeline.config.vocab import source_in, source_patterns
from pipeline.core.findings import Finding, Severity, cell_ref
from pipeline.core.model import MONEY_FIELDS, Ledger, Period, Role, RowRole, Source
from pipeline.core.textnorm import clean, fold
from pipeline.core.vnformat import dong
from pipeline.ingest import records as rec
from pipeline.ingest.decode import (
    ENCODINGS,
    LABELS,
    best_reading,
    decode_grid,
    suspicious,
)
from pipeline.ingest.grids import (
    KIND_NAMES,
    SUFFIX_KINDS,
    Grid,
    WorkbookError,
    is_spreadsheet,
    read_grids,
    sniff,
)
from pipeline.ingest.periods import (
    Stated,
    combine,
    from_filename,
    from_title,
    implied_year_end,
    show,
)
from pipeline.ingest.roles import TableContext, TableReader
from pipeline.ingest.status import legend_codes
from pipeline.ingest.summaries import Summary, disagreements, find_summary
from pipeline.ingest.tables import (
    FIELD_LABELS,
    Header,
    aliases_for,
    describe_layout,
    locate_headers,
)
from pipeline.ingest.values import MAX_DONG, UNIT_FACTORS, UNIT_LABELS, AmountError, parse_number

__all__ = ["FileResult", "ingest_file", "province_files", "is_spreadsheet", "split_by_period"]

INSTRUCTION_SHEETS = ("huong dan", "ghi chu", "chu thich")
LIST_SHEETS = ("danh muc",)  # the lists behind drop-downs, or a "Danh mục đề án": read when it holds a table
PLAN_SHEET_PREFIXES = ("ke hoach", "dang ky")  # next year's registered đề án
PLAUSIBLE = (1_000_000, 20_000_000_000)  # possible median support for one đề án, đồng
TYPICAL = (20_000_000, 3_000_000_000)  # usual median: settles a table whose numbers fit two units
_LEGEND_MARK = re.compile("[:=\\-–]")  # "X: Đã hoàn thành", "HT = hoàn thành": a line of a legend


@dataclass
class FileResult:
    file: str
    stated: list[Stated] = field(default_factory=list)  # year/period stated by the name and titles
    records: pd.DataFrame = field(default_factory=rec.empty)
    findings: list[Finding] = field(default_factory=list)
    ledgers: list[Ledger] = field(default_factory=list)
    dialect: list[dict[str, Any]] = field(default_factory=list)  # the layout inferred, per table
    digest: str = ""  # sha256 of the bytes read (and of the part, for one period of several)
    part: str = ""  # the sheets of one period, when the workbook holds several periods
    has_numbers: bool = False  # some cell holds a number: the file may be data even when no table is found
    grids: list[Grid] = field(default_factory=list, repr=False)  # the sheets as read (for the annotated copy)

    @property
    def not_data(self) -> bool:
        """The file holds no data at all: not a spreadsheet, broken, empty, or a form without a
        single number. It is named, and the reports of the other files go on without it."""
        codes = {f.code for f in self.findings if f.severity is Severity.ERROR}
        return bool(codes & {"FILE_UNREADABLE", "FILE_EMPTY"}) or (
            bool(codes & {"NO_TABLE", "NO_RECORDS"}) and not self.has_numbers and self.reported.empty)

    def period_for(self, year: int | None = None, period: Period | None = None, prefer_stated: bool = False
                   ) -> tuple[int | None, Period | None, str, list[str]]:
        return combine(self.stated, year, period, prefer_stated)

    @property
    def stated_period(self) -> Period | None:
        """The period the file states itself (not only implies), when it states one way."""
        periods = {s.period for s in self.stated if s.period and not s.weak}
        return periods.pop() if len(periods) == 1 else None

    @property
    def reported(self) -> pd.DataFrame:
        """The records the report counts (not next year's registrations)."""
        return self.records[~self.records["plan"].fillna(False)]

    @property
    def plan(self) -> pd.DataFrame:
        """Registrations for a later year (a "Kế hoạch" / "Đăng ký" sheet)."""
        return self.records[self.records["plan"].fillna(False)]


def split_by_period(result: FileResult) -> list[FileResult]:
    """One workbook that keeps a full table per period ("6 tháng 2023", "Cả năm 2023"), each
    sheet stating its own, is read as one file per period: a person takes the sheet of the
    period asked for. What no sheet states (the file name, sheets without data) goes with every
    part; anything less clear stays one file, and its conflict is reported as before."""
    data_sheets = sorted({str(s) for s in result.records.loc[~result.records["plan"].fillna(False), "sheet"]})
    own: dict[str, set[Period]] = {sheet: {s.period for s in result.stated if s.sheet == sheet and s.period
                                           and not s.weak} for sheet in data_sheets}
    if len(data_sheets) < 2 or any(len(p) != 1 for p in own.values()) or len({p for ps in own.values() for p in ps}) < 2:
        return [result]
    periods = sorted({next(iter(p)) for p in own.values()}, key=list(Period).index)
    parts = []
    for period in periods:
        sheets = {sheet for sheet, p in own.items() if period in p}
        others = set(data_sheets) - sheets
        records = result.records[~result.records["sheet"].isin(others)].reset_index(drop=True)
        label = ", ".join(f"“{x}”" for x in sorted(sheets))
        parts.append(replace(
            result, stated=[s for s in result.stated if s.sheet not in others], records=records,
            findings=[f for f in result.findings if f.sheet not in others] + [Finding(
                Severity.INFO, f"Tệp có bảng của nhiều kỳ; trang {label} được dùng cho báo cáo {show(period)}",
                result.file, sorted(sheets)[0], code="FILE_PERIOD_SHEETS")],
            ledgers=[x for x in result.ledgers if x.sheet not in others],
            dialect=[d for d in result.dialect if d["sheet"] not in others],
            digest=hashlib.sha256(f"{result.digest}:{label}".encode()).hexdigest(), part=label))
    return parts


def province_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and is_spreadsheet(p))


def _source_patterns(config: Config) -> dict[Source, re.Pattern]:
    extra = tuple((k, tuple(v)) for k, v in sorted((config.source_words or {}).items()))
    return {Source(k): p for k, p in source_patterns(extra).items()}


@dataclass
class _Reading:
    """What every sheet of one file is read with, and what the sheets gave so far."""

    rel: str
    aliases: dict[str, tuple[str, ...]]
    default_unit: str
    sources: dict[Source, re.Pattern]
    extra_status: tuple
    file_source: Source | None
    dialect: list
    per_sheet: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    stated: dict[str, list[tuple[int, str, str | None, int]]] = field(default_factory=dict)
    tables: int = 0
    hidden_tables: list[str] = field(default_factory=list)
    empty_sheets: int = 0
    summaries: dict[str, Summary] = field(default_factory=dict)  # sheet -> its table of totals


def ingest_file(path: Path, rel: str, config: Config, slug: str) -> FileResult:
    """One workbook read into records and findings. A fault of the reader itself on one file is an
    error on that file, never the end of the batch: the other files and provinces go on."""
    collecting = gc.isenabled()
    gc.disable()  # a sheet is read into many small objects and no cycles: collecting midway only costs time
    try:
        return _ingest_file(path, rel, config, slug)
    except Exception as exc:  # noqa: BLE001 - any fault of ours on one file is that file's error
        result = FileResult(file=rel)
        result.findings.append(Finding(
            Severity.ERROR, f"Không đọc được tệp: lỗi ngoài dự kiến của chương trình khi đọc ({type(exc).__name__})",
            rel, code="FILE_READER_FAULT",
            hint="Mở tệp bằng Excel, lưu lại dạng .xlsx rồi chạy lại; nếu vẫn lỗi, gửi tệp cho người phát triển."))
        return result
    finally:
        if collecting:
            gc.enable()


def _version(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def _ingest_file(path: Path, rel: str, config: Config, slug: str) -> FileResult:
    result = FileResult(file=rel)
    result.stated.append(from_filename(path.stem, slug))
    try:
        before = _version(path)
        result.digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        before = None  # read_grids below says why the file cannot be read
    try:
        grids = read_grids(path)
        if before is not None and _version(path) != before:
            raise WorkbookError("tệp được lưu lại trong lúc đang đọc (có người đang sửa tệp?)",
                                "Đợi lưu xong rồi chạy lại; số liệu của lần đọc này không được dùng.")
        kind = sniff(path)
        if SUFFIX_KINDS.get(path.suffix.lower()) not in (kind, None) and kind in KIND_NAMES:
            result.findings.append(Finding(
                Severity.INFO, f"Tệp thực chất là bảng tính {KIND_NAMES[kind]} mang đuôi {path.suffix}; đã đọc theo đúng "
                "định dạng của nó", rel, code="FILE_KIND", hint="Có thể mở bằng Excel rồi lưu lại dạng .xlsx cho đúng tên."))
    except WorkbookError as exc:
        result.findings.append(Finding(Severity.ERROR, f"Không đọc được tệp: {exc}", rel, code="FILE_UNREADABLE",
                                       hint=exc.hint))
        return result
    except OSError as exc:
        result.findings.append(Finding(Severity.ERROR, f"Không mở được tệp: {exc.strerror}", rel, code="FILE_UNREADABLE"))
        return result
    result.grids = grids
    province = config.province(slug)[0]
    sources = _source_patterns(config)
    reading = _Reading(
        rel, aliases_for({f: config.columns.get(f, []) + province.columns.get(f, [])
                          for f in config.columns.keys() | province.columns.keys()}),
        province.money_unit or config.money_unit, sources,
        tuple((s.status.value, tuple(s.phrases)) for s in config.statuses),
        source_in(sources, Path(rel).stem.replace("-", " ").replace("_", " ")), province.dialect)
    # an amount-like number anywhere (not a column number, a day or a month) means the file may hold data
    result.has_numbers = any((n := _bare_number(v)) is not None and abs(n) > 31
                             for grid in grids for row in grid.rows for v in row)
    for grid in grids:
        _read_sheet(grid, reading, result)
    _drop_summary_copies(reading.per_sheet, result)
    _check_summary_sheets(reading.per_sheet, reading.stated, result)
    _check_summaries(reading, result)
    rows: list[dict[str, Any]] = []
    for name, sheet_records in reading.per_sheet.items():
        explained = any(f.severity is Severity.ERROR and f.sheet == name for f in result.findings)
        if not sheet_records and not explained and not any(f.code == "SUMMARY_SHEET" and f.sheet == name
                                                            for f in result.findings):
            result.findings.append(Finding(
                Severity.ERROR, "Trang tính có bảng nhưng không đọc được đề án nào", rel, name, code="NO_RECORDS",
                hint="Xem các lỗi của trang này, hoặc chạy “khuyencong check --rows” để xem từng dòng được hiểu thế nào."))
        rows += sheet_records
    _file_level_findings(grids, reading, result)
    _plan_or_data(rows, result)
    result.records = rec.frame(rows)
    return result


def _read_sheet(grid: Grid, reading: _Reading, result: FileResult) -> None:
    """One sheet: its tables read, every row given a role in its ledger."""
    rel = reading.rel
    ledger = Ledger(rel, grid.name, read=len(grid.rows))
    result.ledgers.append(ledger)
    if not any(any(clean(v) for v in r) for r in grid.rows):
        reading.empty_sheets += 1
        ledger.roles = [RowRole(i + 1, Role.BLANK, "trang tính trống") for i in range(len(grid.rows))]
        return
    title = best_reading(grid.name)[0] if suspicious(grid.name) else grid.name  # "KÕ ho¹ch 2023" -> "Kế hoạch 2023"
    if fold(title).startswith(INSTRUCTION_SHEETS):
        ledger.roles = _outside(grid.rows, "trang hướng dẫn / ghi chú, không phải bảng đề án")
        return
    _report_conversions(decode_grid(grid.rows, grid.fonts), rel, grid.name, result)
    pinned = [d for d in reading.dialect if d.sheet in ("*", grid.name)]
    headers = [_pinned_header(grid, d) for d in pinned[:1]] if pinned else \
        locate_headers(grid.rows, grid.merged, reading.aliases, hidden_cols=frozenset(grid.hidden_cols))
    if not headers and fold(title).startswith(LIST_SHEETS):
        ledger.roles = _outside(grid.rows, "trang danh mục (danh sách chọn), không có bảng đề án")
        return
    if grid.hidden:
        if headers:
            reading.hidden_tables.append(grid.name)
        ledger.roles = _outside(grid.rows, "trang tính ẩn, không đọc")
        return
    if not headers and not grid.hidden and (summary := find_summary(
            grid.rows, grid.merged, reading.aliases, reading.sources, reading.default_unit)):
        _summary_sheet(grid, summary, ledger, reading, result)
        return
    if not headers:
        ledger.roles = _outside(grid.rows, "không có bảng đề án")
        result.findings.append(Finding(
            Severity.WARNING, "Không tìm thấy bảng đề án trong trang tính, trang này không được đọc. "
            + describe_layout(grid.rows, grid.merged, reading.aliases), rel, grid.name, code="NO_TABLE_IN_SHEET",
            hint="Bảng cần có ít nhất cột “Tên đề án” và cột “Kinh phí hỗ trợ”; thêm tên cột của tỉnh vào mục "
                 "columns trong config.yaml nếu tiêu đề khác."))
        return
    plan = fold(title).startswith(PLAN_SHEET_PREFIXES) or _plans_a_later_year(grid, headers[0], result)
    if not plan:
        year, period = from_title(title)  # a sheet called "6 tháng 2022" states its period too
        if period:
            result.stated.append(Stated(year, period, f"tên trang tính “{grid.name}”", sheet=grid.name))
    roles: dict[int, RowRole] = {}
    sheet_records: list[dict[str, Any]] = []
    codes = legend_codes([clean(v) for row in grid.rows for v in row
                          if isinstance(v, str) and _LEGEND_MARK.search(v)], reading.extra_status)
    headers, repeats = _page_repeats(grid, headers, reading)
    for i, header in enumerate(headers):
        reading.tables += 1
        start = headers[i - 1].data_start if i else 0
        end = headers[i + 1].first_row if i + 1 < len(headers) else len(grid.rows)
        table_source = _rows_above(grid, start, header, roles, plan, reading, result)
        header = _settle_units(grid, header, end, reading.default_unit, rel, result)
        if header.rivals:
            shown = ", ".join(f"{cell_ref(header.last_row + 1, c)} “{header.labels.get(c, '')}”"
                              for c in (header.columns["support"], *header.rivals))
            result.findings.append(Finding(
                Severity.ERROR, f"Không rõ cột nào là kinh phí hỗ trợ: {shown}", rel, grid.name,
                cell_ref(header.last_row + 1, header.columns["support"]), code="AMBIGUOUS_COLUMN",
                hint="Đổi tên cho rõ (vd. “Kinh phí hỗ trợ (cũ)” → “Ghi chú kinh phí cũ”), hoặc cố định bố cục "
                     "trong config.yaml (provinces.<tỉnh>.dialect; xem “khuyencong check --dialect”)."))
        for field_name, parts in header.ambiguous_parts:
            shown = ", ".join(f"{cell_ref(header.last_row + 1, c)} “{header.labels.get(c, '')}”" for c in parts)
            result.findings.append(Finding(
                Severity.ERROR, f"Cột {FIELD_LABELS[field_name].lower()} chỉ có từng phần ({shown}), không có số cộng dồn: "
                "không rõ tổng số là bao nhiêu", rel, grid.name, cell_ref(header.last_row + 1, parts[0]),
                code="AMBIGUOUS_COLUMN", hint="Thêm cột “Lũy kế” (cộng dồn từ đầu) hoặc ghi đủ các phần từ Quý I / "
                "Đợt 1, để chương trình không phải đoán."))
        ctx = TableContext(rel, grid.name, header, end, table_source or source_in(reading.sources, title),
                           reading.file_source, reading.sources, plan, reading.extra_status,
                           frozenset(grid.hidden_rows),
                           frozenset(r for r, c in grid.struck if c == header.columns["name"]), status_codes=codes,
                           repeated_header=frozenset(r for r in repeats if header.data_start <= r < end))
        _hidden_columns_note(grid, header, rel, result)
        folded = sorted(r for r in grid.folded_rows if header.data_start <= r < end)
        if folded:
            result.findings.append(Finding(
                Severity.INFO, f"{len(folded)} dòng nằm trong nhóm dòng đang thu gọn (Group) nên bị ẩn; vẫn được đọc "
                f"như mọi dòng của bảng (dòng {folded[0] + 1}–{folded[-1] + 1})", rel, grid.name,
                f"dòng {folded[0] + 1}", code="FOLDED_ROWS"))
        ctx.earlier_sums = {f: sum(x[f"{f}_vnd"] or 0 for x in sheet_records)
                            for f in ("support", "counterpart", "disbursed", "settled") if sheet_records}
        table = TableReader(grid.rows, grid.merged, ctx).run()
        for role in table.roles:
            roles[role.row - 1] = role
        result.findings += table.findings
        sheet_records += table.records
        reading.stated.setdefault(grid.name, []).extend(table.stated)
        result.dialect.append(_dialect(grid.name, header))
    _report_computed(grid, headers, rel, result)
    for r in range(len(grid.rows)):
        if r in roles:
            continue
        filled = any(clean(v) for v in grid.rows[r])
        roles[r] = RowRole(r + 1, Role.NOTE if filled else Role.BLANK, "ngoài bảng" if filled else "dòng trống",
                           _row_text(grid.rows[r]))
    ledger.roles = [roles[r] for r in sorted(roles)]
    reading.per_sheet[grid.name] = sheet_records


def _summary_sheet(grid: Grid, summary: Summary, ledger: Ledger, reading: _Reading, result: FileResult) -> None:
    """A sheet of totals only: its rows are kept aside to be checked against the đề án of the
    other sheets (see `_check_summaries`); its title may state the period."""
    reading.summaries[grid.name] = summary
    first, last = summary.header_rows
    data = {x.row for x in summary.rows}
    roles = []
    for r, row in enumerate(grid.rows, start=1):
        text = _row_text(row)
        if text is None:
            roles.append(RowRole(r, Role.BLANK, "dòng trống"))
        elif r < first:
            roles.append(RowRole(r, Role.TITLE, "tiêu đề / dòng chữ phía trên bảng tổng hợp", text))
            _title_period(grid, r - 1, result)
        elif r <= last:
            roles.append(RowRole(r, Role.HEADER, "dòng tên cột của bảng tổng hợp", text))
        elif r in data:
            roles.append(RowRole(r, Role.NOTE, "dòng của bảng tổng hợp: đối chiếu với các trang chi tiết, không phải "
                                 "đề án", text))
        else:
            roles.append(RowRole(r, Role.NOTE, "ngoài bảng", text))
    ledger.roles = roles
    year, period = from_title(grid.name)
    if period:
        result.stated.append(Stated(year, period, f"tên trang tính “{grid.name}”", sheet=grid.name))


def _check_summaries(reading: _Reading, result: FileResult) -> None:
    """Each table of totals against the đề án of the other sheets: agreeing, it is said and counted
    once; disagreeing, the report waits for the office to say which figure is right."""
    for name, summary in reading.summaries.items():
        records = [r for other, rs in reading.per_sheet.items() if other != name for r in rs if not r["plan"]]
        if not records:
            result.findings.append(Finding(
                Severity.WARNING, f"Trang “{name}” chỉ có số tổng hợp (không có danh sách đề án), không đọc được đề "
                "án nào từ trang này", result.file, name, f"dòng {summary.header_rows[0]}", code="SUMMARY_ONLY",
                hint="Báo cáo cần danh sách từng đề án: đặt bảng chi tiết vào cùng thư mục tỉnh."))
            continue
        wrong = disagreements(summary, records)
        for row, figures, scope in wrong:
            label = "tổng cộng" if row.scope == "all" else ("nguồn " + ("KCQG" if row.scope == "KCQG" else "KCĐP"))
            said, found = [], []
            if "count" in figures:
                said.append(f"{row.count:02d} đề án")
                found.append(f"{len(scope):02d} đề án")
            for figure, words in (("support", "kinh phí hỗ trợ"), ("disbursed", "đã giải ngân")):
                if figure in figures:
                    said.append(f"{words} {dong(getattr(row, figure))}")
                    found.append(f"{words} {dong(sum(r[f'{figure}_vnd'] or 0 for r in scope))}")
            result.findings.append(Finding(
                Severity.ERROR, f"Trang tổng hợp “{name}” ghi {label}: {', '.join(said)}; nhưng các trang chi tiết có "
                f"{', '.join(found)}: không rõ số nào đúng", result.file, name, row.cells[figures[0]],
                code="SUMMARY_MISMATCH", hint="Sửa trang tổng hợp hoặc các trang chi tiết cho khớp (có thể thiếu "
                "hoặc thừa một đề án), rồi chạy lại."))
        if not wrong:
            checked = sum(1 for x in summary.rows if x.scope != "part")
            result.findings.append(Finding(
                Severity.INFO, f"Trang “{name}” là bảng tổng hợp số liệu; {checked} dòng tổng khớp với các trang chi "
                "tiết, không tính hai lần", result.file, name, code="SUMMARY_SHEET"))


def _page_repeats(grid: Grid, headers: list[Header], reading: _Reading) -> tuple[list[Header], set[int]]:
    """A header repeated further down with the same columns, with nothing between that names
    another source or table, is the table going on over a printed page (copied from a
    multi-page print): one table, whose repeated header rows are skipped."""
    kept: list[Header] = headers[:1]
    repeats: set[int] = set()
    for header in headers[1:]:
        previous = kept[-1]
        last_data = max((r for r in range(previous.data_start, header.first_row)
                         if any(_bare_number(v) is not None for v in grid.rows[r])), default=previous.data_start)
        between = [" ".join(clean(v) for v in grid.rows[r] if clean(v)) for r in range(last_data + 1, header.first_row)]
        titled = any(t and len(t.split()) <= 25 and (source_in(reading.sources, t) or re.match(r"^(?:bieu|bang|phu luc)\b", fold(t)))
                     for t in between if not re.search(r"\d", fold(t)) or "bieu" in fold(t) or "bang" in fold(t))
        if header.columns == previous.columns and header.labels == previous.labels and not titled:
            repeats.update(range(header.first_row, header.data_start))
        else:
            kept.append(header)
    return kept, repeats


_PLAN_TITLE = re.compile(r"\b(?:ke hoach|dang ky|de xuat|du kien)\b[^0-9]{0,40}\b((?:19|20)\d{2})\b")


def _plans_a_later_year(grid: Grid, header: Header, result: FileResult) -> bool:
    """A sheet whose title registers đề án for a later year than the file's ("Danh mục đề án đăng ký
    kế hoạch năm 2023" in a 2022 report) is next year's plan, whatever the sheet is called."""
    year = result.period_for()[0]
    if year is None:
        return False
    for r in range(header.first_row):
        text = fold(" ".join(clean(v) for v in grid.rows[r] if clean(v)))
        if any(int(y) > year for y in _PLAN_TITLE.findall(text)) and not from_title(text)[1]:
            return True
    return False


def _report_computed(grid: Grid, headers: list[Header], rel: str, result: FileResult) -> None:
    """Says which table cells were formulas the program had to compute (helpers beside the table
    do not matter)."""
    used = sorted((r, c) for r, c in grid.computed
                  if any(r >= h.first_row and c in h.columns.values() for h in headers))
    if used:
        cells = ", ".join(cell_ref(r + 1, c) for r, c in used[:20])
        result.findings.append(Finding(
            Severity.INFO, f"Đã tính lại {len(used)} ô công thức chưa có giá trị lưu sẵn ({cells}"
            f"{'…' if len(used) > 20 else ''})", rel, grid.name, code="FORMULA_COMPUTED",
            hint="Tệp chưa từng được mở và lưu bằng Excel/LibreOffice; nên mở, lưu lại để Excel tự tính."))


def _rows_above(grid: Grid, start: int, header: Header, roles: dict[int, RowRole], plan: bool,
                reading: _Reading, result: FileResult) -> Source | None:
    """Title rows above a table get their role; they may state the period, and name the table's
    source ("Bảng 2: Khuyến công địa phương"), which is returned."""
    table_source = None
    data_roles = (Role.PROJECT, Role.TASK, Role.BENEFICIARY, Role.GROUP, Role.SUBTOTAL, Role.TOTAL, Role.REJECTED)
    after_data = max((r + 1 for r in range(start, header.first_row) if r in roles and roles[r].role in data_roles),
                     default=start)
    for r in range(start, header.first_row):
        filled = any(clean(v) for v in grid.rows[r])
        if r not in roles:
            roles[r] = RowRole(r + 1, Role.TITLE if filled else Role.BLANK,
                               "tiêu đề / dòng chữ phía trên bảng" if filled else "dòng trống", _row_text(grid.rows[r]))
            if filled and not plan:
                _title_period(grid, r, result)
        if filled and r >= after_data and roles[r].role in (Role.TITLE, Role.NOTE, Role.SECTION):
            text = " ".join(clean(v) for v in grid.rows[r] if clean(v))
            if len(text.split()) <= 25:  # "Biểu 02: Tình hình thực hiện đề án khuyến công địa phương năm 2023"
                table_source = source_in(reading.sources, text) or table_source
    return table_source


def _file_level_findings(grids: list[Grid], reading: _Reading, result: FileResult) -> None:
    rel = reading.rel
    if not grids or reading.empty_sheets == len(grids):
        result.findings.append(Finding(Severity.ERROR, "Tệp không có dữ liệu (mọi trang tính đều trống)", rel,
                                       code="FILE_EMPTY", hint="Kiểm tra lại tệp; có thể đã lưu nhầm bản trống."))
    elif reading.tables == 0:
        where = (f" Bảng chỉ có ở trang tính ẩn: {', '.join(reading.hidden_tables)}; hãy hiện trang (Unhide) rồi "
                 "chạy lại." if reading.hidden_tables else "")
        result.findings.append(Finding(Severity.ERROR, "Không tìm thấy bảng đề án nào trong tệp." + where, rel,
                                       code="NO_TABLE", hint="Bảng cần có ít nhất cột “Tên đề án” và cột “Kinh phí "
                                       "hỗ trợ”; thêm tên cột của tỉnh vào mục columns trong config.yaml."))
    elif reading.hidden_tables:
        result.findings.append(Finding(Severity.WARNING, f"Trang tính ẩn có bảng nhưng không được đọc: "
                                       f"{', '.join(reading.hidden_tables)}", rel, code="HIDDEN_TABLE",
                                       hint="Nếu cần dùng, hiện trang (Unhide) rồi chạy lại; nếu không, có thể xóa."))


def _plan_or_data(rows: list[dict[str, Any]], result: FileResult) -> None:
    """A "Kế hoạch …" sheet is next year's registration, unless it is all the file holds and names
    no later year than the file's own: then it is this period's list of đề án."""
    if not rows or not all(r["plan"] for r in rows):
        return
    year = result.period_for()[0]
    sheets = sorted({r["sheet"] for r in rows})
    later = [s for s in sheets for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", s) if year and int(y) > year]
    if later:
        return
    for r in rows:
        r["plan"] = False
    result.findings.append(Finding(
        Severity.INFO, f"Trang “{', '.join(sheets)}” được đọc là danh sách đề án của kỳ báo cáo (tệp không có trang "
        "nào khác, và tên trang không ghi năm sau)", result.file, sheets[0], code="PLAN_SHEET_AS_DATA"))


def _bare_number(value: Any) -> float | None:
    """A number with no unit written beside it (typed or as text), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[\d.,  ]+\s*", value):
        try:
            return float(parse_number(value))
        except AmountError:
            return None
    return None


def _outside(rows: list[list[Any]], reason: str) -> list[RowRole]:
    return [RowRole(i + 1, Role.OUTSIDE if any(clean(v) for v in row) else Role.BLANK,
                    reason if any(clean(v) for v in row) else "dòng trống", _row_text(row)) for i, row in enumerate(rows)]


def _row_text(row: list[Any]) -> dict[str, str] | None:
    """A row outside any table, for the ledger: its cells joined, under "text"."""
    texts = [t for t in map(clean, row) if t]
    return {"text": " ; ".join(texts)} if texts else None


def _title_period(grid: Grid, r: int, result: FileResult) -> None:
    text = " ".join(clean(v) for v in grid.rows[r] if clean(v))
    year, period = from_title(text)
    if year or period:
        col = next(c for c, v in enumerate(grid.rows[r]) if clean(v))
        where = f"dòng tiêu đề {grid.name}!{cell_ref(r + 1, col)}"
        result.stated.append(Stated(year, period, where, sheet=grid.name))
        if period is None and implied_year_end(text):
            result.stated.append(Stated(None, Period.YEAR, where, weak=True, sheet=grid.name))


def _report_conversions(changes, rel: str, sheet: str, result: FileResult) -> None:
    """One line per sheet and encoding: how many cells were converted, with examples."""
    for encoding in ENCODINGS:
        mine = [c for c in changes if c.encoding == encoding]
        if not mine:
            continue
        examples = "; ".join(f"{cell_ref(c.row + 1, c.col)}: “{c.before}” → “{c.after}”" for c in mine[:3])
        cells = ", ".join(cell_ref(c.row + 1, c.col) for c in mine)
        result.findings.append(Finding(
            Severity.INFO, f"Đã chuyển {len(mine)} ô từ mã {LABELS[encoding]} sang Unicode ({examples})",
            rel, sheet, cells if len(mine) <= 20 else f"{cells.split(', ')[0]}…",
            hint="Nên lưu lại bảng tính bằng phông Unicode (Times New Roman) để lần sau không cần chuyển.",
            code="LEGACY_TEXT"))


def _hidden_columns_note(grid: Grid, header: Header, rel: str, result: FileResult) -> None:
    """Hidden columns are never read; say so when one of them carries a header label."""
    hidden = sorted(c for c in grid.hidden_cols if any(
        c < len(grid.rows[r]) and clean(grid.rows[r][c]) for r in range(header.first_row, header.data_start)))
    if hidden:
        shown = ", ".join(f"{cell_ref(header.first_row + 1, c)[:-len(str(header.first_row + 1))]} "
                          f"(“{clean(grid.rows[header.first_row][c]) if c < len(grid.rows[header.first_row]) else ''}”)"
                          for c in hidden)
        result.findings.append(Finding(Severity.WARNING, f"Các cột bị ẩn không được đọc: {shown}", rel, grid.name,
                                       code="HIDDEN_COLUMN", hint="Hiện cột (Unhide) nếu số liệu của nó cần dùng."))


def _settle_units(grid: Grid, header: Header, end: int, default: str, rel: str, result: FileResult) -> Header:
    """Every money column gets a unit, or None (its bare numbers are then refused).

    A stated unit (header, ĐVT line) is checked against the size of the numbers; with none stated,
    the size decides when only one unit gives plausible amounts for a đề án.
    """
    units = dict(header.units)
    support_col = header.columns["support"]
    unit_col = header.columns.get("unit")
    numbers = [n for row in grid.rows[header.data_start:end] if support_col < len(row)
               if unit_col is None or unit_col >= len(row) or not clean(row[unit_col])  # a row's own ĐVT wins
               for n in [_bare_number(row[support_col])] if n is not None and 0 < n <= MAX_DONG]  # larger: its own error
    median = statistics.median(numbers) if numbers else None
    label = header.labels.get(support_col, "")
    where = f"{grid.name}!{cell_ref(header.last_row + 1, support_col)}"
    stated = units.get("support")
    if stated and median is not None:
        amount = median * UNIT_FACTORS[stated]
        if not (100_000 <= amount <= 100_000_000_000):
            result.findings.append(Finding(
                Severity.ERROR, f"Đơn vị tiền ghi là {UNIT_LABELS[stated]} ({header.unit_source.get('support', '')}) "
                f"nhưng số liệu cột “{label}” (trung vị {median:g}) thành {dong(int(amount))} một đề án, không hợp lý",
                rel, where, code="UNIT_IMPLAUSIBLE", hint="Sửa dòng ĐVT hoặc tiêu đề cột cho đúng đơn vị của số liệu."))
    if stated:
        for f in MONEY_FIELDS:
            units.setdefault(f, stated)
            if units.get(f) is None:
                units[f] = stated
    else:
        fits = [u for u in ("dong", "nghin", "trieu") if median is not None
                and PLAUSIBLE[0] <= median * UNIT_FACTORS[u] <= PLAUSIBLE[1]]
        chosen = None
        typical = [u for u in fits if TYPICAL[0] <= median * UNIT_FACTORS[u] <= TYPICAL[1]] if median else []
        if median is None:
            chosen = default  # no bare numbers: every amount carries its own unit, or there is none
        elif len(fits) == 1 or len(typical) == 1 or default in fits:
            chosen = fits[0] if len(fits) == 1 else typical[0] if len(typical) == 1 else default
            if chosen != default or len(fits) > 1:
                others = " hoặc ".join(UNIT_LABELS[u] for u in fits if u != chosen)
                result.findings.append(Finding(
                    Severity.WARNING, f"Bảng không ghi đơn vị tiền; theo độ lớn số liệu (trung vị cột “{label}” là "
                    f"{median:g}) hiểu là {UNIT_LABELS[chosen]}" + (f", ít khả năng là {others}" if others else ""),
                    rel, where, code="UNIT_ASSUMED" if chosen == default else "UNIT_INFERRED",
                    hint="Ghi “ĐVT: triệu đồng” (hoặc đơn vị đúng) phía trên bảng hay trong tiêu đề cột."))
        else:
            result.findings.append(Finding(
                Severity.ERROR, f"Không rõ đơn vị tiền của bảng (trung vị cột “{label}” là {median:g})", rel, where,
                code="UNIT_UNKNOWN", hint="Ghi “ĐVT: triệu đồng” (hoặc đơn vị đúng) phía trên bảng hay trong tiêu đề cột."))
        for f in MONEY_FIELDS:
            if units.get(f) is None:
                units[f] = chosen
    return replace(header, units=units)


def _entry(r: dict[str, Any]) -> tuple:
    return fold(r["name"]), fold(r["beneficiary"] or "")


def _figures(r: dict[str, Any]) -> tuple:
    return r["support_vnd"], r["disbursed_vnd"], r["status"]


def _drop_summary_copies(per_sheet: dict[str, list[dict[str, Any]]], result: FileResult) -> None:
    """A sheet whose đề án all stand in other sheets too is not counted twice. With the same
    figures it is a summary (next to one sheet per source) and its records are dropped; with
    other figures it is a second version of the table ("KCDP" and "KCDP (2)"), and which one is
    right is a question for the office: one error names both sheets. Sheets that state other
    periods ("6 tháng 2023", "Cả năm 2023") are snapshots, not versions (see `split_by_period`)."""
    periods = {sheet: {s.period for s in result.stated if s.sheet == sheet and s.period and not s.weak}
               for sheet in per_sheet}
    for name in list(per_sheet):
        mine = per_sheet[name]
        peers = [other for other in per_sheet if other != name
                 and not (periods[name] and periods[other] and periods[name] != periods[other])]
        others = {_entry(r): _figures(r) for other in peers for r in per_sheet[other]}
        if not mine or not others or not all(_entry(r) in others for r in mine):
            continue
        per_sheet[name] = []
        differ = [r for r in mine if others[_entry(r)] != _figures(r)]
        if differ:
            twin = next(other for other in peers if any(_entry(x) == _entry(differ[0]) for x in per_sheet[other]))
            result.findings.append(Finding(
                Severity.ERROR, f"Trang “{name}” lặp lại các đề án của trang “{twin}” nhưng số liệu khác nhau ở "
                f"{len(differ)}/{len(mine)} đề án (vd. “{differ[0]['name']}”, dòng {differ[0]['row']}): không rõ bản "
                "nào đúng", result.file, name, f"dòng {differ[0]['row']}", code="SHEET_VERSIONS",
                hint="Giữ một bản đúng của bảng; xóa (hoặc đổi tên “Cũ …” và ẩn) bản còn lại rồi chạy lại."))
            reason = f"bản khác của bảng ở trang “{twin}” (không tính)"
        else:
            result.findings.append(Finding(
                Severity.INFO, f"Trang “{name}” chỉ nhắc lại {len(mine)} đề án đã có ở các trang khác; không tính hai lần",
                result.file, name, code="SUMMARY_SHEET"))
            reason = "trùng với đề án ở trang khác (trang tổng hợp)"
        for ledger in result.ledgers:
            if ledger.sheet == name:
                ledger.roles = [RowRole(x.row, Role.NOTE, reason, x.read)
                                if x.role in (Role.PROJECT, Role.TASK) else x for x in ledger.roles]


def _pinned_header(grid: Grid, dialect) -> Header:
    """The header a province pinned in config (provinces.<tỉnh>.dialect), instead of searching."""
    first, last = dialect.header_rows[0] - 1, dialect.header_rows[1] - 1
    columns = {f: _col_index(c) for f, c in dialect.columns.items()}
    labels = {c: " / ".join(clean(grid.rows[r][c]) for r in range(first, min(last + 1, len(grid.rows)))
                            if c < len(grid.rows[r]) and clean(grid.rows[r][c])) for c in columns.values()}
    units = {f: dialect.unit for f in MONEY_FIELDS if f in columns}
    return Header(first, last, columns, units, labels, {f: "config.yaml (dialect)" for f in units if dialect.unit})


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _check_summary_sheets(per_sheet: dict[str, list[dict[str, Any]]],
                          stated: dict[str, list[tuple[int, str, str | None, int]]], result: FileResult) -> None:
    """A sheet of totals only (per source, no đề án) beside sheets of đề án is a summary: its
    figures are checked against the other sheets instead of against its own (absent) rows."""
    for name, records in per_sheet.items():
        figures = stated.get(name, [])
        others = [r for other, rs in per_sheet.items() if other != name for r in rs]
        if records or not figures or not others:
            continue
        errors = [f for f in result.findings if f.sheet == name and f.severity is Severity.ERROR]
        if any(f.code not in ("TOTAL_MISMATCH", "STATUS_MISSING") for f in errors):
            continue  # something else is wrong with the sheet: leave every finding as it is
        summary_rows = {int(f.cell[len(f.cell.rstrip("0123456789")):]) for f in errors if f.code == "STATUS_MISSING"}
        result.findings = [f for f in result.findings if f not in errors]
        mismatches = 0
        for row, kind, source, amount in figures:
            if kind == "subtotal":
                continue
            scope = [r for r in others if source is None or r["source"] == source]
            total = sum(r["support_vnd"] for r in scope)
            if abs(total - amount) > len(scope):
                mismatches += 1
                label = f"nguồn {source}" if source else "tổng cộng"
                result.findings.append(Finding(
                    Severity.ERROR, f"Trang tổng hợp ghi {label} {dong(amount)} nhưng các trang chi tiết cộng lại "
                    f"{dong(total)}", result.file, name, f"dòng {row + 1}", code="TOTAL_MISMATCH",
                    hint="Sửa trang tổng hợp hoặc các trang chi tiết cho khớp."))
        if not mismatches:
            result.findings.append(Finding(
                Severity.INFO, "Trang tổng hợp (chỉ có số tổng) khớp với các trang chi tiết; không tính hai lần",
                result.file, name, code="SUMMARY_SHEET"))
        for ledger in result.ledgers:
            if ledger.sheet == name:
                ledger.roles = [RowRole(x.row, Role.NOTE, "dòng số liệu của trang tổng hợp", x.read)
                                if x.row in summary_rows else x for x in ledger.roles]


def _dialect(sheet: str, header: Header) -> dict[str, Any]:
    return {"sheet": sheet, "header_rows": [header.first_row + 1, header.last_row + 1],
            "columns": {f: cell_ref(1, c)[:-1] for f, c in sorted(header.columns.items(), key=lambda x: x[1])},
            "unit": header.units.get("support")}

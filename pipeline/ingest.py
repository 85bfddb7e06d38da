"""Spreadsheets -> validated project records, findings and a row ledger.

Every row of every sheet ends up in exactly one ledger bucket: a record, a structure row
(titles, headers, section and subtotal rows, column numbering), a blank row, or a rejected row
with an error finding that says why. Nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.config import Config
from pipeline.findings import Finding, Severity, cell_ref
from pipeline.layout import Header, describe_layout, locate_header
from pipeline.legacy import ENCODINGS, LABELS, Conversion, fix_grid
from pipeline.model import Ledger, Origin, Period, Project, Source, Status
from pipeline.money import AmountError, parse_number, to_dong
from pipeline.statuses import classify, percent_in
from pipeline.textnorm import clean, fold
from pipeline.vnformat import dong
from pipeline.workbook import Grid, WorkbookError, is_spreadsheet, read_grids

DITTO = {'"', "“", "”", "''", "〃", "nt", "như trên", "-nt-"}
ERROR_VALUES = {"#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NAME?", "#NUM!", "#NULL!", "#ERROR", "#SPILL!", "#CALC!"}
NON_DATA_SHEETS = {"huong dan", "danh muc", "ghi chu"}
PLAN_SHEET_PREFIXES = ("ke hoach", "dang ky")  # next year's registered đề án
_SETTLED = re.compile(r"quyet toan|thanh ly")
_ROMAN_OR_LETTER = re.compile(r"^(?:[IVXLC]+|[A-Z])[.)]?$")
_SECTION_PREFIX = re.compile(r"^(?:[IVXLC]+|[A-Z])[.)]\s")
_ARABIC = re.compile(r"^\d+(?:\.\d+)*\.?$")
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")
_SUBTOTAL = re.compile(
    r"^(?:tong cong|tong so|tong|cong)(?:\s*[:(].*|\s+(?:kcqg|kcdp|khuyen cong.*|nguon.*|muc.*|[ivx]+|[a-d]))?$"
)
_BENEFICIARY_PREFIX = re.compile(
    r"^(?:htx|hop tac xa|hkd|ho kinh doanh|ho|cong ty|cty|co so|dntn|doanh nghiep|lang nghe|to hop tac)\b"
)


@dataclass
class FileResult:
    file: str
    year: int | None = None
    period: Period | None = None
    projects: list[Project] = field(default_factory=list)
    plan: list[Project] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    ledgers: list[Ledger] = field(default_factory=list)


def province_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and is_spreadsheet(p))


def ingest_file(path: Path, rel: str, config: Config, slug: str) -> FileResult:
    result = FileResult(file=rel)
    result.year, result.period = detect_period(path.stem.replace("_", "-"), from_filename=True)
    try:
        grids = read_grids(path)
    except WorkbookError as exc:
        result.findings.append(Finding(Severity.ERROR, f"Không đọc được tệp: {exc}", rel,
                                       hint="Mở tệp bằng Excel/LibreOffice, lưu lại dạng .xlsx rồi chạy lại."))
        return result
    except OSError as exc:
        result.findings.append(Finding(Severity.ERROR, f"Không mở được tệp: {exc.strerror}", rel))
        return result
    aliases = config.column_aliases(slug)
    province = config.province(slug)[0]
    unit = province.money_unit or config.money_unit
    tables = 0
    skipped: list[tuple[Grid, Ledger]] = []
    for grid in grids:
        ledger = Ledger(rel, grid.name, read=len(grid.rows))
        result.ledgers.append(ledger)
        if fold(grid.name) in NON_DATA_SHEETS or not any(any(clean(v) for v in r) for r in grid.rows):
            _count_outside(grid.rows, ledger)
            continue
        _report_conversions(fix_grid(grid.rows), rel, grid.name, result)
        header = locate_header(grid.rows, grid.merged, aliases)
        if header is None:
            skipped.append((grid, ledger))
            continue
        tables += 1
        plan = fold(grid.name).startswith(PLAN_SHEET_PREFIXES)
        _SheetReader(grid, header, rel, unit, config, result, ledger, plan).read()
    for grid, ledger in skipped:
        _count_outside(grid.rows, ledger, rejected=tables == 0)
        severity = Severity.WARNING if tables else Severity.ERROR
        msg = "Không tìm thấy bảng đề án trong trang tính" + (", trang này được bỏ qua" if tables else "")
        msg += ". " + describe_layout(grid.rows, grid.merged, aliases)
        result.findings.append(Finding(
            severity, msg, rel, grid.name,
            hint="Bảng cần có ít nhất cột “Tên đề án” và cột “Kinh phí hỗ trợ”; thêm tên cột của tỉnh vào mục "
                 "columns trong config.yaml nếu tiêu đề khác.",
        ))
    return result


def _report_conversions(changes: list[Conversion], rel: str, sheet: str, result: FileResult) -> None:
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
        ))


def _count_outside(rows: list[list[Any]], ledger: Ledger, rejected: bool = False) -> None:
    for i, row in enumerate(rows):
        if not any(clean(v) for v in row):
            ledger.blank += 1
        elif rejected:
            ledger.rejected.append(i + 1)
        else:
            ledger.structure += 1


def detect_period(text: str, from_filename: bool = False) -> tuple[int | None, Period | None]:
    """Year and period named in a title row or file name ("6 tháng đầu năm 2018", "2018-6thang")."""
    folded = fold(text)
    years = re.findall(r"(?<!\d)(20\d{2}|19\d{2})(?!\d)", folded)
    year = int(years[-1]) if years else None
    if from_filename:
        m = re.search(r"(?<![a-z0-9])(6-?thang|9-?thang|ca-?nam|nam)(?:-|$)", folded)
        tokens = {"6thang": Period.H1, "6-thang": Period.H1, "9thang": Period.M9, "9-thang": Period.M9}
        period = tokens.get(m.group(1)) if m else None
        if m and m.group(1) in {"nam", "ca-nam", "canam"} and re.search(r"\d{4}-(?:ca-?)?nam(?:-|$)", folded):
            period = Period.YEAR
        return year, period
    if re.search(r"\b6 thang\b", folded):
        return year, Period.H1
    if re.search(r"\b9 thang\b", folded):
        return year, Period.M9
    if re.search(r"\bca nam\b|\bnam 20\d{2}\b", folded):
        return year, Period.YEAR
    return year, None


class _SheetReader:
    """Reads the rows under one located header."""

    def __init__(self, grid: Grid, header: Header, rel: str, unit: str, config: Config,
                 result: FileResult, ledger: Ledger, plan: bool = False):
        self.grid, self.header, self.rel, self.config, self.plan = grid, header, rel, config, plan
        self.result, self.ledger = result, ledger
        self.units = {f: header.units.get(f) or unit for f in ("support", "counterpart", "disbursed")}
        self.source_words = {Source(k): [fold(w) for w in ws] for k, ws in config.source_words.items()}
        self.sheet_source = self._source_in(grid.name)
        self.file_source = self._source_in(Path(rel).stem.replace("-", " ").replace("_", " "))
        self.section_source: Source | None = None
        self.previous: dict[str, Any] = {}
        self.section_sum = 0
        self.total_sum = 0
        self.in_section = False
        self.section_claim: tuple[int, int | None] | None = None  # (row, amount) stated on a section row
        self.progress_is_fraction = self._progress_fraction()
        self.status_cache: dict[tuple[str, float | None], tuple[Status, float | None] | None] = {}

    # -- helpers ---------------------------------------------------------------------------
    def cell(self, row: list[Any], field_name: str) -> Any:
        col = self.header.columns.get(field_name)
        if col is None or col >= len(row):
            return None
        return row[col]

    def ref(self, r: int, field_name: str) -> str:
        return cell_ref(r + 1, self.header.columns.get(field_name, 0))

    def finding(self, severity: Severity, r: int, field_name: str | None, message: str, hint: str = "") -> None:
        cell = self.ref(r, field_name) if field_name else f"dòng {r + 1}"
        self.result.findings.append(Finding(severity, message, self.rel, self.grid.name, cell, hint))

    def _source_in(self, text: str) -> Source | None:
        folded = fold(text)
        hits = {s for s, words in self.source_words.items()
                if any(re.search(rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])", folded) for w in words)}
        return hits.pop() if len(hits) == 1 else None

    def _progress_fraction(self) -> bool:
        col = self.header.columns.get("progress")
        if col is None:
            return False
        values = [r[col] for r in self.grid.rows[self.header.data_start:] if col < len(r)]
        numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
        return bool(numbers) and all(0 <= v <= 1 for v in numbers)

    # -- the row loop ----------------------------------------------------------------------
    def read(self) -> None:
        for r in range(self.header.data_start):
            if any(clean(v) for v in self.grid.rows[r]):
                self.ledger.structure += 1
                if r < self.header.first_row:
                    self._title_period(r, self.grid.rows[r])
            else:
                self.ledger.blank += 1
        table_cols = set(self.header.columns.values())
        for r in range(self.header.data_start, len(self.grid.rows)):
            row = self.grid.rows[r]
            inside = [clean(v) for c, v in enumerate(row) if c in table_cols]
            if not any(inside):
                if any(clean(v) for v in row):
                    self.ledger.structure += 1  # helper numbers beside the table
                else:
                    self.ledger.blank += 1
                continue
            kind = self._structure_kind(r, row)
            if kind:
                self.ledger.structure += 1
                continue
            self._data_row(r, row)
        self._close_section()

    def _title_period(self, r: int, row: list[Any]) -> None:
        if self.plan:
            return
        year, period = detect_period(" ".join(clean(v) for v in row))
        if not (year and period):
            return
        if self.result.year is None and self.result.period is None:
            self.result.year, self.result.period = year, period
        elif (self.result.year, self.result.period) != (year, period):
            col = next(c for c, v in enumerate(row) if clean(v))
            known = self.result.period.wording(self.result.year) if self.result.year and self.result.period else "khác"
            self.result.findings.append(Finding(
                Severity.ERROR, f"Dòng tiêu đề ghi kỳ “{period.wording(year)}” nhưng tên tệp ghi kỳ “{known}”",
                self.rel, self.grid.name, cell_ref(r + 1, col),
                hint="Sửa tên tệp hoặc dòng tiêu đề cho cùng một kỳ báo cáo.",
            ))

    def _structure_kind(self, r: int, row: list[Any]) -> str | None:
        first = next((v for v in row if v is not None and v != ""), None)
        if first is not None and _NUMBERING.match(clean(first)):
            texts = [t for t in (clean(v) for v in row) if t]
            if len(texts) >= 3 and all(_NUMBERING.match(t) for t in texts):
                return "numbering"
        stt = clean(self.cell(row, "stt"))
        name = clean(self.cell(row, "name"))
        if self._has_data_values(row):
            return None
        label = fold(stt) if stt and not _ARABIC.match(stt) else ""
        if _SUBTOTAL.match(label) or _SUBTOTAL.match(fold(name)):
            self._subtotal(r, row, grand=(label or fold(name)).startswith("tong"))
            return "subtotal"
        if (stt and _ROMAN_OR_LETTER.match(stt)) or (not stt and (
                _SECTION_PREFIX.match(name) or self._source_in(name) is not None)):
            self._close_section()
            source = self._source_in(f"{stt} {name}")
            if source:
                self.section_source = source
            self.in_section = True
            self.section_claim = (r, self._amount_or_none(row, "support"))
            return "section"
        return None

    def _has_data_values(self, row: list[Any]) -> bool:
        return any(clean(self.cell(row, f)) for f in ("beneficiary", "status", "place", "progress"))

    def _amount_or_none(self, row: list[Any], field_name: str) -> int | None:
        try:
            return to_dong(self.cell(row, field_name), self.units[field_name])
        except AmountError:
            return None

    def _subtotal(self, r: int, row: list[Any], grand: bool) -> None:
        stated = self._amount_or_none(row, "support")
        if stated is None:
            return
        computed = self.section_sum if self.in_section and not grand else self.total_sum
        if stated != computed:
            self.finding(Severity.WARNING, r, "support",
                         f"Dòng cộng ghi {dong(stated)} nhưng tổng các đề án tương ứng là {dong(computed)}",
                         "Kiểm tra lại dòng cộng hoặc các dòng đề án; báo cáo dùng tổng cộng từ từng đề án.")

    def _close_section(self) -> None:
        if self.section_claim and self.section_claim[1] is not None and self.section_claim[1] != self.section_sum:
            r, amount = self.section_claim
            self.finding(Severity.WARNING, r, "support",
                         f"Dòng mục ghi {dong(amount)} nhưng tổng các đề án trong mục là {dong(self.section_sum)}",
                         "Kiểm tra lại số tổng của mục; báo cáo dùng tổng cộng từ từng đề án.")
        self.section_claim = None
        self.section_sum = 0

    # -- data rows -------------------------------------------------------------------------
    def _value(self, row: list[Any], field_name: str) -> Any:
        value = self.cell(row, field_name)
        if isinstance(value, str) and len(value) <= 12 and fold(value) in DITTO:
            return self.previous.get(field_name)
        return value

    def _reject(self, r: int, field_name: str | None, message: str, hint: str = "") -> None:
        self.finding(Severity.ERROR, r, field_name, message, hint)
        self.ledger.rejected.append(r + 1)

    def _data_row(self, r: int, row: list[Any]) -> None:
        values = {f: self._value(row, f) for f in self.header.columns}
        for f, v in values.items():
            if isinstance(v, str) and v.strip().upper() in ERROR_VALUES:
                return self._reject(r, f, f"Ô có lỗi công thức {v.strip()}",
                                    "Sửa công thức trong bảng tính hoặc nhập giá trị trực tiếp.")
        name = clean(values.get("name"))
        if not name:
            return self._reject(r, "name", "Dòng có số liệu nhưng không có tên đề án",
                                "Điền tên đề án, hoặc xóa dòng nếu không phải đề án.")
        beneficiary = clean(values.get("beneficiary"))
        if "beneficiary" not in self.header.columns:
            name, beneficiary = split_name_beneficiary(name)
        source = self._row_source(clean(values.get("source")))
        if source is None:
            return self._reject(r, "source" if "source" in values else "name",
                                "Không xác định được nguồn kinh phí (KCQG hay KCĐP) của đề án",
                                "Ghi KCQG hoặc KCĐP ở cột nguồn kinh phí, hoặc đặt đề án dưới dòng mục "
                                "“A. Khuyến công quốc gia” / “B. Khuyến công địa phương”.")
        money: dict[str, int | None] = {}
        for f in ("support", "counterpart", "disbursed"):
            try:
                money[f] = to_dong(values.get(f), self.units[f])
            except AmountError as exc:
                return self._reject(r, f, f"Số tiền không đọc được: {exc}",
                                    "Nhập số, ví dụ 600 (triệu đồng) hoặc 600.000.000 đồng.")
        if money["support"] is None:
            return self._reject(r, "support", f"Đề án “{name}” chưa có kinh phí hỗ trợ",
                                "Điền kinh phí hỗ trợ của đề án.")
        progress = self._progress(r, values.get("progress"))
        if progress is False:
            return
        status_text = clean(values.get("status"))
        note = clean(values.get("note"))
        classified = self._classify(status_text, progress) if status_text or progress is not None else None
        if classified is None and self.plan and not status_text:
            classified = (Status.NOT_STARTED, None)
        if classified is None:
            if status_text:
                return self._reject(r, "status", f"Không hiểu tình trạng “{status_text}”",
                                    "Dùng một trong: Đã hoàn thành, Đang thực hiện, Xin điều chỉnh, Xin dừng "
                                    "thực hiện, Chưa thực hiện; hoặc thêm cụm từ vào mục statuses trong config.yaml.")
            return self._reject(r, "status", f"Đề án “{name}” chưa ghi tình trạng thực hiện",
                                "Điền cột tình trạng (có danh sách chọn trong mẫu nhập liệu).")
        status, progress = classified
        if money["disbursed"] is not None and money["disbursed"] > money["support"]:
            self.finding(Severity.WARNING, r, "disbursed",
                         f"Số đã giải ngân {dong(money['disbursed'])} lớn hơn kinh phí hỗ trợ {dong(money['support'])}")
        self.previous = values
        self.section_sum += money["support"]
        self.total_sum += money["support"]
        self.ledger.records += 1
        settled = status is Status.COMPLETED and bool(_SETTLED.search(fold(f"{status_text} {note}")))
        (self.result.plan if self.plan else self.result.projects).append(Project(
            source=source, name=name, beneficiary=beneficiary, place=clean(values.get("place")),
            content=clean(values.get("content")), support_vnd=money["support"],
            counterpart_vnd=money["counterpart"], disbursed_vnd=money["disbursed"], status=status,
            progress=progress, status_text=status_text, note=note,
            origin=Origin(self.rel, self.grid.name, r + 1), kind=clean(values.get("kind")), settled=settled,
        ))

    def _classify(self, text: str, progress: float | None) -> tuple[Status, float | None] | None:
        key = (text, progress)
        if key not in self.status_cache:
            self.status_cache[key] = classify(text, self.config.status_rules, progress)
        return self.status_cache[key]

    def _row_source(self, text: str) -> Source | None:
        if text:
            return self._source_in(text)
        return self.section_source or self.sheet_source or self.file_source

    def _progress(self, r: int, value: Any) -> float | None | bool:
        """Progress in %, None when absent; False when invalid (the row is then rejected)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                number = float(value) * (100 if self.progress_is_fraction else 1)
            else:
                found = percent_in(str(value))
                number = found if found is not None else float(parse_number(str(value)))
        except (AmountError, ValueError):
            self._reject(r, "progress", f"Tiến độ “{value}” không phải là số phần trăm", "Nhập số từ 0 đến 100.")
            return False
        if not 0 <= number <= 100:
            self._reject(r, "progress", f"Tiến độ {number:g}% nằm ngoài khoảng 0–100%", "Nhập số từ 0 đến 100.")
            return False
        return round(number, 2)


def split_name_beneficiary(text: str) -> tuple[str, str]:
    """"Hỗ trợ ứng dụng máy … - Hộ kinh doanh Xuân Phượng" -> (content, beneficiary)."""
    for sep in (" - ", " – ", " — "):
        if sep in text:
            head, tail = text.rsplit(sep, 1)
            if _BENEFICIARY_PREFIX.match(fold(tail)):
                return head.strip(), tail.strip()
    return text, ""


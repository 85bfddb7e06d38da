"""Plain data shared by the stages: funding sources, statuses, periods, row roles and ledgers."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

FIELDS = (
    "stt", "source", "name", "content", "kind", "beneficiary", "place", "decision", "unit",
    "total", "support", "counterpart", "disbursed", "settled", "status", "progress", "accepted", "note",
)
REQUIRED_FIELDS = ("name", "support")
MONEY_FIELDS = ("support", "counterpart", "disbursed", "settled", "total")


class Source(StrEnum):
    KCQG = "KCQG"
    KCDP = "KCDP"

    @property
    def label(self) -> str:
        return SOURCE_LABELS[self]


SOURCE_LABELS = {
    Source.KCQG: "Khuyến công quốc gia",
    Source.KCDP: "Khuyến công địa phương",
}


class Status(StrEnum):
    COMPLETED = "completed"
    IN_PROGRESS = "in_progress"
    ADJUSTING = "adjusting"
    STOPPED = "stopped"
    NOT_STARTED = "not_started"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.COMPLETED: "Đã hoàn thành",
    Status.IN_PROGRESS: "Đang thực hiện",
    Status.ADJUSTING: "Xin điều chỉnh",
    Status.STOPPED: "Xin dừng thực hiện",
    Status.NOT_STARTED: "Chưa thực hiện",
}


class Counting(StrEnum):
    """How a report counts its records. SEPARATE: đề án, nhiệm vụ chi and bình chọn apart ("08 đề án
    và 02 nhiệm vụ chi"). TOGETHER: every record is a đề án ("10 đề án"), as some provinces write.
    One rule per report, applied once in compute, so body, appendix, tables and roll-up agree."""

    SEPARATE = "rieng"
    TOGETHER = "chung"


class Period(StrEnum):
    H1 = "6thang"
    M9 = "9thang"
    YEAR = "nam"

    def wording(self, year: int) -> str:
        """How the period reads in running text: "6 tháng đầu năm 2018"."""
        return {
            Period.H1: f"6 tháng đầu năm {year}",
            Period.M9: f"9 tháng năm {year}",
            Period.YEAR: f"năm {year}",
        }[self]

    def as_of(self, year: int) -> tuple[int, int, int]:
        """Last day the period covers, as (year, month, day)."""
        return {Period.H1: (year, 6, 30), Period.M9: (year, 9, 30), Period.YEAR: (year, 12, 31)}[self]


@dataclass(frozen=True)
class Origin:
    """Where a value came from: file (relative to inputs/), sheet, 1-based row."""

    file: str
    sheet: str
    row: int

    def __str__(self) -> str:
        return f"{self.file} [{self.sheet}] dòng {self.row}"


class Role(StrEnum):
    """What a spreadsheet row is. Every row read gets exactly one."""

    TITLE = "title"
    HEADER = "header"
    NUMBERING = "numbering"
    SECTION = "section"
    GROUP = "group"
    PROJECT = "project"
    BENEFICIARY = "beneficiary"
    DETAIL = "detail"  # an item line of one đề án (a machine, a stage), inside its amount
    TASK = "task"
    SUBTOTAL = "subtotal"
    TOTAL = "total"
    NOTE = "note"
    FOOTER = "footer"
    BLANK = "blank"
    REJECTED = "rejected"
    OUTSIDE = "outside"  # a sheet that holds no table (instructions, a hidden helper sheet)

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.TITLE: "tiêu đề", Role.HEADER: "dòng tên cột", Role.NUMBERING: "dòng đánh số cột",
    Role.SECTION: "mục nguồn kinh phí", Role.GROUP: "nhóm hoạt động", Role.PROJECT: "đề án",
    Role.BENEFICIARY: "cơ sở thụ hưởng của đề án nhóm", Role.DETAIL: "hạng mục của đề án", Role.TASK: "nhiệm vụ chi / bình chọn",
    Role.SUBTOTAL: "dòng cộng", Role.TOTAL: "dòng tổng cộng", Role.NOTE: "ghi chú",
    Role.FOOTER: "chữ ký / cuối bảng", Role.BLANK: "dòng trống", Role.REJECTED: "bị loại (có lỗi)",
    Role.OUTSIDE: "ngoài bảng",
}
RECORD_ROLES = (Role.PROJECT, Role.TASK)


@dataclass(frozen=True, slots=True)
class RowRole:
    row: int  # 1-based
    role: Role
    reason: str
    read: dict[str, str] | None = None  # field -> the text read from the row (shared, not copied)

    @property
    def values(self) -> str:
        """The values read, as one line for the ledger: "name=… | support=…"."""
        return " | ".join(f"{f}={v}" for f, v in (self.read or {}).items() if v)[:500]


@dataclass
class Ledger:
    """How every row of one sheet was understood: one role and a reason per row read."""

    file: str
    sheet: str
    read: int = 0
    roles: list[RowRole] = field(default_factory=list)

    def count(self, *roles: Role) -> int:
        return sum(r.role in roles for r in self.roles)

    @property
    def records(self) -> int:
        return self.count(*RECORD_ROLES)

    @property
    def blank(self) -> int:
        return self.count(Role.BLANK)

    @property
    def rejected(self) -> list[int]:
        return [r.row for r in self.roles if r.role is Role.REJECTED]

    @property
    def structure(self) -> int:
        return len(self.roles) - self.records - self.blank - len(self.rejected)

    @property
    def balanced(self) -> bool:
        return self.read == len(self.roles) and len({r.row for r in self.roles}) == len(self.roles)

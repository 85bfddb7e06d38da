"""Plain data shared by the stages: funding sources, statuses, periods, project records."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


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


@dataclass(frozen=True)
class Project:
    """One đề án (or nhiệm vụ chi) as read from a spreadsheet row. Money in integer đồng."""

    source: Source
    name: str
    beneficiary: str
    place: str
    content: str
    support_vnd: int
    counterpart_vnd: int | None
    disbursed_vnd: int | None
    status: Status
    progress: float | None
    status_text: str
    note: str
    origin: Origin
    kind: str = ""
    settled: bool = False  # accepted and financially settled (thanh lý / quyết toán)


@dataclass
class Ledger:
    """Row accounting for one sheet: read = records + structure + blank + rejected."""

    file: str
    sheet: str
    read: int = 0
    records: int = 0
    structure: int = 0
    blank: int = 0
    rejected: list[int] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return self.read == self.records + self.structure + self.blank + len(self.rejected)

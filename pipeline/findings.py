"""Findings: everything wrong or noteworthy in the inputs, with where it is and how to fix it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # blocks the report
    WARNING = "warning"  # reported, report still written
    INFO = "info"  # e.g. a legacy-encoding conversion


SEVERITY_LABELS = {Severity.ERROR: "LỖI", Severity.WARNING: "CẢNH BÁO", Severity.INFO: "THÔNG TIN"}


@dataclass(frozen=True)
class Finding:
    severity: Severity
    message: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    hint: str = ""
    code: str = ""  # stable identifier of the kind of problem (NO_SOURCE, TOTAL_MISMATCH, ...)

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or self.cell

    def format(self, with_file: bool = True) -> str:
        parts = [f"[{SEVERITY_LABELS[self.severity]}]"]
        if self.file and with_file:
            parts.append(self.file)
        if self.where:
            parts.append(self.where)
        text = " ".join(parts) + f": {self.message}"
        if self.hint:
            text += f" — Cách sửa: {self.hint}"
        return text

    def to_dict(self) -> dict:
        return {k: str(v) for k, v in asdict(self).items()}


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def cell_ref(row: int, col: int) -> str:
    """A1-style reference from 1-based row and 0-based column."""
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"

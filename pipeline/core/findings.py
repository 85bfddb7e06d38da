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


# Errors about a whole file, sheet or table. --allow-errors skips bad rows; it never lets one of
# these through, since the report would then miss or misstate a whole table.
WHOLE_TABLE_CODES = frozenset({
    "FILE_UNREADABLE", "FILE_EMPTY", "NO_TABLE", "NO_RECORDS", "UNIT_UNKNOWN", "UNIT_IMPLAUSIBLE",
    "PERIOD_CONFLICT", "PERIOD_UNKNOWN", "TOTAL_MISMATCH", "SUM_MISMATCH", "AMBIGUOUS_GROUP", "AMBIGUOUS_COLUMN",
    "SHEET_VERSIONS",
})


def blocking(findings: list[Finding], allow_errors: bool) -> list[Finding]:
    """The errors that stop a report. With allow_errors, a total that disagrees only because rows of
    its sheet were rejected (and skipped) does not block; every other whole-table error does."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if not allow_errors:
        return errors
    rejected_sheets = {(f.file, f.sheet) for f in errors if f.code not in WHOLE_TABLE_CODES}
    return [f for f in errors if f.code in WHOLE_TABLE_CODES
            and not (f.code in ("TOTAL_MISMATCH", "SUM_MISMATCH") and (f.file, f.sheet) in rejected_sheets)]


def cell_ref(row: int, col: int) -> str:
    """A1-style reference from 1-based row and 0-based column."""
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"

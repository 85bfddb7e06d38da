"""Which folders and files a run reads, decided without opening any workbook (so an unchanged
run and `--help` never import the reading stack)."""

from __future__ import annotations

from pathlib import Path

from pipeline.core.files import SPREADSHEET_SUFFIXES, is_spreadsheet
from pipeline.core.findings import Finding, Severity
from pipeline.core.textnorm import shown_name


def province_folders(inputs: Path, only: str | None = None) -> list[Path]:
    folders = sorted(p for p in inputs.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
                     and shown_name(p.name) == p.name)
    return [p for p in folders if only is None or p.name == only]


def misnamed_folders(inputs: Path) -> list[Finding]:
    """Province folders whose name is not valid text (made on an old code page): not read, and said."""
    return [Finding(Severity.ERROR, "Tên thư mục tỉnh có ký tự không đọc được nên thư mục không được đọc",
                    f"{shown_name(p.name)}/", code="FOLDER_NAME",
                    hint="Đổi tên thư mục thành tên tỉnh không dấu, vd. thai-nguyen, rồi chạy lại.")
            for p in sorted(inputs.iterdir()) if p.is_dir() and shown_name(p.name) != p.name]


def stray_files(inputs: Path) -> list[Finding]:
    """Spreadsheets put straight into inputs/ belong to no province: say so rather than skip them quietly."""
    return [Finding(Severity.WARNING, "Bảng tính nằm ngoài thư mục tỉnh nên không được đọc", shown_name(p.name),
                    hint="Chuyển tệp vào inputs/<tên-tỉnh>/, ví dụ inputs/bac-kan/.")
            for p in sorted(inputs.iterdir()) if p.is_file() and is_spreadsheet(p)]


def skipped_files(folder: Path, slug: str) -> list[Finding]:
    """Hidden spreadsheets ("..x.xlsx": a name starting with a dot) are not read, and said; Excel's
    and LibreOffice's lock files ("~$…", ".~lock…") are passed over without a word."""
    return [Finding(Severity.INFO, "Tệp ẩn (tên bắt đầu bằng dấu chấm) nên không được đọc",
                    f"{slug}/{shown_name(p.name)}", code="FILE_SKIPPED",
                    hint="Nếu là bảng tính cần đọc, đổi tên bỏ dấu chấm ở đầu.")
            for p in sorted(folder.iterdir())
            if p.is_file() and p.suffix.lower() in SPREADSHEET_SUFFIXES and p.name.startswith(".")
            and not p.name.startswith((".~lock", "._"))]

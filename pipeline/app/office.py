"""`khuyencong khoi-tao`: a new office folder, ready to run.

It holds a commented config.yaml, inputs/ with one sample province (Bắc Kạn, mid-2018, marked
as sample data), templates/ for the office's own wording (empty provinces/, a guide, and a
starter Word template in mau-word/), and a short guide. The shared templates stay in the
program; `khuyencong run` inside the folder uses them unless the office overrides them.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.app.templates import word_starter
from pipeline.core.errors import CannotStart
from pipeline.core.files import write_bytes

OFFICE_FILES = Path(__file__).with_name("office_files")
STARTER_WORD = Path("templates/mau-word/report.docx")


class OfficeExists(CannotStart):
    """The folder already holds an office (its config.yaml); nothing is overwritten."""


def create_office(folder: Path) -> list[Path]:
    """Writes the office folder; returns the files written. Raises OfficeExists."""
    if (folder / "config.yaml").exists():
        raise OfficeExists(f"{folder} đã là thư mục làm việc (đã có {folder / 'config.yaml'}); không ghi đè. "
                           "Chọn một thư mục khác hoặc thư mục trống.")
    written = []
    for source in sorted(p for p in OFFICE_FILES.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        target = folder / source.relative_to(OFFICE_FILES)
        if not target.exists():  # an inputs/ the office already filled keeps its files
            write_bytes(target, source.read_bytes())
            written.append(target)
    (folder / "templates" / "provinces").mkdir(parents=True, exist_ok=True)
    if not (folder / STARTER_WORD).exists():
        write_bytes(folder / STARTER_WORD, word_starter(folder / "templates"))
        written.append(folder / STARTER_WORD)
    return written

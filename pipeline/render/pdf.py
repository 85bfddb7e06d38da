"""PDF through LibreOffice: the whole batch in one soffice process, not one per file."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.core.files import write_bytes


class PdfUnavailable(Exception):
    """LibreOffice is missing or failed; str() is Vietnamese."""


WINDOWS_PLACES = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                  r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")


def soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((p for p in WINDOWS_PLACES if Path(p).is_file()), None)


def convert_to_pdf(docx_files: list[Path]) -> dict[Path, Path]:
    """{docx: pdf written beside it}. Raises PdfUnavailable when nothing could be converted."""
    if not docx_files:
        return {}
    exe = soffice()
    if exe is None:
        raise PdfUnavailable("Không tìm thấy LibreOffice để chuyển sang PDF. Cài đặt: "
                             "apt-get install libreoffice-writer-nogui (hoặc bản LibreOffice cho Windows), rồi chạy lại.")
    with tempfile.TemporaryDirectory(prefix="khuyencong-pdf-") as tmp:
        out = Path(tmp) / "out"
        profile = Path(tmp) / "profile"
        cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out), *map(str, docx_files)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=120 + 30 * len(docx_files), check=False)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable("LibreOffice chạy quá lâu khi chuyển sang PDF; đã dừng.") from None
        written = {}
        for docx in docx_files:
            pdf = out / (docx.stem + ".pdf")
            if pdf.is_file():
                target = docx.with_suffix(".pdf")
                write_bytes(target, pdf.read_bytes())
                written[docx] = target
    if not written:
        raise PdfUnavailable("LibreOffice không chuyển được tệp nào sang PDF.")
    return written

"""PDF through LibreOffice: the whole batch in one soffice process, not one per file."""

from __future__ import annotations

import os
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


def _parts(files: list[Path]) -> list[list[Path]]:
    """The files split over the cores (KHUYENCONG_WORKERS like the batch), in order; few files: one part."""
    wanted = os.environ.get("KHUYENCONG_WORKERS", "")
    cores = int(wanted) if wanted.isdigit() and int(wanted) > 0 else min(os.cpu_count() or 1, 4)
    count = max(1, min(cores, len(files) // 4 or 1))
    return [files[k::count] for k in range(count)]


def convert_to_pdf(docx_files: list[Path]) -> dict[Path, Path]:
    """{docx: pdf written beside it}. Raises PdfUnavailable when nothing could be converted."""
    if not docx_files:
        return {}
    exe = soffice()
    if exe is None:
        raise PdfUnavailable("Không tìm thấy LibreOffice để chuyển sang PDF. Cài đặt: "
                             "apt-get install libreoffice-writer-nogui (hoặc bản LibreOffice cho Windows), rồi chạy lại.")
    parts = _parts(docx_files)
    with tempfile.TemporaryDirectory(prefix="khuyencong-pdf-") as tmp:
        procs = []
        for k, part in enumerate(parts):  # one LibreOffice per core, each with a profile of its own
            out, profile = Path(tmp) / f"out{k}", Path(tmp) / f"profile{k}"
            cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(out), *map(str, part)]
            procs.append((subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), out, part))
        try:
            for proc, _, part in procs:
                proc.wait(timeout=120 + 30 * len(part))
        except subprocess.TimeoutExpired:
            for proc, _, _ in procs:
                proc.kill()
            raise PdfUnavailable("LibreOffice chạy quá lâu khi chuyển sang PDF; đã dừng.") from None
        written = {}
        for _, out, part in procs:
            for docx in part:
                pdf = out / (docx.stem + ".pdf")
                if pdf.is_file():
                    target = docx.with_suffix(".pdf")
                    write_bytes(target, pdf.read_bytes())
                    written[docx] = target
    if not written:
        raise PdfUnavailable("LibreOffice không chuyển được tệp nào sang PDF.")
    return written

"""Atomic, deterministic file writing: temp file in the same folder, then rename."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".xml", ".htm", ".html"}


def is_spreadsheet(path: Path) -> bool:
    """A file the reader tries: a spreadsheet suffix, not a lock file of Excel or LibreOffice, not hidden."""
    return path.suffix.lower() in SPREADSHEET_SUFFIXES and not path.name.startswith(("~$", ".~lock", "."))


def _file_mode() -> int:
    """What a plain open() would give under the user's umask (mkstemp always makes 0600, and
    colleagues share the outputs folder)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, write: Callable[[BinaryIO], Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> None:
    write_atomic(path, lambda fh: fh.write(data))


def write_json(path: Path, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    write_bytes(path, text.encode("utf-8"))


def saved_xlsx(workbook) -> bytes:
    """An openpyxl workbook as zip bytes, parts stored uncompressed: normalized_zip compresses
    each part once (openpyxl's own save deflates everything, then normalized_zip did it again)."""
    from openpyxl.writer.excel import ExcelWriter

    buf = io.BytesIO()
    workbook.properties.modified = dt.datetime.now(tz=dt.timezone.utc).replace(tzinfo=None)  # as its save does
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    return buf.getvalue()


class _StoredParts:
    """python-docx's package writer, storing each part uncompressed (see saved_xlsx)."""

    def __init__(self, archive: zipfile.ZipFile):
        self._archive = archive

    def write(self, pack_uri, blob: bytes) -> None:
        self._archive.writestr(pack_uri.membername, blob)


def saved_docx(document) -> bytes:
    """A python-docx document as zip bytes, parts stored uncompressed, written part by part as
    python-docx's own save writes them (OpcPackage.save, PackageWriter.write)."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as archive:
        parts = _StoredParts(archive)
        PackageWriter._write_content_types_stream(parts, package.parts)
        PackageWriter._write_pkg_rels(parts, package.rels)
        PackageWriter._write_parts(parts, package.parts)
    return buf.getvalue()


def normalized_zip(data: bytes, stamp: dt.datetime | None = None) -> bytes:
    """Re-pack an OOXML zip with fixed timestamps and order, so equal content gives equal bytes.
    `stamp`: the document's created/modified time (openpyxl writes the clock's time on save)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        first = [n for n in names if n == "[Content_Types].xml"]
        for name in first + sorted(n for n in names if n not in first):
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            part = src.read(name)
            if stamp is not None and name == "docProps/core.xml":
                part = _stamped_core(part, stamp)
            dst.writestr(info, part)
    return out.getvalue()


def _stamped_core(part: bytes, stamp: dt.datetime) -> bytes:
    from openpyxl.packaging.core import DocumentProperties
    from openpyxl.xml.functions import fromstring, tostring

    props = DocumentProperties.from_tree(fromstring(part))
    props.created = props.modified = stamp
    return tostring(props.to_tree())

"""What a report was built from, so an unchanged report is not rebuilt and a run can be audited.

Per report: outputs/<province>/<year>-<period>/manifest.json holds the fingerprint (program
version, config, templates, input files and options) and the hash of every file written. It is
written last, so a report whose run was killed half way has no matching manifest and is rebuilt.
Per run: outputs/manifest.json lists what the last run did.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.core.files import write_json

MANIFEST = "manifest.json"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def tree_hash(folder: Path) -> str:
    """One hash over every file below a folder (names and contents)."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + sha256(path).encode())
    return h.hexdigest()


def fingerprint(config_path: Path, templates_hash: str, inputs: dict[str, str], options: dict[str, Any]) -> dict[str, Any]:
    parts = {
        "version": __version__,
        "config": sha256(config_path),
        "templates": templates_hash,
        "inputs": dict(sorted(inputs.items())),
        "options": options,
    }
    parts["fingerprint"] = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return parts


def is_current(folder: Path, expected: dict[str, Any]) -> bool:
    """True when the report in folder was built from exactly these inputs and its files are intact."""
    path = folder / MANIFEST
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if recorded.get("fingerprint") != expected["fingerprint"]:
        return False
    files = recorded.get("files", {})
    return bool(files) and all((folder / name).is_file() and sha256(folder / name) == digest
                               for name, digest in files.items())


def write_report_manifest(folder: Path, parts: dict[str, Any], files: list[Path]) -> None:
    write_json(folder / MANIFEST, {**parts, "files": {f.name: sha256(f) for f in sorted(files)}})


def recorded_files(folder: Path) -> list[Path]:
    try:
        recorded = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [folder / name for name in recorded.get("files", {})]

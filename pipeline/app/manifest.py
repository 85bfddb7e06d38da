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


def config_hash(config: Any, slug: str) -> str:
    """What one province's report takes from config.yaml: the shared settings and its own block
    (another province's signer changing does not touch it)."""
    data = config.model_dump(mode="json", exclude={"provinces", "tong_hop", "regions"})
    data["province"] = config.province(slug)[0].model_dump(mode="json")
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def templates_hash(folders: list[Path], own: str) -> str:
    """The templates one province's report can use: every shared one (base/) in the search path
    and the province's own folder, not other provinces'."""
    h = hashlib.sha256()
    for folder in folders:
        for sub in ("base", own):
            if (folder / sub).is_dir():
                h.update(f"{folder.name}/{sub}".encode() + b"\0" + _tree_hash_once(folder / sub).encode())
    return h.hexdigest()


_TREES: dict[tuple[Path, tuple], str] = {}


def _tree_hash_once(folder: Path) -> str:
    """tree_hash, once per folder and state in a process: 34 provinces share one base/ folder."""
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.rglob("*")) if p.is_file())
    key = (folder, stamp)
    if key not in _TREES:
        _TREES[key] = tree_hash(folder)
    return _TREES[key]


def fingerprint(config: str, templates: str, inputs: dict[str, str], options: dict[str, Any]) -> dict[str, Any]:
    parts = {
        "version": __version__,
        "config": config,
        "templates": templates,
        "inputs": dict(sorted(inputs.items())),
        "options": options,
    }
    parts["fingerprint"] = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return parts


def edited_outputs(folder: Path) -> list[Path]:
    """Files written by the last build that have been changed since (a report edited in Word)."""
    try:
        recorded = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [folder / name for name, digest in recorded.get("files", {}).items()
            if (folder / name).is_file() and sha256(folder / name) != digest and not name.endswith(".json")]


def keep_aside(path: Path) -> Path:
    """Moves a hand-edited output out of the way of the new build: “bao-cao-….sua-tay-1.docx”."""
    n = 1
    while (target := path.with_name(f"{path.stem}.sua-tay-{n}{path.suffix}")).exists():
        n += 1
    path.replace(target)
    return target


def state(folder: Path, expected: dict[str, Any]) -> str:
    """"current": built from exactly these inputs, every file as written; "edited": the same
    build, but a document was changed since (edited by hand in Word or Excel); "stale": to build."""
    try:
        recorded = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "stale"
    files = {name: digest for name, digest in recorded.get("files", {}).items() if not name.endswith(".pdf")}
    if recorded.get("fingerprint") != expected["fingerprint"] or not files or recorded.get("status") == "failed":
        return "stale"
    if not all((folder / name).is_file() for name in files):
        return "stale"
    if all(sha256(folder / name) == digest for name, digest in files.items()):
        return "current"
    return "edited" if all(sha256(folder / n) == d for n, d in files.items() if n.endswith(".json")) else "stale"


def has_matching_pdf(folder: Path, docx: Path) -> bool:
    """The PDF beside a report was made from this very .docx (recorded together in the manifest)."""
    try:
        recorded = json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError):
        return False
    pdf = docx.with_suffix(".pdf")
    return pdf.name in recorded and pdf.is_file() and sha256(pdf) == recorded[pdf.name] and \
        docx.name in recorded and sha256(docx) == recorded[docx.name]


def write_report_manifest(folder: Path, parts: dict[str, Any], files: list[Path], status: str = "written") -> None:
    write_json(folder / MANIFEST, {**parts, "status": status, "files": {f.name: sha256(f) for f in sorted(files)}})


def recorded_files(folder: Path) -> list[Path]:
    try:
        recorded = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [folder / name for name in recorded.get("files", {})]

"""An unchanged `khuyencong run` answered without loading the program (no typer, rich, pydantic,
pandas): `watch` and clerks rerun often, and most reruns change nothing.

A run that changed nothing (every report kept as it was, nothing refused, no PDF asked) leaves
outputs/.lan-chay-khong-doi.json: a key over this program's version, the command's options, the
bytes of config.yaml, every file under the inputs and template folders, and the digest of every
file the run left in the outputs (reports, appendices, manifests, summaries), with what the run
printed and its exit code. The next run with the same key, and every one of those output files
still as recorded, prints the same text and exits with the same code. Anything else — an option
this module does not know, --force, --pdf, a changed byte anywhere — goes the ordinary way.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from pipeline import __version__
from pipeline.app.manifest import sha256, tree_hash

STAMP = ".lan-chay-khong-doi.json"
_VALUED = {"--inputs": "inputs", "--outputs": "outputs", "--config": "config", "--year": "year",
           "--period": "period", "--province": "province"}
_FLAGS = {"--allow-errors": "allow_errors"}
_PACKAGE_TEMPLATES = Path(__file__).resolve().parents[1] / "render" / "templates"


def run_options(argv: list[str]) -> dict[str, str | bool] | None:
    """The options of `run …` when every word of the command is one this module understands."""
    if not argv or argv[0] != "run":
        return None
    opts: dict[str, str | bool] = {"inputs": "inputs", "outputs": "outputs", "config": "config.yaml",
                                   "year": "", "period": "", "province": "", "allow_errors": False}
    words = iter(argv[1:])
    for word in words:
        name, eq, value = word.partition("=")
        if name in _VALUED:
            value = value if eq else next(words, None)
            if value is None:
                return None
            opts[_VALUED[name]] = value
        elif word in _FLAGS:
            opts[_FLAGS[word]] = True
        else:
            return None
    return opts


def run_key(opts: dict[str, str | bool], template_dirs: list[str]) -> str:
    config = Path(str(opts["config"]))
    parts = {
        "version": __version__, "options": opts, "cwd": os.getcwd(),
        "config": sha256(config) if config.is_file() else None,
        "inputs": tree_hash(Path(str(opts["inputs"]))),
        "templates": [(d, tree_hash(Path(d))) for d in template_dirs],
        "package_templates": tree_hash(_PACKAGE_TEMPLATES),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("ascii")).hexdigest()  # \u-escaped: a name
    # made on an old code page (undecodable bytes kept as surrogates) is hashed like any other


def replay(argv: list[str]) -> int | None:
    """The exit code after printing what the last, identical run printed; None to run normally."""
    opts = run_options(argv)
    if opts is None:
        return None
    outputs = Path(str(opts["outputs"]))
    try:
        last = json.loads((outputs / STAMP).read_text(encoding="utf-8"))
        if last.get("key") != run_key(opts, list(last["template_dirs"])):
            return None
        for name, digest in last["outputs"].items():
            path = outputs / name
            if not path.is_file() or sha256(path) != digest:
                return None
        text, code = str(last["printed"]), int(last["exit_code"])
        text.encode(sys.stdout.encoding or "utf-8")  # what this console cannot print goes the ordinary way
    except (OSError, ValueError, KeyError, TypeError, LookupError):
        return None
    sys.stdout.write(text)
    sys.stdout.flush()
    return code


def record(opts: dict[str, str | bool], template_dirs: list[Path], outputs: Path, printed: str, code: int) -> None:
    """Called at the end of a run that changed nothing, with what it printed."""
    files = {p.relative_to(outputs).as_posix(): sha256(p) for p in sorted(outputs.rglob("*"))
             if p.is_file() and p.name not in (STAMP, ".khuyencong.lock") and not p.name.endswith(".tmp")}
    dirs = [str(d) for d in template_dirs]
    from pipeline.core.files import write_bytes

    write_bytes(outputs / STAMP, json.dumps({"key": run_key(opts, dirs), "template_dirs": dirs, "outputs": files,
                                             "printed": printed, "exit_code": code}).encode("ascii"))


def forget(outputs: Path) -> None:
    """A run that changed something: the next one cannot be answered from the last."""
    try:
        (outputs / STAMP).unlink()
    except OSError:
        pass

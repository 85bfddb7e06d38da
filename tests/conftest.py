from __future__ import annotations

import os
import shutil
import sys

sys.dont_write_bytecode = False  # test and program modules compiled once, not again in every run and worker
from pathlib import Path

import pytest

from pipeline.config import load_config

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ("bac-kan", "ha-giang", "quang-ninh")  # the sample provinces of inputs/; an office may add others


def copy_samples(target: Path) -> Path:
    """The three sample province folders, and only those: the suite never reads whatever else an
    office has put into inputs/."""
    for slug in SAMPLES:
        shutil.copytree(ROOT / "inputs" / slug, target / slug)
    return target


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def config():
    return load_config(ROOT / "config.yaml")


def _shared(tmp_path_factory) -> Path:
    """A folder every xdist worker of this run sees (the workers' own temp folders sit in it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def sample_inputs(tmp_path_factory) -> Path:
    """A read-only copy of the sample inputs (tests that change inputs use `workspace`), made once
    for all workers."""
    from filelock import FileLock

    shared = _shared(tmp_path_factory)
    with FileLock(str(shared / "samples.lock")):
        if not (shared / "samples" / ".copied").is_file():
            shutil.rmtree(shared / "samples", ignore_errors=True)
            copy_samples(shared / "samples" / "inputs")
            (shared / "samples" / ".copied").touch()
    return shared / "samples" / "inputs"


@pytest.fixture(scope="session")
def sample_outputs(tmp_path_factory, sample_inputs) -> Path:
    """The three sample reports, built once through the CLI entry point, for all workers (read only)."""
    from filelock import FileLock
    from typer.testing import CliRunner

    from pipeline.cli import app

    shared = _shared(tmp_path_factory)
    out = shared / "sample-outputs"
    with FileLock(str(shared / "sample-outputs.lock")):
        if not (shared / "sample-outputs.built").is_file():
            shutil.rmtree(out, ignore_errors=True)
            result = CliRunner().invoke(app, ["run", "--inputs", str(sample_inputs), "--outputs", str(out),
                                              "--config", str(ROOT / "config.yaml")])
            assert result.exit_code == 0, result.output
            (shared / "sample-outputs.built").touch()
    return out


@pytest.fixture()
def workspace(tmp_path) -> Path:
    """A copy of the repo's inputs, config and templates that a test may change."""
    copy_samples(tmp_path / "inputs")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    return tmp_path


def docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
    return "\n".join(parts)


def record_tuples(df, *columns):
    """Columns of a records table as tuples of plain Python values (None where missing)."""
    cols = [df[c].astype(object).where(df[c].notna(), None).tolist() for c in columns]
    return list(zip(*cols))


def record_objects(result):
    """A file's reported records as objects (p.name, p.source, p.status, p.origin.row, ...)."""
    from types import SimpleNamespace

    from pipeline.core.model import Source, Status

    df = result.reported
    out = []
    for values in record_tuples(df, *df.columns):
        r = dict(zip(df.columns, values))
        out.append(SimpleNamespace(**{**r, "source": Source(r["source"]), "status": Status(r["status"]),
                                      "origin": SimpleNamespace(file=r["file"], sheet=r["sheet"], row=r["row"])}))
    return out

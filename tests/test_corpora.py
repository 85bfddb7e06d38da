"""Workbooks made by other hands: the field corpus (judged by its own check.py) and tests/other-hands/."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.corpora import FIELD, ROOT, other_hands_cases, run_case

pytestmark = pytest.mark.slow

CASES = other_hands_cases()


FIELD_CASES = sorted(json.loads((FIELD / "expected.json").read_text(encoding="utf-8"))) \
    if (FIELD / "expected.json").is_file() else []


@pytest.mark.skipif(not (FIELD / "check.py").is_file(), reason="../shared/field-corpus is not beside the repository")
def test_field_corpus_holds_every_case():
    assert len(FIELD_CASES) >= 14


@pytest.mark.parametrize("case", FIELD_CASES)
def test_field_corpus_case_is_read_exactly(case):
    """The corpus's own check.py, one case per test so the cases run on every core."""
    kc = Path(sys.executable).with_name("khuyencong")
    kc = str(kc) if kc.exists() else shutil.which("khuyencong")
    p = subprocess.run([sys.executable, str(FIELD / "check.py"), "--kc", kc, case], cwd=ROOT, capture_output=True,
                       text=True, timeout=900)
    assert p.returncode == 0 and "exact 1/1" in p.stdout, p.stdout + p.stderr


def test_other_hands_corpus_is_large_and_varied():
    assert len(CASES) >= 40
    assert sum(bool(e.get("refuse")) for _, _, e in CASES) >= 4
    suffixes = {f.suffix.lower() for folder, case, e in CASES
                for f in (folder / "cases" / e.get("case_dir", case)).rglob("*") if f.is_file()}
    assert {".xlsx", ".xls", ".csv", ".ods"} <= suffixes
@pytest.mark.parametrize("folder,case,expected", CASES, ids=[f"{f.name}/{c}" for f, c, _ in CASES])
def test_other_hands_case(folder, case, expected):
    outcome = run_case(folder, case, expected)
    assert outcome.kind in ("exact", "refused"), f"{outcome.kind}: {outcome.why}"

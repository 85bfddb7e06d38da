"""Exact / refused / wrong over the workbooks made by other hands, and over the generated ones.

    python scripts/corpus_tally.py [field|other-hands|generated ...] [-v] [--kc=PROGRAM]

Prints one line per corpus (and with -v one line per case that is not exact); the field corpus
is judged by its own ../shared/field-corpus/check.py, run on the installed `khuyencong`; the
other hands run in this process, or with --kc=PROGRAM in a child process (to measure another build).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def field(verbose: bool) -> str:
    from tests.corpora import FIELD

    kc = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--kc=")), Path(sys.executable).with_name("khuyencong"))
    p = subprocess.run([sys.executable, str(FIELD / "check.py"), "--kc", str(kc)], cwd=ROOT, capture_output=True,
                       text=True)
    lines = p.stdout.strip().splitlines()
    if verbose:
        print("\n".join(f"  {ln}" for ln in lines[:-1] if not ln.endswith(": exact")))
    return lines[-1] if lines else p.stderr.strip()[-300:]


def other_hands(verbose: bool) -> str:
    from tests.corpora import other_hands_cases, run_case, tally

    kc = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--kc=")), None)
    outcomes = [run_case(folder, case, e, kc) for folder, case, e in other_hands_cases()]
    if verbose:
        for o in outcomes:
            if o.kind != "exact":
                print(f"  {o.case}: {o.kind}: {o.why}")
    return "other hands: " + tally(outcomes)


def generated(verbose: bool) -> str:
    from pipeline.config import load_config
    from tests import generator
    from tests.test_generated import outcome

    config = load_config(ROOT / "config.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        results = {c.name: outcome(c, config, Path(tmp)) for c in generator.cases(320)}
    if verbose:
        for name, (kind, why) in results.items():
            if kind not in ("exact", "refused"):
                print(f"  {name}: {kind}: {why}")
    return "generated: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(k for k, _ in results.values()).items()))


if __name__ == "__main__":
    verbose = "-v" in sys.argv
    wanted = [a for a in sys.argv[1:] if not a.startswith("-")] or ["field", "other-hands", "generated"]
    for name in wanted:
        print({"field": field, "other-hands": other_hands, "generated": generated}[name](verbose), flush=True)

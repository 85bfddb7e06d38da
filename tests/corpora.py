"""Workbooks made by other hands, each with the figures a person reads from it, run through `run`.

A corpus is a folder with `expected.json` and `cases/<case>/inputs/<province>/<files>`, in the
format of `../shared/field-corpus/` (whose own `check.py` judges that corpus). Each case is run
as `khuyencong run --inputs … --year … --period … [--province …]` would run it, in this process,
and judged the same way: the figures per source of the records in metrics.json (records counted,
support, disbursed, statuses, names of stopped ones), every broken file named in a message, and
no traceback. A case marked `"refuse": true` is one a careful person would have to ask about: it
must give no report, and an error must say why.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
OTHER_HANDS = ROOT / "tests" / "other-hands"
FIELD = ROOT.parent / "shared" / "field-corpus"
STATUSES = ("completed", "in_progress", "adjusting", "stopped", "not_started")


@dataclass
class Outcome:
    case: str
    kind: str  # exact | refused (as expected) | refused-unexpected | wrong
    why: str = ""


def corpus_cases(folder: Path) -> list[tuple[str, dict]]:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return sorted(expected.items())


def other_hands_cases() -> list[tuple[Path, str, dict]]:
    return [(sub, case, e) for sub in sorted(p for p in OTHER_HANDS.iterdir() if (p / "expected.json").is_file())
            for case, e in corpus_cases(sub)]


def _norm(s) -> str:
    return " ".join(unicodedata.normalize("NFC", str(s or "")).split()).casefold()


def figures(records: list[dict]) -> dict:
    out: dict = {}
    for r in records:
        s = out.setdefault(r.get("source"), {"records": 0, "support_vnd": 0, "disbursed_vnd": 0,
                                             "status": dict.fromkeys(STATUSES, 0), "stopped": set()})
        s["records"] += 1
        s["support_vnd"] += r.get("support_vnd") or 0
        s["disbursed_vnd"] += r.get("disbursed_vnd") or 0
        if r.get("status") in s["status"]:
            s["status"][r["status"]] += 1
        if r.get("status") == "stopped":
            s["stopped"].add(_norm(r.get("name")))
    return out


def differences(got: dict, want: dict) -> list[str]:
    bad = []
    for src, e in want.items():
        g = got.get(src) or {}
        for key, gkey in (("projects", "records"), ("support_vnd", "support_vnd"), ("disbursed_vnd", "disbursed_vnd")):
            if g.get(gkey) != e[key]:
                bad.append(f"{src}.{gkey}: got {g.get(gkey)} want {e[key]}")
        for k, v in e["status"].items():
            if (g.get("status") or {}).get(k) != v:
                bad.append(f"{src}.status.{k}: got {(g.get('status') or {}).get(k)} want {v}")
        names = {_norm(x["name"]) for x in e["stopped_projects"]}
        if g.get("stopped", set()) != names:
            bad.append(f"{src}.stopped: got {sorted(g.get('stopped', set()))} want {sorted(names)}")
    bad += [f"{src}: {got[src]['records']} records where the sheet has none" for src in got if src not in want]
    return bad


def run_case(folder: Path, case: str, e: dict, kc: str | None = None) -> Outcome:
    """One case, in this process, or with kc (a `khuyencong` program) in a child process."""
    inputs = folder / "cases" / e.get("case_dir", case) / "inputs"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "inputs"
        shutil.copytree(inputs, work)
        args = ["run", "--inputs", str(work), "--outputs", str(Path(tmp) / "out"), "--config",
                str(ROOT / "config.yaml"), "--year", str(e["year"]), "--period", e["period"]]
        if not e.get("bad_files"):
            args += ["--province", e["province_dir"]]
        if kc:
            p = subprocess.run([kc, *args], capture_output=True, text=True, timeout=600)
            log, exception = p.stdout + p.stderr, None
        else:
            from pipeline.cli import app

            result = CliRunner().invoke(app, args, catch_exceptions=True)
            log, exception = result.output, result.exception
        written = [json.loads(p.read_text(encoding="utf-8")) for p in (Path(tmp) / "out").rglob("metrics.json")]
        metrics = next((m for m in written if m["year"] == e["year"] and m["period"] == e["period"]), None)
    if exception is not None and not isinstance(exception, SystemExit):
        return Outcome(case, "wrong", f"exception {type(exception).__name__}: {exception}")
    if "Traceback" in log or "Lỗi không mong đợi" in log:
        return Outcome(case, "wrong", "traceback or unexpected error")
    unnamed = [f for f in e.get("bad_files", []) if f not in log]
    if e.get("refuse"):
        if metrics is not None:
            return Outcome(case, "wrong", f"a report was written where a person would ask: {e.get('why', '')}")
        if "[LỖI]" not in log:
            return Outcome(case, "wrong", "no report and no error saying why")
        return Outcome(case, "refused", next(ln.strip() for ln in log.splitlines() if "[LỖI]" in ln)[:300])
    if metrics is None:
        first = next((ln.strip() for ln in log.splitlines() if "[LỖI]" in ln), log.strip()[-300:])
        return Outcome(case, "refused-unexpected", first[:300])
    problems = [f"no message names '{f}'" for f in unnamed]
    problems += differences(figures(metrics.get("records") or []), e["sources"])
    return Outcome(case, "wrong", "; ".join(problems[:6])) if problems else Outcome(case, "exact")


def tally(outcomes: list[Outcome]) -> str:
    kinds = ("exact", "refused", "refused-unexpected", "wrong")
    counts = {k: sum(o.kind == k for o in outcomes) for k in kinds}
    return (f"exact {counts['exact']}/{len(outcomes)}, refused as a person would {counts['refused']}, "
            f"refused where a person reads it {counts['refused-unexpected']}, wrong {counts['wrong']}")

"""320 generated workbooks: each is read into exactly its known records, or refused with a named finding.

The tally exact / refused / wrong is printed (pytest -s); wrong must be 0.
"""

from collections import Counter

import pytest

from pipeline.core.findings import Finding, Severity
from pipeline.ingest import ingest_file
from tests import generator

pytestmark = pytest.mark.slow

CASES = generator.cases(320)


def outcome(case, config, folder) -> tuple[str, str]:
    path = generator.write(case, folder)
    slug = case.name.split("-20")[0].split("-danh")[0]
    result = ingest_file(path, path.name, config, slug)
    for ledger in result.ledgers:  # every row read has exactly one role, with a reason
        if not ledger.balanced or not all(r.reason for r in ledger.roles):
            return "wrong", f"ledger of {ledger.sheet} does not account for every row"
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    conflicts = result.period_for()[3]
    if conflicts:  # what the batch turns into a PERIOD_CONFLICT error for the file
        errors.append(Finding(Severity.ERROR, "; ".join(conflicts), path.name, code="PERIOD_CONFLICT"))
    got = [(r.source, r.name, r.support_vnd, r.status, r.record_type)
           for r in result.records[~result.records["plan"]].itertuples()]
    if errors:
        codes = {f.code for f in errors}
        if case.refuse and not codes & set(case.refuse):
            return "refused-other", f"expected {case.refuse}, got {sorted(codes)}: {errors[0].format()}"
        return ("refused" if case.refuse else "refused-unexpected"), errors[0].format()
    if case.refuse:
        return "wrong", f"expected a refusal {case.refuse}, read {len(got)} records"
    y, p, _, conflicts = result.period_for()
    if case.period and (y, p) != case.period:
        return "wrong", f"period {(y, p)} {conflicts} != {case.period}"
    if got != case.records:
        missing = [r for r in case.records if r not in got][:2]
        extra = [r for r in got if r not in case.records][:2]
        return "wrong", f"missing {missing} extra {extra}"
    return "exact", ""


@pytest.fixture(scope="session")  # built once per worker, whatever order the tests run in
def tally(config, tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    return {case.name: outcome(case, config, folder) for case in CASES}


def test_corpus_is_varied():
    assert len(CASES) >= 300
    classes = Counter(c.split(":")[0] for case in CASES for c in case.classes)
    assert {"fmt", "unit", "layout", "legacy", "hazard", "name"} <= set(classes)
    assert len({case.suffix for case in CASES}) == 4


def test_no_generated_workbook_is_read_wrong(tally):
    counts = Counter(kind for kind, _ in tally.values())
    print("\ngenerated workbooks:", dict(counts))
    wrong = {name: why for name, (kind, why) in tally.items() if kind == "wrong"}
    assert wrong == {}


def test_refusals_name_the_expected_problem(tally):
    other = {name: why for name, (kind, why) in tally.items() if kind == "refused-other"}
    assert other == {}


def test_clean_workbooks_are_read_not_refused(tally):
    unexpected = {name: why for name, (kind, why) in tally.items() if kind == "refused-unexpected"}
    assert unexpected == {}


def test_reports_built_from_generated_workbooks_carry_their_true_totals(tmp_path, config, root):
    """End to end through `run`: every report written states the planted count and support; every
    workbook that holds a refused problem yields no report."""
    import json

    from typer.testing import CliRunner

    from pipeline.cli import app

    chosen = CASES[:24]
    for case in chosen:
        folder = tmp_path / "inputs" / f"{case.name.split('-20')[0].split('-danh')[0]}-{case.name[-4:]}"
        folder.mkdir(parents=True)
        generator.write(case, folder)
    out = tmp_path / "outputs"
    result = CliRunner().invoke(app, ["run", "--inputs", str(tmp_path / "inputs"), "--outputs", str(out),
                                      "--config", str(root / "config.yaml")])
    assert result.exit_code in (0, 1), result.output
    written = 0
    for case in chosen:
        folder = out / f"{case.name.split('-20')[0].split('-danh')[0]}-{case.name[-4:]}"
        metrics = list(folder.glob("*/metrics.json"))
        if case.refuse:
            assert metrics == [], case.name
            continue
        if not metrics:
            continue  # refused for a reason of its own (e.g. no period stated anywhere): loud, not wrong
        total = json.loads(metrics[0].read_text(encoding="utf-8"))["total"]
        assert (total["records"], total["support_vnd"]) == (len(case.records), sum(r[2] for r in case.records))
        written += 1
    assert written >= 10

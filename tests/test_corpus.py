"""Real-world spreadsheet hazards: each generated workbook reads into the planted records and findings."""

import pytest

from pipeline.ingest import ingest_file
from tests.conftest import record_tuples
from tests.corpus import cases, write_case

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hazard_case(case, config, tmp_path):
    path = write_case(case, tmp_path)
    result = ingest_file(path, path.name, config, "bac-kan")
    got = record_tuples(result.reported, "source", "name", "beneficiary", "support_vnd", "status", "progress")
    assert got == case.records
    assert {(f.severity.value, f.where) for f in result.findings} == case.findings, [f.format() for f in result.findings]
    for ledger in result.ledgers:
        assert ledger.balanced, ledger
    rejected = sum(len(ledger.rejected) for ledger in result.ledgers)
    checks = {"TOTAL_MISMATCH", "SUM_MISMATCH", "NO_RECORDS", "UNIT_UNKNOWN", "UNIT_IMPLAUSIBLE"}
    assert rejected == sum(f.severity.value == "error" and f.code not in checks for f in result.findings)


def test_corpus_is_large_enough():
    assert len(CASES) >= 15 and len({c.suffix for c in CASES}) == 4

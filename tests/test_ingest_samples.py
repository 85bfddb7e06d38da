"""The shipped sample workbooks read into the records the seeds describe."""

from pipeline.ingest import ingest_file
from pipeline.model import Period, Source, Status


def _read(root, config, slug, name):
    path = root / "inputs" / slug / name
    return ingest_file(path, f"{slug}/{name}", config, slug)


def test_bac_kan_sample_carries_seed_002(root, config):
    result = _read(root, config, "bac-kan", "bac-kan-2018-6thang.xlsx")
    assert result.period_for()[:2] == (2018, Period.H1)
    assert result.findings == []
    kcqg = [p for p in result.projects if p.source is Source.KCQG]
    kcdp = [p for p in result.projects if p.source is Source.KCDP]
    assert len(kcqg) == 3 and sum(p.support_vnd for p in kcqg) == 600_000_000
    assert len(kcdp) == 10 and sum(p.support_vnd for p in kcdp) == 529_000_000
    counts = {s: sum(p.status is s for p in kcdp) for s in Status}
    assert counts == {Status.COMPLETED: 2, Status.IN_PROGRESS: 4, Status.ADJUSTING: 0,
                      Status.STOPPED: 2, Status.NOT_STARTED: 2}
    assert {p.progress for p in kcdp if p.status is Status.IN_PROGRESS} == {50.0}
    assert [p.status for p in kcqg] == [Status.IN_PROGRESS, Status.ADJUSTING, Status.STOPPED]
    assert kcqg[2].beneficiary == "Công ty TNHH Đinh Lâm"
    assert kcqg[2].origin.row == 8 and kcqg[2].origin.sheet == "Danh sách đề án"
    ledger = result.ledgers[0]
    assert ledger.balanced and ledger.records == 13


def test_office_layout_with_sections_and_subtotals(root, config):
    """Quảng Ninh's sheet: title rows, merged two-row header, A/B sections, Cộng rows, prose statuses."""
    result = _read(root, config, "quang-ninh", "quang-ninh-2022-nam.xlsx")
    assert result.period_for()[:2] == (2022, Period.YEAR)
    assert result.findings == []  # the stated subtotals agree with the rows
    assert len(result.projects) == 13
    by_source = {s: [p for p in result.projects if p.source is s] for s in Source}
    assert len(by_source[Source.KCQG]) == 3 and len(by_source[Source.KCDP]) == 10
    trial = next(p for p in result.projects if "trà hoa vàng" in p.name)
    assert (trial.status, trial.progress, trial.support_vnd) == (Status.IN_PROGRESS, 50.0, 280_000_000)
    stopped = [p for p in result.projects if p.status is Status.STOPPED]
    assert [p.beneficiary for p in stopped] == ["Cơ sở mộc Đức Thành"]
    assert all(ledger.balanced for ledger in result.ledgers)

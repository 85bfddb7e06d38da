"""The shipped sample workbooks read into the records the seeds describe."""

from pipeline.core.model import Period, Source, Status
from pipeline.ingest import ingest_file


def _read(sample_inputs, config, slug, name):
    path = sample_inputs / slug / name
    return ingest_file(path, f"{slug}/{name}", config, slug)


def test_bac_kan_sample_carries_seed_002(sample_inputs, config):
    result = _read(sample_inputs, config, "bac-kan", "bac-kan-2018-6thang.xlsx")
    assert result.period_for()[:2] == (2018, Period.H1)
    assert result.findings == []
    df = result.reported
    kcqg, kcdp = df[df["source"] == "KCQG"], df[df["source"] == "KCDP"]
    assert len(kcqg) == 3 and kcqg["support_vnd"].sum() == 600_000_000
    assert len(kcdp) == 10 and kcdp["support_vnd"].sum() == 529_000_000
    counts = {s.value: int((kcdp["status"] == s.value).sum()) for s in Status}
    assert counts == {"completed": 2, "in_progress": 4, "adjusting": 0, "stopped": 2, "not_started": 2}
    assert set(kcdp[kcdp["status"] == "in_progress"]["progress"]) == {50.0}
    assert list(kcqg["status"]) == ["in_progress", "adjusting", "stopped"]
    stopped = kcqg.iloc[2]
    assert stopped["beneficiary"] == "Công ty TNHH Đinh Lâm"
    assert stopped["row"] == 8 and stopped["sheet"] == "Danh sách đề án"
    assert list(kcdp["record_type"]).count("nhiem_vu_chi") == 2
    ledger = result.ledgers[0]
    assert ledger.balanced and ledger.records == 13


def test_office_layout_with_sections_and_subtotals(sample_inputs, config):
    """Quảng Ninh's sheet: title rows, merged two-row header, A/B sections, Cộng rows, prose statuses."""
    result = _read(sample_inputs, config, "quang-ninh", "quang-ninh-2022-nam.xlsx")
    assert result.period_for()[:2] == (2022, Period.YEAR)
    assert result.findings == []  # the stated subtotals agree with the rows
    df = result.reported
    assert len(df) == 13
    assert (df["source"] == Source.KCQG).sum() == 3 and (df["source"] == Source.KCDP).sum() == 10
    trial = df[df["name"].str.contains("trà hoa vàng")].iloc[0]
    assert (trial["status"], trial["progress"], trial["support_vnd"]) == ("in_progress", 50.0, 280_000_000)
    assert list(df[df["status"] == "stopped"]["beneficiary"]) == ["Cơ sở mộc Đức Thành"]
    assert all(ledger.balanced for ledger in result.ledgers)

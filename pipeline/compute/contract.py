"""The contract between compute and what reads its results: metrics.json and the roll-up.

A template author or another program can read this file in one page. `Metrics` is written as
metrics.json beside every report (with `schema_version`); its JSON Schema is published in
docs/schema/metrics.schema.json, and `RollUp` (tong-hop.json) in docs/schema/tong-hop.schema.json.
Money is integer đồng; None means no row of the group gave that amount.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "2.1"

# Bounds that no real report reaches: a metrics.json outside them was altered or broken, and is
# refused before its figures are added (-10^30 would overflow every sum after it).
Money = Annotated[int, Field(ge=0, le=10**18)]
Count = Annotated[int, Field(ge=0, le=10**7)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StatusCounts(_Model):
    """Đề án by status (nhiệm vụ chi and bình chọn are not in these counts)."""

    completed: Count = 0
    in_progress: Count = 0
    adjusting: Count = 0
    stopped: Count = 0
    not_started: Count = 0


class Figures(_Model):
    """The figures of one group of records: a funding source, a province, a whole roll-up."""

    projects: Count = Field(description="đề án")
    tasks: Count = Field(description="nhiệm vụ chi")
    votes: Count = Field(0, description="bình chọn sản phẩm CNNT tiêu biểu")
    records: Count = Field(description="projects + tasks + votes")
    support_vnd: Money = Field(description="kinh phí hỗ trợ được giao, all records")
    counterpart_vnd: Money | None = Field(description="kinh phí đối ứng")
    disbursed_vnd: Money | None = Field(description="đã giải ngân")
    settled_vnd: Money | None = Field(None, description="đã thanh quyết toán")
    disbursed_share: float | None = Field(description="disbursed / support, percent")
    status: StatusCounts
    settled: Count = Field(description="đề án đã thanh quyết toán")
    completion_ratio: float | None = Field(description="completed đề án / all đề án (0..1)")


class Stopped(_Model):
    name: str
    beneficiary: str
    place: str
    reason: str


class InProgress(_Model):
    name: str
    beneficiary: str
    place: str
    progress: float | None


class GroupFigures(Figures):
    stopped_projects: list[Stopped] = []
    in_progress_projects: list[InProgress] = []


class Record(_Model):
    """One đề án, nhiệm vụ chi or bình chọn as the report counted it (what a roll-up re-reads)."""

    source: str
    record_type: str
    shape: str
    name: str
    beneficiary: str
    place: str
    content: str
    decision: str
    status: str
    support_vnd: Money
    counterpart_vnd: Money | None
    disbursed_vnd: Money | None
    settled_vnd: Money | None
    settled: bool
    note: str


class Origin(_Model):
    file: str
    sheet: str
    row: int


class Entry(_Model):
    """One record as the report reads it (the templates' `p` in `for p in src.entries`)."""

    source: str
    name: str
    beneficiary: str
    place: str
    content: str
    kind: str = Field(description="Đề án, Đề án nhóm, Đề án điểm, Nhiệm vụ chi, Bình chọn")
    support_vnd: int
    counterpart_vnd: int | None
    disbursed_vnd: int | None
    status: str
    status_label: str
    progress: float | None
    progress_words: str = Field(description="the sheet's words when it gives progress in money")
    status_text: str
    note: str
    settled: bool
    record_type: str
    shape: str
    decision: str
    beneficiaries: int | None
    settled_vnd: int | None
    origin: Origin


class ReportGroup(GroupFigures):
    """A funding source, the total or the next year's plan: its figures and the lists it names."""

    key: str = ""
    label: str = ""
    entries: list[Entry]
    by_status: dict[str, list[Entry]] = Field(description="đề án by status")
    records_by_status: dict[str, list[Entry]] = Field(description="every record by status")
    task_entries: list[Entry] = Field(description="nhiệm vụ chi and bình chọn")


class Counted(_Model):
    rule: str = Field(description="rieng | chung (pipeline.core.model.Counting)")
    merged: dict[str, int] = Field(description="records of other types counted as đề án, by type")


class ReportData(_Model):
    """What compute says of one report: every figure and list the body, the appendix, the tables
    and the charts use. `metrics()` is its projection written as metrics.json; templates read
    `model_dump()` (plain data, so filters and `is none` tests behave as with any data)."""

    province: str
    counting: Counted
    year: int
    period: str
    period_text: str
    sources: dict[str, ReportGroup]
    total: ReportGroup
    breakdowns: dict[str, dict[str, Figures]] = Field(description="content | shape | place -> group -> figures")
    plan: ReportGroup = Field(description="next year's registered đề án (a plan sheet)")
    comparison: dict[str, Any] | None = Field(description="against the earlier report of the year, or why not")

    def metrics(self) -> Metrics:
        def cut(group: Figures, model: type[_Model]) -> dict[str, Any]:
            return group.model_dump(include=set(model.model_fields))
        return Metrics(
            province=self.province, year=self.year, period=self.period, counting=self.counting.rule,
            sources={k: cut(v, GroupFigures) for k, v in self.sources.items()},
            total=cut(self.total, GroupFigures),
            breakdowns={name: {g: cut(f, Figures) for g, f in groups.items()} for name, groups in self.breakdowns.items()},
            records=[e.model_dump(include=set(Record.model_fields)) for e in self.total.entries],
        )


class Metrics(_Model):
    """metrics.json: one province, one period."""

    schema_version: str = SCHEMA_VERSION
    province: str = Field(description="folder name in inputs/, e.g. bac-kan")
    counting: str = Field("rieng", description="rieng: đề án, nhiệm vụ chi, bình chọn counted apart; "
                                             "chung: every record counted as a đề án (record_type de_an)")
    year: int
    period: str = Field(description="6thang | 9thang | nam")
    sources: dict[str, GroupFigures] = Field(description="KCQG, KCDP")
    total: GroupFigures
    breakdowns: dict[str, dict[str, Figures]] = Field(description="content | shape | place -> group -> figures")
    records: list[Record]


class TopActivity(_Model):
    activity: str
    records: Count
    support_vnd: Money


class YearReport(_Model):
    province: str
    name: str
    period: str
    text: str


class YearCoverage(_Model):
    year: int
    reports: list[YearReport] = Field(description="the report counted for each province that year")


class ProvinceRollUp(_Model):
    name: str
    projects: Count
    tasks: Count
    votes: Count
    support_vnd: Money
    disbursed_vnd: Money | None
    settled_vnd: Money | None
    counterpart_vnd: Money | None
    completion_ratio: float | None
    status: StatusCounts
    periods: list[str] = Field(description="the reports counted, e.g. 2021-nam, 2022-9thang")
    from_units: list[str] = Field(description="old provinces grouped into this one (Nghị quyết 202/2025/QH15)")
    stopped_projects: list[Stopped] = []
    carried_over: list[str] = Field([], description="đề án counted once though reported in two years")
    counted_together: bool = Field(False, description="its reports count nhiệm vụ chi and bình chọn as đề án")
    period_text: str = Field("", description="the periods counted, as the text says them: năm 2021 và 9 tháng năm 2022")
    as_of: str = Field("", description="the last day its figures cover: 30/9/2022")
    by_source: dict[str, Figures] = Field({}, description="KCQG, KCDP -> figures")
    top_activity: TopActivity | None = Field(None, description="the activity with the most support")


class Missing(_Model):
    province: str
    name: str
    reason: str


class RollUp(_Model):
    """tong-hop.json: many provinces over a span of periods."""

    schema_version: str = SCHEMA_VERSION
    span: dict[str, Any] = Field(description="from, to, text, units (old | new), legal_source, mixed_periods "
                                             "(provinces' counted reports differ), years_without_reports, asked "
                                             "(provinces asked for), region")
    coverage: list[YearCoverage] = Field([], description="per year of the span, the reports counted")
    provinces: dict[str, ProvinceRollUp]
    total: ProvinceRollUp
    missing: list[Missing]
    by_activity: dict[str, Figures] = Field({}, description="activity (pipeline.compute.activities) -> figures")
    by_shape: dict[str, Figures] = Field({}, description="đề án by shape: don_le | nhom | diem -> figures")


PUBLISHED = {"metrics.schema.json": Metrics, "tong-hop.schema.json": RollUp}


def json_schemas() -> dict[str, dict[str, Any]]:
    return {name: model.model_json_schema() for name, model in PUBLISHED.items()}

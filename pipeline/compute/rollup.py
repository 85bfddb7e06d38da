"""The roll-up (tổng hợp): many provinces over a span of periods, from province reports' metrics.

Rules:
- Reports are cumulative within a year, so each province-year counts its latest report in the
  span (the 9-month report, not the 6-month one too): a đề án in both counts once, with its
  latest status. The end of the span limits its year (`2022-9thang`: no later than 9 months);
  a bare year at the end means its year-end report, else its latest one.
- A đề án carried over into the next year (same name, beneficiary and quyết định) counts once,
  in its latest year, and is listed as carried over.
- Provinces are keyed by the units of the span's end: from 1/7/2025 on, old provinces are grouped
  into the new ones (pipeline.compute.units). Every province asked for that has no report is listed in
  `missing` with the reason.
Every figure of a province is computed from the records of its counted reports, so the roll-up
equals the sum of those reports (less carried-over duplicates) and the total the sum of provinces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from pipeline.compute import units
from pipeline.compute.contract import Metrics, RollUp
from pipeline.compute.activities import activity
from pipeline.compute.figures import empty_figures, figures_by, figures_groups, total_figures
from pipeline.core.errors import CannotStart
from pipeline.core.model import Counting, Period
from pipeline.core.textnorm import fold
from pipeline.core.vnformat import join_vn, share

_ORDER = {Period.H1: 0, Period.M9: 1, Period.YEAR: 2}
_PERIOD_RE = re.compile(r"^\s*((?:19|20)\d{2})(?:-(6thang|9thang|nam))?\s*$")


class SpanError(CannotStart, ValueError):
    """A span the user wrote that cannot be read; str() is Vietnamese."""


@dataclass(frozen=True)
class PeriodRef:
    year: int
    period: Period | None  # None: a bare year

    @classmethod
    def parse(cls, text: str) -> PeriodRef:
        m = _PERIOD_RE.match(text or "")
        if not m:
            raise SpanError(f"Kỳ “{text}” không đúng dạng; viết YYYY, YYYY-6thang, YYYY-9thang hoặc YYYY-nam "
                            "(vd. 2021, 2022-9thang).")
        return cls(int(m.group(1)), Period(m.group(2)) if m.group(2) else None)

    @property
    def text(self) -> str:
        return f"{self.year}" + (f"-{self.period.value}" if self.period else "")


@dataclass(frozen=True)
class Span:
    start: PeriodRef
    end: PeriodRef

    @classmethod
    def parse(cls, start: str | None, end: str) -> Span:
        e = PeriodRef.parse(end)
        s = PeriodRef.parse(start) if start else PeriodRef(e.year, e.period)
        if (s.year, _ORDER.get(s.period, 0)) > (e.year, _ORDER.get(e.period, 2)):
            raise SpanError(f"Kỳ bắt đầu {s.text} ở sau kỳ kết thúc {e.text}.")
        return cls(s, e)

    @property
    def label(self) -> str:
        """Folder name: "2022-9thang" or "2021-den-2022-9thang"."""
        return self.end.text if self.start == self.end else f"{self.start.text}-den-{self.end.text}"

    @cached_property
    def new_units(self) -> bool:
        """Does the span end on or after 1/7/2025 (so provinces are the 34 new ones)?"""
        end_period = self.end.period or Period.YEAR
        return units.after_reorganisation(self.end.year, end_period)

    def allows(self, year: int, period: Period) -> bool:
        if not self.start.year <= year <= self.end.year:
            return False
        if year == self.end.year and self.end.period and _ORDER[period] > _ORDER[self.end.period]:
            return False
        if year == self.start.year and self.start.period and _ORDER[period] < _ORDER[self.start.period]:
            return False
        return True

    def choose(self, available: set[tuple[int, Period]]) -> list[tuple[int, Period]]:
        """The report counted for each year of the span: the latest one the span allows."""
        chosen = []
        for year in range(self.start.year, self.end.year + 1):
            options = [p for (y, p) in available if y == year and self.allows(y, p)]
            if options:
                chosen.append((year, max(options, key=_ORDER.get)))
        return chosen

    def wording(self, chosen: list[tuple[int, Period]] | None = None) -> str:
        """"năm 2021 và 9 tháng năm 2022"; a long span: "giai đoạn 2018 - 2024"."""
        end = self.end.period.wording(self.end.year) if self.end.period else f"năm {self.end.year}"
        if self.start.year == self.end.year:
            return end
        if self.end.year - self.start.year >= 3:
            return f"giai đoạn {self.start.year} - {self.end.year}" + (
                "" if self.end.period in (None, Period.YEAR) else f" (đến hết {end})")
        years = [f"năm {y}" for y in range(self.start.year, self.end.year)]
        return join_vn([*years, end], ", ")


@dataclass
class ProvinceReport:
    """One province report counted by the roll-up: its folder slug and its metrics."""

    slug: str
    metrics: Metrics
    sample: bool = False  # built from the shipped sample data (the roll-up then says so on every page)


def unit_of(slug: str, span: Span) -> str:
    return units.new_unit(slug) if span.new_units else slug


def records_frame(reports: list[ProvinceReport], span: Span) -> pd.DataFrame:
    """All counted records, one row each, with unit, province, year and period."""
    rows = []
    for r in reports:
        where = {"province": r.slug, "unit": unit_of(r.slug, span), "year": r.metrics.year, "period": r.metrics.period}
        rows += [{**rec.__dict__, **where} for rec in r.metrics.records]
    if not rows:
        return pd.DataFrame(columns=["unit", "province", "year", "period", "record_type", "status", "settled",
                                     "support_vnd", "counterpart_vnd", "disbursed_vnd", "settled_vnd", "name",
                                     "beneficiary", "place", "decision", "note", "source", "shape", "content",
                                     "activity"])
    df = pd.DataFrame.from_records(rows)
    for money in ("support_vnd", "counterpart_vnd", "disbursed_vnd", "settled_vnd"):
        df[money] = df[money].astype("Int64")
    df["activity"] = [activity(c, n) for c, n in zip(df["content"], df["name"])]
    return df


def drop_carried_over(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(records counted, earlier-year copies of carried-over đề án that are not counted)."""
    if df.empty:
        return df, df
    has_decision = df["decision"].fillna("").str.strip() != ""
    key = (df["unit"] + "\x1f" + df["name"].map(fold) + "\x1f" + df["beneficiary"].map(fold)
           + "\x1f" + df["decision"].map(fold))
    df = df.assign(_key=key.where(has_decision, None))
    latest_year = df.groupby("_key")["year"].transform("max")
    earlier = df["_key"].notna() & (df["year"] < latest_year)
    return df[~earlier].drop(columns="_key"), df[earlier].drop(columns="_key")


def _stopped(df: pd.DataFrame) -> dict[str, list[dict[str, str]]]:
    """Stopped đề án with their reasons, per unit."""
    out: dict[str, list[dict[str, str]]] = {}
    if df.empty:
        return out
    stopped = df[(df["record_type"] == "de_an") & (df["status"] == "stopped")]
    for unit, n, b, p, r in zip(stopped["unit"], stopped["name"], stopped["beneficiary"], stopped["place"],
                                stopped["note"]):
        out.setdefault(unit, []).append({"name": n, "beneficiary": b or "", "place": p or "", "reason": r or ""})
    return out


def _province_entry(fig: dict[str, Any], name: str, periods: list[str], members: list[str],
                    stopped: list[dict[str, str]], carried: list[str], together: bool = False,
                    counted: list[tuple[int, Period]] = (), groups: dict[str, Any] | None = None) -> dict[str, Any]:
    last = max(counted, key=lambda yp: (yp[0], _ORDER[yp[1]])) if counted else None
    return {
        "name": name, **{k: fig[k] for k in ("projects", "tasks", "votes", "support_vnd", "disbursed_vnd",
                                             "settled_vnd", "counterpart_vnd", "completion_ratio", "status")},
        "periods": periods, "from_units": members, "stopped_projects": stopped, "carried_over": carried,
        "counted_together": together,
        "period_text": join_vn([p.wording(y) for y, p in sorted(set(counted), key=lambda yp: (yp[0], _ORDER[yp[1]]))]),
        "as_of": "" if last is None else "{2}/{1}/{0}".format(*last[1].as_of(last[0])),
        **(groups or {"by_source": {}, "top_activity": None}),
    }


def _groups(df: pd.DataFrame, by: str | None = None) -> dict[Any, dict[str, Any]]:
    """Per group of `by` (or for the whole frame, key None): figures per source and the main
    activity (the one with the most support). Two groupbys for all groups together."""
    if df.empty:
        return {}
    keys = [by] if by else []
    out: dict[Any, dict[str, Any]] = {}
    for key, fig in figures_groups(df, [*keys, "source"]).items():
        group, source = key if by else (None, *key)
        out.setdefault(group, {"by_source": {}, "top_activity": None})["by_source"][str(source)] = fig
    for key, fig in figures_groups(df, [*keys, "activity"]).items():
        group, name = key if by else (None, *key)
        top = out[group]["top_activity"]
        support = fig["support_vnd"]
        if top is None or (support, str(name)) > (top["support_vnd"], top["activity"]):
            out[group]["top_activity"] = {"activity": str(name), "records": fig["records"], "support_vnd": support}
    return out


def coverage(keep: dict[str, set[tuple[int, Period]]], span: Span) -> list[dict[str, Any]]:
    """Per year of the span, which province counted which report ("Hà Giang: 9 tháng năm 2022");
    a year no province reported has an empty list, so the text can name it."""
    years = []
    for year in range(span.start.year, span.end.year + 1):
        reports = sorted(({"province": slug, "name": units.name(slug), "period": p.value, "text": p.wording(y)}
                          for slug, chosen in keep.items() for (y, p) in chosen if y == year),
                         key=lambda r: fold(r["name"]))
        years.append({"year": year, "reports": reports})
    return years


def roll_up(reports: list[ProvinceReport], span: Span, wanted: list[str],
            failed: dict[str, str] | None = None, region: str = "") -> dict[str, Any]:
    """tong-hop.json data. `wanted`: the province slugs asked for (old or new names); `failed`:
    slug -> why its reports could not be counted (listed as missing, never skipped quietly);
    `region`: how the provinces asked for are named ("khu vực phía Bắc"), "" for none."""
    failed = failed or {}
    chosen: dict[str, set[tuple[int, Period]]] = {}
    for r in reports:
        chosen.setdefault(r.slug, set()).add((r.metrics.year, Period(r.metrics.period)))
    keep = {slug: set(span.choose(av)) for slug, av in chosen.items()}
    counted = [r for r in reports if (r.metrics.year, Period(r.metrics.period)) in keep[r.slug]]
    df, earlier = drop_carried_over(records_frame(counted, span))
    per_unit = figures_groups(df, ["unit"])
    by_unit: dict[str, list[ProvinceReport]] = {}
    for r in counted:
        by_unit.setdefault(unit_of(r.slug, span), []).append(r)
    carried_by_unit = earlier.groupby("unit")["name"].apply(lambda s: sorted(set(s))).to_dict() if len(earlier) else {}
    stopped = _stopped(df)
    provinces: dict[str, Any] = {}
    groups = _groups(df, "unit")
    for unit in sorted(by_unit):
        slugs = sorted({r.slug for r in by_unit[unit]})
        periods = sorted({f"{r.metrics.year}-{r.metrics.period}" + ("" if len(slugs) == 1 else f" ({r.slug})")
                          for r in by_unit[unit]})
        members = slugs if span.new_units and slugs != [unit] else []
        fig = per_unit.get((unit,)) or empty_figures()
        together = any(r.metrics.counting == Counting.TOGETHER for r in by_unit[unit])
        mine = [(r.metrics.year, Period(r.metrics.period)) for r in by_unit[unit]]
        provinces[unit] = _province_entry(fig, units.name(unit), periods, members, stopped.get(unit, []),
                                          carried_by_unit.get(unit, []), together, mine, groups.get(unit))
    total_fig = total_figures(df)
    everything = [yp for chosen in keep.values() for yp in chosen]
    total = _province_entry(total_fig, "Tổng cộng", sorted({f"{y}-{p.value}" for s in keep.values() for y, p in s}),
                            [], [s for unit in sorted(stopped) for s in stopped[unit]],
                            sorted(set(earlier["name"])) if len(earlier) else [], False, everything,
                            _groups(df).get(None))
    # one report kind per province-year is always counted; provinces whose counted reports differ
    # (a 6-month snapshot beside year-end figures) are added only with each one's period stated
    kinds = {tuple(sorted((y, p.value) for y, p in chosen)) for chosen in keep.values()}
    asked = sorted({unit_of(s, span) for s in wanted})
    missing = []
    for unit in asked:
        if unit in provinces:
            continue
        reasons = [f"{units.name(s)}: {failed[s]}" for s in sorted(failed) if unit_of(s, span) == unit]
        missing.append({"province": unit, "name": units.name(unit),
                        "reason": "; ".join(reasons) or f"chưa có báo cáo {span.wording()}"})
    years = coverage(keep, span)
    data = {
        "span": {"from": span.start.text, "to": span.end.text, "text": span.wording(),
                 "units": "new" if span.new_units else "old",
                 "legal_source": units.LEGAL_SOURCE if span.new_units else "",
                 "mixed_periods": len(kinds) > 1,
                 "years_without_reports": [y["year"] for y in years if not y["reports"]],
                 "asked": len(asked), "region": region},
        "coverage": years,
        "provinces": provinces, "total": total, "missing": missing,
        "by_activity": figures_by(df, "activity") if len(df) else {},
        "by_shape": figures_by(df[df["record_type"] == "de_an"], "shape") if len(df) else {},
    }
    return RollUp.model_validate(data).model_dump(mode="json")


def ranking(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Provinces by support assigned (largest first), with completion ratio and budget use."""
    rows = []
    for slug, p in data["provinces"].items():
        rows.append({"slug": slug, **p, "disbursed_share": share(p["disbursed_vnd"], p["support_vnd"])})
    return sorted(rows, key=lambda r: (-r["support_vnd"], r["name"]))

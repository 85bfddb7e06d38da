"""Records table -> the data of one report: figures per funding source and in total, the lists a
report names (by status, stopped with reasons), breakdowns, and the comparison with an earlier
report of the same year. Plain JSON-able data; templates read it and metrics.json is cut from it.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from pipeline.compute.contract import ReportData
from pipeline.compute.figures import STATUSES, empty_figures, figures_by, total_figures
from pipeline.core.model import Counting, Period, Source, Status
from pipeline.core.textnorm import fold
from pipeline.ingest.records import KIND_LABELS, TYPE_LABELS, empty, key_frame

_MONEY_FRACTION = re.compile(r"\d[\d.,]*\s*/\s*\d[\d.,]*\s*(?:triệu|tr\.?\s?đ|tỷ|nghìn|ngàn|đồng)", re.IGNORECASE)
_AREA = re.compile(r"(?:huyện|thị xã|thành phố|tp\.?|quận|đặc khu)\s+[^,;()]+", re.IGNORECASE)


def _values(df: pd.DataFrame, name: str) -> list[Any]:
    """A column as plain Python values, None where missing (pd.NA, NaN, None)."""
    return [None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v for v in df[name].tolist()]


def entries(df: pd.DataFrame) -> list[dict[str, Any]]:
    """One dict per record, in table order, as templates read it."""
    cols = {name: _values(df, name) for name in df.columns}
    out = []
    for i in range(len(df)):
        r = {name: values[i] for name, values in cols.items()}
        status = Status(r["status"])
        out.append({
            "source": r["source"], "name": r["name"], "beneficiary": r["beneficiary"] or "",
            "place": r["place"] or "", "content": r["content"] or "",
            "kind": TYPE_LABELS.get(r["record_type"]) or KIND_LABELS.get((r["record_type"], r["shape"]), "Đề án"),
            "support_vnd": int(r["support_vnd"]),
            "counterpart_vnd": _int(r["counterpart_vnd"]), "disbursed_vnd": _int(r["disbursed_vnd"]),
            "status": status.value, "status_label": status.label,
            "progress": None if r["progress"] is None else float(r["progress"]),
            "progress_words": progress_words(r["status_text"]) if status is Status.IN_PROGRESS else "",
            "status_text": r["status_text"] or "", "note": r["note"] or "", "settled": bool(r["settled"]),
            "record_type": r["record_type"], "shape": r["shape"], "decision": r["decision"] or "",
            "beneficiaries": _int(r["beneficiaries"]), "settled_vnd": _int(r["settled_vnd"]),
            "origin": {"file": r["file"], "sheet": r["sheet"], "row": int(r["row"])},
        })
    return out


def progress_words(status_text: str | None) -> str:
    """The sheet's own words when it measures progress in money ("đã thực hiện 140/280 triệu đồng,
    đạt 50%"), so the report says money, not "50% khối lượng công việc"; else ""."""
    text = " ".join((status_text or "").split()).rstrip(".;")
    if not _MONEY_FRACTION.search(text):
        return ""
    return text[:1].lower() + text[1:]


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _lists(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The named lists of one group: đề án by status, all records by status, stopped and in progress."""
    projects = [i for i in items if i["record_type"] == "de_an"]
    by_status = {s: [i for i in projects if i["status"] == s] for s in STATUSES}
    return {
        "stopped_projects": [
            {"name": i["name"], "beneficiary": i["beneficiary"], "place": i["place"],
             "reason": i["note"] or i["status_text"]} for i in by_status["stopped"]],
        "in_progress_projects": [
            {"name": i["name"], "beneficiary": i["beneficiary"], "place": i["place"], "progress": i["progress"]}
            for i in by_status["in_progress"]],
        "by_status": by_status,
        "records_by_status": {s: [i for i in items if i["status"] == s] for s in STATUSES},
        "entries": items,
        "task_entries": [i for i in items if i["record_type"] != "de_an"],
    }


def area(place: str) -> str:
    """The district (huyện, thị xã, thành phố) a place names, else the place itself."""
    place = (place or "").strip()
    if not place:
        return "(không ghi địa điểm)"
    if ";" in place or fold(place).startswith("cac "):
        return "nhiều địa bàn"
    found = _AREA.findall(place)
    return found[-1].strip() if found else place


def breakdowns(df: pd.DataFrame) -> dict[str, dict[str, dict[str, Any]]]:
    """Figures by activity content, by shape (đơn lẻ / nhóm / điểm) and by district."""
    if df.empty:
        return {"content": {}, "shape": {}, "place": {}}
    extra = df.assign(content=df["content"].fillna("").replace("", "(không ghi nội dung)"),
                      area=df["place"].fillna("").map(area))
    return {"content": figures_by(extra, "content"), "shape": figures_by(df, "shape"),
            "place": figures_by(extra, "area")}


def summarize(df: pd.DataFrame) -> dict[str, Any]:
    """Figures and lists of one group of records (used for a plan sheet)."""
    return {**(total_figures(df) if len(df) else empty_figures()), **_lists(entries(df))}


def compare(before: pd.DataFrame, before_period: Period, after: pd.DataFrame, year: int) -> dict[str, Any]:
    """Year-end against the earlier report of the same year: what finished, what moved."""
    b = before.assign(_key=key_frame(before)).drop_duplicates("_key")
    a = after.assign(_key=key_frame(after))
    then_status = dict(zip(b["_key"], b["status"]))
    newly = a[(a["status"] == "completed") & a["_key"].map(lambda k: k in then_status and then_status[k] != "completed")]
    projects_b, projects_a = b[b["record_type"] == "de_an"], a[a["record_type"] == "de_an"]
    return {
        "period": before_period.value,
        "period_text": before_period.wording(year),
        "completed_then": int((projects_b["status"] == "completed").sum()),
        "completed_now": int((projects_a["status"] == "completed").sum()),
        "disbursed_then": total_figures(b)["disbursed_vnd"] if len(b) else None,
        "disbursed_now": total_figures(a)["disbursed_vnd"] if len(a) else None,
        "newly_completed": entries(newly.drop(columns="_key")),
        "added": entries(a[~a["_key"].isin(b["_key"])].drop(columns="_key")),
        "dropped": entries(b[~b["_key"].isin(a["_key"])].drop(columns="_key")),
    }


def counterpart_split(items: list[dict[str, Any]]) -> tuple[int | None, int | None]:
    """(counterpart money of the records not stopped, of the stopped ones): the body's "vốn đối ứng"
    is the first; the appendix's column sums both and says so."""
    def total(group: list[dict[str, Any]]) -> int | None:
        known = [i["counterpart_vnd"] for i in group if i["counterpart_vnd"] is not None]
        return sum(known) if known else None
    return (total([i for i in items if i["status"] != "stopped"]),
            total([i for i in items if i["status"] == "stopped"]))


def counted(records: pd.DataFrame, counting: Counting) -> pd.DataFrame:
    """The records as the counting rule counts them: under TOGETHER every record is a đề án."""
    if counting is Counting.TOGETHER and len(records):
        return records.assign(record_type="de_an")
    return records


def compute_report(records: pd.DataFrame, province: str, year: int, period: Period,
                   plan: pd.DataFrame | None = None, comparison: dict[str, Any] | None = None,
                   counting: Counting = Counting.SEPARATE) -> ReportData:
    """The report data, typed (ReportData; metrics.json is its projection). `counting` is applied
    here, once: every count the body, the appendix, the funding table, the charts, metrics.json
    and a roll-up give comes from the records it yields."""
    merged = (records.loc[records["record_type"] != "de_an", "record_type"].value_counts().to_dict()
              if counting is Counting.TOGETHER and len(records) else {})
    df = counted(records, counting).reset_index(drop=True)
    items = entries(df)
    per_source = figures_by(df, "source")
    sources = {}
    for source in Source:
        mine = [i for i in items if i["source"] == source.value]
        sources[source.value] = {**per_source.get(source.value, empty_figures()), **_lists(mine),
                                 "key": source.value, "label": source.label}
    return ReportData.model_validate({
        "province": province,
        "counting": {"rule": counting.value, "merged": {str(k): int(v) for k, v in sorted(merged.items())}},
        "year": year,
        "period": period.value,
        "period_text": period.wording(year),
        "sources": sources,
        "total": {**total_figures(df), **_lists(items)},
        "breakdowns": breakdowns(df),
        "plan": summarize(plan if plan is not None else empty()),
        "comparison": comparison,
    })


def provenance(typed: ReportData) -> dict[str, list[dict[str, Any]]]:
    """Each figure of metrics.json -> the input rows (file, sheet, row, value) it was computed from."""
    out: dict[str, list[dict[str, Any]]] = {}
    report = typed.model_dump()

    def rows(items: list[dict], field: str | None = None) -> list[dict[str, Any]]:
        return [{**i["origin"], "name": i["name"], **({"value": i[field]} if field else {})}
                for i in items if field is None or i[field] is not None]

    groups = {f"sources.{k}": v for k, v in report["sources"].items()} | {"total": report["total"]}
    for prefix, data in groups.items():
        entries_ = data["entries"]
        for record_type, name in (("de_an", "projects"), ("nhiem_vu_chi", "tasks"), ("binh_chon", "votes")):
            out[f"{prefix}.{name}"] = rows([i for i in entries_ if i["record_type"] == record_type])
        for field in ("support_vnd", "counterpart_vnd", "disbursed_vnd", "settled_vnd"):
            out[f"{prefix}.{field}"] = rows(entries_, field)
        for status, items in data["by_status"].items():
            out[f"{prefix}.status.{status}"] = rows(items)
        out[f"{prefix}.settled"] = rows([i for i in entries_ if i["record_type"] == "de_an" and i["settled"]])
        out[f"{prefix}.stopped_projects"] = rows(data["by_status"]["stopped"])
        out[f"{prefix}.in_progress_projects"] = rows(data["by_status"]["in_progress"])
    return out

"""Records -> report data: counts, money and status breakdowns per funding source.

The result is plain JSON-able data; templates read it and metrics.json is cut from it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pipeline.model import Period, Project, Source, Status
from pipeline.vnformat import share


def project_dict(p: Project) -> dict[str, Any]:
    return {
        "source": p.source.value, "name": p.name, "beneficiary": p.beneficiary, "place": p.place,
        "content": p.content, "kind": p.kind, "support_vnd": p.support_vnd,
        "counterpart_vnd": p.counterpart_vnd, "disbursed_vnd": p.disbursed_vnd,
        "status": p.status.value, "status_label": p.status.label, "progress": p.progress,
        "status_text": p.status_text, "note": p.note,
        "origin": {"file": p.origin.file, "sheet": p.origin.sheet, "row": p.origin.row},
    }


def _sum_optional(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def summarize(projects: list[Project]) -> dict[str, Any]:
    """Aggregates of one group of projects (a funding source, or all)."""
    items = [project_dict(p) for p in projects]
    by_status: dict[str, list[dict]] = {s.value: [] for s in Status}
    for item in items:
        by_status[item["status"]].append(item)
    support = sum(p.support_vnd for p in projects)
    disbursed = _sum_optional([p.disbursed_vnd for p in projects])
    n = len(projects)
    return {
        "projects": n,
        "support_vnd": support,
        "counterpart_vnd": _sum_optional([p.counterpart_vnd for p in projects]),
        "disbursed_vnd": disbursed,
        "disbursed_share": share(disbursed, support),
        "status": {s: len(v) for s, v in by_status.items()},
        "completion_ratio": (len(by_status["completed"]) / n) if n else None,
        "stopped_projects": [
            {"name": i["name"], "beneficiary": i["beneficiary"], "place": i["place"], "reason": i["note"] or i["status_text"]}
            for i in by_status["stopped"]
        ],
        "in_progress_projects": [
            {"name": i["name"], "beneficiary": i["beneficiary"], "place": i["place"], "progress": i["progress"]}
            for i in by_status["in_progress"]
        ],
        "by_status": by_status,
        "entries": items,
    }


def compute_report(projects: list[Project], province: str, year: int, period: Period) -> dict[str, Any]:
    grouped: dict[Source, list[Project]] = defaultdict(list)
    for p in projects:
        grouped[p.source].append(p)
    sources = {}
    for source in Source:
        data = summarize(grouped.get(source, []))
        data.update(key=source.value, label=source.label)
        sources[source.value] = data
    total = summarize(projects)
    return {
        "province": province,
        "year": year,
        "period": period.value,
        "period_text": period.wording(year),
        "sources": sources,
        "total": total,
    }


METRIC_KEYS = ("projects", "support_vnd", "counterpart_vnd", "disbursed_vnd", "disbursed_share",
               "status", "completion_ratio", "stopped_projects", "in_progress_projects")


def metrics(report: dict[str, Any]) -> dict[str, Any]:
    """The machine-readable summary written as metrics.json."""
    def cut(d: dict) -> dict:
        return {k: d[k] for k in METRIC_KEYS}
    return {
        "province": report["province"],
        "year": report["year"],
        "period": report["period"],
        "sources": {k: cut(v) for k, v in report["sources"].items()},
        "total": cut(report["total"]),
    }

"""Records -> report data: counts, money and status breakdowns per funding source.

The result is plain JSON-able data; templates read it and metrics.json is cut from it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pipeline.model import Period, Project, Source, Status
from pipeline.textnorm import fold
from pipeline.vnformat import share


def project_dict(p: Project) -> dict[str, Any]:
    return {
        "source": p.source.value, "name": p.name, "beneficiary": p.beneficiary, "place": p.place,
        "content": p.content, "kind": p.kind, "support_vnd": p.support_vnd,
        "counterpart_vnd": p.counterpart_vnd, "disbursed_vnd": p.disbursed_vnd,
        "status": p.status.value, "status_label": p.status.label, "progress": p.progress,
        "status_text": p.status_text, "note": p.note, "settled": p.settled,
        "record_type": p.record_type, "shape": p.shape, "decision": p.decision,
        "beneficiaries": p.beneficiaries, "settled_vnd": p.settled_vnd,
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
        "settled": sum(p.settled for p in projects),
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


def project_key(p: Project) -> tuple:
    """What makes two rows the same đề án: source, name, beneficiary and place (folded)."""
    return (p.source, fold(p.name), fold(p.beneficiary), fold(p.place))


def compare(before: list[Project], before_period: Period, after: list[Project], year: int) -> dict[str, Any]:
    """Year-end against the earlier report of the same year: what finished, what moved."""
    then = {project_key(p): p for p in before}
    now_keys = {project_key(p) for p in after}
    newly = [project_dict(p) for p in after
             if p.status is Status.COMPLETED and project_key(p) in then and then[project_key(p)].status is not Status.COMPLETED]
    return {
        "period": before_period.value,
        "period_text": before_period.wording(year),
        "completed_then": sum(p.status is Status.COMPLETED for p in before),
        "completed_now": sum(p.status is Status.COMPLETED for p in after),
        "disbursed_then": _sum_optional([p.disbursed_vnd for p in before]),
        "disbursed_now": _sum_optional([p.disbursed_vnd for p in after]),
        "newly_completed": newly,
        "added": [project_dict(p) for p in after if project_key(p) not in then],
        "dropped": [project_dict(p) for p in before if project_key(p) not in now_keys],
    }


def compute_report(projects: list[Project], province: str, year: int, period: Period,
                   plan: list[Project] | None = None, comparison: dict[str, Any] | None = None) -> dict[str, Any]:
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
        "plan": summarize(plan or []),
        "comparison": comparison,
    }


METRIC_KEYS = ("projects", "support_vnd", "counterpart_vnd", "disbursed_vnd", "disbursed_share",
               "status", "settled", "completion_ratio", "stopped_projects", "in_progress_projects")


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


def provenance(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Each figure of metrics.json -> the input rows (file, sheet, row, value) it was computed from."""
    out: dict[str, list[dict[str, Any]]] = {}

    def rows(items: list[dict], field: str | None = None) -> list[dict[str, Any]]:
        return [{**i["origin"], "name": i["name"], **({"value": i[field]} if field else {})}
                for i in items if field is None or i[field] is not None]

    groups = {f"sources.{k}": v for k, v in report["sources"].items()} | {"total": report["total"]}
    for prefix, data in groups.items():
        entries = data["entries"]
        out[f"{prefix}.projects"] = rows(entries)
        for field in ("support_vnd", "counterpart_vnd", "disbursed_vnd"):
            out[f"{prefix}.{field}"] = rows(entries, field)
        for status, items in data["by_status"].items():
            out[f"{prefix}.status.{status}"] = rows(items)
        out[f"{prefix}.settled"] = rows([i for i in entries if i["settled"]])
        out[f"{prefix}.stopped_projects"] = rows(data["by_status"]["stopped"])
        out[f"{prefix}.in_progress_projects"] = rows(data["by_status"]["in_progress"])
    return out

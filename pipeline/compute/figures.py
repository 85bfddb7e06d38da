"""Figures of groups of records, computed with groupby over the records table.

Counts: `projects` are đề án, `tasks` nhiệm vụ chi, `votes` bình chọn; money covers all three.
Status counts and the completion ratio are about đề án only. Money sums are nullable Int64:
a column with no known value in a group sums to None, never to 0 and never through a float.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from pipeline.core.model import Status
from pipeline.core.vnformat import share

STATUSES = [s.value for s in Status]
MONEY = ["support_vnd", "counterpart_vnd", "disbursed_vnd", "settled_vnd"]
COUNTS = {"de_an": "projects", "nhiem_vu_chi": "tasks", "binh_chon": "votes"}
ALL = "_all"


def figures_table(df: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """One row per group (or one row, index "_all", without `by`): counts, money, status counts.

    One groupby over indicator columns (is a đề án, has this status, is settled …) rather than a
    groupby per count: a report computes a dozen of these tables, each on a few dozen rows."""
    keys_frame = df[by] if by else pd.DataFrame({ALL: ALL}, index=df.index)
    by = list(keys_frame.columns)
    kind, status = df["record_type"].to_numpy(), df["status"].to_numpy()
    project = kind == "de_an"
    columns: dict[str, object] = {"records": 1}
    for record_type, name in COUNTS.items():
        columns[name] = kind == record_type
    for st in STATUSES:
        columns[f"status.{st}"] = project & (status == st)
    columns["settled"] = project & df["settled"].fillna(False).to_numpy(dtype=bool)
    counted = list(columns)
    work = pd.concat([keys_frame, df[MONEY], pd.DataFrame(columns, index=df.index).astype("int64")], axis=1)
    grouped = work.groupby(by[0] if len(by) == 1 else by, sort=True, dropna=False)
    out = grouped[MONEY].sum(min_count=1).astype("Int64")
    out[counted] = grouped[counted].sum().astype("int64")
    return out


def figures(row: pd.Series) -> dict[str, Any]:
    """One row of figures_table as plain Python data (the keys of metrics.json)."""
    def money(column: str) -> int | None:
        value = row[column]
        return None if pd.isna(value) else int(value)

    projects = int(row["projects"])
    completed = int(row["status.completed"])
    support, disbursed = money("support_vnd") or 0, money("disbursed_vnd")
    return {
        "projects": projects, "tasks": int(row["tasks"]), "votes": int(row["votes"]), "records": int(row["records"]),
        "support_vnd": support, "counterpart_vnd": money("counterpart_vnd"), "disbursed_vnd": disbursed,
        "settled_vnd": money("settled_vnd"), "disbursed_share": share(disbursed, support),
        "status": {s: int(row[f"status.{s}"]) for s in STATUSES}, "settled": int(row["settled"]),
        "completion_ratio": (completed / projects) if projects else None,
    }


def empty_figures() -> dict[str, Any]:
    return {"projects": 0, "tasks": 0, "votes": 0, "records": 0, "support_vnd": 0, "counterpart_vnd": None,
            "disbursed_vnd": None, "settled_vnd": None, "disbursed_share": None,
            "status": dict.fromkeys(STATUSES, 0), "settled": 0, "completion_ratio": None}


def figures_by(df: pd.DataFrame, column: str) -> dict[str, dict[str, Any]]:
    """{group value: figures} for one column (source, content, shape, place, province...)."""
    if df.empty:
        return {}
    table = figures_table(df, [column])
    return {str(key): figures(row) for key, row in table.iterrows()}


def total_figures(df: pd.DataFrame) -> dict[str, Any]:
    if df.empty:
        return empty_figures()
    return figures(figures_table(df).iloc[0])

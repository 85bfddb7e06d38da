"""Figures of groups of records, computed in one pass over the records table's columns.

Counts: `projects` are đề án, `tasks` nhiệm vụ chi, `votes` bình chọn; money covers all three.
Status counts and the completion ratio are about đề án only. Money sums are exact integers: a
column with no known value in a group sums to None, never to 0 and never through a float.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from pipeline.core.model import Status
from pipeline.core.vnformat import share

STATUSES = [s.value for s in Status]
MONEY = ["support_vnd", "counterpart_vnd", "disbursed_vnd", "settled_vnd"]
COUNTS = {"de_an": "projects", "nhiem_vu_chi": "tasks", "binh_chon": "votes"}


def _group_codes(df: pd.DataFrame, by: list[str]) -> tuple[np.ndarray, list[tuple]]:
    """(group number of each row, the groups' key tuples), groups in sorted key order with a
    missing key last, as a sorted groupby orders them."""
    codes = np.zeros(len(df), dtype=np.int64)
    uniques: list[np.ndarray] = []
    for column in by:
        column_codes, column_uniques = pd.factorize(df[column], sort=True, use_na_sentinel=False)
        codes = codes * len(column_uniques) + column_codes
        uniques.append(np.asarray(column_uniques, dtype=object))
    found, codes = np.unique(codes, return_inverse=True)
    keys = []
    for combined in found.tolist():
        key = []
        for column_uniques in reversed(uniques):
            combined, at = divmod(combined, len(column_uniques))
            key.append(column_uniques[at])
        keys.append(tuple(reversed(key)))
    return codes.reshape(-1), keys


def figures_groups(df: pd.DataFrame, by: list[str]) -> dict[tuple, dict[str, Any]]:
    """{key tuple: figures} per group of the `by` columns (one group, key (), without `by`).

    Counting with numpy over the whole table rather than a pandas groupby: a report computes a
    dozen of these on a few dozen rows, where a groupby's set-up is most of the time."""
    if df.empty:
        return {}
    codes, keys = _group_codes(df, by) if by else (np.zeros(len(df), dtype=np.int64), [()])
    size = len(keys)

    def count(mask: np.ndarray | None = None) -> list[int]:
        return np.bincount(codes if mask is None else codes[mask], minlength=size).tolist()

    kind, status = df["record_type"].to_numpy(), df["status"].to_numpy()
    project = kind == "de_an"
    counted = {"records": count()} | {name: count(kind == record_type) for record_type, name in COUNTS.items()}
    per_status = {st: count(project & (status == st)) for st in STATUSES}
    settled = count(project & df["settled"].fillna(False).to_numpy(dtype=bool))
    money = {}
    for column in MONEY:
        known = df[column].notna().to_numpy()
        sums = np.zeros(size, dtype=np.int64)
        np.add.at(sums, codes, df[column].to_numpy(dtype=np.int64, na_value=0))
        money[column] = [s if n else None for s, n in zip(sums.tolist(), count(known))]
    out = {}
    for g, key in enumerate(keys):
        projects, completed = counted["projects"][g], per_status["completed"][g]
        support, disbursed = money["support_vnd"][g] or 0, money["disbursed_vnd"][g]
        out[key] = {
            "projects": projects, "tasks": counted["tasks"][g], "votes": counted["votes"][g],
            "records": counted["records"][g], "support_vnd": support,
            "counterpart_vnd": money["counterpart_vnd"][g], "disbursed_vnd": disbursed,
            "settled_vnd": money["settled_vnd"][g], "disbursed_share": share(disbursed, support),
            "status": {s: per_status[s][g] for s in STATUSES}, "settled": settled[g],
            "completion_ratio": (completed / projects) if projects else None,
        }
    return out


def empty_figures() -> dict[str, Any]:
    return {"projects": 0, "tasks": 0, "votes": 0, "records": 0, "support_vnd": 0, "counterpart_vnd": None,
            "disbursed_vnd": None, "settled_vnd": None, "disbursed_share": None,
            "status": dict.fromkeys(STATUSES, 0), "settled": 0, "completion_ratio": None}


def figures_by(df: pd.DataFrame, column: str) -> dict[str, dict[str, Any]]:
    """{group value: figures} for one column (source, content, shape, place, province...)."""
    return {str(key): fig for (key,), fig in figures_groups(df, [column]).items()}


def total_figures(df: pd.DataFrame) -> dict[str, Any]:
    return figures_groups(df, []).get((), empty_figures())

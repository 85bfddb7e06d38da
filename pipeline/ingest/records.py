"""The records table: one row per đề án, nhiệm vụ chi or bình chọn, with a declared schema.

Money is nullable integer đồng (Int64); no float ever holds money. `projects()` turns the table
into the Project objects the compute stage reads.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from pipeline.model import Origin, Project, Source, Status

SCHEMA: dict[str, str] = {
    "file": "string",  # relative to inputs/
    "sheet": "string",
    "row": "Int64",  # 1-based
    "record_type": "string",  # de_an | nhiem_vu_chi | binh_chon
    "shape": "string",  # don_le | nhom | diem
    "source": "string",  # KCQG | KCDP
    "name": "string",
    "content": "string",
    "kind_text": "string",  # the "Loại" column as written
    "beneficiary": "string",
    "beneficiaries": "Int64",  # named beneficiaries of a đề án nhóm
    "place": "string",
    "decision": "string",  # approving quyết định
    "support_vnd": "Int64",
    "counterpart_vnd": "Int64",
    "disbursed_vnd": "Int64",
    "settled_vnd": "Int64",
    "total_vnd": "Int64",
    "status": "string",  # completed | in_progress | adjusting | stopped | not_started
    "progress": "Float64",  # work done, %
    "status_text": "string",
    "note": "string",
    "settled": "boolean",
    "plan": "boolean",  # registered for next year (a "Kế hoạch"/"Đăng ký" sheet)
}

KIND_LABELS = {("de_an", "don_le"): "Đề án", ("de_an", "nhom"): "Đề án nhóm", ("de_an", "diem"): "Đề án điểm"}
TYPE_LABELS = {"nhiem_vu_chi": "Nhiệm vụ chi", "binh_chon": "Bình chọn"}


def empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in SCHEMA.items()})


def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Records as a DataFrame with the declared schema (missing columns filled, extra ones refused)."""
    if not rows:
        return empty()
    df = pd.DataFrame.from_records(rows)
    extra = set(df.columns) - set(SCHEMA)
    if extra:
        raise ValueError(f"columns outside the schema: {sorted(extra)}")
    for column, dtype in SCHEMA.items():
        if column not in df:
            df[column] = None
        df[column] = df[column].astype(dtype)
    return df[list(SCHEMA)].reset_index(drop=True)


def _column(df: pd.DataFrame, name: str) -> list[Any]:
    """A column as Python values, None where missing (one vectorised pass, not one per cell)."""
    col = df[name]
    return col.astype(object).where(col.notna(), None).tolist()


def projects(df: pd.DataFrame) -> list[Project]:
    cols = {name: _column(df, name) for name in SCHEMA}
    out = []
    for i in range(len(df)):
        rec = {name: values[i] for name, values in cols.items()}
        kind = TYPE_LABELS.get(rec["record_type"]) or KIND_LABELS.get((rec["record_type"], rec["shape"]), "Đề án")
        out.append(Project(
            source=Source(rec["source"]), name=rec["name"], beneficiary=rec["beneficiary"] or "",
            place=rec["place"] or "", content=rec["content"] or "", support_vnd=int(rec["support_vnd"]),
            counterpart_vnd=None if rec["counterpart_vnd"] is None else int(rec["counterpart_vnd"]),
            disbursed_vnd=None if rec["disbursed_vnd"] is None else int(rec["disbursed_vnd"]),
            status=Status(rec["status"]), progress=None if rec["progress"] is None else float(rec["progress"]),
            status_text=rec["status_text"] or "", note=rec["note"] or "",
            origin=Origin(rec["file"], rec["sheet"], int(rec["row"])), kind=kind, settled=bool(rec["settled"]),
            record_type=rec["record_type"], shape=rec["shape"], decision=rec["decision"] or "",
            settled_vnd=None if rec["settled_vnd"] is None else int(rec["settled_vnd"]),
            beneficiaries=None if rec["beneficiaries"] is None else int(rec["beneficiaries"]),
        ))
    return out

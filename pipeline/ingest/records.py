"""The records table: one row per đề án, nhiệm vụ chi or bình chọn, with a declared schema.

Money is nullable integer đồng (Int64); no float ever holds money. The compute stage reads this
table as it is.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from pipeline.core.textnorm import fold

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


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Several records tables as one, keeping the schema (an empty list gives an empty table)."""
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else empty()


KEY_COLUMNS = ("source", "name", "beneficiary", "place")


def key_frame(df: pd.DataFrame) -> pd.Series:
    """What makes two rows the same đề án: source, name, beneficiary and place, folded."""
    parts = [df[c].fillna("").astype(str).map(fold) for c in KEY_COLUMNS]
    return parts[0].str.cat(parts[1:], sep="\x1f")

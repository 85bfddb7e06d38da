"""The files of one report put together, each đề án counted once.

Offices leave copies beside the original ("… - Copy.xlsx", "…(1).xlsx", a file mailed back),
and list one đề án in two files (a KCQG sheet and a summary). What a person does:
- a file with the same content as another (the same bytes, or the same rows read) is one
  file: it is read once, and the copy is named;
- a đề án in two files with the same figures and status is counted once, and both places are
  named; with different figures or status the two cannot both be right: an error names both;
- a đề án twice in one file is an error, as two rows of one table are two entries to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from pipeline.core.findings import Finding, Severity
from pipeline.core.model import Origin
from pipeline.core.textnorm import fold
from pipeline.ingest.workbook import FileResult
from pipeline.ingest.records import concat, key_frame

_COPY_NAME = re.compile(r"(?:-\s*copy|copy of|\(\d+\)|ban sao|\bbs\b|\s\d$)")
_COMPARED = ("support_vnd", "disbursed_vnd", "status", "counterpart_vnd", "settled_vnd")


@dataclass
class Combined:
    records: pd.DataFrame  # the records the report counts, each once
    plan: pd.DataFrame  # next year's registrations
    findings: list[Finding] = field(default_factory=list)
    files: list[FileResult] = field(default_factory=list)  # the files read (copies left out)


def _preference(result: FileResult) -> tuple[bool, int, str]:
    """Which of two identical files is the original: not named as a copy, then the shorter name."""
    stem = fold(result.file.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    return bool(_COPY_NAME.search(stem)), len(stem), result.file


def _same_rows(a: FileResult, b: FileResult) -> bool:
    cols = [c for c in a.records.columns if c not in ("file",)]
    return len(a.records) > 0 and len(a.records) == len(b.records) and \
        a.records[cols].reset_index(drop=True).equals(b.records[cols].reset_index(drop=True))


def combine_files(files: list[FileResult]) -> Combined:
    kept: list[FileResult] = []
    out = Combined(pd.DataFrame(), pd.DataFrame())
    for result in sorted(files, key=_preference):
        original = next((k for k in kept if (k.digest and k.digest == result.digest) or _same_rows(k, result)), None)
        if original is None:
            kept.append(result)
            continue
        how = "cùng nội dung từng byte" if original.digest == result.digest else "cùng mọi dòng đề án"
        out.findings.append(Finding(
            Severity.WARNING, f"Tệp là bản sao của “{original.file}” ({how}): chỉ tính một lần", result.file,
            code="FILE_COPY", hint="Xóa bản sao khỏi thư mục đầu vào cho gọn."))
    kept.sort(key=lambda r: r.file)
    out.files = kept
    out.findings = [f for r in kept for f in r.findings] + out.findings
    records = concat([r.reported for r in kept])
    out.records, repeat_findings = _once(records)
    out.findings += repeat_findings
    out.plan = concat([r.plan for r in kept])
    return out


def _once(records: pd.DataFrame) -> tuple[pd.DataFrame, list[Finding]]:
    """Each đề án once: a repeat in another file with the same figures is dropped (and named);
    any other repeat is an error on the later row."""
    if records.empty:
        return records, []
    keys = key_frame(records)
    first: dict[str, int] = {}
    drop: list[int] = []
    findings: list[Finding] = []
    for i, key in enumerate(keys):
        if key not in first:
            first[key] = i
            continue
        a, b = records.iloc[first[key]], records.iloc[i]
        origin = Origin(a["file"], a["sheet"], int(a["row"]))
        differs = [c for c in _COMPARED if str(a[c]) != str(b[c])]
        if a["file"] != b["file"] and not differs:
            drop.append(i)
            findings.append(Finding(
                Severity.WARNING, f"Đề án “{b['name']}” có ở cả hai tệp với cùng số liệu (lần đầu: {origin}): chỉ tính "
                "một lần", b["file"], b["sheet"], f"dòng {int(b['row'])}", code="DUPLICATE_RECORD",
                hint="Nếu đây là hai đề án khác nhau, ghi rõ đơn vị thụ hưởng hoặc địa điểm cho khác nhau."))
            continue
        what = f"; khác nhau ở {', '.join(_LABELS[c] for c in differs)}" if differs else ""
        findings.append(Finding(
            Severity.ERROR, f"Đề án “{b['name']}” xuất hiện hai lần (lần đầu: {origin}){what}", b["file"], b["sheet"],
            f"dòng {int(b['row'])}", code="DUPLICATE_RECORD",
            hint="Xóa dòng trùng ở một trong hai nơi để không tính kinh phí hai lần; nếu là hai đề án khác nhau, "
                 "ghi rõ đơn vị thụ hưởng hoặc địa điểm."))
    return records.drop(records.index[drop]).reset_index(drop=True), findings


_LABELS = {"support_vnd": "kinh phí hỗ trợ", "disbursed_vnd": "số đã giải ngân", "status": "tình trạng",
           "counterpart_vnd": "đối ứng", "settled_vnd": "số quyết toán"}

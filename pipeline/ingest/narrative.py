"""The text a department writes itself each time (measures, next year's plan), kept beside the sheets.

File: inputs/<province>/thuyet-minh-<year>-<period>.txt (or thuyet-minh.txt for every report).
Sections start with a line "[name]"; "#" lines are comments. [van_ban] holds "so = 15",
"ngay = 05/07/2018" and, for the shipped sample data only, "so_lieu_mau = có" (every page of the
report then says it is built from sample data). Other sections are paragraphs, one per line,
"- " lines are dash items: mo_dau, ket_qua (results and impact: beneficiaries, products, jobs),
kho_khan (difficulties and their causes), giai_phap, kien_nghi (to the ministry, to the
provincial People's Committee), ke_hoach, ton_tai. [kinh_phi_ke_hoach] holds the year's planned
funding per source, "KCQG = 1.800" and "KCĐP = 2.000" (triệu đồng unless a unit is written), for
the plan column of the funding table.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core.findings import Finding, Severity
from pipeline.core.model import Period
from pipeline.core.textnorm import fold, suggest, without_controls
from pipeline.ingest.values import AmountError, to_dong

SECTIONS = {"van_ban", "kinh_phi_ke_hoach", "mo_dau", "ket_qua", "kho_khan", "giai_phap", "kien_nghi", "ke_hoach",
            "ton_tai", "chuyen_nguon"}
PLAN_KEYS = {"kcqg": "KCQG", "kcdp": "KCDP", "khuyen cong quoc gia": "KCQG", "khuyen cong dia phuong": "KCDP"}
YES = {"có", "co", "x", "1", "true", "yes"}
_SECTION = re.compile(r"^\[([^\[\]]+)\]\s*$")


@dataclass
class Narrative:
    number: str = ""
    date: dt.date | None = None
    sections: dict[str, list[str]] = field(default_factory=dict)
    file: str = ""
    sample: bool = False  # the shipped sample data: the report says so on every page
    plan_vnd: dict[str, int] = field(default_factory=dict)  # planned funding per source (KCQG, KCDP)


def narrative_path(folder: Path, year: int, period: Period) -> Path | None:
    for name in (f"thuyet-minh-{year}-{period.value}.txt", "thuyet-minh.txt"):
        if (folder / name).is_file():
            return folder / name
    return None


def load_narrative(path: Path | None, rel: str = "") -> tuple[Narrative, list[Finding]]:
    narrative, findings = Narrative(file=rel), []
    if path is None:
        return narrative, findings
    try:
        text = without_controls(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        return narrative, [Finding(Severity.ERROR, "Tệp thuyết minh không ở mã UTF-8", rel,
                                   hint="Lưu lại tệp với mã hóa UTF-8 (Notepad: Save As → Encoding UTF-8).")]
    section = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _SECTION.match(line)
        if m:  # "[kho_khan]", "[khó khăn]", "[Kho khan]" name the same section
            section = re.sub(r"[\s-]+", "_", fold(m.group(1)).strip())
            if section not in SECTIONS:
                findings.append(Finding(
                    Severity.WARNING, f"Mục [{m.group(1)}] không có trong báo cáo{suggest(section, sorted(SECTIONS))}; "
                    "các dòng dưới nó không được dùng", rel, cell=f"dòng {lineno}",
                    hint=f"Các mục dùng được: {', '.join(sorted(SECTIONS))}."))
            continue
        if section is None:
            findings.append(Finding(Severity.WARNING, "Dòng nằm ngoài mục nào, bị bỏ qua", rel, cell=f"dòng {lineno}",
                                    hint="Đặt tên mục trong ngoặc vuông phía trên, ví dụ [giai_phap]."))
            continue
        if section == "van_ban":
            key, _, value = (p.strip() for p in line.partition("="))
            if key == "so":
                narrative.number = value
            elif key == "ngay":
                try:
                    narrative.date = dt.datetime.strptime(value, "%d/%m/%Y").date()
                except ValueError:
                    findings.append(Finding(Severity.ERROR, f"Ngày “{value}” không đúng dạng ngày/tháng/năm", rel,
                                            cell=f"dòng {lineno}", hint="Ví dụ: ngay = 05/07/2018"))
            elif key == "so_lieu_mau":
                narrative.sample = value.lower() in YES
            else:
                findings.append(Finding(Severity.WARNING, f"Khóa “{key}” trong [van_ban] không được dùng", rel,
                                        cell=f"dòng {lineno}", hint="Dùng so = …, ngay = ngày/tháng/năm "
                                                                    "(và so_lieu_mau = có cho số liệu mẫu)."))
            continue
        if section == "kinh_phi_ke_hoach":
            problem = _plan_line(line, narrative)
            if problem:
                findings.append(Finding(Severity.ERROR, problem, rel, cell=f"dòng {lineno}",
                                        hint="Ví dụ: KCQG = 1.800 (triệu đồng) hoặc KCĐP = 2,1 tỷ"))
            continue
        narrative.sections.setdefault(section, []).append(line)
    return narrative, findings


def _plan_line(line: str, narrative: Narrative) -> str:
    """Reads "KCQG = 1.800" into narrative.plan_vnd; returns a Vietnamese problem, or ""."""
    key, _, value = (part.strip() for part in line.partition("="))
    source = PLAN_KEYS.get(fold(key).replace("đ", "d"))
    if source is None:
        return f"Nguồn “{key}” không rõ; dùng KCQG hoặc KCĐP"
    try:
        amount = to_dong(value, "trieu")
    except AmountError as exc:
        return str(exc)
    if amount is None:
        return f"Chưa ghi kinh phí kế hoạch của {source}"
    narrative.plan_vnd[source] = amount
    return ""

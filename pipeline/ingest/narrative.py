"""The text a department writes itself each time (measures, next year's plan), kept beside the sheets.

File: inputs/<province>/thuyet-minh-<year>-<period>.md (or thuyet-minh.md for every report).
It is Markdown with a YAML front matter between two "---" lines:

    ---
    so: 15
    ngay: 05/07/2018
    kinh_phi_ke_hoach: {KCQG: 1.800, KCĐP: 2.000}   # triệu đồng unless a unit is written
    ---
    # Kết quả, tác động
    Máy móc thiết bị được hỗ trợ giúp …
    # Khó khăn, vướng mắc
    - Giá máy móc thiết bị tăng …

Each heading names a prose section as a person writes it ("Giải pháp", "Kiến nghị, đề xuất",
"Tồn tại, hạn chế" …, see HEADINGS); the lines under it are its paragraphs ("- " lines are dash
items, other consecutive lines one paragraph). Front-matter values are read as written (1.800 is
one thousand eight hundred, never 1.8); "so_lieu_mau: có" marks the shipped sample data.
The earlier format (.txt with "[kho_khan]" section lines and "so = 15") is still read.
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


# Headings as offices write them -> section (folded; the longest that starts the heading wins)
HEADINGS = {
    "mo dau": "mo_dau", "ket qua": "ket_qua", "tac dong": "ket_qua", "ket qua, tac dong": "ket_qua",
    "kho khan": "kho_khan", "vuong mac": "kho_khan", "kho khan, vuong mac": "kho_khan", "nguyen nhan": "kho_khan",
    "ton tai": "ton_tai", "han che": "ton_tai", "ton tai, han che": "ton_tai",
    "giai phap": "giai_phap", "nhiem vu": "giai_phap", "nhiem vu, giai phap": "giai_phap",
    "nhiem vu va giai phap": "giai_phap", "kien nghi": "kien_nghi", "de xuat": "kien_nghi",
    "kien nghi, de xuat": "kien_nghi", "ke hoach": "ke_hoach", "dinh huong": "ke_hoach",
    "muc tieu, dinh huong": "ke_hoach", "chuyen nguon": "chuyen_nguon", "kinh phi chua giai ngan": "chuyen_nguon",
}
HEADING_NAMES = ["Mở đầu", "Kết quả, tác động", "Khó khăn, vướng mắc", "Tồn tại, hạn chế", "Giải pháp",
                 "Kiến nghị, đề xuất", "Kế hoạch năm sau", "Chuyển nguồn"]
FRONT_KEYS = ("so", "ngay", "so_lieu_mau", "kinh_phi_ke_hoach")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")


def narrative_path(folder: Path, year: int, period: Period) -> Path | None:
    for stem in (f"thuyet-minh-{year}-{period.value}", "thuyet-minh"):
        for suffix in (".md", ".txt"):
            if (folder / (stem + suffix)).is_file():
                return folder / (stem + suffix)
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
    if path.suffix.lower() == ".md" or text.lstrip().startswith("---"):
        return _markdown(text, narrative, rel)
    return _sections(text, narrative, rel)


def _heading_section(title: str) -> str | None:
    folded = re.sub(r"^(?:[ivx]+|\d+|[a-d])[.)]\s*", "", fold(title).strip(" :."))  # "1. Giải pháp", "II. Kiến nghị"
    key = re.sub(r"[\s-]+", "_", folded)
    if key in SECTIONS - {"van_ban", "kinh_phi_ke_hoach"}:
        return key
    found = [alias for alias in HEADINGS if folded.startswith(alias)]
    return HEADINGS[max(found, key=len)] if found else None


def _markdown(text: str, narrative: Narrative, rel: str) -> tuple[Narrative, list[Finding]]:
    """Front matter (YAML, every value read as written text) and Markdown sections."""
    import yaml

    findings: list[Finding] = []
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip()), 0)
    body_from = start
    if lines and lines[start].strip() == "---":
        end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is None:
            return narrative, [Finding(Severity.ERROR, "Phần đầu tệp (giữa hai dòng ---) chưa có dòng --- đóng lại", rel,
                                       cell=f"dòng {start + 1}", hint="Thêm một dòng --- sau dòng ngay: … / so: ….")]
        try:
            front = yaml.load("\n".join(lines[start + 1:end]), Loader=yaml.BaseLoader) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = start + 2 + mark.line if mark else start + 1
            return narrative, [Finding(Severity.ERROR, "Phần đầu tệp (giữa hai dòng ---) viết sai cú pháp", rel,
                                       cell=f"dòng {line}", hint="Mỗi dòng một khóa, vd. “ngay: 05/07/2018”.")]
        if not isinstance(front, dict):
            front = {}
            findings.append(Finding(Severity.ERROR, "Phần đầu tệp phải là các dòng “khóa: giá trị”", rel,
                                    cell=f"dòng {start + 2}", hint="Ví dụ: so: 15"))
        findings += _front(front, narrative, rel, {str(k): _line_of(lines, start, end, str(k)) for k in front})
        body_from = end + 1
    section, paragraph = None, []

    def flush() -> None:
        if paragraph and section:
            narrative.sections.setdefault(section, []).append(" ".join(paragraph))
        paragraph.clear()

    unknown = False
    for lineno in range(body_from, len(lines)):
        line = lines[lineno].strip()
        heading = _HEADING.match(line)
        if heading:
            flush()
            section = _heading_section(heading.group(1))
            unknown = section is None
            if unknown:
                findings.append(Finding(
                    Severity.WARNING, f"Đề mục “{heading.group(1)}” không có trong báo cáo"
                    f"{_nearest_heading(heading.group(1))}; các dòng dưới nó không được dùng",
                    rel, cell=f"dòng {lineno + 1}", hint="Các đề mục dùng được: " + ", ".join(f"“{h}”" for h in HEADING_NAMES) + "."))
            continue
        if not line or line.startswith("<!--"):
            flush()
            continue
        if section is None:
            if not unknown:
                findings.append(Finding(Severity.WARNING, "Dòng nằm ngoài đề mục nào, bị bỏ qua", rel,
                                        cell=f"dòng {lineno + 1}", hint="Đặt một đề mục phía trên, vd. “# Giải pháp”."))
                unknown = True
            continue
        if line.startswith(("- ", "* ", "+ ")):
            flush()
            narrative.sections.setdefault(section, []).append("- " + line[2:].strip())
        else:
            paragraph.append(line)
    flush()
    return narrative, findings


def _nearest_heading(title: str) -> str:
    """" (ý bạn là “Kiến nghị, đề xuất”?)": the closest heading, shown as it is written."""
    import difflib

    shown = {_heading_section(h): h for h in HEADING_NAMES}
    folded = {alias: shown[section] for alias, section in HEADINGS.items()} | {fold(h): h for h in HEADING_NAMES}
    close = difflib.get_close_matches(fold(title), list(folded), n=1, cutoff=0.6)
    return f" (ý bạn là “{folded[close[0]]}”?)" if close else ""


def _line_of(lines: list[str], start: int, end: int, key: str) -> int:
    return next((i + 1 for i in range(start + 1, end) if lines[i].lstrip().startswith(key)), start + 1)


def _front(front: dict, narrative: Narrative, rel: str, where: dict[str, int]) -> list[Finding]:
    findings = []
    for key, value in front.items():
        cell = f"dòng {where.get(str(key), 1)}"
        name = fold(str(key)).replace(" ", "_")
        if name == "so":
            narrative.number = str(value).strip()
        elif name == "ngay":
            try:
                narrative.date = dt.datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
            except ValueError:
                findings.append(Finding(Severity.ERROR, f"Ngày “{value}” không đúng dạng ngày/tháng/năm", rel, cell=cell,
                                        hint="Ví dụ: ngay: 05/07/2018"))
        elif name == "so_lieu_mau":
            narrative.sample = str(value).strip().lower() in YES
        elif name == "kinh_phi_ke_hoach" and isinstance(value, dict):
            for source, amount in value.items():
                problem = _plan_line(f"{source} = {amount}", narrative)
                if problem:
                    findings.append(Finding(Severity.ERROR, problem, rel, cell=cell,
                                            hint="Ví dụ: kinh_phi_ke_hoach: {KCQG: 1.800, KCĐP: 2,1 tỷ}"))
        else:
            findings.append(Finding(Severity.WARNING, f"Khóa “{key}” ở phần đầu tệp không được dùng"
                                    f"{suggest(name, list(FRONT_KEYS))}", rel, cell=cell,
                                    hint=f"Các khóa dùng được: {', '.join(FRONT_KEYS)}."))
    return findings


def _sections(text: str, narrative: Narrative, rel: str) -> tuple[Narrative, list[Finding]]:
    """The earlier format: "[section]" lines, "key = value" in [van_ban] and [kinh_phi_ke_hoach]."""
    findings: list[Finding] = []
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

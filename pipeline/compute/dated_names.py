"""Names that changed on a date, as a report dated that day must write them.

- The ministry's department for khuyến công: "Cục Công Thương địa phương" until 2025, then
  "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công" (Bộ Công Thương, from 1/3/2025).
- Provinces merged from 1/7/2025 (Nghị quyết 202/2025/QH15, pipeline.compute.units): a report
  dated after that day from an old province's folder is issued by the new province.
- From 1/7/2025 there is no district level (huyện): text that still names one is pointed out.

A config value that contradicts the report's date is corrected in the report, and said as a
warning finding that names the config.yaml key, so the clerk can correct config.yaml too.
"""

from __future__ import annotations

import datetime as dt
import re

from pipeline.compute import units
from pipeline.config import Config, ProvinceConfig
from pipeline.core.findings import Finding, Severity

DEPARTMENT_CHANGE = dt.date(2025, 3, 1)
OLD_DEPARTMENT = "Cục Công Thương địa phương"
NEW_DEPARTMENT = "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công"
_SYMBOLS = ("BC-CTĐP", "BC-ĐMST")
_TEXT_FIELDS = ("name", "governing_body", "issuing_body", "place", "symbol", "center", "archive")
_LIST_FIELDS = ("kinh_gui", "recipients")
_DISTRICT = re.compile(r"\b(?:huyện|Huyện|HUYỆN)\b")


def department(on: dt.date) -> str:
    """The ministry department that assigns KCQG đề án and receives the reports, on a date."""
    return NEW_DEPARTMENT if on >= DEPARTMENT_CHANGE else OLD_DEPARTMENT


def _variants(old: str, new: str) -> list[tuple[str, str]]:
    """The spellings a config uses: as written, UPPER CASE, lower case."""
    pairs = [(old, new), (old.upper(), new.upper()), (old.lower(), new.lower())]
    return [(o, n) for o, n in dict(pairs).items()]


def _swap(text: str, pairs: list[tuple[str, str]]) -> str:
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def _corrected(province: ProvinceConfig, pairs: list[tuple[str, str]], key: str, why: str, stale: bool = True
               ) -> tuple[ProvinceConfig, list[Finding]]:
    """The province with every text field swapped, and one finding per field that changed: a warning
    when config.yaml is behind the date (to be corrected there), information when a report of an
    earlier date is written today (config.yaml is right for today's reports)."""
    changes: dict[str, object] = {}
    findings = []
    for name in (*_TEXT_FIELDS, *_LIST_FIELDS):
        value = getattr(province, name)
        if value is None:
            continue
        new = [_swap(v, pairs) for v in value] if isinstance(value, list) else _swap(value, pairs)
        if new != value:
            changes[name] = new
            shown_old = "; ".join(value) if isinstance(value, list) else value
            shown_new = "; ".join(new) if isinstance(new, list) else new
            if stale:
                findings.append(Finding(
                    Severity.WARNING, f"“{shown_old}” không đúng với ngày của báo cáo ({why}); báo cáo ghi “{shown_new}”.",
                    "config.yaml", cell=f"{key}.{name}", code="DATED_NAME",
                    hint=f"Sửa {key}.{name} trong config.yaml cho đúng tên hiện hành."))
            else:
                findings.append(Finding(
                    Severity.INFO, f"Báo cáo ghi “{shown_new}” thay cho “{shown_old}”, theo tên vào ngày của báo cáo "
                    f"({why}).", "config.yaml", cell=f"{key}.{name}", code="DATED_NAME"))
    return (province.model_copy(update=changes) if changes else province), findings


def dated_issuer(province: ProvinceConfig, key: str, on: dt.date, slug: str | None = None,
                 config: Config | None = None) -> tuple[ProvinceConfig, list[Finding]]:
    """The issuer, recipients and names of a report dated `on`. `key`: where the entry sits in
    config.yaml ("provinces.bac-kan", "tong_hop"); `slug`: the province folder, for a merged province."""
    findings: list[Finding] = []
    if slug and on >= units.EFFECTIVE and units.new_unit(slug) != slug:
        new_slug = units.new_unit(slug)
        old_name, new_name = units.name(slug), units.name(new_slug)
        why = f"từ 01/7/2025 tỉnh {old_name} hợp nhất vào tỉnh {new_name} theo {units.LEGAL_SOURCE}"
        own = config.provinces.get(new_slug) if config else None
        if own is not None:
            findings.append(Finding(
                Severity.WARNING, f"Báo cáo ngày {on:%d/%m/%Y} của thư mục {slug} do tỉnh {new_name} ban hành ({why}); "
                f"dùng mục provinces.{new_slug} của config.yaml.", "config.yaml", cell=key, code="DATED_NAME",
                hint=f"Chuyển số liệu sang thư mục inputs/{new_slug}/."))
            province, key = own, f"provinces.{new_slug}"
        else:
            province, found = _corrected(province, _variants(old_name, new_name), key, why)
            findings += found
    old, new = (OLD_DEPARTMENT, NEW_DEPARTMENT) if on >= DEPARTMENT_CHANGE else (NEW_DEPARTMENT, OLD_DEPARTMENT)
    symbols = _SYMBOLS if on >= DEPARTMENT_CHANGE else _SYMBOLS[::-1]
    why = (f"{OLD_DEPARTMENT} đổi thành {NEW_DEPARTMENT} từ năm 2025" if on >= DEPARTMENT_CHANGE
           else f"{NEW_DEPARTMENT} được thành lập năm 2025, trước đó là {OLD_DEPARTMENT}")
    province, found = _corrected(province, [*_variants(old, new), symbols], key, why, stale=on >= DEPARTMENT_CHANGE)
    findings += found
    if on >= units.EFFECTIVE:
        for name in _LIST_FIELDS + ("center",):
            value = getattr(province, name)
            texts = value if isinstance(value, list) else [value or ""]
            if any(_DISTRICT.search(t) for t in texts):
                findings.append(Finding(
                    Severity.WARNING, "Từ 01/7/2025 không còn cấp huyện nhưng mục này còn ghi “huyện”.",
                    "config.yaml", cell=f"{key}.{name}", code="DATED_NAME",
                    hint="Ghi theo đơn vị hành chính hiện hành (tỉnh, xã, phường)."))
    return province, findings


def district_places(entries: list[dict], on: dt.date) -> list[Finding]:
    """One warning when a report dated after 1/7/2025 places đề án in districts (huyện)."""
    if on < units.EFFECTIVE:
        return []
    named = [e for e in entries if _DISTRICT.search(e.get("place") or "")]
    if not named:
        return []
    first = named[0]["origin"]
    return [Finding(
        Severity.WARNING, f"{len(named):02d} đề án ghi địa điểm theo huyện (vd. “{named[0]['place']}”), nhưng từ "
        "01/7/2025 không còn cấp huyện; báo cáo giữ nguyên như bảng tính.", first["file"], first["sheet"],
        f"dòng {first['row']}", code="DATED_NAME", hint="Ghi địa điểm theo xã, phường hiện hành trong bảng tính.")]

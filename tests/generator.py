"""A generator of varied province workbooks, each with its known truth.

Every case combines the classes that real offices produce (period wording, row shapes, units,
legacy text, status phrases, file formats) with ordinary dressing (titles, merged headers,
signatures, notes). Its truth is the records it must read into, or the finding code it must be
refused with. `python -m tests.generator DIR` writes them out for a look.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core.model import Period
from pipeline.ingest.legacy_tables import TCVN3, VNI
from tests.status_phrases import PHRASES

M = 1_000_000
_TCVN3_INV = {v: k for k, v in TCVN3.items()}
_VNI_INV = {v: k for k, v in VNI.items()}
ACTIVITIES = ["Hỗ trợ ứng dụng máy móc thiết bị tiên tiến vào sản xuất", "Hỗ trợ ứng dụng máy sấy",
              "Hỗ trợ ứng dụng dây chuyền chế biến", "Xây dựng mô hình trình diễn kỹ thuật sản xuất",
              "Hỗ trợ ứng dụng máy ép", "Hỗ trợ ứng dụng thiết bị đóng gói", "Hỗ trợ máy cắt"]
PRODUCTS = ["chè", "gỗ", "miến dong", "rượu men lá", "mây tre đan", "gạch không nung", "thổ cẩm", "mộc dân dụng",
            "cơ khí", "bánh cuốn", "tinh bột nghệ", "nước mắm", "gốm", "đá mỹ nghệ", "thức ăn chăn nuôi"]
OWNERS = ["HTX", "Hộ kinh doanh", "Công ty TNHH", "Cơ sở", "HKD"]
PEOPLE = ["Tân Thành", "Hoàng Văn Nam", "Lê Thị Hoa", "Phú Lộc", "Minh Khai", "Đồng Tâm", "Hải Hà", "Vạn Phúc",
          "Nông Văn Dũng", "Ma Thị Hường", "Thành Long", "Bình An", "Sằm Văn Thường", "Đinh Lâm"]
PLACES = ["xã Nông Thượng", "thị trấn Chợ Rã", "xã Cường Lợi", "phường Hồng Hải", "xã Đầm Hà", "xã Yên Hân"]
TASKS = [("Hỗ trợ kinh phí quản lý chương trình khuyến công", "nhiem_vu_chi"),
         ("Khảo sát xây dựng kế hoạch khuyến công năm sau", "nhiem_vu_chi"),
         ("Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh", "binh_chon")]
SLUGS = ["bac-kan", "ha-nam", "quang-nam", "nam-dinh", "ha-giang", "thai-nguyen", "quang-ninh"]
PERIOD_WORDS = {Period.H1: ("6thang", "6 THÁNG ĐẦU NĂM"), Period.M9: ("9thang", "9 THÁNG NĂM"),
                Period.YEAR: ("nam", "CẢ NĂM")}


@dataclass
class Sheet:
    title: str
    rows: list[list] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    fonts: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) 0-based -> font
    hidden: bool = False
    hidden_rows: set[int] = field(default_factory=set)  # 0-based


@dataclass
class Case:
    name: str
    suffix: str
    sheets: list[Sheet]
    records: list[tuple] = field(default_factory=list)  # (source, name, support đồng, status, record type)
    refuse: tuple[str, ...] = ()  # finding codes, one of which a refusal must carry; empty: must read exactly
    period: tuple[int, Period] | None = None
    classes: list[str] = field(default_factory=list)
    csv_encoding: str = "utf-8-sig"
    csv_delimiter: str = ";"


@dataclass
class Project:
    source: str
    name: str
    beneficiary: str
    place: str
    support_m: float  # triệu đồng
    status_text: str
    status: str
    record_type: str = "de_an"
    kind: str = "Đề án"
    members: list[tuple[str, float]] = field(default_factory=list)  # đề án nhóm: (beneficiary, triệu)

    @property
    def truth(self) -> tuple:
        return (self.source, self.name, round(self.support_m * M), self.status, self.record_type)


def encode(text: str, encoding: str) -> str:
    """Unicode -> the legacy bytes a .VnTime/.VnTimeH/VNI-Times font would hold."""
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    if encoding == "tcvn3h":
        return "".join(_TCVN3_INV.get(ch.lower(), ch) if not ch.isascii() else ch for ch in text)
    table = _TCVN3_INV if encoding == "tcvn3" else _VNI_INV
    return "".join(table.get(ch, ch) for ch in text)


class _Gen:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.n = 0

    def project(self, source: str, unknown_status: bool = False) -> Project:
        rng = self.rng
        self.n += 1
        if rng.random() < 0.12:
            name, rtype = rng.choice(TASKS)
            name = f"{name} (đợt {self.n})"
            text, status, _ = rng.choice([p for p in PHRASES if "%" not in p[0]][:40])
            return Project(source, name, "Trung tâm Khuyến công", "tỉnh", rng.choice([15, 20, 30, 45.5]), text, status,
                           rtype, "Nhiệm vụ chi" if rtype == "nhiem_vu_chi" else "Bình chọn")
        name = f"{rng.choice(ACTIVITIES)} {rng.choice(PRODUCTS)} số {self.n}"
        who = f"{rng.choice(OWNERS)} {rng.choice(PEOPLE)}"
        support = rng.choice([60, 80, 90, 120, 150, 200, 262.5, 300, 450, 520])
        text, status, _ = rng.choice([p for p in PHRASES if not p[0].startswith("0")])
        if unknown_status:
            text, status = "chờ ý kiến chỉ đạo", "?"
        return Project(source, name, who, rng.choice(PLACES), support, text, status)


def _amount(rng: random.Random, triệu: float, unit: str, text_style: bool) -> object:
    if unit == "dong":
        value = round(triệu * M)
        if text_style:
            return rng.choice([f"{value:,}".replace(",", "."), f"{value:,}".replace(",", " "),
                               f"{value:,}đ".replace(",", ".")])
        return value
    if unit == "nghin":
        return round(triệu * 1000)
    if text_style:
        if triệu >= 1000:
            return f"{triệu / 1000:g} tỷ".replace(".", ",")
        if triệu == int(triệu) and triệu >= 100:
            return f"{int(triệu)} triệu"
        return f"{triệu:g} tr".replace(".", ",")
    return triệu


def build(seed: int) -> Case:
    rng = random.Random(seed)
    g = _Gen(rng)
    classes: list[str] = []
    slug = rng.choice(SLUGS)
    year = rng.choice([2018, 2021, 2022, 2023, 2024])
    period = rng.choice(list(Period))
    token, wording = PERIOD_WORDS[period]
    name_style = rng.choice(["full", "year_only", "none"])
    filename = {"full": f"{slug}-{year}-{token}", "year_only": f"{slug}-{year}", "none": f"{slug}-danh-sach"}[name_style]
    classes.append(f"name:{name_style}")
    title = f"DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG {wording} {year}"
    title_states_period = name_style != "full" or rng.random() < 0.6
    suffix = rng.choices([".xlsx", ".xls", ".ods", ".csv"], [70, 12, 10, 8])[0]
    classes.append(f"fmt:{suffix}")

    unit = rng.choice(["trieu", "trieu", "dong", "nghin", "none"])
    unit_where = rng.choice(["header", "dvt_line"]) if unit not in ("none",) else "none"
    if unit == "nghin":
        unit_where = "dvt_line"
    classes.append(f"unit:{unit}/{unit_where}")
    text_amounts = unit in ("trieu", "dong") and rng.random() < 0.25 and suffix != ".csv"
    if text_amounts:
        classes.append("amount-text")

    layout = rng.choice(["flat", "sections", "groups", "nhom", "per_source", "two_tables"])
    if suffix == ".csv" and layout in ("per_source", "two_tables"):
        layout = "flat"
    classes.append(f"layout:{layout}")
    legacy = rng.choice([None, None, None, "tcvn3", "vni"]) if suffix in (".xlsx", ".xls") else None
    if legacy:
        classes.append(f"legacy:{legacy}")
    with_fonts = legacy is not None and rng.random() < 0.6
    if with_fonts:
        classes.append("legacy-fonts")
    hazard = rng.choices([None, "mismatch", "negative", "huge", "unknown_status", "header_only", "hidden",
                          "error_cell", "bad_unit", "formula", "period_conflict", "hidden_row"],
                         [50, 7, 4, 4, 6, 3, 3, 4, 4, 10, 3, 3])[0]
    if hazard == "hidden_row" and suffix != ".xlsx":
        hazard = None
    if hazard == "period_conflict" and name_style != "full":
        hazard = None
    if hazard == "period_conflict":  # the title names another period than the file name
        other = next(p for p in Period if p is not period)
        title = f"DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG {PERIOD_WORDS[other][1]} {year}"
        title_states_period = True
    if hazard == "error_cell" and suffix == ".csv":
        hazard = None
    if hazard == "formula" and suffix != ".xlsx":
        hazard = None
    if hazard == "hidden" and suffix not in (".xlsx",):
        hazard = None
    if hazard == "bad_unit" and unit in ("none",):
        hazard = None
    if hazard:
        classes.append(f"hazard:{hazard}")

    sources = ["KCQG", "KCDP"] if rng.random() < 0.7 else [rng.choice(["KCQG", "KCDP"])]
    by_source = {s: [g.project(s) for _ in range(rng.randint(1, 5))] for s in sources}
    if layout == "nhom":
        parent = by_source[sources[0]][0]
        parent.name = f"Đề án nhóm: hỗ trợ ứng dụng máy móc chế biến {rng.choice(PRODUCTS)}"
        parent.record_type, parent.kind = "de_an", "Đề án nhóm"
        parent.support_m = 600
        parent.text_status = None
        parent.status_text, parent.status = rng.choice([("Đang thực hiện", "in_progress"), ("Đã nghiệm thu", "completed")])
        parent.members = [(f"{rng.choice(OWNERS)} {p}", a) for p, a in zip(rng.sample(PEOPLE, 3), (200, 150, 250))]
        classes.append("nhom:amounts" if rng.random() < 0.6 else "nhom:no-amounts")

    unit_label = {"trieu": "triệu đồng", "dong": "đồng", "nghin": "1.000 đồng", "none": ""}[unit]
    head_unit = f" ({unit_label})" if unit_where == "header" else ""
    columns = ["STT", "Tên đề án", "Đơn vị thụ hưởng", "Địa điểm", f"Kinh phí hỗ trợ{head_unit}", "Tình trạng"]
    if layout in ("flat", "two_tables") or (layout == "per_source" and rng.random() < 0.3):
        columns.insert(1, "Nguồn kinh phí")
    extra = rng.random() < 0.35
    if extra:
        columns += [f"Tổng vốn{head_unit}", f"Vốn đối ứng{head_unit}", f"Đã giải ngân{head_unit}"]
        classes.append("confusable-columns")
    row_units = unit in ("trieu", "dong") and unit_where == "dvt_line" and suffix != ".csv" and rng.random() < 0.3
    if row_units:
        columns.append("ĐVT")
        classes.append("unit-column")
    ditto = rng.random() < 0.2
    compound = rng.random() < 0.15
    if compound:
        columns[columns.index("Tên đề án")] = "Nội dung hoạt động, tên đề án"
        classes.append("compound-header")
    col = {c.split(" (")[0]: i for i, c in enumerate(columns)}
    col["Tên đề án"] = 1 + ("Nguồn kinh phí" in col)
    width = len(columns)

    def amount(triệu: float) -> object:
        return _amount(rng, triệu, "trieu" if unit == "none" else unit, text_amounts and rng.random() < 0.5)

    def item_row(stt: object, p: Project, source_in_col: bool) -> list:
        row = [None] * width
        row[0] = stt
        if "Nguồn kinh phí" in col:
            row[col["Nguồn kinh phí"]] = {"KCQG": "KCQG", "KCDP": "KCĐP"}[p.source] if source_in_col else None
        row[col["Tên đề án"]] = p.name
        row[col["Đơn vị thụ hưởng"]] = p.beneficiary if not p.members else f"{len(p.members):02d} cơ sở"
        row[col["Địa điểm"]] = p.place
        row[col["Tình trạng"]] = p.status_text
        money = amount
        if row_units and rng.random() < 0.5:  # this row in the other unit, said in its ĐVT cell
            other = "dong" if unit == "trieu" else "trieu"
            row[col["ĐVT"]] = {"dong": "đồng", "trieu": "triệu đồng"}[other]

            def money(triệu: float) -> object:
                return _amount(rng, triệu, other, False)
        row[col["Kinh phí hỗ trợ"]] = money(p.support_m)
        if extra:
            row[col["Tổng vốn"]] = money(p.support_m * 3)
            row[col["Vốn đối ứng"]] = money(p.support_m * 2)
            row[col["Đã giải ngân"]] = money(p.support_m / 2)
        return row

    def member_rows(p: Project, with_amounts: bool) -> list[list]:
        out = []
        for who, a in p.members:
            row = [None] * width
            row[0] = "-"
            row[col["Tên đề án"]] = who
            if with_amounts:
                row[col["Kinh phí hỗ trợ"]] = amount(a)
            out.append(row)
        return out

    def dressing_top() -> list[list]:
        top = [["UBND TỈNH", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
               ["SỞ CÔNG THƯƠNG", None, None, "Độc lập - Tự do - Hạnh phúc"], []]
        top.append([title if title_states_period else "DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG"])
        if unit_where == "dvt_line":
            top.append([None] * (width - 1) + [f"ĐVT: {unit_label}" if rng.random() < 0.5 else f"Đơn vị tính: {unit_label}"])
        return top

    def header_rows() -> tuple[list[list], int]:
        rows = [columns[:]]
        if rng.random() < 0.4:
            rows.append([f"({i + 1})" for i in range(width)])
            classes.append("numbering-row")
        return rows, len(rows)

    def footer() -> list[list]:
        if rng.random() < 0.6:
            classes.append("footer")
            return [[], [None, "Người lập biểu", None, None, "GIÁM ĐỐC"], [None, "(Ký, ghi rõ họ tên)"], [],
                    [None, "Nguyễn Thị Lan", None, None, "Trần Văn Bình"]]
        return []

    records: list[tuple] = []
    sheets: list[Sheet] = []

    def section_label(s: str, i: int) -> str:
        style = rng.choice(["letter", "roman", "nguon"])
        word = {"KCQG": ("KHUYẾN CÔNG QUỐC GIA", "Trung ương"), "KCDP": ("KHUYẾN CÔNG ĐỊA PHƯƠNG", "Địa phương")}[s]
        return {"letter": f"{'AB'[i]}", "roman": f"{'I' * (i + 1)}", "nguon": None}[style], \
            (word[0] if style != "nguon" else f"Nguồn vốn: {word[1]}")

    def body(projects_by_source: dict[str, list[Project]], shape: str) -> list[list]:
        rows: list[list] = []
        total = sum(p.support_m for ps in projects_by_source.values() for p in ps)
        total_top = shape != "flat" and rng.random() < 0.3
        if total_top:
            rows.append([None, "TỔNG CỘNG"] + [None] * (width - 2))
            rows[-1][col["Kinh phí hỗ trợ"]] = amount(total)
            rows[-1][col["Tên đề án"]] = "TỔNG CỘNG"
            classes.append("total-above")
            if len(projects_by_source) > 1 and rng.random() < 0.5:
                for s_, ps_ in projects_by_source.items():
                    part = [None] * width
                    part[col["Tên đề án"]] = f"Trong đó: {'Khuyến công quốc gia' if s_ == 'KCQG' else 'Khuyến công địa phương'}"
                    part[col["Kinh phí hỗ trợ"]] = amount(sum(p.support_m for p in ps_))
                    rows.append(part)
                classes.append("trong-do")
        for i, (s, ps) in enumerate(projects_by_source.items()):
            sub = sum(p.support_m for p in ps)
            if shape != "flat":
                stt, label = section_label(s, i)
                row = [None] * width
                row[0], row[col["Tên đề án"]] = stt, label
                if rng.random() < 0.5:
                    row[col["Kinh phí hỗ trợ"]] = amount(sub)
                if rng.random() < 0.25:  # the section row counts its đề án
                    row[col["Đơn vị thụ hưởng"]] = f"{len(ps):02d} đề án"
                    if "section-count" not in classes:
                        classes.append("section-count")
                rows.append(row)
            if shape == "groups":
                tasks = [p for p in ps if p.record_type != "de_an"]
                machines = [p for p in ps if p.record_type == "de_an"]
                n = 0
                for gi, members in enumerate([machines, tasks]):
                    if not members:
                        continue
                    n += 1
                    grow = [None] * width
                    grow[0] = n
                    grow[col["Tên đề án"]] = "Hỗ trợ ứng dụng máy móc thiết bị" if gi == 0 else "Quản lý chương trình, bình chọn"
                    grow[col["Kinh phí hỗ trợ"]] = amount(sum(p.support_m for p in members))
                    rows.append(grow)
                    for j, p in enumerate(members, 1):
                        rows.append(item_row(f"{n}.{j}", p, False))
                        records.append(p.truth)
            else:
                for j, p in enumerate(ps, 1):
                    rows.append(item_row(j, p, shape == "flat"))
                    if ditto and shape == "flat" and j > 1 and "Nguồn kinh phí" in col:
                        rows[-1][col["Nguồn kinh phí"]] = rng.choice(['"', "nt"] + (["〃"] if suffix != ".csv" else []))  # ditto: as the row above
                        if "ditto" not in classes:
                            classes.append("ditto")
                    records.append(p.truth)
                    if p.members:
                        rows += member_rows(p, "nhom:amounts" in classes)
            if shape != "flat" and rng.random() < 0.5:
                row = [None] * width
                row[col["Tên đề án"]] = f"Cộng {s}" if rng.random() < 0.5 else "Cộng"
                row[col["Kinh phí hỗ trợ"]] = amount(sub)
                rows.append(row)
        if not total_top and rng.random() < 0.6:
            row = [None] * width
            row[col["Tên đề án"]] = "Tổng cộng"
            row[col["Kinh phí hỗ trợ"]] = amount(total)
            rows.append(row)
            classes.append("total-below")
        return rows

    header_once, _ = header_rows()

    def fresh_header() -> list[list]:
        return [list(r) for r in header_once]

    if layout == "per_source":
        for s, ps in by_source.items():
            rows = dressing_top() + fresh_header() + body({s: ps}, "flat" if "Nguồn kinh phí" in col else "bare") + footer()
            sheets.append(Sheet({"KCQG": "KCQG", "KCDP": "KCĐP"}[s], rows))
        if rng.random() < 0.6:
            allp = {s: ps for s, ps in by_source.items()}
            saved = list(records)
            rows = dressing_top() + fresh_header() + body(allp, "sections")
            records[:] = saved
            sheets.insert(0, Sheet("Tổng hợp", rows))
            classes.append("summary-sheet")
    elif layout == "two_tables":
        rows = dressing_top()
        for s, ps in by_source.items():
            rows += [[f"Bảng {s}"]] + fresh_header() + body({s: ps}, "flat") + [[]]
        sheets.append(Sheet("Danh sách", rows + footer()))
    else:
        shape = {"flat": "flat", "sections": "sections", "groups": "groups", "nhom": "sections"}[layout]
        rows = dressing_top() + fresh_header() + body(by_source, shape)
        if rng.random() < 0.3:
            rows.append([None, "Ghi chú: số liệu tính đến ngày báo cáo"])
            classes.append("note-row")
        sheets.append(Sheet("Danh sách đề án", rows + footer()))

    case = Case(f"{filename}__g{seed:03d}", suffix, sheets, records, (), (year, period) if (name_style == "full" or title_states_period)
                else None, classes)
    _apply_hazard(case, hazard, rng, col, unit)
    if legacy:
        _apply_legacy(case, legacy, with_fonts, col)
    if suffix == ".csv":
        case.csv_encoding = rng.choice(["utf-8-sig", "utf-8", "utf-16", "cp1258"])
        case.csv_delimiter = rng.choice([";", ","])
        classes.append(f"csv:{case.csv_encoding}/{case.csv_delimiter}")
    if unit == "none" and hazard is None:
        pass  # bare triệu-sized numbers: the size alone decides (only triệu fits)
    return case


def _data_rows(sheet: Sheet, col: dict[str, int]) -> list[int]:
    out = []
    for i, row in enumerate(sheet.rows):
        if len(row) > col["Tình trạng"] and row[col["Tình trạng"]] and row[0] not in (None, "-", "STT") and \
                not str(row[0]).startswith("("):
            out.append(i)
    return out


def _apply_hazard(case: Case, hazard: str | None, rng: random.Random, col: dict[str, int], unit: str) -> None:
    if hazard is None:
        return
    main = next(s for s in case.sheets if s.title != "Tổng hợp")
    rows = _data_rows(main, col)
    if not rows:
        return
    r = rng.choice(rows)
    money = col["Kinh phí hỗ trợ"]
    if hazard == "mismatch":
        totals = [i for i, row in enumerate(main.rows) if len(row) > col["Tên đề án"]
                  and str(row[col["Tên đề án"]] or "").lower().startswith(("tổng", "cộng"))]
        if totals:
            t = rng.choice(totals)
            v = main.rows[t][money]
            main.rows[t][money] = (v * 2 if isinstance(v, (int, float)) else 123456)
            case.refuse = ("TOTAL_MISMATCH",)
    elif hazard == "negative":
        main.rows[r][money] = -150 if unit not in ("dong",) else -150_000_000
        case.refuse = ("AMOUNT_UNREADABLE",)
    elif hazard == "huge":
        main.rows[r][money] = 10 ** 20
        case.refuse = ("AMOUNT_IMPLAUSIBLE", "UNIT_UNKNOWN", "UNIT_IMPLAUSIBLE")  # one huge value may move the median
    elif hazard == "unknown_status":
        main.rows[r][col["Tình trạng"]] = "chờ ý kiến chỉ đạo"
        case.refuse = ("STATUS_UNKNOWN",)
    elif hazard == "error_cell":
        main.rows[r][money] = "#DIV/0!"
        case.refuse = ("AMOUNT_UNREADABLE",)
    elif hazard == "bad_unit":
        dvt = [i for i, row in enumerate(main.rows) if any(isinstance(v, str) and ("ĐVT" in v or "Đơn vị tính" in v)
                                                             for v in row)]
        heads = [i for i, row in enumerate(main.rows) if any(isinstance(v, str) and v.startswith("Kinh phí hỗ trợ (")
                                                               for v in row)]
        wrong = {"trieu": ("đồng", "dong"), "dong": ("triệu đồng", "trieu"), "nghin": ("tỷ đồng", "ty")}.get(unit)
        if wrong is None:
            return
        for i in dvt:
            main.rows[i] = [v.replace(v.split(":", 1)[1].strip(), wrong[0]) if isinstance(v, str) and ":" in v else v
                            for v in main.rows[i]]
        for i in heads:
            main.rows[i] = [f"{v.split(' (')[0]} ({wrong[0]})" if isinstance(v, str) and " (" in v else v
                            for v in main.rows[i]]
        if dvt or heads:
            case.refuse = ("UNIT_IMPLAUSIBLE",)
    elif hazard == "header_only":
        for s in case.sheets:
            keep = []
            for i, row in enumerate(s.rows):
                if i in _data_rows(s, col):
                    continue
                keep.append(row)
            s.rows = [row for row in keep if not any(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                     for v in row)]
        case.records = []
        case.refuse = ("NO_RECORDS", "TOTAL_MISMATCH", "NO_AMOUNT")  # totals or member rows left behind
    elif hazard == "hidden":
        for s in case.sheets:
            s.hidden = True
        case.sheets.append(Sheet("Ghi chú tạm", [["Xem trang ẩn"]]))
        case.records = []
        case.refuse = ("NO_TABLE",)
    elif hazard == "period_conflict":
        case.refuse = ("PERIOD_CONFLICT",)
        case.period = None
    elif hazard == "hidden_row":
        main.hidden_rows = {r}
        case.refuse = ("HIDDEN_ROW",)
    elif hazard == "formula":
        for j in _data_rows(main, col)[:2]:  # data cells written as formulas too
            v = main.rows[j][money]
            if isinstance(v, (int, float)) and v == int(v):
                main.rows[j][money] = f"={int(v) // 2}+{int(v) - int(v) // 2}"
        letter = chr(ord("A") + money)
        for i, row in enumerate(main.rows):
            label = str(row[col["Tên đề án"]] or "") if len(row) > col["Tên đề án"] else ""
            if label.lower().startswith(("tổng cộng", "cộng")) and i > 0:
                firsts = [j for j in _data_rows(main, col) if j < i]
                if firsts and all(isinstance(main.rows[j][money], (int, float)) for j in firsts):
                    refs = "+".join(f"{letter}{j + 1}" for j in firsts if not _in_other_table(main, j, i, col))
                    if refs:
                        row[money] = f"={refs}"
        case.classes.append("formula-no-cache")


def _in_other_table(sheet: Sheet, j: int, i: int, col: dict[str, int]) -> bool:
    """True when a header row lies between j and i (the formula must stay inside one table)."""
    return any(len(r) > 1 and r[col["Tên đề án"]] in ("Tên đề án", "Nội dung hoạt động, tên đề án")
               for r in sheet.rows[j:i])


def _apply_legacy(case: Case, encoding: str, with_fonts: bool, col: dict[str, int]) -> None:
    """Names, beneficiaries and section rows typed in a legacy font (upper-case rows in the H font)."""
    for sheet in case.sheets:
        for i, row in enumerate(sheet.rows):
            for c in (col["Tên đề án"], col["Đơn vị thụ hưởng"], col["Tình trạng"], col["Địa điểm"]):
                if c < len(row) and isinstance(row[c], str) and not row[c].isascii() and not row[c].startswith("#"):
                    text = row[c]
                    upper = text.isupper()
                    enc = "tcvn3h" if (encoding == "tcvn3" and upper) else encoding
                    row[c] = encode(text, enc)
                    if with_fonts:
                        sheet.fonts[(i, c)] = {"tcvn3": ".VnTime", "tcvn3h": ".VnTimeH", "vni": "VNI-Times"}[enc]


def write(case: Case, folder: Path) -> Path:
    path = folder / f"{case.name}{case.suffix}"
    if case.suffix == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook()
        wb.remove(wb.active)
        for sheet in case.sheets:
            ws = wb.create_sheet(sheet.title)
            for row in sheet.rows:
                ws.append(row)
            for (r, c), font in sheet.fonts.items():
                ws.cell(r + 1, c + 1).font = Font(name=font)
            for rng in sheet.merges:
                ws.merge_cells(rng)
            if sheet.hidden:
                ws.sheet_state = "hidden"
            for r in sheet.hidden_rows:
                ws.row_dimensions[r + 1].hidden = True
        wb.save(path)
    elif case.suffix == ".xls":
        import xlwt

        book = xlwt.Workbook(encoding="utf-8")
        styles: dict[str, object] = {}
        for sheet in case.sheets:
            ws = book.add_sheet(sheet.title)
            for r, row in enumerate(sheet.rows):
                for c, v in enumerate(row):
                    if v is None:
                        continue
                    font = sheet.fonts.get((r, c))
                    if font:
                        if font not in styles:
                            style = xlwt.XFStyle()
                            style.font = xlwt.Font()
                            style.font.name = font
                            styles[font] = style
                        ws.write(r, c, v, styles[font])
                    else:
                        ws.write(r, c, v)
        book.save(str(path))
    elif case.suffix == ".ods":
        from tests.corpus import _write_ods

        _write_ods(path, {s.title: s.rows for s in case.sheets})
    else:
        rows = case.sheets[0].rows
        text_rows = [["" if v is None else (f"{v:g}".replace(".", ",") if isinstance(v, float) and case.csv_delimiter == ";"
                                            else str(v)) for v in r] for r in rows]
        if case.csv_encoding == "cp1258":
            text_rows = [[_cp1258_form(v) for v in r] for r in text_rows]
        with path.open("w", encoding=case.csv_encoding, newline="") as fh:
            csv.writer(fh, delimiter=case.csv_delimiter).writerows(text_rows)
    return path


def _cp1258_form(text: str) -> str:
    """Windows-1258 keeps â, ê, ô, ă, ơ, ư precomposed and writes the five tones as combining marks."""
    import unicodedata

    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(p for p in parts if p in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out.append(base + tones)
    return "".join(out)


def cases(n: int = 320, start: int = 0) -> list[Case]:
    return [build(seed) for seed in range(start, start + n)]


if __name__ == "__main__":  # pragma: no cover - a helper to look at the generated files
    import sys

    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for case in cases(int(sys.argv[2]) if len(sys.argv) > 2 else 320):
        write(case, out)

"""Row roles inside one table: every row gets one role and a reason; đề án rows become records.

Two passes. The first gives each row its plain role from what it holds: blank, column-number
row, signature/footer (from "Người lập biểu", "Giám đốc", a date line, on to the end), total or
subtotal ("Tổng cộng", "Cộng A"), funding-source section ("A. Khuyến công quốc gia", "Nguồn vốn:
Trung ương"), or an item. The second builds the items of each section into a tree by their
numbering (I, A, 1, 1.1, a, -, +, unnumbered), then reads each item with rows under it:
- its amount equals the sum of the rows under it: either an activity group (no status of its
  own, the rows under it are đề án) or a đề án nhóm (its own status, the rows under it are its
  beneficiaries, counted once with the parent's amount);
- no amount: a heading, the rows under it are đề án;
- any other amount: an error that shows both figures.
Items without rows under them are đề án, nhiệm vụ chi or bình chọn. Every total, subtotal and
section amount in the sheet, above or below its rows, is then checked against what was read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.config.vocab import folded, source_in, vocab, words_pattern
from pipeline.core.findings import Finding, Severity, cell_ref
from pipeline.core.model import MONEY_FIELDS, Role, RowRole, Source, Status
from pipeline.core.textnorm import clean, fold
from pipeline.core.vnformat import dong
from pipeline.ingest.footer import opens_footer
from pipeline.ingest.grids import Uncomputed
from pipeline.ingest.prose_money import disbursed_in
from pipeline.ingest.status import Reading, read_status
from pipeline.ingest.tables import Header
from pipeline.ingest.values import (
    ERROR_VALUES,
    UNIT_LABELS,
    AmountError,
    parse_number,
    to_dong,
    unit_in,
)

_ROW_NUMBER = re.compile(r"[\d.]+")
DITTO = {'"', "“", "”", "''", "〃", "nt", "như trên", "-nt-", "-“-", "-\"-", "”-", "-”-"}
_NUMBERING_CELL = re.compile(r"^\(?\d{1,2}\)?(?:\s*=\s*[\d()+\-*/x ]+)?$|^\(?[A-Z]\)?$")
_SUBTOTAL = re.compile(
    r"^(?:(?:[ivx]+|[a-d])[.)]?\s+)?(?:tong cong|tong so|tong|cong|cong so|cong nhom|cong muc)"
    r"(?:\s*[:(].*|\s+(?:kcqg|kcdp|khuyen cong.*|nguon.*|muc.*|phan.*|nhom.*|[ivx]+|[a-d]|i\+ii.*|a\+b.*|"
    r"\(?[a-d]\s*\+.*|[ivx]+\s*\+.*|toan tinh|ca nam|chung|kinh phi.*|von.*|so tien.*|"
    r"(?:huyen|thanh pho|tp|thi xa|tx|quan|xa|phuong|thi tran|cap tinh|cap huyen|tinh|dia ban|khu vuc|vung|linh vuc)"
    r"\b.*)\s*\)?)?\s*[:.]?$"
)
_LEAD = re.compile(r"^\s*((?:[IVXLC]+|[A-Z]|\d+(?:\.\d+)*|[a-zđ])[.)/]|[-–—•+*])\s+")
_SECTION_LEAD = re.compile(r"^(?:(?:[ivxlc]+|[a-e]|\d+)[.):/-]?\s+)?(?:(?:phan|bang|bieu|muc)\s+[ivx\d]+\s*[:.-]?\s*)?")
_SECTION_PREFIX = re.compile(r"^(?:nguon\s*(?:von|kinh phi)?\s*(?:ngan sach)?|kinh phi|ngan sach|chuong trinh|"
                             r"de an|von|cac de an|danh sach de an)(?:\s+su nghiep)?\s*[:.-]?\s*")
_BENEFICIARY_PREFIX = re.compile(
    r"^(?:htx|hop tac xa|hkd|ho kinh doanh|ho|cong ty|cty|co so|dntn|doanh nghiep|lang nghe|to hop tac|"
    r"thtx|chi nhanh|xuong|nha may|ong|ba)\b"
)
MAX_SUPPORT = 50_000_000_000  # more than this for one đề án is refused
MIN_SUPPORT = 1_000_000  # less is a warning
_STYLE_RANK = {"UPPER": 0, "ROMAN": 1, "ARABIC_HEAD": 1.5, "ARABIC": 2, "DOT1": 3, "DOT2": 4, "DOT3": 5, "LOWER": 6, "PAREN": 6,
               "DASH": 7, "PLUS": 8, "STAR": 9}
_COUNT = re.compile(r"^\d+\s*(?:de an|du an|nhiem vu|noi dung|dong)?$")
_PERCENTISH = re.compile(r"^\s*\d+(?:[.,]\d+)?\s*%?\s*$")


@dataclass
class TableContext:
    file: str
    sheet: str
    header: Header
    end: int  # 0-based, exclusive
    sheet_source: Source | None
    file_source: Source | None
    source_words: dict[Source, re.Pattern]
    plan: bool = False
    extra_status: tuple = ()
    hidden_rows: frozenset = frozenset()
    struck_rows: frozenset = frozenset()  # rows whose name is struck through
    earlier_sums: dict[str, int] = field(default_factory=dict)  # money of the tables above in the same sheet
    status_codes: dict[str, Status] = field(default_factory=dict)  # "HT", "ĐTH"… explained by a legend in the sheet
    repeated_header: frozenset = frozenset()  # the header again on a later printed page (0-based rows)


@dataclass(slots=True)
class Item:
    r: int  # 0-based row
    progress_raw: Any  # the progress cell as typed (number or text)
    name: str
    text: dict[str, str] = field(default_factory=dict)  # the same, as clean text
    style: str = "NONE"
    depth: int = 0
    section: int = 0  # index of the section the row lies in
    source: Source | None = None
    money: dict[str, int | None] = field(default_factory=dict)
    money_error: tuple[str, str] | None = None  # (field, message)
    children: list["Item"] = field(default_factory=list)
    continuation: list["Item"] = field(default_factory=list)  # rows under a vertically merged name
    role: Role | None = None
    reason: str = ""
    counted: bool = False  # its amounts count in totals (a record)

    @property
    def has_status(self) -> bool:
        return bool(self.text.get("status") or self.text.get("progress"))

    @property
    def has_money(self) -> bool:
        return any(self.money.get(f) is not None for f in ("support", "counterpart", "disbursed", "settled", "total"))


@dataclass
class TableResult:
    records: list[dict[str, Any]] = field(default_factory=list)
    roles: list[RowRole] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    stated: list[tuple[int, str, str | None, int]] = field(default_factory=list)  # (row, kind, source, support)


class TableReader:
    """Reads one located table; see the module docstring for the rules."""

    def __init__(self, rows: list[list[Any]], merged: list, ctx: TableContext):
        self.rows, self.ctx, self.h = rows, ctx, ctx.header
        self.out = TableResult()
        self.cols = dict(sorted(ctx.header.columns.items(), key=lambda fc: fc[1]))  # in sheet order
        self.table_cols = set(self.cols.values())
        self.roles: dict[int, RowRole] = {}
        self.texts: dict[int, dict[str, str]] = {}  # row -> field -> clean text, filled by the first pass
        self.units = dict(ctx.header.units)
        self.continuations = self._name_merges(merged)
        self.prose_disbursed = self.unknown_disbursed = 0  # rows whose disbursement the prose gave / nothing gave
        self._fill_vertical_merges(merged)

    # -- helpers ---------------------------------------------------------------------------
    def cell(self, r: int, f: str) -> Any:
        c = self.cols.get(f)
        row = self.rows[r]
        return row[c] if c is not None and c < len(row) else None

    def ref(self, r: int, f: str | None) -> str:
        return cell_ref(r + 1, self.cols.get(f, 0) if f else 0)

    def finding(self, severity: Severity, r: int, f: str | None, message: str, hint: str = "", code: str = "") -> None:
        self.out.findings.append(Finding(severity, message, self.ctx.file, self.ctx.sheet,
                                         self.ref(r, f) if f else f"dòng {r + 1}", hint, code))

    def role(self, r: int, role: Role, reason: str) -> None:
        text = self.texts.get(r)
        if text is None:
            text = {f: clean(self.cell(r, f)) for f in self.cols}
        self.roles[r] = RowRole(r + 1, role, reason, text)

    def reject(self, item: Item, f: str | None, message: str, hint: str, code: str) -> None:
        self.finding(Severity.ERROR, item.r, f, message, hint, code)
        item.role, item.reason = Role.REJECTED, message
        self.role(item.r, Role.REJECTED, message)

    def source_in(self, text: str) -> Source | None:
        return source_in(self.ctx.source_words, text) or _source_code(text)

    def _name_merges(self, merged: list) -> dict[int, int]:
        """Rows covered by a vertically merged name cell -> the row holding the name."""
        col = self.cols.get("name")
        out = {}
        for (r0, c0), (r1, c1) in merged:
            if c0 <= (col if col is not None else -1) <= c1 and r1 > r0 and r0 >= self.h.data_start:
                for r in range(r0 + 1, min(r1, self.ctx.end - 1) + 1):
                    out[r] = r0
        return out

    def _fill_vertical_merges(self, merged: list) -> None:
        """A text value merged down over several data rows applies to each (money counts once)."""
        money_cols = {self.cols[f] for f in MONEY_FIELDS if f in self.cols}
        name_col = self.cols.get("name")
        stt_col = self.cols.get("stt")  # one number merged over a group's rows numbers the group, not each row
        for (r0, c0), (r1, c1) in merged:
            if r1 <= r0 or r0 < self.h.data_start or r0 >= self.ctx.end:
                continue
            for c in range(c0, c1 + 1):
                if c in money_cols or c in (name_col, stt_col) or c >= len(self.rows[r0]):
                    continue
                value = self.rows[r0][c0] if c0 < len(self.rows[r0]) else None
                for r in range(r0 + 1, min(r1, self.ctx.end - 1) + 1):
                    row = self.rows[r]
                    row.extend([None] * (c + 1 - len(row)))
                    if row[c] in (None, ""):
                        row[c] = value

    # -- money -----------------------------------------------------------------------------
    def amount(self, r: int, f: str, raw: Any) -> int | None:
        """Integer đồng, None when empty; raises AmountError."""
        unit = self.units.get(f)
        if "unit" in self.cols:
            row_unit = clean(self.cell(r, "unit"))
            if row_unit:
                named = unit_in(row_unit)
                if named is None:
                    raise AmountError(f"đơn vị “{row_unit}” ở cột đơn vị tính không rõ")
                unit = named
        return to_dong(raw, unit)

    # -- pass 1 ----------------------------------------------------------------------------
    def run(self) -> TableResult:
        for r in range(self.h.first_row, self.h.data_start):
            self.role(r, Role.HEADER, "dòng tên cột của bảng")
        items: list[Item] = []
        boundaries: list[tuple[int, str, dict[str, int | None], int]] = []  # (row, kind, amounts, section)
        sections: list[tuple[int, Source | None, dict[str, int | None]]] = [(-1, None, {})]
        footer = 0  # the 1-based row that opened the closing block
        breakdown = False  # inside the rows that split a total by source ("Trong đó: - KCQG …", "- KCĐP …")
        parts_seen: set[Source] = set()
        previous: dict[str, Any] = {}
        for r in range(self.h.data_start, self.ctx.end):
            row = self.rows[r]
            if r in self.ctx.repeated_header:
                self.role(r, Role.HEADER, "tên cột nhắc lại ở trang in sau (bảng vẫn tiếp tục)")
                continue
            values = {f: (row[c] if c < len(row) else None) for f, c in self.cols.items()}
            text = {f: clean(v) for f, v in values.items()}
            if not any(text.values()):
                if any(v is not None and v != "" and clean(v) for v in row):
                    self.role(r, Role.NOTE, "chỉ có số liệu phụ ngoài các cột của bảng")
                else:
                    self.role(r, Role.BLANK, "dòng trống")
                continue
            for f, t in text.items():
                if t and len(t) <= 12 and not t[0].isdigit() and fold(t) in DITTO and f in previous:
                    values[f] = previous[f]
                    text[f] = clean(values[f])
            if isinstance(values.get("name"), str) and "\n" in values["name"]:
                _labelled_lines(values["name"], text)
            self.texts[r] = text
            texts = [t for t in text.values() if t]
            uncomputed = next((f for f, v in values.items() if isinstance(v, Uncomputed)), None)
            if uncomputed:
                self.reject(Item(r, values.get("progress"), text.get("name", ""), text), uncomputed,
                            f"Ô có công thức {values[uncomputed]} chưa được tính (tệp chưa từng mở bằng Excel) và "
                            "không tính được", "Mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi chạy lại.",
                            "FORMULA_UNCOMPUTED")
                continue
            if r in self.ctx.struck_rows and text.get("name"):
                self.reject(Item(r, values.get("progress"), text.get("name", ""), text), "name",
                            "Tên đề án bị gạch ngang (thường là đề án đã hủy): không rõ có được tính hay không",
                            "Xóa dòng nếu đề án đã hủy; nếu vẫn tính, bỏ gạch ngang và ghi tình trạng "
                            "(vd. “Xin dừng thực hiện”).", "STRUCK_ROW")
                continue
            if r in self.ctx.hidden_rows:
                if text.get("name") or any(isinstance(values.get(f), (int, float)) or text.get(f)
                                           for f in MONEY_FIELDS if f in values):
                    self.reject(Item(r, values.get("progress"), text.get("name", ""), text), "name",
                                "Dòng bị ẩn có số liệu đề án: không rõ có được tính hay không",
                                "Hiện dòng (Unhide) để kiểm tra: giữ lại nếu là đề án của kỳ này, xóa nếu không.",
                                "HIDDEN_ROW")
                else:
                    self.role(r, Role.NOTE, "dòng bị ẩn, không có số liệu")
                continue
            if _numbering_row(row):
                self.role(r, Role.NUMBERING, "dòng đánh số thứ tự cột")
                continue
            name = text.get("name", "")
            stt = text.get("stt", "")
            both, shares = self._split_source(row, values, text)
            money, money_error = self._money(r, values)
            if shares:
                try:  # one source's support over several budget columns (NS tỉnh + NS huyện)
                    money["support"] = sum(self._one_amount(r, "support", raw) or 0 for raw in shares)
                except AmountError as exc:
                    money_error = ("support", str(exc))
            if both and _SUBTOTAL.match(fold(name or (texts[0] if texts else ""))):
                try:  # a total row carries the sum of both source columns
                    money["support"] = sum(self._one_amount(r, "support", row[c]) or 0 for c in self.h.split
                                           if c < len(row))
                    both = ""
                except AmountError as exc:
                    money_error = ("support", str(exc))
            if both:
                money_error = ("support", both)
            has_money = any(v is not None for v in money.values())
            label = fold(stt if stt and not _ROW_NUMBER.fullmatch(stt) else "") or fold(name) or fold(texts[0])
            kind = None if footer else opens_footer(_row_texts(row))
            if footer or kind:
                if has_money:
                    self.reject(Item(r, values.get("progress"), name, text=text), None,
                                "Dòng có số tiền nằm trong phần chữ ký cuối bảng: không rõ có phải đề án không",
                                "Chuyển dòng này lên trong bảng nếu là đề án, hoặc xóa số tiền nếu không phải.",
                                "ROW_AFTER_FOOTER")
                else:
                    self.role(r, Role.FOOTER, f"phần cuối bảng ({kind})" if kind else
                              f"phần cuối bảng (dưới dòng {footer} — chữ ký, tên người ký, ghi chú)")
                    footer = footer or r + 1
                continue
            if label.startswith("trong do") and not has_money and not text.get("status"):
                breakdown = True  # "Trong đó:" alone; the rows below split the total above by source
                self.role(r, Role.SUBTOTAL, "dòng “Trong đó:” mở phần chia theo nguồn của dòng tổng phía trên")
                continue
            in_breakdown = breakdown and has_money and (not stt.strip("-+•* ") or len(stt) > 5) \
                and not text.get("status") and (named := source_in(
                    self.ctx.source_words, _SECTION_PREFIX.sub("", fold(name or texts[0]).strip(" :-+")))) is not None \
                and named not in parts_seen
            breakdown = in_breakdown or (label.startswith("trong do") and has_money)
            if not breakdown:
                parts_seen.clear()
            if (label.startswith("trong do") and has_money) or in_breakdown:  # "Trong đó: KCQG …" under a total
                words = label[8:] if label.startswith("trong do") else fold(name or texts[0])
                part = source_in(self.ctx.source_words, _SECTION_PREFIX.sub("", words.strip(" :-+")))
                if part is not None:
                    parts_seen.add(part)
                    boundaries.append((r, f"part:{part.value}", money, len(sections) - 1))
                    self.role(r, Role.SUBTOTAL, f"dòng “Trong đó” của nguồn {part.value} (được đối chiếu)")
                else:
                    self.finding(Severity.WARNING, r, "name", f"Dòng “{name or texts[0]}” có số tiền nhưng không "
                                 "đối chiếu được (không nêu nguồn kinh phí)", code="UNCHECKED_PART")
                    self.role(r, Role.SUBTOTAL, "dòng “Trong đó” không nêu nguồn: không đối chiếu được")
                continue
            if has_money and not money_error and all(f in MONEY_FIELDS for f, v in text.items() if v):
                # only amounts, no name or number: the bold sum row under a part (checked like a "Cộng")
                boundaries.append((r, "unlabelled", money, len(sections) - 1))
                self.role(r, Role.SUBTOTAL, "dòng chỉ có số tiền, không ghi tên: dòng cộng của các đề án phía trên "
                                            "(được đối chiếu)")
                continue
            if _SUBTOTAL.match(label) or (not stt and _SUBTOTAL.match(fold(texts[0]))):
                kind = "total" if re.match(r"^(?:(?:[ivx]+|[a-d])[.)]?\s+)?tong", label) else "subtotal"
                if money_error:
                    self.finding(Severity.ERROR, r, money_error[0], f"Dòng cộng: {money_error[1]}",
                                 "Sửa số ở dòng cộng.", "AMOUNT_UNREADABLE")
                boundaries.append((r, kind, money, len(sections) - 1))
                if money.get("support") is not None:
                    self.out.stated.append((r, kind, None, money["support"]))
                self.role(r, Role.TOTAL if kind == "total" else Role.SUBTOTAL,
                          "dòng tổng cộng (được đối chiếu với các đề án)" if kind == "total"
                          else "dòng cộng (được đối chiếu với các đề án phía trên)")
                continue
            source = self._section_source(text, name, texts)
            if source is not None:
                sections.append((r, source, money))
                if money.get("support") is not None:
                    self.out.stated.append((r, "section", source.value, money["support"]))
                self.role(r, Role.SECTION, f"mục nguồn kinh phí {source.value}")
                continue
            if not has_money and not money_error and not self._has_row_data(text) and self._is_note(stt, name, texts):
                self.role(r, Role.NOTE, "dòng chữ không có số liệu (ghi chú)")
                continue
            tick_problem = self._ticks(row, text) if self.h.ticks else ""
            if tick_problem:
                self.reject(Item(r, values.get("progress"), name, text), "name", f"Không rõ tình trạng: {tick_problem}",
                            "Đánh dấu đúng một cột tình trạng; với cột gộp “Xin dừng/điều chỉnh”, ghi rõ ở cột ghi chú "
                            "là xin dừng hay xin điều chỉnh.", "STATUS_AMBIGUOUS")
                continue
            item = Item(r, values.get("progress"), name, text, section=len(sections) - 1, source=sections[-1][1], money=money,
                        money_error=money_error)
            items.append(item)
            previous.update({f: v for f, v in values.items() if text[f]})  # a ditto mark repeats the last value above
        self._build(items, sections)
        self._check_totals(items, sections, boundaries)
        if "disbursed" not in self.cols and self.prose_disbursed:
            self.out.findings.append(Finding(
                Severity.WARNING if self.unknown_disbursed else Severity.INFO,
                f"Bảng không có cột giải ngân: số giải ngân của {self.prose_disbursed} dòng lấy từ lời văn ở cột tình "
                f"trạng/ghi chú" + (f"; {self.unknown_disbursed} dòng không ghi nên báo cáo không có số giải ngân cho "
                                    "các dòng đó" if self.unknown_disbursed else ""),
                self.ctx.file, self.ctx.sheet, self.ref(self.h.last_row, "name"),
                "Thêm cột “Đã giải ngân” để số liệu giải ngân đầy đủ và dễ kiểm tra.", "DISBURSED_FROM_PROSE"))
        for r in range(self.h.first_row, self.ctx.end):
            if r not in self.roles:  # pragma: no cover - every branch above assigns a role
                self.role(r, Role.REJECTED, "không xác định được vai trò của dòng")
        self.out.roles = [self.roles[r] for r in sorted(self.roles)]
        return self.out

    def _split_source(self, row: list[Any], values: dict[str, Any], text: dict[str, str]) -> tuple[str, list[Any]]:
        """Support split over columns per source: the filled ones give amount and source. Returns
        a message when more than one source is filled, and the cells to add up when one source
        has several (NS tỉnh, NS huyện)."""
        if not self.h.split:
            return "", []
        filled = [(c, row[c]) for c in self.h.split if c < len(row) and clean(row[c]) not in ("", "-", "0")]
        sources = sorted({self.h.split[c] for c, _ in filled})
        if len(sources) > 1:
            return "kinh phí ghi ở cả hai cột nguồn " + " và ".join(sources), []
        if filled:
            c, raw = filled[0]
            values["support"], text["support"] = raw, " + ".join(clean(v) for _, v in filled)
            if not text.get("source"):
                text["source"] = self.h.split[c]
        return "", [raw for _, raw in filled] if len(filled) > 1 else []

    @staticmethod
    def _is_numbering(texts: list[str]) -> bool:
        """The row that numbers the columns: "(1) (2) (3)…", "A B C 1 2 3=1+2 D"."""
        if len(texts) < 3 or not all(_NUMBERING_CELL.match(t) for t in texts):
            return False
        numbers = [int(re.match(r"^\(?(\d+)", t).group(1)) for t in texts if re.match(r"^\(?\d", t)]
        letters = [t.strip("()") for t in texts if not re.match(r"^\(?\d", t)]
        return (len(numbers) >= 3 or (len(numbers) >= 2 and len(letters) >= 2)) and numbers == sorted(numbers) \
            and letters == sorted(letters)

    def _is_note(self, stt: str, name: str, texts: list[str]) -> bool:
        first = fold(texts[0])
        if first.startswith(folded("notes")):
            return True
        if len(texts) == 1 and not name and len(stt) > 8:  # a title written in the first column
            return True
        return not stt and len(texts) == 1 and not name

    @staticmethod
    def _has_row_data(text: dict[str, str]) -> bool:
        return any(text.get(f) for f in ("beneficiary", "status", "progress", "place", "decision"))

    def _section_source(self, text: dict[str, str], name: str, texts: list[str]) -> Source | None:
        """A funding-source row: short text naming KCQG/KCĐP, with no beneficiary, status or place
        (a count such as "03 đề án" in another column is allowed)."""
        label = name or next((t for t in texts if not re.fullmatch(r"[\dIVXA-E.)]+", t)), "")
        # with the name column empty, the heading may sit in the first text column ("Tên cơ sở")
        if text.get("source") or text.get("status") or text.get("progress") or any(
                t and not _COUNT.match(fold(t)) and (name or t != label)
                for f, t in text.items() if f in ("beneficiary", "place", "decision")):
            return None
        return self._opening_source(label)

    def _opening_source(self, label: str) -> Source | None:
        """The source a short label opens with ("Khuyến công địa phương năm 2022"), or None
        ("Quảng bá sản phẩm địa phương" names a product, not a source)."""
        if len(label) > 80:
            return None
        core = re.sub(r"\([^)]*\)", "", _SECTION_LEAD.sub("", fold(label))).strip(" :.-")
        if not core or words_pattern("activities").match(core):
            return None
        for variant in (core, _SECTION_PREFIX.sub("", core)):
            hits = [(s, m) for s, p in self.ctx.source_words.items() if (m := p.match(variant))]
            if len(hits) == 1 and len(variant[hits[0][1].end():].split()) <= 4:
                return hits[0][0]
        return None

    def _money(self, r: int, values: dict[str, Any]) -> tuple[dict[str, int | None], tuple[str, str] | None]:
        money: dict[str, int | None] = {}
        error = None
        row = self.rows[r]
        for f in MONEY_FIELDS:
            if f not in self.cols:
                continue
            try:
                if f not in self.h.parts:
                    money[f] = self._one_amount(r, f, values.get(f))
                    continue
                amounts = [self._one_amount(r, f, row[c] if c < len(row) else None) for c in self.h.parts[f]]
                known = [a for a in amounts if a is not None]
                money[f] = sum(known) if known else None  # parts that make up the whole (Quý I…, Đợt 1…)
            except AmountError as exc:
                money[f] = None
                if error is None:
                    error = (f, str(exc))
        return money, error

    def _one_amount(self, r: int, f: str, raw: Any) -> int | None:
        if isinstance(raw, (dt.date, dt.time)):
            raise AmountError(f"ô chứa ngày tháng ({raw}), không phải số tiền")
        if raw is not None and not isinstance(raw, (int, float, str)):
            raise AmountError(f"công thức {raw} chưa được tính (tệp chưa từng mở bằng Excel) và không tính được")
        if isinstance(raw, str) and raw.strip().upper() in ERROR_VALUES:
            raise AmountError(f"ô có lỗi công thức {raw.strip()}")
        return self.amount(r, f, raw)

    def _ticks(self, row: list[Any], text: dict[str, str]) -> str:
        """Status marked by a tick in one of the status columns: written into the row's status
        text. Returns a message when the marks do not tell one status."""
        marked = [c for c in self.h.ticks if c < len(row) and _is_mark(row[c])]
        if not marked or text.get("status"):
            return ""
        labels = " và ".join(f"“{self.h.labels.get(c, '').split(' / ')[-1]}” ({cell_ref(0, c)[:-1]})" for c in marked)
        if len(marked) > 1:
            return f"đánh dấu ở {len(marked)} cột tình trạng: {labels}"
        statuses = self.h.ticks[marked[0]]
        if len(statuses) > 1:
            told = read_status(text.get("note", ""), None, self.ctx.extra_status) if text.get("note") else None
            if told is None or told.status not in statuses:
                return (f"đánh dấu ở cột {labels} nhưng ghi chú không cho biết là "
                        + " hay ".join(s.label.lower() for s in sorted(statuses)))
            statuses = frozenset({told.status})
        text["status"] = next(iter(statuses)).label
        return ""

    # -- pass 2: the tree of items ---------------------------------------------------------
    def _build(self, items: list[Item], sections: list) -> None:
        by_row = {i.r: i for i in items}
        kept: list[Item] = []
        for item in items:
            parent_row = self.continuations.get(item.r)
            parent = by_row.get(parent_row) if parent_row is not None else None
            if parent is not None and not item.text.get("name"):
                parent.continuation.append(item)
                continue
            kept.append(item)
        for index in range(len(sections)):
            group = [i for i in kept if i.section == index]
            self._assign_depths(group)
            roots = self._tree(group)
            for root in roots:
                self._resolve(root, content="")

    def _style(self, item: Item) -> str:
        token = item.text.get("stt", "")
        if not token:
            m = _LEAD.match(item.name)
            if m:
                token = m.group(1)
                item.name = item.name[m.end():].strip()
        token = token.strip()
        if not token:
            if not item.has_money and not item.has_status and not item.text.get("beneficiary"):
                return "HEADING"
            return "NONE"
        t = token.rstrip(".)/ ")
        if re.fullmatch(r"\d+", t):
            return "ARABIC"
        if re.fullmatch(r"\d+(?:\.\d+)+", t):
            return f"DOT{t.count('.')}"
        if re.fullmatch(r"[IVXLC]{2,}", t) or t in {"I", "V", "X"}:
            return "ROMAN"
        if re.fullmatch(r"[A-Z]", t):
            return "UPPER"
        if re.fullmatch(r"[a-zđ]", t):
            return "LOWER"
        if t in {"-", "–", "—", "•"}:
            return "DASH"
        if t in {"+", "*"}:
            return "PLUS" if t == "+" else "STAR"
        if re.fullmatch(r"\(\d+\)", token):
            return "PAREN"
        return "OTHER"

    def _assign_depths(self, items: list[Item]) -> None:
        """Depth by numbering: a style seen before returns to its level; a new one goes under the
        current row, unless the usual order of Vietnamese tables (A > I > 1 > 1.1 > a > - > +) puts
        it above: "B." after "1." closes the "A." part rather than opening a level inside "1."."""
        for item in items:
            item.style = self._style(item)
        for item, after in zip(items, items[1:]):
            # "1 Hỗ trợ máy móc thiết bị" with the sum of "1, 2, 3" below it: numbering that starts
            # again under a row with amounts but no beneficiary or status is a heading over them
            if item.style == after.style == "ARABIC" and after.text.get("stt", "").strip(" .)") == "1" and \
                    item.has_money and not item.has_status and not self._has_row_data(item.text):
                item.style = "ARABIC_HEAD"
        stack: list[str] = []
        for item in items:
            s = item.style
            if s == "NONE":
                if not stack or stack[-1] != "NONE":
                    stack.append("NONE")
                item.depth = len(stack) - 1
            elif s in stack:
                i = stack.index(s)
                del stack[i + 1:]
                item.depth = i
            else:
                rank = _STYLE_RANK.get(s)
                while rank is not None and stack and _STYLE_RANK.get(stack[-1], -1) > rank:
                    stack.pop()
                stack.append(s)
                item.depth = len(stack) - 1

    @staticmethod
    def _tree(items: list[Item]) -> list[Item]:
        roots: list[Item] = []
        path: list[Item] = []
        for item in items:
            while path and path[-1].depth >= item.depth:
                path.pop()
            (path[-1].children if path else roots).append(item)
            path.append(item)
        return roots

    def _inherit_source(self, item: Item) -> None:
        """A heading that names a source ("B. Khuyến công địa phương" with a note beside it) sets
        the source of every row under it, as a section row would."""
        source = self._opening_source(item.name)
        if source is None:
            return
        stack = list(item.children)
        while stack:
            kid = stack.pop()
            kid.source = source
            stack.extend(kid.children)

    def _resolve(self, item: Item, content: str) -> None:
        if item.money_error:
            f, message = item.money_error
            self.reject(item, f, f"Số tiền không đọc được: {message}",
                        "Nhập số, ví dụ 600 (triệu đồng) hoặc 600.000.000 đồng; công thức phải có giá trị.",
                        "AMOUNT_UNREADABLE")
            for child in item.children:
                self._resolve(child, content)
            return
        if not item.children:
            return self._leaf(item, content)
        kids = item.children
        support = item.money.get("support")
        if support is None:
            if item.has_status or item.text.get("beneficiary"):
                self.reject(item, "support", f"“{item.name}” có các dòng chi tiết bên dưới nhưng không ghi kinh phí",
                            "Ghi kinh phí của đề án nhóm (bằng tổng các cơ sở), hoặc bỏ tình trạng nếu đây là "
                            "tiêu đề nhóm hoạt động.", "GROUP_WITHOUT_AMOUNT")
            else:
                item.role, item.reason = Role.GROUP, "tiêu đề nhóm hoạt động (không ghi số tiền); các dòng dưới là đề án"
                self.role(item.r, Role.GROUP, item.reason)
                self._inherit_source(item)
            for child in kids:
                self._resolve(child, content=item.name if item.role is Role.GROUP else content)
            return
        if any(k.money_error for k in kids):
            item.role, item.reason = Role.GROUP, "dòng có các dòng chi tiết bị lỗi số tiền bên dưới (chưa đối chiếu được)"
            self.role(item.r, Role.GROUP, item.reason)
            for child in kids:
                self._resolve(child, content=item.name)
            return
        kid_amounts = [k.money.get("support") for k in kids]
        kid_status = any(k.has_status for k in kids)
        says_group = _says_group(item)
        if all(a is None for a in kid_amounts):
            if kid_status and not says_group:
                self.reject(item, "support", f"Không rõ “{item.name}” là nhóm hoạt động hay đề án nhóm: các dòng "
                            "dưới có tình trạng nhưng không có kinh phí",
                            "Ghi kinh phí cho từng đề án bên dưới, hoặc bỏ tình trạng ở các dòng cơ sở thụ hưởng.",
                            "AMBIGUOUS_GROUP")
                for k in kids:
                    self._mark_all(k, Role.REJECTED, "thuộc dòng không rõ vai trò phía trên")
                return
            return self._group_project(item, content, kids)
        kids = item.children = self._flatten_bullets(item)
        stated = {f: item.money.get(f) for f in ("support", "counterpart", "disbursed", "settled")}
        for f, value in stated.items():
            below = [k.money.get(f) for k in kids]
            if value is None or all(b is None for b in below):
                continue
            total = sum(b or 0 for b in below)
            if abs(total - value) > len(kids):
                label = {"support": "kinh phí hỗ trợ", "counterpart": "đối ứng", "disbursed": "đã giải ngân",
                         "settled": "đã quyết toán"}[f]
                self.finding(Severity.ERROR, item.r, f,
                             f"Dòng “{item.name}” ghi {label} {dong(value)} nhưng các dòng ngay dưới cộng lại "
                             f"{dong(total)}", "Sửa số của dòng này hoặc của các dòng dưới cho khớp; nếu đơn vị "
                             "tính khác nhau, ghi rõ đơn vị.", "SUM_MISMATCH")
                break
        beneficiary_like = _name_establishments([k.name for k in kids])
        is_activity = bool(words_pattern("activities").match(fold(item.name)))
        if says_group or (item.has_status and not kid_status) or \
                (beneficiary_like and not is_activity and not (kid_status and not item.has_status)):
            return self._group_project(item, content, kids)
        if not item.has_status or is_activity:
            item.role, item.reason = Role.GROUP, "nhóm hoạt động: số tiền bằng tổng các đề án bên dưới"
            self.role(item.r, Role.GROUP, item.reason)
            self._inherit_source(item)
            for child in kids:
                self._resolve(child, content=item.name)
            return
        self.reject(item, "name", f"Không rõ “{item.name}” là nhóm hoạt động hay đề án nhóm (cả dòng này và các "
                    "dòng dưới đều có tình trạng)",
                    "Ghi “Đề án nhóm” ở tên hoặc cột loại nếu là đề án nhóm; bỏ tình trạng ở dòng nhóm nếu là nhóm "
                    "hoạt động.", "AMBIGUOUS_GROUP")
        for k in kids:
            self._mark_all(k, Role.REJECTED, "thuộc dòng không rõ vai trò phía trên")

    def _mark_all(self, item: Item, role: Role, reason: str) -> None:
        item.role, item.reason = role, reason
        self.role(item.r, role, reason)
        for k in item.children + item.continuation:
            self._mark_all(k, role, reason)

    def _group_project(self, item: Item, content: str, kids: list[Item]) -> None:
        """A đề án counted once, its amount its own; the rows under it are its beneficiaries (a đề án
        nhóm) or, when they name no establishment, the items it is made of (machines, stages)."""
        names = [k.name or k.text.get("beneficiary", "") for k in kids]
        if _says_group(item) or _name_establishments(names):
            if not item.has_status:
                self._status_from_beneficiaries(item, kids)
            self._leaf(item, content, beneficiaries=[n for n in names if n], shape="nhom")
            for k in kids:
                self._mark_all(k, Role.BENEFICIARY, f"cơ sở thụ hưởng của đề án nhóm ở dòng {item.r + 1}")
            return
        self._leaf(item, content)
        for k in kids:
            self._mark_all(k, Role.DETAIL, f"hạng mục chi tiết của đề án ở dòng {item.r + 1} (không tính riêng)")

    @staticmethod
    def _flatten_bullets(item: Item) -> list[Item]:
        """Rows marked "-", "+", "*" under one heading may be siblings typed with different marks:
        when the heading's amount is not the sum of its first level but is the sum of every row
        below, each with its own amount and none a heading over the next, they are all its items."""
        support = item.money.get("support")
        below, stack = [], list(reversed(item.children))
        while stack:
            kid = stack.pop()
            below.append(kid)
            stack.extend(reversed(kid.children))
        first = [k.money.get("support") for k in item.children]
        every = [k.money.get("support") for k in below]
        if support is None or len(below) == len(item.children) or None in every or \
                sum(a or 0 for a in first) == support or sum(every) != support or \
                any(k.style not in ("DASH", "PLUS", "STAR") for k in below):
            return item.children
        for k in below:
            k.children = []
        return below

    def _unfunded(self, item: Item, name: str) -> None:
        """An empty support cell beside "Chưa phân bổ kinh phí" is 0 đồng: the office says so."""
        said = next((t for f in ("note", "status", "support") if (t := item.text.get(f))
                     and words_pattern("unfunded").search(fold(t))), None)
        if said is None:
            return
        item.money["support"] = 0
        self.finding(Severity.WARNING, item.r, "support", f"“{name}” chưa được phân bổ kinh phí (ghi “{said}”): kinh "
                     "phí hỗ trợ tính là 0 đồng", "Nếu đã có kinh phí, điền số vào ô kinh phí hỗ trợ.", "NO_FUNDING")

    def _status_from_beneficiaries(self, item: Item, kids: list[Item]) -> None:
        """A đề án nhóm whose own row gives no status, each beneficiary row its own: the đề án is
        done when every beneficiary is, not started when none has started, stopped (or adjusting)
        when all are, and otherwise under way (part of it done)."""
        readings = []
        for k in kids:
            text = k.text.get("status") or k.text.get("note", "")
            code = self.ctx.status_codes.get(fold(text).strip(" .;:()")) if text else None
            reading = code or (r.status if (r := read_status(text, None, self.ctx.extra_status)) else None) if text else None
            if reading is None:
                return  # a beneficiary without a status (or one not understood): the parent's own is asked for
            readings.append(reading)
        if not readings:
            return
        found = set(readings)
        open_ = found - {Status.STOPPED}
        status = (next(iter(found)) if len(found) == 1 else Status.ADJUSTING if Status.ADJUSTING in found
                  else Status.COMPLETED if open_ == {Status.COMPLETED} else Status.IN_PROGRESS)
        item.text["status"] = status.label
        item.text["status_from"] = f"theo tình trạng của {len(kids)} cơ sở thụ hưởng"

    # -- records ---------------------------------------------------------------------------
    def _leaf(self, item: Item, content: str, beneficiaries: list[str] | None = None, shape: str = "") -> None:
        r = item.r
        for k in item.continuation:
            self._mark_all(k, Role.BENEFICIARY, f"cơ sở thụ hưởng của đề án ở dòng {r + 1} (ô tên được gộp)")
        if item.continuation:
            names = [item.text.get("beneficiary", "")] + [k.text.get("beneficiary", "") for k in item.continuation]
            beneficiaries = [n for n in names if n and not _COUNT_OF_UNITS.match(fold(n))]
            shape = "nhom"
            for f in ("support", "counterpart", "disbursed", "settled"):
                own, below = item.money.get(f), [k.money.get(f) for k in item.continuation]
                if own is not None and any(b is not None for b in below) and sum(b or 0 for b in below) == own:
                    continue  # the first row states the whole, the rows under it its shares
                if own is not None or any(b is not None for b in below):
                    item.money[f] = (own or 0) + sum(b or 0 for b in below)  # each row of the merged name, its share
        name = item.name
        if name:  # the pattern needs "(" or "*": most names are left as they are without running it
            name = (_MARKERS.sub(" ", name) if "(" in name or "*" in name else name).strip()
        if name and item.money.get("support") is None and not item.money_error:
            self._unfunded(item, name)
        if not item.has_money:
            if not name:
                return self.reject(item, "name", "Dòng có chữ nhưng không có tên đề án và không có số tiền",
                                   "Điền tên và kinh phí của đề án, hoặc xóa dòng.", "ROW_WITHOUT_NAME")
            if not self._has_row_data(item.text) and _heading_words(name):
                item.role, item.reason = Role.GROUP, "tiêu đề một phần của bảng (chữ in hoa, không có số liệu)"
                return self.role(r, Role.GROUP, item.reason)
            if item.style in ("HEADING",) and not self._has_row_data(item.text):
                item.role, item.reason = Role.GROUP, "tiêu đề nhóm không có đề án nào bên dưới"
                self.finding(Severity.WARNING, r, "name", f"Dòng “{name}” chỉ có tên, không có số liệu: được hiểu là "
                             "tiêu đề, không tính là đề án", "Nếu đây là đề án, điền kinh phí và tình trạng.",
                             "NAME_ONLY_ROW")
                return self.role(r, Role.GROUP, item.reason)
            return self.reject(item, "support", f"Đề án “{name}” chưa có kinh phí hỗ trợ",
                               "Điền kinh phí hỗ trợ của đề án.", "NO_AMOUNT")
        if not name:
            return self.reject(item, "name", "Dòng có số liệu nhưng không có tên đề án",
                               "Điền tên đề án, hoặc xóa dòng nếu không phải đề án.", "ROW_WITHOUT_NAME")
        support = item.money.get("support")
        if support is None:
            return self.reject(item, "support", f"Đề án “{name}” chưa có kinh phí hỗ trợ",
                               "Điền kinh phí hỗ trợ của đề án.", "NO_AMOUNT")
        if support > MAX_SUPPORT or any((v or 0) > 20 * MAX_SUPPORT for v in item.money.values()):
            big = max(v or 0 for v in item.money.values())
            return self.reject(item, "support", f"Số tiền {dong(big)} cho một đề án là không hợp lý "
                               f"(kinh phí hỗ trợ một đề án không quá {dong(MAX_SUPPORT)})",
                               "Kiểm tra số và đơn vị tính của dòng này.", "AMOUNT_IMPLAUSIBLE")
        if support == 0:
            self.finding(Severity.WARNING, r, "support", f"Đề án “{name}” có kinh phí hỗ trợ bằng 0",
                         "Kiểm tra lại; nếu đề án không dùng kinh phí khuyến công thì không nên liệt kê.",
                         code="AMOUNT_ZERO")
        elif 0 < support < MIN_SUPPORT:
            self.finding(Severity.WARNING, r, "support", f"Kinh phí hỗ trợ {dong(support)} rất nhỏ cho một đề án; "
                         "kiểm tra đơn vị tính", code="AMOUNT_SMALL")
        text = item.text
        beneficiary = text.get("beneficiary", "")
        if "beneficiary" not in self.cols and not beneficiary:
            name, beneficiary = split_name_beneficiary(name)
        if beneficiaries and not beneficiary:
            beneficiary = "; ".join(beneficiaries)
        source_text = text.get("source", "")
        source = self.source_in(source_text) if source_text else (
            item.source or self.ctx.sheet_source or self.ctx.file_source)
        if source is None:
            return self.reject(item, "source" if "source" in self.cols else "name",
                               "Không xác định được nguồn kinh phí (KCQG hay KCĐP) của đề án"
                               + (f" (ô ghi “{source_text}”)" if source_text else ""),
                               "Ghi KCQG hoặc KCĐP ở cột nguồn kinh phí, hoặc đặt đề án dưới dòng mục "
                               "“A. Khuyến công quốc gia” / “B. Khuyến công địa phương”.", "NO_SOURCE")
        progress = self._progress(item)
        if progress is False:
            return
        status_text = text.get("status", "")
        note = text.get("note", "")
        reading = None
        if not status_text and note:  # status spread over a progress column and a free-text note
            reading = read_status(note, progress, self.ctx.extra_status)
            if reading is not None:
                status_text = note
        code = self.ctx.status_codes.get(fold(status_text).strip(" .;:()")) if status_text else None
        if reading is None and code is not None:
            reading = Reading(code, 100.0 if code is Status.COMPLETED else progress, f"ký hiệu “{status_text}” theo chú thích")
        if reading is None and (status_text or progress is not None):
            reading = read_status(status_text, progress, self.ctx.extra_status)
        if reading is None and not status_text and text.get("accepted"):
            accepted = _date_text(self.cell(r, "accepted"))
            if accepted:  # "Ngày nghiệm thu" filled in, the status left empty: accepted on that day
                reading = Reading(Status.COMPLETED, 100.0, f"ngày nghiệm thu {accepted}")
                status_text = f"Đã nghiệm thu ngày {accepted}"
        if reading is None and self.ctx.plan and not status_text:
            reading = Reading(Status.NOT_STARTED, None, "đề án đăng ký cho năm sau")
        if reading is None:
            if status_text:
                return self.reject(item, "status", f"Không hiểu tình trạng “{status_text}”",
                                   "Dùng một trong: Đã hoàn thành, Đang thực hiện, Xin điều chỉnh, Xin dừng thực "
                                   "hiện, Chưa thực hiện; hoặc thêm cụm từ vào mục statuses trong config.yaml.",
                                   "STATUS_UNKNOWN")
            return self.reject(item, "status", f"Đề án “{name}” chưa ghi tình trạng thực hiện",
                               "Điền cột tình trạng (có danh sách chọn trong mẫu nhập liệu).", "STATUS_MISSING")
        kind_text = fold(text.get("kind", ""))
        folded_name = fold(name)
        record_type = "de_an"
        if words_pattern("tasks").search(kind_text) or (not kind_text and words_pattern("tasks").search(folded_name)):
            record_type = "nhiem_vu_chi"
        elif words_pattern("votes").search(kind_text) or words_pattern("votes").match(folded_name):
            record_type = "binh_chon"
        if not shape:
            group_count = _GROUP_OF_UNITS.match(fold(text.get("beneficiary", "")))
            if (words_pattern("group_words").search(kind_text) or folded_name.startswith("de an nhom")
                    or "(de an nhom)" in folded_name or (group_count and int(group_count.group(1)) > 1)):
                shape = "nhom"  # "… (đề án nhóm)", or a beneficiary written "04 cơ sở CNNT"
            elif words_pattern("point_words").search(kind_text) or folded_name.startswith("de an diem"):
                shape = "diem"
            else:
                shape = "don_le"
        role = Role.TASK if record_type != "de_an" else Role.PROJECT
        item.role, item.counted, item.source = role, True, source
        if item.money.get("disbursed") is None:
            item.money["disbursed"], how = self._disbursed_from_prose(f"{status_text} ; {note}", support, reading)
        else:
            how = ""
        disbursed = item.money.get("disbursed")
        if reading.reason in _CARRIED_OUT and reading.status is Status.IN_PROGRESS and support and \
                disbursed is not None and disbursed >= support:
            # "Đã thực hiện" says done or doing; paid out in full, it is done
            reading = Reading(Status.COMPLETED, 100.0, f"“{reading.reason}” và đã giải ngân đủ")
        item.reason = f"{role.label}; tình trạng: {reading.status.label} ({reading.reason}){how}"
        self.role(r, role, item.reason)
        if item.money.get("disbursed") is not None and item.money["disbursed"] > support:
            self.finding(Severity.WARNING, r, "disbursed",
                         f"Số đã giải ngân {dong(item.money['disbursed'])} lớn hơn kinh phí hỗ trợ {dong(support)}",
                         code="DISBURSED_OVER_SUPPORT")
        self.out.records.append({
            "file": self.ctx.file, "sheet": self.ctx.sheet, "row": r + 1,
            "record_type": record_type, "shape": shape, "source": source.value, "name": name,
            "content": text.get("content", "") or _strip_lead(content), "kind_text": text.get("kind", ""),
            "beneficiary": beneficiary, "beneficiaries": len(beneficiaries) if beneficiaries else None,
            "place": text.get("place", ""), "decision": text.get("decision", ""),
            "support_vnd": support, "counterpart_vnd": item.money.get("counterpart"),
            "disbursed_vnd": item.money.get("disbursed"), "settled_vnd": item.money.get("settled"),
            "total_vnd": item.money.get("total"),
            "status": reading.status.value, "progress": reading.progress, "status_text": status_text, "note": note,
            "settled": reading.status.value == "completed" and (
                bool(item.money.get("settled")) or bool(re.search(r"quyet toan|thanh ly", fold(f"{status_text} {note}")))),
            "plan": self.ctx.plan,
        })

    def _disbursed_from_prose(self, prose: str, support: int, reading: Reading) -> tuple[int | None, str]:
        """Disbursement of a row whose table gives none: what its prose states, 0 for a đề án not
        started, else unknown (None: the report then has no figure, it never says 0)."""
        stated = disbursed_in(prose, support, self.units.get("support"))
        if stated is not None:
            self.prose_disbursed += 1
            return stated[0], f"; giải ngân {dong(stated[0])} theo lời văn “{stated[1]}”"
        if "disbursed" in self.cols:
            return None, ""
        if reading.status is Status.NOT_STARTED:
            return 0, "; chưa thực hiện nên chưa giải ngân"
        self.unknown_disbursed += 1
        return None, "; không có số giải ngân"

    def _progress(self, item: Item) -> float | None | bool:
        value = item.progress_raw
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                number = float(value) * (100 if self._progress_fraction() else 1)
            else:
                text = str(value).strip()
                if not _PERCENTISH.match(text):
                    raise ValueError(text)
                number = float(parse_number(text.rstrip("% ")))
        except (AmountError, ValueError):
            self.reject(item, "progress", f"Tiến độ “{value}” không phải là số phần trăm", "Nhập số từ 0 đến 100.",
                        "PROGRESS_INVALID")
            return False
        if not 0 <= number <= 100:
            self.reject(item, "progress", f"Tiến độ {number:g}% nằm ngoài khoảng 0–100%", "Nhập số từ 0 đến 100.",
                        "PROGRESS_INVALID")
            return False
        return round(number, 2)

    def _progress_fraction(self) -> bool:
        if not hasattr(self, "_fraction"):
            col = self.cols.get("progress")
            numbers = [row[col] for row in self.rows[self.h.data_start:self.ctx.end]
                       if col is not None and col < len(row) and isinstance(row[col], (int, float))
                       and not isinstance(row[col], bool)]
            self._fraction = bool(numbers) and all(0 <= v <= 1 for v in numbers) and any(0 < v < 1 for v in numbers)
        return self._fraction

    # -- totals ----------------------------------------------------------------------------
    def _check_totals(self, items: list[Item], sections: list, boundaries: list) -> None:
        counted = [i for i in items if i.counted]

        def sums(rows: list[Item]) -> dict[str, int | None]:
            out = {}
            for f in ("support", "counterpart", "disbursed", "settled"):
                known = [i.money.get(f) for i in rows if i.money.get(f) is not None]
                out[f] = sum(known) if known else None
            return out

        def check(r: int, stated: dict[str, int | None], scopes: list[list[Item]], what: str) -> None:
            for f in ("support", "counterpart", "disbursed", "settled"):
                value = stated.get(f)
                if value is None:
                    continue
                candidates = [sums(s)[f] for s in scopes]
                if all(c is None for c in candidates) and f != "support":
                    continue
                if any(c is not None and abs(c - value) <= max(1, len(s)) for c, s in zip(candidates, scopes)) or \
                        (value == 0 and all(c in (None, 0) for c in candidates)):
                    continue
                earlier = self.ctx.earlier_sums.get(f)
                if what == "Dòng tổng cộng" and earlier is not None and candidates[0] is not None and \
                        abs(earlier + candidates[0] - value) <= max(1, len(scopes[0])):
                    continue  # the grand total under the last table of a sheet covers the tables above it too
                label = {"support": "kinh phí hỗ trợ", "counterpart": "đối ứng", "disbursed": "đã giải ngân",
                         "settled": "đã quyết toán"}[f]
                got = candidates[0] or 0
                unit = self.units.get(f)
                self.finding(Severity.ERROR, r, f,
                             f"{what} ghi {label} {dong(value)} nhưng cộng các đề án đọc được là {dong(got)}",
                             "Số liệu tổng và chi tiết không khớp: kiểm tra dòng cộng, các dòng đề án, và đơn vị "
                             f"tính ({UNIT_LABELS.get(unit, 'chưa rõ') if unit else 'chưa rõ'}).",
                             "TOTAL_MISMATCH")

        for index, (r, _, stated) in enumerate(sections):
            if r < 0 or not any(v is not None for v in stated.values()):
                continue
            check(r, stated, [[i for i in counted if i.section == index]], "Dòng mục")
        last_boundary: dict[int, int] = {}
        for r, kind, stated, section in boundaries:
            everything = counted
            before = [i for i in counted if i.r < r]
            if kind == "total":
                check(r, stated, [everything, before], "Dòng tổng cộng")
                continue
            if kind.startswith("part:"):
                check(r, stated, [[i for i in counted if i.source is Source(kind[5:])]], "Dòng “Trong đó”")
                continue
            start = last_boundary.get(section, -1)
            since = [i for i in counted if i.section == section and start < i.r < r]
            in_section = [i for i in counted if i.section == section and i.r < r]
            whole_section = [i for i in counted if i.section == section]
            if section == 0 and not since:
                since = [i for i in counted if start < i.r < r]
            what = "Dòng chỉ có số tiền (không ghi tên)" if kind == "unlabelled" else "Dòng cộng"
            check(r, stated, [since, in_section, whole_section, before, *self._named_part(r, items, counted)], what)
            last_boundary[section] = r

    def _named_part(self, r: int, items: list[Item], counted: list[Item]) -> list[list[Item]]:
        """"Cộng A", "Cộng II", "Cộng mục 2": the đề án under the row numbered so (up to the next row
        numbered in the same style), wherever the subtotal stands."""
        m = re.search(r"\bcong\s+(?:muc\s+|phan\s+)?([ivx]+|[a-e]|\d{1,2})\b", fold(self.texts.get(r, {}).get("name", "")
                                                                                  or self.texts.get(r, {}).get("stt", "")))
        if not m:
            return []
        numbered = sorted([(row, (t.get("stt") or "").strip(" .)").lower()) for row, t in self.texts.items()
                           if (t.get("stt") or "").strip(" .)")], key=lambda x: x[0])
        rows = [row for row, stt in numbered if stt == m.group(1)]
        if len(rows) != 1:
            return []
        start = rows[0]
        style = re.fullmatch(r"[ivx]+", m.group(1)) and "roman" or re.fullmatch(r"[a-e]", m.group(1)) and "letter" or "number"
        same = [row for row, stt in numbered if row > start and (
            (style == "roman" and re.fullmatch(r"[ivx]+", stt)) or (style == "letter" and re.fullmatch(r"[a-e]", stt))
            or (style == "number" and re.fullmatch(r"\d{1,2}", stt)))]
        end = same[0] if same else r
        return [[i for i in counted if start < i.r < end]]


def _source_code(text: str) -> Source | None:
    """A source column holding an abbreviation ("TW", "ĐP", "QG", "Tỉnh") as its whole value."""
    value = fold(text).strip(" .;:()")
    for key, codes in vocab()["source_codes"].items():
        if value in codes:
            return Source(key)
    return None


def _heading_words(name: str) -> bool:
    """A part heading of a table: written in capitals ("ĐỀ ÁN CHUYỂN TIẾP TỪ NĂM 2019", "CÁC
    NHIỆM VỤ CHI") and not naming an establishment."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 6 and all(c.isupper() for c in letters) and not _BENEFICIARY_PREFIX.match(fold(name))


def _says_group(item: Item) -> bool:
    """The row calls itself a đề án nhóm (in its name or its "Loại" cell)."""
    return bool(words_pattern("group_words").search(fold(f"{item.name} {item.text.get('kind', '')}")))


def _name_establishments(names: list[str]) -> bool:
    """Every non-empty name is an establishment (HTX, HKD, Công ty, Cơ sở …)."""
    return all(_BENEFICIARY_PREFIX.match(fold(n)) for n in names if n)


# footnote and status marks an office puts on a name: "(*)", "(**)", "(bổ sung)", "(chuyển tiếp)"
_MARKERS = re.compile(r"\s*\((?:\*+|bổ sung|chuyển tiếp|mới|bổ sung mới|điều chỉnh|chuyển tiếp từ năm \d{4})\)\s*|\s*\*+$",
                      re.IGNORECASE)
_COUNT_OF_UNITS = re.compile(r"^(?:gom\s*)?\d+\s*(?:co so|don vi|htx|doanh nghiep|ho)\b|^cac co so")
_GROUP_OF_UNITS = re.compile(r"^(?:gom\s*)?(\d+)\s*(?:co so|don vi|htx|doanh nghiep|ho)\b")
_CARRIED_OUT = ("da thuc hien", "thuc hien", "da trien khai", "da to chuc thuc hien")
_DATE_TEXT = re.compile(r"^(?:ngay\s*)?(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)?\d{2})$")


def _date_text(value: Any) -> str:
    """A date cell as "14/5/2019", or "" when the cell holds no date."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.day}/{value.month}/{value.year}"
    m = _DATE_TEXT.match(fold(clean(value)))
    return f"{int(m.group(1))}/{int(m.group(2))}/{m.group(3)}" if m and 1 <= int(m.group(2)) <= 12 else ""


_LINE_LABELS = {"beneficiary": re.compile(r"^(?:don vi(?: thu huong| thuc hien)?|co so(?: thu huong)?|"
                                          r"doi tuong thu huong|dvth|chu dau tu)\s*:\s*"),
                "place": re.compile(r"^(?:dia chi|dia diem(?: thuc hien)?|dia ban)\s*:\s*")}


def _labelled_lines(raw: str, text: dict[str, str]) -> None:
    """A name cell typed on several lines (Alt+Enter): "Hỗ trợ ứng dụng máy …", "Đơn vị: HTX …",
    "Địa chỉ: xã …". The labelled lines give the beneficiary and place the row's own columns do
    not; the name is what remains."""
    kept = []
    for line in (clean(x) for x in raw.split("\n")):
        if not line:
            continue
        for f, label in _LINE_LABELS.items():
            m = label.match(fold(line))
            if m:
                if not text.get(f):
                    text[f] = line[m.end():].strip(" ;,.")
                break
        else:
            kept.append(line.lstrip("-– ").strip())
    if kept and len(kept) < len([x for x in raw.split("\n") if x.strip()]):
        text["name"] = " ".join(kept)


def _numbering_row(row: list[Any]) -> bool:
    """TableReader._is_numbering of the row's texts, stopping at the first text that is no column
    number (the name of a đề án, on nearly every row)."""
    texts = []
    for v in row:
        if t := clean(v):
            if not _NUMBERING_CELL.match(t):
                return False
            texts.append(t)
    return TableReader._is_numbering(texts)


def _is_mark(value: Any) -> bool:
    """A tick in a status column: "x", "X", "✓", "1", a date; not empty, "0" or "-"."""
    if value is None or value is False:
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value != 0
    return clean(value).lower() not in ("", "0", "-", "–", "—", "không", "khong", "k")


def _row_texts(row: list[Any]) -> list[str]:
    """Every text of the row, in whatever column (a closing line often sits outside the table's fields)."""
    return [t for v in row if isinstance(v, str) and (t := clean(v))]


def _strip_lead(text: str) -> str:
    m = _LEAD.match(text)
    return text[m.end():].strip() if m else text


_BENEFICIARY_LABEL = re.compile(r"^(?:don vi thu huong|co so thu huong|doi tuong thu huong|don vi thuc hien|"
                                r"don vi|dvth)\s*:\s*")


def split_name_beneficiary(text: str) -> tuple[str, str]:
    """"Hỗ trợ ứng dụng máy … - Hộ kinh doanh Xuân Phượng" -> (content, beneficiary); also
    "… - Đơn vị thụ hưởng: Cơ sở …" (a second line of the name cell)."""
    for sep in (" - ", " – ", " — ", "; "):
        if sep in text:
            head, tail = text.rsplit(sep, 1)
            label = _BENEFICIARY_LABEL.match(fold(tail))
            if label:
                return head.strip(), tail[label.end():].strip()
            if _BENEFICIARY_PREFIX.match(fold(tail)):
                return head.strip(), tail.strip()
    return text, ""

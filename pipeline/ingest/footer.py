"""The closing block of a biểu: what its lines look like, wherever in the row they stand.

Nearly every sheet an office sends ends below its table with a block that is not data: a
place-date line ("Thái Nguyên, ngày 22 tháng 12 năm 2025", or with blanks to fill in), the
signing unit in capitals, signature titles across the columns ("NGƯỜI LẬP BIỂU" … "KT. GIÁM
ĐỐC"), the note "(Ký, ghi rõ họ tên)", the signers' names, a "Nơi nhận:" list. Its text may sit in
any column (often in the status or note column), so it is recognised by what it says, not by
where it is. Each function takes the row's non-empty texts and says whether they open or belong
to such a block.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.config.vocab import folded
from pipeline.core.textnorm import fold

# The date may be blank to fill in: "ngày     tháng    năm 2024", "ngày … tháng … năm", "ngày__/__/2024".
_GAP = r"[\s.…_/\-]*"
_DATE_LINE = re.compile(
    rf"^(?:[^,;:]{{1,40}},\s*)?(?:[.…_\s]*,\s*)?ngay{_GAP}\d{{0,2}}{_GAP}thang{_GAP}\d{{0,2}}{_GAP}nam{_GAP}"
    rf"(?:\d{{4}})?{_GAP}$"
)
_SHORT_DATE_LINE = re.compile(rf"^(?:[^,;:]{{1,40}},\s*)ngay{_GAP}\d{{0,2}}{_GAP}/{_GAP}\d{{0,2}}{_GAP}/{_GAP}\d{{4}}$")
_SIGN_NOTE = re.compile(r"^\(\s*(?:ky|da ky|ky ten|ky,|ky va|ghi ro ho ten|dong dau)")


@lru_cache(maxsize=1)
def _title_pattern() -> re.Pattern:
    titles = sorted(set(folded("footer")), key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(re.escape(t).replace(r"\ ", r"[\s.]*") for t in titles) +
                      r")(?![a-z0-9])")


@lru_cache(maxsize=1)
def _bodies() -> re.Pattern:
    return re.compile(r"^(?:" + "|".join(re.escape(b) for b in folded("signing_bodies")) + r")(?![a-z0-9])")


def _upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


@lru_cache(maxsize=65536)
def line_kind(text: str) -> str | None:
    """What one cell of a closing block is ("chữ ký", "ngày tháng", "nơi nhận", "đơn vị ký"), or None."""
    f = fold(text)
    if len(f) > 120:
        return None
    if "ngay" in f and (_DATE_LINE.match(f) or _SHORT_DATE_LINE.match(f)):  # both need the word: most cells skip them
        return "ngày tháng"
    if f.startswith("noi nhan"):
        return "nơi nhận"
    if _SIGN_NOTE.match(f):
        return "chữ ký"
    if _title_pattern().match(f) and (len(f) <= 60 or ":" in f[:25]):
        return "chữ ký"
    if len(f) <= 100 and _bodies().match(f) and _upper(text):
        return "đơn vị ký"
    return None


def opens_footer(texts: list[str]) -> str | None:
    """The kind of closing line a row is, when one of its texts is such a line, else None."""
    for text in texts:
        kind = line_kind(text)
        if kind:
            return kind
    return None

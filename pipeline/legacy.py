"""Legacy Vietnamese encodings (TCVN3/ABC ".VnTime", VNI) found in cells -> Unicode, per cell.

Old workbooks typed with legacy fonts store the font's byte values, so a cell reads like
"Hµ néi" (TCVN3) or "Haø Noäi" (VNI). A workbook may mix both, so each cell is judged on
its own. Only cells holding characters that never occur in Unicode Vietnamese are tried,
and a conversion is kept only when viparse's Vietnamese character model clearly prefers it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from viparse.normalize.detector import detect_encoding_by_content
from viparse.normalize.encodings import CHARMAPS
from viparse.normalize.tables import convert

ENCODINGS = ("tcvn3", "vni")
LABELS = {"tcvn3": "TCVN3 (.VnTime)", "vni": "VNI"}
_CANDIDATES = {name: CHARMAPS[name] for name in ENCODINGS}
_EXTRA_OK = set("“”‘’–—…°²³×÷€•·\u00a0")


@lru_cache(maxsize=1)
def _foreign_char() -> re.Pattern:
    """Matches one character that Unicode Vietnamese text (plus ASCII) would not contain."""
    letters = set()
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY":
        for mark in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
            letters.add(unicodedata.normalize("NFC", base + mark))
    allowed = "".join(sorted(letters | set("đĐ") | _EXTRA_OK))
    return re.compile(f"[^\\x00-\\x7f{re.escape(allowed)}]")


def suspicious(text: str) -> bool:
    """True when the text holds a character Unicode Vietnamese text would not use."""
    if text.isascii():
        return False
    return _foreign_char().search(unicodedata.normalize("NFC", text)) is not None


@dataclass(frozen=True)
class Conversion:
    row: int  # 0-based
    col: int
    encoding: str
    before: str
    after: str


def to_unicode(text: str) -> tuple[str, str | None]:
    """(converted text, encoding) or (text, None) when it is not legacy-encoded."""
    if not suspicious(text):
        return text, None
    verdict = detect_encoding_by_content(text, _CANDIDATES)
    if verdict.encoding is None:
        return text, None
    return unicodedata.normalize("NFC", convert(text, _CANDIDATES[verdict.encoding])), verdict.encoding


def fix_grid(rows: list[list[Any]]) -> list[Conversion]:
    """Converts legacy-encoded text cells in place; returns what was changed."""
    changes = []
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str):
                after, encoding = to_unicode(value)
                if encoding:
                    row[c] = after
                    changes.append(Conversion(r, c, encoding, value, after))
    return changes

"""Legacy Vietnamese text (TCVN3/ABC ".VnTime", VNI) -> Unicode, decided per sheet and font.

Evidence, strongest first:
1. the cell's font: ".Vn…" fonts are TCVN3 (".Vn…H" draw capitals), "VNI-…" fonts are VNI;
2. the sheet: when some of its cells hold characters Unicode Vietnamese never uses, every
   non-ASCII cell of the sheet is tried in both encodings and converted when the result reads as
   clearly more Vietnamese syllables than the text as stored (this catches upper-case VNI, whose
   bytes are all valid Unicode letters, and cells mixed with Unicode ones).
Each conversion is reported with its cell.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.ingest.legacy_tables import TCVN3, VNI

ENCODINGS = ("tcvn3", "vni")
LABELS = {"tcvn3": "TCVN3 (.VnTime)", "vni": "VNI"}
_EXTRA_OK = set("“”‘’–—…°²³×÷€•·\u00a0")
_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
_NUCLEI = ("a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ ưa ưi "
           "ươ ưu uy yê iêu oai oay oeo uây uôi ươi ươu uya uyê yêu uyu").split()
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
    r"(?:" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + r")(?:ch|ng|nh|c|m|n|p|t)?$"
)
_WORD = re.compile(r"[^\s\d.,;:()\[\]/\-–\"“”'!?]+")
_STOP_FINAL = re.compile(r"(?:c|ch|p|t)$")


def font_encoding(font: str | None) -> str | None:
    """"tcvn3", "tcvn3h" (upper-case TCVN3 font), "vni" or None from a font name."""
    if not font:
        return None
    f = font.strip().lower()
    if f.startswith(".vn"):
        return "tcvn3h" if f.rstrip().endswith("h") else "tcvn3"
    if f.startswith(("vni-", "vni ", "vni_")):
        return "vni"
    return None


@lru_cache(maxsize=1)
def _foreign_char() -> re.Pattern:
    """Matches one character that Unicode Vietnamese text (plus ASCII) would not contain."""
    letters = set()
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY":
        for mark in ("", *_TONES):
            letters.add(unicodedata.normalize("NFC", base + mark))
    allowed = "".join(sorted(letters | set("đĐ") | _EXTRA_OK))
    return re.compile(f"[^\\x00-\\x7f{re.escape(allowed)}]")


def suspicious(text: str) -> bool:
    """True when the text holds a character Unicode Vietnamese text would not use."""
    return not text.isascii() and _foreign_char().search(unicodedata.normalize("NFC", text)) is not None


def _convert(text: str, table: dict[str, str], longest: int) -> str:
    out = []
    i, n = 0, len(text)
    while i < n:
        for size in range(longest, 0, -1):
            piece = text[i:i + size]
            if piece in table:
                out.append(table[piece])
                i += size
                break
        else:
            out.append(text[i])
            i += 1
    return unicodedata.normalize("NFC", "".join(out))


def convert(text: str, encoding: str) -> str:
    if encoding == "vni":
        return _convert(text, VNI, 2)
    converted = _convert(text, TCVN3, 1)
    if encoding == "tcvn3h":
        return converted.upper()
    letters = [ch for ch in text if ch.isascii() and ch.isalpha()]
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return converted.upper()  # typed in an upper-case font: its bytes are the lower-case ones
    return converted


def _valid(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [ch for ch in decomposed if ch in _TONES]
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    if not _SYLLABLE.match(base):
        return False
    # a syllable closed by c, ch, p or t carries only the acute or the dot below
    return not (_STOP_FINAL.search(base) and tones and tones[0] not in ("\u0301", "\u0323"))


@lru_cache(maxsize=65536)
def syllable_score(text: str) -> int:
    """Valid Vietnamese syllables minus invalid non-ASCII words: how Vietnamese a text reads."""
    score = 0
    for word in _WORD.findall(text):
        if _foreign_char().search(word):
            score -= 1
        elif _valid(word):
            score += 1
        elif not word.isascii():
            score -= 1
    return score


_NOT_A_BYTE = re.compile("[^\x00-\xff" + re.escape(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")) + "]")


def bytes_only(text: str) -> bool:
    """Legacy fonts store bytes, so legacy text holds only characters of one byte (as Excel shows
    them); Unicode Vietnamese nearly always holds others (ư, ơ, đ, ạ, ế, combining marks…)."""
    return _NOT_A_BYTE.search(text) is None


@lru_cache(maxsize=65536)
def best_reading(text: str, prefer: str | None = None) -> tuple[str, str | None]:
    """(text, None) when it reads as Unicode, else (converted, encoding).

    prefer is the sheet's legacy encoding: a cell that could be either (every character a byte)
    and reads at least as well converted is taken to be in it ("Rót khái" -> "Rút khỏi").
    """
    here = syllable_score(text)
    options = []
    for encoding in ENCODINGS:
        after = convert(text, encoding)
        if after != text:
            options.append((syllable_score(after), encoding == prefer, encoding, after))
    if not options:
        return text, None
    score, preferred, encoding, after = max(options)
    if score > here or (preferred and score == here and _common_count(after) > _common_count(text)):
        return after, encoding
    return text, None


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    path = Path(__file__).with_name("syllables.txt")
    return frozenset(w for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
                     for w in line.split())


def _common_count(text: str) -> int:
    return sum(w.lower() in _common() for w in _WORD.findall(text))


@dataclass(frozen=True)
class Conversion:
    row: int  # 0-based
    col: int
    encoding: str
    before: str
    after: str


def decode_grid(rows: list[list[Any]], fonts: dict[tuple[int, int], str] | None = None) -> list[Conversion]:
    """Converts legacy-encoded text cells in place; returns what was changed.

    A sheet is legacy when a cell has a legacy font or a character Unicode Vietnamese never uses;
    then each candidate cell takes its best reading, ties going to the sheet's encoding. In any
    other sheet a cell is converted only when that reads clearly better (upper-case VNI such as
    "KHUYEÁN COÂNG QUOÁC GIA" holds only valid Unicode letters, so nothing marks the sheet).
    """
    fonts = fonts or {}
    by_font = {rc: enc for rc, font in fonts.items() if (enc := font_encoding(font))}
    # a cell holding a character no legacy font can store is Unicode, whatever else it holds
    cells = [(r, c, v) for r, row in enumerate(rows) for c, v in enumerate(row)
             if isinstance(v, str) and not v.isascii() and ((r, c) in by_font or bytes_only(v))]
    legacy_sheet = bool(by_font) or any(suspicious(v) for _, _, v in cells)
    decided: dict[tuple[int, int], tuple[str, str]] = {}
    votes: dict[str, int] = {}
    for r, c, v in cells:
        if (r, c) in by_font:
            enc = by_font[(r, c)]
            after = convert(v, enc)
        else:
            after, enc = best_reading(v)
            if enc and not legacy_sheet and syllable_score(after) - syllable_score(v) < _CLEAR_GAIN:
                enc = None
        if enc:
            decided[(r, c)] = (after, enc)
            family = "tcvn3" if enc.startswith("tcvn3") else enc
            votes[family] = votes.get(family, 0) + 1
    if legacy_sheet and votes:
        prefer = max(votes, key=votes.get)
        for r, c, v in cells:
            if (r, c) not in by_font:
                after, enc = best_reading(v, prefer)
                decided.pop((r, c), None)
                if enc:
                    decided[(r, c)] = (after, enc)
    changes: list[Conversion] = []
    for (r, c), (after, enc) in sorted(decided.items()):
        before = rows[r][c]
        if after != before:
            rows[r][c] = after
            changes.append(Conversion(r, c, "tcvn3" if enc.startswith("tcvn3") else enc, before, after))
    return changes


_CLEAR_GAIN = 4  # syllables: a conversion outside a legacy sheet must turn about two words right

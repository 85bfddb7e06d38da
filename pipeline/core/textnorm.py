"""Text normalisation: Unicode NFC for everything we keep, an accent-free fold for matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def clean(value: object) -> str:
    """Cell value as tidy NFC text: None -> "", whitespace (incl. line breaks) collapsed."""
    if isinstance(value, str):
        return _clean_text(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)  # a number's text has no space to collapse
    return _clean_text(str(value))


@lru_cache(maxsize=1 << 18)
def _clean_text(text: str) -> str:
    """The same cell is cleaned by every step that looks at its row: once is enough."""
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


# C0 controls but tab and line breaks, DEL and C1 controls: pasted from PDF or the web, or written by
# Excel as _x0001_; Word and the appendix writer cannot store them, and they mean nothing to a reader.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_controls(text: str) -> str:
    """Text as it can be stored in .docx/.xlsx: control characters dropped, a lone CR a line break."""
    if text.isprintable():
        return text
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def shown_name(name: str) -> str:
    """A file name as it can be printed and stored: bytes that are not UTF-8 (a name made on an old
    Windows code page) become “�” instead of ending the run when printed."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _fold_table() -> dict[int, str]:
    """Each accented Latin letter -> its base letter; combining marks -> nothing; đ -> d."""
    table: dict[int, str] = {}
    for cp in range(0xC0, 0x1F00):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
        if base != ch:
            table[cp] = base
        elif unicodedata.category(ch) == "Mn":
            table[cp] = ""
    table[ord("đ")] = "d"
    return table


_FOLD = _fold_table()


class _FoldedWords(dict):
    """word -> folded word. Vietnamese is written in a few thousand syllables: a sentence is
    folded word by word from this table, three times faster than translating its letters."""

    def __missing__(self, word: str) -> str:
        if word.isascii() and len(word) > 4:
            return word  # a number or code ("số 12345"): kept out, or a column of them would fill the table
        if len(self) > 1 << 17:
            self.clear()
        folded = self[word] = word.translate(_FOLD)
        return folded


_folded_word = _FoldedWords().__getitem__


@lru_cache(maxsize=1 << 18)  # a sheet's names and beneficiaries: folded when read, again when recorded
def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced form used to compare Vietnamese wording.

    "Kinh phí KC hỗ trợ\n(triệu đồng)" -> "kinh phi kc ho tro (trieu dong)".
    """
    text = clean(text).lower()
    return text if text.isascii() else " ".join(map(_folded_word, text.split(" ")))


def slugify(text: str) -> str:
    """"Bắc Kạn" -> "bac-kan"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def province_slug(text: str) -> str:
    """A province's folder name from what the user typed ("Thái Nguyên", "thai-nguyen"); a name
    that is a path ("../x", "a/b") or has no letters is refused (CannotStart)."""
    from pipeline.core.errors import CannotStart

    if any(sep in text for sep in ("/", "\\", "..", "\x00")) or not slugify(text):
        raise CannotStart(f"“{text}” không phải tên tỉnh dùng được; ghi tên thư mục của tỉnh, vd. thai-nguyen.")
    return slugify(text)


def suggest(word: str, choices) -> str:
    """ " (ý bạn là “…”?)" for the closest known name to a mistyped one, or ""."""
    import difflib

    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (ý bạn là “{close[0]}”?)" if close else ""

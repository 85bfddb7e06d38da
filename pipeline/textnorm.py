"""Text normalisation: Unicode NFC for everything we keep, an accent-free fold for matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

def clean(value: object) -> str:
    """Cell value as tidy NFC text: None -> "", whitespace (incl. line breaks) collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced form used to compare Vietnamese wording.

    "Kinh phí KC hỗ trợ\n(triệu đồng)" -> "kinh phi kc ho tro (trieu dong)".
    """
    text = unicodedata.normalize("NFD", clean(text).lower()).replace("đ", "d")
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def slugify(text: str) -> str:
    """"Bắc Kạn" -> "bac-kan"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")

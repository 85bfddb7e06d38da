"""The built-in vocabularies (vocab.yaml), loaded once and folded for matching."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from pipeline.core.textnorm import fold


@lru_cache(maxsize=1)
def vocab() -> dict[str, Any]:
    return yaml.safe_load(Path(__file__).with_name("vocab.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=64)
def folded(key: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in vocab()[key])


@lru_cache(maxsize=64)
def words_pattern(key: str) -> re.Pattern:
    """Any phrase of a vocabulary list, as whole words, longest first."""
    phrases = sorted(set(folded(key)), key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![a-z0-9])")


@lru_cache(maxsize=16)
def source_patterns(extra: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> dict[str, re.Pattern]:
    """Source key (KCQG/KCDP) -> any of its words, built in plus what config adds, as whole words."""
    words = {k: list(v) for k, v in vocab()["sources"].items()}
    for key, more in extra:
        words.setdefault(key, []).extend(more)
    return {k: re.compile(r"(?<![a-z0-9])(?:" + "|".join(
        re.escape(fold(w)) for w in sorted(ws, key=len, reverse=True)) + r")(?![a-z0-9])") for k, ws in words.items()}


def source_in(patterns: dict, text: str):
    """The one funding source a text names ("Nguồn vốn: Trung ương" -> KCQG), or None."""
    folded_text = fold(text)
    hits = {s for s, p in patterns.items() if p.search(folded_text)}
    return hits.pop() if len(hits) == 1 else None

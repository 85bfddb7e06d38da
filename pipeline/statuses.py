"""Status prose -> one of five statuses plus a progress %, driven by the vocabulary in config."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model import Status
from pipeline.textnorm import fold

_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")


@dataclass(frozen=True)
class StatusRule:
    status: Status
    phrases: tuple[str, ...]  # folded
    pattern: re.Pattern  # any of the phrases as whole words


def compile_rules(vocabulary: list[tuple[str, list[str]]]) -> list[StatusRule]:
    rules = []
    for name, phrases in vocabulary:
        folded = tuple(fold(p) for p in phrases)
        alternatives = "|".join(re.escape(p) for p in sorted(folded, key=len, reverse=True))
        rules.append(StatusRule(Status(name), folded, re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")))
    return rules


def percent_in(text: str) -> float | None:
    match = _PERCENT.search(text)
    return float(match.group(1).replace(",", ".")) if match else None


def classify(text: str, rules: list[StatusRule], progress: float | None = None) -> tuple[Status, float | None] | None:
    """Status and progress from free text, or None when nothing in the vocabulary matches.

    Rules are tried in order: the first whose phrase occurs in the text decides. A percentage
    below 100 means the work is under way, whatever verb surrounds it ("đã hoàn thành được 50%
    khối lượng"), unless an earlier rule already said stopped/adjusting/not started.
    """
    folded = fold(text)
    in_text = percent_in(folded)
    status = next((r.status for r in rules if r.pattern.search(folded)), None)
    if status is None and folded and in_text is None:
        return None  # words we do not know: never guess from the progress column
    if progress is None:
        progress = in_text
    if progress is not None and status in (None, Status.COMPLETED, Status.IN_PROGRESS):
        status = Status.COMPLETED if progress >= 100 else Status.IN_PROGRESS
    if status is None:
        return None
    if status is Status.COMPLETED and progress is None:
        progress = 100.0
    return status, progress

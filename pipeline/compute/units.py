"""Provincial units before and after the 2025 reorganisation (63 -> 34), as data.

The table is pipeline/compute/don-vi-hanh-chinh-2025.yaml (legal source: Nghị quyết 202/2025/QH15).
Figures reported for a period that ends before 1/7/2025 belong to the old province; a roll-up
whose span ends on or after that day groups old provinces into the new ones.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.core.model import Period
from pipeline.core.textnorm import slugify

_FILE = Path(__file__).with_name("don-vi-hanh-chinh-2025.yaml")


@lru_cache(maxsize=1)
def _table() -> dict:
    data = yaml.safe_load(_FILE.read_text(encoding="utf-8"))
    names = {}
    new_of = {}
    for new, olds in data["units"].items():
        names[slugify(new)] = new
        for old in olds:
            names.setdefault(slugify(old), old)
            new_of[slugify(old)] = slugify(new)
    return {"legal_source": data["legal_source"], "effective": data["effective"], "names": names, "new_of": new_of,
            "members": {slugify(n): [slugify(o) for o in olds] for n, olds in data["units"].items()}}


LEGAL_SOURCE: str = _table()["legal_source"]
EFFECTIVE: dt.date = _table()["effective"]


def old_units() -> list[str]:
    """The 63 provinces before 1/7/2025, as slugs."""
    return sorted(_table()["new_of"])


def new_units() -> list[str]:
    """The 34 provinces from 1/7/2025, as slugs."""
    return sorted(_table()["members"])


def new_unit(slug: str) -> str:
    """The province an old one is part of since 1/7/2025 (itself if unchanged or already new)."""
    slug = slugify(slug)
    return _table()["new_of"].get(slug, slug)


def members(new_slug: str) -> list[str]:
    """The old provinces a new one was formed from (Bắc Kạn and Thái Nguyên for thai-nguyen)."""
    return list(_table()["members"].get(slugify(new_slug), [slugify(new_slug)]))


def name(slug: str) -> str:
    """Display name of a province slug: "thai-nguyen" -> "Thái Nguyên"."""
    return _table()["names"].get(slugify(slug), slug.replace("-", " ").title())


def after_reorganisation(year: int, period: Period) -> bool:
    """Does a period end on or after 1/7/2025, so it is reported by the 34 new provinces?"""
    return dt.date(*period.as_of(year)) >= EFFECTIVE

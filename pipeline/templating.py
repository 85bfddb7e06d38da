"""Jinja templates -> a small line markup -> blocks the .docx renderer lays out.

Markup (consecutive lines join into one paragraph; a blank line or a marked line starts the next):
  "# text"    heading level 1 ("I. ...", upper case, bold)
  "## text"   heading level 2 (bold)
  "### text"  heading level 3 (regular italic)
  "- text"    dash item
  "@subject text" / "@kinh_gui text"   document parts
  "**bold**" and "*italic*" inside a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from pipeline import units
from pipeline.textnorm import fold
from pipeline.vnformat import FILTERS, quote

BASE_TEMPLATE = "base/report.j2"


class TemplateProblem(Exception):
    """A template cannot be rendered; str() is Vietnamese and names file and line."""


@dataclass(frozen=True)
class Block:
    kind: str  # p, h1, h2, h3, item, subject, kinh_gui
    text: str


def _outside_beneficiary(p: dict[str, Any], center: str) -> bool:
    """A beneficiary worth naming: not empty and not the extension centre carrying the đề án out."""
    who = p.get("beneficiary") or ""
    return bool(who) and who != center and not fold(who).startswith("trung tam")


def _place(p: dict[str, Any]) -> str:
    return ", ".join(part.strip() for part in (p.get("place") or "").split(";") if part.strip())


def beneficiary_clause(p: dict[str, Any], center: str = "") -> str:
    """", đơn vị thụ hưởng là HTX …, xã …" or "" — for a đề án named at the start of a line."""
    if not _outside_beneficiary(p, center):
        return ""
    place = _place(p)
    return f", đơn vị thụ hưởng là {p['beneficiary']}" + (f", {place}" if place else "")


RECORD_WORDS = {"de_an": "đề án", "nhiem_vu_chi": "nhiệm vụ", "binh_chon": ""}


def project_ref(p: dict[str, Any], center: str = "", extra: str = "", word: str | None = None) -> str:
    """How a record is named in a sentence: đề án “…” tại … (đơn vị thụ hưởng là …, <extra>).

    The word before the name follows the record's type (đề án, nhiệm vụ, nothing for a bình
    chọn, whose name says it) unless `word` is given. Place and beneficiary are left out when
    the beneficiary is the extension centre itself.
    """
    word = RECORD_WORDS.get(p.get("record_type", "de_an"), "đề án") if word is None else word
    text = f"{word} {quote(p['name'])}".strip()
    inside = []
    if _outside_beneficiary(p, center):
        if _place(p):
            text += f" tại {_place(p)}"
        inside.append(f"đơn vị thụ hưởng là {p['beneficiary']}")
    if extra:
        inside.append(extra)
    return text + (f" ({', '.join(inside)})" if inside else "")


def places(items: list[dict[str, Any]]) -> list[str]:
    """Distinct places of the đề án in order; a cell naming several ("Ba Chẽ; Tiên Yên") counts each."""
    seen: list[str] = []
    for item in items:
        for place in str(item.get("place") or "").split(";"):
            place = place.strip()
            if place and place not in seen:
                seen.append(place)
    return seen


@lru_cache(maxsize=8)
def environment(templates_dir: Path) -> SandboxedEnvironment:
    """One environment per templates folder; Jinja re-reads a template whose file changed."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(templates_dir)), undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
    )
    env.filters.update(FILTERS)
    env.filters["ref"] = project_ref
    env.filters["beneficiary"] = beneficiary_clause
    env.filters["places"] = places
    env.filters["province_name"] = units.name
    return env


def template_name(templates_dir: Path, override_dir: str | None, slug: str) -> str:
    """The province's report.j2 (or Word-made report.docx) when it has one, else the base template.

    The folder is the one config names, or else templates/provinces/<slug>/ when it exists.
    """
    folder = Path(override_dir or f"provinces/{slug}")
    for name in ("report.j2", "report.docx"):
        if (templates_dir / folder / name).is_file():
            return (folder / name).as_posix()
    if override_dir:
        raise TemplateProblem(f"Không tìm thấy mẫu report.j2 hoặc report.docx trong {templates_dir / folder} "
                              "(khai báo ở mục templates của tỉnh trong config.yaml)")
    return BASE_TEMPLATE


def render_markup(env: SandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
    try:
        return env.get_template(name).render(context)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"Mẫu {exc.filename or exc.name} dòng {exc.lineno}: lỗi cú pháp — {exc.message}") from None
    except UndefinedError as exc:
        raise TemplateProblem(f"Mẫu {_where(exc, name)}: dùng biến chưa có — {_undefined_name(exc)}") from None
    except TemplateError as exc:
        raise TemplateProblem(f"Mẫu {_where(exc, name)}: {exc}") from None


def _where(exc: BaseException, name: str) -> str:
    """File and line of the template frame the error came from."""
    tb = exc.__traceback__
    found = name
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = f"{filename} dòng {tb.tb_lineno}"
        tb = tb.tb_next
    return found


def _undefined_name(exc: UndefinedError) -> str:
    m = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", str(exc))
    return (m.group(1) or m.group(2)) if m else str(exc)


_PREFIXES = (("### ", "h3"), ("## ", "h2"), ("# ", "h1"), ("- ", "item"), ("– ", "item"))


def parse_markup(text: str) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    kind = "p"

    def flush() -> None:
        nonlocal current, kind
        if current:
            blocks.append(Block(kind, " ".join(current).strip()))
        current, kind = [], "p"

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("@"):
            flush()
            directive, _, rest = line[1:].partition(" ")
            blocks.append(Block(directive, rest.strip()))
            continue
        for prefix, k in _PREFIXES:
            if line.startswith(prefix):
                flush()
                kind = k
                line = line[len(prefix):]
                break
        current.append(line)
        if kind.startswith("h"):  # a heading is always one line
            flush()
    flush()
    return [b for b in blocks if b.text or b.kind not in ("p", "item")]


_INLINE = re.compile(r"(\*\*.+?\*\*|\*[^*]+?\*)")


def inline_runs(text: str) -> list[tuple[str, bool, bool]]:
    """"a **b** *c*" -> [("a ", False, False), ("b", True, False), (" ", ...), ("c", False, True)]."""
    runs = []
    for part in _INLINE.split(text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            runs.append((part[2:-2], True, False))
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            runs.append((part[1:-1], False, True))
        else:
            runs.append((part, False, False))
    return runs

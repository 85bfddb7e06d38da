"""Jinja templates -> Markdown (markdown-it-py) plus a few "@" directives -> blocks the .docx
renderer lays out. Data put into the text is escaped, so "(*)" in a note stays "(*)".

  "# text"    heading level 1 ("I. ...", upper case, bold)
  "## text"   heading level 2 (bold)
  "### text"  heading level 3 (regular)
  "- text"    dash item; "1. text" a numbered item (the number is kept as written)
  "**bold**", "*italic*" inside a paragraph; consecutive lines join into one paragraph
  "@subject …", "@kinh_gui …", "@appendix", "@chart <tên>", "@table <tên>"   directives (DIRECTIVES)
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound, Undefined
from jinja2.sandbox import SandboxedEnvironment
from markdown_it import MarkdownIt

from pipeline.compute import units
from pipeline.core.errors import WorkFailed
from pipeline.core.textnorm import fold, suggest
from pipeline.core.vnformat import FILTERS, join_vn, quote
from pipeline.render.paths import PACKAGE_TEMPLATES, find_template, search_path
from pipeline.render.template_errors import explain

BASE_TEMPLATE = "base/report.j2"


class TemplateProblem(WorkFailed):
    """A template cannot be rendered; str() is Vietnamese and names file and line."""


@dataclass(frozen=True)
class Block:
    kind: str  # p, h1, h2, h3, item, subject, kinh_gui, appendix, chart, table
    text: str  # plain text (for a chart or table: its name)
    runs: tuple[tuple[str, bool, bool], ...] = ()  # (text, bold, italic) as the markup asked
    element: Any = None  # kind "xml": a paragraph or table from a Word-made template, copied as is


def outside_beneficiary(p: dict[str, Any], center: str) -> bool:
    """A beneficiary worth naming: not empty and not the extension centre carrying the đề án out."""
    who = p.get("beneficiary") or ""
    return bool(who) and who != center and not fold(who).startswith("trung tam")


def _place(p: dict[str, Any]) -> str:
    """"Vân Đồn; Đầm Hà; Hải Hà" -> "Vân Đồn, Đầm Hà và Hải Hà"."""
    return join_vn([part.strip() for part in (p.get("place") or "").split(";") if part.strip()], sep=", ")


def beneficiary_clause(p: dict[str, Any], center: str = "") -> str:
    """", đơn vị thụ hưởng là HTX …, xã …" (one place: the unit's address, as reports write it) or,
    for a group in several places, "… là 04 cơ sở CNNT tại Vân Đồn, Đầm Hà và Hải Hà", or "" — for
    a đề án named at the start of a line (the verb that follows belongs to the đề án, never to its
    last place)."""
    if not outside_beneficiary(p, center):
        return ""
    parts = [part for part in (p.get("place") or "").split(";") if part.strip()]
    where = f" tại {_place(p)}" if len(parts) > 1 else f", {_place(p)}" if parts else ""  # one place: its address
    return f", đơn vị thụ hưởng là {p['beneficiary']}{where}"


RECORD_WORDS = {"de_an": "đề án", "nhiem_vu_chi": "nhiệm vụ", "binh_chon": ""}
_DECISION_HEAD = re.compile(r"^\s*(quyết định|qđ)\s*(số)?\s*[:.]?\s*", re.IGNORECASE)
_DECISION_NUMBER = re.compile(r"^\S*\d\S*/\S+")  # "1152/QĐ-BCT"


def citation(decision: str, cited: set[str] | None) -> str:
    """The approving quyết định as the decree cites it: in full the first time in a document
    ("Quyết định số 1152/QĐ-BCT ngày 14/3/2022"), by number and symbol after that."""
    rest = _DECISION_HEAD.sub("", (decision or "").strip()).rstrip(" .;,")
    if not rest:
        return ""
    m = _DECISION_NUMBER.match(rest)
    short = f"Quyết định số {m.group(0).rstrip(',;')}" if m else f"Quyết định {rest}"
    if cited is not None and short in cited:
        return short
    if cited is not None:
        cited.add(short)
    return f"Quyết định số {rest}" if m else short


# The quyết định already cited in the document being rendered (None outside a render: always in full).
_CITED: ContextVar[set[str] | None] = ContextVar("cited", default=None)


@contextmanager
def citations():
    """One document being rendered: a quyết định is cited in full once, then short."""
    token = _CITED.set(set())
    try:
        yield
    finally:
        _CITED.reset(token)


def cite(p: dict[str, Any]) -> str:
    """", phê duyệt tại Quyết định số …" for a record whose row gives its own quyết định, else ""
    (also "" when the whole funding source shares one quyết định: the source sentence cites it)."""
    if p.get("decision_shared"):
        return ""
    text = citation(p.get("decision") or "", _CITED.get())
    return f", phê duyệt tại {text}" if text else ""


def cite_decision(decision: str) -> str:
    """A quyết định named in running text (full the first time, short after)."""
    return citation(decision or "", _CITED.get())


def project_ref(p: dict[str, Any], center: str = "", extra: str = "", word: str | None = None) -> str:
    """How a record is named in a sentence: đề án “…” tại … (đơn vị thụ hưởng là …, <extra>).

    The word before the name follows the record's type (đề án, nhiệm vụ, nothing for a bình
    chọn, whose name says it) unless `word` is given. Place and beneficiary are left out when
    the beneficiary is the extension centre itself.
    """
    word = RECORD_WORDS.get(p.get("record_type", "de_an"), "đề án") if word is None else word
    text = f"{word} {quote(p['name'])}".strip()
    inside = []
    if outside_beneficiary(p, center):
        if _place(p):
            text += f" tại {_place(p)}"
        inside.append(f"đơn vị thụ hưởng là {p['beneficiary']}")
    decision = "" if p.get("decision_shared") else citation(p.get("decision") or "", _CITED.get())
    if decision:
        inside.append(f"phê duyệt tại {decision}")
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


class BoundedEnvironment(SandboxedEnvironment):
    """The sandbox, also bounded in size and steps: a template author's `'x' * 4000000000`,
    `2 ** 10**9` or two nested `range(100000)` loops end in a Vietnamese error within a second,
    not in a machine out of memory or a run that never ends. Loops over the data are as long as
    the data; only `range` can multiply steps, so `range` counts them."""

    intercepted_binops = frozenset(["*", "**"])
    MAX_ITEMS = 1_000_000  # characters of a repeated string, items of a repeated list
    MAX_STEPS = 5_000_000  # range() iterations in one environment (one report)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.steps = 0
        self.globals["range"] = self._range

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        from jinja2.exceptions import SecurityError

        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > self.MAX_ITEMS:
                    raise SecurityError(f"phép nhân tạo ra {_n(len(seq) * times)} phần tử, quá giới hạn "
                                        f"{_n(self.MAX_ITEMS)} của mẫu")
        if operator == "**" and isinstance(right, (int, float)) and isinstance(left, (int, float)) \
                and abs(right) > 64 and abs(left) > 1:
            raise SecurityError(f"lũy thừa {left} ** {right} quá lớn cho một mẫu báo cáo")
        return super().call_binop(context, operator, left, right)

    def _range(self, *args: int) -> "_CountedRange":
        from jinja2.exceptions import SecurityError

        numbers = range(*args)
        if len(numbers) > self.MAX_STEPS:
            raise SecurityError(f"range() dài {_n(len(numbers))} bước, quá giới hạn {_n(self.MAX_STEPS)} của mẫu")
        return _CountedRange(self, numbers)


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


class _CountedRange:
    """range() for templates: each step taken counts against the environment's budget."""

    def __init__(self, env: BoundedEnvironment, numbers: range) -> None:
        self.env, self.numbers = env, numbers

    def __len__(self) -> int:
        return len(self.numbers)

    def __iter__(self):
        from jinja2.exceptions import SecurityError

        for n in self.numbers:
            self.env.steps += 1
            if self.env.steps > self.env.MAX_STEPS:
                raise SecurityError(f"các vòng lặp range() của mẫu đã chạy quá {_n(self.env.MAX_STEPS)} bước")
            yield n


class ConfinedLoader(FileSystemLoader):
    """Templates only from inside their folders: a link in a province's folder to a file elsewhere
    (`/etc/passwd`, another office's share) is not followed into a report."""

    def get_source(self, environment, template: str):
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(os.path.realpath(filename))
        if not any(real.is_relative_to(os.path.realpath(root)) for root in self.searchpath):
            raise TemplateNotFound(f"{template} (liên kết trỏ ra ngoài thư mục mẫu, không được đọc)")
        return source, filename, uptodate


def environment(templates_dir: Path) -> BoundedEnvironment:
    """One environment per templates folder, kept for the process: a template is compiled once for
    every report of a batch (compiling costs 30 times the rendering), and Jinja re-reads one whose
    file changed. Each render starts with a fresh step budget."""
    env = _environment(tuple(str(p.resolve()) for p in search_path(templates_dir)))
    env.steps = 0
    return env


@lru_cache(maxsize=16)
def _environment(folders: tuple[str, ...]) -> BoundedEnvironment:
    env = BoundedEnvironment(
        loader=ConfinedLoader(list(folders)), undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
    )
    ours = {**FILTERS, "ref": project_ref, "beneficiary": beneficiary_clause, "cite": cite,
            "cite_decision": cite_decision, "places": places, "province_name": units.name}
    env.filters.update({k: _strict(f) for k, f in ours.items()})
    return env


def template_name(templates_dir: Path, override_dir: str | None, slug: str) -> str:
    """The province's report.j2 (or Word-made report.docx) when it has one, else the base template.

    The folder is the one config names, or else templates/provinces/<slug>/ when it exists.
    """
    folder = Path(override_dir or f"provinces/{slug}")
    for name in ("report.j2", "report.docx"):
        if (templates_dir / folder / name).is_file():
            if not Path(os.path.realpath(templates_dir / folder / name)).is_relative_to(os.path.realpath(templates_dir)):
                raise TemplateProblem(f"Mẫu {folder / name} nằm (hoặc trỏ) ra ngoài thư mục mẫu {templates_dir}; "
                                      "chỉ mẫu trong thư mục đó được dùng")
            return (folder / name).as_posix()
    if override_dir:
        raise TemplateProblem(f"Không tìm thấy mẫu report.j2 hoặc report.docx trong {templates_dir / folder} "
                              "(khai báo ở mục templates của tỉnh trong config.yaml)")
    return BASE_TEMPLATE


FRAME = "khung.docx"


def frame_path(templates_dir: Path, override_dir: str | None, slug: str) -> Path:
    """The styled base .docx: the province's own khung.docx (edited in Word) or the shared one."""
    own = templates_dir / (override_dir or f"provinces/{slug}") / FRAME
    return own if own.is_file() else find_template(templates_dir, f"base/{FRAME}")


def render_markup(env: SandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
    """The template's Markdown text; data strings in `context` are escaped for Markdown first.
    Any error of the template (syntax, a mistyped name, a filter fed nothing) is a
    TemplateProblem in Vietnamese with file and line."""
    env.steps = 0
    try:
        with citations():
            return env.get_template(name).render(escape_markdown(context))
    except Exception as exc:  # whatever a template author wrote wrong ends here, never as a traceback
        raise TemplateProblem(shown(explain(exc, name, context, env))) from None


def shown(message: str) -> str:
    """A message naming a template shipped in the program calls it "mẫu chung base/…", not by
    its path inside the installed package."""
    return message.replace(f"{PACKAGE_TEMPLATES}{os.sep}", "mẫu chung ").replace(f"{PACKAGE_TEMPLATES}/", "mẫu chung ")


def _strict(f):
    """A filter fed an undefined variable says which variable ("tong_kinh_phi" is undefined),
    rather than failing inside the filter with a TypeError."""
    def checked(*args, **kwargs):
        for value in (*args, *kwargs.values()):
            if isinstance(value, Undefined):
                value._fail_with_undefined_error()
        return f(*args, **kwargs)

    checked.__name__ = getattr(f, "__name__", "filter")
    return checked


DIRECTIVES = {
    "subject": "trích yếu (dòng dưới chữ BÁO CÁO)",
    "kinh_gui": "một dòng Kính gửi",
    "appendix": "kèm phụ lục danh sách đề án",
    "chart": "chèn biểu đồ (tên biểu đồ sau lệnh)",
    "table": "chèn bảng (tên bảng sau lệnh)",
}
_DIRECTIVE = re.compile(r"^\s*@(\S*)\s*(.*)$")
_MARKDOWN = MarkdownIt("zero").enable(["heading", "list", "emphasis", "escape", "newline"])
_HEADINGS = {"h1": "h1", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}
# "*" and "\\" anywhere; "_" only where it could open or close emphasis (not inside "in_progress")
_MD_SPECIAL = re.compile(r"([\\*]|(?<!\w)_|_(?!\w))")

Run = tuple[str, bool, bool]


def escape_markdown(value: Any) -> Any:
    """Data put into a Markdown template: "*", "_" and "\\" kept as written, not read as markup
    (a note "(*)" stays "(*)"). Dicts and lists are escaped through; numbers are left alone."""
    if isinstance(value, str):
        return _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), value)
    if isinstance(value, dict):
        return {k: escape_markdown(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [escape_markdown(v) for v in value]
    return value


def directive_problems(text: str, name: str) -> list[str]:
    """Lines of a template (or of its output) that start a directive this program does not know."""
    found = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        m = _DIRECTIVE.match(line)
        if m and m.group(1) and m.group(1) not in DIRECTIVES and not line.lstrip().startswith("@{"):
            found.append(unknown_directive(m.group(1), f"Mẫu {name} dòng {lineno}"))
    return found


def unknown_directive(directive: str, where: str) -> str:
    """The message for a directive this program does not know, with the directives it does."""
    return (f"{where}: lệnh “@{directive}” không có{suggest(directive, DIRECTIVES)}; các lệnh dùng được: "
            + ", ".join(f"@{d} ({what})" for d, what in DIRECTIVES.items()))


def parse_markup(text: str, name: str = "") -> list[Block]:
    """Rendered template text -> blocks. The text is Markdown (CommonMark headings "#", "##",
    "###", lists "- " and "1. ", **bold**, *italic*, backslash escapes) plus lines starting with a
    directive "@subject", "@kinh_gui", "@appendix", "@chart <tên>", "@table <tên>". An unknown
    directive raises TemplateProblem naming the line."""
    problems = directive_problems(text, f"{name} (văn bản dựng ra)" if name else "(văn bản dựng ra)")
    if problems:
        raise TemplateProblem(problems[0])
    blocks: list[Block] = []
    chunk: list[str] = []
    for line in text.splitlines():
        m = _DIRECTIVE.match(line)
        if m and m.group(1) in DIRECTIVES:
            blocks += _markdown_blocks("\n".join(chunk))
            chunk = []
            rest = "".join(r[0] for r in _inline(m.group(2).strip()))
            blocks.append(Block(m.group(1), rest.strip()))
        else:
            chunk.append(line)
    blocks += _markdown_blocks("\n".join(chunk))
    return [b for b in blocks if b.text or b.kind not in ("p", "item")]


def directive_of(text: str) -> tuple[str, str] | None:
    """("chart", "kinh_phi") for a line "@chart kinh_phi", None for any other line."""
    m = _DIRECTIVE.match(text)
    return (m.group(1), m.group(2).strip()) if m and m.group(1) else None


def _inline(text: str) -> list[Run]:
    tokens = _MARKDOWN.parseInline(text)
    return _runs(tokens[0].children or []) if tokens else []


def _runs(children) -> list[Run]:
    runs: list[Run] = []
    bold = italic = False
    for tok in children:
        if tok.type == "strong_open":
            bold = True
        elif tok.type == "strong_close":
            bold = False
        elif tok.type == "em_open":
            italic = True
        elif tok.type == "em_close":
            italic = False
        elif tok.type in ("softbreak", "hardbreak"):
            runs.append((" ", bold, italic))
        elif tok.content:
            runs.append((tok.content, bold, italic))
    merged: list[Run] = []
    for run in runs:  # neighbouring runs of one look become one
        if merged and merged[-1][1:] == run[1:]:
            merged[-1] = (merged[-1][0] + run[0], *run[1:])
        else:
            merged.append(run)
    if merged:
        merged[0] = (merged[0][0].lstrip(), *merged[0][1:])
        merged[-1] = (merged[-1][0].rstrip(), *merged[-1][1:])
    return [r for r in merged if r[0]]


def _markdown_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    kind, prefix = "p", ""
    for tok in _MARKDOWN.parse(text):
        if tok.type == "heading_open":
            kind = _HEADINGS[tok.tag]
        elif tok.type == "list_item_open":  # a numbered item is a paragraph that keeps its "1. "
            kind = "p" if tok.info else "item"
            prefix = f"{tok.info}{tok.markup} " if tok.info else ""
        elif tok.type == "inline":
            runs = _runs(tok.children or [])
            if prefix and runs:
                runs[0] = (prefix + runs[0][0], *runs[0][1:])
            if runs:
                blocks.append(Block(kind, "".join(r[0] for r in runs), tuple(runs)))
            prefix = ""
        elif tok.type in ("heading_close", "list_item_close"):
            kind = "p"
    return blocks

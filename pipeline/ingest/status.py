"""Status prose -> one of five statuses plus work progress, read as a phrase.

The text is split into clauses. In each clause the longest known phrase decides, after the
words just before it: a negation ("chưa nghiệm thu") or a plan ("dự kiến hoàn thành tháng 12")
turns a finished step into one still to come. Across clauses a request to stop or adjust wins,
otherwise the furthest stage reached. A percentage is work done only when no money word
(tạm ứng, giải ngân, thanh toán) goes with it. Text with status words that no phrase explains is
unknown: the caller reports it, quoting the text, and never guesses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pipeline.config.vocab import vocab
from pipeline.core.model import Status
from pipeline.core.textnorm import fold

_CLAUSE_SPLIT = re.compile(r"[;:\n]|(?<!\d)[,.]|[,.](?!\d)|\s(?:va|nhung|tuy nhien|do|vi)\s|\s[-–]\s|[()]")
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")
_FRACTION = re.compile(r"(\d+(?:[.,]\d+)?)\s*/\s*(\d+(?:[.,]\d+)?)")
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_SENTENCE = re.compile(r"[;\n]|\.(?!\d)")
# Words that open the cause of a status, matched with their accents ("do" is not "độ" in "tiến độ",
# "vì" is not "vị" in "đơn vị").
_CAUSE = re.compile(r"\s(?:do|vì|bởi vì|bởi|lý do|nguyên nhân)\s")


def _without_causes(text: str) -> str:
    """Each sentence without the cause it gives: in "Chưa triển khai do thực hiện giãn cách xã hội"
    the words after "do" say why, not how far the đề án has come. Returns folded text."""
    kept = []
    for sentence in _SENTENCE.split(" ".join(text.lower().split())):
        m = _CAUSE.search(f" {sentence} ")
        kept.append(sentence[:max(m.start() - 1, 0)] if m and m.start() > 1 else sentence)
    return fold(" ; ".join(kept))


# "đang thiết kế mẫu", "đang in ấn": work under way; not "đang chờ", "đang xem xét" (a decision awaited)
_PROGRESSIVE = re.compile(r"(?:^|\s)dang\s+(?!cho\b|xem xet|de nghi|trinh\b|doi\b|xin\b)[a-z]+")
_STAGE = {Status.NOT_STARTED: 0, Status.IN_PROGRESS: 1, Status.COMPLETED: 2}


@dataclass(frozen=True)
class Reading:
    status: Status
    progress: float | None  # work done, %
    reason: str  # which phrase decided, for the row ledger


@dataclass(frozen=True)
class _Rules:
    phrases: re.Pattern
    status_of: dict[str, Status]
    negation: re.Pattern
    plan: re.Pattern
    money: re.Pattern
    status_words: re.Pattern


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=16)
def rules(extra: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> _Rules:
    """Compiled vocabulary; extra = (status, phrases) pairs a province adds in config.yaml."""
    v = vocab()
    status_of: dict[str, Status] = {}
    for name, phrases in list(v["statuses"].items()) + [(s, list(p)) for s, p in extra]:
        for phrase in phrases:
            status_of[fold(phrase)] = Status(name)
    bound = r"(?<![a-z0-9%]){}(?![a-z0-9])"
    return _Rules(
        # a lookahead finds overlapping phrases too: "đã nghiệm thu" inside "nghiệm thu giai đoạn"
        phrases=re.compile(r"(?<![a-z0-9%])(?=(" + _alternatives(status_of) + r")(?![a-z0-9]))"),
        status_of=status_of,
        negation=re.compile(r"(?:^|\s)(?:" + _alternatives(fold(w) for w in v["negation"]) + r")(?:\s+\S+){0,2}\s*$"),
        plan=re.compile(r"(?:^|\s)(?:" + _alternatives(fold(w) for w in v["plan"]) + r")(?:\s+\S+){0,2}\s*$"),
        money=re.compile(bound.format("(?:" + _alternatives(fold(w) for w in v["money_words"]) + ")")),
        status_words=re.compile(bound.format("(?:" + _alternatives(fold(w) for w in v["status_words"]) + ")")),
    )


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", ".")) if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text) \
        else float(text.replace(",", "."))


def _clause(clause: str, r: _Rules) -> tuple[Status | None, float | None, str, bool]:
    """(status, work %, deciding phrase, understood) of one clause."""
    best = None
    for m in r.phrases.finditer(clause):
        if best is None or len(m.group(1)) > len(best.group(1)):
            best = m
    if best is not None:
        start = best.start()
        best_phrase = best.group(1)
    percent = None
    money = bool(r.money.search(clause))
    pm = _PERCENT.search(clause)
    if pm and not money:
        percent = _number(pm.group(1))
    if best is None:
        if percent is not None:
            status = Status.COMPLETED if percent >= 100 else Status.IN_PROGRESS if percent > 0 else Status.NOT_STARTED
            return status, percent, f"{pm.group(0)} khối lượng", True
        if money and pm and _number(pm.group(1)) >= 100:
            return Status.COMPLETED, None, f"đã chi {pm.group(0)} kinh phí", True
        if money and (pm or _FRACTION.search(clause)):
            return Status.IN_PROGRESS, None, "đã chi một phần kinh phí", True
        progressive = _PROGRESSIVE.search(clause)
        if progressive and not r.negation.search(clause[:progressive.start() + 1]):
            return Status.IN_PROGRESS, None, f"“{progressive.group(0).strip()}…” là đang làm", True
        understood = not r.status_words.search(clause)
        return None, None, "", understood
    phrase = best_phrase
    status = r.status_of[phrase]
    before = clause[:start]
    after = clause[start + len(phrase):].split()
    if phrase in ("xong", "da xong") and after and not re.match(r"^[\d/%]", after[0]):
        return Status.IN_PROGRESS, percent, f"“{phrase} {after[0]}…” là xong một phần việc", True
    reason = phrase
    done = _FRACTION.match(" ".join(after))
    if status is Status.COMPLETED and done and _number(done.group(1)) < _number(done.group(2)):
        # "đã nghiệm thu 2/3 cơ sở", "đã tham gia 01/02 hội chợ": part of the work is done
        return Status.IN_PROGRESS, percent, f"“{phrase} {done.group(0)}” là xong một phần", True
    negation = r.negation.search(before)
    if negation:
        word = negation.group(0).split()[0]
        reason = f"phủ định “{word} … {phrase}”"
        # "chưa làm" is not yet, "không làm" is will not: a đề án that will not be carried out is stopped
        not_done = Status.STOPPED if word.startswith("khong") else Status.NOT_STARTED
        status = {Status.COMPLETED: Status.IN_PROGRESS, Status.IN_PROGRESS: not_done,
                  Status.STOPPED: Status.IN_PROGRESS}.get(status, status)
    elif r.plan.search(before):
        reason = f"dự kiến “{phrase}”"
        status = {Status.COMPLETED: Status.IN_PROGRESS, Status.IN_PROGRESS: Status.NOT_STARTED}.get(status, status)
    if percent is not None and status in (Status.COMPLETED, Status.IN_PROGRESS):
        if percent < 100:
            status = Status.IN_PROGRESS if percent > 0 or status is Status.IN_PROGRESS else Status.NOT_STARTED
    return status, percent, reason, True


@lru_cache(maxsize=8192)
def read_status(text: str, progress: float | None = None, extra: tuple = ()) -> Reading | None:
    """Status of one đề án from its status text and its progress column (None when absent).

    None means the text is not understood (or both are empty): the caller reports it.
    """
    r = rules(extra)
    folded = fold(text)
    results = []
    if folded:
        plain = _without_causes(unicodedata.normalize("NFC", text))
        outside = _PARENTHESES.sub(" ; ", plain)
        details = " ; ".join(_PARENTHESES.findall(plain))
        for part, detail in ((outside, False), (details, True)):
            for clause in _CLAUSE_SPLIT.split(part):
                clause = (clause or "").strip()
                if not clause:
                    continue
                status, percent, reason, understood = _clause(clause, r)
                if not understood:
                    return None
                if status is not None:
                    results.append((status, percent, reason, detail))
        if not results:
            return None
        # words in brackets explain the status before them ("Đang thực hiện (01/03 cơ sở đã nghiệm thu)");
        # they decide only when nothing outside does, and their percentage still counts as progress
        if any(not d for *_, d in results):
            results = [x if not x[3] else (None, x[1], x[2], True) for x in results]
        results = [x[:3] for x in results]
    if not results:
        if progress is None:
            return None
        status = Status.COMPLETED if progress >= 100 else Status.IN_PROGRESS if progress > 0 else Status.NOT_STARTED
        return Reading(status, progress, f"cột tiến độ {progress:g}%")
    yielding = {fold(w) for w in vocab()["yielding"]}
    if len(results) > 1 and any(x[2] not in yielding for x in results):
        results = [x for x in results if x[2] not in yielding]
    for wanted in (Status.STOPPED, Status.ADJUSTING):
        hit = next((x for x in results if x[0] is wanted), None)
        if hit:
            return Reading(wanted, progress if progress is not None else hit[1], hit[2])
    status, percent, reason = max((x for x in results if x[0] is not None), key=lambda x: _STAGE[x[0]])
    percents = [p for _, p, _ in results if p is not None]
    work = progress if progress is not None else (max(percents) if percents else None)
    if status is Status.COMPLETED and work is not None and work < 100:
        status, reason = Status.IN_PROGRESS, f"{reason}, tiến độ {work:g}%"
    if status is Status.COMPLETED and work is None:
        work = 100.0
    return Reading(status, work, reason)


_LABEL_SPLIT = re.compile(r"\s*(?:/|,|;|\bva\b|\bhoac\b|\s-\s)\s*")
_NOT_A_STAGE = re.compile(r"\b(?:tinh hinh|tien do|ket qua|tinh trang|trang thai|ghi chu|ly do|%)")


def statuses_named(label: str) -> frozenset[Status]:
    """The statuses a short column label names, as a tick column's header does: "Hoàn thành" ->
    {completed}; "Xin dừng/ điều chỉnh" -> {stopped, adjusting}; "Tình hình thực hiện" -> {} (it
    names the whole, not a stage)."""
    folded = fold(label)
    if not folded or _NOT_A_STAGE.search(folded) or len(folded) > 40:
        return frozenset()
    found = set()
    for piece in _LABEL_SPLIT.split(folded):
        piece = piece.strip(" .:()")
        if not piece:
            continue
        if piece in ("dung", "ngung", "huy"):
            found.add(Status.STOPPED)
            continue
        reading = read_status(piece)
        if reading is None:
            return frozenset()
        found.add(reading.status)
    return frozenset(found)


_LEGEND_PAIR = re.compile(r"(?<![\w])([A-ZĐ]{1,5})\s*[:=–-]\s*([^;:=]+?)\s*(?=;|,\s*[A-ZĐ]{1,5}\s*[:=–-]|$|\.\s|\.$)")


def legend_codes(texts: list[str], extra: tuple = ()) -> dict[str, Status]:
    """Status codes a sheet explains in a legend ("Ghi chú: HT - Hoàn thành; ĐTH - Đang thực hiện;
    XD - Xin dừng"): code (folded) -> status. Only pairs whose meaning reads as a status count."""
    codes: dict[str, Status] = {}
    for text in texts:
        if len(text) > 300:
            continue
        for code, meaning in _LEGEND_PAIR.findall(text):
            reading = read_status(meaning, None, extra)
            if reading is not None and fold(code) not in ("kc", "kcqg", "kcdp", "qd", "ubnd"):
                codes[fold(code)] = reading.status
    return codes

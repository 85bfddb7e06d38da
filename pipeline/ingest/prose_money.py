"""Money stated in status prose, for tables without a figure of their own for it.

Offices that keep no disbursement column write it into the status text: "đã giải ngân 96/120
triệu đồng", "giải ngân 100% kinh phí hỗ trợ", "đã thanh toán 200/200 triệu đồng", "tạm ứng
50%", "chưa giải ngân". Only a clause with a money verb (giải ngân, thanh toán, tạm ứng, chi
trả) counts, and not when a plan word stands before it ("dự kiến giải ngân …"). A plain
"đã thực hiện 140/280 triệu đồng" states work done, not money paid, and gives nothing here.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from pipeline.core.textnorm import fold
from pipeline.ingest.values import UNIT_FACTORS, AmountError, parse_number, unit_in

# Which verb's figure wins when a text gives several: the cumulative disbursement, then payment, then advances.
_VERBS = ("giai ngan", "thanh toan", "chi tra", "tam ung")
_NUM = r"\d[\d.,]*"
_UNIT = r"(?:trieu dong|trieu d|trieu|tr\.?d|tr|ty dong|ty|nghin dong|nghin|ngan dong|dong|vnd|d)(?![a-z])"
_AFTER_VERB = re.compile(
    rf"^\s*(?:duoc|dat|xong|het|toan bo|tong cong|tong so|luy ke|so tien|kinh phi|:|\s)*"
    rf"(?:(?P<part>{_NUM})\s*/\s*(?P<whole>{_NUM})\s*(?P<funit>{_UNIT})?"
    rf"|(?P<pct>{_NUM})\s*%"
    rf"|(?P<amount>{_NUM})\s*(?P<unit>{_UNIT})"
    rf"|(?P<all>(?:het|toan bo|du|100 ?%)\s*(?:kinh phi|so tien|gia tri)))"
)
_NOT_YET = re.compile(r"(?:chua|khong)\s+(?:duoc\s+)?(?:giai ngan|thanh toan|tam ung|chi tra)")
_PLANNED = re.compile(r"(?:du kien|ke hoach|se|de nghi|dang lam thu tuc|cho)\s+(?:\S+\s+){0,2}$")


def _amount(number: str, unit: str | None, default_unit: str | None) -> int | None:
    try:
        value = parse_number(number.rstrip(".,"))
    except AmountError:
        return None
    chosen = unit_in(unit) if unit else default_unit
    if chosen is None:
        return None
    return int((value * UNIT_FACTORS[chosen]).to_integral_value())


@lru_cache(maxsize=8192)
def disbursed_in(text: str, support_vnd: int, default_unit: str | None) -> tuple[int, str] | None:
    """(amount in đồng, the words that state it) when the prose states how much was paid out,
    else None. default_unit is the table's money unit, for a figure written without one."""
    folded = fold(text)
    if not folded:
        return None
    found: dict[str, tuple[int, str]] = {}
    for verb in _VERBS:
        for m in re.finditer(rf"(?<![a-z]){verb}(?![a-z])", folded):
            if _PLANNED.search(folded[:m.start()]) or _NOT_YET.search(folded[max(0, m.start() - 12):m.end()]):
                continue
            after = _AFTER_VERB.match(folded[m.end():])
            if after is None:
                continue
            words = (verb + folded[m.end():m.end() + after.end()]).strip()
            if after["part"]:
                amount = _amount(after["part"], after["funit"], default_unit)
            elif after["pct"]:
                share = Decimal(after["pct"].replace(",", "."))
                amount = int((support_vnd * share / 100).to_integral_value()) if share <= 100 else None
            elif after["amount"]:
                amount = _amount(after["amount"], after["unit"], default_unit)
            else:
                amount = support_vnd
            if amount is not None:
                found.setdefault(verb, (amount, words))
                break
    for verb in _VERBS:
        if verb in found:
            return found[verb]
    if _NOT_YET.search(folded):
        return 0, _NOT_YET.search(folded).group(0)
    return None

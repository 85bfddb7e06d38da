"""What went wrong in a template, said in Vietnamese with the file and line, and the nearest
known name when a name is mistyped ("ý bạn là …?").

Jinja's own messages are English ("Encountered unknown tag", "'x' is undefined", "no filter named");
the office edits its templates every period, so every one a user can meet is translated here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from pipeline.core.textnorm import suggest

_END_TAGS = {"endblock": "{% endblock %}", "endif": "{% endif %}", "endfor": "{% endfor %}",
             "endmacro": "{% endmacro %}", "endset": "{% endset %}", "endraw": "{% endraw %}",
             "endcall": "{% endcall %}", "endfilter": "{% endfilter %}", "endwith": "{% endwith %}"}
TAGS = ("block", "endblock", "if", "elif", "else", "endif", "for", "endfor", "set", "endset", "macro", "endmacro",
        "import", "from", "include", "extends", "call", "endcall", "filter", "endfilter", "with", "endwith", "raw",
        "endraw")


def names_in(context: dict[str, Any], depth: int = 2) -> list[str]:
    """Every variable a template can use, as written in it: "total", "total.support_vnd", …"""
    out: list[str] = []

    def walk(prefix: str, value: Any, level: int) -> None:
        if isinstance(value, dict) and level < depth:
            for k, v in value.items():
                if isinstance(k, str):
                    name = f"{prefix}.{k}" if prefix else k
                    out.append(name)
                    walk(name, v, level + 1)

    walk("", context, 0)
    return out


def where(exc: BaseException, name: str) -> str:
    """"<file> dòng <n>" of the template frame an error came from (Jinja rewrites tracebacks
    so that template frames carry the template's file and line)."""
    found = name
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):  # a Word template's frames are its XML, whose lines mean nothing to a clerk
            found = f"{filename} dòng {tb.tb_lineno}"
        tb = tb.tb_next
    return found


def _syntax(message: str, filters: Iterable[str], tests: Iterable[str]) -> str:
    if m := re.search(r"Encountered unknown tag '(\w+)'", message):
        looking = re.search(r"looking for the following tags: '([^']+)'", message)
        hint = f"; chỗ này cần {_END_TAGS.get(looking.group(1), looking.group(1))}" if looking else ""
        return f"thẻ lệnh “{{% {m.group(1)} %}}” không có{suggest(m.group(1), TAGS)}{hint}"
    if m := re.search(r"Unexpected end of template.*?looking for the following tags: '(\w+)'", message, re.S):
        return f"mẫu kết thúc khi một khối chưa đóng: thiếu {_END_TAGS.get(m.group(1), m.group(1))}"
    if "Unexpected end of template" in message:
        return "mẫu kết thúc khi một khối chưa đóng (thiếu {% endblock %}, {% endif %} hoặc {% endfor %})"
    if m := re.search(r"[Nn]o filter named '(\w+)'", message):
        return f"bộ lọc “{m.group(1)}” không có{suggest(m.group(1), filters)}"
    if m := re.search(r"[Nn]o test named '(\w+)'", message):
        return f"phép thử “{m.group(1)}” không có{suggest(m.group(1), tests)}"
    if m := re.search(r"[Bb]lock '(\w+)' defined twice", message):
        return f"block “{m.group(1)}” được viết hai lần trong cùng mẫu"
    if m := re.search(r"expected token '([^']+)', got '([^']+)'", message):
        return f"cần “{m.group(1)}” nhưng gặp “{m.group(2)}” (thiếu dấu đóng, dấu phẩy hay dấu ngoặc?)"
    if m := re.search(r"unexpected '([^']+)'", message):
        return f"ký tự “{m.group(1)}” không đúng chỗ (kiểm tra dấu ngoặc, dấu nháy và dấu {{% %}})"
    if "tag name expected" in message:
        return "thiếu tên lệnh sau “{%” (vd. {% if … %}, {% for … %}, {% block … %})"
    if m := re.search(r"unexpected char '(.)'", message):
        return f"ký tự “{m.group(1)}” không dùng được trong biểu thức"
    return f"lỗi cú pháp ({message})"


def explain(exc: BaseException, name: str, context: dict[str, Any] | None = None, env=None) -> str:
    """The Vietnamese message for any error raised while loading or rendering a template."""
    filters = list(env.filters) if env is not None else []
    tests = list(env.tests) if env is not None else []
    if isinstance(exc, TemplateSyntaxError):
        return f"Mẫu {exc.filename or exc.name or name} dòng {exc.lineno}: {_syntax(exc.message or '', filters, tests)}"
    if isinstance(exc, TemplateNotFound):
        return f"Mẫu {name}: không tìm thấy mẫu “{exc.name}” (kiểm tra tên tệp trong {{% extends %}}/{{% import %}})"
    if isinstance(exc, UndefinedError):
        m = re.search(r"'([^']+)' is undefined", str(exc))
        attr = re.search(r"has no attribute '([^']+)'", str(exc))
        known = names_in(context or {})
        if m:
            return f"Mẫu {where(exc, name)}: biến “{m.group(1)}” không có{suggest(m.group(1), known)}"
        if attr:
            leaves = sorted({k.rsplit(".", 1)[-1] for k in known})
            return f"Mẫu {where(exc, name)}: không có mục “{attr.group(1)}”{suggest(attr.group(1), leaves)}"
        return f"Mẫu {where(exc, name)}: dùng biến chưa có ({exc})"
    if isinstance(exc, SecurityError):
        return f"Mẫu {where(exc, name)}: lệnh không được phép trong mẫu ({exc})"
    if isinstance(exc, RecursionError):
        return f"Mẫu {where(exc, name)}: macro hoặc block gọi lại chính nó không dừng"
    if isinstance(exc, (MemoryError, OverflowError)):
        return f"Mẫu {where(exc, name)}: phép tính quá lớn"
    return f"Mẫu {where(exc, name)}: {type(exc).__name__}: {exc}"

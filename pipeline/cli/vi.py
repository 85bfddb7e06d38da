"""The command layer in Vietnamese: help pages, argument errors, and the one place where every
error a command raises becomes a message and an exit code.

Typer (and the click it carries) writes its help and its errors in English ("Usage:", "Options:",
"No such option"). The group and command classes here write the help page themselves, and the
group's main() converts each error once: argument errors by their kind (never by parsing their
English text where the kind tells enough), UserError by its own message and exit code, Ctrl+C
as "Đã dừng theo yêu cầu." (130), anything else as an unexpected error (3) without a traceback.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer import _click
from typer.core import TyperCommand, TyperGroup

from pipeline.core.errors import UserError

err = Console(stderr=True, highlight=False, soft_wrap=True)

def _metavar(param: Any, ctx: Any) -> str:
    if getattr(param, "metavar", None):
        return param.metavar
    desc = getattr(param, "type_descriptor", None)
    choices = getattr(desc, "choices", None) or getattr(getattr(param, "type", None), "choices", None)
    if choices:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in choices) + "]"
    annotation = getattr(desc, "annotation", None)
    if annotation in (int, float):
        return "SỐ"
    if getattr(desc, "is_path", False) or annotation is Path:
        return "ĐƯỜNG_DẪN"
    return "CHỮ"


def _option_rows(command: Any, ctx: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    arguments, options = [], []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        if param.param_type_name == "argument":
            arguments.append((_metavar(param, ctx), param.help or ""))
            continue
        names = ", ".join(param.opts)
        if not param.is_flag:
            names += f" {_metavar(param, ctx)}"
        help_text = "Xem hướng dẫn này." if param.name == "help" else (param.help or "")
        default = param.default
        if not param.is_flag and default not in (None, "", (), []) and not callable(default) and param.show_default \
                is not False:
            help_text += f" [mặc định: {getattr(default, 'value', default)}]"
        if param.required:
            help_text += " [bắt buộc]"
        options.append((names, help_text.strip()))
    return arguments, options


def write_help(command: Any, ctx: Any, formatter: Any, commands: list[tuple[str, str]] | None = None) -> None:
    pieces = ["[TÙY CHỌN]"] + [_metavar(p, ctx) for p in command.get_params(ctx)
                                 if p.param_type_name == "argument"]
    if commands is not None:
        pieces.append("LỆNH [THAM SỐ]...")
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="Cách dùng: ")
    if command.help:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(command.help)
    arguments, options = _option_rows(command, ctx)
    for title, rows in (("Tham số", arguments), ("Tùy chọn", options), ("Lệnh", commands or [])):
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)


class ViCommand(TyperCommand):
    def format_help(self, ctx, formatter) -> None:
        write_help(self, ctx, formatter)


class ViGroup(TyperGroup):
    def format_help(self, ctx, formatter) -> None:
        rows = [(name, (cmd.help or "").strip().split("\n")[0]) for name in self.list_commands(ctx)
                if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        write_help(self, ctx, formatter, rows)

    def main(self, args=None, prog_name=None, standalone_mode: bool = True, **extra: Any) -> Any:
        code = run_converted(lambda: super(ViGroup, self).main(args=args, prog_name=prog_name,
                                                                standalone_mode=False, **extra), self)
        if standalone_mode:
            sys.exit(code)
        return code


def _hint(exc: Any) -> str:
    param = getattr(exc, "param", None)
    if param is not None:
        return "/".join(param.opts) if getattr(param, "opts", None) else param.name
    return getattr(exc, "param_hint", None) or ""


def _value_problem(message: str) -> str:
    """click's own words about a value, said in Vietnamese."""
    if m := re.search(r"'?([^']*)'? is not one of (.+?)\.?$", message):
        choices = ", ".join(re.findall(r"'([^']+)'", m.group(2)))
        return f"“{m.group(1)}” không dùng được; chọn một trong: {choices}"
    if m := re.search(r"'?([^']*)'? is not a valid (integer|float|boolean)", message):
        kind = {"integer": "số nguyên", "float": "số", "boolean": "có/không"}[m.group(2)]
        return f"“{m.group(1)}” không phải là {kind}"
    if m := re.search(r"(?:File|Path|Directory) '([^']+)' does not exist", message):
        return f"không tìm thấy “{m.group(1)}”"
    if "valid integer" in message:
        return "phải là số nguyên (vd. 2024)"
    if "valid number" in message or "valid float" in message:
        return "phải là số"
    if "valid boolean" in message:
        return "phải là có hoặc không (true/false)"
    return message


def usage_message(exc: Any, group: Any) -> str:
    """An argument error of click, in Vietnamese, with the nearest known name when mistyped."""
    ctx = getattr(exc, "ctx", None)
    command = ctx.command if ctx is not None else group
    path = " ".join(["khuyencong", *ctx.command_path.split()[1:]]) if ctx is not None else "khuyencong"
    known = [o for p in command.get_params(ctx) if getattr(p, "opts", None) for o in p.opts] if ctx else []
    tail = f" Xem hướng dẫn: {path} --help"
    if isinstance(exc, _click.exceptions.NoSuchOption):
        close = difflib.get_close_matches(exc.option_name, known, n=1) or list(exc.possibilities or [])[:1]
        guess = f" (ý bạn là “{close[0]}”?)" if close else ""
        return f"Không có tùy chọn “{exc.option_name}”{guess}.{tail}"
    if isinstance(exc, _click.exceptions.MissingParameter):
        return f"Thiếu {_hint(exc)}.{tail}"
    if isinstance(exc, _click.exceptions.BadParameter):
        return f"Giá trị của {_hint(exc)} không hợp lệ: {_value_problem(exc.message)}.{tail}"
    if isinstance(exc, _click.exceptions.BadOptionUsage):
        if "requires an argument" in exc.message:
            return f"Tùy chọn “{exc.option_name}” cần một giá trị đi kèm.{tail}"
        return f"Tùy chọn “{exc.option_name}” dùng không đúng.{tail}"
    message = exc.message
    if m := re.search(r"No such command '([^']+)'", message):
        commands = list(getattr(command, "commands", {}) or [])
        close = difflib.get_close_matches(m.group(1), commands, n=1)
        guess = f" (ý bạn là “{close[0]}”?)" if close else ""
        return f"Không có lệnh “{m.group(1)}”{guess}. Các lệnh: {', '.join(commands)}.{tail}"
    if m := re.search(r"Got unexpected extra arguments? \((.+)\)", message):
        return f"Thừa tham số: {m.group(1)}.{tail}"
    if "Missing command" in message:
        return f"Thiếu tên lệnh.{tail}"
    return f"Tham số không đúng ({message}).{tail}"


def run_converted(call, group) -> int:
    """Runs a command; every error becomes a message on stderr and an exit code."""
    try:
        result = call()
        if result == 130:  # typer's main turns Ctrl+C into a returned 130 (no command of ours returns it)
            err.print("Đã dừng theo yêu cầu.")
        return result if isinstance(result, int) else 0
    except _click.exceptions.NoArgsIsHelpError as exc:
        typer.echo(exc.ctx.get_help())
        return 0
    except _click.exceptions.UsageError as exc:
        err.print(f"[red]Lỗi tham số:[/red] {escape(usage_message(exc, group))}")
        return 2
    except UserError as exc:
        err.print(f"[red]Lỗi:[/red] {escape(str(exc))}")
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        err.print("Đã dừng theo yêu cầu.")
        return 130
    except Exception as exc:  # the last guard: no traceback reaches a user
        if os.environ.get("KHUYENCONG_DEBUG"):
            raise
        err.print(f"[red]Lỗi không mong đợi:[/red] {type(exc).__name__}: {escape(str(exc))}. "
                  "Chạy lại với biến môi trường KHUYENCONG_DEBUG=1 để xem chi tiết và gửi cho người phát triển.")
        return 3

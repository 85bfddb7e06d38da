"""Command line: a thin layer over the batch functions. All messages are Vietnamese.

Exit codes: 0 every report written; 1 some report failed or check found errors;
2 the command cannot start (config, folders, arguments); 3 unexpected internal error.
"""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
import yaml
from filelock import Timeout as LockTimeout
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from pipeline.app.batch import (
    LOCK_NAME,
    BatchOptions,
    BatchResult,
    ReportOutcome,
    check_inputs,
    province_folders,
    run_batch,
)
from pipeline.app.input_template import write_input_template
from pipeline.app.templates import check_templates, province_slugs, scaffold
from pipeline.app.watch import watch as watch_inputs
from pipeline.config import Config, ConfigError, load_config
from pipeline.core.findings import Finding, Severity, has_errors
from pipeline.core.model import Period
from pipeline.ingest.ledger import write_ledger
from pipeline.ingest.periods import show

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="khuyencong: lập báo cáo kết quả thực hiện kế hoạch khuyến công từ bảng tính.")
console = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class PeriodOption(str, Enum):
    h1 = "6thang"
    m9 = "9thang"
    year = "nam"


class Fatal(Exception):
    """Stops the command with exit code 2 and a Vietnamese message."""


InputsOpt = Annotated[Path, typer.Option("--inputs", help="Thư mục bảng tính đầu vào (mỗi tỉnh một thư mục con).")]
ConfigOpt = Annotated[Path, typer.Option("--config", help="Tệp cấu hình.")]
ProvinceOpt = Annotated[Optional[str], typer.Option("--province", help="Chỉ xử lý một tỉnh (tên thư mục, vd. bac-kan).")]


def _load(config: Path, inputs: Path) -> Config:
    cfg = _load_config_only(config)
    if not inputs.is_dir():
        raise Fatal(f"Không tìm thấy thư mục đầu vào {inputs}.")
    return cfg


def _print_findings(findings: list[Finding]) -> None:
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_file[f.file or "(chung)"].append(f)
    for file, items in by_file.items():
        console.print(f"\n[bold]{escape(file)}[/bold]")
        for f in items:
            style = {"error": "red", "warning": "yellow"}.get(f.severity.value, "cyan")
            console.print(f"  [{style}]{escape(f.format(with_file=False))}[/{style}]")


@app.command()
def run(
    inputs: InputsOpt = Path("inputs"),
    outputs: Annotated[Path, typer.Option("--outputs", help="Thư mục ghi báo cáo.")] = Path("outputs"),
    config: ConfigOpt = Path("config.yaml"),
    year: Annotated[Optional[int], typer.Option("--year", help="Năm báo cáo (mặc định: lấy từ bảng tính).")] = None,
    period: Annotated[Optional[PeriodOption], typer.Option("--period", help="Kỳ báo cáo: 6thang, 9thang hoặc nam.")] = None,
    province: ProvinceOpt = None,
    allow_errors: Annotated[bool, typer.Option("--allow-errors", help="Vẫn lập báo cáo khi dữ liệu có lỗi (bỏ các dòng lỗi).")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Chuyển các báo cáo sang PDF (cần LibreOffice).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Lập lại cả những báo cáo không có gì thay đổi.")] = False,
) -> None:
    """Lập báo cáo cho mọi tỉnh trong thư mục đầu vào."""
    cfg = _load(config, inputs)
    opts = BatchOptions(inputs, outputs, config.resolve(), year, Period(period.value) if period else None,
                        province, allow_errors, force, pdf)
    _check_province(inputs, province)
    result = _run_with_progress(cfg, opts)
    if result.findings:
        console.print("[bold]Các vấn đề trong dữ liệu đầu vào:[/bold]")
        _print_findings(result.findings)
    if result.pdf_error:
        err.print(f"[red]PDF:[/red] {escape(result.pdf_error)}")
    _summary(result.outcomes)
    if result.unreadable:
        console.print(f"[yellow]{len(result.unreadable)} tệp không đọc được (xem trên): "
                      f"{escape(', '.join(result.unreadable))}.[/yellow]")
    if result.pdf_error or result.unreadable or any(o.status == "failed" for o in result.outcomes):
        raise typer.Exit(1)


def _check_province(inputs: Path, province: str | None) -> None:
    if not province_folders(inputs, province):
        which = f"tỉnh “{province}”" if province else "tỉnh nào"
        raise Fatal(f"Không có thư mục {which} trong {inputs}. Mỗi tỉnh cần một thư mục con, vd. {inputs}/bac-kan/.")


def _run_with_progress(cfg: Config, opts: BatchOptions) -> BatchResult:
    count = len(province_folders(opts.inputs, opts.province))
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True, disable=not console.is_terminal or count < 2) as progress:
        task = progress.add_task("Đang lập báo cáo", total=count)
        started = 0

        def step(slug: str) -> None:
            nonlocal started
            progress.update(task, completed=started, description=f"Đang xử lý {slug}")
            started += 1

        try:
            result = run_batch(cfg, opts, on_step=step,
                               on_wait=lambda: err.print("Một lần chạy khác đang ghi vào thư mục kết quả; đang chờ…"))
        except LockTimeout:
            raise Fatal(f"Một lần chạy khác giữ thư mục {opts.outputs} quá lâu; hãy thử lại sau. Nếu chắc chắn "
                        f"không còn lần chạy nào, xóa tệp {opts.outputs / LOCK_NAME}.") from None
        progress.update(task, completed=count)
    return result


def _summary(outcomes: list[ReportOutcome]) -> None:
    table = Table(title="Kết quả", show_lines=False)
    for col in ("Tỉnh", "Kỳ báo cáo", "Kết quả", "Lỗi", "Cảnh báo"):
        table.add_column(col)
    labels = {"written": "[green]đã ghi[/green]", "skipped": "bỏ qua (không đổi)", "failed": "[red]không lập được[/red]"}
    for o in outcomes:
        errors = sum(f.severity is Severity.ERROR for f in o.findings)
        warnings = sum(f.severity is Severity.WARNING for f in o.findings)
        table.add_row(escape(o.province), o.label, labels[o.status], str(errors), str(warnings))
    console.print()
    console.print(table)
    for o in outcomes:
        if o.status == "skipped":
            kept = escape(str(o.files[0])) if o.files else ""
            console.print(f"  {escape(o.province)} – {o.label}: không thay đổi từ lần trước, giữ nguyên {kept}")
        elif o.status == "written":
            pdf_note = " (+ PDF)" if o.files[-1].suffix == ".pdf" else ""
            console.print(f"  {escape(o.province)} – {o.label}: {escape(str(o.files[0]))}{pdf_note}")
        else:
            console.print(f"  [red]{escape(o.province)} – {o.label}: không lập được vì {escape(o.reason)}[/red]")
    written = sum(o.status == "written" for o in outcomes)
    skipped = sum(o.status == "skipped" for o in outcomes)
    tail = f", {skipped} báo cáo không thay đổi nên không lập lại" if skipped else ""
    console.print(f"Đã lập {written}/{len(outcomes)} báo cáo{tail}.")


@app.command()
def check(
    inputs: InputsOpt = Path("inputs"),
    config: ConfigOpt = Path("config.yaml"),
    province: ProvinceOpt = None,
    year: Annotated[Optional[int], typer.Option("--year", help="Năm báo cáo cho các tệp không tự ghi năm.")] = None,
    period: Annotated[Optional[PeriodOption], typer.Option("--period", help="Kỳ cho các tệp không tự ghi kỳ.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")] = False,
    rows: Annotated[Optional[Path], typer.Option(
        "--rows", help="Ghi sổ dòng (mỗi dòng của mỗi trang: vai trò, lý do, giá trị) ra tệp .xlsx và .csv "
                       "với tên này, vd. outputs/so-dong.")] = None,
    dialect: Annotated[bool, typer.Option("--dialect", help="In bố cục bảng đã nhận ra (dán được vào config.yaml).")] = False,
) -> None:
    """Kiểm tra bảng tính đầu vào, không lập báo cáo."""
    cfg = _load(config, inputs)
    _check_province(inputs, province)
    result = check_inputs(cfg, inputs, province, year, Period(period.value) if period else None)
    findings, ledgers = result.findings, result.ledgers
    written = write_ledger(ledgers, rows.with_suffix("")) if rows else []
    if as_json:
        payload = {
            "findings": [f.to_dict() for f in findings],
            "periods": [{"file": p.file, "year": p.year, "period": p.period.value if p.period else None, "why": p.why}
                        for p in result.periods],
            "ledger": [{"file": l.file, "sheet": l.sheet, "read": l.read, "records": l.records,
                        "structure": l.structure, "blank": l.blank, "rejected_rows": l.rejected} for l in ledgers],
            "dialects": result.dialects,
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        table = Table(title="Kỳ báo cáo của từng tệp")
        for col in ("Tệp", "Năm", "Kỳ", "Vì sao"):
            table.add_column(col)
        for p in result.periods:
            table.add_row(escape(p.file), str(p.year or "?"), show(p.period) if p.period else "?", escape(p.why))
        console.print(table)
        table = Table(title="Sổ dòng (dòng đọc = đề án + dòng cấu trúc + dòng trống + dòng bị loại)")
        for col in ("Tệp", "Trang tính", "Đọc", "Đề án", "Cấu trúc", "Trống", "Bị loại"):
            table.add_column(col)
        for l in ledgers:
            table.add_row(escape(l.file), escape(l.sheet), str(l.read), str(l.records), str(l.structure), str(l.blank), str(len(l.rejected)))
        console.print(table)
        if dialect and result.dialects:
            console.print("\n[bold]Bố cục bảng đã nhận ra[/bold] (dán vào provinces.<tỉnh>.dialect trong config.yaml "
                          "nếu muốn cố định):")
            console.print(escape(yaml.safe_dump(result.dialects, allow_unicode=True, sort_keys=False)))
        if findings:
            _print_findings(findings)
        errors = sum(f.severity is Severity.ERROR for f in findings)
        console.print(f"\n{errors} lỗi, {len(findings) - errors} cảnh báo/thông tin.")
        for path in written:
            console.print(f"Đã ghi sổ dòng: {escape(str(path))}")
    if has_errors(findings):
        raise typer.Exit(1)


@app.command()
def watch(
    inputs: InputsOpt = Path("inputs"),
    outputs: Annotated[Path, typer.Option("--outputs", help="Thư mục ghi báo cáo.")] = Path("outputs"),
    config: ConfigOpt = Path("config.yaml"),
    debounce: Annotated[float, typer.Option("--debounce", help="Số giây chờ tệp ghi xong trước khi lập lại.")] = 2.0,
    max_runs: Annotated[Optional[int], typer.Option("--max-runs", hidden=True)] = None,
) -> None:
    """Theo dõi thư mục đầu vào; tệp nào mới hoặc thay đổi thì lập lại báo cáo của tỉnh đó."""
    _load(config, inputs)
    opts = BatchOptions(inputs, outputs, config.resolve())

    def build(o: BatchOptions) -> BatchResult | None:
        try:
            cfg = load_config(o.config_path)  # re-read: the user may have edited it meanwhile
        except ConfigError as exc:
            err.print(f"[red]Lỗi cấu hình:[/red] {escape(str(exc))}")
            return None
        if not province_folders(o.inputs, o.province):
            return None
        try:
            return run_batch(cfg, o)
        except Exception as exc:  # keep watching: one failed rebuild must not end the watcher
            err.print(f"[red]Không lập được báo cáo của {escape(o.province or '')}:[/red] "
                      f"{type(exc).__name__}: {escape(str(exc))}")
            return None

    def show(slug: str, result: BatchResult) -> None:
        console.print(f"\n[bold]{escape(slug)}[/bold]: có thay đổi trong {escape(str(inputs / slug))}")
        if result.findings:
            _print_findings(result.findings)
        _summary(result.outcomes)

    watch_inputs(opts, build, show, debounce=debounce, max_runs=max_runs,
                 ready=lambda: console.print(f"Đang theo dõi {escape(str(inputs))} (Ctrl+C để dừng)…"))


@app.command("tong-hop")
def tong_hop(
    den: Annotated[str, typer.Option("--den", help="Kỳ cuối: YYYY, YYYY-6thang, YYYY-9thang hoặc YYYY-nam "
                                                   "(năm không ghi kỳ: báo cáo cả năm, nếu chưa có thì kỳ mới nhất).")],
    tu: Annotated[Optional[str], typer.Option("--tu", help="Kỳ đầu (mặc định: bằng kỳ cuối), vd. 2021.")] = None,
    inputs: InputsOpt = Path("inputs"),
    outputs: Annotated[Path, typer.Option("--outputs", help="Thư mục ghi kết quả (ghi vào tong-hop/<khoảng kỳ>/).")] = Path("outputs"),
    config: ConfigOpt = Path("config.yaml"),
    khu_vuc: Annotated[Optional[str], typer.Option("--khu-vuc", help="Khu vực khai báo ở mục regions trong config.yaml, vd. phia-bac.")] = None,
    tinh: Annotated[Optional[str], typer.Option("--tinh", help="Danh sách tỉnh, cách nhau bởi dấu phẩy, vd. bac-kan,ha-giang.")] = None,
    allow_errors: Annotated[bool, typer.Option("--allow-errors", help="Vẫn tính các tỉnh có dòng lỗi (bỏ các dòng lỗi).")] = False,
    bao_cao: Annotated[Optional[Path], typer.Option("--bao-cao", help="Tổng hợp từ các báo cáo đã lập (thư mục chứa "
                                                    "<tỉnh>/<năm-kỳ>/metrics.json) thay vì đọc bảng tính.")] = None,
) -> None:
    """Tổng hợp nhiều tỉnh qua nhiều kỳ: báo cáo .docx, bảng .xlsx và tong-hop.json."""
    from pipeline.app.tong_hop import RollupOptions, run_rollup
    from pipeline.compute.rollup import SpanError
    from pipeline.render.markup import TemplateProblem

    if khu_vuc and tinh:
        raise Fatal("Chỉ dùng một trong hai: --khu-vuc hoặc --tinh.")
    cfg = _load(config, inputs)
    opts = RollupOptions(inputs, outputs, config.resolve(), den, tu, khu_vuc,
                         [t.strip() for t in (tinh or "").split(",") if t.strip()], allow_errors, bao_cao)
    if bao_cao and not bao_cao.is_dir():
        raise Fatal(f"Không tìm thấy thư mục báo cáo {bao_cao}.")
    try:
        with console.status("Đang đọc bảng tính và tổng hợp…", spinner="dots") if console.is_terminal else _nothing():
            result = run_rollup(cfg, opts)
    except (SpanError, TemplateProblem) as exc:
        raise Fatal(str(exc)) from None
    except OSError as exc:
        raise Fatal(f"Không ghi được {exc.filename or outputs}: {exc.strerror} (tệp có đang mở không?)") from None
    if result.findings:
        console.print("[bold]Các vấn đề trong dữ liệu đầu vào:[/bold]")
        _print_findings(result.findings)
    data = result.data
    console.print(f"\nTổng hợp {escape(data['span']['text'])}: {len(data['provinces'])} tỉnh có báo cáo, "
                  f"{len(data['missing'])} tỉnh chưa có.")
    for m in data["missing"]:
        console.print(f"  [yellow]Chưa tính {escape(m['name'])}: {escape(m['reason'])}[/yellow]")
    for f in result.files:
        console.print(f"  Đã ghi {escape(str(f))}")


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


templates_app = typer.Typer(no_args_is_help=True, help="Kiểm tra và tạo mẫu lời văn của các tỉnh.")
app.add_typer(templates_app, name="templates")


@templates_app.command("check")
def templates_check(config: ConfigOpt = Path("config.yaml")) -> None:
    """Dựng thử mẫu của mọi tỉnh với số liệu mẫu và báo lỗi kèm tệp, dòng."""
    cfg = _load_config_only(config)
    templates_dir = config.resolve().parent / cfg.templates_dir
    issues = check_templates(cfg, templates_dir)
    for slug in ["chung", *province_slugs(cfg, templates_dir)]:
        mine = [i for i in issues if i.province == slug]
        mark = "[green]đạt[/green]" if not mine else f"[red]{len(mine)} lỗi[/red]"
        console.print(f"{'mẫu chung' if slug == 'chung' else escape(slug)}: {mark}")
        for issue in mine:
            console.print(f"  - {escape(issue.message)}")
    if issues:
        raise typer.Exit(1)


@templates_app.command("new")
def templates_new(slug: Annotated[str, typer.Argument(help="Tên tỉnh, vd. thai-nguyen")],
                  config: ConfigOpt = Path("config.yaml")) -> None:
    """Tạo mẫu lời văn riêng cho một tỉnh (kế thừa mẫu chung, có ví dụ)."""
    cfg = _load_config_only(config)
    try:
        path = scaffold(slug, cfg, config.resolve().parent / cfg.templates_dir)
    except FileExistsError as exc:
        raise Fatal(f"Mẫu {exc} đã có; không ghi đè.") from None
    console.print(escape(f"Đã tạo {path}. Mẫu được dùng ngay; muốn để nơi khác thì khai báo templates trong config.yaml."))


def _load_config_only(config: Path) -> Config:
    try:
        return load_config(config)
    except ConfigError as exc:
        raise Fatal(str(exc)) from None


@app.command("mau-nhap-lieu")
def input_template(
    path: Annotated[Path, typer.Argument(help="Nơi ghi tệp mẫu.")] = Path("mau-nhap-lieu.xlsx"),
) -> None:
    """Ghi tệp Excel mẫu nhập liệu (một dòng một đề án, có danh sách chọn)."""
    write_input_template(path)
    console.print(f"Đã ghi mẫu nhập liệu: {escape(str(path))}")


def main() -> None:
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except Fatal as exc:
        err.print(f"[red]Lỗi:[/red] {escape(str(exc))}")
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err.print("Đã dừng theo yêu cầu.")
        sys.exit(130)
    except Exception as exc:  # the last guard: no traceback reaches a user
        if callable(getattr(exc, "format_message", None)):  # a usage error from click (or typer's copy of it)
            err.print(f"[red]Lỗi tham số:[/red] {escape(exc.format_message())}. Xem hướng dẫn: khuyencong --help")
            sys.exit(2)
        if os.environ.get("KHUYENCONG_DEBUG"):
            raise
        err.print(f"[red]Lỗi không mong đợi:[/red] {type(exc).__name__}: {escape(str(exc))}. "
                  "Chạy lại với biến môi trường KHUYENCONG_DEBUG=1 để xem chi tiết và gửi cho người phát triển.")
        sys.exit(3)

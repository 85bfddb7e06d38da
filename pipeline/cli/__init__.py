"""Command line: a thin layer over pipeline.app. All messages are Vietnamese.

Each command imports its work when it runs (start-up stays short). Errors are converted once,
in pipeline.cli.vi: they carry their message and exit code (pipeline.core.errors).
Exit codes: 0 every report written; 1 some report failed, a file could not be read, or check
found errors; 2 the command cannot start (config, folders, arguments); 3 unexpected internal
error; 130 stopped by Ctrl+C.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from pipeline import __version__
from pipeline.cli.show import console, err
from pipeline.cli.vi import ViCommand, ViGroup
from pipeline.core.errors import CannotStart

app = typer.Typer(cls=ViGroup, add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="khuyencong: lập báo cáo kết quả thực hiện kế hoạch khuyến công từ bảng tính.")
templates_app = typer.Typer(cls=ViGroup, no_args_is_help=True, rich_markup_mode=None,
                            help="Kiểm tra và tạo mẫu lời văn của các tỉnh.")
app.add_typer(templates_app, name="templates")


class PeriodOption(str, Enum):
    h1 = "6thang"
    m9 = "9thang"
    year = "nam"


InputsOpt = Annotated[Path, typer.Option("--inputs", help="Thư mục bảng tính đầu vào (mỗi tỉnh một thư mục con).")]
OutputsOpt = Annotated[Path, typer.Option("--outputs", help="Thư mục ghi báo cáo.")]
ConfigOpt = Annotated[Path, typer.Option("--config", help="Tệp cấu hình.")]
ProvinceOpt = Annotated[Optional[str], typer.Option("--province", help="Chỉ xử lý một tỉnh (tên thư mục, vd. bac-kan).")]
YearOpt = Annotated[Optional[int], typer.Option("--year", help="Năm báo cáo (mặc định: lấy từ bảng tính).")]
PeriodOpt = Annotated[Optional[PeriodOption], typer.Option("--period", help="Kỳ báo cáo: 6thang, 9thang hoặc nam.")]


def _version(value: bool) -> None:
    if value:
        console.print(f"khuyencong {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="In phiên bản chương trình.")] = False) -> None:
    """khuyencong: lập báo cáo kết quả thực hiện kế hoạch khuyến công từ bảng tính."""


def _period(period: PeriodOption | None):
    from pipeline.core.model import Period

    return Period(period.value) if period else None


def _config(path: Path):
    from pipeline.config import load_config

    if not path.exists():
        hint = (" Trong thư mục làm việc của văn phòng, tệp này có sẵn; tạo thư mục làm việc mới bằng "
                "“khuyencong khoi-tao THƯ_MỤC”, hoặc chỉ rõ tệp bằng --config.")
        raise CannotStart(f"Không tìm thấy tệp cấu hình {path}.{hint}")
    return load_config(path)


def _inputs(inputs: Path, province: str | None) -> None:
    from pipeline.app.folders import province_folders
    from pipeline.core.textnorm import suggest

    if not inputs.is_dir():
        raise CannotStart(f"Không tìm thấy thư mục đầu vào {inputs}.")
    if province_folders(inputs, province):
        return
    if province:
        known = [p.name for p in province_folders(inputs)]
        raise CannotStart(f"Không có thư mục tỉnh “{province}” trong {inputs}{suggest(province, known)}. "
                          f"Các tỉnh có: {', '.join(known) or '(chưa có)'}.")
    raise CannotStart(f"Không có thư mục tỉnh nào trong {inputs}. Mỗi tỉnh cần một thư mục con, vd. {inputs}/bac-kan/.")


@app.command(cls=ViCommand)
def run(
    inputs: InputsOpt = Path("inputs"),
    outputs: OutputsOpt = Path("outputs"),
    config: ConfigOpt = Path("config.yaml"),
    year: YearOpt = None,
    period: PeriodOpt = None,
    province: ProvinceOpt = None,
    allow_errors: Annotated[bool, typer.Option("--allow-errors", help="Vẫn lập báo cáo khi dữ liệu có lỗi (bỏ các dòng lỗi).")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Chuyển các báo cáo sang PDF (cần LibreOffice).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Lập lại cả những báo cáo không có gì thay đổi.")] = False,
) -> None:
    """Lập báo cáo cho mọi tỉnh trong thư mục đầu vào."""
    from pipeline.app.batch import BatchOptions

    cfg = _config(config)
    _inputs(inputs, province)
    opts = BatchOptions(inputs, outputs, config.resolve(), year, _period(period), province, allow_errors, force, pdf)
    result = _run_with_progress(cfg, opts)
    printed = _printed(result, opts)
    console.file.write(printed)
    console.file.flush()
    if result.pdf_error:
        err.print(f"[red]PDF:[/red] {escape(result.pdf_error)}")
    if result.manifest_error:
        err.print(f"[red]Lỗi:[/red] {escape(result.manifest_error)}; các báo cáo ở trên đã ghi xong, chỉ thiếu bản kê chung của lần chạy.")
    failed = bool(result.unreadable or any(o.status == "failed" for o in result.outcomes))
    _remember_unchanged_run(cfg, opts, result, printed, 1 if failed else 0)
    if result.pdf_error or result.manifest_error or failed:
        raise typer.Exit(1)


def _printed(result, opts) -> str:
    """What `run` prints after its progress: the findings, the reports, the unreadable files."""
    from pipeline.cli import show

    with console.capture() as captured:
        if result.findings:
            console.print("[bold]Các vấn đề trong dữ liệu đầu vào:[/bold]")
            show.findings(result.findings)
        show.summary(result.outcomes, opts.outputs)
        if result.unreadable:
            console.print(f"[yellow]{len(result.unreadable)} tệp không đọc được (xem trên): "
                          f"{escape(', '.join(result.unreadable))}.[/yellow]")
    return captured.get()


def _remember_unchanged_run(cfg, opts, result, printed: str, code: int) -> None:
    """What the same run would print next time is kept (pipeline.app.quick), so that run is answered
    at once: after a run that changed nothing, what it printed; after a run that wrote reports and
    refused none, what the next run prints when every province is replayed from its stamp (the
    same findings, every report "không thay đổi"). Any other run forgets the last one."""
    import re
    import sys
    from dataclasses import replace

    from pipeline.app import quick
    from pipeline.app.batch import PROVINCE_STAMP
    from pipeline.render.paths import search_path

    settled = (result.outcomes and all(o.status in ("written", "skipped") for o in result.outcomes)
               and all((opts.outputs / o.province / PROVINCE_STAMP).is_file() for o in result.outcomes)
               and not (opts.pdf or opts.force or result.pdf_error or result.manifest_error))
    argv_opts = quick.run_options(sys.argv[1:]) if settled else None
    if argv_opts is not None and any(o.status == "written" for o in result.outcomes):
        again = replace(result, outcomes=[replace(o, status="skipped", notes=[]) for o in result.outcomes])
        printed = _printed(again, opts)
    try:
        if argv_opts is None:
            quick.forget(opts.outputs)
        else:
            plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", printed)
            quick.record(argv_opts, search_path(opts.config_path.parent / cfg.templates_dir), opts.outputs, plain, code)
    except (OSError, UnicodeError):
        quick.forget(opts.outputs)  # the next run goes the ordinary way


def _run_with_progress(cfg, opts):
    from filelock import Timeout as LockTimeout
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from pipeline.app.batch import LOCK_NAME, run_batch
    from pipeline.app.folders import province_folders

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
            raise CannotStart(f"Một lần chạy khác giữ thư mục {opts.outputs} quá lâu; hãy thử lại sau. Nếu chắc chắn "
                              f"không còn lần chạy nào, xóa tệp {opts.outputs / LOCK_NAME}.") from None
        progress.update(task, completed=count)
    return result


@app.command(cls=ViCommand)
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
    doi_chieu: Annotated[Optional[Path], typer.Option(
        "--doi-chieu", help="Ghi bản đối chiếu của từng bảng tính (mỗi dòng tô màu theo cách đọc, lỗi ghi chú "
                            "ngay tại ô) vào thư mục này.")] = None,
) -> None:
    """Kiểm tra bảng tính đầu vào, không lập báo cáo."""
    from pipeline.app.batch import check_inputs
    from pipeline.cli import show
    from pipeline.core.findings import has_errors
    from pipeline.ingest.ledger import write_ledger
    from pipeline.ingest.periods import show as show_period

    cfg = _config(config)
    _inputs(inputs, province)
    stem = _ledger_stem(rows, inputs) if rows else None
    result = check_inputs(cfg, inputs, province, year, _period(period))
    try:
        written = write_ledger(result.ledgers, stem) if stem else []
    except OSError as exc:
        raise CannotStart(f"Không ghi được sổ dòng {stem} ({exc.strerror}).") from None
    if doi_chieu:
        from pipeline.app.batch import write_check_copies

        if doi_chieu.resolve().is_relative_to(inputs.resolve()):
            raise CannotStart(f"Bản đối chiếu không được ghi vào thư mục đầu vào {inputs}; chọn chỗ khác, vd. outputs/doi-chieu.")
        try:
            written += write_check_copies(result, doi_chieu)
        except OSError as exc:
            raise CannotStart(f"Không ghi được bản đối chiếu vào {doi_chieu} ({exc.strerror}).") from None
    if as_json:
        payload = {
            "findings": [f.to_dict() for f in result.findings],
            "periods": [{"file": p.file, "year": p.year, "period": p.period.value if p.period else None, "why": p.why}
                        for p in result.periods],
            "ledger": [{"file": x.file, "sheet": x.sheet, "read": x.read, "records": x.records,
                        "structure": x.structure, "blank": x.blank, "rejected_rows": x.rejected} for x in result.ledgers],
            "dialects": result.dialects,
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        show.check_tables(result, show_period)
        if dialect and result.dialects:
            import yaml

            console.print("\n[bold]Bố cục bảng đã nhận ra[/bold] (dán vào provinces.<tỉnh>.dialect trong config.yaml "
                          "nếu muốn cố định):")
            console.print(escape(yaml.safe_dump(result.dialects, allow_unicode=True, sort_keys=False)))
        if result.findings:
            show.findings(result.findings)
        errors = sum(f.severity.value == "error" for f in result.findings)
        console.print(f"\n{errors} lỗi, {len(result.findings) - errors} cảnh báo/thông tin.")
        for path in written:
            kind = "bản đối chiếu" if path.name.endswith(".doi-chieu.xlsx") else "sổ dòng"
            console.print(f"Đã ghi {kind}: {escape(str(path))}")
    if has_errors(result.findings):
        raise typer.Exit(1)


def _ledger_stem(rows: Path, inputs: Path) -> Path:
    """Where `check --rows` may write: never into the inputs (they are never modified, and a ledger
    there would be read as a workbook next time), never over a file that is not a ledger."""
    stem = rows.with_suffix("") if rows.suffix.lower() in (".xlsx", ".csv") else rows
    if stem.resolve().is_relative_to(inputs.resolve()):
        raise CannotStart(f"Sổ dòng không được ghi vào thư mục đầu vào {inputs}; chọn chỗ khác, vd. outputs/so-dong.")
    for target in (stem.with_suffix(".xlsx"), stem.with_suffix(".csv")):
        if target.is_dir():
            raise CannotStart(f"{target} là một thư mục; --rows cần một tên tệp, vd. {target}/so-dong.")
        if target.suffix == ".xlsx" and target.is_file() and not _is_ledger(target):
            raise CannotStart(f"Đã có tệp {target} không phải sổ dòng; chọn tên khác để không ghi đè lên nó.")
    return stem


def _is_ledger(path: Path) -> bool:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True).sheetnames == ["So dong"]
    except Exception:  # noqa: BLE001 - anything that is not our ledger is kept
        return False


@app.command(cls=ViCommand)
def watch(
    inputs: InputsOpt = Path("inputs"),
    outputs: OutputsOpt = Path("outputs"),
    config: ConfigOpt = Path("config.yaml"),
    debounce: Annotated[float, typer.Option("--debounce", help="Số giây chờ tệp ghi xong trước khi lập lại.")] = 2.0,
    max_runs: Annotated[Optional[int], typer.Option("--max-runs", hidden=True)] = None,
) -> None:
    """Theo dõi thư mục đầu vào, mẫu văn bản và cấu hình; có thay đổi thì lập lại báo cáo liên quan."""
    from pipeline.app.batch import BatchOptions, run_batch
    from pipeline.app.watch import watch as watch_inputs
    from pipeline.cli import show
    from pipeline.config import ConfigError, load_config

    cfg = _config(config)
    _inputs(inputs, None)
    opts = BatchOptions(inputs, outputs, config.resolve())

    def build(o):
        try:
            cfg = load_config(o.config_path)  # re-read: the user may have edited it meanwhile
        except ConfigError as exc:
            err.print(f"[red]Lỗi cấu hình:[/red] {escape(str(exc))}")
            return None
        try:
            return run_batch(cfg, o)
        except Exception as exc:  # keep watching: one failed rebuild must not end the watcher
            err.print(f"[red]Không lập được báo cáo của {escape(o.province or 'các tỉnh')}:[/red] "
                      f"{type(exc).__name__}: {escape(str(exc))}")
            return None

    def shown(what: str, result) -> None:
        console.print(f"\n[bold]{escape(what)}[/bold]")
        if result.findings:
            show.findings(result.findings)
        show.summary(result.outcomes, opts.outputs)

    watch_inputs(opts, build, shown, debounce=debounce, max_runs=max_runs, templates=config.resolve().parent / cfg.templates_dir,
                 ready=lambda: console.print(f"Đang theo dõi {escape(str(inputs))}, mẫu văn bản và cấu hình "
                                             "(Ctrl+C để dừng)…"))


@app.command("tong-hop", cls=ViCommand)
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
    thuyet_minh: Annotated[Optional[Path], typer.Option("--thuyet-minh", help="Tệp thuyết minh của báo cáo tổng hợp "
                                                        "(hạn chế, nhiệm vụ và giải pháp, kiến nghị); mặc định "
                                                        "inputs/thuyet-minh-tong-hop-<khoảng kỳ>.md nếu có.")] = None,
) -> None:
    """Tổng hợp nhiều tỉnh qua nhiều kỳ: báo cáo .docx, bảng .xlsx và tong-hop.json."""
    from pipeline.app.tong_hop import RollupOptions, run_rollup
    from pipeline.cli import show

    if khu_vuc and tinh:
        raise CannotStart("Chỉ dùng một trong hai: --khu-vuc hoặc --tinh.")
    cfg = _config(config)
    if not bao_cao and not inputs.is_dir():
        raise CannotStart(f"Không tìm thấy thư mục đầu vào {inputs}.")
    if bao_cao and not bao_cao.is_dir():
        raise CannotStart(f"Không tìm thấy thư mục báo cáo {bao_cao}.")
    if thuyet_minh and not thuyet_minh.is_file():
        raise CannotStart(f"Không tìm thấy tệp thuyết minh {thuyet_minh}.")
    opts = RollupOptions(inputs, outputs, config.resolve(), den, tu, khu_vuc,
                         [t.strip() for t in (tinh or "").split(",") if t.strip()], allow_errors, bao_cao,
                         thuyet_minh)
    try:
        with console.status("Đang đọc bảng tính và tổng hợp…", spinner="dots") if console.is_terminal else _Nothing():
            result = run_rollup(cfg, opts)
    except OSError as exc:
        raise CannotStart(f"Không ghi được {exc.filename or outputs}: {exc.strerror} (tệp có đang mở không?)") from None
    if result.findings:
        console.print("[bold]Các vấn đề trong dữ liệu đầu vào:[/bold]")
        show.findings(result.findings)
    data = result.data
    empty_years = data["span"].get("years_without_reports") or []
    console.print(f"\nTổng hợp {escape(data['span']['text'])}: {len(data['provinces'])} tỉnh có báo cáo, "
                  f"{len(data['missing'])} tỉnh chưa có"
                  + (f"; năm {', '.join(map(str, empty_years))} không tỉnh nào có báo cáo." if empty_years else "."))
    for m in data["missing"]:
        console.print(f"  [yellow]Chưa tính {escape(m['name'])}: {escape(m['reason'])}[/yellow]")
    for f in result.files:
        console.print(f"  Đã ghi {escape(str(f))}")


class _Nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@templates_app.command("check", cls=ViCommand)
def templates_check(config: ConfigOpt = Path("config.yaml")) -> None:
    """Dựng thử mẫu của mọi tỉnh với số liệu mẫu và báo lỗi kèm tệp, dòng."""
    from pipeline.app.templates import check_templates, province_slugs

    cfg = _config(config)
    templates_dir = config.resolve().parent / cfg.templates_dir
    issues = check_templates(cfg, templates_dir)
    for slug in ["chung", *province_slugs(cfg, templates_dir)]:
        mine = [i for i in issues if i.province == slug]
        errors = [i for i in mine if i.severity == "error"]
        mark = "[green]đạt[/green]" if not errors else f"[red]{len(errors)} lỗi[/red]"
        if len(mine) > len(errors):
            mark += f", [yellow]{len(mine) - len(errors)} lưu ý[/yellow]"
        console.print(f"{'mẫu chung' if slug == 'chung' else escape(slug)}: {mark}")
        for issue in mine:
            console.print(f"  - {escape(issue.message)}")
    if any(i.severity == "error" for i in issues):
        raise typer.Exit(1)


@templates_app.command("new", cls=ViCommand)
def templates_new(
    slug: Annotated[str, typer.Argument(metavar="TỈNH", help="Tên tỉnh (tên thư mục trong inputs/), vd. thai-nguyen")],
    word: Annotated[bool, typer.Option("--word", help="Tạo mẫu Word (report.docx) thay cho mẫu chữ.")] = False,
    config: ConfigOpt = Path("config.yaml"),
) -> None:
    """Tạo mẫu lời văn riêng cho một tỉnh (kế thừa mẫu chung, có ví dụ)."""
    from pipeline.app.templates import scaffold
    from pipeline.core.textnorm import province_slug

    cfg = _config(config)
    name = province_slug(slug)
    try:
        path = scaffold(name, cfg, config.resolve().parent / cfg.templates_dir, word=word)
    except FileExistsError as exc:
        raise CannotStart(f"Mẫu {exc} đã có; không ghi đè.") from None
    what = "Mở bằng Word để sửa; giữ nguyên các thẻ {{ … }} và {%p … %}." if word else "Mở bằng Notepad để sửa."
    console.print(escape(f"Đã tạo {path}. {what} Kiểm tra: khuyencong templates check"))


@app.command("mau-nhap-lieu", cls=ViCommand)
def input_template(
    path: Annotated[Path, typer.Argument(metavar="TỆP", help="Nơi ghi tệp mẫu.")] = Path("mau-nhap-lieu.xlsx"),
) -> None:
    """Ghi tệp Excel mẫu nhập liệu (một dòng một đề án, có danh sách chọn)."""
    from pipeline.app.input_template import write_input_template

    if path.is_dir():
        raise CannotStart(f"{path} là một thư mục; hãy ghi tên tệp, vd. {path / 'mau-nhap-lieu.xlsx'}.")
    write_input_template(path)
    console.print(f"Đã ghi mẫu nhập liệu: {escape(str(path))}")


@app.command("khoi-tao", cls=ViCommand)
def khoi_tao(
    folder: Annotated[Path, typer.Argument(metavar="THƯ_MỤC", help="Thư mục làm việc mới của văn phòng.")],
) -> None:
    """Tạo thư mục làm việc cho văn phòng: cấu hình, dữ liệu mẫu, mẫu văn bản, hướng dẫn."""
    from pipeline.app.office import create_office

    if folder.exists() and not folder.is_dir():
        raise CannotStart(f"{folder} là một tệp, không phải thư mục.")
    written = create_office(folder)
    console.print(f"Đã tạo thư mục làm việc {escape(str(folder))} ({len(written)} tệp). Tiếp theo:")
    console.print(f"  cd {escape(str(folder))}")
    console.print("  khuyencong run        (lập báo cáo mẫu của Bắc Kạn vào outputs/)")
    console.print("Đọc HUONG-DAN.txt trong thư mục đó để biết việc làm hằng kỳ.")


def main() -> None:
    app()

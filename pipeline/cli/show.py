"""What the commands print: findings grouped by file, the summary of a run, the check tables."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.markup import escape
from rich.table import Table

console = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def findings(items) -> None:
    by_file = defaultdict(list)
    for f in items:
        by_file[f.file or "(chung)"].append(f)
    for file, mine in by_file.items():
        console.print(f"\n[bold]{escape(file)}[/bold]")
        for f in mine:
            style = {"error": "red", "warning": "yellow"}.get(f.severity.value, "cyan")
            console.print(f"  [{style}]{escape(f.format(with_file=False))}[/{style}]")


def summary(outcomes, outputs=None) -> None:
    """The reports written or refused, one row each; the unchanged ones in one line (they are all
    listed in tom-tat.html), so a rerun of 68 unchanged reports prints three lines, not 140."""
    labels = {"written": "[green]đã ghi[/green]", "failed": "[red]không lập được[/red]"}
    shown = [o for o in outcomes if o.status != "skipped" or o.notes]
    if shown:
        table = Table(title="Kết quả", show_lines=False)
        for col in ("Tỉnh", "Kỳ báo cáo", "Kết quả", "Lỗi", "Cảnh báo"):
            table.add_column(col)
        for o in shown:
            errors = sum(f.severity.value == "error" for f in o.findings)
            warnings = sum(f.severity.value == "warning" for f in o.findings)
            table.add_row(escape(o.province), o.label, labels.get(o.status, "giữ nguyên (không đổi)"), str(errors),
                          str(warnings))
        console.print()
        console.print(table)
    for o in shown:
        for note in o.notes:
            console.print(f"  [yellow]{escape(o.province)} – {o.label}: {escape(note)}[/yellow]")
        if o.status == "written":
            pdf_note = " (+ PDF)" if any(f.suffix == ".pdf" for f in o.files) else ""
            console.print(f"  {escape(o.province)} – {o.label}: {escape(str(o.files[0]))}{pdf_note}")
        elif o.status == "failed":
            console.print(f"  [red]{escape(o.province)} – {o.label}: không lập được vì {escape(o.reason)}[/red]")
    written = sum(o.status == "written" for o in outcomes)
    skipped = sum(o.status == "skipped" for o in outcomes)
    tail = f", {skipped} báo cáo không thay đổi nên không lập lại" if skipped else ""
    where = f" (danh sách đủ: {escape(str(outputs / 'tom-tat.html'))})" if outputs is not None and skipped else ""
    console.print(f"Đã lập {written}/{len(outcomes)} báo cáo{tail}{where}.")


def check_tables(result, show_period) -> None:
    table = Table(title="Kỳ báo cáo của từng tệp")
    for col in ("Tệp", "Năm", "Kỳ", "Vì sao"):
        table.add_column(col)
    for p in result.periods:
        table.add_row(escape(p.file), str(p.year or "?"), show_period(p.period) if p.period else "?", escape(p.why))
    console.print(table)
    table = Table(title="Sổ dòng (dòng đọc = đề án + dòng cấu trúc + dòng trống + dòng bị loại)")
    for col in ("Tệp", "Trang tính", "Đọc", "Đề án", "Cấu trúc", "Trống", "Bị loại"):
        table.add_column(col)
    for ledger in result.ledgers:
        table.add_row(escape(ledger.file), escape(ledger.sheet), str(ledger.read), str(ledger.records),
                      str(ledger.structure), str(ledger.blank), str(len(ledger.rejected)))
    console.print(table)

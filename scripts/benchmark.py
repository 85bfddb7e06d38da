"""Speed and memory of the main jobs, each beside its floor or peer, measured in one run so the
ratios compare on a noisy machine (seconds do not; ratios do).

  python scripts/benchmark.py                 # every job of the table (a few minutes)
  python scripts/benchmark.py --only help,check,batch,again,pdf,rollup,million
  python scripts/benchmark.py --rows-scale 0.1  # smaller inputs, for a quick look

Jobs (issue 20):  help    `khuyencong --help`            vs `python -c "import typer, rich"`
                  check   `check` of a 100,000-row workbook  vs pandas.read_excel(engine="calamine")
                  batch   `run`, 34 provinces x 2 periods    vs docxtpl rendering 68 reports of 2 pages + 30 rows
                  again   the same run, nothing changed (twice), then with one province's figure corrected
                  pdf     the cold run with --pdf (needs LibreOffice)
                  rollup  `tong-hop --bao-cao` over 1,008 metrics.json
                  million ingest + aggregate of 1,000,000 rows from one CSV
Each job runs in a child process; wall time and that child's own peak resident memory are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402

from pipeline.app.input_template import Row, build_workbook  # noqa: E402
from pipeline.core.model import STATUS_LABELS  # noqa: E402

STATUS_WORDS = list(STATUS_LABELS.values())


def big_workbook(path: Path, rows: int) -> None:
    """An office-style sheet: title, header, sections, prose statuses, write-only for speed."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tổng hợp")
    ws.append(["BIỂU TỔNG HỢP ĐỀ ÁN KHUYẾN CÔNG NĂM 2025"])
    ws.append([])
    ws.append(["STT", "Tên đề án", "Đơn vị thụ hưởng", "Địa điểm", "Kinh phí hỗ trợ (triệu đồng)",
               "Đã giải ngân (triệu đồng)", "Tình hình thực hiện", "Ghi chú"])
    rnd = random.Random(1)
    half = rows // 2
    for section, label, count in (("A", "Khuyến công quốc gia", half), ("B", "Khuyến công địa phương", rows - half)):
        ws.append([section, label])
        for i in range(1, count + 1):
            support = rnd.randint(20, 300)
            status = rnd.choice(STATUS_WORDS + ["đã hoàn thành được 50% khối lượng", "đã ký hợp đồng"])
            ws.append([i, f"Hỗ trợ ứng dụng máy móc thiết bị số {i}", f"HKD Nguyễn Văn {i}", f"xã {i % 97}",
                       support, support // 2, status, ""])
    wb.save(path)


def province_inputs(folder: Path, provinces: int, rows: int) -> None:
    rnd = random.Random(2)
    for p in range(provinces):
        slug = f"tinh-{p:02d}"
        for period in ("6thang", "nam"):
            data = [Row(rnd.choice(["KCQG", "KCĐP"]), f"Đề án {i} của tỉnh {p}", "Ứng dụng máy móc", "Đề án",
                        f"HTX số {i}", f"xã {i}", rnd.randint(50, 300), None, rnd.randint(0, 50),
                        rnd.choice(STATUS_WORDS), None, "") for i in range(rows)]
            wb = build_workbook(f"Tỉnh {p}", period, data, spare_rows=0)
            (folder / slug).mkdir(parents=True, exist_ok=True)
            wb.save(folder / slug / f"{slug}-2025-{period}.xlsx")


def corrected_figure(path: Path) -> None:
    """The office corrects one amount and saves: the next run rebuilds that province only."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.worksheets[0]
    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, int) and c.value >= 50)
    cell.value += 1
    wb.save(path)


def province_metrics(folder: Path, provinces: int, years: range, per_report: int) -> int:
    """metrics.json of generated province reports (<slug>/<year>-<period>/), as `run` writes them.
    The year-end report repeats the mid-year đề án with later statuses, as real ones do."""
    from pipeline.compute import compute_report, units
    from pipeline.core.model import Period
    from pipeline.ingest.records import frame

    rnd = random.Random(3)
    statuses = ["completed", "in_progress", "adjusting", "stopped", "not_started"]
    written = 0
    for slug in units.old_units()[:provinces]:
        for year in years:
            rows = [{"file": "x.xlsx", "sheet": "S", "row": i + 2, "record_type": "de_an" if i % 12 else "nhiem_vu_chi",
                     "shape": "don_le", "source": rnd.choice(["KCQG", "KCDP"]), "name": f"Đề án {i} năm {year}",
                     "beneficiary": f"HTX số {i}", "place": f"xã {i}, huyện {i % 7}", "content": "Ứng dụng máy móc",
                     "decision": "", "support_vnd": rnd.randint(50, 600) * 1_000_000,
                     "disbursed_vnd": rnd.randint(0, 50) * 1_000_000, "status": rnd.choice(statuses),
                     "status_text": "", "settled": False, "plan": False} for i in range(per_report)]
            year_end = compute_report(frame(rows), slug, year, Period.YEAR).metrics()
            for period in (Period.H1, Period.YEAR):
                data = year_end.model_copy(update={"period": period.value}).model_dump_json()
                path = folder / slug / f"{year}-{period.value}" / "metrics.json"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(data, encoding="utf-8")
                written += 1
    return written


def million_csv(path: Path, rows: int) -> None:
    """One CSV in the input template's columns: the simplest layout, so the count is what costs."""
    rnd = random.Random(4)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("STT;Nguồn kinh phí;Tên đề án;Đơn vị thụ hưởng;Địa điểm;Kinh phí hỗ trợ (triệu đồng);"
                 "Đã giải ngân (triệu đồng);Tình trạng\n")
        words = STATUS_WORDS
        for i in range(1, rows + 1):
            support = rnd.randint(20, 300)
            fh.write(f"{i};{'KCQG' if i % 3 == 0 else 'KCĐP'};Hỗ trợ ứng dụng máy móc thiết bị số {i};"
                     f"HKD Nguyễn Văn {i};xã {i % 97};{support};{support // 2};{words[i % len(words)]}\n")


MILLION_JOB = """
import sys, time
from pathlib import Path
from pipeline.config import load_config
from pipeline.ingest import ingest_file
from pipeline.compute.figures import figures_by, total_figures
t0 = time.perf_counter()
result = ingest_file(Path(sys.argv[1]), "tinh/ds.csv", load_config(Path("config.yaml")), "tinh")
t1 = time.perf_counter()
df = result.reported
by_source, total = figures_by(df, "source"), total_figures(df)
t2 = time.perf_counter()
print(f"records {len(df):,}  ingest {t1 - t0:.1f} s  aggregate {t2 - t1:.2f} s  support {total['support_vnd']:,}")
"""


FLOOR_TEMPLATE_PARAGRAPHS = 24


def docxtpl_floor(folder: Path, reports: int, rows: int) -> None:
    """The peer for `run`: docxtpl filling a 2-page template with a 30-row table, `reports` times."""
    from docx import Document

    doc = Document()
    for i in range(FLOOR_TEMPLATE_PARAGRAPHS):
        doc.add_paragraph("{{ p%d }} " % i * 6)
    table = doc.add_table(rows=3, cols=4)
    for cell, text in zip(table.rows[0].cells, ["{%tr for r in rows %}", "", "", ""]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["{{ r.n }}", "{{ r.name }}", "{{ r.who }}", "{{ r.money }}"]):
        cell.text = text
    for cell, text in zip(table.rows[2].cells, ["{%tr endfor %}", "", "", ""]):
        cell.text = text
    doc.save(folder / "floor.docx")
    (folder / "floor.py").write_text(f"""
import sys
from docxtpl import DocxTemplate
for k in range({reports}):
    tpl = DocxTemplate(sys.argv[1])
    context = {{f"p{{i}}": f"Đoạn văn số {{i}} của báo cáo {{k}}, nói về kết quả thực hiện kế hoạch khuyến công."
               for i in range({FLOOR_TEMPLATE_PARAGRAPHS})}}
    context["rows"] = [dict(n=j, name=f"Đề án {{j}}", who=f"HTX số {{j}}", money=f"{{j * 10}},5") for j in range({rows})]
    tpl.render(context)
    tpl.save(f"{{sys.argv[2]}}/r{{k}}.docx")
""", encoding="utf-8")
    (folder / "floor-out").mkdir()


def measured(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
    """Runs `cmd` under a fresh Python that reports the child's own wall time and peak memory."""
    probe = ("import resource, subprocess, sys, time, json, os\n"
             "t = time.perf_counter()\n"
             "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "e = time.perf_counter() - t\n"
             "m = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
             "sys.stderr.write(p.stderr[-1500:] if p.returncode not in (0, 1) else '')\n"
             "print(json.dumps([e, m, p.returncode, p.stdout[-400:]]))")
    proc = subprocess.run([sys.executable, "-c", probe, *cmd], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    if proc.returncode != 0 or not proc.stdout.strip():
        sys.stderr.write(proc.stderr[-2000:])
        return float("nan"), float("nan"), proc.returncode
    sys.stderr.write(proc.stderr)
    elapsed, peak, code, out = json.loads(proc.stdout.strip().splitlines()[-1])
    if cmd[1] == "-c" and out.strip():
        print("   ", out.strip().splitlines()[-1])
    return elapsed, peak, code


TARGETS = {"help": "≤ 3× floor", "check": "≤ 1.5× peer, ≤ 300 MiB", "batch": "≤ 2× peer", "again": "≤ 0.5 s",
           "pdf": "≤ 15 s", "rollup": "≤ 1 s", "million": "≤ 20 s, ≤ 1.5 GiB"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(TARGETS), help="comma-separated jobs")
    parser.add_argument("--rows-scale", type=float, default=1.0, help="scale the generated inputs")
    args = parser.parse_args()
    only = [j.strip() for j in args.only.split(",") if j.strip()]
    scale = args.rows_scale
    tmp = Path(tempfile.mkdtemp(prefix="kc-bench-"))
    table: list[tuple[str, float, float, str, float, str]] = []
    py = sys.executable
    cli = [py, "-m", "pipeline"]
    # as installed: pip compiles the package when it installs it; a checkout may not have (PYTHONDONTWRITEBYTECODE)
    subprocess.run([py, "-m", "compileall", "-q", str(ROOT / "pipeline")], check=True)
    try:
        shutil.copy(ROOT / "config.yaml", tmp / "config.yaml")
        shutil.copytree(ROOT / "templates", tmp / "templates")
        (tmp / "inputs").mkdir()
        if "help" in only:
            job = measured(cli + ["--help"], tmp)
            floor = measured([py, "-c", "import typer, rich"], tmp)
            table.append(("khuyencong --help", job[0], job[1], "import typer, rich", floor[0], TARGETS["help"]))
        if "check" in only:
            rows = int(100_000 * scale)
            big = tmp / "big/inputs/tinh-lon"
            big.mkdir(parents=True)
            big_workbook(big / "tinh-lon-2025-nam.xlsx", rows)
            job = measured(cli + ["check", "--inputs", str(tmp / "big/inputs")], tmp)
            peer = measured([py, "-c", "import sys, pandas; pandas.read_excel(sys.argv[1], engine='calamine')",
                             str(big / "tinh-lon-2025-nam.xlsx")], tmp)
            table.append((f"check, {rows:,}-row workbook", job[0], job[1], "pandas.read_excel(calamine)", peer[0],
                          TARGETS["check"]))
        if {"batch", "again", "pdf"} & set(only):
            rows = max(int(30 * scale), 3)
            province_inputs(tmp / "inputs", 34, rows)
            if "batch" in only or "again" in only:
                cold = measured(cli + ["run", "--inputs", "inputs", "--outputs", "out"], tmp)
                reports = len(list((tmp / "out").glob("*/*/bao-cao-*.docx")))
                if "batch" in only:
                    docxtpl_floor(tmp, reports, rows)
                    peer = measured([py, str(tmp / "floor.py"), str(tmp / "floor.docx"), str(tmp / "floor-out")], tmp)
                    table.append((f"run, 34 provinces x 2 periods ({reports} reports), cold", cold[0], cold[1],
                                  f"docxtpl, {reports} reports", peer[0], TARGETS["batch"]))
                if "again" in only:
                    again = measured(cli + ["run", "--inputs", "inputs", "--outputs", "out"], tmp)
                    table.append(("same run again, nothing changed", again[0], again[1], "", float("nan"),
                                  TARGETS["again"]))
                    third = measured(cli + ["run", "--inputs", "inputs", "--outputs", "out"], tmp)
                    table.append(("and once more", third[0], third[1], "", float("nan"), TARGETS["again"]))
                    corrected_figure(tmp / "inputs/tinh-07/tinh-07-2025-nam.xlsx")
                    one = measured(cli + ["run", "--inputs", "inputs", "--outputs", "out"], tmp)
                    table.append(("one province's figure corrected, run again", one[0], one[1], "", float("nan"), "–"))
            if "pdf" in only:
                pdf = measured(cli + ["run", "--inputs", "inputs", "--outputs", "out-pdf", "--pdf"], tmp)
                pdfs = len(list((tmp / "out-pdf").glob("*/*/*.pdf")))
                table.append((f"the cold run with --pdf ({pdfs} PDF)", pdf[0], pdf[1], "", float("nan"), TARGETS["pdf"]))
        if "rollup" in only:
            n = province_metrics(tmp / "reports", 63, range(2018, 2026), 20)
            job = measured(cli + ["tong-hop", "--bao-cao", "reports", "--tu", "2018", "--den", "2025-6thang"], tmp)
            table.append((f"tong-hop --bao-cao, {n} metrics.json", job[0], job[1], "", float("nan"), TARGETS["rollup"]))
        if "million" in only:
            rows = int(1_000_000 * scale)
            path = tmp / "ds.csv"
            million_csv(path, rows)
            job = measured([py, "-c", MILLION_JOB, str(path)], tmp)
            table.append((f"ingest of {rows:,} rows from one CSV", job[0], job[1], "", float("nan"), TARGETS["million"]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\n{'job':<52} {'now':>9} {'peak':>10}   {'floor or peer, same run':<30} {'floor':>7} {'ratio':>7}   target")
    for name, sec, mib, floor_name, floor_sec, target in table:
        ratio = f"{sec / floor_sec:6.1f}x" if floor_sec == floor_sec and floor_sec > 0 else "      –"
        floor_text = f"{floor_sec:6.2f}s" if floor_sec == floor_sec else "      –"
        print(f"{name:<52} {sec:8.2f}s {mib:7.0f} MiB   {floor_name or '–':<30} {floor_text} {ratio}   {target}")


if __name__ == "__main__":
    main()

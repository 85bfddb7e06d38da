"""Speed and memory of the main jobs, measured in one run so ratios compare on a noisy machine.

  python scripts/benchmark.py check   # `khuyencong check` on one generated 100,000-row workbook
  python scripts/benchmark.py batch   # `khuyencong run` over 34 provinces x 2 periods of generated data
  python scripts/benchmark.py rollup  # `khuyencong tong-hop --bao-cao` over 63 provinces x 8 years x 2 periods
  python scripts/benchmark.py million # 1,000,000 records from one CSV: ingest, then aggregate

Each job runs in a child process; wall time and the child's peak resident memory are printed.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
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


def province_metrics(folder: Path, provinces: int, years: range, per_report: int) -> int:
    """metrics.json of generated province reports (<slug>/<year>-<period>/), as `run` writes them.
    The year-end report repeats the mid-year đề án with later statuses, as real ones do."""
    from pipeline.compute import compute_report, metrics, units
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
            year_end = metrics(compute_report(frame(rows), slug, year, Period.YEAR))
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


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
    """(seconds, peak RSS in MiB of the child, exit code)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    if proc.stdout.strip() and cmd[1] == "-c":
        print(proc.stdout.strip())
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stdout[-2000:] + proc.stderr[-2000:])
    return elapsed, max(peak, before) / 1024, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("job", choices=["check", "batch", "rollup", "million"])
    parser.add_argument("--rows", type=int, default=None)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kc-bench-"))
    try:
        shutil.copy(ROOT / "config.yaml", tmp / "config.yaml")
        shutil.copytree(ROOT / "templates", tmp / "templates")
        cli = [sys.executable, "-m", "pipeline"]
        if args.job == "check":
            rows = args.rows or 100_000
            (tmp / "inputs/tinh-lon").mkdir(parents=True)
            t0 = time.perf_counter()
            big_workbook(tmp / "inputs/tinh-lon/tinh-lon-2025-nam.xlsx", rows)
            size = (tmp / "inputs/tinh-lon/tinh-lon-2025-nam.xlsx").stat().st_size / 2**20
            print(f"generated {rows:,} rows ({size:.1f} MiB) in {time.perf_counter() - t0:.1f} s")
            small = tmp / "small"
            shutil.copytree(ROOT / "inputs", small)
            base = timed(cli + ["check", "--inputs", str(small)], tmp)
            big = timed(cli + ["check", "--inputs", "inputs"], tmp)
            print(f"check, 3 sample workbooks : {base[0]:6.2f} s  peak {base[1]:7.1f} MiB  exit {base[2]}")
            print(f"check, {rows:,}-row workbook: {big[0]:6.2f} s  peak {big[1]:7.1f} MiB  exit {big[2]}")
            print(f"ratio big/small wall time: {big[0] / base[0]:.1f}x")
        elif args.job == "rollup":
            per = args.rows or 20
            t0 = time.perf_counter()
            n = province_metrics(tmp / "reports", 63, range(2018, 2026), per)
            print(f"generated {n} province reports (63 x 8 years x 2 periods, {per} records each) "
                  f"in {time.perf_counter() - t0:.1f} s")
            (tmp / "inputs").mkdir()
            one = timed(cli + ["tong-hop", "--bao-cao", "reports", "--den", "2018", "--tinh", "ha-noi"], tmp)
            full = timed(cli + ["tong-hop", "--bao-cao", "reports", "--tu", "2018", "--den", "2025-6thang"], tmp)
            print(f"tong-hop, 1 province x 1 year   : {one[0]:6.2f} s  peak {one[1]:7.1f} MiB  exit {one[2]}")
            print(f"tong-hop, 63 provinces x 8 years: {full[0]:6.2f} s  peak {full[1]:7.1f} MiB  exit {full[2]}")
            print(f"ratio full/one wall time: {full[0] / one[0]:.1f}x (the difference is the roll-up itself)")
        elif args.job == "million":
            rows = args.rows or 1_000_000
            path = tmp / "ds.csv"
            t0 = time.perf_counter()
            million_csv(path, rows)
            print(f"generated {rows:,} rows ({path.stat().st_size / 2**20:.0f} MiB CSV) in {time.perf_counter() - t0:.1f} s")
            job = timed([sys.executable, "-c", MILLION_JOB, str(path)], tmp)
            print(f"ingest + aggregate {rows:,} records: {job[0]:6.1f} s  peak {job[1]:7.1f} MiB  exit {job[2]}")
        else:
            rows = args.rows or 30
            t0 = time.perf_counter()
            province_inputs(tmp / "inputs", 34, rows)
            print(f"generated 34 provinces x 2 periods x {rows} đề án in {time.perf_counter() - t0:.1f} s")
            run = timed(cli + ["run", "--inputs", "inputs", "--outputs", "outputs"], tmp)
            again = timed(cli + ["run", "--inputs", "inputs", "--outputs", "outputs"], tmp)
            reports = len(list((tmp / "outputs").glob("*/*/*.docx")))
            print(f"run, 68 reports   : {run[0]:6.2f} s  peak {run[1]:7.1f} MiB  exit {run[2]}  ({reports} .docx)")
            print(f"second run        : {again[0]:6.2f} s  peak {again[1]:7.1f} MiB  exit {again[2]}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

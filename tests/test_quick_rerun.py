"""An unchanged run answered without loading the program, and every change sending it the ordinary way."""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

PROBE = ("import sys; from pipeline.__main__ import main; sys.argv = ['khuyencong', *sys.argv[1:]]\n"
         "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\nelse:\n    code = 0\n"
         "print('LOADED' if 'pipeline.cli' in sys.modules or 'pandas' in sys.modules else 'QUICK', code)")


def _run(workspace, *args):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    args = args or ("--province", "ha-giang")  # one province keeps each run short
    proc = subprocess.run([sys.executable, "-c", PROBE, "run", "--outputs", "out", *args], cwd=workspace, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    *text, last = proc.stdout.rstrip("\n").split("\n")
    way, code = last.split()
    return "\n".join(text), way, int(code)


@pytest.mark.parametrize("args", [(), ("--config", "config.yaml")], ids=["one province", "every province"])
def test_an_unchanged_run_is_answered_as_the_ordinary_way_would_answer_it(workspace, args):
    built, way, code = _run(workspace, *args)
    assert (way, code) == ("LOADED", 0) and "Đã lập" in built and "không thay đổi" not in built
    quick, way, code = _run(workspace, *args)  # the run after the one that wrote the reports
    assert (way, code) == ("QUICK", 0)
    (workspace / "out/.lan-chay-khong-doi.json").unlink()
    ordinary, way, code = _run(workspace, *args)  # the same run, the ordinary way
    assert (way, code) == ("LOADED", 0) and "báo cáo không thay đổi" in ordinary
    assert quick == ordinary
    again, way, code = _run(workspace, *args)
    assert (way, code) == ("QUICK", 0) and again == ordinary


def test_a_run_that_refused_a_report_is_not_replayed(workspace):
    path = workspace / "inputs/ha-giang/ha-giang-2022-9thang.xlsx"
    path.write_bytes(b"not a workbook")  # the province's one workbook unreadable: its report is refused
    proc = subprocess.run([sys.executable, "-c", PROBE, "run", "--outputs", "out", "--province", "ha-giang"],
                          cwd=workspace, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
                          capture_output=True, text=True, timeout=300)
    assert proc.stdout.rstrip().endswith("LOADED 1")
    assert not (workspace / "out/.lan-chay-khong-doi.json").exists()


@pytest.mark.parametrize("change", ["input", "narrative", "config", "template", "report edited", "report removed",
                                    "other option"])
def test_any_change_goes_the_ordinary_way(workspace, change):
    _run(workspace)
    kept, _, _ = _run(workspace)
    assert _run(workspace)[1] == "QUICK"
    args = []
    if change == "input":
        path = workspace / "inputs/ha-giang/ha-giang-2022-9thang.xlsx"
        path.write_bytes(path.read_bytes())  # the same bytes again: still unchanged
        assert _run(workspace)[1] == "QUICK"
        (workspace / "inputs/ha-giang/ghi-chu.txt").write_text("x", encoding="utf-8")
    elif change == "narrative":
        path = workspace / "inputs/ha-giang/thuyet-minh-2022-9thang.md"
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "config":
        path = workspace / "config.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")
    elif change == "template":
        (workspace / "templates/provinces/bac-kan/report.j2").write_text(
            (workspace / "templates/provinces/bac-kan/report.j2").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "report edited":
        path = workspace / "out/ha-giang/2022-9thang/phu-luc-ha-giang-2022-9thang.xlsx"
        path.write_bytes(path.read_bytes() + b"\0")
    elif change == "report removed":
        (workspace / "out/ha-giang/2022-9thang/bao-cao-ha-giang-2022-9thang.docx").unlink()
    else:
        args = ["--province", "bac-kan"]
    text, way, code = _run(workspace, *args)
    assert way == "LOADED", change
    if change == "report removed":
        assert "Đã lập 1/1 báo cáo" in text

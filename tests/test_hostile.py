"""Hostile and unlucky input: one bad cell, file, name, template or fault never stops the batch,
never leaks a traceback, and never leaves a report that does not match its inputs.

Each test is one class of fault, not one probe. Runs that could blow up (sizes, loops) run the
real command in a child process under a memory and CPU limit, so a regression fails the test
instead of taking the machine down.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import ROOT, docx_text

pytestmark = pytest.mark.slow

HEADER = ["STT", "Tên đề án", "Đơn vị thụ hưởng", "Kinh phí hỗ trợ (triệu đồng)", "Tình trạng", "Nguồn kinh phí"]
ROWS = [[1, "Hỗ trợ máy sấy chè", "HTX Chè Tân Cương", 100, "Đã hoàn thành", "KCQG"],
        [2, "Hỗ trợ máy ép dầu", "HKD Nguyễn Văn An", 50, "Đang thực hiện", "KCĐP"]]


def workbook(path: Path, rows=ROWS, patch: dict[bytes, bytes] | None = None, extra=None) -> Path:
    """A small biểu; `patch` replaces bytes inside its XML parts (what openpyxl refuses to write)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "DS"
    ws.append(["BIỂU TỔNG HỢP ĐỀ ÁN KHUYẾN CÔNG NĂM 2025"])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    if extra:
        extra(ws)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    if patch:
        with zipfile.ZipFile(path) as src:
            parts = [(info, src.read(info.filename)) for info in src.infolist()]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
            for info, data in parts:
                for old, new in patch.items():
                    data = data.replace(old, new)
                dst.writestr(info, data)
    return path


@pytest.fixture()
def office(tmp_path) -> Path:
    """An office folder with Bắc Kạn's sample, as `khoi-tao` makes it."""
    result = CliRunner().invoke(app, ["khoi-tao", str(tmp_path / "vp")])
    assert result.exit_code == 0, result.output
    return tmp_path / "vp"


def limited(memory_gib: float = 2, cpu_s: int = 120):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (int(memory_gib * (1 << 30)),) * 2)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s))
    return apply


def kc(folder: Path, *args: str, memory_gib: float = 2, timeout: int = 120) -> subprocess.CompletedProcess:
    """The real command in a child process, bounded in memory and time."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=folder, capture_output=True, text=True,
                          timeout=timeout, preexec_fn=limited(memory_gib), env=env)


def assert_no_traceback(p: subprocess.CompletedProcess) -> None:
    out = p.stdout + p.stderr
    assert "Traceback" not in out and "Lỗi không mong đợi" not in out, out[-2000:]


def bac_kan_built(folder: Path) -> bool:
    return (folder / "outputs/bac-kan/2018-6thang/bao-cao-bac-kan-2018-6thang.docx").is_file()


# --- aborts -------------------------------------------------------------------------------------


def test_control_characters_are_cleaned_where_they_enter(office):
    """Excel's _x0001_, a raw &#x1; and a vertical tab in names, and control bytes in the narrative
    file: the report is written, with the text minus those characters."""
    workbook(office / "inputs/quang-ninh/2025-nam.xlsx",
             rows=[[1, "Hỗ trợ máy CTRLA sấy chè", "HTX CTRLB Tân Cương", 100, "Đã hoàn thành", "KCQG"]] + ROWS[1:],
             patch={b"CTRLA": b"_x0001_", b"CTRLB": b"&#x1;_x000B_"})
    (office / "inputs/quang-ninh/thuyet-minh-2025-nam.txt").write_text(
        "[khó khăn]\nGiá vật tư\x07 tăng\x00 cao\n", encoding="utf-8")
    p = kc(office, "run")
    assert_no_traceback(p)
    assert p.returncode == 0, p.stdout + p.stderr
    text = docx_text(office / "outputs/quang-ninh/2025-nam/bao-cao-quang-ninh-2025-nam.docx")
    assert "Hỗ trợ máy sấy chè" in text or "máy sấy chè" in text
    assert not any(ch in text for ch in "\x00\x01\x07\x0b")
    appendix = load_workbook(office / "outputs/quang-ninh/2025-nam/phu-luc-quang-ninh-2025-nam.xlsx")
    values = [str(c.value) for row in appendix.active.iter_rows() for c in row if c.value is not None]
    assert any("máy sấy chè" in v for v in values) and not any("\x01" in v for v in values)
    assert bac_kan_built(office)


def test_a_far_away_cell_is_refused_before_reading_and_the_batch_goes_on(office):
    """One value at XFD1048576 would make the reader allocate 17 billion cells: the file is refused
    by name, within a 2 GiB limit, and every other province is built."""
    workbook(office / "inputs/quang-ninh/2025-nam.xlsx", extra=lambda ws: ws.cell(1048576, 16384, "x"))
    p = kc(office, "run", memory_gib=2)
    assert_no_traceback(p)
    assert p.returncode == 1
    assert "quang-ninh/2025-nam.xlsx" in p.stdout and "XFD1048576" in p.stdout
    assert bac_kan_built(office)


def test_a_workbook_that_unpacks_to_more_than_the_bound_is_refused(tmp_path, monkeypatch):
    """A zip bomb or one enormous shared string: the declared unpacked size is checked before any
    part is read (bound lowered here so the bomb stays small)."""
    from pipeline.ingest import grids

    path = workbook(tmp_path / "bomb.xlsx", extra=lambda ws: ws.cell(3, 8, "BOMB"),
                    patch={b"BOMB": b"x" * 3_000_000})
    monkeypatch.setattr(grids, "MAX_UNPACKED", 2_000_000)
    with pytest.raises(grids.WorkbookError, match="quá lớn"):
        grids.read_grids(path)


def test_impossible_amounts_are_cell_errors_not_crashes(office, tmp_path):
    """1e308 in a number cell, a 40-digit amount typed as text, -10^30 in a metrics.json given to
    tong-hop: each is named, and nothing else stops."""
    workbook(office / "inputs/quang-ninh/2025-nam.xlsx",
             rows=ROWS + [[3, "Hỗ trợ lò sấy", "HTX B", 1e308, "Đã hoàn thành", "KCQG"],
                          [4, "Hỗ trợ máy cắt", "HTX C", "9" * 40, "Đã hoàn thành", "KCQG"]])
    p = kc(office, "check")
    assert_no_traceback(p)
    assert "DS!D5" in p.stdout and "DS!D6" in p.stdout and "không hợp lý" in p.stdout

    assert kc(office, "run", "--province", "bac-kan").returncode == 0
    metrics = office / "outputs/bac-kan/2018-6thang/metrics.json"
    data = json.loads(metrics.read_text(encoding="utf-8"))
    data["sources"]["KCQG"]["support_vnd"] = -10**30
    metrics.write_text(json.dumps(data), encoding="utf-8")
    p = kc(office, "tong-hop", "--den", "2018-6thang", "--tinh", "bac-kan", "--bao-cao", str(office / "outputs"))
    assert_no_traceback(p)
    assert "metrics.json" in p.stdout + p.stderr and "support_vnd" in p.stdout + p.stderr


def test_a_csv_with_old_mac_line_endings_is_read(tmp_path, config):
    from pipeline.ingest import ingest_file

    path = tmp_path / "2025-nam.csv"
    lines = [",".join(HEADER)] + [",".join(str(v) for v in row) for row in ROWS]
    path.write_bytes("\r".join(lines).encode("utf-8") + b"\r")
    result = ingest_file(path, "tinh/2025-nam.csv", config, "tinh")
    assert sorted(result.records["name"]) == sorted(r[1] for r in ROWS)


def test_odd_names_are_read_or_said_never_a_crash(office):
    """A province folder whose name is not UTF-8, one of 245 characters, a workbook whose name has a
    stray byte, and a hidden '..x.xlsx': the good ones are read, the others are said."""
    inputs = os.fsencode(office / "inputs")
    workbook(Path(os.fsdecode(inputs + b"/tinh-\xfe/2025-nam.xlsx")))
    workbook(office / "inputs" / ("a" * 245) / "2025-nam.xlsx")
    workbook(Path(os.fsdecode(inputs + b"/quang-ninh/2025-nam-\xff.xlsx")))
    workbook(office / "inputs/quang-ninh/..x.xlsx")
    p = kc(office, "run")
    assert_no_traceback(p)
    assert "tinh-\ufffd/" in p.stdout and "không đọc được" in p.stdout
    assert "..x.xlsx" in p.stdout and "Tệp ẩn" in p.stdout
    assert (office / "outputs/quang-ninh/2025-nam/bao-cao-quang-ninh-2025-nam.docx").is_file()
    assert list((office / "outputs" / ("a" * 245) / "2025-nam").glob("bao-cao-*.docx"))
    assert p.returncode == 1  # the folder that could not be read


@pytest.mark.parametrize("body,said", [
    ("{{ 'x' * 4000000000 }}", "phép nhân"),
    ("{{ range(10**9)|list|length }}", "range()"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "gọi lại chính nó"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "range()"),
], ids=["huge string", "huge range", "endless recursion", "10^10 loop"])
def test_a_template_that_would_run_away_is_stopped_with_its_name(office, body, said):
    folder = office / "templates/provinces/bac-kan"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.j2").write_text('{% extends "base/report.j2" %}\n{% block closing %}' + body
                                      + "{% endblock %}\n", encoding="utf-8")
    p = kc(office, "run", memory_gib=2, timeout=60)
    assert_no_traceback(p)
    assert p.returncode == 1
    assert "provinces/bac-kan/report.j2" in p.stdout and said in p.stdout


def test_file_system_mistakes_are_told_with_the_right_exit_code(office, monkeypatch):
    runner = CliRunner()
    monkeypatch.chdir(office)
    result = runner.invoke(app, ["run", "--outputs", "config.yaml"])
    assert result.exit_code == 2 and "không phải thư mục" in result.output

    keep = workbook(office / "cua-toi.xlsx")
    before = keep.read_bytes()
    result = runner.invoke(app, ["check", "--rows", "cua-toi.xlsx"])
    assert result.exit_code == 2 and "không phải sổ dòng" in result.output and keep.read_bytes() == before
    result = runner.invoke(app, ["check", "--rows", "inputs/so-dong"])
    assert result.exit_code == 2 and not (office / "inputs/so-dong.xlsx").exists()

    (office / "mot-thu-muc").mkdir()
    result = runner.invoke(app, ["mau-nhap-lieu", "mot-thu-muc"])
    assert result.exit_code == 2 and "thư mục" in result.output
    (office / "cfg").mkdir()
    result = runner.invoke(app, ["check", "--config", "cfg"])
    assert result.exit_code == 2 and "thư mục" in result.output


def test_a_full_disk_at_the_last_write_is_said_and_the_reports_stay_valid(office, monkeypatch):
    from pipeline.app import batch

    def no_space(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.chdir(office)
    monkeypatch.setattr(batch, "_write_manifest", no_space)
    result = CliRunner().invoke(app, ["run"])
    assert result.exit_code == 1
    assert "manifest.json" in result.output and "No space left" in result.output
    docx = office / "outputs/bac-kan/2018-6thang/bao-cao-bac-kan-2018-6thang.docx"
    assert zipfile.ZipFile(docx).testzip() is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_outputs_folder_is_told(office, monkeypatch):
    (office / "outputs").mkdir()
    (office / "outputs").chmod(0o555)
    monkeypatch.chdir(office)
    result = CliRunner().invoke(app, ["run"])
    assert result.exit_code == 2 and "Không ghi được vào thư mục kết quả" in result.output


def test_ctrl_c_says_it_stopped_and_exits_130(office, monkeypatch):
    from pipeline.app import batch

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.chdir(office)
    monkeypatch.setattr(batch, "run_batch", interrupted)
    result = CliRunner().invoke(app, ["run"])
    assert result.exit_code == 130 and "Đã dừng theo yêu cầu." in result.output


# --- holes --------------------------------------------------------------------------------------


def test_names_that_are_paths_never_write_outside_the_project(office, monkeypatch):
    monkeypatch.chdir(office)
    result = CliRunner().invoke(app, ["templates", "new", "../../../ngoai"])
    assert result.exit_code == 2
    assert not (office.parent.parent / "ngoai").exists() and not list(office.parent.rglob("ngoai*"))


def test_a_link_out_of_the_templates_folder_is_not_followed(office, tmp_path):
    secret = tmp_path / "bi-mat.txt"
    secret.write_text("MAT-KHAU-123", encoding="utf-8")
    folder = office / "templates/provinces/bac-kan"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "x.j2").symlink_to(secret)
    (folder / "report.j2").write_text('{% extends "base/report.j2" %}\n{% block closing %}'
                                      '{% include "provinces/bac-kan/x.j2" %}{% endblock %}\n', encoding="utf-8")
    p = kc(office, "run")
    assert_no_traceback(p)
    assert p.returncode == 1 and "ra ngoài thư mục mẫu" in p.stdout
    assert "MAT-KHAU-123" not in p.stdout + p.stderr
    assert not list((office / "outputs").rglob("bao-cao-bac-kan-*.docx"))


def test_xml_entities_in_a_workbook_are_never_expanded(office):
    """An internal entity declared in a sheet part: its text reaches no record and no message."""
    workbook(office / "inputs/quang-ninh/2025-nam.xlsx",
             patch={b'<worksheet ': b'<!DOCTYPE w [<!ENTITY big "BUNG-NO-ENTITY">]><worksheet ',
                    b"=SUM(1)": b"=SUM(1)&amp;&big;"},
             extra=lambda ws: ws.cell(5, 7, "=SUM(1)"))
    p = kc(office, "check", "--province", "quang-ninh", "--rows", "outputs/so-dong")
    assert_no_traceback(p)
    ledger = (office / "outputs/so-dong.csv").read_text(encoding="utf-8-sig") if \
        (office / "outputs/so-dong.csv").exists() else ""
    assert "BUNG-NO-ENTITY" not in p.stdout + p.stderr + ledger


# --- reports that must match their inputs --------------------------------------------------------


def test_a_workbook_saved_again_while_it_is_read_is_not_used(tmp_path, config, monkeypatch):
    from pipeline.ingest import grids
    from pipeline.ingest import workbook as ingest

    path = workbook(tmp_path / "2025-nam.xlsx")
    real = grids.read_grids

    def saved_meanwhile(p):
        out = real(p)
        workbook(p, rows=ROWS[:1])  # another version lands between the hash and the figures
        os.utime(p, ns=(1, 1))
        return out

    monkeypatch.setattr(ingest, "read_grids", saved_meanwhile)
    result = ingest.ingest_file(path, "tinh/2025-nam.xlsx", config, "tinh")
    assert len(result.records) == 0
    assert any("lưu lại trong lúc đang đọc" in f.message for f in result.findings)


def test_every_output_is_the_same_bytes_for_the_same_inputs_and_follows_the_umask(office, monkeypatch):
    monkeypatch.chdir(office)
    old = os.umask(0o022)
    try:
        assert CliRunner().invoke(app, ["run"]).exit_code == 0
        first = {p: p.read_bytes() for p in (office / "outputs").rglob("*") if p.is_file() and p.suffix != ".lock"}
        assert CliRunner().invoke(app, ["run", "--force"]).exit_code == 0
    finally:
        os.umask(old)
    second = {p: p.read_bytes() for p in first}
    assert [p.name for p in first if first[p] != second[p]] == []
    appendix = next(p for p in first if p.name.startswith("phu-luc"))
    core = zipfile.ZipFile(appendix).read("docProps/core.xml").decode()
    assert "2018-06-30" in core or "2018-07" in core  # the report's date, never the clock's
    assert {oct(p.stat().st_mode & 0o777) for p in first} == {"0o644"}


def test_an_ods_value_repeated_to_the_sheet_edge_is_refused_before_reading(tmp_path):
    """.ods keeps a run of equal cells once with a repeat count, which the reader writes out: a
    value dragged down two million rows is refused by name, not read into gigabytes."""
    from pipeline.ingest import grids

    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
        '<office:spreadsheet><table:table table:name="DS"><table:table-row><table:table-cell office:value-type='
        '"string"><text:p>Tên đề án</text:p></table:table-cell></table:table-row>'
        '<table:table-row table:number-rows-repeated="2000000"><table:table-cell table:number-columns-repeated="40" '
        'office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
        '</table:table></office:spreadsheet></office:body></office:document-content>')
    path = tmp_path / "2025-nam.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
    with pytest.raises(grids.WorkbookError, match="quá lớn"):
        grids.read_grids(path)

"""doi-chieu.xlsx and the batch summary, opened as a clerk opens them: every input row once with its
role's colour, every finding on the cell it names, every figure linked to cells that sum to it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.model import Role
from pipeline.ingest.values import to_dong
from pipeline.render.annotated import ROLE_FILLS
from tests.corpora import FIELD, ROOT

pytestmark = pytest.mark.slow

pytestmark = pytest.mark.slow

ROLE_BY_LABEL = {role.label: role for role in Role}


def sheet_map(wb) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(input file, input sheet) -> (annotated sheet title, money unit), from the table on 'Chú giải'."""
    ws = wb["Chú giải"]
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Trang đối chiếu")
    return {(r[1], r[2]): (r[0], r[3] or None) for r in rows[start + 1:] if r and r[0]}


def assert_rows_coloured(wb) -> int:
    """Every row with a reading carries its role's fill and says its role in its last column."""
    checked = 0
    for (_, _), (title, _) in sheet_map(wb).items():
        ws = wb[title]
        reading_col = None
        for row in ws.iter_rows():
            texts = [(c.column, c.value) for c in row if isinstance(c.value, str) and c.font and c.font.i]
            if not texts:
                continue
            col, text = texts[-1]
            reading_col = reading_col or col
            label = text.split(":")[0]
            role = ROLE_BY_LABEL.get(label)
            assert role is not None, (title, row[0].row, text)
            fill = ROLE_FILLS.get(role)
            # the reading cell, after the table, is never inside a merged range of the sheet
            reading = ws.cell(row[0].row, col)
            got = reading.fill.fgColor.rgb if reading.fill and reading.fill.fill_type == "solid" else None
            assert (got or "")[-6:] == (fill or ""), (title, row[0].row, role, got)
            checked += 1
    return checked


def assert_findings_are_comments(wb, findings: list[dict]) -> int:
    places = sheet_map(wb)
    named = 0
    for f in findings:
        m = re.match(r"([A-Z]{1,3})(\d+)", f.get("cell") or "")
        if not m or (f["file"], f["sheet"]) not in places:
            continue
        ws = wb[places[(f["file"], f["sheet"])][0]]
        cell = ws[f"{m.group(1)}{m.group(2)}"]
        assert cell.comment is not None and f["message"] in cell.comment.text, (f, cell.coordinate)
        assert cell.border.left.style == "medium"
        named += 1
    return named


def assert_figures_sum(wb) -> int:
    """Each figure's defined name selects the cells it was computed from: counts are the number of
    cells, money the sum of the cells read in the sheet's unit."""
    places = {title: unit for title, unit in sheet_map(wb).values()}
    ws = wb["Số liệu"]
    checked = 0
    for row in ws.iter_rows(min_row=6):
        label, link, number = row[0].value, row[2], row[4].value
        if not label or link.hyperlink is None or number is None:
            continue
        refs = wb.defined_names[link.hyperlink.location].attr_text.split(",")
        cells = []
        for ref in refs:
            title, coord = ref.rsplit("!", 1)
            title = title.strip("'").replace("''", "'")
            cells.append((title, wb[title][coord.replace("$", "")].value))
        if label.endswith("(đồng)"):
            assert sum(to_dong(v, places[t]) or 0 for t, v in cells) == number, label
        else:
            assert len(cells) == number, label
        checked += 1
    return checked


def test_each_sample_report_has_an_annotated_copy_that_agrees_with_it(sample_outputs):
    for folder in sorted(p for p in sample_outputs.glob("*/*") if (p / "metrics.json").is_file()):
        wb = load_workbook(folder / "doi-chieu.xlsx")
        assert wb.sheetnames[:2] == ["Số liệu", "Chú giải"]
        assert assert_rows_coloured(wb) > 5
        findings = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
        assert_findings_are_comments(wb, findings)
        assert assert_figures_sum(wb) >= 6, folder
        assert "Kỳ báo cáo" in [c.value for c in wb["Số liệu"]["A"]]


def test_a_refused_report_still_gets_its_annotated_copy(workspace):
    """A workbook with a bad cell: no report, but the copy shows the refused row and the comment."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "DS"
    ws.append(["STT", "Tên đề án", "Đơn vị thụ hưởng", "Kinh phí hỗ trợ (triệu đồng)", "Tình trạng", "Nguồn kinh phí"])
    ws.append([1, "Hỗ trợ máy sấy chè", "HTX Tân Cương", "một trăm", "Đã hoàn thành", "KCQG"])
    ws.append([2, "Hỗ trợ máy ép", "HTX B", 50, "Đang thực hiện", "KCĐP"])
    (workspace / "inputs/thai-nguyen").mkdir()
    wb.save(workspace / "inputs/thai-nguyen/2025-nam.xlsx")
    result = CliRunner().invoke(app, ["run", "--inputs", str(workspace / "inputs"), "--outputs",
                                      str(workspace / "out"), "--config", str(workspace / "config.yaml"),
                                      "--province", "thai-nguyen"])
    assert result.exit_code == 1
    folder = workspace / "out/thai-nguyen/2025-nam"
    assert not list(folder.glob("bao-cao-*.docx"))
    copy = load_workbook(folder / "doi-chieu.xlsx")
    findings = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
    assert assert_findings_are_comments(copy, findings) >= 1
    sheet = copy[sheet_map(copy)[("thai-nguyen/2025-nam.xlsx", "DS")][0]]
    assert sheet["D2"].comment is not None
    reading = [c.value for c in sheet[2] if isinstance(c.value, str) and c.value.startswith(Role.REJECTED.label)]
    assert reading, [c.value for c in sheet[2]]
    assert "không lập được" in str(copy["Số liệu"]["B2"].value)


@pytest.mark.skipif(not (FIELD / "expected.json").is_file(), reason="../shared/field-corpus is not beside the repository")
def test_check_writes_annotated_copies_of_every_field_workbook(tmp_path):
    """`check --doi-chieu` on workbooks made by other hands, refused ones included: every sheet read
    is there, every row coloured by its role, every finding on its cell."""
    expected = json.loads((FIELD / "expected.json").read_text(encoding="utf-8"))
    rows = named = copies = 0
    for case, e in expected.items():
        inputs = tmp_path / case / "inputs"
        shutil.copytree(FIELD / "cases" / e.get("case_dir", case) / "inputs", inputs)
        out = tmp_path / case / "doi-chieu"
        result = CliRunner().invoke(app, ["check", "--inputs", str(inputs), "--config", str(ROOT / "config.yaml"),
                                          "--doi-chieu", str(out), "--json"])
        assert result.exit_code in (0, 1), result.output
        findings = json.loads(result.output)["findings"]
        for path in sorted(out.rglob("*.xlsx")):
            wb = load_workbook(path)
            rows += assert_rows_coloured(wb)
            named += assert_findings_are_comments(wb, findings)
            copies += 1
    assert copies >= len(expected) and rows > 100 and named >= 1


def test_the_batch_summary_lists_every_report_with_working_links(sample_outputs):
    wb = load_workbook(sample_outputs / "tom-tat.xlsx")
    ws = wb.active
    rows = [r for r in ws.iter_rows(min_row=4) if r[0].value]
    manifest = json.loads((sample_outputs / "manifest.json").read_text(encoding="utf-8"))
    assert len(rows) == len(manifest["reports"])
    for row in rows:
        for cell in row[6:]:
            if cell.hyperlink is not None:
                assert (sample_outputs / cell.hyperlink.target).is_file(), cell.hyperlink.target
    page = (sample_outputs / "tom-tat.html").read_text(encoding="utf-8")
    for target in re.findall(r'href="([^"]+)"', page):
        assert (sample_outputs / target).is_file(), target


@pytest.mark.skipif(shutil.which("chromium") is None, reason="headless Chromium is not installed")
def test_the_batch_summary_opens_in_a_real_browser(sample_outputs, tmp_path):
    page = (sample_outputs / "tom-tat.html").as_uri()
    base = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(base + ["--dump-dom", page], capture_output=True, text=True, timeout=120).stdout
    assert '<table id="tom-tat">' in dom and dom.count("<tr") == 1 + len(
        json.loads((sample_outputs / "manifest.json").read_text(encoding="utf-8"))["reports"])
    assert dom.count("<a href=") >= 3
    shot = tmp_path / "tom-tat.png"
    subprocess.run(base + [f"--screenshot={shot}", "--window-size=1200,800", page], capture_output=True, timeout=120)
    assert shot.is_file() and shot.stat().st_size > 5_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_annotated_copies_store_formula_like_text_as_text(tmp_path):
    from pipeline.render.annotated import SheetRead, annotated_xlsx

    sheet = SheetRead("t/x.xlsx", "DS", [["Tên đề án", "Ghi chú"], ["=HYPERLINK(\"x\")", "+84 912"]], [],
                      {1: (Role.HEADER, "tên cột"), 2: (Role.PROJECT, "đề án")}, [(1, {"name": "A"})])
    data = annotated_xlsx([sheet], [], [], "Đối chiếu", "năm 2025", "đã lập")
    ws = load_workbook(__import__("io").BytesIO(data))["1 DS"]
    assert ws["A2"].data_type == "s" and ws["A2"].value.startswith("=")
    assert ws["B2"].value == "+84 912"
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet3.xml").decode()

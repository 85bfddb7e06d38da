"""The narrative file: Markdown with a YAML front matter, read as a person writes it; the earlier
[section] format still read; every mistake said with its line."""

import datetime as dt

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.ingest.narrative import HEADING_NAMES, _heading_section, load_narrative

GOOD = """---
# ghi chú trong phần đầu
so: 15
ngay: 05/07/2018
kinh_phi_ke_hoach:
  KCQG: 1.800
  KCĐP: 2,1 tỷ
---

# Kết quả, tác động

Máy móc giúp tăng năng suất
từ 20 - 30%.

Đoạn thứ hai.

## II. Khó khăn, vướng mắc và nguyên nhân
- Giá thiết bị tăng.
* Thiếu vốn đối ứng.

# giai phap
- Đôn đốc.
"""


def _read(tmp_path, text, name="thuyet-minh.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_narrative(path, name)


def test_front_matter_is_read_as_written_and_headings_as_people_write_them(tmp_path):
    narrative, findings = _read(tmp_path, GOOD)
    assert findings == []
    assert (narrative.number, narrative.date) == ("15", dt.date(2018, 7, 5))
    assert narrative.plan_vnd == {"KCQG": 1_800_000_000, "KCDP": 2_100_000_000}  # 1.800 is never 1,8
    assert narrative.sections == {"ket_qua": ["Máy móc giúp tăng năng suất từ 20 - 30%.", "Đoạn thứ hai."],
                                  "kho_khan": ["- Giá thiết bị tăng.", "- Thiếu vốn đối ứng."],
                                  "giai_phap": ["- Đôn đốc."]}


@pytest.mark.parametrize("heading,section", [
    ("Kết quả, tác động", "ket_qua"), ("KHÓ KHĂN, VƯỚNG MẮC", "kho_khan"), ("3. Nhiệm vụ, giải pháp", "giai_phap"),
    ("IV. Kiến nghị, đề xuất", "kien_nghi"), ("Tồn tại, hạn chế", "ton_tai"), ("Mục tiêu, định hướng năm 2019", "ke_hoach"),
    ("Chuyển nguồn kinh phí", "chuyen_nguon"), ("kien_nghi", "kien_nghi"), ("Linh tinh", None),
])
def test_heading_names(heading, section):
    assert _heading_section(heading) == section


def test_every_listed_heading_name_is_understood():
    assert all(_heading_section(name) for name in HEADING_NAMES)


@pytest.mark.parametrize("text,severity,line,words", [
    ("---\nso: 15\n# Giải pháp\n- x\n", "error", "dòng 1", "dòng --- đóng lại"),
    ("---\nso: [15\n---\n", "error", "dòng 2", "sai cú pháp"),
    ("---\nngay: 35/13/2018\n---\n", "error", "dòng 2", "35/13/2018"),
    ("---\nso: 1\nngya: 05/07/2018\n---\n", "warning", "dòng 3", "“ngay”"),
    ("---\nso: 1\n---\n# Kiếm nghị\n- x\n", "warning", "dòng 4", "ý bạn là “Kiến nghị, đề xuất”"),
    ("---\nso: 1\n---\nchữ không đề mục\n", "warning", "dòng 4", "ngoài đề mục"),
    ("---\nkinh_phi_ke_hoach:\n  KCQX: 100\n---\n", "error", "dòng 2", "KCQX"),
])
def test_mistakes_are_said_with_their_line(tmp_path, text, severity, line, words):
    _, findings = _read(tmp_path, text)
    assert findings, text
    first = findings[0]
    assert (first.severity, first.cell) == (severity, line) and words in first.message + first.hint, first.format()


def test_the_earlier_format_is_still_read(tmp_path):
    narrative, findings = _read(tmp_path, "[van_ban]\nso = 7\n[kho_khan]\n- Thiếu vốn.\n", "thuyet-minh.txt")
    assert findings == [] and narrative.number == "7" and narrative.sections == {"kho_khan": ["- Thiếu vốn."]}


def test_a_markdown_narrative_reaches_the_report_and_a_second_file_is_said(workspace):
    from tests.conftest import docx_text

    folder = workspace / "inputs/quang-ninh"
    (folder / "thuyet-minh-2022-nam.md").write_text(
        "---\nso: 88\nngay: 10/01/2023\n---\n# Kiến nghị, đề xuất\n- Đề nghị bổ sung kinh phí năm 2023.\n",
        encoding="utf-8")
    (folder / "thuyet-minh-2022-nam.txt").write_text("[kien_nghi]\n- Cũ.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", "--inputs", str(workspace / "inputs"), "--outputs", str(workspace / "out"),
                                      "--config", str(workspace / "config.yaml"), "--province", "quang-ninh"])
    assert result.exit_code == 0, result.output
    text = docx_text(workspace / "out/quang-ninh/2022-nam/bao-cao-quang-ninh-2022-nam.docx")
    assert "Số: 88/BC-SCT" in text and "ngày 10 tháng 01 năm 2023" in text
    assert "- Đề nghị bổ sung kinh phí năm 2023." in text and "- Cũ." not in text
    findings = (workspace / "out/quang-ninh/2022-nam/findings.json").read_text(encoding="utf-8")
    assert "NARRATIVE_TWICE" in findings

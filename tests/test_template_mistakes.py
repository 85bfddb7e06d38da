"""Mistakes an office makes when it edits its wording: each is a Vietnamese message naming the
template and line (with the nearest known name), in `templates check` and in `run`, and the
other provinces are still built."""

import shutil

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

pytestmark = pytest.mark.slow

BK = "provinces/bac-kan/report.j2"


def _run(workspace):
    return CliRunner().invoke(app, ["run", "--inputs", str(workspace / "inputs"), "--outputs", str(workspace / "out"),
                                    "--config", str(workspace / "config.yaml")])


def _check(workspace):
    return CliRunner().invoke(app, ["templates", "check", "--config", str(workspace / "config.yaml")])


MISTAKES = {
    "a misspelt variable fed to a filter": ('{% extends "base/report.j2" %}\n{% block intro %}\n'
                                            '{{ tong_kinh_phi | money }}\n{% endblock %}\n',
                                            ["biến “tong_kinh_phi” không có", "dòng 3"]),
    "a misspelt attribute": ('{% extends "base/report.j2" %}\n{% block intro %}{{ total.suport_vnd | money }}'
                             '{% endblock %}\n', ["“suport_vnd”", "ý bạn là “support_vnd”?"]),
    "an unknown tag": ('{% extends "base/report.j2" %}\n{% block intro %}{% iff total %}x{% endif %}{% endblock %}\n',
                       ["thẻ lệnh “{% iff %}” không có", "ý bạn là “if”?"]),
    "an unclosed block": ('{% extends "base/report.j2" %}\n{% block intro %}\nxin chào\n', ["thiếu {% endblock %}"]),
    "an unknown filter": ('{% extends "base/report.j2" %}\n{% block intro %}{{ total.support_vnd | mony }}{% endblock %}\n',
                          ["bộ lọc “mony” không có", "ý bạn là “money”?"]),
    "a misspelt block": ('{% extends "base/report.j2" %}\n{% block intr %}Câu mở đầu riêng.{% endblock %}\n',
                         ["block “intr” không có trong mẫu chung", "ý bạn là “intro”?"]),
    "a mistyped directive": ('{% extends "base/report.j2" %}\n{% block intro %}\n@chartt kinh_phi\n{% endblock %}\n',
                             ["lệnh “@chartt” không có", "ý bạn là “chart”?"]),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_template_mistake_is_told_and_the_other_provinces_are_built(mistake, workspace):
    text, words = MISTAKES[mistake]
    (workspace / "templates" / BK).write_text(text, encoding="utf-8")
    for result in (_check(workspace), _run(workspace)):
        assert result.exit_code == 1, result.output
        assert all(w in result.output for w in words), result.output
        assert "Traceback" not in result.output and "StrictUndefined" not in result.output
        assert "Encountered" not in result.output and "is undefined" not in result.output
    assert (workspace / "out/ha-giang/2022-9thang").is_dir() and (workspace / "out/quang-ninh/2022-nam").is_dir()
    assert not list((workspace / "out/bac-kan").rglob("*.docx"))


def test_a_template_without_extends_or_subject_is_a_warning(workspace):
    (workspace / "templates" / BK).write_text("Báo cáo ngắn của Bắc Kạn.\n", encoding="utf-8")
    result = _check(workspace)
    assert "không kế thừa mẫu chung" in result.output and "không có dòng @subject" in result.output
    assert "bac-kan: đạt, 2 lưu ý" in result.output
    run = _run(workspace)
    assert run.exit_code == 0 and "không kế thừa mẫu chung" in run.output


def test_a_word_template_beside_a_text_one_is_said_which_wins(workspace):
    shutil.copy(workspace / "templates/provinces/bac-kan/report.j2", workspace / "templates/provinces/bac-kan/keep.j2")
    assert CliRunner().invoke(app, ["templates", "new", "bac-kan", "--word", "--config",
                                    str(workspace / "config.yaml")]).exit_code == 0
    result = _check(workspace)
    assert "có cả report.j2 và report.docx: báo cáo dùng report.j2" in result.output

"""Broken files each give one clear message; the batch goes on with the other files."""

import io

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.ingest import ingest_file


def _good_bytes(sample_inputs):
    return (sample_inputs / "bac-kan/bac-kan-2018-6thang.xlsx").read_bytes()


def _encrypted(sample_inputs):
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(_good_bytes(sample_inputs))).encrypt("matkhau", out)
    return out.getvalue()


def _no_table():
    wb = Workbook()
    wb.active.append(["Ghi chú cuộc họp"])
    wb.active.append(["Nội dung", "Người dự"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


BROKEN = {
    "not-a-spreadsheet": (lambda root: "đây là văn bản, không phải Excel".encode(), "không đọc được như một bảng tính"),
    "truncated": (lambda samples: _good_bytes(samples)[:3000], "không đọc được như một bảng tính"),
    "password": (_encrypted, "đặt mật khẩu"),
    "empty": (lambda root: b"", "tệp rỗng"),
    "no-table": (lambda root: _no_table(), "Không tìm thấy bảng đề án"),
}


@pytest.mark.parametrize("kind", BROKEN)
def test_each_broken_file_gives_one_clear_message(kind, sample_inputs, config, tmp_path):
    make, words = BROKEN[kind]
    path = tmp_path / f"bac-kan-2018-6thang-{kind}.xlsx"
    path.write_bytes(make(sample_inputs))
    result = ingest_file(path, path.name, config, "bac-kan")
    errors = [f for f in result.findings if f.severity.value == "error"]
    assert len(errors) == 1 and words in errors[0].message and errors[0].file == path.name
    assert result.reported.empty


@pytest.mark.slow
def test_batch_goes_on_past_broken_files(workspace, sample_inputs):
    folder = workspace / "inputs/bac-kan"
    for kind, (make, _) in BROKEN.items():
        (folder / f"bac-kan-2018-nam-{kind}.xlsx").write_bytes(make(sample_inputs))
    (folder / "~$bac-kan-2018-6thang.xlsx").write_bytes(b"lock file of an open workbook")
    result = CliRunner().invoke(app, ["run", "--inputs", str(workspace / "inputs"), "--outputs", str(workspace / "out"),
                                      "--config", str(workspace / "config.yaml")])
    assert result.exit_code == 1  # the 2018 year-end report of Bắc Kạn cannot be made
    assert "Đã lập 3/4 báo cáo." in result.output
    assert (workspace / "out/bac-kan/2018-6thang").is_dir() and (workspace / "out/quang-ninh/2022-nam").is_dir()
    for kind in BROKEN:
        assert f"bac-kan-2018-nam-{kind}.xlsx" in result.output
    assert "~$" not in result.output and "Traceback" not in result.output

import pytest

from pipeline.core.model import Status
from pipeline.ingest.status import read_status
from pipeline.ingest.values import AmountError, to_dong, unit_in


@pytest.mark.parametrize("value, unit, expected", [
    (600, "trieu", 600_000_000),
    (262.5, "trieu", 262_500_000),
    ("600.000.000", "dong", 600_000_000),
    ("262,5", "trieu", 262_500_000),
    ("1,2 tỷ", "trieu", 1_200_000_000),
    ("1,2 tỉ đồng", "dong", 1_200_000_000),
    ("1.234.567,5", "nghin", 1_234_567_500),
    ("450 triệu đồng", "dong", 450_000_000),
    ("1,234,567", "dong", 1_234_567),
    (None, "trieu", None),
    ("  ", "trieu", None),
    ("-", "trieu", 0),
])
def test_amounts_become_integer_dong(value, unit, expected):
    assert to_dong(value, unit) == expected


@pytest.mark.parametrize("text", ["chưa có", "abc", "12 con gà", "1.2.3"])
def test_non_amounts_are_refused(text):
    with pytest.raises(AmountError):
        to_dong(text, "trieu")


def test_unit_read_from_header():
    assert unit_in("Kinh phí hỗ trợ (triệu đồng)") == "trieu"
    assert unit_in("Kinh phí (Tỷ đồng)") == "ty"
    assert unit_in("Kinh phí (đồng)") == "dong"
    assert unit_in("Kinh phí") is None


@pytest.mark.parametrize("text, status, progress", [
    ("Đã hoàn thành", Status.COMPLETED, 100.0),
    ("đã nghiệm thu, thanh quyết toán", Status.COMPLETED, 100.0),
    ("đã hoàn thành được 50% khối lượng công việc", Status.IN_PROGRESS, 50.0),
    ("đã thực hiện 380/3.677 triệu đồng, đạt 10,3%", Status.IN_PROGRESS, 10.3),
    ("Đang triển khai", Status.IN_PROGRESS, None),
    ("đã ký hợp đồng", Status.IN_PROGRESS, None),
    ("Xin dừng thực hiện", Status.STOPPED, None),
    ("ngừng thực hiện (theo đề nghị của đơn vị thụ hưởng)", Status.STOPPED, None),
    ("đang xem xét điều chỉnh nội dung / gia hạn", Status.ADJUSTING, None),
    ("xem xét xin điều chỉnh nội dung hỗ trợ hoặc xin dừng thực hiện", Status.ADJUSTING, None),
    ("Chưa triển khai", Status.NOT_STARTED, None),
    ("CHƯA THỰC HIỆN", Status.NOT_STARTED, None),
])
def test_status_prose(text, status, progress):
    reading = read_status(text)
    assert (reading.status, reading.progress) == (status, progress)


def test_unknown_status_is_not_guessed():
    assert read_status("đang chờ ý kiến") is None
    assert read_status("tốt") is None

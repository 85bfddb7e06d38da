"""Status read as a phrase: 169 wordings from tracking sheets, unknown text never guessed."""

import pytest

from pipeline.core.model import Status
from pipeline.ingest.status import read_status
from tests.status_phrases import PHRASES, UNKNOWN


def test_phrase_bank_is_large_and_covers_every_status():
    assert len(PHRASES) >= 150
    assert {s for _, s, _ in PHRASES} == {s.value for s in Status}


@pytest.mark.parametrize("text, status, progress", PHRASES, ids=[p[0] for p in PHRASES])
def test_wording(text, status, progress):
    reading = read_status(text)
    assert reading is not None, text
    assert (reading.status.value, reading.progress) == (status, progress)
    assert reading.reason  # the ledger says which words decided


@pytest.mark.parametrize("text", UNKNOWN)
def test_unknown_wording_is_not_guessed(text):
    assert read_status(text) is None


@pytest.mark.parametrize("text, progress, status, expected_progress", [
    ("", 100, Status.COMPLETED, 100),  # only the progress column
    ("", 35, Status.IN_PROGRESS, 35),
    ("", 0, Status.NOT_STARTED, 0),
    ("Đang thực hiện", 60, Status.IN_PROGRESS, 60),  # text and a progress column together
    ("Đã hoàn thành", 80, Status.IN_PROGRESS, 80),  # the column says the work is not all done
    ("Xin dừng thực hiện", 20, Status.STOPPED, 20),
])
def test_status_over_two_columns(text, progress, status, expected_progress):
    reading = read_status(text, progress)
    assert (reading.status, reading.progress) == (status, expected_progress)


def test_negation_and_plans_flip_a_finished_step():
    assert read_status("Chưa hoàn thành").status is Status.IN_PROGRESS
    assert read_status("Đã hoàn thành").status is Status.COMPLETED
    assert read_status("dự kiến hoàn thành tháng 12").status is Status.IN_PROGRESS
    assert read_status("đã tạm ứng 50%").progress is None  # money progress is not work done


def test_province_phrase_from_config():
    extra = (("in_progress", ("đang chờ lắp máy",)),)
    assert read_status("đang chờ lắp máy") is None
    assert read_status("đang chờ lắp máy", extra=extra).status is Status.IN_PROGRESS

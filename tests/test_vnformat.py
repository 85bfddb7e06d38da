import datetime as dt

import pytest

from pipeline.core import vnformat as vn


@pytest.mark.parametrize("vnd, text", [
    (600_000_000, "600 triệu đồng"),
    (529_000_000, "529 triệu đồng"),
    (1_200_000_000, "1,2 tỷ đồng"),
    (11_760_000_000, "11,76 tỷ đồng"),
    (262_500_000, "262,5 triệu đồng"),
    (56_250_000, "56,25 triệu đồng"),
    (56_250_001, "56.250.001 đồng"),
    (950_000, "950.000 đồng"),
    (0, "0 đồng"),
])
def test_money_uses_largest_natural_unit(vnd, text):
    assert vn.money(vnd) == text


def test_counts_ratios_lists_quotes():
    assert vn.count(3) == "03"
    assert vn.count(12) == "12"
    assert vn.ratio(2, 10) == "02/10"
    assert vn.join_vn(["A", "B", "C"]) == "A; B và C"
    assert vn.join_vn(["A", "B"]) == "A và B"
    assert vn.join_vn(["A"]) == "A"
    assert vn.quote("Tên") == "“Tên”"
    assert vn.percent(10.3) == "10,3%"
    assert vn.percent(50.0, 0) == "50%"


def test_dates_follow_decree_padding():
    assert vn.date_long(dt.date(2018, 7, 5)) == "ngày 05 tháng 7 năm 2018"
    assert vn.date_long(dt.date(2022, 2, 14)) == "ngày 14 tháng 02 năm 2022"
    assert vn.date_long(None, 2019).startswith("ngày ") and vn.date_long(None, 2019).endswith("năm 2019")
    assert vn.date_short(dt.date(2012, 5, 21)) == "21/5/2012"


def test_amount_in_words_and_separators():
    assert vn.words(600_000_000) == "Sáu trăm triệu đồng"
    assert vn.dong(56_250_000) == "56.250.000 đồng"
    assert vn.trieu(262_500_000) == "262,5"
    assert vn.lcfirst("Đơn vị gặp khó khăn") == "đơn vị gặp khó khăn"
    assert vn.lcfirst("HTX Thành Long") == "HTX Thành Long"


@pytest.mark.parametrize("vnd,text", [
    (1_005_000_000, "Một tỷ không trăm linh năm triệu đồng"),
    (1_129_000_000, "Một tỷ một trăm hai mươi chín triệu đồng"),
    (600_000_000, "Sáu trăm triệu đồng"),
    (105_000_000, "Một trăm linh năm triệu đồng"),
    (1_000_000_000, "Một tỷ đồng"),
    (15_000_000, "Mười lăm triệu đồng"),
    (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
    (20_500_000, "Hai mươi triệu năm trăm nghìn đồng"),
    (21_000_000, "Hai mươi mốt triệu đồng"),
    (24_000_000, "Hai mươi tư triệu đồng"),
    (1_000_005, "Một triệu không trăm linh năm đồng"),
    (2_000_010_000, "Hai tỷ không trăm mười nghìn đồng"),
    (11_760_000_000, "Mười một tỷ bảy trăm sáu mươi triệu đồng"),
    (1_000_000_000_000, "Một nghìn tỷ đồng"),
    (0, "Không đồng"),
])
def test_amounts_in_words_read_the_northern_way(vnd, text):
    assert vn.words(vnd) == text

"""The roll-up: spans, old -> new provinces, no double counting, and sums that add up."""

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.compute import compute_report, units
from pipeline.compute.rollup import PeriodRef, ProvinceReport, Span, SpanError, roll_up
from pipeline.core.model import Period
from pipeline.ingest.records import frame

pytestmark = pytest.mark.slow

M = 1_000_000


def _records(items):
    """items: (name, support in triệu, status[, record_type[, decision]])."""
    rows = []
    for i, item in enumerate(items, start=1):
        name, support, status, *rest = item
        rows.append({"file": "x.xlsx", "sheet": "S", "row": i, "record_type": rest[0] if rest else "de_an",
                     "shape": "don_le", "source": "KCDP", "name": name, "beneficiary": f"HTX {name}",
                     "place": "xã A", "decision": rest[1] if len(rest) > 1 else "", "support_vnd": support * M,
                     "disbursed_vnd": support * M // 2, "status": status, "status_text": status,
                     "settled": False, "plan": False})
    return frame(rows)


def _report(slug, year, period, items):
    return ProvinceReport(slug, compute_report(_records(items), slug, year, Period(period), None).metrics())


@pytest.mark.parametrize("start,end,expected", [
    ("2021", "2022-9thang", [(2021, Period.YEAR), (2022, Period.M9)]),
    (None, "2022", [(2022, Period.YEAR)]),
    ("2022-6thang", "2022-6thang", [(2022, Period.H1)]),
    ("2020", "2021", [(2021, Period.YEAR)]),  # 2020 has no report: nothing for it
])
def test_span_counts_the_latest_report_of_each_year(start, end, expected):
    available = {(2021, Period.H1), (2021, Period.YEAR), (2022, Period.H1), (2022, Period.M9), (2022, Period.YEAR)}
    assert Span.parse(start, end).choose(available) == expected


def test_a_bare_end_year_without_year_end_takes_its_latest_report():
    assert Span.parse(None, "2023").choose({(2023, Period.H1), (2023, Period.M9)}) == [(2023, Period.M9)]


@pytest.mark.parametrize("text", ["2022-quy3", "22", "2022 9thang", ""])
def test_bad_period_text_is_refused_in_vietnamese(text):
    with pytest.raises(SpanError, match="không đúng dạng"):
        PeriodRef.parse(text)


def test_span_wording_and_label():
    span = Span.parse("2021", "2022-9thang")
    assert span.wording() == "năm 2021 và 9 tháng năm 2022" and span.label == "2021-den-2022-9thang"
    assert Span.parse("2018", "2024").wording() == "giai đoạn 2018 - 2024"
    assert not Span.parse(None, "2025-6thang").new_units and Span.parse(None, "2025-9thang").new_units


# Nghị quyết 202/2025/QH15, written out here by hand (not read from the package's table)
MERGED = {
    "tuyen-quang": {"tuyen-quang", "ha-giang"}, "lao-cai": {"lao-cai", "yen-bai"},
    "thai-nguyen": {"thai-nguyen", "bac-kan"}, "phu-tho": {"phu-tho", "vinh-phuc", "hoa-binh"},
    "bac-ninh": {"bac-ninh", "bac-giang"}, "hung-yen": {"hung-yen", "thai-binh"},
    "hai-phong": {"hai-phong", "hai-duong"}, "ninh-binh": {"ninh-binh", "ha-nam", "nam-dinh"},
    "quang-tri": {"quang-tri", "quang-binh"}, "da-nang": {"da-nang", "quang-nam"},
    "quang-ngai": {"quang-ngai", "kon-tum"}, "gia-lai": {"gia-lai", "binh-dinh"},
    "khanh-hoa": {"khanh-hoa", "ninh-thuan"}, "lam-dong": {"lam-dong", "dak-nong", "binh-thuan"},
    "dak-lak": {"dak-lak", "phu-yen"}, "ho-chi-minh": {"ho-chi-minh", "binh-duong", "ba-ria-vung-tau"},
    "dong-nai": {"dong-nai", "binh-phuoc"}, "tay-ninh": {"tay-ninh", "long-an"},
    "can-tho": {"can-tho", "soc-trang", "hau-giang"}, "vinh-long": {"vinh-long", "ben-tre", "tra-vinh"},
    "dong-thap": {"dong-thap", "tien-giang"}, "ca-mau": {"ca-mau", "bac-lieu"},
    "an-giang": {"an-giang", "kien-giang"},
}
UNCHANGED = ["ha-noi", "lai-chau", "dien-bien", "son-la", "lang-son", "quang-ninh", "thanh-hoa", "nghe-an",
             "ha-tinh", "cao-bang"]


@pytest.mark.parametrize("new", sorted(MERGED))
def test_each_merged_group(new):
    assert set(units.members(new)) == MERGED[new]
    assert all(units.new_unit(old) == new for old in MERGED[new])


def test_63_old_and_34_new_units():
    assert len(units.old_units()) == 63 and len(units.new_units()) == 34
    assert all(units.new_unit(s) == s for s in UNCHANGED) and units.new_unit("thua-thien-hue") == "hue"
    assert "Nghị quyết số 202/2025/QH15" in units.LEGAL_SOURCE


def test_thanh_hoa_style_year_and_nine_months_without_double_counting():
    """Năm 2021 và 9 tháng năm 2022: 29 đề án, 11,76 tỷ đồng (seed 003), worked out by hand:
    2021 year-end: 15 đề án, 6.000 triệu; 2022: 14 đề án, 5.760 triệu in the 9-month report,
    10 of which were already in the 6-month report (which must not be added again)."""
    y2021 = [(f"Đề án 2021 số {i}", 400, "completed") for i in range(15)]  # 15 x 400 = 6.000
    first_ten = [(f"Đề án 2022 số {i}", 400, "in_progress") for i in range(10)]  # 4.000
    nine_months = [(n, s, "completed" if i < 6 else st) for i, (n, s, st) in enumerate(first_ten)] + [
        (f"Đề án 2022 số {i}", 440, "not_started") for i in range(10, 14)]  # + 4 x 440 = 1.760
    reports = [_report("thanh-hoa", 2021, "6thang", y2021[:8]), _report("thanh-hoa", 2021, "nam", y2021),
               _report("thanh-hoa", 2022, "6thang", first_ten), _report("thanh-hoa", 2022, "9thang", nine_months)]
    data = roll_up(reports, Span.parse("2021", "2022-9thang"), ["thanh-hoa"])
    th = data["provinces"]["thanh-hoa"]
    assert th["projects"] == 29 and th["support_vnd"] == 11_760 * M
    assert th["status"] == {"completed": 21, "in_progress": 4, "adjusting": 0, "stopped": 0, "not_started": 4}
    assert th["periods"] == ["2021-nam", "2022-9thang"]
    assert data["total"]["support_vnd"] == 11_760 * M and data["missing"] == []


def test_old_provinces_group_into_the_new_one_from_july_2025():
    bac_kan = [("Máy sấy", 300, "completed"), ("Máy ép", 200, "stopped")]
    thai_nguyen = [("Máy chè", 500, "completed"), ("Bình chọn", 100, "completed", "binh_chon")]
    before = [_report("bac-kan", 2025, "6thang", bac_kan), _report("thai-nguyen", 2025, "6thang", thai_nguyen)]
    old = roll_up(before, Span.parse(None, "2025-6thang"), ["bac-kan", "thai-nguyen"])
    assert sorted(old["provinces"]) == ["bac-kan", "thai-nguyen"]
    assert old["provinces"]["bac-kan"]["support_vnd"] == 500 * M
    after = [_report("bac-kan", 2025, "6thang", bac_kan), _report("thai-nguyen", 2025, "nam", thai_nguyen)]
    new = roll_up(after, Span.parse("2025", "2025-nam"), ["thai-nguyen"])
    tn = new["provinces"]["thai-nguyen"]
    assert list(new["provinces"]) == ["thai-nguyen"] and tn["from_units"] == ["bac-kan", "thai-nguyen"]
    assert (tn["projects"], tn["votes"], tn["support_vnd"]) == (3, 1, 1_100 * M)
    assert tn["status"]["completed"] == 2 and tn["status"]["stopped"] == 1
    assert new["span"]["units"] == "new" and "202/2025/QH15" in new["span"]["legal_source"]


def test_a_project_carried_into_the_next_year_counts_once_and_is_named():
    qd = "Quyết định số 12/QĐ-SCT ngày 3/3/2021"
    y1 = [("Máy sấy", 300, "in_progress", "de_an", qd), ("Máy ép", 200, "completed")]
    y2 = [("Máy sấy", 300, "completed", "de_an", qd), ("Máy ép", 250, "completed")]  # same name, no decision
    data = roll_up([_report("bac-kan", 2021, "nam", y1), _report("bac-kan", 2022, "nam", y2)],
                   Span.parse("2021", "2022"), ["bac-kan"])
    bk = data["provinces"]["bac-kan"]
    assert bk["projects"] == 3 and bk["support_vnd"] == 750 * M and bk["status"]["completed"] == 3
    assert bk["carried_over"] == ["Máy sấy"]


def test_missing_provinces_are_named_with_the_reason():
    data = roll_up([_report("bac-kan", 2022, "nam", [("A", 100, "completed")])], Span.parse(None, "2022"),
                   ["bac-kan", "ha-giang", "cao-bang"], failed={"ha-giang": "báo cáo năm 2022 có lỗi: X"})
    assert [(m["province"], m["reason"]) for m in data["missing"]] == [
        ("cao-bang", "chưa có báo cáo năm 2022"), ("ha-giang", "Hà Giang: báo cáo năm 2022 có lỗi: X")]


FIGURES = ("projects", "tasks", "votes", "support_vnd", "disbursed_vnd", "counterpart_vnd", "settled_vnd")


def test_every_figure_equals_the_sum_of_the_province_reports(root, sample_inputs, tmp_path):
    args = ["--inputs", str(sample_inputs), "--config", str(root / "config.yaml"), "--outputs", str(tmp_path)]
    assert CliRunner().invoke(app, ["run", *args]).exit_code == 0
    result = CliRunner().invoke(app, ["tong-hop", *args, "--tu", "2018", "--den", "2022", "--khu-vuc", "phia-bac"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "tong-hop/2018-den-2022"
    data = json.loads((folder / "tong-hop.json").read_text(encoding="utf-8"))
    reports = {m.parent.parent.name: json.loads(m.read_text(encoding="utf-8"))["total"]
               for m in tmp_path.glob("*/*/metrics.json")}
    assert sorted(data["provinces"]) == sorted(reports) == ["bac-kan", "ha-giang", "quang-ninh"]
    for slug, mine in data["provinces"].items():
        for key in FIGURES:
            assert mine[key] == reports[slug][key], (slug, key)
        assert mine["status"] == reports[slug]["status"]
        assert mine["completion_ratio"] == pytest.approx(reports[slug]["completion_ratio"])
    for key in FIGURES:
        known = [p[key] for p in data["provinces"].values() if p[key] is not None]
        assert data["total"][key] == (sum(known) if known else None), key
    for status, n in data["total"]["status"].items():
        assert n == sum(p["status"][status] for p in data["provinces"].values())
    assert len(data["missing"]) == 25 and "Thanh Hóa" in result.output
    assert (folder / "bao-cao-tong-hop-2018-den-2022.docx").exists() and (folder / "tong-hop-2018-den-2022.xlsx").exists()


def test_rollup_xlsx_and_docx(root, sample_inputs, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    args = ["--inputs", str(sample_inputs), "--config", str(root / "config.yaml"), "--outputs", str(tmp_path)]
    result = CliRunner().invoke(app, ["tong-hop", *args, "--den", "2022", "--tinh", "ha-giang,quang-ninh,cao-bang"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "tong-hop/2022"
    ws = load_workbook(folder / "tong-hop-2022.xlsx").active
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert [r[1] for r in rows] == ["Quảng Ninh", "Hà Giang", "Tổng cộng", "Cao Bằng"]  # by support, then missing
    assert rows[2][5] == pytest.approx(rows[0][5] + rows[1][5])
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$2:$2"
    doc = Document(str(folder / "bao-cao-tong-hop-2022.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Tổng hợp kết quả thực hiện kế hoạch khuyến công năm 2022" in text
    assert "Cao Bằng" in text and len(doc.inline_shapes) == 2
    assert "CỤC CÔNG THƯƠNG ĐỊA PHƯƠNG" in "\n".join(c.text for c in doc.tables[0].rows[0].cells)  # as in 2022


def test_unknown_region_and_bad_span_are_clear_errors(root, sample_inputs, tmp_path):
    args = ["--inputs", str(sample_inputs), "--config", str(root / "config.yaml"), "--outputs", str(tmp_path)]
    bad = CliRunner().invoke(app, ["tong-hop", *args, "--den", "2022", "--khu-vuc", "mien-trung"])
    assert bad.exit_code != 0 and "mien-trung" in bad.output + str(bad.exception)
    bad = CliRunner().invoke(app, ["tong-hop", *args, "--den", "2022-quy3"])
    assert bad.exit_code != 0


def test_rollup_from_written_reports_equals_rollup_from_workbooks(root, sample_inputs, tmp_path):
    args = ["--inputs", str(sample_inputs), "--config", str(root / "config.yaml")]
    assert CliRunner().invoke(app, ["run", *args, "--outputs", str(tmp_path / "reports")]).exit_code == 0
    (tmp_path / "reports/ha-giang/2022-9thang/metrics.json").write_text('{"schema_version": "1.0"}', encoding="utf-8")
    for name, extra in (("a", []), ("b", ["--bao-cao", str(tmp_path / "reports")])):
        result = CliRunner().invoke(app, ["tong-hop", *args, "--outputs", str(tmp_path / name), "--den", "2022",
                                          "--tinh", "quang-ninh,ha-giang", *extra])
        assert result.exit_code == 0, result.output
    a = json.loads((tmp_path / "a/tong-hop/2022/tong-hop.json").read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "b/tong-hop/2022/tong-hop.json").read_text(encoding="utf-8"))
    assert a["provinces"]["quang-ninh"] == b["provinces"]["quang-ninh"]
    assert "ha-giang" in a["provinces"] and [m["province"] for m in b["missing"]] == ["ha-giang"]
    assert "không đúng cấu trúc" in b["missing"][0]["reason"]


def test_published_json_schemas_match_the_contract(root):
    from pipeline.compute.contract import json_schemas

    for name, schema in json_schemas().items():
        published = json.loads((root / "docs/schema" / name).read_text(encoding="utf-8"))
        assert published == schema, f"docs/schema/{name} is stale: regenerate it (see README)"


def test_written_metrics_validate_against_the_published_schema(root, sample_outputs):
    import jsonschema

    schema = json.loads((root / "docs/schema/metrics.schema.json").read_text(encoding="utf-8"))
    for path in sample_outputs.glob("*/*/metrics.json"):
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)

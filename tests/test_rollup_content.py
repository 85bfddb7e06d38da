"""What the roll-up says: the period each province's figures stand at, years nobody reported,
per source / activity / shape, the region, the province table, its own narrative, the signer."""

import itertools
import re

import pytest
from docx import Document
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.compute import compute_report
from pipeline.compute.activities import OTHER, activity
from pipeline.compute.rollup import ProvinceReport, Span, roll_up
from pipeline.core.model import Period
from pipeline.ingest.records import frame
from pipeline.render.tong_hop import build_context, province_rows
from tests.conftest import docx_text

pytestmark = pytest.mark.slow

M = 1_000_000
NAMES = ["Hỗ trợ ứng dụng máy sấy chè", "Xây dựng mô hình trình diễn kỹ thuật dệt", "Tổ chức bình chọn sản phẩm CNNT",
         "Tham gia hội chợ triển lãm", "Thiết kế bao bì sản phẩm", "Chi quản lý chương trình"]


def _report(slug, year, period, n, shape="don_le", source="KCDP"):
    rows = [{"file": "x.xlsx", "sheet": "S", "row": i + 1, "record_type": "nhiem_vu_chi" if i == 5 else "de_an",
             "shape": shape if i == 0 else "don_le", "source": "KCQG" if i == 0 else source, "name": NAMES[i % 6],
             "beneficiary": f"HTX {i}", "place": "xã A", "decision": "", "support_vnd": (i + 1) * 100 * M,
             "disbursed_vnd": (i + 1) * 30 * M, "status": "completed" if i % 2 else "in_progress",
             "status_text": "", "settled": False, "plan": False} for i in range(n)]
    return ProvinceReport(slug, compute_report(frame(rows), slug, year, Period(period)).metrics())


SETS = {
    "one-kind": [("ha-giang", 2022, "nam", 3), ("quang-ninh", 2022, "nam", 6)],
    "mixed": [("ha-giang", 2022, "9thang", 4), ("quang-ninh", 2022, "nam", 6), ("bac-kan", 2018, "6thang", 2)],
    "years": [("ha-giang", 2021, "nam", 5), ("ha-giang", 2022, "nam", 2), ("cao-bang", 2022, "6thang", 6)],
}
SPANS = {"one-kind": ("2022", "2022"), "mixed": ("2018", "2022"), "years": ("2020", "2022")}


def _rolled(name):
    start, end = SPANS[name]
    reports = [_report(*args) for args in SETS[name]]
    wanted = ["ha-giang", "quang-ninh", "bac-kan", "cao-bang", "lao-cai"]
    return roll_up(reports, Span.parse(start, end), wanted, region="khu vực thử"), reports


@pytest.mark.parametrize("name", list(SETS))
def test_every_province_states_the_period_its_figures_cover(name):
    data, reports = _rolled(name)
    kinds = {tuple(sorted((r.metrics.year, r.metrics.period) for r in reports if r.slug == s))
             for s in {r.slug for r in reports}}
    assert data["span"]["mixed_periods"] == (len(kinds) > 1), name
    for slug, p in data["provinces"].items():
        mine = [r for r in reports if r.slug == slug]
        last = max(mine, key=lambda r: (r.metrics.year, ["6thang", "9thang", "nam"].index(r.metrics.period)))
        y, m, d = Period(last.metrics.period).as_of(last.metrics.year)
        assert p["as_of"] == f"{d}/{m}/{y}", (name, slug)
        for r in mine:
            assert Period(r.metrics.period).wording(r.metrics.year) in p["period_text"], (name, slug)
    reported_years = {r.metrics.year for r in reports}
    start, end = SPANS[name]
    assert data["span"]["years_without_reports"] == [y for y in range(int(start), int(end) + 1)
                                                     if y not in reported_years]
    assert [y["year"] for y in data["coverage"]] == list(range(int(start), int(end) + 1))


@pytest.mark.parametrize("name", list(SETS))
def test_per_source_activity_and_shape_add_up_to_the_total(name):
    data, _ = _rolled(name)
    total = data["total"]
    for groups, key in ((total["by_source"], "support_vnd"), (data["by_activity"], "support_vnd")):
        assert sum(g[key] for g in groups.values()) == total["support_vnd"], name
    assert sum(g["projects"] for g in data["by_shape"].values()) == total["projects"], name
    for p in data["provinces"].values():
        assert sum(g["support_vnd"] for g in p["by_source"].values()) == p["support_vnd"]
        assert p["top_activity"]["support_vnd"] <= p["support_vnd"]


def _text(root, data):
    from pipeline.render.markup import environment, parse_markup, render_markup

    context = build_context(data, __import__("pipeline.config", fromlist=["Config"]).Config().tong_hop)
    return context, [b.text for b in parse_markup(render_markup(environment(root / "templates"),
                                                                "base/tong-hop.j2", context))]


@pytest.mark.parametrize("name", list(SETS))
def test_the_text_says_what_the_data_says(root, name):
    data, reports = _rolled(name)
    context, blocks = _text(root, data)
    text = "\n".join(blocks)
    names = " và ".join(p["name"] for p in context["ranking"]) if len(data["provinces"]) == 2 else None
    assert f"{len(data['provinces']):02d}/05 tỉnh, thành phố khu vực thử (" in text
    assert names is None or f"khu vực thử ({names}) có báo cáo được giao thực hiện" in text
    assert ("không cùng một thời điểm" in text) == data["span"]["mixed_periods"], name
    for p in data["provinces"].values():
        assert f"{p['name']} (số liệu {p['period_text']}" in text, (name, p["name"])
        if data["span"]["mixed_periods"]:
            assert f"{p['name']} đến ngày {p['as_of']}" in text
    empty = data["span"]["years_without_reports"]
    if empty:
        assert re.search(r"(Các năm|Năm) " + ".*".join(map(str, empty)) + r" chưa có báo cáo", text), name
    headings = [b for b in blocks if re.match(r"^[IVX]+\. ", b)]
    numerals = [h.split(".")[0] for h in headings]
    assert numerals == ["I", "II", "III", "IV", "V", "VI", "VII"][:len(numerals)], headings
    rows = province_rows(context)
    assert [r[1] for r in rows] == [p["name"] for p in context["ranking"]] + ["Tổng cộng"]
    assert rows[-1][2] == ("" if data["span"]["mixed_periods"] else data["total"]["as_of"])


def test_activity_comes_from_the_content_else_the_name():
    assert activity("Đào tạo nghề", "Hỗ trợ ứng dụng máy") == "Đào tạo, tập huấn, nâng cao năng lực"
    assert activity("", "Hỗ trợ ứng dụng máy móc thiết bị trong chế biến chè") == \
        "Ứng dụng máy móc thiết bị, chuyển giao công nghệ"
    assert activity("", "Xây dựng mô hình trình diễn kỹ thuật sản xuất trà") == "Xây dựng mô hình trình diễn kỹ thuật"
    assert activity("", "Hỗ trợ kinh phí khảo sát xây dựng kế hoạch") == \
        "Quản lý chương trình, khảo sát xây dựng kế hoạch"
    assert activity("", "Đề án số 7") == OTHER


def test_the_roll_up_reads_its_own_narrative_and_names_an_empty_signer(root, sample_inputs, tmp_path):
    narrative = sample_inputs / "thuyet-minh-tong-hop-2022.txt"
    narrative.write_text("[ton_tai]\n- Một số địa phương chưa bố trí đủ vốn.\n[giai_phap]\n- Tăng cường kiểm tra.\n"
                         "[kien_nghi]\n- Đề nghị Bộ bổ sung kinh phí.\n", encoding="utf-8")
    try:
        result = CliRunner().invoke(app, ["tong-hop", "--den", "2022", "--inputs", str(sample_inputs), "--outputs",
                                          str(tmp_path), "--config", str(root / "config.yaml"), "--khu-vuc", "phia-bac"])
    finally:
        narrative.unlink()
    assert result.exit_code == 0, result.output
    path = tmp_path / "tong-hop/2022/bao-cao-tong-hop-2022.docx"
    text = docx_text(path)
    assert "- Một số địa phương chưa bố trí đủ vốn." in text and "- Tăng cường kiểm tra." in text
    assert "KIẾN NGHỊ" in text and "Đề nghị Bộ bổ sung kinh phí" in text
    assert "02/28 tỉnh, thành phố khu vực phía Bắc" in text
    assert "tong_hop.signer.name" in result.output and "Chưa ghi họ tên người ký" in result.output
    table = next(t for t in Document(str(path)).tables if t.rows[0].cells[1].text == "Tỉnh, thành phố")
    names = [r.cells[1].text for r in table.rows[1:]]
    assert names == ["Quảng Ninh", "Hà Giang", "Tổng cộng"]
    assert "Báo cáo lập từ số liệu mẫu" in "".join(p.text for s in Document(str(path)).sections for p in s.footer.paragraphs)


def test_two_regional_spans_render_without_a_gap_in_their_numbering(root, sample_inputs, tmp_path):
    for start, end in itertools.product(["2018", None], ["2022", "2022-9thang"]):
        args = ["tong-hop", "--den", end, "--inputs", str(sample_inputs), "--outputs", str(tmp_path),
                "--config", str(root / "config.yaml"), "--khu-vuc", "phia-bac"] + (["--tu", start] if start else [])
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        label = Span.parse(start, end).label
        paragraphs = [p.text for p in Document(str(tmp_path / f"tong-hop/{label}/bao-cao-tong-hop-{label}.docx")).paragraphs]
        numerals = [t.split(".")[0] for t in paragraphs if re.match(r"^[IVX]+\. [A-ZĐ]", t)]
        assert numerals == ["I", "II", "III", "IV", "V", "VI", "VII"][:len(numerals)] and len(numerals) >= 4, paragraphs

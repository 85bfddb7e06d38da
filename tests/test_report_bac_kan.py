"""The Bắc Kạn mid-2018 report: every fact of seed 002's "Thứ nhất" and the decree's layout."""

import json

import pytest
from docx import Document
from docx.shared import Pt

from tests.conftest import docx_text

pytestmark = pytest.mark.slow

REPORT = "bac-kan/2018-6thang/bao-cao-bac-kan-2018-6thang.docx"


@pytest.fixture(scope="module")
def text(sample_outputs):
    return docx_text(sample_outputs / REPORT)


@pytest.fixture(scope="module")
def doc(sample_outputs):
    return Document(str(sample_outputs / REPORT))


@pytest.mark.parametrize("fact", [
    "03 đề án từ nguồn khuyến công quốc gia, kinh phí 600 triệu đồng",
    "Cục Công Thương địa phương",
    "Đề án “Hỗ trợ ứng dụng máy móc thiết bị trong chế biến nông lâm sản”, đơn vị thụ hưởng là HTX Nông nghiệp "
    "Tân Thành, xã Nông Thượng, thành phố Bắc Kạn đã triển khai ký kết hợp đồng và thực hiện theo kế hoạch",
    "đơn vị thụ hưởng là HTX Thành Ngân, xã Cường Lợi, huyện Na Rì đang nghiên cứu thị trường máy móc thiết bị "
    "để xem xét xin điều chỉnh nội dung hỗ trợ hoặc xin dừng thực hiện đề án",
    "đơn vị thụ hưởng là Công ty TNHH Đinh Lâm, thị trấn Chợ Rã, huyện Ba Bể đã có văn bản xin dừng thực hiện "
    "do đơn vị gặp khó khăn về thị trường tiêu thụ",
    "10 đề án từ nguồn khuyến công địa phương, kinh phí 529 triệu đồng",
    "02/10 đề án đã hoàn thành gồm: đề án “Tổ chức bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Kạn năm 2018” "
    "và đề án “Hỗ trợ kinh phí khảo sát xây dựng kế hoạch khuyến công năm 2019”",
    "04/10 đề án đã hoàn thành được 50% khối lượng công việc bao gồm: đề án “Thông tin, tuyên truyền hoạt động "
    "Khuyến công”; đề án “Tham gia hội chợ triển lãm giới thiệu quảng bá sản phẩm CNNT tỉnh Bắc Kạn”; đề án "
    "“Hỗ trợ thiết kế mẫu mã, bao bì sản phẩm” và đề án “Hỗ trợ ứng dụng máy móc thiết bị trong sản xuất đồ mộc "
    "dân dụng” tại xã Quang Phong, huyện Na Rì (đơn vị thụ hưởng là HKD Lại Văn Tú)",
    "02/10 đề án xin dừng thực hiện gồm: đề án “Hỗ trợ ứng dụng máy móc thiết bị trong sản xuất đồ mộc dân dụng” "
    "tại xã Yên Hân, huyện Chợ Mới (đơn vị thụ hưởng là HTX Thành Long)",
    "đề án “Hỗ trợ ứng dụng máy móc thiết bị trong sản xuất gạch không nung silicat” tại xã Côn Minh, huyện Na Rì "
    "(đơn vị thụ hưởng là HKD Sằm Văn Thường)",
    "02/10 đề án chưa thực hiện gồm: đề án “Hội nghị tập huấn công tác khuyến công” và đề án “Hỗ trợ kinh phí "
    "quản lý chương trình đề án khuyến công năm 2018”",
])
def test_seed_facts_in_report(text, fact):
    assert fact in text


def test_frame_of_the_document(text):
    for part in ("UBND TỈNH BẮC KẠN", "SỞ CÔNG THƯƠNG", "Số: 15/BC-SCT", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Bắc Kạn, ngày 05 tháng 7 năm 2018", "BÁO CÁO",
                 "Thứ nhất,", "Thứ hai,", "Thứ ba,", "Nơi nhận:", "- Lưu: VT, TTKC&XTTM.",
                 "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nông Văn Minh", "Kính gửi:"):
        assert part in text, part
    assert text.index("Thứ nhất,") < text.index("Thứ hai,") < text.index("Thứ ba,")


def test_page_setup_is_a4_with_decree_margins(doc):
    s = doc.sections[0]
    assert (s.page_width.mm, s.page_height.mm) == (pytest.approx(210, abs=0.1), pytest.approx(297, abs=0.1))
    assert 19.9 <= s.top_margin.mm <= 25.1 and 19.9 <= s.bottom_margin.mm <= 25.1
    assert 29.9 <= s.left_margin.mm <= 35.1 and 14.9 <= s.right_margin.mm <= 20.1
    assert s.different_first_page_header_footer
    header_xml = s.header._element.xml
    assert "PAGE" in header_xml and "fldChar" in header_xml
    assert s.first_page_header.paragraphs[0].text == ""


def test_fonts_are_times_new_roman_and_body_is_justified(doc):
    runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
    assert runs and all(r.font.name == "Times New Roman" for r in runs)
    body = [p for p in doc.paragraphs if p.text.startswith("- 02/10 đề án đã hoàn thành")]
    assert body and body[0].alignment == 3  # justify
    assert body[0].paragraph_format.first_line_indent.cm == pytest.approx(1.27, abs=0.01)
    assert body[0].paragraph_format.space_after >= Pt(6)
    assert all(Pt(13) <= r.font.size <= Pt(14) for p in body for r in p.runs)


def test_header_table_matches_decree(doc):
    left, right = doc.tables[0].rows[0].cells
    lp = [p for p in left.paragraphs if p.text]
    rp = [p for p in right.paragraphs if p.text]
    assert lp[0].text == "UBND TỈNH BẮC KẠN" and not lp[0].runs[0].font.bold
    assert lp[1].text == "SỞ CÔNG THƯƠNG" and lp[1].runs[0].font.bold
    assert rp[0].runs[0].font.bold and rp[1].runs[0].font.bold
    assert rp[2].runs[0].font.italic
    # the rules: a bordered empty paragraph right under the issuing body and under the motto
    for cell, after in ((left, "SỞ CÔNG THƯƠNG"), (right, "Độc lập - Tự do - Hạnh phúc")):
        paras = cell.paragraphs
        i = next(k for k, p in enumerate(paras) if p.text == after)
        assert "w:pBdr" in paras[i + 1]._p.xml and paras[i + 1].text == ""
    assert "w:tblBorders" in doc.tables[0]._tbl.xml and 'w:val="nil"' in doc.tables[0]._tbl.xml


def test_signature_and_recipients_side_by_side(doc):
    sig = next(t for t in doc.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:").rows[0].cells
    assert sig[0].paragraphs[0].text == "Nơi nhận:"
    assert sig[0].paragraphs[0].runs[0].font.bold and sig[0].paragraphs[0].runs[0].font.italic
    assert all(p.runs[0].font.size == Pt(11) for p in sig[0].paragraphs[1:])
    assert sig[0].paragraphs[-1].text.startswith("- Lưu:")
    assert [p.text for p in sig[1].paragraphs if p.text] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nông Văn Minh"]


def test_document_properties(doc):
    assert doc.core_properties.author == "SỞ CÔNG THƯƠNG"
    assert "6 tháng đầu năm 2018" in doc.core_properties.title


def test_metrics_json(sample_outputs):
    m = json.loads((sample_outputs / "bac-kan/2018-6thang/metrics.json").read_text(encoding="utf-8"))
    assert (m["province"], m["year"], m["period"]) == ("bac-kan", 2018, "6thang")
    kcqg, kcdp = m["sources"]["KCQG"], m["sources"]["KCDP"]
    assert (kcqg["projects"], kcqg["support_vnd"]) == (3, 600_000_000)
    # Bắc Kạn counts its 02 nhiệm vụ chi as đề án (counting: chung), as the seed does: 10 đề án
    assert m["counting"] == "chung"
    assert (kcdp["projects"], kcdp["tasks"], kcdp["support_vnd"], kcdp["disbursed_vnd"]) == (
        10, 0, 529_000_000, 205_000_000)
    assert kcdp["status"] == {"completed": 2, "in_progress": 4, "adjusting": 0, "stopped": 2, "not_started": 2}
    assert kcqg["status"] == {"completed": 0, "in_progress": 1, "adjusting": 1, "stopped": 1, "not_started": 0}
    assert kcqg["stopped_projects"] == [{
        "name": "Hỗ trợ ứng dụng trong sản xuất các sản phẩm từ tre", "beneficiary": "Công ty TNHH Đinh Lâm",
        "place": "thị trấn Chợ Rã, huyện Ba Bể", "reason": "Đơn vị gặp khó khăn về thị trường tiêu thụ"}]
    assert kcdp["completion_ratio"] == pytest.approx(2 / 10)
    assert m["schema_version"] == "2.1" and len(m["records"]) == 13


def test_same_inputs_give_identical_bytes(sample_outputs, sample_inputs, root, tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, ["run", "--inputs", str(sample_inputs), "--outputs", str(tmp_path),
                                      "--config", str(root / "config.yaml"), "--province", "bac-kan"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / REPORT).read_bytes() == (sample_outputs / REPORT).read_bytes()

"""Writes the sample inputs that ship in inputs/ and the blank input template.

Bắc Kạn 2018 (mid-year) carries the facts of seed 002; amounts per đề án, disbursements and
the reasons for the two stopped KCĐP đề án are invented (the seed gives only totals).
Hà Giang 2022 and Quảng Ninh 2022 follow seeds 001 and 000; rows beyond their facts are invented.
Quảng Ninh uses an office's own layout (sections, subtotals, two-row merged header, status prose)
rather than the project's template. Run: python scripts/make_samples.py
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.app.input_template import Row, build_workbook  # noqa: E402
from pipeline.core.files import normalized_zip, write_bytes  # noqa: E402

ILLUSTRATIVE = "Dữ liệu minh họa: số liệu chi tiết từng đề án là giả định, chỉ các tổng số và tên đề án lấy từ bài báo nguồn."
FIXED = dt.datetime(2024, 1, 1)


def save(wb: Workbook, path: Path) -> None:
    wb.properties.created = wb.properties.modified = FIXED
    wb.properties.creator = "khuyencong"
    buf = io.BytesIO()
    wb.save(buf)
    write_bytes(path, normalized_zip(buf.getvalue()))


BAC_KAN = [
    Row("KCQG", "Hỗ trợ ứng dụng máy móc thiết bị trong chế biến nông lâm sản",
        "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ", "Đề án",
        "HTX Nông nghiệp Tân Thành", "xã Nông Thượng, thành phố Bắc Kạn", 200, 420, 0,
        "Đang thực hiện", None, "Đã triển khai ký kết hợp đồng và thực hiện theo kế hoạch"),
    Row("KCQG", "Hỗ trợ ứng dụng máy móc thiết bị trong sản xuất sản phẩm phụ tùng cơ khí",
        "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ", "Đề án",
        "HTX Thành Ngân", "xã Cường Lợi, huyện Na Rì", 200, 380, 0,
        "Xin điều chỉnh", None,
        "Đang nghiên cứu thị trường máy móc thiết bị để xem xét xin điều chỉnh nội dung hỗ trợ hoặc xin dừng thực hiện đề án"),
    Row("KCQG", "Hỗ trợ ứng dụng trong sản xuất các sản phẩm từ tre",
        "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ", "Đề án",
        "Công ty TNHH Đinh Lâm", "thị trấn Chợ Rã, huyện Ba Bể", 200, 450, 0,
        "Xin dừng thực hiện", None, "Đơn vị gặp khó khăn về thị trường tiêu thụ"),
    Row("KCĐP", "Tổ chức bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Kạn năm 2018",
        "Bình chọn sản phẩm CNNT tiêu biểu", "Đề án", "Trung tâm Khuyến công và Xúc tiến thương mại",
        "tỉnh Bắc Kạn", 60, None, 60, "Đã hoàn thành", 100, ""),
    Row("KCĐP", "Hỗ trợ kinh phí khảo sát xây dựng kế hoạch khuyến công năm 2019",
        "Quản lý chương trình, khảo sát xây dựng kế hoạch", "Nhiệm vụ chi",
        "Trung tâm Khuyến công và Xúc tiến thương mại", "tỉnh Bắc Kạn", 15, None, 15, "Đã hoàn thành", 100, ""),
    Row("KCĐP", "Thông tin, tuyên truyền hoạt động Khuyến công", "Thông tin tuyên truyền", "Đề án",
        "Trung tâm Khuyến công và Xúc tiến thương mại", "tỉnh Bắc Kạn", 40, None, 20, "Đang thực hiện", 50, ""),
    Row("KCĐP", "Tham gia hội chợ triển lãm giới thiệu quảng bá sản phẩm CNNT tỉnh Bắc Kạn",
        "Hội chợ, triển lãm, quảng bá sản phẩm", "Đề án", "Trung tâm Khuyến công và Xúc tiến thương mại",
        "tỉnh Bắc Kạn", 80, None, 40, "Đang thực hiện", 50, ""),
    Row("KCĐP", "Hỗ trợ thiết kế mẫu mã, bao bì sản phẩm", "Thiết kế mẫu mã, bao bì, xây dựng thương hiệu",
        "Đề án", "Trung tâm Khuyến công và Xúc tiến thương mại", "tỉnh Bắc Kạn", 50, None, 25,
        "Đang thực hiện", 50, ""),
    Row("KCĐP", "Hỗ trợ ứng dụng máy móc thiết bị trong sản xuất đồ mộc dân dụng",
        "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ", "Đề án", "HKD Lại Văn Tú",
        "xã Quang Phong, huyện Na Rì", 90, 150, 45, "Đang thực hiện", 50, ""),
    Row("KCĐP", "Hỗ trợ ứng dụng máy móc thiết bị trong sản xuất đồ mộc dân dụng",
        "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ", "Đề án", "HTX Thành Long",
        "xã Yên Hân, huyện Chợ Mới", 90, 160, 0, "Xin dừng thực hiện", None,
        "Đơn vị không thu xếp được vốn đối ứng (minh họa)"),
    Row("KCĐP", "Hỗ trợ ứng dụng máy móc thiết bị trong sản xuất gạch không nung silicat",
        "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ", "Đề án", "HKD Sằm Văn Thường",
        "xã Côn Minh, huyện Na Rì", 70, 130, 0, "Xin dừng thực hiện", None,
        "Đơn vị thay đổi kế hoạch sản xuất (minh họa)"),
    Row("KCĐP", "Hội nghị tập huấn công tác khuyến công", "Đào tạo, tập huấn, nâng cao năng lực", "Đề án",
        "Trung tâm Khuyến công và Xúc tiến thương mại", "tỉnh Bắc Kạn", 20, None, 0, "Chưa thực hiện", None, ""),
    Row("KCĐP", "Hỗ trợ kinh phí quản lý chương trình đề án khuyến công năm 2018",
        "Quản lý chương trình, khảo sát xây dựng kế hoạch", "Nhiệm vụ chi",
        "Trung tâm Khuyến công và Xúc tiến thương mại", "tỉnh Bắc Kạn", 14, None, 0, "Chưa thực hiện", None, ""),
]

_HG_MACHINES = [
    ("máy đóng trà túi lọc", "HKD Vàng Seo Dìn", "xã Thông Nguyên, huyện Hoàng Su Phì", 130, "Đã hoàn thành", 100),
    ("máy sao chè", "HTX chè Shan tuyết Phìn Hồ", "xã Thông Nguyên, huyện Hoàng Su Phì", 120, "Đã hoàn thành", 100),
    ("máy chế biến gỗ", "HKD Nguyễn Văn Thắng", "xã Vĩnh Phúc, huyện Bắc Quang", 125, "Đã hoàn thành", 100),
    ("máy sấy thảo dược", "HTX Dược liệu Quản Bạ", "xã Quản Bạ, huyện Quản Bạ", 130, "Đã hoàn thành", 100),
    ("máy ép gạch không nung", "Công ty TNHH Xây dựng Minh Phát", "xã Đạo Đức, huyện Vị Xuyên", 140, "Đã nghiệm thu", 100),
    ("máy chế biến mật ong bạc hà", "HTX Ong mật Mèo Vạc", "thị trấn Mèo Vạc, huyện Mèo Vạc", 110, "Đang thực hiện", 70),
    ("máy sấy lạnh hoa quả", "HKD Lù Thị Mai", "xã Yên Bình, huyện Quang Bình", 115, "Đang thực hiện", 60),
    ("máy dệt thổ cẩm", "HTX Dệt thổ cẩm Lùng Tám", "xã Lùng Tám, huyện Quản Bạ", 100, "Đã ký hợp đồng, đang lắp đặt", 40),
    ("máy xay xát, đánh bóng gạo", "HKD Hoàng Văn Chung", "xã Nấm Dẩn, huyện Xín Mần", 95, "Đang thực hiện", 50),
    ("máy chế biến thịt gác bếp", "HTX Nông sản Yên Minh", "thị trấn Yên Minh, huyện Yên Minh", 105, "Đang thực hiện", 50),
    ("máy cắt đá xây dựng", "HKD Sùng Mí Chứ", "xã Đồng Văn, huyện Đồng Văn", 90, "Xin điều chỉnh", 0),
]
HA_GIANG = [
    Row("KCQG", "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến chè tỉnh Hà Giang (đề án nhóm)",
        "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ", "Đề án nhóm", "04 cơ sở CNNT",
        "các huyện Vị Xuyên, Bắc Quang, Hoàng Su Phì", 600, 1450, 300, "Đã ký hợp đồng, đang triển khai", 50,
        "Dự kiến nghiệm thu tháng 11/2022"),
    Row("KCQG", "Hỗ trợ ứng dụng máy móc thiết bị trong chế biến nông sản, dược liệu tỉnh Hà Giang (đề án nhóm)",
        "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ", "Đề án nhóm", "03 cơ sở CNNT",
        "các huyện Quản Bạ, Yên Minh, Đồng Văn", 600, 1320, 300, "Đang triển khai", 50,
        "Dự kiến nghiệm thu tháng 11/2022"),
] + [
    Row("KCĐP", f"Hỗ trợ ứng dụng {machine}", "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ", "Đề án",
        who, where, amount, round(amount * 1.6), amount if progress == 100 else round(amount * progress / 200),
        status, progress, "")
    for machine, who, where, amount, status, progress in _HG_MACHINES
] + [
    Row("KCĐP", "Tổ chức bình chọn sản phẩm CNNT tiêu biểu cấp tỉnh năm 2022", "Bình chọn sản phẩm CNNT tiêu biểu",
        "Đề án", "Trung tâm Khuyến công - Xúc tiến công thương", "tỉnh Hà Giang", 200, None, 20,
        "Đang thực hiện", 30, "Đang tiếp nhận hồ sơ đăng ký"),
    Row("KCĐP", "Nhiệm vụ chi phục vụ công tác quản lý hoạt động khuyến công", "Quản lý chương trình, khảo sát xây dựng kế hoạch",
        "Nhiệm vụ chi", "Trung tâm Khuyến công - Xúc tiến công thương", "tỉnh Hà Giang", 185, None, 90,
        "Đang thực hiện", 60, ""),
]


def quang_ninh_workbook() -> Workbook:
    """An office's own layout: sections, subtotals, merged two-row header, prose statuses."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp 2022"
    ws["A1"] = "SỞ CÔNG THƯƠNG QUẢNG NINH"
    ws["A2"] = "TRUNG TÂM KHUYẾN CÔNG VÀ XÚC TIẾN THƯƠNG MẠI"
    ws["A4"] = "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC ĐỀ ÁN KHUYẾN CÔNG NĂM 2022"
    ws["A5"] = ILLUSTRATIVE
    for c in ("A1", "A2", "A4"):
        ws[c].font = Font(bold=True)
    ws.merge_cells("A4:J4")
    top = ["TT", "Tên đề án", "Cơ sở thụ hưởng", "Địa bàn", "Kinh phí (triệu đồng)", None, None,
           "Tình hình thực hiện", "Ghi chú", "Quyết định phê duyệt"]
    sub = [None, None, None, None, "KC hỗ trợ", "Đối ứng", "Đã giải ngân", None, None, None]
    for i, (a, b) in enumerate(zip(top, sub), start=1):
        ws.cell(7, i, a)
        ws.cell(8, i, b)
        for r in (7, 8):
            ws.cell(r, i).font = Font(bold=True)
            ws.cell(r, i).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for col in "ABCDHIJ":
        ws.merge_cells(f"{col}7:{col}8")
    ws.merge_cells("E7:G7")
    for i in range(1, 11):
        ws.cell(9, i, f"({i})")
    data = [
        ("A", "Khuyến công quốc gia", None, None, 1800, None, None, None, None),
        (1, "Hỗ trợ ứng dụng máy móc thiết bị trong chế biến thủy sản (đề án nhóm)", "04 cơ sở CNNT",
         "Vân Đồn; Đầm Hà; Hải Hà", 600, 1250, 600, "Đã nghiệm thu, thanh quyết toán", None),
        (2, "Hỗ trợ ứng dụng máy móc thiết bị trong sản xuất gốm sứ (đề án nhóm)", "03 cơ sở CNNT",
         "Đông Triều", 600, 1400, 600, "Đã nghiệm thu hoàn thành", None),
        (3, "Hỗ trợ ứng dụng máy móc thiết bị trong chế biến lâm sản (đề án nhóm)", "03 cơ sở CNNT",
         "Ba Chẽ; Tiên Yên; Bình Liêu", 600, 1180, 480, "Đã lắp đặt, chạy thử; hoàn thành 80% khối lượng",
         "Chờ nghiệm thu"),
        (None, "Cộng", None, None, 1800, None, None, None, None),
        ("B", "Khuyến công địa phương", None, None, None, None, None, None, None),
        (1, "Hỗ trợ ứng dụng máy cấp đông trong chế biến chả mực", "HKD Hoàng Thị Hoa", "Hạ Long",
         250, 400, 250, "Đã hoàn thành", None),
        (2, "Hỗ trợ ứng dụng máy móc thiết bị sản xuất rượu Ba Kích", "HTX Ba Kích Quảng Ninh", "Ba Chẽ",
         200, 350, 200, "Đã nghiệm thu", None),
        (3, "Hỗ trợ máy sấy trong chế biến miến dong", "HTX Miến dong Bình Liêu", "Bình Liêu",
         180, 260, 180, "Đã hoàn thành", None),
        (4, "Hỗ trợ ứng dụng máy móc thiết bị sản xuất gạch không nung", "Công ty TNHH Vật liệu xây dựng Tiên Yên",
         "Tiên Yên", 300, 900, 300, "Đã bàn giao", None),
        (5, "Xây dựng mô hình trình diễn kỹ thuật sản xuất trà hoa vàng", "HTX Trà hoa vàng Ba Chẽ", "Ba Chẽ",
         280, 420, 140, "đã thực hiện 140/280 triệu đồng, đạt 50%", None),
        (6, "Tổ chức bình chọn sản phẩm CNNT tiêu biểu cấp tỉnh năm 2022", "Trung tâm KC&XTTM", "Hạ Long",
         150, None, 150, "Đã hoàn thành", None),
        (7, "Hỗ trợ tham gia hội chợ triển lãm hàng CNNT khu vực phía Bắc", "Trung tâm KC&XTTM", "Hạ Long",
         120, None, 120, "Đã hoàn thành", None),
        (8, "Hỗ trợ thiết kế bao bì, nhãn mác sản phẩm nước mắm Cái Rồng", "HKD Nguyễn Văn Hùng", "Vân Đồn",
         80, 40, 80, "Đã nghiệm thu", None),
        (9, "Hỗ trợ ứng dụng máy móc thiết bị trong sản xuất đồ gỗ mỹ nghệ", "Cơ sở mộc Đức Thành", "Uông Bí",
         200, 380, 0, "Ngừng thực hiện theo đề nghị của đơn vị thụ hưởng",
         "Cơ sở chuyển địa điểm sản xuất, không đủ điều kiện thực hiện"),
        (10, "Nhiệm vụ chi quản lý, kiểm tra, giám sát các đề án khuyến công", "Trung tâm KC&XTTM", "Hạ Long",
         60, None, 60, "Đã thanh quyết toán", None),
        (None, "Cộng", None, None, 1820, None, None, None, None),
        (None, "Tổng cộng (A+B)", None, None, 3620, None, None, None, None),
    ]
    kcqg, kcdp = "QĐ số 1152/QĐ-BCT ngày 14/3/2022", "QĐ số 412/QĐ-UBND ngày 18/02/2022"
    for r, values in enumerate(data, start=10):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
        if isinstance(values[0], int):
            ws.cell(r, 10, kcqg if r < 14 else kcdp)
        if values[0] in ("A", "B") or values[1] in ("Cộng", "Tổng cộng (A+B)"):
            for c in range(1, 10):
                ws.cell(r, c).font = Font(bold=True)
    ws["L11"] = "=E11*0.3"  # a helper calculation beside the table, as offices do
    plan = wb.create_sheet("Kế hoạch 2023")
    plan.append(["DANH MỤC ĐỀ ÁN ĐĂNG KÝ KẾ HOẠCH KHUYẾN CÔNG NĂM 2023"])
    plan.append([])
    plan.append(["TT", "Nguồn", "Tên đề án", "Đơn vị thụ hưởng", "Địa điểm", "Kinh phí đề nghị hỗ trợ (triệu đồng)"])
    for i, row in enumerate([
        ("KCQG", "Hỗ trợ ứng dụng máy móc thiết bị trong chế biến hải sản (đề án nhóm)", "04 cơ sở CNNT", "Vân Đồn; Cô Tô", 700),
        ("KCĐP", "Hỗ trợ ứng dụng máy móc thiết bị trong sản xuất trà hoa vàng", "HTX Trà hoa vàng Ba Chẽ", "Ba Chẽ", 250),
        ("KCĐP", "Xây dựng mô hình trình diễn kỹ thuật sản xuất gốm mỹ nghệ", "Công ty TNHH Gốm Đông Triều", "Đông Triều", 300),
    ], start=1):
        plan.append([i, *row])
    for col, width in zip("ABCDEFGHIJ", (5, 50, 30, 22, 10, 10, 10, 36, 30, 30)):
        ws.column_dimensions[col].width = width
    return wb


NARRATIVES = {
    "bac-kan/thuyet-minh-2018-6thang.md": """\
---
# Thuyết minh báo cáo 6 tháng đầu năm 2018 - tỉnh Bắc Kạn. Giữa hai dòng --- là số, ngày của văn
# bản; dòng bắt đầu bằng # ở đây là ghi chú. Dưới đó, mỗi đề mục "# …" là một phần của báo cáo.
so: 15
ngay: 05/07/2018
so_lieu_mau: có   # số liệu mẫu đi kèm chương trình: chân mỗi trang ghi rõ. Xóa dòng này khi dùng số liệu thật.
---

# Giải pháp

- Thực hiện điều chỉnh, bổ sung các đề án và phấn đấu hoàn thành 100% kế hoạch khuyến công quốc gia, kế hoạch khuyến công địa phương đã được cấp có thẩm quyền phê duyệt, bảo đảm tiến độ và các chỉ tiêu yêu cầu.
- Đôn đốc các đơn vị thụ hưởng triển khai các đề án đã được giao; hỗ trợ có trọng điểm, ưu tiên các đề án có tính lan tỏa.
- Đổi mới công tác tuyên truyền, hướng dẫn đăng ký đề án, tạo điều kiện cho doanh nghiệp, hợp tác xã, cơ sở sản xuất xây dựng đề án có tính khả thi cao.
- Tổ chức hội nghị tập huấn khuyến công cho cán bộ Phòng Kinh tế thành phố, Phòng Kinh tế - Hạ tầng các huyện và UBND các xã, phường, thị trấn.
- Tăng cường kiểm tra, giám sát, kịp thời tháo gỡ khó khăn, vướng mắc của các đề án; sử dụng kinh phí hỗ trợ đúng mục đích, đúng chế độ.

# Kế hoạch năm sau

Hoạt động khuyến công năm 2019 tập trung hỗ trợ xây dựng mô hình trình diễn kỹ thuật để phổ biến công nghệ mới, sản xuất sản phẩm mới; ứng dụng máy móc thiết bị, chuyển giao công nghệ tiên tiến vào sản xuất công nghiệp - tiểu thủ công nghiệp; xây dựng và đăng ký thương hiệu, nhãn hiệu cho sản phẩm công nghiệp nông thôn.

Sở Công Thương đã hướng dẫn các cơ sở công nghiệp nông thôn lập hồ sơ đăng ký đề án khuyến công năm 2019. Qua xem xét, chưa có đề án nào đáp ứng yêu cầu của đề án khuyến công quốc gia, vì vậy Sở tiếp tục hướng dẫn các cơ sở hoàn thiện hồ sơ để có nguồn xây dựng kế hoạch khuyến công quốc gia năm 2019.
""",
    "ha-giang/thuyet-minh-2022-9thang.md": """\
---
so_lieu_mau: có   # số liệu mẫu đi kèm chương trình: chân mỗi trang ghi rõ. Xóa dòng này khi dùng số liệu thật.
---

# Giải pháp

- Phối hợp với các đơn vị liên quan tổ chức nghiệm thu các đề án đã hoàn thành trong tháng 11/2022.
- Tăng cường kiểm tra, giám sát các đề án tại các xã vùng sâu, vùng xa, nhất là trong mùa mưa bão.
- Phối hợp chặt chẽ với Phòng Kinh tế thành phố, Phòng Kinh tế và Hạ tầng các huyện trong tổ chức thực hiện đề án.

# Kế hoạch năm sau

Ưu tiên hỗ trợ ngành sản xuất, chế biến sản phẩm có thế mạnh của địa phương, sản phẩm thân thiện với môi trường, sử dụng nguyên liệu tại chỗ và nhiều lao động; tiếp tục hỗ trợ xây dựng mô hình trình diễn kỹ thuật, ứng dụng thiết bị vào sản xuất, xây dựng thương hiệu và tham gia hội chợ triển lãm.
""",
    "quang-ninh/thuyet-minh-2022-nam.md": """\
---
# Thuyết minh báo cáo năm 2022 - tỉnh Quảng Ninh (số liệu mẫu).
so_lieu_mau: có   # số liệu mẫu đi kèm chương trình: chân mỗi trang ghi rõ. Xóa dòng này khi dùng số liệu thật.
kinh_phi_ke_hoach:   # kinh phí kế hoạch năm được phê duyệt, theo nguồn (triệu đồng): cột "Kế hoạch" của bảng kinh phí
  KCQG: 1.800
  KCĐP: 2.000
---

# Kết quả, tác động

Máy móc thiết bị được hỗ trợ giúp các cơ sở nâng cao năng suất lao động từ 20 - 30%, tạo việc làm ổn định cho khoảng 150 lao động địa phương; sản phẩm rượu Ba Kích, miến dong Bình Liêu, nước mắm Cái Rồng có bao bì, nhãn mác mới.

# Khó khăn, vướng mắc và nguyên nhân

- Một số cơ sở công nghiệp nông thôn quy mô nhỏ, năng lực tài chính hạn chế nên khó bố trí vốn đối ứng, phải xin dừng hoặc điều chỉnh đề án.
- Giá máy móc thiết bị tăng so với thời điểm lập đề án, một số đơn vị phải điều chỉnh danh mục thiết bị.

# Kiến nghị, đề xuất

- Đề nghị Bộ Công Thương tiếp tục quan tâm, bố trí kinh phí khuyến công quốc gia hỗ trợ các đề án điểm của tỉnh.
- Đề nghị UBND tỉnh bố trí kinh phí khuyến công địa phương năm 2023 đúng kế hoạch, sớm giao dự toán để triển khai từ đầu năm.
""",
}


def main() -> None:
    inputs = ROOT / "inputs"
    save(build_workbook("Bắc Kạn", "6 tháng đầu năm 2018", BAC_KAN, remark=ILLUSTRATIVE, spare_rows=50),
         inputs / "bac-kan" / "bac-kan-2018-6thang.xlsx")
    save(build_workbook("Hà Giang", "9 tháng năm 2022", HA_GIANG, remark=ILLUSTRATIVE, spare_rows=50),
         inputs / "ha-giang" / "ha-giang-2022-9thang.xlsx")
    save(quang_ninh_workbook(), inputs / "quang-ninh" / "quang-ninh-2022-nam.xlsx")
    save(build_workbook(), ROOT / "templates" / "mau-nhap-lieu.xlsx")
    for rel, text in NARRATIVES.items():
        write_bytes(inputs / rel, text.encode("utf-8"))


if __name__ == "__main__":
    main()

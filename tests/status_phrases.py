"""Status wordings seen in provincial tracking sheets, with what they mean: (text, status, progress).

progress None means the text gives no work percentage (a completed đề án reads as 100).
"""

C, P, A, S, N = "completed", "in_progress", "adjusting", "stopped", "not_started"

PHRASES: list[tuple[str, str, float | None]] = [
    # completed
    ("Đã hoàn thành", C, 100.0), ("Hoàn thành", C, 100.0), ("đã hoàn thành", C, 100.0), ("ĐÃ HOÀN THÀNH", C, 100.0),
    ("Đã nghiệm thu", C, 100.0), ("Đã nghiệm thu ngày 15/11", C, 100.0), ("Đã nghiệm thu ngày 15/11/2022", C, 100.0),
    ("nghiệm thu ngày 20/12/2021", C, 100.0), ("Đã nghiệm thu, bàn giao", C, 100.0),
    ("Đã nghiệm thu, thanh lý hợp đồng", C, 100.0), ("Đã hoàn thành, đã nghiệm thu", C, 100.0),
    ("Hoàn thành, nghiệm thu", C, 100.0), ("Đã bàn giao", C, 100.0), ("đã bàn giao đưa vào sử dụng", C, 100.0),
    ("Đã thanh quyết toán", C, 100.0), ("đã quyết toán", C, 100.0), ("Đã nghiệm thu, đang thanh toán", C, 100.0),
    ("Đã nghiệm thu, đang làm thủ tục quyết toán", C, 100.0), ("Đang thanh quyết toán", C, 100.0),
    ("Đã tổ chức thành công", C, 100.0), ("Đã tổ chức", C, 100.0), ("Đã thực hiện xong", C, 100.0),
    ("Hoàn thành 100%", C, 100.0), ("Đạt 100% khối lượng", C, 100.0), ("đã hoàn thành 100% khối lượng", C, 100.0),
    ("Đã kết thúc", C, 100.0), ("Đã hoàn tất", C, 100.0), ("Da hoan thanh", C, 100.0), ("da nghiem thu", C, 100.0),
    ("Đã hoàn thành và nghiệm thu", C, 100.0), ("Đã đưa vào sản xuất", C, 100.0),
    ("Hoàn thành đưa vào sử dụng", C, 100.0), ("Đã nghiệm thu thanh lý", C, 100.0),
    ("Đã hoàn thành (nghiệm thu ngày 10/6/2018)", C, 100.0), ("Đã nghiệm thu; đã giải ngân 100%", C, 100.0),
    ("Đã hoàn thành, đã giải ngân 100% kinh phí", C, 100.0), ("Đã thanh lý hợp đồng", C, 100.0),
    ("Xong", C, 100.0), ("Đã xong", C, 100.0), ("Đã chi trả", C, 100.0),
    # in progress
    ("Đang thực hiện", P, None), ("đang thực hiện", P, None), ("ĐANG THỰC HIỆN", P, None), ("Đang triển khai", P, None),
    ("Đang triển khai thực hiện", P, None), ("Đã ký hợp đồng", P, None), ("Đã ký kết hợp đồng", P, None),
    ("Đã ký HĐ", P, None), ("Đang vận hành thử", P, None), ("đang vận hành thử máy", P, None),
    ("Đang lắp đặt thiết bị", P, None), ("Đã lắp đặt, đang chạy thử", P, None), ("Đang chạy thử", P, None),
    ("Đã tạm ứng", P, None), ("Đã tạm ứng 50%", P, None), ("đã tạm ứng 30% kinh phí", P, None),
    ("Đã giải ngân 50%", P, None), ("Đang giải ngân", P, None), ("Chưa hoàn thành", P, None),
    ("chưa nghiệm thu", P, None), ("Chưa được nghiệm thu", P, None), ("Dự kiến hoàn thành tháng 12", P, None),
    ("dự kiến hoàn thành trong tháng 12/2022", P, None), ("Dự kiến nghiệm thu quý IV", P, None),
    ("Sẽ hoàn thành trong quý III", P, None), ("Phấn đấu hoàn thành trước 30/9", P, None),
    ("Kế hoạch hoàn thành tháng 11", P, None), ("Đã hoàn thành 50% khối lượng", P, 50.0),
    ("đã hoàn thành được 50% khối lượng công việc", P, 50.0), ("Hoàn thành 70% khối lượng", P, 70.0),
    ("Đạt 80% khối lượng", P, 80.0), ("Đang thực hiện, đạt 60%", P, 60.0), ("Đang thực hiện (40%)", P, 40.0),
    ("Đã thực hiện 380/3.677 triệu đồng, đạt 10,3%", P, 10.3), ("Đang mua sắm thiết bị", P, None),
    ("Đang lựa chọn nhà thầu", P, None), ("Đã lựa chọn nhà thầu", P, None), ("Đang tổ chức đấu thầu", P, None),
    ("Đang chờ nghiệm thu", P, None), ("Chờ nghiệm thu", P, None), ("Đề nghị nghiệm thu", P, None),
    ("Đã hoàn thành lắp đặt, đang vận hành thử", P, None), ("Hoàn thành lắp đặt", P, None),
    ("Đã nghiệm thu giai đoạn 1, đang thực hiện giai đoạn 2", P, None), ("Hoàn thành giai đoạn 1", P, None),
    ("Đang thi công", P, None), ("Đã khởi công", P, None), ("Đang tổ chức lớp học", P, None),
    ("Đang đào tạo", P, None), ("Đang sản xuất thử", P, None), ("Đã ký hợp đồng, đã tạm ứng 30%", P, None),
    ("Đã ký hợp đồng, chưa giải ngân", P, None), ("dang thuc hien", P, None), ("Đang hoàn thiện", P, None),
    ("Đã giao thiết bị, đang lắp đặt", P, None), ("Đang hoàn thiện hồ sơ nghiệm thu", P, None),
    ("Đang thực hiện theo kế hoạch", P, None), ("Thực hiện theo kế hoạch", P, None), ("Đã triển khai", P, None),
    ("Đã mua sắm máy móc", P, None), ("Đang tiến hành", P, None), ("Đang thực hiện hợp đồng", P, None),
    ("Chưa bàn giao", P, None), ("Chưa quyết toán", P, None), ("Đã thực hiện", P, None),
    # adjusting
    ("Xin điều chỉnh", A, None), ("xin điều chỉnh nội dung", A, None), ("Đề nghị điều chỉnh", A, None),
    ("Đang xem xét điều chỉnh nội dung / gia hạn", A, None), ("Xin gia hạn", A, None),
    ("Xin gia hạn thời gian thực hiện", A, None), ("Đề nghị gia hạn đến 31/12", A, None),
    ("Đang điều chỉnh", A, None), ("Trình điều chỉnh", A, None), ("Chờ điều chỉnh", A, None),
    ("Xin thay đổi đơn vị thụ hưởng", A, None), ("Đề nghị thay đổi nội dung", A, None),
    ("Điều chỉnh thời gian thực hiện", A, None), ("Xin chuyển đổi nội dung", A, None),
    ("xem xét xin điều chỉnh nội dung hỗ trợ hoặc xin dừng thực hiện", A, None),
    ("Đang thực hiện, xin điều chỉnh thời gian", A, None), ("Xin thay thế thiết bị", A, None),
    ("Đã ký hợp đồng, xin gia hạn", A, None),
    # stopped
    ("Xin dừng thực hiện", S, None), ("Xin dừng", S, None), ("Dừng thực hiện", S, None),
    ("ngừng thực hiện (theo đề nghị của đơn vị thụ hưởng)", S, None), ("Dừng triển khai", S, None),
    ("Tạm dừng", S, None), ("Đã dừng", S, None), ("Đề nghị dừng", S, None), ("Ngừng triển khai", S, None),
    ("Không thực hiện", S, None), ("Không triển khai", S, None), ("Hủy bỏ", S, None), ("Rút khỏi", S, None),
    ("Xin rút", S, None), ("Không tiếp tục thực hiện", S, None), ("Xin ngừng", S, None),
    ("Không có khả năng thực hiện", S, None), ("Không thực hiện được do thiếu vốn đối ứng", S, None),
    ("Đơn vị xin dừng", S, None), ("XIN DỪNG THỰC HIỆN", S, None), ("xin dung thuc hien", S, None),
    ("Đã ký hợp đồng nhưng xin dừng", S, None), ("Thu hồi kinh phí", S, None),
    # not started
    ("Chưa thực hiện", N, None), ("CHƯA THỰC HIỆN", N, None), ("Chưa triển khai", N, None),
    ("Chưa ký hợp đồng", N, None), ("Chưa ký HĐ", N, None), ("Chưa bắt đầu", N, None),
    ("Chuẩn bị triển khai", N, None), ("Đang chuẩn bị", N, None), ("Đang chuẩn bị hồ sơ", N, None),
    ("Chưa tiến hành", N, None), ("Chưa khởi công", N, None), ("Mới phê duyệt", N, None), ("Mới giao", N, None),
    ("Đang làm thủ tục", N, None), ("Đang hoàn thiện hồ sơ", N, None), ("Hoàn thiện hồ sơ", N, None),
    ("Dự kiến triển khai quý III", N, None), ("Kế hoạch thực hiện tháng 10", N, None),
    ("Đang thương thảo hợp đồng", N, None), ("Dự kiến tổ chức tháng 8", N, None), ("Đang khảo sát", N, None), ("chua thuc hien", N, None),
    ("Chưa ký kết hợp đồng", N, None), ("0%", N, 0.0),
]

UNKNOWN: list[str] = [
    "chờ ý kiến", "tốt", "bình thường", "xem ghi chú", "?", "đang chờ ý kiến", "theo dõi", "khá",
    "đang xem xét", "không rõ", "chờ kinh phí",
]

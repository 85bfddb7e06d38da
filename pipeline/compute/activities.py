"""The activity (nội dung hoạt động khuyến công) of a record, in one list shared by every province,
so a roll-up can add "ứng dụng máy móc thiết bị" across offices that word it differently.

A record's own content (a column or a group heading) decides when it names an activity; otherwise
its name does ("Hỗ trợ ứng dụng máy móc thiết bị trong chế biến chè" -> machinery). The first
activity whose words appear wins, so the specific ones come before the broad ones.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.core.textnorm import fold

OTHER = "Hoạt động khác"
ACTIVITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Bình chọn sản phẩm CNNT tiêu biểu", ("binh chon", "ton vinh")),
    ("Xây dựng mô hình trình diễn kỹ thuật", ("mo hinh trinh dien", "trinh dien ky thuat")),
    ("Hỗ trợ cụm công nghiệp", ("cum cong nghiep",)),
    ("Sản xuất sạch hơn, tiêu dùng bền vững", ("san xuat sach hon", "tieu dung ben vung", "tiet kiem nang luong")),
    ("Chuyển đổi số", ("chuyen doi so",)),
    ("Thiết kế mẫu mã, bao bì, xây dựng thương hiệu", ("mau ma", "bao bi", "nhan mac", "thuong hieu", "nhan hieu")),
    ("Hội chợ, triển lãm, quảng bá sản phẩm", ("hoi cho", "trien lam", "quang ba", "gioi thieu san pham",
                                                "xuc tien thuong mai", "phong trung bay")),
    ("Đào tạo, tập huấn, nâng cao năng lực", ("dao tao", "tap huan", "nang cao nang luc", "hoi thao", "tham quan")),
    ("Thông tin tuyên truyền", ("tuyen truyen", "thong tin", "ban tin", "phong su")),
    ("Tư vấn", ("tu van",)),
    ("Quản lý chương trình, khảo sát xây dựng kế hoạch", ("quan ly", "khao sat", "kiem tra", "giam sat",
                                                         "xay dung ke hoach", "nhiem vu chi")),
    ("Ứng dụng máy móc thiết bị, chuyển giao công nghệ", ("may moc", "thiet bi", "chuyen giao cong nghe",
                                                         "ung dung", "day chuyen", "may ")),
)
_PATTERNS = tuple((label, re.compile("|".join(rf"(?<![a-z]){re.escape(w)}" for w in words)))
                  for label, words in ACTIVITIES)


def _match(text: str) -> str | None:
    folded = fold(text or "")
    for label, pattern in _PATTERNS:
        if pattern.search(folded):
            return label
    return None


@lru_cache(maxsize=4096)
def activity(content: str, name: str) -> str:
    """The shared activity of a record from its content, else its name; OTHER when neither says."""
    return _match(content) or _match(name) or OTHER

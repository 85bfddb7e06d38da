"""Property-based: sheets with random layout noise still read into exactly the planted records."""

import io
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from pipeline.core.textnorm import fold
from pipeline.ingest import ingest_file
from tests.conftest import record_tuples

pytestmark = pytest.mark.slow

STATUSES = {"Đã hoàn thành": "completed", "Đang thực hiện": "in_progress", "Xin điều chỉnh": "adjusting",
            "Xin dừng thực hiện": "stopped", "Chưa thực hiện": "not_started"}
HEADERS = {
    "name": ["Tên đề án", "Tên đề án, nhiệm vụ", "TÊN ĐỀ ÁN", "Nội dung đề án"],
    "beneficiary": ["Đơn vị thụ hưởng", "Cơ sở thụ hưởng", "Đơn vị thực hiện"],
    "support": ["Kinh phí hỗ trợ (triệu đồng)", "Kinh phí KC hỗ trợ\n(triệu đồng)", "Kinh phí khuyến công hỗ trợ"],
    "status": ["Tình trạng", "Tình hình thực hiện", "Kết quả thực hiện"],
    "source": ["Nguồn kinh phí", "Nguồn", "Nguồn vốn"],
}
# A name that begins like a structure row ("Tổng cộng", "Cộng", "Trong đó", "Ghi chú", "Nơi nhận")
# is read as that row, by a person and by the reader alike; such names are not đề án names.
STRUCTURE_WORDS = ("tong", "cong", "trong do", "trong so", "ghi chu", "noi nhan", "nguoi lap")
words = st.text(alphabet=string.ascii_letters + "ăâđêôơưáàảãạ ", min_size=3, max_size=25).map(lambda s: " ".join(s.split())).filter(
    lambda s: len(s) >= 3 and not fold(s).startswith(STRUCTURE_WORDS))
record = st.tuples(
    st.sampled_from(["KCQG", "KCĐP"]), words, words, st.integers(min_value=1, max_value=5_000),
    st.sampled_from(sorted(STATUSES)),
)


@st.composite
def layouts(draw):
    records = draw(st.lists(record, min_size=1, max_size=12))
    order = draw(st.permutations(["name", "beneficiary", "support", "status", "source"]))
    return {
        "records": records,
        "order": order,
        "labels": {f: draw(st.sampled_from(HEADERS[f])) for f in order},
        "title_rows": draw(st.integers(0, 6)),
        "spacers": draw(st.integers(0, 3)),
        "lead_cols": draw(st.integers(0, 3)),
        "stt": draw(st.booleans()),
        "blank_after": draw(st.lists(st.booleans(), min_size=12, max_size=12)),
        "helper": draw(st.booleans()),
    }


def _build(layout) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu"
    rows = [["BÁO CÁO TÌNH HÌNH ĐỀ ÁN"] for _ in range(layout["title_rows"])] + [[] for _ in range(layout["spacers"])]
    pad = [None] * layout["lead_cols"]
    head = (["STT"] if layout["stt"] else []) + [layout["labels"][f] for f in layout["order"]]
    rows.append(pad + head + ([None, "Ghi nhớ"] if layout["helper"] else []))
    for i, (source, name, who, support, status) in enumerate(layout["records"], start=1):
        values = {"name": name, "beneficiary": who, "support": support, "status": status, "source": source}
        row = pad + ([i] if layout["stt"] else []) + [values[f] for f in layout["order"]]
        rows.append(row + ([None, support * 2] if layout["helper"] else []))
        if layout["blank_after"][i - 1]:
            rows.append([])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@settings(max_examples=int(__import__("os").environ.get("KC_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=layouts())
def test_records_equal_planted_and_ledger_balances(layout, config, tmp_path_factory):
    path = tmp_path_factory.mktemp("prop") / "bieu.xlsx"
    path.write_bytes(_build(layout))
    result = ingest_file(path, path.name, config, "bac-kan")
    expected = [("KCQG" if s == "KCQG" else "KCDP", n, w, m * 1_000_000, STATUSES[st_])
                for s, n, w, m, st_ in layout["records"]]
    got = record_tuples(result.reported, "source", "name", "beneficiary", "support_vnd", "status")
    assert got == expected
    # a header without a unit and numbers that fit two units: the assumption is said, never silent
    assert [f for f in result.findings if f.code not in ("UNIT_ASSUMED", "UNIT_INFERRED")] == []
    assert all("(triệu đồng)" not in layout["labels"]["support"] for f in result.findings)
    (ledger,) = result.ledgers
    assert ledger.balanced
    assert ledger.records == len(expected) and ledger.rejected == []

"""Each shortcut taken for speed gives what the plain way gives (issue 20: outputs stay byte-identical)."""

from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.textnorm import _FOLD, _clean_text, clean, fold
from pipeline.ingest.roles import TableReader, _numbering_row
from pipeline.render import docx as docx_render
from pipeline.render import ooxml
from pipeline.render.appendix import HEAD_TOP

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
TEXT = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + "0123456789 \n\t.,:;-–()/\"“”*'\u0301\u0323", max_size=60)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_folding_word_by_word_is_folding_letter_by_letter(text):
    assert fold(text) == clean(text).lower().translate(_FOLD)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.integers(min_value=-10**20, max_value=10**20), st.floats(allow_nan=True, allow_infinity=True),
                 st.booleans()))
def test_a_number_is_cleaned_as_its_text_would_be(value):
    as_text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    assert clean(value) == _clean_text(as_text)


CELLS = st.one_of(st.none(), st.sampled_from(["1", "2", "(3)", "4=2+3", "A", "(B)", "C", "12", "Tên đề án", "",
                                              " ", "x", "150", "Đã hoàn thành"]),
                  st.integers(min_value=0, max_value=20), st.floats(min_value=0, max_value=20))


@settings(max_examples=400, deadline=None)
@given(st.lists(CELLS, max_size=10))
def test_the_numbering_row_test_stops_early_with_the_same_answer(row):
    assert _numbering_row(row) == TableReader._is_numbering([t for v in row if (t := clean(v))])


def _appendix_cell_by_cell(doc, rows):
    """The appendix table as it was built before the prototype rows: every cell styled itself."""
    table = doc.add_table(rows=2 + len(rows), cols=len(HEAD_TOP))
    table.style = doc.styles["Table Grid"]
    docx_render.appendix_header(table)
    for table_row, (bold, cells) in zip(list(table.rows)[2:], rows):
        for cell, (c, value) in zip(table_row.cells, enumerate(cells)):
            docx_render._cell_text(cell, value, bold=bold, align=docx_render.appendix_alignment(c))
    return table


def test_appendix_rows_copied_from_prototypes_are_the_rows_styled_cell_by_cell(root):
    frame = root / "pipeline" / "render" / "templates" / "base" / "khung.docx"
    rows = [(True, ("A", "Khuyến công quốc gia", "", "", "", "", "", "", "")),
            (False, ("1", "Hỗ trợ máy\nsấy chè", "HTX  Tân Cương", "Xã A", "120", "", "60", "Đang thực hiện", "")),
            (False, ("2", " Đào tạo nghề ", "", "\tTab", "80", "10,5", "", "", "Ghi chú")),
            (True, ("", "Cộng A", "02 đề án", "", "200", "10,5", "60", "", ""))]
    for _ in range(2):  # the second report copies the table the first one made
        plain, fast = Document(str(frame)), Document(str(frame))
        reference = _appendix_cell_by_cell(plain, rows)
        table, prototypes = docx_render._appendix_table(fast)
        ooxml.rows_like(table, prototypes, rows)
        assert table._tbl.xml == reference._tbl.xml


def _figures_by_groupby(df, by):
    """The figures of each group as a plain sorted pandas groupby computes them (the way before)."""
    import pandas as pd

    from pipeline.compute.figures import MONEY, STATUSES
    from pipeline.core.vnformat import share

    out = {}
    keys = df[by] if by else pd.Series("", index=df.index).to_frame("_")
    for key, group in df.groupby([keys[c] for c in keys.columns], sort=True, dropna=False):
        projects = group[group["record_type"] == "de_an"]
        money = {m: (None if group[m].notna().sum() == 0 else int(group[m].sum())) for m in MONEY}
        support = money["support_vnd"] or 0
        completed = int((projects["status"] == "completed").sum())
        out[tuple(key) if by else ()] = {
            "projects": len(projects), "tasks": int((group["record_type"] == "nhiem_vu_chi").sum()),
            "votes": int((group["record_type"] == "binh_chon").sum()), "records": len(group),
            "support_vnd": support, "counterpart_vnd": money["counterpart_vnd"],
            "disbursed_vnd": money["disbursed_vnd"], "settled_vnd": money["settled_vnd"],
            "disbursed_share": share(money["disbursed_vnd"], support),
            "status": {s: int((projects["status"] == s).sum()) for s in STATUSES},
            "settled": int(projects["settled"].fillna(False).astype(bool).sum()),
            "completion_ratio": completed / len(projects) if len(projects) else None,
        }
    return out


MONEY_VALUES = st.one_of(st.none(), st.integers(min_value=0, max_value=10**15))
RECORDS = st.lists(st.fixed_dictionaries({
    "record_type": st.sampled_from(["de_an", "nhiem_vu_chi", "binh_chon"]),
    "status": st.sampled_from(["completed", "in_progress", "adjusting", "stopped", "not_started"]),
    "source": st.sampled_from(["KCQG", "KCDP"]), "shape": st.sampled_from(["don_le", "nhom", "diem", None]),
    "content": st.sampled_from(["Máy móc", "Đào tạo", "", "Ánh sáng", "an toàn", None]),
    "settled": st.sampled_from([True, False, None]),
    "support_vnd": MONEY_VALUES, "counterpart_vnd": MONEY_VALUES, "disbursed_vnd": MONEY_VALUES,
    "settled_vnd": MONEY_VALUES}), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(RECORDS, st.sampled_from([[], ["source"], ["content"], ["shape"], ["source", "content"], ["shape", "source"]]))
def test_figures_counted_over_columns_are_the_figures_of_a_groupby(rows, by):
    from pipeline.compute.figures import figures_groups
    from pipeline.ingest.records import frame

    df = frame(rows)
    fast, plain = figures_groups(df, by), _figures_by_groupby(df, by)
    assert [tuple(map(str, k)) for k in fast] == [tuple(map(str, k)) for k in plain]  # keys as reports name them
    assert list(fast.values()) == list(plain.values())


def test_packages_saved_uncompressed_normalize_to_the_bytes_of_the_libraries_own_save(root):
    import datetime as dt
    import io

    from openpyxl import Workbook

    from pipeline.core.files import normalized_zip, saved_docx, saved_xlsx

    doc = Document(str(root / "pipeline" / "render" / "templates" / "base" / "khung.docx"))
    doc.add_paragraph("Báo cáo kết quả thực hiện kế hoạch khuyến công")
    own = io.BytesIO()
    doc.save(own)
    assert normalized_zip(saved_docx(doc)) == normalized_zip(own.getvalue())
    wb = Workbook()
    wb.active["B2"] = "Hỗ trợ máy sấy chè"
    wb.create_sheet("Phụ lục")["A1"] = 120_000_000
    own = io.BytesIO()
    wb.save(own)
    stamp = dt.datetime(2025, 6, 30, 8, 0)
    assert normalized_zip(saved_xlsx(wb), stamp=stamp) == normalized_zip(own.getvalue(), stamp=stamp)

"""The Word path for a clerk: the guide's {%p %} and {%tr %} examples work, mistakes name the
paragraph, a missing subject is said, tables typed in Word get the frame's table look."""

import datetime as dt

import pytest
from docx import Document
from docx.oxml.ns import qn

from pipeline.app.templates import province_template_issues, sample_records
from pipeline.compute import compute_report
from pipeline.config import load_config
from pipeline.core.model import Period
from pipeline.ingest.narrative import Narrative
from pipeline.render.markup import TemplateProblem
from pipeline.render.report import render_report

pytestmark = pytest.mark.slow


def _render(workspace, build):
    folder = workspace / "templates/provinces/ha-giang"
    folder.mkdir(parents=True, exist_ok=True)
    word = Document()
    word.add_paragraph("@subject Báo cáo {{ period_text }}")
    build(word)
    word.save(folder / "report.docx")
    config = load_config(workspace / "config.yaml")
    report = compute_report(sample_records(), "ha-giang", 2026, Period.H1)
    rendered = render_report(report, config.province("ha-giang")[0], Narrative(date=dt.date(2026, 7, 1)),
                             workspace / "templates")
    return Document(__import__("io").BytesIO(rendered.docx)), report.model_dump()


def test_the_guides_paragraph_and_row_loops_work(workspace):
    def build(word):
        word.add_paragraph("{%p for p in sources.KCDP.entries %}")
        word.add_paragraph("- Đề án {{ p.name | quote }}: {{ p.status_label | lower }}.")
        word.add_paragraph("{%p endfor %}")
        table = word.add_table(rows=4, cols=3)
        for cell, text in zip(table.rows[0].cells, ("TT", "Tên đề án", "Kinh phí (triệu đồng)")):
            cell.text = text
        table.rows[1].cells[0].text = "{%tr for p in total.entries %}"
        for cell, text in zip(table.rows[2].cells, ("{{ loop.index }}", "{{ p.name }}", "{{ p.support_vnd | trieu }}")):
            cell.text = text
        table.rows[3].cells[0].text = "{%tr endfor %}"

    doc, report = _render(workspace, build)
    kcdp = report["sources"]["KCDP"]["entries"]
    listed = [p.text for p in doc.paragraphs if p.text.startswith("- Đề án “")]
    assert listed == [f"- Đề án “{e['name']}”: {e['status_label'].lower()}." for e in kcdp]
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "TT")
    assert len(table.rows) == 1 + len(report["total"]["entries"])
    assert table.rows[1].cells[1].text == report["total"]["entries"][0]["name"]
    rows = table._tbl.findall(qn("w:tr"))
    assert all(tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for tr in rows)
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert rows[1].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None


@pytest.mark.parametrize("line,said", [
    ("Tổng kinh phí: {{ tong.support_vnd | money }}", "“tong”"),
    ("Tổng kinh phí: {{ total.suport_vnd | money }}", "“suport_vnd”"),
    ("Tổng kinh phí: {{ total.support_vnd | mony }}", "mony"),
    ("Tổng kinh phí: {{ total.support_vnd | money }", None),
])
def test_a_mistake_in_a_word_template_names_its_paragraph(workspace, line, said):
    def build(word):
        word.add_paragraph("Mở đầu.")
        word.add_paragraph(line)

    with pytest.raises(TemplateProblem) as caught:
        _render(workspace, build)
    message = str(caught.value)
    assert "(đoạn 3: “Tổng kinh phí:" in message, message
    if said:
        assert said in message, message
    assert "Traceback" not in message and "undefined" not in message


def test_a_word_template_without_a_subject_is_said(workspace, config):
    folder = workspace / "templates/provinces/ha-giang"
    folder.mkdir(parents=True, exist_ok=True)
    word = Document()
    word.add_paragraph("Nội dung {{ period_text }}")
    word.save(folder / "report.docx")
    issues = province_template_issues(load_config(workspace / "config.yaml"), workspace / "templates", "ha-giang")
    assert [(i.severity, "@subject" in i.message) for i in issues] == [("warning", True)]
    word.paragraphs[0].insert_paragraph_before("@subject Báo cáo {{ period_text }}")
    word.save(folder / "report.docx")
    assert province_template_issues(load_config(workspace / "config.yaml"), workspace / "templates", "ha-giang") == []

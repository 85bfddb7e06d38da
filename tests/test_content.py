"""What the report says: parts that agree with the subject, year-end and 9-month wording, citations,
the funding table, clean Vietnamese lists, Markdown that leaves data alone, the Word path."""

import datetime as dt
import functools
import itertools
import re

import pytest
from docx import Document
from typer.testing import CliRunner

from pipeline.app.templates import check_templates, sample_records
from pipeline.cli import app
from pipeline.compute import compute_report
from pipeline.core.model import Period
from pipeline.ingest.narrative import Narrative
from pipeline.ingest.records import frame
from pipeline.render.markup import (
    TemplateProblem,
    environment,
    parse_markup,
    render_markup,
)
from pipeline.render.report import build_context, render_report
from tests.conftest import docx_text

pytestmark = pytest.mark.slow

PROVINCES = ("bac-kan", "ha-giang", "quang-ninh")
TEMPLATES = {"bac-kan": "provinces/bac-kan/report.j2", "ha-giang": "base/report.j2",
             "quang-ninh": "provinces/quang-ninh/report.j2"}


def _records(rows=None, **changes):
    df = sample_records()
    if rows is not None:
        df = df.iloc[list(rows)]
    for column, value in changes.items():
        df[column] = value
    return frame(df.to_dict("records"))


def _blocks(root, config, slug, records, period, narrative=None, year=2026):
    report = compute_report(records, slug, year, period, counting=config.province(slug)[0].counting)
    context = build_context(report, config.province(slug)[0], narrative or Narrative())
    return parse_markup(render_markup(environment(root / "templates"), TEMPLATES[slug], context))


def _variants():
    """Every province template × period × a spread of record sets (one status, one source, one record…)."""
    sets = {"all": None, "one": [0], "kcqg": range(0, 6), "kcdp+task": range(6, 13), "two": [0, 1],
            "stopped": [4, 10], "done": [0, 6, 12]}
    narratives = {"none": Narrative(), "prose": Narrative(sections={
        "giai_phap": ["- Giải pháp."], "ke_hoach": ["Kế hoạch."], "kho_khan": ["- Khó khăn."],
        "kien_nghi": ["- Kiến nghị."], "ket_qua": ["Kết quả."]})}
    for slug, period, (set_name, rows), (narr_name, narrative) in itertools.product(
            PROVINCES, Period, sets.items(), narratives.items()):
        yield f"{slug}-{period.value}-{set_name}-{narr_name}", slug, period, rows, narrative


VARIANTS = list(_variants())


@pytest.fixture(scope="session")  # built once per worker, whatever order the tests run in
def variant_reports(config):
    return {name: compute_report(_records(rows), slug, 2026, period, counting=config.province(slug)[0].counting)
            for name, slug, period, rows, narrative in VARIANTS}


@pytest.fixture(scope="session")  # built once per worker, whatever order the tests run in
def rendered(root, config, variant_reports):
    env = environment(root / "templates")

    def blocks(name, slug, narrative):
        context = build_context(variant_reports[name], config.province(slug)[0], narrative)
        return parse_markup(render_markup(env, TEMPLATES[slug], context))
    return {name: (period, narrative, blocks(name, slug, narrative)) for name, slug, period, rows, narrative in VARIANTS}


def test_subject_names_every_part_that_follows(rendered):
    for name, (period, _, blocks) in rendered.items():
        subject = next(b.text for b in blocks if b.kind == "subject")
        parts = [b.text for b in blocks if b.kind == "h2"]
        has_plan = any(re.match(r"Thứ \w+, về (mục tiêu, định hướng )?kế hoạch khuyến công năm 2027", p) for p in parts)
        assert has_plan == ("kế hoạch khuyến công năm 2027" in subject), (name, subject, parts)
        assert ("giải pháp" in subject) == any("giải pháp" in p for p in parts) or name.startswith("bac-kan"), name
        ordinals = [p.split(",")[0] for p in parts]
        assert ordinals == ["Thứ nhất", "Thứ hai", "Thứ ba", "Thứ tư"][:len(ordinals)], (name, ordinals)


def test_year_end_reads_as_a_year_end(rendered):
    for name, (period, _, blocks) in rendered.items():
        text = "\n".join(b.text for b in blocks)
        if period is Period.YEAR:
            sources = [b.text for b in blocks if b.text.startswith("Đối với")]
            assert sources and all("thanh quyết toán" in s for s in sources), name
            if "-all-" in name and not name.startswith("bac-kan"):
                assert "So với kế hoạch được giao" in text, name
        else:
            assert "Đến hết năm" not in text, name
        assert ("quý IV" in text) == (period is Period.M9), name


def test_nine_month_report_says_what_remains(root, config):
    blocks = _blocks(root, config, "ha-giang", _records(), Period.M9)
    remain = next(b.text for b in blocks if b.text.startswith("Trong quý IV"))
    # sample records: 2 in progress + 1 adjusting + 1 not started in each source; support 2 × 2,1 tỷ + 20 triệu
    # (the nhiệm vụ chi), disbursed 2 × 210 triệu: 4,22 - 0,42 = 3,8 tỷ not yet disbursed, of which the open
    # đề án 2,7 tỷ, the stopped ones (2 × 500 - 2 × 50 triệu) 900 triệu, the completed ones 2 × 90 + 20 triệu
    assert remain.startswith("Trong quý IV năm 2026, còn 08 đề án phải hoàn thành, 2,7 tỷ đồng chưa giải ngân; "
                             "02 đề án xin dừng thực hiện, 900 triệu đồng không giải ngân; các đề án đã hoàn thành "
                             "còn 200 triệu đồng chưa giải ngân.")


def test_headings_are_never_left_empty_and_lists_read_cleanly(rendered):
    levels = {"h1": 1, "h2": 2, "h3": 3}
    for name, (_, narrative, blocks) in rendered.items():
        body = [b for b in blocks if b.kind not in ("subject", "kinh_gui", "appendix")]
        for i, block in enumerate(body):
            nxt = body[i + 1] if i + 1 < len(body) else None
            if block.kind in levels:
                assert nxt is not None and levels.get(nxt.kind, 9) > levels[block.kind], (name, block.text)
            if block.text.endswith(":") and i > 0:  # the opening "… như sau:" leads into the parts
                assert nxt is not None and nxt.kind in ("item", "p", "table"), (name, block.text)
            text = block.text
            assert not re.search(r"\b0?1(/\d+)? đề án[^;:.]*\bgồm:", text), (name, text)  # no "gồm:" before one item
            assert not re.search(r" [,.;:]|\(\)|,,|  |(?<![./])\.\.(?!/)", text), (name, text)
            if text.count("“") >= 2 and " gồm: " in text:
                listed = text.split(" gồm: ", 1)[1]
                assert " và " in listed, (name, text)  # "; " between and "và" before the last
        if narrative.sections:
            continue
        part1 = body[next(i for i, b in enumerate(body) if b.text.startswith("Thứ nhất")):
                     next(i for i, b in enumerate(body) if b.text.startswith("Thứ hai"))]
        for kind, run in itertools.groupby(part1, key=lambda b: b.kind):
            run = list(run)
            if kind == "item":
                assert all(b.text.endswith(";") for b in run[:-1]) and run[-1].text.endswith("."), (name, [b.text[-20:] for b in run])


def test_quyet_dinh_cited_in_full_once_then_short(root, config):
    rows = [0, 1, 2, 3]  # four KCQG đề án
    records = _records(rows)
    records["decision"] = ["Quyết định số 5/QĐ-UBND ngày 10/02/2026", "QĐ số 5/QĐ-UBND ngày 10/02/2026",
                           "Quyết định số 77/QĐ-SCT ngày 01/3/2026", "5/QĐ-UBND ngày 10/02/2026"]
    text = "\n".join(b.text for b in _blocks(root, config, "ha-giang", records, Period.H1))
    assert text.count("Quyết định số 5/QĐ-UBND ngày 10/02/2026") == 1
    assert text.count("Quyết định số 77/QĐ-SCT ngày 01/3/2026") == 1
    assert text.count("Quyết định số 5/QĐ-UBND") == 3  # the first in full, two short
    assert text.index("Quyết định số 5/QĐ-UBND ngày") < text.index("Quyết định số 5/QĐ-UBND)")
    shared = _records(rows)
    shared["decision"] = "QĐ số 9/QĐ-UBND ngày 1/2/2026"
    text = "\n".join(b.text for b in _blocks(root, config, "ha-giang", shared, Period.H1))
    assert text.count("Quyết định số 9/QĐ-UBND") == 1  # one for the whole source, in its sentence
    assert "từ nguồn khuyến công quốc gia theo Quyết định số 9/QĐ-UBND ngày 1/2/2026, kinh phí" in text


def test_funding_table_in_the_body_matches_the_figures(sample_outputs):
    import json

    for rel in ("quang-ninh/2022-nam/", "ha-giang/2022-9thang/"):
        doc = Document(str(next((sample_outputs / rel).glob("bao-cao-*.docx"))))
        metrics = json.loads((sample_outputs / rel / "metrics.json").read_text(encoding="utf-8"))
        table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Nguồn kinh phí")
        head = [c.text for c in table.rows[0].cells]
        rows = {r.cells[0].text: dict(zip(head, (c.text for c in r.cells))) for r in table.rows[1:]}
        total = metrics["total"]
        assigned = "Được giao (triệu đồng)"
        assert rows["Tổng cộng"]["Số đề án, nhiệm vụ"] == str(total["records"])
        assert rows["Tổng cộng"][assigned] == f"{total['support_vnd'] // 1_000_000:,}".replace(",", ".")
        for key, label in (("KCQG", "Khuyến công quốc gia"), ("KCDP", "Khuyến công địa phương")):
            src = metrics["sources"][key]
            assert rows[label][assigned] == f"{src['support_vnd'] // 1_000_000:,}".replace(",", ".")
        # the plan column comes from the narrative file's kinh_phi_ke_hoach (Quảng Ninh gives it); a
        # column with nothing in it (Hà Giang's plan, its settlement at 9 months) is left out
        if rel.startswith("quang-ninh"):
            plans = [rows[label]["Kế hoạch (triệu đồng)"] for label in ("Khuyến công quốc gia", "Khuyến công địa phương", "Tổng cộng")]
            assert plans == ["1.800", "2.000", "3.800"]
        else:
            assert "Kế hoạch (triệu đồng)" not in head and "Đã thanh quyết toán (triệu đồng)" not in head
        assert all(any(r[h] != "—" for r in rows.values()) for h in head)
    text = docx_text(next((sample_outputs / "quang-ninh/2022-nam/").glob("bao-cao-*.docx")))
    assert "Kinh phí được giao bằng 95,3% kế hoạch năm (3,8 tỷ đồng)." in text  # 3,62 of 3,8 tỷ


def test_plan_funding_lines_are_read_or_refused_with_their_line(tmp_path):
    from pipeline.ingest.narrative import load_narrative

    path = tmp_path / "thuyet-minh.txt"
    path.write_text("[kinh_phi_ke_hoach]\nKCQG = 1.800\nKCĐP = 2,1 tỷ\nKhuyến công xã = 5\nKCDP = nhiều\n", encoding="utf-8")
    narrative, findings = load_narrative(path, "tinh/thuyet-minh.txt")
    assert narrative.plan_vnd == {"KCQG": 1_800_000_000, "KCDP": 2_100_000_000}
    assert [(f.cell, f.severity.value) for f in findings] == [("dòng 4", "error"), ("dòng 5", "error")]
    assert "Khuyến công xã" in findings[0].message and findings[0].file == "tinh/thuyet-minh.txt"


def test_data_text_is_not_read_as_markup(root, config):
    records = _records([0, 1], note=["(*) ghi chú có dấu *sao* và _gạch_", "a\\b"])
    blocks = _blocks(root, config, "ha-giang", records, Period.H1)
    text = "\n".join(b.text for b in blocks)
    assert "(*) ghi chú có dấu *sao* và _gạch_" in text and "a\\b" in text
    runs = [r for b in blocks for r in b.runs if "ghi chú" in r[0]]
    assert runs and not any(italic for _, _, italic in runs)


def test_markup_is_markdown_with_known_directives():
    blocks = parse_markup("@subject Trích \\*yếu\n# I. Mục\n## Thứ nhất\nDòng **đậm** và *nghiêng*\nnối tiếp\n\n- ý một\n- ý hai\n"
                          "1. Đoạn số\n@chart kinh_phi\n@table kinh_phi\n@appendix\n")
    assert [(b.kind, b.text) for b in blocks] == [
        ("subject", "Trích *yếu"), ("h1", "I. Mục"), ("h2", "Thứ nhất"), ("p", "Dòng đậm và nghiêng nối tiếp"),
        ("item", "ý một"), ("item", "ý hai"), ("p", "1. Đoạn số"), ("chart", "kinh_phi"), ("table", "kinh_phi"),
        ("appendix", "")]
    assert blocks[3].runs == (("Dòng ", False, False), ("đậm", True, False), (" và ", False, False),
                              ("nghiêng", False, True), (" nối tiếp", False, False))
    with pytest.raises(TemplateProblem, match="dòng 2: lệnh “@chrat”"):
        parse_markup("Đoạn\n@chrat kinh_phi\n")


def test_templates_check_names_a_mistyped_directive(workspace, config):
    template = workspace / "templates/provinces/quang-ninh/report.j2"
    lines = template.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("@chart"))
    lines[at] = "@chrat kinh_phi"
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    messages = [i.message for i in check_templates(config, workspace / "templates") if i.province == "quang-ninh"]
    assert any(f"provinces/quang-ninh/report.j2 dòng {at + 1}: lệnh “@chrat” không có" in m for m in messages), messages


def test_word_template_gets_the_same_frame_appendix_and_charts(workspace):
    folder = workspace / "templates/provinces/ha-giang"
    folder.mkdir(parents=True, exist_ok=True)
    word = Document()
    word.add_paragraph("@subject Báo cáo của {{ tinh.name }} {{ period_text }}")
    word.add_heading("Thứ nhất, kết quả", level=2)
    word.add_paragraph("Tổng kinh phí: {{ total.support_vnd | money }}; hoàn thành {{ total.status.completed | ratio(total.projects) }}.")
    word.add_paragraph("{% for p in sources.KCQG.entries %}{{ p.name | quote }}; {% endfor %}")
    word.add_paragraph("@chart kinh_phi")
    word.add_paragraph("@table kinh_phi")
    word.add_paragraph("@appendix")
    word.save(folder / "report.docx")
    result = CliRunner().invoke(app, ["run", "--inputs", str(workspace / "inputs"), "--outputs", str(workspace / "out"),
                                      "--config", str(workspace / "config.yaml"), "--province", "ha-giang"])
    assert result.exit_code == 0, result.output
    path = workspace / "out/ha-giang/2022-9thang/bao-cao-ha-giang-2022-9thang.docx"
    doc = Document(str(path))
    text = docx_text(path)
    for part in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Báo cáo của Hà Giang 9 tháng năm 2022", "Kính gửi:",
                 "Tổng kinh phí: 2,845 tỷ đồng; hoàn thành 05/14.", "Biểu đồ 1. Kinh phí hỗ trợ", "Nơi nhận:",
                 "Phụ lục I", "Nguồn kinh phí",
                 "“Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến chè tỉnh Hà Giang (đề án nhóm)”"):
        assert part in text, part
    assert len(doc.inline_shapes) == 1 and len(doc.sections) == 2
    assert any(p.style.name == "Heading 2" and p.text == "Thứ nhất, kết quả" for p in doc.paragraphs)
    word.add_paragraph("@chrat kinh_phi")
    word.save(folder / "report.docx")
    province = __import__("pipeline.config", fromlist=["load_config"]).load_config(workspace / "config.yaml")
    report = compute_report(sample_records(), "ha-giang", 2026, Period.H1)
    with pytest.raises(TemplateProblem, match="@chrat"):
        render_report(report, province.province("ha-giang")[0], Narrative(date=dt.date(2026, 7, 1)),
                      workspace / "templates")


def _variant_entries(rows):
    return _entries_of(None if rows is None else tuple(rows))


@functools.lru_cache(maxsize=None)
def _entries_of(rows):
    report = compute_report(_records(rows), "bac-kan", 2026, Period.YEAR)
    return report.model_dump()["total"]["entries"]


def test_money_and_count_of_the_results_come_from_the_same_deans(rendered):
    """'hỗ trợ N cơ sở …, với vốn đối ứng … là X' and 'Kinh phí đối ứng … là X' leave out the đề án
    that stopped, as the count of units does: one set of đề án for both."""
    from pipeline.core.vnformat import money

    rows_of = {name: rows for name, _, _, rows, _ in VARIANTS}
    checked = 0
    for name, (_, _, blocks) in rendered.items():
        text = "\n".join(b.text for b in blocks)
        going = [e for e in _variant_entries(rows_of[name]) if e["record_type"] == "de_an" and e["status"] != "stopped"]
        counterpart = sum(e["counterpart_vnd"] or 0 for e in going)
        for m in re.finditer(r"vốn đối ứng của các cơ sở là ([\d.,]+ (?:tỷ|triệu) đồng)", text):
            assert m.group(1) == money(counterpart), (name, m.group(0))
            checked += 1
        if any(e["status"] == "stopped" for e in _variant_entries(rows_of[name])) and "Kinh phí đối ứng" in text:
            assert "(không kể đề án xin dừng)" in text, name
    assert checked >= 20


def test_the_text_keeps_the_sheets_own_stage(root, config):
    """'đã nghiệm thu' only for đề án whose status says nghiệm thu; 'hoàn thành' stays 'hoàn thành'."""
    plain = _blocks(root, config, "ha-giang", _records(), Period.YEAR)
    text = "\n".join(b.text for b in plain)
    assert "Đến nay đã hoàn thành 02/12 đề án," in text and "đã nghiệm thu 02" not in text
    accepted = _records(status_text=["Đã hoàn thành, đã nghiệm thu"] + ["Đang thực hiện"] * 12)
    text = "\n".join(b.text for b in _blocks(root, config, "ha-giang", accepted, Period.YEAR))
    assert "(01 đề án đã nghiệm thu)" in text
    from pipeline.render.appendix import appendix_rows

    rows = appendix_rows(compute_report(accepted, "ha-giang", 2026, Period.YEAR).model_dump())
    assert [r.cells[7] for r in rows if "nghiệm thu" in r.cells[7]] == ["Đã hoàn thành (đã nghiệm thu, thanh quyết toán)"]


def test_a_group_dean_names_its_places_before_its_verb(root, config):
    records = _records([0], beneficiary="04 cơ sở CNNT", place="Vân Đồn; Đầm Hà; Hải Hà", shape="nhom")
    text = "\n".join(b.text for b in _blocks(root, config, "quang-ninh", records, Period.YEAR))
    assert "đơn vị thụ hưởng là 04 cơ sở CNNT tại Vân Đồn, Đầm Hà và Hải Hà" in text
    assert "CNNT, Vân Đồn" not in text


def test_a_year_end_report_says_what_is_left_and_how_the_money_is_carried(root, config):
    records = _records()
    blocks = _blocks(root, config, "ha-giang", records, Period.YEAR)
    left = next(b.text for b in blocks if b.text.startswith("Đến hết năm 2026"))
    assert left.startswith("Đến hết năm 2026, còn 08 đề án chưa hoàn thành, 2,7 tỷ đồng chưa giải ngân; 02 đề án xin "
                           "dừng thực hiện, 900 triệu đồng không giải ngân; các đề án đã hoàn thành còn 200 triệu "
                           "đồng chưa giải ngân.")
    told = Narrative(sections={"chuyen_nguon": ["- Đã đề nghị chuyển nguồn 3,8 tỷ đồng sang năm 2027."]})
    blocks = _blocks(root, config, "ha-giang", records, Period.YEAR, told)
    left = next(b.text for b in blocks if b.text.startswith("Đến hết năm 2026"))
    assert left.endswith("Đã đề nghị chuyển nguồn 3,8 tỷ đồng sang năm 2027.")
    done = _records([0, 6, 12], disbursed_vnd=[700_000_000, 700_000_000, 20_000_000])
    text = "\n".join(b.text for b in _blocks(root, config, "ha-giang", done, Period.YEAR))
    assert "Đến hết năm 2026" not in text


def test_narrative_section_names_are_read_as_a_person_writes_them(tmp_path):
    from pipeline.ingest.narrative import load_narrative

    path = tmp_path / "thuyet-minh.txt"
    path.write_text("[kinh_phi_ke_hoach]\nKCQG = 1.800\n[Khó khăn]\n- Giá vật tư tăng.\n[kho khan nhieu]\n- x\n",
                    encoding="utf-8")
    narrative, findings = load_narrative(path, "t.txt")
    assert narrative.sections["kho_khan"] == ["- Giá vật tư tăng."] and narrative.plan_vnd == {"KCQG": 1_800_000_000}
    (warning,) = findings
    assert "dòng 5" in warning.cell and "kho_khan" in warning.message


def test_the_frame_gives_sub_headings_and_body_text_their_look(root):
    frame = Document(str(root / "pipeline/render/templates/base/khung.docx"))
    h3 = frame.styles["Heading 3"].font
    assert h3.bold and h3.italic
    body = frame.styles["Normal"].paragraph_format
    assert body.alignment == 3 and body.first_line_indent and body.first_line_indent.cm > 1  # JUSTIFY


def test_sub_headings_are_seen_as_sub_headings(sample_outputs):
    """'Kết quả, tác động' and 'Khó khăn, vướng mắc và nguyên nhân' are bold italic in the .docx
    itself (each run states its look, so the style alone would not show)."""
    doc = Document(str(sample_outputs / "quang-ninh/2022-nam/bao-cao-quang-ninh-2022-nam.docx"))
    subs = [p for p in doc.paragraphs if p.style.name == "Heading 3"]
    assert {p.text for p in subs} >= {"Kết quả, tác động", "Khó khăn, vướng mắc và nguyên nhân"}
    assert all(r.bold and r.italic for p in subs for r in p.runs)
    body = next(p for p in doc.paragraphs if p.text.startswith("Các đề án thực hiện trong năm"))
    assert not any(r.bold or r.italic for r in body.runs)


def test_every_ratio_names_its_base(rendered):
    """'đạt 87,3%' alone leaves the reader to guess against what: each percentage of the year-end
    summary says what it is a share of."""
    checked = 0
    for name, (period, _, blocks) in rendered.items():
        text = "\n".join(b.text for b in blocks)
        for m in re.finditer(r"(hoàn thành|giải ngân) đạt [\d,]+%( [^,.]+)?", text):
            assert m.group(2) and m.group(2).strip().startswith(("số đề án được giao", "kinh phí được giao")), (name, m.group(0))
            checked += 1
    assert checked >= 20


def test_one_counting_rule_for_body_appendix_table_and_metrics(config, rendered, variant_reports):
    """Body, appendix, funding table and metrics.json count the same records the same way, under
    the province's rule (Bắc Kạn: chung, every record a đề án; the others: rieng)."""
    from pipeline.core.vnformat import tally
    from pipeline.render.appendix import appendix_notes, appendix_rows, funding_rows

    checked = 0
    for name, slug, period, rows, narrative in VARIANTS:
        counting = config.province(slug)[0].counting
        report = variant_reports[name].model_dump()
        text = "\n".join(b.text for b in rendered[name][2])
        table = appendix_rows(report)
        subtotals = {r.cells[1][-1]: r.cells[2] for r in table if r.kind == "subtotal"}
        present = [s for s in report["sources"].values() if s["records"]]
        for letter, src in zip("AB", present):
            assert subtotals[letter] == tally(src), name
            said = re.search(rf"Đối với {src['label']}:[^.]*?thực hiện (.+?) từ nguồn", text)
            assert said and said.group(1) == subtotals[letter], (name, said and said.group(0))
            for m in re.finditer(r"(?m)^(\d+)/(\d+) đề án", text.split(f"Đối với {src['label']}:")[1].split("Đối với")[0]):
                assert int(m.group(2)) == src["projects"], (name, m.group(0))
                checked += 1
        m = variant_reports[name].metrics()
        assert m.counting == counting.value and m.total.projects == report["total"]["projects"], name
        assert funding_rows(report)[-1][1] == str(sum(1 for r in table if r.kind == "item")), name
        # the stages the body counts are seen row by row in the appendix
        assert sum("thanh quyết toán" in r.cells[7] for r in table if r.kind == "item") == report["total"]["settled"], name
        overview = re.search(r"trên địa bàn tỉnh triển khai (.+?) khuyến công", text)
        if overview:
            assert overview.group(1) == tally(report["total"]), name
        notes = " ".join(appendix_notes(report))
        if counting.value == "chung" and any(r["record_type"] != "de_an" for r in _records(rows).to_dict("records")):
            assert "Số đề án gồm cả" in notes and "nhiệm vụ chi" not in subtotals.get("B", ""), name
        if any(e["status"] == "stopped" and e["counterpart_vnd"] for e in report["total"]["entries"]):
            assert "xin dừng thực hiện; không kể các đề án này" in notes, name
    assert checked >= 30


def test_money_progress_is_said_in_money(root, config):
    """'đã thực hiện 140/280 triệu đồng, đạt 50%' is the sheet's money, not '50% khối lượng công việc'."""
    records = _records([0, 1], status_text=["Đã thực hiện 140/280 triệu đồng, đạt 50%", "Đang thực hiện"],
                       progress=[50.0, 50.0], status=["in_progress", "in_progress"])
    for slug in PROVINCES:
        text = "\n".join(b.text for b in _blocks(root, config, slug, records, Period.YEAR))
        assert "đã thực hiện 140/280 triệu đồng, đạt 50%" in text, slug
        assert "đã hoàn thành được 50% khối lượng công việc" not in text, slug


def test_settled_deans_are_in_the_funding_table_too(root, config):
    """The text says 'thanh quyết toán 01/.. đề án'; the table's settled column never says '—' then."""
    from pipeline.render.appendix import funding_rows

    records = _records(settled=[True] + [False] * 12)
    report = compute_report(records, "ha-giang", 2026, Period.YEAR)
    text = "\n".join(b.text for b in _blocks(root, config, "ha-giang", records, Period.YEAR))
    assert "thanh quyết toán 01/" in text
    rows = {r[0]: r[-1] for r in funding_rows(report.model_dump())}
    assert rows["Tổng cộng"] == "01 đề án" and "—" in rows.values()

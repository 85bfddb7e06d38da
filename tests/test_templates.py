"""Province wording overrides: only the overridden blocks change."""

from pipeline.batch import read_province
from pipeline.compute import compute_report
from pipeline.model import Period
from pipeline.narrative import load_narrative, narrative_path
from pipeline.report import build_context
from pipeline.templating import environment, parse_markup, render_markup


def _blocks(root, config, template):
    data = read_province(root / "inputs" / "bac-kan", root / "inputs", config)
    projects = [p for r in data.results for p in r.projects]
    report = compute_report(projects, "bac-kan", 2018, Period.H1)
    province, _ = config.province("bac-kan")
    narrative, _ = load_narrative(narrative_path(data.folder, 2018, Period.H1))
    context = build_context(report, province, narrative)
    return parse_markup(render_markup(environment(root / "templates"), template, context))


def test_bac_kan_override_changes_only_its_wording(root, config):
    base = _blocks(root, config, "base/report.j2")
    own = _blocks(root, config, "provinces/bac-kan/report.j2")
    base_texts, own_texts = [b.text for b in base], [b.text for b in own]
    only_base = [t for t in base_texts if t not in own_texts]
    only_own = [t for t in own_texts if t not in base_texts]
    # intro, overview (removed), part-3 title and closing are Bắc Kạn's own; nothing else moves
    assert len(only_base) == 4 and len(only_own) == 3
    assert any(t.startswith("Sở Công Thương tỉnh Bắc Kạn báo cáo") for t in only_own)
    assert any(t.startswith("Thứ ba, về mục tiêu, định hướng") for t in only_own)
    assert "Sở Công Thương Bắc Kạn kính báo cáo./." in only_own
    assert any(t.startswith("Năm 2018, trên địa bàn tỉnh triển khai 13 đề án") for t in only_base)
    shared = [t for t in own_texts if t in base_texts]
    assert shared == [t for t in base_texts if t in own_texts]  # same order, same text
    assert len(shared) > 15


def test_markup_parsing():
    blocks = parse_markup("@subject Tiêu đề\n\n## Thứ nhất\nĐoạn một\nvẫn đoạn một\n\n- ý một\n- ý hai\n")
    assert [(b.kind, b.text) for b in blocks] == [
        ("subject", "Tiêu đề"), ("h2", "Thứ nhất"), ("p", "Đoạn một vẫn đoạn một"),
        ("item", "ý một"), ("item", "ý hai")]


def test_project_ref_names_outside_beneficiaries_only():
    from pipeline.templating import beneficiary_clause, project_ref

    own = {"name": "Bình chọn", "beneficiary": "Trung tâm KC&XTTM", "place": "Hạ Long"}
    other = {"name": "Máy sấy", "beneficiary": "HTX Ba Chẽ", "place": "Ba Chẽ; Tiên Yên"}
    assert project_ref(own, "Trung tâm Khuyến công") == "đề án “Bình chọn”"
    assert project_ref(other, "", "đạt 50%") == "đề án “Máy sấy” tại Ba Chẽ, Tiên Yên (đơn vị thụ hưởng là HTX Ba Chẽ, đạt 50%)"
    assert beneficiary_clause(other) == ", đơn vị thụ hưởng là HTX Ba Chẽ, Ba Chẽ, Tiên Yên"
    assert beneficiary_clause(own) == ""

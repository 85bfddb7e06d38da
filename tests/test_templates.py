"""Province wording overrides: only the overridden blocks change."""

from pipeline.app.plan import read_province
from pipeline.compute import compute_report
from pipeline.core.model import Counting, Period
from pipeline.ingest.narrative import load_narrative, narrative_path
from pipeline.ingest.records import concat
from pipeline.render.markup import environment, parse_markup, render_markup
from pipeline.render.report import build_context


def _blocks(root, sample_inputs, config, template, counting=None):
    data = read_province(sample_inputs / "bac-kan", sample_inputs, config)
    province, _ = config.province("bac-kan")
    report = compute_report(concat([r.reported for r in data.results]), "bac-kan", 2018, Period.H1,
                            counting=counting or province.counting)
    narrative, _ = load_narrative(narrative_path(data.folder, 2018, Period.H1))
    context = build_context(report, province, narrative)
    return parse_markup(render_markup(environment(root / "templates"), template, context))


def test_bac_kan_override_changes_only_its_wording(root, sample_inputs, config):
    base = _blocks(root, sample_inputs, config, "base/report.j2")
    own = _blocks(root, sample_inputs, config, "provinces/bac-kan/report.j2")
    base_texts, own_texts = [b.text for b in base], [b.text for b in own]
    only_base = [t for t in base_texts if t not in own_texts]
    only_own = [t for t in own_texts if t not in base_texts]
    # subject, intro, overview (removed), the per-source results, part-3 title and closing are Bắc
    # Kạn's own; the frame, part 2 and part 3's body are the base template's
    part1 = slice(base_texts.index(next(t for t in base_texts if t.startswith("Thứ nhất"))),
                  base_texts.index(next(t for t in base_texts if t.startswith("Thứ hai"))))
    moved = [t for t in only_base if t not in base_texts[part1]]
    assert len(moved) == 5  # subject, intro, overview, part-3 title, closing
    assert [t for t in base_texts[part1.stop:] if t not in own_texts] == [
        t for t in moved if t.startswith(("Thứ ba", "Trên đây"))]
    assert any(t.startswith("Sở Công Thương tỉnh Bắc Kạn báo cáo") for t in only_own)
    assert any(t.startswith("Thứ ba, về mục tiêu, định hướng") for t in only_own)


def test_counting_is_the_provinces_rule_not_the_templates(root, sample_inputs, config):
    """Bắc Kạn counts nhiệm vụ chi as đề án (counting: chung in config.yaml): the shared template then
    says "10 đề án" too, and with the separate rule even Bắc Kạn's own template counts them apart."""
    def part1(blocks):
        texts = [b.text for b in blocks]
        return " ".join(texts[texts.index(next(t for t in texts if t.startswith("Thứ nhất"))):])
    assert "thực hiện 10 đề án từ nguồn khuyến công địa phương" in part1(
        _blocks(root, sample_inputs, config, "base/report.j2"))
    apart = part1(_blocks(root, sample_inputs, config, "provinces/bac-kan/report.j2", Counting.SEPARATE))
    assert "thực hiện 08 đề án và 02 nhiệm vụ chi từ nguồn khuyến công địa phương" in apart
    assert "01/08 đề án đã hoàn thành" in apart

"""The template authors' guide names every variable, field and filter a template can use."""

import re

from pipeline.app.plan import read_province
from pipeline.compute import compute_report
from pipeline.core.model import Period
from pipeline.ingest.narrative import load_narrative, narrative_path
from pipeline.ingest.records import concat
from pipeline.render.markup import environment
from pipeline.render.report import build_context


def test_guide_documents_every_variable_and_filter(root, sample_inputs, config):
    guide = (root / "docs/huong-dan-mau.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_]+)", guide)) | set(re.findall(r"`[a-z_]+\.([a-z_]+)", guide))
    data = read_province(sample_inputs / "bac-kan", sample_inputs, config)
    report = compute_report(concat([r.reported for r in data.results]), "bac-kan", 2018, Period.H1)
    narrative, _ = load_narrative(narrative_path(data.folder, 2018, Period.H1))
    context = build_context(report, config.province("bac-kan")[0], narrative)
    source = context["sources"]["KCQG"]
    keys = (set(context) | set(context["tinh"]) | set(context["van_ban"]) | set(context["narrative"])
            | set(source) | set(source["entries"][0]) | set(source["entries"][0]["origin"])
            | set(context["tinh"]["signer"]) | set(source["stopped_projects"][0]))
    missing = sorted(k for k in keys if k not in named)
    assert missing == []
    env = environment(root / "templates")
    own_filters = {"money", "dong", "trieu", "words", "number", "count", "ratio", "percent", "join_vn", "quote",
                   "lcfirst", "ucfirst", "tally", "date_long", "date_short", "ref", "beneficiary", "places", "cite", "cite_decision"}
    assert own_filters <= set(env.filters)
    assert sorted(f for f in own_filters if f"`{f}`" not in guide) == []

"""Charts for the report, as PNG bytes (matplotlib, Vietnamese labels, deterministic output)."""

from __future__ import annotations

import io
from typing import Any

from pipeline.core.model import STATUS_LABELS, Status
from pipeline.core.vnformat import number

CHARTS = {
    "kinh_phi": "Kinh phí hỗ trợ theo nguồn và tình trạng (triệu đồng)",
    "tinh_trang": "Số đề án theo tình trạng",
}
ROLLUP_CHARTS = {
    "kinh_phi_tinh": "Kinh phí hỗ trợ và đã giải ngân theo tỉnh (triệu đồng)",
    "hoan_thanh_tinh": "Tỷ lệ đề án hoàn thành theo tỉnh (%)",
}
# (fill, hatch) per status: greys that stay apart in print, hatching where two greys are close
_LOOK = {Status.COMPLETED: ("#404040", ""), Status.IN_PROGRESS: ("#a0a0a0", ""), Status.ADJUSTING: ("#ffffff", "////"),
         Status.STOPPED: ("#ffffff", "xxxx"), Status.NOT_STARTED: ("#e0e0e0", "....")}


def chart_png(name: str, report: dict[str, Any]) -> bytes:
    """Raises KeyError for an unknown chart name. The title is not drawn: the document puts it in
    a numbered caption under the picture. Only greys, hatching and black outlines, so the chart
    reads the same in the office's black-and-white print."""
    import matplotlib  # imported here: it costs half a second, and most commands draw nothing
    from matplotlib.figure import Figure  # not pyplot: no window manager, no backend to choose

    draw = {"kinh_phi": _support_by_source, "tinh_trang": _projects_by_status,
            "kinh_phi_tinh": _support_by_province, "hoan_thanh_tinh": _completion_by_province}[name]
    matplotlib.rcParams.update({"font.family": ["Liberation Serif", "DejaVu Serif"], "font.size": 11,
                                "svg.hashsalt": "khuyencong", "hatch.linewidth": 0.6})
    rows = len(report.get("ranking", [])) if name in ROLLUP_CHARTS else 0
    dated = bool(rows and report.get("span", {}).get("mixed_periods"))  # two-line labels: name, day
    fig = Figure(figsize=(6.3, max(3.2, (0.34 if dated else 0.2) * rows + 1.4)), dpi=120 if rows > 20 else 150)
    ax = fig.subplots()
    draw(ax, report)
    ax.spines[["top", "right"]].set_visible(False)
    if rows:  # many provinces: a fixed layout (tight_layout measures every label, seconds for 63)
        height = fig.get_size_inches()[1]
        fig.subplots_adjust(left=0.25 if dated else 0.2, right=0.95, top=1 - 0.45 / height, bottom=0.5 / height)
    else:
        fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def support_by_source(report: dict[str, Any]) -> dict[str, dict[Status, int]]:
    """Support per source and status over every record (nhiệm vụ chi too), so each bar ends at the
    source's figure in the text and in the funding table."""
    return {s["label"]: {status: sum(p["support_vnd"] for p in s["records_by_status"][status.value]) for status in Status}
            for s in report["sources"].values() if s["records"]}


def _support_by_source(ax, report: dict[str, Any]) -> None:
    data = support_by_source(report)
    labels = list(data)
    bottoms = [0.0] * len(labels)
    for status in Status:
        values = [data[label][status] / 1e6 for label in labels]
        if any(values):
            fill, hatch = _LOOK[status]
            ax.barh(labels, values, left=bottoms, color=fill, hatch=hatch, edgecolor="black", linewidth=0.6,
                    label=STATUS_LABELS[status])
            bottoms = [b + v for b, v in zip(bottoms, values)]
    for i, total in enumerate(bottoms):
        ax.text(total, i, f" {number(total)}", va="center")
    ax.xaxis.set_major_formatter(lambda x, _: number(x))
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, -0.55), ncol=3, frameon=False, fontsize=9)
    ax.invert_yaxis()


def _projects_by_status(ax, report: dict[str, Any]) -> None:
    counts = [report["total"]["status"][s.value] for s in Status]
    labels = [STATUS_LABELS[s] for s in Status]
    bars = ax.bar(labels, counts, color=[_LOOK[s][0] for s in Status], hatch=None, edgecolor="black", linewidth=0.6)
    for bar, status in zip(bars, Status):
        bar.set_hatch(_LOOK[status][1])
    for bar, n in zip(bars, counts):
        ax.text(bar.get_x() + bar.get_width() / 2, n, f"{n:02d}", ha="center", va="bottom")
    ax.set_yticks([])
    ax.tick_params(axis="x", labelsize=9)


def _province_labels(rows: list[dict[str, Any]], report: dict[str, Any]) -> list[str]:
    """Province names; when the provinces' figures stand at different days, each with its day."""
    if report.get("span", {}).get("mixed_periods"):
        return [f"{r['name']}\n(đến {r['as_of']})" for r in rows]
    return [r["name"] for r in rows]


def _support_by_province(ax, data: dict[str, Any]) -> None:
    """Two bars per province, black outline and hatching so they read in grey print."""
    rows = data["ranking"]
    names = _province_labels(rows, data)
    y = range(len(rows))
    support = [r["support_vnd"] / 1e6 for r in rows]
    disbursed = [(r["disbursed_vnd"] or 0) / 1e6 for r in rows]
    ax.barh([i - 0.2 for i in y], support, height=0.4, color="#bdbdbd", edgecolor="black", label="Kinh phí hỗ trợ")
    ax.barh([i + 0.2 for i in y], disbursed, height=0.4, color="white", edgecolor="black", hatch="////",
            label="Đã giải ngân")
    ax.set_yticks(list(y), names, fontsize=9)
    ax.xaxis.set_major_formatter(lambda x, _: number(x))
    ax.legend(loc="lower right", frameon=False, fontsize=9)
    ax.invert_yaxis()


def _completion_by_province(ax, data: dict[str, Any]) -> None:
    rows = data["ranking"]
    names = _province_labels(rows, data)
    values = [(r["completion_ratio"] or 0) * 100 for r in rows]
    bars = ax.barh(names, values, color="#9e9e9e", edgecolor="black")
    for bar, v in zip(bars, values):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {number(round(v, 1), 1)}%", va="center",
                fontsize=9)
    ax.set_xlim(0, 110)
    ax.tick_params(axis="y", labelsize=9)
    ax.invert_yaxis()

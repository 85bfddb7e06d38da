"""Charts for the report, as PNG bytes (matplotlib, Vietnamese labels, deterministic output)."""

from __future__ import annotations

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from pipeline.model import STATUS_LABELS, Status  # noqa: E402
from pipeline.vnformat import number  # noqa: E402

CHARTS = {
    "kinh_phi": "Kinh phí hỗ trợ theo nguồn và tình trạng (triệu đồng)",
    "tinh_trang": "Số đề án theo tình trạng",
}
_COLORS = {Status.COMPLETED: "#2e7d32", Status.IN_PROGRESS: "#1565c0", Status.ADJUSTING: "#f9a825",
           Status.STOPPED: "#c62828", Status.NOT_STARTED: "#9e9e9e"}


def chart_png(name: str, report: dict[str, Any]) -> bytes:
    """Raises KeyError for an unknown chart name."""
    draw = {"kinh_phi": _support_by_source, "tinh_trang": _projects_by_status}[name]
    plt.rcParams.update({"font.family": ["Liberation Serif", "DejaVu Serif"], "font.size": 11,
                         "svg.hashsalt": "khuyencong"})
    fig, ax = plt.subplots(figsize=(6.3, 3.2), dpi=150)
    draw(ax, report)
    ax.set_title(CHARTS[name], fontsize=12)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def _support_by_source(ax, report: dict[str, Any]) -> None:
    sources = [s for s in report["sources"].values() if s["projects"]]
    labels = [s["label"] for s in sources]
    bottoms = [0.0] * len(sources)
    for status in Status:
        values = [sum(p["support_vnd"] for p in s["by_status"][status.value]) / 1e6 for s in sources]
        if any(values):
            ax.barh(labels, values, left=bottoms, color=_COLORS[status], label=STATUS_LABELS[status])
            bottoms = [b + v for b, v in zip(bottoms, values)]
    for i, total in enumerate(bottoms):
        ax.text(total, i, f" {number(total)}", va="center")
    ax.xaxis.set_major_formatter(lambda x, _: number(x))
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, -0.55), ncol=3, frameon=False, fontsize=9)
    ax.invert_yaxis()


def _projects_by_status(ax, report: dict[str, Any]) -> None:
    counts = [report["total"]["status"][s.value] for s in Status]
    labels = [STATUS_LABELS[s] for s in Status]
    bars = ax.bar(labels, counts, color=[_COLORS[s] for s in Status])
    for bar, n in zip(bars, counts):
        ax.text(bar.get_x() + bar.get_width() / 2, n, f"{n:02d}", ha="center", va="bottom")
    ax.set_yticks([])
    ax.tick_params(axis="x", labelsize=9)

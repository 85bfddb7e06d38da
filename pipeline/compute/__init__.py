"""Compute: the records table -> report data (figures, lists, breakdowns) and metrics.json.

`figures` holds the groupby arithmetic, `report` what one report says, `contract` the typed
shape of metrics.json and tong-hop.json that other programs (and the roll-up) read.
"""

from pipeline.compute.contract import SCHEMA_VERSION, Metrics, ReportData, RollUp
from pipeline.compute.report import (
           compare,
           compute_report,
           counted,
           provenance,
           summarize,
)

__all__ = ["SCHEMA_VERSION", "Metrics", "ReportData", "RollUp", "compare", "compute_report", "counted",
           "provenance", "summarize"]

"""Write the JSON Schemas of metrics.json and tong-hop.json to docs/schema/ (run after changing
pipeline/compute/contract.py; a test fails while the published copies are stale)."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.compute.contract import json_schemas  # noqa: E402

for name, schema in json_schemas().items():
    (ROOT / "docs/schema" / name).write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"docs/schema/{name}")

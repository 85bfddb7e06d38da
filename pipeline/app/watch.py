"""`khuyencong watch`: rebuild a province's reports when a file in its inputs folder appears or changes.

Events are debounced (Excel writes a file in several steps) and Excel/LibreOffice lock files
(`~$…`, `.~lock…`) are ignored.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from pipeline.app.batch import BatchOptions, BatchResult
from pipeline.ingest.grids import is_spreadsheet


def relevant(path: Path) -> bool:
    name = path.name
    if name.startswith(("~$", ".~lock", ".")) or name.endswith((".tmp", "#")):
        return False
    return is_spreadsheet(path) or (name.startswith("thuyet-minh") and name.endswith(".txt"))


class _Collector(FileSystemEventHandler):
    def __init__(self, inputs: Path):
        self.inputs = inputs.resolve()
        self.pending: set[str] = set()
        self.last = 0.0
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            path = Path(str(raw)).resolve()
            try:
                parts = path.relative_to(self.inputs).parts
            except ValueError:
                continue
            if len(parts) == 2 and relevant(path):
                with self.lock:
                    self.pending.add(parts[0])
                    self.last = time.monotonic()

    def take(self, debounce: float) -> set[str]:
        with self.lock:
            if not self.pending or time.monotonic() - self.last < debounce:
                return set()
            ready, self.pending = self.pending, set()
            return ready


def watch(opts: BatchOptions, build: Callable[[BatchOptions], BatchResult | None],
          on_result: Callable[[str, BatchResult], None], debounce: float = 2.0,
          max_runs: int | None = None, ready: Callable[[], None] = lambda: None) -> None:
    """Runs `build` for each province whose inputs changed, until interrupted or max_runs is reached."""
    collector = _Collector(opts.inputs)
    observer = Observer()
    observer.schedule(collector, str(opts.inputs), recursive=True)
    observer.start()
    ready()
    runs = 0
    try:
        while max_runs is None or runs < max_runs:
            time.sleep(0.1)
            for slug in sorted(collector.take(debounce)):
                result = build(replace(opts, province=slug))
                if result is not None:
                    on_result(slug, result)
                runs += 1
    finally:
        observer.stop()
        observer.join()

"""`khuyencong watch`: rebuild a province's reports when a file in its inputs folder appears or
changes, when its own templates change, and every province's when the shared templates or
config.yaml change.

At start it catches up: whatever changed while it was stopped is built (unchanged reports are
skipped by their manifests). Events are debounced (Excel writes a file in several steps) and
Excel/LibreOffice lock files (`~$…`, `.~lock…`) are ignored.
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
from pipeline.core.files import is_spreadsheet

EVERY = "*"  # a change that touches every province (shared templates, config.yaml)


def relevant(path: Path) -> bool:
    name = path.name
    if name.startswith(("~$", ".~lock", ".")) or name.endswith((".tmp", "#", "~")):
        return False
    return is_spreadsheet(path) or (name.startswith("thuyet-minh") and name.endswith((".md", ".txt")))


def _template_file(path: Path) -> bool:
    name = path.name
    return not name.startswith(("~$", ".~lock", ".")) and path.suffix in (".j2", ".docx")


class _Collector(FileSystemEventHandler):
    def __init__(self, inputs: Path, templates: Path | None, config: Path | None):
        self.inputs = inputs.resolve()
        self.templates = templates.resolve() if templates else None
        self.config = config.resolve() if config else None
        self.pending: set[str] = set()
        self.last = 0.0
        self.lock = threading.Lock()

    def _province(self, path: Path) -> str | None:
        if self.config is not None and path == self.config:
            return EVERY
        for root, pick in ((self.inputs, self._from_inputs), (self.templates, self._from_templates)):
            if root is None:
                continue
            try:
                parts = path.relative_to(root).parts
            except ValueError:
                continue
            return pick(path, parts)
        return None

    @staticmethod
    def _from_inputs(path: Path, parts: tuple[str, ...]) -> str | None:
        return parts[0] if len(parts) == 2 and relevant(path) else None

    @staticmethod
    def _from_templates(path: Path, parts: tuple[str, ...]) -> str | None:
        if not _template_file(path):
            return None
        if len(parts) >= 3 and parts[0] == "provinces":
            return parts[1]
        return EVERY

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            slug = self._province(Path(str(raw)).resolve())
            if slug is not None:
                with self.lock:
                    self.pending.add(slug)
                    self.last = time.monotonic()

    def take(self, debounce: float) -> set[str]:
        with self.lock:
            if not self.pending or time.monotonic() - self.last < debounce:
                return set()
            ready, self.pending = self.pending, set()
            return {EVERY} if EVERY in ready else ready


def watch(opts: BatchOptions, build: Callable[[BatchOptions], BatchResult | None],
          on_result: Callable[[str, BatchResult], None], debounce: float = 2.0, max_runs: int | None = None,
          ready: Callable[[], None] = lambda: None, templates: Path | None = None) -> None:
    """Catches up, then runs `build` for each province whose inputs or templates changed (every
    province when shared templates or config.yaml did), until interrupted or max_runs is reached."""
    collector = _Collector(opts.inputs, templates, opts.config_path)
    observer = Observer()
    observer.schedule(collector, str(opts.inputs), recursive=True)
    if templates is not None and templates.is_dir():
        observer.schedule(collector, str(templates), recursive=True)
    observer.schedule(collector, str(opts.config_path.parent), recursive=False)
    observer.start()
    first = build(opts)  # what changed while nobody was watching
    if first is not None:
        on_result("Bắt đầu theo dõi: lập các báo cáo có thay đổi từ lần chạy trước", first)
    ready()
    runs = 0
    try:
        while max_runs is None or runs < max_runs:
            time.sleep(0.1)
            for slug in sorted(collector.take(debounce)):
                every = slug == EVERY
                result = build(opts if every else replace(opts, province=slug))
                if result is not None:
                    on_result("mẫu văn bản hoặc cấu hình chung thay đổi" if every
                              else f"{slug}: có thay đổi trong thư mục đầu vào hoặc mẫu của tỉnh", result)
                runs += 1
    finally:
        observer.stop()
        observer.join()

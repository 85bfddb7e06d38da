"""Where templates are looked up, without loading Jinja (an unchanged run only hashes them)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_TEMPLATES = Path(__file__).with_name("templates")  # base/: shipped with the program


def search_path(templates_dir: Path) -> list[Path]:
    """Where a template name is looked up: the office's own templates folder first (its
    provinces/ and, when it has one, its own base/), then the templates shipped in the package."""
    return [templates_dir, PACKAGE_TEMPLATES] if templates_dir.resolve() != PACKAGE_TEMPLATES.resolve() \
        else [PACKAGE_TEMPLATES]


def find_template(templates_dir: Path, name: str) -> Path:
    """The file a template name stands for (the office's copy wins)."""
    for folder in search_path(templates_dir):
        if (folder / name).is_file():
            return folder / name
    return PACKAGE_TEMPLATES / name

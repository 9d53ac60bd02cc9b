"""The repository's sample content as the tests find it and copy it.

Tests read the sample in place (ROOT) and break or edit only copies of it (copy_site), so the
repository a developer works in is never touched by a test.
"""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
"""The repository: its content/, quizzes/, docs/ and mkdocs.yml are the sample site."""

SITE_PARTS = ("mkdocs.yml", "content", "quizzes", "docs", "site-overrides")
"""What a build of the sample reads (the generator itself is imported from the repository)."""


def copy_site(target: Path, parts: tuple[str, ...] = SITE_PARTS, with_sources: bool = True) -> Path:
    """The parts of the sample copied under target, to edit or break; target is returned.

    Without sources, content/sources/ (the pages and feeds an import reads) is left out.
    """
    ignore = shutil.ignore_patterns("__pycache__") if with_sources else shutil.ignore_patterns("__pycache__", "sources")
    target.mkdir(parents=True, exist_ok=True)
    for name in parts:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target

"""A small real git repository for tests: commits with the dates and messages a test chooses."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path


class GitRepo:
    """Drives `git` in a temporary folder; each commit gets the author date the test gives it."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, date: str = "2026-01-01T12:00:00+00:00") -> str:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Trainer", "GIT_AUTHOR_EMAIL": "trainer@example.com",
            "GIT_COMMITTER_NAME": "Trainer", "GIT_COMMITTER_EMAIL": "trainer@example.com",
            "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
            "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
        }
        done = subprocess.run(["git", *args], cwd=self.path, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"git {' '.join(args)} failed: {done.stderr}"
        return done.stdout

    def write(self, name: str, text: str) -> Path:
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def commit(self, message: str, date: str, *paths: str) -> None:
        self.git("add", "--all", *paths, date=date)
        self.git("commit", "-q", "--allow-empty", "-m", message, date=date)


REPOSITORY = Path(__file__).resolve().parents[1]
SITE_PARTS = ("content", "quizzes", "docs", "site-overrides", "mkdocs.yml")


def copy_site(target: Path) -> Path:
    """A copy of the repository's content and site configuration, to edit without touching ours."""
    import shutil

    target.mkdir(parents=True, exist_ok=True)
    for name in SITE_PARTS:
        source = REPOSITORY / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target

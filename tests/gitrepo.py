"""A small real git repository for tests: commits with the dates and messages a test chooses."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from sample import ROOT, copy_site


class GitRepo:
    """Drives `git` in a temporary folder; each commit gets the author date the test gives it."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, date: str = "2026-01-01T12:00:00+00:00") -> str:
        done = subprocess.run(["git", *args], cwd=self.path, env=git_env(date), capture_output=True, text=True)
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


TOOLING = ("run", "pyproject.toml", "requirements.lock", "hooks", ".github", ".gitlab-ci.yml", ".pre-commit-hooks.yaml")


def trainer_repository(target: Path) -> GitRepo:
    """A trainer's clone: the site and the tooling, committed, pushing to a bare "origin" beside it.

    Its .venv borrows this checkout's installed environment (the same pinned set, so `./run`
    finds it up to date and installs nothing).
    """
    import hashlib
    import shutil

    copy_site(target)
    for name in TOOLING:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
    venv = target / ".venv"
    venv.mkdir()
    (venv / "bin").symlink_to(ROOT / ".venv" / "bin")
    pinned = (target / "requirements.lock").read_bytes() + (target / "pyproject.toml").read_bytes()
    (venv / f".installed-{hashlib.sha1(pinned).hexdigest()[:12]}").touch()  # the stamp `run` looks for
    (target / ".gitignore").write_text(".venv/\nsite/\n")
    repo = GitRepo(target)
    repo.commit("The course as the trainer found it", "2026-01-05T09:00:00+00:00")
    remote = target.parent / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    repo.git("remote", "add", "origin", str(remote))
    repo.git("push", "-q", "-u", "origin", "main")
    return repo


def git_env(date: str = "2026-01-01T12:00:00+00:00") -> dict:
    """The environment a test's git commands run in: a fixed identity and date, no user config."""
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": "Trainer", "GIT_AUTHOR_EMAIL": "trainer@example.com",
        "GIT_COMMITTER_NAME": "Trainer", "GIT_COMMITTER_EMAIL": "trainer@example.com",
        "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    }

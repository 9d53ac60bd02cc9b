"""The commit hook checks what is being committed (git's staged files), not the folder (issue 17):
a fix left unstaged does not let a broken file through, and an untracked draft does not block."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from gitrepo import git_env, trainer_repository

LESSON = "content/course/lessons/just-send-me-some-information.md"


def run(clone: Path, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=clone, env=git_env("2026-12-05T10:00:00+00:00"), capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    repo = trainer_repository(tmp_path_factory.mktemp("hook") / "course")
    assert run(repo.path, "git", "config", "core.hooksPath", "hooks").returncode == 0
    return repo.path


def head(clone: Path) -> str:
    return run(clone, "git", "rev-parse", "HEAD").stdout.strip()


def test_an_unstaged_fix_does_not_let_the_broken_version_through(clone):
    lesson = clone / LESSON
    good = lesson.read_text()
    lesson.write_text(good + "\nHear it in [the episode](../../episodes/e204.md#t-500).\n")
    assert run(clone, "git", "add", LESSON).returncode == 0
    lesson.write_text(good)  # fixed in the folder, but the broken version is what is staged
    before = head(clone)
    done = run(clone, "git", "commit", "-m", "A broken link, staged")
    assert done.returncode == 1 and head(clone) == before
    assert f"{LESSON}:" in done.stderr and "no turn 500" in done.stderr
    assert done.stderr.rstrip().splitlines()[-1].startswith("commit refused: 1 error in the files being committed")
    assert run(clone, "git", "add", LESSON).returncode == 0  # the fix staged: the commit goes through
    done = run(clone, "git", "commit", "--allow-empty", "-m", "Nothing broken now")
    assert done.returncode == 0 and "content OK" in done.stderr, done.stderr


def test_an_untracked_broken_draft_does_not_block_a_good_commit(clone):
    draft = clone / "content/episodes/e999.yml"  # an episode being written, not added yet
    draft.write_text("number: 999\ntitle: Next week's episode\ndate: next Tuesday\n")
    assert run(clone, str(clone / ".venv/bin/podcourse"), "check").returncode == 1  # the folder has an error
    lesson = clone / LESSON
    lesson.write_text(lesson.read_text() + "\nA sentence the trainer added.\n")
    assert run(clone, "git", "add", LESSON).returncode == 0
    before = head(clone)
    done = run(clone, "git", "commit", "-m", "A good edit beside a broken draft")
    assert done.returncode == 0, done.stderr
    assert head(clone) != before and "e999" not in done.stderr
    draft.unlink()


def test_check_staged_outside_a_repository_says_so(tmp_path, clone):
    done = run(tmp_path, str(clone / ".venv/bin/podcourse"), "check", "--staged")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("podcourse check --staged: cannot read git's staged files here")

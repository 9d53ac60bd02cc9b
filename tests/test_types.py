"""The package's own checks, configured in pyproject.toml, run by the suite so `./run test` and CI
keep generator/ clean: mypy ([tool.mypy]) finds no type error, ruff ([tool.ruff]) no lint problem
and nothing to reformat. Both are pinned test dependencies: a missing one fails here, it never
skips. mypy's cache (.mypy_cache/) keeps a rerun to a few seconds."""
from __future__ import annotations

import re
import subprocess
import sys

import yaml

from sample import ROOT


def checked(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_mypy_finds_no_error_in_the_package():
    run = checked("mypy")
    report = run.stdout + run.stderr
    assert run.returncode == 0, f"mypy (exit {run.returncode}):\n{report}"
    assert "Success: no issues found" in run.stdout, report


def test_ruff_finds_no_lint_problem_in_the_package():
    run = checked("ruff", "check")
    assert run.returncode == 0 and "All checks passed!" in run.stdout, f"ruff check:\n{run.stdout}{run.stderr}"


def test_ruff_would_reformat_nothing_in_the_package():
    run = checked("ruff", "format", "--check")
    assert run.returncode == 0, f"ruff format --check:\n{run.stdout}{run.stderr}"
    formatted = re.search(r"(\d+) files already formatted", run.stdout)
    assert formatted and int(formatted.group(1)) == len(list((ROOT / "generator").rglob("*.py")))  # all of generator/


def test_the_developers_hooks_run_these_checks_from_the_environment():
    """.pre-commit-config.yaml runs the same tools, from .venv (no network): each entry exists."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"]
    entries = {hook["id"]: hook["entry"].split() for hook in hooks}
    assert entries["ruff-check"][1:3] == ["check", "--force-exclude"] and entries["mypy"][1:] == ["-m", "mypy"]
    assert all((ROOT / entry[0]).is_file() for entry in entries.values()), entries

"""mypy, configured in pyproject.toml ([tool.mypy]), finds no error in generator/: run by the
suite so `./run test` and CI keep the package type-clean. mypy is a pinned test dependency: a
missing one fails here, it never skips. Its cache (.mypy_cache/) keeps a rerun to a few seconds."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_finds_no_error_in_the_package():
    run = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    report = run.stdout + run.stderr
    assert run.returncode == 0, f"mypy (exit {run.returncode}):\n{report}"
    assert "Success: no issues found" in run.stdout, report

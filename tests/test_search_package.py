"""The search subpackage's seams: checking content does not load the engine; Whoosh's internals
are used from one module that knows the version it was read from."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import whoosh

from generator.search import whoosh_internals

ROOT = Path(__file__).resolve().parents[1]


def test_podcourse_check_does_not_import_whoosh():
    probe = ("import sys, runpy; sys.argv = ['podcourse', '--root', sys.argv[1], 'check']\n"
             "try:\n    runpy.run_module('generator.cli', run_name='__main__')\n"
             "except SystemExit as done:\n    code = done.code\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'whoosh'), code)")
    done = subprocess.run([sys.executable, "-c", probe, str(ROOT)], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().endswith("[] 0"), done.stdout + done.stderr


def test_whoosh_internals_are_checked_against_the_pinned_version():
    assert whoosh.versionstring() == whoosh_internals.PINNED
    for name in ("setwise", "segments", "engine"):
        source = (ROOT / "generator" / "search" / f"{name}.py").read_text(encoding="utf-8")
        for private in ("whoosh.matching", "whoosh.codec", "whoosh.writing", "whoosh.automata", "whoosh.searching"):
            assert f"from {private}" not in source, (name, private)

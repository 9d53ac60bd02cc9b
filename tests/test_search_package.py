"""The search subpackage's seams: Whoosh's internals are used from one module that knows the
version it was read from. (That checking content does not load the engine: test_imports.py.)"""
from __future__ import annotations


import whoosh

from sample import ROOT
from generator.search import whoosh_internals


def test_whoosh_internals_are_checked_against_the_pinned_version():
    assert whoosh.versionstring() == whoosh_internals.PINNED
    for name in ("setwise", "segments", "engine"):
        source = (ROOT / "generator" / "search" / f"{name}.py").read_text(encoding="utf-8")
        for private in ("whoosh.matching", "whoosh.codec", "whoosh.writing", "whoosh.automata", "whoosh.searching"):
            assert f"from {private}" not in source, (name, private)

"""Shared test fixtures: the sample catalogue and the sample site, each made once per test process
and only read by the tests; one Playwright driver for the whole session, a Chromium per test.

Playwright's sync API refuses to start a second driver while one is running, so every browser
test shares this one. A missing browser fails the test that needs it; it never skips. Under
pytest-xdist "once per session" is once per worker.
"""
from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

import pytest

from browser import require_chromium
from generator.build import build_site
from generator.load import load_catalogue
from generator.search.index import build_index, documents_from_catalogue
from sample import ROOT

# CI runners set CI=true, which makes a left placeholder an error (generator/placeholders.py): the
# commands the tests run behave the same on a laptop and in CI; the tests of CI's rule set it.
os.environ.pop("CI", None)


@pytest.fixture(scope="session")
def catalogue():
    """The sample's catalogue, as `podcourse check` loads it; the sample has no error."""
    catalogue, problems = load_catalogue(ROOT)
    assert [str(p) for p in problems if p.severity == "error"] == []
    return catalogue


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample site as `podcourse build` makes it, with no site address; its search index is
    beside it (sample_site.parent / "site-index"). Tests read it: one that edits copies it."""
    site = tmp_path_factory.mktemp("sample-build") / "site"
    problems = build_site(ROOT, site)
    assert [str(p) for p in problems if p.severity == "error"] == []
    return site


@pytest.fixture(scope="session")
def sample_index(catalogue, tmp_path_factory) -> Path:
    """The folder of a Whoosh index of the sample's passages, without the trainer's synonyms (a
    test of what the engine itself does); the sample site's own index is sample_site's."""
    folder = tmp_path_factory.mktemp("sample-index")
    build_index(documents_from_catalogue(catalogue), folder)
    return folder


@pytest.fixture(scope="session")
def playwright_driver():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


def properties_ran() -> tuple[Counter, Counter]:
    """Inputs and seconds per property test that ran in this process (tests/properties.py counts them)."""
    properties = sys.modules.get("properties")
    return (properties.RAN, properties.SECONDS) if properties is not None else (Counter(), Counter())


def pytest_sessionfinish(session):
    """A pytest-xdist worker hands its counts to the controller, which prints the summary."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        ran, seconds = properties_ran()
        workeroutput["properties"] = (dict(ran), dict(seconds))


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    ran, seconds = getattr(node, "workeroutput", {}).get("properties", ({}, {}))
    WORKERS_RAN.update(ran)
    WORKERS_SECONDS.update(seconds)


WORKERS_RAN: Counter = Counter()
WORKERS_SECONDS: Counter = Counter()


def pytest_terminal_summary(terminalreporter):
    """The inputs each property test ran, after any session that ran one, in one process or many."""
    ran, seconds = properties_ran()
    ran, seconds = ran + WORKERS_RAN, seconds + WORKERS_SECONDS
    if not ran:
        return
    profile = os.environ.get("HYPOTHESIS_PROFILE", "ci")
    terminalreporter.section("Hypothesis inputs per property test")
    for name, count in sorted(ran.items()):
        terminalreporter.write_line(f"{count:6d} inputs {seconds[name]:6.1f} s  {name}")
    terminalreporter.write_line(f"{sum(ran.values()):6d} inputs {sum(seconds.values()):6.1f} s  in all "
                                f"(profile {profile})")

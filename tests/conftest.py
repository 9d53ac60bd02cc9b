"""Shared test fixtures: one Playwright driver for the whole session, a Chromium per test.

Playwright's sync API refuses to start a second driver while one is running, so every browser
test shares this one. A missing browser fails the test that needs it; it never skips.
"""
from __future__ import annotations

import os

import pytest

from browser import require_chromium

# CI runners set CI=true, which makes a left placeholder an error (generator/placeholders.py): the
# commands the tests run behave the same on a laptop and in CI; the tests of CI's rule set it.
os.environ.pop("CI", None)


@pytest.fixture(scope="session")
def playwright_driver():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


def pytest_terminal_summary(terminalreporter):
    """The inputs each property test ran (tests/properties.py counts them), after any session that ran one."""
    import sys

    properties = sys.modules.get("properties")
    if properties is None or not properties.RAN:
        return
    terminalreporter.section("Hypothesis inputs per property test")
    for name, count in sorted(properties.RAN.items()):
        terminalreporter.write_line(f"{count:6d} inputs {properties.SECONDS[name]:6.1f} s  {name}")
    total = sum(properties.RAN.values())
    terminalreporter.write_line(f"{total:6d} inputs {sum(properties.SECONDS.values()):6.1f} s  in all "
                                f"(profile {properties.PROFILE})")

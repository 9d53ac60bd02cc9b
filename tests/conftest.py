"""Shared test fixtures: one Playwright driver for the whole session, a Chromium per test.

Playwright's sync API refuses to start a second driver while one is running, so every browser
test shares this one. A missing browser fails the test that needs it; it never skips.
"""
from __future__ import annotations

import pytest

from browser import require_chromium


@pytest.fixture(scope="session")
def playwright_driver():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver

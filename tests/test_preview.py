"""`podcourse preview` (issue 17): MkDocs' live preview, in real Chromium, shows a content mistake
on the page with its path:line, and takes it away when the file is fixed; the terminal keeps to
what a trainer acts on (no end-of-life banner, no false notices about turn anchors)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

from sample import copy_site
from browser import fresh_browser

from test_browser_search import free_port

EPISODE = "content/episodes/e204.yml"
GOOD_TITLE = "title: Sales Negotiations with Kwame Christian"
BROKEN_TITLE = "title: Sales Negotiations: with Kwame Christian"


def wait_until_served(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read()
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} never answered")


def test_a_mistake_shows_on_the_page_and_goes_when_fixed(tmp_path, playwright_driver):
    site = copy_site(tmp_path / "site")
    port = free_port()
    temporary = tmp_path / "tmp"  # where MkDocs puts the preview's site, and the plugin its index
    temporary.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "--root", str(site), "preview", "--port", str(port)],
                               stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(temporary)})
    try:
        url = f"http://127.0.0.1:{port}/course/mindset/"
        wait_until_served(url, process)
        with fresh_browser(playwright_driver) as context:
            page = context.new_page()
            page.goto(url)
            assert page.locator(".pc-preview-problems").count() == 0
            heading = page.locator(".md-content h1").first.inner_text()
            episode = site / EPISODE
            episode.write_text(episode.read_text().replace(GOOD_TITLE, BROKEN_TITLE))
            panel = page.locator(".pc-preview-problems[role=alert]")
            panel.wait_for(timeout=90_000)  # the page reloads by itself once the rebuild is done
            assert f"{EPISODE}:2: invalid YAML at column 26: a colon inside a value" in panel.inner_text()
            assert page.locator(".md-content h1").first.inner_text() == heading  # the module is still there, as it last checked
            episode.write_text(episode.read_text().replace(BROKEN_TITLE, GOOD_TITLE))
            page.wait_for_selector(".pc-preview-problems", state="detached", timeout=90_000)
            assert page.locator(".md-content h1").first.inner_text() == heading
    finally:
        process.send_signal(signal.SIGTERM)  # as a service manager stops it; Ctrl+C is SIGINT, handled alike
        try:
            _, terminal = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            _, terminal = process.communicate()
    assert terminal.startswith(f"previewing at http://127.0.0.1:{port}/"), terminal
    assert process.returncode == 0 and "Traceback" not in terminal, terminal
    assert sorted(path.name for path in temporary.iterdir()) == []  # neither the site nor its search index is left
    assert f"ERROR: generator: {EPISODE}:2: invalid YAML" in terminal
    for noise in ("end of life", "does not contain an anchor", "Traceback", "INFO"):
        assert noise not in terminal, terminal

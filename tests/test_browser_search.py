"""The search page (search/, search.js) in a real browser against `podcourse serve`.

The sample site is built once, with one hostile line added to a copy of E100's transcript (a
turn holding <b> and an <img onerror> beside the unusual word "xylophone"), and served by the
real command, `podcourse serve` (waitress), on a free loopback port, so /api/search answers.
The same site on a plain static server, without the endpoint, must say so without errors.
Expectations come from the sample's sources: Dr. Wayne Baker lists his SMART criteria in E227
turn 9; "refferals" is a misspelling of a word the sample uses often.
A missing browser fails these tests; it never skips them.
"""
from __future__ import annotations

import contextlib
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from browser import fresh_browser, static_server
from generator.build import build_site

ROOT = Path(__file__).resolve().parents[1]
SITE_PARTS = ("mkdocs.yml", "content", "quizzes", "docs", "site-overrides")
HOSTILE = ("Play it on a <b>xylophone</b> <img src=x onerror=\"window.__pwned=1\"> & keep the "
           "client's words, said Jason.")
TURN_LINK = re.compile(r"episodes/e(\d+)/#t-(\d+)(-p\d+)?$")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sample_with_hostile_turn(folder: Path) -> Path:
    """A copy of the sample whose E100 transcript ends with a turn holding markup."""
    for part in SITE_PARTS:
        copy = shutil.copytree if (ROOT / part).is_dir() else shutil.copy2
        copy(ROOT / part, folder / part)
    episode = folder / "content" / "episodes" / "e100.yml"
    text = episode.read_text(encoding="utf-8").rstrip("\n")
    assert "\ntranscript:\n" in text and not text.endswith("transcript: []")
    episode.write_text(text + "\n- speaker: Jason Cutter\n  text: '" + HOSTILE.replace("'", "''") + "'\n",
                       encoding="utf-8")
    return folder


@contextlib.contextmanager
def podcourse_serve(site: Path, port: int):
    """`podcourse serve` as a process on loopback; stopped (by its own pid) afterwards."""
    log = site.parent / "serve.log"
    with log.open("w") as output:
        # Run from elsewhere: the index must be found beside --site-dir, not in the working folder.
        process = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "--root", str(ROOT), "serve", "--port", str(port),
             "--site-dir", str(site)],
            stdout=output, stderr=subprocess.STDOUT, cwd=site.parent)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_search(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for_search(url: str, process: subprocess.Popen, log: Path) -> None:
    """Until /api/search answers 200; fails (with the server's output) if it never does."""
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(url + "api/search?q=smart", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"podcourse serve never answered /api/search with 200:\n{log.read_text()}")
        time.sleep(0.1)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, int]:
    """The sample (plus the hostile turn) built for the address `podcourse serve` will answer at."""
    root = sample_with_hostile_turn(tmp_path_factory.mktemp("search-root"))
    port = free_port()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PODCOURSE_SITE_URL", f"http://127.0.0.1:{port}/")
        problems = [p for p in build_site(root, root / "site") if p.severity == "error"]
    assert problems == [], [str(p) for p in problems]
    return root / "site", port


@pytest.fixture(scope="module")
def served(built) -> str:
    site, port = built
    with podcourse_serve(site, port) as url:
        yield url


@pytest.fixture
def page(playwright_driver):
    """A fresh Chromium page; every uncaught script error on it fails the test."""
    errors: list[str] = []
    with fresh_browser(playwright_driver, viewport={"width": 1280, "height": 900}) as context:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page
    assert errors == []


def search_for(page, base: str, query: str) -> None:
    page.goto(base + "search/")
    page.fill("#pc-search-q", query)
    page.press("#pc-search-q", "Enter")
    page.wait_for_url(re.compile(r"/search/\?query="))
    page.locator("#pc-search-status span, #pc-search-status.pc-search-error").first.wait_for()


def groups(page) -> list[dict]:
    return page.locator("li.pc-result").evaluate_all("""items => items.map(item => ({
        title: item.querySelector('.pc-result-title').textContent,
        meta: item.querySelector('.pc-result-meta').textContent,
        links: [...item.querySelectorAll('a.pc-passage-link')].map(a => a.getAttribute('href')),
        marks: [...item.querySelectorAll('.pc-excerpt mark')].map(m => m.textContent.toLowerCase()),
    }))""")


def test_a_query_shows_pages_with_highlighted_passages_linked_to_turns(page, served):
    search_for(page, served, "SMART")
    results = groups(page)
    e227 = [g for g in results if g["title"].startswith("E227:")]
    assert len(e227) == 1  # one result per page, its passages under it
    links = [TURN_LINK.search(href) for href in e227[0]["links"]]
    assert all(links) and {m.group(1) for m in links} == {"227"}
    assert ("227", "9") in {(m.group(1), m.group(2)) for m in links}  # Dr. Baker lists the criteria
    assert e227[0]["marks"] and set(e227[0]["marks"]) == {"smart"}
    assert all(g["marks"] for g in results)
    status = page.locator("#pc-search-status").inner_text()
    assert status.startswith(f"{len(results)} pages (") and "“SMART”" in status
    assert page.input_value("#pc-search-q") == "SMART"  # the box keeps what was typed


def test_a_facet_filters_the_results_and_its_count_agrees(page, served):
    search_for(page, served, "sales")
    everything = page.locator("#pc-search-status span").inner_text()
    total = int(everything.split()[0])
    episode = page.locator(".pc-facet", has=page.locator("h3", has_text="Type")).locator("li", has_text="episode")
    count = int(re.fullmatch(r"\s*\((\d+)\)", episode.locator(".pc-count").inner_text()).group(1))
    assert 0 < count < total
    episode.locator("a").click()
    page.wait_for_url(re.compile(r"type=episode"))
    status = page.locator("#pc-search-status span")
    status.filter(has_text=re.compile(f"^{count} pages? ")).wait_for()  # the filtered answer is in
    filtered = groups(page)
    assert len(filtered) == count
    assert all(g["meta"].strip().startswith("episode") for g in filtered)
    facet = page.locator(".pc-facet", has=page.locator("h3", has_text="Type"))
    assert facet.locator("a[aria-current=true]").inner_text() == "episode"
    assert facet.locator(".pc-count").inner_text() == f" ({count})"
    facet.locator("a.pc-facet-clear").click()
    page.wait_for_url(re.compile(r"/search/\?query=sales$"))
    status.filter(has_text=everything).wait_for()
    assert page.locator(".pc-facet a[aria-current=true]").count() == 0


def test_a_misspelt_query_offers_did_you_mean(page, served):
    search_for(page, served, "refferals")
    suggestion = page.locator(".pc-suggestion")
    assert suggestion.inner_text() == "Did you mean referrals?"
    suggestion.locator("a").click()
    page.wait_for_url(re.compile(r"query=referrals"))
    page.locator("li.pc-result").first.wait_for()
    assert page.locator(".pc-excerpt mark", has_text=re.compile("^referrals?$", re.I)).count() > 0
    assert page.locator(".pc-suggestion").count() == 0


def test_clicking_a_passage_lands_on_the_turn(page, served):
    search_for(page, served, '"strategically realistic"')  # Dr. Baker's R, E227 turn 9
    link = page.locator("li.pc-result", has_text="E227:").locator("a.pc-passage-link").first
    match = TURN_LINK.search(link.get_attribute("href"))
    assert match and match.group(1) == "227"
    anchor = link.get_attribute("href").rsplit("#", 1)[1]
    link.click()
    page.wait_for_url(re.compile(f"/episodes/e227/#{anchor}$"))
    turn = page.locator(f"[id='{anchor}']")
    turn.wait_for()
    assert "strategically realistic" in turn.inner_text()
    page.wait_for_function(f"() => document.getElementById('{anchor}').matches(':target')")
    box = turn.bounding_box()
    assert 0 <= box["y"] < 900  # scrolled into view


def test_a_transcript_highlight_is_text_never_markup(page, served):
    search_for(page, served, "xylophone")
    excerpt = page.locator(".pc-excerpt").first
    assert "<b>" in excerpt.inner_text() and "<img src=x" in excerpt.inner_text()
    assert excerpt.locator("b, img").count() == 0
    assert excerpt.locator("mark").inner_text().lower() == "xylophone"
    assert page.evaluate("window.__pwned") is None
    assert TURN_LINK.search(page.locator("a.pc-passage-link").first.get_attribute("href")).group(1) == "100"


def test_instant_navigation_to_the_search_page_still_searches(page, served):
    page.goto(served)
    page.wait_for_load_state("networkidle")  # Material reads sitemap.xml before it takes over links
    page.evaluate("window.__stayed = true")  # survives only if the next page is not a full load
    page.locator("a.md-tabs__link", has_text="Search").click()
    page.wait_for_url(re.compile(r"/search/$"))
    page.locator("#pc-search-q").wait_for()
    assert page.evaluate("window.__stayed") is True
    page.fill("#pc-search-q", "SMART")
    page.press("#pc-search-q", "Enter")
    page.wait_for_url(re.compile(r"/search/\?query=SMART$"))
    page.locator("li.pc-result").first.wait_for()
    assert any(g["title"].startswith("E227:") for g in groups(page))
    assert page.evaluate("window.__stayed") is True  # searched in place, no page load
    page.go_back()
    page.wait_for_url(re.compile(r"/search/$"))
    page.wait_for_function("() => !document.querySelector('li.pc-result')")
    assert page.input_value("#pc-search-q") == ""
    page.go_forward()
    page.wait_for_url(re.compile(r"/search/\?query=SMART$"))
    page.locator("li.pc-result").first.wait_for()
    assert page.locator("li.pc-result").count() == len({g["title"] for g in groups(page)})


def test_without_the_endpoint_the_page_says_search_needs_podcourse_serve(page, built):
    site, _ = built
    with static_server(site) as url:
        page.goto(url + "search/?query=SMART")
        note = page.locator("#pc-search-static")
        note.wait_for(state="visible")
        assert "podcourse serve" in note.inner_text()
        assert page.locator("li.pc-result").count() == 0
        note.locator("label[for=__search]").click()  # opens Material's own search, with the query
        material = page.locator("input.md-search__input")
        material.wait_for(state="visible")
        assert material.input_value() == "SMART"
        page.locator(".md-search-result__item").first.wait_for()
        assert page.locator(".md-search-result__meta").inner_text() != "No matching documents"

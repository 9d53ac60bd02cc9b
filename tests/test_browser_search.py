"""The search page (search/, search.js) in a real browser, on both its backends.

The sample site is built once, with one hostile line added to a copy of E100's transcript (a
turn holding <b> and an <img onerror> beside the unusual word "xylophone"), and served by the
real command, `podcourse serve` (waitress), on a free loopback port, so /api/search answers.
The same sample is built a second time for a plain static server that serves it under a subpath
(`sub/`, as GitHub Pages serves a project), where the page searches the static (Pagefind) index:
there no request may go to /api/search and none may fail.
Expectations come from the sample's sources: Dr. Wayne Baker lists his SMART criteria in E227
turn 9; Jason Cutter speaks of the "lizard brain" in E204 turn 8; "refferals" is a misspelling of
a word the sample uses often.
A missing browser or a missing Pagefind fails these tests; it never skips them.
"""
from __future__ import annotations

import contextlib
import gzip
import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml

from sample import ROOT, copy_site
from browser import axe_violations, fresh_browser, static_server
from generator.build import build_site
from generator.search.analysis import code_number, stem_word

sys.path.insert(0, str(ROOT))
from bench.relevance import STATIC_ALL_GROUPS  # noqa: E402  (a request with the results read as one scrolls)

HOSTILE = ("Play it on a <b>xylophone</b> <img src=x onerror=\"window.__pwned=1\"> & keep the "
           "client's words, said Jason.")
TURN_LINK = re.compile(r"episodes/e(\d+)/#t-(\d+)(-p\d+)?$")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sample_with_hostile_turn(folder: Path) -> Path:
    """A copy of the sample whose E100 transcript ends with a turn holding markup."""
    copy_site(folder)
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
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    search_for(page, served, "SMART")
    results = groups(page)
    e227 = [g for g in results if g["title"].startswith("E227:")]
    assert len(e227) == 1  # one result per page, its passages under it
    # Turns, and the page itself for its title, hook and notes ("about" passage, no anchor).
    links = [TURN_LINK.search(href) for href in e227[0]["links"] if not href.endswith("/episodes/e227/")]
    assert links and all(links) and {m.group(1) for m in links} == {"227"}
    assert ("227", "9") in {(m.group(1), m.group(2)) for m in links}  # Dr. Baker lists the criteria
    assert e227[0]["marks"] and set(e227[0]["marks"]) == {"smart"}
    assert all(g["marks"] for g in results)
    status = page.locator("#pc-search-status").inner_text()
    assert status.startswith(f"{len(results)} pages (") and "“SMART”" in status
    assert page.input_value("#pc-search-q") == "SMART"  # the box keeps what was typed
    # Served by `podcourse serve`, the results come from its endpoint, not from the static index.
    assert any("/api/search?q=SMART" in url for url in requests)
    assert not any("/pagefind/" in url for url in requests)
    assert page.locator("#pc-search-static").is_hidden()
    assert "guest:" in page.locator("#pc-search-help").inner_text()  # the fields the endpoint knows


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


@pytest.mark.parametrize("host", ["served", "static_host"])
def test_a_misspelt_query_is_searched_as_corrected_and_can_be_searched_as_typed(page, host, request):
    """On both backends: the static one corrects from the words of its own index."""
    search_for(page, request.getfixturevalue(host), "refferals")
    corrected = page.locator(".pc-corrected")
    assert corrected.inner_text() == "Showing results for referrals. Search instead for refferals."
    assert page.locator(".pc-excerpt mark", has_text=re.compile("^referrals?$", re.I)).count() > 0
    assert "“referrals”" in page.locator("#pc-search-status span").inner_text()
    corrected.locator("a").click()
    page.wait_for_url(re.compile(r"query=refferals&exact=1$"))
    suggestion = page.locator(".pc-suggestion")
    assert suggestion.inner_text() == "Did you mean referrals?"  # searched as typed, it finds nothing
    assert page.locator(".pc-corrected").count() == 0
    suggestion.locator("a").click()
    page.wait_for_url(re.compile(r"query=referrals$"))
    page.locator("li.pc-result").first.wait_for()
    assert page.locator(".pc-excerpt mark", has_text=re.compile("^referrals?$", re.I)).count() > 0


@pytest.mark.parametrize("host", ["served", "static_host"])
def test_a_page_shows_three_moments_and_the_rest_on_demand(page, host, request):
    """Every matching moment of a page, on request: the endpoint sends a page's best ten, and the
    button asks for the others (a listener's exploration found 23 of E227's 33 out of reach)."""
    served = request.getfixturevalue(host)
    search_for(page, served, "sales")  # E204 has 7 matching passages, all sent
    folded = page.locator("li.pc-result", has_text="E204:")

    def shown() -> int:
        return folded.locator(".pc-passages > li").evaluate_all("items => items.filter(li => !li.hidden).length")

    assert shown() == 3
    button = folded.locator("button.pc-more-passages")
    assert button.inner_text() == "Show all 7 matching moments"
    button.click()
    assert shown() == 7
    assert button.count() == 0
    e100 = page.locator("li.pc-result", has_text="E100:")  # 16 matching, the best 10 sent
    more = e100.locator("button.pc-more-passages")
    assert more.inner_text() == "Show all 16 matching moments"
    more.click()
    more.wait_for(state="detached")
    links = e100.locator(".pc-passages > li a.pc-passage-link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(links) == len(set(links)) == 16
    scroll_to_the_last_result(page)  # a static host reads the later pages then
    kinds = page.locator("#pc-search-results h3.pc-results-kind").all_inner_texts()
    assert kinds == ["In the episodes", "In the course and blog"]  # episodes first, each heading once


@pytest.mark.parametrize("host", ["served", "static_host"])
@pytest.mark.parametrize(("address", "way_out"), [("&page=99", "See the first page of results"),
                                                  ("&guest=nobody", "Search without this filter")])
def test_an_old_link_past_the_results_says_so_and_offers_a_way_out(page, host, request, address, way_out):
    """An old or shared link may ask for a page of results past the last, or a guest the site no
    longer has: the page says so (the endpoint's 400) and links to the search that still works."""
    base = request.getfixturevalue(host)
    page.goto(base + "search/?query=sales" + address)
    page.locator("#pc-search-status.pc-search-error").wait_for()
    said = page.locator("#pc-search-status").inner_text()
    assert said[0].isupper() and not said.startswith(("page:", "guest:"))  # the API's "page: ..." is for programs
    link = page.locator("#pc-search-status a.pc-search-way-out")
    assert link.inner_text() == way_out
    link.click()
    page.locator("li.pc-result").first.wait_for()
    assert page.locator("#pc-search-status.pc-search-error").count() == 0
    assert "page=99" not in page.url and "guest=" not in page.url and "query=sales" in page.url


def test_a_static_host_says_why_a_query_of_common_words_alone_finds_nothing(page, static_host):
    """The static index leaves out the words a query drops anyway ("how", "do", "I": static_index.
    CODED_WORDS); a query of those alone is told to name its subject, not shown an empty page."""
    search_for(page, static_host, "how do I")
    page.locator("#pc-search-status.pc-search-error").wait_for()
    said = page.locator("#pc-search-status").inner_text()
    assert "how do I" in said and "too common" in said and said[0].isupper()
    search_for(page, static_host, "how do I handle silence")  # with its subject, the moments
    page.locator("li.pc-result").first.wait_for()
    assert page.locator("#pc-search-status.pc-search-error").count() == 0


@pytest.mark.parametrize("query", ["episode 204", "204"])
def test_a_static_host_finds_an_episode_by_its_number(page, static_host, query):
    """As the server (tests/test_search.py): the number a listener heard finds the episode whose
    code holds it ("E204"), and "episode" is no subject."""
    page.goto(static_host + "search/")
    answer = page.evaluate(STATIC_ALL_GROUPS, {"query": query})
    assert answer["groups"][0]["id"] == "episode:e204"
    assert "<mark>E204</mark>:" in answer["groups"][0]["passages"][0]["highlight"]


@pytest.mark.parametrize("host", ["served", "static_host"])
def test_the_search_field_takes_the_typing_when_nothing_is_asked_yet(page, host, request):
    """A listener who opens the search page types at once; with a query in the address the
    results are what they came for, and the field is left alone."""
    base = request.getfixturevalue(host)
    page.goto(base + "search/")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'pc-search-q'")
    page.keyboard.type("lizard brain")
    page.keyboard.press("Enter")
    page.locator("li.pc-result").first.wait_for()
    assert page.locator("li.pc-result").first.locator(".pc-result-title").inner_text().startswith("E204")
    page.goto(base + "search/?query=sales")
    page.locator("li.pc-result").first.wait_for()
    assert page.evaluate("document.activeElement.id") != "pc-search-q"


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


def assert_hostile_turn_shown_as_text(page, base: str, tag_text: str) -> None:
    """E100's added turn (HOSTILE) found by its unusual word: its markup shows as text, runs
    nothing, and only the word is marked; the hit links to E100."""
    search_for(page, base, "xylophone")
    excerpt = page.locator(".pc-excerpt").first
    assert tag_text in excerpt.inner_text() and "<img src=x" in excerpt.inner_text()
    assert excerpt.locator("b, img").count() == 0
    assert excerpt.locator("mark").inner_text().lower() == "xylophone"
    assert page.evaluate("window.__pwned") is None
    assert TURN_LINK.search(page.locator("a.pc-passage-link").first.get_attribute("href")).group(1) == "100"


def test_a_transcript_highlight_is_text_never_markup(page, served):
    assert_hostile_turn_shown_as_text(page, served, "<b>")


def test_instant_navigation_to_the_search_page_still_searches(page, served):
    page.goto(served)
    page.wait_for_load_state("networkidle")  # Material reads its list of pages (instant-navigation.xml) before it takes over links
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


@pytest.fixture(scope="module")
def static_host(built, tmp_path_factory) -> str:
    """The same sample built for, and served by, a plain static server under /sub/."""
    root = built[0].parent
    host = tmp_path_factory.mktemp("static-host")
    with static_server(host) as url:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("PODCOURSE_SITE_URL", url + "sub/")
            problems = [p for p in build_site(root, host / "sub") if p.severity == "error"]
        assert problems == [], [str(p) for p in problems]
        yield url + "sub/"


@pytest.fixture
def traffic(page) -> list[tuple[int, str]]:
    """(status, URL) of every response the page gets; the test checks none failed."""
    seen: list[tuple[int, str]] = []
    page.on("response", lambda response: seen.append((response.status, response.url)))
    return seen


def assert_static_traffic(traffic: list[tuple[int, str]]) -> None:
    assert [t for t in traffic if t[0] >= 400] == []
    assert not any("/api/" in url for _, url in traffic)
    assert any("/sub/pagefind/" in url for _, url in traffic)


def test_static_host_finds_a_turn_and_the_link_lands_on_it(page, static_host, traffic):
    search_for(page, static_host, "lizard brain")
    e204 = page.locator("li.pc-result", has_text="E204:")
    link = e204.locator("a.pc-passage-link").first  # the best passage of the page comes first
    assert link.get_attribute("href").endswith("/sub/episodes/e204/#t-8")
    assert set(e204.locator(".pc-excerpt mark").all_inner_texts()) <= {"lizard", "brain"}
    assert page.locator("#pc-search-static").is_hidden()
    link.click()
    page.wait_for_url(re.compile(r"/sub/episodes/e204/#t-8$"))
    turn = page.locator("[id='t-8']")
    turn.wait_for()
    assert page.evaluate("location.hash") == "#t-8"
    page.wait_for_function("() => document.getElementById('t-8').matches(':target')")
    assert "lizard brain" in turn.inner_text()
    box = turn.bounding_box()
    assert 0 <= box["y"] < 900  # scrolled into view
    assert_static_traffic(traffic)


def lizard_brain_lands_on_e204(page, static_host) -> None:
    search_for(page, static_host, "lizard brain")
    link = page.locator("li.pc-result", has_text="E204:").locator("a.pc-passage-link").first
    assert link.get_attribute("href").endswith("/sub/episodes/e204/#t-8")


def test_static_host_links_a_hit_to_the_paragraph_its_excerpt_opens_in(page, static_host, traffic):
    """As the server (tests/test_search.py): E227's ninth turn has a short fifth paragraph indexed
    with the sixth, which says "make a request"; the link goes to the sixth, which the page marks."""
    search_for(page, static_host, '"make a request"')
    e227 = page.locator("li.pc-result", has_text="E227:")
    links = [a.get_attribute("href") for a in e227.locator("a.pc-passage-link").all()]
    assert any(link.endswith("/sub/episodes/e227/#t-9-p6") for link in links), links
    assert not any(link.endswith("#t-9-p5") for link in links), links
    e227.locator("a.pc-passage-link[href$='#t-9-p6']").click()
    page.wait_for_function("() => document.getElementById('t-9-p6') && document.getElementById('t-9-p6').matches(':target')")
    assert "make a request" in page.locator("[id='t-9-p6']").inner_text().lower()
    marked = page.evaluate("getComputedStyle(document.getElementById('t-9-p6')).boxShadow")
    assert "inset" in marked  # a bar beside it, not only the faint tint
    # and it says who speaks, the turn's head being screens above on a phone
    page.locator("[id='t-9-p6'] .pc-para-speaker").filter(has_text="Dr. Wayne Baker:").wait_for()
    page.evaluate("location.hash = '#t-9'")  # the turn itself: its head names the speaker
    page.wait_for_function("() => !document.querySelector('.pc-para-speaker')")
    assert_static_traffic(traffic)


def test_static_host_asks_for_no_word_list_it_lacks_for_a_long_word(page, static_host, traffic):
    """A word found nowhere reads the word lists of the lengths it could have for a correction
    (static_index.WORDS_FILE); a long one asked for lists of 16 and 17 letters the sample has
    none of, and the console showed their 404s."""
    for query in ("xylophonequartz", "supercalifragilisticexpialidociousnegotiation"):
        search_for(page, static_host, query)
        page.locator("#pc-search-status").filter(has_text="0 pages").wait_for()
    assert any("podcourse-words-" in url for _, url in traffic)  # the lists there are were read
    assert_static_traffic(traffic)


def test_static_host_sends_the_search_scripts_gzipped(page, static_host, traffic):
    """The build gzips pagefind.js (static_index.SCRIPT_GZIPPED) and static-search.js
    (render/scripts.py GZIPPED); the page unzips and runs them, and never downloads the plain scripts."""
    lizard_brain_lands_on_e204(page, static_host)
    fetched = {url.rsplit("/", 1)[-1] for _, url in traffic}
    assert {"pagefind.js.gz", "static-search.js.gz"} <= fetched
    assert not {"pagefind.js", "static-search.js"} & fetched
    assert_static_traffic(traffic)


def test_static_host_falls_back_to_the_plain_scripts(page, static_host, traffic):
    """Where the gzipped scripts cannot be had (a host or a policy that refuses them), the page
    imports pagefind.js as Pagefind ships it and static-search.js as minified, and still finds the turn."""
    page.route(re.compile(r"/(pagefind|static-search)\.js\.gz$"), lambda route: route.abort())
    lizard_brain_lands_on_e204(page, static_host)
    fetched = {url.rsplit("/", 1)[-1] for _, url in traffic}
    assert {"pagefind.js", "static-search.js"} <= fetched


def test_static_host_with_a_policy_refusing_blob_scripts_still_searches(page, static_host, traffic):
    """A site whose Content-Security-Policy allows only its own scripts (and the wasm Pagefind
    needs) refuses the unzipped script run from memory: the page imports pagefind.js instead."""
    policy = "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'"

    def with_policy(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": policy})

    page.route(re.compile(r"/sub/search/(\?.*)?$"), with_policy)
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    lizard_brain_lands_on_e204(page, static_host)
    fetched = {url.rsplit("/", 1)[-1] for _, url in traffic}
    assert {"pagefind.js.gz", "pagefind.js", "static-search.js.gz", "static-search.js"} <= fetched  # tried, refused,
    assert refused  # fell back
    assert_static_traffic(traffic)


def test_static_host_that_unzips_gz_files_itself_still_searches(page, static_host, traffic):
    """A host may send a .gz file with Content-Encoding: gzip, so the browser hands the page the
    file unzipped: the page reads the table and the script either way."""
    def unzipped(route):
        response = route.fetch()
        route.fulfill(response=response, body=gzip.decompress(response.body()))

    page.route("**/*.gz", unzipped)
    lizard_brain_lands_on_e204(page, static_host)
    facets = page.locator(".pc-facet").count()
    assert facets > 0  # the table (podcourse-search.gz) was read: the facets come from it
    assert_static_traffic(traffic)


def test_static_host_shows_transcript_markup_as_text(page, static_host, traffic):
    assert_hostile_turn_shown_as_text(page, static_host, "<b>xylophone</b>")
    assert_static_traffic(traffic)


def test_static_host_filters_by_facet(page, static_host, traffic):
    search_for(page, static_host, "sales")
    total = int(page.locator("#pc-search-status span").inner_text().split()[0])
    guest = page.locator(".pc-facet", has=page.locator("h3", has_text="Guest")).locator("li", has_text="Kwame Christian")
    count = int(re.fullmatch(r"\s*\((\d+)\)", guest.locator(".pc-count").inner_text()).group(1))
    assert 0 < count < total
    guest.locator("a").click()
    page.wait_for_url(re.compile(r"guest=kwame-christian"))
    page.locator("#pc-search-status span").filter(has_text=re.compile(f"^{count} pages? ")).wait_for()
    assert page.locator("#pc-search-status span").inner_text().endswith("; guest: Kwame Christian.")  # says it is narrowed
    filtered = groups(page)
    assert len(filtered) == count and all("Kwame Christian" in g["meta"] for g in filtered)
    page.locator(".pc-facet a.pc-facet-clear").click()
    page.wait_for_url(re.compile(r"/search/\?query=sales$"))
    page.locator("#pc-search-status span").filter(has_text=re.compile(f"^{total} pages ")).wait_for()
    assert_static_traffic(traffic)


def test_a_filter_chosen_by_keyboard_leaves_focus_on_what_was_found(page, static_host, traffic):
    """Enter on a filter draws the results anew; focus went back to the top of the page, and a
    keyboard user tabbed through the whole header again. It now rests on the status line."""
    search_for(page, static_host, "sales")
    guest = page.locator(".pc-facet", has=page.locator("h3", has_text="Guest")).locator("li", has_text="Kwame Christian")
    guest.locator("a").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"guest=kwame-christian"))
    page.locator("li.pc-result").first.wait_for()
    assert page.evaluate("document.activeElement.id") == "pc-search-status"
    page.keyboard.press("Tab")  # on into the results and filters, not the header
    assert page.evaluate("!document.activeElement.closest('header')")
    assert_static_traffic(traffic)


def test_on_a_phone_a_filter_chosen_folds_the_filters_over_its_results(page, static_host, traffic):
    """On a phone the filters fold into "Filter results" above the results; a filter tapped there
    left them open, and the results it asked for waited a screenful below."""
    page.set_viewport_size({"width": 390, "height": 844})
    search_for(page, static_host, "sales")
    page.locator("details.pc-search-filters summary").click()
    guest = page.locator(".pc-facet", has=page.locator("h3", has_text="Guest")).locator("li", has_text="Kwame Christian")
    guest.locator("a").click()
    page.wait_for_url(re.compile(r"guest=kwame-christian"))
    page.locator("#pc-search-status span").filter(has_text="guest: Kwame Christian").wait_for()
    assert page.evaluate("document.querySelector('details.pc-search-filters').open") is False
    assert page.locator("li.pc-result").first.bounding_box()["y"] < 844  # the first result on the screen
    page.set_viewport_size({"width": 1280, "height": 900})  # a wide screen: the filters stay a column
    assert page.locator(".pc-facet").first.is_visible()
    assert_static_traffic(traffic)


def test_each_moment_link_is_described_by_its_excerpt(page, static_host, traffic):
    """Moment links are named by who speaks, so a page of results read link by link was "Jason
    Cutter, Jason Cutter, ...": each is described by its own excerpt (aria-describedby)."""
    search_for(page, static_host, "sales")
    described = page.locator("a.pc-passage-link").evaluate_all("""links => links.map(link => {
        const ids = (link.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
        const said = ids.map(id => document.getElementById(id)).filter(Boolean);
        return [said.length, said.map(e => e.textContent).join(' '), link.parentElement.querySelector('.pc-excerpt').textContent];
    })""")
    assert len(described) > 5
    assert all(count == 1 and text == excerpt and text.strip() for count, text, excerpt in described)
    ids = page.locator(".pc-excerpt").evaluate_all("spans => spans.map(span => span.id)")
    assert len(set(ids)) == len(ids)
    assert_static_traffic(traffic)


def test_static_host_reads_colons_as_the_server_does(page, static_host, traffic):
    """As request.py: "51:49" and a pasted address are searched, "host:" is refused by name."""
    search_for(page, static_host, "ratio 51:49")
    assert page.locator("#pc-search-status.pc-search-error").count() == 0 and groups(page)
    ask = "q => window.podcourse.search.static({query: q})"
    for q in ("meeting at 10:30", "https://www.example.com/sales"):
        answer = page.evaluate(ask, q)
        assert "error" not in answer and answer["total"] > 0, (q, answer.get("error"))
    assert "unknown field 'host:'" in page.evaluate(ask, "host:jason")["error"]["message"]
    assert_static_traffic(traffic)


def test_static_host_reads_a_question_as_the_server_does(page, static_host, traffic):
    """Not every word is required, and question words neither block nor steer: Pagefind alone
    would want a page holding "how", "do", "I", "my", "ask", "boss", "for" and "resources"."""
    question = "how do I ask my boss for resources"
    search_for(page, static_host, question)
    first = groups(page)[0]
    assert first["title"].startswith("E227:")
    assert TURN_LINK.search(first["links"][0])
    assert {"boss", "resources"} <= set(first["marks"]) and not {"how", "do", "i", "my"} & set(first["marks"])
    help_text = page.locator("#pc-search-help").inner_text()
    assert "guest:" not in help_text and "-word" in help_text  # no fields on a static host; -word works
    answer = page.evaluate("q => window.podcourse.search.static({query: q})", question)
    assert answer["corrected"] is False and answer["searched"] == question
    assert_static_traffic(traffic)


def test_static_host_applies_the_trainers_synonyms(page, static_host, traffic):
    """No episode says "supervisor"; content/synonyms.yml groups it with boss and manager."""
    search_for(page, static_host, "supervisor")
    found = groups(page)
    episodes = [g for g in found if re.match(r"E\d+:", g["title"])]
    assert {g["title"].split(":")[0] for g in episodes} >= {"E227", "E100"}
    marks = {m for g in episodes for m in g["marks"]}
    assert marks & {"boss", "manager"} and "supervisor" not in marks
    assert page.locator(".pc-corrected").count() == 0
    # No transcript says "remorse", and "reverse" is two letters off; it means regret (synonyms.yml).
    search_for(page, static_host, "remorse")
    assert page.locator(".pc-corrected").count() == 0 and any("regret" in g["marks"] for g in groups(page))
    assert_static_traffic(traffic)


def test_static_host_finds_the_turns_a_guest_speaks_by_name(page, static_host, traffic):
    """As the server's guest and speaker fields: "Kwame Christian" lists the turns he speaks in
    E204 (turn 2 is only "Hey Jason, thanks for having me."), above the host's turns that do not
    name him."""
    page.goto(static_host + "search/")
    answer = page.evaluate("q => window.podcourse.search.static({query: q, type: 'episode'})", "Kwame Christian")
    e204 = answer["groups"][0]
    assert e204["title"].startswith("E204:")
    passages = e204["passages"]
    spoken = [p for p in passages if p["speakers"] == ["Kwame Christian"]]
    assert any(p["url"].endswith("#t-2") and "<mark>" not in p["highlight"] for p in spoken)
    host_unnamed = [i for i, p in enumerate(passages) if p["speakers"] == ["Jason Cutter"] and "<mark>" not in p["highlight"]]
    assert all(i > passages.index(spoken[-1]) for i in host_unnamed)
    assert e204["matches"] >= len(spoken) >= 8
    assert_static_traffic(traffic)


def test_static_host_reads_the_later_results_as_the_listener_scrolls(page, static_host, traffic):
    """Each page of results is a download of its own (its fragment): a screen's worth is read
    before the results are drawn, the rest of the ten when the listener scrolls toward them,
    added below without moving the ones drawn."""
    page.set_viewport_size({"width": 412, "height": 823})  # a phone
    search_for(page, static_host, "sales")
    fragments = lambda: {url for _, url in traffic if url.endswith(".pf_fragment")}  # noqa: E731
    first = [g["title"] for g in groups(page)]
    assert len(first) == 4 and len(fragments()) == 4
    waiting = page.locator(".pc-results-later")
    assert waiting.count() == 1 and waiting.bounding_box()["y"] > 823  # below the screen: not read yet
    assert axe_violations(page, context="#pc-search-results") == []
    total = page.evaluate("window.podcourse.search.static({query: 'sales'})")["total"]
    waiting.scroll_into_view_if_needed()
    page.wait_for_function("() => !document.querySelector('.pc-results-later')")
    after = [g["title"] for g in groups(page)]
    assert after[:4] == first and len(after) == len(set(after)) and 4 < len(after) <= min(10, total)
    assert len(fragments()) == min(10, total)  # each page of this page of results read once
    assert_static_traffic(traffic)


@pytest.mark.parametrize("query", ["silence", "negotiation", "Dr. Baker", "what does SMART stand for", "objectives", "personal", "\"lizard brains\"", "abundance", "100",
                                   "sales NOT Kwame", "-Kwame referrals", "cutter", "\"jason cutter\""])
def test_static_host_counts_only_pages_it_can_show_and_its_filters_agree(page, static_host, served, traffic, query):
    """Found in listeners' explorations: Pagefind answers a word it does not know ("pause", a
    synonym of silence) with every page, a word in a page's metadata with that page, and "dr"
    with drama; and its English stemmer joined objectives with objections and personal with
    person. Counted, they made "33 pages" of five shown, "15 pages" of four, a page 2 past the
    last and filters that found nothing. Every page counted is shown, as the server counts; a
    phrase finds the forms of its words as the server's does ("lizard brains": "lizard brain");
    a word only a post's title says ("abundance") finds the post, as the server's heading field;
    "100" finds E100, whose title says "E100", as the server's index holds a code's number; NOT and
    -word leave out the pages that hold the word, as the server leaves out their passages; the
    host's name finds every page he speaks on, though he may never say it (the speaker field)."""
    page.goto(static_host + "search/")
    answer = page.evaluate(STATIC_ALL_GROUPS, {"query": query})
    assert min(answer["total"], 10) == len(answer["groups"]) > 0
    assert "Kwame" not in query or not any(g["id"] == "episode:e204" for g in answer["groups"])
    with urllib.request.urlopen(served + "api/search?" + urllib.parse.urlencode({"q": query})) as server:
        assert answer["total"] == json.load(server)["total"]
    for facet, values in answer["facets"].items():
        for value in values:
            filtered = page.evaluate(STATIC_ALL_GROUPS, {"query": query, facet: value["value"]})
            assert (filtered["total"], filtered["corrected"]) == (value["count"], False), (facet, value)
            assert min(value["count"], 10) == len(filtered["groups"]), (facet, value)
    marks = {mark.lower() for group in answer["groups"] for passage in group["passages"]
             for mark in re.findall(r"<mark>(.*?)</mark>", passage["highlight"])}
    typed = {stem_word(word.lower()) for word in re.findall(r"\w+", query)}  # a form of a word typed: silent, objective
    groups_of_typed = [g for g in yaml.safe_load((ROOT / "content/synonyms.yml").read_text()) if typed & {stem_word(w) for w in g}]
    synonyms = {stem_word(word) for group in groups_of_typed for word in group}  # quiet for silence
    marked_words = {stem_word(re.sub(r"(&#39;|’).*", "", m)) for m in marks}
    assert {m for m in marked_words if m not in typed | synonyms and code_number(m) not in typed} == set()  # "E100" for 100
    assert_static_traffic(traffic)


@pytest.mark.parametrize("phrase", ['"make a request"', '"open mind"'])
def test_static_host_shows_every_moment_of_a_phrase(page, static_host, served, traffic, phrase):
    """Pagefind places only a page's first match of a phrase; a listener's exploration found
    one moment of E227's six for "make a request". The page finds the others in the text."""
    page.goto(static_host + "search/")
    answer = page.evaluate(STATIC_ALL_GROUPS, {"query": phrase})
    with urllib.request.urlopen(served + "api/search?" + urllib.parse.urlencode({"q": phrase})) as server:
        expected = json.load(server)
    assert {g["url"]: g["matches"] for g in answer["groups"]} == {g["url"]: g["matches"] for g in expected["groups"]}
    assert max(g["matches"] for g in answer["groups"]) > 1
    assert_static_traffic(traffic)


def test_static_host_keeps_objectives_apart_from_objections(page, static_host, traffic):
    """Pagefind's stemmer makes objections and objectives one word; the server's does not, and
    neither does the page: no passage is shown for "objectives" alone."""
    search_for(page, static_host, "objections")
    marks = {m for g in groups(page) for m in g["marks"]}
    assert {"objections", "objection"} & marks and not {m for m in marks if m.startswith("objective")}
    assert_static_traffic(traffic)


@pytest.mark.parametrize(("typed", "meant"), [("referal", "referral"), ("mindest", "mindset"), ("pshycology", "psychology"),
                                               ("kwame cristian", "kwame christian")])
def test_static_host_corrects_a_slip_to_the_word_meant_as_the_server(page, static_host, served, traffic, typed, meant):
    """Found in a listener's exploration: Pagefind answers letters no word begins with ("refera")
    by dropping some, and the page took that for a candidate: "referal" was searched as "refer";
    a slip in the first letters ("pshycology") found nothing (static_index.WORDS_FILE now)."""
    page.goto(static_host + "search/")
    answer = page.evaluate(STATIC_ALL_GROUPS, {"query": typed})
    with urllib.request.urlopen(served + "api/search?" + urllib.parse.urlencode({"q": typed})) as server:
        expected = json.load(server)
    assert (answer["searched"], answer["corrected"]) == (meant, True) == (expected["searched"], expected["corrected"])
    assert answer["total"] == expected["total"] > 0
    assert_static_traffic(traffic)


@pytest.mark.parametrize("typed", ["ghosted", "ghosting"])
def test_two_letters_off_and_another_first_letter_is_another_word_on_both_hosts(page, static_host, served, traffic, typed):
    """Found in a listener's exploration: "ghosted" (a prospect gone silent) was searched as
    "posted", two letters off. A slip seldom changes a word's first letter: such a word is not
    corrected, on either host, while "pshycology" (above) still is."""
    page.goto(static_host + "search/")
    answer = page.evaluate(STATIC_ALL_GROUPS, {"query": typed})
    with urllib.request.urlopen(served + "api/search?" + urllib.parse.urlencode({"q": typed})) as server:
        expected = json.load(server)
    assert (answer["searched"], answer["corrected"]) == (typed, False) == (expected["searched"], expected["corrected"])
    assert answer["total"] == expected["total"]
    assert_static_traffic(traffic)


def test_a_query_that_only_leaves_words_out_is_refused_on_both_hosts(page, static_host, served, traffic):
    page.goto(static_host + "search/")
    for query in ("NOT silence", "-silence"):
        answer = page.evaluate("q => window.podcourse.search.static({query: q})", query)
        assert answer["error"]["parameter"] == "q" and "add a word to look for" in answer["error"]["message"]
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(served + "api/search?" + urllib.parse.urlencode({"q": query}))
        assert refused.value.code == 400 and json.load(refused.value)["error"]["message"] == answer["error"]["message"]
    assert_static_traffic(traffic)


def test_both_hosts_refuse_the_same_requests_and_read_filters_alike(page, static_host, served, traffic):
    """Found in a second listener's exploration: the server refused "(silence" and a bare "*" with
    a reason while a static host searched them, and a static host refused a filter by name
    (guest=Kwame Christian, topic=referrals) that the server reads as its slug."""
    page.goto(static_host + "search/")

    def both(params):
        static = page.evaluate("p => window.podcourse.search.static(p)", params)
        api = {("q" if k == "query" else k): v for k, v in params.items()}
        try:
            with urllib.request.urlopen(served + "api/search?" + urllib.parse.urlencode(api)) as answer:
                return static, json.load(answer)
        except urllib.error.HTTPError as refused:
            return static, json.load(refused)

    for params in ({"query": "(silence"}, {"query": 'the "silence'}, {"query": "*"}, {"query": "silence)"},
                   {"query": "x" * 201}, {"query": "nope:silence"}, {"query": "sales", "page": "0"},
                   {"query": "sales", "type": "video"}, {"query": "sales", "year": "24"}):
        static, server = both(params)
        assert static["error"] == server["error"] and server["error"]["message"], params
    for params in ({"query": "conflict", "guest": "Kwame Christian"}, {"query": "referral", "topic": "Referrals"}):
        static, server = both(params)
        assert (static["total"], static["filters"]) == (server["total"], server["filters"]) and static["total"] > 0, params
    assert_static_traffic(traffic)


@pytest.mark.parametrize("query", ["sales NOT Kwame", "conflict -negotiation", "cutter"])
def test_static_host_lists_each_page_once_across_pages_of_results_as_the_server(page, static_host, served, traffic, query):
    """NOT leaves out passages as the server does (E204's for Kwame, its guest); a page read and
    left with no moment moves the others up, and page 2, even opened alone from a shared link,
    does not list again what moved up onto page 1."""
    page.goto(static_host + "search/")
    listed, number, pages = [], 1, 1
    while number <= pages:
        answer = page.evaluate(STATIC_ALL_GROUPS, {"query": query, "page": str(number)})
        pages, number = answer["pages"], number + 1
        listed += [group["url"] for group in answer["groups"]]
    server, number, server_pages = [], 1, 1
    while number <= server_pages:
        params = urllib.parse.urlencode({"q": query, "page": number})
        with urllib.request.urlopen(served + "api/search?" + params) as response:
            answer = json.load(response)
        server_pages, number = answer["pages"], number + 1
        server += [group["url"] for group in answer["groups"]]
    assert len(listed) == len(set(listed)) and set(listed) == set(server) and answer["total"] == len(server)
    assert "Kwame" not in query or "episodes/e204/" not in listed
    if pages > 1:
        page.goto(static_host + "search/")  # a fresh page: nothing of page 1 read
        alone = page.evaluate(STATIC_ALL_GROUPS, {"query": query, "page": str(pages)})
        assert [g["url"] for g in alone["groups"]] == listed[(pages - 1) * 10:]
    assert_static_traffic(traffic)


def test_static_host_takes_a_later_page_without_moments_off_the_count(page, static_host, served, traffic):
    """"episode 100" counted 10 pages and listed 9: a page past the first four read matched only
    a part of a word that is no code ("100" of "x100", say). Read as the listener scrolls, it is
    taken off the count, and both hosts count the same pages."""
    search_for(page, static_host, "episode 100")
    scroll_to_the_last_result(page)
    shown = page.locator("li.pc-result").count()
    with urllib.request.urlopen(served + "api/search?" + urllib.parse.urlencode({"q": "episode 100"})) as answer:
        expected = json.load(answer)["total"]
    assert page.locator("#pc-search-status span").first.inner_text().startswith(f"{shown} pages ") and shown == expected
    assert_static_traffic(traffic)


def test_static_host_keeps_the_capital_of_a_corrected_name(page, static_host, traffic):
    search_for(page, static_host, "Kozodoi")
    assert page.locator(".pc-corrected strong").inner_text() == "Kozodoy"
    assert_static_traffic(traffic)


def scroll_to_the_last_result(page) -> None:
    """Scrolls to the end of the results drawn; on a static host that reads the later ones."""
    later = page.locator(".pc-results-later")
    if later.count():
        later.scroll_into_view_if_needed()
        page.wait_for_function("() => !document.querySelector('.pc-results-later')")


@pytest.mark.parametrize("host", ["served", "static_host"])
def test_back_from_a_result_lands_where_the_listener_was(page, host, request):
    """A listener scrolls the results, opens one, and comes back: the page shows the same results
    at the same place, the later ones of a static host too (they are read again at once)."""
    page.set_viewport_size({"width": 412, "height": 823})
    search_for(page, request.getfixturevalue(host), "sales")
    scroll_to_the_last_result(page)
    last = page.locator("li.pc-result").last
    last.scroll_into_view_if_needed()
    shown = page.locator("li.pc-result .pc-result-title").all_inner_texts()
    where = page.evaluate("window.scrollY")
    assert where > 823 and len(shown) > 4
    last.locator("a.pc-passage-link").first.click()
    page.wait_for_url(re.compile(r"/(episodes|course|blog)/"))
    page.go_back()
    page.wait_for_function("n => document.querySelectorAll('li.pc-result').length >= n", arg=len(shown))
    page.wait_for_function("y => Math.abs(window.scrollY - y) < 40", arg=where, timeout=5000)
    assert page.locator("li.pc-result .pc-result-title").all_inner_texts() == shown
    page.goto(page.url)  # the same search opened anew, not by Back: from the top
    page.locator("li.pc-result").first.wait_for()
    page.wait_for_timeout(500)
    assert page.evaluate("window.scrollY") == 0


@pytest.mark.parametrize("host", ["served", "static_host"])
def test_nothing_found_says_what_to_try(page, host, request):
    base = request.getfixturevalue(host)
    search_for(page, base, "zzzzqqqq")
    assert page.locator("#pc-search-status span").inner_text().startswith("0 pages")
    hint = page.locator(".pc-search-hint")
    assert "Try fewer words" in hint.inner_text()
    links = hint.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert links == [base + "episodes/", base + "topics/", base + "guests/"]
    assert page.locator("li.pc-result").count() == 0


def test_a_quiz_hit_lands_on_its_question_after_the_quiz_shuffles(page, static_host):
    """The quiz shuffles its questions when it is set up, after the browser has scrolled to the
    question the hit names; the page scrolls to it again. Each question in turn, on a phone."""
    from generator import urls
    from generator.load import load_catalogue

    catalogue, _ = load_catalogue(ROOT)
    module = next(m for m in catalogue.modules if m.quiz and len(m.quiz.questions) > 3)
    page.set_viewport_size({"width": 412, "height": 823})
    for question in module.quiz.questions:
        anchor = urls.question_anchor(module.id, question.id)
        page.goto(static_host + f"course/{module.id}/#{anchor}")
        page.locator(".pc-quiz[data-pc-ready]").wait_for(state="attached")
        page.wait_for_timeout(100)
        top = page.locator(f"[id='{anchor}']").bounding_box()["y"]
        assert 0 <= top < 823 / 2, (anchor, top)


@pytest.mark.parametrize("host", ["served", "static_host"])
def test_nothing_found_with_a_filter_offers_the_search_without_it(page, host, request):
    """On a phone the filters are folded away; the hint itself leads out of them."""
    base = request.getfixturevalue(host)
    page.set_viewport_size({"width": 412, "height": 823})
    page.goto(base + "search/?query=lizard+brain&type=quiz")
    page.locator("#pc-search-status span").wait_for()
    assert page.locator("#pc-search-status span").inner_text().startswith("0 pages")
    page.locator(".pc-search-hint a.pc-search-unfiltered").click()
    page.wait_for_url(re.compile(r"/search/\?query=lizard\+brain$"))
    page.locator("li.pc-result", has_text="E204:").wait_for()


@pytest.mark.parametrize("host", ["served", "static_host"])
def test_back_from_the_next_page_of_results_lands_where_the_listener_was(page, host, request):
    """Page links stay on the search page (a new search in its history), where Material's instant
    navigation may draw the page again after the results: the place is kept all the same."""
    page.set_viewport_size({"width": 1280, "height": 900})
    search_for(page, request.getfixturevalue(host), "sales")
    scroll_to_the_last_result(page)
    pages = page.locator("nav.pc-pages a")
    pages.last.scroll_into_view_if_needed()
    where = page.evaluate("window.scrollY")
    assert where > 900 and pages.count() > 1
    pages.nth(1).click()
    page.wait_for_url(re.compile(r"page=2"))
    page.locator("nav.pc-pages a[aria-current]", has_text="2").wait_for()
    page.go_back()
    page.wait_for_url(re.compile(r"/search/\?query=sales$"))
    page.wait_for_function("y => Math.abs(window.scrollY - y) < 40", arg=where, timeout=5000)
    page.wait_for_timeout(1000)  # and stays there
    assert abs(page.evaluate("window.scrollY") - where) < 40


def test_both_backends_answer_in_the_same_shape(page, static_host, served):
    page.goto(static_host + "search/")
    static = page.evaluate("window.podcourse.search.static({query: 'SMART'})")
    with urllib.request.urlopen(served + "api/search?q=SMART") as answer:
        api = json.load(answer)
    assert set(api) <= set(static)
    assert set(static["groups"][0]) == set(api["groups"][0])
    assert set(static["groups"][0]["passages"][0]) == set(api["groups"][0]["passages"][0])
    headings = lambda answer: {p["url"]: p["heading"] for g in answer["groups"] for p in g["passages"]}  # noqa: E731
    shared = headings(static).keys() & headings(api).keys()
    assert len(shared) > 3 and {u: headings(static)[u] for u in shared} == {u: headings(api)[u] for u in shared}
    assert set(static["facets"]) == set(api["facets"])
    assert {g["id"] for g in static["groups"]} & {g["id"] for g in api["groups"]} >= {"episode:e227"}
    assert any(p["url"].startswith("episodes/e227/#t-9") for g in static["groups"] for p in g["passages"])
    filtered = page.evaluate("window.podcourse.search.static({query: 'SMART', type: 'episode'})")
    assert filtered["filters"] == {"type": "episode"} and {g["type"] for g in filtered["groups"]} == {"episode"}


def test_the_header_box_offers_to_search_all_transcripts(page, static_host, traffic):
    page.goto(static_host)
    page.wait_for_load_state("networkidle")  # Material reads its list of pages (instant-navigation.xml) before it takes over links
    page.evaluate("window.__stayed = true")  # survives only if the next page is not a full load
    box = page.locator("input.md-search__input")
    box.click()  # on a wide screen the header's box is visible; focusing it opens Material's overlay
    offer = page.locator("a.pc-search-all")
    # Empty, the box offers nothing, to the eye or to Tab (Material's display: block beat `hidden`).
    assert offer.count() == 1 and not offer.is_visible()
    assert offer.evaluate("a => getComputedStyle(a).display") == "none"
    box.type("lizard brain")
    offer.wait_for(state="visible")
    assert offer.inner_text() == "Search all transcripts for “lizard brain”"
    offer.click()
    page.wait_for_url(re.compile(r"/sub/search/\?query=lizard\+brain$"))
    page.locator("li.pc-result", has_text="E204:").wait_for()
    assert page.input_value("#pc-search-q") == "lizard brain"
    assert page.evaluate("window.__stayed") is True  # instant navigation, under the subpath
    assert page.evaluate("document.getElementById('__search').checked") is False  # the overlay closed
    assert_static_traffic(traffic)


def test_a_site_built_without_its_static_index_says_search_needs_podcourse_serve(page, tmp_path, traffic):
    root = sample_with_hostile_turn(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - podcourse:\n", "  - podcourse:\n      static_index: false\n"),
                      encoding="utf-8")
    assert [p for p in build_site(root, root / "site") if p.severity == "error"] == []
    assert not (root / "site" / "pagefind").exists()
    with static_server(root / "site") as base:
        page.goto(base + "search/?query=SMART")
        note = page.locator("#pc-search-static")
        note.wait_for(state="visible")
        assert "podcourse serve" in note.inner_text()
        assert page.locator("li.pc-result").count() == 0
        note.locator("label[for=__search]").click()  # opens Material's own search, with the query
        material = page.locator("input.md-search__input")
        material.wait_for(state="visible")
        assert material.input_value() == "SMART"
        page.locator(".md-search-result__item").first.wait_for()
    assert not any("/api/" in url or "/pagefind/" in url for _, url in traffic)
    assert [url for status, url in traffic if status >= 400] == [base + "search/backend.json"]  # the one question asked

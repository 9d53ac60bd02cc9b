"""The real sample site, built once per session from content/ with MkDocs + Material.

Expectations come from two places: facts read by hand from the client's pages in
content/sources/ (numbers, dates, guests, order), and the loaded catalogue for whole-collection
checks (every turn of every transcript is on its page, in order, as text).
"""
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sample import ROOT
from generator.build import build_site
from generator.search.index import documents_from_catalogue, site_index_dir
from generator.search.engine import SearchIndex, SearchRequest, search


# Read by hand from content/sources/*.txt: code, ISO date, date as printed, guest (None: host alone).
SEED_EPISODES = {
    204: ("2024-01-08", "January 8, 2024", "Kwame Christian"),
    100: ("2024-01-03", "January 3, 2024", None),
    298: ("2024-01-17", "January 17, 2024", "Peter Kozodoy"),
    227: ("2024-01-16", "January 16, 2024", "Dr. Wayne Baker"),
}
GUEST_PAGES = {"kwame-christian": "Kwame Christian", "peter-kozodoy": "Peter Kozodoy", "dr-wayne-baker": "Dr. Wayne Baker"}


@pytest.fixture(scope="module")
def site(sample_site) -> Path:
    return sample_site


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


class TurnReader(HTMLParser):
    """Collects each transcript turn (element id t-N): speaker and paragraph texts, as displayed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.turns: list[dict] = []
        self._depth = 0  # element depth inside the current turn; 0 = outside
        self._field: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._depth:
            self._depth += 1
            css = attrs.get("class") or ""
            if "pc-turn-speaker" in css:
                self._field = "speaker"
            elif tag == "p" and "pc-turn-head" not in css:
                self.turns[-1]["paragraphs"].append("")
                self._field = "paragraph"
        elif re.fullmatch(r"t-\d+", attrs.get("id") or ""):
            self._depth = 1
            self.turns.append({"id": attrs["id"], "class": attrs.get("class"), "speaker": "", "paragraphs": []})

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1
            self._field = None

    def handle_data(self, data):
        if self._field == "speaker":
            self.turns[-1]["speaker"] += data
        elif self._field == "paragraph":
            self.turns[-1]["paragraphs"][-1] += data


def turns_on(html: str) -> list[dict]:
    reader = TurnReader()
    reader.feed(html)
    return reader.turns


class NavLinks(HTMLParser):
    """The links inside Material's navigation (tabs and sidebars), not inside page content."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.tab_labels: list[str] = []
        self._nav_depth = 0
        self._in_tab_link = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        css = attrs.get("class") or ""
        if tag == "nav" and ("md-nav" in css or "md-tabs" in css):
            self._nav_depth += 1
        if tag == "a" and self._nav_depth:
            self.hrefs.append(attrs.get("href") or "")
            self._in_tab_link = "md-tabs__link" in css
            if self._in_tab_link:
                self.tab_labels.append("")

    def handle_endtag(self, tag):
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1
        if tag == "a":
            self._in_tab_link = False

    def handle_data(self, data):
        if self._in_tab_link:
            self.tab_labels[-1] += data.strip()


def test_an_episode_page_per_episode_with_title_number_date_and_guests(site, catalogue):
    assert {e.number for e in catalogue.episodes} == set(SEED_EPISODES)
    for number, (iso, printed, guest) in SEED_EPISODES.items():
        html = read(site, f"episodes/e{number}/index.html")
        episode = catalogue.episode(number)
        assert f'<span class="pc-episode-code">E{number}</span>' in html
        assert f'<time datetime="{iso}">{printed}</time>' in html
        assert re.search(r"<h1[^>]*>[^<]+</h1>", html)
        if guest:
            slug = {v: k for k, v in GUEST_PAGES.items()}[guest]
            assert f'<a class="pc-guest" href="../../guests/{slug}/">{guest}</a>' in html
        else:
            assert 'class="pc-guest"' not in html
        assert episode.title.split(",")[0] in html


def test_seed_titles_and_series_navigation(site):
    e204 = read(site, "episodes/e204/index.html")
    assert "<h1 data-search-exclude>Sales Negotiations with Kwame Christian</h1>" in e204
    assert "part 1 of 4" in e204
    # Only part 1 of the Kwame Christian series is in the sample: no previous/next part to link.
    assert "pc-series-previous" not in e204 and "pc-series-next" not in e204
    e298 = read(site, "episodes/e298/index.html")
    assert "part 3" in e298 and "part 3 of" not in e298  # "(Part 3)": the number of parts is unknown


def test_every_transcript_turn_is_on_its_page_in_order_as_text(site, catalogue):
    for episode in catalogue.episodes:
        turns = turns_on(read(site, f"episodes/{episode.slug}/index.html"))
        assert [t["id"] for t in turns] == [f"t-{n}" for n in range(1, len(episode.transcript) + 1)]
        for shown, turn in zip(turns, episode.transcript):
            assert shown["speaker"].strip() == turn.speaker
            assert [p.strip() for p in shown["paragraphs"]] == [p.strip() for p in turn.text.split("\n\n") if p.strip()]
            assert f'href="#{shown["id"]}"' in read(site, f"episodes/{episode.slug}/index.html")


def test_paragraphs_of_long_turns_are_anchored_where_search_hits_land(site, catalogue):
    """E100 has no speaker labels: one 21-paragraph turn by Jason Cutter, then the outro."""
    html = read(site, "episodes/e100/index.html")
    source = [p.strip() for p in catalogue.episode(100).transcript[0].text.split("\n\n") if p.strip()]
    assert len(source) == 21
    shown = re.findall(r'<p class="pc-para" id="(t-1-p\d+)">(.*?)<a class="pc-para-anchor" href="#(t-1-p\d+)"', html)
    assert [anchor for anchor, _, _ in shown] == [f"t-1-p{k}" for k in range(1, 22)]
    assert all(anchor == link for anchor, _, link in shown)
    assert [unescape(text) for _, text, _ in shown] == source
    assert '<div class="pc-turn" id="t-1">' in html  # the turn keeps its own anchor
    # Every anchor the search index links to is an element of its episode page, and the built
    # index sends a phrase from E100's eighth paragraph there.
    for document in documents_from_catalogue(catalogue):
        if document.type == "episode":
            ids = set(re.findall(r' id="([^"]+)"', read(site, document.url + "index.html")))
            assert {p.anchor for p in document.passages if p.anchor} <= ids, document.id
    results = search(SearchIndex(site_index_dir(site)), SearchRequest(q='"sheep and crabs"'))
    assert [p.url for g in results.groups for p in g.passages] == ["episodes/e100/#t-1-p8"]
    assert "sheep and crabs" in unescape(shown[7][1])


def test_the_mid_roll_ad_is_marked(site, catalogue):
    e227 = catalogue.episode(227)
    ads = [n for n, t in enumerate(e227.transcript, start=1) if t.kind == "ad"]
    assert ads, "the E227 page has a mid-roll ad read (content/sources/004_...)"
    html = read(site, "episodes/e227/index.html")
    for n in ads:
        assert f'<div class="pc-turn pc-turn--ad" id="t-{n}">' in html


def test_guest_pages_with_bio_and_episodes(site, catalogue):
    for slug, name in GUEST_PAGES.items():
        html = read(site, f"guests/{slug}/index.html")
        assert f"<h1>{name}</h1>" in html
        number = next(n for n, (_, _, guest) in SEED_EPISODES.items() if guest == name)
        assert f'href="../../episodes/e{number}/">E{number}:' in html
        bio = catalogue.person(name).bio
        if bio:
            assert bio.split("\n\n")[0][:40].replace("&", "&amp;").replace("’", "’") in html
    assert "Jason Cutter" not in read(site, "guests/index.html").split('class="md-content"')[1]


def test_episode_index_is_newest_first_and_filterable(site):
    html = read(site, "episodes/index.html")
    codes = re.findall(r'<td><a href="e\d+/">(E\d+)</a></td>', html)
    assert codes == ["E298", "E227", "E204", "E100"]  # January 17, 16, 8 and 3, 2024
    assert '<form class="pc-episode-filter" data-pc-filter data-pc-source="index.json" action="./"' in html
    assert "assets/javascripts/podcourse.js" in html  # which loads the filter's script (episode-index.js)
    # The filter answers from episodes/index.json: every guest with a page, by id, name and link.
    data = json.loads(read(site, "episodes/index.json"))
    for slug, name in GUEST_PAGES.items():
        assert [slug, name, f"../guests/{slug}/"] in data["guests"]
    assert [e[0] for e in data["episodes"]] == codes


def test_blog_posts_with_dates_and_authors(site, catalogue):
    index = read(site, "blog/index.html")
    listing = index.split('<ul class="pc-post-list">')[1].split("</ul>")[0]
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', listing)
    assert len(dates) == len(catalogue.posts) and dates == sorted(dates, reverse=True)
    for post in catalogue.posts:
        html = read(site, f"blog/{post.slug}/index.html")
        assert f'<time datetime="{post.date.isoformat()}">' in html
        if post.author:
            assert f'By <span class="pc-post-author">{post.author}</span>' in html
        else:
            assert "Author not named" in html
    # The category archive (003) names no author; the feed under episode pages is by Jason Cutter.
    hitch = read(site, "blog/2025-02-03-if-you-have-seen-the-movie-hitch-then-you-know-the-scene/index.html")
    assert 'By <span class="pc-post-author">Jason Cutter</span>' in hitch
    assert "Author not named" in read(site, "blog/2010-06-02-sales-leaders-gps/index.html")


def test_episodes_json_matches_the_catalogue(site, catalogue):
    records = json.loads(read(site, "episodes.json"))
    assert [r["number"] for r in records] == [100, 204, 227, 298]
    for record in records:
        episode = catalogue.episode(record["number"])
        iso, _, guest = SEED_EPISODES[record["number"]]
        assert record["date"] == iso
        assert record["title"] == episode.title
        assert record["guests"] == ([guest] if guest else [])
        assert record["topics"] == list(episode.topics)
        assert record["series"] == (episode.series.series if episode.series else None)
        assert record["part"] == (episode.series.part if episode.series else None)
        assert record["url"] == f"episodes/e{record['number']}/"
        assert (site / record["url"] / "index.html").is_file()


def test_transcript_json_per_episode_in_podcasting_2_shape(site, catalogue):
    for episode in catalogue.episodes:
        document = json.loads(read(site, f"episodes/{episode.slug}/transcript.json"))
        assert document["version"] == "1.0.0"
        assert document["segments"] == [{"speaker": t.speaker, "body": t.text} for t in episode.transcript]
        assert 'href="transcript.json"' in read(site, f"episodes/{episode.slug}/index.html")


def test_search_index_leaves_transcripts_out(site, catalogue):
    """Material's index (loaded by every page) holds an episode's header, not its notes, quotes or transcript."""
    index = json.loads(read(site, "search/search_index.json"))
    episode_docs = [doc for doc in index["docs"] if re.match(r"episodes/e\d+/", doc["location"])]
    assert sorted(doc["location"] for doc in episode_docs) == sorted(f"episodes/{e.slug}/" for e in catalogue.episodes)
    text = " ".join(doc["text"] for doc in episode_docs)
    e204 = catalogue.episode(204)
    assert e204.hook in text and "Topics: Negotiation" in text  # found by hook and topics
    assert e204.description.split("\n\n")[0][:60] not in text  # show notes: Whoosh's job
    assert not [q for e in catalogue.episodes for q in e.quotes if q[:60] in text]
    leaked = [(e.code, n) for e in catalogue.episodes for n, t in enumerate(e.transcript, start=1)
              if len(t.text) > 80 and t.text[:80] in text]
    assert leaked == []
    assert "Next part" not in text and "January" not in text  # series navigation and date stay out


def test_search_index_lists_listing_pages_by_title_only(site, catalogue):
    """Guest, series and topic listings repeat other pages: only their titles go into Material's index."""
    index = json.loads(read(site, "search/search_index.json"))
    listings = {doc["location"]: doc for doc in index["docs"]
                if re.match(r"(guests|series|topics|episodes)/$|(series|topics)/[^#]+/$", doc["location"])}
    assert {"guests/", "series/", "topics/", "episodes/"} <= set(listings)
    assert {doc["location"]: doc["text"] for doc in listings.values()} == {location: "" for location in listings}
    kwame = next(doc for doc in index["docs"] if doc["location"] == "guests/kwame-christian/")
    assert "American Negotiation Institute" in kwame["text"]  # a guest's bio stays findable by its lead
    assert "As an attorney" not in kwame["text"]  # the rest of it stays on the page
    assert not [doc for doc in index["docs"] if re.match(r"series/.", doc["location"])]  # series: by episode titles
    assert "As an attorney and mediator" in read(site, "guests/kwame-christian/index.html")
    assert not [doc for doc in index["docs"] if doc["location"].startswith("guests/kwame-christian/#episodes")]


def test_navigation_lists_sections_not_episodes(site):
    for page in ("index.html", "episodes/index.html", "episodes/e204/index.html"):
        nav = NavLinks()
        nav.feed(read(site, page))
        assert nav.hrefs, page
        assert not [h for h in nav.hrefs if re.search(r"episodes/e\d+|guests/[a-z]|blog/\d{4}", h)], page
    assert [label for label in nav.tab_labels if label in ("Home", "Episodes", "Guests", "Series", "Blog")] == \
        ["Home", "Episodes", "Guests", "Series", "Blog"]


def test_no_placeholder_left_in_any_page(site):
    for page in site.rglob("*.html"):
        assert 'data-pc-placeholder="' not in page.read_text(encoding="utf-8"), page


def copy_of_repository(tmp_path: Path) -> Path:
    """What a build reads (configuration, theme overrides, hand-written pages, content), in tmp."""
    tmp_path.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs/pages", "site-overrides", "content", "quizzes"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        elif source.is_file():
            shutil.copy(source, tmp_path / name)
    return tmp_path


def break_e204_date(root: Path) -> None:
    path = root / "content/episodes/e204.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[2] == "date: 2024-01-08\n"  # line 3 of the imported file
    lines[2] = "date: the eighth of January\n"
    path.write_text("".join(lines), encoding="utf-8")


def test_build_stops_with_path_and_line_on_a_broken_episode(tmp_path):
    root = copy_of_repository(tmp_path / "repo")
    break_e204_date(root)
    problems = build_site(root, tmp_path / "out")
    assert any(str(p).startswith("content/episodes/e204.yml:3: ") and "date" in p.message for p in problems)
    assert not (tmp_path / "out").exists()
    cli = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(root), "build", "--site-dir",
                          str(tmp_path / "out")], capture_output=True, text=True)
    assert cli.returncode == 1
    assert "content/episodes/e204.yml:3: " in cli.stderr and "Traceback" not in cli.stderr


def test_plain_mkdocs_build_stops_too(tmp_path):
    """`mkdocs build` inside the environment runs the same validation through the plugin."""
    root = copy_of_repository(tmp_path / "repo")
    break_e204_date(root)
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"),
                          "-d", str(tmp_path / "out")], capture_output=True, text=True)
    assert run.returncode != 0
    assert "content/episodes/e204.yml:3: " in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out" / "episodes").exists()


def test_a_hand_written_page_on_a_generated_path_is_reported_not_overwritten(tmp_path):
    root = copy_of_repository(tmp_path / "repo")
    (root / "docs/pages/episodes").mkdir(parents=True)
    (root / "docs/pages/episodes/e204.md").write_text("# My own notes on E204\n", encoding="utf-8")
    problems = build_site(root, tmp_path / "out")
    assert [p.message for p in problems if p.severity == "error"] == [
        "build failed: docs/pages/episodes/e204.md: collides with a generated page; rename or remove it"]


def test_a_configuration_error_comes_back_as_a_problem(tmp_path):
    root = copy_of_repository(tmp_path / "repo")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("root: .", "root: [content]"), encoding="utf-8")
    problems = [p for p in build_site(root, tmp_path / "out") if p.severity == "error"]
    assert len(problems) == 1 and problems[0].path == "mkdocs.yml"
    assert "'root'" in problems[0].message and "Expected type" in problems[0].message


def test_a_build_that_dies_leaves_the_previous_site_whole(tmp_path, monkeypatch):
    import generator.build as build_module
    from mkdocs.exceptions import BuildError

    site_dir = tmp_path / "site"
    assert [p for p in build_site(ROOT, site_dir) if p.severity == "error"] == []
    before = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*"))

    def dies_half_way(config):
        staging = Path(config.site_dir)
        staging.mkdir(parents=True, exist_ok=True)
        (staging / "index.html").write_text("half", encoding="utf-8")
        raise BuildError("disk full (simulated)")

    monkeypatch.setattr(build_module, "build", dies_half_way)
    problems = build_site(ROOT, site_dir)
    assert any("disk full (simulated)" in p.message for p in problems), [str(p) for p in problems]
    assert sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*")) == before
    assert "half" not in (site_dir / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site-index"]  # no staging left behind


def test_the_sites_own_scripts_are_served_minified(site):
    """Comments and indentation stay in site-overrides/; the site serves the code without them
    (generator/render/scripts.py), and the code is the same statements (the browser tests run it)."""
    for source in sorted((ROOT / "site-overrides" / "assets" / "javascripts").glob("*.js")):
        served = (site / "assets" / "javascripts" / source.name).read_text(encoding="utf-8")
        written = source.read_text(encoding="utf-8")
        assert "/*" in written or "//" in written
        assert len(served) < 0.8 * len(written), source.name
        assert not served.lstrip().startswith(("/*", "//")), source.name
        for name in re.findall(r"function (\w+)\(", written):
            assert f"function {name}(" in served, (source.name, name)


def test_the_static_search_module_is_also_served_gzipped(site):
    """static-search.js, downloaded at a listener's first search on a static host, has a gzipped
    copy beside it (render/scripts.py GZIPPED) holding the very bytes served plain: a third of them."""
    import gzip

    served = site / "assets" / "javascripts" / "static-search.js"
    copy = served.with_name("static-search.js.gz").read_bytes()
    assert gzip.decompress(copy) == served.read_bytes()
    assert len(copy) < 0.4 * served.stat().st_size
    assert not (site / "assets" / "javascripts" / "search.js.gz").exists()  # only what GZIPPED names


def test_a_full_disk_names_the_site_being_written_not_the_theme_file_copied(tmp_path, monkeypatch):
    """Issue 12, defect 10: the message named the venv's favicon.png, the source being copied."""
    import errno

    import generator.build as build_module

    def disk_full(config):
        raise OSError(errno.ENOSPC, "No space left on device", "/venv/lib/material/templates/assets/images/favicon.png")

    monkeypatch.setattr(build_module, "build", disk_full)
    site_dir = tmp_path / "site"
    (problem,) = [p for p in build_site(ROOT, site_dir) if p.severity == "error"]
    assert problem.path == str(site_dir)
    assert problem.message == ("cannot write the site: No space left on device "
                               "(copying /venv/lib/material/templates/assets/images/favicon.png)")


def test_every_topic_link_on_an_episode_page_resolves_to_a_topic_page(site, catalogue):
    declared = {t.name for t in catalogue.topics}
    for episode in catalogue.episodes:
        page = site / "episodes" / episode.slug / "index.html"
        topics = re.search(r'<p class="pc-episode-topics">(.*?)</p>', page.read_text(), re.S).group(1)
        links = dict((unescape(name), href) for href, name in re.findall(r'<a class="pc-topic" href="([^"]+)">([^<]+)</a>', topics))
        assert sorted(links) == sorted(set(episode.topics) & declared) and links, episode.code
        for name, href in links.items():
            target = (page.parent / href / "index.html").resolve()
            assert target.is_file(), (episode.code, href)
            assert f"<h1>{name}</h1>" in target.read_text() or f">{name}</h1>" in target.read_text()


ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


class HeadLinks(HTMLParser):
    """The <link> elements of a page's <head>."""

    def __init__(self):
        super().__init__()
        self.links, self._in_head = [], False

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self._in_head = True
        elif tag == "link" and self._in_head:
            self.links.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False


def test_the_feed_is_valid_atom(site):
    """RFC 4287 checked element by element (no Atom validator is packaged for Python): the
    feed and each entry carry exactly one id (an absolute IRI), title and RFC 3339 updated; the
    feed has an author and a self link; each entry links to its page."""
    feed = ET.fromstring((site / "feed.xml").read_bytes())  # well-formed, or this raises
    assert feed.tag == ATOM + "feed"
    entries = feed.findall(ATOM + "entry")
    assert entries
    for element in (feed, *entries):
        for required in ("id", "title", "updated"):
            assert len(element.findall(ATOM + required)) == 1, (required, element.findtext(ATOM + "title"))
        assert re.match(r"^[a-z][a-z0-9+.-]*:", element.findtext(ATOM + "id"))  # absolute IRI
        assert RFC3339.match(element.findtext(ATOM + "updated"))
        assert element.findtext(ATOM + "title").strip()
    assert feed.find(ATOM + "author").findtext(ATOM + "name")
    assert feed.find(ATOM + "link[@rel='self']").get("href").endswith("feed.xml")
    for entry in entries:
        href = entry.find(ATOM + "link[@rel='alternate']").get("href")
        assert href.startswith("http://127.0.0.1:8000/")  # absolute: mkdocs.yml's site_url
    assert len({entry.findtext(ATOM + "id") for entry in entries}) == len(entries)


def test_every_page_advertises_the_feed_in_its_head(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        head = HeadLinks()
        head.feed(page.read_text(encoding="utf-8"))
        feeds = [link for link in head.links if link.get("rel") == "alternate" and link.get("type") == "application/atom+xml"]
        assert len(feeds) == 1, page.relative_to(site)
        if page.name == "404.html":  # served at any depth, so MkDocs gives it absolute links
            continue
        assert (page.parent / feeds[0]["href"]).resolve() == (site / "feed.xml").resolve(), page.relative_to(site)

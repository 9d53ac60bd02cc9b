"""Guest pages, the blog, machine-readable files and the page producers, from hand-built models."""
import datetime as dt
import json

import pytest

import generator.render as render
from generator.model import Catalogue, Episode, Link, Person, Post, SeriesPart, Turn
from generator.render.blog import blog_pages
from generator.render.machine import extra_files
from generator.render.page import Page, fill_placeholders
from generator.render.people import guest_pages

HOST = Person("Jason Cutter", "Host bio.")
GUEST = Person("Dr. Wayne Baker", "Professor <em>of</em> management.\n\nAuthor.",
               (Link("Website", "https://example.org/wayne"), Link("Trap", "javascript:alert(1)")))
E298 = Episode(298, "All You Have to Do Is Ask", dt.date(2024, 4, 1), SeriesPart("Ask", 3, None), ("Dr. Wayne Baker",),
               topics=("referrals",),
               transcript=(Turn("Jason Cutter", "Hi."), Turn("Dr. Wayne Baker", "Ask <b>boldly</b>.\n\nAgain.")))
E100 = Episode(100, "Solo", dt.date(2021, 5, 3))
POSTS = (Post("Older post", dt.date(2025, 1, 2), "Body <script>x</script>.", "Jason Cutter", ("sales",)),
         Post("Newer post", dt.date(2025, 2, 19), "Para one.\n\nPara two.", None, ("negotiations",)))
CATALOGUE = Catalogue(HOST, "Show", (E100, E298), (GUEST,), POSTS)


def html_of(page: Page) -> str:
    html, missing = fill_placeholders(page.markdown, page.html)
    assert missing == []
    return html


def by_path(pages):
    return {p.path: p for p in pages}


def test_guest_page_has_bio_links_and_episodes():
    pages = by_path(guest_pages(CATALOGUE))
    assert set(pages) == {"guests/index.md", "guests/dr-wayne-baker.md"}
    html = html_of(pages["guests/dr-wayne-baker.md"])
    # Escaped; the later paragraphs kept out of Material's browser search index (bio_lead).
    assert "<p>Professor &lt;em&gt;of&lt;/em&gt; management.</p>\n<p data-search-exclude>Author.</p>" in html
    assert '<a href="https://example.org/wayne" rel="noopener external">Website</a>' in html
    assert 'href="javascript' not in html and "Trap: javascript:alert(1)" in html
    assert '<a href="../../episodes/e298/">E298: All You Have to Do Is Ask</a>' in html
    assert not pages["guests/dr-wayne-baker.md"].in_nav and pages["guests/index.md"].in_nav


def test_guest_index_never_lists_the_host():
    html = html_of(by_path(guest_pages(CATALOGUE))["guests/index.md"])
    assert '<a href="dr-wayne-baker/">Dr. Wayne Baker</a> <span class="pc-count">(1)</span>' in html
    assert "Jason Cutter" not in html


def test_blog_index_newest_first_with_dates_and_authors():
    pages = by_path(blog_pages(CATALOGUE))
    index = html_of(pages["blog/index.md"])
    assert index.index("Newer post") < index.index("Older post")
    assert '<a href="2025-02-19-newer-post/">Newer post</a>' in index
    assert '<time datetime="2025-01-02">January 2, 2025</time>' in index
    assert '<span class="pc-post-author">Jason Cutter</span>' in index
    assert "author not named" in index


def test_post_page_has_byline_and_escaped_body():
    pages = by_path(blog_pages(CATALOGUE))
    older = html_of(pages["blog/2025-01-02-older-post.md"])
    assert 'By <span class="pc-post-author">Jason Cutter</span>' in older
    assert '<time datetime="2025-01-02">January 2, 2025</time>' in older
    assert "Body &lt;script&gt;x&lt;/script&gt;." in older and "<script" not in older
    newer = html_of(pages["blog/2025-02-19-newer-post.md"])
    assert "<p>Para one.</p>\n<p>Para two.</p>" in newer


def test_episodes_json_lists_every_episode_with_its_url():
    files = extra_files(CATALOGUE)
    records = json.loads(files["episodes.json"])
    assert records == [
        {"number": 100, "code": "E100", "title": "Solo", "date": "2021-05-03", "series": None, "part": None,
         "parts": None, "guests": [], "topics": [], "url": "episodes/e100/", "transcript": None},
        {"number": 298, "code": "E298", "title": "All You Have to Do Is Ask", "date": "2024-04-01", "series": "Ask",
         "part": 3, "parts": None, "guests": ["Dr. Wayne Baker"], "topics": ["referrals"], "url": "episodes/e298/",
         "transcript": "episodes/e298/transcript.json"},
    ]


def test_transcript_json_is_podcasting_2_shape_without_invented_times():
    files = extra_files(CATALOGUE)
    assert "episodes/e100/transcript.json" not in files
    assert json.loads(files["episodes/e298/transcript.json"]) == {
        "version": "1.0.0",
        "segments": [{"speaker": "Jason Cutter", "body": "Hi."},
                     {"speaker": "Dr. Wayne Baker", "body": "Ask <b>boldly</b>.\n\nAgain."}],
    }


def test_site_pages_collects_every_producer_and_refuses_two_pages_on_one_path(monkeypatch):
    paths = [p.path for p in render.site_pages(CATALOGUE)]
    assert {"episodes/index.md", "episodes/e298.md", "series/ask.md", "guests/dr-wayne-baker.md", "blog/index.md"} <= set(paths)
    monkeypatch.setattr(render, "PAGE_PRODUCERS", [blog_pages, blog_pages])
    with pytest.raises(ValueError, match="blog/index.md"):
        render.site_pages(CATALOGUE)


def test_a_bio_lead_is_its_first_sentence_not_cut_at_an_abbreviation():
    from generator.render.people import bio_lead

    kwame = next(p for p in sample_catalogue().people if p.name == "Kwame Christian")
    lead, rest = bio_lead(kwame.bio.split("\n\n")[0])
    # Read in content/people/kwame-christian.yml: "Esq., M.A." does not end the sentence.
    assert lead == ("Kwame Christian, Esq., M.A. is the Director of the American Negotiation Institute where he "
                    "conducts negotiation and conflict management workshops around the country.")
    assert rest.startswith("As an attorney and mediator")
    assert bio_lead("Short. Two sentences.") == ("Short. Two sentences.", "")  # under LEAD_MIN_CHARS: whole


def sample_catalogue():
    from pathlib import Path

    from generator.load import load_catalogue

    catalogue, _ = load_catalogue(Path(__file__).resolve().parents[1])
    return catalogue

"""Episode pages rendered from hand-built models: escaping, t-N anchors, series navigation.

Expectations are written by hand from the models below; nothing here runs MkDocs.
"""
import dataclasses
import datetime as dt
import re

from generator.model import Catalogue, Episode, Link, Participant, Person, SeriesPart, Turn
from generator.render.episodes import episode_page, series_neighbours
from generator.render.page import fill_placeholders, placeholder
from generator.urls import relative_url

HOST = Person("Jason Cutter")
KWAME = Person("Kwame Christian", "Negotiation coach.", (Link("Website", "https://example.org/"),))
SERIES = "Sales Negotiations with Kwame Christian"


def episode(number, day, part=None, parts=4, transcript=(), guests=("Kwame Christian",), **fields):
    series = SeriesPart(SERIES, part, parts) if part is not False else None
    return Episode(number, fields.pop("title", f"Episode {number}"), dt.date(2024, 1, day), series,
                   guests, transcript=transcript, **fields)


def catalogue(*episodes):
    return Catalogue(HOST, "The Sales Experience Podcast", tuple(episodes), (KWAME,))


def full_html(page):
    """The page as the browser gets it: placeholders in the Markdown replaced by their HTML."""
    html, missing = fill_placeholders(page.markdown, page.html)
    assert missing == []
    return html


TURNS = (
    Turn("Jason Cutter", "Welcome to the show."),
    Turn("Kwame Christian", 'I said <script>alert("x")</script> & left.'),
    Turn("Jason Cutter", "We'll be right back after this.", "ad"),
    Turn("Kwame Christian", "First paragraph.\n\nSecond paragraph."),
    Turn("Jason Cutter", "Thanks for listening.", "outro"),
)


def test_a_turn_holding_script_shows_as_text():
    html = full_html(episode_page(catalogue(episode(204, 8, 1, transcript=TURNS)), episode(204, 8, 1, transcript=TURNS)))
    assert "<script" not in html
    assert "I said &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; left." in html


def test_a_speaker_name_holding_markup_shows_as_text():
    turns = (Turn("Ann <img src=x> & Co", "Hello.\n\nAgain <b>& again</b>."),)
    e = episode(204, 8, 1, transcript=turns)
    transcript = episode_page(catalogue(e), e).html[placeholder("transcript")]
    assert "<img" not in transcript and "<b>" not in transcript
    assert '<span class="pc-turn-speaker">Ann &lt;img src=x&gt; &amp; Co</span>' in transcript
    assert '<p class="pc-para" id="t-1-p2">Again &lt;b&gt;&amp; again&lt;/b&gt;.<a class="pc-para-anchor"' in transcript


def test_title_and_notes_from_sources_are_escaped():
    e = episode(204, 8, 1, title="Deals <b>won</b>", hook="Why <i>now</i>?", description="One <img src=x>\n\nTwo",
                quotes=("<u>gem</u>",))
    page = episode_page(catalogue(e), e)
    html = full_html(page)
    for raw in ("<b>", "<i>", "<img", "<u>"):
        assert raw not in html
    assert "<h1 data-search-exclude>Deals &lt;b&gt;won&lt;/b&gt;</h1>" in html
    assert "<p>One &lt;img src=x&gt;</p>\n<p>Two</p>" in html
    # Material prints the front-matter title without escaping, so it is escaped there too.
    from mkdocs.utils.meta import get_data

    assert get_data(page.markdown)[1]["title"] == "E204: Deals &lt;b&gt;won&lt;/b&gt;"  # as MkDocs reads it
    assert page.title == "E204: Deals <b>won</b>"


def test_turns_are_anchored_t1_to_tn_in_order_with_visible_permalinks():
    e = episode(204, 8, 1, transcript=TURNS)
    html = full_html(episode_page(catalogue(e), e))
    assert re.findall(r'<div class="pc-turn[^"]*" id="(t-\d+)"', html) == ["t-1", "t-2", "t-3", "t-4", "t-5"]
    for n in range(1, 6):
        assert f'<a class="pc-turn-anchor" href="#t-{n}">#t-{n}</a>' in html
    turn4 = html[html.index('id="t-4"'):html.index('id="t-5"')]
    assert re.findall(r'<p class="pc-para" id="t-4-p\d">([^<]*)<', turn4) == ["First paragraph.", "Second paragraph."]
    assert 'href="../../guests/kwame-christian/">Kwame Christian</a>' in turn4


def test_paragraphs_of_a_turn_of_several_are_anchored_t_n_pk():
    turns = (
        Turn("Jason Cutter", "One line only."),
        Turn("Jason Cutter", "Opening.\n\nThe <b>middle</b> & more.\n\n\n\nClosing.\n\n"),
        Turn("Kwame Christian", "Ad one.\n\nAd two.", "ad"),
    )
    e = episode(204, 8, 1, transcript=turns)
    html = full_html(episode_page(catalogue(e), e))
    # Counted as the paragraphs filter counts them: blank lines separate, empty ones don't count.
    assert re.findall(r'<p class="pc-para" id="(t-\d+-p\d+)">', html) == ["t-2-p1", "t-2-p2", "t-2-p3", "t-3-p1", "t-3-p2"]
    turn2 = html[html.index('id="t-2"'):html.index('id="t-3"')]
    assert '<p class="pc-para" id="t-2-p2">The &lt;b&gt;middle&lt;/b&gt; &amp; more.<a class="pc-para-anchor" ' \
           'href="#t-2-p2" aria-label="Link to this passage (t-2-p2)"></a></p>' in turn2
    assert '<p class="pc-para" id="t-2-p3">Closing.<a' in turn2
    # A one-paragraph turn has no paragraph id: #t-1 already lands on it. The turn keeps t-N.
    turn1 = html[html.index('id="t-1"'):html.index('id="t-2"')]
    assert "<p>One line only.</p>" in turn1 and "pc-para" not in turn1
    assert '<div class="pc-turn" id="t-2">' in html


def test_ad_and_outro_turns_are_marked_not_dropped():
    e = episode(204, 8, 1, transcript=TURNS)
    html = full_html(episode_page(catalogue(e), e))
    assert '<div class="pc-turn pc-turn--ad" id="t-3">' in html
    assert '<div class="pc-turn pc-turn--outro" id="t-5">' in html
    assert html.count('<span class="pc-turn-kind">') == 2
    assert '<div class="pc-turn" id="t-1">' in html


def test_transcript_sits_outside_markdown_and_inside_search_exclude():
    e = episode(204, 8, 1, transcript=TURNS)
    page = episode_page(catalogue(e), e)
    assert "Welcome to the show." not in page.markdown
    assert placeholder("transcript") in page.markdown
    transcript = page.html[placeholder("transcript")]
    assert transcript.startswith('<section class="pc-transcript" data-search-exclude>')
    assert transcript.rstrip().endswith("</section>")
    # Material's search parser ends an exclusion at the first closing tag of the same name.
    assert transcript.count("<section") == 1 and transcript.count("</section>") == 1
    assert 'href="transcript.json"' in transcript


def test_series_navigation_links_the_neighbouring_parts_that_exist():
    part1, part2, part3 = episode(204, 8, 1), episode(205, 15, 2), episode(206, 22, 3)
    cat = catalogue(part1, part3, part2)
    assert series_neighbours(cat, part2) == (part1, part3)
    assert series_neighbours(cat, part1) == (None, part2)
    html = full_html(episode_page(cat, part2))
    assert '<a class="pc-series-previous" rel="prev" href="../e204/">' in html
    assert '<a class="pc-series-next" rel="next" href="../e206/">' in html
    assert "part 2 of 4" in html
    assert 'href="../../series/sales-negotiations-with-kwame-christian/"' in html


def test_series_parts_follow_the_catalogue_they_are_asked_of():
    """The grouping by series is made once per catalogue; a copy with other episodes (made after
    the first was grouped) must still see its own parts."""
    part1, part2, part3 = episode(204, 8, 1), episode(205, 15, 2), episode(206, 22, 3)
    first = catalogue(part1, part2)
    assert series_neighbours(first, part2) == (part1, None)
    assert first.series_episodes is first.series_episodes  # grouped once
    grown = dataclasses.replace(first, episodes=(part1, part2, part3))
    assert series_neighbours(grown, part2) == (part1, part3)
    assert series_neighbours(first, part2) == (part1, None)


def test_series_navigation_skips_missing_and_unknown_parts():
    part1, part3 = episode(204, 8, 1), episode(206, 22, 3)
    html = full_html(episode_page(catalogue(part1, part3), part3))
    assert "pc-series-previous" not in html and "pc-series-next" not in html
    unknown = episode(298, 9, None, None)
    html = full_html(episode_page(catalogue(part1, unknown), unknown))
    assert "pc-series-previous" not in html and "pc-series-next" not in html
    assert "Series: <a" in html and "part " not in html.split("pc-series-nav")[1].split("</nav>")[0]


def test_header_has_code_date_and_guest_links_but_no_host_link():
    e = episode(204, 8, 1, transcript=TURNS)
    html = full_html(episode_page(catalogue(e), e))
    assert '<span class="pc-episode-code">E204</span>' in html
    assert '<time datetime="2024-01-08">January 8, 2024</time>' in html
    assert '<a class="pc-guest" href="../../guests/kwame-christian/">Kwame Christian</a>' in html
    assert 'guests/jason-cutter' not in html
    assert '<span class="pc-turn-speaker">Jason Cutter</span>' in html


def test_participants_follow_the_guests_with_their_role_as_text():
    e = episode(204, 8, 1, transcript=TURNS + (Turn("Sam <i>", "Next question."),),
                participants=(Participant("Sam <i>", "producer & <b>editor</b>"), Participant("Kim")))
    html = full_html(episode_page(catalogue(e), e))
    header = re.search(r'<p class="pc-episode-guests">.*?</p>', html, re.S).group(0)
    assert header == ('<p class="pc-episode-guests">With <a class="pc-guest" href="../../guests/kwame-christian/">'
                      'Kwame Christian</a>, <span class="pc-participant">Sam &lt;i&gt;</span> '
                      '(producer &amp; &lt;b&gt;editor&lt;/b&gt;), <span class="pc-participant">Kim</span></p>')


def test_participants_alone_make_the_with_line():
    e = episode(100, 8, False, guests=(), participants=(Participant("Kim", "co-host"),))
    html = full_html(episode_page(catalogue(e), e))
    assert '<p class="pc-episode-guests">With <span class="pc-participant">Kim</span> (co-host)</p>' in html


def test_empty_sections_are_left_out():
    e = episode(100, 1, False, guests=())
    page = episode_page(catalogue(e), e)
    assert "## Transcript" not in page.markdown and "## Quotes" not in page.markdown
    assert "pc-series-nav" not in full_html(page) and "With" not in full_html(page)


def test_fill_placeholders_reports_what_markdown_lost():
    html, missing = fill_placeholders("<p>intro</p>", {placeholder("transcript"): "<div>turns</div>"})
    assert html == "<p>intro</p>" and missing == [placeholder("transcript")]


def test_relative_urls_follow_mkdocs_directory_urls():
    assert relative_url("episodes/e204.md", "guests/kwame-christian.md") == "../../guests/kwame-christian/"
    assert relative_url("episodes/e204.md", "episodes/e205.md") == "../e205/"
    assert relative_url("episodes/index.md", "episodes/e205.md") == "e205/"
    assert relative_url("episodes/e204.md", "index.md") == "../../"
    assert relative_url("index.md", "episodes/index.md") == "episodes/"
    assert relative_url("episodes/e204.md", "episodes/e204/transcript.json") == "transcript.json"


def test_topics_link_to_their_topic_pages_and_an_undeclared_topic_stays_text():
    from generator.model import Topic

    shown = episode(204, 8, False, topics=("Negotiation", "Cold <calling>"))
    site = dataclasses.replace(catalogue(shown), topics=(Topic("Negotiation", "Negotiating.", "negotiat*"),))
    html = full_html(episode_page(site, shown))
    topics = re.search(r'<p class="pc-episode-topics">(.*?)</p>', html, re.S).group(1)
    assert topics == ('Topics: <a class="pc-topic" href="../../topics/negotiation/">Negotiation</a>,'
                      ' <span class="pc-topic">Cold &lt;calling&gt;</span>')

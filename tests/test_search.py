"""Search on the sample catalogue: the passages it finds, suggestions, facets, escaped highlights.

Expectations come from reading the E227 source page (content/sources/004_52606bfe6000e370.txt):
Dr. Wayne Baker lists the SMART criteria for a request in his ninth turn, a turn of seven
paragraphs: the second says "I have smart criteria ... the S is for specific", the seventh "The R
is for, I'd say, strategically realistic". Jason Cutter repeats them back at the start of the
tenth ("So smart. Specific, meaningful action and realistic"). Hits inside a long turn link to
the paragraph (`#t-9-p2`), a hit in a turn's first paragraph to the turn (`#t-10`).
"""
from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser

import pytest

from generator.search.index import build_index, documents_from_catalogue
from generator.model import Audio, Catalogue, Episode, Person, Turn
from generator.search.engine import SearchError, SearchIndex, SearchRequest, parse_request, search


@pytest.fixture(scope="module")
def index(sample_index) -> SearchIndex:
    return SearchIndex(sample_index)


def run(index, q, **filters):
    return search(index, parse_request({"q": q, **filters}))


def group(results, doc_id):
    return next((g for g in results.groups if g.id == doc_id), None)


def test_smart_finds_the_e227_turns_listing_the_criteria(index):
    results = run(index, "SMART", type="episode")
    assert [g.id for g in results.groups] == ["episode:e227"]
    e227 = results.groups[0]
    anchors = {p.anchor for p in e227.passages}
    assert {"t-9-p2", "t-10"} <= anchors
    ninth = next(p for p in e227.passages if p.anchor == "t-9-p2")
    assert ninth.url == "episodes/e227/#t-9-p2"
    assert ninth.heading == "Dr. Wayne Baker"
    assert "<mark>smart</mark> criteria" in ninth.highlight


def test_a_phrase_finds_the_exact_turn(index):
    results = run(index, '"strategically realistic"', type="episode")
    assert [(g.id, [p.anchor for p in g.passages]) for g in results.groups] == [("episode:e227", ["t-9-p7"])]
    assert results.passages == 1
    # The same words apart are not the phrase: "realistic" alone is also in turn 10.
    assert run(index, "realistic", type="episode").passages > 1


def test_phrase_with_common_words_keeps_them(index):
    results = run(index, '"the S is for specific"', type="episode")
    assert [(g.id, [p.anchor for p in g.passages]) for g in results.groups] == [("episode:e227", ["t-9-p2"])]
    assert "<mark>specific</mark>" in results.groups[0].passages[0].highlight


def test_a_phrase_deep_in_a_monologue_links_to_its_paragraph(index):
    """E100 (content/episodes/e100.yml) is one 21-paragraph turn: Jason Cutter alone, no labels.

    "sheep and crabs" is in its eighth paragraph, "reader's digest" in its fourteenth, a short
    one (under 40 words) indexed together with the fifteenth and anchored at the fourteenth.
    """
    results = run(index, '"sheep and crabs"')
    assert [(g.id, [(p.anchor, p.url) for p in g.passages]) for g in results.groups] == \
        [("episode:e100", [("t-1-p8", "episodes/e100/#t-1-p8")])]
    assert "<mark>sheep</mark>" in results.groups[0].passages[0].highlight
    digest = run(index, '"digest version"', type="episode")
    assert [(g.id, [p.anchor for p in g.passages]) for g in digest.groups] == [("episode:e100", ["t-1-p14"])]
    # The first paragraph of the turn is the turn: "Welcome to episode 100" links to #t-1.
    opening = run(index, '"welcome to episode 100"', type="episode")
    assert [(g.id, [p.anchor for p in g.passages]) for g in opening.groups] == [("episode:e100", ["t-1"])]


class ElementTexts(HTMLParser):
    """The text inside each element of a page that has an id: texts[id]."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}

    def __init__(self, page: str):
        super().__init__()
        self.open: list[str | None] = []
        self.texts: dict[str, str] = {}
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append(dict(attrs).get("id"))
            if self.open[-1]:
                self.texts.setdefault(self.open[-1], "")

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.open:
            self.open.pop()

    def handle_data(self, data):
        for element in filter(None, self.open):
            self.texts[element] += data


def test_a_hit_links_to_the_part_of_its_passage_its_excerpt_opens_in(index, sample_site):
    """A short paragraph is indexed with the ones after it, and a run of short turns as one window
    (index.transcript_passages), but a hit links to the paragraph or turn holding its excerpt's
    first marked word. In E227, Dr. Wayne Baker's ninth turn has a short fifth paragraph ("And he
    said, no, it's confidential ... No.") indexed with the sixth, which says "make a request": the
    hit linked to #t-9-p5, one paragraph early, and the page marked that one."""
    checked = 0
    for q in ('"make a request"', "request", "referral", "silence", "help", "specific"):
        for found in run(index, q, type="episode", passages="100").groups:
            texts = ElementTexts((sample_site / found.url / "index.html").read_text(encoding="utf-8")).texts
            for passage in (p for p in found.passages if p.anchor):  # not the episode's header
                first = html.unescape(re.search(r"<mark>(.*?)</mark>", passage.highlight).group(1)).lower()
                assert first in texts[passage.anchor].lower(), (q, passage.url, first)
                checked += 1
    assert checked > 50
    anchors = [p.anchor for p in group(run(index, '"make a request"', type="episode"), "episode:e227").passages]
    assert "t-9-p6" in anchors and "t-9-p5" not in anchors


@pytest.mark.parametrize("query", ["episode 204", "204", "E204", "ep 204", "Episode #204"])
def test_an_episode_is_found_by_its_number_as_a_listener_heard_it(index, query):
    """A listener hears "episode 204" on the show; the site calls it "E204". The index holds a
    code's number beside it (analysis.code_number), and "episode" is a word of the query, not of
    its subject: it found E100 first, whose host says "episode" in every other turn."""
    results = run(index, query)
    assert results.groups[0].id == "episode:e204"
    assert "<mark>E204</mark>" in results.groups[0].passages[0].highlight
    assert run(index, "episode 227").groups[0].id == "episode:e227"


def test_misspelt_query_is_searched_as_corrected_and_says_so(index):
    results = run(index, "refferals")
    assert results.corrected and results.searched == "referrals" and results.query == "refferals"
    assert results.suggestion is None
    assert [g.id for g in results.groups] == [g.id for g in run(index, "referrals").groups]
    # Asked to search the words as typed: nothing, and the correction offered instead.
    typed = search(index, SearchRequest(q="refferals", exact=True))
    assert typed.total == 0 and not typed.corrected and typed.suggestion == "referrals"
    assert run(index, "referrals").suggestion is None and not run(index, "referrals").corrected
    # Another form of a known word is not a misspelling: "negotiators" is searched as typed.
    assert not run(index, "negotiators").corrected


def test_two_letters_swapped_are_one_slip(index):
    """Issue 11's own example: "sales scirpt" beside a known word may be one letter off, and a
    swap is one slip (Levenshtein counts it as two, so it was left as typed and found only sales)."""
    results = run(index, "sales scirpt")
    assert results.corrected and results.searched == "sales script"
    assert run(index, "recieve").searched == "receive"  # one slip, as "relieve" is; the commoner wins


def test_a_word_beside_known_words_is_corrected_only_when_one_letter_off(index):
    """"Monday" is not in the sample's transcripts and "money" is, two letters away: beside words
    the index knows, it is a word the episodes do not use, not a slip. Alone it is corrected."""
    assert run(index, "monday").searched == "money"
    beside = run(index, "dreading monday morning")
    assert not beside.corrected and beside.searched == "dreading monday morning" and beside.total > 0
    one_off = run(index, "peter kozadoy")  # one letter off: corrected beside a known word too
    assert one_off.corrected and one_off.searched == "peter kozodoy"
    assert run(index, "Peter Kozadoy").searched == "Peter Kozodoy"  # the capital typed is kept, as on a static host
    # A word of five letters or fewer is corrected only when one letter is off: "warns" is no slip for "want".
    assert not run(index, "warns").corrected and run(index, "monday").searched == "money"


def test_a_word_after_a_minus_is_left_out_as_after_not(index):
    """Listeners type -word as in web search: "-Kwame referrals" listed E204 second, Kwame marked."""
    minus = run(index, "-Kwame referrals")
    assert "episode:e204" in {g.id for g in run(index, "Kwame referrals").groups}
    assert [g.id for g in minus.groups] == [g.id for g in run(index, "referrals NOT Kwame").groups]
    assert "episode:e204" not in {g.id for g in minus.groups}
    assert [g.id for g in run(index, "referrals -guest:kwame").groups] == [g.id for g in minus.groups]
    # A hyphen inside a word is no operator: "self-limiting" is self and limiting, not self NOT limiting.
    assert run(index, "follow-up").total == run(index, "follow up").total > 0
    assert "episode:e298" in {g.id for g in run(index, "self-limiting").groups}  # its show notes say it


def test_a_query_that_only_leaves_words_out_is_refused_with_a_reason(index):
    """Found in a listener's exploration: "NOT silence" matched every passage without silence (209,
    nothing marked) and "-silence" none. Both are refused, saying what to add."""
    for q in ("NOT silence", "-silence", "(NOT silence)", "NOT silence OR -quiet"):
        with pytest.raises(SearchError) as refused:
            run(index, q)
        assert refused.value.parameter == "q" and "add a word to look for" in str(refused.value)
    assert run(index, "silence NOT quiet").total > 0


def test_a_colon_after_a_number_or_in_an_address_names_no_field(index):
    """"ratio 51:49", a time and a pasted address are words to look for: they were refused as
    unknown fields '51:' and 'https:'. A field name that is a word still is, with the list."""
    for q in ("ratio 51:49", "meeting at 10:30", "https://www.example.com/sales"):
        assert run(index, q).total > 0, q
    with pytest.raises(SearchError, match="unknown field 'host:'"):
        run(index, "host:jason")
    assert run(index, "guest:kwame").total > 0


def test_prefix_matches_words_whose_stem_is_shorter_than_the_prefix(index):
    # "negotiation" is indexed as the stem "negoti": the typed prefix "negotiat" must still find it.
    results = run(index, "negotiat*", type="episode")
    e204 = group(results, "episode:e204")
    assert e204 is not None and e204.matches > 1
    assert any("<mark>Negotiation</mark>" in p.highlight or "<mark>negotiation</mark>" in p.highlight
               for p in e204.passages)
    referrals = run(index, "refer*", type="episode")
    assert {"episode:e100", "episode:e227"} <= {g.id for g in referrals.groups}


def test_field_and_boolean_queries(index):
    assert [g.id for g in run(index, "guest:kwame").groups] == ["episode:e204"]
    assert {g.id for g in run(index, "speaker:wayne").groups} == {"episode:e227"}
    either = {g.id for g in run(index, "confrontation OR reciprocity", type="episode").groups}
    assert either == {"episode:e204", "episode:e227"}
    # NOT works per passage: turn 9's second paragraph says "criteria", the others saying "smart" do not.
    without = run(index, "smart NOT criteria", type="episode").groups[0]
    assert "t-9-p2" not in {p.anchor for p in without.passages}
    assert without.matches == run(index, "smart", type="episode").groups[0].matches - 1


def test_results_are_grouped_one_per_page_with_best_passage_first(index):
    results = run(index, "salespeople")
    ids = [g.id for g in results.groups]
    assert len(ids) == len(set(ids))
    for g in results.groups:
        scores = [p.score for p in g.passages]
        assert scores == sorted(scores, reverse=True)
        assert g.score == scores[0]
    # Episodes first, then the other pages; each part by its best passage's score.
    types = [g.type == "episode" for g in results.groups]
    assert types == sorted(types, reverse=True) and types[0]
    for part in (True, False):
        scores = [g.score for g in results.groups if (g.type == "episode") is part]
        assert scores == sorted(scores, reverse=True)


def test_filters_and_facets_agree(index):
    unfiltered = run(index, "sales")
    assert unfiltered.facets["type"] and unfiltered.facets["guest"] and unfiltered.facets["year"]
    for facet, values in unfiltered.facets.items():
        for value in values:
            filtered = run(index, "sales", **{facet: value.value})
            assert filtered.total == value.count, (facet, value)
            for g in filtered.groups:
                assert facet != "type" or g.type == value.value
                assert facet != "guest" or value.label in g.guests
                assert facet != "year" or (g.date or "").startswith(value.value)
    by_type = {v.value: v.count for v in unfiltered.facets["type"]}
    assert sum(by_type.values()) == unfiltered.total


def test_paging(index):
    first = search(index, SearchRequest(q="sales", per_page=3))
    second = search(index, SearchRequest(q="sales", per_page=3, page=2))
    assert first.pages == second.pages > 1
    assert not {g.id for g in first.groups} & {g.id for g in second.groups}
    with pytest.raises(SearchError) as error:
        search(index, SearchRequest(q="sales", per_page=3, page=first.pages + 1))
    assert error.value.parameter == "page"


def test_filter_naming_nothing_known_is_refused(index):
    with pytest.raises(SearchError) as error:
        run(index, "sales", guest="nobody-we-know")
    assert error.value.parameter == "guest"


@pytest.mark.parametrize("params, parameter", [
    ({"q": ""}, "q"),
    ({"q": "   "}, "q"),
    ({"q": "x" * 201}, "q"),
    ({"q": '"smart criteria'}, "q"),
    ({"q": "(smart OR criteria"}, "q"),
    ({"q": "smart) criteria"}, "q"),
    ({"q": "host:jason"}, "q"),
    ({"q": "*art"}, "q"),
    ({"q": "a*"}, "q"),
    ({"q": "smart", "colour": "red"}, "colour"),
    ({"q": "smart", "type": "video"}, "type"),
    ({"q": "smart", "year": "last"}, "year"),
    ({"q": " ".join(["word"] * 1000)}, "q"),
    ({"q": "smart", "passages": "0"}, "passages"),
    ({"q": "smart", "passages": "101"}, "passages"),
    ({"q": "smart", "passages": "all"}, "passages"),
    ({"q": "smart", "exact": "maybe"}, "exact"),
    ({"q": "smart", "page": "0"}, "page"),
    ({"q": "smart", "page": "two"}, "page"),
    ({"q": "smart", "page": "-1"}, "page"),
])
def test_bad_input_is_refused_naming_the_parameter(params, parameter):
    with pytest.raises(SearchError) as error:
        parse_request(params)
    assert error.value.parameter == parameter
    assert str(error.value).startswith(f"{parameter}: ")


def test_markup_in_a_transcript_is_highlighted_as_text(tmp_path):
    episode = Episode(
        number=7, title="Markup <i>in</i> titles", date=dt.date(2024, 5, 1), guests=("Ada Guest",),
        transcript=(
            Turn("Jason Cutter", "Welcome. " * 3),
            Turn("Ada Guest", "Write <b>bold</b> claims & <script>alert('x')</script> in your "
                              "proposal, then \"quote\" the client's own words back to them. " * 3),
        ),
    )
    catalogue = Catalogue(host=Person("Jason Cutter"), show_title="Show", episodes=(episode,))
    build_index(documents_from_catalogue(catalogue), tmp_path)
    results = run(SearchIndex(tmp_path), "bold proposal")
    [passage] = results.groups[0].passages
    assert "&lt;b&gt;<mark>bold</mark>&lt;/b&gt;" in passage.highlight
    assert "&lt;script&gt;" in passage.highlight and "&amp;" in passage.highlight
    assert set(re.findall(r"</?[a-z]+", passage.highlight)) == {"<mark", "</mark"}
    assert run(SearchIndex(tmp_path), "markup").groups[0].title == "E7: Markup <i>in</i> titles"  # JSON data, not HTML


def test_common_words_of_a_plain_query_narrow_nothing(index):
    """Unquoted "for", "the", "is" are dropped from an AND of words: "asking for the sale" finds what
    "asking sale" finds, though few passages hold every one of the four words."""
    with_common = run(index, "asking for the sale")
    without = run(index, "asking sale")
    assert with_common.total > 0
    assert [(g.id, g.matches) for g in with_common.groups] == [(g.id, g.matches) for g in without.groups]
    assert with_common.passages == without.passages
    # A query of common words only keeps them; so do OR and NOT.
    assert run(index, "the is for").passages > 0
    assert run(index, "smart NOT the").passages < run(index, "smart the").passages == run(index, "smart").passages


def test_a_quoted_phrase_still_needs_its_common_words(index):
    # Turn 9's second paragraph says "the S is for specific"; "the S for specific" is not in it.
    assert run(index, '"the S is for specific"', type="episode").passages == 1
    assert run(index, '"the S for specific"', type="episode").total == 0


def test_highlight_tokens_are_the_text_analyzers_on_every_passage(catalogue):
    """marked_tokens stands in for the index's analyzer when excerpts are marked: on every
    passage of the sample it must give the same words at the same characters, and so the same
    excerpts as Whoosh's highlight() with the analyzer itself."""
    from whoosh import highlight

    from generator.search.index import passage_schema
    from generator.search.engine import _FRAGMENTER, MarkFormatter, _highlight, marked_tokens

    analyzer = passage_schema()["text"].analyzer
    words = frozenset({"smart", "referral", "sal", "the"})
    texts = [p.text for d in documents_from_catalogue(catalogue) for p in d.passages if p.text]
    texts.append("Someone's client’s we're don't O'Brien e.g. 3.5 negotiating pushy silence")
    assert len(texts) > 150
    for text in texts:
        ours = [(t.text, t.startchar, t.endchar, t.matched) for t in marked_tokens(text, words)]
        whooshs = [(t.text, t.startchar, t.endchar, t.text in words)
                   for t in analyzer(text, chars=True, mode="query", removestops=False)]
        assert ours == whooshs
        assert _highlight(text, words) == highlight.highlight(text, words, analyzer, _FRAGMENTER, MarkFormatter(), top=2)


def test_a_number_of_highlights_gives_only_the_best_pages_their_passages(index):
    """What a topic page asks for: excerpts for its best pages, the rest listed by title."""
    every = search(index, SearchRequest(q="sales", per_page=50))
    best = search(index, SearchRequest(q="sales", per_page=50), highlights=2)
    assert len(every.groups) > 3
    assert [g.id for g in best.groups] == [g.id for g in every.groups]
    assert [g.matches for g in best.groups] == [g.matches for g in every.groups]
    assert best.groups[:2] == every.groups[:2]
    assert all(g.passages == () for g in best.groups[2:])


def test_questions_contractions_and_word_forms_find_the_moment(index):
    """Filler and question words neither block nor steer; "someone's" is someone; forms meet."""
    smart = run(index, "what does SMART stand for", type="episode")
    assert smart.groups[0].id == "episode:e227" and smart.groups[0].passages[0].anchor == "t-9-p2"
    boss = run(index, "how to ask my boss for resources", type="episode")
    assert boss.groups[0].passages[0].anchor.startswith("t-13")
    assert run(index, "someone's", type="episode").total == run(index, "someone", type="episode").total > 0
    objections = run(index, "objections", type="episode")
    assert [g.id for g in objections.groups] == ["episode:e204"]  # not E227's talk of objectives
    assert run(index, "silent", type="episode").passages == run(index, "silence", type="episode").passages
    assert run(index, "Kwame Christian").groups[0].id == "episode:e204"  # before the quizzes naming him
    fear = run(index, "fear of conflict", type="episode", passages="50")
    assert len(fear.groups[0].passages) == fear.groups[0].matches > 3


def test_a_lesson_citing_a_post_is_searched_with_the_posts_title_not_its_slug(index, catalogue):
    """A lesson's `[post: <slug>]` reads on its page as the post's title; its search excerpt
    showed "post: 2025-02-18-the-numbers-game-mentality-is-a-losing-strategy"."""
    from generator.citations import CITATION_IN_TEXT

    bodies = [lesson.body for module in catalogue.modules for lesson in module.lessons]
    cited = {m.group("post") for body in bodies for m in CITATION_IN_TEXT.finditer(body) if m.group("post")}
    assert cited  # the sample's lessons cite posts
    lessons = [d for d in documents_from_catalogue(catalogue) if d.type == "lesson"]
    texts = " ".join(p.text for d in lessons for p in d.passages)
    for post in (p for p in catalogue.posts if p.slug in cited):
        assert f"“{post.title}” (blog post)" in texts and post.slug not in texts
    shown = " ".join(p.highlight for g in run(index, "numbers game", type="lesson").groups for p in g.passages)
    assert "numbers-game" not in shown and "post:" not in shown


def test_quiz_explanations_are_never_in_results(index, catalogue):
    for module in catalogue.modules:
        for question in module.quiz.questions if module.quiz else ():
            words = " ".join(question.explanation.split()[:6])
            found = run(index, f'"{words}"') if '"' not in words else None
            if found is not None:
                assert all(g.type != "quiz" for g in found.groups), question.explanation


def test_a_hit_on_a_quiz_question_lands_on_that_question(index, catalogue, sample_site):
    """Not on the quiz's heading: a module's quiz has several questions, and the hit names one."""
    module = next(m for m in catalogue.modules if m.quiz and m.quiz.questions)
    question = module.quiz.questions[-1]
    found = run(index, f'"{question.prompt}"', type="quiz")
    passage = group(found, f"quiz:{module.id}").passages[0]
    page_url, anchor = passage.url.split("#")
    assert anchor == passage.anchor != "quiz" and passage.heading == question.prompt
    page = (sample_site / page_url / "index.html").read_text(encoding="utf-8")
    assert f'id="{anchor}"' in page


def test_a_hit_in_a_timed_transcript_carries_the_moment_it_is_heard(tmp_path, index):
    """A timed turn's passage says when it starts (`start`, seconds), in the API's JSON too; a
    piece deep in a long turn, whose own moment the transcript does not give, and an untimed
    episode (the sample's) say null."""
    long_turn = "\n\n".join(f"Paragraph {n} of the monologue about renewals and pricing, said slowly. " * 8
                            for n in range(1, 6))
    episode = Episode(
        number=8, title="Renewals", date=dt.date(2025, 3, 3), guests=("Ada Guest",),
        transcript=(
            Turn("Jason Cutter", "Welcome to the show, today we talk about discounts at renewal time. " * 4, start=12.5, end=30.0),
            Turn("Ada Guest", long_turn, start=754.2, end=1200.0),
        ),
    )
    catalogue = Catalogue(host=Person("Jason Cutter"), show_title="Show", episodes=(episode,))
    build_index(documents_from_catalogue(catalogue), tmp_path)
    timed = SearchIndex(tmp_path)
    [welcome] = run(timed, "discounts").groups[0].passages
    assert (welcome.anchor, welcome.start) == ("t-1", 12.5)
    by_anchor = {p.anchor: p.start for p in search(timed, parse_request({"q": "monologue", "passages": "10"})).groups[0].passages}
    assert len(by_anchor) > 1 and by_anchor["t-2"] == 754.2 and [start for anchor, start in by_anchor.items() if anchor != "t-2"] == [None] * (len(by_anchor) - 1)
    assert run(timed, "discounts").to_json()["groups"][0]["passages"][0]["start"] == 12.5
    assert run(index, "smart criteria").to_json()["groups"][0]["passages"][0]["start"] is None


def test_a_hit_in_a_later_turn_of_a_window_links_to_that_turn_and_its_moment(tmp_path):
    """Short turns are indexed together as one window; a hit in the second links to it and plays
    from its own start, not the first turn's."""
    episode = Episode(
        number=9, title="Windows", date=dt.date(2025, 3, 4), guests=("Ada Guest",),
        transcript=(
            Turn("Jason Cutter", "Right, pricing.", start=10.0, end=12.0),
            Turn("Ada Guest", "Yes, and renewals.", start=12.5, end=14.0),
            Turn("Jason Cutter", "Okay.", start=14.5, end=15.0),
        ),
    )
    catalogue = Catalogue(host=Person("Jason Cutter"), show_title="Show", episodes=(episode,))
    build_index(documents_from_catalogue(catalogue), tmp_path)
    timed = SearchIndex(tmp_path)
    [hit] = run(timed, "renewals", type="episode").groups[0].passages
    assert (hit.anchor, hit.start, hit.url) == ("t-2", 12.5, "episodes/e9/#t-2")
    [first] = run(timed, "pricing", type="episode").groups[0].passages
    assert (first.anchor, first.start) == ("t-1", 10.0)


def test_a_group_says_whether_its_episode_has_a_recording(tmp_path):
    """`audio` on a result group: where a timed hit can offer to play from its moment."""
    said = "Today we talk about discounts at renewal time, and why they hurt. " * 4
    recorded = Episode(number=8, title="Renewals", date=dt.date(2025, 3, 3), transcript=(Turn("Jason Cutter", said, start=3.0),),
                       audio=Audio("https://media.example.com/e8.mp3", "audio/mpeg"))
    silent = Episode(number=9, title="Renewals again", date=dt.date(2025, 3, 4), transcript=(Turn("Jason Cutter", said),))
    build_index(documents_from_catalogue(Catalogue(host=Person("Jason Cutter"), show_title="Show",
                                                   episodes=(recorded, silent))), tmp_path)
    groups = run(SearchIndex(tmp_path), "discounts").to_json()["groups"]
    assert sorted((g["id"], g["audio"]) for g in groups) == [("episode:e8", True), ("episode:e9", False)]

"""The episode page importer on the client's real pages (content/sources/00[0124]_*.txt).

Expectations are written by hand from reading the pages; the transcript property ("no paragraph
lost or reordered") reads the source with its own small reader, independent of the importer.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.importers import importer_for, parse_source
from generator.importers.episode_page import parse_episode_page, parse_links, split_run_in_title
from generator.model import Link, Person, SeriesPart

SOURCES = Path(__file__).resolve().parent.parent / "content" / "sources"
HOST = Person("Jason Cutter")
HOST_LABELS = ("Jason",)
SEEDS = {
    "000": "000_3c2fe57e61de32a4.txt",
    "001": "001_c01bcb1865bdc080.txt",
    "002": "002_d78e0b00a8f88850.txt",
    "004": "004_52606bfe6000e370.txt",
}


def seed_text(seed: str) -> str:
    return (SOURCES / SEEDS[seed]).read_text(encoding="utf-8")


def imported(seed: str):
    return parse_episode_page(seed_text(seed), f"content/sources/{SEEDS[seed]}", HOST, HOST_LABELS)


def episode_of(seed: str):
    (episode,) = imported(seed).episodes
    return episode


# ---- number, title, date, series ----

HEADINGS = {
    "000": (204, "Sales Negotiations with Kwame Christian", dt.date(2024, 1, 8),
            SeriesPart("Sales Negotiations with Kwame Christian", 1, 4)),
    "001": (100, "Closing Week: Ending Season One of TSEP", dt.date(2024, 1, 3), None),
    "002": (298, "Honest to Greatness, with Peter Kozodoy", dt.date(2024, 1, 17),
            SeriesPart("Honest to Greatness, with Peter Kozodoy", 3, None)),
    "004": (227, "All You Have To Do Is Ask, with Dr. Wayne Baker", dt.date(2024, 1, 16),
            SeriesPart("All You Have To Do Is Ask, with Dr. Wayne Baker", 1, 3)),
}


@pytest.mark.parametrize("seed", SEEDS)
def test_number_title_date_and_series(seed):
    episode = episode_of(seed)
    number, title, date, series = HEADINGS[seed]
    assert (episode.number, episode.title, episode.date, episode.series) == (number, title, date, series)
    assert episode.source == f"content/sources/{SEEDS[seed]}"


def test_the_code_listeners_know():
    assert [episode_of(s).code for s in SEEDS] == ["E204", "E100", "E298", "E227"]


# ---- guests, never the host ----

def test_kwame_christian_with_bio_and_links():
    result = imported("000")
    assert result.episodes[0].guests == ("Kwame Christian",)
    (kwame,) = result.people
    assert kwame.name == "Kwame Christian"
    paragraphs = kwame.bio.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("Kwame Christian, Esq., M.A. is the Director of the American Negotiation Institute")
    assert paragraphs[1].startswith("He is the author of the best selling book Nobody Will Play With Me:")
    assert kwame.links == (Link("Website", "https://americannegotiationinstitute.com/"),
                           Link("LinkedIn", "https://www.linkedin.com/in/kwamechristian"))


def test_peter_kozodoy_links_run_into_their_labels():
    result = imported("002")
    (peter,) = result.people
    assert peter.name == "Peter Kozodoy"
    assert peter.bio.startswith("Peter Kozodoy is the award-winning author of Honest to Greatness")
    assert peter.bio.endswith("To strike up an honest conversation, visit PeterKozodoy.com.")
    assert peter.links == (Link("Website", "https://peterkozodoy.com/go"),
                           Link("LinkedIn", "https://www.linkedin.com/in/peterkozodoy/"))


def test_dr_wayne_baker_is_a_guest_without_bio_on_the_page():
    result = imported("004")
    assert result.episodes[0].guests == ("Dr. Wayne Baker",)
    assert result.people == (Person("Dr. Wayne Baker"),)


def test_episode_100_has_no_guest():
    result = imported("001")
    assert result.episodes[0].guests == ()
    assert result.people == ()


@pytest.mark.parametrize("seed", SEEDS)
def test_the_host_is_never_a_guest(seed):
    result = imported(seed)
    assert "Jason Cutter" not in result.episodes[0].guests
    assert all(person.name != "Jason Cutter" for person in result.people)


def test_labels_join_links_as_written():
    assert parse_links("Website: \nhttps://a.example/\n\nLinkedIn: https://b.example/x") == (
        Link("Website", "https://a.example/"), Link("LinkedIn", "https://b.example/x"))
    assert parse_links("Websitehttps://a.example/go\nLinkedinhttps://b.example/") == (
        Link("Website", "https://a.example/go"), Link("LinkedIn", "https://b.example/"))


# ---- hook, show notes, gems ----

def test_hook_description_and_gems_of_e204():
    episode = episode_of("000")
    assert episode.hook == "How does having a resilient mindset contribute to effectively managing conflict in a sales setting?"
    assert episode.description == ("Kwame Christian, Director of the American Negotiation Institute, joins me to talk about "
                                   "salespeople, negotiation skills, and your obligation to use confrontation when persuading others.")
    assert episode.quotes == (
        "The easiest thing you can do is look at it as an opportunity (confrontation).",
        "…it’s basically your duty at that point.",
        "There is gold on the other side of that tension",
    )


def test_hook_and_description_of_e100():
    episode = episode_of("001")
    assert episode.hook == "What brings you to the show, and what are you hoping to take away from our summary wrap-up?"
    paragraphs = episode.description.split("\n\n")
    assert len(paragraphs) == 7
    assert paragraphs[0] == ("When I started The Sales Experience Podcast, my personal goal was to record 100 episodes "
                             "before deciding if I wanted to continue.")
    assert paragraphs[-1].startswith("And if you have any suggestions, ideas, or topics for the next season")
    assert episode.quotes == ()


def test_hook_and_description_of_e298():
    episode = episode_of("002")
    assert episode.hook == "How do you approach keeping an open mind, especially when faced with challenges or differing perspectives?"
    paragraphs = episode.description.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("It’s surprising how our self-limiting beliefs")
    assert paragraphs[-1] == "Life is too short to do something you don’t like doing. So get yourself into that alignment by being real and honest to yourself."


def test_hook_and_description_of_e227():
    episode = episode_of("004")
    assert episode.hook == "How familiar are you with creating SMART goals?"
    assert episode.description == (
        "Most people aren’t asking for what they want.\n\n"
        "While it might seem like salespeople are the exception, in my experience, they are rarely asking for the sale, "
        "the promotion, the opportunity, etc.\n\n"
        "In this 3-part series, I speak with Dr. Wayne Baker, who is an ASKING expert.")


# ---- no page chrome, no odd whitespace ----

CHROME = ["CUTTER CONSULTING GROUP", "Download", "ebook", "Enroll in", "Online Course", "Mini-Course",
          "Get help with your sales team", "Connect with", "Book your free", "Sales Power Call with Jason",
          "Certified Authentic Persuader", "Visit Selling Effectiveness", "Follow Jason on", "HUB",
          "Show More", "Share by:", "Show Transcript", "•"]


def _all_text(result) -> list[str]:
    texts = []
    for episode in result.episodes:
        texts += [episode.title, episode.hook, episode.description, *episode.quotes, *(t.text for t in episode.transcript)]
    for person in result.people:
        texts += [person.name, person.bio, *(link.label for link in person.links)]
    for post in result.posts:
        texts += [post.title, post.body]
    return texts


@pytest.mark.parametrize("seed", SEEDS)
def test_no_page_chrome_in_notes_bios_or_posts(seed):
    result = imported(seed)
    episode = result.episodes[0]
    outside_transcript = [episode.title, episode.hook, episode.description, *episode.quotes]
    outside_transcript += [p.bio for p in result.people] + [p.title + " " + p.body for p in result.posts]
    for text in outside_transcript:
        for chrome in CHROME:
            assert chrome not in text, (chrome, text[:80])


@pytest.mark.parametrize("seed", SEEDS)
def test_odd_whitespace_is_normalised(seed):
    for text in _all_text(imported(seed)):
        assert not re.search("[\u00a0\u2009\u200b\t]", text)
        assert "  " not in text
        assert all(line == line.strip() for line in text.split("\n"))


# ---- the transcript ----

def source_transcript_paragraphs(seed: str) -> list[str]:
    """The test's own reading: each indented non-empty line after "Show Transcript", label removed."""
    lines = seed_text(seed).split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip().endswith("Show Transcript"))
    paragraphs = []
    for line in lines[start + 1:]:
        if line.strip() and not line[:1].isspace():
            break
        text = " ".join(line.replace("\u00a0", " ").split())
        if text:
            paragraphs.append(re.sub(r"^(Jason|Kwame|Peter|Dr\. Wayne): ", "", text))
    return paragraphs


def turn_paragraphs(seed: str) -> list[str]:
    return [p for turn in episode_of(seed).transcript for p in turn.text.split("\n\n")]


@pytest.mark.parametrize("seed, count", [("000", 20), ("001", 24), ("002", 53), ("004", 55)])
def test_every_transcript_paragraph_appears_in_order(seed, count):
    source = source_transcript_paragraphs(seed)
    assert len(source) == count
    if seed == "004":
        # the paragraph where the ad read ends is split where the show resumes
        split_at = next(i for i, p in enumerate(source) if p.startswith("To learn more about the ways we can work together"))
        ad_end, resumed = source[split_at].split(" Yeah. Which I love", 1)
        source[split_at:split_at + 1] = [ad_end, "Yeah. Which I love" + resumed]
    assert turn_paragraphs(seed) == source


def _speakers(seed: str) -> list[tuple[str, str]]:
    return [(turn.speaker, turn.kind) for turn in episode_of(seed).transcript]


def test_e204_every_labelled_paragraph_is_a_turn():
    transcript = episode_of("000").transcript
    assert len(transcript) == 20
    assert transcript[0].speaker == "Jason Cutter" and transcript[0].text.startswith("Welcome to the sales experience podcast.")
    assert (transcript[1].speaker, transcript[1].text) == ("Kwame Christian", "Hey Jason, thanks for having me.")
    # line 100 carries a non-breaking space before its label
    assert transcript[18].speaker == "Kwame Christian"
    assert transcript[18].text.startswith("But then you’ve done a good job of drawing out the hidden objections")
    assert {speaker for speaker, _ in _speakers("000")} == {"Jason Cutter", "Kwame Christian"}


def test_e100_without_labels_is_all_the_host():
    assert _speakers("001") == [("Jason Cutter", "speech"), ("Jason Cutter", "outro")]
    speech, outro = episode_of("001").transcript
    assert len(speech.text.split("\n\n")) == 21
    assert outro.text.startswith("This wraps up episode 100 please make sure to subscribe")
    assert outro.text.endswith("And people remember the experience you gave them.")


def test_e298_unlabelled_paragraphs_continue_the_last_speaker():
    transcript = episode_of("002").transcript
    assert len(transcript) == 17
    assert transcript[0].text.split("\n\n")[1] == "Make sure to share with them. Here you go. Here's part three. Enjoy."
    third = transcript[2]
    assert third.speaker == "Jason Cutter"
    assert third.text.startswith("Just like a good therapist, right?\n\nA good therapist job is to just ask questions")
    assert (transcript[3].speaker, transcript[3].text) == ("Peter Kozodoy", "Yeah. A sale isn't always a win.")
    assert [s for s, _ in _speakers("002")] == ["Jason Cutter", "Peter Kozodoy"] * 8 + ["Jason Cutter"]


def test_e227_dr_wayne_label_and_the_greeting_that_is_not_a_label():
    transcript = episode_of("004").transcript
    assert transcript[0].speaker == "Jason Cutter"
    assert "\n\nDr. Wayne, welcome to the Sales Experience Podcast. Thank you, Jason." in transcript[0].text
    assert transcript[1].speaker == "Dr. Wayne Baker"
    assert transcript[1].text.startswith("I can trace the origin of the book back 21 years")


def test_e227_a_single_newline_still_separates_paragraphs():
    texts = [turn.text for turn in episode_of("004").transcript]
    assert any("you got to be very. specific about\n\nthat. In fact, I once worked with an executive" in t for t in texts)


def test_e227_mid_roll_ad_read_is_its_own_turn():
    transcript = episode_of("004").transcript
    kinds = [turn.kind for turn in transcript]
    assert kinds.count("ad") == 1
    ad_index = kinds.index("ad")
    ad, resumed = transcript[ad_index], transcript[ad_index + 1]
    assert transcript[ad_index - 1].speaker == "Dr. Wayne Baker" and transcript[ad_index - 1].kind == "speech"
    assert ad.speaker == "Jason Cutter"
    assert ad.text.startswith("Hey, it's Jason here. We'll be right back to the podcast")
    assert ad.text.split("\n\n")[1].startswith("To learn more about the ways we can work together and to book your free sales power call")
    assert ad.text.endswith("Now let's get back to the episode.")
    assert (resumed.speaker, resumed.kind) == ("Jason Cutter", "speech")
    assert resumed.text.startswith("Yeah. Which I love that you started with talking about, especially Janet")
    assert len(transcript) == 14


@pytest.mark.parametrize("seed, opening", [
    ("000", "That’s it for part one of my conversation with Kwame Christian"),
    ("002", "All right, that's it for part three. You know the routine."),
    ("004", "All right, that's it for part one of my conversation with the fantastic Dr. Wayne Baker."),
])
def test_closing_words_are_the_outro_and_kept(seed, opening):
    transcript = episode_of(seed).transcript
    assert [turn.kind for turn in transcript[:-1]].count("outro") == 0
    assert transcript[-1].kind == "outro" and transcript[-1].speaker == "Jason Cutter"
    assert transcript[-1].text.startswith(opening)
    if seed == "002":
        assert "\n\nThat's it for another episode of the Sales Experience Podcast." in transcript[-1].text


# ---- the blog feed under every episode page ----

FEED = [
    (dt.date(2025, 2, 19), "What does it take to build the ideal Sales Experience?", "What does it take to build the ideal Sales Experience? Why does it even matter?"),
    (dt.date(2025, 2, 18), "The Numbers Game Mentality is a Losing Strategy", "Sales is no longer a “numbers game.”"),
    (dt.date(2025, 2, 17), "The Abundance of Options", "Today we all have lots of options."),
    (dt.date(2025, 2, 13), "The Balance of Effort in Sales", "The blogs this week have been about the other person"),
    (dt.date(2025, 2, 12), "The Danger of Doing Too Much as a Sales Leader", "Alright – so maybe they don’t need to go 90."),
    (dt.date(2025, 2, 3), "If you have seen the movie Hitch, then you know the scene.", "If you have seen the movie Hitch, then you know the scene. Will Smith’s"),
]


@pytest.mark.parametrize("seed", SEEDS)
def test_feed_posts_with_author_date_and_title(seed):
    posts = imported(seed).posts
    assert [(p.date, p.title) for p in posts] == [(date, title) for date, title, _ in FEED]
    for post, (_, _, body_start) in zip(posts, FEED):
        assert post.author == "Jason Cutter"
        assert post.categories == ()
        assert post.body.startswith(body_start)
        assert "Show More" not in post.body and "Share by" not in post.body


@pytest.mark.parametrize("text, title, body", [
    ("The Abundance of Options Today we all have", "The Abundance of Options", "Today we all have"),
    ("Cold Calls in a Warm World It is cold", "Cold Calls in a Warm World", "It is cold"),
    ("Why bother? Because.", "Why bother?", "Why bother? Because."),
    ("A Title That Never Ends", "A Title That Never", "Ends"),
])
def test_run_in_title_heuristic(text, title, body):
    assert split_run_in_title(text) == (title, body)


# ---- choosing the importer, and pages it cannot read ----

def test_registry_tells_episode_pages_from_the_archive():
    assert importer_for(seed_text("000")).name == "episode page"
    assert importer_for((SOURCES / "003_08908ba2d80d8205.txt").read_text(encoding="utf-8")).name == "category archive"


def test_page_without_recognisable_title_is_an_error():
    result = parse_source("CUTTER CONSULTING GROUP\n\nSome page\n\nJanuary 8, 2024\n", "x.txt", HOST, HOST_LABELS)
    assert result.episodes == () and result.posts == ()
    (problem,) = result.problems
    assert problem.severity == "error" and "not a source podcourse reads" in problem.message


def test_episode_page_without_date_is_an_error():
    text = seed_text("000").replace("January 8, 2024", "sometime in January")
    result = parse_episode_page(text, "x.txt", HOST, HOST_LABELS)
    assert result.episodes == ()
    assert result.problems[0].severity == "error" and "no date" in result.problems[0].message


def test_page_without_transcript_keeps_its_notes_and_warns():
    text = seed_text("000")
    start, end = text.index("  • Show Transcript"), text.index("Become a\u00a0Certified")
    result = parse_episode_page(text[:start] + text[end:], "x.txt", HOST, HOST_LABELS)
    (episode,) = result.episodes
    assert episode.transcript == ()
    assert episode.hook.startswith("How does having a resilient mindset")
    assert len(episode.quotes) == 3
    assert len(result.posts) == 6
    assert [(p.severity, "no transcript" in p.message) for p in result.problems] == [("warning", True)]


def test_unknown_label_used_twice_becomes_a_speaker_with_a_warning():
    text = seed_text("001").replace("    Yeah. Where it’s just ongoing.", "    Producer: Yeah. Where it’s just ongoing.", 1)
    text = text.replace("    And as always, remember", "    Producer: And as always, remember", 1)
    result = parse_episode_page(text, "x.txt", HOST, HOST_LABELS)
    assert "Producer" in {turn.speaker for turn in result.episodes[0].transcript}
    assert any("Producer" in p.message and p.severity == "warning" for p in result.problems)


def test_unknown_label_used_once_is_read_as_speech_with_a_warning():
    text = seed_text("001").replace("    Yeah. Where it’s just ongoing.", "    Note: Yeah. Where it’s just ongoing.", 1)
    result = parse_episode_page(text, "x.txt", HOST, HOST_LABELS)
    assert {turn.speaker for turn in result.episodes[0].transcript} == {"Jason Cutter"}
    assert any("Note: Yeah. Where it’s just ongoing." in turn.text for turn in result.episodes[0].transcript)
    assert [p.severity for p in result.problems] == ["warning"] and "'Note:'" in result.problems[0].message


def test_odd_spaces_in_a_page_read_as_ordinary_spaces():
    text = seed_text("000").replace("Kwame: Hey Jason, thanks", "Kwame:\u2009Hey\u00a0\u00a0Jason,\u200b thanks", 1)
    (episode,) = parse_episode_page(text, "x.txt", HOST, HOST_LABELS).episodes
    assert (episode.transcript[1].speaker, episode.transcript[1].text) == ("Kwame Christian", "Hey Jason, thanks for having me.")

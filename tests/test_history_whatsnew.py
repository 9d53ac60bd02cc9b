"""What's new and its Atom feed, from episode dates and git history; last-changed dates per page."""
import datetime as dt
import xml.etree.ElementTree as ET

from generator.model import Lesson, Module, Question, Quiz, Source
from generator.history import Change, History
from generator.model import Catalogue, Episode, Person
from generator.render.whatsnew import atom_feed, last_updated_html, page_dates, updates, whats_new_page

A = "{http://www.w3.org/2005/Atom}"
UTC = dt.timezone.utc


def when(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, tzinfo=UTC)


def catalogue(lesson_title="Rapport, then empathy") -> Catalogue:
    question = Question("q1", "open", "Why?", "Because.", Source(episode=204), model_answer="Trust.")
    quiz = Quiz("fundamentals", 80, True, (question,), "abc123", "quizzes/fundamentals.yml")
    lesson = Lesson("rapport", lesson_title, "Body\n", "content/course/lessons/rapport.md")
    module = Module("fundamentals", "Sales fundamentals", "", ("Build rapport",), (lesson,), (), quiz)
    episodes = (
        Episode(204, "Sales Negotiations with Kwame Christian", dt.date(2024, 1, 8), hook="How does a resilient mindset help?"),
        Episode(100, "Five Steps & <Tips>", dt.date(2020, 6, 1)),
    )
    return Catalogue(host=Person("Jason Cutter"), show_title="The Sales Experience Podcast", episodes=episodes,
                     people=(Person("Kwame Christian"),), modules=(module,))


def change(path, status, day, subject, commit, hour=12, learners=""):
    return Change(path, status, when(day, hour), subject, commit * 40, learners)


HISTORY = History(changes=(
    change("content/course/lessons/rapport.md", "modified", 9, "Rapport lesson: say why trust comes before hope", "c", hour=17,
           learners="Why trust comes before hope, with Jason's example."),
    change("content/course/lessons/rapport.md", "modified", 9, "Typo", "b", hour=9),
    change("quizzes/fundamentals.yml", "modified", 5, "Fundamentals quiz: add an ordering question", "a"),
    change("content/course/lessons/old.md", "deleted", 4, "Drop the old lesson", "9"),
    change("docs/site/index.md", "modified", 3, "Home page wording", "8"),
    change("content/course/lessons/rapport.md", "added", 1, "Write the rapport lesson", "7"),
    change("content/episodes/e204.yml", "added", 1, "Import E204", "7"),
    change("quizzes/fundamentals.yml", "added", 1, "Fundamentals quiz", "7"),
), last_changed={
    "content/course/lessons/rapport.md": when(9, 17),
    "quizzes/fundamentals.yml": when(5),
    "content/course/modules/fundamentals.yml": when(1),
    "content/episodes/e204.yml": when(1),
    "docs/site/index.md": when(3),
    "docs/site/guide/index.md": when(2),
})


def test_updates_list_episodes_by_air_date_and_course_files_by_commit_newest_first():
    found = [(u.when.date().isoformat(), u.headline, u.note) for u in updates(catalogue(), HISTORY)]
    assert found == [
        ("2026-03-09", "Lesson updated: Rapport, then empathy", "Why trust comes before hope, with Jason's example."),
        ("2026-03-05", "Quiz updated: Sales fundamentals", ""),
        ("2026-03-01", "New quiz: Sales fundamentals", ""),
        ("2026-03-01", "New lesson: Rapport, then empathy", ""),
        ("2024-01-08", "New episode E204: Sales Negotiations with Kwame Christian", "How does a resilient mindset help?"),
        ("2020-06-01", "New episode E100: Five Steps & <Tips>", ""),
    ]  # the 09:00 "Typo" commit folds into the same day's later change; the deleted lesson has no page;
    # no commit message is shown, only the Learners: trailer (no texts here, so no details either)


def test_without_history_the_page_still_lists_episodes_and_says_lessons_are_missing():
    page = whats_new_page(catalogue(), History(warnings=("shallow git clone",)))
    (listing,) = page.html.values()
    assert "E204: Sales Negotiations with Kwame Christian" in listing
    assert "built without its full git history" in listing
    assert "Lesson updated" not in listing


def test_the_page_links_each_update_to_its_page_and_escapes_titles():
    page = whats_new_page(catalogue(), HISTORY)
    assert page.path == "whats-new.md" and page.title == "What's new"
    (listing,) = page.html.values()
    assert '<a href="../course/fundamentals/rapport/">Rapport, then empathy</a>' in listing
    assert '<time datetime="2026-03-09">2026-03-09</time>' in listing
    assert '<a href="../course/fundamentals/#quiz">Sales fundamentals</a>' in listing
    assert "E100: Five Steps &amp; &lt;Tips&gt;" in listing and "<Tips>" not in listing
    assert 'href="../feed.xml"' in listing


def test_the_feed_is_atom_with_ids_dates_links_and_escaped_text():
    cat = catalogue(lesson_title="Rapport <script>alert(1)</script> & trust")
    data = atom_feed(cat, HISTORY, "https://course.example.com/")
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert b"<script>" not in data and b"&lt;script&gt;" in data
    feed = ET.fromstring(data)
    assert feed.tag == A + "feed"
    assert feed.findtext(A + "id") == "https://course.example.com/feed.xml"
    assert feed.findtext(A + "title") == "The Sales Experience Podcast: what's new"
    assert feed.findtext(A + "updated") == "2026-03-09T17:00:00+00:00"
    assert feed.find(A + "author").findtext(A + "name") == "Jason Cutter"
    assert feed.find(A + "link[@rel='self']").get("href") == "https://course.example.com/feed.xml"
    entries = feed.findall(A + "entry")
    assert len(entries) == 6
    first = entries[0]
    assert first.findtext(A + "title") == "Lesson updated: Rapport <script>alert(1)</script> & trust"
    assert first.findtext(A + "updated") == "2026-03-09T17:00:00+00:00"
    assert first.find(A + "link").get("href") == "https://course.example.com/course/fundamentals/rapport/"
    assert first.findtext(A + "summary") == "Why trust comes before hope, with Jason's example."
    assert entries[4].findtext(A + "title") == "New episode E204: Sales Negotiations with Kwame Christian"
    assert entries[4].findtext(A + "updated") == "2024-01-08T00:00:00+00:00"
    ids = [entry.findtext(A + "id") for entry in entries]
    assert len(set(ids)) == 6 and all(i.startswith("urn:uuid:") for i in ids)


def test_feed_ids_are_the_same_on_every_build_and_links_relative_without_a_site_url():
    first, second = atom_feed(catalogue(), HISTORY), atom_feed(catalogue(), HISTORY)
    assert first == second
    feed = ET.fromstring(first)
    assert feed.findtext(A + "id").startswith("urn:uuid:")
    assert feed.find(A + "entry").find(A + "link").get("href") == "course/fundamentals/rapport/"


def test_each_page_gets_the_date_its_source_last_changed():
    dates = page_dates(catalogue(), HISTORY, "docs/site")
    assert dates["course/fundamentals/rapport.md"] == dt.date(2026, 3, 9)
    assert dates["course/fundamentals/index.md"] == dt.date(2026, 3, 5)  # its quiz changed after the module file
    assert dates["episodes/e204.md"] == dt.date(2026, 3, 1)
    assert dates["index.md"] == dt.date(2026, 3, 3) and dates["guide/index.md"] == dt.date(2026, 3, 2)
    assert "episodes/e100.md" not in dates  # never committed: no date rather than a wrong one


def test_the_last_updated_line_is_machine_readable():
    assert last_updated_html(dt.date(2026, 11, 25)) == 'Last updated <time datetime="2026-11-25">2026-11-25</time>'


def test_a_module_change_is_listed_unless_its_own_lesson_or_quiz_already_tells_it():
    history = History(changes=(
        change("content/course/modules/fundamentals.yml", "modified", 8, "Fundamentals: a clearer objective", "e"),
        change("content/course/modules/fundamentals.yml", "modified", 7, "Add the rapport lesson", "d"),
        change("content/course/lessons/rapport.md", "added", 7, "Add the rapport lesson", "d"),
    ))
    found = [(u.kind, u.status) for u in updates(catalogue(), history) if u.kind != "episode"]
    assert found == [("module", "changed"), ("lesson", "new")]


def test_pages_made_from_many_files_take_the_newest_of_their_section():
    generated = ["episodes/index.md", "course/index.md", "course/progress.md", "whats-new.md", "guests/index.md"]
    dates = page_dates(catalogue(), HISTORY, "docs/site", generated)
    assert dates["episodes/index.md"] == dt.date(2026, 3, 1)  # content/episodes/ last changed on 1 March
    assert dates["course/index.md"] == dates["course/progress.md"] == dt.date(2026, 3, 9)  # the rapport lesson
    assert dates["whats-new.md"] == dt.date(2026, 3, 9)
    assert "guests/index.md" not in dates  # no file of content/people/ in this history

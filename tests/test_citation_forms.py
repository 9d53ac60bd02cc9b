"""Every citation-like text in a lesson is a citation or a problem (issue 17): the common ways of
writing one are understood and linked, the others are named with the form to use, and a lesson no
module lists yet is checked all the same."""
from __future__ import annotations

import pytest

from sample import ROOT, copy_site
from generator.load import load_catalogue
from generator.render.course import link_citations


LESSON = "content/course/lessons/silence.md"


@pytest.fixture
def site(tmp_path):
    return copy_site(tmp_path / "site")


def problems_of(site, path):
    return [str(p) for p in load_catalogue(site)[1] if p.path == path]


@pytest.mark.parametrize("written, moment", [
    ("[e204, turn 17]", "#t-17"), ("[Ep 204, turn 17]", "#t-17"), ("[Ep. 204, turns 17-19]", "?turns=17-19#t-17"),
    ("[Episode 204]", ""), ("[E204, t. 18]", "#t-18"), ("[E204 turns 17 to 19]", "?turns=17-19#t-17"),
])
def test_common_ways_of_writing_a_citation_are_understood_and_linked(site, written, moment):
    lesson = site / LESSON
    lesson.write_text(lesson.read_text() + f"\nThe silence after a question is worth waiting out {written}.\n")
    assert problems_of(site, LESSON) == []
    catalogue = load_catalogue(site)[0]
    linked = link_citations(catalogue, "course/objections/silence.md", f"Wait {written}.")
    assert linked == f"Wait [{written[1:-1]}](../../episodes/e204.md{moment})."  # as [E204, ...] is linked


def test_a_citation_the_site_cannot_read_is_named_with_the_form_to_use(site):
    lesson = site / LESSON
    text = lesson.read_text() + "\nWait it out [E204: turn 17], as [post 2010-06-22] says.\n"
    lesson.write_text(text)
    line = text.count("\n")
    assert problems_of(site, LESSON) == [
        f"{LESSON}:{line}: [E204: turn 17] is not a citation the site understands: write [E227, turn 31], "
        "[E227, turns 31-34], [E227] or [post: <slug>]",
        f"{LESSON}:{line}: [post 2010-06-22] is not a citation the site understands: write [E227, turn 31], "
        "[E227, turns 31-34], [E227] or [post: <slug>]"]


def test_a_lesson_no_module_lists_is_checked_too(site):
    draft = "content/course/lessons/draft.md"
    (site / draft).write_text("---\ntitle: A draft\n---\nA claim [E999], another [E204, turn 500], a slip [Ep 204 turn].\n")
    assert problems_of(site, draft) == [
        f"{draft}:1: warning: orphan page: no module lists lesson 'draft' under `lessons:`, so the site does not show it",
        f"{draft}:4: source names episode E999, which is not in content/episodes/",
        f"{draft}:4: " + next(p for p in problems_of(site, draft) if "turn 500" in p).split(":4: ")[1],
        f"{draft}:4: [Ep 204 turn] is not a citation the site understands: write [E227, turn 31], "
        "[E227, turns 31-34], [E227] or [post: <slug>]"]


def test_a_cited_post_reads_as_its_title_and_a_title_is_text_never_markup():
    """A lesson's `[post: <slug>]` linked with the slug as its words read "post: 2025-02-03-if-you-
    have-seen-the-movie-..." (a listener's exploration); it reads as the post's title, escaped."""
    import dataclasses

    import markdown as python_markdown

    catalogue = load_catalogue(ROOT)[0]
    post = catalogue.posts[0]
    linked = link_citations(catalogue, "course/objections/silence.md", f"As [post: {post.slug}] says.")
    assert linked.startswith(f"As [“{post.title}” (blog post)](") and post.slug in linked.split("](", 1)[1]
    hostile = dataclasses.replace(post, title="Close [now](javascript:x) *fast* <b>x</b> & more")
    catalogue = dataclasses.replace(catalogue, posts=(hostile, *catalogue.posts[1:]))
    page = python_markdown.markdown(link_citations(catalogue, "course/objections/silence.md", f"[post: {hostile.slug}]"))
    assert "<b>" not in page and "javascript:" not in page.split('href="', 1)[1].split('"')[0]
    assert "Close [now](javascript:x) *fast* &lt;b&gt;x&lt;/b&gt; &amp; more" in page

"""The category archive importer on the client's page 003 (expectations written from reading it)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.importers.blog_archive import is_image_caption, parse_category_archive

SOURCE = Path(__file__).resolve().parent.parent / "content" / "sources" / "003_08908ba2d80d8205.txt"


@pytest.fixture(scope="module")
def posts():
    result = parse_category_archive(SOURCE.read_text(encoding="utf-8"), "content/sources/003_08908ba2d80d8205.txt")
    assert result.problems == ()
    return result.posts


def test_four_posts_with_titles_and_dates(posts):
    assert [(p.title, p.date) for p in posts] == [
        ("Practice to Win, or You Never Will", dt.date(2011, 2, 9)),
        ("“Please Just Send Me Some Information…”", dt.date(2010, 6, 22)),
        ("Sales Leaders’ GPS", dt.date(2010, 6, 2)),
        ("“I Only Want the Toughest Customers”", dt.date(2010, 4, 29)),
    ]


def test_category_from_the_heading_and_no_author(posts):
    for post in posts:
        assert post.categories == ("negotiations",)
        assert post.author is None
        assert post.source == "content/sources/003_08908ba2d80d8205.txt"


def test_image_captions_are_not_body_text(posts):
    bodies = "\n\n".join(p.body for p in posts)
    for caption in ("a cool picture that didn't load", "Cerebral Iguana", "My Brain at Work"):
        assert caption not in bodies


def test_body_paragraphs_in_order(posts):
    practice, information, gps, toughest = (p.body.split("\n\n") for p in posts)
    assert practice[0] == "Your biggest competition in business is “don’t know”."
    assert practice[1].startswith("If the customer doesn’t know what your product or service can do")
    assert practice[2].startswith("Professional sports teams and performers practice much more")
    assert len(practice) == 5
    # a quotation with its attribution is part of the post, not a caption
    assert "“Sell Your Cleverness and Purchase Bewilderment” – Rumi" in information
    assert len(information) == 13
    assert gps[:3] == ["A personal story:",
                       gps[1],
                       "My lizard brain was on overload!"]
    assert gps[1].startswith("As a young salesperson, I was in a training session at AT&T")
    assert len(gps) == 6
    assert toughest[-1] == "[ The names in this post have been changed to protect the guilty 😉 ]"
    assert len(toughest) == 7


def test_non_breaking_spaces_are_normalised(posts):
    for post in posts:
        assert "\u00a0" not in post.title + post.body
        assert "  " not in post.body
    assert posts[0].title == "Practice to Win, or You Never Will"


@pytest.mark.parametrize("paragraph, caption", [
    ("a cool picture that didn't load", True),
    ("Cerebral Iguana", True),
    ("My Brain at Work", True),
    ("My lizard brain was on overload!", False),
    ("A personal story:", False),
    ("“Sell Your Cleverness and Purchase Bewilderment” – Rumi", False),
    ("[ The names in this post have been changed ]", False),
    ("Interesting perspective but longer than any caption would be here", False),
])
def test_caption_rule(paragraph, caption):
    assert is_image_caption(paragraph) is caption


def test_archive_without_dated_posts_is_an_error():
    result = parse_category_archive("Archive for the ‘x’ Category\n\nNothing here.\n", "x.txt")
    assert result.posts == ()
    assert result.problems[0].severity == "error"

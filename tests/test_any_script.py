"""Titles, names and text in any script render as written (issue 12, defect 7).

An emoji in a title once turned the generated front matter into JSON escapes YAML cannot read,
and the page showed `title: "E204: Sales \\ud83c..."` as a heading while check and build exited 0.
The sample site is built here with emoji, right-to-left text and combining marks in every field a
trainer or an import fills, and each is looked for, as written, in the HTML.
"""
from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest


from sample import copy_site
from generator.build import build_site
from generator.render.page import front_matter

EPISODE_TITLE = "Sales 🎉 Negotiations with Kwame Christian"
SERIES = "Sales Negotiations ☕ مفاوضات"
GUEST = "Dr. Wayne Baker (ד״ר וויין בייקר) 🎙"
LESSON_TITLE = "Silence: que\u0301 pasa? 🤫"  # e + a combining acute accent, kept as written
MODULE_TITLE = "Objections and negotiation — اعتراضات"
POST_TITLE = "The Abundance of Options 🎁 وفرة الخيارات"
QUIZ_PROMPT = "🤔 ما رأيك؟ What might a prospect's silence mean, in Kwame Christian's examples?"
TOPIC = "Referrals 🤝 الإحالات"
SHOW = "The Sales Experience Podcast 🎧"

EDITS = {  # file -> (text as imported, text in another script)
    "content/episodes/e204.yml": [("title: Sales Negotiations with Kwame Christian", f"title: {EPISODE_TITLE}"),
                                  ("  name: Sales Negotiations with Kwame Christian", f"  name: {SERIES}")],
    "content/episodes/e227.yml": [("- Dr. Wayne Baker", f"- {GUEST}"), ("speaker: Dr. Wayne Baker", f"speaker: {GUEST}")],
    "content/people/dr-wayne-baker.yml": [("name: Dr. Wayne Baker", f"name: {GUEST}")],
    "content/course/lessons/silence.md": [("title: Silence", f"title: '{LESSON_TITLE}'")],
    "content/course/modules/objections.yml": [("title: Objections and negotiation", f"title: {MODULE_TITLE}")],
    "content/posts/2025-02-17-the-abundance-of-options.md": [("title: The Abundance of Options",
                                                              f"title: {POST_TITLE}")],
    "quizzes/objections.yml": [("prompt: What might a prospect's silence mean, in Kwame Christian's examples?",
                                f"prompt: {QUIZ_PROMPT}")],
    "content/topics.yml": [("- name: Referrals", f"- name: {TOPIC}")],
    "content/podcast.yml": [("show: The Sales Experience Podcast", f"show: {SHOW}")],
}


def rewrite(root: Path) -> None:
    for name, edits in EDITS.items():
        path = root / name
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text, (name, old)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_site(tmp_path_factory.mktemp("any-script") / "repo")
    rewrite(root)
    check = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(root), "check"],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    problems = build_site(root, root / "site")
    assert [str(p) for p in problems if p.severity == "error"] == []
    return root / "site"


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def h1(page_html: str) -> str:
    (heading,) = re.findall(r"<h1\b[^>]*>(.*?)</h1>", page_html, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", heading)).strip()


def text_of(page_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page_html))


@pytest.mark.parametrize("path, heading, tab", [
    ("episodes/e204", EPISODE_TITLE, f"E204: {EPISODE_TITLE}"),
    ("guests/dr-wayne-baker", GUEST, GUEST),
    ("course/objections/silence", LESSON_TITLE, LESSON_TITLE),
    ("course/objections", MODULE_TITLE, MODULE_TITLE),
    ("blog/2025-02-17-the-abundance-of-options", POST_TITLE, POST_TITLE),
    ("topics/referrals", TOPIC, TOPIC),
])
def test_each_title_is_the_page_heading_and_tab_title_as_written(site, path, heading, tab):
    found = page(site, path)
    assert h1(found) == heading
    assert html.unescape(re.search(r"<title>(.*?)</title>", found, re.S).group(1)).startswith(tab)
    assert "title:" not in text_of(found)  # no front matter shown as text


def test_names_and_prompts_in_any_script_appear_as_written(site):
    assert GUEST in text_of(page(site, "episodes/e227"))  # in the header and as the speaker of turns
    assert QUIZ_PROMPT in text_of(page(site, "course/objections"))
    assert SERIES in text_of(page(site, "episodes/e204"))
    course = re.search(r'data-pc-course="([^"]*)"', page(site, "course/progress")).group(1)
    assert json.loads(html.unescape(course))["show"] == SHOW  # printed on the completion record
    assert f"<title>{SHOW}: what's new</title>" in (site / "feed.xml").read_text(encoding="utf-8")


def test_front_matter_reads_back_as_the_title_for_every_script():
    from mkdocs.utils.meta import get_data

    for title in (EPISODE_TITLE, GUEST, LESSON_TITLE, MODULE_TITLE, "a: b # c", "---", "- x", "\u2028", "'\""):
        body, meta = get_data(front_matter(title) + "# body\n")
        assert (meta, body.strip()) == ({"title": html.escape(title, quote=False)}, "# body"), title

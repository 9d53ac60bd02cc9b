"""Cross-file checks in `podcourse check`: broken links and turns, citation look-alikes, duplicate
lessons, orphan pages, bad front matter in site pages; each as path:line: message."""
import pytest

from sample import copy_site
from generator.cli import main
from generator.links import known_pages
from generator.load import load_catalogue
from generator.render import site_pages
from generator.site_config import read_site_settings


LESSON = "content/course/lessons/silence.md"  # in module 'objections': its page is course/objections/silence.md


@pytest.fixture
def site(tmp_path):
    return copy_site(tmp_path / "site")


def append(site, path, text):
    file = site / path
    original = file.read_text(encoding="utf-8")
    file.write_text(original + text, encoding="utf-8")
    return original.count("\n") + 1  # the line the appended text starts on


def docs_dir_of(site):
    return read_site_settings(site)[0].docs_dir


def shown_dir(site):
    return docs_dir_of(site).relative_to(site).as_posix() + "/"


def problems_in(site):
    return [str(p) for p in load_catalogue(site)[1]]


def test_the_sample_site_has_no_cross_file_problems(site):
    assert problems_in(site) == []


def test_links_between_lessons_episodes_turns_and_quizzes_that_resolve_pass(site):
    line = append(site, LESSON, "\nSee [the moment](../../episodes/e227.md#t-3), [the path](../index.md),\n"
                                "[the quiz](../mindset/index.md#quiz), [E227](../../episodes/e227/),\n"
                                "[what's new](../../whats-new.md) and [the web](https://example.com/x.md).\n"
                                "But [reciprocity](reciprocity.md) is a lesson of another module.\n")
    assert problems_in(site) == [
        f"{LESSON}:{line + 4}: link to reciprocity.md: no such page (course/objections/reciprocity.md is not part "
        "of the site)"]


def test_a_broken_link_and_a_turn_that_does_not_exist_are_reported_with_their_lines(site, capsys):
    line = append(site, LESSON, "\nListen to [turn 99](../../episodes/e227.md#t-99).\n"
                                "Or to [E999](../../episodes/e999.md).\n")
    assert main(["--root", str(site), "check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{LESSON}:{line + 1}: link to ../../episodes/e227.md#t-99: E227 has turns 1-14, no turn 99",
        f"{LESSON}:{line + 2}: link to ../../episodes/e999.md: no such page (episodes/e999.md is not part of the site)",
    ]


def test_a_paragraph_link_must_name_a_paragraph_of_that_turn(site):
    # Read from content/episodes/e227.yml: turn 9 holds 7 paragraphs, turn 6 a single one.
    line = append(site, LESSON, "\nThe criteria: [listed](../../episodes/e227.md#t-9-p2).\n"
                                "[Too far](../../episodes/e227.md#t-9-p8) and [no paragraphs](../../episodes/e227.md#t-6-p1).\n")
    assert problems_in(site) == [
        f"{LESSON}:{line + 2}: link to ../../episodes/e227.md#t-9-p8: turn 9 of E227 has paragraphs 1-7, no paragraph 8",
        f"{LESSON}:{line + 2}: link to ../../episodes/e227.md#t-6-p1: turn 6 of E227 has a single paragraph (link to #t-6), "
        "no paragraph 1",
    ]


def test_a_citation_typed_almost_right_is_caught(site):
    line = append(site, LESSON, "\nAs Jason says [E227 t-31].\n")
    assert problems_in(site) == [f"{LESSON}:{line + 1}: [E227 t-31] is not a citation the site understands: "
                                 "write [E227, turn 31], [E227, turns 31-34], [E227] or [post: <slug>]"]


def test_examples_in_code_and_html_comments_are_not_checked(site):
    append(site, LESSON, "\n```markdown\n[x](../../episodes/e999.md) [E227 t-31]\n```\n"
                         "Inline `[x](nowhere.md)` and <!-- a draft: [x](gone.md)\n[E1 x] -->\n")
    assert problems_in(site) == []


def test_a_lesson_listed_twice_in_a_module_is_a_duplicate_id(site):
    module = site / "content/course/modules/objections.yml"
    module.write_text(module.read_text().replace("  - silence\n", "  - silence\n  - silence\n"))
    assert any(p.endswith("duplicate id 'silence': lesson listed twice in module 'objections'")
               and p.startswith("content/course/modules/objections.yml:11:") for p in problems_in(site))


def test_orphan_lessons_and_modules_are_reported_as_warnings(site, capsys):
    (site / "content/course/lessons/draft.md").write_text("---\ntitle: Draft\n---\nNot listed yet.\n")
    (site / "content/course/modules/later.yml").write_text("title: Later\nobjectives: [x]\n")
    assert main(["--root", str(site), "check"]) == 0  # reported, but a draft does not block a commit
    assert capsys.readouterr().err.splitlines()[:2] == [
        "content/course/lessons/draft.md:1: warning: orphan page: no module lists lesson 'draft' under "
        "`lessons:`, so the site does not show it",
        "content/course/modules/later.yml:1: warning: orphan page: content/course/path.yml does not list "
        "module 'later', so the site does not show it",
    ]


@pytest.mark.parametrize("front, message", [
    ("---\n- a\n- b\n---\n", "docs/site/extra.md:2: front matter must be a mapping of fields (title: ...), not list"),
    ("---\ntitle: [Not, text]\n---\n", "docs/site/extra.md:2: 'title' must be text, got list"),
    ("---\ntitle: ok\nbad: [\n---\n", "docs/site/extra.md:3: invalid YAML"),
])
def test_front_matter_of_the_wrong_type_in_a_site_page(site, front, message):
    page = docs_dir_of(site) / "extra.md"  # docs_dir as mkdocs.yml says
    page.write_text(front + "Body.\n")
    found = problems_in(site)
    assert len(found) == 1 and found[0].startswith(message.replace("docs/site/", shown_dir(site)))


def test_a_site_page_link_to_a_generated_page_is_checked_too(site):
    (docs_dir_of(site) / "extra.md").write_text("[E204](episodes/e204.md#t-2) and [nowhere](episodes/e1.md)\n")
    assert problems_in(site) == [
        f"{shown_dir(site)}extra.md:1: link to episodes/e1.md: no such page (episodes/e1.md is not part of the site)"]


def test_known_pages_match_the_pages_the_site_generates(site):
    catalogue, _ = load_catalogue(site)
    assert {page.path for page in site_pages(catalogue)} == known_pages(catalogue)

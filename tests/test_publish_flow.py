"""The whole publishing flow on a temporary git repository: scaffold, edit, check (catching a broken
link), commit through the pre-commit hook, build as CI does, and find the changes on What's new, in
the feed, on each page's "Last updated" line and, for a changed quiz, on a learner's progress page."""
from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from sample import ROOT
from browser import fresh_browser, static_server
from gitrepo import git_env, trainer_repository

PODCOURSE = str(ROOT / ".venv/bin/podcourse")
ATOM = "{http://www.w3.org/2005/Atom}"
LESSON = "content/course/lessons/first-replies.md"
LESSON_DAY = "2026-12-03T15:00:00+00:00"
QUIZ_DAY = "2026-12-04T09:30:00+00:00"


def run(clone: Path, *command: str, date: str = LESSON_DAY) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=clone, env=git_env(date), capture_output=True, text=True, timeout=300)


PAGES_URL = "https://trainer.example.org/course/"  # what GitLab would put in CI_PAGES_URL


def build_like_ci(clone: Path) -> Path:
    """The script of GitLab's `pages` job, line by line, exactly as the pipeline runs it."""
    pipeline = yaml.safe_load((clone / ".gitlab-ci.yml").read_text())
    job_variables = pipeline["pages"]["variables"]
    assert job_variables == {"PODCOURSE_SITE_URL": "$CI_PAGES_URL"}
    env = {**git_env(LESSON_DAY), "PODCOURSE_SITE_URL": PAGES_URL}
    for line in pipeline["pages"]["script"]:
        done = subprocess.run(["bash", "-c", line], cwd=clone, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{line}\n{done.stderr}"
    return clone / "public"


def quiz_version(site: Path, module: str) -> str:
    page = (site / f"course/{module}/index.html").read_text()
    return re.search(r'data-pc-quiz="%s" data-pc-version="([0-9a-f]+)"' % module, page).group(1)


@pytest.fixture
def clone(tmp_path):
    repo = trainer_repository(tmp_path / "course")
    assert run(repo.path, "git", "config", "core.hooksPath", "hooks").returncode == 0
    return repo.path


def test_scaffold_edit_check_commit_build_and_see_the_change(clone, tmp_path, playwright_driver):
    # Scaffold a lesson into the Objections module, then write it, with a link to a turn that does not exist.
    done = run(clone, PODCOURSE, "new", "lesson", "first-replies", "--module", "objections",
               "--title", "First replies to \"just send me some information\"")
    assert done.returncode == 0, done.stderr
    lesson = clone / LESSON
    text = re.sub(r"For example, a claim backed by .*\n", "Answer the request, then ask what they will look for "
                  "in the information.\n", lesson.read_text())  # the trainer's own words, for the placeholder
    broken = text + "\nHear it in [the episode](../../episodes/e204.md#t-500).\n"
    lesson.write_text(broken)
    broken_line = broken.count("\n")

    done = run(clone, PODCOURSE, "check")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"{LESSON}:{broken_line}: link to ../../episodes/e204.md#t-500: E204 has turns 1-{turn_count(clone, 204)}, "
        "no turn 500"]

    # The hook refuses the commit while the link is broken ...
    run(clone, "git", "add", "content")
    done = run(clone, "git", "commit", "-m", "Objections: first replies")
    assert done.returncode == 1 and f"{LESSON}:{broken_line}: link to" in done.stderr
    assert run(clone, "git", "log", "-1", "--format=%s").stdout.strip() == "The course as the trainer found it"

    # ... and takes it once the link names a real moment.
    lesson.write_text(text + "\nHear it in [the episode](../../episodes/e204.md#t-17).\n")
    run(clone, "git", "add", "content")
    done = run(clone, "git", "commit", "-m", "Objections: a lesson on first replies",
               "--trailer", "Learners: How to answer \"just send me some information\" in your first reply.")
    assert done.returncode == 0 and "content OK" in done.stderr

    site = build_like_ci(clone)
    old_version = quiz_version(site, "objections")

    # A day later, the trainer rewords a quiz question.
    quiz = clone / "quizzes/objections.yml"
    quiz.write_text(quiz.read_text().replace("according to Jason Cutter?", "in Jason Cutter's experience?"))
    run(clone, "git", "add", "quizzes")
    done = run(clone, "git", "commit", "-m", "Objections quiz: reword the question on silence", date=QUIZ_DAY)
    assert done.returncode == 0, done.stderr
    shutil.rmtree(site)
    site = build_like_ci(clone)
    assert quiz_version(site, "objections") != old_version

    # What's new lists both changes, newest first, dated and linked, saying what changed; the
    # trainer's words only where a commit has a Learners: trailer.
    whats_new = (site / "whats-new/index.html").read_text()
    items = re.findall(r'<li class="pc-whats-new__item[^"]*">(.*?)</li>', whats_new, re.S)
    flat = [re.sub(r"\s+", " ", item).strip() for item in items]
    assert flat[0] == ('<time datetime="2026-12-04">2026-12-04</time> · <span class="pc-whats-new__what">Quiz '
                       'updated</span>: <a href="../course/objections/#quiz">Objections and negotiation</a>, '
                       '<span class="pc-whats-new__detail">1 question revised</span>')
    assert flat[1] == ('<time datetime="2026-12-03">2026-12-03</time> · <span class="pc-whats-new__what">New '
                       'lesson</span>: <a href="../course/objections/first-replies/">First replies to '
                       '&#34;just send me some information&#34;</a> <span class="pc-whats-new__note">— How to answer '
                       '&#34;just send me some information&#34; in your first reply.</span>')

    # The feed says the same, as Atom.
    feed = ET.parse(site / "feed.xml").getroot()
    entries = [(e.findtext(ATOM + "title"), e.findtext(ATOM + "updated"), e.find(ATOM + "link").get("href"))
               for e in feed.findall(ATOM + "entry")]
    assert entries[:2] == [
        ("Quiz updated: Objections and negotiation, 1 question revised", "2026-12-04T09:30:00+00:00",
         PAGES_URL + "course/objections/#quiz"),
        ('New lesson: First replies to "just send me some information"', "2026-12-03T15:00:00+00:00",
         PAGES_URL + "course/objections/first-replies/"),
    ]
    assert feed.findtext(ATOM + "updated") == "2026-12-04T09:30:00+00:00"

    # Each page says when it last changed: the module page with its quiz, the lesson, an untouched episode.
    assert last_updated(site / "course/objections/index.html") == "2026-12-04"
    assert last_updated(site / "course/objections/first-replies/index.html") == "2026-12-03"
    assert last_updated(site / "episodes/e204/index.html") == "2026-01-05"
    undated = [p.relative_to(site).as_posix() for p in site.rglob("*.html")
               if p.name != "404.html" and "Last updated <time" not in p.read_text()]
    assert undated == []  # every page, index pages and What's new included

    # A learner who passed the quiz before the change is asked to review it, and told why.
    assert "Review: the quiz has changed since you passed it" in progress_page_text(
        playwright_driver, site, "objections", old_version)


def turn_count(clone: Path, number: int) -> int:
    return len(yaml.safe_load((clone / f"content/episodes/e{number}.yml").read_text())["transcript"])


def last_updated(page: Path) -> str:
    return re.search(r'Last updated <time datetime="([\d-]+)">', page.read_text()).group(1)


def progress_page_text(driver, site: Path, module: str, stored_version: str) -> str:
    """The progress page's text in Chromium, for a learner whose stored result has `stored_version`."""
    stored = {"name": "", "lessons": {}, "quizzes": {module: {
        "version": stored_version, "score": 9, "total": 10, "percent": 90, "passed": True,
        "date": "2026-12-01T10:00:00Z", "attempts": 1}}}
    with static_server(site) as base, fresh_browser(driver) as context:
        page = context.new_page()
        url = f"{base}course/progress/"
        page.goto(url)
        page.evaluate("""stored => localStorage.setItem(
            (typeof __md_scope !== "undefined" ? __md_scope.pathname : "/") + ".podcourse.progress",
            JSON.stringify(stored))""", stored)
        page.goto(url)
        page.wait_for_function("document.body.innerText.includes('the quiz has changed')", timeout=15000)
        return page.inner_text("body")


def test_ci_workflows_check_build_and_publish_with_the_whole_history():
    github = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())
    build = github["jobs"]["build"]["steps"]
    assert [s["run"] for s in build if "run" in s] == ["./run check", "./run build"]
    assert next(s for s in build if s.get("run") == "./run build")["env"] == {
        "PODCOURSE_SITE_URL": "${{ steps.pages.outputs.base_url }}"}
    assert build[0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    assert {"uses": "actions/upload-pages-artifact@v3", "with": {"path": "site"}} in build
    cache = next(s for s in build if s.get("uses") == "actions/cache@v4")  # the last build, for a rebuild
    assert cache["with"]["path"].split() == ["site", "site-index"] and build.index(cache) < build.index(
        next(s for s in build if s.get("run") == "./run build"))
    assert github["jobs"]["deploy"]["steps"][0]["uses"] == "actions/deploy-pages@v4"
    assert github["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())
    assert gitlab["variables"]["GIT_DEPTH"] == 0
    assert gitlab["pages"]["script"][:2] == ["./run check", "./run build"]
    assert gitlab["pages"]["artifacts"] == {"paths": ["public"]}
    assert {"site", "site-index"} <= set(gitlab["cache"]["paths"])
    assert gitlab["pages"]["variables"] == {"PODCOURSE_SITE_URL": "$CI_PAGES_URL"}
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "podcourse-check" and hooks[0]["entry"] == "podcourse check --staged"


def test_a_build_from_a_shallow_clone_still_works_and_warns(clone, tmp_path):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{tmp_path / 'origin.git'}", str(shallow)],
                   check=True, capture_output=True)
    shutil.copytree(clone / ".venv", shallow / ".venv", symlinks=True)
    done = run(shallow, "./run", "build")
    assert done.returncode == 0, done.stderr
    assert "shallow git clone" in done.stderr
    assert "Last updated" not in (shallow / "site/course/objections/index.html").read_text()
    assert (shallow / "site/whats-new/index.html").is_file() and (shallow / "site/feed.xml").is_file()

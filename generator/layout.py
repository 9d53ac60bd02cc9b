"""Where a course repository keeps its content: every folder and file under content/ and quizzes/.

Loading, the import, the scaffolds, the link checks, the placeholders check and What's new (which
reads git history by path) all name content files through this module, so that moving a folder is
one change here and every problem still names the file a trainer opens. Paths are relative to the
repository root, POSIX-style, as problems show them (`content/episodes/e204.yml:12: ...`) and as
git names them; join them to the root with `root / path`. docs/content-format.md describes the
files themselves.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from .model import Person, Post

CONTENT = "content"
PODCAST_FILE = "content/podcast.yml"
"""The show and its host, declared once."""
EPISODES = "content/episodes"
PEOPLE = "content/people"
POSTS = "content/posts"
TOPICS_FILE = "content/topics.yml"
SYNONYMS_FILE = "content/synonyms.yml"
COURSE = "content/course"
PATH_FILE = "content/course/path.yml"
"""The onboarding path: the modules in order."""
MODULES = "content/course/modules"
LESSONS = "content/course/lessons"
QUIZZES = "quizzes"
SOURCES = "content/sources"
"""The raw pages, feeds and transcripts the catalogue was imported from, kept as they came."""
IMPORTED = "content/.imported"
"""What the last import wrote, file for file (the base of its three-way merge with trainers' edits)."""


def episode_file(number: int) -> str:
    """The file of episode `number`, whether or not it exists yet."""
    return f"{EPISODES}/e{number}.yml"


def person_file(person: Person) -> str:
    return f"{PEOPLE}/{person.id}.yml"


def post_file(post: Post) -> str:
    return f"{POSTS}/{post.slug}.md"


def module_file(module_id: str) -> str:
    return f"{MODULES}/{module_id}.yml"


def lesson_file(lesson_id: str) -> str:
    return f"{LESSONS}/{lesson_id}.md"


def quiz_file(module_id: str) -> str:
    return f"{QUIZZES}/{module_id}.yml"


def under_content(path: str) -> str:
    """A content file's path inside content/ ("episodes/e204.yml"): how the import names the files
    it writes, there and in its record of the last import (content/.imported/episodes/e204.yml)."""
    return PurePosixPath(path).relative_to(CONTENT).as_posix()

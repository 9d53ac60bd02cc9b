"""Putting the catalogue on disk: atomic writes, and the model as the files trainers edit.

The file layout and field order are those of docs/content-format.md. Every write goes through
write_atomic, so an interrupted run leaves each file either old or new, never half written.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

import yaml

from . import layout
from .layout import under_content
from .model import Audio, Chapter, Episode, Participant, Person, Post, Turn
from .yaml_source import load_content_yaml, parse_markdown


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a whole file or nothing: temp file in the same folder, fsync, then os.replace over the old one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    descriptor, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as temp:
            temp.write(payload)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, _file_mode(path))
        os.replace(temp_name, path)
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise
    _fsync_directory(path.parent)


STALE_TEMPORARY_AFTER = 600.0
"""Seconds after which write_atomic's temporary file is a leftover of a killed writer, not one writing."""


def remove_stale_temporaries(folder: Path) -> int:
    """Delete write_atomic's temporary files (`.<name>.<random>.tmp`) that a killed import or build
    left under `folder`; returns how many. Young ones may be another writer's, still writing."""
    removed = 0
    now = time.time()
    for path in Path(folder).rglob(".*.tmp"):
        try:
            if (
                _TEMPORARY.fullmatch(path.name)
                and path.is_file()
                and now - path.stat().st_mtime > STALE_TEMPORARY_AFTER
            ):
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
"""The names tempfile.mkstemp gives write_atomic's temporary files."""


def _file_mode(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual rw-r--r-- (minus the umask)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_directory(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


# ---- YAML as trainers want to edit it ----


class _ContentDumper(yaml.SafeDumper):
    """Safe YAML with multi-line text as `|` blocks, so paragraphs stay paragraphs in an editor."""


def _represent_text(dumper: yaml.SafeDumper, text: str):
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_ContentDumper.add_representer(str, _represent_text)


def dump_yaml(data) -> str:
    """YAML text in the field order given; long lines are not folded (one turn, one line in diffs)."""
    return yaml.dump(
        data, Dumper=_ContentDumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=float("inf")
    )


def dump_post(data: dict) -> str:
    """A post file: YAML front matter between `---` lines, then the Markdown body."""
    front = {key: value for key, value in data.items() if key != "body"}
    return f"---\n{dump_yaml(front)}---\n{data.get('body', '').strip()}\n"


def read_post(text: str) -> dict | None:
    """The fields of a post file as written by dump_post (front matter plus 'body'); None if unreadable."""
    markdown, problem = parse_markdown(text, "")
    if problem or markdown.front is None or not isinstance(markdown.front.data, dict):
        return None
    return {**markdown.front.data, "body": markdown.body.strip()}


def read_yaml_mapping(text: str) -> dict | None:
    """A YAML mapping, or None when the text is not one (a broken file is left for `check` to report)."""
    try:
        data = load_content_yaml(text)
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


# ---- the model as file data (docs/content-format.md) ----

# The import writes and merges files by their path inside content/ (generator.importing): these
# are generator.layout's paths, named that way.


def episode_path(episode: Episode) -> str:
    return episode_file(episode.number)


def episode_file(number: int) -> str:
    """The file of episode `number` under content/, whether or not it exists yet."""
    return under_content(layout.episode_file(number))


def person_path(person: Person) -> str:
    return under_content(layout.person_file(person))


def post_path(post: Post) -> str:
    return under_content(layout.post_file(post))


def episode_data(episode: Episode) -> dict:
    """An episode's fields in the documented order; topics start empty (trainers maintain them),
    and `participants` is written only when the transcript has speakers besides host and guests."""
    series = None
    if episode.series:
        series = {"name": episode.series.series, "part": episode.series.part, "parts": episode.series.parts}
    data = {
        "number": episode.number,
        "title": episode.title,
        "date": episode.date,
        "series": series,
        "guests": list(episode.guests),
        "participants": [participant_data(p) for p in episode.participants],
        "topics": list(episode.topics),
        "hook": episode.hook,
        "description": episode.description,
        "quotes": list(episode.quotes),
        "source": episode.source,
        "audio": _audio_data(episode.audio) if episode.audio else None,
        "chapters": [chapter_data(chapter) for chapter in episode.chapters],
        "transcript": [turn_data(turn) for turn in episode.transcript],
    }
    if not episode.participants:  # most episodes have none; their files stay as they were
        del data["participants"]
    if not episode.audio:  # episodes imported from pages have none; their files stay as they were
        del data["audio"]
    if not episode.chapters:
        del data["chapters"]
    return data


EPISODE_FIELDS = (
    "number",
    "title",
    "date",
    "series",
    "guests",
    "participants",
    "topics",
    "hook",
    "description",
    "quotes",
    "source",
    "audio",
    "chapters",
    "transcript",
)
"""The order of an episode file's fields (docs/content-format.md): what episode_data writes."""


def in_episode_order(data: dict) -> dict:
    """The fields in the documented order, any others after them: for a file the import adds a
    field to (chapters, participants) after it was first written."""
    known = {key: data[key] for key in EPISODE_FIELDS if key in data}
    return {**known, **{key: value for key, value in data.items() if key not in known}}


def _audio_data(audio: Audio) -> dict:
    """url and type always; length and duration only when the feed gave them."""
    data: dict[str, str | int] = {"url": audio.url, "type": audio.type}
    if audio.length is not None:
        data["length"] = audio.length
    if audio.duration_seconds is not None:
        data["duration_seconds"] = audio.duration_seconds
    return data


def participant_data(participant: Participant) -> dict:
    data = {"name": participant.name}
    if participant.role:
        data["role"] = participant.role
    return data


def turn_data(turn: Turn) -> dict:
    """speaker, kind (when not speech), start and end (when the source timed it), text."""
    data: dict[str, str | float] = {"speaker": turn.speaker}
    if turn.kind != "speech":
        data["kind"] = turn.kind
    if turn.start is not None:
        data["start"] = _seconds(turn.start)
    if turn.end is not None:
        data["end"] = _seconds(turn.end)
    data["text"] = turn.text
    return data


def chapter_data(chapter: Chapter) -> dict:
    return {"start": _seconds(chapter.start), "title": chapter.title}


def _seconds(value: float) -> int | float:
    """Seconds to the millisecond, whole ones without a ".0" (754, 754.2)."""
    value = round(value, 3)
    return int(value) if value == int(value) else value


def person_data(person: Person) -> dict:
    return {
        "name": person.name,
        "bio": person.bio,
        "links": [{"label": link.label, "url": link.url} for link in person.links],
    }


def post_data(post: Post) -> dict:
    return {
        "title": post.title,
        "date": post.date,
        "author": post.author,
        "categories": list(post.categories),
        "source": post.source,
        "body": post.body,
    }


def podcast_data(show: str, host: Person, labels: tuple[str, ...]) -> dict:
    return {"show": show, "host": {**person_data(host), "labels": list(labels)}}

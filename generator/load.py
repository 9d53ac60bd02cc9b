"""Load content/ into the model and validate all of it at once.

Every problem is collected as a Problem(path, line, message) so a trainer sees the whole list
in one run of `podcourse check`, not one error per run.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from . import layout
from .citation_targets import citation_target_problems
from .claims import course_claims
from .closest import did_you_mean
from .content_reader import ContentReader
from .course import load_course
from .links import link_problems
from .model import (
    AUDIO_TYPES,
    MAX_SECONDS,
    TURN_KINDS,
    Audio,
    Catalogue,
    Chapter,
    Episode,
    Link,
    Participant,
    Person,
    Post,
    Problem,
    SeriesPart,
    Turn,
)
from .quotations import quotation_problems
from .site_config import SiteSettings, read_site_settings
from .synonyms import load_synonyms
from .topics import load_topics
from .yaml_source import YamlDocument

# ---- typed field access: each returns a value or records a problem and returns a default ----


def _text(doc: YamlDocument, problems: list, key: str, *, required: bool = False, at: tuple = ()) -> str:
    data = _at(doc.data, at)
    value = data.get(key)
    if value is None:
        if required:
            problems.append(doc.problem(f"missing required field '{key}'", *at, key))
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        problems.append(doc.problem(f"'{key}' must be text, got {type(value).__name__}", *at, key))
        return ""
    if required and not value.strip():
        problems.append(doc.problem(f"'{key}' must not be empty", *at, key))
    return value.strip()


def _text_list(doc: YamlDocument, problems: list, key: str) -> tuple[str, ...]:
    value = doc.fields.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(doc.problem(f"'{key}' must be a list", key))
        return ()
    items = []
    for index, item in enumerate(value):
        if not isinstance(item, (str, int)) or isinstance(item, bool):
            problems.append(doc.problem(f"'{key}' item {index + 1} must be text", key, index))
            continue
        items.append(str(item).strip())
    return tuple(items)


def _at(data, path: tuple):
    for key in path:
        data = data[key]
    return data


def _date(doc: YamlDocument, problems: list, key: str = "date") -> dt.date | None:
    value = doc.fields.get(key)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.append(doc.problem(f"'{key}' must be a date like 2024-01-08", key))
    return None


def _positive_int(doc: YamlDocument, problems: list, value, *key_path) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.append(doc.problem(f"'{key_path[-1]}' must be a whole number from 1", *key_path))
        return None
    return value


def _links(doc: YamlDocument, problems: list) -> tuple[Link, ...]:
    value = doc.fields.get("links") or []
    if not isinstance(value, list):
        problems.append(doc.problem("'links' must be a list of {label, url}", "links"))
        return ()
    links = []
    for index, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            problems.append(doc.problem("each link needs a 'url' (and a 'label')", "links", index))
            continue
        links.append(Link(str(item.get("label") or item["url"]), item["url"].strip()))
    return tuple(links)


# ---- the content files ----


def _person(doc: YamlDocument, problems: list) -> Person:
    return Person(
        name=_text(doc, problems, "name", required=True), bio=_text(doc, problems, "bio"), links=_links(doc, problems)
    )


def load_podcast(reader: ContentReader) -> tuple[Person, str, tuple[str, ...]]:
    """The show and its host, declared once; the host is never listed as a guest."""
    path = reader.root / layout.PODCAST_FILE
    if not path.exists() and not path.is_symlink():  # a link to nowhere is a file that cannot be read
        reader.problems.append(
            Problem(reader.rel(path), None, "missing: declare the show and its host here (see docs/content-format.md)")
        )
        return Person("Host"), "Podcast", ()
    doc = reader.read_mapping(path)
    if doc is None:
        return Person("Host"), "Podcast", ()
    show = _text(doc, reader.problems, "show", required=True)
    host_data = doc.fields.get("host")
    if not isinstance(host_data, dict):
        reader.problems.append(doc.problem("'host' must be a mapping with at least 'name'", "host"))
        return Person("Host"), show, ()
    host_doc = YamlDocument(
        doc.path, host_data, {k[1:]: v for k, v in doc.lines.items() if k[:1] == ("host",)}, doc.line("host")
    )
    host = _person(host_doc, reader.problems)
    return host, show, _text_list(host_doc, reader.problems, "labels")


def _series(doc: YamlDocument, problems: list) -> SeriesPart | None:
    value = doc.fields.get("series")
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"].strip():
        problems.append(
            doc.problem("'series' must be a mapping with a 'name' (and optional 'part', 'parts')", "series")
        )
        return None
    part = _positive_int(doc, problems, value.get("part"), "series", "part")
    parts = _positive_int(doc, problems, value.get("parts"), "series", "parts")
    if part and parts and part > parts:
        problems.append(doc.problem(f"part {part} is beyond the series' {parts} parts", "series", "part"))
    series = SeriesPart(value["name"].strip(), part, parts)
    if series.id == "index":
        problems.append(
            doc.problem(
                "this series would take series/index/, the page listing every series; add a word to its name",
                "series",
                "name",
            )
        )
    return series


def _participants(doc: YamlDocument, problems: list) -> tuple[Participant, ...]:
    """Other speakers of the episode: each a name, or a mapping {name, role}."""
    value = doc.fields.get("participants")
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(doc.problem("'participants' must be a list of {name, role}", "participants"))
        return ()
    participants = []
    for index, item in enumerate(value):
        participant = _participant(item)
        if participant is None:
            problems.append(
                doc.problem(
                    f"participant {index + 1} needs a 'name' (and an optional 'role'), as text", "participants", index
                )
            )
        else:
            participants.append(participant)
    return tuple(participants)


def _participant(item) -> Participant | None:
    """A participant from `Sam` or `{name: Sam, role: producer}`; None when it is neither."""
    if isinstance(item, str):
        item = {"name": item}
    if not isinstance(item, dict):
        return None
    name, role = item.get("name"), item.get("role") or ""
    if not isinstance(name, str) or not name.strip() or not isinstance(role, str):
        return None
    return Participant(name.strip(), role.strip())


def _transcript(doc: YamlDocument, problems: list) -> tuple[Turn, ...]:
    value = doc.fields.get("transcript")
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(doc.problem("'transcript' must be a list of turns (speaker, text)", "transcript"))
        return ()
    turns = []
    for index, item in enumerate(value):
        where = ("transcript", index)
        if not isinstance(item, dict):
            problems.append(doc.problem(f"turn {index + 1} must be a mapping with 'speaker' and 'text'", *where))
            continue
        speaker, text, kind = item.get("speaker"), item.get("text"), item.get("kind", "speech")
        if not isinstance(speaker, str) or not speaker.strip():
            problems.append(doc.problem(f"turn {index + 1} has no 'speaker'", *where))
            speaker = ""
        if not isinstance(text, str) or not text.strip():
            problems.append(doc.problem(f"turn {index + 1} has no 'text'", *where))
            text = ""
        if kind not in TURN_KINDS:
            problems.append(
                doc.problem(
                    f"turn {index + 1}: unknown kind {kind!r} (use one of {', '.join(TURN_KINDS)})", *where, "kind"
                )
            )
            kind = "speech"
        start, end = _turn_times(doc, problems, item, where)
        turns.append(Turn(speaker.strip(), text.strip(), kind, start, end))
    _check_times_in_order(doc, problems, turns)
    return tuple(turns)


def _seconds(doc: YamlDocument, problems: list, value, what: str, *key_path) -> float | None:
    """An optional moment of the recording, in seconds from its start (a number from 0)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < MAX_SECONDS:
        problems.append(
            doc.problem(f"{what} must be seconds into the recording, a number from 0 (e.g. 754.2)", *key_path)
        )
        return None
    return float(value)


def _turn_times(doc: YamlDocument, problems: list, item: dict, where: tuple) -> tuple[float | None, float | None]:
    """A turn's optional start and end; an end before its start is refused (the player would seek backwards)."""
    number = where[-1] + 1
    start = _seconds(doc, problems, item.get("start"), f"turn {number}: 'start'", *where, "start")
    end = _seconds(doc, problems, item.get("end"), f"turn {number}: 'end'", *where, "end")
    if start is not None and end is not None and end < start:
        problems.append(doc.problem(f"turn {number} ends ({end:g} s) before it starts ({start:g} s)", *where, "end"))
        end = None
    return start, end


def _check_times_in_order(doc: YamlDocument, problems: list, turns: list[Turn]) -> None:
    """Turns are in the order they are heard, so their starts never go back in time."""
    previous = None
    for index, turn in enumerate(turns):
        if turn.start is None:
            continue
        if previous is not None and turn.start < previous[1]:
            problems.append(
                doc.problem(
                    f"turn {index + 1} starts at {turn.start:g} s, before turn {previous[0] + 1} ({previous[1]:g} s): "
                    "turns must be in the order they are heard",
                    "transcript",
                    index,
                    "start",
                )
            )
        previous = (index, turn.start)


def _chapters(doc: YamlDocument, problems: list) -> tuple[Chapter, ...]:
    """The recording's chapters: a list of {start, title}, in order of start."""
    value = doc.fields.get("chapters")
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(doc.problem("'chapters' must be a list of {start, title}", "chapters"))
        return ()
    chapters: list[Chapter] = []
    for index, item in enumerate(value):
        where = ("chapters", index)
        if not isinstance(item, dict) or not isinstance(item.get("title"), str) or not item["title"].strip():
            problems.append(doc.problem(f"chapter {index + 1} needs a 'title' (text) and a 'start' (seconds)", *where))
            continue
        start = _seconds(doc, problems, item.get("start"), f"chapter {index + 1}: 'start'", *where, "start")
        if start is None:
            if item.get("start") is None:
                problems.append(doc.problem(f"chapter {index + 1} needs a 'start' (seconds)", *where))
            continue
        if chapters and start < chapters[-1].start:
            problems.append(
                doc.problem(
                    f"chapter {index + 1} starts before chapter {len(chapters)}: list chapters in order",
                    *where,
                    "start",
                )
            )
            continue
        chapters.append(Chapter(start, item["title"].strip()))
    return tuple(chapters)


def _audio(doc: YamlDocument, problems: list) -> Audio | None:
    """The episode's recording: an http(s) url, a type a browser's player knows, and optional sizes;
    anything else is refused so the page never offers a player that cannot play."""
    value = doc.fields.get("audio")
    if value is None:
        return None
    if not isinstance(value, dict):
        problems.append(
            doc.problem(
                "'audio' must be a mapping with 'url' and 'type' (and optional 'length', 'duration_seconds')", "audio"
            )
        )
        return None
    url, kind = value.get("url"), value.get("type")
    found = len(problems)
    if (
        not isinstance(url, str)
        or not url.strip().lower().startswith(("https://", "http://"))
        or any(c.isspace() for c in url.strip())
    ):
        problems.append(doc.problem("'url' must be the audio file's https:// (or http://) address", "audio", "url"))
    if kind not in AUDIO_TYPES:
        problems.append(doc.problem(f"'type' must be one of {', '.join(AUDIO_TYPES)}; got {kind!r}", "audio", "type"))
    length = _whole_number(doc, problems, value.get("length"), "audio", "length")
    duration = _whole_number(doc, problems, value.get("duration_seconds"), "audio", "duration_seconds")
    if len(problems) > found or not isinstance(url, str) or not isinstance(kind, str):  # (both noted above)
        return None
    return Audio(url.strip(), kind, length, duration)


def _whole_number(doc: YamlDocument, problems: list, value, *key_path) -> int | None:
    """An optional count (bytes, seconds): a whole number from 0."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problems.append(doc.problem(f"'{key_path[-1]}' must be a whole number from 0", *key_path))
        return None
    return value


def load_episode(doc: YamlDocument, problems: list) -> Episode | None:
    number = doc.fields.get("number")
    if isinstance(number, bool) or not isinstance(number, int) or number < 0:
        problems.append(doc.problem("'number' must be the episode number, e.g. 204", "number"))
        return None
    title = _text(doc, problems, "title", required=True)
    date = _date(doc, problems)
    if date is None:
        return None
    return Episode(
        number=number,
        title=title,
        date=date,
        series=_series(doc, problems),
        guests=_text_list(doc, problems, "guests"),
        participants=_participants(doc, problems),
        hook=_text(doc, problems, "hook"),
        description=_text(doc, problems, "description"),
        quotes=_text_list(doc, problems, "quotes"),
        topics=_text_list(doc, problems, "topics"),
        transcript=_transcript(doc, problems),
        source=_text(doc, problems, "source"),
        audio=_audio(doc, problems),
        chapters=_chapters(doc, problems),
    )


def load_post(reader: ContentReader, path: Path) -> tuple[Post, YamlDocument] | None:
    """A post and its front matter (for the lines of later checks), or None once its problems are noted."""
    markdown = reader.read_markdown(path)
    if markdown is None:
        return None
    rel, doc, body = reader.rel(path), markdown.front, markdown.body
    if doc is None:
        reader.problems.append(
            Problem(rel, 1, "a post starts with front matter between '---' lines (title, date, author, categories)")
        )
        return None
    if not isinstance(doc.data, dict):
        reader.problems.append(Problem(rel, 2, "front matter must be a mapping of fields"))
        return None
    title = _text(doc, reader.problems, "title", required=True)
    date = _date(doc, reader.problems)
    author = _text(doc, reader.problems, "author") or None
    categories = _text_list(doc, reader.problems, "categories")
    if date is None:
        return None
    return Post(
        title=title,
        date=date,
        body=body.strip(),
        author=author,
        categories=categories,
        source=_text(doc, reader.problems, "source"),
    ), doc


def _check_references(reader: ContentReader, host: Person, docs: dict[int, YamlDocument], episodes, people) -> None:
    """Cross-file checks: every guest has a person file, every speaker is a known person or one
    of the episode's participants."""
    known = {p.name for p in people} | {host.name}
    for episode in episodes:
        doc = docs[episode.number]
        for index, guest in enumerate(episode.guests):
            if guest == host.name:
                reader.problems.append(
                    doc.problem(f"{guest} is the host, declared in {layout.PODCAST_FILE}; not a guest", "guests", index)
                )
            elif guest not in known:
                reader.problems.append(
                    doc.problem(
                        f"unknown guest {guest!r}: add {layout.PEOPLE}/<name>.yml"
                        f"{did_you_mean(guest, known - {host.name})}",
                        "guests",
                        index,
                    )
                )
        speakers = known | {p.name for p in episode.participants}
        for index, turn in enumerate(episode.transcript):
            if turn.speaker and turn.speaker not in speakers:
                reader.problems.append(
                    doc.problem(
                        f"turn {index + 1}: unknown speaker {turn.speaker!r}: "
                        "neither the host, a guest nor a participant; correct the name, "
                        f"or add it to the episode's participants{did_you_mean(turn.speaker, speakers)}",
                        "transcript",
                        index,
                        "speaker",
                    )
                )


def _check_episode_topics(reader: ContentReader, docs: dict[int, YamlDocument], episodes, topics) -> None:
    """An episode's topics name topics declared in content/topics.yml, so topic facets and pages agree."""
    if not topics:
        return
    declared = {topic.name for topic in topics}
    for episode in episodes:
        for index, name in enumerate(episode.topics):
            if name not in declared:
                reader.problems.append(
                    docs[episode.number].problem(
                        f"topic {name!r} is not declared in {layout.TOPICS_FILE}{did_you_mean(name, declared)}",
                        "topics",
                        index,
                        severity="warning",
                    )
                )


def _load_episodes(reader: ContentReader) -> tuple[list[Episode], dict[int, YamlDocument], dict[str, int | None]]:
    """The episodes, the document of each (by number), and the files that did not load, each with
    the number it is for (their echoes elsewhere are left out: _without_echoes)."""
    episodes: list[Episode] = []
    docs: dict[int, YamlDocument] = {}
    unread: dict[str, int | None] = {}
    for path in reader.files(layout.EPISODES, "*.yml"):
        doc = reader.read_mapping(path)
        episode = load_episode(doc, reader.problems) if doc else None
        if doc is None or episode is None:
            unread[reader.rel(path)] = _episode_number_of(path)
            continue
        if episode.number in docs:
            reader.problems.append(
                doc.problem(f"episode number {episode.number} is also claimed by {docs[episode.number].path}", "number")
            )
            continue
        docs[episode.number] = doc
        episodes.append(episode)
    return episodes, docs, unread


def _load_people(reader: ContentReader) -> list[Person]:
    people: dict[str, Person] = {}
    pages: dict[str, tuple[str, str]] = {}  # guest page id -> (name, where it is declared)
    for path in reader.files(layout.PEOPLE, "*.yml"):
        doc = reader.read_mapping(path)
        if doc is None:
            continue
        person = _person(doc, reader.problems)
        if person.name in people:
            reader.problems.append(doc.problem(f"{person.name} is declared twice", "name"))
        elif person.name:
            clash = _guest_page_clash(person, pages)
            if clash:  # an error, so no build; the person stays known, so episodes naming them don't fail too
                reader.problems.append(doc.problem(clash, "name"))
            people[person.name] = person
            pages.setdefault(person.id, (person.name, f"{doc.path}:{doc.line('name')}"))
    return list(people.values())


def _guest_page_clash(person: Person, pages: dict[str, tuple[str, str]]) -> str | None:
    """Why this person's guest page (guests/<id>/) would be another page's, which the build refuses."""
    if person.id == "index":
        return f"{person.name!r} would take guests/index/, the page listing every guest; add a letter to the name"
    if person.id in pages:
        other, where = pages[person.id]
        return (
            f"{person.name!r} and {other!r} ({where}) would share the guest page guests/{person.id}/: "
            "names must differ in more than punctuation, case or accents"
        )
    return None


def _check_post_pages(reader: ContentReader, posts: list[tuple[Post, YamlDocument]]) -> list[Post]:
    """Two posts of one date whose titles differ only in punctuation would share blog/<slug>/."""
    kept: dict[str, YamlDocument] = {}
    for post, doc in posts:
        if post.slug in kept:
            reader.problems.append(
                doc.problem(
                    f"this post and {kept[post.slug].path} would share the page blog/{post.slug}/ (same date, "
                    "titles alike but for punctuation or case); change a title",
                    "title",
                )
            )
            continue
        kept[post.slug] = doc
    return [post for post, doc in posts if kept[post.slug] is doc]


def load_catalogue(root: Path, site: SiteSettings | None = None) -> tuple[Catalogue, list[Problem]]:
    """Read and validate everything under content/; the catalogue is usable only without errors.

    `site` is what mkdocs.yml says (the hand-written pages' folder, whose links are checked too),
    read from the repository when the caller has not read it already; its own problems are the
    caller's to report (`podcourse check` does)."""
    if site is None:
        site, _ = read_site_settings(root)
    reader = ContentReader(Path(root))
    host, show, labels = load_podcast(reader)
    people = _load_people(reader)
    episodes, docs, unread = _load_episodes(reader)
    posts = _check_post_pages(
        reader, list(filter(None, (load_post(reader, path) for path in reader.files(layout.POSTS, "*.md"))))
    )
    _check_references(reader, host, docs, episodes, people)
    catalogue = Catalogue(
        host=host,
        show_title=show,
        episodes=tuple(sorted(episodes, key=lambda e: e.number)),
        people=tuple(sorted(people, key=lambda p: p.name)),
        posts=tuple(sorted(posts, key=lambda p: (p.date, p.title), reverse=True)),
        host_labels=labels,
    )
    modules, course_problems = load_course(reader.root, catalogue)  # the course cites the catalogue
    topics, topic_problems = load_topics(reader.root)
    synonyms, synonym_problems = load_synonyms(reader.root)
    _check_episode_topics(reader, docs, episodes, topics)
    catalogue = replace(catalogue, modules=modules, topics=topics, synonyms=synonyms)
    problems = reader.problems + course_problems + topic_problems + synonym_problems
    problems += link_problems(reader.root, catalogue, site.docs_dir)
    claims = course_claims(reader.root, catalogue)  # does the course say what its sources say?
    problems += quotation_problems(claims, catalogue) + citation_target_problems(claims, catalogue)
    return catalogue, _without_echoes(problems, unread)


def _episode_number_of(path: Path) -> int | None:
    """The number an episode file is for, from its name (e204.yml) or its `number:` line, when
    the file itself cannot be read or loaded."""
    named = re.fullmatch(r"e(\d+)", path.stem, re.IGNORECASE)
    if named:
        return int(named.group(1))
    try:
        declared = re.search(r"^number:\s*(\d+)\s*$", path.read_text(encoding="utf-8", errors="replace"), re.MULTILINE)
    except OSError:
        return None
    return int(declared.group(1)) if declared else None


def _without_echoes(problems: list[Problem], unread: dict[str, int | None]) -> list[Problem]:
    """Problems that only repeat that an episode file could not be read ("source names episode
    E204, which is not in content/episodes/" in every lesson citing it) are left out; the file's
    own problem says how many, so the trainer fixes the one file first."""
    kept, echoes = [], {path: 0 for path in unread}
    by_number = {number: path for path, number in unread.items() if number is not None}
    for problem in problems:
        echoed = _echoed_episode(problem.message)
        if echoed in by_number and problem.path != by_number[echoed]:
            echoes[by_number[echoed]] += 1
            continue
        kept.append(problem)
    for path, count in echoes.items():
        if count:
            notice = Problem(
                path,
                None,
                f"{count} problem{'s' if count != 1 else ''} elsewhere (citations of, and links "
                f"to, E{unread[path]}) follow from this file not being read and are not shown; "
                "fix this file first",
                "notice",
            )
            last = max((n for n, problem in enumerate(kept) if problem.path == path), default=len(kept) - 1)
            kept.insert(last + 1, notice)
    return kept


_MISSING_EPISODE = re.compile(
    rf"source names episode E(\d+), which is not in {re.escape(layout.EPISODES)}/|"
    r"link to \S*episodes/e(\d+)(?:\.md|/)\S*: no such page"
)


def _echoed_episode(message: str) -> int | None:
    found = _MISSING_EPISODE.search(message)
    return int(found.group(1) or found.group(2)) if found else None


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]

"""`podcourse import`: read source pages, turn them into catalogue files, and keep trainers' edits.

Two passes, as elsewhere in podcourse: first every source is read and parsed (a bad one gets a
Problem and contributes nothing), then the catalogue files are merged and written.

Re-importing never loses an edit. content/.imported/ holds what the last import produced, file
for file: the common base of a three-way merge. Per field (and per transcript turn when the
number of turns is unchanged): untouched by the trainer -> the new import wins; edited by the
trainer and unchanged in the source -> the edit stays; changed on both sides -> the edit stays
and the import says so. Files whose content would not change are not rewritten.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from . import layout
from .content_reader import read_text_file, read_yaml_file
from .fetch import fetch, is_web_address
from .importers import parse_source
from .importers.turns import participant_problems, participants_of, turns_from_cues
from .model import Cue, Episode, ImportResult, Link, LinkedFile, Person, Post, Problem
from .store import (
    chapter_data,
    dump_post,
    dump_yaml,
    episode_data,
    episode_file,
    episode_path,
    in_episode_order,
    participant_data,
    person_data,
    person_path,
    podcast_data,
    post_data,
    post_path,
    read_post,
    read_yaml_mapping,
    remove_stale_temporaries,
    turn_data,
    write_atomic,
)
from .yaml_source import CONTROL_CHARACTERS, parse_markdown, parse_yaml

CONTENT, SOURCES, IMPORTED = (PurePosixPath(folder) for folder in (layout.CONTENT, layout.SOURCES, layout.IMPORTED))
"""generator.layout's folders of the import, as paths to join a content file's path to."""

MAX_SOURCE_BYTES = 20 * 1024 * 1024
"""A source larger than this is refused before it is parsed: a back catalogue's feed is a few MB,
and a file many times that is a mistake (or an attack) that would only eat memory."""

DEFAULT_SHOW = "The Sales Experience Podcast"
DEFAULT_HOST = Person("Jason Cutter")
DEFAULT_HOST_LABELS = ("Jason",)


@dataclass(frozen=True)
class SourcePage:
    """One source file that read and parsed cleanly, waiting to be written."""

    path: Path | None  # as given on the command line (or found next to a feed); None when fetched
    shown: str  # how problems name it
    stored_as: str  # repository path under content/sources/
    raw: bytes
    result: ImportResult


@dataclass(frozen=True)
class FileFormat:
    """How one kind of catalogue file is written and read back for merging."""

    dump: Callable[[dict], str]
    read: Callable[[str], dict | None]


YAML_FILE = FileFormat(dump_yaml, read_yaml_mapping)
POST_FILE = FileFormat(dump_post, read_post)


def import_sources(
    paths: list[Path], root: Path, fetch_links: bool = False, written: list[tuple[str, str]] | None = None
) -> list[Problem]:
    """Import sources into root/content; returns every problem (errors mean a non-zero exit).

    written: if given, gets (what was done, path) for each catalogue file the import looked at:
    "added", "updated", "kept your edits in" (merged) or "unchanged", for the trainer to read.

    fetch_links: read the transcripts and chapters a feed links by http(s) address from the web
    (`import --fetch`); without it only files next to the feed, and copies fetched before, are read.
    """
    root = Path(root)
    problems: list[Problem] = []
    remove_stale_temporaries(root / CONTENT)  # a killed import's half-written files
    host, labels, podcast_problems = ensure_podcast(root)
    problems += podcast_problems
    if any(p.severity == "error" for p in podcast_problems):
        return problems

    pages: list[SourcePage] = []
    for path in _unique_paths(paths):
        page, page_problems = read_source_page(Path(path), root, host, labels)
        problems += page_problems
        if page:
            pages.append(page)
    pages, claim_problems, copies = drop_conflicting_episode_claims(pages, root)
    problems += claim_problems
    catalogue_pages = [page for page in pages if not is_for_an_episode(page.result)]
    episode_files, file_problems = read_episode_files(pages, catalogue_pages, root, host, labels, fetch_links)
    problems += file_problems

    stored, stored_files = [], []
    for page in catalogue_pages:
        copy_problems = store_source_copy(page, root)
        problems += copy_problems
        if not copy_problems:
            stored.append(page)
    for episode_file_read in episode_files:
        copy_problems = store_source_copy(episode_file_read.page, root)
        problems += copy_problems
        if not copy_problems:
            stored_files.append(episode_file_read)
    planned = plan_catalogue_files(stored, root)
    planned = with_recordings(planned, [e for e in copies if e.audio or e.chapters], root)
    planned, attach_problems = with_episode_files(planned, stored_files, root, host, labels)
    problems += attach_problems
    for relative, data, file_format in planned:
        done, file_problems = merge_and_write(root, relative, data, file_format)
        problems += file_problems
        if written is not None and done:
            written.append((done, (CONTENT / relative).as_posix()))
    return problems


# ---- pass 1: reading sources ----


def _unique_paths(paths: list[Path]) -> list[Path]:
    """Each source once, in a stable order (so which page "first" shows a shared post is deterministic)."""
    seen: dict[Path, Path] = {}
    for path in sorted((Path(p) for p in paths), key=lambda p: (p.name, str(p))):
        seen.setdefault(_resolved(path), path)
    return list(seen.values())


def _resolved(path: Path) -> Path:
    """The real path; a symlink loop has none, so it stands for itself (reading it then says why)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError("Symlink loop ...")
        return path.absolute()


def decode_source(raw: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """Page text from bytes: UTF-8, or Windows-1252 with a warning; empty and binary files are refused."""
    if not raw.strip():
        return None, [Problem(shown, None, "empty file: nothing to import")]
    if b"\x00" in raw:
        return None, [Problem(shown, None, "binary file (contains NUL bytes), not a text page; not imported")]
    try:
        return _without_control_characters(raw.decode("utf-8-sig"), shown, [])
    except UnicodeDecodeError as error:
        where = f"byte 0x{raw[error.start]:02x} at offset {error.start}"
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None, [Problem(shown, None, f"not UTF-8 text ({where}) and not Windows-1252 either; not imported")]
    return _without_control_characters(
        text,
        shown,
        [
            Problem(
                shown,
                None,
                f"not UTF-8 ({where}); read it as Windows-1252: check quotes and accented letters",
                "warning",
            )
        ],
    )


def _without_control_characters(text: str, shown: str, problems: list[Problem]) -> tuple[str, list[Problem]]:
    """Control characters (a form feed, an escape) become spaces: no page shows them, and check
    refuses them in content files, so what import writes still passes check."""
    found = len(CONTROL_CHARACTERS.findall(text))
    if found:
        text = CONTROL_CHARACTERS.sub(" ", text)
        problems.append(Problem(shown, None, f"{found} control character(s) replaced by spaces", "warning"))
    return text, problems


def read_source_page(
    path: Path, root: Path, host: Person, labels: tuple[str, ...]
) -> tuple[SourcePage | None, list[Problem]]:
    """Read and parse one source; None (with the reason) when nothing of it may be written."""
    shown = _shown(path, root)
    raw, problems = read_limited(path, shown)
    if raw is None:
        return None, problems
    return parsed_page(path, shown, _stored_name(path, root), raw, host, labels)


def read_limited(path: Path, shown: str) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, never more than MAX_SOURCE_BYTES of them in memory; None with the reason."""
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_SOURCE_BYTES + 1)
    except OSError as error:
        return None, [Problem(shown, None, f"cannot read: {error.strerror or error}")]
    if len(raw) > MAX_SOURCE_BYTES:
        return None, [_too_large(shown)]
    return raw, []


def _too_large(shown: str) -> Problem:
    return Problem(
        shown,
        1,
        f"larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MB: not a page, feed or transcript "
        "this import reads; nothing imported from it",
    )


def parsed_page(
    path: Path | None, shown: str, stored_as: str, raw: bytes, host: Person, labels: tuple[str, ...]
) -> tuple[SourcePage | None, list[Problem]]:
    """The source's bytes decoded and parsed by the importer that recognises them; None on an error."""
    text, problems = decode_source(raw, shown)
    if text is None:
        return None, problems
    if not text.strip():
        return None, problems + [Problem(shown, None, "empty file: only whitespace")]
    result = parse_source(text, stored_as, host, labels)
    # Problems from the importer name the stored source; show the file as the trainer gave it.
    problems += [Problem(shown, p.line, p.message, p.severity) for p in result.problems]
    if any(p.severity == "error" for p in result.problems):
        return None, problems
    return SourcePage(path, shown, stored_as, raw, result), problems


def _shown(path: Path, root: Path) -> str:
    try:
        return _resolved(path).relative_to(_resolved(root)).as_posix()
    except ValueError:
        return str(path)


def _stored_name(path: Path, root: Path) -> str:
    """The repository path of the source once copied into content/sources/."""
    try:
        inside = _resolved(path).relative_to(_resolved(root / SOURCES))
    except ValueError:
        return (SOURCES / path.name).as_posix()
    return (SOURCES / inside).as_posix()


def drop_conflicting_episode_claims(
    pages: list[SourcePage], root: Path
) -> tuple[list[SourcePage], list[Problem], list[Episode]]:
    """Two sources claiming one episode number with different titles: an error naming both; neither is imported.
    A second source of the same episode (a feed repeating a page's) is left out; its copies are returned,
    for the recording a feed has and a page does not (with_recordings)."""
    problems: list[Problem] = []
    bad: set[str] = set()
    repeated: set[tuple[str, int]] = set()  # (source, number): an episode another source already gave
    claims: dict[int, tuple[str, str]] = {}  # number -> (source, title) of the first claim
    for page in pages:
        for episode in page.result.episodes:
            earlier = claims.get(episode.number) or _earlier_import(root, episode)
            if earlier is None:
                claims[episode.number] = (page.stored_as, episode.title)
                continue
            other_source, other_title = earlier
            if other_source == page.stored_as:
                continue
            if other_title == episode.title:
                recording = " (its audio and chapters are added to it)" if episode.audio or episode.chapters else ""
                problems.append(
                    Problem(
                        page.shown,
                        None,
                        f"{episode.code} was already imported from {other_source}; this copy is ignored{recording}",
                        "notice" if recording else "warning",
                    )
                )
                repeated.add((page.stored_as, episode.number))
            else:
                problems.append(
                    Problem(
                        page.shown,
                        None,
                        f"{episode.code} is claimed by two sources with different titles: "
                        f"{page.stored_as} ({episode.title!r}) and {other_source} ({other_title!r}); not imported",
                    )
                )
                bad.update({page.stored_as, other_source})
    kept = [_without_episodes(p, repeated) for p in pages if p.stored_as not in bad]
    emptied = {source for source, _ in repeated}
    copies = [
        e for p in pages if p.stored_as not in bad for e in p.result.episodes if (p.stored_as, e.number) in repeated
    ]
    return [p for p in kept if p.result.episodes or p.stored_as not in emptied], problems, copies


def with_recordings(
    planned: list[tuple[str, dict, FileFormat]], recorded: list[Episode], root: Path
) -> list[tuple[str, dict, FileFormat]]:
    """A feed's audio and chapters for episodes another source gave (a page, imported now or
    before): the page's words stay, the feed adds what pages never have, and the merge keeps any
    audio a trainer set by hand."""
    by_path = {relative: n for n, (relative, _, _) in enumerate(planned)}
    planned = list(planned)
    for episode in recorded:
        relative = episode_path(episode)
        if relative in by_path:
            n = by_path[relative]
            data = planned[n][1]
            if data.get("source") == episode.source:
                continue  # the feed's own episode: it carries its recording already
        else:
            imported = _imported_record(root, relative)
            if imported is None:
                continue  # not imported by anyone: nothing to add to
            data = imported
        recording = {key: value for key, value in episode_data(episode).items() if key in ("audio", "chapters")}
        data = in_episode_order({**data, **{k: v for k, v in recording.items() if k not in data}})
        if relative in by_path:
            planned[by_path[relative]] = (relative, data, YAML_FILE)
        else:
            by_path[relative] = len(planned)
            planned.append((relative, data, YAML_FILE))
    return planned


def _without_episodes(page: SourcePage, repeated: set[tuple[str, int]]) -> SourcePage:
    """The page without the episodes another source already gave: a feed repeating one page's
    episode still brings its others; their guests stay, so every guest named has a person file."""
    episodes = tuple(e for e in page.result.episodes if (page.stored_as, e.number) not in repeated)
    if len(episodes) == len(page.result.episodes):
        return page
    named = {name for e in episodes for name in e.guests}
    people = tuple(p for p in page.result.people if p.name in named)
    return replace(page, result=replace(page.result, episodes=episodes, people=people))


def _earlier_import(root: Path, episode: Episode) -> tuple[str, str] | None:
    """(source, title) of this episode number as a previous import recorded it, if from another source."""
    data = _imported_record(root, episode_path(episode))
    if not data or data.get("source") == episode.source:
        return None
    return str(data.get("source")), str(data.get("title"))


def store_source_copy(page: SourcePage, root: Path) -> list[Problem]:
    """Keep the raw page in content/sources/ (never edited); refuse to overwrite a different file of that name,
    except a fetched file's copy (path None), which a new fetch brings up to date."""
    target = root / page.stored_as
    if target.exists() and page.path is not None and target.resolve() == page.path.resolve():
        return []
    if target.exists():
        if target.read_bytes() == page.raw:
            return []
        if page.path is not None:
            return [
                Problem(
                    page.shown,
                    None,
                    f"{target.relative_to(root).as_posix()} already holds a different file; "
                    "rename the source and import again",
                )
            ]
    try:
        write_atomic(target, page.raw)
    except OSError as error:
        return [Problem(page.shown, None, f"cannot copy into {SOURCES.as_posix()}/: {error.strerror or error}")]
    return []


# ---- transcripts and chapters: files for one episode ----


@dataclass(frozen=True)
class EpisodeFile:
    """A transcript or chapters file read for one episode, waiting to be written into it."""

    number: int
    page: SourcePage  # its result holds cues or chapters


def is_for_an_episode(result: ImportResult) -> bool:
    """A transcript or chapters file: it adds to an episode rather than giving one."""
    return bool(result.cues or result.chapters) and not result.episodes


_NAMED_NUMBER = re.compile(r"(?:^|[^a-z0-9])(?:e|ep|episode)[ ._-]*(\d{1,9})(?!\d)", re.IGNORECASE)


def episode_number_in_name(name: str) -> int | None:
    """The episode a transcript's file name gives: "e204.vtt", "E204 - Kwame.srt", "episode-204.json",
    or the only number in a name ("204.html"); None when the name says nothing or is ambiguous."""
    stem = name.split(".")[0] if "." in name else name
    named = _NAMED_NUMBER.findall(stem)
    if len(set(named)) == 1:
        return int(named[0])
    numbers = re.findall(r"\d+", stem)
    return int(numbers[0]) if len(numbers) == 1 and len(numbers[0]) <= 9 and not named else None


def read_episode_files(
    pages: list[SourcePage],
    catalogue_pages: list[SourcePage],
    root: Path,
    host: Person,
    labels: tuple[str, ...],
    fetch_links: bool,
) -> tuple[list[EpisodeFile], list[Problem]]:
    """The transcripts and chapters files to add to episodes: those the feeds link (for the
    episodes they give), then those given on the command line (for the episode their name gives)."""
    files: list[EpisodeFile] = []
    problems: list[Problem] = []
    for feed in catalogue_pages:
        numbers = {episode.number for episode in feed.result.episodes}
        for link in feed.result.links:
            if link.episode in numbers:
                page, link_problems = read_linked_file(feed, link, root, host, labels, fetch_links)
                problems += link_problems
                if page:
                    files.append(EpisodeFile(link.episode, page))
    given = {episode.number for page in catalogue_pages for episode in page.result.episodes}
    for page in pages:
        if is_for_an_episode(page.result):
            named = _episode_named(page, given, root)
            if isinstance(named, Problem):
                problems.append(named)
            else:
                files.append(EpisodeFile(named, page))
    return files, problems


def _episode_named(page: SourcePage, given: set[int], root: Path) -> int | Problem:
    """The episode a transcript or chapters file is for, which this import or an earlier one gave."""
    what = "transcript" if page.result.cues else "chapters file"
    number = episode_number_in_name(Path(page.stored_as).name)
    if number is None:
        return Problem(
            page.shown,
            None,
            f"which episode is this {what} for? Name the file after its episode "
            "(e204.vtt, E204 - title.srt, 204.json) and import it again; not imported",
        )
    if number not in given and _imported_record(root, episode_file(number)) is None:
        return Problem(
            page.shown,
            None,
            f"E{number} is not in the catalogue yet: import its page or feed first "
            f"(or with it, in one command); this {what} is not imported",
        )
    return number


def read_linked_file(
    feed: SourcePage, link: LinkedFile, root: Path, host: Person, labels: tuple[str, ...], fetch_links: bool
) -> tuple[SourcePage | None, list[Problem]]:
    """The file an item links, from next to the feed, from the web (fetch_links) or from the copy a
    fetch kept; it must be the kind the link says (a transcript, a chapters file)."""
    where = f"E{link.episode}'s {link.kind} {link.url[:120]!r}"
    if is_web_address(link.url):
        stored_as = fetched_copy_name(feed.stored_as, link)
        copy = root / stored_as
        if fetch_links:
            raw, reason = fetch(link.url, MAX_SOURCE_BYTES)
            if raw is None:
                return None, [Problem(feed.shown, link.line, f"{where}: {reason}; imported without it")]
            path, shown = None, stored_as
        elif copy.is_file():
            path, shown = copy, stored_as
            raw, problems = read_limited(copy, shown)
            if raw is None:
                return None, problems
        else:
            return None, [
                Problem(
                    feed.shown,
                    link.line,
                    f"{where} is on the web: not fetched (import with --fetch to read it); imported without it",
                    "warning",
                )
            ]
    else:
        found = _next_to_feed(feed, link, where)
        if isinstance(found, Problem):
            return None, [found]
        path, relative = found
        stored_as = (PurePosixPath(feed.stored_as).parent / relative).as_posix()
        shown = _shown(path, root)
        raw, problems = read_limited(path, shown)
        if raw is None:
            return None, problems
    page, problems = parsed_page(path, shown, stored_as, raw, host, labels)
    if page is not None and not (page.result.cues if link.kind == "transcript" else page.result.chapters):
        return None, problems + [
            Problem(
                shown,
                None,
                f"linked as {link.kind} of E{link.episode} by {feed.shown}"
                f"{f':{link.line}' if link.line else ''}, but it is not one podcourse reads",
            )
        ]
    return page, problems


def _next_to_feed(feed: SourcePage, link: LinkedFile, where: str) -> tuple[Path, PurePosixPath] | Problem:
    """A linked file given as a path: read only inside the feed's folder, since a feed written by
    someone else must not make the import copy (and publish) any other file of the computer."""
    parsed = urllib.parse.urlsplit(link.url)
    relative = PurePosixPath(urllib.parse.unquote(parsed.path))
    if parsed.scheme or parsed.netloc or relative.is_absolute() or ".." in relative.parts or not relative.name:
        return Problem(
            feed.shown,
            link.line,
            f"{where} is neither an http(s) address nor a path in the feed's folder; imported without it",
        )
    if feed.path is None:
        return Problem(feed.shown, link.line, f"{where}: a fetched feed has no folder to read it from")
    return Path(feed.path).parent / relative, relative


_SUFFIXES = {
    "application/json": ".json",
    "application/json+chapters": ".json",
    "text/vtt": ".vtt",
    "application/x-subrip": ".srt",
    "application/srt": ".srt",
    "text/srt": ".srt",
    "text/html": ".html",
}


def fetched_copy_name(feed_stored_as: str, link: LinkedFile) -> str:
    """Where a fetched file is kept, beside the feed's copy, so a later import without --fetch
    (offline, or in CI) reads the same file: content/sources/feed-files/e204-transcript.vtt."""
    feed = PurePosixPath(feed_stored_as)
    suffix = PurePosixPath(urllib.parse.urlsplit(link.url).path).suffix.lower()
    if suffix not in (".vtt", ".srt", ".json", ".html", ".htm", ".txt"):
        suffix = _SUFFIXES.get(link.type, ".txt")
    return (feed.parent / f"{feed.stem}-files" / f"e{link.episode}-{link.kind}{suffix}").as_posix()


def with_episode_files(
    planned: list[tuple[str, dict, FileFormat]],
    files: list[EpisodeFile],
    root: Path,
    host: Person,
    labels: tuple[str, ...],
) -> tuple[list[tuple[str, dict, FileFormat]], list[Problem]]:
    """The planned files with each episode's transcript and chapters files written into it; an
    episode this import gives without them keeps those an earlier import read (keeping_transcript)."""
    by_path = {relative: (data, file_format) for relative, data, file_format in planned}
    for relative, (data, file_format) in by_path.items():
        if relative.startswith(layout.under_content(layout.EPISODES) + "/"):
            by_path[relative] = (keeping_transcript(data, _imported_record(root, relative)), file_format)
    problems: list[Problem] = []
    for file in files:
        relative = episode_file(file.number)
        if relative not in by_path:
            record = _imported_record(root, relative)
            if record is None:  # its page or feed was not written in this import
                problems.append(
                    Problem(file.page.shown, None, f"E{file.number} was not imported, so neither is this file")
                )
                continue
            by_path[relative] = (record, YAML_FILE)
        data, file_format = by_path[relative]
        if file.page.result.cues:
            data, transcript_problems = with_transcript(
                data, file.page.result.cues, host, labels, file.page.shown, f"E{file.number}"
            )
            problems += transcript_problems
        if file.page.result.chapters:
            data = in_episode_order({**data, "chapters": [chapter_data(c) for c in file.page.result.chapters]})
        by_path[relative] = (data, file_format)
    return [(relative, data, file_format) for relative, (data, file_format) in by_path.items()], problems


def with_transcript(
    data: dict, cues: tuple[Cue, ...], host: Person, labels: tuple[str, ...], shown: str, code: str
) -> tuple[dict, list[Problem]]:
    """The episode's data with the transcript made of the cues: speakers matched to its host,
    guests and participants; a speaker who is none of them added to its participants."""
    guests = [name for name in data.get("guests") or () if isinstance(name, str)]
    participants = [item for item in data.get("participants") or () if _participant_name(item)]
    known = guests + [name for item in participants if (name := _participant_name(item))]
    turns, problems = turns_from_cues(cues, host, labels, known, shown)
    added = participants_of(turns, host, known)
    problems += participant_problems(added, code, shown)
    updated = {**data, "transcript": [turn_data(turn) for turn in turns]}
    if participants or added:
        updated["participants"] = participants + [participant_data(p) for p in added]
    return in_episode_order(updated), problems


def keeping_transcript(data: dict, record: dict | None) -> dict:
    """A source bringing no transcript (a feed item whose file was not read this time) keeps the one
    the last import wrote, with the participants it needs, and no chapters keeps its chapters; one
    bringing the same words without times (an episode page) keeps their times."""
    record = record or {}
    kept = dict(data)
    if not data.get("chapters") and isinstance(record.get("chapters"), list) and record["chapters"]:
        kept["chapters"] = record["chapters"]
    old, new = record.get("transcript"), data.get("transcript") or []
    if (
        isinstance(old, list)
        and old
        and all(isinstance(turn, dict) for turn in old)
        and (not new or (_untimed(new) and not _untimed(old) and _words(new) == _words(old)))
    ):
        kept["transcript"] = old
        names = {_participant_name(item) for item in data.get("participants") or ()}
        missing = [item for item in record.get("participants") or () if _participant_name(item) not in names]
        if missing:
            kept["participants"] = list(data.get("participants") or ()) + missing
    return in_episode_order(kept) if kept != data else data


def _untimed(turns: list) -> bool:
    return not any(isinstance(turn, dict) and ("start" in turn or "end" in turn) for turn in turns)


def _words(turns: list) -> list:
    return [
        (turn.get("speaker"), turn.get("kind", "speech"), turn.get("text")) if isinstance(turn, dict) else turn
        for turn in turns
    ]


def _imported_record(root: Path, relative: str, read=read_yaml_mapping) -> dict | None:
    """A file as the last import wrote it (content/.imported/), when it exists and `read` makes a
    mapping of it; an unreadable one is reported when the file is merged (merge_and_write)."""
    try:
        text = _read_if_exists(root / IMPORTED / relative, "")
    except _Unreadable:
        return None
    return read(text) if text is not None else None


# ---- pass 2: the catalogue files ----


def plan_catalogue_files(pages: list[SourcePage], root: Path | None = None) -> list[tuple[str, dict, FileFormat]]:
    """Every file the sources produce, keyed by path under content/; posts seen on several pages once.

    A guest is combined with what the last import wrote of them (content/.imported/), so a source
    that names them without a bio (a feed) never thins out the bio an episode page gave.
    """
    episodes: list[Episode] = []
    people: dict[str, Person] = {}
    posts: dict[tuple, Post] = {}
    for page in pages:
        episodes += page.result.episodes
        for person in page.result.people:
            known = people.get(person.name) or (_last_imported(root, person) if root is not None else None)
            people[person.name] = _richer(known, person)
        for post in page.result.posts:
            posts.setdefault((post.date, post.title), post)
    planned = [(episode_path(e), episode_data(e), YAML_FILE) for e in episodes]
    planned += [(person_path(p), person_data(p), YAML_FILE) for p in people.values()]
    planned += [(post_path(p), _first_source(root, post_path(p), post_data(p)), POST_FILE) for p in posts.values()]
    return planned


def _first_source(root: Path | None, relative: str, data: dict) -> dict:
    """A post keeps the source it was first imported from: every episode page repeats the blog's
    feed, and importing one new page must not rewrite every post to name it."""
    recorded = _imported_record(root, relative, read_post) if root is not None else None
    if recorded and isinstance(recorded.get("source"), str) and recorded["source"]:
        return {**data, "source": recorded["source"]}
    return data


def _last_imported(root: Path, person: Person) -> Person | None:
    """The person as the last import wrote them, if it did and the record reads as one."""
    data = _imported_record(root, person_path(person))
    if not data or not isinstance(data.get("bio", ""), str) or not isinstance(data.get("links", []), list):
        return None
    links = tuple(
        Link(str(link.get("label", "")), str(link["url"]))
        for link in data.get("links") or ()
        if isinstance(link, dict) and isinstance(link.get("url"), str)
    )
    return Person(person.name, data.get("bio") or "", links)


def _richer(known: Person | None, seen: Person) -> Person:
    """One guest seen on several pages: the longer bio, and every link once."""
    if known is None:
        return seen
    bio = known.bio if len(known.bio) >= len(seen.bio) else seen.bio
    links: dict[str, Link] = {link.url: link for link in known.links}
    for link in seen.links:
        links.setdefault(link.url, link)
    return Person(known.name, bio, tuple(links.values()))


def merge_and_write(root: Path, relative: str, data: dict, file_format: FileFormat) -> tuple[str | None, list[Problem]]:
    """Three-way merge of one file (base = last import, current = trainer's file, new = this import),
    then write; returns what was done to the trainer's file ("added", "updated", "kept your edits
    in", "unchanged"; None when nothing could be) and the problems."""
    current_path, base_path = root / CONTENT / relative, root / IMPORTED / relative
    shown = (CONTENT / relative).as_posix()
    new_text = file_format.dump(data)
    problems: list[Problem] = []
    try:
        current_text = _read_if_exists(current_path, shown)
        base_text = _read_if_exists(base_path, (IMPORTED / relative).as_posix(), _REIMPORT_HINT)
        done = "added" if current_text is None else "updated"
        if current_text is None or current_text == base_text:
            merged_text = new_text  # the trainer has not touched it (or removed it): the import wins
        elif new_text == base_text:
            merged_text = current_text  # the source has not changed: the trainer's file stays as it is
        else:
            merged, problems = merge_texts(shown, base_text, current_text, new_text, file_format)
            if merged is None:
                return None, problems
            merged_text = merged
            done = "kept your edits in"
        if merged_text == current_text:
            done = "unchanged"
        _write_if_changed(current_path, merged_text)
        _write_if_changed(base_path, new_text)
    except _Unreadable as unreadable:
        return None, [*problems, unreadable.problem]
    except OSError as error:
        return None, [
            *problems,
            Problem(shown, None, f"not written: {_failed_file(root, error)}{error.strerror or error}"),
        ]
    return done, problems


def _failed_file(root: Path, error: OSError) -> str:
    """`content/.imported/x.yml: ` when the OS names another file than the one being imported."""
    if not error.filename:
        return ""
    try:
        return f"{Path(error.filename).relative_to(root).as_posix()}: "
    except ValueError:
        return f"{error.filename}: "


def merge_texts(
    shown: str, base_text: str | None, current_text: str, new_text: str, file_format: FileFormat
) -> tuple[str | None, list[Problem]]:
    """Both the trainer and the source changed the file: merge field by field; None if the file is unreadable."""
    current = file_format.read(current_text)
    if current is None:
        return None, [
            Problem(
                shown,
                None,
                "cannot merge the new import: this file is not valid (run `podcourse check`); left unchanged",
            )
        ]
    base = file_format.read(base_text) if base_text is not None else None
    new = file_format.read(new_text)
    assert new is not None  # the import's own dump reads back
    merged, edited_under_change = merge_fields(base or {}, current, new)
    problems = [
        Problem(
            shown,
            _line_of(current_text, field, file_format),
            f"source changed under edited field {_field_name(field)}; kept your edit",
            "notice",
        )
        for field in edited_under_change
    ]
    return (current_text if merged == current else file_format.dump(merged)), problems


_REIMPORT_HINT = "; it records the last import: delete it and import again (your edits in content/ are kept)"


class _Unreadable(Exception):
    """A file the merge needs cannot be read; its Problem names that file."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def _read_if_exists(path: Path, shown: str, hint: str = "") -> str | None:
    """The file's text, None when absent; _Unreadable for a folder, a symlink loop (its own or a
    folder's on the way) or bytes not UTF-8, found before anything is written."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _Unreadable(Problem(shown, None, f"cannot read: {error.strerror or error}{hint}")) from error
    text, problem = read_text_file(path, shown)
    if problem:
        raise _Unreadable(Problem(problem.path, problem.line, problem.message + hint))
    return text


def _write_if_changed(path: Path, text: str) -> None:
    """Equal content is not rewritten, so a repeated import leaves files and their times alone."""
    if path.exists() and path.read_bytes() == text.encode("utf-8"):
        return
    write_atomic(path, text)


_MISSING = object()


def merge_fields(base: dict, current: dict, new: dict) -> tuple[dict, list[tuple]]:
    """Field-by-field three-way merge; returns the merged data and the edited fields the source also changed."""
    merged: dict = {}
    conflicts: list[tuple] = []
    for key in list(new) + [k for k in current if k not in new]:
        b, c, n = base.get(key, _MISSING), current.get(key, _MISSING), new.get(key, _MISSING)
        if key == "transcript" and _same_length_lists(b, c, n):
            value = []
            for index, (bt, ct, nt) in enumerate(zip(b, c, n, strict=True)):
                turn, conflict = merge_turn(bt, ct, nt)
                value.append(turn)
                if conflict:
                    conflicts.append((key, index))
        else:
            value, conflict = merge_value(b, c, n)
            if conflict and key == "participants":
                value, conflict = with_new_participants(b, c, n), False
            if conflict:
                conflicts.append((key,))
        if value is not _MISSING:
            merged[key] = value
    return merged, conflicts


def merge_value(base, current, new):
    """(value to keep, whether an edit was kept although the source changed too)."""
    if current == base:
        return new, False
    if new == base or new == current:
        return current, False
    return current, True


def merge_turn(base, current, new):
    """One transcript turn merged field by field, so a trainer's fix to its words survives a source
    that retimed it (and the other way round)."""
    if all(isinstance(turn, dict) for turn in (base, current, new)):
        merged, conflicts = merge_fields(base, current, new)
        return merged, bool(conflicts)
    return merge_value(base, current, new)


def with_new_participants(base, current, new):
    """The trainer's participants (roles, names they corrected or removed) plus any speaker the
    source added since the last import: the merged transcript may hold the new speaker, and check
    must still accept it."""
    kept = current if isinstance(current, list) else []
    if not isinstance(new, list):
        return current
    named = {_participant_name(item) for item in kept + (base if isinstance(base, list) else [])}
    added = [item for item in new if _participant_name(item) not in named]
    return kept + added if kept or added else current


def _participant_name(item) -> str | None:
    """A participant's name, written as `Sam` or `{name: Sam, role: producer}`; None for anything else."""
    name = item.get("name") if isinstance(item, dict) else item
    return name if isinstance(name, str) else None


def _same_length_lists(*values) -> bool:
    return all(isinstance(v, list) for v in values) and len({len(v) for v in values}) == 1


def _field_name(field: tuple) -> str:
    if field[0] == "transcript" and len(field) == 2:
        return f"'transcript' turn {field[1] + 1}"
    return f"'{field[0]}'"


def _line_of(text: str, field: tuple, file_format: FileFormat) -> int | None:
    """Where the edited field sits in the trainer's file, for a `path:line` message."""
    if file_format is POST_FILE:
        document = parse_markdown(text, "")[0].front if field != ("body",) else None
    else:
        document, _ = parse_yaml(text, "")
    return document.line(*field) if document else None


# ---- the show and its host ----


def ensure_podcast(root: Path) -> tuple[Person, tuple[str, ...], list[Problem]]:
    """The host and their transcript labels from content/podcast.yml, written once with defaults if absent."""
    path = root / layout.PODCAST_FILE
    if not path.exists():
        write_atomic(path, dump_yaml(podcast_data(DEFAULT_SHOW, DEFAULT_HOST, DEFAULT_HOST_LABELS)))
        return DEFAULT_HOST, DEFAULT_HOST_LABELS, []
    document, problem = read_yaml_file(path, layout.PODCAST_FILE)
    if problem:
        return (
            DEFAULT_HOST,
            (),
            [Problem(problem.path, problem.line, f"cannot tell who the host is ({problem.message}); nothing imported")],
        )
    assert document is not None  # read_yaml_file gives a document or a problem
    host = document.data.get("host") if isinstance(document.data, dict) else None
    if not isinstance(host, dict) or not isinstance(host.get("name"), str):
        return (
            DEFAULT_HOST,
            (),
            [
                Problem(
                    layout.PODCAST_FILE,
                    document.line("host"),
                    "cannot tell who the host is (expected 'host' with a 'name'); nothing imported",
                )
            ],
        )
    labels = host.get("labels") or []
    return Person(host["name"].strip()), tuple(str(label) for label in labels), []

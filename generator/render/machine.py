"""Machine-readable output (ARCHITECTURE.md, fixed): episodes.json and a transcript.json per episode.

episodes.json lists every episode by number with its page URL (relative to the site root);
each transcript.json sits beside its episode page (episodes/e204/transcript.json) in the
Podcasting 2.0 JSON transcript shape, one segment per turn; speakers are full names, and a turn
from a timed transcript carries its startTime and endTime (seconds), left out where unknown.
"""

from __future__ import annotations

import json

from .. import urls
from ..model import Catalogue, Episode, Turn
from ..urls import page_url
from .context import NO_BUILD, BuildContext

TRANSCRIPT_VERSION = "1.0.0"


def episode_record(episode: Episode) -> dict:
    """What scripts get to know of an episode without reading its page."""
    series = episode.series
    return {
        "number": episode.number,
        "code": episode.code,
        "title": episode.title,
        "date": episode.date.isoformat(),
        "series": series.series if series else None,
        "part": series.part if series else None,
        "parts": series.parts if series else None,
        "guests": list(episode.guests),
        "topics": list(episode.topics),
        "url": page_url(urls.episode(episode)),
        "transcript": urls.transcript_json(episode) if episode.transcript else None,
    }


def transcript_document(episode: Episode) -> dict:
    """The Podcasting 2.0 transcript of one episode: one segment per turn, in order."""
    return {
        "version": TRANSCRIPT_VERSION,
        "segments": [segment(turn) for turn in episode.transcript],
    }


def segment(turn: Turn) -> dict:
    """speaker, startTime and endTime where known, body: the order of the format's own example."""
    data: dict[str, str | float] = {"speaker": turn.speaker}
    if turn.start is not None:
        data["startTime"] = turn.start
    if turn.end is not None:
        data["endTime"] = turn.end
    data["body"] = turn.text
    return data


def _json_bytes(data, indent: int | None = None) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=indent) + "\n").encode("utf-8")


def extra_files(catalogue: Catalogue, context: BuildContext = NO_BUILD) -> dict[str, bytes]:
    """Site-relative path -> bytes, written into the built site after MkDocs has finished."""
    episodes = sorted(catalogue.episodes, key=lambda e: e.number)
    files = {urls.EPISODES_JSON: _json_bytes([episode_record(e) for e in episodes], indent=2)}
    for episode in episodes:
        if episode.transcript:
            files[urls.transcript_json(episode)] = _json_bytes(transcript_document(episode))
    return files

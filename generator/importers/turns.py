"""From a transcript's cues to turns: who speaks, where turns and paragraphs break, the ad read and
outro marked, and when each turn is heard.

Every transcript comes through here: an episode page's paragraphs (cues without times, each
opening a paragraph) and the cues of WebVTT, SRT, Podcasting 2.0 JSON and HTML and plain-text
transcripts. One set of rules for all of them is what lets the same words give the same turns in
any format, so a lesson's `[E204, turn 12]` means the same moment whichever file the episode
came from.

- A label (`Jason:` in the text, `<v Jason>`, `<cite>`, a JSON segment's speaker) is matched to
  the host or a guest. A text label matching nobody names a speaker once it opens two cues or
  more (once, it may be speech: "Remember: ..."); a name given by markup always does.
- A labelled cue opens a turn when the speaker changes, when the cue before it had no label (a
  source that labels a speaker's first cue only means a new turn by labelling again, as the
  pages do), or where the source starts a paragraph. Cues labelled one after another by the same
  speaker (JSON names the speaker of every word) stay one turn.
- Within a turn, a paragraph starts where the source starts one, after a pause of
  PARAGRAPH_PAUSE seconds or more, or at the first sentence end once a paragraph has
  MAX_PARAGRAPH_WORDS words.
- A turn starts when the cue holding its first word starts, and ends when the cue holding its
  last word ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model import Cue, Participant, Person, Problem, Turn

PARAGRAPH_PAUSE = 2.0
"""Seconds of silence between two cues of one speaker that start a new paragraph: longer than
the gap between sentences (well under a second in speech), the length of a pause to think."""

MAX_PARAGRAPH_WORDS = 300
"""Words after which a paragraph ends at the next sentence end: about two minutes of speech, for
sources whose cues run on without pauses (the pages' paragraphs stay under this)."""

SPEAKER_LABEL = re.compile(r"^(?P<label>[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){0,2}):\s+(?P<rest>\S.*)$")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")
_PUNCTUATION_ONLY = re.compile(r"^[,.;:!?…)\]}”’%]+$")
_HONORIFICS = {"Dr.", "Mr.", "Mrs.", "Ms.", "Prof."}

# The mid-roll ad read starts with a "be right back" line and ends with "let's get back to the episode".
AD_START = re.compile(r"\bwe[’']ll be right back\b", re.IGNORECASE)
AD_END = re.compile(
    r"\blet[’']s get back to the (?:episode|show|podcast|conversation|interview)\b[^.!?]*[.!?]", re.IGNORECASE
)
# The closing part: "That's it for part one ...", "All right, that's it for ...", "This wraps up episode 100 ...".
OUTRO_START = re.compile(
    r"^(?:(?:all right|alright|okay|so|and)\W+)?(?:that[’']s it for|this wraps up)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Moment:
    """Where a cue's words begin in a paragraph's text, and when that cue is heard."""

    offset: int
    start: float | None
    end: float | None


@dataclass(frozen=True)
class Paragraph:
    """One transcript paragraph on its way to becoming (part of) a Turn."""

    speaker: str
    text: str
    starts_turn: bool  # a speaker label opened it
    kind: str = "speech"
    moments: tuple[Moment, ...] = ()  # one per cue, in order; none for an untimed page

    def split_at(self, index: int) -> tuple[Paragraph, Paragraph]:
        """The words before `index` and those after, each with the cues that hold them (a cue
        cut in two belongs to both halves: the time of a word inside a cue is not known)."""
        head, rest = self.text[:index].rstrip(), self.text[index:]
        tail = rest.lstrip()
        skip = index + len(rest) - len(tail)
        covering = [m for m in self.moments if m.offset <= skip][-1:]
        tail_moments = [replace(m, offset=0) for m in covering]
        tail_moments += [replace(m, offset=m.offset - skip) for m in self.moments if m.offset > skip]
        return (
            replace(self, text=head, moments=tuple(m for m in self.moments if m.offset < index)),
            Paragraph(self.speaker, tail, True, self.kind, tuple(tail_moments)),
        )


def speaker_label(text: str) -> tuple[str | None, str]:
    """("Kwame", "Hey Jason ...") for "Kwame: Hey Jason ..."; (None, text) when it opens with no label."""
    match = SPEAKER_LABEL.match(text)
    if not match:
        return None, text
    return match.group("label"), match.group("rest")


def strip_honorific(name: str) -> str:
    words = name.split()
    return " ".join(words[1:]) if words and words[0] in _HONORIFICS else name


def speaker_resolver(host: Person, host_labels, guests: list[str]):
    """A function from a transcript label ("Kwame", "Dr. Wayne", "Jason") to a full name, or None."""
    host_aliases = {host.name, *host_labels}

    def resolve(label: str) -> str | None:
        if label in host_aliases:
            return host.name
        words = label.split()
        if not words:
            return None
        for name in guests:
            name_words = name.split()
            for candidate in (name_words, strip_honorific(name).split()):
                if candidate[: len(words)] == words:
                    return name
            if len(words) == 1 and words[0] == name_words[-1]:
                return name
        return None

    return resolve


def turns_from_paragraphs(
    paragraphs: list[str], host: Person, host_labels, guests: list[str], source: str = ""
) -> tuple[tuple[Turn, ...], list[Problem]]:
    """An untimed page's transcript: each paragraph a cue that opens a paragraph."""
    return turns_from_cues([Cue(text, opens_paragraph=True) for text in paragraphs], host, host_labels, guests, source)


def turns_from_cues(
    cues, host: Person, host_labels, guests: list[str], source: str = ""
) -> tuple[tuple[Turn, ...], list[Problem]]:
    """The transcript's turns, each with its speaker's full name, kind and times; warnings for
    labels that name nobody the episode knows and are read as speech."""
    resolve = speaker_resolver(host, host_labels, guests)
    unknown = _unknown_labels(cues, resolve)
    builder = _ParagraphBuilder(host.name)
    for cue in cues:
        name, text = _speaker_of(cue, resolve, unknown)
        if text:
            builder.add(cue, name, text)
    marked = mark_outro(mark_ad_reads(builder.paragraphs()))
    return group_turns(marked), _unknown_label_problems(unknown, source)


def _speaker_of(cue: Cue, resolve, unknown: dict[str, list]) -> tuple[str | None, str]:
    """(full name, words) of a cue: the name its markup gives, or its text label when that names
    someone (a label opening two cues or more names a speaker the episode does not list)."""
    if cue.speaker:
        return resolve(cue.speaker) or cue.speaker, cue.text
    label, rest = speaker_label(cue.text)
    if label is None:
        return None, cue.text
    name = resolve(label)
    if name is None and len(unknown.get(label, ())) >= 2:
        name = label
    return (name, rest) if name is not None else (None, cue.text)


_OpenParagraph = tuple[str, bool, list[str], list[Moment]]  # speaker, starts_turn, texts, moments


class _ParagraphBuilder:
    """Cues joined into paragraphs by the rules of the module's docstring."""

    def __init__(self, first_speaker: str):
        self.speaker = first_speaker  # the host opens the show; a transcript without labels is all theirs
        self.done: list[Paragraph] = []
        self.current: _OpenParagraph | None = None
        self.length = 0  # characters of the current paragraph, for the moments' offsets
        self.words = 0
        self.previous: Cue | None = None
        self.previous_labelled = False

    def add(self, cue: Cue, name: str | None, text: str) -> None:
        current = self.current
        if name is not None and (
            current is None or name != self.speaker or not self.previous_labelled or cue.opens_paragraph
        ):
            self.speaker = name
            current = self._open(True)
        elif current is None or self._breaks_paragraph(cue, current):
            current = self._open(False)
        self._append(current, cue, text)
        self.previous, self.previous_labelled = cue, name is not None

    def _breaks_paragraph(self, cue: Cue, current: _OpenParagraph) -> bool:
        if cue.opens_paragraph:
            return True
        previous = self.previous
        if (
            previous is not None
            and previous.end is not None
            and cue.start is not None
            and cue.start - previous.end >= PARAGRAPH_PAUSE
        ):
            return True
        return self.words >= MAX_PARAGRAPH_WORDS and bool(_SENTENCE_END.search(current[2][-1]))

    def _open(self, starts_turn: bool) -> _OpenParagraph:
        self._close()
        self.current = (self.speaker, starts_turn, [], [])
        self.length = self.words = 0
        return self.current

    def _append(self, current: _OpenParagraph, cue: Cue, text: str) -> None:
        _, _, texts, moments = current
        if texts and not _PUNCTUATION_ONLY.match(text):
            texts.append(" ")
            self.length += 1
        moments.append(Moment(self.length, cue.start, cue.end))
        texts.append(text)
        self.length += len(text)
        self.words += len(text.split())

    def _close(self) -> None:
        if self.current is not None:
            speaker, starts_turn, texts, moments = self.current
            self.done.append(Paragraph(speaker, "".join(texts), starts_turn, moments=tuple(moments)))
            self.current = None

    def paragraphs(self) -> list[Paragraph]:
        self._close()
        return self.done


def _unknown_labels(cues, resolve) -> dict[str, list]:
    """Text labels ("Producer:") that name neither host nor guest, with the lines of the cues they open."""
    found: dict[str, list] = {}
    for cue in cues:
        if cue.speaker:
            continue
        label, _ = speaker_label(cue.text)
        if label and resolve(label) is None:
            found.setdefault(label, []).append(cue.line)
    return found


def _unknown_label_problems(found: dict[str, list], source: str) -> list[Problem]:
    """A label seen once may be speech ("Remember: ..."), so it stays text, with a warning; one seen
    twice or more names a speaker, who becomes a participant (participant_problems says so)."""
    return [
        Problem(
            source,
            lines[0],
            f"paragraph starting '{label}:' names neither the host nor a guest; read as speech",
            "warning",
        )
        for label, lines in sorted(found.items())
        if len(lines) < 2
    ]


def participants_of(transcript: tuple[Turn, ...], host: Person, guests) -> tuple[Participant, ...]:
    """Speakers who are neither host nor guest (a producer, a co-host, a caller), in order of first
    turn: declared on the episode so that check accepts every speaker the import wrote."""
    declared = {host.name, *guests}
    names = dict.fromkeys(turn.speaker for turn in transcript if turn.speaker not in declared)
    return tuple(Participant(name) for name in names)


def participant_problems(participants, code: str, source: str) -> list[Problem]:
    """One warning per participant, so the trainer can check the name and give them a role."""
    return [
        Problem(
            source,
            None,
            f"{p.name!r} speaks in the transcript but is neither the host nor a guest; "
            f"listed as a participant of {code} (give them a role there)",
            "warning",
        )
        for p in participants
    ]


def mark_ad_reads(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Mark the mid-roll ad read; a paragraph where the show resumes is split at "let's get back to the episode"."""
    result: list[Paragraph] = []
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        if not AD_START.search(paragraph.text):
            result.append(paragraph)
            index += 1
            continue
        end_index, end_match = index, None
        for candidate in range(index, min(index + 3, len(paragraphs))):
            end_match = AD_END.search(paragraphs[candidate].text)
            if end_match:
                end_index = candidate
                break
        for inside in paragraphs[index:end_index]:
            result.append(replace(inside, kind="ad"))
        last = paragraphs[end_index]
        if end_match:
            ad_part, resumed = last.split_at(end_match.end())
            result.append(replace(ad_part, kind="ad"))
            if resumed.text:
                result.append(resumed)
        else:
            result.append(replace(last, kind="ad"))
        index = end_index + 1
    return result


def mark_outro(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Everything from the closing words ("That's it for ...") on, searched in the last third only."""
    start = max(0, len(paragraphs) - max(1, len(paragraphs) // 3))
    for index in range(start, len(paragraphs)):
        if paragraphs[index].kind == "speech" and OUTRO_START.match(paragraphs[index].text):
            return paragraphs[:index] + [replace(p, kind="outro") for p in paragraphs[index:]]
    return paragraphs


def group_turns(paragraphs: list[Paragraph]) -> tuple[Turn, ...]:
    """A turn is one speaker's run of paragraphs of one kind, paragraphs joined by a blank line;
    it is heard from its first cue's start to its last cue's end."""
    turns: list[Turn] = []
    previous: Paragraph | None = None
    for paragraph in paragraphs:
        continues = (
            previous is not None
            and not paragraph.starts_turn
            and paragraph.speaker == previous.speaker
            and paragraph.kind == previous.kind
        )
        end = paragraph.moments[-1].end if paragraph.moments else None
        if continues:
            turns[-1] = replace(turns[-1], text=f"{turns[-1].text}\n\n{paragraph.text}", end=end)
        else:
            start = paragraph.moments[0].start if paragraph.moments else None
            turns.append(Turn(paragraph.speaker, paragraph.text, paragraph.kind, start, end))
        previous = paragraph
    return tuple(turns)

"""'Did you mean': the known name closest to one that is not known, so a typo is fixed in one go."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name a trainer most likely meant: one whose words include the name given ("Kwame"
    for "Kwame Christian"), else the nearest spelling (case aside), else None."""
    known = sorted(set(known))
    wanted = name.strip().casefold()
    if not wanted:
        return None
    by_word = [k for k in known if wanted in k.casefold().split()]
    if len(by_word) == 1:
        return by_word[0]
    folded = {k.casefold(): k for k in known}
    if wanted in folded:
        return folded[wanted]
    near = difflib.get_close_matches(wanted, list(folded), n=1, cutoff=0.75)
    return folded[near[0]] if near else None


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """ "; did you mean 'X'?" to end a message with, or "" when nothing is close."""
    found = closest(name, known)
    return f"; did you mean {found!r}?" if found and found != name else ""


def file_stems(folder: Path, suffix: str) -> list[str]:
    """The ids of the files in a folder (lessons/*.md -> lesson ids); none when it cannot be listed."""
    try:
        return [p.stem for p in folder.iterdir() if p.suffix == suffix]
    except OSError:
        return []

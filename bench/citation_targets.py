"""How often the citation-target check warns, on a course as written and with its citations moved.

    .venv/bin/python bench/citation_targets.py [--root .] [--sweep] [--show]

False alarms: warnings on the course as it is (each must be explained, or the content fixed).
Caught: of the course's turn citations moved one turn earlier and one turn later (where the
episode has that turn), how many get a warning. A moved citation may still hold the claim (a
story told over two turns), so not every move is a mistake the check should see. `--sweep`
prints both for other settings of generator.citation_targets' thresholds; `--show` lists the
warnings on the course as it is. Not part of the tests: it prints figures.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator import citation_targets as targets  # noqa: E402
from generator.claims import course_claims  # noqa: E402
from generator.load import load_catalogue  # noqa: E402
from generator.model import TurnSpan  # noqa: E402


def moved(claim, by: int, turns: int):
    """The claim with its citation moved `by` turns, or None when the episode has no such turns."""
    span = claim.source.turns
    if not 1 <= span.first + by and span.last + by <= turns:
        return None
    return dataclasses.replace(claim, source=dataclasses.replace(claim.source, turns=TurnSpan(span.first + by,
                                                                                               span.last + by)))


def measure(claims, catalogue) -> tuple[int, int, int, int]:
    """(claims checked, warnings as written, moved citations caught, moved citations)."""
    aimed = targets.aimed_claims(claims)
    as_written = len(targets.citation_target_problems(claims, catalogue))
    shifted = [m for claim in aimed for by in (-1, 1)
               if (m := moved(claim, by, len(catalogue.episode(claim.source.episode).transcript)))]
    caught = len(targets.citation_target_problems(shifted, catalogue))
    return len(aimed), as_written, caught, len(shifted)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=".")
    parser.add_argument("--sweep", action="store_true", help="also try other thresholds")
    parser.add_argument("--show", action="store_true", help="list the warnings on the course as written")
    args = parser.parse_args()
    root = Path(args.root)
    catalogue, _ = load_catalogue(root)
    claims = course_claims(root, catalogue)
    settings = [(targets.EPISODE_SHARE, targets.BACKGROUND_SHARE, targets.MIN_WORDS)]
    if args.sweep:
        settings += [(e, b, m) for e in (0.1, 0.2, 0.3) for b in (0.05, 0.1, 0.2, 1.0) for m in (1, 2, 3)
                     if (e, b, m) != settings[0]]
    print("episode_share background_share min_words | claims warnings_as_written caught/moved")
    for episode_share, background_share, min_words in settings:
        targets.EPISODE_SHARE, targets.BACKGROUND_SHARE, targets.MIN_WORDS = episode_share, background_share, min_words
        count, warnings, caught, shifted = measure(claims, catalogue)
        print(f"{episode_share:13} {background_share:16} {min_words:9} | {count:6} {warnings:19} "
              f"{caught}/{shifted} ({caught / max(shifted, 1):.0%})")
    targets.EPISODE_SHARE, targets.BACKGROUND_SHARE, targets.MIN_WORDS = settings[0]
    if args.show:
        for problem in targets.citation_target_problems(claims, catalogue):
            print(problem)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

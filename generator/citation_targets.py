"""Citations that point at what they cite: a claim's telling words should be in the turn it cites.

A citation typed one turn off (`turn 16` for the chess story told in turn 15) still resolves, so
nothing else catches it. A claim's distinctive words are those its episode says in few of its
turns: names, numbers, the words of one story ("Kasparov", "chess", "pieces"). Rarity is counted,
not listed: a word is distinctive when few of the episode's turns use it (the speaker's name
counting as part of each turn) and few of all the catalogue's turns and posts do (so "how" or
"prospect", said in a handful of a short episode's turns, is not).

A citation gets a warning when another turn of the same episode holds at least `MIN_WORDS` of
the claim's distinctive words that the cited turns lack, and they weigh more than those the cited
turns hold: the warning names that turn and the words that point to it. Words of the claim the
episode never says (the author's paraphrase) count for nothing either way. A quiz question is one
claim: its prompt, answers, items, model answer, rubric and explanation together (what is wrong
on purpose, and feedback, left out). Words are compared as the search compares them
(generator.search.analysis, pure Python: forms of a word meet), without loading the search engine.
`bench/citation_targets.py` measures the warnings on the sample course and on its citations
moved one turn off.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from .claims import Claim, cited_text
from .model import Catalogue, Problem
from .search.analysis import tokens

EPISODE_SHARE = 0.2
"""A word is distinctive in an episode said in at most this share of its turns (at least one)..."""

BACKGROUND_SHARE = 0.1
"""... and in at most this share of the turns and posts the course cites."""

MIN_WORDS = 2
"""How many of the claim's distinctive words another turn must hold, the cited turns lacking them."""


@dataclass(frozen=True)
class Vocabulary:
    """Texts (turns, posts) as sets of terms, and in how many of them each term occurs."""

    texts: tuple[frozenset[str], ...]
    count: dict[str, int]

    @classmethod
    def of(cls, texts) -> Vocabulary:
        sets = tuple(terms(text) for text in texts)
        count: dict[str, int] = {}
        for found in sets:
            for term in found:
                count[term] = count.get(term, 0) + 1
        return cls(sets, count)

    @classmethod
    def joined(cls, vocabularies: list[Vocabulary]) -> Vocabulary:
        """One vocabulary of the texts of several."""
        count: dict[str, int] = {}
        for vocabulary in vocabularies:
            for term, number in vocabulary.count.items():
                count[term] = count.get(term, 0) + number
        return cls(tuple(text for vocabulary in vocabularies for text in vocabulary.texts), count)

    def rare(self, candidates: set[str], share: float) -> set[str]:
        """The candidates that occur in at least one of the texts and at most `share` of them."""
        limit = max(1, math.floor(share * len(self.texts)))
        return {term for term in candidates if 0 < self.count.get(term, 0) <= limit}

    def weight(self, found: set[str]) -> float:
        """How strongly terms point at a text: a term of one text only counts most."""
        return sum(math.log(1 + len(self.texts) / self.count[term]) for term in found)


def terms(text: str) -> frozenset[str]:
    """A text's words as the search compares them."""
    return frozenset(term for term, _, _ in tokens(text))


def citation_target_problems(claims: list[Claim], catalogue: Catalogue) -> list[Problem]:
    """A warning at the citation for every claim whose distinctive words are in another turn."""
    aimed = [claim for claim in aimed_claims(claims) if cited_text(claim.source, catalogue) is not None]
    cited = sorted({number for claim in aimed if (number := claim.source.episode) is not None})
    episodes: dict[int | None, Vocabulary] = {
        number: Vocabulary.of(f"{turn.speaker} {turn.text}" for turn in episode.transcript)
        for number in cited
        if (episode := catalogue.episode(number)) is not None
    }
    posts = {claim.source.post for claim in claims if claim.source.post}
    background = Vocabulary.joined(
        [
            *episodes.values(),
            Vocabulary.of(f"{post.title} {post.body}" for post in catalogue.posts if post.slug in posts),
        ]
    )
    problems = []
    for claim in aimed:
        message = misaimed(claim, episodes[claim.source.episode], background)
        if message:
            problems.append(Problem(claim.path, claim.cited_at, message, "warning"))
    return problems


def aimed_claims(claims: list[Claim]) -> list[Claim]:
    """The claims that cite turns of an episode, in course order; a quiz question's asserting
    fields joined into one claim."""
    aimed: dict[object, Claim] = {}
    for index, claim in enumerate(claims):
        if claim.source.episode is None or claim.source.turns is None:
            continue
        if not claim.question:
            aimed[index] = claim  # lesson text and notes
        elif claim.asserts:
            key = (claim.path, claim.question)
            joined = aimed.get(key)
            aimed[key] = replace(joined, text=f"{joined.text}\n{claim.text}") if joined else claim
    return list(aimed.values())


def misaimed(claim: Claim, episode: Vocabulary, background: Vocabulary) -> str | None:
    """Why the claim's citation seems to point at another turn than the one it means, or None."""
    span = claim.source.turns
    if span is None:  # a claim citing no turns cannot miss them
        return None
    distinctive = background.rare(episode.rare(set(terms(claim.text)), EPISODE_SHARE), BACKGROUND_SHARE)
    cited = frozenset().union(*episode.texts[span.first - 1 : span.last])
    held = episode.weight(distinctive & cited)
    best: set[str] = set()
    best_turn = None
    for number, turn in enumerate(episode.texts, start=1):
        found = (distinctive - cited) & turn
        if (
            not span.first <= number <= span.last
            and len(found) >= MIN_WORDS
            and episode.weight(found) > max(held, episode.weight(best))
        ):
            best, best_turn = found, number
    if best_turn is None:
        return None
    return (
        f"{claim.source} may point at the wrong turn: the claim's distinctive words "
        f"({_as_written(claim.text, best)}) are not in {span} but are in turn {best_turn}"
    )


def _as_written(text: str, found: set[str]) -> str:
    """The words of the text that stand for these terms, as the trainer first wrote each."""
    written: dict[str, str] = {}
    for term, start, end in tokens(text):
        if term in found:
            written.setdefault(term, text[start:end])
    return ", ".join(sorted(written.values(), key=str.lower))

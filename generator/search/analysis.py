"""Words as the index and a listener's query see them: tokens, clitics, a light English stemmer.

Porter's stemmer, which the index used before, cut derivational suffixes so hard that
"objections" met "objectives" (both `object`) while "silence" and "silent", or "push" and
"pushy", stayed apart. Listeners search in their own words, so what matters is that the forms of
one word meet and that different words do not. `stem_word` therefore undoes inflection (plural,
-ing, -ed) and joins a few derivations whose meaning does not move: -ation/-ator with the verb
(negotiation, negotiator, negotiate), -ence/-ance with -ent/-ant (silence, silent), and -y
after sh/ch/ck/ss (pushy, push). It leaves -ion, -ive, -ment and -er alone. The comparison
with Porter and Snowball on the judged queries is in bench/README.md.

Tokens keep an inner apostrophe so that "someone's" is one word, read as "someone", and
"we're" as "we": no stray `s` or `re` becomes a term of its own. Pure Python, no Whoosh: the
index's analyzer (generator.search.index) and the excerpts' highlighter both call this.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

TOKEN = re.compile(r"\w+(?:[.'’]\w+)*")
"""A word: letters and digits, with inner dots (e.g, 3.5) and apostrophes (someone's, don't)."""

CLITICS = frozenset({"s", "re", "ve", "ll", "d", "m"})
"""Endings after an apostrophe that are dropped: the possessive and the contracted verbs."""

QUERY_FILLER = frozenset(
    """
a about after again all also am an and any are as at be because been before being but by can
could did do does doing for from get got had has have he her here him his how i if in into is
it its just me my of on or our out she should so some than that the their them then there these
they this those to too us very was way we were what when where which who whom why will with
would you your yours
tell say says said talk talks talking know want wants need something anything thing things episode episodes
""".split()
)
"""Words of a question or a sentence that carry no subject ("how do I", "what does he say
about"): a plain query drops them, unless they are all it has or sit in a "quoted phrase"."""


COMMON_WORDS = frozenset(
    """
a an and are as at be by can for from have if in is it may not of on or tbd that the this to us we
when will with yet you your
""".split()
)
"""The shortest list of words too common to tell two texts apart (Whoosh's STOP_WORDS): related
episodes leave them out when comparing transcripts."""


def tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """(term, start, end) of every word of `text`, as the index stores it."""
    for match in TOKEN.finditer(text):
        term = term_of(match.group())
        if term:
            yield term, match.start(), match.end()


@cache
def term_of(word: str) -> str:
    """What a word is indexed and searched as: lower-cased, clitic dropped, stemmed."""
    return stem_word(bare_word(word))


_CODE = re.compile(r"[a-z]{1,2}(\d{1,5})")


def code_number(term: str) -> str | None:
    """The number of a code like an episode's ("e204" -> "204", "ep12" -> "12"), or None: a
    listener who heard "episode 204" searches "204", and the index holds the title's "E204"."""
    match = _CODE.fullmatch(term)
    return match.group(1) if match else None


def bare_word(word: str) -> str:
    """The word without its possessive or contracted ending: someone's -> someone, we're -> we.

    "don't" and "can't" keep their letters (dont, cant): the n't carries the meaning.
    """
    word = word.lower().replace("’", "'")
    if "'" not in word:
        return word
    head, _, tail = word.rpartition("'")
    if tail in CLITICS and head:
        return head.replace("'", "")
    return word.replace("'", "")


_VOWEL = re.compile(r"[aeiouy]")
_DERIVATIONS = (
    (re.compile(r"(\w{3,})i[sz]ation$"), r"\1ize"),  # organisation, organization -> organize
    (re.compile(r"(\w{4,})at(?:ion|or)$"), r"\1ate"),  # negotiation, negotiator -> negotiate
    (re.compile(r"(\w{3,})([ea])nc[ey]$"), r"\1\2nt"),  # silence -> silent, urgency -> urgent
    (re.compile(r"(\w+(?:sh|ch|ck|ss))y$"), r"\1"),  # pushy -> push, bossy -> boss
)


@cache
def stem_word(word: str) -> str:
    """A lower-cased word's stem: its inflection undone, a few safe derivations joined.

    negotiate, negotiates, negotiating, negotiated, negotiation, negotiator -> negotiat;
    objection(s) -> objection and objective(s) -> objectiv stay apart.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    word = _without_inflection(word)
    for pattern, replacement in _DERIVATIONS:
        word, count = pattern.subn(replacement, word)
        if count:
            break
    if len(word) >= 4 and word.endswith("e"):
        word = word[:-1]
    if word.endswith(("enc", "anc")):  # experiencing -> experienc: as experience -> experient
        word = word[:-1] + "t"
    return word


def _without_inflection(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    for ending in ("ing", "ed"):
        stem = word[: -len(ending)]
        if word.endswith(ending) and not word.endswith("eed") and len(stem) >= 3 and _VOWEL.search(stem):
            if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                stem = stem[:-1]  # stopped -> stop, but selling -> sell
            return stem
    return word

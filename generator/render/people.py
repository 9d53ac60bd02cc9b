"""Guest pages and the guest index: who came on the show, what they do, where they appeared."""

from __future__ import annotations

import re

from .. import urls
from ..model import Catalogue, Person, paragraphs
from ..urls import relative_url
from .context import NO_BUILD, BuildContext
from .episodes import episode_rows
from .page import Page, Section, page_from_sections
from .templates import render


def guests(catalogue: Catalogue) -> list[Person]:
    """Everyone with a people file, alphabetically; the host is declared apart and is no guest."""
    return sorted((p for p in catalogue.people if p != catalogue.host), key=lambda p: p.name.casefold())


def guest_page(catalogue: Catalogue, person: Person) -> Page:
    """A guest: bio, links, and the episodes they appear in, newest first."""
    here = urls.guest(person)
    appearances = [e for e in catalogue.episodes if person.name in e.guests]
    return page_from_sections(
        here,
        person.name,
        [
            Section("guest-bio", guest_bio(person.bio)),
            Section("guest-links", render("external_links.html", links=person.links), "Links"),
            Section(
                "guest-episodes",
                render("episode_list.html", rows=episode_rows(catalogue, here, appearances)),
                "Episodes",
            ),
        ],
    )


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
LEAD_MIN_CHARS = 60
"""A bio's first sentence ends at the first full stop after this many characters followed by a
capital: "Kwame Christian, Esq., M.A. is the Director of ..." does not end at "M.A."."""


def bio_lead(paragraph: str) -> tuple[str, str]:
    """(the first sentence, the rest) of a bio's first paragraph.

    Only the first sentence goes into Material's browser search index, which every visitor
    downloads: it says who the guest is and what they do. Whole bios were 180 KB of that
    index for a catalogue of 414 guests.
    """
    match = _SENTENCE_END.search(paragraph, LEAD_MIN_CHARS)
    return (paragraph[: match.start()], paragraph[match.end() :]) if match else (paragraph, "")


def guest_bio(bio: str) -> str:
    texts = paragraphs(bio)
    if not texts:
        return ""
    lead, rest = bio_lead(texts[0])
    return render("guest_bio.html", paragraphs=texts, lead=lead, rest=rest)


def guest_index_page(catalogue: Catalogue) -> Page:
    here = urls.GUEST_INDEX
    listing = render(
        "link_list.html",
        items=[
            {
                "label": p.name,
                "url": relative_url(here, urls.guest(p)),
                "count": sum(p.name in e.guests for e in catalogue.episodes),
            }
            for p in guests(catalogue)
        ],
        empty="No guests yet.",
    )
    return page_from_sections(here, "Guests", [Section("guest-index", listing)], in_nav=True)


def guest_pages(catalogue: Catalogue, context: BuildContext = NO_BUILD) -> list[Page]:
    return [guest_index_page(catalogue), *(guest_page(catalogue, p) for p in guests(catalogue))]

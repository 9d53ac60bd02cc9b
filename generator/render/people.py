"""Guest pages and the guest index: who came on the show, what they do, where they appeared."""
from __future__ import annotations

from ..model import Catalogue, Person
from . import paths
from .episodes import episode_rows
from .page import Page, Section, page_from_sections, relative_url
from .templates import render


def guests(catalogue: Catalogue) -> list[Person]:
    """Everyone with a people file, alphabetically; the host is declared apart and is no guest."""
    return sorted((p for p in catalogue.people if p != catalogue.host), key=lambda p: p.name.casefold())


def guest_page(catalogue: Catalogue, person: Person) -> Page:
    """A guest: bio, links, and the episodes they appear in, newest first."""
    here = paths.guest(person)
    appearances = [e for e in catalogue.episodes if person.name in e.guests]
    return page_from_sections(here, person.name, [
        Section("guest-bio", render("paragraphs.html", text=person.bio)),
        Section("guest-links", render("external_links.html", links=person.links), "Links"),
        Section("guest-episodes", render("episode_list.html", rows=episode_rows(catalogue, here, appearances)),
                "Episodes"),
    ])


def guest_index_page(catalogue: Catalogue) -> Page:
    here = paths.GUEST_INDEX
    listing = render("link_list.html", items=[
        {"label": p.name, "url": relative_url(here, paths.guest(p)),
         "count": sum(p.name in e.guests for e in catalogue.episodes)}
        for p in guests(catalogue)
    ], empty="No guests yet.")
    return page_from_sections(here, "Guests", [Section("guest-index", listing)], in_nav=True)


def guest_pages(catalogue: Catalogue) -> list[Page]:
    return [guest_index_page(catalogue), *(guest_page(catalogue, p) for p in guests(catalogue))]

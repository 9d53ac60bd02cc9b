"""What Material's instant navigation reads instead of sitemap.xml: the pages it takes over.

Material reads sitemap.xml on every first visit, to know which links are pages of the site, and
again for each <link rel="alternate"> (our feed's): 187 KiB at 1,000 episodes, one entry a page
(issue 18). site-overrides/partials/on-demand.html sends those requests to instant-navigation.xml,
which lists only the pages whose number does not grow with the catalogue: the home page, each
section's first page, the course, the topics, search, What's new, the trainer's guide. A link to
an episode, a guest, a series, a post or a later page of the episode index loads the page as an
ordinary link does. sitemap.xml stays whole, for search engines.
"""

from __future__ import annotations

from xml.etree import ElementTree
from xml.sax.saxutils import escape

from .. import urls
from ..model import Catalogue
from ..urls import page_url
from .episode_index import index_page_paths
from .episodes import all_series

INSTANT_NAVIGATION = "instant-navigation.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def catalogue_page_urls(catalogue: Catalogue) -> set[str]:
    """Site-relative URLs of the pages there is one of per episode, person, series or post, and of
    the episode index's pages after its first."""
    sources = {urls.episode(e) for e in catalogue.episodes}
    sources |= {urls.guest(p) for p in catalogue.people}
    sources |= {urls.series(s) for s in all_series(catalogue)}
    sources |= {urls.post(p) for p in catalogue.posts}
    sources |= set(index_page_paths(catalogue)[1:])
    return {page_url(source) for source in sources}


def instant_navigation_sitemap(sitemap: bytes, site_url: str, left_out: set[str]) -> bytes:
    """The sitemap's addresses without those of `left_out` (site-relative URLs), as a sitemap."""
    root = site_url if site_url.endswith("/") else site_url + "/"
    kept = []
    for loc in ElementTree.fromstring(sitemap).iter(f"{{{SITEMAP_NS}}}loc"):
        address = (loc.text or "").strip()
        if not (address.startswith(root) and address[len(root) :] in left_out):
            kept.append(f"<url><loc>{escape(address)}</loc></url>")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">\n' + "\n".join(kept) + "\n</urlset>\n"
    ).encode("utf-8")

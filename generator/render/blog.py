"""The blog: an index newest first and a page per post, each with its date and author.

Built by us rather than by Material's blog plugin, which needs posts as files on disk (it fails
on posts made in memory); imported post bodies are source text, so they are escaped, not Markdown.
"""

from __future__ import annotations

from .. import urls
from ..model import Catalogue, Post
from ..urls import relative_url
from .context import NO_BUILD, BuildContext
from .page import Page, Section, page_from_sections
from .templates import render


def posts_newest_first(catalogue: Catalogue) -> list[Post]:
    return sorted(catalogue.posts, key=lambda p: (p.date, p.title), reverse=True)


def post_page(post: Post) -> Page:
    here = urls.post(post)
    byline = render("post_byline.html", post=post)
    return page_from_sections(
        here,
        post.title,
        [
            Section("post-byline", byline),
            Section("post-body", render("paragraphs.html", text=post.body)),
        ],
    )


def blog_index_page(catalogue: Catalogue) -> Page:
    here = urls.BLOG_INDEX
    listing = render(
        "post_list.html",
        posts=[{"post": p, "url": relative_url(here, urls.post(p))} for p in posts_newest_first(catalogue)],
    )
    return page_from_sections(here, "Blog", [Section("post-index", listing)], in_nav=True)


def blog_pages(catalogue: Catalogue, context: BuildContext = NO_BUILD) -> list[Page]:
    return [blog_index_page(catalogue), *(post_page(p) for p in posts_newest_first(catalogue))]

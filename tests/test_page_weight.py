"""What a page weighs, in plain Python (issue 18): the indentation a built page leaves out, and the
short list of pages Material's instant navigation reads instead of sitemap.xml.
The browser's side (what is fetched when) is tests/test_browser_weight.py; the figures are
bench/lighthouse.py's."""
from __future__ import annotations


from sample import ROOT
from generator.load import load_catalogue
from generator.render.instant import catalogue_page_urls, instant_navigation_sitemap
from generator.render.page import without_indentation


def test_indentation_and_blank_lines_go_but_code_and_scripts_keep_their_spaces():
    page = ("<nav>\n    <ul>\n      <li>\n        \n    Course\n      </li>\n    </ul>\n  </nav>\n"
            "<pre><code>def f():\n    return 1\n</code></pre>\n"
            "<p>Type <code>a\n    b</code> or <kbd>Ctrl\n  C</kbd>.</p>\n"
            "<textarea>\n  typed\n</textarea>\n<script>\n  var x = 1;\n</script>\n<style>\n  p { x: y }\n</style>")
    assert without_indentation(page) == (
        "<nav>\n<ul>\n<li>\nCourse\n</li>\n</ul>\n</nav>\n"
        "<pre><code>def f():\n    return 1\n</code></pre>\n"
        "<p>Type <code>a\n    b</code> or <kbd>Ctrl\n  C</kbd>.</p>\n"
        "<textarea>\n  typed\n</textarea>\n<script>\n  var x = 1;\n</script>\n<style>\n  p { x: y }\n</style>")
    assert without_indentation(without_indentation(page)) == without_indentation(page)


SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url>
         <loc>https://example.org/course/</loc>
         <lastmod>2026-12-01</lastmod>
    </url>
    <url>
         <loc>https://example.org/episodes/e204/</loc>
         <lastmod>2026-12-01</lastmod>
    </url>
    <url>
         <loc>https://example.org/episodes/</loc>
         <lastmod>2026-12-01</lastmod>
    </url>
</urlset>"""


def test_instant_navigation_lists_the_sitemap_without_the_catalogues_pages():
    written = instant_navigation_sitemap(SITEMAP, "https://example.org/", {"episodes/e204/"})
    assert written.decode("utf-8") == (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        "<url><loc>https://example.org/course/</loc></url>\n<url><loc>https://example.org/episodes/</loc></url>\n"
        "</urlset>\n")


def test_the_catalogues_pages_are_its_episodes_people_series_and_posts():
    catalogue, _ = load_catalogue(ROOT)
    left_out = catalogue_page_urls(catalogue)
    assert {f"episodes/{e.slug}/" for e in catalogue.episodes} <= left_out
    assert {f"blog/{p.slug}/" for p in catalogue.posts} <= left_out
    assert "guests/kwame-christian/" in left_out
    assert "series/sales-negotiations-with-kwame-christian/" in left_out
    # Sections, the course and the topics stay instant: their number does not grow with the catalogue.
    assert not {"", "episodes/", "guests/", "course/", "course/mindset/", "topics/mindset/", "search/"} & left_out

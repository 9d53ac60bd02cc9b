"""A hostile lesson, as a careless or hostile pull request could bring it, in a copy of the sample course."""
from __future__ import annotations

from pathlib import Path

from sample import copy_site


LESSON_PATH = "content/course/lessons/ask-for-the-meeting.md"

HOSTILE_LESSON = """---
title: Ask for the meeting
---
A lesson as a careless or hostile pull request could bring it.

<script>window.ranScript = true;</script>

<div id="hover-me" onmouseover="window.ranMouseover = true">Hover over this box.</div>

<iframe src="javascript:parent.ranIframe = true"></iframe>

<img id="broken" src="no-such-image.png" onerror="window.ranOnerror = true" alt="">

Hover over this paragraph too.
{ #hover-attr onmouseover="window.ranAttrList = true" }

[Click for the checklist](javascript:void(window.ranLink=true)){ #script-link }

The lesson's own words stay.
"""

RAN = ("ranScript", "ranMouseover", "ranIframe", "ranOnerror", "ranAttrList", "ranLink")


def hostile_course(root: Path, *, allow_raw_html: bool = False) -> Path:
    """The sample course with the hostile lesson in the Mindset module (optionally raw HTML allowed)."""
    copy_site(root)
    (root / LESSON_PATH).write_text(HOSTILE_LESSON, encoding="utf-8")
    module = root / "content/course/modules/mindset.yml"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("  - honest-alignment\n", "  - honest-alignment\n  - ask-for-the-meeting\n"),
                      encoding="utf-8")
    if allow_raw_html:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert "      root: .\n" in text
        config.write_text(text.replace("      root: .\n", "      root: .\n      allow_raw_html: true\n"),
                          encoding="utf-8")
    return root

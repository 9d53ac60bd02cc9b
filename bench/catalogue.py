"""A synthetic catalogue of N episodes in the client's page format, for the benchmark.

The client has hundreds of episodes; the repository holds four. To measure how the build and the
search grow, we write N raw pages that look like the client's (same header, promo lines, bio
block, indented speaker-labelled transcript, footer and blog feed), made of the sample
transcripts' sentences reshuffled with a fixed seed, and import them with our own importer into a
copy of the repository. Guests are invented ("Synthab Example") and every page says it is
synthetic, so no statement is ever put in a real person's mouth: sentences that name a real
guest are left out of the pool. The output is for measurement only and lives in a temp dir.
"""
from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
FIRST_NUMBER = 1001  # above every real episode number (the client's latest is E298)
TRANSCRIPT_BYTES = (12_000, 16_000)  # the client's transcripts are 12-16 KB
TOPICS = ("negotiation", "mindset", "referrals", "objections", "prospecting", "leadership",
          "asking", "authenticity", "discovery", "closing")
# Names of the real guests of the sample pages: a sentence naming one of them is not reused.
REAL_NAMES = re.compile(r"Kwame|Christian|Peter|Kozodoy|Wayne|Baker|Cheryl|Janet|Adam|Connor|Hitch|Albert")
# What the repository copy needs to build: everything mkdocs.yml and the loader read.
REPO_PARTS = ("mkdocs.yml", "content", "quizzes", "site-overrides", "docs")
_TITLE_WORDS = ("Asking", "Listening", "Trust", "Objections", "Referrals", "Follow-Up", "Discovery",
                "Confidence", "Pipeline", "Curiosity", "Value", "Tension", "Silence", "Habits",
                "Coaching", "Rapport", "Pricing", "Persistence", "Feedback", "Goals")


@dataclass(frozen=True)
class SamplePool:
    """What the synthetic pages are cut from, all taken from the client's sample pages."""

    sentences: tuple[str, ...]  # transcript sentences, labels stripped, none naming a real guest
    hooks: tuple[str, ...]  # the pages' opening questions
    feed: str  # the footer and blog feed every episode page ends with, verbatim


@dataclass(frozen=True)
class PagePlan:
    """One synthetic episode: what its page will say before the text is drawn."""

    number: int
    date: dt.date
    guest: str | None  # invented full name, or None when the host is alone
    series: str | None  # series title shared by its parts
    part: int | None
    parts: int | None
    words: tuple[str, str]  # the two title words


def _transcript_paragraphs(page: str) -> list[str]:
    """The indented paragraphs after "Show Transcript", up to the footer."""
    start = page.index("Show Transcript")
    end = page.index("Become a Certified")
    body = page[start:end].split("\n")[1:]
    return [line.strip() for line in body if line.strip()]


def _sentences(paragraph: str) -> list[str]:
    text = re.sub(r"^[A-Z][\w.]*(?: [A-Z][\w.]*)?: ", "", paragraph)
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s) >= 20]


def sample_pool(sources: Path = REPO / "content" / "sources") -> SamplePool:
    """Sentences, hooks and the page feed of every sample episode page (pages with a transcript)."""
    sentences: list[str] = []
    hooks: list[str] = []
    feed = ""
    for path in sorted(sources.glob("*.txt")):
        page = path.read_text(encoding="utf-8").replace("\u00a0", " ")
        if "Show Transcript" not in page:
            continue
        hooks.extend(line.strip() for line in page.split("\n")[:12] if line.strip().endswith("?"))
        for paragraph in _transcript_paragraphs(page):
            sentences.extend(s for s in _sentences(paragraph) if not REAL_NAMES.search(s))
        feed = feed or page[page.index("Become a Certified"):]
    return SamplePool(tuple(sentences), tuple(hooks), feed)


def guest_name(index: int) -> str:
    """An invented, obviously synthetic guest name: "Synth" plus a letter code, surname Example."""
    code = ""
    while True:
        index, letter = divmod(index, 26)
        code = chr(ord("a") + letter) + code
        if index == 0:
            break
    return f"Synth{code} Example"


def plan_catalogue(n: int, rng: random.Random) -> list[PagePlan]:
    """N episodes, oldest first: mostly one guest each from a pool of about n/4, some multi-part series."""
    guests = [guest_name(i) for i in range(max(4, n // 4))]
    plans: list[PagePlan] = []
    series_names: set[str] = set()
    start = dt.date(2012, 1, 2)
    while len(plans) < n:
        number = FIRST_NUMBER + len(plans)
        guest = None if rng.random() < 0.1 else rng.choice(guests)
        words = tuple(rng.sample(_TITLE_WORDS, 2))
        parts = min(rng.choice((1, 1, 2, 3, 4)) if guest else 1, n - len(plans))
        series = f"{words[0]} and {words[1]} with {guest}" if parts > 1 else None
        if series and series in series_names:  # two series of one name would read as one
            continue
        series_names.add(series)
        for part in range(1, parts + 1):
            date = start + dt.timedelta(days=3 * (number - FIRST_NUMBER + part))
            plans.append(PagePlan(number + part - 1, date, guest, series,
                                  part if series else None, parts if series else None, words))
    return plans


def _title_line(plan: PagePlan) -> str:
    if plan.series:
        return f"E{plan.number}: {plan.series} – Part {plan.part} of {plan.parts}"
    if plan.guest:
        return f"E{plan.number}: {plan.words[0]} and {plan.words[1]}, with {plan.guest}"
    return f"E{plan.number}: {plan.words[0]} and {plan.words[1]}"


def _paragraph(rng: random.Random, pool: SamplePool) -> str:
    return " ".join(rng.choice(pool.sentences) for _ in range(rng.randint(2, 6)))


def _transcript(plan: PagePlan, rng: random.Random, pool: SamplePool) -> list[str]:
    """Indented paragraphs: labelled turns alternating host and guest, unlabelled continuations,
    an ad read in the middle of half the episodes; the host alone speaks unlabelled, like E100."""
    host, guest = "Jason", plan.guest.split()[0] if plan.guest else None
    target = rng.randint(*TRANSCRIPT_BYTES)
    paragraphs = [f"{host}: Welcome to the sales experience podcast. This is a synthetic episode."
                  if guest else "Welcome to the sales experience podcast. This is a synthetic episode."]
    size, speaker, ad_at = len(paragraphs[0]), host, (target // 2 if rng.random() < 0.5 else None)
    while size < target:
        if guest:
            speaker = guest if speaker == host else host
        for index in range(rng.randint(1, 3)):
            text = _paragraph(rng, pool)
            paragraphs.append(f"{speaker}: {text}" if guest and index == 0 else text)
            size += len(paragraphs[-1].encode())
        if ad_at is not None and size > ad_at:
            paragraphs.append(f"{host}: Hey, it's Jason here. We'll be right back to the podcast, but first, "
                              "are you ready to change the way you view your selling role?" if guest else
                              "Hey, it's Jason here. We'll be right back to the podcast.")
            ad_at = None
    return ["    " + p for p in paragraphs]


def _guest_block(plan: PagePlan, rng: random.Random, pool: SamplePool) -> list[str]:
    """The promo line for the guest, the bio and the links, as on E204."""
    first = plan.guest.split()[0]
    slug = plan.guest.lower().replace(" ", "-")  # "synthab-example"
    return [f"Connect with {first} on LinkedIn", "", "",
            f"{first}’s Bio:", "",
            f"{plan.guest} is an invented guest of the podcourse benchmark. {_paragraph(rng, pool)}", "", "",
            f"{first}’s Links:", "Website: ", f"https://example.com/{slug}", "",
            f"LinkedIn: https://www.linkedin.com/in/{slug}", ""]


def synthetic_page(plan: PagePlan, pool: SamplePool, seed: int) -> str:
    """The raw text of one synthetic episode page, laid out as the client's pages are."""
    rng = random.Random(f"{seed}:{plan.number}")
    gems = f"Some gems from Part {plan.part}:" if plan.part else "Some gems:"
    lines = ["CUTTER CONSULTING GROUP", "", _title_line(plan), "",
             f"{plan.date:%B} {plan.date.day}, {plan.date.year}", "", "",
             rng.choice(pool.hooks), "", "",
             f"A synthetic episode for the podcourse benchmark. {_paragraph(rng, pool)}", "", "",
             gems, ""]
    for _ in range(3):
        lines += [f"“{rng.choice(pool.sentences)}”", ""]
    lines += ["", "Download\u00a0", "The Power of Authentic Persuasion ebook", "Enroll in the\u00a0",
              "Authentic Persuasion Online Course", "Get help with your sales team",
              "Connect with Jason on LinkedIn", ""]
    if plan.guest:
        lines += _guest_block(plan, rng, pool)
    lines += ["  • Show Transcript", ""]
    for paragraph in _transcript(plan, rng, pool):
        lines += [paragraph, "", ""]
    return "\n".join(lines) + pool.feed


def write_pages(directory: Path, n: int, seed: int = 1) -> list[Path]:
    """Write N synthetic pages into directory (one .txt per episode); the same seed gives the same bytes."""
    pool = sample_pool()
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for plan in plan_catalogue(n, random.Random(seed)):
        path = directory / f"synthetic_e{plan.number}.txt"
        path.write_text(synthetic_page(plan, pool, seed), encoding="utf-8")
        paths.append(path)
    return paths


def copy_repository(dest: Path, source: Path = REPO) -> Path:
    """The parts of the repository a build reads, copied so the benchmark never touches the real one."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in REPO_PARTS:
        part = source / name
        if part.is_dir():
            shutil.copytree(part, dest / name, ignore=shutil.ignore_patterns("site", "__pycache__"))
        elif part.exists():
            shutil.copy2(part, dest / name)
    return dest


def refresh_theme(dest: Path, source: Path = REPO) -> None:
    """The repository's site-overrides/ (templates, search.js, static-search.js) copied over a
    copy made earlier: a copy kept between runs (--repo) would otherwise measure the code it was
    made with, not the code under test."""
    shutil.rmtree(dest / "site-overrides", ignore_errors=True)
    shutil.copytree(source / "site-overrides", dest / "site-overrides", ignore=shutil.ignore_patterns("__pycache__"))


def topic_names(root: Path) -> list[str]:
    """Topic names declared in content/topics.yml (a list of {name, description, query}), else TOPICS.

    Episodes name their topics by the declared name, as trainers write them."""
    path = root / "content" / "topics.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    if isinstance(data, dict):
        data = data.get("topics")
    names = [str(item["name"]) for item in data or () if isinstance(item, dict) and item.get("name")]
    return names or list(TOPICS)


def tag_topics(root: Path, numbers: list[int], seed: int = 1) -> None:
    """Give each synthetic episode one to three topics, as a trainer would in its YAML file."""
    from generator.store import dump_yaml, write_atomic

    topics = topic_names(root)
    rng = random.Random(seed)
    for number in numbers:
        path = root / "content" / "episodes" / f"e{number}.yml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["topics"] = rng.sample(topics, k=min(len(topics), rng.randint(1, 3)))
        write_atomic(path, dump_yaml(data))


def make_catalogue(dest: Path, n: int, seed: int = 1) -> tuple[Path, list]:
    """A repository copy at dest holding the real content plus N imported synthetic episodes.

    Returns the root and the importer's problems (errors mean the synthetic pages are wrong)."""
    from generator.importing import import_sources

    root = copy_repository(dest)
    pages = write_pages(root / "content" / "sources" / "synthetic", n, seed)
    problems = list(import_sources(pages, root))
    numbers = [int(re.search(r"e(\d+)", p.stem).group(1)) for p in pages]
    if not any(p.severity == "error" for p in problems):
        tag_topics(root, numbers, seed)
    return root, problems


if __name__ == "__main__":
    import argparse
    import sys

    parser = argparse.ArgumentParser(description="Write a synthetic catalogue into a repository copy.")
    parser.add_argument("dest", type=Path)
    parser.add_argument("-n", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    _, found = make_catalogue(args.dest, args.n, args.seed)
    for problem in found:
        print(problem, file=sys.stderr)
    sys.exit(1 if any(p.severity == "error" for p in found) else 0)

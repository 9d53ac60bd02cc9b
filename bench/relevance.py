"""Relevance of search on the sample: judged listener queries scored per passage (issue 11).

    .venv/bin/python bench/relevance.py                       # both Whoosh backends
    .venv/bin/python bench/relevance.py --backend static      # the static (Pagefind) search page
    .venv/bin/python bench/relevance.py --kind misspelling --json bench/out/relevance.json

`bench/judged.yml` holds listener queries with the transcript turns that answer them, judged by
reading the transcripts. Each backend answers every query; what is scored is the list of
passages a listener sees, in order (every group's passages, group after group), each passage
graded by the judged turns (or paragraphs) it covers. A passage that is not a transcript passage
(an episode's header, a lesson, a post) grades 0: the judgements are about transcripts.

Figures, per kind of query and overall, over the first K=10 passages:
  P@1      the first passage is relevant (grade 1 or 2)
  MRR@10   1 / rank of the first relevant passage
  nDCG@10  gain 2^grade - 1, discounted by log2(rank + 1), divided by the best DCG the indexed
           passages allow (their grades sorted, best first)
"""
from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
import tempfile
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterator, Mapping, Sequence
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: the repository's package, not another copy
    sys.path.insert(0, str(ROOT))

JUDGED = ROOT / "bench" / "judged.yml"
KINDS = ("word", "topic", "paraphrase", "name", "misspelling", "question")
BACKENDS = ("whoosh-episodes", "whoosh-all", "static")
WHOOSH_BACKENDS = ("whoosh-episodes", "whoosh-all")
K = 10
STATIC_TIMEOUT_MS = 15_000
STATIC_ALL_GROUPS = """async (params) => {
  const answer = await window.podcourse.search.static(params);
  if (answer && answer.rest) answer.groups = answer.groups.concat(await answer.rest());
  return answer;
}"""
"""A request ({query, type?, ...}) through the static backend, with the groups it reads as the
listener scrolls (`rest`)."""

Ranker = Callable[[str], list[str]]
"""A backend: query text -> passage URLs in the order a listener sees them."""


class BackendUnavailable(RuntimeError):
    """A backend that cannot run here (no browser, no static search function on the page yet)."""


# ---------------------------------------------------------------------------------------------
# The judged set
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Judgement:
    """One judged turn of an episode, or only some paragraphs of it (a long turn)."""

    episode: str  # episode slug, "e204"
    turn: int  # from 1, as anchored #t-N
    grade: int  # 2 answers the query, 1 relevant or partial
    paragraphs: frozenset[int] | None = None  # None: the whole turn

    def covers(self, episode: str, turn: int, paragraph: int) -> bool:
        return (episode == self.episode and turn == self.turn
                and (self.paragraphs is None or paragraph in self.paragraphs))


@dataclass(frozen=True)
class JudgedQuery:
    query: str
    kind: str
    relevant: tuple[Judgement, ...]


def load_judged(path: Path = JUDGED) -> list[JudgedQuery]:
    """The judged queries, in file order; shape errors raise (check_judged checks the content)."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        JudgedQuery(
            query=str(entry["query"]),
            kind=entry["kind"],
            relevant=tuple(
                Judgement(episode=j["episode"], turn=int(j["turn"]), grade=int(j["grade"]),
                          paragraphs=frozenset(j["paragraphs"]) if "paragraphs" in j else None)
                for j in entry["relevant"]),
        )
        for entry in entries
    ]


def check_judged(queries: Sequence[JudgedQuery], catalogue) -> list[str]:
    """Every problem of the judged set: judgements that point at nothing indexed, bad grades or
    kinds. A judgement on an ad, an outro or a missing turn would silently never count."""
    from generator.render.templates import paragraphs

    episodes = {e.slug: e for e in catalogue.episodes}
    problems = []
    for q in queries:
        where = f"{q.query!r}"
        if q.kind not in KINDS:
            problems.append(f"{where}: unknown kind {q.kind!r}")
        if not q.relevant:
            problems.append(f"{where}: no relevant turn")
        if not any(j.grade == 2 for j in q.relevant):
            problems.append(f"{where}: no turn answers it directly (grade 2)")
        for j in q.relevant:
            episode = episodes.get(j.episode)
            if episode is None:
                problems.append(f"{where}: no episode {j.episode}")
                continue
            if not 1 <= j.turn <= len(episode.transcript):
                problems.append(f"{where}: {j.episode} has no turn {j.turn}")
                continue
            turn = episode.transcript[j.turn - 1]
            if turn.kind != "speech":
                problems.append(f"{where}: {j.episode} turn {j.turn} is an {turn.kind}, not indexed")
            if j.grade not in (1, 2):
                problems.append(f"{where}: grade {j.grade} (use 1 or 2)")
            count = len(paragraphs(turn.text))
            if j.paragraphs is not None and not j.paragraphs <= set(range(1, count + 1)):
                problems.append(f"{where}: {j.episode} turn {j.turn} has paragraphs 1-{count} only")
    return problems


# ---------------------------------------------------------------------------------------------
# Passages: which turns and paragraphs each one covers, hence its grade for a query
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexedPassage:
    url: str  # "episodes/e204/#t-8", as the search results link it
    episode: str
    covers: tuple[tuple[int, int], ...]  # (turn, paragraph) pairs, both from 1
    parts: tuple[str, ...] = ()  # URLs of its later parts (Passage.parts): a hit may link to one


def indexed_passages(catalogue) -> list[IndexedPassage]:
    """Every transcript passage the index holds, with the turns and paragraphs it covers.

    The index cuts transcripts itself (`transcript_passages`: short turns joined into a window
    anchored at its first turn, long turns cut into pieces anchored at their first paragraph), so
    the coverage is read from its passages rather than guessed: each passage runs from its
    anchor up to the next passage's anchor. Ads and outros, left out of the index, fall inside
    the passage before them but are never judged (check_judged).
    """
    from generator.search.index import documents_from_catalogue, transcript_passages

    urls = {d.id.split(":", 1)[1]: d.url for d in documents_from_catalogue(catalogue) if d.type == "episode"}
    result = []
    for episode in catalogue.episodes:
        passages = transcript_passages(episode)
        starts = [_anchor_start(p.anchor) for p in passages]
        ends = starts[1:] + [(len(episode.transcript) + 1, 1)]
        for passage, start, end in zip(passages, starts, ends):
            covers = _span(episode, start, end)
            _check_span(episode, passage, covers)
            parts = tuple(f"{urls[episode.slug]}#{anchor}" for _, anchor, _ in passage.parts)
            result.append(IndexedPassage(f"{urls[episode.slug]}#{passage.anchor}", episode.slug, covers, parts))
    return result


def _anchor_start(anchor: str) -> tuple[int, int]:
    """(turn, paragraph) where a passage starts: "t-8" -> (8, 1), "t-1-p18" -> (1, 18)."""
    parts = anchor.split("-")
    if parts[0] != "t" or len(parts) not in (2, 3):
        raise ValueError(f"not a transcript anchor: {anchor!r}")
    return int(parts[1]), int(parts[2][1:]) if len(parts) == 3 else 1


def _span(episode, start: tuple[int, int], end: tuple[int, int]) -> tuple[tuple[int, int], ...]:
    """The (turn, paragraph) pairs of speech turns from `start` up to, not including, `end`."""
    from generator.render.templates import paragraphs

    pairs = []
    for turn in range(start[0], min(end[0], len(episode.transcript)) + 1):
        if episode.transcript[turn - 1].kind != "speech":
            continue
        count = len(paragraphs(episode.transcript[turn - 1].text))
        for paragraph in range(1, count + 1):
            if start <= (turn, paragraph) < end:
                pairs.append((turn, paragraph))
    return tuple(pairs)


def _check_span(episode, passage, covers) -> None:
    """The words of the paragraphs a passage is said to cover are the words it holds; fails
    loudly if the index ever cuts transcripts by another rule than "up to the next anchor"."""
    from generator.render.templates import paragraphs

    words = sum(len(paragraphs(episode.transcript[t - 1].text)[p - 1].split()) for t, p in covers)
    if words != len(passage.text.split()):
        raise AssertionError(f"{episode.slug} #{passage.anchor}: covers {covers}, {words} words, "
                             f"but the passage has {len(passage.text.split())}")


def passage_grades(query: JudgedQuery, passages: Sequence[IndexedPassage]) -> dict[str, int]:
    """Grade of every indexed transcript passage for a query: the best judged turn it covers."""
    return {
        p.url: max((j.grade for j in query.relevant for turn, paragraph in p.covers
                    if j.covers(p.episode, turn, paragraph)), default=0)
        for p in passages
    }


# ---------------------------------------------------------------------------------------------
# Scoring a ranking
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryScore:
    query: str
    kind: str
    p1: float
    mrr: float
    ndcg: float
    ranking: tuple[tuple[str, int], ...]  # (url, grade) of the first K passages, as scored


def ranked_urls(payload: Mapping) -> list[str]:
    """Passage URLs from a search response (the /api/search JSON shape), in the order shown.

    Only `groups[*].passages[*].url` is read: whatever else the response grows, that is what a
    listener clicks. URLs are made site-relative (no scheme, host or leading slash) and a
    passage shown twice counts once, where it first appears.
    """
    urls = []
    for group in payload.get("groups", ()):
        for passage in group.get("passages", ()):
            url = _site_relative(passage.get("url", ""))
            if url not in urls:
                urls.append(url)
    return urls


def _site_relative(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path.lstrip("/").removesuffix("index.html")
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def score(query: JudgedQuery, urls: Sequence[str], grades: Mapping[str, int]) -> QueryScore:
    """P@1, MRR@K and nDCG@K of one ranking; the ideal is the best order of the indexed passages."""
    shown = [(url, grades.get(url, 0)) for url in urls[:K]]
    first = next((rank for rank, (_, grade) in enumerate(shown, start=1) if grade > 0), None)
    ideal = dcg(sorted(grades.values(), reverse=True)[:K])
    return QueryScore(
        query=query.query,
        kind=query.kind,
        p1=1.0 if shown and shown[0][1] > 0 else 0.0,
        mrr=1.0 / first if first else 0.0,
        ndcg=dcg([grade for _, grade in shown]) / ideal if ideal else 0.0,
        ranking=tuple(shown),
    )


def dcg(grades: Sequence[int]) -> float:
    """Exponential gain: a passage that answers (2) is worth three that are relevant (1)."""
    return sum((2 ** grade - 1) / math.log2(rank + 1) for rank, grade in enumerate(grades, start=1))


@dataclass(frozen=True)
class Summary:
    queries: int
    p1: float
    mrr: float
    ndcg: float


def summarise(scores: Sequence[QueryScore]) -> dict[str, Summary]:
    """Mean figures per kind (in KINDS order) and "overall"."""
    by_kind: dict[str, list[QueryScore]] = defaultdict(list)
    for s in scores:
        by_kind[s.kind].append(s)
    groups = {kind: by_kind[kind] for kind in KINDS if by_kind[kind]}
    groups["overall"] = list(scores)
    return {
        name: Summary(len(group), _mean(s.p1 for s in group), _mean(s.mrr for s in group),
                      _mean(s.ndcg for s in group))
        for name, group in groups.items()
    }


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def evaluate(queries: Sequence[JudgedQuery], rank: Ranker, passages: Sequence[IndexedPassage]) -> list[QueryScore]:
    """Every judged query through one backend. A hit linking to a later part of a joined
    passage (the paragraph its excerpt opens in) is a hit on that passage."""
    passage_of = {part: p.url for p in passages for part in p.parts}

    def as_passages(urls: Sequence[str]) -> list[str]:
        return list(dict.fromkeys(passage_of.get(url, url) for url in urls))

    return [score(q, as_passages(rank(q.query)), passage_grades(q, passages)) for q in queries]


# ---------------------------------------------------------------------------------------------
# Backends
# ---------------------------------------------------------------------------------------------


def build_whoosh_index(catalogue, folder: Path):
    """The sample's Whoosh index, built in `folder` with the trainer's synonyms as the site
    build does, opened for searching."""
    from generator.search.engine import SearchIndex
    from generator.search.index import build_index, documents_from_catalogue

    build_index(documents_from_catalogue(catalogue), folder, synonyms=catalogue.synonyms)
    return SearchIndex(folder)


def whoosh_ranker(index, backend: str) -> Ranker:
    """`whoosh-episodes` searches with type=episode, as a listener filtering to episodes does;
    `whoosh-all` without a filter, where lessons and posts compete for the same places."""
    from generator.search.engine import SearchError, parse_request, search

    params = {"type": "episode"} if backend == "whoosh-episodes" else {}

    def rank(query: str) -> list[str]:
        try:
            results = search(index, parse_request({"q": query, **params}))
        except SearchError:  # a query the engine refuses finds nothing, as the listener sees it
            return []
        return ranked_urls(results.to_json())

    return rank


@contextmanager
def static_ranker(root: Path = ROOT, driver=None) -> Iterator[Ranker]:
    """The static search page in Debian's Chromium: the sample site built into a temp folder,
    served by a plain static server (no /api/search), queried through the page's own
    `window.podcourse.search.static(params)`, which answers in the /api/search shape.
    `driver`: a running Playwright to use (the tests' session-wide one: Playwright's sync API
    cannot start a second one in the same thread); by default one of its own."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import CHROMIUM, CHROMIUM_ARGS, static_server
    from generator.build import build_site
    from generator.load import errors

    if not CHROMIUM.is_file():
        raise BackendUnavailable(f"{CHROMIUM} is missing: install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="podcourse-relevance-") as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        with static_server(site) as base:
            problems = errors(build_site(root, site))
            if problems:
                raise BackendUnavailable("the site did not build: " + "; ".join(map(str, problems)))
            with (contextlib.nullcontext(driver) if driver is not None else sync_playwright()) as driver:
                browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
                try:
                    page = browser.new_page()
                    page.goto(base + "search/")
                    _wait_for_static_backend(page)

                    def rank(query: str) -> list[str]:
                        payload = page.evaluate(STATIC_ALL_GROUPS, {"query": query})
                        return ranked_urls(payload or {})

                    yield rank
                finally:
                    browser.close()


def _wait_for_static_backend(page) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            "() => typeof window.podcourse?.search?.static === 'function'", timeout=STATIC_TIMEOUT_MS)
    except PlaywrightTimeout:
        raise BackendUnavailable(
            "the built site's search page (site/search/) defines no window.podcourse.search.static "
            "function: the static (Pagefind) backend is not there yet") from None


@contextmanager
def rankers(backends: Sequence[str], catalogue) -> Iterator[dict[str, Ranker]]:
    """Each requested backend ready to answer; the Whoosh index is built once for both."""
    with tempfile.TemporaryDirectory(prefix="podcourse-relevance-index-") as tmp:
        found: dict[str, Ranker] = {}
        if any(b in WHOOSH_BACKENDS for b in backends):
            index = build_whoosh_index(catalogue, Path(tmp))
            found.update({b: whoosh_ranker(index, b) for b in backends if b in WHOOSH_BACKENDS})
        if "static" in backends:
            with static_ranker() as rank:
                found["static"] = rank
                yield {b: found[b] for b in backends}
        else:
            yield {b: found[b] for b in backends}


# ---------------------------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------------------------


def table(backend: str, summaries: Mapping[str, Summary]) -> str:
    lines = [f"{backend}", f"  {'kind':<12} {'n':>3} {'P@1':>6} {'MRR@10':>7} {'nDCG@10':>8}"]
    for name, s in summaries.items():
        lines.append(f"  {name:<12} {s.queries:>3} {s.p1:>6.2f} {s.mrr:>7.2f} {s.ndcg:>8.2f}")
    return "\n".join(lines)


def failures(scores: Sequence[QueryScore]) -> str:
    """The queries whose first passage is not relevant: what a developer looks at first."""
    missed = [s for s in scores if s.p1 == 0]
    lines = [f"  P@1 = 0 for {len(missed)} of {len(scores)} queries:"]
    for s in missed:
        top = s.ranking[0][0] if s.ranking else "(nothing found)"
        lines.append(f"    [{s.kind}] {s.query!r}: nDCG@10 {s.ndcg:.2f}, first: {top}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", action="append", choices=BACKENDS,
                        help="may be repeated (default: " + " and ".join(WHOOSH_BACKENDS) + ")")
    parser.add_argument("--kind", choices=KINDS, help="only the queries of this kind")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every figure and ranking here")
    args = parser.parse_args(argv)
    backends = list(dict.fromkeys(args.backend or WHOOSH_BACKENDS))

    from generator.load import load_catalogue

    catalogue, _ = load_catalogue(ROOT)
    queries = load_judged()
    problems = check_judged(queries, catalogue)
    if problems:
        print("\n".join(f"{JUDGED}: {p}" for p in problems), file=sys.stderr)
        return 1
    if args.kind:
        queries = [q for q in queries if q.kind == args.kind]
    passages = indexed_passages(catalogue)
    report = {}
    try:
        with rankers(backends, catalogue) as ready:
            for backend in backends:
                scores = evaluate(queries, ready[backend], passages)
                summaries = summarise(scores)
                print(table(backend, summaries))
                print(failures(scores))
                print()
                report[backend] = {"summary": {k: asdict(v) for k, v in summaries.items()},
                                   "queries": [asdict(s) for s in scores]}
    except BackendUnavailable as error:
        print(f"relevance: {error}", file=sys.stderr)
        return 2
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A trial, not part of podcourse: would static word embeddings help listeners' own wording?

    .venv/bin/pip install wordllama==0.4.0.post1     # not a dependency of podcourse
    .venv/bin/python bench/hybrid_trial.py

WordLlama ships a 256-dimension static embedding model inside its wheel (no model hub needed,
which this machine cannot reach). Each transcript passage of the sample and each query is embedded
(mean of token vectors); a passage's score is its Whoosh score (as a share of the best hit's)
times the idf-weighted share of the query's words it holds, raised to `power`, plus `weight` times
its cosine with the query (as a share of the best cosine). Pages rank by their best passage, ten
passages each, as `podcourse search` shows them; scored with bench/relevance.py on bench/judged.yml.
Figures and the decision are in bench/README.md ("Meaning, not words").
"""
from __future__ import annotations

import math
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import relevance as R  # noqa: E402
from generator.load import load_catalogue  # noqa: E402
from generator.search.analysis import QUERY_FILLER, term_of, tokens  # noqa: E402
from generator.search.engine import SearchError, parse_request, search  # noqa: E402
from generator.search.index import documents_from_catalogue, transcript_passages  # noqa: E402


def model():
    import wordllama
    from wordllama import WordLlama

    # The wheel holds the tokenizer under tokenizers/, where load() looks for it only as a cache.
    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


def main() -> int:
    catalogue, _ = load_catalogue(ROOT)
    queries, passages = R.load_judged(), R.indexed_passages(catalogue)
    urls = {d.id.split(":", 1)[1]: d.url for d in documents_from_catalogue(catalogue) if d.type == "episode"}
    texts = {f"{urls[e.slug]}#{p.anchor}": p.text for e in catalogue.episodes for p in transcript_passages(e)}
    order = [p.url for p in passages]
    embedder = model()
    vectors = embedder.embed([texts[u] for u in order], norm=True)
    words = {u: {term_of(w) for w, *_ in tokens(texts[u])} for u in order}
    df: dict[str, int] = defaultdict(int)
    for found in words.values():
        for term in found:
            df[term] += 1
    index = R.build_whoosh_index(catalogue, Path(tempfile.mkdtemp(prefix="hybrid-trial-")))

    def lexical(q: str) -> tuple[dict[str, float], str]:
        try:
            res = search(index, parse_request({"q": q, "type": "episode", "passages": "100"})).to_json()
        except SearchError:
            return {}, q
        hits = {R._site_relative(p["url"]): p["score"] for g in res["groups"] for p in g["passages"]}
        return hits, res.get("searched") or q

    def share_of_query(q: str, url: str) -> float:
        terms = [term_of(w) for w, *_ in tokens(q) if w.lower() not in QUERY_FILLER]
        idf = {t: math.log(1 + len(order) / (1 + df.get(t, 0))) for t in terms}
        return sum(idf[t] for t in terms if t in words[url]) / (sum(idf.values()) or 1)

    def ranker(weight: float, power: float):
        def rank(q: str) -> list[str]:
            hits, searched = lexical(q)
            cosine = vectors @ embedder.embed([searched], norm=True)[0]
            dense = np.maximum(cosine, 0) / max(float(cosine.max()), 1e-9)
            top = max(hits.values(), default=1.0)
            scores = {u: hits.get(u, 0) / top * share_of_query(searched, u) ** power + weight * dense[i]
                      for i, u in enumerate(order)}
            scores.update({u: s / top * 0.5 for u, s in hits.items() if u not in scores})  # page headers
            return grouped(scores, keep=lambda u: u in hits or scores[u] > 0)
        return rank

    def grouped(scores: dict[str, float], keep) -> list[str]:
        page = lambda u: u.split("#")[0]  # noqa: E731
        best: dict[str, float] = defaultdict(float)
        for u, s in scores.items():
            best[page(u)] = max(best[page(u)], s)
        ranked = []
        for p in sorted(best, key=lambda p: -best[p]):
            ranked += sorted((u for u in scores if page(u) == p and keep(u)), key=lambda u: -scores[u])[:10]
        return ranked

    rows = [("Whoosh alone (as shipped)", R.whoosh_ranker(index, "whoosh-episodes"))]
    rows += [(f"hybrid weight {w}, power {p}", ranker(w, p)) for w, p in
                        ((0.0, 1.0), (0.5, 1.0), (0.5, 2.0), (1.0, 2.0))]
    for name, rank in rows:
        summary = R.summarise(R.evaluate(queries, rank, passages))
        print(f"{name:28}", " ".join(f"{k}:{v.ndcg:.2f}/{v.p1:.2f}" for k, v in summary.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

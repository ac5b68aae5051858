"""Near-duplicate articles: MinHash signatures, LSH buckets, and the test that links two articles.

Syndicated copies share almost every word; paraphrased rewrites and content-farm
spins share the facts (names, places, numbers, the events coded from them) but
few word sequences. So an article's features are its content words cut to a
stem (the first five letters of words that are not function words, and every
number), and each feature is hashed NUM_PERM times. The share of equal minimums
between two signatures estimates the Jaccard similarity of their feature sets.

Candidates come from LSH: the signature is cut into BANDS bands of ROWS values;
two articles that agree on a whole band share a bucket. With 128 bands of 2, a
pair at similarity 0.15 becomes a candidate with probability 0.94. Candidates
are then linked when

    similarity >= LINK, or
    similarity >= LINK_WITH_EVENTS and they share a coded real-world event
    (an event cluster: same type, dyad, place and day),

and both were published within WINDOW_DAYS of each other. A text of fewer than
SHORT features (a headline, a one-line item) is linked only when nearly
identical (LINK_SHORT), since two such lines share half their words by chance. On the project's
labelled set (bench/data/dedupe, `bench/dedupe.py`) wire copies score 0.7-0.9,
rewrites and spins 0.19-0.45, and distinct reports of the same conflict and week
at most 0.25 without a shared event and 0.16 with one; the thresholds sit in
those gaps (chosen on that set, which has no held-out part).
"""

from __future__ import annotations

import hashlib
import heapq
import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

import numpy as np

NUM_PERM = 256
BANDS, ROWS = 128, 2
LINK = 0.33
LINK_WITH_EVENTS = 0.18
SHORT = 15        # features below which a text is too short to judge by overlap: a headline, a one-line item
LINK_SHORT = 0.9  # such texts are linked only when nearly identical
WINDOW_DAYS = 7
STEM = 5
_PRIME = np.uint64((1 << 61) - 1)
_rng = np.random.default_rng(20250516)  # fixed: signatures must be stable across runs and machines
_A = _rng.integers(1, (1 << 61) - 1, NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, (1 << 61) - 1, NUM_PERM, dtype=np.uint64)
_MASK = np.uint64((1 << 61) - 1)
WORD = re.compile(r"[^\W_]+(?:[.,][0-9]+)*", re.UNICODE)
FUNCTION_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
nor not now of off on once only or other our ours ourselves out over own said same says she should so
some such than that the their theirs them themselves then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you your yours
yourself yourselves according told new one two last week monday tuesday wednesday thursday friday
saturday sunday""".split())


def features(text: str) -> set[str]:
    """Content-word stems and numbers: what a rewrite keeps when it changes the wording."""
    out = set()
    for word in WORD.findall(text.lower()):
        if word[0].isdigit():
            out.add(word.replace(",", ""))
        elif len(word) > 2 and word not in FUNCTION_WORDS:
            out.add(word[:STEM])
    return out


def _hash(feature: str) -> int:
    return int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little")


def signature(found: set[str]) -> np.ndarray:
    """NUM_PERM minimum hashes of a text's features (all ones for a text with none)."""
    values = np.fromiter((_hash(f) for f in found), dtype=np.uint64)
    if not len(values):
        return np.full(NUM_PERM, _MASK, dtype=np.uint64)
    values &= _MASK
    # (a*x + b) mod 2^61-1, in uint64 arithmetic that wraps: good enough mixing for MinHash.
    permuted = (np.outer(values, _A) + _B) % _PRIME
    return permuted.min(axis=0)


def buckets(sig: np.ndarray) -> list[int]:
    """One bucket key per band (band number mixed in, so bands never collide with each other)."""
    out = []
    for band in range(BANDS):
        chunk = sig[band * ROWS:(band + 1) * ROWS].tobytes() + band.to_bytes(2, "little")
        out.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little") >> 1)
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / NUM_PERM


def linked(score: float, shared_events: int, smallest: int = SHORT) -> bool:
    """Whether two articles are one story, given their similarity, the event clusters they share and
    the feature count of the shorter one."""
    if smallest < SHORT:
        return score >= LINK_SHORT
    return score >= LINK or (score >= LINK_WITH_EVENTS and shared_events > 0)


def day(value) -> str | None:
    """An ISO day, or None for anything that is not one (a bad date must not sink its batch)."""
    try:
        return date.fromisoformat(str(value)[:10]).isoformat() if value else None
    except ValueError:
        return None


# -- linking articles to stories, set-wise --------------------------------------------------------------

CANDIDATES = 32  # earlier articles an article is compared with at most: those sharing the most LSH buckets


class Signed(NamedTuple):
    """An article as story linking sees it: its MinHash signature, feature count, LSH buckets, day and
    event clusters (and, once linked, its story)."""
    id: str
    signature: Any
    size: int
    buckets: tuple[int, ...]
    published: str | None
    clusters: set[str]
    story: str = ""


def sign(article_id: str, text: str, published: str | None, clusters: set[str]) -> Signed:
    """What story linking compares an article by: computed from its text alone, so in any process."""
    found = features(text)
    minhash = signature(found)
    return Signed(article_id, minhash, len(found), tuple(buckets(minhash)), day(published), clusters)


def link(db, signed: list[Signed], insert: Callable[[str, list[tuple]], None]) -> list[tuple[str, float | None, str]]:
    """Link each signed article to the story of its closest near-duplicate published earlier in input
    order (stored before, or earlier in this batch), and store its signature and buckets with `insert`.
    Returns (story id, score, id) for each. `db` is the store's DuckDB connection.

    Each article is compared with the CANDIDATES earlier articles within the date window that share
    the most LSH buckets with it (ties by id). The stored ones are found set-wise, by one query for
    the batch, so a batch costs about the same whatever the store holds; and since the choice does
    not depend on where batches begin, any batch size gives the same stories."""
    if not signed:
        return []
    stored, nearest = _nearest(db, signed)
    holders: dict[int, list[str]] = {}  # bucket -> this batch's earlier articles in it
    days = {i.id: date.fromisoformat(i.published).toordinal() if i.published else None for i in signed}
    links = []
    for item in signed:
        hits = dict(nearest.get(item.id, ()))
        when = days[item.id]
        shared = Counter(other for b in item.buckets for other in holders.get(b, ()))
        hits |= {other: count for other, count in shared.items()
                 if when is None or days[other] is None or abs(when - days[other]) <= WINDOW_DAYS}
        best: tuple[float, str] | None = None
        for other in heapq.nsmallest(CANDIDATES, hits, key=lambda k: (-hits[k], k)):
            near = stored[other]
            score = similarity(item.signature, near.signature)
            if linked(score, len(item.clusters & near.clusters), min(item.size, near.size or 0)) \
                    and (best is None or score > best[0] or (score == best[0] and near.story < best[1])):
                best = (score, near.story)
        story = best[1] if best else item.id
        links.append((story, round(best[0], 3) if best else None, item.id))
        stored[item.id] = item._replace(story=story)
        for b in item.buckets:
            holders.setdefault(b, []).append(item.id)
    insert_signed(insert, signed, links)
    return links


def insert_signed(insert: Callable[[str, list[tuple]], None], signed: list[Signed],
                  links: list[tuple[str, float | None, str]]) -> None:
    insert("signatures", [(i.id, i.published, i.size, [int(v) for v in i.signature], story, sorted(i.clusters))
                          for i, (story, _, _) in zip(signed, links)])
    insert("lsh", [(i.id, b, i.published) for i in signed for b in i.buckets])


def _nearest(db, signed: list[Signed]) -> tuple[dict[str, Signed], dict[str, list[tuple[str, int]]]]:
    """The stored articles that share buckets with the signed ones within the date window, and for
    each signed article its CANDIDATES best (id, buckets shared)."""
    import pyarrow as pa

    days = [date.fromisoformat(i.published) if i.published else None for i in signed]
    batch = pa.table({"article_id": [i.id for i in signed for _ in i.buckets],
                      "bucket": pa.array([b for i in signed for b in i.buckets], pa.uint64()),
                      "published": pa.array([d for i, d in zip(signed, days) for _ in i.buckets], pa.date32())})
    window = WINDOW_DAYS
    # A constant bound besides the per-pair one lets DuckDB skip whole row groups (rows arrive by date).
    if None in days:
        bound = signed_bound = "TRUE"
    else:
        span = f"BETWEEN DATE '{min(days).isoformat()}' - {window} AND DATE '{max(days).isoformat()}' + {window}"
        bound, signed_bound = (f"({table}.published IS NULL OR {table}.published {span})" for table in "ls")
    db.register("_probe", batch)
    try:
        result = db.sql(f"""
            WITH hits AS (
                SELECT p.article_id AS probe, l.article_id AS other, count(*) AS hits
                FROM _probe p JOIN lsh l ON l.bucket = p.bucket
                WHERE {bound} AND (p.published IS NULL OR l.published IS NULL
                      OR l.published BETWEEN p.published - {window} AND p.published + {window})
                GROUP BY p.article_id, l.article_id),
            ranked AS (
                SELECT *, row_number() OVER (PARTITION BY probe ORDER BY hits DESC, other) AS rank FROM hits)
            SELECT r.probe, r.other, r.hits, s.story_id, s.published, s.features, s.clusters, s.minhash
            FROM ranked r JOIN signatures s ON s.article_id = r.other
            WHERE r.rank <= {CANDIDATES} AND {signed_bound} ORDER BY r.probe, r.rank""").to_arrow_table()
    finally:
        db.unregister("_probe")
    nearest: dict[str, list[tuple[str, int]]] = {}
    stored: dict[str, Signed] = {}
    if not result.num_rows:
        return stored, nearest
    columns = result.drop_columns(["minhash"]).to_pydict()
    hashes = result.column("minhash").combine_chunks().flatten().to_numpy().reshape(-1, NUM_PERM)
    for n in range(result.num_rows):
        other, published = columns["other"][n], columns["published"][n]
        nearest.setdefault(columns["probe"][n], []).append((other, columns["hits"][n]))
        if other not in stored:
            stored[other] = Signed(other, hashes[n], columns["features"][n], (),
                                   published.isoformat() if published else None,
                                   set(columns["clusters"][n] or ()), columns["story_id"][n] or other)
    return stored, nearest

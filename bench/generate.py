"""A large corpus made from the project's own articles: for the scale benchmarks.

    .venv/bin/python bench/generate.py OUT --articles 100000 [--partitions 100] [--per-day 300]

Each generated article starts from one of the project's English articles (examples/ and the labelled
corpus/w*/, written for this project) and varies it: its own id, a day spread over the run
(--per-day articles a day), a source out of forty, its sentences in a new order, about a third of
them taken from another article, its numbers changed, and the cities it names swapped for others.
Copies of one original in the same week therefore look like rewrites, not duplicates. Written as
JSONL partitions (OUT/part-00000.jsonl ...), the article contract's input form.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CITIES = ["Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia", "Kherson", "Sumy", "Poltava", "Mykolaiv", "Lviv", "Chernihiv",
          "Goma", "Bukavu", "Khartoum", "Omdurman", "El Fasher", "Gaza", "Rafah", "Khan Younis", "Beirut", "Tyre",
          "Aleppo", "Idlib", "Sanaa", "Hodeidah", "Marib", "Tripoli", "Benghazi", "Mogadishu", "Kismayo", "Juba",
          "Bamako", "Gao", "Timbuktu", "Ouagadougou", "Niamey", "Mandalay", "Lashio", "Port-au-Prince", "Stepanakert",
          "Tigray"]
SOURCES = [f"Desk {n:02d}" for n in range(40)]
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
NUMBER = re.compile(r"\b\d{1,4}\b")


def originals() -> list[dict]:
    """(title, sentences, cities named) of each English article of the project."""
    found = []
    paths = sorted(ROOT.glob("corpus/w*/*.txt")) + sorted((ROOT / "examples").glob("*.md"))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            text = text.split("---", 2)[2]
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
        if len(lines) < 2:
            continue
        body = " ".join(lines[1:])
        found.append({"title": lines[0], "sentences": SENTENCE.split(body),
                      "cities": sorted({c for c in CITIES if c in body})})
    return found


def articles(count: int, *, per_day: int = 300, seed: int = 16, start: date = date(2025, 1, 1)) -> Iterator[dict]:
    """`count` generated articles, in publication order."""
    rng = random.Random(seed)
    pool = originals()
    for n in range(count):
        base = pool[n % len(pool)]
        other = pool[rng.randrange(len(pool))]
        sentences = list(base["sentences"])
        rng.shuffle(sentences)
        keep = max(1, round(len(sentences) * 2 / 3))
        sentences = sentences[:keep] + rng.sample(other["sentences"], min(len(other["sentences"]),
                                                                          len(sentences) - keep + 1))
        body = " ".join(sentences)
        for city in base["cities"]:
            body = body.replace(city, rng.choice(CITIES))
        body = NUMBER.sub(lambda m: str(rng.randint(2, 400)), body)
        yield {"id": f"gen-{n:07d}", "title": base["title"], "text": body,
               "published": (start + timedelta(days=n // per_day)).isoformat(), "source": rng.choice(SOURCES),
               "url": f"https://generated.example/{n:07d}"}


def write(out: Path, count: int, *, partitions: int = 100, per_day: int = 300) -> list[Path]:
    """The corpus as `partitions` JSONL files of consecutive articles."""
    out.mkdir(parents=True, exist_ok=True)
    size = -(-count // partitions)
    paths, handle = [], None
    for n, record in enumerate(articles(count, per_day=per_day)):
        if n % size == 0:
            if handle:
                handle.close()
            paths.append(out / f"part-{len(paths):05d}.jsonl")
            handle = paths[-1].open("w", encoding="utf-8")
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    if handle:
        handle.close()
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--partitions", type=int, default=100)
    parser.add_argument("--per-day", type=int, default=300)
    args = parser.parse_args()
    paths = write(args.out, args.articles, partitions=args.partitions, per_day=args.per_day)
    print(f"{args.articles} articles in {len(paths)} partitions under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

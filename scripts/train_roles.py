"""Train the actor ranker (who did it, to whom) on the corpus's train split and score it on dev.

    make train      # runs this after scripts/train_tagger.py

For every labelled event (source and target), position and conditional (actor) of the train split,
the rule pipeline's analysis of the article (mentions, parse) gives the candidates (every actor code the article
names, and "nobody") and their features (`peacewatch.coding.ranker.features`); a two-layer network
learns to score the labelled code above the others (softmax over the candidates). Items whose code
the article never names are left out of training (no candidate can be right). Written to
src/peacewatch/data/model/roles.npz; dev accuracy is printed next to the rule stages' on the same
labelled stretches (their event of the same type, position or conditional overlapping it). Seeds are
fixed; needs the `train` extra (PyTorch).
The held-out round (HELD) is left out: the chooser learns from it (`scripts/train_chooser.py`).
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
from bisect import bisect_right
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
MODEL = ROOT / "src" / "peacewatch" / "data" / "model"
# The seventh round (w41-w48, written in session 20) is held out of the ranker's and the side reader's
# training: the chooser learns on it how far to trust each, from scores as honest as those on new text.
HELD = tuple(f"w{n}" for n in range(41, 49))


def processed(split: str, work: Path, cached: bool = False):
    """(article after the rule stages, label) for a split; with `cached`, kept in `work` between runs
    (stale once the knowledge base or the rule stages change: delete build/roles-*.pickle then)."""
    from train_tagger import articles

    from peacewatch import Pipeline

    cache = work / f"roles-{split}.pickle"
    if cached and cache.exists():
        return pickle.loads(cache.read_bytes())
    from peacewatch.article import Article
    from peacewatch.settings import Settings

    pipeline = Pipeline(Settings(coder="rules"))
    out = []
    for article_id, raw, label in articles(split):
        [article] = pipeline.process([Article(id=article_id, raw=raw)])
        out.append((article, label))
    if cached:
        work.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps(out))
    return out


def text_span(article, raw_start: int, raw_end: int) -> tuple[int, int]:
    """The span of article.text whose raw span is raw_start..raw_end (repairs move offsets)."""
    if article.offsets is None:
        return raw_start, raw_end
    size = len(article.text or "")

    def first(value, at) -> int:
        low, high = 0, size
        while low < high:
            mid = (low + high) // 2
            if at(mid) >= value:
                high = mid
            else:
                low = mid + 1
        return low

    return first(raw_start, article.offsets.start), first(raw_end, article.offsets.end)


def _rule_answer(article, start: int, end: int, kind: str, role: str) -> set[str | None]:
    """What the rule stages said for the same stretch (for the comparison printed on dev)."""
    if kind == "POSITION":
        refs = [p.actor for p in article.positions if p.start < end and start < p.end]
    elif kind == "CONDITIONAL":
        refs = [c.actor for c in article.conditionals if c.start < end and start < c.end]
    else:
        refs = [getattr(e, role) for e in article.events if e.start < end and start < e.end and e.plover == kind]
    return {r.country if r else None for r in refs} or {None}


def instances(split: str, work: Path, cached: bool = False, leave_out: tuple[str, ...] = ()):
    """(rows, index of the right candidates, role, kind, rule stages right?) per labelled item (not those
    of the writers in `leave_out`)."""
    from peacewatch.coding.ranker import NONE, candidates, features
    from peacewatch.scoring import codes

    out = []
    for article, label in processed(split, work, cached):
        if label["writer"] in leave_out:
            continue
        order = candidates(article)
        starts = [s.start for s in article.sentences]
        items = [(e, e["plover"][0], (("source", "source"), ("target", "target"))) for e in label["events"]]
        items += [(p, "POSITION", (("actor", "actor"),)) for p in label["positions"]]
        items += [(c, "CONDITIONAL", (("actor", "actor"),)) for c in label["conditionals"]]
        for item, kind, pairs in items:
            at = article.raw.find(item.get("evidence") or "\0")
            if at < 0:
                continue
            start, end = text_span(article, at, at + len(item["evidence"]))
            index = max(0, bisect_right(starts, start) - 1)
            for role, field in pairs:
                gold = codes(item.get(field))
                pool = [NONE, *order]
                right = [n for n, c in enumerate(pool) if (None if c == NONE else c) in gold]
                if not right:
                    continue
                rows = [features(article, index, start, end, kind, role, c, order) for c in pool]
                out.append((rows, right, role, kind, bool(_rule_answer(article, start, end, kind, role) & gold)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--members", type=int, default=9, help="scorers averaged (seeds 13, 14, ...)")
    parser.add_argument("--work", default=str(ROOT / "build"))
    parser.add_argument("--out", default=str(MODEL))
    parser.add_argument("--cache", action="store_true", help="keep the rule stages' analyses in --work between runs")
    args = parser.parse_args()

    import torch

    torch.set_num_threads(1)
    work = Path(args.work)
    train, dev = instances("train", work, args.cache, HELD), instances("dev", work, args.cache)
    print(f"{len(train)} train items, {len(dev)} dev items (with a reachable answer)", flush=True)
    from peacewatch.coding.ranker import Ranker

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    fit(train, out / "roles.npz", args)
    ranker = Ranker(out)
    tally: dict[str, list[int]] = {}
    for rows, right, role, kind, rule_right in dev:
        key = role if kind not in ("POSITION", "CONDITIONAL") else kind.lower()
        counts = tally.setdefault(key, [0, 0, 0])
        counts[0] += 1
        counts[1] += int(ranker.scores(rows).argmax()) in right
        counts[2] += rule_right
    for key, (n, learned, rules) in tally.items():
        print(f"dev {key:<12} {n:>5} items: ranker {learned / n:.3f}, rule stages {rules / n:.3f}")
    return 0


def fit(train, path: Path, args) -> None:
    """`args.members` two-layer scorers, each trained with a softmax over each item's candidates from
    its own seed, saved as one wider network whose score is the mean of theirs (an ensemble: the
    ranker's code does not change, and its choices vary less with the seed)."""
    import numpy as np

    arrays = [(np.asarray(rows, dtype=np.float32), right) for rows, right, *_ in train]
    every = np.concatenate([x for x, _ in arrays])
    mean, scale = every.mean(0), every.std(0) + 1e-3
    members = [_member(arrays, mean, scale, 13 + k, path.name, args) for k in range(args.members)]
    np.savez(path, mean=mean, scale=scale, w1=np.concatenate([m[0] for m in members], axis=1),
             b1=np.concatenate([m[1] for m in members]), w2=np.concatenate([m[2] for m in members]) / len(members),
             b2=np.mean([m[3] for m in members], axis=0))


def _member(arrays, mean, scale, seed: int, name: str, args):
    """One scorer's weights (w1, b1, w2, b2), trained from `seed`."""
    import torch

    random.seed(seed)
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(len(mean), args.hidden), torch.nn.ReLU(),
                              torch.nn.Linear(args.hidden, 1))
    optimiser = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=1e-3)
    tensors = [(torch.tensor((x - mean) / scale), right) for x, right in arrays]
    for epoch in range(args.epochs):
        random.shuffle(tensors)
        total = 0.0
        for k in range(0, len(tensors), 8):
            loss = 0.0
            for x, right in tensors[k:k + 8]:
                scores = net(x).squeeze(-1)
                loss = loss + torch.logsumexp(scores, 0) - torch.logsumexp(scores[right], 0)
            loss.backward()
            optimiser.step()
            optimiser.zero_grad()
            total += loss.item()
        if epoch % 10 == 9:
            print(f"{name} seed {seed} epoch {epoch}: loss {total / len(tensors):.3f}", flush=True)
    first, second = net[0], net[2]
    return (first.weight.detach().numpy().T.copy(), first.bias.detach().numpy(),
            second.weight.detach().numpy().T.copy(), second.bias.detach().numpy())


if __name__ == "__main__":
    raise SystemExit(main())

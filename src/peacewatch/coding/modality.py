"""Did it happen? Modality of an event trigger, from the dependency parse.

asserted; planned (will, plans to, intends, is set to, willingness to);
conditional (if, unless, should X fail); hypothetical (could, would,
potential); negated (not, never, denied, failed to); claimed (a claim verb,
or the report is called unverified) with the claimer as attributed_to.
Following the coding conventions, a plain "said" stays asserted but still
names who said it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..article import Sentence

CONDITION_MARKS = {"if", "unless", "provided", "providing"}
NEGATING_VERBS = {"deny", "fail", "refuse", "decline"}
OFFER_VERBS = {"offer", "promise", "pledge", "agree", "propose", "commit", "undertake", "volunteer", "ready",
               "willing", "prepared", "prepare", "consent"}  # intents whose content may carry their condition
CLAIM_VERBS = {"claim", "allege", "purport", "contend"}
SAY_VERBS = {"say", "tell", "report", "announce", "state", "add", "write", "confirm", "declare", "insist",
             "warn", "note", "explain", "accord"}
PLAN_VERBS = {"plan", "intend", "prepare", "aim", "expect", "schedule", "set", "agree", "promise", "pledge",
              "vow", "offer", "propose", "want", "seek", "hope", "threaten", "anticipate", "decide", "move",
              "ready", "willing", "going", "plot"}
PLAN_NOUNS = {"willingness", "readiness", "intention", "intent", "plan", "plans", "proposal", "offer",
              "commitment", "pledge", "promise", "bid", "attempt", "effort", "desire", "ambition"}
PLAN_MODIFIERS = {"planned", "upcoming", "proposed", "next", "future", "possible", "potential", "expected",
                  "forthcoming", "prospective", "further", "new"}
DESIRE_VERBS = {"demand", "insist", "urge", "call", "ask", "want", "require", "request", "press", "push", "seek",
                "suggest", "recommend", "appeal", "wish", "hope"}
HYPOTHETICAL_AUX = {"could", "would", "might", "may", "can"}
HYPOTHETICAL_WORDS = {"potential", "possible", "potentially", "possibly", "perhaps", "maybe", "hypothetical",
                      "likely", "unlikely"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
UNVERIFIED = ("could not be independently verified", "could not be verified", "reportedly", "allegedly",
              "unverified", "unconfirmed")


@dataclass(slots=True)
class Modality:
    modality: str
    attributed_to: int | None  # token index of the claimer or speaker
    part: str | None = None  # for conditionals: "condition" or "consequence"


def classify(sentence: Sentence, trigger: int, sentence_text: str = "") -> Modality:
    tokens = sentence.tokens or []
    token = tokens[trigger]
    if token.dep == "conj" and token.head != trigger and not any(
            tokens[c].dep in {"aux", "auxpass", "neg", "mark", "nsubj"} for c in sentence.children(trigger)):
        return classify(sentence, token.head, sentence_text)  # "will implement and enforce": one modality
    chain = _clause_chain(sentence, trigger)
    speaker = _speaker(sentence, [trigger, *sentence.ancestors(trigger)])
    lowered = sentence_text.lower()

    # "offered to release them if sanctions were lifted": the condition of an offer's content holds the offer
    # (not a threat, a demand or an appeal: "called on Europe to impose sanctions if ..." was a call made)
    content = [c for c in sentence.children(trigger) if tokens[c].dep == "xcomp"] \
        if tokens[trigger].lemma in OFFER_VERBS else []
    for i in chain + content:
        for child in sentence.children(i):
            token = tokens[child]
            if token.dep == "mark" and token.lemma in CONDITION_MARKS and not _concessive(sentence, child):
                return Modality("conditional", speaker, "condition")
            if token.dep == "advcl" and any(tokens[g].dep == "mark" and tokens[g].lemma in CONDITION_MARKS
                                            and not _concessive(sentence, g) for g in sentence.children(child)):
                if child not in chain:
                    return Modality("conditional", speaker, "consequence")
    if lowered.startswith("should ") or lowered.startswith("unless "):
        return Modality("conditional", speaker, "consequence")

    for n, i in enumerate(chain):
        token = tokens[i]
        if any(tokens[c].dep == "neg" or tokens[c].lemma in {"never", "no"} and tokens[c].dep in {"neg", "det", "advmod"}
               for c in sentence.children(i)):
            return Modality("negated", speaker)
        if n > 0 and token.lemma in NEGATING_VERBS and token.pos == "VERB":
            return Modality("negated", speaker)

    for i in chain[1:]:
        if tokens[i].lemma in CLAIM_VERBS:
            return Modality("claimed", _subject(sentence, i))
    if any(marker in lowered for marker in UNVERIFIED):
        return Modality("claimed", speaker)

    if len(chain) > 1 and tokens[chain[1]].lemma == "call" and tokens[trigger].dep == "dobj":
        return Modality("planned", speaker)  # "called a general strike for Friday": organised, to come
    if any(tokens[i].lemma in DESIRE_VERBS for i in chain[1:3]):
        return Modality("hypothetical", speaker)  # demanded or urged, not done
    for i in chain[:3]:
        for child in sentence.children(i):
            token = tokens[child]
            if token.dep == "aux" and token.text.lower() in HYPOTHETICAL_AUX:
                if token.text.lower() == "would" and any(tokens[j].lemma in SAY_VERBS | PLAN_VERBS
                                                         for j in sentence.ancestors(i)):
                    return Modality("planned", speaker)  # "said it would hand over": future in reported speech
                return Modality("hypothetical", speaker)
            if token.text.lower() in HYPOTHETICAL_WORDS and token.dep in {"amod", "advmod"}:
                return Modality("hypothetical", speaker)

    for n, i in enumerate(chain):
        token = tokens[i]
        for child in sentence.children(i):
            kid = tokens[child]
            if kid.dep == "aux" and kid.text.lower() in FUTURE_AUX:
                return Modality("planned", speaker)
            if n == 0 and kid.dep in {"amod", "advmod"} and kid.text.lower() in PLAN_MODIFIERS - {"further", "new"}:
                return Modality("planned", speaker)
        if n > 0 and (token.lemma in PLAN_VERBS or token.lemma in PLAN_NOUNS):
            return Modality("planned", speaker)
        if n > 0 and token.lemma == "be" and any(tokens[c].lemma in {"set", "due", "ready", "willing", "expected"}
                                                  and c != trigger for c in sentence.children(i)):  # "is ready": the intent itself
            return Modality("planned", speaker)
        if n > 0 and token.lemma == "be" and tokens[chain[n - 1]].dep == "xcomp":
            return Modality("planned", speaker)  # "Rwanda is to withdraw"
    return Modality("asserted", speaker)


def _clause_chain(sentence: Sentence, trigger: int) -> list[int]:
    """The trigger and the words it hangs from within its own clause chain: up through
    complements and modifiers, not out of a relative clause or across a coordination, whose
    modality is their own ("..., which Israel denied"; "denied X and accused Y")."""
    tokens = sentence.tokens or []
    chain, i = [trigger], trigger
    while tokens[i].head != i and tokens[i].dep not in {"conj", "relcl", "parataxis", "appos"}:
        i = tokens[i].head
        chain.append(i)
    return chain


def _speaker(sentence: Sentence, chain: list[int]) -> int | None:
    """The subject of the nearest say-verb above the trigger, if any."""
    tokens = sentence.tokens or []
    for i in chain[1:]:
        if tokens[i].lemma in SAY_VERBS | CLAIM_VERBS:
            return _subject(sentence, i)
    # "..., officials said" attaches the say-verb as the root with the trigger below it,
    # but a trailing "X said" can also be parsed as a child of the trigger's clause.
    root = chain[-1]
    for child in sentence.children(root):
        if tokens[child].lemma in SAY_VERBS and tokens[child].dep in {"parataxis", "ccomp", "advcl", "conj"}:
            return _subject(sentence, child)
    for token in tokens:
        if token.lemma == "accord" and token.i + 2 < len(tokens) and tokens[token.i + 1].lemma == "to":
            return token.i + 2
    return None


def _subject(sentence: Sentence, verb: int) -> int | None:
    tokens = sentence.tokens or []
    for child in sentence.children(verb):
        if tokens[child].dep in {"nsubj", "nsubjpass"}:
            return child
    return None


def _concessive(sentence: Sentence, mark: int) -> bool:
    """'even if' concedes; it does not set a condition."""
    tokens = sentence.tokens or []
    return mark > 0 and tokens[mark - 1].text.lower() == "even"

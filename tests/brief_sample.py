"""A small store for the brief tests, built without the spaCy model: three weeks, three countries."""

from __future__ import annotations

from peacewatch.article import ActorRef, Article, Conditional, Event, Position
from peacewatch.read.segment import split
from peacewatch.store.store import Store

RUS = ActorRef("Russia", "RUS", "GOV", "RUS")
UKR = ActorRef("Ukraine", "UKR", "GOV", "UKR")
TUR = ActorRef("Turkey", "TUR", "GOV", "TUR")
HOSTILE_TITLE = '<script>alert("x")</script> Talks & <b>prisoners</b>'

PLACES = {"a1:e0": "Kharkiv", "a1:e1": "Sumy", "a3:e1": "Belgorod"}  # two strikes, two event clusters
ASSAULT = ("ASSAULT", "190", -10.0, 4)
CONSULT = ("CONSULT", "040", 1.0, 1)
AGREE = ("AGREE", "057", 8.0, 1)
COOPERATE = ("COOPERATE", "0861", 7.0, 2)


def article(id, published, title, rows, *, url=None, positions=(), conditionals=()):
    """rows: (sentence, code, modality, source, target, quantities); positions and conditionals
    point at a sentence by its number."""
    text = " ".join(row[0] for row in rows)
    a = Article(id=id, raw=text, title=title, source=f"Wire {id}", published=published, url=url)
    a.text = text
    a.sentences = split(text)
    a.events = [Event(id=f"{id}:e{n}", sentence=n, start=0, end=5, trigger="x", cameo=cameo, plover=plover,
                      plover_mode="", goldstein=weight, quad_class=quad, modality=modality, source=source,
                      target=target, quantities=figures, date=published,
                      location={"name": PLACES[f"{id}:e{n}"], "country": "UKR"} if f"{id}:e{n}" in PLACES else None)
                for n, (_, (plover, cameo, weight, quad), modality, source, target, figures) in enumerate(rows)]
    a.positions = [Position(actor, issue, stance, rows[n][0], 0, 5) for actor, issue, stance, n in positions]
    a.conditionals = [Conditional(actor, condition, consequence, None, rows[n][0], 0, 5, deadline=deadline)
                      for actor, condition, consequence, n, deadline in conditionals]
    return a


ARTICLES = [
    article("a1", "2025-05-05", "Strikes on Kharkiv", [
        ("Russia struck Kharkiv overnight, killing three people.", ASSAULT, "asserted", RUS, UKR, {"killed": 3}),
        ("A second wave of drones hit Sumy, killing two.", ASSAULT, "asserted", RUS, UKR,
         {"killed": 2, "drones_intercepted": 10}),
        ("Turkey will host talks between Russia and Ukraine in Istanbul.", CONSULT, "planned", TUR, RUS, {}),
    ], url="https://example.org/a1", positions=[(UKR, "ceasefire", "demand", 1)]),
    article("a2", "2025-05-13", HOSTILE_TITLE, [
        ("Russian and Ukrainian delegations met in Istanbul.", CONSULT, "asserted", RUS, UKR, {}),
        ("Both sides agreed to swap 1,000 prisoners each.", AGREE, "asserted", RUS, UKR, {}),
        ("Turkey's foreign minister met Ukraine's delegation.", CONSULT, "asserted", TUR, UKR, {}),
    ], positions=[(UKR, "talks", "offer", 0)],
       conditionals=[(RUS, "if Kyiv withdraws its troops", "a ceasefire will follow", 1, None)]),
    article("a3", "2025-05-20", "The exchange begins", [
        ("Russia and Ukraine exchanged 390 prisoners on Friday.", COOPERATE, "asserted", RUS, UKR,
         {"prisoners_exchanged": 390}),
        ("Ukraine shelled Belgorod, killing one.", ASSAULT, "asserted", UKR, RUS, {"killed": 1}),
    ], url="https://example.org/a3", positions=[(RUS, "territory", "demand", 1)]),
]


def sample_store() -> Store:
    """An in-memory store holding ARTICLES; the caller closes it."""
    store = Store()
    store.write(ARTICLES)
    return store

from peacewatch.article import ActorRef, Article, Event
from peacewatch.assess import assess, judgement, parse_dyad
from peacewatch.segment import split
from peacewatch.store import Store

RUS = ActorRef("Russia", "RUS", "GOV", "RUS")
UKR = ActorRef("Ukraine", "UKR", "GOV", "UKR")


def story(id, published, events):
    text = " ".join(f"Sentence {n}." for n in range(len(events)))
    a = Article(id=id, raw=text, title=id, source=f"src-{id}", published=published)
    a.text = text
    a.sentences = split(text)
    a.events = [Event(id=f"{id}:e{n}", sentence=n, start=0, end=5, trigger="x", cameo=cameo, plover=plover,
                      plover_mode="", goldstein=weight, quad_class=quad, modality=modality, source=RUS, target=UKR,
                      date=published)
                for n, (plover, cameo, weight, quad, modality) in enumerate(events)]
    return a


def test_index_trend_and_watch_list():
    attack = ("ASSAULT", "190", -10.0, 4, "asserted")
    talks = ("CONSULT", "046", 7.0, 1, "asserted")
    planned_talks = ("CONSULT", "046", 7.0, 1, "planned")
    with Store() as store:
        store.write([story("w1", "2025-05-05", [attack, attack, planned_talks]),
                     story("w2", "2025-05-13", [talks, talks, talks, attack])])
        result = assess(store)
    assert result["dyad"] == "RUS-UKR"
    first, second = result["windows"]
    assert first["index"] == round(-20 / 7, 2) and second["index"] == round(11 / 9, 2)
    assert result["trend"] == "improving" and result["judgement"].startswith("moderate")
    assert result["watch"][0]["status"] == "happened"
    assert result["drivers"][0]["plover"] == "CONSULT"
    assert result["drivers"][0]["evidence"][0]["article_id"] == "w2"


def test_same_input_same_output():
    with Store() as store:
        store.write([story("w1", "2025-05-05", [("ASSAULT", "190", -10.0, 4, "asserted")])])
        assert assess(store) == assess(store)


def test_judgement_bands_and_dyad_parsing():
    assert [judgement(x) for x in (3, 1, 0, -5)] == ["elevated", "moderate", "guarded", "low"]
    assert parse_dyad("rus-ukr") == ("RUS", "UKR")

"""The assessment on stores built from hand-made articles: no spaCy model needed."""

from datetime import datetime

import pytest

from peacewatch.article import ActorRef, Article, Conditional, Event, Policy, Position, Step
from peacewatch.assessment.index import assess, judgement, parse_dyad
from peacewatch.assessment.runs import record_run
from peacewatch.assessment.weights import load as load_weights
from peacewatch.errors import SettingsError
from peacewatch.read.segment import split
from peacewatch.settings import Settings
from peacewatch.store.store import Store

RUS = ActorRef("Russia", "RUS", "GOV", "RUS")
UKR = ActorRef("Ukraine", "UKR", "GOV", "UKR")
USA = ActorRef("United States", "USA", "GOV", "USA")
ATTACK = ("ASSAULT", "190", -10.0, 4, "asserted")
TALKS = ("CONSULT", "046", 7.0, 1, "asserted")


def story(id, published, events, *, positions=(), conditionals=(), policies=(), text=None):
    """An article of one sentence per event; an event is (plover, cameo, goldstein, quad, modality)
    with optional extras {source, target, quantities, location}."""
    text = text or " ".join(f"Sentence {n}." for n in range(max(len(events), 1)))
    a = Article(id=id, raw=text, title=id, source=f"src-{id}", published=published, url=f"https://e.org/{id}")
    a.text = text
    a.sentences = split(text)
    a.events = []
    for n, (plover, cameo, weight, quad, modality, *extra) in enumerate(events):
        more = extra[0] if extra else {}
        sentence = min(n, len(a.sentences) - 1)
        start = more.get("start", a.sentences[sentence].start)
        a.events.append(Event(id=f"{id}:e{n}", sentence=sentence, start=start, end=start + 5, trigger="x",
                              cameo=cameo, plover=plover, plover_mode="", goldstein=weight, quad_class=quad,
                              modality=modality, source=more.get("source", RUS), target=more.get("target", UKR),
                              quantities=more.get("quantities", {}),
                              # each event its own real-world event unless a test says otherwise
                              location=more.get("location", {"name": f"place {id}-{n}"}),
                              date=more.get("date", published),
                              conditional_part=more.get("part")))
    a.positions = [Position(actor, issue, stance, f"{actor.name} {stance}s on {issue}.", 0, 5)
                   for actor, issue, stance in positions]
    a.conditionals = list(conditionals)
    a.policies = list(policies)
    return a


def test_index_trend_and_watch_list():
    planned_talks = ("CONSULT", "046", 7.0, 1, "planned")
    with Store() as store:
        store.write([story("w1", "2025-05-05", [ATTACK, ATTACK, planned_talks]),
                     story("w2", "2025-05-13", [TALKS, TALKS, TALKS, ATTACK])])
        result = assess(store)
    assert result["dyad"] == "RUS-UKR"
    first, second = result["windows"]
    assert first["index"] == round(-20 / 7, 2) and second["index"] == round(11 / 9, 2)
    assert result["trend"] == "improving" and result["judgement"].startswith("moderate")
    assert result["watch"][0]["status"] == "happened"
    assert result["drivers"][0]["plover"] == "CONSULT"
    assert result["drivers"][0]["evidence"][0]["article_id"] == "w2"
    # Contributions are named and add up to the index.
    parts = second["components"]
    assert parts["diplomacy"]["contribution"] == round(21 / 9, 2) and parts["violence"]["contribution"] == round(-10 / 9, 2)
    assert abs(sum(p["contribution"] for p in parts.values()) - second["index"]) <= 0.02


def test_same_input_same_output():
    with Store() as store:
        store.write([story("w1", "2025-05-05", [ATTACK]), story("w2", "2025-05-12", [TALKS])])
        record_run(store, assess(store), at=datetime(2025, 6, 1, 12, 0))
        assert assess(store) == assess(store)


def test_judgement_bands_and_dyad_parsing():
    assert [judgement(x) for x in (3, 1, 0, -5)] == ["elevated", "moderate", "guarded", "low"]
    assert parse_dyad("rus-ukr") == ("RUS", "UKR")


def test_indicators_fatalities_once_per_cluster_and_level_change():
    def place(name):
        return {"location": {"name": name, "country": "UKR", "lat": 50.0, "lon": 30.0}}

    strike = {"quantities": {"killed": 12, "drones_intercepted": 40}, **place("Kyiv")}
    weeks = [story(f"w{n}", day, [ATTACK]) for n, day in enumerate(["2025-05-05", "2025-05-12", "2025-05-19"])]
    # Week four: five strikes in five places, one of them reported twice with the same figures.
    others = [(*ATTACK, place(name)) for name in ("Kharkiv", "Odesa", "Dnipro", "Sumy")]
    weeks.append(story("w3", "2025-05-26", [(*ATTACK, strike), (*ATTACK, strike), *others,
                                            ("ACCUSE", "112", -2.0, 3, "asserted"),
                                            ("SANCTION", "163", -8.0, 4, "asserted", {"source": USA, "target": RUS}),
                                            ("SANCTION", "163", -8.0, 4, "planned", {"source": USA, "target": RUS}),
                                            ("CONSULT", "042", 1.9, 1, "asserted", {"source": USA, "target": RUS}),
                                            ("CONSULT", "045", 5.0, 1, "asserted"),
                                            ("CONCEDE", "0841", 7.0, 2, "asserted",
                                             {"quantities": {"prisoners_exchanged": 390}})]))
    with Store() as store:
        store.write(weeks)
        result = assess(store)
    last = result["windows"][-1]
    assert (last["killed"], last["intercepted"], last["strikes"]) == (12, 40, 5)
    assert (last["bad_faith"], last["sanctions_implemented"], last["sanctions_planned"]) == (1, 1, 1)
    assert (last["visits"], last["mediation"], last["prisoner_exchanges"]) == (1, 1, 1)
    assert last["changes"]["strikes"] == {"value": 5, "previous": 1, "delta": 4, "mean_before": 1.0,
                                          "level_change": True}
    assert result["windows"][1]["changes"]["strikes"]["level_change"] is False  # too little history
    strikes = next(i for i in result["indicators"] if i["name"] == "strikes")
    assert (strikes["direction"], strikes["reading"], strikes["level_change"]) == ("up", "escalating", True)
    # A third party's visit and sanctions count, at half weight; deaths add pseudo-events to violence.
    drivers = {(d["component"], d["plover"]) for d in result["drivers"]}
    assert ("violence", "fatalities") in drivers


def test_fatalities_use_the_cluster_id_when_the_store_has_one():
    first = {"quantities": {"killed": 10}}
    later = {"quantities": {"killed": 12}, "location": {"name": "Kyiv", "country": "UKR", "lat": 0, "lon": 0}}
    with Store() as store:
        store.write([story("a", "2025-05-05", [(*ATTACK, first)]), story("b", "2025-05-06", [(*ATTACK, later)])])
        assert assess(store)["windows"][0]["killed"] == 22  # two reports, told apart by their figures
        if "cluster_id" not in {row["column_name"] for row in store.query("DESCRIBE events")}:
            store.query("ALTER TABLE events ADD COLUMN cluster_id VARCHAR")  # as the store of schema 2 has
        store.query("UPDATE events SET cluster_id = 'kyiv-strike'")
        window = assess(store)["windows"][0]
    assert (window["killed"], window["strikes"]) == (12, 1)  # one strike: the higher toll, once


def test_weights_from_a_user_file_change_the_index(tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text("[components]\nviolence = 0.5\n[judgement]\nguarded = -3.0\n", encoding="utf-8")
    settings_file = tmp_path / "peacewatch.toml"
    settings_file.write_text(f"assessment_file = '{mine}'\nwindow = '14d'\n", encoding="utf-8")
    settings = Settings.load(settings_file)
    weights = load_weights(settings.assessment_file)
    with Store() as store:
        store.write([story("w1", "2025-05-05", [ATTACK, ATTACK, TALKS])])
        shipped = assess(store)
        changed = assess(store, weights=weights, window=settings.window)
    assert shipped["index"] == round(-13 / 8, 2) and shipped["band"] == "low"
    assert changed["index"] == round((-10 + 7) / (1 + 1 + 5), 2) and changed["band"] == "guarded"
    assert changed["components"]["violence"]["weight"] == 0.5 and changed["window"] == "14d"
    assert changed["weights"]["source"] == str(mine)


def test_unknown_or_bad_keys_are_named_errors(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[components]\nrumours = 2.0\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="unknown key 'components.rumours'"):
        load_weights(bad)
    bad.write_text("prior = 'five'\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="'prior' .* must be a number"):
        load_weights(bad)
    settings = tmp_path / "settings.toml"
    settings.write_text("assessment = 'x.toml'\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="unknown setting 'assessment'"):
        Settings.load(settings)
    settings.write_text("window = 'fortnight'\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="window must be"):
        Settings.load(settings)


def test_positions_new_hardened_dropped_and_outstanding():
    with Store() as store:
        store.write([
            story("p1", "2025-05-05", [TALKS], positions=[(RUS, "ceasefire", "offer"), (RUS, "territory", "demand"),
                                                          (UKR, "ceasefire", "demand")]),
            story("p2", "2025-05-12", [TALKS], positions=[(RUS, "ceasefire", "precondition"),
                                                          (UKR, "ceasefire", "accept")])])
        result = assess(store)
    first, second = result["windows"]
    assert first["positions"] == {"RUS": {"new": 2, "hardened": 0, "dropped": 0, "outstanding": 1},
                                  "UKR": {"new": 1, "hardened": 0, "dropped": 0, "outstanding": 1}}
    assert (second["positions_hardened"], second["positions_dropped"], second["positions_outstanding"]) == (1, 1, 2)
    assert [p["issue"] for p in result["stances"]["RUS"]["hardened"]] == ["ceasefire"]
    assert result["stances"]["RUS"]["hardened"][0]["before"] == "offer"
    assert result["stances"]["UKR"]["dropped"][0]["stance"] == "accept"
    # The moves are pseudo-events of the positions component: -5 and +5 cancel out.
    assert second["components"]["positions"]["goldstein"] == 0.0 and second["components"]["positions"]["events"] == 2


def plan_article(published="2025-05-05"):
    """'Phase 1: sanctions on oil. Phase 2: if Russia does not agree a ceasefire by Friday, more sanctions.'"""
    text = ("Phase 1: sanctions on Russian oil. "
            "Phase 2: if Russia does not agree a ceasefire by Friday, the United States will impose more sanctions.")
    second = text.index("Phase 2")
    condition_at = text.index("if Russia")
    events = [("SANCTION", "163", -8.0, 4, "planned", {"source": USA, "target": RUS, "start": 9}),
              ("THREATEN", "1312", -5.8, 3, "asserted", {"source": USA, "target": RUS, "part": "consequence",
                                                         "start": text.index("impose")})]
    policy = Policy(USA, [Step(1, "sanctions on Russian oil.", "SANCTION", 9, second - 1),
                          Step(2, text[second + 9:], "THREATEN", second + 9, len(text))])
    conditional = Conditional(USA, "Russia does not agree a ceasefire by Friday",
                              "the United States will impose more sanctions", 2, text[condition_at:],
                              condition_at, len(text), deadline="2025-05-09")
    return story("plan", published, events, policies=[policy], conditionals=[conditional], text=text)


def test_scenario_from_a_phased_policy_with_step_statuses():
    sanctions = ("SANCTION", "163", -8.0, 4, "asserted", {"source": USA, "target": RUS})
    with Store() as store:
        store.write([plan_article(), story("later", "2025-05-12", [sanctions, ATTACK])])
        result = assess(store)
    [scenario] = result["scenarios"]
    assert scenario["kind"] == "phased plan" and scenario["actor"] == "United States"
    assert [(s["phase"], s["status"]) for s in scenario["steps"]] == [(1, "happened"), (2, "lapsed")]
    assert scenario["steps"][0]["resolved_by"]["article_id"] == "later"
    assert scenario["status"] == "triggered" and scenario["current_phase"] == 1
    [branch] = scenario["branches"]
    assert branch["negated"] and branch["deadline"] == "2025-05-09" and branch["outcome"] == "lapsed"
    signposts = {p["text"]: p for p in scenario["signposts"]}
    averts = signposts["ceasefire agreed (CAMEO 0356/087 RUS→any)"]
    assert averts["means"] == "averts" and averts["status"] == "lapsed"
    assert signposts["phase 1: sanctions imposed (SANCTION any→RUS)"]["status"] == "happened"
    # Phase 2's further sanctions need a report after the one that showed phase 1.
    assert signposts["phase 2: sanctions imposed (SANCTION any→RUS)"]["status"] == "lapsed"


def test_watch_list_happened_lapsed_pending():
    meeting = ("CONSULT", "046", 7.0, 1, "planned", {"date": "2025-05-15"})
    swap = ("CONCEDE", "0841", 7.0, 2, "planned", {"date": "2025-05-07"})
    ceasefire = ("RETREAT", "0871", 9.0, 2, "planned", {"date": "2025-06-01"})
    with Store() as store:
        store.write([story("a", "2025-05-05", [meeting, swap, ceasefire]),
                     story("b", "2025-05-16", [TALKS]), story("c", "2025-05-30", [ATTACK])])
        watch = {w["key"]: w for w in assess(store)["watch"]}
    assert watch["a:e0"]["status"] == "happened" and watch["a:e0"]["resolved_by"]["article_id"] == "b"
    assert watch["a:e1"]["status"] == "lapsed"  # due 7 May, nothing by 30 May
    assert watch["a:e2"]["status"] == "pending"  # due 1 June


def test_a_store_without_the_runs_table_gets_it_when_a_run_is_recorded(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.write([story("a", "2025-05-12", [ATTACK])])
        store.query("DROP TABLE assessment_runs")
    with Store(tmp_path / "s.duckdb") as store:  # opening for writing creates what is missing
        assert assess(store)["changes"]["first_run"]
        record_run(store, assess(store), at=datetime(2025, 5, 13))
        assert assess(store)["changes"]["since"] == "2025-05-13 00:00:00"


def test_changes_since_the_last_run():
    meeting = ("CONSULT", "046", 7.0, 1, "planned", {"date": "2025-05-20"})
    with Store() as store:
        store.write([story("a", "2025-05-12", [meeting, ATTACK])])
        first = assess(store)
        assert first["changes"]["first_run"] and first["changes"]["since"] is None
        record_run(store, first, at=datetime(2025, 5, 13, 8, 30))
        store.write([story("b", "2025-05-21", [TALKS, ("CONCEDE", "0841", 7.0, 2, "planned")])])
        second = assess(store)
        assert second == assess(store)  # reading the recorded run writes nothing
    changes = second["changes"]
    assert changes["since"] == "2025-05-13 08:30:00" and changes["index_before"] == first["index"]
    assert changes["index_now"] == second["index"] != first["index"]
    [resolved] = changes["resolved"]
    assert (resolved["key"], resolved["before"], resolved["after"]) == ("a:e0", "pending", "happened")
    assert [item["key"] for item in changes["new"]] == ["b:e1"]


def test_one_strike_reported_by_many_outlets_counts_once():
    kyiv = {"location": {"name": "Kyiv", "country": "UKR"}, "quantities": {"killed": 4}}
    once = ("ASSAULT", "190", -10.0, 4, "asserted", kyiv)
    with Store() as single:
        single.write([story("a", "2025-05-05", [once])])
        alone = assess(single)
    with Store() as many:
        many.write([story(f"copy{n}", "2025-05-05", [once]) for n in range(5)])
        repeated = assess(many)
    [window] = repeated["windows"]
    assert window["events"] == 1 and window["strikes"] == 1 and window["killed"] == 4
    assert repeated["index"] == alone["index"]
    assert repeated["evidence"]["sources"] == 5  # the reports still add to the confidence through their sources


def test_deeds_can_weigh_more_than_words(tmp_path):
    mine = tmp_path / "deeds.toml"
    mine.write_text("material = 2.0\n", encoding="utf-8")
    statement = ("REQUEST", "020", 3.0, 1, "asserted")
    with Store() as store:
        store.write([story("w1", "2025-05-05", [ATTACK, statement])])
        plain = assess(store)
        deeds = assess(store, weights=load_weights(mine))
    assert plain["index"] == round((-10 + 3) / (2 + 5), 2)
    assert deeds["index"] == round((-20 + 3) / (3 + 5), 2)


def test_a_promise_to_meet_is_kept_by_a_meeting_not_by_any_deed():
    ready_to_meet = ("AGREE", "036", 4.0, 1, "asserted")
    swap = ("CONCEDE", "0841", 7.0, 2, "asserted")
    meeting = ("CONSULT", "040", 1.0, 1, "asserted")
    agreed_swap = ("AGREE", "057", 8.0, 1, "asserted")
    with Store() as store:
        store.write([story("w1", "2025-05-05", [ready_to_meet, agreed_swap]), story("w2", "2025-05-12", [swap])])
        early = {w["key"]: w for w in assess(store)["watch"]}
        store.write([story("w3", "2025-05-19", [meeting])])
        late = {w["key"]: w for w in assess(store)["watch"]}
    assert early["w1:e0"]["status"] == "pending" and early["w1:e1"]["status"] == "happened"
    assert early["w1:e1"]["resolved_by"]["article_id"] == "w2"
    assert late["w1:e0"]["status"] == "happened" and late["w1:e0"]["resolved_by"]["article_id"] == "w3"


def test_copies_of_one_story_give_one_watch_item():
    planned_talks = ("CONSULT", "046", 7.0, 1, "planned", {"date": "2025-05-20"})
    with Store() as store:
        store.write([story(f"copy{n}", "2025-05-05", [planned_talks, ATTACK]) for n in range(3)])
        items = [w for w in assess(store)["watch"] if w["kind"] == "planned"]
    assert len(items) == 1 and items[0]["reports"] == 3

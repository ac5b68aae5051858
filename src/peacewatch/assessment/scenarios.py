"""Scenarios and the watch-list: what the parties said they would do, resolved by what later articles report.

One matcher (`Expect`, `matches`) resolves everything: a report resolves an expectation when
it was published after the article that raised it, has one of its types, and involves its sides.
A side that is a third party (the EU, the United States) is matched by any third party, since
"Europe will impose sanctions" is carried out by the EU or by Britain alike; sanctions and aid
are matched by any source but their target, and may lack a stated target.

A conditional policy gives signposts from `data/signposts.tsv`: what would show its condition
is met (or, for "if Moscow does not accept a ceasefire", that it is averted: a ceasefire agreed)
and what would show the consequence carried out. A phased plan's steps are matched the same way,
through the events coded in each step or in the conditionals of its phase.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from ..knowledge import codes
from ..knowledge.kb import data_path
from ..store.store import Store
from .indicators import HAPPENED, PENDING, read_events

LEVERS = {"SANCTION", "AID"}
OUTSIDE = "outside the dyad"  # the index key of reports whose side is a third party
THREAT_CONTENT = {"1311": "SANCTION", "1312": "SANCTION", "134": "SANCTION", "135": "SANCTION",
                  "137": "ASSAULT", "138": "ASSAULT", "139": "ASSAULT"}
NEGATION = re.compile(r"\b(?:not|never|no longer|fails?|failed|refuses?|refused|rejects?|rejected|stall\w*)\b|n't\b",
                      re.I)


@dataclass(frozen=True)
class Expect:
    """What would resolve an item: types (PLOVER names or CAMEO prefixes; empty = a cooperative
    deed, QuadClass 2: words, even another agreement, do not carry a commitment out), a directed
    source and target, or undirected sides, after a date."""

    types: tuple[str, ...] = ()
    source: str | None = None
    target: str | None = None
    sides: frozenset[str] = frozenset()
    after: date | None = None

    def describe(self) -> str:
        named = [t for t in self.types if t.isupper()]
        cameo = [t for t in self.types if not t.isupper()]
        what = "/".join(named + ([f"CAMEO {'/'.join(cameo)}"] if cameo else [])) or "a cooperative deed"
        if self.sides:
            return f"{what} between {' and '.join(sorted(self.sides))}"
        return f"{what} {self.source or 'any'}→{self.target or 'any'}"


# What an agreement or intent (CAMEO 03) promises, by its code: the act that carries it out.
PROMISED = (("036", ("04",)), ("033", ("07",)), ("0356", ("087", "0871")), ("035", ("08",)), ("034", ("08",)),
            ("032", ("06",)), ("031", ("06",)))


def _promised(cameo: str | None) -> tuple[str, ...]:
    """The CAMEO prefixes that fulfil an intent ("ready to meet": a meeting); () for any cooperative deed."""
    return next((acts for prefix, acts in PROMISED if (cameo or "").startswith(prefix)), ())


def _kind_matches(report: dict[str, Any], types: tuple[str, ...]) -> bool:
    if not types:
        return report["quad_class"] == 2
    return any(report["plover"] == t if t.isupper() else (report["cameo"] or "").startswith(t) for t in types)


def _about(event: dict[str, Any], types: tuple[str, ...]) -> bool:
    """Whether an event, or what it threatens, is of one of these types."""
    return any(t in content_types(event) if t.isupper() else (event["cameo"] or "").startswith(t) for t in types)


def _lever(types: tuple[str, ...]) -> bool:
    """Sanctions and aid: matched by whoever imposes or gives them, so no source is expected."""
    return bool(types) and all(t in LEVERS or t.startswith(("16", "07")) for t in types)


def _same_side(wanted: str | None, seen: str | None, dyad: tuple[str, ...]) -> bool:
    if wanted is None or seen == wanted:
        return True
    return seen is not None and wanted not in dyad and seen not in dyad  # third parties stand for each other


def matches(report: dict[str, Any], expect: Expect, dyad: tuple[str, ...]) -> bool:
    if expect.after is None or report["published"] is None or report["published"] <= expect.after:
        return False
    return fits(report, expect, dyad)


def fits(report: dict[str, Any], expect: Expect, dyad: tuple[str, ...]) -> bool:
    """Whether a report that happened is of the expected kind and sides, whenever it was published."""
    if report["modality"] not in HAPPENED or not _kind_matches(report, expect.types):
        return False
    if expect.sides and not expect.sides <= {report["source_country"], report["target_country"]}:
        return False
    if report["plover"] in LEVERS:  # anyone but the target imposes sanctions or gives aid; the target may go unstated
        return report["source_country"] != expect.target and (
            report["target_country"] is None or _same_side(expect.target, report["target_country"], dyad))
    return _same_side(expect.source, report["source_country"], dyad) and \
        _same_side(expect.target, report["target_country"], dyad)


def _order(e: dict[str, Any]) -> tuple:
    """Reports in the order they became known."""
    return e["published"] or date.min, e["date"] or date.min, e["id"]


def evidence(row: dict[str, Any], sentence: str | None = None) -> dict[str, Any]:
    day = row.get("date")
    return {"event_id": row.get("id"), "sentence": sentence or row.get("sentence"), "article_id": row["article_id"],
            "title": row["title"], "source": row["outlet"], "url": row["url"],
            "date": day.isoformat() if day else None,
            "published": row["published"].isoformat() if row["published"] else None,
            "language": row.get("language")}


@lru_cache(maxsize=1)
def lexicon() -> tuple[tuple[re.Pattern, str, tuple[str, ...]], ...]:
    rows = []
    for line in data_path("signposts.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("pattern\t"):
            continue
        pattern, label, types = line.split("\t")
        rows.append((re.compile(pattern, re.I), label, () if types == "*" else tuple(types.split("|"))))
    return tuple(rows)


@lru_cache(maxsize=65_536)  # a condition is often repeated word for word, by copies and by later articles
def observables(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    seen, found = set(), []
    for pattern, label, types in lexicon():
        if pattern.search(text) and label not in seen:
            seen.add(label)
            found.append((label, types))
    return tuple(found)


def content_types(event: dict[str, Any]) -> tuple[str, ...]:
    """What a threat is a threat of (1312: sanctions); any other event stands for itself."""
    for prefix, plover in THREAT_CONTENT.items():
        if (event["cameo"] or "").startswith(prefix):
            return (plover,)
    return (event["plover"],)


class Resolver:
    """Resolves watch items, steps and signposts against the reports in the store."""

    def __init__(self, store: Store, events: list[dict[str, Any]], dyad: tuple[str, str] | None,
                 *, lapse_days: int, every: list[dict[str, Any]] | None = None):
        """`events`: those bearing on the dyad; `every`: all the store's events, when already read."""
        self.dyad = tuple(dyad or ())
        self.events = events  # those that bear on the dyad: they make watch items and resolve them
        self.happened = sorted((e for e in events if e["modality"] in HAPPENED), key=_order)
        # Reports by kind, each list in report order, so resolving an item looks only at reports that could match.
        # Each list also by the countries a report names (source, target, either), so an item with named
        # sides looks only at the reports that name them.
        self.by_kind: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
        for e in self.happened:
            kinds = [e["plover"], (e["cameo"] or "")[:2]] + (["deeds"] if e["quad_class"] == 2 else [])
            for kind in dict.fromkeys(kinds):
                self.by_kind[(kind,)].append(e)
                for role, country in (("source", e["source_country"]), ("target", e["target_country"])):
                    if country is not None:
                        self.by_kind[(kind, role, country)].append(e)
                        if country not in self.dyad:  # a third party stands for any other (_same_side)
                            self.by_kind[(kind, role, OUTSIDE)].append(e)
                for country in {e["source_country"], e["target_country"]} - {None}:
                    self.by_kind[(kind, "either", country)].append(e)
                if e["source_country"] is not None and e["target_country"] is not None:  # both sides at once
                    self.by_kind[(kind, "pair", self._side(e["source_country"]), self._side(e["target_country"]))
                                 ].append(e)
                    if e["source_country"] != e["target_country"]:
                        self.by_kind[(kind, "both", frozenset((e["source_country"], e["target_country"])))].append(e)
        self._fits: dict[Expect, list[dict[str, Any]]] = {}
        self.latest = max((e["published"] for e in events if e["published"]), default=None)
        self.lapse_days = lapse_days
        # A plan's steps are typed by every event coded in them, named sides or not.
        self.by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for e in every if every is not None else read_events(store):
            self.by_article[e["article_id"]].append(e)
        self.mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for m in store.query("""SELECT article_id, "start", "end", country FROM mentions
                                WHERE country IS NOT NULL ORDER BY article_id, "start" """):
            self.mentions[m["article_id"]].append(m)
        self.conditionals = _once_per_story(store.query(
            """SELECT c.*, a.title, a.source AS outlet, a.url, a.published, a.language, a.story_id FROM conditionals c
               JOIN articles a ON a.id = c.article_id ORDER BY a.published, c.article_id, c."start" """),
            lambda c: (c["condition"].lower(), c["consequence"].lower()))
        steps = store.query(
            """SELECT s.*, a.title, a.source AS outlet, a.url, a.published, a.language, a.story_id FROM policy_steps s
               JOIN articles a ON a.id = s.article_id ORDER BY a.published, s.article_id, s.policy, s.phase""")
        first = {}  # a story's plan is the one in its earliest article
        for step in steps:
            first.setdefault(step["story_id"] or step["article_id"], step["article_id"])
        self.steps = [step for step in steps if first[step["story_id"] or step["article_id"]] == step["article_id"]]

    def _side(self, country: str) -> str:
        """A country as the index keys it: a party of the dyad as itself, any third party as OUTSIDE."""
        return country if country in self.dyad else OUTSIDE

    def other(self, country: str | None) -> str | None:
        rest = [c for c in self.dyad if c != country]
        return rest[0] if len(rest) == 1 else None

    def resolve(self, expect: Expect) -> dict[str, Any] | None:
        """The first report, in the order reports became known, that matches `expect`."""
        if expect.after is None:
            return None
        fitting = self._fitting(replace(expect, after=None))
        at = bisect_right(fitting, (expect.after, date.max, "\uffff"), key=_order)  # published after the item
        return fitting[at] if at < len(fitting) else None

    def _fitting(self, expect: Expect) -> list[dict[str, Any]]:
        """Every report that fits `expect` but for its date, in report order. Items that differ only by
        date (the same threat raised in many articles) share the list, so each report is checked once
        per kind of item, not once per item."""
        if expect not in self._fits:
            kinds = [t if t.isupper() else t[:2] for t in expect.types] or ["deeds"]
            lists = [self.by_kind.get(k, []) for k in self._keys(expect, list(dict.fromkeys(kinds)))]
            merged = heapq.merge(*lists, key=_order) if len(lists) > 1 else lists[0]
            self._fits[expect] = [h for h in merged if fits(h, expect, self.dyad)]
        return self._fits[expect]

    def _keys(self, expect: Expect, kinds: list[str]) -> list[tuple]:
        """The narrowest report lists that hold every report that can match `expect` (matches() still
        decides): those naming one of its sides, or its source or target when that must be named as
        such (a party of the dyad, and no sanction or aid, which anyone but the target may impose)."""
        if len(expect.sides) == 2:  # the report names exactly these two, one way or the other
            return [(k, "both", expect.sides) for k in kinds]
        if expect.sides:
            side = min(sorted(expect.sides), key=lambda c: sum(len(self.by_kind.get((k, "either", c), ()))
                                                               for k in kinds))
            return [(k, "either", side) for k in kinds]
        levers = any(k in LEVERS or k in ("16", "07", "deeds") for k in kinds)  # CAMEO 16: sanctions, 07: aid
        keys = [[(k,) for k in kinds]]
        for role, country in (("source", expect.source), ("target", expect.target)):
            if country is not None and not levers:
                keys.append([(k, role, self._side(country)) for k in kinds])
        if expect.source is not None and expect.target is not None and not levers:
            keys.append([(k, "pair", self._side(expect.source), self._side(expect.target)) for k in kinds])
        return min(keys, key=lambda ks: sum(len(self.by_kind.get(k, ())) for k in ks))

    def overdue(self, due: date | None, *, grace: int = 0) -> bool:
        return bool(due and self.latest and (self.latest - due) > timedelta(days=grace))

    # -- watch-list ------------------------------------------------------------------------

    def watch_items(self) -> list[dict[str, Any]]:
        """Planned and conditional events and announced meetings, each happened (a later report of the
        same type between the same sides), lapsed (`lapse_days` after its date) or pending; and
        commitments (agreements reported as made) and visits under way, each happened when a later
        cooperative act between the same sides shows its outcome."""
        items, visits, seen = [], set(), {}
        for e in self.events:
            commitment = e["plover"] == "AGREE" and e["modality"] in HAPPENED  # "agreed to swap prisoners"
            sides = frozenset({e["source_country"], e["target_country"]} - {None})
            visit = (e["modality"] in HAPPENED and (e["cameo"] or "").startswith(("042", "043")) and len(sides) == 2
                     and (e["article_id"], sides) not in visits)  # "Witkoff is visiting Moscow": watch its outcome
            if visit:
                visits.add((e["article_id"], sides))
            if not (commitment or visit) and (e["modality"] not in PENDING or e["conditional_part"] == "condition"):
                continue
            if not sides:
                continue
            kind = "commitment" if commitment else "visit" if visit else e["modality"]
            # Copies of one story (wire copies, rewrites) announce one thing: one item, counted in `reports`.
            same = (e.get("story_id") or e["article_id"], kind, e["cameo"], sides, e["date"])
            if same in seen:
                seen[same]["reports"] += 1
                continue
            types = (e["plover"],) if kind not in ("commitment", "visit") else \
                _promised(e["cameo"]) if kind == "commitment" else ()
            expect = Expect(types=types, sides=sides, after=e["published"])
            later = self.resolve(expect)
            stale = kind in ("planned", "visit") and self.overdue(e["date"], grace=self.lapse_days)
            status = "happened" if later else "lapsed" if stale else "pending"
            items.append({"key": e["id"], "kind": kind, "reports": 1,
                          "plover": e["plover"], "actor": e["source_name"], "target": e["target_name"],
                          "due": e["date"].isoformat() if e["date"] else None, "status": status,
                          "expects": expect.describe(), "resolved_by": evidence(later) if later else None,
                          **evidence(e)})
            seen[same] = items[-1]
        return items

    # -- scenarios -------------------------------------------------------------------------

    def scenarios(self) -> list[dict[str, Any]]:
        """Phased plans (with the conditionals of their article that share their actor or a phase),
        then every other conditional, each with steps, signposts and a status."""
        plans: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
        for step in self.steps:
            plans[(step["article_id"], step["policy"])].append(step)
        used: set[tuple[str, int]] = set()
        found = []
        by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for c in self.conditionals:
            by_article[c["article_id"]].append(c)
        for (article_id, number), steps in plans.items():
            owner = steps[0]
            attached = [c for c in by_article[article_id] if (
                c["phase"] is not None or (c["actor_country"] and c["actor_country"] == owner["actor_country"]))]
            used |= {(c["article_id"], c["start"]) for c in attached}
            found.append(self._plan(steps, attached))
        for c in self.conditionals:
            if (c["article_id"], c["start"]) not in used:
                found.append(self._conditional_scenario(c))
        return found

    def _plan(self, steps: list[dict[str, Any]], attached: list[dict[str, Any]]) -> dict[str, Any]:
        owner = steps[0]
        country = owner["actor_country"]
        out_steps, signposts, thresholds = [], [], {}
        after = owner["published"]
        for s in steps:
            thresholds[s["phase"]] = after
            inside = [e for e in self.by_article[s["article_id"]] if s["start"] <= e["start"] < s["end"]
                      and e["conditional_part"] != "condition"]
            for c in attached:
                if c["phase"] == s["phase"]:
                    inside += self._consequence_events(c)
            wanted = [(content_types(e), e["target_country"] or self.other(country)) for e in inside] or \
                ([((s["plover"],), self.other(country))] if s["plover"] else [])
            expects = list(dict.fromkeys(Expect(types=types, source=None if _lever(types) else country,
                                                target=target, after=after) for types, target in wanted))
            found = [(expect, self.resolve(expect)) for expect in expects]
            later = next((report for _, report in found if report), None)
            if later:  # "further sanctions" in phase 2 are reported after those of phase 1
                after = later["published"]
            deadlines = [c["deadline"] for c in attached if c["phase"] == s["phase"] and c["deadline"]]
            status = "happened" if later else "lapsed" if deadlines and self.overdue(min(deadlines)) else "pending"
            out_steps.append({"phase": s["phase"], "action": s["action"], "plover": s["plover"],
                              "expects": "; ".join(e.describe() for e in expects), "status": status,
                              "resolved_by": evidence(later) if later else None})
            for expect, report in found:
                mine = "happened" if report else "pending" if status != "lapsed" else "lapsed"
                label = self._label(expect.types)
                signposts.append({"text": f"phase {s['phase']}: {label} ({expect.describe()})", "label": label,
                                  "source": expect.source, "target": expect.target,
                                  "means": f"phase {s['phase']} under way", "types": list(expect.types),
                                  "branch": s["action"], "expects": expect.describe(), "status": mine,
                                  "resolved_by": evidence(report) if report else None})
        branches = [self._branch(c, country, after=thresholds.get(c["phase"])) for c in attached]
        shown = {(p["label"], p["source"], p["target"]) for p in signposts}
        for b in branches:  # a branch's consequence that is a step of the plan is that step's signpost
            signposts += [p for p in b["signposts"]
                          if not (p["means"] == "consequence" and (p["label"], p["source"], p["target"]) in shown)]
        done = [st["phase"] for st in out_steps if st["status"] == "happened"]
        status = "averted" if any(b["outcome"] == "averted" for b in branches) and not done else \
            "triggered" if done else "lapsed" if all(st["status"] == "lapsed" for st in out_steps) else "open"
        heads = "; ".join(f"phase {s['phase']}: {_head(s['action'])}" for s in steps)
        return {"kind": "phased plan", "key": f"{owner['article_id']}:p{owner['policy']}",
                "actor": owner["actor_name"], "actor_country": country,
                "title": f"{owner['actor_name'] or 'Unattributed'}'s phased plan — {heads}",
                "status": status, "current_phase": max(done, default=0), "steps": out_steps,
                "branches": [{k: v for k, v in b.items() if k != "signposts"} for b in branches],
                "signposts": signposts,
                "evidence": [evidence(s, s["action"]) for s in steps] + [evidence(c, c["text"]) for c in attached]}

    def _conditional_scenario(self, c: dict[str, Any]) -> dict[str, Any]:
        branch = self._branch(c, c["actor_country"])
        types = next((tuple(p["types"]) for p in branch["signposts"] if p["means"] == "consequence"), ())
        consequence = next((p for p in branch["signposts"] if p["means"] == "consequence"), None)
        step = {"phase": c["phase"] or 1, "action": c["consequence"], "plover": "/".join(types) or None,
                "expects": consequence["expects"] if consequence else None,
                "status": {"triggered": "happened", "lapsed": "lapsed"}.get(branch["outcome"], "pending"),
                "resolved_by": consequence["resolved_by"] if consequence else None}
        return {"kind": "conditional", "key": branch["key"], "actor": c["actor_name"],
                "actor_country": c["actor_country"], "title": f"If {c['condition']} → {c['consequence']}",
                "status": branch["outcome"], "current_phase": step["phase"] if step["status"] == "happened" else 0,
                "steps": [step], "branches": [{k: v for k, v in branch.items() if k != "signposts"}],
                "signposts": branch["signposts"], "evidence": [evidence(c, c["text"])]}

    def _consequence_events(self, c: dict[str, Any]) -> list[dict[str, Any]]:
        return [e for e in self.by_article[c["article_id"]] if c["start"] <= e["start"] < c["end"]
                and e["conditional_part"] == "consequence"]

    def _condition_actor(self, c: dict[str, Any]) -> str | None:
        at = c["text"].find(c["condition"])
        if at < 0:
            return None
        start, end = c["start"] + at, c["start"] + at + len(c["condition"])
        countries = [m["country"] for m in self.mentions[c["article_id"]] if m["start"] < end and start < m["end"]]
        return next((k for k in countries if k in self.dyad), countries[0] if countries else None)

    def _branch(self, c: dict[str, Any], owner: str | None, *, after: date | None = None) -> dict[str, Any]:
        """One conditional resolved: its signposts and outcome (triggered, averted, condition met,
        lapsed or open). In a plan, a phase's consequence is shown only by reports later than the
        one that showed the phase before (`after`)."""
        owner = c["actor_country"] or owner
        subject = self._condition_actor(c) or self.other(owner)
        before = c["text"][:max(c["text"].find(c["condition"]), 0)]
        negated = bool(NEGATION.search(c["condition"]) or re.search(r"\bunless\b", before, re.I))
        consequence_events = self._consequence_events(c)
        # Whom the consequence falls on: its event's target, else the condition's subject, else the
        # other party; never the actor itself, and a party of the dyad before a third party.
        candidates = [k for k in [*(e["target_country"] for e in consequence_events), subject, self.other(owner)]
                      if k and k != owner]
        target = next((k for k in candidates if k in self.dyad), candidates[0] if candidates else None)
        pressed = next((k for k in (owner, self.other(subject)) if k in self.dyad and k != subject), None)
        wanted = [(label, types, None if _lever(types) else subject, pressed if _lever(types) else None,
                   "averts" if negated else "condition met") for label, types in observables(c["condition"])]
        effects = observables(c["consequence"]) or [
            (self._label(content_types(e)), content_types(e)) for e in consequence_events]
        for label, types in effects:  # "aid to Ukraine" falls on Ukraine, "sanctions" on the other side
            own = next((e["target_country"] for e in consequence_events if e["target_country"] is not None
                        and (e["target_country"] != owner or _lever(types)) and _about(e, types)), None)
            wanted.append((label, types, None if _lever(types) else owner, own or target, "consequence"))
        signposts = []
        for label, types, source, to, means in wanted:
            since = after if means == "consequence" else None
            expect = Expect(types=types, source=source, target=to, after=since or c["published"])
            later = self.resolve(expect)
            due = c["deadline"] if means != "consequence" else None
            status = "happened" if later else "lapsed" if due and self.overdue(due) else "pending"
            signposts.append({"text": f"{label} ({expect.describe()})", "label": label, "source": expect.source,
                              "target": expect.target, "means": means, "types": list(types),
                              "branch": c["consequence"], "expects": expect.describe(), "status": status,
                              "resolved_by": evidence(later) if later else None})
        seen = {p["means"] for p in signposts if p["status"] == "happened"}
        outcome = "triggered" if "consequence" in seen else "averted" if "averts" in seen else \
            "condition met" if "condition met" in seen else \
            "lapsed" if c["deadline"] and self.overdue(c["deadline"]) else "open"
        return {"key": f"{c['article_id']}:c{c['start']}", "condition": c["condition"], "consequence": c["consequence"],
                "phase": c["phase"], "deadline": c["deadline"].isoformat() if c["deadline"] else None,
                "negated": negated, "outcome": outcome, "signposts": signposts}

    def _label(self, types: tuple[str, ...]) -> str:
        """The signpost label for event types: SANCTION reads as the row of CAMEO 163, "sanctions imposed"."""
        for pattern, label, known in lexicon():
            plovers = {t if t.isupper() else getattr(codes.lookup(t), "plover", None) for t in known}
            if known and set(types) & (set(known) | plovers):
                return label
        return "/".join(types).lower() or "cooperation"

    def policy_items(self, scenarios: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The conditionals as watch items, with the outcome their scenario found."""
        outcomes = {b["key"]: b for s in scenarios for b in s["branches"] if "key" in b}
        items = []
        for c in self.conditionals:
            branch = outcomes.get(f"{c['article_id']}:c{c['start']}", {})
            outcome = branch.get("outcome", "open")
            status = {"triggered": "happened", "averted": "lapsed", "lapsed": "lapsed"}.get(outcome, "pending")
            published = c["published"].isoformat() if c["published"] else None
            items.append({"key": f"{c['article_id']}:c{c['start']}", "kind": "policy", "plover": None,
                          "actor": c["actor_name"], "condition": c["condition"], "consequence": c["consequence"],
                          "due": c["deadline"].isoformat() if c["deadline"] else None, "status": status,
                          "outcome": outcome, "sentence": c["text"], "article_id": c["article_id"],
                          "title": c["title"], "source": c["outlet"], "url": c["url"], "date": published,
                          "published": published})
        return items


def _once_per_story(rows: list[dict[str, Any]], what) -> list[dict[str, Any]]:
    """The first of the rows that say the same thing (`what`) in copies of one story."""
    seen, kept = set(), []
    for row in rows:
        key = (row.get("story_id") or row["article_id"], what(row))
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def _head(action: str) -> str:
    head = action.split(":")[0].strip()
    words = head.split()
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "")

"""brief.html without a browser: self-contained, charts drawn from the data, footnotes that resolve, text escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from brief_sample import ARTICLES, HOSTILE_TITLE, sample_store

from peacewatch.assessment.index import assess
from peacewatch.report.brief_html import render_html
from peacewatch.report.job import write_brief
from peacewatch.settings import Settings
from peacewatch.store.store import Store

CHARTS = ("violence-diplomacy", "goldstein", "actor-network")
MARKS = ("rect", "path", "circle")


class Page(HTMLParser):
    """Every element as (tag, attributes, enclosing chart), plus <title> texts per chart."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict, str | None]] = []
        self.titles: dict[str, list[str]] = {name: [] for name in CHARTS}
        self.texts: list[str] = []
        self.chart: str | None = None
        self.in_title = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure" and "data-chart" in attrs:
            self.chart = attrs["data-chart"]
        self.in_title = tag == "title" and self.chart is not None
        self.elements.append((tag, attrs, self.chart))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), self.chart))

    def handle_endtag(self, tag):
        if tag == "figure":
            self.chart = None
        self.in_title = False

    def handle_data(self, data):
        self.texts.append(data)
        if self.in_title:
            self.titles[self.chart].append(data)

    def marks(self, chart: str, tag: str | None = None) -> list[dict]:
        return [attrs for t, attrs, c in self.elements if c == chart and (t == tag if tag else t in MARKS)]

    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs, _ in self.elements if "id" in attrs}


@pytest.fixture(scope="module")
def sample():
    with sample_store() as store:
        assessment = assess(store)
        text = render_html(store, assessment, skipped=[{"skipped": "bad.txt", "reason": "binary file"}])
    return assessment, text, Page(text)


def test_the_page_loads_nothing_from_outside(sample):
    _, text, page = sample
    tags = [tag for tag, _, _ in page.elements]
    assert "link" not in tags and "img" not in tags and "iframe" not in tags
    assert not [attrs for _, attrs, _ in page.elements if "src" in attrs]
    style = text[text.index("<style>"):text.index("</style>")]
    assert "@import" not in style and "url(" not in style
    # The only links out are the articles' own URLs, in the footnotes, never loaded by the page.
    outside = [(tag, attrs["href"]) for tag, attrs, _ in page.elements
               if "href" in attrs and not attrs["href"].startswith("#")]
    assert sorted(outside) == [("a", "https://example.org/a1"), ("a", "https://example.org/a3")]


def test_violence_and_goldstein_charts_draw_every_window(sample):
    assessment, _, page = sample
    windows = assessment["windows"]
    assert len(windows) == 3
    bars = [t for t in page.titles["violence-diplomacy"] if t.endswith(("strikes", "diplomatic events"))]
    assert len(bars) == 2 * len(windows)
    assert f"{windows[0]['start']} – {windows[0]['end']}: 2 strikes" in bars
    # Week two: the delegations met and agreed a swap, and Turkey's minister met Kyiv's delegation (a third party).
    assert f"{windows[1]['start']} – {windows[1]['end']}: 3 diplomatic events" in bars
    assert f"{windows[0]['start']} – {windows[0]['end']}: 5 killed, 0 injured" in page.titles["violence-diplomacy"]
    # Bars are as tall as their counts: the week with two strikes is twice the week with one.
    heights = {t: float(a["height"]) for t, a in zip(bars, page.marks("violence-diplomacy", "rect")[:len(bars)])}
    first, third = (f"{w['start']} – {w['end']}: {n} strikes" for w, n in ((windows[0], 2), (windows[2], 1)))
    assert heights[first] == pytest.approx(2 * heights[third])
    points = page.titles["goldstein"]
    assert sum("index" in t for t in points) == len(windows) == sum("mean Goldstein" in t for t in points)
    assert f"index {windows[-1]['index']:+.2f}" in " ".join(points)
    assert [a for a in page.marks("goldstein", "line") if a.get("class") == "zero"]


def test_actor_network_counts_only_what_happened(sample):
    _, _, page = sample
    titles = page.titles["actor-network"]
    nodes = [t for t in titles if re.fullmatch(r"\w+: \d+ events", t)]
    assert sorted(nodes) == ["Russia: 6 events", "Turkey: 1 events", "Ukraine: 7 events"]
    edges = sorted(t for t in titles if " – " in t)
    # The planned Turkey-Russia talks did not happen, so they are no edge.
    assert edges == ["Russia – Ukraine: 3 conflictual events", "Russia – Ukraine: 3 cooperative events",
                     "Turkey – Ukraine: 1 cooperative events"]
    strokes = {a["stroke"] for a in page.marks("actor-network", "path")}
    assert len(strokes) == 2  # cooperative and conflictual colours


def test_footnotes_and_anchors_resolve(sample):
    _, text, page = sample
    targets = [attrs["href"][1:] for _, attrs, _ in page.elements if attrs.get("href", "").startswith("#")]
    assert {t for t in targets if t.startswith("fn-")} == {f"fn-{n}" for n in range(1, len(ARTICLES) + 1)}
    assert set(targets) <= page.ids()
    notes = re.findall(r'<li id="fn-\d+">(.*?)</li>', text)
    assert len(notes) == len(ARTICLES)
    assert any("Wire a1" in n and "2025-05-05" in n and 'href="https://example.org/a1"' in n for n in notes)
    assert any("Wire a2" in n and "href" not in n for n in notes)  # no URL, no link


def test_text_is_escaped(sample):
    _, text, page = sample
    assert "script" not in [tag for tag, _, _ in page.elements]
    assert HOSTILE_TITLE in "".join(page.texts)  # shown as text, whole
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Talks &amp; &lt;b&gt;" in text


def test_tables_sections_and_skipped_inputs(sample):
    assessment, text, page = sample
    ids = page.ids()
    assert {"drivers", "trend", "network", "positions", "watch", "skipped", "sources"} <= ids
    assert {"scenarios", "changes", "indicators"} <= ids
    bare = {k: v for k, v in assessment.items() if k not in ("scenarios", "changes", "indicators")}
    with sample_store() as store:  # optional sections stay out when their keys are absent
        assert not {"scenarios", "changes", "indicators"} & Page(render_html(store, bare)).ids()
    statuses = [w["status"] for w in assessment["watch"]]
    watch = text[text.index('id="watch"'):]
    watch = watch[:watch.find("<section", 1) if "<section" in watch[1:] else len(watch)]
    badges = re.findall(r'<span class="badge (\w*)">(\w+)</span>', watch)
    assert [label for _, label in badges] == statuses
    assert ("good", "happened") in badges and ("wait", "pending") in badges
    assert "If Kyiv withdraws its troops → a ceasefire will follow" in "".join(page.texts)
    assert "bad.txt: binary file" in "".join(page.texts)
    assert "<td>UKR</td><td>Ukraine</td><td>offer</td><td>talks</td>" in text
    assert "<td>RUS</td><td>Russia</td><td>demand</td><td>territory</td>" in text


def test_scenarios_changes_and_indicators_render_when_present():
    evidence = {"sentence": "Putin set out a memorandum <draft>.", "article_id": "x1", "title": "Memo",
                "source": "Wire", "url": "https://example.org/x1", "date": "2025-06-02"}
    assessment = {
        "dyad": "RUS-UKR", "judgement": "guarded prospects for de-escalation", "index": -0.5,
        "scenarios": [{"actor": "Russia", "title": "Memorandum path",
                       "steps": [{"phase": 1, "action": "ceasefire", "plover": "CONCEDE", "status": "pending"},
                                 {"phase": None, "action": "elections", "status": "lapsed"}],
                       "signposts": [{"text": "troops withdraw", "status": "not seen"}], "evidence": [evidence]},
                      "not a scenario"],
        "changes": {"since": "2025-05-30", "index_before": -1.2, "index_now": -0.5,
                    "new": [dict(evidence, status="pending", plover="AGREE", actor="Russia", target="Ukraine"),
                            "a plain string"], "resolved": []},
        "indicators": [{"start": "2025-05-26", "ceasefire_mentions": 4, "nested": {"x": 1}}],
    }
    text = render_html(None, assessment)
    page = Page(text)
    assert {"scenarios", "changes", "indicators"} <= page.ids()
    shown = "".join(page.texts)
    assert "Memorandum path" in shown and "Phase 1: ceasefire" in shown and "Phase ?: elections" in shown
    assert "index -1.20 → -0.50" in shown and "a plain string" in shown and "ceasefire mentions" in shown
    assert "nested" not in shown
    assert "memorandum &lt;draft&gt;" in text and text.count('id="fn-1"') == 1
    assert '<span class="badge gone">not seen</span>' in text


@pytest.mark.parametrize("assessment", [
    None, {}, {"windows": [], "watch": [], "positions": {}, "drivers": []},
    {"windows": [{"start": "2025-01-06"}, {"strikes": "many", "index": None}], "watch": [{}, {"kind": "policy"}],
     "positions": {"UKR": [{}], "RUS": "oops"}, "drivers": [{"evidence": [None, {}]}], "evidence": "none",
     "scenarios": [], "changes": {}, "index": "n/a"},
])
def test_missing_or_odd_data_renders_with_notes(assessment):
    text = render_html(None, assessment)
    page = Page(text)
    assert text.startswith("<!DOCTYPE html>") and "sources" in page.ids()
    assert all(f'data-chart="{name}"' in text for name in CHARTS)
    assert "No events that happened between two named actors." in text


def test_an_empty_store_renders_no_data_notes():
    with Store() as store:
        text = render_html(store, assess(store))
    assert "<svg" not in text and "No dated events that happened" in text
    assert "Nothing pending." in text and "No positions stated." in text and "No sources cited." in text


class StoredArticles:
    """Stands in for the pipeline: yields the sample articles."""

    settings = Settings()

    def run(self, paths, *, on_item=None, want=None, exclude=(), workers=1):
        yield from (article for article in ARTICLES if want is None or want(article))


def test_write_brief_writes_brief_html_beside_brief_md(tmp_path):
    result = write_brief(["unused"], tmp_path, pipeline=StoredArticles())
    assert result["html"] == str(tmp_path / "brief.html") and (tmp_path / "brief.md").exists()
    page = Page((tmp_path / "brief.html").read_text(encoding="utf-8"))
    assert all(page.marks(name) for name in CHARTS)

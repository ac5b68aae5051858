"""`watch` rounds over a local feed of 200 items: the first ingests them all, the second is answered 304
and ingests nothing, the third ingests only the new items and alerts on the watch-list changes they
cause (in the alerts file and at a webhook). Failing sources are reported and the others go on."""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

import pytest
from feedserver import FeedServer, Reply, page, rss

from peacewatch.read.fetch import Fetcher, Limits
from peacewatch.read.guard import Guard
from peacewatch.report.watch import read_sources, watch_round
from peacewatch.store.store import Store

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.model
PLACES = ["Alder Bay", "Birchwood", "Cedar Falls", "Dunmore", "Elmstead", "Fernhill", "Glenrock", "Hollowmere"]


def _example(path: Path) -> dict:
    """An example article: front matter, then the title line, then the text."""
    _, front, body = path.read_text(encoding="utf-8").split("---", 2)
    fields = dict(line.split(": ", 1) for line in front.strip().splitlines())
    lines = body.strip().splitlines()
    return {"title": lines[0].strip(), "text": "\n".join(lines[1:]).strip(), "published": fields["published"]}


def _filler(n: int) -> dict:
    """A local news item that codes no state's act: the bulk of a real feed."""
    place = PLACES[n % len(PLACES)]
    paragraphs = [f"The district council of {place} voted on item {n} of its agenda on Tuesday evening, approving "
                  f"a plan to resurface {n % 7 + 2} streets near the old market before the autumn rains.",
                  f"Residents had asked for the repairs for {n % 5 + 2} years, the council's chair said, and the "
                  "works will close one lane at a time so that buses can keep to their timetable.",
                  "Shop owners welcomed the decision but asked for the work to be done at night, when the street "
                  "is quiet, and for clear signs to point drivers to the car park behind the library.",
                  f"The cost, about {n * 3 + 40} thousand in the local currency, comes from the road budget set "
                  "in the spring; the council will publish the schedule on its notice board next week.",
                  "A petition for a new cycle lane on the same streets gathered several hundred names and will be "
                  "discussed at the next meeting, together with the plan for the lights at the crossing."]
    return {"title": f"{place} council approves street repairs (item {n})", "paragraphs": paragraphs,
            "published": f"2025-05-{n % 20 + 5:02d}"}


def _rfc822(day: str) -> str:
    return format_datetime(datetime.fromisoformat(f"{day}T08:00:00+00:00"))


class Feed:
    """The feed the server publishes: examples (whole, in the entry) and fillers (a link to their page)."""

    def __init__(self, server: FeedServer):
        self.server = server
        self.items: list[dict] = []

    def add_example(self, path: Path) -> None:
        article = _example(path)
        self.items.append({"title": article["title"], "link": f"/news/{path.stem}", "date": _rfc822(
            article["published"]), "content": "<p>" + article["text"].replace("\n\n", "</p><p>") + "</p>"})

    def add_filler(self, n: int) -> None:
        item = _filler(n)
        link = f"/local/{n}"
        self.items.append({"title": item["title"], "link": link, "date": _rfc822(item["published"]),
                           "summary": item["paragraphs"][0]})
        self.server.routes[link] = Reply(200, page(item["title"], item["paragraphs"], item["published"]),
                                         headers={"Content-Type": "text/html; charset=utf-8"})

    def publish(self) -> None:
        self.server.routes["/feed.xml"] = Reply(200, rss("Test Gazette", self.items), etag=True,
                                                headers={"Content-Type": "application/rss+xml"})


@pytest.fixture
def fetcher():
    with Fetcher(guard=Guard.allowing(["127.0.0.1"]), limits=Limits(host_interval=0.0, retries=0)) as fetcher:
        yield fetcher


def test_rounds_ingest_only_what_is_new_and_alert_on_what_changed(pipeline, fetcher, tmp_path):
    examples = sorted((ROOT / "examples").glob("0[1-8]_*.md"))
    with FeedServer() as server:
        server.routes["/robots.txt"] = Reply(200, b"User-agent: *\nDisallow: /private/\n")
        server.routes["/hook"] = Reply(204)
        feed = Feed(server)
        for path in examples[:4]:
            feed.add_example(path)
        for n in range(196):
            feed.add_filler(n)
        feed.publish()
        sources = [server.url("/feed.xml"), server.url("/broken.xml")]  # the second answers 404
        alerts = tmp_path / "alerts.jsonl"

        def round_():
            return watch_round(sources, db=tmp_path / "store.duckdb", out_dir=tmp_path / "out", pipeline=pipeline,
                               fetcher=fetcher, alerts=alerts, webhook=server.url("/hook"), dyad="RUS-UKR")

        first = round_()
        assert (first.entries, first.fetched, first.stored) == (200, 200, 200)
        assert [f["reason"] for f in first.failed] == ["HTTP 404"] and first.alerts == []
        assert len([p for p in server.paths() if p.startswith("/local/")]) == 196  # entries without text: pages

        requests = len(server.requests)
        second = round_()
        assert (second.not_modified, second.fetched, second.stored) == (1, 0, 0)
        assert len(server.requests) - requests == 2  # the feed (304) and the broken source: no page fetched

        for path in examples[4:]:
            feed.add_example(path)
        feed.publish()
        third = round_()
        assert (third.entries, third.known, third.fetched, third.stored) == (204, 200, 4, 4)
        watch = [a for a in third.alerts if a["alert"] == "watch"]
        assert watch and all(a["before"] != a["after"] for a in watch)
        written = [json.loads(line) for line in alerts.read_text("utf-8").splitlines()]
        assert written == json.loads(json.dumps(third.alerts, default=str))
        assert server.paths("POST") == ["/hook"]  # one webhook call, for the round with alerts

    with Store(tmp_path / "store.duckdb", read_only=True) as store:
        assert store.count("articles") == 204
        states = {r["url"]: r["status"] for r in store.query("SELECT url, status FROM sources")}
        assert states == {server.url("/feed.xml"): "read", server.url("/broken.xml"): "failed"}
    assert (tmp_path / "out" / "brief.md").is_file() and (tmp_path / "out" / "brief.html").is_file()


def test_a_page_that_fails_is_skipped_with_its_reason(pipeline, fetcher, tmp_path):
    with FeedServer() as server:
        feed = Feed(server)
        feed.add_filler(1)
        feed.items.append({"title": "Vanished", "link": "/private/gone", "date": _rfc822("2025-05-06"),
                           "summary": "A page robots.txt forbids."})
        feed.publish()
        server.routes["/robots.txt"] = Reply(200, b"User-agent: *\nDisallow: /private/\n")
        report = watch_round([server.url("/feed.xml")], db=tmp_path / "s.duckdb", out_dir=tmp_path / "out",
                             pipeline=pipeline, fetcher=fetcher)
    assert report.stored == 1 and [s["path"] for s in report.skipped] == [server.url("/private/gone")]
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        assert "robots.txt" in store.query("SELECT reason FROM skipped")[0]["reason"]


def test_sources_come_from_urls_and_files(tmp_path):
    listed = tmp_path / "sources.txt"
    listed.write_text("# wires\nhttps://a.example/feed.xml\n\nhttps://b.example/sitemap.xml\n", encoding="utf-8")
    assert read_sources(["https://c.example/rss", str(listed), "https://a.example/feed.xml"]) == [
        "https://c.example/rss", "https://a.example/feed.xml", "https://b.example/sitemap.xml"]


def test_the_command_runs_a_round_and_prints_the_alerts(tmp_path, capsys):
    from peacewatch.cli import main

    with FeedServer() as server:
        feed = Feed(server)
        for path in sorted((ROOT / "examples").glob("0[1-2]_*.md")):
            feed.add_example(path)
        feed.publish()
        listed = tmp_path / "sources.txt"
        listed.write_text(f"# the test gazette\n{server.url('/feed.xml')}\n", encoding="utf-8")
        args = ["watch", str(listed), "--once", "--allow-host", "127.0.0.1", "--rate", "0", "-o", str(tmp_path / "out"),
                "--quiet"]
        assert main(args) == 0
        assert main(["watch", server.url("/feed.xml"), "--once", "-o", str(tmp_path / "out"), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert "is a loopback address" in captured.err  # without --allow-host the guard refuses the local server
    with Store(tmp_path / "out" / "peacewatch.duckdb", read_only=True) as store:
        assert store.count("articles") == 2 and store.count("sources") == 1
    assert (tmp_path / "out" / "brief.md").is_file()


def test_later_rounds_that_find_nothing_new_do_not_assess_again(pipeline, fetcher, tmp_path):
    from peacewatch.report.watch import watch

    with FeedServer() as server:
        feed = Feed(server)
        feed.add_filler(3)
        feed.publish()
        reports = watch([server.url("/feed.xml")], db=None, out_dir=tmp_path / "out", pipeline=pipeline,
                        fetcher=fetcher, every=0.0, rounds=2)
    assert [(r.fetched, r.stored, r.not_modified) for r in reports] == [(1, 1, 0), (0, 0, 1)]
    assert reports[0].brief and reports[1].brief is None and reports[1].alerts == []
    with Store(tmp_path / "out" / "peacewatch.duckdb", read_only=True) as store:
        assert store.count("assessment_runs") == 1  # the first round's only

"""The web workspace (`peacewatch serve`): every page and endpoint, filters, exports, the article view, the
SQL sandbox, the ingest endpoint's guards, the assessment cache, and answering while another process ingests.

Most tests run FastAPI's TestClient over a small store written without the spaCy model
(tests/brief_sample.py, plus one article with an awkward id, a repair and hostile text). Those that
ingest (the endpoint, a URL, the concurrent ingest) need the model and are marked `model`.
"""

from __future__ import annotations

import csv
import http.server
import io
import json
import re
import socket
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from brief_sample import ARTICLES, RUS, UKR
from conftest import EXAMPLES

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")
from fastapi.testclient import TestClient  # noqa: E402

from peacewatch.article import Article, Conditional, Event, Position, Repair  # noqa: E402
from peacewatch.read.segment import split  # noqa: E402
from peacewatch.store.store import Store  # noqa: E402
from peacewatch.web.app import create_app  # noqa: E402
from peacewatch.web.gate import Gate  # noqa: E402

ODD_ID = "odd/id ?#%é <b>"
TOKEN = "s3cret-token"


def odd_article() -> Article:
    """An article with an awkward id, hostile text, a repair and overlapping spans."""
    raw = "russia struck Kharkiv, killing three. If Kyiv withdraws, <script>alert(1)</script> talks & a truce follow."
    text = "Russia" + raw[len("russia"):]
    a = Article(id=ODD_ID, raw=raw, title="<img src=x onerror=alert(1)> Odd", source="Wire <odd>",
                published="2025-05-21", url="javascript:alert(1)")
    a.text, a.sentences = text, split(text)
    a.repairs = [Repair(0, 6, "russia", "Russia", "casing")]
    a.events = [Event(id=f"{ODD_ID}:e0", sentence=0, start=0, end=36, trigger="struck", cameo="190", plover="ASSAULT",
                      plover_mode="", goldstein=-10.0, quad_class=4, modality="asserted", source=RUS, target=UKR,
                      quantities={"killed": 3}, date="2025-05-21"),
                Event(id=f"{ODD_ID}:e1", sentence=1, start=text.index("talks"), end=len(text) - 1, trigger="follow",
                      cameo="057", plover="AGREE", plover_mode="", goldstein=8.0, quad_class=1, modality="conditional",
                      source=RUS, target=UKR, date="2025-05-21")]
    a.positions = [Position(UKR, "ceasefire", "demand", text[7:21], 7, 21)]
    a.conditionals = [Conditional(RUS, "Kyiv withdraws", "talks follow", None, text[38:], 38, len(text))]
    return a


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("web") / "sample.duckdb"
    with Store(db) as store:
        store.write([*ARTICLES, odd_article()])
    return str(db)


@pytest.fixture(scope="module")
def client(sample_db):
    with TestClient(create_app(sample_db)) as test_client:
        yield test_client


def test_every_page_and_endpoint_answers(client):
    odd = quote(ODD_ID, safe="")
    pages = ["/", "/trends", "/events", "/articles", f"/articles/{odd}", "/positions", "/watch", "/sources",
             "/?window=day&dyad=RUS-UKR", "/trends?window=14d", "/watch?status=pending", "/positions?actor=UKR"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:300])
        assert response.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in response.headers["content-security-policy"]
    api = ["/api/health", "/api/assessment", "/api/assessment?window=day&dyad=RUS-UKR", "/api/network", "/api/watch",
           "/api/events", "/api/articles", f"/api/articles/{odd}", "/api/positions", "/api/sources",
           "/api/query?sql=SELECT%201", "/openapi.json"]
    for url in api:
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:300])
        assert response.headers["content-type"].startswith("application/json")
    assert client.get("/static/app.js").status_code == 200 and client.get("/static/app.css").status_code == 200


def test_the_api_is_described_and_nothing_comes_from_a_cdn(client):
    schema = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events.csv", "/api/events.parquet", "/api/articles/{article_id}", "/api/query",
                 "/api/assessment", "/api/watch", "/api/positions", "/api/sources"):
        assert "get" in schema["paths"][path], path
    assert "text" in schema["paths"]["/api/ingest"]["post"]["requestBody"]["content"]["application/json"]["schema"][
        "properties"]
    assert not any(path.startswith(("/events", "/articles")) for path in schema["paths"])  # pages stay out
    assert client.get("/docs").status_code == 404  # Swagger UI would load its script from a CDN
    html = client.get("/").text
    assert not re.search(r"""src=["']?(https?:)?//|<link[^>]+href=["']?(https?:)?//""", html)  # loads only its own


def test_dashboard_watch_and_sources_show_the_store(client):
    dashboard = client.get("/?dyad=RUS-UKR").text
    assert "prospects for de-escalation" in dashboard and "Drivers" in dashboard
    assessment = client.get("/api/assessment?dyad=RUS-UKR").json()
    assert assessment["dyad"] == "RUS-UKR" and assessment["judgement"] in dashboard
    outlets = {o["outlet"]: o for o in client.get("/api/sources").json()["outlets"]}
    assert outlets["Wire a1"]["articles"] == 1 and outlets["Wire a1"]["events"] == 3
    watch = client.get("/api/watch?dyad=RUS-UKR").json()
    assert watch["total"] == len(assessment["watch"])
    trends = client.get("/trends").text
    assert trends.count("<svg") == 3 and "<title>" in trends


def test_events_filter_sort_and_page(client):
    every = client.get("/api/events?per_page=200").json()
    assert every["total"] == 10 and len(every["events"]) == 10
    dyad = client.get("/api/events?dyad=UKR-RUS&per_page=200").json()["events"]
    assert dyad and all({e["source_country"], e["target_country"]} == {"RUS", "UKR"} for e in dyad)
    assert len(dyad) == 8
    turkey = client.get("/api/events?actor=tur").json()["events"]
    assert len(turkey) == 2 and all("TUR" in (e["source_country"], e["target_country"]) for e in turkey)
    assaults = client.get("/api/events?plover=assault&modality=asserted").json()
    assert assaults["total"] == 4 and {e["plover"] for e in assaults["events"]} == {"ASSAULT"}
    window = client.get("/api/events?date_from=2025-05-13&date_to=2025-05-20").json()["events"]
    assert window and all("2025-05-13" <= e["date"] <= "2025-05-20" for e in window)
    assert client.get("/api/events?outlet=Wire%20a3").json()["total"] == 2
    assert client.get("/api/events?outlet=x%27%20OR%201%3D1%20--").json()["total"] == 0  # a value, never SQL
    ordered = [e["goldstein"] for e in client.get("/api/events?sort=goldstein&order=asc&per_page=200").json()["events"]]
    assert ordered == sorted(ordered)
    pages = [client.get(f"/api/events?per_page=3&page={n}").json() for n in (1, 2, 3, 4)]
    assert pages[0]["pages"] == 4 and [len(p["events"]) for p in pages] == [3, 3, 3, 1]
    assert sorted(e["id"] for p in pages for e in p["events"]) == sorted(e["id"] for e in every["events"])
    page = client.get("/events?plover=ASSAULT&per_page=2").text
    assert 'rel="next"' in page and "4 events" in page


@pytest.mark.parametrize("query, named", [
    ("per_page=201", "per_page"), ("per_page=0", "per_page"), ("page=0", "page"), ("page=abc", "page"),
    ("sort=goldstein%3BDROP%20TABLE%20events", "sort"), ("order=sideways", "order"), ("plover=BOMB", "plover"),
    ("modality=maybe", "modality"), ("date_from=2025-13-45", "date_from"), ("dyad=RUS-RUS", "dyad"),
    ("dyad=XXX-YYY", "dyad"), ("actor=Robert%27)%3B", "actor"), ("outlet=" + "x" * 501, "outlet"),
])
def test_bad_parameters_are_422_naming_them(client, query, named):
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 422 and response.json()["detail"].startswith(named)
    page = client.get(f"/events?{query}")  # a page keeps working and says what it dropped
    assert page.status_code == 200 and "were not used" in page.text and named in page.text


def test_other_bounds(client):
    assert client.get("/api/articles?per_page=201").status_code == 422
    assert client.get("/api/watch?per_page=5000").status_code == 422
    assert client.get("/api/assessment?window=fortnight").status_code == 422
    assert client.get("/api/assessment?dyad=RUS").status_code == 422
    assert client.get("/api/query?sql=SELECT%201&limit=0").status_code == 422
    assert client.get("/api/query?sql=SELECT%201&limit=10001").status_code == 422
    assert client.get("/?window=fortnight").status_code == 200  # a page falls back to the default


def test_export_the_selection_as_csv_and_parquet(client):
    import pyarrow.parquet as pq

    selection = "dyad=RUS-UKR&sort=date&order=asc&per_page=2"  # the export ignores the page: every row
    expected = client.get(f"/api/events?{selection.replace('per_page=2', 'per_page=200')}").json()["events"]
    response = client.get(f"/api/events.csv?{selection}")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"] and response.headers["x-rows"] == "8"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["id"] for r in rows] == [e["id"] for e in expected]
    assert rows[0]["date"] == expected[0]["date"]
    parquet = client.get(f"/api/events.parquet?{selection}")
    assert parquet.status_code == 200 and parquet.content[:4] == b"PAR1"
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.column("id").to_pylist() == [e["id"] for e in expected]
    assert client.get("/api/events.csv?plover=NOPE").status_code == 422


def test_csv_cells_that_a_spreadsheet_would_run_stay_text():
    import pyarrow as pa

    from peacewatch.web.explore import as_csv

    table = pa.table({"sentence": ["=HYPERLINK(\"http://x\")", "+1 attack", "@SUM(A1)", "Plain text", None],
                      "goldstein": [-10.0, 2.0, 0.0, -2.5, None]})
    rows = list(csv.reader(io.StringIO(as_csv(table).decode("utf-8"))))
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(\"http://x\")", "'+1 attack", "'@SUM(A1)", "Plain text", ""]
    assert [r[1] for r in rows[1:]] == ["-10.0", "2.0", "0.0", "-2.5", ""]  # numbers stay numbers


class Marks(HTMLParser):
    """The text of each `data-span` (joined over its pieces), the text of the whole article body, and tags seen."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside, self.open, self.spans, self.text, self.tags = 0, [], {}, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if attrs.get("id") == "article-text":
            self.inside = 1
        elif self.inside:
            self.inside += 1
            self.open.append((attrs.get("data-span"), attrs.get("data-id")))

    def handle_endtag(self, tag):
        if self.inside:
            self.inside -= 1
            if self.inside:
                self.open.pop()

    def handle_data(self, data):
        if self.inside:
            self.text.append(data)
            for key, _ in self.open:
                self.spans[key] = self.spans.get(key, "") + data


def test_article_view_marks_every_span_and_escapes_the_text(client):
    article = odd_article()
    response = client.get(f"/articles/{quote(ODD_ID, safe='')}")
    assert response.status_code == 200
    html = response.text
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "javascript:alert" not in html  # a javascript: URL is no link
    marks = Marks()
    marks.feed(html)
    assert "".join(marks.text) == article.text
    for n, event in enumerate(article.events):
        assert marks.spans[f"event-{n}"] == article.text[event.start:event.end]
    assert marks.spans["position-0"] == article.text[7:21]
    assert marks.spans["conditional-0"] == article.text[38:]
    assert marks.spans["repair-0"] == "Russia"
    assert 'data-label="ASSAULT: Russia → Ukraine"' in html
    assert "casing: &#x27;russia&#x27; → &#x27;Russia&#x27;" in html
    record = client.get(f"/api/articles/{quote(ODD_ID, safe='')}").json()
    assert record["article"]["id"] == ODD_ID and record["events"][0]["text"] == article.text[:36]
    assert record["repairs"] == [{"n": 0, "raw_start": 0, "raw_end": 6, "before": "russia", "after": "Russia",
                                  "kind": "casing", "start": 0, "end": 6}]


def test_unknown_articles_are_404(client):
    for url in ("/articles/nope", "/api/articles/nope", "/articles/" + quote("a/b?c", safe=""), "/articles/%00"):
        response = client.get(url)
        assert response.status_code == 404, url
    assert "no article" in client.get("/api/articles/nope").json()["detail"]
    assert "Not found" in client.get("/articles/nope").text


def test_hostile_titles_are_escaped_everywhere(client):
    for url in ("/", "/articles", "/watch", "/positions", "/events?per_page=200"):
        html = client.get(url).text
        assert '<script>alert("x")' not in html and "<b>prisoners</b>" not in html, url
    assert "&lt;script&gt;alert(&#34;x&#34;)" in client.get("/articles").text or "&lt;script&gt;" in \
        client.get("/articles").text


def test_sql_goes_through_the_sandbox(client):
    ok = client.get("/api/query", params={"sql": "SELECT id FROM articles ORDER BY id", "limit": 2}).json()
    assert ok["columns"] == ["id"] and len(ok["rows"]) == 2 and ok["truncated"] is True
    for sql in ("DROP TABLE events", "SELECT 1; SELECT 2", "COPY events TO '/tmp/x.csv'",
                "SELECT * FROM read_csv('/etc/passwd')", "ATTACH '/tmp/other.duckdb'", "INSTALL httpfs",
                "SET threads = 4", "SELECT nonsense FROM nowhere"):
        response = client.get("/api/query", params={"sql": sql})
        assert response.status_code == 400, (sql, response.text)
        assert response.json()["detail"]
    slow = client.get("/api/query", params={"sql": "SELECT count(*) FROM range(10000000000) a, range(10) b",
                                            "timeout": 0.2})
    assert slow.status_code == 408 and "ran past" in slow.json()["detail"]
    assert client.get("/api/query").status_code == 422  # no sql at all


def test_ingest_is_off_without_a_token(client):
    response = client.post("/api/ingest", json={"text": "Russia and Ukraine held talks."})
    assert response.status_code == 403 and "PEACEWATCH_TOKEN" in response.json()["detail"]


@pytest.fixture(scope="module")
def guarded(sample_db):
    def never():
        raise AssertionError("the pipeline must not load for a refused request")

    with TestClient(create_app(sample_db, token=TOKEN, pipeline_factory=never)) as test_client:
        yield test_client


def test_ingest_needs_the_right_token(guarded):
    body = {"text": "Russia and Ukraine held talks."}
    assert guarded.post("/api/ingest", json=body).status_code == 401
    wrong = guarded.post("/api/ingest", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    assert guarded.post("/api/ingest", json=body, headers={"Authorization": TOKEN}).status_code == 401
    assert guarded.get("/api/ingest").status_code == 405  # and never a GET


@pytest.mark.parametrize("body, status, says", [
    (b"x" * (2 * 1024 * 1024 + 1), 413, "over 2,097,152 bytes"),
    (json.dumps({"text": "a" * (2 * 1024 * 1024)}).encode(), 413, "one article at a time"),
    (b"{not json", 422, "not JSON"),
    (b"\xff\xfe", 422, "not JSON"),
    (b"[1, 2]", 422, "one JSON object"),
    (b"{}", 422, "give `text`"),
    (json.dumps({"text": 5}).encode(), 422, "text"),
    (json.dumps({"text": ""}).encode(), 422, "text"),
    (json.dumps({"text": "x", "colour": "blue"}).encode(), 422, "colour: unknown field"),
    (json.dumps({"url": "https://example.org/a", "title": "T"}).encode(), 422, "with `url` alone"),
    (json.dumps({"text": "x", "title": "t" * 1001}).encode(), 422, "title"),
])
def test_ingest_refuses_bad_bodies_before_the_pipeline(guarded, body, status, says):
    response = guarded.post("/api/ingest", content=body, headers={"Authorization": f"Bearer {TOKEN}",
                                                                  "Content-Type": "application/json"})
    assert response.status_code == status, response.text
    assert says in response.json()["detail"]


def test_a_chunked_body_is_cut_at_the_limit(guarded):
    def chunks():
        for _ in range(40):
            yield b"x" * 65_536  # 2.5 MB, with no Content-Length

    response = guarded.post("/api/ingest", content=chunks(), headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 413


def test_security_headers_and_trusted_hosts(sample_db):
    with TestClient(create_app(sample_db, trusted_hosts=["127.0.0.1", "localhost"]),
                    base_url="http://127.0.0.1") as local:
        assert local.get("/api/health").status_code == 200
        assert local.get("/api/health", headers={"Host": "attacker.example"}).status_code == 400
        response = local.get("/")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_the_assessment_is_computed_once_per_state_of_the_store(tmp_path, monkeypatch):
    from peacewatch.web import workspace

    db = tmp_path / "cache.duckdb"
    with Store(db) as store:
        store.write(ARTICLES[:2])
    calls = []
    real = workspace.assess
    monkeypatch.setattr(workspace, "assess", lambda store, **kw: calls.append(kw) or real(store, **kw))
    with TestClient(create_app(db)) as test_client:
        for url in ("/", "/api/assessment", "/watch", "/trends"):
            assert test_client.get(url).status_code == 200
        assert len(calls) == 1
        assert test_client.get("/api/assessment?window=day").status_code == 200 and len(calls) == 2
        with Store(db) as store:  # the store changes between requests: the next one assesses again
            store.write(ARTICLES[2:])
        assert test_client.get("/api/assessment").json()["evidence"]["articles"] == 3
        assert len(calls) == 3


def test_the_gate_shares_reads_and_leaves_gaps_for_a_writer():
    gate = Gate(burst=5.0, pause=0.1)
    entered = []

    def write():
        with gate.hold("write"):
            entered.append("write")

    with gate.hold("read"), gate.hold("read"):  # two readers share the file
        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(0.1)
        assert entered == []  # the writer (or a sandbox query) waits for them
    writer.join(2)
    assert entered == ["write"]
    gate = Gate(burst=0.1, pause=0.15)
    released = []
    began = time.monotonic()
    while time.monotonic() - began < 0.5:  # steady load: one reader after another, without a gap
        with gate.hold("read"):
            pass
        released.append(time.monotonic())
    gaps = [b - a for a, b in zip(released, released[1:])]
    assert max(gaps) >= 0.14  # after a burst the file was left free long enough for a writer's retry
    assert not Gate.for_store("postgresql://u@h/db").enabled


@pytest.mark.model
def test_ingest_with_the_token_stores_and_shows_the_article(tmp_path, pipeline):
    db = tmp_path / "posted.duckdb"
    Store(db).close()
    with TestClient(create_app(db, token=TOKEN, pipeline_factory=lambda: pipeline)) as test_client:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        body = {"text": "Russia struck Kharkiv on Tuesday, killing three people.", "title": "Strike on Kharkiv",
                "published": "2025-05-20", "source": "Posted Wire", "url": "https://example.org/posted"}
        response = test_client.post("/api/ingest", json=body, headers=auth)
        assert response.status_code == 201, response.text
        stored = response.json()
        assert stored["stored"] == 1 and stored["events"] >= 1 and stored["id"].startswith("web-")
        article = test_client.get(f"/api/articles/{stored['id']}").json()
        assert article["article"]["title"] == "Strike on Kharkiv" and article["article"]["source"] == "Posted Wire"
        events = test_client.get(f"/api/events?article={stored['id']}").json()["events"]
        assert events and events[0]["plover"] == "ASSAULT" and events[0]["outlet"] == "Posted Wire"
        assert "Strike on Kharkiv" in test_client.get("/articles").text
        again = test_client.post("/api/ingest", json=body, headers=auth)
        assert again.status_code == 200 and again.json()["unchanged"] == 1


class _Page(http.server.BaseHTTPRequestHandler):
    PAGE = ("<html><head><title>Talks in Istanbul</title><meta property='article:published_time' "
            "content='2025-05-16'></head><body><article><h1>Talks in Istanbul</h1><p>Russia and Ukraine held "
            "direct talks in Istanbul on Friday and agreed to exchange 1,000 prisoners each, officials said. "
            "The delegations met for two hours at the Dolmabahce palace.</p></article></body></html>")

    def do_GET(self):  # noqa: N802 - the name http.server calls
        body = self.PAGE.encode() if self.path == "/article.html" else b"not here"
        self.send_response(200 if self.path == "/article.html" else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.mark.model
def test_ingest_a_url_through_the_guard(tmp_path, pipeline):
    pytest.importorskip("peacewatch.read.fetch", reason="peacewatch.read.fetch (the URL fetcher) is not there yet")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/article.html"
    db = tmp_path / "fetched.duckdb"
    Store(db).close()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    try:
        with TestClient(create_app(db, token=TOKEN, pipeline_factory=lambda: pipeline)) as refusing:
            refused = refusing.post("/api/ingest", json={"url": url}, headers=auth)
            assert refused.status_code == 400 and "cannot fetch" in refused.json()["detail"]
        with TestClient(create_app(db, token=TOKEN, pipeline_factory=lambda: pipeline,
                                   allow_hosts=["127.0.0.1"])) as allowing:
            response = allowing.post("/api/ingest", json={"url": url}, headers=auth)
            assert response.status_code == 201, response.text
            found = allowing.get("/api/query", params={"sql": "SELECT title, url FROM articles"}).json()["rows"]
            assert found == [["Talks in Istanbul", url]]
            missing = allowing.post("/api/ingest", json={"url": url.replace("article", "gone")}, headers=auth)
            assert missing.status_code == 400
    finally:
        server.shutdown()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.model
def test_the_server_answers_while_another_process_ingests(tmp_path):
    """A real server on 127.0.0.1 and `peacewatch ingest` into the same file at once: every request is
    answered (200), each sees whole batches only, and counts never go back."""
    import httpx
    import uvicorn

    db = tmp_path / "shared.duckdb"
    Store(db).close()
    config = tmp_path / "settings.toml"
    config.write_text('coder = "rules"\nbatch_size = 2\n', encoding="utf-8")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    writer = subprocess.Popen([sys.executable, "-m", "peacewatch.cli", "ingest", str(EXAMPLES), "--db", str(db),
                               "--config", str(config), "--workers", "1", "--quiet"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen, statuses = [], []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            while True:
                done = writer.poll() is not None
                for url in ("/api/articles?per_page=200", "/", "/api/assessment", "/api/events?per_page=1"):
                    response = http.get(url)
                    statuses.append((url, response.status_code))
                    if url.startswith("/api/articles"):
                        seen.append({a["id"]: a["events"] for a in response.json()["articles"]})
                if done:
                    break
                time.sleep(0.05)
            final = {a["id"]: a["events"] for a in http.get("/api/articles?per_page=200").json()["articles"]}
    finally:
        server.should_exit = True
        thread.join(10)
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert "11 articles stored" in out
    assert all(status == 200 for _, status in statuses), [s for s in statuses if s[1] != 200]
    assert len(final) == 11 and len(seen) >= 3
    counts = [len(state) for state in seen]
    assert counts == sorted(counts)  # never goes back
    assert set(counts) <= {0, 2, 4, 6, 8, 10, 11}  # whole batches of two, never a half-written one
    assert any(0 < c < 11 for c in counts)  # the server answered between batches, not only before or after
    for state in seen:  # an article is there with all its events or not at all
        assert all(final[article_id] == events for article_id, events in state.items())


def test_the_workspace_over_a_postgresql_store(postgres_url):
    """The same pages and answers over a shared store: the SQL of the workspace is portable."""
    with Store(postgres_url) as store:
        store.write([*ARTICLES, odd_article()])
    with TestClient(create_app(postgres_url)) as shared:
        for url in ("/", "/trends", "/events", "/positions", "/watch", "/sources", "/articles",
                    f"/articles/{quote(ODD_ID, safe='')}"):
            assert shared.get(url).status_code == 200, url
        assert shared.get("/api/events?dyad=RUS-UKR&date_from=2025-05-13&sort=goldstein").json()["total"] == 6
        rows = list(csv.DictReader(io.StringIO(shared.get("/api/events.csv?plover=ASSAULT").text)))
        assert len(rows) == 4
        assert shared.get("/api/events.parquet").content[:4] == b"PAR1"
        outlets = {o["outlet"]: o for o in shared.get("/api/sources").json()["outlets"]}
        assert outlets["Wire a1"] == {"outlet": "Wire a1", "articles": 1, "events": 3,
                                      "first_published": "2025-05-05", "last_published": "2025-05-05"}
        assert shared.get("/api/query", params={"sql": "SELECT count(*) AS n FROM events"}).json()["rows"] == [[10]]
        assert shared.get("/api/query", params={"sql": "DELETE FROM events"}).status_code == 400
        assert shared.get("/api/positions?actor=UKR").json()["actors"]["UKR"]

"""`peacewatch serve` in headless Chromium: the real uvicorn server on 127.0.0.1, over the examples' store.

Chromium is found as in tests/test_brief_browser.py (PEACEWATCH_CHROMIUM, /usr/bin/chromium, or on
the PATH) and the tests skip, saying why, without it. Every page is checked for console errors, and
every request the browser makes is recorded: one to any address but 127.0.0.1 is aborted and fails
the test.
"""

from __future__ import annotations

import socket
import threading
import time
from urllib.parse import quote, urlsplit

import pytest
from conftest import EXAMPLES

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def served(pipeline, tmp_path_factory):
    """The base URL of a server over a store of the examples."""
    import uvicorn

    from peacewatch.store.ingest import ingest
    from peacewatch.web.app import create_app

    db = tmp_path_factory.mktemp("served") / "examples.duckdb"
    ingest([EXAMPLES], db, pipeline=pipeline)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(db, trusted_hosts=["127.0.0.1", "localhost"])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def page(browser):
    """A page that records console errors and requests, and aborts any request off 127.0.0.1."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.errors, page.requests, page.foreign = [], [], []
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("request", lambda request: page.requests.append(request.url))

    def guard(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            page.foreign.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    yield page
    page.close()
    assert page.errors == []
    assert page.foreign == [], f"requests off 127.0.0.1: {page.foreign}"
    assert page.requests and all(urlsplit(url).hostname == "127.0.0.1" for url in page.requests)


def test_dashboard_and_trend_charts(page, served):
    page.goto(f"{served}/", wait_until="load")
    assert "prospects for de-escalation" in page.locator("h1").inner_text()
    assert page.locator("#drivers blockquote").count() >= 2
    page.goto(f"{served}/trends?window=week&dyad=RUS-UKR", wait_until="load")
    charts = page.locator("figure.chart svg")
    assert charts.count() == 3
    bar = page.locator('figure[data-chart="violence-diplomacy"] rect:has(title)').last
    bar.hover()
    tip = page.locator(".tip")
    tip.wait_for(state="visible")
    assert tip.inner_text() == bar.locator("title").text_content()
    assert page.locator("#windows tbody tr").count() >= 4


def test_filter_the_events(page, served):
    page.goto(f"{served}/events", wait_until="load")
    every = int(page.locator("#event-count").inner_text().split()[0])
    with page.expect_navigation():
        page.select_option("select[name=plover]", "ASSAULT")  # applies on change
    assert "plover=ASSAULT" in page.url
    types = page.locator("#events-table tbody tr td:nth-child(2) b").all_inner_texts()
    assert types and set(types) == {"ASSAULT"}
    assaults = int(page.locator("#event-count").inner_text().split()[0])
    assert 0 < assaults < every
    page.fill("input[name=dyad]", "UKR-RUS")
    with page.expect_navigation():
        page.click("#event-filters button[type=submit]")
    assert "dyad=UKR-RUS" in page.url
    sides = page.locator("#events-table tbody tr td:nth-child(4) .meta").all_inner_texts()
    assert sides and set(sides) <= {"RUS", "UKR"}
    assert int(page.locator("#event-count").inner_text().split()[0]) <= assaults


def test_an_article_highlights_exactly_the_stored_spans(page, served):
    page.goto(f"{served}/events?plover=ASSAULT&sort=date&order=asc", wait_until="load")
    link = page.locator("#events-table tbody tr td:last-child a").first
    event_id = page.locator("#events-table tbody tr").first.get_attribute("data-event")
    with page.expect_navigation():
        link.click()
    assert "/articles/" in page.url and "#event=" in page.url
    article_id = event_id.rsplit(":", 1)[0]
    stored = page.request.get(f"{served}/api/articles/{quote(article_id, safe='')}").json()
    text = stored["text"]
    shown = page.evaluate("""() => {
        const joined = {};
        for (const mark of document.querySelectorAll('#article-text mark[data-kind="event"]')) {
            const id = mark.getAttribute('data-id');
            joined[id] = (joined[id] || '') + mark.textContent;
        }
        return joined;
    }""")
    assert stored["events"]
    for event in stored["events"]:
        assert shown[event["id"]] == text[event["start"]:event["end"]], event["id"]
    assert page.locator("#article-text").evaluate("node => node.textContent") == text
    linked = page.locator("#article-text mark.event.focus").first  # the event the link named lights up
    assert linked.get_attribute("data-id") == event_id
    label = page.evaluate("""() => getComputedStyle(document.querySelector('#article-text mark.event.last'),
                                                    '::after').content""")
    assert "→" in label  # each highlight is labelled "TYPE: who → whom"
    page.uncheck("#layers input[name=event]")
    assert "hide-event" in page.evaluate("() => document.body.className")


def test_positions_watch_and_sources_pages(page, served):
    for path, marker in (("/positions", "table.positions"), ("/watch", "#watch-table"),
                         ("/sources", "#sources-table"), ("/articles", "#articles-table")):
        page.goto(f"{served}{path}", wait_until="load")
        assert page.locator(f"{marker} tbody tr").count() >= 1, path

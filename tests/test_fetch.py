"""Fetching: the SSRF guard (with a stub resolver: no traffic), and the fetcher against a local server on
127.0.0.1 (timeouts, size cap, redirects, robots.txt, conditional GET, retries, rate limit, feeds)."""

from __future__ import annotations

import socket

import pytest
from feedserver import FeedServer, Reply, page, rss

from peacewatch.errors import BlockedAddress, FetchError
from peacewatch.read.feeds import article_id, parse
from peacewatch.read.fetch import Fetcher, Limits, fetch_record
from peacewatch.read.guard import Guard

LOCAL = Guard.allowing(["127.0.0.1"])
FAST = Limits(host_interval=0.0, retries=0, deadline=5.0)


def stub(answers: dict[str, list[str]]):
    """A resolver that knows only `answers`, failing as the system's does for any other name."""
    def resolve(host: str, port: int) -> list[str]:
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return answers[host]
    return resolve


class NoTraffic(Fetcher):
    """A fetcher whose HTTP client fails the test if it is ever used."""

    def __init__(self, guard: Guard):
        super().__init__(guard=guard, limits=FAST, robots=False)

        def refuse(*args, **kwargs):
            raise AssertionError(f"a connection was attempted: {args}")
        self.client.stream = refuse


# -- the SSRF guard -------------------------------------------------------------------------------------------------

REFUSED = {
    "http://127.0.0.1/feed": "loopback", "http://localhost.test/": "loopback", "http://10.0.0.8/": "private",
    "http://172.16.4.4/": "private", "http://192.168.1.1/": "private", "http://169.254.169.254/latest/meta-data/":
    "private", "http://[::1]/": "loopback", "http://[::ffff:127.0.0.1]/": "loopback", "http://[fe80::1]/": "private",
    "http://[fd00::1]/": "private", "http://224.0.0.251/": "multicast", "http://0.0.0.0/": "private",
    "http://100.64.0.1/": "not global", "http://[2002:7f00:1::]/": "loopback", "http://intranet.test/": "private",
    "http://mixed.test/": "private", "http://240.0.0.9/": "private",
}
RESOLVER = stub({"localhost.test": ["127.0.0.1"], "intranet.test": ["10.1.2.3"], "news.test": ["93.184.216.34"],
                 "mixed.test": ["93.184.216.34", "192.168.0.10"]})


@pytest.mark.parametrize("url", sorted(REFUSED))
def test_the_guard_refuses_addresses_that_are_not_public_before_connecting(url):
    fetcher = NoTraffic(Guard.allowing([], RESOLVER))
    with pytest.raises(BlockedAddress, match=REFUSED[url]):
        fetcher.get(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://news.test/x", "gopher://news.test/", "/etc/passwd",
                                 "http://user:secret@news.test/feed", "javascript:alert(1)"])
def test_the_guard_refuses_other_schemes_and_credentials(url):
    with pytest.raises(BlockedAddress):
        NoTraffic(Guard.allowing([], RESOLVER)).get(url)


def test_a_public_host_passes_and_connects_to_the_address_checked():
    target = Guard.allowing([], RESOLVER).check("https://news.test/feed.xml")
    assert (target.host, target.port, target.address) == ("news.test", 443, "93.184.216.34")
    with pytest.raises(FetchError, match="cannot resolve"):
        Guard.allowing([], stub({})).check("http://nowhere.test/")
    assert Guard.allowing(["intranet.test"], RESOLVER).check("http://intranet.test/").address == "10.1.2.3"


def test_redirects_are_checked_hop_by_hop():
    with FeedServer() as server:
        server.routes["/to-private"] = Reply(302, headers={"Location": "http://10.0.0.1/admin"})
        server.routes["/to-localhost"] = Reply(301, headers={"Location": f"http://localhost:{server.port}/secret"})
        server.routes["/secret"] = Reply(200, b"internal")
        with Fetcher(guard=LOCAL, limits=FAST, robots=False) as fetcher:
            with pytest.raises(BlockedAddress, match="private"):
                fetcher.get(server.url("/to-private"))
            with pytest.raises(BlockedAddress, match="loopback"):
                fetcher.get(server.url("/to-localhost"))  # the same server, under a name that is not allowed
        assert "/secret" not in server.paths()


# -- the fetcher ----------------------------------------------------------------------------------------------------

def test_slow_huge_looping_and_failing_responses_are_named_errors():
    with FeedServer() as server:
        server.routes["/slow"] = Reply(200, b"x" * 200, drip=0.02)
        server.routes["/huge"] = Reply(200, b"x" * 300_000)
        server.routes["/loop"] = Reply(302, headers={"Location": "/loop"})
        server.routes["/gone"] = Reply(410, b"gone")
        limits = Limits(host_interval=0.0, retries=0, deadline=1.0, max_bytes=100_000, max_redirects=3)
        with Fetcher(guard=LOCAL, limits=limits, robots=False) as fetcher:
            with pytest.raises(FetchError, match="took over 1 s"):
                fetcher.get(server.url("/slow"))
            with pytest.raises(FetchError, match="over the limit"):
                fetcher.get(server.url("/huge"))
            with pytest.raises(FetchError, match="more than 3 redirects"):
                fetcher.get(server.url("/loop"))
            with pytest.raises(FetchError, match="HTTP 410"):
                fetcher.get(server.url("/gone"))
            with pytest.raises(FetchError, match="connection failed"):
                fetcher.get("http://127.0.0.1:9/nothing-listens-here")
        assert server.paths().count("/loop") == 4  # the first request and three redirects


def test_server_errors_are_retried_with_backoff():
    answers = iter([Reply(503, b"busy", headers={"Retry-After": "2"}), Reply(500, b"oops"), Reply(200, b"fine")])
    waits = []
    with FeedServer() as server:
        server.routes["/flaky"] = lambda: next(answers)
        limits = Limits(host_interval=0.0, retries=2, backoff=0.25)
        with Fetcher(guard=LOCAL, limits=limits, robots=False, sleep=waits.append) as fetcher:
            assert fetcher.get(server.url("/flaky")).body == b"fine"
    assert waits == [2.0, 0.5]  # Retry-After heeded, then the doubled backoff


def test_requests_to_one_host_are_spaced():
    now, waits = [100.0], []

    def sleep(seconds: float) -> None:
        waits.append(round(seconds, 3))
        now[0] += seconds

    with FeedServer() as server:
        server.routes["/a"] = Reply(200, b"a")
        with Fetcher(guard=LOCAL, limits=Limits(host_interval=2.0), robots=False, clock=lambda: now[0],
                     sleep=sleep) as fetcher:
            for _ in range(3):
                fetcher.get(server.url("/a"))
    assert waits == [2.0, 2.0]


def test_robots_txt_is_respected():
    with FeedServer() as server:
        server.routes["/robots.txt"] = Reply(200, b"User-agent: *\nDisallow: /private/\n")
        server.routes["/private/page"] = Reply(200, b"no")
        server.routes["/public/page"] = Reply(200, b"yes")
        with Fetcher(guard=LOCAL, limits=FAST) as fetcher:
            assert fetcher.get(server.url("/public/page")).body == b"yes"
            with pytest.raises(FetchError, match="robots.txt"):
                fetcher.get(server.url("/private/page"))
        assert "/private/page" not in server.paths() and server.paths().count("/robots.txt") == 1


def test_conditional_get_is_answered_not_modified():
    with FeedServer() as server:
        server.routes["/feed.xml"] = Reply(200, rss("Wire", []), etag=True)
        with Fetcher(guard=LOCAL, limits=FAST, robots=False) as fetcher:
            first = fetcher.get(server.url("/feed.xml"))
            again = fetcher.get(server.url("/feed.xml"), etag=first.headers["etag"])
    assert first.status == 200 and again.not_modified and again.body == b""
    assert server.requests[-1][2]["if-none-match"] == first.headers["etag"]


def test_feeds_sitemaps_and_pages_are_read():
    with FeedServer() as server:
        server.routes["/feed.xml"] = Reply(200, rss("Wire", [
            {"title": "Talks resume", "link": "/news/1?utm_source=x", "date": "Mon, 02 Jun 2025 08:00:00 GMT",
             "content": "<p>" + "Delegations met again. " * 60 + "</p>"},
            {"title": "Short item", "link": "/news/2", "date": "Tue, 03 Jun 2025 08:00:00 GMT", "summary": "Brief."}]),
            headers={"Content-Type": "application/rss+xml"})
        server.routes["/feed.json"] = Reply(200, b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", '
                                                 b'"items": [{"id": "1", "url": "/j/1", "title": "One", '
                                                 b'"content_text": "Text", "date_published": "2025-06-04T10:00:00Z"}]}')
        server.routes["/sitemap.xml"] = Reply(200, b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/'
                                                   b'schemas/sitemap/0.9"><url><loc>/a</loc><lastmod>2025-06-05'
                                                   b'</lastmod></url></urlset>')
        server.routes["/news/2"] = Reply(200, page("Short item in full", ["Kyiv and Moscow agreed to a swap."] * 5,
                                                   "2025-06-03"), headers={"Content-Type": "text/html"})
        server.routes["/bad.xml"] = Reply(200, b"<rss><<channel>>&&</item>", headers={
            "Content-Type": "application/rss+xml"})
        with Fetcher(guard=LOCAL, limits=FAST, robots=False) as fetcher:
            feed = parse(fetcher.get(server.url("/feed.xml")).page())
            jsonfeed = parse(fetcher.get(server.url("/feed.json")).page())
            sitemap = parse(fetcher.get(server.url("/sitemap.xml")).page())
            record = fetch_record(server.url("/news/2"), fetcher=fetcher)
            with pytest.raises(FetchError):
                parse(fetcher.get(server.url("/bad.xml")).page())
    assert feed.kind == "feed" and [i.published for i in feed.items] == ["2025-06-02", "2025-06-03"]
    assert feed.items[0].url == server.url("/news/1?utm_source=x") and feed.items[0].text.startswith("Delegations")
    assert article_id(feed.items[0].url) == article_id(server.url("/news/1"))  # tracking parameters do not count
    assert [(i.url, i.published) for i in jsonfeed.items] == [(server.url("/j/1"), "2025-06-04")]
    assert [(i.url, i.published) for i in sitemap.items] == [(server.url("/a"), "2025-06-05")]
    assert record["title"] == "Short item in full" and "agreed to a swap" in record["text"]
    assert record["published"] == "2025-06-03" and record["id"] == article_id(server.url("/news/2"))


def test_fetch_record_refuses_what_is_not_an_article():
    with pytest.raises(BlockedAddress):
        fetch_record("http://127.0.0.1:9/page")  # no allow_hosts: refused before connecting
    with FeedServer() as server:
        server.routes["/feed.xml"] = Reply(200, rss("Wire", []))
        with pytest.raises(FetchError, match="not an article page"):
            fetch_record(server.url("/feed.xml"), allow_hosts=["127.0.0.1"])

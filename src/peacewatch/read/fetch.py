"""Fetching feeds and pages over HTTP, politely and safely.

`Fetcher.get(url)` makes one guarded GET, with, per request:
- the SSRF guard (guard.py) on the URL and on every redirect hop, and a connection to the address
  that was checked (the Host header and TLS name stay the URL's);
- timeouts (connect, read, and a deadline for the whole body, so a server that drips bytes is cut
  off), a size cap, and a redirect limit;
- robots.txt (RFC 9309: fetched once per site, through the same guard; a missing one allows all, an
  unreachable one forbids the site for this run);
- a per-host rate limit, and conditional GET (ETag / Last-Modified given, 304 read as "not modified");
- retries with exponential backoff on connection errors, timeouts, 429 and 5xx (Retry-After heeded,
  capped); a 4xx other than 429 fails at once.
Every failure is a FetchError (a refusal a BlockedAddress) naming the URL and the reason.
`post_json` sends a webhook through the same guard, without following redirects.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from ..contract import PIPELINE_VERSION
from ..errors import BlockedAddress, FetchError
from .feeds import Body, parse
from .guard import Guard, Target

REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True)
class Limits:
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    deadline: float = 30.0  # seconds for a whole response, body included
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    host_interval: float = 1.0  # seconds between two requests to one host
    retries: int = 2
    backoff: float = 0.5  # seconds before the first retry, doubled at each
    max_wait: float = 30.0  # the longest Retry-After heeded
    user_agent: str = f"peacewatch/{PIPELINE_VERSION} (news monitoring; respects robots.txt)"


@dataclass
class Response:
    url: str  # after redirects
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def page(self) -> Body:
        return Body(self.body, self.url, self.headers.get("content-type", ""))

    def text(self) -> str:
        return self.page().text()


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None = None):
        super().__init__(reason)
        self.reason, self.wait = reason, wait


class Fetcher:
    """One HTTP client for a round of fetching; `guard`, `clock` and `sleep` are injected for tests."""

    def __init__(self, *, guard: Guard | None = None, limits: Limits | None = None, robots: bool = True,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        import httpx

        self.guard = guard or Guard()
        self.limits = limits or Limits()
        self.robots = robots
        self.clock, self.sleep = clock, sleep
        timeout = httpx.Timeout(self.limits.read_timeout, connect=self.limits.connect_timeout)
        # trust_env=False: no proxy from the environment, which would connect to hosts the guard never saw
        self.client = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False,
                                   headers={"User-Agent": self.limits.user_agent})
        self._turn: dict[str, float] = {}
        self._rules: dict[str, RobotFileParser | str] = {}

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    # -- GET ------------------------------------------------------------------------------------------------

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """The response to a guarded GET of `url` (status 200, or 304 when not modified)."""
        headers = {"Accept": "application/rss+xml, application/atom+xml, application/feed+json, "
                             "application/xml;q=0.9, text/html;q=0.9, */*;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if self.robots:
            self._allowed(url)
        return self._with_retries(url, headers)

    def _with_retries(self, url: str, headers: dict[str, str]) -> Response:
        tries = self.limits.retries + 1
        for attempt in range(tries):
            try:
                return self._follow(url, headers)
            except _Retry as error:
                if attempt == tries - 1:
                    raise FetchError(url, f"{error.reason} (tried {tries} times)") from None
                wait = self.limits.backoff * 2 ** attempt
                self.sleep(min(self.limits.max_wait, max(wait, error.wait or 0)))
        raise AssertionError("unreachable")

    def _follow(self, url: str, headers: dict[str, str]) -> Response:
        start = url
        for _ in range(self.limits.max_redirects + 1):
            target = self.guard.check(url)
            response = self._request("GET", url, target, headers)
            if response.status in REDIRECTS:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(url, f"HTTP {response.status} without a Location header")
                url = urljoin(url, location.strip())
                continue
            if response.status == 429 or response.status >= 500:
                raise _Retry(f"HTTP {response.status}", _retry_after(response.headers.get("retry-after")))
            if response.status >= 400:
                raise FetchError(url, f"HTTP {response.status}")
            return response
        raise FetchError(start, f"more than {self.limits.max_redirects} redirects")

    def _request(self, method: str, url: str, target: Target, headers: dict[str, str],
                 body: bytes | None = None) -> Response:
        import httpx

        self._wait_turn(target.host)
        parts = urlsplit(url)
        address = f"[{target.address}]" if ":" in target.address else target.address
        pinned = urlunsplit((parts.scheme, f"{address}:{target.port}", parts.path or "/", parts.query, ""))
        default = (target.scheme, target.port) in (("http", 80), ("https", 443))
        host = target.host if ":" not in target.host else f"[{target.host}]"
        headers = {**headers, "Host": host if default else f"{host}:{target.port}"}
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        deadline = self.clock() + self.limits.deadline
        try:
            with self.client.stream(method, pinned, headers=headers, content=body, extensions=extensions) as reply:
                declared = reply.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.limits.max_bytes:
                    raise FetchError(url, f"the response is {int(declared):,} bytes, over the limit of "
                                          f"{self.limits.max_bytes:,}")
                chunks, size = [], 0
                for chunk in reply.iter_bytes():
                    size += len(chunk)
                    if size > self.limits.max_bytes:
                        raise FetchError(url, f"the response is over the limit of {self.limits.max_bytes:,} bytes")
                    if self.clock() > deadline:
                        raise _Retry(f"the response took over {self.limits.deadline:g} s")
                    chunks.append(chunk)
                return Response(url, reply.status_code, {k.lower(): v for k, v in reply.headers.items()},
                                b"".join(chunks))
        except httpx.TimeoutException as error:
            raise _Retry(f"timed out ({type(error).__name__})") from error
        except httpx.TransportError as error:
            raise _Retry(f"connection failed ({type(error).__name__}: {error})") from error
        except httpx.HTTPError as error:
            raise FetchError(url, f"HTTP error ({type(error).__name__}: {error})") from error

    def _wait_turn(self, host: str) -> None:
        due = self._turn.get(host)
        now = self.clock()
        if due is not None and now < due:
            self.sleep(due - now)
        self._turn[host] = max(now, due or now) + self.limits.host_interval

    # -- robots.txt -----------------------------------------------------------------------------------------

    def _allowed(self, url: str) -> None:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._rules:
            self._rules[site] = self._robots_of(site)
        rules = self._rules[site]
        if isinstance(rules, str):
            raise FetchError(url, rules)
        if not rules.can_fetch(self.limits.user_agent, url):
            raise FetchError(url, "robots.txt of the site disallows this URL for peacewatch")

    def _robots_of(self, site: str) -> RobotFileParser | str:
        rules = RobotFileParser()
        try:
            response = self._with_retries(f"{site}/robots.txt", {"Accept": "text/plain"})
            rules.parse(response.text().splitlines())
        except BlockedAddress:
            raise
        except FetchError as error:
            if error.reason.startswith("HTTP 4"):  # no robots.txt: everything is allowed
                rules.parse([])
            else:
                return f"robots.txt could not be read ({error.reason}): the site is skipped this round"
        return rules

    # -- webhooks -------------------------------------------------------------------------------------------

    def post_json(self, url: str, payload) -> int:
        """POST `payload` as JSON to a webhook (guarded, no redirects followed); returns the status."""
        body = json.dumps(payload, default=str, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        for attempt in range(self.limits.retries + 1):
            try:
                response = self._request("POST", url, self.guard.check(url), headers, body)
            except _Retry as error:
                if attempt == self.limits.retries:
                    raise FetchError(url, error.reason) from None
                self.sleep(self.limits.backoff * 2 ** attempt)
                continue
            if response.status >= 500 and attempt < self.limits.retries:
                self.sleep(self.limits.backoff * 2 ** attempt)
                continue
            if response.status >= 300:
                raise FetchError(url, f"the webhook answered HTTP {response.status}")
            return response.status
        raise AssertionError("unreachable")


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def fetch_record(url: str, *, allow_hosts=(), fetcher: Fetcher | None = None) -> dict:
    """The input record (id, title, text, url, source, published, language) of one article page, fetched
    through the guard; FetchError when it is refused, unreachable, or not an article page."""
    own = fetcher is None
    fetcher = fetcher or Fetcher(guard=Guard.allowing(allow_hosts))
    try:
        listing = parse(fetcher.get(url).page())
    finally:
        if own:
            fetcher.close()
    if listing.record is None:
        raise FetchError(url, f"this is a {listing.kind}, not an article page: watch it with `peacewatch watch`")
    return listing.record

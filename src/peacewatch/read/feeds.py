"""What a fetched source holds: the entries of a feed (RSS, Atom, JSON Feed), the pages of a sitemap,
or the article of a page, as input records peacewatch reads like any JSONL line.

A feed entry that carries the whole article (at least FULL_WORDS words of content) is used as it is;
otherwise its page is fetched. An article's id is a digest of its canonical URL (no fragment, no
utm_ tracking parameters), so the same story fetched again keeps its id and an edited one replaces
its earlier version in the store.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from ..errors import EmptyInput, FetchError
from .readers import page_record

FULL_WORDS = 150  # an entry's own content with this many words is the article
TAG = re.compile(r"<[^>]+>")
BLOCK = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/blockquote)\b[^>]*>", re.I)


@dataclass(frozen=True)
class Body:
    """A fetched response as this module reads it: the bytes, the final URL and the Content-Type header."""

    data: bytes
    url: str
    content_type: str = ""

    @property
    def media_type(self) -> str:
        return self.content_type.split(";")[0].strip().lower()

    def text(self) -> str:
        charset = "utf-8"
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                charset = value.strip().strip('"')
        try:
            return self.data.decode(charset, errors="replace")
        except LookupError:
            return self.data.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class Item:
    """One entry of a feed or sitemap: where its article is, and what the listing says of it."""

    url: str | None
    title: str = ""
    published: str | None = None
    text: str = ""  # the entry's own content, as plain text


@dataclass
class Listing:
    kind: str  # "feed", "sitemap" or "page"
    title: str = ""
    items: list[Item] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # the sitemaps a sitemap index names
    record: dict | None = None  # a page's own article


def canonical(url: str) -> str:
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith("utm_")])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def article_id(url: str) -> str:
    return "web-" + hashlib.sha1(canonical(url).encode("utf-8")).hexdigest()[:16]


def parse(response: Body) -> Listing:
    """The listing of a fetched source, by what its body is (not only by what its server calls it)."""
    head = response.data[:2048].lstrip().lower()
    if head.startswith(b"{"):
        return _json_feed(response)
    if b"<urlset" in head or b"<sitemapindex" in head:
        return _sitemap(response)
    if any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf")) or "xml" in response.media_type and \
            b"<html" not in head:
        return _feed(response)
    try:
        record = page_record(response.text(), url=response.url)
    except EmptyInput as error:
        raise FetchError(response.url, error.reason) from error
    return Listing("page", record.get("title") or "", record=_record(record, response.url))


def _feed(response: Body) -> Listing:
    import feedparser

    parsed = feedparser.parse(response.data, response_headers={"content-location": response.url})
    if parsed.bozo and not parsed.entries and not parsed.feed.get("title"):  # a feed may be empty, not broken
        raise FetchError(response.url, f"not a feed this reader understands ({parsed.get('bozo_exception')})")
    items = []
    for entry in parsed.entries:
        content = " ".join(c.get("value", "") for c in entry.get("content", [])) or entry.get("summary", "")
        link = entry.get("link")
        items.append(Item(urljoin(response.url, link) if link else None, _plain(entry.get("title", "")),
                          _day(entry.get("published_parsed") or entry.get("updated_parsed")), _text(content)))
    return Listing("feed", _plain(parsed.feed.get("title", "")), items)


def _json_feed(response: Body) -> Listing:
    try:
        data = json.loads(response.text())
    except ValueError as error:
        raise FetchError(response.url, f"not valid JSON ({error})") from error
    if not isinstance(data, dict) or "jsonfeed.org" not in str(data.get("version", "")) \
            or not isinstance(data.get("items"), list):
        raise FetchError(response.url, "JSON that is not a JSON Feed (https://jsonfeed.org)")
    items = []
    for entry in data["items"]:
        if not isinstance(entry, dict):
            continue
        link = entry.get("url") if isinstance(entry.get("url"), str) else None
        text = entry.get("content_text") if isinstance(entry.get("content_text"), str) else \
            _text(entry.get("content_html") if isinstance(entry.get("content_html"), str) else "")
        published = entry.get("date_published") if isinstance(entry.get("date_published"), str) else None
        items.append(Item(urljoin(response.url, link) if link else None, _plain(str(entry.get("title") or "")),
                          published[:10] if published else None, text or ""))
    return Listing("feed", _plain(str(data.get("title") or "")), items)


def _sitemap(response: Body) -> Listing:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(response.data, parser)
    except etree.XMLSyntaxError as error:
        raise FetchError(response.url, f"a sitemap that is not well-formed XML ({error})") from error
    listing = Listing("sitemap")
    for node in root:
        if not isinstance(node.tag, str):
            continue
        fields = {etree.QName(child).localname: (child.text or "").strip() for child in node
                  if isinstance(child.tag, str)}
        if not fields.get("loc"):
            continue
        where = urljoin(response.url, fields["loc"])
        if etree.QName(root).localname == "sitemapindex":
            listing.sitemaps.append(where)
        else:
            listing.items.append(Item(where, published=(fields.get("lastmod") or "")[:10] or None))
    return listing


def item_record(item: Item, source: str) -> dict | None:
    """The record of an entry that carries its whole article, or None when its page must be fetched."""
    if len(item.text.split()) < FULL_WORDS:
        return None
    text = item.text if not item.title or item.text.startswith(item.title) else f"{item.title}\n\n{item.text}"
    return _record({"title": item.title, "text": text, "published": item.published, "source": source or None},
                   item.url)


def page_of(item: Item, response: Body) -> dict:
    """The record of an entry from its fetched page; the listing's title and day fill what the page lacks."""
    listing = parse(response)
    if listing.record is None:
        raise FetchError(response.url, f"the entry's link is a {listing.kind}, not an article page")
    record = listing.record
    record["title"] = record.get("title") or item.title
    record["published"] = record.get("published") or item.published
    return _record(record, item.url or response.url)


def _record(record: dict, url: str | None) -> dict:
    url = url or record.get("url")
    return {**record, "id": article_id(url) if url else None, "url": url,
            "fetched": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def _plain(html: str) -> str:
    """Markup as one line of text (a title)."""
    import html as entities

    return " ".join(entities.unescape(TAG.sub(" ", html or "")).split())


def _text(html: str) -> str:
    """Markup as text, a paragraph a line."""
    import html as entities

    lines = entities.unescape(TAG.sub(" ", BLOCK.sub("\n", html or ""))).splitlines()
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def _day(parsed) -> str | None:
    try:
        return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}" if parsed else None
    except AttributeError:
        return None

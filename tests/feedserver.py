"""A local HTTP server for the fetch tests, on 127.0.0.1 only: pages and feeds, with ETags and 304s,
and the misbehaviours a real site shows (slow, huge, redirect loops, malformed feeds, errors)."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: bool = False  # answer If-None-Match with 304 when the body is unchanged
    drip: float = 0.0  # seconds between 1-byte writes: a server too slow to finish


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Reply | Callable[[], Reply]] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # (method, path, headers)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                self.rfile.read(length)
                self._answer("POST")

            def do_GET(self) -> None:
                self._answer("GET")

            def _answer(self, method: str) -> None:
                server.requests.append((method, self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path)
                reply = route() if callable(route) else route or Reply(404, b"not here")
                tag = '"' + hashlib.sha1(reply.body).hexdigest()[:16] + '"'
                if reply.etag and self.headers.get("If-None-Match") == tag:
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.end_headers()
                    return
                self.send_response(reply.status)
                headers = {"Content-Length": str(len(reply.body)), **reply.headers}
                if reply.etag:
                    headers["ETag"] = tag
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                try:
                    if reply.drip:
                        for byte in reply.body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(reply.drip)
                    else:
                        self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self, method: str = "GET") -> list[str]:
        return [path for m, path, _ in self.requests if m == method]

    def __enter__(self) -> "FeedServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def rss(title: str, items: list[dict]) -> bytes:
    """An RSS 2.0 feed; each item has title, link, date (RFC 822) and a description or full content."""
    from xml.sax.saxutils import escape

    entries = []
    for item in items:
        content = f"<content:encoded>{escape(item['content'])}</content:encoded>" if item.get("content") else ""
        entries.append(f"<item><title>{escape(item['title'])}</title><link>{escape(item['link'])}</link>"
                       f"<guid>{escape(item['link'])}</guid><pubDate>{item['date']}</pubDate>"
                       f"<description>{escape(item.get('summary', ''))}</description>{content}</item>")
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>{escape(title)}</title>'
            f'<link>http://127.0.0.1/</link><description>test feed</description>{"".join(entries)}'
            f"</channel></rss>").encode("utf-8")


def page(title: str, paragraphs: list[str], published: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><title>{title}</title>"
            f'<meta property="article:published_time" content="{published}"></head>'
            f"<body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>Copyright the Test Gazette</footer></body></html>"
            ).encode("utf-8")

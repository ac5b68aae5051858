"""The web workspace: `create_app` builds the FastAPI application over one store, `serve` runs it with uvicorn.

    from peacewatch.web.app import create_app
    app = create_app("out/peacewatch.duckdb")             # read-only; POST /api/ingest answers 403
    app = create_app(db, token="s3cret")                   # ... and ingests with that bearer token

Every answer carries a Content-Security-Policy that allows only this server's own script, style and
data, so a page cannot load anything from elsewhere; when bound to the loopback address the server
answers only requests addressed to it by that name (a page elsewhere cannot reach it through DNS
rebinding). Errors are named: a bad parameter is 422 with what is accepted, a store held by a writer
past the wait is 503 with Retry-After, an unknown article 404.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ..contract import PIPELINE_VERSION
from ..errors import ParameterError, PeacewatchError, ServeError, StoreError, StoreLockedError, StoreNotFound
from ..report.brief_html import CSS as BRIEF_CSS
from ..settings import Settings
from ..store import postgres
from . import api, pages
from .intake import TOKEN_ENV
from .workspace import Workspace

STATIC = Path(__file__).resolve().parent / "static"
LOOPBACK = ("127.0.0.1", "localhost")
HEADERS = [
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                 b"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                                 b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """Adds HEADERS to every HTTP answer (pure ASGI: no cost beyond the headers)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def sending(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        return await self.app(scope, receive, sending)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _status(error: PeacewatchError) -> int:
    if isinstance(error, ParameterError):
        return 422
    if isinstance(error, (StoreLockedError, StoreNotFound)):
        return 503
    if isinstance(error, StoreError):
        return 500
    return 400


def create_app(db: str | Path, *, token: str | None = None, pipeline_factory: Callable[[], Any] | None = None,
               settings: Settings | None = None, allow_hosts=(), token_env: str = TOKEN_ENV,
               trusted_hosts: list[str] | None = None) -> FastAPI:
    """The application over the store at `db` (a DuckDB file or a postgresql:// URL).

    `token` enables POST /api/ingest (None: it answers 403); `pipeline_factory` makes the pipeline
    for it on first use (default: `Pipeline(settings)`); `allow_hosts` are hosts a posted `url` may
    name although they are private (the SSRF guard refuses them otherwise); `trusted_hosts` are the
    Host header values answered (None: any).
    """
    workspace = Workspace(db, settings=settings, pipeline_factory=pipeline_factory, allow_hosts=allow_hosts)
    app = FastAPI(title="peacewatch", version=PIPELINE_VERSION, docs_url=None, redoc_url=None,  # their pages use a CDN
                  description="A read-only workspace over a peacewatch store: the assessment, events, articles, "
                              "positions, the watch-list and outlets, and sandboxed SQL. POST /api/ingest needs "
                              "the bearer token the server was started with.")
    app.state.workspace = workspace
    rendered = pages.Pages(workspace)
    app.include_router(api.router(workspace, token=token, token_env=token_env))
    app.include_router(pages.router(workspace, rendered))

    @app.get("/brief.css", include_in_schema=False)
    def brief_css() -> Response:
        """The brief's own style sheet: the workspace looks like brief.html, and app.css adds only its own parts."""
        return Response(BRIEF_CSS, media_type="text/css", headers={"Cache-Control": "max-age=3600"})

    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.add_middleware(SecurityHeaders)
    if trusted_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=trusted_hosts)

    @app.exception_handler(PeacewatchError)
    async def named_error(request: Request, error: PeacewatchError) -> Response:
        status = _status(error)
        headers = {"Retry-After": "5"} if status == 503 else None
        message = str(error) if not postgres.is_url(workspace.db) else postgres.redacted(str(error))
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=status, headers=headers)
        heading = {422: "Not a parameter this page takes", 503: "The store is busy or missing"}.get(status, "Error")
        response = rendered.error(status, heading, message)
        if headers:
            response.headers.update(headers)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if _wants_json(request) or request.url.path.startswith("/static/"):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code,
                                headers=getattr(error, "headers", None))
        heading = "Not found" if error.status_code == 404 else "Error"
        return rendered.error(error.status_code, heading, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}"
                             for e in error.errors())
        return JSONResponse({"detail": problems or "bad request"}, status_code=422)

    return app


def serve(db: str | Path, *, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          token_env: str = TOKEN_ENV, settings: Settings | None = None, allow_hosts=(),
          log_level: str = "info") -> None:
    """Serve the workspace over the store at `db` until interrupted (what `peacewatch serve` runs)."""
    import uvicorn

    if not postgres.is_url(str(db)) and not Path(db).is_file():
        raise StoreNotFound(str(db))
    try:  # a taken port is a named error, not uvicorn's exit
        with socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET):
            pass
    except OSError as error:
        raise ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}; pass --port N (another port) "
                         "or stop what uses it") from error
    trusted = list(LOOPBACK) if host in LOOPBACK else None  # no DNS rebinding onto a local-only server
    app = create_app(db, token=token, settings=settings, allow_hosts=allow_hosts, token_env=token_env,
                     trusted_hosts=trusted)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False, proxy_headers=False)

"""POST /api/ingest: the one endpoint that writes, and what it checks before it does.

In order: a token must be configured (else 403, saying how to set one), the request must carry
it as `Authorization: Bearer TOKEN` (else 401; compared in constant time), the body must be at
most MAX_BODY bytes (else 413, judged from Content-Length and again while reading, since a chunked
body has none), and it must be one JSON object with either `text` or `url` and only the known
fields (else 422, naming the field). A `url` is fetched through the SSRF guard of
`peacewatch.read.fetch` (a refused or unreachable URL is 400).
"""

from __future__ import annotations

import hmac
import json
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import PeacewatchError
from .workspace import Workspace

MAX_BODY = 2 * 1024 * 1024  # bytes
TOKEN_ENV = "PEACEWATCH_TOKEN"


class Posted(BaseModel):
    """An article to ingest: its text (and what is known of it), or a URL to fetch it from."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    text: str | None = Field(None, min_length=1, description="the article's text (plain text or Markdown)")
    title: str | None = Field(None, max_length=1_000)
    published: str | None = Field(None, max_length=40, description="publication day, YYYY-MM-DD")
    source: str | None = Field(None, max_length=500, description="the outlet")
    url: str | None = Field(None, max_length=4_096, description="with `text`: where it was published; "
                                                                "alone: the page to fetch")
    id: str | None = Field(None, min_length=1, max_length=500, description="default: derived from the text")

    @model_validator(mode="after")
    def _text_or_url(self) -> "Posted":
        if self.text is None and self.url is None:
            raise ValueError("give `text` (the article) or `url` (a page to fetch)")
        if self.text is None and any(v is not None for v in (self.title, self.published, self.source, self.id)):
            raise ValueError("with `url` alone the page gives the title, date and source; send `text` to set them")
        return self


def _problem(status: int, detail: str, **headers: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers or None)


def _authorised(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8"))


async def _body(request: Request, limit: int) -> bytes | None:
    """The body, or None once it passes `limit` bytes (reading stops there)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _explain(error: ValidationError) -> str:
    parts = []
    for problem in error.errors():
        where = ".".join(str(p) for p in problem.get("loc", ()))
        message = str(problem.get("msg", "invalid")).removeprefix("Value error, ")
        if problem.get("type") == "extra_forbidden":
            message = f"unknown field; accepted: {', '.join(Posted.model_fields)}"
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


async def receive(request: Request, workspace: Workspace, *, token: str | None, token_env: str,
                  limit: int = MAX_BODY) -> JSONResponse:
    """Check and ingest one posted article; every refusal is a status and a message saying what to do."""
    if not token:
        return _problem(403, f"ingesting over HTTP is off: set a token in the environment variable {token_env} "
                             f"(or the one --token-env names) before `peacewatch serve`, and send it as "
                             f"`Authorization: Bearer TOKEN`")
    if not _authorised(request, token):
        return _problem(401, "send the token set in the server's environment as `Authorization: Bearer TOKEN`",
                        **{"WWW-Authenticate": "Bearer"})
    raw = await _body(request, limit)
    if raw is None:
        return _problem(413, f"the body is over {limit:,} bytes; send one article at a time, or ingest large "
                             "files with `peacewatch ingest`")
    try:
        parsed = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        return _problem(422, f"the body is not JSON in UTF-8 ({error}); send an object such as "
                             '{"text": "...", "title": "...", "published": "2025-05-20", "source": "..."}')
    if not isinstance(parsed, dict):
        return _problem(422, "the body must be one JSON object with `text` or `url`")
    try:
        posted = Posted.model_validate(parsed)
    except ValidationError as error:
        return _problem(422, _explain(error))
    from starlette.concurrency import run_in_threadpool

    try:
        record = await run_in_threadpool(_record, posted, workspace)
    except PeacewatchError as error:  # a FetchError: refused by the guard, unreachable, or not an article
        return _problem(400, f"cannot fetch {posted.url}: {error}")
    except ImportError:
        return _problem(501, "this peacewatch has no URL fetcher (peacewatch.read.fetch); post the `text` instead")
    result = await run_in_threadpool(workspace.ingest, record)
    if result["skipped"] and not result["stored"]:  # the reader refused it (NUL characters, no text...)
        reasons = "; ".join(item["reason"] for item in result["skipped"])
        return JSONResponse({"detail": f"the article was not stored: {reasons}", **result}, status_code=422)
    return JSONResponse(result, status_code=201 if result["stored"] else 200)


def _record(posted: Posted, workspace: Workspace) -> dict[str, Any]:
    """The input record to ingest: the posted fields, or the page the URL names."""
    if posted.text is not None:
        return posted.model_dump(exclude_none=True)
    from ..read.fetch import fetch_record

    return fetch_record(posted.url, allow_hosts=workspace.allow_hosts)


OPENAPI = {  # the body is read by hand (for the size limit), so its schema is declared here
    "requestBody": {"required": True, "content": {"application/json": {"schema": Posted.model_json_schema()}}},
    "responses": {"201": {"description": "stored"}, "200": {"description": "already stored, or skipped (see skipped)"},
                  "400": {"description": "the URL was refused or could not be fetched"},
                  "401": {"description": "missing or wrong token"}, "403": {"description": "no token configured"},
                  "413": {"description": "body too large"}, "422": {"description": "not JSON, or bad fields"}},
}

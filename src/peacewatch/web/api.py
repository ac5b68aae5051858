"""The JSON API under /api: the data of every page, read-only, plus the guarded POST /api/ingest.

Every reading endpoint opens the store for its own request (workspace.reading) and closes it
before answering. Bad parameters are 422 with a message naming the parameter and what it accepts;
SQL goes only through the sandbox (refused: 400, too slow: 408).
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from ..errors import QueryRefused, QueryTimeout, StoreError, StoreLockedError
from ..store.sandbox import LIMIT, TIMEOUT
from . import explore, highlight, intake
from .explore import MAX_PER_PAGE, SORTS, Selection
from .workspace import Workspace

QUERY_LIMIT = LIMIT  # rows /api/query returns at most
QUERY_TIMEOUT = TIMEOUT  # seconds


def selection(dyad: str | None = Query(None, description="two actor codes, either order: RUS-UKR, UKR-IGO:EU"),
              actor: str | None = Query(None, description="one actor code on either side"),
              plover: str | None = Query(None, description="a PLOVER type: ASSAULT, CONSULT..."),
              modality: str | None = Query(None, description="asserted, planned, conditional, hypothetical, "
                                                             "negated or claimed"),
              date_from: str | None = Query(None, description="first event day, YYYY-MM-DD"),
              date_to: str | None = Query(None, description="last event day, YYYY-MM-DD"),
              outlet: str | None = Query(None, description="the outlet (articles.source), exactly"),
              article: str | None = Query(None, description="one article id"),
              sort: str | None = Query(None, description=f"one of: {', '.join(SORTS)} (default date)"),
              order: str | None = Query(None, description="asc or desc (default desc)"),
              page: str | None = Query(None, description="from 1"),
              per_page: str | None = Query(None, description=f"1 to {MAX_PER_PAGE} (default 50)")) -> Selection:
    given = dict(dyad=dyad, actor=actor, plover=plover, modality=modality, date_from=date_from, date_to=date_to,
                 outlet=outlet, article=article, sort=sort, order=order, page=page, per_page=per_page)
    return Selection.parse({k: v for k, v in given.items() if v is not None})


WINDOW = Query(None, description="day, week or a number of days such as 14d (default: the settings' window)")
DYAD = Query(None, description="the pair to assess, e.g. RUS-UKR (default: the two most active countries)")


def router(workspace: Workspace, *, token: str | None, token_env: str) -> APIRouter:
    api = APIRouter(prefix="/api", tags=["api"])

    @api.get("/health", summary="the server answers (touches no store)")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @api.get("/assessment", summary="the whole assessment: judgement, drivers, windows, watch-list, scenarios")
    def assessment(window: str | None = WINDOW, dyad: str | None = DYAD) -> dict[str, Any]:
        name, pair = workspace.scope(window, dyad)
        with workspace.reading() as store:
            return workspace.assessment(store, window=name, dyad=pair)["assessment"]

    @api.get("/network", summary="the most active actors and their cooperative and conflictual pairs")
    def network() -> dict[str, Any]:
        name, pair = workspace.scope(None, None)
        with workspace.reading() as store:
            nodes, edges = workspace.assessment(store, window=name, dyad=pair)["network"]
        return {"nodes": nodes, "edges": edges}

    @api.get("/watch", summary="the watch-list with statuses")
    def watch(window: str | None = WINDOW, dyad: str | None = DYAD,
              status: str | None = Query(None, max_length=40, description="happened, pending, lapsed..."),
              page: int = Query(1, ge=1, le=explore.MAX_PAGE),
              per_page: int = Query(100, ge=1, le=1_000)) -> dict[str, Any]:
        name, pair = workspace.scope(window, dyad)
        with workspace.reading() as store:
            found = workspace.assessment(store, window=name, dyad=pair)["assessment"]
        items = [w for w in found["watch"] if not status or w.get("status") == status]
        return {"dyad": found["dyad"], "window": found["window"], "total": len(items), "page": page,
                "per_page": per_page, "watch": items[(page - 1) * per_page:page * per_page]}

    @api.get("/events", summary="a page of events, filtered and sorted")
    def events(chosen: Selection = Depends(selection)) -> dict[str, Any]:
        with workspace.reading() as store:
            return explore.events_page(store, chosen)

    def export(chosen: Selection, kind: str) -> Response:
        with workspace.reading() as store:
            table, more = explore.events_table(store, chosen)
        body = explore.as_csv(table) if kind == "csv" else explore.as_parquet(table)
        media = "text/csv; charset=utf-8" if kind == "csv" else "application/vnd.apache.parquet"
        headers = {"Content-Disposition": f'attachment; filename="events.{kind}"',
                   "X-Rows": str(table.num_rows), "X-Truncated": "true" if more else "false"}
        return Response(body, media_type=media, headers=headers)

    @api.get("/events.csv", summary="the whole selection (every page) as CSV, at most 100,000 rows")
    def events_csv(chosen: Selection = Depends(selection)) -> Response:
        return export(chosen, "csv")

    @api.get("/events.parquet", summary="the whole selection (every page) as Parquet, at most 100,000 rows")
    def events_parquet(chosen: Selection = Depends(selection)) -> Response:
        return export(chosen, "parquet")

    @api.get("/articles", summary="a page of articles, newest first")
    def articles(page: int = Query(1, ge=1, le=explore.MAX_PAGE), per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
                 outlet: str | None = Query(None, max_length=explore.MAX_TEXT)) -> dict[str, Any]:
        with workspace.reading() as store:
            return explore.articles(store, page=page, per_page=per_page, outlet=outlet)

    @api.get("/articles/{article_id:path}", summary="one article: text, events, positions, conditionals, repairs")
    def article(article_id: str) -> dict[str, Any]:
        with workspace.reading() as store:
            found = stored_article(store, article_id)
        return highlight.article_record(found)

    @api.get("/positions", summary="stated positions by actor, in order of publication")
    def positions(actor: str | None = Query(None, description="an actor code: RUS, IGO:EU"),
                  issue: str | None = Query(None, description="territory, nato, ceasefire, talks...")
                  ) -> dict[str, Any]:
        with workspace.reading() as store:
            return explore.positions(store, actor=actor, issue=issue)

    @api.get("/sources", summary="the outlets, with their articles and events")
    def sources() -> dict[str, Any]:
        with workspace.reading() as store:
            return {"outlets": explore.outlets(store)}

    @api.get("/query", summary="one reading SQL statement, run in the sandbox",
             responses={400: {"description": "refused by the SQL guard, or failed"},
                        408: {"description": "ran past the time limit"}})
    def query(sql: str = Query(..., max_length=100_000, description="one SELECT (WITH, SHOW, DESCRIBE...)"),
              limit: int = Query(1_000, ge=1, le=QUERY_LIMIT),
              timeout: float = Query(10.0, gt=0, le=QUERY_TIMEOUT)) -> JSONResponse:
        try:
            result = workspace.query(sql, limit=limit, timeout=timeout)
        except QueryRefused as error:
            return JSONResponse({"detail": str(error)}, status_code=400)
        except QueryTimeout as error:
            return JSONResponse({"detail": str(error)}, status_code=408)
        except StoreLockedError:
            raise
        except StoreError as error:  # a statement that does not parse or names no such table: the asker's
            return JSONResponse({"detail": str(error)}, status_code=400)
        rows = [[_plain(v) for v in row] for row in result.rows]
        return JSONResponse({"columns": result.names, "rows": rows, "truncated": result.truncated})

    @api.post("/ingest", summary="store one article (needs the bearer token)", status_code=201,
              openapi_extra=intake.OPENAPI)
    async def ingest(request: Request) -> JSONResponse:
        return await intake.receive(request, workspace, token=token, token_env=token_env)

    return api


def stored_article(store, article_id: str):
    """The article rebuilt from the store, or 404."""
    if len(article_id) > 1_000 or not store.query("SELECT 1 AS found FROM articles WHERE id = ?", [article_id]):
        raise HTTPException(404, f"no article with id {article_id!r} in this store")
    return store.article(article_id)


def _plain(value: Any) -> Any:
    """A value JSON can hold: numbers, text, lists and maps as they are, anything else as its text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON has no NaN or infinity
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


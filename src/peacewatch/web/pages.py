"""The HTML pages: server-rendered with Jinja2 (autoescaped), a stylesheet and a little script from /static.

Each page reads what it shows inside one store opening (workspace.reading) and renders after
the store is closed. Bad parameters on a page do not fail it: they are dropped and listed above
the content, so a mistyped filter still shows something.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..errors import ParameterError
from ..report import charts
from ..report.brief_html import TONES
from . import explore, highlight
from .api import stored_article
from .explore import EXPORT_LIMIT, SORTS, Selection
from .workspace import Workspace

TEMPLATES = Path(__file__).resolve().parent / "templates"
NAV = [("dashboard", "Dashboard", "/"), ("trends", "Trends", "/trends"), ("events", "Events", "/events"),
       ("articles", "Articles", "/articles"), ("positions", "Positions", "/positions"),
       ("watch", "Watch-list", "/watch"), ("sources", "Sources", "/sources")]
COLUMNS = [("date", "date"), ("type", "type"), ("modality", "modality"), ("source", "who → whom"),
           ("goldstein", "Goldstein"), ("place", "place, figures"), ("sentence", "sentence"), ("outlet", "outlet")]
WINDOW_KEYS = ["events", "index", "goldstein_mean", "diplomacy", "strikes", "killed", "injured", "intercepted",
               "agreements", "sanctions_implemented"]
WATCH_PAGE = 100  # watch items a page shows
KINDS = [("event", "events"), ("position", "positions"), ("conditional", "conditionals"), ("repair", "repairs")]


def article_href(article_id: str) -> str:
    """The article page of any id: every character but the unreserved ones percent-encoded (a slash too)."""
    return "/articles/" + quote(str(article_id), safe="")


def safe_url(url: Any) -> bool:
    """Only web links become links (never javascript: or data:)."""
    return isinstance(url, str) and url.lower().startswith(("http://", "https://"))


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(article_href=article_href, safe_url=safe_url, tones=TONES)
    env.filters["urlencode_path"] = lambda value: quote(str(value), safe="")
    return env


class Pages:
    """Renders a template with what every page shares (navigation, the store's name)."""

    def __init__(self, workspace: Workspace):
        self.workspace = workspace
        self.env = environment()
        self.store_name = Path(workspace.db).name if "://" not in workspace.db else "shared store"

    def render(self, name: str, *, page: str, title: str, status_code: int = 200, **context) -> HTMLResponse:
        html = self.env.get_template(name).render(nav=NAV, page=page, title=title, store_name=self.store_name,
                                                  **context)
        return HTMLResponse(html, status_code=status_code)

    def error(self, status: int, heading: str, message: str) -> HTMLResponse:
        return self.render("error.html", page="", title=heading, status_code=status, heading=heading, message=message)


def _scope(workspace: Workspace, params) -> tuple[str, tuple[str, str] | None, list[str]]:
    """The window and dyad of a page; a bad one falls back to the default and is reported."""
    problems = []
    window, dyad = params.get("window"), params.get("dyad")
    try:
        name, _ = workspace.scope(window, None)
    except ParameterError as error:
        problems.append(str(error))
        name, _ = workspace.scope(None, None)
    try:
        _, pair = workspace.scope(name, dyad)
    except ParameterError as error:
        problems.append(str(error))
        pair = None
    return name, pair, problems


def router(workspace: Workspace, pages: Pages) -> APIRouter:
    web = APIRouter(include_in_schema=False)

    def assessed(request: Request) -> dict[str, Any]:
        window, dyad, problems = _scope(workspace, request.query_params)
        with workspace.reading() as store:
            found = workspace.assessment(store, window=window, dyad=dyad)
            actors = workspace.choices(store)["actors"]
        pair = "-".join(dyad) if dyad else ""
        return {"assessment": found["assessment"], "network": found["network"], "window": window, "dyad": pair,
                "problems": problems, "choices": {"actors": actors},
                "scope_query": urlencode({k: v for k, v in (("window", window), ("dyad", pair)) if v})}

    @web.get("/", response_class=HTMLResponse)
    def dashboard(request: Request) -> HTMLResponse:
        context = assessed(request)
        return pages.render("dashboard.html", page="dashboard", title="Dashboard", **context)

    @web.get("/trends", response_class=HTMLResponse)
    def trends(request: Request) -> HTMLResponse:
        context = assessed(request)
        windows = context["assessment"]["windows"]
        unit = {"day": "day", "week": "week"}.get(context["window"], "window")
        drawn = Markup(charts.violence_diplomacy(windows, unit) + charts.goldstein(windows, unit)  # noqa: S704
                       + charts.network(*context["network"]))  # charts.py escapes every text it draws
        return pages.render("trends.html", page="trends", title="Trends", charts=drawn, window_keys=WINDOW_KEYS,
                            **context)

    @web.get("/watch", response_class=HTMLResponse)
    def watch(request: Request) -> HTMLResponse:
        context = assessed(request)
        status = (request.query_params.get("status") or "")[:40]
        every = context["assessment"]["watch"]
        counts = sorted(Counter(str(w.get("status")) for w in every).items())
        chosen = [w for w in every if not status or w.get("status") == status]
        try:
            number = explore.bounded(request.query_params.get("page") or "1", 1, explore.MAX_PAGE)
        except ParameterError as error:
            context["problems"].append(f"page: {error}")
            number = 1
        found = {"page": number, "pages": max(1, -(-len(chosen) // WATCH_PAGE)), "total": len(chosen)}
        items = chosen[(number - 1) * WATCH_PAGE:number * WATCH_PAGE]
        query = context["scope_query"] + (f"&{urlencode({'status': status})}" if status else "")
        return pages.render("watch.html", page="watch", title="Watch-list", items=items, counts=counts,
                            status=status, found=found, page_query=lambda n: f"{query}&page={n}".lstrip("&"),
                            **context)

    @web.get("/events", response_class=HTMLResponse)
    def events(request: Request) -> HTMLResponse:
        chosen = Selection.parse(dict(request.query_params), strict=False)
        with workspace.reading() as store:
            found = explore.events_page(store, chosen)
            choices = workspace.choices(store)
        form = {"dyad": request.query_params.get("dyad", "")[:90], **chosen.params()}
        form.setdefault("sort", chosen.sort)
        form.setdefault("order", "desc" if chosen.descending else "asc")
        sortable = {key for key, _ in COLUMNS if key in SORTS}

        def sort_query(key: str) -> str:  # the same column again flips the order
            descending = not chosen.descending if chosen.sort == key else key in ("date", "published", "goldstein")
            return chosen.query(sort=key, descending=descending, page=1)

        return pages.render("events.html", page="events", title="Events", found=found, selection=chosen,
                            form=form, choices=choices, columns=COLUMNS, sortable=sortable, sort_query=sort_query,
                            page_query=lambda n: chosen.query(page=n),
                            export_query=chosen.query(page=1, per_page=explore.PER_PAGE),
                            export_limit=f"{EXPORT_LIMIT:,}", event_anchor=lambda e: "event=" + quote(e["id"], safe=""),
                            problems=list(chosen.problems))

    @web.get("/articles", response_class=HTMLResponse)
    def articles(request: Request) -> HTMLResponse:
        problems = []
        try:
            page = explore.bounded(request.query_params.get("page") or "1", 1, explore.MAX_PAGE)
        except ParameterError as error:
            problems.append(f"page: {error}")
            page = 1
        outlet = (request.query_params.get("outlet") or "")[:explore.MAX_TEXT] or None
        with workspace.reading() as store:
            found = explore.articles(store, page=page, outlet=outlet)

        def page_query(n: int) -> str:
            return urlencode({"page": n, **({"outlet": outlet} if outlet else {})})

        return pages.render("articles.html", page="articles", title="Articles", found=found, outlet=outlet,
                            page_query=page_query, problems=problems)

    @web.get("/articles/{article_id:path}", response_class=HTMLResponse)
    def article(article_id: str) -> HTMLResponse:
        with workspace.reading() as store:
            found = stored_article(store, article_id)
        view = highlight.article_view(found)
        view["html"] = Markup(view["html"])  # noqa: S704 - highlight.markup escapes every character of the text
        counts = Counter(item["kind"] for item in view["items"])
        return pages.render("article.html", page="articles", title=found.title or found.id, view=view,
                            kinds=KINDS, counts=counts)

    @web.get("/positions", response_class=HTMLResponse)
    def positions(request: Request) -> HTMLResponse:
        problems = []
        actor = (request.query_params.get("actor") or "").strip() or None
        issue = (request.query_params.get("issue") or "").strip()[:explore.MAX_TEXT] or None
        with workspace.reading() as store:
            try:
                found = explore.positions(store, actor=actor, issue=issue)
            except ParameterError as error:
                problems.append(f"actor: {error}")
                actor = None
                found = explore.positions(store, issue=issue)
        return pages.render("positions.html", page="positions", title="Positions", found=found, actor=actor,
                            issue=issue, latest=explore.latest_stances, limit=1_000, problems=problems)

    @web.get("/sources", response_class=HTMLResponse)
    def sources() -> HTMLResponse:
        with workspace.reading() as store:
            outlets = explore.outlets(store)
        return pages.render("sources.html", page="sources", title="Sources", outlets=outlets)

    return web

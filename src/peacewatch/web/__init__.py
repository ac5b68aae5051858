"""Stage 7, the web workspace (`peacewatch serve`): pages and a JSON API over a store, read-only but for
one guarded ingest endpoint. `app` builds and serves it, `workspace` holds the store and the cached
assessment, `gate` takes turns on the store file with other processes, `explore` selects events,
`highlight` marks an article's text, `pages` and `api` answer, `intake` checks what is posted.
Needs the `web` extra (FastAPI, uvicorn, Jinja2): pip install 'peacewatch[web]'."""

from __future__ import annotations

from ..errors import ServeError


def serve(db, **options) -> None:
    """`peacewatch.web.app.serve`, with a named error when the web extra is missing."""
    try:
        from .app import serve as run
    except ImportError as error:
        if error.name not in ("fastapi", "uvicorn", "jinja2", "starlette", "markupsafe"):
            raise
        raise ServeError(f"the web workspace needs {error.name}, which is not installed: "
                         "pip install 'peacewatch[web]' (or `make serve`)") from error
    run(db, **options)


__all__ = ["serve"]

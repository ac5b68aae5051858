"""Shared fixtures: the knowledge base, the spaCy model and a pipeline, built once per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def kb():
    from peacewatch.knowledge import kb as knowledge

    return knowledge.load()


@pytest.fixture(scope="session")
def nlp():
    from peacewatch.errors import ModelNotFound
    from peacewatch.nlp.parse import load_model

    try:
        return load_model()
    except ModelNotFound as error:
        pytest.skip(f"no spaCy English model installed: {error}")


@pytest.fixture(scope="session")
def pipeline(nlp, kb):
    """The rule stages alone (`coder = "rules"`): the unit tests of those stages run on it."""
    from peacewatch.pipeline import Pipeline
    from peacewatch.settings import Settings

    return Pipeline(Settings(coder="rules"), nlp=nlp, kb=kb)


@pytest.fixture(scope="session")
def pipeline_rules(pipeline):
    return pipeline


@pytest.fixture(scope="session")
def pipeline_hybrid(nlp, kb):
    """What users run by default: the learned tagger and ranker over the rule stages."""
    from peacewatch.pipeline import Pipeline

    return Pipeline(nlp=nlp, kb=kb)


@pytest.fixture(scope="session")
def run_text(pipeline):
    """Process one text as an article and return the Article."""
    from peacewatch.article import Article

    def run(text: str, *, published: str | None = "2025-05-20", title: str = "", id: str = "t") -> Article:
        article = Article(id=id, raw=text, title=title, published=published)
        return pipeline.process([article])[0]

    return run


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL server on 127.0.0.1 for the session (tests/pgserver.py); the tests that
    need it skip, saying why, when none can be started."""
    pytest.importorskip("psycopg", reason="psycopg is not installed: pip install 'peacewatch[postgres]'")
    from pgserver import Server, Unavailable

    try:
        server = Server().start()
    except Unavailable as error:
        pytest.skip(f"no PostgreSQL server could be started: {error}")
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A new, empty database on the test server, owned by a role that is not a superuser."""
    return postgres_server.owner_url()


@pytest.fixture(params=["duckdb", "postgres"])
def new_store(request, tmp_path):
    """A maker of new, empty store locations: DuckDB files, then PostgreSQL databases. A test that
    takes it runs once on each backend."""
    if request.param == "duckdb":
        made = iter(range(1_000))
        return lambda: str(tmp_path / f"store{next(made)}.duckdb")
    return request.getfixturevalue("postgres_server").owner_url


# Chromium for the browser tests (brief.html, the web workspace): the system's, driven by Playwright, which
# downloads no browser here. PEACEWATCH_CHROMIUM names another binary.
CHROMIUM = (os.environ.get("PEACEWATCH_CHROMIUM")
            or ("/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else shutil.which("chromium"))
            or "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
HOW = "install it with `apt-get install chromium`, or set PEACEWATCH_CHROMIUM to a Chromium binary"


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, one per test module; the tests skip, saying why, without it."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: pip install -e '.[dev]'")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}: {HOW}")
    with sync_api.sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except sync_api.Error as error:
            pytest.skip(f"Playwright cannot launch {CHROMIUM} ({str(error).splitlines()[0]}): {HOW}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def news(tmp_path_factory) -> Path:
    """The examples, some labelled articles, a byte-identical copy under another id, and broken records: what
    the store must give the same rows for however it is written (test_distributed, test_postgres; test_parallel
    has its own)."""
    folder = tmp_path_factory.mktemp("news")
    for path in sorted(EXAMPLES.iterdir()):
        if path.is_file():
            shutil.copy(path, folder / path.name)
    labelled = folder / "labelled"
    labelled.mkdir()
    for path in sorted((ROOT / "corpus" / "w2").glob("*.txt"))[:6]:
        shutil.copy(path, labelled / path.name)
    first = sorted(labelled.iterdir())[0]
    shutil.copy(first, folder / "zz-identical-copy.txt")  # byte-identical: stored once, under the first id
    (folder / "broken.jsonl").write_text('{"id": "x", "text": 5}\nnot json\n', encoding="utf-8")
    return folder

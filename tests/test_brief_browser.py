"""brief.html in headless Chromium: the charts are drawn, nothing errs, nothing is fetched.

Uses the system Chromium (Playwright downloads no browser here): the binary named by
PEACEWATCH_CHROMIUM, else /usr/bin/chromium, else `chromium` on the PATH. Skips, saying
why, when there is none or it cannot be launched.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from brief_sample import sample_store
from conftest import EXAMPLES

from peacewatch.assessment.index import assess
from peacewatch.report.brief_html import render_html
from peacewatch.report.job import write_brief

CHARTS = ["violence-diplomacy", "goldstein", "actor-network"]


def check_in_browser(browser, path: Path, screenshot: Path) -> dict:
    """Open the page, check what a reader would see, and return figures for further checks."""
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri(), wait_until="load")
    found = {}
    for figure in page.locator("figure.chart").all():
        name = figure.get_attribute("data-chart")
        svg = figure.locator("svg")
        assert svg.count() == 1, f"{name}: no svg drawn"
        box = svg.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100, f"{name}: svg box {box}"
        marks = svg.locator("rect, path, circle")
        drawn = [marks.nth(i).bounding_box() for i in range(marks.count())]
        assert drawn and all(b is not None for b in drawn), f"{name}: marks not laid out"
        assert any(b["width"] > 0 and b["height"] > 0 for b in drawn), f"{name}: every mark is empty"
        found[name] = len(drawn)
    assert sorted(found) == sorted(CHARTS)
    unresolved = page.evaluate("""() => [...document.querySelectorAll('a[href^="#"]')]
        .map(a => a.getAttribute('href').slice(1)).filter(id => !document.getElementById(id))""")
    assert unresolved == []
    page.screenshot(path=str(screenshot), full_page=True)
    page.close()
    assert requests and all(url.startswith(("file:", "data:")) for url in requests), requests
    assert errors == []
    assert screenshot.stat().st_size > 10_000
    return found


def test_sample_brief_in_chromium(browser, tmp_path):
    with sample_store() as store:
        html = render_html(store, assess(store))
    path = tmp_path / "brief.html"
    path.write_text(html, encoding="utf-8")
    marks = check_in_browser(browser, path, tmp_path / "brief.png")
    assert marks["actor-network"] >= 3 + 3  # three actors, three pair edges


@pytest.mark.model
def test_examples_brief_in_chromium(browser, pipeline, tmp_path):
    result = write_brief([EXAMPLES], tmp_path / "out", pipeline=pipeline)
    marks = check_in_browser(browser, Path(result["html"]), tmp_path / "brief.png")
    assert marks["violence-diplomacy"] >= 8  # at least four weeks of bars

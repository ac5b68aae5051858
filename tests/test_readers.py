import json

from peacewatch.article import Article, Skipped
from peacewatch.read.readers import read


def test_text_with_front_matter(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\nid: x1\npublished: 2025-05-11\nsource: Wire\nurl: https://e.org/a\n---\n\n"
                    "Talks proposed\n\nRussia proposed talks.\n", encoding="utf-8")
    [article] = list(read([path]))
    assert isinstance(article, Article)
    assert (article.id, article.published, article.source, article.title) == ("x1", "2025-05-11", "Wire", "Talks proposed")
    assert article.raw.startswith("\nTalks proposed")


def test_plain_text_title_is_first_line(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("\n\nA headline here\nBody text.", encoding="utf-8")
    [article] = list(read([path]))
    assert article.title == "A headline here" and article.id == "story" and article.published is None


def test_jsonl_keeps_metadata_and_skips_bad_lines(tmp_path):
    path = tmp_path / "feed.jsonl"
    good = {"id": "j1", "title": "T", "text": "Body.", "published": "2025-06-04T08:00:00Z", "author": "A. B."}
    path.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "j3", "text": ""}) + "\n", encoding="utf-8")
    items = list(read([path]))
    assert isinstance(items[0], Article) and items[0].metadata == {"author": "A. B."}
    assert items[0].published == "2025-06-04"
    assert isinstance(items[1], Skipped) and "invalid JSON" in items[1].reason and items[1].path.endswith(":2")
    assert isinstance(items[2], Skipped) and "no text" in items[2].reason


def test_csv(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("id,title,text,published,desk\nc1,T,\"Talks, then more talks.\",2025-05-02,world\n", encoding="utf-8")
    [article] = list(read([path]))
    assert article.id == "c1" and article.raw == "Talks, then more talks." and article.metadata == {"desk": "world"}


def test_html_main_text(tmp_path):
    path = tmp_path / "page.html"
    body = "".join(f"<p>The delegations met again on day {n} and discussed a prisoner exchange at length.</p>"
                   for n in range(1, 6))
    path.write_text(f"""<html><head><title>Talks resume</title><meta name="date" content="2025-06-02">
        <meta property="og:site_name" content="Example Times"></head><body><nav>Home | World</nav>
        <article><h1>Talks resume</h1>{body}<div class="ad">Advertisement</div></article>
        <footer>All rights reserved</footer></body></html>""", encoding="utf-8")
    [article] = list(read([path]))
    assert isinstance(article, Article)
    assert "prisoner exchange" in article.raw and "Home | World" not in article.raw
    assert article.published == "2025-06-02" and article.title == "Talks resume"


def test_bad_inputs_are_skipped_with_reasons_and_the_batch_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02abc")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 talks".encode("latin-1"))
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "ok.txt").write_text("Title\nRussia and Ukraine held talks.", encoding="utf-8")
    items = list(read([tmp_path, tmp_path / "missing.txt"]))
    reasons = {Path_name(i.path): i.reason for i in items if isinstance(i, Skipped)}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "unsupported" in reasons["scan.pdf"]
    assert "cannot be read" in reasons["missing.txt"]
    assert [a.id for a in items if isinstance(a, Article)] == ["ok"]


def Path_name(path: str) -> str:
    return path.rsplit("/", 1)[-1]

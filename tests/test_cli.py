import json
import re
import subprocess
import sys

import pytest
from conftest import EXAMPLES, ROOT

from peacewatch.cli import build_parser

COMMANDS = ["extract", "ingest", "query", "export", "brief", "assess", "run", "load", "watch", "serve"]


def run(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "peacewatch.cli", *args], capture_output=True, text=True,
                          timeout=300, **kwargs)


def test_every_command_has_help_and_is_in_the_readme():
    parser = build_parser()
    subcommands = next(a for a in parser._actions if a.dest == "command").choices
    assert sorted(subcommands) == sorted(COMMANDS)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, sub in subcommands.items():
        assert sub.description and f"peacewatch {name}" in readme
    result = run("--help")
    assert result.returncode == 0 and "extract" in result.stdout


@pytest.mark.model
def test_extract_jsonl_and_skips(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01")
    (tmp_path / "ok.txt").write_text("Strike\nRussia shelled Kharkiv on Tuesday, killing three people.", encoding="utf-8")
    result = run("extract", str(tmp_path), "--quiet")
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    record = json.loads(line)
    assert record["events"][0]["plover"] == "ASSAULT" and record["events"][0]["quantities"] == {"killed": 3}
    assert re.search(r"skipped .*bad\.txt: binary", result.stderr)


@pytest.mark.model
def test_brief_writes_store_and_markdown(tmp_path):
    out = tmp_path / "out"
    result = run("brief", str(EXAMPLES), "-o", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    brief = (out / "brief.md").read_text(encoding="utf-8")
    for heading in ("## Judgement", "## Key events", "## Positions by actor", "## Casualty figures",
                    "## Conditional policies and phases", "## Watch-list", "## Sources"):
        assert heading in brief
    assert "Russia → Ukraine" in brief and "[^1]:" in brief
    assessment = json.loads((out / "assessment.json").read_text(encoding="utf-8"))
    assert assessment["dyad"] == "RUS-UKR" and len(assessment["windows"]) >= 4
    assert (out / "peacewatch.duckdb").exists()


def test_bad_settings_are_named_errors(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text("colour = 'blue'\n", encoding="utf-8")
    result = run("extract", str(EXAMPLES), "--config", str(config))
    assert result.returncode == 2 and "unknown setting 'colour'" in result.stderr


@pytest.mark.model
def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    (tmp_path / "a.txt").write_text("Talks\nRussia and Ukraine held talks in Istanbul.", encoding="utf-8")
    result = run("extract", str(tmp_path))  # stderr is a pipe here
    assert result.returncode == 0 and "articles/s" not in result.stderr and "it/s" not in result.stderr
    assert result.stderr.strip() == ""


def test_assess_prints_json_and_records_the_run(tmp_path):
    from peacewatch.article import ActorRef, Article, Event
    from peacewatch.read.segment import split
    from peacewatch.store.store import Store

    text = "Russia attacked Kyiv. Russia and Ukraine held talks."
    article = Article(id="a1", raw=text, title="T", source="Wire", published="2025-05-20")
    article.text, article.sentences = text, split(text)
    sides = dict(source=ActorRef("Russia", "RUS", "GOV", "RUS"), target=ActorRef("Ukraine", "UKR", "GOV", "UKR"))
    article.events = [Event(id="a1:e1", sentence=0, start=0, end=6, trigger="attacked", cameo="190", plover="ASSAULT",
                            plover_mode="", goldstein=-10.0, quad_class=4, modality="asserted", date="2025-05-20",
                            **sides),
                      Event(id="a1:e2", sentence=1, start=22, end=27, trigger="talks", cameo="046", plover="CONSULT",
                            plover_mode="", goldstein=7.0, quad_class=1, modality="asserted", date="2025-05-20",
                            **sides)]
    db = tmp_path / "store.duckdb"
    with Store(db) as store:
        store.write([article])
    result = run("assess", "--db", str(db), "--window", "7d", "--dyad", "RUS-UKR")
    assert result.returncode == 0, result.stderr
    assessment = json.loads(result.stdout)
    assert assessment["dyad"] == "RUS-UKR" and assessment["window"] == "week"
    assert assessment["index"] == round(-3 / 7, 2) and assessment["changes"]["first_run"] is True
    again = json.loads(run("assess", "--db", str(db), "--window", "week", "--dyad", "RUS-UKR").stdout)
    assert again["changes"]["first_run"] is False and again["changes"]["index_before"] == assessment["index"]


def test_assess_without_a_store_says_what_to_do(tmp_path):
    result = run("assess", "--db", str(tmp_path / "missing.duckdb"))
    assert result.returncode == 2 and "no store at" in result.stderr and "peacewatch brief" in result.stderr

"""The CLI: commands, output formats, exit codes, help texts."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from tests.conftest import SEED_TXT

runner = CliRunner()


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "cli.duckdb"
    res = runner.invoke(app, ["--db", str(db), "ingest", str(SEED_TXT), "--workers", "1",
                              "--published", "2020-03-21", "--publisher", "Press TV", "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert summary["stored"] == 1 and summary["failed"] == 0
    return db


def test_cli_articles_json(seeded_db: Path) -> None:
    res = runner.invoke(app, ["--db", str(seeded_db), "articles", "--format", "json"])
    assert res.exit_code == 0
    (row,) = json.loads(res.stdout)
    assert row["title"] == "US forces reportedly planning to withdraw from two bases in Iraq"
    assert row["publisher"] == "Press TV" and row["published"] == "2020-03-21"
    assert row["section"] == "News / Iraq"


def test_cli_show_marks_evidence(seeded_db: Path) -> None:
    arts = json.loads(runner.invoke(app, ["--db", str(seeded_db), "articles", "-f", "json"]).stdout)
    res = runner.invoke(app, ["--db", str(seeded_db), "show", arts[0]["id"][:6], "-f", "json"])
    assert res.exit_code == 0
    ev = json.loads(res.stdout)
    text = ev["article"]["text"]
    assert ev["mentions"]
    for m in ev["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
    table = runner.invoke(app, ["--db", str(seeded_db), "show", arts[0]["id"]])
    assert table.exit_code == 0 and "legend" in table.stdout and "Donald Trump" in table.stdout


def test_cli_show_unknown_id(seeded_db: Path) -> None:
    res = runner.invoke(app, ["--db", str(seeded_db), "show", "ffffffff"])
    assert res.exit_code == 1 and "no article" in res.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "geojson", "csv", "parquet"])
def test_cli_export(seeded_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / ("out" if fmt in ("csv", "parquet") else f"events.{fmt}")
    res = runner.invoke(app, ["--db", str(seeded_db), "export", str(out), "--format", fmt])
    assert res.exit_code == 0, res.output
    if fmt == "parquet":
        table = pq.read_table(out / "articles.parquet")
        assert table.num_rows == 1 and "segments" in table.column_names
        assert pq.read_table(out / "mentions.parquet").num_rows > 10
    elif fmt == "csv":
        assert (out / "mentions.csv").read_text().startswith("article_id,kind,label")
    elif fmt == "geojson":
        assert json.loads(out.read_text())["type"] == "FeatureCollection"
    else:
        assert out.exists()


def test_cli_events_filters_validate(seeded_db: Path) -> None:
    ok = runner.invoke(app, ["--db", str(seeded_db), "events", "--since", "2020-01-01",
                             "--near", "33.3,44.4,100", "--format", "json"])
    assert ok.exit_code == 0 and isinstance(json.loads(ok.stdout), list)
    bad = runner.invoke(app, ["--db", str(seeded_db), "events", "--near", "north"])
    assert bad.exit_code == 1 and "LAT,LON,KM" in bad.stderr
    bad_date = runner.invoke(app, ["--db", str(seeded_db), "events", "--since", "yesterday"])
    assert bad_date.exit_code == 1


def test_cli_ingest_partial_failure_exit_code(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    res = runner.invoke(app, ["--db", str(tmp_path / "x.duckdb"), "ingest", str(tmp_path),
                              "--workers", "1"])
    assert res.exit_code == 3
    assert "input is empty" in res.stderr
    fails = runner.invoke(app, ["--db", str(tmp_path / "x.duckdb"), "failures", "-f", "json"])
    assert json.loads(fails.stdout)[0]["error_class"] == "EmptyInputError"


def test_cli_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    res = runner.invoke(app, ["--db", str(tmp_path / "none.duckdb"), "articles"])
    assert res.exit_code == 1 and "run `eventwire ingest` first" in res.stderr


def test_cli_ingest_needs_input(tmp_path: Path) -> None:
    res = runner.invoke(app, ["--db", str(tmp_path / "x.duckdb"), "ingest"])
    assert res.exit_code == 1 and "--demo" in res.stderr


def test_cli_version_json() -> None:
    res = runner.invoke(app, ["version", "--json"])
    info = json.loads(res.stdout)
    assert info["schema"] == "1.0" and info["stages"][:2] == ["parse", "entities"]


def test_cli_every_command_has_help() -> None:
    for cmd in ["ingest", "articles", "events", "show", "export", "failures", "summary",
                "version", "eval"]:
        res = runner.invoke(app, [cmd, "--help"])
        assert res.exit_code == 0, cmd
        assert "Usage" in res.stdout


def test_cli_makefile_commands_exist() -> None:
    """`make demo` calls only commands the CLI has."""
    import re

    from tests.conftest import REPO

    makefile = (REPO / "Makefile").read_text()
    commands = {c.name or (c.callback.__name__ if c.callback else "")
                for c in app.registered_commands} | {"eval"}
    used = re.findall(r"\$\(EW\)(?: --db \$\(DB\))? ([a-z-]+)", makefile)
    assert used and set(used) <= commands, used


def test_cli_events_by_country(seeded_db: Path) -> None:
    from eventwire.queries import event_records
    from eventwire.store import Store

    with Store(seeded_db, read_only=True) as store:
        expected = sorted(
            r["id"] for r in event_records(store)
            if "IQ" in {p["country"] for p in r["places"] or []}
            | {(r["actor"] or {}).get("country"), (r["target"] or {}).get("country")}
        )
    res = runner.invoke(app, ["--db", str(seeded_db), "events", "--country", "iq", "-f", "json"])
    assert res.exit_code == 0, res.output
    got = sorted(r["id"] for r in json.loads(res.stdout))
    assert expected and [e.split(":")[-1] for e in expected] == [g.split(":")[-1] for g in got]
    none = runner.invoke(app, ["--db", str(seeded_db), "events", "--country", "NZ", "-f", "json"])
    assert none.exit_code == 0 and json.loads(none.stdout) == []

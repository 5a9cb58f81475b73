"""Store: schema derived from the model, idempotent ingest, reprocess, failures."""

from __future__ import annotations

import json
from pathlib import Path

from eventwire.model import Article, Event, Mention
from eventwire.runner import ingest
from eventwire.schema import TABLES, ddl
from eventwire.store import Store
from tests.conftest import SEED_TXT

ARTICLE = ("Flooding displaces thousands\n\nHeavy rains have displaced more than 20,000 people "
           "in northern Nigeria since Friday, the emergency agency said on Monday.\n")


def test_schema_columns_follow_the_model() -> None:
    assert TABLES["articles"].column_names[: len(Article.model_fields)] == list(
        Article.model_fields
    )
    assert TABLES["mentions"].column_names == list(Mention.model_fields)
    assert "sources" not in TABLES["events"].column_names
    assert TABLES["events"].column_names == [f for f in Event.model_fields if f != "sources"]
    sql = ddl(TABLES["events"])
    assert '"trigger" STRUCT("start" BIGINT, "end" BIGINT, "text" VARCHAR' in sql
    assert '"places" STRUCT("name" VARCHAR' in sql and '"when" STRUCT(' in sql


def test_store_ingest_twice_is_a_no_op(tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(SEED_TXT.read_text(encoding="utf-8"))
    with Store(db_path) as store:
        first = ingest([str(tmp_path)], store, workers=1)
        counts1 = store.counts()
        second = ingest([str(tmp_path)], store, workers=1)
        counts2 = store.counts()
    assert (first.stored, first.skipped) == (2, 0)
    assert (second.stored, second.skipped) == (0, 2)
    assert {k: v for k, v in counts1.items() if k != "runs"} == {
        k: v for k, v in counts2.items() if k != "runs"
    }
    assert counts1["articles"] == 2 and counts1["mentions"] > 10
    assert counts2["runs"] == 2


def test_store_same_body_twice_in_one_batch_is_stored_once(tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "copy.txt").write_text(ARTICLE.replace("\n\n", "\n"))
    with Store(db_path) as store:
        summary = ingest([str(tmp_path)], store, workers=1)
        assert store.counts()["articles"] == 1
    assert (summary.stored, summary.skipped) == (1, 1)


def test_store_reprocess_replaces_rows(tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    with Store(db_path) as store:
        ingest([str(tmp_path)], store, workers=1)
        before = store.counts()
        again = ingest([str(tmp_path)], store, workers=1, reprocess=True)
        after = store.counts()
    assert again.stored == 1
    assert before["articles"] == after["articles"] == 1
    assert before["mentions"] == after["mentions"]


def test_store_failures_recorded_and_batch_goes_on(tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "latin1.txt").write_bytes("Caf\u00e9 noir".encode("latin-1"))
    (tmp_path / "records.jsonl").write_text('{"text": 3}\n')
    with Store(db_path) as store:
        summary = ingest([str(tmp_path)], store, workers=1)
        rows = store.query("SELECT source_ref, error_class FROM failures ORDER BY source_ref")
    assert summary.stored == 1 and summary.failed == 3
    assert [(Path(r["source_ref"]).name, r["error_class"]) for r in rows] == [
        ("empty.txt", "EmptyInputError"),
        ("latin1.txt", "EncodingError"),
        ("records.jsonl:1", "RecordError"),
    ]


def test_store_failure_cleared_when_input_later_succeeds(tmp_path: Path, db_path: Path) -> None:
    p = tmp_path / "page.txt"
    p.write_text("")
    with Store(db_path) as store:
        ingest([str(p)], store, workers=1)
        assert store.counts()["failures"] == 1
        p.write_text(ARTICLE)
        ingest([str(p)], store, workers=1)
        assert store.counts()["failures"] == 0


def test_store_mentions_keep_offsets_stage_and_confidence(tmp_path: Path, db_path: Path) -> None:
    p = tmp_path / "seed.txt"
    text = SEED_TXT.read_text(encoding="utf-8")
    p.write_text(text)
    with Store(db_path) as store:
        ingest([str(p)], store, workers=1)
        rows = store.query("SELECT * FROM mentions")
        art = store.query("SELECT text FROM articles")[0]
    assert rows
    for r in rows:
        assert art["text"][r["start"]:r["end"]] == r["text"]
        assert r["stage"] and 0 <= r["confidence"] <= 1
        assert isinstance(r["attributes"], dict)
    assert not any(r["segment"] == "boilerplate" for r in rows)
    json.dumps(rows, default=str)

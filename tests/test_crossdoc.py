"""Cross-document event clustering on small constructed event sets (no parse needed)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from eventwire.events.crossdoc import (
    CrossDocConfig,
    EventProfile,
    cluster_events,
    cluster_profiles,
    dedup_store,
    lemma_key,
    trigger_lemma,
)
from eventwire.model import (
    Actor,
    Article,
    ArticleResult,
    Event,
    EventPlace,
    EventTime,
    Mention,
    MentionKind,
    Segment,
    SegmentKind,
    Span,
)
from eventwire.store import Store

BAGHDAD_AIRPORT = (33.2625, 44.2346)
SANAA = (15.3547, 44.2066)

TEXTS = {
    "a1": "A US airstrike killed Iranian commander Qassem Soleimani near Baghdad International "
          "Airport on Friday, January 3, 2020, the Pentagon said. Abu Mahdi al-Muhandis also died.",
    "a2": "Qassem Soleimani, head of Iran's Quds Force, was killed in an American air strike at "
          "Baghdad airport on January 3. Iraqi militia leader Abu Mahdi al-Muhandis died too.",
    "a3": "A Saudi-led coalition airstrike hit a market near Sanaa, Yemen, on January 3, 2020, "
          "killing 12 people, Houthi officials said.",
    "a4": "US airstrikes hit Kataib Hezbollah weapons depots near Baghdad on March 12, 2020, "
          "after a rocket attack on Camp Taji, the Pentagon said.",
}


def _article(aid: str) -> Article:
    text = TEXTS[aid]
    return Article(id=aid, source_ref=aid, input_format="text", text=text,
                   segments=[Segment(kind=SegmentKind.BODY, start=0, end=len(text), text=text)])


def _mention(aid: str, phrase: str, kind: MentionKind, label: str, **kw: object) -> Mention:
    text = TEXTS[aid]
    start = text.index(phrase)
    return Mention(article_id=aid, kind=kind, label=label, start=start,
                   end=start + len(phrase), text=phrase, segment=SegmentKind.BODY,
                   stage="test", normalized=str(kw.pop("normalized", phrase)),
                   **kw)  # type: ignore[arg-type]


def _place(aid: str, phrase: str, gid: str, lat: float, lon: float, country: str) -> Mention:
    return _mention(aid, phrase, MentionKind.PLACE, "city", lat=lat, lon=lon, country=country,
                    attributes={"gazetteer_id": gid})


def _time(aid: str, phrase: str, value: str) -> Mention:
    return _mention(aid, phrase, MentionKind.TIME, "DATE", normalized=value)


def _person(aid: str, phrase: str) -> Mention:
    return _mention(aid, phrase, MentionKind.ENTITY, "PERSON")


MENTIONS = [
    _person("a1", "Qassem Soleimani"), _person("a1", "Abu Mahdi al-Muhandis"),
    _place("a1", "Baghdad", "98182", 33.34, 44.40, "IQ"),
    _time("a1", "Friday, January 3, 2020", "2020-01-03"),
    _person("a2", "Qassem Soleimani"), _person("a2", "Abu Mahdi al-Muhandis"),
    _place("a2", "Baghdad", "98182", 33.34, 44.40, "IQ"), _time("a2", "January 3", "2020-01-03"),
    _place("a3", "Sanaa", "71137", 15.35, 44.21, "YE"),
    _place("a3", "Yemen", "69543", 15.5, 47.5, "YE"),
    _time("a3", "January 3, 2020", "2020-01-03"),
    _place("a4", "Baghdad", "98182", 33.34, 44.40, "IQ"),
    _time("a4", "March 12, 2020", "2020-03-12"),
]


def _event(aid: str, n: int, trigger: str, day: date, where: tuple[float, float], place: str,
           country: str, actor: Actor | None, target: Actor | None) -> Event:
    text = TEXTS[aid]
    start = text.index(trigger)
    return Event(
        id=f"{aid}:e{n}", article_id=aid, type="ASSAULT", mode="aerial",
        trigger=Span(start=start, end=start + len(trigger), text=trigger, stage="events"),
        actor=actor, target=target,
        when=EventTime(value=day.isoformat(), earliest=day, latest=day, precision="day"),
        places=[EventPlace(name=place, lat=where[0], lon=where[1], country=country)],
        confidence=0.7,
    )


US = Actor(text="US", name="United States", country="US", sector="MIL")
SOLEIMANI = Actor(text="Qassem Soleimani", name="Qassem Soleimani", country="IR", sector="MIL")

EVENTS = [
    _event("a1", 1, "airstrike", date(2020, 1, 3), BAGHDAD_AIRPORT,
           "Baghdad International Airport", "IQ", US, SOLEIMANI),
    _event("a2", 1, "air strike", date(2020, 1, 3), BAGHDAD_AIRPORT, "Baghdad airport", "IQ",
           Actor(text="American", country="US"), SOLEIMANI),
    # the same kind of act, the same day, in another country
    _event("a3", 1, "airstrike", date(2020, 1, 3), SANAA, "Sanaa", "YE",
           Actor(text="Saudi-led coalition", country="SA"), None),
    # the same kind of act, at the same place, two months later
    _event("a4", 1, "airstrikes", date(2020, 3, 12), (33.34, 44.40), "Baghdad", "IQ", US,
           Actor(text="Kataib Hezbollah", name="Kataib Hezbollah", country="IQ")),
]
ARTICLES = [_article(a) for a in sorted(TEXTS)]


def _groups(rows: list) -> list[list[str]]:  # type: ignore[type-arg]
    by: dict[str, list[str]] = {}
    for r in rows:
        by.setdefault(r.cluster_id, []).append(r.event_id)
    return sorted(sorted(v) for v in by.values())


def test_same_airstrike_clusters_other_country_or_month_does_not() -> None:
    rows = cluster_events(EVENTS, MENTIONS, ARTICLES)
    assert _groups(rows) == [["a1:e1", "a2:e1"], ["a3:e1"], ["a4:e1"]]
    pair = [r for r in rows if r.event_id in ("a1:e1", "a2:e1")]
    assert {r.size for r in pair} == {2} and {r.n_articles for r in pair} == {2}
    assert sum(r.representative for r in pair) == 1
    assert all(0.5 <= r.cohesion <= 1.0 for r in pair)
    single = next(r for r in rows if r.event_id == "a3:e1")
    assert single.size == 1 and single.representative and single.cohesion == 1.0


def test_without_conflicting_evidence_the_reports_would_merge() -> None:
    # Moving the Yemeni strike to Baghdad (same day, same place) makes it the same happening
    # as far as the evidence goes: the conflict features, not luck, kept it apart above.
    moved = EVENTS[2].model_copy(update={"places": EVENTS[0].places})
    rows = cluster_events([EVENTS[0], moved], MENTIONS, ARTICLES)
    assert _groups(rows) == [["a1:e1", "a3:e1"]]


def test_order_independent() -> None:
    expected = _groups(cluster_events(EVENTS, MENTIONS, ARTICLES))
    rng = random.Random(3)
    for _ in range(5):
        events, mentions, articles = list(EVENTS), list(MENTIONS), list(ARTICLES)
        rng.shuffle(events)
        rng.shuffle(mentions)
        rng.shuffle(articles)
        rows = cluster_events(events, mentions, articles)
        assert _groups(rows) == expected
        assert sorted(r.model_dump_json() for r in rows) == sorted(
            r.model_dump_json() for r in cluster_events(EVENTS, MENTIONS, ARTICLES))


def test_hash_seed_independent(tmp_path: Path) -> None:
    script = (
        "import json, tests.test_crossdoc as t\n"
        "rows = t.cluster_events(t.EVENTS, t.MENTIONS, t.ARTICLES)\n"
        "print(json.dumps(sorted(r.model_dump_json() for r in rows)))\n"
    )
    outputs = set()
    root = Path(__file__).resolve().parents[1]
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", script], cwd=root, env=env, check=True,
                             capture_output=True, text=True).stdout
        outputs.add(out)
    assert len(outputs) == 1 and json.loads(outputs.pop())


def test_lemma_keys_conflate_derivations_only() -> None:
    assert lemma_key("killing") == lemma_key("kill") == lemma_key("killed")
    assert lemma_key("arrest") == lemma_key("arrested") == lemma_key("arrests")
    assert lemma_key("death") == lemma_key("die") == lemma_key("dead")
    assert lemma_key("nomination") == lemma_key("nominate") == lemma_key("nominee")
    assert lemma_key("check out") != lemma_key("check in")
    assert lemma_key("attack") != lemma_key("arrest")
    assert trigger_lemma("air strike") == "strike"
    assert trigger_lemma("pulled out") == "pulled out"


def test_profiles_same_lemma_in_unrelated_stories_stay_apart() -> None:
    # Two "resigned" in documents with nothing else in common, two in documents of one story.
    ctx = {
        "d1": {"n:smith": 2.0, "n:acme": 1.0, "d:2019-05-02": 1.0},
        "d2": {"n:smith": 1.0, "n:acme": 2.0, "d:2019-05-02": 1.0},
        "d3": {"n:jones": 1.0, "n:globex": 1.0, "d:2021-11-20": 1.0},
        "d4": {"n:lee": 1.0, "n:initech": 1.0, "d:2015-02-11": 1.0},
    }
    profiles = [
        EventProfile(id="d1:1", doc="d1", lemma="resign", participants=frozenset({"smith"})),
        EventProfile(id="d2:1", doc="d2", lemma="resignation",
                     participants=frozenset({"smith"})),
        EventProfile(id="d3:1", doc="d3", lemma="resign", participants=frozenset({"jones"})),
        EventProfile(id="d4:1", doc="d4", lemma="resign", participants=frozenset({"lee"})),
    ]
    assert cluster_profiles(profiles, ctx) == [["d1:1", "d2:1"], ["d3:1"], ["d4:1"]]
    assert cluster_profiles(list(reversed(profiles)), ctx) == cluster_profiles(profiles, ctx)
    # a threshold above every link keeps everything apart
    assert len(cluster_profiles(profiles, ctx, CrossDocConfig(threshold=0.999))) == 4


def test_duplicate_ids_are_refused() -> None:
    p = EventProfile(id="x", doc="d", lemma="attack")
    with pytest.raises(ValueError):
        cluster_profiles([p, p])


def test_dedup_store_is_idempotent(db_path: Path) -> None:
    by_article = {a.id: a for a in ARTICLES}
    results = [
        ArticleResult(article=by_article[aid],
                      mentions=[m for m in MENTIONS if m.article_id == aid],
                      events=[e for e in EVENTS if e.article_id == aid])
        for aid in sorted(by_article)
    ]
    with Store(db_path) as store:
        store.write_results(results, run_id="r1")
        first = dedup_store(store)
        rows1 = store.query("SELECT * FROM event_clusters ORDER BY event_id")
        second = dedup_store(store)
        rows2 = store.query("SELECT * FROM event_clusters ORDER BY event_id")
    assert rows1 == rows2 and len(rows1) == 4
    assert first.as_dict() | {"seconds": 0} == second.as_dict() | {"seconds": 0}
    assert (first.events, first.clusters, first.multi_article_clusters,
            first.merged_events) == (4, 3, 1, 1)
    top = first.largest[0]
    assert top["articles"] == 2 and top["type"] == "ASSAULT" and top["date"] == "2020-01-03"
    cluster = {r["event_id"]: r["cluster_id"] for r in rows1}
    assert cluster["a1:e1"] == cluster["a2:e1"] == "a1:e1"


def test_dedup_empty_store(db_path: Path) -> None:
    with Store(db_path) as store:
        summary = dedup_store(store)
    assert (summary.events, summary.clusters) == (0, 0)


def test_cli_dedup(db_path: Path) -> None:
    from typer.testing import CliRunner

    from eventwire.cli import app

    by_article = {a.id: a for a in ARTICLES}
    results = [ArticleResult(article=by_article[aid],
                             mentions=[m for m in MENTIONS if m.article_id == aid],
                             events=[e for e in EVENTS if e.article_id == aid])
               for aid in sorted(by_article)]
    with Store(db_path) as store:
        store.write_results(results, run_id="r1")
    runner = CliRunner()
    res = runner.invoke(app, ["--db", str(db_path), "dedup", "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert summary["events"] == 4 and summary["clusters"] == 3
    assert summary["multi_article_clusters"] == 1
    res = runner.invoke(app, ["--db", str(db_path), "dedup"])
    assert res.exit_code == 0 and "reported by several articles" in res.stdout
    res = runner.invoke(app, ["--db", str(db_path), "dedup", "--threshold", "1.5"])
    assert res.exit_code == 1


def test_reprocessed_article_leaves_its_clusters(db_path: Path) -> None:
    by_article = {a.id: a for a in ARTICLES}
    results = [ArticleResult(article=by_article[aid],
                             mentions=[m for m in MENTIONS if m.article_id == aid],
                             events=[e for e in EVENTS if e.article_id == aid])
               for aid in sorted(by_article)]
    with Store(db_path) as store:
        store.write_results(results, run_id="r1")
        dedup_store(store)
        store.write_results(results[:1], run_id="r2", replace=True)
        left = store.query("SELECT DISTINCT article_id FROM event_clusters")
    # The reprocessed article's events are new rows: no cluster row points at them until the
    # next dedup; the other articles' rows stay.
    assert {r["article_id"] for r in left} == {a for a in sorted(by_article)[1:]}

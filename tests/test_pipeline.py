"""Pipeline wiring: requirements checked, stage failures wrapped with the stage name."""

from __future__ import annotations

import pytest

from eventwire.errors import ConfigError, StageError
from eventwire.model import Article, Segment, SegmentKind, article_id_for
from eventwire.pipeline import AnalysisContext, EntityStage, ParseStage, Pipeline


class Broken:
    name = "broken"
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ("nothing",)

    def __call__(self, ctx: AnalysisContext) -> None:
        raise ValueError("boom")


def _article(text: str) -> Article:
    seg = Segment(kind=SegmentKind.BODY, start=0, end=len(text), text=text)
    return Article(id=article_id_for(text), source_ref="t", input_format="text", text=text,
                   segments=[seg])


def test_pipeline_checks_requirements() -> None:
    with pytest.raises(ConfigError, match="requires"):
        Pipeline([EntityStage()])


def test_pipeline_wraps_stage_errors() -> None:
    with pytest.raises(StageError) as info:
        Pipeline([Broken()]).run(_article("Some text."))
    assert info.value.stage == "broken" and "boom" in str(info.value)


def test_pipeline_entities_with_offsets_and_segments() -> None:
    text = "Angela Merkel met Emmanuel Macron in Paris on Monday."
    result = Pipeline([ParseStage(), EntityStage()]).run(_article(text))
    people = [(m.text, m.start, m.segment) for m in result.mentions if m.label == "PERSON"]
    assert ("Angela Merkel", 0, SegmentKind.BODY) in people
    for m in result.mentions:
        assert text[m.start:m.end] == m.text
    assert set(result.timings) == {"parse", "entities"}


def test_article_id_ignores_case_and_spacing() -> None:
    assert article_id_for("Hello   World\n") == article_id_for("hello world")
    assert article_id_for("Hello World") != article_id_for("Hello World!")


def test_pipeline_organisation_names_the_model_misses() -> None:
    from eventwire.pipeline import organisation_runs

    text = "He led the Quds Force of the Islamic Revolution Guards Corps until 2020."
    assert (text.index("Islamic"), text.index(" until")) in organisation_runs(text)
    assert organisation_runs("The Army said so.") == []  # one word: left to the model
    result = Pipeline([ParseStage(), EntityStage()]).run(_article(text))
    orgs = {m.text for m in result.mentions if m.label == "ORG"}
    assert "Islamic Revolution Guards Corps" in orgs
    for m in result.mentions:
        assert text[m.start:m.end] == m.text

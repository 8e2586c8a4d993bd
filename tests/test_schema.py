"""The shipped JSON Schema is the model's, and real readings validate against it."""

import jsonschema
import pytest

from fogwatch import read
from fogwatch.schema import load, render, validate


def test_shipped_schema_matches_the_model():
    from importlib import resources

    shipped = (resources.files("fogwatch.schema") / "reading.schema.json").read_text("utf-8")
    assert shipped == render(), "model changed: run `python -m fogwatch.schema`"


def test_reading_of_a_report_validates():
    reading = read(
        "Gunmen killed three police officers in Quetta on Monday, officials said.",
        published="2024-05-07",
    )
    validate(reading.model_dump(mode="json"))


def test_schema_rejects_a_figure_without_evidence():
    bad = {
        "article_id": "a1",
        "figures": [{"kind": "killed", "low": 3, "high": 3, "text": "three"}],
    }
    with pytest.raises(jsonschema.ValidationError, match="evidence"):
        validate(bad)
    assert load()["title"] == "ArticleReading"

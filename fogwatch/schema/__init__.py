"""The output contract as JSON Schema, generated from :mod:`fogwatch.model`.

``reading.schema.json`` ships in the package so that consumers in any language can
validate Fogwatch output. Regenerate it with ``python -m fogwatch.schema`` after a
model change; a test fails while the shipped file and the model disagree.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from fogwatch.model import ArticleReading

SCHEMA_FILE = "reading.schema.json"


def generate() -> dict[str, Any]:
    """The JSON Schema of an :class:`~fogwatch.model.ArticleReading`, from the model."""
    schema = ArticleReading.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://fogwatch.example/schema/reading.schema.json"
    return schema


def render() -> str:
    """The schema as the exact text shipped in the package."""
    return json.dumps(generate(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def load() -> dict[str, Any]:
    """The shipped schema."""
    return json.loads((resources.files("fogwatch.schema") / SCHEMA_FILE).read_text("utf-8"))


def validate(reading: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` if ``reading`` breaks the contract."""
    import jsonschema

    jsonschema.validate(reading, load())

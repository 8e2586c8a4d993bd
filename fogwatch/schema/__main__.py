"""Write the JSON Schema next to this module: ``python -m fogwatch.schema``."""

from pathlib import Path

from fogwatch.schema import SCHEMA_FILE, render

if __name__ == "__main__":
    path = Path(__file__).with_name(SCHEMA_FILE)
    path.write_text(render(), encoding="utf-8")
    print(f"wrote {path}")

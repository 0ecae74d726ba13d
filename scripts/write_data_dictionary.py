"""Regenerate data/DATA-DICTIONARY.md from the schema models (a test fails when it is stale)."""

from pathlib import Path

from kursk_brief.schema.dictionary import data_dictionary

TARGET = Path(__file__).resolve().parent.parent / "data" / "DATA-DICTIONARY.md"

if __name__ == "__main__":
    TARGET.write_text(data_dictionary(), encoding="utf-8")
    print(f"wrote {TARGET}")

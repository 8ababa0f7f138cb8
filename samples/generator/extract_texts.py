"""Extract real decision wording from the shared corpus into ``texts.json``.

Run once by hand (the result is committed, so the generator never needs the corpus):

    .venv/bin/python samples/generator/extract_texts.py ../shared/corpus/texts

Paragraphs with tables (tabs), links or characters outside Windows-1252 (the built-in
PDF fonts' encoding) are dropped; city names are swapped for the sample municipalities
so the wording fits the minutes it is placed in.
"""

import json
import re
import sys
from pathlib import Path

# Longest first, so "Helsingin kaupungin" wins over "Helsingin".
CITY_SWAPS = [
    ("Helsingin kaupungin", "kunnan"), ("Helsingin kaupunki", "kunta"),
    ("Helsingissä", "kunnassa"), ("Helsingin", "kunnan"), ("Helsinki", "kunta"),
    ("Helsingfors stads", "stadens"), ("Helsingfors stad", "staden"),
    ("i Helsingfors", "i staden"), ("Helsingfors", "staden"),
    ("Espoon kaupungin", "kunnan"), ("Espoon", "kunnan"), ("Espoossa", "kunnassa"),
    ("Mikkelin kaupungin", "kunnan"), ("Mikkelin", "kunnan"), ("Mikkelissä", "kunnassa"),
    ("Tampereen kaupungin", "kunnan"), ("Tampereella", "kunnassa"),
    ("Turun kaupungin", "kunnan"), ("kaupunginhallitus", "kunnanhallitus"),
    ("Kaupunginhallitus", "Kunnanhallitus"), ("kaupunginvaltuusto", "kunnanvaltuusto"),
    ("Kaupunginvaltuusto", "Kunnanvaltuusto"),
]


def clean(paragraph: str) -> str | None:
    """One paragraph as printable single-line text, or None when it should be dropped."""
    text = " ".join(paragraph.split())
    if not text or "\t" in paragraph or "http" in text or "www." in text or "*" in text:
        return None
    for old, new in CITY_SWAPS:
        text = text.replace(old, new)
    text = text.replace("\u2019", "'").replace("\u2010", "-")
    if text[0].islower() and not text.startswith(("e", "n", "s")) or text.startswith("kunna"):
        text = text[0].upper() + text[1:]  # a swapped city name began the sentence
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return None
    return text


def paragraphs(value) -> list[str]:
    """Clean paragraphs of one corpus field."""
    if not isinstance(value, str):
        return []
    out = (clean(p) for p in re.split(r"\n\s*\n|\n(?=- )", value))
    return [p for p in out if p]


def main(root: str) -> None:
    items = []
    for path in sorted(Path(root).glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        item = {
            "stem": path.stem,
            "language": data.get("language", "fi"),
            "title": clean(data.get("title", "")),
            "text": paragraphs(data.get("text")),
            "proposal": paragraphs(data.get("proposal")),
            "decision": paragraphs(data.get("decision")),
        }
        if item["title"] and item["text"]:
            items.append(item)
    out = Path(__file__).with_name("texts.json")
    out.write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(items)} items -> {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/texts")

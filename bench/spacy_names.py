"""Does spaCy earn a place in the parser?  Person names in preparer and presenter lines.

Telling a person's name from the job title around it (``Hyvinvointijohtaja Kettunen
Matti``, ``Mirva Korpi, Ympäristöinsinööri, vs. tekninen johtaja``, ``personalchef
Kristina Wikblad``) is where a named-entity model could help the parser.  This script
rebuilds every preparer and presenter line the gold records (samples/, Lapua, Nykarleby,
Oulu/Vantaa) in the ways minutes print them, and measures on the same lines:

* the parser's rules (``parser.people``: comma layout, capitalised runs, Voikko's
  lexicon of first names, the document's own evidence);
* spaCy's Finnish pipeline (``spacy-fi-experimental-web-md``): the first PERSON entity.

Prints exact-name accuracy and time per line for both, and writes
``bench/out/spacy_names.json``.  spaCy is an optional extra (``pip install
.[nlp]``); without it only the rules are measured.

    .venv/bin/python bench/spacy_names.py
"""

from __future__ import annotations

import glob
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parser.people import parse_presenter  # noqa: E402


def printed_lines() -> list[tuple[str, str]]:
    """(line as printed, the person's name) for every gold preparer and presenter."""
    files = glob.glob(str(ROOT / "samples" / "*.json")) + glob.glob(
        str(ROOT / "tests" / "corpus_gold" / "*" / "*.json"))
    cases = []
    for f in files:
        data = json.loads(Path(f).read_text(encoding="utf-8"))
        for section in data.get("sections") or []:
            people = list(section.get("preparers") or [])
            if section.get("presenter"):
                people.append(section["presenter"])
            for person in people:
                name, title = person.get("name"), person.get("title")
                if not name or not title:
                    continue
                first, *rest = name.split()
                cases.append((f"{name}, {title}", name))  # Lapua: name, then title
                cases.append((f"{title} {name}", name))  # title, then name
                if rest:  # surname first, as presenter lines often print it
                    cases.append((f"{title} {' '.join(rest)} {first}", name))
    return list(dict.fromkeys(cases))


def rules(text: str) -> str | None:
    found = parse_presenter(text)
    return found.name if found else None


def main() -> None:
    cases = printed_lines()
    result = {"lines": len(cases)}
    start = time.perf_counter()
    right = sum(rules(text) == name for text, name in cases)
    result["rules"] = {"exact": right, "accuracy": round(right / len(cases), 3),
                       "ms_per_line": round(1000 * (time.perf_counter() - start) / len(cases), 3)}
    try:
        import spacy

        start = time.perf_counter()
        nlp = spacy.load("spacy_fi_experimental_web_md")
        load = time.perf_counter() - start
        start = time.perf_counter()
        right = 0
        for text, name in cases:
            people = [e.text for e in nlp(text).ents if e.label_ in ("PERSON", "PER")]
            right += bool(people) and people[0] == name
        result["spacy"] = {"exact": right, "accuracy": round(right / len(cases), 3),
                           "ms_per_line": round(1000 * (time.perf_counter() - start) / len(cases), 3),
                           "load_s": round(load, 2)}
    except (ImportError, OSError) as e:
        result["spacy"] = {"error": f"spaCy or its Finnish model is not installed ({e})"}
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "spacy_names.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

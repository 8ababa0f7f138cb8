"""Access to the real decision wording in ``texts.json`` (see extract_texts.py)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def corpus() -> list[dict]:
    """All extracted items: stem, language, title, text, proposal, decision."""
    path = Path(__file__).with_name("texts.json")
    return json.loads(path.read_text(encoding="utf-8"))


def item(prefix: str) -> dict:
    """The one corpus item whose stem starts with ``prefix``."""
    matches = [i for i in corpus() if i["stem"].startswith(prefix)]
    if len(matches) != 1:
        raise KeyError(f"{len(matches)} corpus items start with {prefix!r}")
    return matches[0]


def swap(paragraphs: list[str], replacements: list[tuple[str, str]]) -> list[str]:
    """Paragraphs with body names replaced (the real item's committee -> the sample's)."""
    out = []
    for p in paragraphs:
        for old, new in replacements:
            p = p.replace(old, new)
        out.append(p)
    return out

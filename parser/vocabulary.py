"""Label-like lines the knowledge files do not know: ``minutes labels DIR``.

A new municipality prints its own wording (``Ratkaisuehdotus``, ``Kokouskäsittely``).
Before parsing its minutes for real, list the lines of its PDFs that look like labels
(:func:`parser.labels.label_like`: a short capitalised phrase printed as a label) but
that no entry of ``parser/knowledge/labels.yml`` or ``cover.yml`` names, with how often
each occurs and where; each one worth having becomes an entry there, with an example.
Section titles are left out (they are bold and short too).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from .cleanup import strip_page_furniture
from .labels import label_like
from .layout import Layout
from .sections import split_sections


@dataclass
class Unknown:
    """A label-like wording: how often it occurs, and its first occurrence."""

    label: str
    count: int = 0
    files: set[str] = field(default_factory=set)
    example_file: str = ""
    example_page: int = 0
    example_line: str = ""


def unknown_labels(paths: Iterable[str | Path], *, ocr: str = "auto",
                   on_file: Optional[Callable[[str, Optional[str]], None]] = None) -> list[Unknown]:
    """Label-like lines no knowledge entry names, most frequent first.

    :param on_file: called ``on_file(path, error)`` after each file (error None when it
        was read), for progress and for files that cannot be read.
    """
    from .errors import MinutesError
    from .pipeline import read_text

    found: dict[str, Unknown] = {}
    counts: Counter = Counter()
    for path in paths:
        try:
            pages, _ = read_text(path, ocr=ocr)
        except MinutesError as e:
            if on_file:
                on_file(str(path), str(e))
            continue
        body = strip_page_furniture(pages)
        lines = [line for page in body for line in page.lines]
        layout = Layout.of(lines)
        cover, blocks, _ = split_sections(lines, layout)
        candidates = list(cover) + [line for block in blocks for line in block.lines]
        for line in candidates:
            label = label_like(line, layout)
            if not label:
                continue
            key = label.casefold()
            entry = found.get(key)
            if entry is None:
                entry = found[key] = Unknown(label, example_file=str(path),
                                             example_page=line.page, example_line=line.text)
            entry.count += 1
            entry.files.add(str(path))
            counts[key] += 1
        if on_file:
            on_file(str(path), None)
    return sorted(found.values(), key=lambda u: (-u.count, u.label.casefold()))


def format_unknown(unknown: list[Unknown], limit: int = 100) -> str:
    """A plain table: count, files, label, and where it was first seen."""
    if not unknown:
        return "No label-like lines outside the vocabulary were found."
    rows = [f"{'count':>5} {'files':>5}  label  (first seen)"]
    for u in unknown[:limit]:
        where = f"{Path(u.example_file).name}, page {u.example_page}"
        rows.append(f"{u.count:>5} {len(u.files):>5}  {u.label}  ({where}: {u.example_line[:70]})")
    if len(unknown) > limit:
        rows.append(f"... and {len(unknown) - limit} more")
    return "\n".join(rows)

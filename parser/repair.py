"""Stage 1c: repair of damaged Finnish words in a text layer (issue 6).

Contract: ``repair_pages(pages)`` returns the pages with damaged words repaired in
place of the segment text; a repaired segment keeps what was read in
``Segment.raw``.  Segments that need no repair keep ``raw=None``.

``known_word_share(text)`` tells how much of a text is language at all (the OCR
stage uses it to decide whether a text layer is usable).

Placeholder until the repair work lands: ``repair_pages`` returns the pages unchanged.
"""

from __future__ import annotations

import re

from .pages import Page

_LETTER_WORD = re.compile(r"[^\W\d_]{3,}")


def known_word_share(text: str) -> float | None:
    """Share (0..1) of the words of three or more letters in ``text`` that are valid
    Finnish or Swedish, or become valid Finnish by restoring lost ä/ö.  None when the
    text has fewer than 20 such words (too little evidence either way)."""
    from .lemmas import _known_fi, _sv_known

    words = _LETTER_WORD.findall(text)
    if len(words) < 20:
        return None
    known = sum(1 for w in words if _known_fi(w) or _sv_known(w.lower()))
    return known / len(words)


def repair_pages(pages: list[Page]) -> list[Page]:
    """Repair damaged words on every page; pages without damage pass through."""
    return pages

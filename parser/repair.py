"""Stage 1c: repair of damaged Finnish words in a text layer (issue 6).

Contract: ``repair_pages(pages)`` returns the pages with damaged words repaired in
place of the segment text; a repaired segment keeps what was read in
``Segment.raw``.  Segments that need no repair keep ``raw=None``.

Placeholder until the repair work lands: returns the pages unchanged.
"""

from __future__ import annotations

from .pages import Page


def repair_pages(pages: list[Page]) -> list[Page]:
    """Repair damaged words on every page; pages without damage pass through."""
    return pages

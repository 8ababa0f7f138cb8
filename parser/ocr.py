"""Stage 1b: OCR for pages without a usable text layer (issue 6).

Contract: ``ocr_pages(path, sha256, pages, force=False, progress=None)`` returns the
pages with every page that needs OCR replaced by a :class:`parser.pages.Page` read
by Tesseract (``text_source="ocr"``, ``ocr_confidence`` set, segments carrying word
``confidence``).  Pages with a good text layer are returned unchanged.

Placeholder until the OCR work lands: returns the pages unchanged.
"""

from __future__ import annotations

from pathlib import Path

from .pages import Page


def ocr_pages(path: str | Path, sha256: str, pages: list[Page], *, force: bool = False,
              progress=None) -> list[Page]:
    """OCR the pages that need it; the rest pass through unchanged."""
    return pages

"""parse_pdf: the whole parser, from a PDF path to a Document."""

from __future__ import annotations

from pathlib import Path

from .model import Document


def parse_pdf(path: str | Path) -> Document:
    """Parse a minutes PDF into a :class:`Document` (work in progress)."""
    raise NotImplementedError

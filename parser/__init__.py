"""Finnish and Swedish municipal meeting minutes: PDF → structured document → archive.

Pipeline, one module per stage::

    pages.py     PDF file            → pages of positioned text lines (pypdfium2, pdfplumber)
    cleanup.py   pages of lines      → body lines (running headers/footers, initials boxes,
                                       zero-width spaces, hyphenation removed)
    cover.py     cover page lines    → Meeting (body, date, times, place, attendees)
    sections.py  body lines          → one block of lines per § (number, title, page span)
    fields.py    a section's lines   → Section (labels → diary number, preparers,
                                       presenter, proposal, decision, history)
    pipeline.py  ties them together: parse_pdf(path) → Document

The shared dataclasses live in model.py; ``Document.to_dict()`` is the JSON output.
"""

from .errors import BrokenPDFError, EncryptedPDFError, MinutesError, NotAPDFError
from .model import (
    Attendee,
    Document,
    Handling,
    Meeting,
    ParseWarning,
    Preparer,
    Presenter,
    Section,
    Source,
)
from .pipeline import parse_pdf

__version__ = "0.1.0"

__all__ = [
    "parse_pdf",
    "Document", "Source", "Meeting", "Attendee", "Section", "Preparer", "Presenter",
    "Handling", "ParseWarning",
    "MinutesError", "NotAPDFError", "EncryptedPDFError", "BrokenPDFError",
]

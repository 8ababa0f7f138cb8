"""parse_pdf: the whole parser, from a PDF path to a Document.

PDF → pages of lines (pages.py) → body lines without page furniture (cleanup.py)
→ cover and section blocks (sections.py) → Meeting (cover.py) and Sections (fields.py).
"""

from __future__ import annotations

from pathlib import Path

from .cleanup import strip_page_furniture
from .cover import read_meeting
from .fields import Layout, build_section
from .model import Document, ParseWarning, Source
from .pages import Page, file_sha256, read_pages
from .people import first_names_in
from .sections import split_sections


def parse_pdf(path: str | Path) -> Document:
    """Parse a minutes PDF into a :class:`Document`.

    Raises :class:`parser.errors.MinutesError` subclasses for files that cannot be
    read at all; anything the parser cannot place becomes a warning instead.
    """
    path = Path(path)
    pages = read_pages(path)
    return parse_pages(pages, Source(path=str(path), sha256=file_sha256(path), pages=len(pages)))


def parse_pages(pages: list[Page], source: Source) -> Document:
    """Parse already-read pages (the OCR path enters here with its own pages)."""
    warnings: list[ParseWarning] = []
    empty = [p.number for p in pages if p.chars == 0]
    if empty:
        shown = ", ".join(map(str, empty[:10])) + (" ..." if len(empty) > 10 else "")
        warnings.append(ParseWarning(
            f"{len(empty)} page(s) have no text layer (scanned images): {shown}; "
            "their text is missing unless the file is OCRed.",
            page=empty[0],
        ))
    body_pages = strip_page_furniture(pages)
    lines = [line for page in body_pages for line in page.lines]
    all_text = "\n".join(line.text for line in lines)
    known_first = first_names_in(all_text.splitlines())

    cover, blocks, split_warnings = split_sections(lines)
    warnings.extend(split_warnings)
    meeting = read_meeting(cover, pages, all_text, known_first)
    layout = Layout.of(lines)
    if not cover and len(blocks) == 1 and blocks[0].handling:
        # A single-item print has no cover: the line that numbers the item names the
        # deciding body and the meeting date (a header date is only the print date).
        meeting.body = meeting.body or blocks[0].handling.body
        meeting.date = blocks[0].handling.date or meeting.date

    sections = []
    for block in blocks:
        section, section_warnings = build_section(block, layout, meeting.date, known_first)
        sections.append(section)
        warnings.extend(section_warnings)
    if not blocks and lines:
        warnings.append(ParseWarning("No numbered sections (§) were found in this document."))
    return Document(source=source, meeting=meeting, sections=sections, warnings=warnings)

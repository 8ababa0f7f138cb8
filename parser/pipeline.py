"""parse_pdf: the whole parser, from a PDF path to a Document.

PDF → pages of lines (pages.py) → OCR of pages without a usable text layer (ocr.py)
→ OCR misreadings corrected from the document (ocr_corrections.py) → repair of damaged
Finnish words (repair.py) → body lines without page furniture
(cleanup.py) → cover and section blocks (sections.py) → Meeting (cover.py) and
Sections (fields.py) → each section's deliberation (proceedings.py) and appeal route
from the closing pages (appeals.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from .appeals import appeal_routes
from .cleanup import paragraphs, strip_page_furniture
from .cover import document_kind, read_meeting
from .fields import build_section
from .knowledge import KNOWLEDGE
from .layout import Layout
from .model import Document, ParseWarning, Part, Section, Source
from .ocr import ocr_pages
from .ocr_corrections import correct_from_document
from .pages import Line, Page, file_sha256, read_pages
from .people import first_names_in
from .proceedings import read_proceedings
from .repair import repair_pages
from .sections import SectionBlock, split_sections


def parse_pdf(path: str | Path, *, ocr: str = "auto", progress=None) -> Document:
    """Parse a minutes PDF into a :class:`Document`.

    :param ocr: "auto" OCRs only pages without a usable text layer, "always" every
        page, "never" none.
    :param progress: optional callback ``progress(done, total, stage)``: after each page
        read (``stage`` "read", ``total`` the file's pages), then after each page OCRed
        (``stage`` "ocr", ``total`` the pages to OCR; pages whose reading is cached count
        at once).  A file with a usable text layer reports "read" only.

    Raises :class:`parser.errors.MinutesError` subclasses for files that cannot be
    read at all; anything the parser cannot place becomes a warning instead.
    """
    path = Path(path)
    warnings: list[ParseWarning] = []
    pages, sha256 = read_text(path, ocr=ocr, progress=progress, warnings=warnings)
    return parse_pages(pages, Source(path=str(path), sha256=sha256, pages=len(pages)),
                       warnings=warnings)


def read_text(path: str | Path, *, ocr: str = "auto", progress=None,
              warnings: Optional[list[ParseWarning]] = None) -> tuple[list[Page], str]:
    """The text stages: (pages of lines, OCRed, corrected and repaired; the file's
    SHA-256).  ``ocr`` and ``progress`` as for :func:`parse_pdf`; warnings of pages OCR
    could not read are appended to ``warnings``."""
    if ocr not in ("auto", "always", "never"):
        raise ValueError(f"ocr must be 'auto', 'always' or 'never', not {ocr!r}")
    warnings = warnings if warnings is not None else []
    pages = read_pages(path, progress=_stage(progress, "read"))
    sha256 = file_sha256(path)
    if ocr != "never":
        pages = ocr_pages(path, sha256, pages, force=(ocr == "always"),
                          progress=_stage(progress, "ocr"),
                          warnings=warnings)
        pages = correct_from_document(pages)
    return repair_pages(pages), sha256


def _stage(progress, stage: str):
    """``progress`` as the ``progress(done, total)`` of one stage, or None."""
    if progress is None:
        return None
    return lambda done, total: progress(done, total, stage)


def parse_pages(pages: list[Page], source: Source,
                warnings: Optional[list[ParseWarning]] = None) -> Document:
    """Parse already-read pages (the OCR path enters here with its own pages).

    :param warnings: warnings from the earlier stages (pages OCR could not read).
    """
    warnings = list(warnings or [])
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
    layout = Layout.of(lines)
    layout.foreign_pages = frozenset(p.number for p in body_pages if p.foreign)

    cover, blocks, split_warnings = split_sections(lines, layout)
    warnings.extend(split_warnings)
    meeting = read_meeting(cover, body_pages, all_text, known_first, layout)
    if not cover and len(blocks) == 1 and blocks[0].handling:
        # A single-item print has no cover: the line that numbers the item names the
        # deciding body and the meeting date (a header date is only the print date).
        meeting.body = meeting.body or blocks[0].handling.body
        meeting.date = blocks[0].handling.date or meeting.date

    sections = []
    for block in blocks:
        section, section_warnings = build_section(block, layout, meeting, known_first)
        if not section.confidential:
            # A confidential section's deliberation names people of a secret matter.
            section.proceedings = read_proceedings(section.parts, meeting.attendees, known_first,
                                                   section.presenter, meeting.language)
        _record_text_source(section, block, pages)
        sections.append(section)
        warnings.extend(section_warnings)
    _record_document_text_source(source, pages)
    kind = document_kind(body_pages) or "minutes"
    if not blocks:
        kind = "other"
        if lines:
            warnings.append(ParseWarning(
                "No numbered sections (§) were found: this does not look like minutes or an "
                "agenda, so nothing of it can be searched by section."))
    elif kind == "agenda":
        for section in sections:
            section.decision = None  # an agenda's proposals are not decisions
        warnings = [w for w in warnings if not w.message.startswith("No decision")]
    document = Document(source=source, meeting=meeting, sections=sections, warnings=warnings,
                        kind=kind)
    if blocks and blocks[-1].lines:
        end = lines.index(blocks[-1].lines[-1]) + 1 if blocks[-1].lines[-1] in lines else len(lines)
        document.parts = closing_parts(lines[end:])
        routes = appeal_routes(document.parts, [s.number for s in sections])
        for section in sections:
            section.appeal = routes.get(section.number)
    return document


def closing_parts(lines: list[Line]) -> list[Part]:
    """The closing pages (appeal instructions, signatures) as parts, one per heading."""
    parts: list[Part] = []
    current: list[Line] = []
    label = ""
    for line in lines:
        if KNOWLEDGE.is_closing_heading(line.text):
            if label or current:
                parts.append(Part("appeal", label, paragraphs(current)))
            label, current = line.text.strip(), []
        else:
            current.append(line)
    if label or current:
        parts.append(Part("appeal", label, paragraphs(current)))
    return parts


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _record_text_source(section: Section, block: SectionBlock, pages: list[Page]) -> None:
    """Where this section's text came from: OCR, repaired text layer or text layer."""
    lines: list[Line] = block.printed_lines
    span = range(section.page_start or 0, (section.page_end or section.page_start or 0) + 1)
    ocred = [p for p in pages if p.number in span and p.text_source == "ocr"]
    if ocred:
        section.text_source = "ocr"
        # The section's own words where it has them: a page may hold a clean section
        # and a badly read one.
        confidences = [seg.confidence for line in lines for seg in line.segments
                       if seg.confidence is not None]
        section.ocr_confidence = _mean(confidences) if confidences else _mean(
            [p.ocr_confidence for p in ocred if p.ocr_confidence is not None])
    repaired = sum(1 for line in lines for seg in line.segments if seg.raw is not None)
    if repaired:
        section.repaired_words = sum(
            _changed_words(seg.raw, seg.text)
            for line in lines for seg in line.segments if seg.raw is not None
        )
        section.raw_text = "\n".join(line.raw_text for line in lines) or None
        if section.text_source == "text_layer":
            section.text_source = "repaired"


def _changed_words(raw: str, text: str) -> int:
    return sum(1 for a, b in zip(raw.split(), text.split()) if a != b) or 1


def _record_document_text_source(source: Source, pages: list[Page]) -> None:
    ocred = [p for p in pages if p.text_source == "ocr"]
    source.ocr_pages = [p.number for p in ocred]
    source.ocr_confidence = _mean([p.ocr_confidence for p in ocred if p.ocr_confidence is not None])
    source.repaired_words = sum(
        _changed_words(seg.raw, seg.text)
        for p in pages for line in p.lines for seg in line.segments if seg.raw is not None
    )
    if ocred:
        source.text_source = "ocr" if len(ocred) == len(pages) else "mixed"
    elif source.repaired_words:
        source.text_source = "repaired"

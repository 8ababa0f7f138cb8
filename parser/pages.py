"""Stage 1: a PDF file becomes pages of positioned text lines.

The fast path reads pdfium's text *segments* (``FPDFText_GetRect``): runs of characters
that sit together on one line.  A label in a left column and the text beside it come
out as two segments with a gap between them, which is exactly the layout evidence the
later stages need, at a fraction of the cost of per-character layout analysis.
pdfplumber's word extraction is the fallback for pages pdfium cannot segment.
"""

from __future__ import annotations

import ctypes
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .errors import BrokenPDFError, EncryptedPDFError, NotAPDFError


@dataclass
class Segment:
    """A run of text on one line, with its box in points (top-left origin)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 0.0
    bold: bool = False
    raw: Optional[str] = None  # the text as read, when parser.repair changed ``text``
    confidence: Optional[float] = None  # OCR word confidence 0..100 (None: text layer)


@dataclass
class Line:
    """One visual line: its segments left to right."""

    segments: list[Segment]
    page: int  # 1-based

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)

    @property
    def raw_text(self) -> str:
        """The line as read, before any repair."""
        return " ".join(s.raw if s.raw is not None else s.text for s in self.segments)

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1].x1

    @property
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.segments)

    @property
    def size(self) -> float:
        return max(s.size for s in self.segments)

    @property
    def bold(self) -> bool:
        return all(s.bold for s in self.segments)


@dataclass
class Page:
    """A page's lines, top to bottom."""

    number: int  # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    chars: int = 0  # characters in the text layer (0: image-only page)
    text_source: str = "text_layer"  # or "ocr" when parser.ocr replaced the lines
    ocr_confidence: Optional[float] = None  # mean word confidence of an OCRed page


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_pdf_header(path: str | Path) -> None:
    """Raise :class:`NotAPDFError` unless the file can be read and starts like a PDF."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except IsADirectoryError:
        raise NotAPDFError(path, "is a folder, not a PDF file.")
    except OSError as e:
        raise NotAPDFError(path, f"cannot be read ({e.strerror or e}); check the file's permissions.")
    if not head:
        raise NotAPDFError(path, "is empty (0 bytes); export the minutes again.")
    if b"%PDF-" not in head:
        raise NotAPDFError(path, "is not a PDF file; check that it is the minutes PDF.")


def open_pdf(path: str | Path) -> pdfium.PdfDocument:
    """Open a PDF with pdfium, turning its failures into plain typed errors."""
    path = Path(path)
    check_pdf_header(path)
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise EncryptedPDFError(
                path, "is password-protected; ask for an unprotected copy of the minutes."
            )
        raise BrokenPDFError(path, "is damaged or truncated and cannot be read; export it again.")


def read_pages(path: str | Path) -> list[Page]:
    """Read every page of a PDF as lines of segments."""
    pdf = open_pdf(path)
    try:
        return [read_page(pdf, i) for i in range(len(pdf))]
    finally:
        pdf.close()


def read_page(pdf: pdfium.PdfDocument, index: int) -> Page:
    """Read one page (0-based ``index``) with pdfium, falling back to pdfplumber."""
    page = pdf[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            chars = textpage.count_chars()
            segments = list(_pdfium_segments(textpage, height)) if chars else []
        finally:
            textpage.close()
    finally:
        page.close()
    if chars and not segments:
        segments = _pdfplumber_segments(pdf, index)
    return Page(index + 1, width, height, group_lines(segments, index + 1), chars)


_FONT_NAME = ctypes.create_string_buffer(128)


def _pdfium_segments(textpage: pdfium.PdfTextPage, height: float) -> Iterator[Segment]:
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = _clean_segment_text(textpage.get_text_bounded(left, bottom, right, top))
        if not text:
            continue
        # Font evidence from the segment's first character.
        index = pdfium_c.FPDFText_GetCharIndexAtPos(
            textpage, left + 0.5, (bottom + top) / 2, 2.0, 2.0
        )
        size, bold = 0.0, False
        if index >= 0:
            size = pdfium_c.FPDFText_GetFontSize(textpage, index)
            weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
            pdfium_c.FPDFText_GetFontInfo(textpage, index, _FONT_NAME, len(_FONT_NAME), None)
            name = _FONT_NAME.value.decode("latin-1", "replace").lower()
            bold = weight >= 600 or "bold" in name or "black" in name or "heavy" in name
        yield Segment(text, left, right, height - top, height - bottom, size, bold)


def _pdfplumber_segments(pdf: pdfium.PdfDocument, index: int) -> list[Segment]:
    """Layout analysis with pdfplumber, only for pages pdfium could not segment."""
    import io

    import pdfplumber

    buffer = io.BytesIO()
    single = pdfium.PdfDocument.new()
    single.import_pages(pdf, [index])
    single.save(buffer)
    single.close()
    with pdfplumber.open(buffer) as doc:
        words = doc.pages[0].extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
    return [
        Segment(
            w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["size"],
            "bold" in w["fontname"].lower(),
        )
        for w in words
    ]


def _clean_segment_text(text: str) -> str:
    # pdfium reports line breaks inside a rect and marks soft hyphens as U+0002.
    return text.replace("\r", " ").replace("\n", " ").replace("\x02", "\u00ad").strip()


def group_lines(segments: list[Segment], page: int) -> list[Line]:
    """Group segments into visual lines (by vertical overlap), left to right.

    Neighbouring segments closer than a space are merged: pdfium splits a line at
    every font change, but only a real gap is layout evidence.
    """
    lines: list[list[Segment]] = []
    for seg in sorted(segments, key=lambda s: (round(s.top, 1), s.x0)):
        height = max(seg.bottom - seg.top, 1.0)
        for line in reversed(lines[-3:]):
            ref = line[0]
            overlap = min(ref.bottom, seg.bottom) - max(ref.top, seg.top)
            if overlap > 0.5 * min(height, max(ref.bottom - ref.top, 1.0)):
                line.append(seg)
                break
        else:
            lines.append([seg])
    result = []
    for line in lines:
        line.sort(key=lambda s: s.x0)
        result.append(Line(_merge_close(line), page))
    result.sort(key=lambda l: l.top)
    return result


def _merge_close(segments: list[Segment]) -> list[Segment]:
    merged = [segments[0]]
    for seg in segments[1:]:
        prev = merged[-1]
        gap = seg.x0 - prev.x1
        space = max(prev.size, seg.size, 6.0) * 0.6
        if gap < space:
            joiner = "" if gap < space * 0.25 and not prev.text.endswith(" ") else " "
            merged[-1] = Segment(
                (prev.text + joiner + seg.text).strip(), prev.x0, max(prev.x1, seg.x1),
                min(prev.top, seg.top), max(prev.bottom, seg.bottom),
                max(prev.size, seg.size), prev.bold and seg.bold,
            )
        else:
            merged.append(seg)
    return merged


"""Stage 1: a PDF file becomes pages of positioned text lines.

The fast path reads pdfium's text *segments* (``FPDFText_GetRect``): runs of characters
that sit together on one line.  A label in a left column and the text beside it come
out as two segments with a gap between them, which is exactly the layout evidence the
later stages need, at a fraction of the cost of per-character layout analysis.
pdfplumber's word extraction is the fallback for pages pdfium cannot segment.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import re
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


class _computed_once:
    """A property computed on first use and then kept in the instance (a leaner
    ``functools.cached_property``, which takes a lock on every first use in Python 3.11)."""

    def __init__(self, func):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


@dataclass
class Line:
    """One visual line: its segments left to right.

    A line is never changed once built (every stage builds new lines), so its text and
    vertical extent are computed once, on first use: the stages ask for them hundreds
    of thousands of times per document.
    """

    segments: list[Segment]
    page: int  # 1-based

    @_computed_once
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

    @_computed_once
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @_computed_once
    def bottom(self) -> float:
        return max(s.bottom for s in self.segments)

    @_computed_once
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
    # Lines cleanup took out as page furniture (running header and footer, page number,
    # initials box): the cover stage reads the organisation and body from them.
    furniture: list[Line] = field(default_factory=list)
    # A page printed without the minutes' running header (an attachment printed inside
    # a section): a labelled part does not run on onto it.
    foreign: bool = False


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


def read_pages(path: str | Path, progress=None) -> list[Page]:
    """Read every page of a PDF as lines of segments.

    :param progress: optional ``progress(done, total)`` called after each page (the
        importer's time limit counts from the last call).
    """
    pdf = open_pdf(path)
    try:
        pages = []
        for i in range(len(pdf)):
            pages.append(read_page(pdf, i))
            if progress:
                progress(i + 1, len(pdf))
        return pages
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
_LEFT, _TOP, _RIGHT, _BOTTOM = _RECT = [ctypes.c_double() for _ in range(4)]
_RECT_PTRS = [ctypes.byref(v) for v in _RECT]


def _first_chars(raw, count: int, chars: int, text: str) -> list[int]:
    """Index of the first character of each of the page's ``count`` text rectangles
    (-1 where none is found).

    pdfium starts a new rectangle at the first character (not generated, not of zero
    size) of another text object, so ``FPDFText_CountRects(first, m)`` — the
    rectangles of the ``m`` characters from a rectangle's first one — becomes 2
    exactly where the next rectangle starts: found by bisection, after trying the
    usual place, the character after the next line break in the page text.  This is
    pdfium's own rectangle logic, so it is exact, and each call covers only a few
    characters; looking the first character up by position
    (``FPDFText_GetCharIndexAtPos``) scans the page's characters from the start for
    every rectangle, and near a zero-height space it can pick a neighbour.
    """
    firsts = [-1] * count
    if not count or not chars:
        return firsts
    count_rects, get_rect = pdfium_c.FPDFText_CountRects, pdfium_c.FPDFText_GetRect
    # The first rectangle: the first m characters make a non-empty rectangle.
    first = -1
    for m in range(1, min(chars, 64) + 1):
        count_rects(raw, 0, m)
        if get_rect(raw, 0, *_RECT_PTRS) and (_RIGHT.value > _LEFT.value or _TOP.value > _BOTTOM.value):
            first = m - 1
            break
    to_text, to_char = (pdfium_c.FPDFText_GetTextIndexFromCharIndex,
                        pdfium_c.FPDFText_GetCharIndexFromTextIndex)
    for k in range(count):
        if first < 0:
            break
        firsts[k] = first
        if k == count - 1:
            break
        left = chars - first  # characters from ``first`` to the end of the page
        low, high = 1, 0  # count_rects(first, low) == 1; high: a bound not yet checked
        t = to_text(raw, first)
        line_end = text.find("\r\n", t + 1) if t >= 0 else -1
        guess = to_char(raw, line_end + 2) - first if 0 <= line_end < len(text) - 2 else -1
        if 1 < guess < left:
            if count_rects(raw, first, guess) >= 2:
                high = guess  # the next rectangle starts within this line
            elif count_rects(raw, first, guess + 1) >= 2:
                first += guess
                continue
            else:
                low = guess + 1
        if not high:  # gallop upwards to a bound
            high = min(max(2 * low, 16), left)
            while count_rects(raw, first, high) < 2:
                if high >= left:
                    high = 0
                    break
                low, high = high, min(2 * high, left)
            if not high:
                break  # no further rectangle (should not happen)
        while high - low > 1:
            mid = (low + high) // 2
            if count_rects(raw, first, mid) >= 2:
                high = mid
            else:
                low = mid
        first += high - 1
    return firsts


def _pdfium_segments(textpage: pdfium.PdfTextPage, height: float) -> Iterator[Segment]:
    """The page's text rectangles as segments, with font evidence from each one's
    first character.

    pdfium builds its rectangles by walking the characters in order, so a rectangle's
    text is the page text from its first character up to the next rectangle's first
    character.  The page text is read once and sliced: asking pdfium for the text
    inside each rectangle (``FPDFText_GetBoundedText``) scans every character of the
    page per rectangle and cost more than everything else here together.  Where
    rectangles overlap (text drawn twice for a bold effect, stray text inside a
    header), the text inside a rectangle is not its slice, and pdfium is asked.
    """
    raw = textpage.raw
    boxes = []
    for i in range(pdfium_c.FPDFText_CountRects(raw, 0, -1)):
        ok = pdfium_c.FPDFText_GetRect(raw, i, *_RECT_PTRS)
        boxes.append((_LEFT.value, _BOTTOM.value, _RIGHT.value, _TOP.value) if ok else None)
    text = textpage.get_text_range() if boxes else ""
    # _first_chars counts the rectangles of parts of the page, which replaces the
    # rectangles FPDFText_GetRect reads: they are read above, first.
    firsts = _first_chars(raw, len(boxes), textpage.count_chars(), text)
    rects = [box + (index,) for box, index in zip(boxes, firsts) if box is not None]
    starts = _slice_starts(raw, rects)
    for k, (left, bottom, right, top, index) in enumerate(rects):
        start = starts[k]
        if start is None or (k + 1 < len(starts) and starts[k + 1] is None):
            piece = textpage.get_text_bounded(left, bottom, right, top)
        else:
            end = starts[k + 1] if k + 1 < len(starts) else len(text)
            piece = text[start:end]
            if "\ufffe" in piece:
                piece = _unmark(raw, piece, start)
            if _ZERO_WIDTH_RE.search(piece):  # rare; translate() is slow on non-ASCII text
                piece = piece.translate(_ZERO_WIDTH)
        piece = _clean_segment_text(piece)
        if not piece:
            continue
        size, bold = 0.0, False
        if index >= 0:
            size = pdfium_c.FPDFText_GetFontSize(raw, index)
            weight = pdfium_c.FPDFText_GetFontWeight(raw, index)
            pdfium_c.FPDFText_GetFontInfo(raw, index, _FONT_NAME, len(_FONT_NAME), None)
            bold = _is_bold(weight, _FONT_NAME.value)
        yield Segment(piece, left, right, height - top, height - bottom, size, bold)


@functools.lru_cache(maxsize=1024)
def _is_bold(weight: int, font_name: bytes) -> bool:
    """Bold by weight or by the font's name (a document has a few fonts: cached)."""
    name = font_name.decode("latin-1", "replace").lower()
    return weight >= 600 or "bold" in name or "black" in name or "heavy" in name


# Zero-width characters have no box, so pdfium's text inside a rectangle never has them.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def _unmark(raw, piece: str, start: int) -> str:
    """Resolve U+FFFE in a slice of the page text: pdfium writes it both for a soft
    hyphen (which its text inside a rectangle gives as U+0002) and for a character
    without Unicode (which that text leaves out)."""
    out = []
    for offset, ch in enumerate(piece):
        if ch == "\ufffe":
            index = pdfium_c.FPDFText_GetCharIndexFromTextIndex(raw, start + offset)
            code = pdfium_c.FPDFText_GetUnicode(raw, index) if index >= 0 else 0
            ch = chr(code) if code else ""
        out.append(ch)
    return "".join(out)


def _slice_starts(raw, rects: list[tuple]) -> list[Optional[int]]:
    """Index in the page text where each rectangle's text starts, None where its text
    cannot be sliced: no first character found, out of page order, or overlapping
    another rectangle."""
    starts: list[Optional[int]] = []
    previous = -1
    for *_, index in rects:
        t = pdfium_c.FPDFText_GetTextIndexFromCharIndex(raw, index) if index >= 0 else -1
        if t <= previous:
            starts.append(None)
        else:
            starts.append(t)
            previous = t
    # Rectangles sorted by their lower edge: an overlap needs the next ones to start
    # below this one's top, so on an ordinary page each is compared with a neighbour.
    order = sorted(range(len(rects)), key=lambda k: rects[k][1])
    for n, a in enumerate(order):
        left, bottom, right, top, _ = rects[a]
        for b in order[n + 1:]:
            other = rects[b]
            if other[1] >= top:
                break
            if other[0] < right and left < other[2]:
                starts[a] = starts[b] = None
    return starts


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
    # pdfium reports line breaks inside a rect and marks soft hyphens as U+0002
    # (bounded text) or U+FFFE (page text).
    return (text.replace("\r", " ").replace("\n", " ").replace("\x02", "\u00ad")
            .replace("\ufffe", "\u00ad").strip())


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


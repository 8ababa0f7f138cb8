"""Stage 2: pages of lines become the document's body lines.

Removes what the case-management system prints on every page (running headers and
footers, page numbers, the initials box for the minutes checkers) and normalises the
characters that PDF text layers carry (zero-width spaces, soft hyphens, ligatures).
Also home of the helpers that turn lines back into paragraphs with line-end
hyphenation rejoined.
"""

from __future__ import annotations

import dataclasses
import math
import operator
import re
import unicodedata
from collections import Counter
from typing import Iterable

from .knowledge import KNOWLEDGE
from .pages import Line, Page

# Share of the page height where running headers and footers live.
HEADER_ZONE = 0.16
FOOTER_ZONE = 0.10

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
_PAGE_NUMBER = re.compile(
    r"^(?:(?:sivu|sida|s\.|page)\s*)?\d{1,4}\s*(?:(?:/|\(|av|of|/\s*)\s*\d{1,4}\)?)?$", re.I
)
_INITIALS_BOX = KNOWLEDGE.initials_box


# One pass for both (a ligature is one code point, an invisible one is dropped).
_TRANSLATION = {**_INVISIBLE, **{ord(lig): plain for lig, plain in _LIGATURES.items()}}
_ODD_CHARACTER = re.compile("[" + "".join(map(chr, _TRANSLATION)) + "]")
_SPACE_RUN = re.compile(r"[ \t\u00a0]+")
_ODD_SPACE = re.compile(r"[\t\u00a0]| {2}")


def normalise_text(text: str) -> str:
    """Remove invisible characters and compatibility forms a text layer carries."""
    # Each step is skipped where a quick search finds nothing to do: almost every
    # segment of a text layer is already clean, and every segment passes here.
    if _ODD_CHARACTER.search(text):
        text = text.translate(_TRANSLATION)
    text = unicodedata.normalize("NFC", text)
    if _ODD_SPACE.search(text):
        text = _SPACE_RUN.sub(" ", text)
    return text.strip()


def _shape(text: str) -> str:
    """A line's text with digits folded and punctuation dropped, so '12 (40)' and
    '13 (40)' look alike, and so do OCR's readings of one footer ('21, 17200 Vääksy'
    and '21. 17200 Vääksy')."""
    words = re.sub(r"[^\w#]+", " ", re.sub(r"\d+", "#", text.lower())).split()
    # A lone letter is a separator OCR misread ("|" as "i" or "l").
    return " ".join(w for w in words if len(w) > 1 or w == "#")


def strip_page_furniture(pages: list[Page]) -> list[Page]:
    """Return pages without running headers/footers, page numbers and initials boxes.

    A line in the header or footer zone is furniture when a line of the same shape
    (digits folded) recurs at that height on most pages (see _furniture_threshold), or when it
    is a bare page number.  Pages are not mutated.
    """
    # Furniture recurs in the same shape at the same height; body text that merely
    # starts many pages ("Päätös  Ehdotus hyväksyttiin.") does not sit at one height.
    zone_shapes: Counter[tuple[str, int]] = Counter()
    # Furniture key of every line in a margin (None: in the body), computed once.
    # A section's own § line, diary number or handling line near the top of every page
    # is no header: its number changes from page to page (a header that repeats the
    # current § prints the same text again). Texts are counted in the margins only: the
    # cover's table of contents prints the § lines too.
    texts = Counter(line.text.strip() for page in pages for line in page.lines
                    if in_margin(line, page))
    keys = [_margin_keys(page, texts) for page in pages]
    for page_keys in keys:
        zone_shapes.update({key for key in page_keys if key is not None})
    threshold = _furniture_threshold(len(pages))
    # A line recurs at one height give or take a few points (OCR boxes, rounding).
    repeated = {
        (shape, height) for shape, height in zone_shapes
        if sum(zone_shapes.get((shape, height + d), 0) for d in (-1, 0, 1)) >= threshold
    }
    offsets = _page_number_offsets(pages)

    cleaned = []
    for page, page_keys in zip(pages, keys):
        lines, furniture = [], []
        for line, key in zip(page.lines, page_keys):
            line = _normalise_line(line)
            if not line.segments:
                continue
            if key is not None and (
                _is_repeated(key, repeated) or _is_page_number(line, page, offsets)
            ):
                furniture.append(line)
            # The initials box is a short caption; a sentence naming the checkers is not.
            elif len(line.text) < 45 and _INITIALS_BOX.search(line.text):
                furniture.append(line)
            else:
                lines.append(line)
        lines, furniture = _beyond_furniture(page, lines, furniture)
        cleaned.append(Page(page.number, page.width, page.height, lines, page.chars,
                            page.text_source, page.ocr_confidence, furniture))
    _mark_foreign(pages, cleaned, keys, repeated)
    return cleaned


def _mark_foreign(pages: list[Page], cleaned: list[Page], keys, repeated) -> None:
    """Mark the pages that lack the document's running header while many pages print it:
    attachments printed into the minutes.  A page with any header of the document's
    (OCR may read the page's own § number in it differently) is not foreign."""
    headers = [
        {key[0] for key, line in zip(page_keys, page.lines)
         if key is not None and line.bottom < page.height * HEADER_ZONE and _is_repeated(key, repeated)}
        for page, page_keys in zip(pages, keys)
    ]
    counts = Counter(shape for found in headers for shape in found)
    if not counts:
        return
    # The minutes' header is the one printed on the pages with labelled parts (Päätös,
    # Beredning …); an attachment's own header may be commoner in a long document.
    labelled = Counter(shape for found, page in zip(headers, cleaned) if _has_label(page)
                       for shape in found)
    header, _ = (labelled or counts).most_common(1)[0]
    n = counts[header]
    if n < max(3, 0.1 * len(pages)):
        return
    # The minutes' header and the shapes printed on the same pages with it (an
    # attachment's own header is printed on other pages).
    with_header = [found for found in headers if header in found]
    known = {shape for shape in counts
             if sum(shape in found for found in with_header) >= 0.5 * counts[shape]}
    for page, found in zip(cleaned, headers):
        page.foreign = bool(page.lines) and not (found & known)


def _has_label(page: Page) -> bool:
    """Whether a page prints a section label (alone or before a colon)."""
    for line in page.lines:
        text = line.text.strip()
        if len(text) < 80 and (KNOWLEDGE.section_label(text)
                               or (":" in text and KNOWLEDGE.section_label(text.split(":")[0]))):
            return True
    return False


def _structural(text: str) -> bool:
    """A § line, a diary number or a handling line: the section's own, not furniture."""
    from .formats import diary_number, history_line

    text = text.strip()
    return bool(KNOWLEDGE.section_mark.match(text) or diary_number(text) or history_line(text))


def _margin_keys(page: Page, texts: Counter) -> list:
    """The furniture key of each line of ``page`` in a margin zone, None for the others
    and for lines that are a section's own however they recur: a § line, diary number or
    handling line printed once, a label printed alone with its colon (``Esittelijä:``
    starts many pages at the same height), and whatever follows a section's own line in
    the header zone (a section that starts at the top of a page: its title and diary
    number are not the running header above)."""
    keys: list = []
    below_own = False
    for line in page.lines:
        margin = in_margin(line, page)
        own = margin and ((texts[line.text.strip()] == 1 and _structural(line.text))
                          or _label_alone(line.text))
        if margin and line.bottom < page.height * HEADER_ZONE:
            below_own = below_own or own
            own = own or below_own
        keys.append(_furniture_key(line) if margin and not own else None)
    return keys


def _label_alone(text: str) -> bool:
    text = text.strip()
    return text.endswith(":") and len(text) < 60 and KNOWLEDGE.section_label(text) is not None


def _beyond_furniture(page: Page, lines: list[Line], furniture: list[Line]) -> tuple[list[Line], list[Line]]:
    """Lines above the running header or below the running footer are furniture too
    (a logo's lettering, specks OCR read as words)."""
    top = [l.bottom for l in furniture if l.bottom < page.height * HEADER_ZONE]
    bottom = [l.top for l in furniture if l.top > page.height * (1 - FOOTER_ZONE)]
    header_end = max(top) if top else None
    footer_start = min(bottom) if bottom else None
    kept = []
    for line in lines:
        if (header_end is not None and line.bottom <= header_end) or (
                footer_start is not None and line.top >= footer_start):
            furniture.append(line)
        else:
            kept.append(line)
    return kept, sorted(furniture, key=lambda l: l.top)


def _page_number_value(line: Line, page: Page) -> int | None:
    """The number a bare page-number line in the margins prints, or None."""
    text = line.text.strip()
    if not in_margin(line, page) or not _PAGE_NUMBER.match(text):
        return None
    return int(re.search(r"\d+", text).group())


def _page_number_offsets(pages: list[Page]) -> set[int]:
    """Offsets (printed number − page index) of the document's page numbering.

    Page numbers count with the pages (``Sivu 2 /4`` on page 2, or ``126`` on the
    sixth page of a council's year-long numbering), so their offset recurs.  A bare
    number whose offset does not recur is something else: OCR reads a heading
    ``80 §`` as ``808``.  Empty when no offset recurs (one page, or no numbering):
    then every bare number in the margins counts as a page number.
    """
    counts = Counter()
    for page in pages:
        for line in page.lines:
            value = _page_number_value(line, page)
            if value is not None:
                counts[value - page.number] += 1
    return {offset for offset, n in counts.items() if n >= 2}


def _is_page_number(line: Line, page: Page, offsets: set[int]) -> bool:
    value = _page_number_value(line, page)
    return value is not None and (not offsets or value - page.number in offsets)


def _furniture_threshold(pages: int) -> int:
    """On how many pages a line must recur to count as a running header/footer.

    A short document prints its header on every page but perhaps the cover; a long one
    may alternate odd/even headers, and may carry printed attachments with headers of
    their own on most of its pages (the minutes' header then stands on a minority), so
    an eighth of its pages, at least four, suffice: body text does not recur at one
    height in one shape that often.
    """
    if pages < 2:
        return 10**9
    if pages <= 6:
        return max(2, pages - 1)
    return max(4, math.ceil(pages * 0.125))


def _furniture_key(line: Line) -> tuple[str, int]:
    return _shape(line.text), round(line.top / 4)


def _is_repeated(key: tuple[str, int], repeated: set[tuple[str, int]]) -> bool:
    shape, height = key
    return any((shape, height + d) in repeated for d in (-1, 0, 1))


def in_margin(line: Line, page: Page) -> bool:
    """Whether ``line`` lies in the page's header or footer zone."""
    return line.bottom < page.height * HEADER_ZONE or line.top > page.height * (1 - FOOTER_ZONE)


def _normalise_line(line: Line) -> Line:
    segments = []
    for seg in line.segments:
        text = normalise_text(seg.text)
        if not text:
            continue
        if text == seg.text:
            segments.append(seg)  # segments are never changed in place: share it
        else:
            # replace() keeps the OCR confidence and the repaired word's raw text.
            segments.append(dataclasses.replace(seg, text=text))
    if len(segments) == len(line.segments) and all(map(operator.is_, segments, line.segments)):
        return line
    return Line(segments, line.page)


# Words after a line-end hyphen that mean the hyphen is part of a coordination
# ("esi- ja perusopetus", "förskole- och grundskola"), not a word break.
_COORDINATORS = KNOWLEDGE.coordinators
_HYPHENS = ("-", "\u00ad", "\u2010", "\u2011")


def join_lines(texts: Iterable[str]) -> str:
    """Join the lines of one paragraph, rejoining words hyphenated at line end."""
    out = ""
    for text in texts:
        text = text.strip()
        if not text:
            continue
        if not out:
            out = text
            continue
        if out.endswith(_HYPHENS):
            head = out.rstrip("".join(_HYPHENS))
            first = text.split(" ", 1)[0]
            word_before = head.rsplit(" ", 1)[-1]
            if first.lower().strip(",.;:") in _COORDINATORS:
                out = head + "- " + text
            elif _keeps_hyphen(word_before, first):
                out = head + "-" + text
            else:
                out = head + text
        else:
            out = out + " " + text
    return out.replace("\u00ad", "")


def _keeps_hyphen(before: str, after: str) -> bool:
    """Whether a hyphen at a line break belongs to the word itself.

    Finnish keeps the hyphen before a capitalised part (Päijät-Häme), after an
    abbreviation or number (EU-, 2025-) and where the same vowel meets (kaupunki-infra).
    """
    if not before or not after:
        return True
    if after[0].isupper() or after[0].isdigit():
        return True
    if before.isupper() or before[-1].isdigit():
        return True
    return before[-1].lower() == after[0].lower() and before[-1].lower() in "aeiouyäöå"


_BULLET = re.compile(r"^(?:[-–•▪●*]|\d+[.)]|[a-z]\))\s+")


def paragraphs(lines: list[Line], gap_factor: float = 1.45) -> str:
    """Lines of one block → text with paragraphs separated by a blank line.

    A new paragraph starts at a vertical gap clearly larger than the block's usual
    line spacing, at a page change followed by an indented/bulleted line, or at a
    list item.
    """
    if not lines:
        return ""
    spacings = [
        b.top - a.top
        for a, b in zip(lines, lines[1:])
        if a.page == b.page and 0 < b.top - a.top < 3 * max(a.size, 8)
    ]
    usual = sorted(spacings)[len(spacings) // 2] if spacings else None
    groups: list[list[str]] = [[lines[0].text]]
    for prev, line in zip(lines, lines[1:]):
        text = line.text
        new_paragraph = bool(_BULLET.match(text))
        if line.page == prev.page:
            spacing = line.top - prev.top
            limit = usual * gap_factor if usual else max(prev.size, 8) * 1.9
            new_paragraph = new_paragraph or spacing > limit
        if new_paragraph:
            groups.append([text])
        else:
            groups[-1].append(text)
    return "\n\n".join(p for p in (join_lines(g) for g in groups) if p)

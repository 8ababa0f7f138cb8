"""Geometry measured from the document itself: body font size, line spacing, and per
page the left edge of labels and titles (margin) and of running text.

Every distance the structure stages compare is relative to these measurements (a gap
"wider than a space" is a fraction of the font size, a paragraph break is a multiple
of the usual line spacing), never points fitted to one producer's layout.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .pages import Line


@dataclass(frozen=True)
class PageGeometry:
    """Where lines start on one page."""

    margin_x: float  # left edge of labels, titles and § marks
    text_x: float  # left edge of running text (the same as margin_x in one-column layouts)
    line_spacing: float = 0.0  # this page's usual line distance (0: the document's)


@dataclass
class Layout:
    """The document's measured geometry."""

    font_size: float
    line_spacing: float  # usual top-to-top distance of two lines of one paragraph
    left_column: bool  # labels stand in a column of their own, left of their text
    default: PageGeometry
    pages: dict[int, PageGeometry] = field(default_factory=dict)
    # Pages printed without the minutes' running header (attachments): see
    # parser.cleanup; a labelled part does not run on onto one.
    foreign_pages: frozenset[int] = frozenset()

    @classmethod
    def of(cls, lines: list[Line]) -> "Layout":
        """Measure the layout of a document's body lines."""
        sizes = sorted(l.size for l in lines if len(l.text) > 20 and l.size > 0)
        font_size = sizes[len(sizes) // 2] if sizes else 10.0
        line_spacing = _spacing(lines, font_size) or 1.2 * font_size
        default = _geometry(lines, font_size) or PageGeometry(0.0, 0.0)
        by_page: dict[int, list[Line]] = {}
        for line in lines:
            by_page.setdefault(line.page, []).append(line)
        pages = {}
        for number, page_lines in by_page.items():
            measured = _geometry(page_lines, font_size, minimum=4)
            spacing = _spacing(page_lines, font_size, minimum=6) or 0.0
            if measured is None:
                pages[number] = PageGeometry(default.margin_x, default.text_x, spacing)
            elif measured.margin_x >= measured.text_x - font_size:
                # A page of running text only has no label column of its own: labels on
                # it stand where the document's do.
                pages[number] = PageGeometry(min(default.margin_x, measured.text_x),
                                             measured.text_x, spacing)
            else:
                pages[number] = PageGeometry(measured.margin_x, measured.text_x, spacing)
        layout = cls(font_size, line_spacing, False, default, pages)
        layout.left_column = layout._has_left_column(lines)
        return layout

    def page(self, number: int) -> PageGeometry:
        """The geometry of page ``number`` (the document's where the page is unknown)."""
        return self.pages.get(number, self.default)

    def in_margin_column(self, line: Line) -> bool:
        """Whether ``line`` starts in the label column, clearly left of the running text."""
        page = self.page(line.page)
        return page.text_x - page.margin_x > 2 * self.font_size and \
            line.x0 < page.text_x - 1.5 * self.font_size

    def gap_after_label(self, line: Line) -> bool:
        """Whether the line's first two segments stand apart as a label and its text
        (a gap wider than a couple of spaces)."""
        segs = line.segments
        return len(segs) > 1 and segs[1].x0 - segs[0].x1 > 0.7 * self.font_size

    def paragraph_break(self, previous: Line, line: Line) -> bool:
        """Whether ``line`` starts a new paragraph after ``previous`` on the same page
        (a vertical gap clearly wider than the usual line spacing)."""
        spacing = self.page(line.page).line_spacing or self.line_spacing
        return line.page == previous.page and line.top - previous.top > 1.45 * spacing

    def _has_left_column(self, lines: list[Line]) -> bool:
        """Labels in a left column: lines whose first segment starts at the margin and
        whose second starts at the text column, several times."""
        from .knowledge import KNOWLEDGE

        count = 0
        for line in lines:
            segs = line.segments
            if len(segs) < 2 or not self.gap_after_label(line):
                continue
            page = self.page(line.page)
            if (abs(segs[0].x0 - page.margin_x) < self.font_size
                    and abs(segs[1].x0 - page.text_x) < 1.5 * self.font_size
                    and page.text_x - page.margin_x > 3 * self.font_size
                    and KNOWLEDGE.section_label(segs[0].text)):
                count += 1
                if count >= 2:
                    return True
        return False


def _spacing(lines: list[Line], font_size: float, minimum: int = 1) -> float | None:
    """The usual top-to-top distance of two lines of one paragraph: the smallest distance
    that is common (a sixth of the measurements), so that neither paragraph breaks nor
    a list's spaced items nor a printed attachment's double spacing count as it.
    None with fewer than ``minimum`` measurements."""
    spacings = [round(b.top - a.top) for a, b in zip(lines, lines[1:])
                if a.page == b.page and 0.5 * font_size < b.top - a.top < 2.2 * font_size]
    if len(spacings) < minimum:
        return None
    counts = Counter(spacings)
    # Neighbouring whole points are one distance (14.5 rounds to 14 or 15).
    common = [d for d in sorted(counts) if counts[d] + counts.get(d + 1, 0) >= max(2, len(spacings) / 6)]
    if not common:
        return float(counts.most_common(1)[0][0])
    d = common[0]
    return (d * counts[d] + (d + 1) * counts.get(d + 1, 0)) / (counts[d] + counts.get(d + 1, 0))


def _geometry(lines: list[Line], font_size: float, minimum: int = 1) -> PageGeometry | None:
    """Margin and text column of ``lines``, or None with fewer than ``minimum`` lines of
    running text."""
    # Where running text starts: the x of each long line's longest segment (on a label
    # line that is the text beside the label, not the label).
    starts = Counter(round(max(l.segments, key=lambda s: len(s.text)).x0 / 2) * 2
                     if len(l.segments) > 1 else round(l.x0 / 2) * 2
                     for l in lines if len(l.text) > 25)
    if sum(starts.values()) < minimum:
        return None
    text_x = float(starts.most_common(1)[0][0])
    # The leftmost x where several lines start, within a font size of each other (a
    # stray mark, a speck OCR read as a letter, is not a margin).
    xs = sorted(l.x0 for l in lines if len(l.text.strip()) > 2)
    enough = max(2, int(0.02 * len(xs)))
    margin = next((x for k, x in enumerate(xs)
                   if k + enough <= len(xs) and xs[k + enough - 1] - x < font_size), text_x)
    return PageGeometry(float(min(margin, text_x)), text_x)

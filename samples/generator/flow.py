"""A tiny text-flow engine over a reportlab canvas.

Minutes layouts need exact x positions (labels in a left column, text beside them) and
page breaks anywhere inside a section, with a running header and footer on every page.
Platypus tables cannot split a row across pages, so lines are placed by hand here:
:func:`wrap` breaks a paragraph into lines (optionally hyphenating long words the way
word processors do), and :class:`Flow` draws lines top-down and starts a new page,
with the layout's decorations, whenever the next line would not fit.
"""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Callable, Optional

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

PAGE_WIDTH, PAGE_HEIGHT = A4
FONT_DIR = Path(__file__).with_name("fonts")
VOWELS = set("aeiouyäöåAEIOUYÄÖÅ")
ZWSP = "\u200b"
SOFT_HYPHEN = "\u00ad"


def register_fonts() -> None:
    """Register the bundled DejaVu Sans (used where the text layer needs U+200B/U+00AD).

    The TTF files live beside this module, so the embedded subset, and thus the PDF
    bytes, do not depend on the fonts of the machine that runs the generator.
    """
    if "DejaVuSans" in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))


def width(text: str, font: str, size: float) -> float:
    """Printed width of ``text`` in points."""
    return pdfmetrics.stringWidth(text, font, size)


def _split_points(word: str) -> list[int]:
    """Finnish-style hyphenation points: before a consonant that is followed by a vowel."""
    return [
        i
        for i in range(3, len(word) - 3)
        if word[i] not in VOWELS and word[i + 1] in VOWELS and word[i - 1].isalpha()
    ]


def wrap(
    text: str,
    font: str,
    size: float,
    max_width: float,
    hyphen: Optional[str] = None,
) -> list[str]:
    """Break ``text`` into printed lines no wider than ``max_width``.

    With ``hyphen`` ("-" or a soft hyphen) a long word that does not fit is split at a
    syllable boundary and the first part ends the line with that mark, as in
    ``kehittämis-`` / ``verkoston``.
    """
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if width(candidate, font, size) <= max_width:
            current = candidate
            continue
        plain = word.replace(ZWSP, "")
        if hyphen and current and len(plain) >= 9 and plain.isalpha() and word == plain:
            for cut in reversed(_split_points(word)):
                head = f"{current} {word[:cut]}{hyphen}"
                if width(head, font, size) <= max_width:
                    lines.append(head)
                    current = word[cut:]
                    break
            else:
                lines.append(current)
                current = word
            continue
        if current:
            lines.append(current)
        current = word
    if current:
        lines.append(current)
    return lines


def sprinkle_zero_width(text: str, rng: random.Random) -> str:
    """Insert zero-width spaces as some editors leave them: inside long words, after words.

    They print as nothing, so only the text layer changes; the gold keeps the clean text.
    """
    words = text.split(" ")
    out = []
    for word in words:
        roll = rng.random()
        if roll < 0.05 and len(word) > 11 and word.isalpha():
            cut = len(word) // 2
            word = word[:cut] + ZWSP + word[cut:]
        elif roll < 0.09:
            word += ZWSP
        out.append(word)
    return " ".join(out)


class _FilteredCanvas:
    """A canvas that passes every string it draws through ``text_filter`` first (a text
    layer that lost letters: see ``Meeting.options["lost_umlauts"]``)."""

    def __init__(self, canvas_, text_filter: Callable[[str], str]):
        self._canvas = canvas_
        self._filter = text_filter

    def drawString(self, x, y, text, *args, **kwargs):
        return self._canvas.drawString(x, y, self._filter(text), *args, **kwargs)

    def drawRightString(self, x, y, text, *args, **kwargs):
        return self._canvas.drawRightString(x, y, self._filter(text), *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._canvas, name)


class Flow:
    """Draws lines top-down over as many pages as needed.

    ``decorate(canvas, page_number)`` draws the running header/footer of a page;
    ``top``/``bottom`` bound the text area.  ``page`` is the current 1-based page.
    """

    def __init__(
        self,
        decorate: Callable[[canvas.Canvas, int], None],
        top: float,
        bottom: float,
        title: str,
        text_filter: Optional[Callable[[str], str]] = None,
    ):
        self.buffer = io.BytesIO()
        self.canvas = canvas.Canvas(self.buffer, pagesize=A4, invariant=1)
        if text_filter is not None:
            self.canvas = _FilteredCanvas(self.canvas, text_filter)
        self.canvas.setTitle(title)
        self.canvas.setAuthor("samples/generate.py")
        self.decorate = decorate
        self.top = top
        self.bottom = bottom
        self.page = 1
        self.y = top
        decorate(self.canvas, self.page)

    def new_page(self) -> None:
        """Finish the current page and start the next one below its header."""
        self.canvas.showPage()
        self.page += 1
        self.y = self.top
        self.decorate(self.canvas, self.page)

    def need(self, height: float) -> None:
        """Break the page unless ``height`` points still fit above the bottom margin."""
        if self.y - height < self.bottom:
            self.new_page()

    def skip(self, height: float) -> None:
        """Leave vertical space (never carried over to a new page)."""
        self.y -= height
        if self.y < self.bottom:
            self.new_page()

    def line(self, x: float, text: str, font: str, size: float, leading: float) -> None:
        """Draw one line at ``x`` on the next baseline."""
        self.need(leading)
        self.y -= leading
        self.canvas.setFont(font, size)
        self.canvas.drawString(x, self.y, text)

    def row(self, cells: list[tuple[float, str, str]], size: float, leading: float,
            right: Optional[tuple[float, str, str]] = None) -> None:
        """Draw several cells ``(x, text, font)`` on one baseline (a table row)."""
        self.need(leading)
        self.y -= leading
        for x, text, font in cells:
            self.canvas.setFont(font, size)
            self.canvas.drawString(x, self.y, text)
        if right:
            x, text, font = right
            self.canvas.setFont(font, size)
            self.canvas.drawRightString(x, self.y, text)

    def finish(self) -> bytes:
        """Close the document and return the PDF bytes."""
        self.canvas.save()  # shows the last page, which always has its header
        return self.buffer.getvalue()

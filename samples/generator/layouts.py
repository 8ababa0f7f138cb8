"""Page layouts modelled on the case-management systems Finnish municipalities use.

* :class:`LeftColumnLayout` — Dynasty (e.g. Asikkala): labels in a bold left column at
  x=57pt, their text beside them at x=170pt; title with ``§ 31`` at the right margin;
  running header ``ASIKKALAN KUNTA  PÖYTÄKIRJA 4/2025  12 (40)``; initials box footer.
* :class:`ColonLayout` — Tweb/CaseM: ``§ 12`` alone on a line, the title below it,
  labels ending in a colon on their own line and their text below at the same x;
  ``Sivu 5 / 22`` footer.  DejaVu Sans, so zero-width spaces and soft hyphens reach
  the text layer.
* :class:`SwedishLayout` — Nykarleby-like Swedish protocol: ``23 §`` then the title,
  ``Dnr``, ``Beredare:``/``Förslag:``/``Beslut:`` labels.
* :class:`CouncilLayout` — council minutes in Times with every earlier handling
  reprinted under its own history line, labels in a left column at x=57/160pt.

Every layout renders twice (see :func:`render`): the first pass learns the page count
and where each § starts, which the header (``12 (40)``) and the cover's table of
contents print in the second pass.  Pagination never depends on those numbers.
"""

from __future__ import annotations

import random
from typing import Optional

from .flow import (PAGE_HEIGHT, PAGE_WIDTH, Flow, register_fonts, sprinkle_zero_width, width,
                   wrap)
from .spec import Handling, Item, Meeting, Person

LEFT = 57.0
RIGHT = PAGE_WIDTH - 55.0
WEEKDAYS_FI = ["ma", "ti", "ke", "to", "pe", "la", "su"]


def dotted_date(iso: str, pad: bool = True) -> str:
    """``2025-04-09`` as ``09.04.2025`` (``pad``) or ``9.4.2025``."""
    y, m, d = iso.split("-")
    return f"{d}.{m}.{y}" if pad else f"{int(d)}.{int(m)}.{y}"


def weekday(iso: str) -> str:
    import datetime

    return WEEKDAYS_FI[datetime.date.fromisoformat(iso).weekday()]


def contact_line(person: Person, style: str) -> str:
    """A preparer as printed: title, name, phone, e-mail in the municipality's style."""
    head = f"{person.title} {person.first} {person.last}".strip()
    if style == "dynasty":
        parts = [head]
        if person.phone:
            parts.append(f"puh. {person.phone}")
        line = " ".join(parts)
        if person.printed_address:
            line += f", sähköposti: {person.printed_address}"
        return line
    phone_word = "tfn" if style == "sv" else "puh."
    parts = [head]
    if person.phone:
        parts.append(f"{phone_word} {person.phone}")
    if person.printed_address:
        parts.append(person.printed_address)
    return ", ".join(parts)


def presenter_line(h: Handling) -> str:
    p = h.presenter
    name = f"{p.last} {p.first}" if h.presenter_surname_first else f"{p.first} {p.last}"
    return f"{p.title} {name}".strip()


class Layout:
    """Shared machinery: fonts, paragraph flow, page bookkeeping, the two passes."""

    font = "Helvetica"
    bold = "Helvetica-Bold"
    size = 10.0
    leading = 12.5
    top = PAGE_HEIGHT - 92
    bottom = 72.0
    text_x = LEFT
    hyphen: Optional[str] = None
    number_style = "§ {n}"

    def __init__(self, meeting: Meeting, total: int = 0, toc: Optional[dict] = None):
        self.m = meeting
        self.total = total
        self.toc = toc or {}
        self.rng = random.Random(meeting.stem)
        self.opts = meeting.options
        self.hyphen = self.opts.get("hyphen", self.hyphen)
        self.pages: dict[int, tuple[int, int]] = {}

    # -- running header/footer -------------------------------------------------------
    def decorate(self, c, page: int) -> None:
        raise NotImplementedError

    def total_str(self) -> str:
        return str(self.total or 0)

    # -- text helpers -----------------------------------------------------------------
    def prepare(self, text: str) -> str:
        """Text as it goes onto the page (zero-width spaces where the layout has them)."""
        if self.opts.get("zero_width"):
            return sprinkle_zero_width(text, self.rng)
        return text

    def paragraphs(self, flow: Flow, x: float, paras: list[str], font: Optional[str] = None,
                   first_label: Optional[tuple[float, str]] = None) -> None:
        """Flow paragraphs at ``x`` up to the right margin, a half line between them.

        ``first_label`` (x, label) is drawn in bold on the baseline of the first line:
        that is how left-column layouts put a label beside its text.
        """
        font = font or self.font
        label_lines: list[str] = []
        if first_label:
            # A label wider than its column wraps inside the column, as Dynasty does.
            label_lines = wrap(first_label[1], self.bold, self.size, x - first_label[0] - 6)
        k = 0
        for i, para in enumerate(paras):
            listed = para.startswith("- ")
            if i and not (listed and paras[i - 1].startswith("- ")):
                flow.skip(self.leading)  # an empty line between paragraphs, not list items
            indent = 10.0 if listed else 0.0
            # Word processors hyphenate some paragraphs and not others.
            hyphen = self.hyphen if self.rng.random() < self.opts.get("hyphenate", 0.35) else None
            lines = wrap(self.prepare(para), font, self.size, RIGHT - x - indent, hyphen)
            for j, text in enumerate(lines):
                lx = x + (indent if j else 0.0)
                cells = [(lx, text, font)]
                if k < len(label_lines):
                    cells.insert(0, (first_label[0], label_lines[k], self.bold))
                k += 1
                flow.row(cells, self.size, self.leading)
        for rest in label_lines[k:]:
            flow.row([(first_label[0], rest, self.bold)], self.size, self.leading)

    def heading(self, flow: Flow, x: float, text: str, width: float,
                right: Optional[str] = None) -> None:
        """A bold title, wrapped, optionally with ``right`` (``§ 31``) at the margin."""
        for i, line in enumerate(wrap(text, self.bold, self.size + 1, width)):
            flow.row([(x, line, self.bold)], self.size + 1, self.leading + 1,
                     right=(RIGHT, right, self.bold) if right and i == 0 else None)

    def number(self, n: int) -> str:
        return self.opts.get("number_style", self.number_style).format(n=n)

    # -- the document -----------------------------------------------------------------
    def render(self) -> bytes:
        register_fonts()
        # A text layer that lost its ä and ö (a poor OCR layer, as in
        # ../shared/seeds/ocr-section-body.txt): the page shows the same lost letters.
        lost = LOST_UMLAUTS if self.opts.get("lost_umlauts") else None
        flow = Flow(self.decorate, self.top, self.bottom, f"{self.m.body} {self.m.number}", lost)
        self.cover(flow)
        for item in self.m.items:
            flow.need(self.leading * 6)
            if flow.y < self.top - 1 and not self.opts.get("continuous"):
                flow.skip(self.leading * 1.5)
            start = flow.page
            self.item(flow, item)
            self.pages[item.number] = (start, flow.page)
        return flow.finish()

    def cover(self, flow: Flow) -> None:
        raise NotImplementedError

    def item(self, flow: Flow, item: Item) -> None:
        raise NotImplementedError

    # -- cover helpers ----------------------------------------------------------------
    def cover_rows(self, flow: Flow, label: str, rows: list[tuple[str, ...]],
                   xs: tuple[float, ...]) -> None:
        """A labelled cover-page block: label in the left column, a small table beside."""
        own_line = width(label, self.bold, self.size) > xs[0] - LEFT - 6
        if own_line:  # a long label gets a row of its own, the table starts below it
            flow.row([(LEFT, label, self.bold)], self.size, self.leading)
        for i, row in enumerate(rows):
            cells = [(x, t, self.font) for x, t in zip(xs, row)]
            if i == 0 and not own_line:
                cells.insert(0, (LEFT, label, self.bold))
            flow.row(cells, self.size, self.leading)
        flow.skip(self.leading * 0.6)

    def attendee_blocks(self, flow: Flow, labels: dict[str, str], x: float) -> None:
        for group in ("members", "others", "absent"):
            rows = [(n, r) for n, r, g in self.m.attendees if g == group]
            if rows:
                self.cover_rows(flow, labels[group], rows, (x, x + 175))

    def contents(self, flow: Flow, label: str, x: float) -> None:
        """Table of contents: § number, title (wrapped), page at the right margin."""
        flow.skip(self.leading * 0.5)
        flow.line(LEFT, label, self.bold, self.size + 1, self.leading + 2)
        for item in self.m.items:
            page = str(self.toc.get(item.number, (0, 0))[0] or "")
            lines = wrap(item.title, self.font, self.size, RIGHT - x - 40)
            for i, line in enumerate(lines):
                cells = [(x, line, self.font)]
                if i == 0:
                    cells.insert(0, (LEFT, self.number(item.number), self.font))
                flow.row(cells, self.size, self.leading,
                         right=(RIGHT, page, self.font) if i == 0 else None)

    # How preparer contacts are printed unless a meeting says otherwise.
    contact_style = "dynasty"

    def blocks(self, flow: Flow, h: Handling) -> None:
        """The labelled blocks of one handling, in the order minutes print them."""
        style = self.opts.get("contact_style", self.contact_style)
        if h.preparers:
            self.block(flow, h.preparer_label, [contact_line(p, style) for p in h.preparers])
        if h.presenter:
            self.block(flow, h.presenter_label, [presenter_line(h)])
        if h.proposal_label and h.proposal:
            self.block(flow, h.proposal_label, h.proposal)
        if h.deliberation:
            self.block(flow, h.deliberation_label, h.deliberation)
        if h.decision_label and h.decision:
            self.block(flow, h.decision_label, h.decision)


class LeftColumnLayout(Layout):
    """Dynasty: bold labels at x=57pt, their text at x=170pt, separated by position only."""

    text_x = 170.0
    hyphen = "-"
    title_after_number = False

    def decorate(self, c, page: int) -> None:
        m = self.m
        c.setFont(self.bold, 10)
        c.drawString(LEFT, PAGE_HEIGHT - 50, m.organization.upper())
        c.drawString(330, PAGE_HEIGHT - 50, f"PÖYTÄKIRJA {m.number}")
        c.drawRightString(RIGHT, PAGE_HEIGHT - 50, f"{page} ({self.total_str()})")
        c.setFont(self.font, 10)
        c.drawString(LEFT, PAGE_HEIGHT - 64, m.body)
        c.drawString(330, PAGE_HEIGHT - 64, dotted_date(m.date))
        if self.opts.get("initials_box"):
            c.setLineWidth(0.5)
            c.rect(RIGHT - 170, 30, 170, 28)
            c.setFont(self.font, 7)
            c.drawString(RIGHT - 165, 49, "Pöytäkirjantarkastajien nimikirjaimet")

    def cover(self, flow: Flow) -> None:
        m, x = self.m, self.text_x
        flow.skip(self.leading)
        rows = [
            ("Kokousaika", f"{dotted_date(m.date)} klo {m.start.replace(':', '.')}–"
                           f"{m.end.replace(':', '.')}"),
            ("Kokouspaikka", m.place),
        ]
        for label, value in rows:
            self.cover_rows(flow, label, [(value,)], (x,))
        self.attendee_blocks(flow, {"members": "Saapuvilla olleet jäsenet",
                                    "others": "Muut saapuvilla olleet",
                                    "absent": "Poissa"}, x)
        self.signatures(flow, x)
        self.contents(flow, "Käsitellyt asiat", 100)
        flow.new_page()

    def signatures(self, flow: Flow, x: float) -> None:
        chair = next(n for n, r, g in self.m.attendees if r == "puheenjohtaja")
        secretary = next(n for n, r, g in self.m.attendees if r == "pöytäkirjanpitäjä")
        flow.row([(LEFT, "Allekirjoitukset", self.bold)], self.size, self.leading)
        flow.skip(self.leading * 1.5)
        flow.row([(x, chair, self.font), (x + 175, secretary, self.font)], self.size, self.leading)
        flow.row([(x, "Puheenjohtaja", self.font), (x + 175, "Pöytäkirjanpitäjä", self.font)],
                 self.size, self.leading)
        flow.skip(self.leading)
        checked = dotted_date(self.opts.get("checked", self.m.date))
        self.cover_rows(flow, "Pöytäkirjan tarkastus",
                        [(f"Pöytäkirja on tarkastettu {checked}",)], (x,))
        self.cover_rows(flow, "Pöytäkirja yleisesti", [(self.opts.get(
            "public", "Kunnan verkkosivuilla"),)], (x,))

    def item(self, flow: Flow, item: Item) -> None:
        self.item_heading(flow, item)
        flow.skip(self.leading * 0.5)
        for i, h in enumerate(item.handlings):
            if h.line:
                if i:
                    flow.need(self.leading * 4)
                    flow.skip(self.leading * 0.6)
                flow.line(LEFT, h.line, self.font, self.size, self.leading)
            if i == 0:
                self.item_start(flow, item)
            self.blocks(flow, h)
        for label, paras in item.extra:
            self.block(flow, label, paras)

    def item_heading(self, flow: Flow, item: Item) -> None:
        number = self.number(item.number)
        if self.opts.get("title_after_number", self.title_after_number):
            flow.row([(LEFT, number, self.bold)], self.size + 1, self.leading + 1)
            self.heading(flow, LEFT, item.title, RIGHT - LEFT)
        else:
            self.heading(flow, LEFT, item.title, RIGHT - LEFT - 70, right=number)

    def item_start(self, flow: Flow, item: Item) -> None:
        if item.diary:
            flow.line(LEFT, item.diary, self.font, self.size, self.leading)
        flow.skip(self.leading * 0.5)
        if item.confidential_note:
            self.paragraphs(flow, self.text_x, [item.confidential_note])
            flow.skip(self.leading * 0.6)
        if item.text:
            self.paragraphs(flow, self.text_x, item.text)
            flow.skip(self.leading * 0.6)

    def block(self, flow: Flow, label: str, paras: list[str]) -> None:
        flow.need(self.leading * 2)
        self.paragraphs(flow, self.text_x, paras, first_label=(LEFT, label))
        flow.skip(self.leading * 0.6)


class CouncilLayout(LeftColumnLayout):
    """Council minutes: Times, a ruled header, every earlier handling reprinted."""

    font = "Times-Roman"
    bold = "Times-Bold"
    size = 11.0
    leading = 13.5
    text_x = 160.0
    title_after_number = True

    def decorate(self, c, page: int) -> None:
        m = self.m
        c.setFont(self.bold, 12)
        c.drawString(LEFT, PAGE_HEIGHT - 48, m.organization)
        c.setFont(self.font, 11)
        c.drawString(250, PAGE_HEIGHT - 48, "Pöytäkirja")
        c.drawString(360, PAGE_HEIGHT - 48, m.number or "")
        c.drawRightString(RIGHT, PAGE_HEIGHT - 48, str(page))
        c.drawString(LEFT, PAGE_HEIGHT - 62, m.body)
        c.drawString(250, PAGE_HEIGHT - 62, dotted_date(m.date, pad=False))
        c.setLineWidth(0.8)
        c.line(LEFT, PAGE_HEIGHT - 70, RIGHT, PAGE_HEIGHT - 70)
        c.line(LEFT, 50, RIGHT, 50)
        c.setFont(self.font, 8)
        c.drawString(LEFT, 38, f"{m.organization} | {self.opts.get('address', '')}")


class ColonLayout(Layout):
    """Tweb/CaseM: labels ending in a colon on their own line, text below at the same x."""

    font = "DejaVuSans"
    bold = "DejaVuSans-Bold"
    size = 9.5
    leading = 12.5
    top = PAGE_HEIGHT - 95
    bottom = 70.0
    text_x = LEFT
    hyphen = "\u00ad"
    cover_labels = {
        "title": "PÖYTÄKIRJA", "time": "Aika", "place": "Paikka", "members": "Läsnä",
        "others": "Muut läsnäolijat", "absent": "Poissa", "sign": "Allekirjoitukset",
        "check": "Pöytäkirjan tarkastus", "contents": "Asialista", "page": "Sivu",
        "chair": "puheenjohtaja", "secretary": "pöytäkirjanpitäjä",
    }

    def decorate(self, c, page: int) -> None:
        m, lab = self.m, self.cover_labels
        c.setFont(self.bold, 10)
        c.drawString(LEFT, PAGE_HEIGHT - 50, m.organization)
        c.setFont(self.font, 9.5)
        c.drawString(LEFT, PAGE_HEIGHT - 64, m.body)
        c.drawString(300, PAGE_HEIGHT - 50, lab["title"].capitalize())
        c.drawString(300, PAGE_HEIGHT - 64, dotted_date(m.date, pad=False))
        if m.number:
            c.drawRightString(RIGHT, PAGE_HEIGHT - 50, m.number)
        c.setLineWidth(0.5)
        c.line(LEFT, PAGE_HEIGHT - 72, RIGHT, PAGE_HEIGHT - 72)
        c.setFont(self.font, 8.5)
        c.drawCentredString(PAGE_WIDTH / 2, 40, f"{lab['page']} {page} / {self.total_str()}")

    def time_text(self) -> str:
        m = self.m
        return f"{weekday(m.date)} {dotted_date(m.date, pad=False)} klo {m.start} - {m.end}"

    def cover(self, flow: Flow) -> None:
        lab, x = self.cover_labels, 150.0
        flow.line(LEFT, lab["title"], self.bold, 14, 20)
        flow.skip(self.leading)
        self.cover_rows(flow, lab["time"], [(self.time_text(),)], (x,))
        self.cover_rows(flow, lab["place"], [(self.m.place,)], (x,))
        self.attendee_blocks(flow, lab, x)
        chair = next(n for n, r, g in self.m.attendees if r == lab["chair"])
        secretary = next(n for n, r, g in self.m.attendees if r == lab["secretary"])
        flow.row([(LEFT, lab["sign"], self.bold)], self.size, self.leading)
        flow.skip(self.leading * 1.5)
        flow.row([(x, chair, self.font), (x + 175, secretary, self.font)],
                 self.size, self.leading)
        flow.row([(x, lab["chair"].capitalize(), self.font),
                  (x + 175, lab["secretary"].capitalize(), self.font)], self.size, self.leading)
        flow.skip(self.leading)
        self.cover_rows(flow, lab["check"], [(self.opts.get("checked_text", ""),)], (x,))
        self.contents(flow, lab["contents"], 100)
        flow.new_page()

    def item(self, flow: Flow, item: Item) -> None:
        number = self.number(item.number)
        if self.opts.get("title_first"):
            self.heading(flow, LEFT, item.title, RIGHT - LEFT)
            flow.line(LEFT, number, self.bold, self.size + 1, self.leading + 1)
        else:
            flow.line(LEFT, number, self.bold, self.size + 1, self.leading + 1)
            self.heading(flow, LEFT, item.title, RIGHT - LEFT)
        if item.diary:
            flow.line(LEFT, item.diary, self.font, self.size, self.leading)
        flow.skip(self.leading * 0.6)
        for i, h in enumerate(item.handlings):
            if h.line:
                if i:
                    flow.need(self.leading * 4)
                flow.line(LEFT, h.line, self.bold, self.size, self.leading)
                flow.skip(self.leading * 0.4)
            if i == 0:
                if item.confidential_note:
                    self.paragraphs(flow, LEFT, [item.confidential_note])
                    flow.skip(self.leading * 0.6)
                if item.text:
                    self.paragraphs(flow, LEFT, item.text)
                    flow.skip(self.leading * 0.6)
            self.blocks(flow, h)
        for label, paras in item.extra:
            self.block(flow, label, paras)

    def block(self, flow: Flow, label: str, paras: list[str]) -> None:
        flow.need(self.leading * 3)
        flow.line(LEFT, f"{label}:", self.bold, self.size, self.leading)
        self.paragraphs(flow, LEFT, paras)
        flow.skip(self.leading * 0.6)

    contact_style = "tweb"


class SwedishLayout(ColonLayout):
    """Nykarleby-like protocol: ``23 §`` lines, Swedish labels and cover."""

    font = "Helvetica"
    bold = "Helvetica-Bold"
    size = 10.0
    hyphen = "-"
    number_style = "{n} §"
    cover_labels = {
        "title": "PROTOKOLL", "time": "Sammanträdestid", "place": "Sammanträdesplats",
        "members": "Närvarande", "others": "Övriga närvarande", "absent": "Frånvarande",
        "sign": "Underskrifter", "check": "Protokolljustering", "contents": "Paragrafer",
        "page": "Sida", "chair": "ordförande", "secretary": "sekreterare",
    }

    def time_text(self) -> str:
        m = self.m
        return (f"{dotted_date(m.date, pad=False)} kl. {m.start.replace(':', '.')}–"
                f"{m.end.replace(':', '.')}")

    def cover(self, flow: Flow) -> None:
        flow.row([(LEFT, "Organ", self.bold), (150.0, self.m.body, self.font)],
                 self.size, self.leading)
        flow.skip(self.leading * 0.6)
        super().cover(flow)


class HandlingMarkLayout(LeftColumnLayout):
    """Left-column labels, but no ``§ N`` of its own: the title, then the handling line
    (``HYVOLTK 09.04.2025 § 31``) is the section's only mark, as in
    ``../shared/seeds/clean-section.txt`` and ``../shared/domain.md``."""

    def item_heading(self, flow: Flow, item: Item) -> None:
        self.heading(flow, LEFT, item.title, RIGHT - LEFT)


_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "Ä": "A", "Ö": "O"})


def LOST_UMLAUTS(text: str) -> str:  # noqa: N802 - a constant-like function
    """``text`` as a text layer that lost ä and ö prints it."""
    return text.translate(_UMLAUTS)


LAYOUTS = {
    "left-column": LeftColumnLayout,
    "handling-mark": HandlingMarkLayout,
    "council": CouncilLayout,
    "colon": ColonLayout,
    "swedish": SwedishLayout,
}


def render(meeting: Meeting) -> tuple[bytes, dict[int, tuple[int, int]], int]:
    """Render ``meeting`` in its layout: (PDF bytes, § -> (first, last page), page count)."""
    cls = LAYOUTS[meeting.layout]
    first = cls(meeting)
    first.render()
    total = max(end for _, end in first.pages.values())
    second = cls(meeting, total=total, toc=first.pages)
    pdf = second.render()
    assert second.pages == first.pages, "pagination must not depend on page numbers"
    return pdf, second.pages, total

"""Stage 4: a section's lines become its fields.

Labels are found by layout, not by one template: a label in a left column with its text
beside it (two segments with a gap), a label alone on its line (``Päätös``,
``Päätös:``), or a label and text after a colon (``Päätös: Ehdotus hyväksyttiin.``).
History lines (``KH 15.04.2025 § 70``) divide the section into handlings; the last one
is the handling these minutes record, the earlier ones become ``history``.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

from . import labels as L
from .cleanup import paragraphs
from .formats import HistoryLine, diary_number, history_line, history_mentions
from .model import Handling, ParseWarning, Section
from .pages import Line, Segment
from .people import parse_preparers, parse_presenter
from .sections import SectionBlock

_SEPARATOR = re.compile(r"^[\s_\-–—=*.]{4,}$")


@dataclass
class Layout:
    """Where labels and text sit on this document's pages."""

    margin_x: float  # left edge of labels and titles
    text_x: float  # left edge of the text column
    left_column: bool  # labels sit in their own column left of the text

    @classmethod
    def of(cls, lines: list[Line]) -> "Layout":
        """Measure the layout from the document's lines."""
        # Where running text starts: the x of each line's longest segment (on a label
        # line that is the text beside the label, not the label).
        starts = [round(max(l.segments, key=lambda s: len(s.text)).x0) for l in lines if len(l.text) > 25]
        if not starts:
            return cls(0.0, 0.0, False)
        line_starts = Counter(round(l.x0) for l in lines)
        # The leftmost x where at least three lines start (a stray mark is not a margin).
        margin = min(line_starts, key=lambda x: (line_starts[x] < 3, x))
        text_x = statistics.mode(starts)
        two_column = sum(
            1 for l in lines
            if len(l.segments) > 1 and abs(l.segments[0].x0 - margin) < 8
            and l.segments[1].x0 - l.segments[0].x1 > 12 and abs(l.segments[1].x0 - text_x) < 15
        )
        return cls(float(margin), float(text_x), text_x - margin > 40 and two_column >= 2)


@dataclass
class _Block:
    kind: str
    label: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class _Handling:
    head: Optional[HistoryLine] = None
    text: list[Line] = field(default_factory=list)
    blocks: list[_Block] = field(default_factory=list)
    diary: Optional[str] = None

    def first(self, kind: str) -> Optional[_Block]:
        return next((b for b in self.blocks if b.kind == kind), None)

    def has(self, kind: str) -> bool:
        return any(b.kind == kind for b in self.blocks)


def find_label(line: Line, layout: Layout, following: list[Line] = ()) -> Optional[tuple[str, str, Optional[Line], int]]:
    """(kind, label text, the line's content after the label, extra label lines used)."""
    segs = line.segments
    text = line.text.strip()
    # Left column: label segment, then content segment(s) further right.
    if len(segs) > 1 and segs[1].x0 - segs[0].x1 > 8 and segs[0].x0 < layout.text_x - 20:
        kind = L.section_label(segs[0].text)
        if kind:
            return kind, segs[0].text, Line(segs[1:], line.page), 0
        joined, used = _multi_line_label(segs[0].text, following, layout)
        if joined:
            return L.section_label(joined), joined, Line(segs[1:], line.page), used
        if layout.left_column and _label_like(segs[0].text):
            return L.OTHER, segs[0].text, Line(segs[1:], line.page), 0
    # A label alone on its line, with or without a colon.
    kind = L.section_label(text)
    if kind and len(text) < 70:
        return kind, text, None, 0
    if len(segs) == 1 and layout.left_column and segs[0].x0 < layout.text_x - 20:
        joined, used = _multi_line_label(text, following, layout)
        if joined:
            return L.section_label(joined), joined, None, used
    # "Label: content" on one line: a single-column convention.  In a left-column
    # layout such a line inside the text column quotes an earlier handling.
    m = re.match(r"^([^:]{2,60}):\s*(\S.*)$", text)
    if m and not (layout.left_column and line.x0 >= layout.text_x - 20):
        kind = L.section_label(m.group(1))
        if kind:
            rest = m.group(2)
            first = segs[0]
            content = Segment(rest, first.x0, line.x1, line.top, line.bottom, first.size, False)
            return kind, m.group(1), Line([content], line.page), 0
    return None


def _multi_line_label(first: str, following: Iterable[Line], layout: Layout) -> tuple[Optional[str], int]:
    """A label wrapped in the left column ("Valmistelijat/ Lisätietojen antaja")."""
    parts = [first]
    used = 0
    for line in list(following)[:2]:
        seg = line.segments[0]
        if seg.x0 >= layout.text_x - 20 or abs(seg.x0 - line.segments[0].x0) > 1:
            break
        parts.append(seg.text)
        used += 1
        joined = _join_label(parts)
        if L.section_label(joined):
            return joined, used
    return None, 0


def _join_label(parts: list[str]) -> str:
    out = parts[0]
    for p in parts[1:]:
        out = out[:-1] + p if out.endswith("-") and p[:1].islower() else f"{out} {p}"
    return out


def _label_like(text: str) -> bool:
    text = text.strip()
    return bool(text) and text[0].isupper() and len(text.split()) <= 4 and not text.endswith((".", ","))


def read_handlings(lines: list[Line], layout: Layout) -> list[_Handling]:
    """Walk a section's lines into handlings of labelled blocks."""
    handlings = [_Handling()]
    current: Optional[_Block] = None
    skip = 0
    for i, line in enumerate(lines):
        if skip:
            skip -= 1
            if line.segments and len(line.segments) > 1 and current is not None:
                current.lines.append(Line(line.segments[1:], line.page))
            continue
        text = line.text.strip()
        if _SEPARATOR.match(text):
            current = None
            continue
        head = history_line(text)
        # Handlings listed under "Päätöshistoria" are a list, not reprinted handlings.
        if head and not (current is not None and current.kind == L.HISTORY):
            handlings.append(_Handling(head=head))
            current = None
            continue
        handling = handlings[-1]
        if current is None and not handling.blocks and handling.diary is None:
            number = diary_number(text)
            if number:
                handling.diary = number
                continue
        found = find_label(line, layout, lines[i + 1:i + 3])
        if found:
            kind, label, content, skip = found
            # A second proposal after a decision starts a new, unnamed handling; contact
            # blocks printed after the decision (Oulu, Vantaa) still belong to it.
            if kind == L.PROPOSAL and handling.has(L.DECISION):
                handling = _Handling()
                handlings.append(handling)
            if kind == L.DIARY:
                handling.diary = handling.diary or (content.text.strip() if content else None)
                current = None
                continue
            current = _Block(kind, label)
            handling.blocks.append(current)
            if content is not None and content.segments:
                current.lines.append(content)
            continue
        if current is not None:
            current.lines.append(line)
        else:
            handling.text.append(line)
    return handlings


def build_section(block: SectionBlock, layout: Layout, meeting_date: Optional[str],
                  known_first: set[str]) -> tuple[Section, list[ParseWarning]]:
    """Read one section's fields from its block of lines."""
    warnings: list[ParseWarning] = []
    handlings = read_handlings(block.lines, layout)
    section = Section(number=block.number, title=block.title,
                      page_start=block.page_start, page_end=block.page_end)

    current_index = _current_handling(handlings, block.number, meeting_date)
    current = handlings[current_index]
    earlier = [h for h in handlings[:current_index] if h.head or h.blocks]

    section.diary_number = next(
        (d for d in [*(diary_number(l.text) for l in block.pre_lines), *(h.diary for h in handlings)] if d),
        None,
    )
    section.text = _text(handlings) or None
    _fill(section, current, known_first)
    if not section.preparers:
        # Preparers printed once at the top of the item serve every handling below.
        preamble = next((h for h in handlings[:current_index] if h.head is None and h.first(L.PREPARER)), None)
        if preamble:
            section.preparers = parse_preparers(
                "\n".join(l.text for l in preamble.first(L.PREPARER).lines), known_first)
    for h in earlier:
        if h.head is None and not h.blocks:
            continue
        handling = Handling(
            body=h.head.body if h.head else None,
            date=h.head.date if h.head else None,
            number=h.head.number if h.head else None,
        )
        _fill(handling, h, known_first)
        section.history.append(handling)
    # Handlings listed in a "Päätöshistoria" block, when not reprinted in full.
    for h in handlings:
        for b in h.blocks:
            if b.kind == L.HISTORY:
                for mention in history_mentions("\n".join(l.text for l in b.lines)):
                    if _same_meeting(mention, block.number, meeting_date):
                        continue
                    if not any(x.date == mention.date and x.number == mention.number for x in section.history):
                        section.history.append(Handling(body=mention.body, date=mention.date, number=mention.number))
    section.history.sort(key=lambda h: h.date or "")

    all_text = " ".join(l.text for l in block.lines) + " " + (block.title or "")
    section.confidential = L.is_confidential(all_text)
    if section.confidential and section.text:
        # The public copy's "Salassa pidettävä JulkL ..." note is not the matter's text.
        kept = [p for p in section.text.split("\n\n") if not L.is_confidential(p)]
        section.text = "\n\n".join(kept) or None
    if section.decision is None and not section.confidential:
        warnings.append(ParseWarning("No decision (Päätös) found in this section.",
                                     page=block.page_start, section=block.number))
    if not current.blocks and not section.text and not section.confidential:
        warnings.append(ParseWarning("No labelled parts or text found in this section.",
                                     page=block.page_start, section=block.number))
    return section, warnings


def _same_meeting(head: HistoryLine, number: Optional[int], meeting_date: Optional[str]) -> bool:
    if meeting_date and head.date == meeting_date:
        return number is None or head.number == number
    # Without a cover date, the line that gave the item its number names this handling.
    return meeting_date is None and number is not None and head.number == number


def _current_handling(handlings: list[_Handling], number: Optional[int], meeting_date: Optional[str]) -> int:
    """Index of the handling these minutes record: the last one, unless a history line
    names this meeting explicitly."""
    for i in range(len(handlings) - 1, -1, -1):
        h = handlings[i]
        if h.head and _same_meeting(h.head, number, meeting_date):
            return i
    return len(handlings) - 1


def _block_text(block: Optional[_Block]) -> Optional[str]:
    if block is None:
        return None
    return paragraphs(block.lines) or None


def _fill(target, handling: _Handling, known_first: set[str]) -> None:
    preparer = handling.first(L.PREPARER)
    if preparer:
        target.preparers = parse_preparers("\n".join(l.text for l in preparer.lines), known_first)
    presenter = handling.first(L.PRESENTER)
    if presenter:
        target.presenter = parse_presenter(" ".join(l.text for l in presenter.lines), known_first)
    target.proposal = _block_text(handling.first(L.PROPOSAL))
    target.decision = _block_text(handling.first(L.DECISION))


def _text(handlings: list[_Handling]) -> str:
    parts = []
    for h in handlings:
        if h.text:
            parts.append(paragraphs(h.text))
        for b in h.blocks:
            if b.kind == L.BODY and b.lines:
                parts.append(paragraphs(b.lines))
    return "\n\n".join(p for p in parts if p)

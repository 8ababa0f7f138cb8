"""Stage 4: a section's lines become its fields.

The section's lines are walked once.  Handling lines (``KH 15.04.2025 § 70``) divide
them into handlings; inside a handling, labels (found by :func:`parser.labels.find_label`)
open labelled parts, whose text runs as far as their kind's *extent* says
(``knowledge/labels.yml``): a proposal or decision to the next label, a list of
preparers or attachments through the items that follow it, a presenter for one
paragraph.  What no label claims is the section's body text.  A presenter printed
inside a proposal (``Ehdotus`` / ``Esittelijä: …`` / ``Kaupunginjohtajan ehdotus:``)
interrupts it and the proposal goes on.

The handling whose line names this meeting (its date and number) is the section's own;
the others become ``history``.  Every printed line ends in exactly one place: title,
body text, a labelled part, a handling line or a rule; :func:`assigned_share` measures
that from the output.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from . import labels as L
from .cleanup import paragraphs
from .formats import HistoryLine, diary_number, history_line, history_mentions
from .knowledge import KNOWLEDGE
from .labels import LabelHit, find_label
from .layout import Layout
from .model import Handling, Meeting, ParseWarning, Part, Section
from .pages import Line
from .people import parse_preparers, parse_presenter, split_title_name
from .sections import SectionBlock

_SEPARATOR = re.compile(r"^[\s_\-–—=*.]{4,}$")


@dataclass
class _Block:
    kind: str
    label: str
    lines: list[Line] = field(default_factory=list)
    bold: bool = False
    in_margin: bool = False
    how: str = "alone"
    owner: Optional[str] = None  # the office holder or body an owner phrase names

    @property
    def extent(self) -> str:
        kind = KNOWLEDGE.kinds.get(self.kind)
        return kind.extent if kind else "text"

    @property
    def items(self) -> Optional[str]:
        kind = KNOWLEDGE.kinds.get(self.kind)
        return kind.items if kind else None

    def text(self) -> str:
        return paragraphs(self.lines)

    def part(self) -> Part:
        return Part(self.kind, self.label, self.text())


@dataclass
class _Handling:
    head: Optional[HistoryLine] = None
    head_line: Optional[Line] = None
    text: list[Line] = field(default_factory=list)
    blocks: list[_Block] = field(default_factory=list)
    diary: Optional[str] = None
    diary_line: Optional[Line] = None
    rules: list[Line] = field(default_factory=list)  # separator rules (no text)

    def first(self, kind: str) -> Optional[_Block]:
        return next((b for b in self.blocks if b.kind == kind), None)

    def has(self, kind: str) -> bool:
        return any(b.kind == kind for b in self.blocks)

    def parts(self) -> list[Part]:
        parts = [Part("handling", self.head_line.text, "")] if self.head_line else []
        if self.diary_line is not None:
            parts.append(Part(L.DIARY, "", self.diary_line.text))
        return parts + [b.part() for b in self.blocks]


def _ends_block(block: Optional[_Block], hit: LabelHit, layout: Layout) -> bool:
    """Whether label ``hit`` ends the open ``block`` (and starts a part of its own).

    A label of a core kind always does; any label ends a list or a one-paragraph part;
    inside a text part (a proposal, a decision) another label counts only when printed
    in the same style as the part's own label (bold, column), so that a plain
    ``Perustelut:`` inside a bold-labelled proposal stays in it.
    """
    if block is None:
        return True
    if KNOWLEDGE.sub_heading_of(hit.label, block.kind):
        return False
    kind = KNOWLEDGE.kinds.get(hit.kind)
    if kind is None or kind.core or block.extent != "text":
        return True
    if layout.left_column and hit.how == "column":
        return True
    if hit.how == "colon":
        return False
    colon, block_colon = hit.label.rstrip().endswith(":"), block.label.split(" / ")[0].rstrip().endswith(":")
    if colon and block_colon:
        return True  # "Päätös:" … "Liitteet:": labels of one colon style
    return hit.bold == block.bold and hit.in_margin == block.in_margin and colon == block_colon


def _continues(block: _Block, line: Line, previous: Optional[Line], layout: Layout) -> bool:
    """Whether an unlabelled ``line`` still belongs to the open ``block`` (its extent)."""
    text = line.text.strip()
    if previous is not None and line.page != previous.page and line.page in layout.foreign_pages:
        return False  # an attachment printed after the part, without the minutes' header
    if block.extent == "text":
        # A page that begins left of the part's column is something else: an attachment
        # printed after the decision, say.
        column = min((l.x0 for l in block.lines), default=None)
        return not (previous is not None and line.page != previous.page and column is not None
                    and line.x0 < column - 3 * layout.font_size)
    new_paragraph = previous is None or line.page != previous.page or layout.paragraph_break(previous, line)
    if block.extent == "line":
        if not block.lines:
            return True  # "Esittelijä" alone: its name and title on the next line
        short = len(text.split()) <= 6 and not text.endswith(".")
        return not new_paragraph and len(block.lines) < 3 and short
    # A list: through paragraph breaks while the next paragraph starts like an item;
    # inside a paragraph, while lines are not running text.
    items = block.items or ""
    if not block.lines:
        return KNOWLEDGE.item_like(items, text) or not new_paragraph
    if new_paragraph:
        return KNOWLEDGE.item_like(items, text)
    if items == "contact":
        # A person's lines: a name, an address, a title; a sentence is the body text
        # that follows without a blank line.
        words = text.split()
        # "Ympäristöinsinööri vs." ends in an abbreviation, not a sentence.
        return KNOWLEDGE.item_like(items, text) or (
            len(words) <= 6 and (not text.endswith(".") or len(words[-1]) <= 4))
    limit = KNOWLEDGE.item_patterns[items].max_words if items in KNOWLEDGE.item_patterns else 20
    return len(text.split()) <= limit


def read_handlings(lines: list[Line], layout: Layout) -> list[_Handling]:
    """Walk a section's lines into handlings of labelled blocks."""
    return _merge_unnamed(_walk(lines, layout))


def _merge_unnamed(handlings: list[_Handling]) -> list[_Handling]:
    """An unnamed handling (a second proposal after a decision, no handling line)
    between two named ones continues the one before it (a decision of another body
    quoted in it); only the first (the preamble) and the last (this meeting's own, in a
    print that names no handling) stand alone."""
    merged: list[_Handling] = []
    for k, h in enumerate(handlings):
        if h.head is None and 0 < k < len(handlings) - 1 and merged:
            merged[-1].blocks += h.blocks
            merged[-1].text += h.text
            merged[-1].rules += h.rules
        else:
            merged.append(h)
    return merged


def _walk(lines: list[Line], layout: Layout) -> list[_Handling]:
    handlings = [_Handling()]
    block: Optional[_Block] = None
    resume: Optional[_Block] = None  # the text part a one-line part interrupted
    i = 0
    while i < len(lines):
        line = lines[i]
        previous = lines[i - 1] if i else None
        text = line.text.strip()
        handling = handlings[-1]
        if _SEPARATOR.match(text):
            handling.rules.append(line)
            block = resume = None
            i += 1
            continue
        head = history_line(text)
        # Handlings listed under "Päätöshistoria" are a list, not reprinted handlings;
        # one the list already named, printed again, heads its reprint.
        if head and not (block is not None and block.kind == L.HISTORY
                         and not _listed_before(block, head)):
            handlings.append(_Handling(head=head, head_line=line))
            block = resume = None
            i += 1
            continue
        if block is None and not handling.blocks and handling.diary is None and not handling.text:
            number = diary_number(text)
            if number:
                handling.diary, handling.diary_line = number, line
                i += 1
                continue
        hit = find_label(line, layout, lines[i + 1:i + 3])
        if (hit is not None and block is not None and block.lines and hit.kind == block.kind
                and hit.how == "colon" and block.extent == "text"):
            hit = None  # "Kaupunginjohtajan ehdotus: …" run into its own proposal's items
        if hit is not None and _ends_block(block, hit, layout):
            block, resume = _open(hit, handlings, block, resume, lines[i + 1:i + 1 + hit.lines_used])
            i += 1 + hit.lines_used
            continue
        if block is not None and not _continues(block, line, previous, layout):
            block, resume = (resume, None) if resume is not None else (None, None)
        if block is not None:
            block.lines.append(line)
        else:
            handlings[-1].text.append(line)
        i += 1
    return handlings


def _listed_before(block: _Block, head: HistoryLine) -> bool:
    """Whether the list ``block`` already names the handling ``head``."""
    return any((h.date, h.number) == (head.date, head.number)
               for h in (history_line(l.text) for l in block.lines) if h)


def _open(hit: LabelHit, handlings: list[_Handling], block: Optional[_Block],
          resume: Optional[_Block], wrapped: list[Line]) -> tuple[Optional[_Block], Optional[_Block]]:
    """Start the part a label heads: (the open block, the block to resume after it)."""
    handling = handlings[-1]
    label = hit.label
    content = [hit.content] if hit.content is not None and hit.content.segments else []
    # The rest of a label wrapped in the left column: its text beside it is content.
    content += [Line(l.segments[1:], l.page) for l in wrapped if len(l.segments) > 1]
    if hit.kind == L.DIARY:
        value = " ".join(l.text for l in content).strip()
        handling.diary = handling.diary or (diary_number(value) or value or None)
        handling.blocks.append(_Block(L.DIARY, label, content, hit.bold, hit.in_margin, hit.how))
        return None, None
    owner = KNOWLEDGE.owner(label)
    owner_name = owner[1] if owner else None
    # "Ehdotus" then "Kaupunginjohtajan ehdotus:": one proposal under two labels.
    same = block if block is not None and block.kind == hit.kind else (
        resume if resume is not None and resume.kind == hit.kind else None)
    if same is not None and hit.kind == L.PROPOSAL and not same.lines:
        same.label = f"{same.label} / {label}"
        same.owner = same.owner or owner_name
        same.lines.extend(content)
        return same, None
    # A second proposal after a decision starts a new, unnamed handling; contact
    # blocks printed after the decision (Oulu, Vantaa) still belong to it, unless this
    # proposal follows them: then the preparer and presenter printed between the
    # decision and this proposal introduce it, as they introduce every proposal.
    if hit.kind == L.PROPOSAL and handling.has(L.DECISION):
        new_handling = _Handling()
        new_handling.blocks = _introducers(handling)
        handling.blocks = handling.blocks[:len(handling.blocks) - len(new_handling.blocks)]
        handling = new_handling
        handlings.append(handling)
    new = _Block(hit.kind, label, content, hit.bold, hit.in_margin, hit.how, owner_name)
    handling.blocks.append(new)
    kind = KNOWLEDGE.kinds.get(hit.kind)
    if kind is not None and kind.extent == "line" and block is not None and block.extent == "text":
        return new, block  # a presenter inside a proposal: the proposal goes on after it
    return new, None


def _introducers(handling: _Handling) -> list[_Block]:
    """The preparer and presenter blocks that end ``handling``, after its last decision."""
    tail: list[_Block] = []
    for b in reversed(handling.blocks):
        if b.kind not in (L.PREPARER, L.PRESENTER):
            break
        tail.insert(0, b)
    return tail if len(tail) < len(handling.blocks) else []


def build_section(block: SectionBlock, layout: Layout, meeting: Meeting | Optional[str],
                  known_first: set[str]) -> tuple[Section, list[ParseWarning]]:
    """Read one section's fields from its block of lines.

    :param meeting: the Meeting (its date tells which handling is this meeting's), or
        just the meeting date.
    """
    meeting_date = meeting.date if isinstance(meeting, Meeting) else meeting
    warnings: list[ParseWarning] = []
    handlings = read_handlings(block.lines, layout)
    section = Section(number=block.number, title=block.title,
                      page_start=block.page_start, page_end=block.page_end)

    current_index = _current_handling(handlings, block.number, meeting_date)
    current = handlings[current_index]
    earlier = [h for h in handlings[:current_index] if h.head]

    listed = [l for l in block.pre_lines if history_line(l.text)]
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
            section.preparers = parse_preparers(_lines_text(preamble.first(L.PREPARER)), known_first)
    for h in earlier:
        handling = Handling(body=h.head.body, date=h.head.date, number=h.head.number)
        _fill(handling, h, known_first)
        handling.parts = h.parts()
        section.history.append(handling)
    # Handlings only listed (above the § line, or under "Päätöshistoria").
    mentions = list(history_mentions("\n".join(l.text for l in listed)))
    for h in handlings:
        for b in h.blocks:
            if b.kind == L.HISTORY:
                mentions += history_mentions("\n".join(l.text for l in b.lines))
    for mention in mentions:
        if _same_meeting(mention, block.number, meeting_date):
            continue
        if not any(x.date == mention.date and x.number == mention.number for x in section.history):
            section.history.append(Handling(body=mention.body, date=mention.date, number=mention.number))
    section.history.sort(key=lambda h: h.date or "")

    # The section's own parts: the preamble's (before any handling line) and this
    # meeting's handling's; lines above the § line first.
    own = [h for h in handlings[:current_index] if h.head is None] + [current]
    heading = [l for l in block.title_lines if l not in block.pre_lines]
    section.parts = [Part("heading", " ".join(l.text for l in heading), "")] if heading else []
    if listed:
        section.parts.append(Part(L.HISTORY, "", "\n".join(l.text for l in listed)))
    section.parts += [Part(L.DIARY, "", l.text) for l in block.pre_lines
                      if l not in listed and diary_number(l.text)]
    for h in own:
        section.parts += h.parts()

    section.confidential = _confidential(block, handlings)
    if section.confidential:
        # The public copy's "Salassa pidettävä JulkL ..." note is not the matter's text.
        kept = [p for p in (section.text or "").split("\n\n")
                if not KNOWLEDGE.is_confidentiality_marking(p)]
        section.text = "\n\n".join(kept) or None
    printed = block.printed_lines
    section.full_text = paragraphs(printed) or None
    section.assigned_share = assigned_share(section)
    if section.assigned_share is not None and section.assigned_share < 1.0:
        warnings.append(ParseWarning(
            f"{1 - section.assigned_share:.1%} of this section's printed text ended in no field.",
            page=block.page_start, section=block.number))
    if section.decision is None and not section.confidential:
        warnings.append(ParseWarning("No decision (Päätös) found in this section.",
                                     page=block.page_start, section=block.number))
    if not current.blocks and not section.text and not section.confidential:
        warnings.append(ParseWarning("No labelled parts or text found in this section.",
                                     page=block.page_start, section=block.number))
    return section, warnings


def _confidential(block: SectionBlock, handlings: list[_Handling]) -> bool:
    """A section is confidential by its own marking only: under its title, or in place
    of its text (in the body text or a labelled body part) — never because an
    attachment listed under ``Liitteet`` is marked, nor because a sentence mentions
    secrecy."""
    own_lines = [*block.title_lines, *block.pre_lines]
    for h in handlings:
        own_lines += h.text
        own_lines += [l for b in h.blocks if b.kind == L.BODY for l in b.lines]
    return any(KNOWLEDGE.is_confidentiality_marking(l.text) for l in own_lines)


def _same_meeting(head: HistoryLine, number: Optional[int], meeting_date: Optional[str]) -> bool:
    if meeting_date and head.date == meeting_date:
        return number is None or head.number == number
    # Without a cover date, the line that gave the item its number names this handling.
    return meeting_date is None and number is not None and head.number == number


def _current_handling(handlings: list[_Handling], number: Optional[int], meeting_date: Optional[str]) -> int:
    """Index of the handling these minutes record: the last one, unless a handling line
    names this meeting explicitly."""
    for i in range(len(handlings) - 1, -1, -1):
        h = handlings[i]
        if h.head and _same_meeting(h.head, number, meeting_date):
            return i
    return len(handlings) - 1


def _block_text(block: Optional[_Block]) -> Optional[str]:
    if block is None:
        return None
    return block.text() or None


def _fill(target, handling: _Handling, known_first: set[str]) -> None:
    preparer = handling.first(L.PREPARER)
    if preparer:
        target.preparers = parse_preparers(_lines_text(preparer), known_first)
    presenter = handling.first(L.PRESENTER)
    proposal = handling.first(L.PROPOSAL)
    if presenter:
        target.presenter = parse_presenter(" ".join(l.text for l in presenter.lines), known_first)
    elif proposal is not None and proposal.owner:
        # "Stadsdirektör Martin Norrgårds förslag": a named owner presents the proposal.
        title, name = split_title_name(proposal.owner, known_first)
        if name:
            target.presenter = parse_presenter(proposal.owner, known_first)
    target.proposal = _block_text(proposal)
    target.decision = _block_text(handling.first(L.DECISION))


def _lines_text(block: _Block) -> str:
    """A list part's lines, one per line (people and their contacts go by lines)."""
    return "\n".join(l.text for l in block.lines)


def _text(handlings: list[_Handling]) -> str:
    parts = []
    for h in handlings:
        if h.text:
            parts.append(paragraphs(h.text))
        for b in h.blocks:
            if b.kind == L.BODY and b.lines:
                parts.append(b.text())
    return "\n\n".join(p for p in parts if p)


_TOKEN = re.compile(r"[^\W_]+")


def _tokens(text: Optional[str]) -> Counter:
    return Counter(_TOKEN.findall((text or "").lower()))


def assigned_share(section: Section) -> Optional[float]:
    """Share of the characters of the section's printed words (``full_text``) that are
    found in what the section stores: title, number, diary number, body text, and every
    labelled part and handling, its own and the earlier ones.  Measured on the output,
    word by word, so a line that no field took shows as missing."""
    printed = _tokens(section.full_text)
    if not printed:
        return None
    stored_texts = [section.title, str(section.number or ""), section.diary_number, section.text]
    for part in section.parts:
        stored_texts += [part.label, part.text]
    for handling in section.history:
        stored_texts += [handling.body, handling.date, str(handling.number or "")]
        for part in handling.parts:
            stored_texts += [part.label, part.text]
    stored = _tokens("\n".join(t for t in stored_texts if t))
    total = sum(len(t) * n for t, n in printed.items())
    found = sum(len(t) * min(n, stored[t]) for t, n in printed.items())
    return round(found / total, 4)

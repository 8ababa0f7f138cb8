"""The one label finder: cover labels, section labels and the labels inside a section.

The vocabulary is data (``knowledge/labels.yml``, ``knowledge/cover.yml``); this module
decides from a line's layout whether it *is* a label.  Three forms are recognised,
each with the layout evidence it needs:

* **column**: a label in a left column with its text beside it (two segments apart);
* **alone**: the label alone on its line, printed as a label (bold, ending in a
  colon, in capitals or in the label column left of the running text);
* **colon**: ``Label: text`` on one line.

The finder is also where a line that looks like a label but is not in the vocabulary
is told apart (:func:`label_like`), for ``minutes labels``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable, Optional

from .knowledge import KNOWLEDGE
from .layout import Layout
from .pages import Line, Segment

# Section part kinds (knowledge/labels.yml `kinds`), named for the code that reads them.
PREPARER = "preparer"
PRESENTER = "presenter"
PROPOSAL = "proposal"
DECISION = "decision"
DELIBERATION = "deliberation"
BODY = "body"
DIARY = "diary"
HISTORY = "history"
ATTACHMENTS = "attachments"
OTHER = "other"

# Cover kinds (knowledge/cover.yml `kinds`).
TIME, PLACE, MEMBERS, OTHERS, ABSENT = "time", "place", "members", "others", "absent"
BODY_NAME, AGENDA_LIST = "body_name", "agenda_list"


@dataclass(frozen=True)
class LabelHit:
    """A label found on a line."""

    kind: str
    label: str  # as printed (wrapped lines joined)
    content: Optional[Line]  # the text on the label's own line after it, if any
    lines_used: int  # following lines the label wrapped onto
    how: str  # "column", "alone" or "colon"
    bold: bool  # the label is printed bold
    in_margin: bool  # the label stands in the label column left of the running text


def section_label(text: str) -> Optional[str]:
    """The part kind a section label names, or None (vocabulary only, no layout)."""
    return KNOWLEDGE.section_label(text)


def cover_label(text: str) -> Optional[str]:
    """The meaning of a cover-page label, or None (vocabulary only, no layout)."""
    return KNOWLEDGE.cover_label(text)


_INLINE = re.compile(r"^([^:]{2,60}):\s*(\S.*)$")


def find_label(line: Line, layout: Layout, following: Iterable[Line] = (),
               vocabulary: str = "section") -> Optional[LabelHit]:
    """The label ``line`` starts with, or None.

    :param following: the next lines (a label wrapped in the left column continues there)
    :param vocabulary: "section" (labels of a section's parts) or "cover"
    """
    lookup = KNOWLEDGE.section_label if vocabulary == "section" else KNOWLEDGE.cover_label
    segs = line.segments
    text = line.text.strip()
    if not segs or not text:
        return None
    # Most lines are running text: a long first segment with no colon early on holds no
    # label in any form (every line of a document is asked, several times).
    if len(segs[0].text) > 100 and ":" not in text[:62]:
        return None
    in_margin = layout.in_margin_column(line)
    # Column: label segment, then its text further right.
    if len(segs) > 1 and layout.gap_after_label(line) and (
            in_margin or segs[1].x0 - segs[0].x0 > 3 * layout.font_size):
        first = segs[0].text
        kind = lookup(first)
        if kind:
            return LabelHit(kind, first, Line(segs[1:], line.page), 0, "column", segs[0].bold, True)
        if vocabulary == "section":
            joined, used = _wrapped_label(first, following, layout)
            if joined:
                return LabelHit(lookup(joined), joined, Line(segs[1:], line.page), used, "column",
                                segs[0].bold, True)
            if layout.left_column and in_margin and _label_shaped(first):
                return LabelHit(OTHER, first, Line(segs[1:], line.page), 0, "column",
                                segs[0].bold, True)
    # Alone on its line, printed as a label.
    kind = lookup(text)
    if kind and len(text) < 100 and (vocabulary == "cover" or _printed_as_label(line, layout)):
        return LabelHit(kind, text, None, 0, "alone", line.bold, in_margin)
    if vocabulary == "section" and len(segs) == 1 and layout.left_column and in_margin:
        joined, used = _wrapped_label(text, following, layout)
        if joined:
            return LabelHit(lookup(joined), joined, None, used, "alone", line.bold, True)
    # "Label: text" on one line.  In a left-column layout such a line inside the text
    # column quotes an earlier handling, so there the label must stand in the margin.
    m = _INLINE.match(text)
    if m and not (vocabulary == "section" and layout.left_column and not in_margin):
        kind = lookup(m.group(1))
        if kind:
            first = segs[0]
            content = Segment(m.group(2), first.x0, line.x1, line.top, line.bottom, first.size,
                              False, confidence=first.confidence)
            return LabelHit(kind, m.group(1), Line([content], line.page), 0, "colon",
                            first.bold, in_margin)
    return None


def _printed_as_label(line: Line, layout: Layout) -> bool:
    """A line holding only a label word is a label when printed as one: bold, ending in
    a colon, in capitals, or in the label column."""
    text = line.text.strip()
    return (line.bold or text.endswith(":") or (text.isupper() and len(text) > 3)
            or layout.in_margin_column(line)
            or (layout.left_column and abs(line.x0 - layout.page(line.page).margin_x)
                < layout.font_size))


def _wrapped_label(first: str, following: Iterable[Line], layout: Layout) -> tuple[Optional[str], int]:
    """A label wrapped in the left column ("Valmistelijat/" + "Lisätietojen antaja")."""
    parts = [first]
    used = 0
    for line in list(following)[:2]:
        seg = line.segments[0]
        if not layout.in_margin_column(Line([seg], line.page)):
            break
        parts.append(seg.text)
        used += 1
        joined = _join_label(parts)
        if KNOWLEDGE.section_label(joined):
            return joined, used
    return None, 0


def _join_label(parts: list[str]) -> str:
    out = parts[0]
    for p in parts[1:]:
        out = out[:-1] + p if out.endswith("-") and p[:1].islower() else f"{out} {p}"
    return out


def _label_shaped(text: str) -> bool:
    text = text.strip()
    return bool(text) and text[0].isupper() and len(text.split()) <= 4 and not text.endswith((".", ","))


_NOT_LABEL_WORDS = re.compile(r"\d|@|https?:|www\.")


def label_like(line: Line, layout: Layout) -> Optional[str]:
    """The label text of a line that looks like a label but that the vocabulary does not
    know (a new municipality's wording), or None.

    Label-like: a short capitalised phrase (at most five words, no digits) that is bold
    and alone, ends in a colon alone on its line, or stands in the label column beside
    its text.
    """
    if find_label(line, layout) is not None:
        return None
    segs = line.segments
    text = line.text.strip()
    if len(segs) > 1 and layout.gap_after_label(line) and layout.in_margin_column(line):
        candidate, evidence = segs[0].text.strip(), True
    else:
        # "Label: text" needs a space after the colon: "Oy:n", "MRA:n" are case endings.
        m = _INLINE.match(text) if re.search(r":\s", text) else None
        candidate = m.group(1).strip() + ":" if m else text
        evidence = line.bold or text.endswith(":") or bool(m)
    words = candidate.rstrip(":").split()
    letters = sum(c.isalpha() for c in candidate)
    if not evidence or not 1 <= len(words) <= 5 or len(candidate) > 50 or letters < 3:
        return None
    if not candidate[0].isupper() or _NOT_LABEL_WORDS.search(candidate) or candidate.endswith((".", ",")):
        return None
    if KNOWLEDGE.section_label(candidate) or KNOWLEDGE.cover_label(candidate):
        return None
    return candidate.rstrip(":").strip()


# ----------------------------------------------------------------------- language

# knowledge/words.yml: language_words.
_SWEDISH_WORDS = frozenset(KNOWLEDGE.raw["words.yml"]["language_words"]["sv"])
_FINNISH_WORDS = frozenset(KNOWLEDGE.raw["words.yml"]["language_words"]["fi"])
_WORD_RUN = re.compile(r"\w+")


@functools.lru_cache(maxsize=65_536)
def _language_word(word: str) -> tuple[int, int]:
    word = word.lower()
    return int(word in _SWEDISH_WORDS), int(word in _FINNISH_WORDS)


def language_counts(text: str) -> tuple[int, int]:
    """(Swedish, Finnish) very common words in ``text``; the counts of a text joined
    from parts with newlines are the sums of the parts' counts."""
    swedish = finnish = 0
    for word in _WORD_RUN.findall(text):
        sv, fi = _language_word(word)
        swedish += sv
        finnish += fi
    return swedish, finnish


def detect_language(text: str) -> str:
    """'fi' or 'sv', by counting very common words of each language."""
    swedish, finnish = language_counts(text)
    return "sv" if swedish > finnish else "fi"

"""Reading dates, times, section marks, diary numbers and handling lines.

The forms are data (``knowledge/formats.yml``); these are the functions that apply them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from .knowledge import KNOWLEDGE

NUMERIC_DATE = KNOWLEDGE.numeric_date
WORD_DATE = KNOWLEDGE.word_date
TIME = KNOWLEDGE.time
SECTION_MARK = KNOWLEDGE.section_mark
DIARY_NUMBER = KNOWLEDGE.diary_number


def parse_date(text: str) -> Optional[str]:
    """The first date in ``text`` as an ISO string ("9.4.2025" → "2025-04-09")."""
    candidates = []
    for m in NUMERIC_DATE.finditer(text):
        candidates.append((m.start(), int(m.group(3)), int(m.group(2)), int(m.group(1))))
    for m in WORD_DATE.finditer(text):
        month = KNOWLEDGE.months[m.group(2).lower()]
        candidates.append((m.start(), int(m.group(3)), month, int(m.group(1))))
    for _, year, month, day in sorted(candidates):
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            continue
    return None


def parse_times(text: str) -> tuple[Optional[str], Optional[str]]:
    """Start and end time ("klo 17.00–19.15" → ("17:00", "19:15")), dates ignored."""
    without_dates = WORD_DATE.sub(" ", NUMERIC_DATE.sub(" ", text))
    times = [f"{int(h):02d}:{m}" for h, m in TIME.findall(without_dates)]
    if not times:
        return None, None
    return times[0], (times[1] if len(times) > 1 else None)


def section_number(text: str) -> Optional[tuple[int, str]]:
    """(number, the rest of the line) when ``text`` starts with a section mark."""
    m = SECTION_MARK.match(text)
    if not m:
        return None
    return int(m.group("n1") or m.group("n2")), text[m.end():]


def diary_number(text: str) -> Optional[str]:
    """The diary number a line states, or None.

    A line counts when it is a diary number (possibly after ``Dno``), not when one is
    merely mentioned inside a sentence.
    """
    text = text.strip()
    prefixed = KNOWLEDGE.diary_prefix.match(text)
    rest = text[prefixed.end():].strip() if prefixed else text
    m = DIARY_NUMBER.match(rest)
    if m and (prefixed or len(rest) - m.end() < 12):
        return m.group(0).strip()
    if prefixed:
        m = KNOWLEDGE.diary_prefixed_short.match(rest)
        if m:
            return m.group(0).strip()
        if rest and len(rest.split()) <= 3 and any(c.isdigit() for c in rest):
            return rest
    return None


@dataclass
class HistoryLine:
    """A line that heads one handling: ``KH 15.04.2025 § 70``."""

    body: str
    date: Optional[str]
    number: Optional[int]


def history_line(text: str) -> Optional[HistoryLine]:
    """Parse a handling line (``Kaupunginhallitus, 14.04.2025, § 74``,
    ``Puheenjohtajiston työryhmä, § 63,17.09.2024``)."""
    text = text.strip()
    if "§" not in text:
        return None
    for pattern in KNOWLEDGE.handling_lines:
        m = pattern.match(text)
        if m:
            body = m.group("body").strip(" ,")
            # "Energianhallintajärjestelmän hankinta / 30.10.2024 § 34": a decision
            # listed by its title, not a body; "Bilaga Personalsektionen 29.5.2023, 30 §":
            # the heading of an attachment to that handling.
            if len(body.split()) > 6 or " / " in body or body.endswith("/"):
                return None
            if KNOWLEDGE.section_label(body.split()[0]) == "attachments":
                return None
            # A body is one word or abbreviation ("KH", "Samarbetsgruppen"), or a name
            # with a body word in it ("Tekninen lautakunta"); a sentence that happens to
            # end in a date and a § ("… on ympäristölautakunnan päätöksellä 13.06.2023
            # § 46") is not.
            if len(body.split()) > 1 and not KNOWLEDGE.body_words.search(body):
                return None
            number = m.group("n1") or m.group("n2")
            return HistoryLine(body, parse_date(m.group("date")), int(number))
    return None


def history_mentions(text: str) -> list[HistoryLine]:
    """Handlings listed in running text (a ``Päätöshistoria`` block)."""
    found = []
    for line in text.replace(";", "\n").splitlines():
        parsed = history_line(line)
        if parsed:
            found.append(parsed)
    return found

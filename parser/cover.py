"""Stage 3a: the cover page(s) become the Meeting.

The cover is everything before the first section.  Its labels (``Kokousaika``,
``Sammanträdestid``, ``Saapuvilla olleet jäsenet`` ...) are found by the same label
finder as a section's (:func:`parser.labels.find_label`, cover vocabulary).
Organisation, body, minutes number and the document's kind (minutes or agenda) come
from the running header, which the furniture stage set aside on each page.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from . import labels as L
from .formats import parse_date, parse_times
from .knowledge import KNOWLEDGE
from .labels import find_label
from .layout import Layout
from .model import Attendee, Meeting
from .pages import Line, Page
from .people import parse_attendee

# "Pöytäkirja 3/2025", "Protokoll nr 2/2023": a document-kind word (knowledge/cover.yml),
# then the meeting's number in the body's year.
_KIND_NAMES = "|".join(w for words in KNOWLEDGE.document_kinds.values() for w in words)
_MINUTES_NUMBER = re.compile(
    rf"\b(?:{_KIND_NAMES}|ptk|kokous)\s*(?:nro|nr|n:o|no\.?)?\s*(\d{{1,3}}\s*/\s*\d{{4}})\b", re.I
)
_KIND_WORDS = re.compile(rf"\s*\b(?:{_KIND_NAMES})\s*$", re.I)


def _blocks(lines: list[Line], layout: Layout) -> list[tuple[str, list[str]]]:
    """Cover lines grouped under their labels."""
    blocks: list[tuple[str, list[str]]] = []
    for line in lines:
        found = find_label(line, layout, vocabulary="cover")
        if found:
            blocks.append((found.kind, [found.content.text] if found.content else []))
        elif blocks:
            segs = line.segments
            # Two columns (name | role) become "name, role".
            blocks[-1][1].append(", ".join(s.text for s in segs) if len(segs) > 1 else line.text)
    return blocks


def read_meeting(cover: list[Line], pages: list[Page], all_text: str,
                 known_first: Iterable[str] = (), layout: Optional[Layout] = None) -> Meeting:
    """Read the Meeting from the cover lines and the running headers of the first pages
    (``Page.furniture``)."""
    layout = layout or Layout.of(cover)
    meeting = Meeting(language=L.detect_language(all_text))
    known_first = set(known_first)
    for kind, values in _blocks(cover, layout):
        value = " ".join(values).strip()
        if kind == L.TIME and value and meeting.date is None:
            meeting.date = parse_date(value)
            meeting.start_time, meeting.end_time = parse_times(value)
        elif kind == L.PLACE and values and meeting.place is None:
            meeting.place = values[0].strip(" ,") or None
        elif kind == L.BODY_NAME and values and meeting.body is None:
            meeting.body = _KIND_WORDS.sub("", values[0]).strip(" ,") or None
        elif kind in (L.MEMBERS, L.OTHERS, L.ABSENT):
            group = {L.MEMBERS: "members", L.OTHERS: "others", L.ABSENT: "absent"}[kind]
            meeting.attendees.extend(_attendees(values, group, known_first))

    top = header_lines(pages) + cover[:15]
    header_texts = [l.text for l in top]
    # Segments separately: a header line holds several fields side by side.
    header_fields = [s.text for l in top for s in l.segments]
    meeting.organization = _organization(header_fields + header_texts)
    if meeting.body is None:
        meeting.body = _body(header_fields, meeting.organization)
    if meeting.number is None:
        for text in header_texts:
            m = _MINUTES_NUMBER.search(text)
            if m:
                meeting.number = re.sub(r"\s+", "", m.group(1))
                break
    if meeting.date is None:
        for text in header_texts:
            meeting.date = parse_date(text)
            if meeting.date:
                break
    return meeting


def header_lines(pages: list[Page]) -> list[Line]:
    """The first pages' running header: the furniture lines at the top of the page,
    else (a single page, where nothing recurs) the page's first lines."""
    top = []
    for page in pages[:2]:
        lines = [l for l in page.furniture if l.top < page.height / 2] or page.lines[:8]
        top.extend(lines[:8])
    return top


def document_kind(pages: list[Page]) -> Optional[str]:
    """"agenda" or "minutes" as the running header of the first pages says (a page
    header printing ``Esityslista`` marks an agenda), else None."""
    found = [KNOWLEDGE.document_kind(l.text) for l in header_lines(pages)]
    found = [k for k in found if k]
    return found[0] if found else None


def _attendees(values: list[str], group: str, known_first: set[str]) -> list[Attendee]:
    people = []
    for value in values:
        for part in re.split(r"\s{3,}|;", value):
            attendee = parse_attendee(part, group, known_first)
            if attendee:
                people.append(attendee)
    return people


def _organization(texts: list[str]) -> Optional[str]:
    """"Lapuan kaupunki", "Nykarleby stad": a place name before an organisation word
    (a Finnish one in the genitive)."""
    finnish = set(KNOWLEDGE.raw["words.yml"]["organisation"]["fi"])
    for text in texts:
        for m in KNOWLEDGE.organisation.finditer(text):
            place, word = m.group(1), m.group(2).lower()
            if word in finnish and not place.lower().endswith("n"):
                continue
            return f"{place[0].upper()}{place[1:].lower()} {word}"
    return None


def _body(texts: list[str], organization: Optional[str]) -> Optional[str]:
    for text in texts:
        for part in re.split(r"\s{2,}|\t", text):
            part = re.sub(r"^(?:pöytäkirja|protokoll)\s+", "", part, flags=re.I)
            part = re.sub(r"\s*\d{1,2}\.\d{1,2}\.\d{4}.*$", "", part).strip(" ,")
            if not part or _KIND_WORDS.fullmatch(part) or len(part.split()) > 6:
                continue
            if organization and part.lower() == organization.lower():
                continue
            part = _KIND_WORDS.sub("", part).strip(" ,")
            if part and KNOWLEDGE.body_words.search(part) and not KNOWLEDGE.organisation.fullmatch(part):
                return part[0].upper() + part[1:]
    return None

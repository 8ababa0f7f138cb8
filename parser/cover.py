"""Stage 3a: the cover page(s) become the Meeting.

The cover is everything before the first section.  Its labels (``Kokousaika``,
``Sammanträdestid``, ``Saapuvilla olleet jäsenet`` ...) are found like section labels:
in a left column, alone on a line, or before a colon.  Organisation, body and minutes
number also come from the running header, which the page-furniture stage removes from
the body but which this stage still reads.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from . import labels as L
from .formats import parse_date, parse_times
from .model import Attendee, Meeting
from .pages import Line, Page
from .people import parse_attendee

_ORGANIZATION = re.compile(
    r"\b([A-ZÅÄÖ][\wåäöÅÄÖ-]*?(?:n|in|en))\s+(kunta|kaupunki|kuntayhtymä)\b|"
    r"\b([A-ZÅÄÖ][\wåäöÅÄÖ-]+)\s+(stad|kommun|samkommun)\b",
    re.I,
)
_MINUTES_NUMBER = re.compile(
    r"\b(?:pöytäkirja|protokoll|ptk|kokous)\s*(?:nro|nr|n:o|no\.?)?\s*(\d{1,3}\s*/\s*\d{4})\b", re.I
)
_BODY_WORDS = re.compile(
    r"(lautakunta|hallitus|valtuusto|jaosto|johtokunta|toimikunta|neuvosto|nuorisovaltuusto|"
    r"nämnd|nämnden|styrelse|styrelsen|fullmäktige|sektion|sektionen|rådet|direktion|utskott)\b",
    re.I,
)
_SKIP_BODY = re.compile(r"\s*\b(pöytäkirja|protokoll|esityslista|föredragningslista)\s*$", re.I)


def _cover_label(line: Line) -> Optional[tuple[str, Optional[str]]]:
    """(kind, value on the same line) for a cover label line."""
    segs = line.segments
    if len(segs) > 1:
        kind = L.cover_label(segs[0].text)
        if kind:
            return kind, " ".join(s.text for s in segs[1:])
    text = line.text.strip()
    kind = L.cover_label(text)
    if kind:
        return kind, None
    m = re.match(r"^([^:]{2,40}):\s*(.*)$", text)
    if m and L.cover_label(m.group(1)):
        return L.cover_label(m.group(1)), m.group(2) or None
    return None


def _blocks(lines: list[Line]) -> list[tuple[str, list[str]]]:
    """Cover lines grouped under their labels."""
    blocks: list[tuple[str, list[str]]] = []
    for line in lines:
        found = _cover_label(line)
        if found:
            kind, value = found
            blocks.append((kind, [value] if value else []))
        elif blocks:
            segs = line.segments
            # Two columns (name | role) become "name, role".
            blocks[-1][1].append(", ".join(s.text for s in segs) if len(segs) > 1 else line.text)
    return blocks


def read_meeting(cover: list[Line], raw_pages: list[Page], all_text: str,
                 known_first: Iterable[str] = ()) -> Meeting:
    """Read the Meeting from the cover lines and the (raw) first pages."""
    meeting = Meeting(language=L.detect_language(all_text))
    known_first = set(known_first)
    for kind, values in _blocks(cover):
        value = " ".join(values).strip()
        if kind == L.TIME and value and meeting.date is None:
            meeting.date = parse_date(value)
            meeting.start_time, meeting.end_time = parse_times(value)
        elif kind == L.PLACE and values and meeting.place is None:
            meeting.place = values[0].strip(" ,") or None
        elif kind == L.BODY_NAME and values and meeting.body is None:
            meeting.body = _SKIP_BODY.sub("", values[0]).strip(" ,") or None
        elif kind in (L.MEMBERS, L.OTHERS, L.ABSENT):
            group = {L.MEMBERS: "members", L.OTHERS: "others", L.ABSENT: "absent"}[kind]
            meeting.attendees.extend(_attendees(values, group, known_first))

    top = [l for page in raw_pages[:2] for l in page.lines[:8]] + cover[:15]
    header_lines = [l.text for l in top]
    # Segments separately: a header line holds several fields side by side.
    header_fields = [s.text for l in top for s in l.segments]
    meeting.organization = _organization(header_fields + header_lines)
    if meeting.body is None:
        meeting.body = _body(header_fields, meeting.organization)
    if meeting.number is None:
        for text in header_lines + [l.text for l in cover[:15]]:
            m = _MINUTES_NUMBER.search(text)
            if m:
                meeting.number = re.sub(r"\s+", "", m.group(1))
                break
    if meeting.date is None:
        for text in header_lines:
            meeting.date = parse_date(text)
            if meeting.date:
                break
    return meeting


def _attendees(values: list[str], group: str, known_first: set[str]) -> list[Attendee]:
    people = []
    for value in values:
        for part in re.split(r"\s{3,}|;", value):
            attendee = parse_attendee(part, group, known_first)
            if attendee:
                people.append(attendee)
    return people


def _organization(texts: list[str]) -> Optional[str]:
    for text in texts:
        m = _ORGANIZATION.search(text)
        if m:
            words = [w for w in m.groups() if w]
            return f"{words[0][0].upper()}{words[0][1:].lower()} {words[1].lower()}"
    return None


def _body(texts: list[str], organization: Optional[str]) -> Optional[str]:
    for text in texts:
        for part in re.split(r"\s{2,}|\t", text):
            part = re.sub(r"^(?:pöytäkirja|protokoll)\s+", "", part, flags=re.I)
            part = re.sub(r"\s*\d{1,2}\.\d{1,2}\.\d{4}.*$", "", part).strip(" ,")
            if not part or _SKIP_BODY.fullmatch(part) or len(part.split()) > 6:
                continue
            if organization and part.lower() == organization.lower():
                continue
            part = _SKIP_BODY.sub("", part).strip(" ,")
            if part and _BODY_WORDS.search(part) and not _ORGANIZATION.fullmatch(part):
                return part[0].upper() + part[1:]
    return None

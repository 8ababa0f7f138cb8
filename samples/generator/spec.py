"""What a sample meeting consists of, and how its gold JSON is derived from that.

The content modules fill these dataclasses; a layout prints them; :func:`gold` turns the
same objects into the JSON contract of ``parser/model.py`` (``Document.to_dict()``), so
the gold says exactly what the generator printed and never comes from a parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

ASCII_FOLD = str.maketrans({"ä": "a", "ö": "o", "å": "a", " ": "-"})


@dataclass
class Person:
    """An official or elected member.

    ``email`` is how the address is printed: "pattern" prints the municipality's
    ``etunimi.sukunimi(a)kunta.fi`` pattern, "real" the address itself, None nothing.
    """

    first: str
    last: str
    title: str = ""
    phone: Optional[str] = None
    domain: Optional[str] = None
    email: Optional[str] = "real"

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def address(self) -> Optional[str]:
        """The real e-mail address (what the gold holds whichever way it is printed)."""
        if not self.email or not self.domain:
            return None
        local = f"{self.first}.{self.last}".lower().translate(ASCII_FOLD)
        return f"{local}@{self.domain}"

    @property
    def printed_address(self) -> Optional[str]:
        if self.email == "pattern":
            return f"etunimi.sukunimi(a){self.domain}"
        return self.address


@dataclass
class Handling:
    """One handling of a matter: a history line and its labelled blocks.

    ``line`` is the history line as printed (``HYVOLTK 09.04.2025 § 31``), or None
    when the layout prints none for the handling this document records.
    Labels are printed as given, so each item can use its own variant.
    """

    body: Optional[str] = None
    date: Optional[str] = None
    number: Optional[int] = None
    line: Optional[str] = None
    preparer_label: str = "Valmistelija"
    preparers: list[Person] = field(default_factory=list)
    presenter_label: str = "Esittelijä"
    presenter: Optional[Person] = None
    presenter_surname_first: bool = False
    proposal_label: Optional[str] = "Päätösehdotus"
    proposal: list[str] = field(default_factory=list)
    deliberation_label: str = "Käsittely"
    deliberation: list[str] = field(default_factory=list)
    decision_label: Optional[str] = "Päätös"
    decision: Optional[list[str]] = None


@dataclass
class Item:
    """One agenda item (§): its printed heading, body and handlings (last = this one)."""

    number: int
    title: str
    diary: Optional[str] = None  # as printed, prefix included ("Dno 147/2025")
    text: list[str] = field(default_factory=list)
    handlings: list[Handling] = field(default_factory=list)
    confidential_note: Optional[str] = None
    extra: list[tuple[str, list[str]]] = field(default_factory=list)  # Liitteet, Tiedoksi ...

    @property
    def current(self) -> Handling:
        return self.handlings[-1]


@dataclass
class Meeting:
    """A whole meeting: cover-page facts, the items, and which layout prints them."""

    stem: str
    layout: str
    organization: str
    body: str
    number: Optional[str]
    date: str  # ISO
    start: str
    end: str
    place: str
    language: str
    attendees: list[tuple[str, str, str]]  # (name, role, group)
    items: list[Item]
    options: dict = field(default_factory=dict)


def diary_gold(printed: Optional[str]) -> Optional[str]:
    """The diary number without its printed ``Dno``/``Dnr``/``Asianumero`` prefix."""
    if printed is None:
        return None
    for prefix in ("Dno ", "Dnr ", "Asianumero "):
        if printed.startswith(prefix):
            return printed[len(prefix):]
    return printed


def joined(paragraphs: Optional[list[str]]) -> Optional[str]:
    """Paragraphs as one contract text field (blank line between paragraphs)."""
    if not paragraphs:
        return None
    return "\n\n".join(paragraphs)


def _person(p: Person) -> dict:
    return {"name": p.name, "title": p.title or None, "phone": p.phone, "email": p.address}


def _presenter(h: Handling) -> Optional[dict]:
    if h.presenter is None:
        return None
    return {"name": h.presenter.name, "title": h.presenter.title or None}


def _handling(h: Handling) -> dict:
    return {
        "body": h.body,
        "date": h.date,
        "number": h.number,
        "preparers": [_person(p) for p in h.preparers],
        "presenter": _presenter(h),
        "proposal": joined(h.proposal) if h.proposal_label else None,
        "decision": joined(h.decision) if h.decision_label else None,
    }


def gold(meeting: Meeting, pages: dict[int, tuple[int, int]], source: dict) -> dict:
    """The gold document for ``meeting`` as printed, in ``Document.to_dict()`` key order.

    ``pages`` maps each § number to its (first, last) physical page.
    """
    sections = []
    for item in meeting.items:
        own = _handling(item.current)
        sections.append(
            {
                "number": item.number,
                "title": item.title,
                "page_start": pages[item.number][0],
                "page_end": pages[item.number][1],
                "diary_number": diary_gold(item.diary),
                "preparers": own["preparers"],
                "presenter": own["presenter"],
                "proposal": own["proposal"],
                "decision": own["decision"],
                "confidential": item.confidential_note is not None,
                "history": [_handling(h) for h in item.handlings[:-1]],
                "text": joined(item.text),
                "text_source": "text_layer",
                "ocr_confidence": None,
                "repaired_words": 0,
                "raw_text": None,
            }
        )
    return {
        "source": source,
        "meeting": {
            "organization": meeting.organization,
            "body": meeting.body,
            "number": meeting.number,
            "date": meeting.date,
            "start_time": meeting.start,
            "end_time": meeting.end,
            "place": meeting.place,
            "language": meeting.language,
            "attendees": [
                {"name": n, "role": r, "group": g} for n, r, g in meeting.attendees
            ],
        },
        "sections": sections,
        "warnings": [],
    }

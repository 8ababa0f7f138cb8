"""The data model every pipeline stage shares.

A minutes PDF becomes a :class:`Document`: its :class:`Source`, the :class:`Meeting`
from the cover page, one :class:`Section` per ``§`` and the :class:`ParseWarning` s
met on the way.  ``Document.to_dict()`` is the JSON contract printed by
``minutes parse --json`` and stored beside each sample as gold;
``Document.from_dict()`` reads it back (the evaluator and the archive use it).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Optional


@dataclass
class Source:
    """The file a document was parsed from."""

    path: str
    sha256: str
    pages: int
    # Where the text came from: "text_layer" (the PDF's own text), "ocr" (every page
    # OCRed), "mixed" (some pages OCRed) or "repaired" (text layer with damaged words
    # repaired, see parser.repair).
    text_source: str = "text_layer"
    ocr_confidence: Optional[float] = None  # mean Tesseract word confidence, 0..100
    ocr_pages: list[int] = field(default_factory=list)  # 1-based pages that were OCRed
    repaired_words: int = 0  # words of the text layer replaced by parser.repair


@dataclass
class Attendee:
    """A person present at the meeting, with role (chair, member, secretary ...)."""

    name: str
    role: Optional[str] = None  # role in the meeting: puheenjohtaja, varajäsen, sihteeri ...
    group: Optional[str] = None  # "members" (incl. substitutes), "others", "absent"
    title: Optional[str] = None  # job title or office, when printed ("Talouspäällikkö")


@dataclass
class Meeting:
    """What the cover page says about the meeting."""

    organization: Optional[str] = None  # municipality, e.g. "Asikkalan kunta"
    body: Optional[str] = None  # e.g. "Hyvinvointilautakunta"
    number: Optional[str] = None  # minutes number, e.g. "4/2025"
    date: Optional[str] = None  # ISO date
    start_time: Optional[str] = None  # "HH:MM"
    end_time: Optional[str] = None
    place: Optional[str] = None
    language: Optional[str] = None  # "fi" or "sv"
    attendees: list[Attendee] = field(default_factory=list)


@dataclass
class Preparer:
    """Someone who prepared a matter (``Valmistelija``, ``Beredare``, ``Lisätiedot``)."""

    name: str
    title: Optional[str] = None
    phone: Optional[str] = None
    email: Optional[str] = None


@dataclass
class Presenter:
    """The official who presents the matter (``Esittelijä``, ``Föredragande``).

    ``name`` is normalised to "Firstname Surname" even when printed surname-first.
    """

    name: str
    title: Optional[str] = None


@dataclass
class Part:
    """One labelled part of a section as printed (``Liitteet``, ``Esteellisyys``,
    ``Päätös`` ...): its kind (knowledge/labels.yml), the label and the text under it.

    Two kinds are the section's structure rather than labels: ``heading`` (the § line
    and title as printed, in ``label``) and ``handling`` (a handling line such as
    ``Kaupunginhallitus, 03.11.2025, § 370``, in ``label``)."""

    kind: str
    label: str
    text: str


@dataclass
class Appeal:
    """How a section's decision can be appealed, read from the appeal instructions that
    close the minutes (``parser.appeals``)."""

    # "valituskielto" (no appeal), "oikaisuvaatimus", "kunnallisvalitus",
    # "hallintovalitus", "hankintaoikaisu" … (knowledge/appeals.yml), whatever the
    # document's language.
    route: str
    days: Optional[int] = None  # the printed time limit; None for valituskielto
    # For valituskielto, the reason when the block prints exactly one.
    ground: Optional[str] = None
    # Routes open beside this one (a hankintaoikaisu's valitus markkinaoikeuteen).
    also: list["Appeal"] = field(default_factory=list)


@dataclass
class Handling:
    """An earlier handling of the same matter, reprinted above this one."""

    body: Optional[str] = None  # as printed, e.g. "HYVOLTK", "Kunnanhallitus"
    date: Optional[str] = None  # ISO date
    number: Optional[int] = None  # its § number
    preparers: list[Preparer] = field(default_factory=list)
    presenter: Optional[Presenter] = None
    proposal: Optional[str] = None
    decision: Optional[str] = None
    parts: list[Part] = field(default_factory=list)  # every labelled part of this handling


@dataclass
class CounterProposal:
    """A proposal other than the presenter's, made during the deliberation (*vastaehdotus*,
    *motförslag*)."""

    by: Optional[str] = None  # the proposer, "Firstname Surname"
    seconded_by: list[str] = field(default_factory=list)
    text: Optional[str] = None  # what it proposes, as printed (None when not printed)
    # withdrawn, not_seconded, lost_vote, won_vote, adopted (without a vote) or
    # not_decided (seconded, but the matter was settled otherwise)
    result: Optional[str] = None


@dataclass
class Vote:
    """A vote (*äänestys*, *omröstning*): its sides, counts and winner."""

    subject: Optional[str] = None  # the sides as printed ("… äänestävät JAA ja … EI")
    # Counts by key: "jaa", "ei", "tyhjä", "poissa" (Swedish ja/nej/blank/frånvarande
    # stored under the same keys).
    counts: dict[str, int] = field(default_factory=dict)
    winner: Optional[str] = None  # "jaa" or "ei"
    members: Optional[dict[str, str]] = None  # name → count key, where a list is printed


@dataclass
class Disqualification:
    """Someone disqualified from the matter (*esteellinen*, *jäävi*, *jävig*)."""

    person: str
    ground: Optional[str] = None  # "yhteisöjäävi", "hallintolaki 28.1 § 5 kohta" …


@dataclass
class Statement:
    """A dissent (*eriävä mielipide*, *reservation*) or a statement recorded in the
    minutes (*Merkittiin pöytäkirjaan*)."""

    kind: str  # "dissent" or "statement"
    by: list[str] = field(default_factory=list)
    text: Optional[str] = None  # None when the text is not printed (an attachment)


@dataclass
class Proceedings:
    """The deliberation of a section's own handling (parser/proceedings.py)."""

    counter_proposals: list[CounterProposal] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    disqualifications: list[Disqualification] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: Optional[dict[str, Any]]) -> "Proceedings":
        """Rebuild from the JSON form (missing keys take defaults)."""
        data = data or {}
        return cls(
            counter_proposals=[CounterProposal(**c) for c in data.get("counter_proposals") or []],
            votes=[Vote(**v) for v in data.get("votes") or []],
            disqualifications=[Disqualification(**d) for d in data.get("disqualifications") or []],
            statements=[Statement(**s) for s in data.get("statements") or []],
        )


@dataclass
class Section:
    """One agenda item (``§``) as handled in this meeting."""

    number: int
    title: Optional[str] = None
    page_start: Optional[int] = None
    page_end: Optional[int] = None
    diary_number: Optional[str] = None
    preparers: list[Preparer] = field(default_factory=list)
    presenter: Optional[Presenter] = None
    proposal: Optional[str] = None
    decision: Optional[str] = None
    confidential: bool = False
    history: list[Handling] = field(default_factory=list)
    text: Optional[str] = None
    # As Source.text_source, for this section's lines: "text_layer", "ocr", "repaired".
    text_source: str = "text_layer"
    ocr_confidence: Optional[float] = None
    repaired_words: int = 0
    # The section's lines as read, before repair (None when nothing was repaired).
    raw_text: Optional[str] = None
    # Every labelled part of this meeting's handling, as printed (the fields above are
    # read from these), in order.
    parts: list[Part] = field(default_factory=list)
    # Every printed line of the section (furniture removed), in reading order: what
    # search indexes, so that no parse error can make a section unfindable.
    full_text: Optional[str] = None
    # Share of the section's printed characters that ended in a field, part, handling
    # or title (1.0: nothing lost).
    assigned_share: Optional[float] = None
    # The appeal route the closing instructions give this section; None when the
    # instructions do not list it.
    appeal: Optional[Appeal] = None
    # Counter-proposals, votes, disqualifications and dissents of this meeting's handling.
    proceedings: Proceedings = field(default_factory=Proceedings)


@dataclass
class ParseWarning:
    """Something the parser noticed but could not resolve; never fatal."""

    message: str
    page: Optional[int] = None
    section: Optional[int] = None


@dataclass
class Document:
    """A parsed minutes PDF."""

    source: Source
    meeting: Meeting = field(default_factory=Meeting)
    sections: list[Section] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    # "minutes" (pöytäkirja), "agenda" (esityslista: proposals, no decisions) or "other"
    # (no sections: not minutes at all).
    kind: str = "minutes"
    # Labelled parts after the last section: appeal instructions, signatures.
    parts: list[Part] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: plain dicts and lists, keys in contract order."""
        return {
            "source": dataclasses.asdict(self.source),
            "kind": self.kind,
            "meeting": dataclasses.asdict(self.meeting),
            "sections": [dataclasses.asdict(s) for s in self.sections],
            "warnings": [
                {"page": w.page, "section": w.section, "message": w.message}
                for w in self.warnings
            ],
            "parts": [dataclasses.asdict(p) for p in self.parts],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Document":
        """Rebuild a document from its JSON form (missing keys take defaults)."""
        meeting = dict(data.get("meeting") or {})
        meeting["attendees"] = [Attendee(**a) for a in meeting.get("attendees") or []]
        return cls(
            source=Source(**data["source"]),
            meeting=Meeting(**meeting),
            sections=[_section_from_dict(s) for s in data.get("sections") or []],
            warnings=[ParseWarning(**w) for w in data.get("warnings") or []],
            kind=data.get("kind") or "minutes",
            parts=_parts(data.get("parts")),
        )


def _people(items) -> list[Preparer]:
    return [Preparer(**p) for p in items or []]


def _parts(items) -> list[Part]:
    return [Part(**p) for p in items or []]


def _presenter(item) -> Optional[Presenter]:
    return Presenter(**item) if item else None


def _appeal(item) -> Optional[Appeal]:
    if not item:
        return None
    return Appeal(**{**item, "also": [_appeal(a) for a in item.get("also") or []]})


def _section_from_dict(data: dict[str, Any]) -> Section:
    data = dict(data)
    data["preparers"] = _people(data.get("preparers"))
    data["presenter"] = _presenter(data.get("presenter"))
    data["history"] = [
        Handling(
            **{
                **h,
                "preparers": _people(h.get("preparers")),
                "presenter": _presenter(h.get("presenter")),
                "parts": _parts(h.get("parts")),
            }
        )
        for h in data.get("history") or []
    ]
    data["parts"] = _parts(data.get("parts"))
    data["appeal"] = _appeal(data.get("appeal"))
    data["proceedings"] = Proceedings.from_dict(data.get("proceedings"))
    return Section(**data)

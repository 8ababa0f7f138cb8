"""Padasjoki board, a long meeting (40+ pages) built from the real corpus wording.

Every Finnish item of ../shared/corpus/texts becomes a § with its real title, reasoning,
proposal and decision (city names swapped by extract_texts.py).  Long items break across
pages, so labels and their text continue below the next page's running header.  Label
variants rotate through the items so each appears several times.
"""

from __future__ import annotations

from .spec import Handling, Item, Meeting, Person
from .texts import corpus

PD = "padasjoki.fi"
STAFF = [
    Person("Kari", "Lahtinen", "hallintojohtaja", "040 734 6010", PD),
    Person("Merja", "Hyvönen", "talousjohtaja", "040 734 6020", PD, "pattern"),
    Person("Jouni", "Kärkkäinen", "tekninen johtaja", "040 734 6300", PD),
    Person("Tarja", "Nurmela", "sivistysjohtaja", "040 734 6100", PD),
    Person("Susanna", "Peltola", "kehittämispäällikkö", None, PD, "pattern"),
]
MANAGER = Person("Ilkka", "Virtanen", "Kunnanjohtaja", "040 734 6000", PD)
PREPARER_LABELS = ["Valmistelija", "Valmistelu", "Lisätiedot", "Valmistelijat",
                   "Asian valmistelija", "Lisätietoja antaa"]
PROPOSAL_LABELS = ["Päätösehdotus", "Esitys", "Kunnanjohtajan ehdotus", "Ehdotus",
                   "Pohjaesitys"]
FALLBACK_PROPOSAL = ("Kunnanhallitus päättää hyväksyä asian esittelijän perustelujen "
                     "mukaisesti.")
EMPTY_PROPOSALS = {"Päätös on ehdotuksen mukainen."}


def kunnanhallitus_long() -> Meeting:
    """KH 12/2024, § 180 onwards, one § per Finnish corpus item."""
    items = []
    sources = [i for i in corpus() if i["language"] == "fi"]
    for k, src in enumerate(sources):
        number = 180 + k
        label = PREPARER_LABELS[k % len(PREPARER_LABELS)]
        preparers = [STAFF[k % len(STAFF)]]
        if label == "Valmistelijat":
            preparers.append(STAFF[(k + 2) % len(STAFF)])
        proposal = [p for p in src["proposal"] if p not in EMPTY_PROPOSALS] or [
            FALLBACK_PROPOSAL]
        decision = src["decision"] or ["Ehdotus hyväksyttiin."]
        handling = Handling(
            body="KH", date="2024-11-25", number=number, line=f"KH 25.11.2024 § {number}",
            preparer_label=label, preparers=preparers, presenter=MANAGER,
            presenter_surname_first=k % 2 == 0,
            proposal_label=PROPOSAL_LABELS[k % len(PROPOSAL_LABELS)], proposal=proposal,
            decision=decision,
        )
        diary = f"{200 + 7 * k}/{['00.01.01', '02.02.02', '10.03.02', '12.00.01'][k % 4]}/2024"
        items.append(Item(number, src["title"], diary, src["text"], [handling]))
    return Meeting(
        stem="padasjoki-kunnanhallitus-2024-11-25", layout="left-column",
        organization="Padasjoen kunta", body="Kunnanhallitus", number="12/2024",
        date="2024-11-25", start="15:00", end="19:50",
        place="Padasjoen kunnantalo, valtuustosali, Kellosalmentie 1", language="fi",
        attendees=[("Raimo Lehtola", "puheenjohtaja", "members"),
                   ("Satu Korpela", "varapuheenjohtaja", "members"),
                   ("Juhani Mattila", "jäsen", "members"), ("Leila Hakkarainen", "jäsen", "members"),
                   ("Arto Niskanen", "jäsen", "members"), ("Tuula Kinnunen", "jäsen", "members"),
                   ("Veikko Saari", "varajäsen", "members"),
                   ("Ilkka Virtanen", "esittelijä", "others"),
                   ("Kari Lahtinen", "pöytäkirjanpitäjä", "others"),
                   ("Marko Leinonen", "valtuuston puheenjohtaja", "others"),
                   ("Helka Kuusela", "jäsen", "absent")],
        items=items,
        options={"checked": "2024-11-27", "hyphenate": 0.25,
                 "public": "Padasjoen kunnan verkkosivuilla 2.12.2024"},
    )

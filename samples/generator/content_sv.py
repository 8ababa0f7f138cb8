"""Nykarleby (Uusikaarlepyy): Swedish-language protocols.

Text comes from the Swedish Helsinki items in ../shared/corpus/texts (school year,
admission criteria, pre-school units, street maintenance), with the deciding body
renamed to the Nykarleby body that handles such matters.
"""

from __future__ import annotations

from .spec import Handling, Item, Meeting, Person
from .texts import item, swap

ORG = "Nykarleby stad"
NY = "nykarleby.fi"
nyman = Person("Anna", "Nyman", "bildningsdirektör", "050 339 1220", NY)
holm = Person("Peter", "Holm", "skolsekreterare", "050 339 1225", NY, "pattern")
ek = Person("Jonas", "Ek", "stadsdirektör", "050 339 1000", NY)
lind = Person("Maria", "Lind", "stadsingenjör", "050 339 1300", NY)
sund = Person("Camilla", "Sund", "förvaltningsdirektör", "050 339 1010", NY)

BN = [("Fostrans- och utbildningsnämndens svenska sektion", "Bildningsnämnden"),
      ("Svenska sektionen", "Bildningsnämnden"), ("svenska sektionen", "bildningsnämnden"),
      ("Sektionen", "Nämnden"), ("de svenska grundskolorna", "stadens grundskolor")]
SS = [("Stadsmiljönämndens sektion för byggnader och allmänna områden", "Stadsstyrelsen")]


def _from_corpus(number, prefix, diary, handling, replacements, text_limit=None):
    src = item(prefix)
    text = swap(src["text"], replacements)[:text_limit]
    handling.proposal = swap(src["proposal"], replacements)
    return Item(number, swap([src["title"]], replacements)[0], diary, text, [handling])


def bildningsnamnden() -> Meeting:
    """Bildningsnämnden 8/2024: ``80 §`` then the title, ``Beredare:``, ``Förslag:``."""
    def h(**kw):
        return Handling(presenter=nyman, preparer_label="Beredare", preparers=[holm],
                        presenter_label="Föredragande", proposal_label="Förslag",
                        decision_label="Beslut", **kw)

    items = [
        Item(80, "Val av protokolljusterare", None, [],
             [h(proposal=["Till protokolljusterare väljs Eva Sandvik och Mats Björk."],
                decision=["Förslaget godkändes."])]),
        _from_corpus(81, "21-sv", "Dnr 45/2024",
                     h(decision=["Förslaget godkändes."]), BN, 6),
        _from_corpus(82, "23-sv", "Dnr 52/12.01.00/2024",
                     h(decision=["Nämnden beslöt enhälligt enligt förslaget."]), BN),
        _from_corpus(83, "25-sv", "Dnr 58/2024",
                     h(decision=["Ärendet bordlades."]), BN, 8),
    ]
    return Meeting(
        stem="nykarleby-bildningsnamnden-2024-10-15", layout="swedish",
        organization=ORG, body="Bildningsnämnden", number="8/2024", date="2024-10-15",
        start="18:00", end="20:10", place="Stadshuset, sammanträdesrum Kyrkostrand",
        language="sv",
        attendees=[("Eva Sandvik", "ordförande", "members"),
                   ("Mats Björk", "vice ordförande", "members"),
                   ("Linda Forsman", "ledamot", "members"), ("Johan Kronqvist", "ledamot", "members"),
                   ("Sofia Westerlund", "ersättare", "members"),
                   ("Anna Nyman", "föredragande", "others"),
                   ("Peter Holm", "sekreterare", "others"),
                   ("Tom Lassus", "ledamot", "absent")],
        items=items,
        options={"checked_text": "Justerat 17.10.2024"},
    )


def stadsstyrelsen() -> Meeting:
    """Stadsstyrelsen 3/2025: ``Beredning:``, ``Stadsdirektörens förslag:``, a reprinted
    committee handling and the board's own ``Stadsstyrelsens beslut:``."""
    gator = item("26-sv")
    items = [
        Item(23, "Sammanträdets laglighet och beslutförhet", None,
             ["Kallelsen till sammanträdet har skickats elektroniskt 21.3.2025."],
             [Handling(presenter=ek, presenter_label="Föredragande",
                       proposal_label="Förslag till beslut",
                       proposal=["Sammanträdet konstateras vara lagligen sammankallat och "
                                 "beslutfört."],
                       decision=["Förslaget godkändes."])]),
        Item(24, gator["title"].replace("januari 2022", "april 2025"), "Dnr 102/10.03.00/2025",
             swap(gator["text"], SS)[:9],
             [Handling(preparer_label="Beredning", preparers=[lind], presenter=ek,
                       presenter_label="Föredragande", presenter_surname_first=True,
                       proposal_label="Stadsdirektörens förslag",
                       proposal=swap(gator["proposal"], SS),
                       decision_label="Stadsstyrelsens beslut",
                       decision=["Stadsdirektörens förslag godkändes."])]),
        Item(25, "Grunderna för antagning till grundläggande utbildning från och med 1.8.2025",
             "Dnr 52/12.01.00/2024", swap(item("23-sv")["text"], BN)[:4],
             [Handling(body="Bildningsnämnden", date="2025-02-18", number=12,
                       line="Bildningsnämnden 18.02.2025 § 12", preparer_label="Beredare",
                       preparers=[nyman, holm], presenter=nyman,
                       presenter_label="Föredragande", proposal_label="Förslag",
                       proposal=swap(item("23-sv")["proposal"], BN),
                       decision_label="Beslut", decision=["Förslaget godkändes."]),
              Handling(body="Stadsstyrelsen", date="2025-03-28", number=25,
                       line="Stadsstyrelsen 28.03.2025 § 25", preparer_label="Beredning",
                       preparers=[sund], presenter=ek, presenter_label="Föredragande",
                       proposal_label="Stadsdirektörens förslag",
                       proposal=["Stadsstyrelsen föreslår för fullmäktige att grunderna "
                                 "för antagning godkänns enligt bildningsnämndens beslut."],
                       decision_label="Stadsstyrelsens beslut",
                       decision=["Stadsdirektörens förslag godkändes."])]),
        Item(26, "Anmälningsärenden", None,
             ["Protokoll från bildningsnämnden 18.2.2025 och från tekniska nämnden 4.3.2025."],
             [Handling(presenter=ek, presenter_label="Föredragande",
                       proposal_label="Förslag",
                       proposal=["Stadsstyrelsen antecknar ärendena för kännedom."],
                       decision_label=None)]),
    ]
    return Meeting(
        stem="nykarleby-stadsstyrelsen-2025-03-28", layout="swedish",
        organization=ORG, body="Stadsstyrelsen", number="3/2025", date="2025-03-28",
        start="15:00", end="16:45", place="Stadshuset, Topeliussalen", language="sv",
        attendees=[("Henrik Nyby", "ordförande", "members"),
                   ("Carola Lindvall", "vice ordförande", "members"),
                   ("Kim Backlund", "ledamot", "members"), ("Annika Ström", "ledamot", "members"),
                   ("Roger Sjöberg", "ledamot", "members"),
                   ("Ulla Granholm", "ersättare", "members"),
                   ("Jonas Ek", "föredragande", "others"),
                   ("Camilla Sund", "sekreterare", "others"),
                   ("Patrik Enlund", "ledamot", "absent")],
        items=items,
        options={"checked_text": "Justerat 31.3.2025", "title_first": False},
    )

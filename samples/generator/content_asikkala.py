"""Asikkala: one matter followed from the welfare committee through the board to the council.

Three meetings share the same matters, so the board and council minutes reprint the
earlier handlings (history) exactly as the committee minutes printed them.  Wording is
taken from ../shared/seeds (the Päijät-Häme co-operation report and agreement) and from
real decision texts in ../shared/corpus/texts, rearranged.
"""

from __future__ import annotations

from dataclasses import replace

from .spec import Handling, Item, Meeting, Person

ORG = "Asikkalan kunta"
D = "asikkala.fi"

kettunen = Person("Matti", "Kettunen", "Hyvinvointijohtaja", "044 778 0247", D, "pattern")
laaksonen = Person("Sari", "Laaksonen", "Varhaiskasvatusjohtaja", "044 778 0311", D, "pattern")
hamalainen = Person("Jukka", "Hämäläinen", "Rehtori", "044 778 0402", D, "pattern")
makinen = Person("Juha", "Mäkinen", "Kunnanjohtaja", "044 778 0100", D, "real")
ahola = Person("Tiina", "Ahola", "Hallintojohtaja", "044 778 0120", D, "real")
kallio = Person("Riitta", "Kallio", "Talousjohtaja", "044 778 0130", D, "pattern")
sjoblom = Person("Åsa", "Sjöblom", "Henkilöstöpäällikkö", "044 778 0145", D, "real")

SEUTU_TEXT = [
    "Päijät-Hämeen sivistyspalveluiden kunnalliset toimijat ovat vakiinnuttaneet alueelle "
    "tavoitteellisen ja koordinoidun verkostoyhteistyön, joka pohjautuu Päijät-Hämeen kuntien "
    "solmimaan yhteistoimintasopimukseen. Sivistyspalveluiden seudullisen kehittämisverkoston "
    "toiminta raportoidaan kalenterivuosittain. Toimintakertomus vuodelta 2024 on käsitelty "
    "seudullisessa sivistysjohtajien ohjausryhmän kokouksessa 12. helmikuuta 2025. "
    "Toimintakertomus sisältää tiedot verkostoyhteistyön toiminnallisten ja taloudellisten "
    "tavoitteiden toteutumisesta sekä ohjausryhmän ja eri kehittämisryhmien vuoden 2024 "
    "toiminnan kuvaukset.",
    "Keskeistä vuoden 2024 aikana oli itsearvioinnin tuloksista johdetun toimintasuunnitelman "
    "toteuttaminen, jonka keskiössä olivat:",
    "- ohjausryhmän ja kehittämisryhmien välisen yhteistyön ja vuorovaikutuksen tiivistäminen,",
    "- yhdyspintayhteistyön vahvistaminen hyvinvointialueen kanssa sekä",
    "- tulevaisuusorientaatio (Verkostoperuskoulu-hanke ja DigiOne-hankkeen etenemisen seuranta).",
    "Lisäksi mm. vuoden 2024 alussa toteutettiin esi- ja perusopetuksen seudullinen "
    "arviointikysely, jonka tuloksista tiedotettiin maaliskuussa. Tammikuussa pidettiin "
    "hyvinvointialueen edustajien kanssa yhteinen arviointikeskustelu hyvinvointialueen "
    "ensimmäisen vuoden yhteistyöstä. Ohjausryhmän ja kehittämisryhmien yhteinen "
    "itsearviointipäivä pidettiin joulukuussa.",
    "Vuoden 2024 aikana kuntien yhteisiä erityisavustuksilla rahoitettuja kehittämishankkeita "
    "olivat:",
    "- VALSSI -digitaalinen laadunarviointijärjestelmä varhaiskasvatukseen (OKM)",
    "- Sitouttava kouluyhteistyö poissaoloihin puuttumisessa ja niiden ennaltaehkäisyssä (OKM)",
    "- Digitalisaation suuntaviivat esi- ja perusopetuksessa 2 (OPH)",
    "- Nuorisotyön seudullisen koordinaation kehittäminen Päijät-Hämeessä (AVI).",
    "Toimintakertomus on asialistan liitteenä.",
]

SOPIMUS_TEXT = [
    "Päijät-Hämeen kuntien välinen yhteistyö sivistyspalveluiden seudullisessa kehittämisessä "
    "on ollut pitkäjänteistä ja systemaattista. Yhteistyö on alkanut vuonna 2006 Lahden "
    "kaupunkiseudun seutuhallinnossa ja vuodesta 2009 lähtien sitä on toteutettu "
    "yhteistoimintasopimusten muodossa. Yhteistoimintaa koordinoi Lahden kaupungin sivistyksen "
    "palvelualueen seudullisen kehittämisen yksikkö.",
    "Yhteistoiminnan tavoitteena on vahvistaa kuntien välistä yhteistyötä, kehittää "
    "palveluprosesseja sekä ylläpitää ja vahvistaa seudullisen kehittämisverkoston toimintaa. "
    "Yhteistyö tukee palveluiden laatua, asiakaslähtöisyyttä ja kustannustehokkuutta sekä "
    "edistää yhteisten toimintamallien kehittämistä erityisesti lapsiperheiden hyvinvoinnin "
    "tueksi.",
    "Sivistyspalveluiden seudullisen yhteistyön taloudelliset ja toiminnalliset hyödyt on "
    "tunnistettu ja yhteistoimintaa halutaan jatkaa edelleen. Sopimuksen jatkaminen vuosille "
    "2026–2029 perustuu ohjausryhmän yksimieliseen päätökseen, ja se toimitetaan kuntien "
    "toimielimiin päätöksentekoa varten. Yhteistoimintasopimukseen on kuntien asukaslukuun "
    "perustuvan jakosuhteen mukaan sisällytetty yhteistoiminnasta syntyvät kulut vuosittain "
    "sekä nykyisten kolmen seudullista yhteistoimintaa koordinoivan työntekijän palkkauskulut.",
    "Sopimus astuu voimaan, kun kaikki osapuolet ovat sen hyväksyneet ja kuntien edustajat "
    "allekirjoittaneet.",
]

KULJETUS_TEXT = [
    "Perusopetuslain 32 §:n mukaan oppilaalla on oikeus maksuttomaan koulukuljetukseen, jos "
    "koulumatka on yli viisi kilometriä tai jos koulumatka oppilaan ikä ja kehitystaso "
    "huomioon ottaen on oppilaalle liian vaikea, rasittava tai vaarallinen. Kunnan nykyiset "
    "koulukuljetussopimukset päättyvät lukuvuoden 2024–2025 lopussa.",
    "Koulukuljetusten hankinta on kilpailutettu avoimella menettelyllä yhteistyössä Päijät-Hämeen "
    "hankintapalveluiden kanssa. Tarjouspyyntö julkaistiin HILMA-palvelussa 10.2.2025 ja "
    "määräaikaan mennessä saatiin kuusi tarjousta. Tarjousten vertailuperusteena oli "
    "kokonaistaloudellinen edullisuus, jossa hinnan painoarvo oli 70 % ja laadun 30 %. "
    "Laatupisteitä annettiin kaluston iästä, kuljettajien ensiapukoulutuksesta ja "
    "kuljetusreittien suunnittelusta.",
    "Koulukuljetuksen piirissä on lukuvuonna 2025–2026 arviolta 310 oppilasta. Kuljetusten "
    "kustannukset ovat noin 640 000 euroa vuodessa. Hankintapäätöksen jälkeen hankintasopimus "
    "voidaan allekirjoittaa, kun päätös on saanut lainvoiman.",
]

MAKSUT_TEXT = [
    "Varhaiskasvatuksen asiakasmaksuista säädetään varhaiskasvatuksen asiakasmaksuista annetussa "
    "laissa (1503/2016). Opetus- ja kulttuuriministeriö tarkistaa joka toinen vuosi "
    "indeksimuutoksia vastaavasti tulorajat ja maksujen enimmäismäärät. Tarkistetut "
    "tulorajat ja maksut tulevat voimaan 1.8.2025.",
    "Korkein kuukausimaksu nousee 311 eurosta 327 euroon ja pienin perittävä maksu on 31 euroa. "
    "Sisaruksen maksu on enintään 40 prosenttia nuorimman lapsen maksusta. Muutoksella on "
    "arvioitu olevan noin 18 000 euron vuotuinen vaikutus kunnan maksutuottoihin.",
]

PAIVAKOTI_TEXT = [
    "Hallintosäännön 15 luvun 5 §:n mukaan hyvinvointilautakunta päättää varhaiskasvatuksen "
    "toimintayksiköiden nimistä. Uusi päiväkoti rakennetaan Vääksyn keskustaan osoitteeseen "
    "Kalmarinkatu 4. Uudisrakennukseen suunnitellaan tilat varhaiskasvatuksen ja esiopetuksen "
    "käyttöön 120 lapselle.",
    "Nimestä on keskusteltu henkilöstön, lasten ja huoltajien kanssa, ja nimiehdotuksia saatiin "
    "kyselyssä 146. Eniten kannatusta sai nimi Kirsikkapuisto, joka viittaa tontin viereen "
    "istutettavaan kirsikkapuistoon.",
]


def _hyvltk(number: int, **kw) -> Handling:
    return Handling(body="HYVOLTK", date="2025-04-09", number=number,
                    line=f"HYVOLTK 09.04.2025 § {number}", **kw)


# The committee's handlings, reused verbatim as history in the board and council minutes.
H_SEUTU = _hyvltk(
    31, preparers=[kettunen], presenter=kettunen, presenter_surname_first=True,
    proposal=["Lautakunta merkitsee sivistyspalveluiden seudullisen yhteistyön "
              "toimintakertomuksen vuodelta 2024 tiedoksi."],
    decision=["Ehdotus hyväksyttiin."],
)
H_SOPIMUS = _hyvltk(
    32, preparers=[kettunen], presenter=kettunen, presenter_surname_first=True,
    proposal=["Hyvinvointilautakunta hyväksyy osaltaan Päijät-Hämeen kuntien välisen "
              "yhteistoimintasopimuksen sivistyspalveluiden seudulliseksi kehittämiseksi vuosille "
              "2026–2029 ja sitoutuu sen noudattamiseen. Lautakunta esittää kunnanhallitukselle "
              "yhteistyösopimuksen hyväksymistä. Sopimuksen allekirjoittaa kunnanjohtaja."],
    decision=["Ehdotus hyväksyttiin."],
)
H_KULJETUS = _hyvltk(
    30, preparer_label="Valmistelijat", preparers=[hamalainen, kettunen], presenter=kettunen,
    presenter_surname_first=True,
    proposal=["Hyvinvointilautakunta päättää valita koulukuljetusten palveluntuottajiksi "
              "lukuvuosille 2025–2028 kokonaistaloudellisesti edullisimmat tarjoukset liitteen "
              "mukaisesti.",
              "Hankintasopimukset allekirjoitetaan, kun päätös on lainvoimainen."],
    decision=["Ehdotus hyväksyttiin."],
)
H_MAKSUT = _hyvltk(
    33, preparers=[laaksonen], presenter=kettunen, presenter_surname_first=True,
    proposal=["Hyvinvointilautakunta päättää hyväksyä varhaiskasvatuksen asiakasmaksujen "
              "tulorajat ja enimmäismaksut 1.8.2025 alkaen lain mukaisina ja esittää "
              "kunnanhallitukselle ja edelleen valtuustolle, että päätös julkaistaan "
              "kunnan verkkosivuilla."],
    decision=["Hyvinvointilautakunta päätti yksimielisesti hyväksyä ehdotuksen sillä "
              "muutoksella, että asiakasmaksujen muutoksista tiedotetaan huoltajille "
              "kirjeitse ennen 1.6.2025."],
)


def hyvinvointilautakunta() -> Meeting:
    """HYVOLTK 4/2025: Dynasty left-column labels, title before ``§ 31``, initials box."""
    items = [
        Item(28, "Kokouksen laillisuus ja päätösvaltaisuus", None,
             ["Hallintosäännön 127 §:n mukaan kokouskutsu lähetetään kokouksen kutsujan "
              "määräämällä tavalla viimeistään neljä päivää ennen kokousta."],
             [_hyvltk(28, presenter=kettunen, presenter_surname_first=True,
                      proposal=["Todetaan kokous laillisesti koolle kutsutuksi ja "
                                "päätösvaltaiseksi."],
                      decision=["Ehdotus hyväksyttiin."])]),
        Item(29, "Pöytäkirjan tarkastajien valinta", None,
             ["Pöytäkirjan tarkastajiksi valitaan kaksi jäsentä vuorolistan mukaisesti."],
             [_hyvltk(29, presenter=kettunen, presenter_surname_first=True,
                      proposal=["Pöytäkirjantarkastajiksi valitaan Jussi Laine ja Minna Salo."],
                      decision=["Ehdotus hyväksyttiin."])]),
        Item(30, "Koulukuljetusten hankinta lukuvuosille 2025–2028", "88/02.08.00/2025",
             KULJETUS_TEXT, [H_KULJETUS],
             extra=[("Liitteet", ["Liite 1 Tarjousten vertailutaulukko"]),
                    ("Muutoksenhaku", ["Hankintaoikaisu ja valitus markkinaoikeuteen"])]),
        Item(31, "Sivistyspalveluiden seudullisen yhteistyön toimintakertomus vuodelta 2024",
             "147/12.09/2025", SEUTU_TEXT, [H_SEUTU]),
        Item(32, "Sivistyspalveluiden seudullinen yhteistoimintasopimus vuosille 2026–2029",
             "148/00.04.01/2025", SOPIMUS_TEXT, [H_SOPIMUS]),
        Item(33, "Varhaiskasvatuksen asiakasmaksut 1.8.2025 alkaen", "152/02.05.01/2025",
             MAKSUT_TEXT, [H_MAKSUT]),
        Item(34, "Uuden päiväkodin nimeäminen", "97/10.03.02/2025", PAIVAKOTI_TEXT,
             [_hyvltk(34, preparers=[laaksonen], presenter=kettunen,
                      presenter_surname_first=True,
                      proposal=["Hyvinvointilautakunta päättää nimetä Vääksyn keskustaan "
                                "rakennettavan päiväkodin nimeksi Kirsikkapuisto."],
                      decision=["Ehdotus hyväksyttiin."])]),
    ]
    return Meeting(
        stem="asikkala-hyvinvointilautakunta-2025-04-09", layout="left-column",
        organization=ORG, body="Hyvinvointilautakunta", number="4/2025", date="2025-04-09",
        start="17:00", end="19:15", place="Kunnantalo, valtuustosali, Asikkalantie 21",
        language="fi",
        attendees=[("Anna Virtanen", "puheenjohtaja", "members"),
                   ("Kari Nieminen", "varapuheenjohtaja", "members"),
                   ("Jussi Laine", "jäsen", "members"), ("Minna Salo", "jäsen", "members"),
                   ("Eero Koskinen", "jäsen", "members"), ("Päivi Lehtinen", "jäsen", "members"),
                   ("Hannu Järvinen", "varajäsen", "members"),
                   ("Matti Kettunen", "esittelijä", "others"),
                   ("Liisa Mäkelä", "pöytäkirjanpitäjä", "others"),
                   ("Tapio Rantanen", "kunnanhallituksen edustaja", "others"),
                   ("Outi Heinonen", "jäsen", "absent")],
        items=items,
        options={"initials_box": True, "checked": "2025-04-11",
                 "public": "Asikkalan kunnan verkkosivuilla 16.04.2025"},
    )


def _kh(number: int, **kw) -> Handling:
    return Handling(body="Kunnanhallitus", date="2025-04-14", number=number,
                    line=f"Kunnanhallitus 14.04.2025 § {number}", **kw)


KH_SOPIMUS = _kh(
    74, preparer_label="Asian valmistelija", preparers=[ahola], presenter=makinen,
    proposal_label="Pohjaesitys",
    proposal=["Kunnanhallitus esittää valtuustolle, että valtuusto hyväksyy Päijät-Hämeen "
              "kuntien välisen yhteistoimintasopimuksen sivistyspalveluiden seudulliseksi "
              "kehittämiseksi vuosille 2026–2029."],
    decision=["Pohjaesitys hyväksyttiin."],
)
KH_MAKSUT = _kh(
    75, preparer_label="Lisätietoja antaa", preparers=[laaksonen, kallio], presenter=makinen,
    proposal_label="Pohjaesitys",
    proposal=["Kunnanhallitus esittää valtuustolle varhaiskasvatuksen asiakasmaksujen "
              "hyväksymistä hyvinvointilautakunnan päätöksen mukaisesti."],
    decision=["Pohjaesitys hyväksyttiin."],
)

VOTE = [
    "Keskustelun kuluessa Petri Aaltonen Eeva Kiiskisen kannattamana teki vastaehdotuksen, että "
    "Kalliolan koulun oppilaiden koulukuljetusraja säilytetään kolmessa kilometrissä.",
    "Puheenjohtaja totesi, että on tehty kannatettu vastaehdotus, joten asiasta on äänestettävä. "
    "Puheenjohtaja esitti äänestystavaksi nimenhuutoäänestystä. Hyväksyttiin.",
    "Äänestys: Pohjaesitystä kannattavat äänestävät jaa, Aaltosen vastaehdotusta kannattavat "
    "äänestävät ei.",
    "Äänestyksessä annettiin jaa 5, ei 4, tyhjiä 0. Jaa-äänet: Heikkilä, Lindholm, Nurmi, "
    "Rautio, Toivonen. Ei-äänet: Aaltonen, Kiiskinen, Laitinen, Vainio.",
    "Puheenjohtaja totesi, että kunnanhallitus on hyväksynyt pohjaesityksen äänin 5–4.",
]


def kunnanhallitus() -> Meeting:
    """KH 6/2025: same Dynasty layout, ``74 §`` numbers, reprinted HYVOLTK handlings,
    a confidential personnel item and a roll-call vote."""
    items = [
        Item(72, "Koulukuljetusperiaatteiden muuttaminen lukuvuodesta 2025–2026",
             "ASIKK/88/12.01.00/2025",
             ["Hyvinvointilautakunta on hyväksynyt koulukuljetusten hankinnan lukuvuosille "
              "2025–2028. Hankinnan yhteydessä on arvioitu, että oikeus maksuttomaan "
              "koulukuljetukseen ratkaistaan jatkossa perusopetuslain mukaisesti viiden "
              "kilometrin koulumatkan perusteella myös Kalliolan koulun oppilaiden osalta.",
              "Muutoksen arvioidaan vähentävän kuljetuskustannuksia noin 45 000 euroa vuodessa. "
              "Oppilaan koulumatkan vaarallisuus arvioidaan aina yksilöllisesti, ja "
              "huoltaja voi hakea kuljetusta erillisellä hakemuksella. Hakemukseen annetaan "
              "valituskelpoinen päätös."],
             [_kh(72, preparer_label="Valmistelija", preparers=[kettunen, hamalainen],
                  presenter=makinen, proposal_label="Esitys",
                  proposal=["Kunnanhallitus hyväksyy koulukuljetusperiaatteiden muutoksen "
                            "lukuvuodesta 2025–2026 alkaen liitteen mukaisesti."],
                  deliberation=VOTE,
                  decision=["Kunnanhallitus hyväksyi esityksen äänin 5–4."])]),
        Item(73, "Henkilöstöasia", "ASIKK/160/01.01.01/2025", [],
             [_kh(73, preparers=[], presenter=None, proposal_label=None,
                  decision=["Kunnanhallitus hyväksyi ehdotuksen."])],
             confidential_note="Salassa pidettävä JulkL 24.1 § 25 k."),
        Item(74, "Sivistyspalveluiden seudullinen yhteistoimintasopimus vuosille 2026–2029",
             "ASIKK/148/00.04.01/2025", SOPIMUS_TEXT, [H_SOPIMUS, KH_SOPIMUS]),
        Item(75, "Varhaiskasvatuksen asiakasmaksut 1.8.2025 alkaen",
             "ASIKK/152/02.05.01/2025", MAKSUT_TEXT, [H_MAKSUT, KH_MAKSUT]),
        Item(76, "Lausunto Päijät-Hämeen hyvinvointialueen palveluverkkosuunnitelmasta",
             "ASIKK/170/00.04.02/2025",
             ["Päijät-Hämeen hyvinvointialue on pyytänyt kunnilta lausuntoa "
              "palveluverkkosuunnitelmasta 30.4.2025 mennessä. Suunnitelmassa esitetään "
              "Asikkalan sosiaali- ja terveysaseman palveluiden säilyttämistä nykyisessä "
              "laajuudessa sekä suun terveydenhuollon keskittämistä Lahteen.",
              "Kunta pitää tärkeänä, että lähipalvelut säilyvät ja että "
              "palveluverkon muutosten vaikutukset asukkaiden matka-aikoihin arvioidaan."],
             [_kh(76, preparers=[ahola], presenter=makinen, proposal_label="Esitys",
                  proposal=["Kunnanhallitus antaa hyvinvointialueelle liitteen mukaisen "
                            "lausunnon."],
                  decision=["Kunnanhallitus päätti antaa lausunnon muutettuna niin, että "
                            "lausuntoon lisätään vaatimus suun terveydenhuollon "
                            "päivystyksen säilyttämisestä Vääksyssä."])]),
    ]
    return Meeting(
        stem="asikkala-kunnanhallitus-2025-04-14", layout="left-column",
        organization=ORG, body="Kunnanhallitus", number="6/2025", date="2025-04-14",
        start="16:00", end="18:40", place="Kunnantalo, kunnanhallituksen huone",
        language="fi",
        attendees=[("Marja Heikkilä", "puheenjohtaja", "members"),
                   ("Tapio Rantanen", "varapuheenjohtaja", "members"),
                   ("Petri Aaltonen", "jäsen", "members"), ("Eeva Kiiskinen", "jäsen", "members"),
                   ("Henrik Lindholm", "jäsen", "members"), ("Sanna Nurmi", "jäsen", "members"),
                   ("Timo Laitinen", "jäsen", "members"), ("Kaisa Rautio", "jäsen", "members"),
                   ("Ville Vainio", "varajäsen", "members"),
                   ("Juha Mäkinen", "esittelijä", "others"),
                   ("Tiina Ahola", "pöytäkirjanpitäjä", "others"),
                   ("Ilkka Toivonen", "jäsen", "absent")],
        items=items,
        options={"initials_box": True, "number_style": "{n} §", "checked": "2025-04-16",
                 "public": "Asikkalan kunnan verkkosivuilla 22.04.2025"},
    )


def kunnanvaltuusto() -> Meeting:
    """KV 2/2025 in the council layout: HYVOLTK and board handlings reprinted, the
    board's line in the ``Kunnanhallitus, 14.04.2025, § 74`` style, then the council's."""

    def comma_style(h: Handling) -> Handling:
        d = h.date.split("-")
        return replace(h, line=f"{h.body}, {d[2]}.{d[1]}.{d[0]}, § {h.number}")

    def kv(number: int, decision: list[str]) -> Handling:
        return Handling(body="KV", date="2025-05-05", number=number,
                        line=f"KV 05.05.2025 § {number}", presenter=None,
                        proposal_label="Kunnanhallituksen ehdotus",
                        proposal=["Kunnanhallituksen ehdotus valtuustolle on "
                                  "edellä Kunnanhallituksen pohjaesityksessä."],
                        decision=decision)

    items = [
        Item(21, "Sivistyspalveluiden seudullinen yhteistoimintasopimus vuosille 2026–2029",
             "ASIKK/148/00.04.01/2025", SOPIMUS_TEXT,
             [H_SOPIMUS, comma_style(KH_SOPIMUS),
              kv(21, ["Valtuusto hyväksyi yhteistoimintasopimuksen yksimielisesti."])]),
        Item(22, "Varhaiskasvatuksen asiakasmaksut 1.8.2025 alkaen",
             "ASIKK/152/02.05.01/2025", MAKSUT_TEXT,
             [H_MAKSUT, comma_style(KH_MAKSUT),
              kv(22, ["Ehdotus hyväksyttiin.",
                      "Merkittiin, että valtuutettu Kari Nieminen ilmoitti olevansa "
                      "esteellinen ja poistui kokouksesta asian käsittelyn ajaksi."])]),
    ]
    return Meeting(
        stem="asikkala-kunnanvaltuusto-2025-05-05", layout="council",
        organization=ORG, body="Kunnanvaltuusto", number="2/2025", date="2025-05-05",
        start="18:00", end="20:05", place="Kunnantalo, valtuustosali", language="fi",
        attendees=[("Pirjo Kuusisto", "puheenjohtaja", "members"),
                   ("Kari Nieminen", "jäsen", "members"), ("Marja Heikkilä", "jäsen", "members"),
                   ("Petri Aaltonen", "jäsen", "members"), ("Eeva Kiiskinen", "jäsen", "members"),
                   ("Anna Virtanen", "jäsen", "members"), ("Jussi Laine", "varajäsen", "members"),
                   ("Juha Mäkinen", "esittelijä", "others"),
                   ("Tiina Ahola", "pöytäkirjanpitäjä", "others")],
        items=items,
        options={"address": "Asikkalantie 21, 17200 Vääksy", "checked": "2025-05-07",
                 "public": "Asikkalan kunnan verkkosivuilla 12.05.2025"},
    )

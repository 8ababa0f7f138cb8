"""Hollola and Padasjoki: Tweb-like colon labels and a second council.

Wording follows real items in ../shared/corpus/texts (building permits, the
administrative regulation, the financial statements, the auditors' report), with names
and places changed to the sample municipalities.
"""

from __future__ import annotations

from .spec import Handling, Item, Meeting, Person

HO = "hollola.fi"
lehtonen = Person("Jari", "Lehtonen", "tekninen johtaja", "040 123 4567", HO)
rinne = Person("Kirsi", "Rinne", "rakennustarkastaja", "044 780 1234", HO)
saarinen = Person("Mikko", "Saarinen", "kunnossapitopäällikkö", None, HO)
ojala = Person("Helena", "Ojala", "suunnitteluinsinööri", "044 780 1288", HO, "pattern")
virta = Person("Pasi", "Virta", "kunnanjohtaja", "044 780 1000", HO)
koivisto = Person("Leena", "Koivisto", "hallintojohtaja", "044 780 1010", HO)
stenberg = Person("Markus", "Stenberg", "talousjohtaja", "044 780 1020", HO, "pattern")


def hollola_kunnanhallitus() -> Meeting:
    """KH 3/2025 in the colon layout with zero-width spaces and soft hyphens."""
    kh = dict(body=None, date=None, number=None, line=None)
    items = [
        Item(45, "Kokouksen laillisuus ja päätösvaltaisuus", None, [
            "Kunnanhallituksen kokoukset pidetään kunnanhallituksen päättämänä aikana ja "
            "paikassa. Kokouskutsu on lähetetty jäsenille sähköisesti 5.3.2025."],
            [Handling(**kh, presenter=virta, presenter_surname_first=True,
                      proposal_label="Ehdotus",
                      proposal=["Kokous todetaan laillisesti koolle kutsutuksi ja "
                                "päätösvaltaiseksi."],
                      decision=["Hyväksyttiin."])]),
        Item(46, "Rakennuslupahakemus, koulurakennuksen laajennus ja maalämpökaivojen "
                 "rakentaminen, Salpakankaan koulu, Koulutie 4", "Dno 147/2025", [
            "Hakija: Hollolan kunta, tekninen toimiala.",
            "Rakennuslupa, MRL 125.1 §, MRA 54 § ja aloittamisoikeus MRL 144 §. "
            "Rakennushanke soveltuu rakennuspaikalle ja täyttää luvan myöntämisen "
            "edellytykset. Poikkeamiset ovat vähäisiä ja perusteltuja.",
            "Naapurin huomautus on huomioitu suunnitelmissa. Tarkemmat hankkeeseen liittyvät "
            "seikat ja selvitykset ilmenevät liitteenä olevasta lupapäätöksestä. Koska "
            "hakijana on kunta itse, lupa-asia käsitellään kunnanhallituksessa."],
            [Handling(**kh, preparers=[rinne], presenter=lehtonen,
                      presenter_surname_first=True, proposal_label="Päätösehdotus",
                      proposal=["Kunnanhallitus päättää myöntää haetun rakennusluvan "
                                "liitteenä olevan lupapäätöksen mukaisesti ja siinä "
                                "mainituin määräyksin sekä hyväksyy esitetyt pääpiirustukset.",
                                "Hakemus aloittaa rakennustyöt ennen päätöksen "
                                "lainvoimaisuutta hyväksytään 20 000 euron vakuutta vastaan."],
                      decision=["Päätösehdotus hyväksyttiin."])],
            extra=[("Tiedoksi", ["Hakija, rakennusvalvonta"])]),
        Item(47, "Katuvalaistuksen saneeraus ja siirtyminen LED-valaisimiin vuosina 2025–2027",
             "HOLL/1472/02.08.00/2025", [
                 "Kunnan katuvalaistuksessa on noin 6 400 valaisinta, joista kolmannes on "
                 "elohopeahöyrylamppuja. Elohopealamppujen myynti on päättynyt, eikä "
                 "varaosia ole enää saatavilla. Saneerauksella energiankulutuksen arvioidaan "
                 "laskevan noin 60 prosenttia.",
                 "Hankkeen kustannusarvio on 1,9 miljoonaa euroa. Investointi on "
                 "sisällytetty vuoden 2025 talousarvioon ja taloussuunnitelmaan."],
             [Handling(body="Tekninen lautakunta", date="2025-02-18", number=12,
                       line="Tekninen lautakunta, 18.02.2025, § 12",
                       preparer_label="Valmistelijat", preparers=[saarinen, ojala],
                       presenter=lehtonen, proposal_label="Päätösehdotus",
                       proposal=["Tekninen lautakunta esittää kunnanhallitukselle, että "
                                 "katuvalaistuksen saneeraus toteutetaan vuosina "
                                 "2025–2027 liitteen mukaisessa järjestyksessä."],
                       decision=["Ehdotus hyväksyttiin yksimielisesti."]),
              Handling(body="Kunnanhallitus", date="2025-03-10", number=47,
                       line="Kunnanhallitus, 10.03.2025, § 47",
                       preparer_label="Valmistelijat", preparers=[lehtonen, stenberg, ojala],
                       presenter=virta, proposal_label="Kunnanjohtajan ehdotus",
                       proposal=["Kunnanhallitus hyväksyy katuvalaistuksen saneerauksen "
                                 "teknisen lautakunnan esityksen mukaisesti ja oikeuttaa "
                                 "teknisen toimialan kilpailuttamaan urakan."],
                       decision=["Kunnanjohtajan ehdotus hyväksyttiin."])]),
        Item(48, "Hallintosäännön muutokset 1.4.2025 alkaen", "HOLL/1490/00.01.01/2025", [
            "Valtuusto on 9.12.2024 § 88 hyväksynyt päivitetyn hallintosäännön, joka tuli "
            "voimaan 1.1.2025. Edelleen hallintosääntöön esitetään tehtäväksi seuraavat "
            "päivitykset ja korjaukset:",
            "- 8 § Kunnanhallituksen jaostot: elinvoimajaoston jäsenmäärä muutetaan "
            "seitsemästä viiteen,",
            "- 33 § Viranhaltijoiden ratkaisuvalta hankinnoissa: hankintarajat tarkistetaan,",
            "- 54 § Sähköinen kokous: kokouskutsu voidaan lähettää sähköisesti.",
            "Muutokset on käsitelty johtoryhmässä 24.2.2025."],
            [Handling(**kh, preparer_label="Lisätiedot", preparers=[koivisto],
                      presenter=virta, proposal_label="Kunnanjohtajan ehdotus",
                      proposal=["Kunnanhallitus esittää valtuustolle hallintosääntöä "
                                "muutettavaksi pykälien 8, 33 ja 54 osalta esitetyn "
                                "mukaisesti siten, että muutokset tulevat voimaan 1.4.2025.",
                                "Pöytäkirja tämän pykälän osalta tarkastetaan kokouksessa."],
                      decision_label=None)]),
        Item(49, "Viranhaltijoiden päätösten otto-oikeus", None, [
            "Kunnanhallitukselle on saapunut seuraavat viranhaltijoiden päätöspöytäkirjat:",
            "- Kunnanjohtaja 17.2.–6.3.2025 §:t 12–19",
            "- Hallintojohtaja 20.2.–5.3.2025 §:t 8–11",
            "- Tekninen johtaja 18.2.–4.3.2025 §:t 21–27",
            "Päätöspöytäkirjat ovat luottamushenkilöiden nähtävillä esityslistan yhteydessä."],
            [Handling(**kh, preparer_label="Lisätietoja antaa", preparers=[koivisto],
                      presenter=virta, presenter_surname_first=True, proposal_label="Ehdotus",
                      proposal=["Kunnanhallitus päättää, että pöytäkirjoista ilmeneviä "
                                "päätöksiä ei oteta kunnanhallituksen käsiteltäväksi."],
                      decision=["Ehdotus hyväksyttiin."])]),
    ]
    return Meeting(
        stem="hollola-kunnanhallitus-2025-03-10", layout="colon",
        organization="Hollolan kunta", body="Kunnanhallitus", number="3/2025",
        date="2025-03-10", start="17:00", end="19:20",
        place="Kunnantalo, kunnanhallituksen kokoushuone, Virastotie 3", language="fi",
        attendees=[("Jaana Peltonen", "puheenjohtaja", "members"),
                   ("Antti Hakala", "1. varapuheenjohtaja", "members"),
                   ("Raija Kivelä", "jäsen", "members"), ("Olli Pesonen", "jäsen", "members"),
                   ("Mirja Savolainen", "jäsen", "members"), ("Teemu Vuori", "jäsen", "members"),
                   ("Heidi Lampinen", "varajäsen", "members"),
                   ("Pasi Virta", "esittelijä", "others"),
                   ("Leena Koivisto", "pöytäkirjanpitäjä", "others"),
                   ("Markku Aho", "jäsen", "absent")],
        items=items,
        options={"zero_width": True, "hyphenate": 0.5,
                 "checked_text": "Tarkastettu sähköisesti 12.3.2025"},
    )


def hollola_valtuusto() -> Meeting:
    """KV 4/2024 in the council layout: earlier handlings under ``KH 27.05.2024 § 110``."""
    tarlk = Person("Sirpa", "Hänninen", "Tarkastuslautakunnan sihteeri", "044 780 1090", HO)
    items = [
        Item(31, "Tilinpäätös 2023, tilinpäätöksen hyväksyminen ja vastuuvapauden myöntäminen",
             "Dno 210/02.06.01/2024", [
                 "Kunnanhallituksen on kuntalain 113 §:n mukaan laadittava tilikaudelta "
                 "tilinpäätös, joka sisältää taseen, tuloslaskelman, rahoituslaskelman ja "
                 "niiden liitteenä olevat tiedot sekä talousarvion toteutumisvertailun ja "
                 "toimintakertomuksen.",
                 "Tilikauden tulos vuodelta 2023 on 2,4 miljoonaa euroa ylijäämäinen. "
                 "Vuosikate oli 14,1 miljoonaa euroa ja investointien omahankintameno 12,7 "
                 "miljoonaa euroa. Lainakanta asukasta kohden laski 3 112 euroon.",
                 "Tarkastuslautakunnan on kannanottojensa pohjalta tehtävä valtuustolle "
                 "ehdotuksensa siitä, onko tilinpäätös hyväksyttävä ja voidaanko "
                 "tilivelvollisille myöntää vastuuvapaus."],
             [Handling(body="KH", date="2024-05-27", number=110,
                       line="KH 27.05.2024 § 110", preparers=[stenberg], presenter=virta,
                       proposal_label="Kunnanjohtajan ehdotus",
                       proposal=["Kunnanhallitus esittää valtuustolle, että tilinpäätös "
                                 "vuodelta 2023 hyväksytään ja tilikauden ylijäämä "
                                 "kirjataan taseen edellisten tilikausien yli- ja "
                                 "alijäämätilille."],
                       decision=["Ehdotus hyväksyttiin."]),
              Handling(body="KVALT", date="2024-06-17", number=31,
                       line="KVALT 17.06.2024 § 31", proposal_label="Ehdotus",
                       proposal=["Valtuusto hyväksyy tilinpäätöksen vuodelta 2023 ja "
                                 "myöntää vastuuvapauden tilivelvollisille tilikaudelta 2023."],
                       decision=["Ehdotus hyväksyttiin yksimielisesti.",
                                 "Merkittiin, että tilivelvolliset valtuutetut eivät "
                                 "osallistuneet vastuuvapautta koskevan asian käsittelyyn."])]),
        Item(32, "Arviointikertomus vuodelta 2023 ja kunnanhallituksen selvitys",
             "Dno 188/00.02.02/2024", [
                 "Kuntalain 121 §:n mukaan tarkastuslautakunnan on valmisteltava valtuuston "
                 "päätettävät hallinnon ja talouden tarkastusta koskevat asiat sekä "
                 "arvioitava, ovatko valtuuston asettamat toiminnan ja talouden tavoitteet "
                 "kunnassa ja kuntakonsernissa toteutuneet.",
                 "Tarkastuslautakunta on käsitellyt vuoden 2023 arviointikertomuksen "
                 "kokouksessaan. Kunnanhallitus on pyytänyt toimialoilta selvitykset "
                 "toimenpiteistä, joihin arviointikertomus antaa aihetta."],
             [Handling(body="TARLTK", date="2024-05-13", number=22,
                       line="TARLTK 13.05.2024 § 22", preparers=[tarlk], presenter=None,
                       proposal_label="Ehdotus",
                       proposal=["Tarkastuslautakunta hyväksyy arviointikertomuksen "
                                 "vuodelta 2023 ja saattaa sen valtuuston käsiteltäväksi."],
                       decision=["Hyväksyttiin."]),
              Handling(body="KH", date="2024-05-27", number=111,
                       line="KH 27.05.2024 § 111", preparers=[koivisto], presenter=virta,
                       proposal_label="Kunnanjohtajan ehdotus",
                       proposal=["Kunnanhallitus antaa valtuustolle liitteen mukaisen "
                                 "selvityksen arviointikertomuksen johdosta."],
                       decision=["Ehdotus hyväksyttiin."]),
              Handling(body="KVALT", date="2024-06-17", number=32,
                       line="KVALT 17.06.2024 § 32", proposal_label="Ehdotus",
                       proposal=["Valtuusto merkitsee arviointikertomuksen ja "
                                 "kunnanhallituksen selvityksen tiedoksi."],
                       decision=["Ehdotus hyväksyttiin."])]),
    ]
    return Meeting(
        stem="hollola-kunnanvaltuusto-2024-06-17", layout="council",
        organization="Hollolan kunta", body="Kunnanvaltuusto", number="4/2024",
        date="2024-06-17", start="18:00", end="21:10", place="Hollolan kunnantalo, valtuustosali",
        language="fi",
        attendees=[("Kimmo Rautiainen", "puheenjohtaja", "members"),
                   ("Jaana Peltonen", "jäsen", "members"), ("Antti Hakala", "jäsen", "members"),
                   ("Raija Kivelä", "jäsen", "members"), ("Olli Pesonen", "jäsen", "members"),
                   ("Anu Mattila", "varajäsen", "members"),
                   ("Pasi Virta", "esittelijä", "others"),
                   ("Leena Koivisto", "pöytäkirjanpitäjä", "others"),
                   ("Teemu Vuori", "jäsen", "absent")],
        items=items,
        options={"address": "Virastotie 3, 15870 Hollola", "checked": "2024-06-19"},
    )


PD = "padasjoki.fi"
nurmela = Person("Tarja", "Nurmela", "sivistysjohtaja", "040 734 6100", PD)
berg = Person("Kalle", "Berg", "koulutoimistosihteeri", "040 734 6120", PD, "pattern")
aalto = Person("Noora", "Aalto", "varhaiskasvatusjohtaja", None, PD)


def padasjoki_sivistys() -> Meeting:
    """Sivistyslautakunta 7/2024: colon labels, title before the ``§ 58`` line."""
    sj = dict(body=None, date=None, number=None, line=None)
    items = [
        Item(58, "Oikaisuvaatimus koulukuljetusta koskevasta päätöksestä",
             "Asianumero PADDno-2024-118", [
                 "Huoltaja on hakenut lapselleen maksutonta koulukuljetusta koulumatkan "
                 "vaarallisuuden perusteella. Koulutoimistosihteeri on päätöksellään "
                 "12.8.2024 § 14 hylännyt hakemuksen, koska koulumatka on 3,2 kilometriä "
                 "ja reitillä on kevyen liikenteen väylä.",
                 "Huoltaja on tehnyt päätöksestä oikaisuvaatimuksen 26.8.2024. "
                 "Oikaisuvaatimuksessa todetaan, että reitin ylittää maantie 24 ilman "
                 "suojatietä ja että talvella väylää ei aurata aamulla ennen koulun alkua.",
                 "Koulumatkan vaarallisuus on arvioitu uudelleen yhdessä "
                 "liikenneturvallisuusasiantuntijan kanssa. Arvion mukaan ylityskohta on "
                 "7-vuotiaalle oppilaalle liian vaarallinen, joten kuljetusoikeus on "
                 "perusteltu."],
             [Handling(**sj, preparer_label="Valmistelu", preparers=[berg, nurmela],
                       presenter=nurmela, proposal_label="Sivistysjohtajan päätösehdotus",
                       proposal=["Sivistyslautakunta hyväksyy oikaisuvaatimuksen ja "
                                 "myöntää oppilaalle maksuttoman koulukuljetuksen "
                                 "lukuvuodeksi 2024–2025."],
                       decision=["Sivistysjohtajan päätösehdotus hyväksyttiin."])],
             extra=[("Muutoksenhaku", ["Valitus hallinto-oikeuteen"])]),
        Item(59, "Lukuvuoden 2025–2026 työ- ja loma-ajat", "Asianumero PADDno-2024-131", [
            "Perusopetuslain 23 §:n mukaan lukuvuosi alkaa 1. päivänä elokuuta ja päättyy 31. "
            "päivänä heinäkuuta. Koulujen lukuvuoden koulutyö alkaa elokuussa viikolla 33 ja "
            "päättyy viikon 22 viimeisenä arkipäivänä.",
            "Koulutyö kestää 190 päivää. Koulutyö päättyy lauantaina 30.5.2026, joka on "
            "koulupäivä."],
            [Handling(**sj, preparer_label="Lisätietoja antaa", preparers=[nurmela],
                      presenter=nurmela, proposal_label="Päätösehdotus",
                      proposal=["Sivistyslautakunta vahvistaa lukuvuoden 2025–2026 työ- ja "
                                "loma-ajat seuraavasti:",
                                "- syyslukukausi 7.8.2025–19.12.2025",
                                "- syysloma 13.10.2025–17.10.2025",
                                "- kevätlukukausi 7.1.2026–30.5.2026",
                                "- talviloma 23.2.2026–27.2.2026"],
                      decision=["Ehdotus hyväksyttiin."])]),
        Item(60, "Varhaiskasvatuksen palveluseteli 1.1.2025 alkaen",
             "Asianumero PADDno-2024-140", [
                 "Kunta voi järjestää varhaiskasvatusta myös antamalla palvelusetelin. "
                 "Palvelusetelin arvo on tulosidonnainen, ja sen enimmäisarvo kokopäiväisessä "
                 "varhaiskasvatuksessa on 1 150 euroa kuukaudessa.",
                 "Palvelusetelin sääntökirja on päivitetty vastaamaan lainsäädännön "
                 "muutoksia."],
             [Handling(**sj, preparer_label="Valmistelija", preparers=[aalto],
                       presenter=nurmela, presenter_surname_first=True,
                       proposal_label="Pohjaesitys",
                       proposal=["Sivistyslautakunta hyväksyy varhaiskasvatuksen "
                                 "palvelusetelin sääntökirjan 1.1.2025 alkaen."],
                       decision=["Sivistyslautakunta päätti palauttaa asian uudelleen "
                                 "valmisteltavaksi."])]),
    ]
    return Meeting(
        stem="padasjoki-sivistyslautakunta-2024-09-18", layout="colon",
        organization="Padasjoen kunta", body="Sivistyslautakunta", number="7/2024",
        date="2024-09-18", start="18:00", end="19:35", place="Padasjoen kunnantalo, Kellosalmentie 1",
        language="fi",
        attendees=[("Eija Hirvonen", "puheenjohtaja", "members"),
                   ("Lauri Kangas", "varapuheenjohtaja", "members"),
                   ("Sini Väisänen", "jäsen", "members"), ("Erkki Pulkkinen", "jäsen", "members"),
                   ("Maija Rönkkö", "jäsen", "members"),
                   ("Tarja Nurmela", "esittelijä", "others"),
                   ("Kalle Berg", "pöytäkirjanpitäjä", "others")],
        items=items,
        options={"title_first": True, "zero_width": True,
                 "checked_text": "Tarkastettu 20.9.2024"},
    )

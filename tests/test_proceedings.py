"""The deliberation of a section (parser/proceedings.py): counter-proposals, seconders,
votes, disqualifications and dissents, read from sentences copied from Lapua's minutes,
and on the real PDFs of tests/corpus_gold/lapua_proceedings against their gold."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from parser.archive import DOCUMENT_CHILDREN, ensure_db_shape, save_rows, to_rows
from parser.model import Attendee, Document, Part, Presenter, Section, Source
from parser.proceedings import read_proceedings, sentences

GOLD = Path(__file__).parent / "corpus_gold" / "lapua_proceedings"


def decision(*paragraphs: str) -> list[Part]:
    return [Part("decision", "Päätös", "\n\n".join(paragraphs))]


def members(*names: str) -> list[Attendee]:
    return [Attendee(name, "jäsen", "members") for name in names]


# --------------------------------------------------------------------------- sentences


def test_sentences_split_at_full_stops_but_not_after_abbreviations_or_ordinals():
    text = ("Keskustelun kuluessa Rauno Latvala teki vastaehdotuksen, että asia palautetaan "
            "uuteen valmisteluun. Lautakunnan muut jäsenet kannattivat Latvalan tekemää "
            "vastaehdotusta.")
    assert len(sentences(text)) == 2
    assert len(sentences("Esteellisenä kokouksesta poistui kaupunginhallituksen 1. "
                         "varapuheenjohtaja Pekka Kivisaari klo 17.03 - 17.14.")) == 1


# --------------------------------------------------------------------------- counter-proposals


def test_a_counter_proposal_seconded_and_withdrawn_in_one_sentence():
    got = read_proceedings(decision(
        "Kokouksen aikana käydyssä keskustelussa valtuutettu Hannu Saarela teki "
        "kaupunginhallituksen ehdotuksesta poikkeavan vastaesityksen, jota Esko Yli-Karhu "
        "kannatti ja jonka jälkeen Hannu Saarela veti esityksensä pois.",
        "Kaupunginvaltuusto hyväksyi kaupunginhallituksen ehdotuksen keskustelun jälkeen."))
    [proposal] = got.counter_proposals
    assert (proposal.by, proposal.seconded_by, proposal.result) == (
        "Hannu Saarela", ["Esko Yli-Karhu"], "withdrawn")
    assert proposal.text is None  # only the fact is printed


def test_a_counter_proposal_that_won_an_open_vote():
    got = read_proceedings(decision(
        "Kaupunginjohtaja alusti asiaa. Keskustelun aikana kaupunginhallituksen jäsen Marcus "
        "Toppari teki kaupunginjohtajan ehdotuksesta poikkeavan esityksen, jossa asia "
        "palautetaan takaisin valmisteluun. Lapuan kaupunginhallituksen varajäsen Sini Syrjälä "
        "kannatti Marcus Topparin esitystä. Kaupunginhallituksen puheenjohtaja Kai Pöntinen "
        "totesi, että Marcus Toppari on tehnyt Sini Syrjälän kannattamana kaupunginjohtajan "
        "ehdotuksesta eriävän esityksen, joten asiassa suoritetaan avoin äänestys. "
        "Puheenjohtaja esitti, että ne, jotka kannattavat kaupunginjohtajan ehdotusta "
        "äänestävät JAA ja ne, jotka kannattivat Marcus Topparin esitystä äänestävät EI. "
        "Äänestys hyväksyttiin.",
        "Suoritetussa avoimessa äänestyksessä annettiin 4 JAA- ääntä ja 7 EI- ääntä."))
    [proposal] = got.counter_proposals
    assert proposal.by == "Marcus Toppari"
    assert proposal.seconded_by == ["Sini Syrjälä"]  # the chair's restatement adds no one
    assert proposal.text == "asia palautetaan takaisin valmisteluun"
    assert proposal.result == "won_vote"
    [vote] = got.votes
    assert vote.counts == {"jaa": 4, "ei": 7} and vote.winner == "ei"
    assert "Marcus Topparin esitystä" in vote.subject


def test_a_counter_proposal_nobody_seconded_lapses_and_its_maker_dissents():
    got = read_proceedings(decision(
        "Kaupunginjohtaja alusti asiaa. Kokouksen aikana käydyssä keskustelussa "
        "kaupunginhallituksen 1.varapuheenjohtaja Pekka Kivisaari teki kaupunginjohtajan "
        "ehdotuksesta poikkeavan esityksen, jossa \"kaupunginhallitus päättää hyväksyä "
        "Simpsiön kehittämiseen varatusta määrärahasta kohdistettavaksi 5004,17 (ialv) "
        "kyltityksiin\". Pekka Kivisaaren esitys raukesi kannattamattomana.",
        "Kaupunginhallitus hyväksyi kaupunginjohtajan ehdotuksen keskustelun jälkeen.",
        "Kaupunginhallituksen 1.varapuheenjohtaja Pekka Kivisaari jätti päätökseen eriävän "
        "mielipiteen."))
    [proposal] = got.counter_proposals
    assert (proposal.by, proposal.seconded_by, proposal.result) == ("Pekka Kivisaari", [], "not_seconded")
    assert proposal.text.startswith("kaupunginhallitus päättää hyväksyä")
    [statement] = got.statements
    assert (statement.kind, statement.by, statement.text) == ("dissent", ["Pekka Kivisaari"], None)


def test_the_presenters_changed_proposal_is_not_a_counter_proposal():
    got = read_proceedings(decision(
        "Keskustelun kuluessa tekninen johtaja muutti ehdotustaan siten, että asia "
        "palautetaan valmisteluun. Lautakunta hyväksyi muutetun pohjaehdotuksen yksimielisesti."))
    assert got.counter_proposals == [] and got.votes == []


def test_the_other_members_seconding_names_them_from_the_attendee_list():
    got = read_proceedings(decision(
        "Keskustelun kuluessa Rauno Latvala teki vastaehdotuksen, että asia palautetaan "
        "uuteen valmisteluun. Lautakunnan muut jäsenet kannattivat Latvalan tekemää "
        "vastaehdotusta.",
        "Lautakunta päätti yksimielisesti palauttaa asian uuteen valmisteluun."),
        members("Matti Kuusisaari", "Rauno Latvala", "Jaana Tuuri"))
    [proposal] = got.counter_proposals
    assert proposal.seconded_by == ["Matti Kuusisaari", "Jaana Tuuri"]
    assert proposal.result == "adopted"


def test_seconders_printed_after_the_verb_and_a_roll_call_by_surnames():
    attendees = members("Anja Knuuttila", "Matti Kuusisaari", "Jaana Tuuri", "Hanne Ronkainen",
                        "Lasse Rajala", "Rauno Latvala", "Marko Makkonen", "Jaakko Ojanperä",
                        "Pilvi-Maria Portin")
    got = read_proceedings(decision(
        "Keskustelun kuluessa tekninen johtaja muutti ehdotustaan siten, että kaavan "
        "jatkovalmistelussa tulee ottaa huomioon saattoliikenne ja jalkakulku alueella.",
        "Anja Knuuttila kannatti esittelijän muutettua pohjaehdotusta.",
        "Matti Kuusisaari teki vastaehdotuksen, että teknisen lautakunnan lausunnossa "
        "esitettäisiin katujen pysyttämistä nykyisillä paikoillaan, mutta pysäköintialue "
        "istutuksineen osoitettaisiin ns. Syväojan tontille. Kuusisaaren vastaehdotusta "
        "kannattivat Rauno Latvala, Jaana Tuuri ja Hanne Ronkainen.",
        "Puheenjohtaja totesi, että oli tehty kannatettu vastaehdotus, joten on suoritettava "
        "äänestys.",
        "Ne, jotka kannattavat esittelijän muutettua pohjaehdotusta, äänestävät JAA ja ne, "
        "jotka kannattavat Kuusisaaren tekemää vastaehdotusta, äänestävät EI. Suoritetussa "
        "nimenhuutoäänestyksessä annettiin 1 JAA-ääntä (Knuuttila) ja 8 EI-ääntä (Kuusisaari, "
        "Tuuri, Ronkainen, Rajala, Latvala, Makkonen, Ojanperä, Portin).",
        "Lautakunnan päätökseksi tuli Matti Kuusisaaren tekemä vastaehdotus."), attendees)
    [proposal] = got.counter_proposals  # Anja Knuuttila seconded the presenter, not a member
    assert proposal.seconded_by == ["Rauno Latvala", "Jaana Tuuri", "Hanne Ronkainen"]
    assert proposal.text.endswith("ns. Syväojan tontille")
    assert proposal.result == "won_vote"
    [vote] = got.votes
    assert vote.counts == {"jaa": 1, "ei": 8}
    assert vote.members["Anja Knuuttila"] == "jaa" and vote.members["Pilvi-Maria Portin"] == "ei"
    assert len(vote.members) == 9


def test_a_show_of_hands_counts_the_presenters_proposal_as_jaa():
    got = read_proceedings(decision(
        "Keskustelun aikana lautakunnan jäsen Samuli Kylkisalo teki sivistys- ja "
        "hyvinvointijohtajan esityksestä poikkeavan esityksen:",
        "Lapuan kaupunki jatkaa esiopetuksen ostopalvelua yksityisiltä palveluntuottajilta.",
        "Lautakunnan jäsen Hannu Saarela ja lautakunnan varapuheenjohtaja Simo Ikola "
        "kannattivat Samuli Kylkisalon ehdotusta.",
        "Suoritetussa kädennostoäänestyksessä Samuli Kylkisalon esityksen puolesta annettiin "
        "seitsemän (7) ääntä ja sivistys- ja hyvinvointijohtajan esityksen puolesta kaksi (2) "
        "ääntä. Äänestysluettelo liitteenä."), members("Simo Ikola"))
    [proposal] = got.counter_proposals
    assert proposal.text == "Lapuan kaupunki jatkaa esiopetuksen ostopalvelua yksityisiltä palveluntuottajilta."
    assert proposal.seconded_by == ["Hannu Saarela", "Simo Ikola"]
    assert proposal.result == "won_vote"
    assert got.votes[0].counts == {"ei": 7, "jaa": 2} and got.votes[0].members is None


# --------------------------------------------------------------------------- disqualifications


def test_disqualified_people_and_their_ground_but_not_substitutes_or_experts():
    got = read_proceedings([Part("disqualification", "Esteellisyys", (
        "Esteellisenä (yhteisöjäävi) kokouksesta poistui tämän asian ja §:n 22 käsittelyn ja "
        "päätöksenteon ajaksi kaupunginhallituksen jäsenet Jenni Huttunen ja Pekka Hella klo "
        "17.07 - 18.00 väliseksi ajaksi. Kaupunginhallituksen jäsen Hanna-Maria Kortesoja "
        "poistui esteellisenä (yhteisöjäävi) tämän asian ja §:en 22 ja 30 käsittelyn ja "
        "päätöksenteon ajaksi klo 17.07 - 18.16. Pekka Hella kutsuttiin asiantuntijana "
        "takaisin kokoukseen klo 17.07-17.43 väliseksi ajaksi. Läsnä kokouksessa tämän asian "
        "sekä §:n 22 käsittelyn ja päätöksenteon ajan klo 17.07 - 17.59 oli varajäsen Rauno "
        "Latvala."))])
    assert [(d.person, d.ground) for d in got.disqualifications] == [
        ("Jenni Huttunen", "yhteisöjäävi"), ("Pekka Hella", "yhteisöjäävi"),
        ("Hanna-Maria Kortesoja", "yhteisöjäävi")]


def test_a_disqualification_in_the_decision_without_the_word_esteellinen():
    got = read_proceedings(decision(
        "Lautakunta hyväksyi esityksen.",
        "Puheenjohtaja Juha Kattelus poistui kokoushuoneesta asian käsittelyn ja "
        "päätöksenteon ajaksi (osallisuusjäävi). Puheenjohtajana tämän pykälän ajan toimi "
        "varapuheenjohtaja Markku Keskikallio."))
    assert [(d.person, d.ground) for d in got.disqualifications] == [("Juha Kattelus", "osallisuusjäävi")]


def test_a_sentence_broken_by_a_paragraph_break_is_read_whole():
    got = read_proceedings([Part("disqualification", "Esteellisyys",
                                 "Esteellisenä (asianosaisjäävi) kokouksesta poistui asian "
                                 "päätöksenteon ajaksi klo 20.01\n\n- 20.03 kaupunginhallituksen "
                                 "jäsen Hanna-Maria Kortesoja sekä kaupunginvaltuuston varajäsen "
                                 "Hanna Holtinkoski.")])
    assert [d.person for d in got.disqualifications] == ["Hanna-Maria Kortesoja", "Hanna Holtinkoski"]


# --------------------------------------------------------------------------- statements


def test_a_dissent_signed_by_title_is_the_presenters():
    got = read_proceedings(
        [Part("deliberation", "Eriävä mielipide",
              "Sivistys- ja hyvinvointijohtaja jätti sivistyslautakunnan päätöksestä eriävän mielipiteen.")],
        presenter=Presenter("Mika Kamunen", "Sivistys- ja hyvinvointijohtaja"))
    assert [(s.kind, s.by) for s in got.statements] == [("dissent", ["Mika Kamunen"])]


def test_attendance_notes_are_not_statements():
    got = read_proceedings(decision(
        "Lautakunta hyväksyi ehdotuksen.",
        "Pöytäkirjamerkintä: Kunnallistekniikan päällikkö Ulpu Viimaluoto oli asiantuntijana "
        "läsnä kokouksessa tämän pykälän käsittelyn aikana."))
    assert got.statements == [] and got.disqualifications == []


# --------------------------------------------------------------------------- contract, archive


def _document(confidential: bool) -> Document:
    section = Section(number=5, title="Vuokrasopimus", confidential=confidential, decision="x",
                      parts=decision(
                          "Kaupunginhallituksen jäsen Pekka Hella teki kaupunginjohtajan "
                          "ehdotuksesta poikkeavan esityksen, jossa vuokralaisen on poistettava "
                          "rakennukset. Kaupunginhallituksen jäsen Riitta Kangasluoma kannatti "
                          "Pekka Hellan esitystä.",
                          "Suoritetussa nimenhuutoäänestyksessä annettiin 2 JAA-ääntä ja 8 EI-ääntä.",
                          "Esteellisenä (osallisuusjäävi) kokouksesta poistui kaupunginhallituksen "
                          "puheenjohtaja Kai Pöntinen."))
    section.proceedings = read_proceedings(section.parts)
    return Document(source=Source(path="kh.pdf", sha256="ab" * 32, pages=3), sections=[section])


def test_proceedings_are_in_the_json_contract_and_read_back():
    data = _document(False).to_dict()
    assert data["sections"][0]["proceedings"]["votes"][0]["counts"] == {"jaa": 2, "ei": 8}
    assert Document.from_dict(data).to_dict() == data


@pytest.mark.parametrize("confidential", [False, True])
def test_archive_rows_by_section_and_none_for_a_confidential_section(confidential):
    rows = to_rows(_document(confidential))
    tables = ("counter_proposals", "votes", "disqualifications", "statements")
    if confidential:
        assert all(rows[t] == [] for t in tables)
        return
    assert rows["counter_proposals"][0]["proposer"] == "Pekka Hella"
    assert rows["counter_proposals"][0]["seconded_by"] == '["Riitta Kangasluoma"]'
    assert (rows["votes"][0]["yes"], rows["votes"][0]["no"], rows["votes"][0]["winner"]) == (2, 8, "ei")
    assert rows["disqualifications"][0]["person"] == "Kai Pöntinen"
    section_id = rows["sections"][0]["id"]
    assert {r["section_id"] for t in tables for r in rows[t]} == {section_id}
    assert set(tables) <= set(DOCUMENT_CHILDREN)
    db = sqlite_utils.Database(memory=True)
    ensure_db_shape(db)
    save_rows(db, rows)
    save_rows(db, rows)  # a re-import replaces the document and its children
    assert db["votes"].count == 1 and db["counter_proposals"].count == 1


# --------------------------------------------------------------------------- real PDFs


def test_real_minutes_against_their_deliberation_gold():
    """Every gold file of tests/corpus_gold/lapua_proceedings, parsed from its PDF."""
    from parser.evaluate import PROCEEDINGS_FIELDS, discover_gold, evaluate_dir

    cases, _ = discover_gold(GOLD)
    if not cases:
        pytest.skip("the Lapua corpus PDFs are not beside the repository")
    report = evaluate_dir(GOLD)
    fields = report.totals.fields
    for name in PROCEEDINGS_FIELDS:
        assert fields[name].total and fields[name].accuracy >= 0.95, (
            name, [f for f in report.totals.failures if f.field == name])


def test_a_real_vote_with_members_from_the_pdf():
    from parser.evaluate import discover_gold
    from parser.pipeline import parse_pdf

    cases = [c for c in discover_gold(GOLD)[0] if c.gold_path.name == "lapua-tekninen-lautakunta-2025-05-20.json"]
    if not cases:
        pytest.skip("the Lapua corpus PDFs are not beside the repository")
    document = parse_pdf(cases[0].pdf_path)
    section = next(s for s in document.sections if s.number == 84)
    [vote] = section.proceedings.votes
    assert vote.counts == {"jaa": 0, "ei": 8} and vote.winner == "ei"
    assert vote.members["Antti Kaartinen"] == "ei"
    [proposal] = section.proceedings.counter_proposals
    assert (proposal.by, proposal.result) == ("Rauno Latvala", "won_vote")
    assert proposal.seconded_by == ["Maiju Lemettinen", "Jaana Tuuri", "Marko Makkonen"]
    # The earlier handling of § 19 reprinted on pp. 23-25 (its 6-3 vote) is not this one's.
    assert all(v.counts != {"jaa": 6, "ei": 3} for v in section.proceedings.votes)

"""Appeal route per section (parser/appeals.py): on the real Lapua minutes of the appeal
gold (tests/corpus_gold/lapua_appeals, read from rendered pages) and on small closing
pages built here for the forms Lapua does not print (ranges, lists above their heading,
Swedish)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parser.appeals import appeal_routes, section_list
from parser.archive import to_rows
from parser.model import Appeal, Document, Part, Section, Source

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "corpus_gold" / "lapua_appeals"
GOLD_FILES = sorted(GOLD.glob("lapua-*.json"))
HAS_CORPUS = (ROOT.parent / "shared" / "corpus").is_dir()

_parsed: dict[str, Document] = {}


def gold_and_parsed(name: str) -> tuple[dict, Document]:
    """A gold file and its PDF parsed by the whole pipeline (once per run)."""
    if not HAS_CORPUS:
        pytest.skip("../shared/corpus is not beside the repository")
    from parser.pipeline import parse_pdf

    gold = json.loads((GOLD / name).read_text(encoding="utf-8"))
    if name not in _parsed:
        _parsed[name] = parse_pdf((GOLD / gold["source"]["path"]).resolve())
    return gold, _parsed[name]


def appeal_of(document: Document, number: int) -> Appeal | None:
    return next(s.appeal for s in document.sections if s.number == number)


# --------------------------------------------------------------------------- real minutes


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_routes_and_days_of_each_gold_file(path):
    gold, document = gold_and_parsed(path.name)
    sections = gold["sections"]
    routes = days = 0
    for expected in sections:
        got = appeal_of(document, expected["number"])
        routes += (got.route if got else None) == expected["route"]
        days += (got.days if got else None) == expected["days"]
    assert routes / len(sections) >= 0.95, (routes, len(sections))
    assert days / len(sections) >= 0.95, (days, len(sections))


def test_a_list_wrapped_over_lines_covers_every_section():
    # Kaupunginhallitus 31.03.2025 prints §99 … §120 under Muutoksenhakukielto on two lines.
    _, document = gold_and_parsed("lapua-kaupunginhallitus-2025-03-31.json")
    assert [s.appeal.route for s in document.sections] == ["valituskielto"] * 22
    assert appeal_of(document, 120).days is None


def test_hankintaoikaisu_under_an_oikaisuvaatimus_heading_with_its_market_court_appeal():
    _, document = gold_and_parsed("lapua-tekninen-lautakunta-2025-05-20.json")
    for number in (82, 85):
        appeal = appeal_of(document, number)
        assert (appeal.route, appeal.days) == ("hankintaoikaisu", 14)
        assert [(a.route, a.days) for a in appeal.also] == [("valitus markkinaoikeuteen", 14)]
    # The ordinary oikaisuvaatimus block of the same minutes stays one.
    assert (appeal_of(document, 84).route, appeal_of(document, 84).days) == ("oikaisuvaatimus", 14)
    assert appeal_of(document, 84).also == []
    assert (appeal_of(document, 86).route, appeal_of(document, 86).days) == ("hallintovalitus", 30)


def test_unlisted_sections_have_no_route():
    _, document = gold_and_parsed("lapua-ympäristölautakunta-2023-02-15.json")
    assert [appeal_of(document, n) for n in (1, 2, 3)] == [None, None, None]
    # Two Hallintovalitus blocks: § 13 alone and § 9, 14, 16-19, 21.
    assert {n: appeal_of(document, n).route for n in (9, 13, 21)} == dict.fromkeys(
        (9, 13, 21), "hallintovalitus")
    assert appeal_of(document, 4).route == "valituskielto"


def test_one_printed_ground_is_kept_several_are_not():
    gold, document = gold_and_parsed("lapua-hyvinvointilautakunta-2025-03-13.json")
    assert appeal_of(document, 23).ground == gold["sections"][0]["ground"]
    _, document = gold_and_parsed("lapua-kaupunginhallitus-2024-11-04.json")
    assert appeal_of(document, 305).ground is None  # four grounds, none said to be whose


def test_appeal_is_in_the_json_contract_and_reads_back():
    _, document = gold_and_parsed("lapua-tekninen-lautakunta-2025-05-20.json")
    data = document.to_dict()
    by_number = {s["number"]: s for s in data["sections"]}
    assert by_number[84]["appeal"] == {"route": "oikaisuvaatimus", "days": 14, "ground": None,
                                       "also": []}
    assert Document.from_dict(data).to_dict() == data


# --------------------------------------------------------------------------- § lists


@pytest.mark.parametrize("text,numbers", [
    ("§ 83-85, 88", [83, 84, 85, 88]),
    ("§§ 83–85", [83, 84, 85]),
    ("83 - 85 §", [83, 84, 85]),
    ("§85, §87, §91", [85, 87, 91]),
    ("§ 83, 84 ja 88", [83, 84, 88]),
    ("Pykälät: 12-14", [12, 13, 14]),
    ("§ 7", [7]),
])
def test_section_list_forms(text, numbers):
    assert section_list(text) == (numbers, "")


@pytest.mark.parametrize("text", [
    "Kuntalain 136 §:n mukaan tästä päätöksestä ei saa tehdä oikaisuvaatimusta",
    "§ 24 päätökseen saa hakea muutosta",  # a sentence, not a list
    "62100 Lapua", "§ 5-1", "§ 1-2025",
])
def test_not_section_lists(text):
    assert section_list(text) is None


# --------------------------------------------------------------------------- closing pages


def routes(parts: list[Part], numbers=range(80, 95)) -> dict[int, tuple]:
    return {n: (a.route, a.days) for n, a in appeal_routes(parts, list(numbers)).items()}


OIKAISU_TEXT = "Oikaisuvaatimus on tehtävä 14 päivän kuluessa päätöksen tiedoksisaannista."
VALITUS_TEXT = "Toimita valitus 30 päivän kuluessa päätöksen tiedoksisaannista."


def test_ranges_under_their_headings():
    parts = [Part("appeal", "Muutoksenhakukielto", "§ 83-85, 88\n\nKuntalain 136 §:n mukaan …"),
             Part("appeal", "Oikaisuvaatimusohje", "§ 86, 87\n\n" + OIKAISU_TEXT),
             Part("appeal", "Kunnallisvalitus", "§ 89\n\n" + VALITUS_TEXT)]
    assert routes(parts) == {83: ("valituskielto", None), 84: ("valituskielto", None),
                             85: ("valituskielto", None), 88: ("valituskielto", None),
                             86: ("oikaisuvaatimus", 14), 87: ("oikaisuvaatimus", 14),
                             89: ("kunnallisvalitus", 30)}


def test_lists_printed_above_their_headings():
    # The list stands before its heading, so it ends the previous part's text.
    parts = [Part("appeal", "", "§§ 83–85"),
             Part("appeal", "Muutoksenhakukielto", "Tähän päätökseen ei saa hakea muutosta.\n\n"
                                                   "86 - 87 §"),
             Part("appeal", "Oikaisuvaatimus", OIKAISU_TEXT)]
    assert routes(parts) == {83: ("valituskielto", None), 84: ("valituskielto", None),
                             85: ("valituskielto", None), 86: ("oikaisuvaatimus", 14),
                             87: ("oikaisuvaatimus", 14)}


def test_lists_above_their_headings_without_instructions_between():
    parts = [Part("appeal", "", "§§ 83–85"), Part("appeal", "Muutoksenhakukielto", "86 - 87 §"),
             Part("appeal", "Oikaisuvaatimus", OIKAISU_TEXT)]
    assert routes(parts) == {83: ("valituskielto", None), 84: ("valituskielto", None),
                             85: ("valituskielto", None), 86: ("oikaisuvaatimus", 14),
                             87: ("oikaisuvaatimus", 14)}


def test_a_list_wrapped_onto_a_new_paragraph_goes_on():
    parts = [Part("appeal", "Muutoksenhakukielto", "§80, §81, §82,\n\n§83, §84"),
             Part("appeal", "Oikaisuvaatimus", "§ 85\n\n" + OIKAISU_TEXT)]
    assert routes(parts) == {**dict.fromkeys(range(80, 85), ("valituskielto", None)),
                             85: ("oikaisuvaatimus", 14)}


def test_two_blocks_of_one_route_share_its_printed_time_limit():
    parts = [Part("appeal", "Hallintovalitus", "§ 81"),
             Part("appeal", "Hallintovalitus", "§ 82, 84"),
             Part("appeal", "Valitusosoitus", "Valitus on tehtävä 30 päivän kuluessa.")]
    assert routes(parts) == {81: ("hallintovalitus", 30), 82: ("hallintovalitus", 30),
                             84: ("hallintovalitus", 30)}


def test_swedish_instructions():
    parts = [Part("appeal", "Besvärsförbud", "§ 81-82"),
             Part("appeal", "Rättelseyrkande", "§ 83\n\nRättelseyrkandet ska framställas inom "
                                               "14 dagar från delfåendet av beslutet."),
             Part("appeal", "Kommunalbesvär", "§ 84\n\nBesvär ska anföras inom 30 dagar från "
                                              "delfåendet av beslutet.")]
    assert routes(parts) == {81: ("valituskielto", None), 82: ("valituskielto", None),
                             83: ("oikaisuvaatimus", 14), 84: ("kunnallisvalitus", 30)}


def test_listed_numbers_outside_the_minutes_and_signatures_are_left_out():
    parts = [Part("appeal", "Oikaisuvaatimus", "§ 90-99\n\n" + OIKAISU_TEXT),
             Part("appeal", "Allekirjoitukset", "Matti Meikäläinen")]
    assert set(routes(parts, [90, 91])) == {90, 91}
    assert routes([Part("appeal", "Allekirjoitukset", "§ 90")], [90]) == {}


def test_a_section_under_two_routes_keeps_the_second_beside_the_first():
    parts = [Part("appeal", "Oikaisuvaatimus", "§ 81\n\n" + OIKAISU_TEXT),
             Part("appeal", "Hallintovalitus", "§ 81\n\nValitus on tehtävä 30 päivän kuluessa.")]
    appeal = appeal_routes(parts, [81])[81]
    assert (appeal.route, appeal.days) == ("oikaisuvaatimus", 14)
    assert [(a.route, a.days) for a in appeal.also] == [("hallintovalitus", 30)]


# --------------------------------------------------------------------------- archive


def test_archive_rows_carry_route_and_days():
    document = Document(
        source=Source("x.pdf", "a" * 64, 1),
        sections=[Section(1, "Pöytäkirjan tarkastus", appeal=Appeal("valituskielto")),
                  Section(2, "Tontin myynti", appeal=Appeal("oikaisuvaatimus", 14)),
                  Section(3, "Muut asiat")])
    rows = to_rows(document)["sections"]
    assert [(r["appeal_route"], r["appeal_days"]) for r in rows] == [
        ("valituskielto", None), ("oikaisuvaatimus", 14), (None, None)]

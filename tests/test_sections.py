"""Stages 3-4 (sections.py, fields.py, pipeline): § detection, labels, warnings."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from parser import parse_pdf
from parser.cli import cli
from parser.labels import find_label
from parser.layout import Layout, PageGeometry
from parser.pages import Line, Segment
from parser.sections import section_mark, split_sections

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def line(*parts, page=1, top=100.0, bold=False):
    """A line of (x0, text) segments."""
    segs = [Segment(text, x, x + 6 * len(text), top, top + 11, 11, bold) for x, text in parts]
    return Line(segs, page)


@pytest.mark.parametrize("parts,expected", [
    ([(57, "§ 31")], (31, "", "same")),
    ([(57, "31 § Val av protokolljusterare")], (31, "Val av protokolljusterare", "same")),
    ([(57, "Toimintakertomus 2024"), (519, "§ 31")], (31, "Toimintakertomus 2024", "segments")),
    ([(57, "10 § Sammanträdets laglighet ........ 1")], None),  # table of contents
    ([(57, "§ 31  Toimintakertomus"), (520, "12")], None),  # table of contents, no leaders
    ([(57, "§ 220 koskien liikennejärjestelyjä")], None),  # reference inside running text
])
def test_section_mark(parts, expected):
    assert section_mark(line(*parts)) == expected


def test_repeated_and_missing_numbers_are_warnings():
    body = "Puheenjohtaja avasi kokouksen ja totesi sen lailliseksi ja päätösvaltaiseksi."
    lines = [line((57, "§ 1 Avaus"), top=100), line((57, body), top=120),
             line((57, "§ 1 Avaus"), top=140), line((57, "Päätös: Hyväksyttiin."), top=150),
             line((57, "§ 4 Muut asiat"), top=160)]
    cover, blocks, warnings = split_sections(lines)
    assert [b.number for b in blocks] == [1, 4]
    messages = " ".join(w.message for w in warnings)
    assert "§ 1 appears again" in messages and "§ 2, § 3 not found" in messages


def test_left_column_label_found_by_position():
    layout = Layout(11.0, 14.5, True, PageGeometry(57, 170))
    hit = find_label(line((57, "Päätösehdotus"), (170, "Lautakunta merkitsee tiedoksi.")), layout)
    assert (hit.kind, hit.label, hit.content.text, hit.how) == (
        "proposal", "Päätösehdotus", "Lautakunta merkitsee tiedoksi.", "column")


def test_decision_text_starting_with_a_label_word_is_not_a_label():
    layout = Layout(11.0, 14.5, False, PageGeometry(57, 57))
    assert find_label(line((57, "Ehdotus hyväksyttiin yksimielisesti.")), layout) is None
    hit = find_label(line((57, "Päätös: Ehdotus hyväksyttiin.")), layout)
    assert hit.kind == "decision" and hit.content.text == "Ehdotus hyväksyttiin."


def test_a_label_word_alone_needs_to_be_printed_as_a_label():
    # "Päätös" alone in running text, plain, is a word; bold, it heads the decision.
    layout = Layout(11.0, 14.5, False, PageGeometry(57, 122))
    assert find_label(line((122, "Päätös")), layout) is None
    assert find_label(line((122, "Päätös"), bold=True), layout).kind == "decision"
    assert find_label(line((57, "Liitteet")), layout).kind == "attachments"  # label column


def test_section_without_decision_label_gets_warning_not_failure():
    document = parse_pdf(SAMPLES / "hollola-kunnanhallitus-2025-03-10.pdf")
    undecided = [s for s in document.sections if s.decision is None and not s.confidential]
    assert undecided, "sample has a section without Päätös"
    warned = {w.section for w in document.warnings if "No decision" in w.message}
    assert {s.number for s in undecided} <= warned


def test_confidential_section_keeps_title_only():
    document = parse_pdf(SAMPLES / "asikkala-kunnanhallitus-2025-04-14.pdf")
    [secret] = [s for s in document.sections if s.confidential]
    assert secret.title and secret.number and secret.proposal is None


def test_cli_parse_summary_and_json():
    runner = CliRunner()
    pdf = str(SAMPLES / "asikkala-hyvinvointilautakunta-2025-04-09.pdf")
    summary = runner.invoke(cli, ["parse", pdf])
    assert summary.exit_code == 0 and "Hyvinvointilautakunta" in summary.output and "§ 31" in summary.output
    as_json = runner.invoke(cli, ["parse", pdf, "--json"])
    assert as_json.exit_code == 0 and '"diary_number": "147/12.09/2025"' in as_json.output


def test_cli_parse_bad_file_is_one_plain_sentence(tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_text("hello")
    result = CliRunner().invoke(cli, ["parse", str(bad)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "is not a PDF file" in result.output


def test_table_of_contents_without_page_numbers_is_not_taken_for_sections():
    # OCR loses the lone page numbers of a table of contents; the same § with the
    # same title printed later shows which marks are the sections.
    lines = [
        line((57, "Paragrafer"), top=430),
        line((57, "80 § Val av protokolljusterare"), top=450),
        line((57, "81 § Loven och arbetstiderna läsåret 2022–2023"), top=462),
        line((57, "80 §"), page=2, top=102), line((57, "Val av protokolljusterare"), page=2, top=115),
        line((57, "Förslag: Till protokolljusterare väljs Eva Sandvik."), page=2, top=200),
        line((57, "81 §"), page=2, top=285),
        line((57, "Loven och arbetstiderna läsåret 2022–2023"), page=2, top=296),
        line((57, "Beslut: Förslaget godkändes."), page=2, top=400),
    ]
    cover, blocks, warnings = split_sections(lines)
    assert [(b.number, b.page_start) for b in blocks] == [(80, 2), (81, 2)]
    assert [l.text for l in cover][:1] == ["Paragrafer"] and warnings == []


@pytest.mark.parametrize("text", ["§ 31 Otsikko ....... 12", "Otsikko …… 3", "Otsikko . . . . 4",
                                  "Otsikko ... 4", "Otsikko . . . 4", "Otsikko … 4", ""])
def test_toc_leaders_as_the_pattern_says(text):
    import re

    from parser.sections import _toc_leaders

    assert _toc_leaders(text) == bool(re.search(r"\.{4,}|…{2,}|(?:\. ){4,}", text))


def _document(*rows):
    """Lines from (text, bold) rows, or "PAGE" for a page break; 12 points apart, with a
    paragraph break before each bold line."""
    lines, page, top = [], 1, 100.0
    for row in rows:
        if row == "PAGE":
            page, top = page + 1, 100.0
            continue
        text, bold = row if isinstance(row, tuple) else (row, False)
        if bold and top > 100:
            top += 12
        lines.append(line((57, text), page=page, top=top, bold=bold))
        top += 12
    return lines


_RUNNING = [
    "Kunnanhallitus päättää hyväksyä liitteenä olevan sopimuksen ja valtuuttaa",
    "kunnanjohtajan allekirjoittamaan sen kunnan puolesta, kun sopimus on valmis.",
    "Asiaan liittyvät selvitykset on toimitettu jäsenille esityslistan liitteenä.",
]


def _section(number: int, title: str, *body) -> list:
    return [(f"§ {number}", True), (title, True), *(body or _RUNNING),
            ("Päätösehdotus:", True), "Kunnanhallitus hyväksyy sopimuksen.",
            ("Päätös:", True), "Ehdotus hyväksyttiin."]


def test_a_rule_quoted_in_a_section_does_not_cut_it():
    # "8 § Kunnanhallitus …", "33 § …" quote the rules a section amends: printed unlike
    # the document's marks, a lower number than the section's, or leaving the section
    # before them without its proposal and decision.
    lines = _document(
        *_section(171, "Valtuustoaloite"), *_section(172, "Joukkoliikenne"),
        *_section(173, "Ilmoitusasiat"), "PAGE",
        ("§ 174", True), ("Hallintosäännön muutokset", True),
        "Kunnanvaltuusto on 22.5.2017 § 41 hyväksynyt hallintosäännön, joka tulee",
        "voimaan 1.6.2017. Hallintosääntöön esitetään tehtäväksi seuraavat muutokset:",
        "8 § Kunnanhallitus sekä konserni- ja elinvoimajaosto", *_RUNNING,
        "175 § Kaupunkiympäristölautakunnan erityinen toimivalta", *_RUNNING,
        "176 § Lupa- ja valvontajaoston erityinen toimivalta", *_RUNNING,
        ("Päätösehdotus:", True), "Kunnanhallitus esittää muutokset valtuustolle.",
        ("Päätös:", True), "Ehdotus hyväksyttiin.",
    )
    cover, blocks, warnings = split_sections(lines)
    assert [b.number for b in blocks] == [171, 172, 173, 174]
    assert "176 § Lupa- ja valvontajaoston erityinen toimivalta" in [l.text for l in blocks[-1].lines]


def test_a_mark_that_goes_on_with_the_sentence_above_is_running_text():
    lines = _document(
        *_section(46, "Grunderna för antagning"),
        ("47 §", True), ("Gator som upplåts för allmänt bruk", True),
        "De skyldigheter som avses i underhållslagen inträder när kommunen har fattat",
        "ett gatuhållningsbeslut, och gatan tillgodoser behovet enligt detaljplanen, enligt",
        "86 § 3 mom. i markanvändnings- och bygglagen, genom vilket gatan anses ha",
        "upplåtits för allmänt bruk. Totalantalet gatuavsnitt är 25 och längden 4,8 km.",
        ("Förslag:", True), "Stadsstyrelsen fattar ett gatuhållningsbeslut.",
        ("Beslut:", True), "Förslaget godkändes.",
    )
    assert [b.number for b in split_sections(lines)[1]] == [46, 47]


def test_preparer_and_presenter_printed_before_a_later_proposal_introduce_it():
    # An earlier handling quoted with its own proposal and decision, then this meeting's
    # preparer, presenter, proposal and decision: the people belong to the last.
    from parser.fields import build_section

    lines = _document(
        ("§ 190", True), ("Tilinpäätös 2016", True),
        "Tarkastuslautakunta 29.5.2017",
        "Ehdotus: Tarkastuslautakunta saattaa tilintarkastuskertomuksen tiedoksi.",
        "Päätös: Ehdotus hyväksyttiin.",
        ("Lisätiedot:", True), "sivistysjohtaja Tarja Nurmela, puh. 040 734 6100",
        ("Esittelijä:", True), "sivistysjohtaja Tarja Nurmela",
        ("Päätösehdotus:", True), "Kunnanhallitus merkitsee muutokset tiedoksi.",
        ("Päätös:", True), "Ehdotus hyväksyttiin.",
    )
    (block,) = split_sections(lines)[1]
    section, _ = build_section(block, Layout.of(lines), None, set())
    assert (section.presenter.name, section.presenter.title) == ("Tarja Nurmela", "sivistysjohtaja")
    assert [p.name for p in section.preparers] == ["Tarja Nurmela"]
    assert section.proposal == "Kunnanhallitus merkitsee muutokset tiedoksi."


def test_a_title_that_is_a_label_word_is_the_title():
    """Lapua Tarkastuslautakunta 17.09.2025 § 44: "Esteellisyydet" (also a label) under a
    lone § mark, the diary number below it, is the section's title."""
    from conftest import REPO
    from parser.pipeline import parse_pdf

    pdf = next((REPO.parent / "shared" / "corpus" / "lapua" / "Tarkastuslautakunta" / "2025")
               .glob("*17.09.2025*.pdf"), None)
    if pdf is None:
        pytest.skip("no Lapua corpus")
    sections = {s.number: s for s in parse_pdf(pdf).sections}
    assert sections[44].title == "Esteellisyydet"
    assert sections[44].diary_number == "LAPDno-2025-812"
    assert sections[45].title == "Tarkastuslautakunnan palkkiot"

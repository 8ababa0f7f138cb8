"""The one label finder (parser/labels.py) on real layouts, and ``minutes labels``:
label-like lines the vocabulary does not know, listed for a new municipality."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from parser.cli import cli
from parser.labels import find_label, label_like
from parser.layout import Layout, PageGeometry
from parser.pages import Line, Segment
from parser.vocabulary import unknown_labels

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
LAYOUT = Layout(11.0, 14.5, False, PageGeometry(57.0, 122.0))


def line(text: str, x: float = 122.0, bold: bool = False) -> Line:
    return Line([Segment(text, x, x + 5 * len(text), 100, 111, 11.0, bold)], 1)


@pytest.mark.parametrize("printed,expected", [
    (line("Ratkaisuehdotus yksityiskohtaisesti", bold=True), "Ratkaisuehdotus yksityiskohtaisesti"),
    (line("Neuvottelutulos:"), "Neuvottelutulos"),
    (line("Pöytäkirjamerkintä: opetuspäällikkö oli paikalla."), "Pöytäkirjamerkintä"),
    (line("INVESTOINNIT", bold=True), "INVESTOINNIT"),
])
def test_label_like_lines_outside_the_vocabulary_are_listed(printed, expected):
    assert label_like(printed, LAYOUT) == expected


@pytest.mark.parametrize("printed", [
    line("Päätös", bold=True),  # known
    line("Valmistelija / lisätiedot:"),  # known
    line("Simpsiönvuori Oy:n ylimääräinen yhtiökokous 9.9.2025 klo 18.00."),  # a case ending
    line("Kaupunki on ottanut käyttöön Kuntarahoituksen digitaalisiin palveluihin"),  # text
    line("§ 31", bold=True),  # a mark
    line("Q", bold=True),  # a speck
])
def test_known_labels_and_running_text_are_not_listed(printed):
    assert label_like(printed, LAYOUT) is None


def test_a_known_label_is_found_by_the_same_finder_in_every_form():
    assert find_label(line("Päätös", bold=True), LAYOUT).how == "alone"
    assert find_label(line("Esittelijä: Satu Kankare, Kaupunginjohtaja"), LAYOUT).how == "colon"
    assert find_label(line("Liitteet", x=57.0), LAYOUT).how == "alone"
    assert find_label(line("Aika 19.02.2025, klo 16:30", x=57.0), LAYOUT, vocabulary="cover") is None
    two = Line([Segment("Aika", 57, 80, 100, 111, 11.0), Segment("19.02.2025, klo 16:30", 122, 230, 100, 111, 11.0)], 1)
    assert find_label(two, LAYOUT, vocabulary="cover").kind == "time"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
def test_minutes_labels_lists_a_real_towns_unknown_wordings():
    pdfs = sorted((CORPUS / "lapua" / "Sivistyslautakunta" / "2025").glob("*.pdf"))[:4]
    found = {u.label: u for u in unknown_labels(pdfs, ocr="never")}
    # Lapua's recorded notes are printed as "Pöytäkirjamerkintä: …" inside decisions.
    assert "Pöytäkirjamerkintä" in found
    assert found["Pöytäkirjamerkintä"].example_file.endswith(".pdf")
    result = CliRunner().invoke(cli, ["labels", str(pdfs[0].parent), "--ocr", "never", "--limit", "5"])
    assert result.exit_code == 0 and "count files  label" in result.output


def test_minutes_labels_on_a_file_that_is_not_a_pdf_says_so(tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_text("hello")
    result = CliRunner().invoke(cli, ["labels", str(bad)])
    assert result.exit_code == 0 and "is not a PDF file" in result.output

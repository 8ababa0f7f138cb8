"""Stage 2 (cleanup.py): page furniture removed, characters and hyphenation cleaned."""

from pathlib import Path

import pytest

from parser.cleanup import join_lines, normalise_text, strip_page_furniture
from parser.pages import read_pages

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.mark.parametrize("lines,joined", [
    (["kehittämis-", "verkoston toiminta"], "kehittämisverkoston toiminta"),
    (["esi-", "ja perusopetuksen"], "esi- ja perusopetuksen"),
    (["Päijät-", "Hämeen kuntien"], "Päijät-Hämeen kuntien"),
    (["EU-", "rahoitus"], "EU-rahoitus"),
    (["kaupunki-", "infra"], "kaupunki-infra"),
    (["sivistys\u00ad", "palvelut"], "sivistyspalvelut"),
    (["Lautakunta merkitsee", "tiedoksi."], "Lautakunta merkitsee tiedoksi."),
])
def test_join_lines(lines, joined):
    assert join_lines(lines) == joined


def test_normalise_text_removes_invisible_characters():
    assert normalise_text("koulu\u200bkuljetus \ufb01lmi  x") == "koulukuljetus filmi x"


def test_running_headers_and_footers_removed():
    pages = read_pages(SAMPLES / "padasjoki-kunnanhallitus-2024-11-25.pdf")
    raw = [l.text for p in pages for l in p.lines]
    body = [l.text for p in strip_page_furniture(pages) for l in p.lines]
    header = max(set(raw[:3]), key=raw.count)
    assert raw.count(header) >= len(pages) - 1, "sample should repeat its header"
    assert header not in body
    assert len(body) > len(raw) / 2

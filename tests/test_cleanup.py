"""Stage 2 (cleanup.py): page furniture removed, characters and hyphenation cleaned."""

from pathlib import Path

import pytest

from parser.cleanup import join_lines, normalise_text, strip_page_furniture
from parser.pages import Line, Page, Segment, read_pages

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


def _page(number: int, *texts_at: tuple[str, float]) -> Page:
    lines = [Line([Segment(text, 57, 57 + 6 * len(text), top, top + 11)], number)
             for text, top in texts_at]
    return Page(number, 595, 842, lines, chars=99)


def test_page_numbers_counting_with_the_pages_are_removed_other_numbers_kept():
    # OCR reads the heading "80 §" at the top of page 2 as "808": its number does not
    # count with the pages, unlike "Sida 2/3" in the footer, so it stays.
    pages = [
        _page(1, ("Protokoll", 120), ("Sida 1/3", 800)),
        _page(2, ("808", 102), ("Val av protokolljusterare", 115), ("Sida 2/3", 800)),
        _page(3, ("Beslut", 120), ("Sida 3/3", 800)),
    ]
    body = [[l.text for l in p.lines] for p in strip_page_furniture(pages)]
    assert body == [["Protokoll"], ["808", "Val av protokolljusterare"], ["Beslut"]]


def test_bare_page_numbers_of_a_year_long_numbering_are_removed():
    pages = [_page(n, ("Päätös", 300), (str(125 + n), 800)) for n in (1, 2, 3)]
    assert [[l.text for l in p.lines] for p in strip_page_furniture(pages)] == [["Päätös"]] * 3


def test_a_label_alone_that_starts_many_pages_is_not_furniture():
    # "Esittelijä:" at the same height under the header on page after page is where
    # sections happen to break, not a running header.
    pages = [_page(n, ("Hollolan kunta Pöytäkirja 3/2025", 40), ("Esittelijä:", 100),
                   ("kunnanjohtaja Pasi Virta", 112), (f"Sivu {n} / 6", 800)) for n in range(1, 7)]
    body = [[l.text for l in p.lines] for p in strip_page_furniture(pages)]
    assert body == [["Esittelijä:", "kunnanjohtaja Pasi Virta"]] * 6


def test_a_section_that_starts_at_the_top_of_pages_is_not_furniture():
    # Each page opens with a section's § line, title and diary number (the same title
    # and diary number, as related matters have); the cover lists the § lines too.
    cover = _page(1, ("Nykarleby stad Protokoll", 40), ("Paragrafer", 300),
                  *((f"{n} §", 312 + 12 * k) for k, n in enumerate(range(120, 125))),
                  ("Sida 1 / 6", 800))
    pages = [cover] + [
        _page(k + 2, ("Nykarleby stad Protokoll", 40), (f"{n} §", 100),
              ("Gator som upplåts för allmänt bruk", 112), ("Dnr 52/12.01.00/2024", 124),
              (f"Sida {k + 2} / 6", 800))
        for k, n in enumerate(range(120, 125))]
    body = [[l.text for l in p.lines] for p in strip_page_furniture(pages)][1:]
    assert body == [[f"{n} §", "Gator som upplåts för allmänt bruk", "Dnr 52/12.01.00/2024"]
                    for n in range(120, 125)]

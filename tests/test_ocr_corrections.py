"""Stage 1b′ (ocr_corrections.py): OCR's misreadings of addresses, diary numbers and
names take the spelling the document itself prints elsewhere."""

from __future__ import annotations

from conftest import ocr_page, text_page
from parser import ocr_corrections


def test_addresses_and_diary_numbers_take_the_documents_own_spelling():
    pages = [ocr_page(
        "rakennustarkastaja Kirsi Rinne, puh. 044 780 1234, kirsi.rinne@hollola.fi",
        "talousjohtaja Markus Stenberg, etunimi.sukunimi(a)hollola.fi",
        "HOLL/1490/00.01.01/2025",
        "hallintojohtaja Leena Koivisto, puh. 044 780 1010, leena.koivistoehollola.fi",
        "tekninen johtaja jari Lehtonen, jari.lehtonen(&holiola.fi",
        "kunnossapitopäällikkö Mikko Saarinen, mikko.saarinene@hollola.fi",
        "Valmistelija tekninen johtaja Jari Lehtonen",
        "HOLU1472/02.08.00/2025",
        "suunnitteluinsinööri Helena Ojala, etunimi.sukunimi(a)holiola.fi",
        "Lisätietoja kunnan verkkosivuilta www.hollola.fi.",
        "Hallintojohtaja Tiina Ahola puh. 044 778 0120, sähköposti: tiina.ahola & hollola.fi",
        "förvaltningsdirektör Camilla Sund, camilta.sund & hollola.fi",
        "bildningsdirektör Anna Nyman, puh. 050 339 1220, anna.nyman Qnykarleby.fi",
        "sivistysjohtaja Tarja Nurmela puh. 040 734 6100, tarja. nurmela O hollola.fi",
    )]
    fixed = [l.text for l in ocr_corrections.correct_from_document(pages)[0].lines]
    assert fixed[3].endswith("leena.koivisto@hollola.fi")
    assert fixed[4] == "tekninen johtaja Jari Lehtonen, jari.lehtonen@hollola.fi"
    assert fixed[5].endswith("mikko.saarinen@hollola.fi")
    assert fixed[7] == "HOLL/1472/02.08.00/2025"
    assert fixed[8].endswith("etunimi.sukunimi(a)hollola.fi")
    assert fixed[9] == "Lisätietoja kunnan verkkosivuilta www.hollola.fi."
    # Split at the "@", a letter misread, an unknown domain after the person's own name.
    assert fixed[10].endswith("sähköposti: tiina.ahola@hollola.fi")
    assert fixed[11].endswith("camilla.sund@hollola.fi")
    assert fixed[12].endswith("anna.nyman@nykarleby.fi")
    assert fixed[13].endswith("puh. 040 734 6100, tarja.nurmela@hollola.fi")
    assert fixed[:3] == [line.text for line in pages[0].lines[:3]]


def test_text_layer_pages_are_never_corrected():
    page = text_page("kirsi.rinne@hollola.fi ja leena.koivistoehollola.fi")
    assert ocr_corrections.correct_from_document([page]) == [page]

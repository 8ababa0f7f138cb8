"""Shared fixtures. Each block says which stage's tests use it; add yours below."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from parser.model import (
    Attendee,
    Document,
    Handling,
    Meeting,
    ParseWarning,
    Preparer,
    Presenter,
    Section,
    Source,
)

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"

# OCR results of the test PDFs (scanned samples, damaged corpus layers) are cached here
# for every test process and run, so each page is OCRed once; tests of the cache
# itself point MINUTES_OCR_CACHE at their own folder.
os.environ.setdefault("MINUTES_OCR_CACHE", str(REPO / ".cache" / "test-ocr"))

# --------------------------------------------------------------------------- archive
# Used by test_archive.py, test_importer.py, test_datasette.py: realistic documents
# built in code, and small real PDFs with the document as JSON beside them (the same
# shape as samples/*.pdf + samples/*.json gold), read by parser.importer.parse_sidecar_json.

#: A word that appears only in the confidential section: it must never be findable.
SECRET_WORD = "Salaisuusvarjokuusi"


def archive_document(
    stem: str = "asikkala-hyvinvointilautakunta-2025-04",
    *,
    body: str = "Hyvinvointilautakunta",
    date: str = "2025-04-09",
    first: int = 31,
    pages: int = 4,
    language: str = "fi",
) -> Document:
    """A committee's minutes: an approved item, an amended one with an earlier handling
    of diary number 147/12.09/2025, and a confidential item with a vote."""
    return Document(
        source=Source(path=f"samples/{stem}.pdf", sha256="0" * 64, pages=pages),
        meeting=Meeting(
            organization="Asikkalan kunta",
            body=body,
            number="4/2025",
            date=date,
            start_time="17:00",
            end_time="19:15",
            place="Kunnantalo, valtuustosali",
            language=language,
            attendees=[
                Attendee("Maija Virtanen", "puheenjohtaja", "members"),
                Attendee("Pekka Korhonen", "jäsen", "members"),
                Attendee("Liisa Nieminen", "pöytäkirjanpitäjä", "others"),
            ],
        ),
        sections=[
            Section(
                number=first,
                title="Sivistyspalveluiden toimintakertomus vuodelta 2024",
                page_start=2,
                page_end=2,
                diary_number="147/12.09/2025",
                preparers=[
                    Preparer("Anna Laine", "sivistysjohtaja", "044 123 4567",
                             "anna.laine@asikkala.fi"),
                ],
                presenter=Presenter("Anna Laine", "sivistysjohtaja"),
                proposal="Lautakunta hyväksyy toimintakertomuksen ja antaa sen tiedoksi kunnanhallitukselle.",
                decision="Ehdotus hyväksyttiin.",
                text="Sivistyspalveluiden toimintakertomuksessa kuvataan koulumatkojen ja "
                "varhaiskasvatuksen päätöksiä sekä talouden toteutumista vuonna 2024.",
            ),
            Section(
                number=first + 1,
                title="Koulukuljetusten periaatteet lukuvuodelle 2025–2026",
                page_start=2,
                page_end=3,
                diary_number="ASIKK/152/12.01.00/2025",
                preparers=[
                    Preparer("Juha Mäkinen", "koulutoimenjohtaja", "040 765 4321",
                             "juha.makinen@asikkala.fi"),
                    Preparer("Sari Heikkinen", "talouspäällikkö"),
                ],
                presenter=Presenter("Anna Laine", "sivistysjohtaja"),
                history=[
                    Handling(
                        body="SIVLTK",
                        date="2025-03-12",
                        number=18,
                        preparers=[Preparer("Juha Mäkinen", "koulutoimenjohtaja")],
                        proposal="Lautakunta merkitsee selvityksen tiedoksi.",
                        decision="Asia jätettiin pöydälle.",
                    )
                ],
                proposal="Lautakunta hyväksyy koulukuljetusten periaatteet liitteen mukaisesti.",
                decision="Lautakunta hyväksyi periaatteet muutettuna siten, että "
                "koulumatkatukea myönnetään yli viiden kilometrin matkoille.",
                text="Koulukuljetusten periaatteet päivitetään. Päätöksen mukaan oppilaalla "
                "on oikeus maksuttomaan kuljetukseen, jos koulumatka on yli viisi kilometriä.",
            ),
            Section(
                number=first + 2,
                title="Henkilöstöasia",
                page_start=4,
                page_end=4,
                diary_number="160/01.01/2025",
                preparers=[Preparer("Anna Laine", "sivistysjohtaja")],
                confidential=True,
                proposal=f"Salassa pidettävä ehdotus {SECRET_WORD}.",
                decision=f"Äänestyksen jälkeen päätettiin {SECRET_WORD}.",
                history=[Handling(body="KH", date="2025-03-01", number=5,
                                  decision=f"Aiempi {SECRET_WORD}.")],
                text=f"JulkL 24.1 § 25 k. {SECRET_WORD} koskee yksittäistä työntekijää.",
            ),
        ],
        warnings=[
            ParseWarning("§ numbering has a gap before § 31", page=2, section=first),
            ParseWarning(f"text could not be placed: {SECRET_WORD}", page=4, section=first + 2),
        ],
    )


def council_document() -> Document:
    """A council item reprinting the committee's and the board's handlings of 147/2025."""
    return Document(
        source=Source(path="samples/asikkala-valtuusto-2025-05.pdf", sha256="1" * 64, pages=3),
        meeting=Meeting(organization="Asikkalan kunta", body="Kunnanvaltuusto",
                        number="3/2025", date="2025-05-05", language="fi"),
        sections=[
            Section(
                number=22,
                title="Sivistyspalveluiden toimintakertomus vuodelta 2024",
                page_start=2,
                page_end=3,
                diary_number="Dno 147/2025",
                history=[
                    Handling(body="HYVOLTK", date="2025-04-09", number=31,
                             proposal="Lautakunta hyväksyy toimintakertomuksen.",
                             decision="Ehdotus hyväksyttiin."),
                    Handling(body="KH", date="2025-04-15", number=70,
                             proposal="Kunnanhallitus esittää valtuustolle.",
                             decision="Ehdotus hyväksyttiin."),
                ],
                proposal="Valtuusto merkitsee toimintakertomuksen tiedoksi.",
                decision="Ehdotus hyväksyttiin.",
                text="Valtuustolle esitellään toimintakertomus.",
            )
        ],
    )


def swedish_document() -> Document:
    return Document(
        source=Source(path="samples/nykarleby-bildningsnamnden-2024-11.pdf", sha256="2" * 64,
                      pages=2),
        meeting=Meeting(organization="Nykarleby stad", body="Bildningsnämnden",
                        number="9/2024", date="2024-11-20", language="sv"),
        sections=[
            Section(number=88, title="Skolskjutsar", page_start=1, page_end=2,
                    diary_number="Dnr 210/2024", proposal="Nämnden godkänner principerna.",
                    decision="Förslaget godkändes.",
                    text="Beredning: skolskjutsarna ordnas enligt beslutet.")
        ],
    )


def write_pdf(path: Path, pages: int, title: str = "Pöytäkirja") -> Path:
    """A small real PDF with ``pages`` pages of Finnish text (reportlab)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for n in range(1, pages + 1):
        c.setFont("Helvetica", 12)
        c.drawString(72, 770, f"{title}  {n} ({pages})")
        c.drawString(72, 740, "Päätös: Ehdotus hyväksyttiin.")
        c.showPage()
    c.save()
    return path


def write_sample(folder: Path, document: Document) -> Path:
    """Write ``document`` as a PDF + sidecar JSON pair in ``folder``; returns the PDF."""
    stem = Path(document.source.path).stem
    pdf = write_pdf(folder / f"{stem}.pdf", document.source.pages, stem)
    (folder / f"{stem}.json").write_text(
        json.dumps(document.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return pdf


@pytest.fixture
def archive_docs() -> list[Document]:
    """Three documents: a committee (with a confidential item), the council, Swedish."""
    return [archive_document(), council_document(), swedish_document()]


@pytest.fixture
def sample_dir(tmp_path, archive_docs) -> Path:
    """A folder of three PDFs with their documents as JSON beside them."""
    folder = tmp_path / "minutes"
    folder.mkdir()
    for doc in archive_docs:
        write_sample(folder, doc)
    return folder


def gold_samples() -> list[Path]:
    """samples/*.pdf that have a gold JSON beside them (may be empty while the
    generator is being written)."""
    return sorted(p for p in SAMPLES.glob("*.pdf") if p.with_suffix(".json").exists())


def real_parser():
    """The real parse_pdf (skips when samples/ has no gold yet)."""
    from parser.pipeline import parse_pdf

    samples = gold_samples()
    if not samples:
        pytest.skip("samples/ has no PDFs with gold JSON yet")
    return parse_pdf

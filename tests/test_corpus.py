"""Every real PDF in ../shared/corpus parses without raising: minutes and agendas yield
their sections, a document that is neither says so in one warning.

The corpus lives beside the repository (``<repo>/../shared/corpus``); without it these
tests are skipped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parser import parse_pdf

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PDFS = sorted(CORPUS.rglob("*.pdf")) if CORPUS.is_dir() else []


# Damaged text layers are OCRed: the OCR work of the suite runs in one process.
@pytest.mark.xdist_group("ocr")
@pytest.mark.parametrize(
    "pdf", PDFS or [None], ids=lambda p: str(p.relative_to(CORPUS)) if p else "no-corpus"
)
def test_corpus_pdf_parses(pdf):
    if pdf is None:
        pytest.skip(f"no corpus PDFs at {CORPUS} (shared/ is not beside the repository)")
    document = parse_pdf(pdf)
    if pdf.name.startswith("Esityslista"):
        assert document.kind == "agenda" and document.sections
        assert all(s.decision is None for s in document.sections)
    elif "Talousarvioesitykset" in pdf.parts:  # budget documents: no minutes at all
        assert document.kind == "other" and not document.sections
        assert [w.message for w in document.warnings if "No numbered sections" in w.message]
    else:
        assert document.kind == "minutes" and document.sections, f"{pdf.name}: no sections found"
        # Nothing printed in a section is lost (README, "No text is lost").
        assert min(s.assigned_share for s in document.sections) >= 0.99


GOLD = Path(__file__).parent / "corpus_gold"
#: One folder of gold per source; every PDF of a source folder listed here has gold,
#: except Lapua's, whose gold covers a chosen subset (see corpus_gold/README.md).
FULLY_COVERED = {"nykarleby": ["nykarleby"], "oulu_vantaa": ["oulu", "vantaa"]}


@pytest.mark.parametrize("source", ["lapua", "nykarleby", "oulu_vantaa"])
def test_corpus_gold_is_consistent(source):
    """Each gold file finds its PDF and scores 1.0 against itself."""
    if not PDFS:
        pytest.skip(f"no corpus PDFs at {CORPUS} (shared/ is not beside the repository)")
    from parser.evaluate import discover_gold, evaluate_dir

    cases, skipped = discover_gold(GOLD / source)
    assert skipped == []
    if source in FULLY_COVERED:
        expected = [p.resolve() for p in PDFS
                    if p.relative_to(CORPUS).parts[0] in FULLY_COVERED[source]]
        assert sorted(c.pdf_path for c in cases) == sorted(expected)
    by_pdf = {c.pdf_path: c.gold for c in cases}
    report = evaluate_dir(GOLD / source, parse=lambda path: by_pdf[Path(path)])
    assert all(d.error is None for d in report.documents)
    assert all(s.accuracy == 1.0 for s in report.totals.fields.values())
    assert report.totals.sections.f1 in (1.0, None)

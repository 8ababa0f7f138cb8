"""Stage 1b (ocr.py): which pages need OCR, Tesseract's words → lines, the cache, the
misreadings put right, and scanned samples parsed as well as their text-layer originals."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from parser import ocr, parse_pdf
from parser.errors import OCRUnavailableError
from parser.evaluate import discover_gold, evaluate_case, evaluate_dir, FieldScores
from parser.pages import Page, read_pages

from conftest import text_page

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ROOT / "tests" / "scanned"
SAMPLES = ROOT / "samples"

# --------------------------------------------------------------------------- detection

FINNISH = ("Lautakunta hyväksyy koulukuljetusten periaatteet lukuvuodelle ja antaa ne "
           "tiedoksi kunnanhallitukselle sekä oppilaiden huoltajille. Kuljetukset "
           "järjestetään kilpailutuksen perusteella, ja koulumatkojen pituudet "
           "tarkistetaan vuosittain ennen lukuvuoden alkua.")


def test_a_page_without_text_needs_ocr():
    assert ocr.page_needs_ocr(Page(1, 595, 842, [], chars=0)) == "no text layer"


def test_a_finnish_text_layer_is_kept():
    assert ocr.page_needs_ocr(text_page(FINNISH)) is None


def test_a_text_layer_of_substituted_letters_needs_ocr():
    # A font without a Unicode map: every letter shifted, as garbage layers are.
    shifted = "".join(chr(ord(c) + 3) if c.isalpha() and c.isascii() else c for c in FINNISH)
    assert "Finnish or Swedish" in ocr.page_needs_ocr(text_page(shifted))


def test_a_text_layer_of_symbols_needs_ocr():
    symbols = " ".join(["\uf0b7\uf0a7\uf076 \uf0d8\uf0fc"] * 30)
    assert ocr.page_needs_ocr(text_page(symbols)) == "the text layer is symbols, not letters"


def test_a_damaged_but_repairable_layer_is_not_ocred():
    # Lost ä/ö is repaired (parser.repair), which is cheaper and keeps the layout.
    damaged = FINNISH.replace("ä", "a").replace("ö", "o")
    assert ocr.page_needs_ocr(text_page(damaged)) is None


# Real lines of a Nykarleby text layer whose fonts map letters wrongly.
DAMAGED_SWEDISH = (
    "Sammanträdets laglighet och beslutfrhet. Motionsrådgivare; faststlllande av lnn. "
    "Anhållan om individuellt tlllääg för dietkock. Ersättnitg för hantglegtnitg anv "
    "sudgerantges oblniganuornisaan rranaia. Tillnprouokollj suerarenvaldes "
)
CLEAN_SWEDISH = (
    "Sammanträdets laglighet och beslutförhet. Motionsrådgivare; fastställande av lön. "
    "Anhållan om individuellt tillägg för dietkock. Ersättning för handledning av "
    "studerandes obligatoriska praktik. Till protokolljusterare valdes "
)


def test_a_document_with_a_text_layer_damaged_beyond_repair_is_ocred(tmp_path, monkeypatch):
    assert ocr.unknown_word_share([text_page(DAMAGED_SWEDISH * 20)]) > ocr.DAMAGED_DOCUMENT_SHARE
    assert ocr.unknown_word_share([text_page(CLEAN_SWEDISH * 20)]) < 0.04
    assert ocr.unknown_word_share([text_page(FINNISH.replace("ä", "a") * 12)]) < 0.05
    assert ocr.unknown_word_share([text_page(CLEAN_SWEDISH)]) is None  # too few words

    monkeypatch.setenv("MINUTES_OCR_CACHE", str(tmp_path / "cache"))
    tesseract = fake_tesseract(tmp_path, tsv((1, 1, 300, 400, 900, 45, 90, "Beslut")))
    monkeypatch.setattr(ocr, "TESSERACT", str(tesseract))
    ocr.tesseract_problem.cache_clear()
    pdf = image_only_pdf(tmp_path / "protokoll.pdf", pages=2)
    damaged = [text_page(DAMAGED_SWEDISH * 10, 1), text_page(DAMAGED_SWEDISH * 10, 2)]
    warnings = []
    pages = ocr.ocr_pages(pdf, "cd" * 32, damaged, warnings=warnings)
    assert [p.text_source for p in pages] == ["ocr", "ocr"]
    assert "text layer is damaged" in warnings[0].message
    clean = [text_page(CLEAN_SWEDISH * 10, 1), text_page(CLEAN_SWEDISH * 10, 2)]
    assert ocr.ocr_pages(pdf, "ef" * 32, clean) == clean


# --------------------------------------------------------------------------- Tesseract TSV

TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def tsv(*words: tuple) -> str:
    """Tesseract TSV rows for (block, line, left, top, width, height, conf, text)."""
    rows = [TSV_HEADER]
    for block, line_no, left, top, width, height, conf, text in words:
        rows.append(f"5\t1\t{block}\t1\t{line_no}\t1\t{left}\t{top}\t{width}\t{height}\t{conf}\t{text}")
    return "\n".join(rows) + "\n"


def test_label_column_and_text_beside_it_are_one_line_of_two_segments():
    # Tesseract reads the label column as its own block, level with the text.
    words = ocr.parse_tsv(tsv(
        (1, 1, 240, 1000, 520, 42, 95.5, "Päätösehdotus"),
        (2, 1, 1000, 1004, 380, 40, 93.0, "Lautakunta"),
        (2, 1, 1400, 1004, 360, 40, 89.0, "hyväksyy"),
        (2, 2, 1000, 1060, 300, 40, 90.0, "esityksen."),
    ))
    page = ocr.page_from_words(words, 3, 595, 842)
    assert [l.text for l in page.lines] == ["Päätösehdotus Lautakunta hyväksyy", "esityksen."]
    first = page.lines[0]
    assert [s.text for s in first.segments] == ["Päätösehdotus", "Lautakunta hyväksyy"]
    assert first.segments[0].x0 == pytest.approx(240 * 72 / ocr.DPI)
    assert first.segments[1].confidence == pytest.approx(91.0)
    assert page.text_source == "ocr" and page.ocr_confidence == pytest.approx(91.9, abs=0.1)


def test_words_without_text_and_non_word_rows_are_skipped():
    text = tsv((1, 1, 10, 10, 50, 30, 96, "Päätös")) + "4\t1\t1\t1\t1\t0\t10\t10\t50\t30\t-1\t\n"
    text += "5\t1\t1\t1\t1\t2\t70\t10\t5\t30\t95\t \n"
    assert [w.text for w in ocr.parse_tsv(text)] == ["Päätös"]


@pytest.mark.parametrize("read,expected", [
    ("HYVOLTK 09.04.2025 8 28", "HYVOLTK 09.04.2025 § 28"),
    ("Kunnanhallitus 15.4.2025 $ 70", "Kunnanhallitus 15.4.2025 § 70"),
    ("hallintosäännön 127 8:n mukaan", "hallintosäännön 127 §:n mukaan"),
    ("kirsi.rinne&hollola.fi", "kirsi.rinne@hollola.fi"),
    # No context: a number stays a number.
    ("vuonna 2025 8 uutta oppilasta", "vuonna 2025 8 uutta oppilasta"),
    ("Tekninen lautakunta, 18.02.2025, 12 000 euroa", "Tekninen lautakunta, 18.02.2025, 12 000 euroa"),
    ("Tom & Jerry", "Tom & Jerry"),
])
def test_misread_section_signs_restored_only_in_context(read, expected):
    assert ocr.restore_misread_signs(read) == expected


# --------------------------------------------------------------------------- cache


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("MINUTES_OCR_CACHE", str(tmp_path / "ocr-cache"))
    return tmp_path / "ocr-cache"


def test_cache_round_trip_and_corrupt_entries_are_redone(cache):
    words = ocr.parse_tsv(tsv((1, 1, 10, 10, 50, 30, 96, "Päätös")))
    ocr.write_cached("ab" * 32, 2, words, "swe")
    assert ocr.read_cached("ab" * 32, 2) == words
    assert ocr.read_cached("ab" * 32, 3) is None
    (cache / ("ab" * 32) / "2.json").write_text("{half a file")
    assert ocr.read_cached("ab" * 32, 2) is None
    assert not [p for p in cache.rglob("*.tmp")]


def fake_tesseract(folder: Path, tsv_text: str) -> Path:
    """A `tesseract` that answers --list-langs and prints ``tsv_text`` for any image,
    counting its runs in ``runs.txt``."""
    script = folder / "tesseract"
    (folder / "out.tsv").write_text(tsv_text, encoding="utf-8")
    script.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--list-langs" ]; then printf "List of languages\\nfin\\nswe\\n"; exit 0; fi\n'
        f'echo run >> "{folder}/runs.txt"\n'
        f'cat "{folder}/out.tsv"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def image_only_pdf(path: Path, pages: int = 2) -> Path:
    from PIL import Image, ImageDraw

    images = []
    for n in range(pages):
        image = Image.new("L", (1240, 1754), 255)
        ImageDraw.Draw(image).rectangle((150, 300 + 40 * n, 1000, 340 + 40 * n), fill=0)
        images.append(image)
    images[0].save(path, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return path


def test_a_file_is_never_ocred_twice(tmp_path, cache, monkeypatch):
    words = [(1, 1, 300, 400 + 60 * i, 400, 45, 92, w) for i, w in enumerate(
        ["§", "31"])] + [(2, 1, 300, 600, 900, 45, 90, "Toimintakertomus")]
    tesseract = fake_tesseract(tmp_path, tsv(*words))
    monkeypatch.setattr(ocr, "TESSERACT", str(tesseract))
    ocr.tesseract_problem.cache_clear()
    pdf = image_only_pdf(tmp_path / "skannattu pöytäkirja.pdf")
    progress = []
    first = parse_pdf(pdf, progress=lambda done, total: progress.append((done, total)))
    assert first.source.text_source == "ocr" and first.source.ocr_pages == [1, 2]
    assert progress[-1] == (2, 2)
    runs = (tmp_path / "runs.txt").read_text().count("run")
    assert runs == 2  # one reading per page: the fake's text is Finnish
    # The second parse finds everything in the cache: Tesseract is not even needed.
    monkeypatch.setattr(ocr, "TESSERACT", str(tmp_path / "no-such-tesseract"))
    second = parse_pdf(pdf)
    assert (tmp_path / "runs.txt").read_text().count("run") == runs
    assert second.to_dict()["sections"] == first.to_dict()["sections"]
    assert sorted(p.name for p in (cache / hashlib.sha256(pdf.read_bytes()).hexdigest()).iterdir()) == [
        "1.json", "2.json"]


def test_missing_tesseract_is_a_plain_error_for_a_scanned_file(tmp_path, cache, monkeypatch):
    monkeypatch.setattr(ocr, "TESSERACT", str(tmp_path / "no-such-tesseract"))
    pdf = image_only_pdf(tmp_path / "scan.pdf", pages=1)
    with pytest.raises(OCRUnavailableError) as err:
        parse_pdf(pdf)
    message = str(err.value)
    assert "scan.pdf" in message and "Tesseract is not installed" in message
    assert "apt-get install tesseract-ocr tesseract-ocr-fin tesseract-ocr-swe" in message


def test_ocr_can_be_switched_off(tmp_path, cache, monkeypatch):
    monkeypatch.setattr(ocr, "TESSERACT", str(tmp_path / "no-such-tesseract"))
    document = parse_pdf(image_only_pdf(tmp_path / "scan.pdf", pages=1), ocr="never")
    assert document.source.text_source == "text_layer" and document.sections == []
    assert any("no text layer" in w.message for w in document.warnings)


def test_a_text_layer_sample_is_not_ocred(cache, monkeypatch):
    monkeypatch.setattr(ocr, "TESSERACT", "/nonexistent/tesseract")
    document = parse_pdf(SAMPLES / "hollola-kunnanhallitus-2025-03-10.pdf")
    assert document.source.text_source == "text_layer" and document.source.ocr_pages == []
    assert not cache.exists()


# --------------------------------------------------------------------------- scanned samples


@pytest.fixture(scope="module")
def scanned_report():
    """tests/scanned/ parsed with real Tesseract (the suite's OCR cache, see conftest)."""
    if ocr.tesseract_problem() is not None:
        if os.environ.get("CI"):
            pytest.fail(f"CI has no OCR: {ocr.tesseract_problem()}")
        pytest.skip(ocr.tesseract_problem())
    return evaluate_dir(SCANNED)


@pytest.fixture(scope="module")
def originals_scores() -> FieldScores:
    """The text-layer originals of the scanned samples, scored the same way."""
    stems = {p.stem for p in SCANNED.glob("*.pdf")}
    cases, _ = discover_gold(SAMPLES)
    total = FieldScores()
    for case in cases:
        if Path(case.gold_path).stem in stems:
            total.merge(evaluate_case(case, parse_pdf).scores)
    return total


@pytest.mark.xdist_group("ocr")
def test_scanned_samples_are_image_only_and_ocred(scanned_report):
    assert len(scanned_report.documents) == 3
    assert [d.error for d in scanned_report.documents] == [None] * 3
    for pdf in SCANNED.glob("*.pdf"):
        assert all(p.chars == 0 for p in read_pages(pdf))


@pytest.mark.xdist_group("ocr")
def test_scanned_samples_within_three_points_of_the_originals(scanned_report, originals_scores):
    scanned = scanned_report.totals
    assert scanned.sections.f1 >= originals_scores.sections.f1 - 0.03
    behind = {
        name: (round(score.accuracy, 3), round(originals_scores.fields[name].accuracy, 3))
        for name, score in scanned.fields.items()
        if score.accuracy < originals_scores.fields[name].accuracy - 0.03
    }
    assert behind == {}


@pytest.mark.xdist_group("ocr")
def test_scan_generator_reproduces_the_committed_scans(tmp_path):
    import sys

    sys.path.insert(0, str(SAMPLES))
    try:
        import scan
    finally:
        sys.path.remove(str(SAMPLES))
    stem, dpi, skew, seed = scan.SCANS[1]
    data = scan.scan_pdf(SAMPLES / f"{stem}.pdf", dpi, skew, seed)
    assert hashlib.sha256(data).hexdigest() == hashlib.sha256(
        (SCANNED / f"{stem}.pdf").read_bytes()).hexdigest()



def test_pages_too_large_to_ocr_keep_their_text_layer(tmp_path, cache):
    huge = Page(1, 65000, 842, [], chars=0)  # a hostile page: 270,000 pixels wide at 300 dpi
    warnings = []
    assert ocr.ocr_pages(tmp_path / "unused.pdf", "ab" * 32, [huge], warnings=warnings) == [huge]
    assert "too large to OCR" in warnings[0].message and not cache.exists()


def test_an_unwritable_cache_costs_a_second_ocr_not_the_file(tmp_path, monkeypatch):
    blocked = tmp_path / "cache-is-a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("MINUTES_OCR_CACHE", str(blocked))
    tesseract = fake_tesseract(tmp_path, tsv((1, 1, 300, 400, 900, 45, 90, "Päätös")))
    monkeypatch.setattr(ocr, "TESSERACT", str(tesseract))
    ocr.tesseract_problem.cache_clear()
    document = parse_pdf(image_only_pdf(tmp_path / "scan.pdf", pages=1))
    assert document.source.text_source == "ocr"

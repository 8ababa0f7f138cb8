"""Stage 1b (ocr.py): which pages need OCR, Tesseract's words → lines, the cache, the
misreadings put right, and scanned samples parsed as well as their text-layer originals."""

from __future__ import annotations

import hashlib
import json
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


def image_only_pdf(path: Path, pages: int = 2, resolution: int = 150) -> Path:
    from PIL import Image, ImageDraw

    images = []
    for n in range(pages):
        image = Image.new("L", (1240, 1754), 255)
        ImageDraw.Draw(image).rectangle((150, 300 + 40 * n, 1000, 340 + 40 * n), fill=0)
        images.append(image)
    images[0].save(path, "PDF", resolution=resolution, save_all=True, append_images=images[1:])
    return path


def test_a_file_is_never_ocred_twice(tmp_path, cache, monkeypatch):
    words = [(1, 1, 300, 400 + 60 * i, 400, 45, 92, w) for i, w in enumerate(
        ["§", "31"])] + [(2, 1, 300, 600, 900, 45, 90, "Toimintakertomus")]
    tesseract = fake_tesseract(tmp_path, tsv(*words))
    monkeypatch.setattr(ocr, "TESSERACT", str(tesseract))
    ocr.tesseract_problem.cache_clear()
    pdf = image_only_pdf(tmp_path / "skannattu pöytäkirja.pdf")
    progress = []
    first = parse_pdf(pdf, progress=lambda *call: progress.append(call))
    assert first.source.text_source == "ocr" and first.source.ocr_pages == [1, 2]
    assert progress == [(1, 2, "read"), (2, 2, "read"), (1, 2, "ocr"), (2, 2, "ocr")]
    runs = (tmp_path / "runs.txt").read_text().count("run")
    assert runs == 2  # one reading per page: the fake's text is Finnish
    # The second parse finds everything in the cache: Tesseract is not even needed.
    monkeypatch.setattr(ocr, "TESSERACT", str(tmp_path / "no-such-tesseract"))
    second = parse_pdf(pdf)
    assert (tmp_path / "runs.txt").read_text().count("run") == runs
    assert second.to_dict()["sections"] == first.to_dict()["sections"]
    assert sorted(p.name for p in (cache / hashlib.sha256(pdf.read_bytes()).hexdigest()).iterdir()) == [
        "1.json", "2.json"]


def test_the_importers_heartbeat_counts_pages_read_and_ocred(tmp_path, cache, monkeypatch):
    # The importer's time limit is extended by every page done, read or OCRed; the
    # stage is sent along (at once when it changes) for its progress line.
    from parser.importer import _Heartbeat

    class Pipe:
        def __init__(self):
            self.sent = []

        def send(self, message):
            self.sent.append(message)

    tesseract = fake_tesseract(tmp_path, tsv((1, 1, 300, 400, 900, 45, 90, "Päätös")))
    monkeypatch.setattr(ocr, "TESSERACT", str(tesseract))
    ocr.tesseract_problem.cache_clear()
    pipe = Pipe()
    parse_pdf(image_only_pdf(tmp_path / "scan.pdf"), progress=_Heartbeat(pipe))
    assert pipe.sent[0] == ("progress", 1, 2, "read")
    assert {m[3] for m in pipe.sent} == {"read", "ocr"}
    assert [m[3] for m in pipe.sent] == sorted(m[3] for m in pipe.sent)[::-1]  # read, then ocr


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



# --------------------------------------------------------------------------- page sizes

A4_AT_300_DPI = (2480, 3508)  # pixels: what every scan of an A4 page should give Tesseract


@pytest.mark.parametrize("width,height,dpi,layout_width", [
    (595, 842, 300, 595),  # A4 in points: 300 dpi
    (842, 595, 300, 842),  # A4 landscape
    (842, 1191, 254, 842),  # A3: the longest side capped at 4,200 pixels
    (1191, 1684, 180, 1191),  # A2
    (2480, 3508, 300, 595),  # A4 scanned at 300 dpi, stored one point per pixel
    (1654, 2339, 300, 595),  # ... at 200 dpi
    (4960, 7016, 300, 595),  # ... at 600 dpi
    (3508, 2480, 300, 842),  # ... landscape
])
def test_pages_are_rendered_by_pixels_not_by_points(width, height, dpi, layout_width):
    rendering = ocr.ocr_rendering(width, height)
    w, h = rendering.size(width, height)
    assert max(w, h) <= ocr.MAX_OCR_SIDE_PX + 1 and w * h <= ocr.MAX_OCR_PIXELS + 2 * ocr.MAX_OCR_SIDE_PX
    assert rendering.tesseract_dpi == dpi
    # Words come back in points of the paper: the PDF's own for a page of paper size,
    # the A4 page's for a scan whose points are pixels.
    page = rendering.page([], Page(1, width, height, []))
    assert page.width == pytest.approx(layout_width, abs=1)
    if max(width, height) > ocr.MAX_PAPER_SIDE:
        assert sorted((w, h)) == pytest.approx(sorted(A4_AT_300_DPI), abs=2)


@pytest.mark.parametrize("width,height", [(65000, 842), (14400, 14400), (1e30, 1e30)])
def test_any_page_size_is_rendered_within_the_pixel_budget(width, height):
    w, h = ocr.ocr_rendering(width, height).size(width, height)
    assert w * h <= ocr.MAX_OCR_PIXELS + 2 * ocr.MAX_OCR_SIDE_PX


def test_a_page_no_image_can_show_keeps_its_text_layer(tmp_path, cache):
    # A hostile page: within the pixel budget it would be less than a pixel high.
    thin = Page(1, 14400, 1, [], chars=0)
    warnings = []
    assert ocr.ocr_pages(tmp_path / "unused.pdf", "ab" * 32, [thin], warnings=warnings) == [thin]
    assert "cannot be OCRed" in warnings[0].message and not cache.exists()
    for size in [(float("inf"), 842), (0, 842), (float("nan"), 842)]:
        assert ocr.ocr_rendering(*size) is None


def recording_tesseract(folder: Path, tsv_text: str) -> Path:
    """:func:`fake_tesseract` that also records each run's ``--dpi`` and the size of
    the image it was given (from the PGM header) in ``args.txt``."""
    script = fake_tesseract(folder, tsv_text)
    lines = script.read_text(encoding="utf-8").splitlines()
    lines.insert(2, f'echo "$8 $(head -n 2 "$1" | tail -n 1)" >> "{folder}/args.txt"')
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return script


def test_a_scan_stored_one_point_per_pixel_is_rendered_at_300_dpi_of_its_paper(
        tmp_path, cache, monkeypatch):
    # 1240 × 1754 "points": an A4 page scanned at 150 dpi by a scanner that recorded no
    # resolution.  Tesseract gets an A4 page at 300 dpi, and its words come back in the
    # points of that A4 page.
    tesseract = recording_tesseract(tmp_path, tsv((1, 1, 300, 600, 900, 45, 90, "Päätös")))
    monkeypatch.setattr(ocr, "TESSERACT", str(tesseract))
    ocr.tesseract_problem.cache_clear()
    pdf = image_only_pdf(tmp_path / "scan.pdf", pages=1, resolution=72)
    (page,) = read_pages(pdf)
    assert (page.width, page.height) == (1240, 1754)
    (ocred,) = ocr.ocr_pages(pdf, "ab" * 32, [page])
    assert (tmp_path / "args.txt").read_text().split() == ["300", "2480", "3508"]
    assert ocred.text_source == "ocr"
    assert (ocred.width, ocred.height) == pytest.approx((595.3, 841.9), abs=0.2)
    (segment,) = ocred.lines[0].segments
    assert (segment.x0, segment.top) == pytest.approx((72.0, 144.0))
    # The cache keeps the scale: the second reading comes from it, the same page.
    monkeypatch.setattr(ocr, "TESSERACT", str(tmp_path / "no-such-tesseract"))
    assert ocr.ocr_pages(pdf, "ab" * 32, [page]) == [ocred]


def test_a_cache_entry_is_used_only_at_the_scale_it_was_read_at(cache):
    words = ocr.parse_tsv(tsv((1, 1, 10, 10, 50, 30, 96, "Päätös")))
    a4 = ocr.ocr_rendering(595, 842)
    a3 = ocr.ocr_rendering(842, 1191)
    ocr.write_cached("ab" * 32, 1, words, rendering=a3)
    assert ocr.read_cached("ab" * 32, 1, a3) == words
    assert ocr.read_cached("ab" * 32, 1, a4) is None
    # Entries written before the scale was recorded were read at 300 dpi of A4.
    entry = cache / ("ab" * 32) / "1.json"
    old = json.loads(entry.read_text(encoding="utf-8"))
    del old["scale"]
    old["dpi"] = 300
    entry.write_text(json.dumps(old), encoding="utf-8")
    assert ocr.read_cached("ab" * 32, 1, a4) == words
    assert ocr.read_cached("ab" * 32, 1, a3) is None


@pytest.fixture(scope="module")
def tesseract_ready():
    if ocr.tesseract_problem() is not None:
        if os.environ.get("CI"):
            pytest.fail(f"CI has no OCR: {ocr.tesseract_problem()}")
        pytest.skip(ocr.tesseract_problem())


def scan_without_resolution(source: Path, out: Path, dpis: list[int]) -> Path:
    """``source``'s first pages rendered at ``dpis`` (one per page) and stored one point
    per pixel, as scanners that record no resolution store them; fixed dates, so the
    same bytes every run (and the suite's OCR cache serves later runs)."""
    import time

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(source))
    try:
        images = []
        for i, dpi in enumerate(dpis):
            page = pdf[i]
            images.append(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
            page.close()
    finally:
        pdf.close()
    fixed = time.gmtime(1748779200)
    images[0].save(out, "PDF", resolution=72, save_all=True, append_images=images[1:],
                   creationDate=fixed, modDate=fixed, producer="tests/test_ocr.py")
    return out


@pytest.mark.xdist_group("ocr")
def test_a_scan_whose_pdf_records_no_resolution_is_read(tmp_path, tesseract_ready):
    # Pages of 1654 × 2339 and 2480 × 3508 points (A4 at 200 and 300 dpi, a point per
    # pixel): once refused as larger than A2, now read like any scan.
    stem = "asikkala-hyvinvointilautakunta-2025-04-09"
    pdf = scan_without_resolution(SAMPLES / f"{stem}.pdf", tmp_path / f"{stem}.pdf", [200, 300])
    assert [(round(p.width, -1), round(p.height, -1)) for p in read_pages(pdf)] == [
        (1650, 2340), (2480, 3510)]
    document = parse_pdf(pdf)
    assert document.source.text_source == "ocr" and document.source.ocr_pages == [1, 2]
    assert not [w.message for w in document.warnings if "OCR" in w.message]
    gold = json.loads((SAMPLES / f"{stem}.json").read_text(encoding="utf-8"))
    assert (document.meeting.body, document.meeting.date, document.meeting.number) == (
        gold["meeting"]["body"], gold["meeting"]["date"], gold["meeting"]["number"])
    expected = [s for s in gold["sections"] if s["page_start"] == 2]
    found = {s.number: s for s in document.sections}
    assert sorted(found) == [s["number"] for s in expected]  # §§ 28-30
    for section in expected:
        assert found[section["number"]].title == section["title"].replace("–", "-") or (
            found[section["number"]].title == section["title"])
        assert found[section["number"]].page_start == 2
    # The label column is found by its position in points: the decisions of the
    # sections that end on page 2 are read.
    for section in expected:
        if section["page_end"] == 2:
            assert found[section["number"]].decision == section["decision"]


def test_an_unwritable_cache_costs_a_second_ocr_not_the_file(tmp_path, monkeypatch):
    blocked = tmp_path / "cache-is-a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("MINUTES_OCR_CACHE", str(blocked))
    tesseract = fake_tesseract(tmp_path, tsv((1, 1, 300, 400, 900, 45, 90, "Päätös")))
    monkeypatch.setattr(ocr, "TESSERACT", str(tesseract))
    ocr.tesseract_problem.cache_clear()
    document = parse_pdf(image_only_pdf(tmp_path / "scan.pdf", pages=1))
    assert document.source.text_source == "ocr"


# --------------------------------------------------------------------------- minutes parse


@pytest.mark.xdist_group("ocr")
def test_the_ocr_progress_bar_shows_only_when_pages_are_ocred(tesseract_ready):
    from click.testing import CliRunner

    from parser.cli import cli

    runner = CliRunner()
    text_layer = SAMPLES / "hollola-kunnanhallitus-2025-03-10.pdf"
    result = runner.invoke(cli, ["parse", str(text_layer)])
    assert result.exit_code == 0, result.output
    assert "OCR" not in result.stderr and "Kunnanhallitus" in result.stdout
    scanned = SCANNED / "hollola-kunnanhallitus-2025-03-10.pdf"
    result = runner.invoke(cli, ["parse", str(scanned)])
    assert result.exit_code == 0, result.output
    assert f"OCR {scanned}" in result.stderr
    for flag in ("-s", "--silent"):
        result = runner.invoke(cli, ["parse", flag, str(scanned)])
        assert result.exit_code == 0 and result.stderr == ""

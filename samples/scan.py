"""Write image-only ("scanned") copies of some sample PDFs with their gold JSON.

Usage (from the repository root)::

    .venv/bin/python samples/scan.py                # into tests/scanned/
    .venv/bin/python samples/scan.py OUT_DIR        # elsewhere
    .venv/bin/python samples/scan.py --all OUT_DIR  # every sample, other settings (a
                                                    # held-out check: minutes eval OUT_DIR)
    .venv/bin/python samples/scan.py --all --no-resolution OUT_DIR
                     # the same, stored as scanners that record no resolution store
                     # pages: one point per pixel (an A4 page at 300 dpi is 2480 x 3508
                     # points)

Each page of a text-layer sample is rendered with pdfium, turned by a small angle,
given scanner noise (grain, a blurred threshold to bilevel, specks of dust) and saved
as a one-image page, as a flatbed scanner at 200-300 dpi with a G4 fax-style output
would.  No text layer is left, so the parser has to OCR every page.  The gold is the
original sample's gold with ``source`` describing the scanned file.  Output is
deterministic: fixed seeds and fixed PDF dates.

The scanned copies live under tests/ rather than samples/: ``minutes import samples/``
(and the importer tests that import samples/) read samples/ recursively, and each of
these pages costs seconds of OCR.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

SAMPLES = Path(__file__).resolve().parent
REPO = SAMPLES.parent
DEFAULT_OUT = REPO / "tests" / "scanned"

# (sample stem, scan resolution, skew in degrees, seed): one sample per layout family,
# 14 pages in all so CI can OCR them in well under a minute.
SCANS = [
    ("asikkala-hyvinvointilautakunta-2025-04-09", 300, 0.6, 1),  # left label column
    ("hollola-kunnanhallitus-2025-03-10", 200, -0.8, 2),  # colon labels, § alone
    ("nykarleby-bildningsnamnden-2024-10-15", 250, 0.4, 3),  # Swedish, "80 §"
]
_FIXED_DATE = time.gmtime(1748779200)  # 2025-06-01 12:00 UTC


def scan_page(image: Image.Image, skew: float, rng: np.random.Generator) -> Image.Image:
    """A clean greyscale page image → a skewed, noisy bilevel scan of it."""
    turned = image.rotate(skew, resample=Image.BICUBIC, expand=False, fillcolor=255)
    grey = np.asarray(turned, dtype=np.float32) + rng.normal(0, 25, (turned.height, turned.width))
    blurred = Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(0.6))
    bits = np.asarray(blurred) > 150
    # Single-pixel specks of dust on the platen, a few hundred per page.
    pixels = turned.width * turned.height
    specks = rng.integers(0, pixels, size=pixels // 40000)
    bits.reshape(-1)[specks] = False
    return Image.fromarray(bits)


def scan_pdf(pdf_path: Path, dpi: int, skew: float, seed: int,
             record_resolution: bool = True) -> bytes:
    """Image-only PDF bytes of ``pdf_path`` scanned at ``dpi``; without
    ``record_resolution``, each page is as many points as the scan has pixels."""
    rng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        images = []
        for i in range(len(pdf)):
            page = pdf[i]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            # Sheets never sit exactly the same way twice on the glass.
            images.append(scan_page(image, skew + float(rng.uniform(-0.15, 0.15)), rng))
    finally:
        pdf.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=dpi if record_resolution else 72, save_all=True,
                   append_images=images[1:],
                   creationDate=_FIXED_DATE, modDate=_FIXED_DATE, producer="samples/scan.py")
    return out.getvalue()


def scan(out_dir: Path = DEFAULT_OUT) -> list[Path]:
    """Write every scanned sample and its gold into ``out_dir``; returns the PDF paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, dpi, skew, seed in SCANS:
        data = scan_pdf(SAMPLES / f"{stem}.pdf", dpi, skew, seed)
        pdf_path = out_dir / f"{stem}.pdf"
        pdf_path.write_bytes(data)
        gold = json.loads((SAMPLES / f"{stem}.json").read_text(encoding="utf-8"))
        pages = gold["source"]["pages"]
        gold["source"].update(
            path=_relative(pdf_path), sha256=hashlib.sha256(data).hexdigest(),
            text_source="ocr", ocr_pages=list(range(1, pages + 1)),
        )
        pdf_path.with_suffix(".json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(pdf_path)
        print(f"{pdf_path.name}: {pages} pages at {dpi} dpi, skew {skew}°, {len(data) // 1024} kB")
    return written


# Settings for --all, taken in turn: none equals a committed scan's.
HELD_OUT = [(300, -0.5), (250, 0.7), (200, 0.3), (300, 1.0)]


def scan_all(out_dir: Path, record_resolution: bool = True) -> list[Path]:
    """Every sample scanned with the HELD_OUT settings in turn, gold beside each."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for i, pdf in enumerate(sorted(SAMPLES.glob("*.pdf"))):
        dpi, skew = HELD_OUT[i % len(HELD_OUT)]
        data = scan_pdf(pdf, dpi, skew, 100 + i, record_resolution)
        target = out_dir / pdf.name
        target.write_bytes(data)
        gold = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
        gold["source"].update(sha256=hashlib.sha256(data).hexdigest(), text_source="ocr")
        target.with_suffix(".json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(target)
        print(f"{pdf.name}: {dpi} dpi, skew {skew}°")
    return written


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(REPO).as_posix()
    except ValueError:  # written outside the repository (tests): keep the usual place
        return (DEFAULT_OUT / path.name).relative_to(REPO).as_posix()


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--all"]:
        record = "--no-resolution" not in args
        args = [a for a in args if a != "--no-resolution"]
        if len(args) != 2:
            sys.exit("usage: samples/scan.py --all [--no-resolution] OUT_DIR")
        scan_all(Path(args[1]), record)
    else:
        scan(Path(args[0]) if args else DEFAULT_OUT)

"""OCR speed: seconds per page of the parser's OCR path next to plain ``tesseract`` on
the same page images, in the same run.

The pages are the scanned samples (tests/scanned/, image-only PDFs).  Measured:

- ``tesseract``: each page rendered once at the parser's DPI (same median filter),
  then ``tesseract IMG stdout -l fin+swe tsv`` run on it, one page at a time, one
  thread (OMP_THREAD_LIMIT=1): the floor any Tesseract-based OCR pays;
- ``minutes parse``, OCR from scratch (empty cache) with 1 and with 2 Tesseract
  processes: rendering, Tesseract, the second reading of Swedish pages, stroke
  measurement and the whole parse;
- ``minutes parse`` again with the cache filled (what a re-import pays).

Prints a table and writes bench/out/ocr.json.

Example:
    .venv/bin/python bench/ocr_bench.py
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from parser import ocr  # noqa: E402
from parser.pages import open_pdf  # noqa: E402
from parser.pipeline import parse_pdf  # noqa: E402

SCANNED = REPO / "tests" / "scanned"


def plain_tesseract(pdfs: list[Path]) -> tuple[int, float]:
    """(pages, seconds) of plain Tesseract over every page, images rendered beforehand."""
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as tmp:
        images = []
        for pdf_path in pdfs:
            pdf = open_pdf(pdf_path)
            for i in range(len(pdf)):
                page = pdf[i]
                image_path = os.path.join(tmp, f"{pdf_path.stem}-{i}.png")
                ocr.render_for_ocr(page).save(image_path)
                page.close()
                images.append(image_path)
            pdf.close()
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        started = time.perf_counter()
        for image_path in images:
            subprocess.run([ocr.TESSERACT, image_path, "stdout", "-l", ocr.LANGUAGES, "--psm", ocr.PSM,
                            "tsv"], check=True, capture_output=True, env=env)
        return len(images), time.perf_counter() - started


def parse_all(pdfs: list[Path], cache: str, jobs: int) -> tuple[int, float]:
    """(pages, seconds) of parsing every PDF with OCR cached in ``cache``."""
    os.environ["MINUTES_OCR_CACHE"] = cache
    os.environ["MINUTES_OCR_JOBS"] = str(jobs)
    started = time.perf_counter()
    pages = sum(parse_pdf(p).source.pages for p in pdfs)
    return pages, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="*", type=Path, help=f"image-only PDFs (default: {SCANNED})")
    parser.add_argument("--out", default=str(REPO / "bench" / "out" / "ocr.json"))
    args = parser.parse_args(argv)
    problem = ocr.tesseract_problem()
    if problem:
        print(f"Cannot measure OCR: {problem}; install it with: {ocr.INSTALL_HINT}", file=sys.stderr)
        return 1
    pdfs = args.pdfs or sorted(SCANNED.glob("*.pdf"))

    rows = []
    pages, seconds = plain_tesseract(pdfs)
    rows.append(("tesseract (1 process, images ready)", pages, seconds))
    with tempfile.TemporaryDirectory(prefix="ocr-cache-") as cache1, \
            tempfile.TemporaryDirectory(prefix="ocr-cache-") as cache2:
        rows.append(("minutes parse, OCR, 1 Tesseract process", *parse_all(pdfs, cache1, 1)))
        rows.append(("minutes parse, OCR, 2 Tesseract processes", *parse_all(pdfs, cache2, 2)))
        rows.append(("minutes parse, OCR cached", *parse_all(pdfs, cache2, 2)))

    base = rows[0][2] / rows[0][1]
    print(f"{'run':<44} {'pages':>5} {'s/page':>7} {'× tesseract':>12}")
    results = []
    for name, n, secs in rows:
        per_page = secs / n
        print(f"{name:<44} {n:>5} {per_page:>7.2f} {per_page / base:>12.2f}")
        results.append({"run": name, "pages": n, "seconds": round(secs, 2),
                        "seconds_per_page": round(per_page, 3),
                        "ratio_to_tesseract": round(per_page / base, 3)})
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"files": [p.name for p in pdfs], "cpus": os.cpu_count(),
                               "load_average": os.getloadavg(), "results": results},
                              indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

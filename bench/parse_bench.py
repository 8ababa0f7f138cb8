"""Parse speed next to raw text extraction, on the same files in the same run.

    .venv/bin/python bench/parse_bench.py [PDF or folder ...]   (default: samples/ and ../shared/corpus)

Prints pages/s for `pdftotext` (poppler, one process per file), raw pypdfium2 text
extraction, and `parser.parse_pdf`, each with its ratio to pdftotext, and writes the
figures to bench/out/parse.json.  One core: no worker processes here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parser import parse_pdf  # noqa: E402


def pdfs(args: list[str]) -> list[Path]:
    roots = [Path(a) for a in args] or [ROOT / "samples", ROOT.parent / "shared" / "corpus"]
    found = []
    for root in roots:
        found += sorted(root.rglob("*.pdf")) if root.is_dir() else [root]
    return found


def timed(fn, files) -> float:
    start = time.perf_counter()
    for f in files:
        fn(f)
    return time.perf_counter() - start


def pdftotext(path: Path) -> None:
    subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True)


def pypdfium2_text(path: Path) -> None:
    pdf = pdfium.PdfDocument(str(path))
    for page in pdf:
        page.get_textpage().get_text_range()
    pdf.close()


def main() -> None:
    files = pdfs(sys.argv[1:])
    pages = sum(len(pdfium.PdfDocument(str(f))) for f in files)
    runs = {}
    if shutil.which("pdftotext"):
        runs["pdftotext"] = timed(pdftotext, files)
    runs["pypdfium2 text"] = timed(pypdfium2_text, files)
    runs["minutes parse"] = timed(parse_pdf, files)
    reference = runs.get("pdftotext")
    print(f"{len(files)} files, {pages} pages, one core")
    print(f"{'extractor':<16} {'seconds':>8} {'pages/s':>9} {'× pdftotext':>12}")
    results = {}
    for name, seconds in runs.items():
        ratio = (reference / seconds) if reference else None
        results[name] = {"seconds": seconds, "pages_per_second": pages / seconds, "ratio_to_pdftotext": ratio}
        print(f"{name:<16} {seconds:8.2f} {pages / seconds:9.1f} {ratio:12.2f}" if ratio else
              f"{name:<16} {seconds:8.2f} {pages / seconds:9.1f} {'-':>12}")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "parse.json").write_text(json.dumps({"files": len(files), "pages": pages, "runs": results}, indent=2))


if __name__ == "__main__":
    main()

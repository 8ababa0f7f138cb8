"""Import benchmark (issue 4): pages/s of ``minutes import`` with 1 and 2 workers.

samples/*.pdf are copied N times (each copy gets a distinct trailing comment, so it is a
distinct file by SHA-256 and is really parsed), then imported into a fresh database once
per worker count.  Each measurement runs in its own process so that peak RSS (of the
importing process and, separately, of its largest worker) belongs to that run alone.

Usage::

    .venv/bin/python bench/import_bench.py [--copies 10] [--workers 1 2] [--no-lemmas]
                                           [--parse real|json]

Prints a table and writes bench/out/import.json.  Never run by the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def make_corpus(folder: Path, copies: int) -> tuple[int, int]:
    """Copy samples/*.pdf (and their JSON) ``copies`` times; returns (files, bytes)."""
    samples = sorted((REPO / "samples").glob("*.pdf"))
    if not samples:
        sys.exit("samples/ has no PDFs; generate them first (python samples/generate.py).")
    files = size = 0
    for n in range(copies):
        for pdf in samples:
            target = folder / f"{pdf.stem}-copy{n:03d}.pdf"
            data = pdf.read_bytes() + f"\n% benchmark copy {n}\n".encode()
            target.write_bytes(data)
            sidecar = pdf.with_suffix(".json")
            if sidecar.exists():
                shutil.copy(sidecar, target.with_suffix(".json"))
            files += 1
            size += len(data)
    return files, size


def measure(corpus: Path, workers: int, lemmas: bool, parse_mode: str) -> dict:
    """One import into a fresh database (runs in its own process)."""
    from parser.importer import import_paths, parse_sidecar_json

    parse = parse_sidecar_json if parse_mode == "json" else None
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "archive.db"
        started = time.perf_counter()
        summary = import_paths(db_path, [corpus], workers=workers, parse=parse,
                               lemmatize=lemmas, timeout=600)
        seconds = time.perf_counter() - started
        db_bytes = db_path.stat().st_size
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "workers": workers,
        "lemmas": lemmas,
        "parse": parse_mode,
        "files": summary.imported,
        "failed": summary.failed,
        "pages": summary.pages,
        "sections": summary.sections,
        "seconds": round(seconds, 2),
        "pages_per_s": round(summary.pages / seconds, 1) if seconds else None,
        "sections_per_s": round(summary.sections / seconds, 1) if seconds else None,
        "peak_rss_parent_mb": round(self_kb / 1024, 1),
        "peak_rss_worker_mb": round(child_kb / 1024, 1),
        "db_mb": round(db_bytes / 1e6, 2),
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--copies", type=int, default=10, help="copies of samples/ (default 10)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--no-lemmas", action="store_true", help="leave the lemma column empty")
    ap.add_argument("--parse", choices=["real", "json"], default="real",
                    help="real parser, or the gold JSON beside each PDF (import overhead)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.one is not None:  # a single measurement, in this process
        print(json.dumps(measure(Path(args.corpus), args.one, not args.no_lemmas, args.parse)))
        return

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        files, size = make_corpus(corpus, args.copies)
        runs = []
        for w in args.workers:
            cmd = [sys.executable, __file__, "--one", str(w), "--corpus", str(corpus),
                   "--parse", args.parse] + (["--no-lemmas"] if args.no_lemmas else [])
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            runs.append(json.loads(out.strip().splitlines()[-1]))

    print(f"corpus: {files} files ({size / 1e6:.1f} MB), samples/ x {args.copies}; "
          f"parse={args.parse}, lemmas={'off' if args.no_lemmas else 'on'}; "
          f"{os.cpu_count()} CPUs")
    header = f"{'workers':>7} {'pages':>6} {'s':>7} {'pages/s':>8} {'sect/s':>8} " \
             f"{'RSS parent MB':>13} {'RSS worker MB':>13} {'db MB':>6}"
    print(header)
    for r in runs:
        print(f"{r['workers']:>7} {r['pages']:>6} {r['seconds']:>7} {r['pages_per_s']:>8} "
              f"{r['sections_per_s']:>8} {r['peak_rss_parent_mb']:>13} "
              f"{r['peak_rss_worker_mb']:>13} {r['db_mb']:>6}")
    out_dir = REPO / "bench" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    name = "import.json" if args.parse == "real" and not args.no_lemmas else \
        f"import-{args.parse}{'-nolemmas' if args.no_lemmas else ''}.json"
    result = {
        "benchmark": "import",
        "copies": args.copies,
        "files": files,
        "bytes": size,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "runs": runs,
    }
    (out_dir / name).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written: {out_dir / name}")


if __name__ == "__main__":
    main()

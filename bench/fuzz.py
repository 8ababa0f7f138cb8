"""Fuzzing the importer (issue 7): mutated sample PDFs through the real ``minutes import``.

samples/*.pdf are mutated byte-wise and structurally (``tests/hostile.py``:
``fuzz_corpus``, seeded), written in batches and imported batch by batch into one
archive by ``minutes import`` in a subprocess, with real workers, a per-file time limit
and a memory limit.  After every batch:

- the command ended by itself (a hang: still running after every file could have used
  its whole time limit) with exit status 0 or 1 (anything else: the importer crashed);
- nothing it printed holds a traceback, and every failure it printed is plain;
- every file is stored or has an ``import_errors`` row (else: data lost), and the
  archive passes the integrity checks with every document complete.

Usage::

    .venv/bin/python bench/fuzz.py --count 5000 --seed 1      # thousands: ~25 min
    .venv/bin/python bench/fuzz.py --count 200 --keep /tmp/fuzz  # keep files and archive

Prints the figures and writes bench/out/fuzz.json.  ``tests/test_fuzz.py`` runs the same
with a small count in the default test run.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import hostile  # noqa: E402
from conftest import (  # noqa: E402
    MINUTES,
    NOT_PLAIN,
    assert_archive_whole,
    gold_samples,
    import_errors_of,
    minutes_env,
    start_command,
    stored_paths_of,
)


@dataclass
class FuzzReport:
    """What a fuzz run found; :meth:`problems` must be empty."""

    seed: int
    files: int = 0
    imported: int = 0
    linked: int = 0  # the same mutation twice: stored once, at both paths
    errors: Counter = field(default_factory=Counter)  # import_errors rows by kind
    crashes: int = 0  # runs of the importer that did not end with status 0 or 1
    hangs: int = 0  # runs that outlived their limit
    tracebacks: int = 0  # runs that printed a traceback
    unplain: list[str] = field(default_factory=list)  # failure lines that are not plain
    lost: list[str] = field(default_factory=list)  # files neither stored nor recorded
    broken: list[str] = field(default_factory=list)  # archive checks that failed
    seconds: float = 0.0

    def problems(self) -> list[str]:
        found = [f"{self.crashes} importer crashes"] if self.crashes else []
        found += [f"{self.hangs} hangs"] if self.hangs else []
        found += [f"{self.tracebacks} tracebacks"] if self.tracebacks else []
        found += [f"not plain: {line}" for line in self.unplain[:5]]
        found += [f"lost: {path}" for path in self.lost[:5]]
        found += [f"archive: {what}" for what in self.broken[:5]]
        return found

    def text(self) -> str:
        kinds = ", ".join(f"{kind} {n}" for kind, n in self.errors.most_common()) or "none"
        return "\n".join([
            f"fuzz seed {self.seed}: {self.files} files in {self.seconds:.0f} s "
            f"({self.files / max(self.seconds, 1e-9):.1f} files/s)",
            f"imported {self.imported} (+{self.linked} identical copies), "
            f"errors recorded {sum(self.errors.values())}: {kinds}",
            f"importer crashes {self.crashes}, hangs {self.hangs}, tracebacks "
            f"{self.tracebacks}, unplain messages {len(self.unplain)}, files lost "
            f"{len(self.lost)}, archive problems {len(self.broken)}",
        ])

    def to_dict(self) -> dict:
        return {"seed": self.seed, "files": self.files, "imported": self.imported,
                "linked": self.linked, "errors": dict(self.errors),
                "crashes": self.crashes, "hangs": self.hangs,
                "tracebacks": self.tracebacks, "unplain": len(self.unplain),
                "lost": len(self.lost), "broken": len(self.broken),
                "seconds": round(self.seconds, 1)}


def import_batch(folder: Path, db: Path, env: dict, report: FuzzReport, *, workers: int,
                 timeout: float, memory_mb: int) -> None:
    """``minutes import FOLDER`` and every check of one batch, into ``report``."""
    files = sorted(folder.iterdir())
    limit = timeout * math.ceil(len(files) / workers) + 300
    process = start_command(
        [MINUTES, "import", folder, "--db", db, "--workers", workers, "--timeout", timeout,
         "--memory-mb", memory_mb, "--silent"], env)
    try:
        stdout, stderr = process.communicate(timeout=limit)
    except Exception:  # noqa: BLE001 - TimeoutExpired: the import hangs
        process.kill()
        stdout, stderr = process.communicate()
        report.hangs += 1
    if process.returncode not in (0, 1):
        report.crashes += 1
    report.tracebacks += (stdout + stderr).count("Traceback")
    for line in stderr.splitlines():
        message = line.removeprefix("failed: ")
        if line.startswith("... and ") and line.endswith(" more failures"):
            continue  # the CLI lists 20 failures; import_errors has them all
        if line == message or any(bad in message for bad in NOT_PLAIN):
            report.unplain.append(line)
    check_archive(files, db, report)


def check_archive(files: list[Path], db: Path, report: FuzzReport) -> None:
    """Every file of the batch stored or recorded with a plain message; the archive
    whole."""
    stored = stored_paths_of(db)
    errors = import_errors_of(db)
    for path in map(str, files):
        if path in errors:
            report.errors[errors[path]["kind"]] += 1
            message = errors[path]["message"]
            if not message.startswith(f"{path}: ") or any(bad in message for bad in NOT_PLAIN):
                report.unplain.append(message)
        elif path not in stored:
            report.lost.append(path)
    report.files += len(files)
    try:
        documents = assert_archive_whole(db)
    except AssertionError as e:
        report.broken.append(str(e).splitlines()[0])
        return
    report.imported = len(documents)
    report.linked = len(stored) - len(documents)


def run_fuzz(count: int, seed: int, workdir: Path, *, batch: int = 250, workers: int = 2,
             timeout: float = 60, memory_mb: int = 1024) -> FuzzReport:
    """Fuzz ``count`` mutated samples in batches of ``batch`` through ``minutes import``
    into ``workdir/archive.db``; returns the report."""
    samples = gold_samples()
    if not samples:
        raise SystemExit("samples/ has no PDFs; generate them first (samples/generate.py).")
    report = FuzzReport(seed=seed)
    db = workdir / "archive.db"
    env = minutes_env(workdir)
    started = time.monotonic()
    for first in range(0, count, batch):
        folder = workdir / f"batch-{first // batch:03d}"
        hostile.fuzz_corpus(samples, folder, min(batch, count - first), seed * 1_000_003 + first)
        import_batch(folder, db, env, report, workers=workers, timeout=timeout,
                     memory_mb=memory_mb)
        report.seconds = time.monotonic() - started
        print(f"... {report.files} files, {report.seconds:.0f} s", file=sys.stderr, flush=True)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="mutated files in all")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=250, help="files per minutes import")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=60, help="minutes import --timeout")
    parser.add_argument("--memory-mb", type=int, default=1024)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="minutes-fuzz-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        report = run_fuzz(args.count, args.seed, workdir, batch=args.batch,
                          workers=args.workers, timeout=args.timeout,
                          memory_mb=args.memory_mb)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(report.text())
    for problem in report.problems():
        print(f"PROBLEM: {problem}")
    out = REPO / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "fuzz.json").write_text(json.dumps(report.to_dict(), indent=2) + "\n")
    sys.exit(1 if report.problems() else 0)


if __name__ == "__main__":
    main()

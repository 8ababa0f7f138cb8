"""Two (or more) checkouts of the parser measured by the same suite, interleaved.

    git worktree add ../wt-old a07a9da && (cd ../wt-old && make setup)
    .venv/bin/python bench/compare.py --tree old=../wt-old --tree new=. --rounds 2 \\
        --label lapua -- --pdfs ../shared/corpus/lapua --gold tests/corpus_gold/lapua

Everything after ``--`` goes to ``bench/run.py`` as it is.  First, per tree, a warm-up
parse (``--runs parse``) fills that tree's own OCR cache (``bench/out/ocr-cache/NAME``,
through ``MINUTES_OCR_CACHE``, so no tree reads pages another tree OCRed and the user's
cache is left alone); its figures, Tesseract included for the pages that need OCR, are
kept as the "cold" run.  Then ``--rounds`` rounds run ``bench/run.py --tree`` for each
tree in the order given (old, new, old, new, ...), every run with its own pdftotext and
pypdfium2 on the same files, so each ratio is to a reference measured minutes apart.

Prints one table of every run (round, tree, measurement) with the load average before
and after each measurement, then the median of the rounds per tree, and writes
``bench/out/compare-LABEL.json`` (the runs' own JSON is ``bench/out/bench-LABEL-NAME-rN.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / "bench" / "run.py"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_suite(name: str, tree: Path, label: str, out: Path, run_args: list[str],
              cache: Path | None) -> dict:
    """bench/run.py for one tree; its JSON."""
    env = dict(os.environ)
    if cache is not None:
        env["MINUTES_OCR_CACHE"] = str(cache)
    cmd = [sys.executable, str(RUN), "--tree", str(tree), "--label", label, "--out", str(out),
           *run_args]
    log(f"== {label}: {' '.join(cmd[1:])}")
    done = subprocess.run(cmd, env=env)
    if done.returncode != 0:
        raise SystemExit(f"bench/run.py failed for {label} (exit status {done.returncode})")
    return json.loads((out / f"bench-{label}.json").read_text(encoding="utf-8"))


def row(r: dict) -> dict:
    """The figures of one measurement the comparison shows."""
    return {
        "pages_per_s": r["pages_per_s"],
        "sections": r.get("sections"),
        "files_failed": r.get("files_failed"),
        "files_without_sections": r.get("files_without_sections"),
        "x_pypdfium2": r.get("x_pypdfium2"),
        "cpu_ms_per_page": 1000 * r["cpu_seconds"] / r["pages"],
        "rss_mb": r["rss_mb"],
        "child_rss_mb": r.get("child_rss_mb"),
        "load_before": r["load_average_before"][0],
        "load_after": r["load_average_after"][0],
    }


def fmt(value, spec: str = ".0f") -> str:
    return "–" if value is None else format(value, spec)


def runs_table(runs: list[tuple[str, str, dict]]) -> str:
    lines = ["| round | code | run | pages/s | sections | files failed / without § | × pypdfium2 "
             "| CPU ms/page | peak RSS MB (largest child) | load 1-min before → after |",
             "|" + "---|" * 10]
    for round_name, name, result in runs:
        for r in result["runs"]:
            if r["kind"] == "stages":
                continue
            f = row(r)
            files = (f"{f['files_failed']} / {fmt(f['files_without_sections'], ',')}"
                     if f["files_failed"] is not None else "–")
            child = f" ({f['child_rss_mb']:.0f})" if f["child_rss_mb"] else ""
            lines.append(
                f"| {round_name} | {name} | {r['label']} | {f['pages_per_s']:.0f} | "
                f"{fmt(f['sections'], ',')} | {files} | {fmt(f['x_pypdfium2'], '.2f')} | "
                f"{f['cpu_ms_per_page']:.2f} | {f['rss_mb']:.0f}{child} | "
                f"{f['load_before']:.2f} → {f['load_after']:.2f} |")
    return "\n".join(lines)


def median_table(runs: list[tuple[str, str, dict]], names: list[str]) -> tuple[str, dict]:
    """Per tree and measurement, the median over the timed rounds."""
    by: dict[tuple[str, str], list[dict]] = {}
    order: list[str] = []
    for round_name, name, result in runs:
        if round_name == "cold":
            continue
        for r in result["runs"]:
            if r["kind"] == "stages":
                continue
            by.setdefault((name, r["label"]), []).append(row(r))
            if r["label"] not in order:
                order.append(r["label"])
    lines = ["| run | code | rounds | pages/s (median; each) | sections | files failed / without § "
             "| × pypdfium2 | CPU ms/page | peak RSS MB (largest child) |", "|" + "---|" * 9]
    medians = {}
    for label in order:
        for name in names:
            rows = by.get((name, label))
            if not rows:
                continue
            med = {k: statistics.median(x[k] for x in rows)
                   for k in ("pages_per_s", "cpu_ms_per_page", "rss_mb")}
            med["x_pypdfium2"] = (statistics.median(x["x_pypdfium2"] for x in rows)
                                  if rows[0]["x_pypdfium2"] is not None else None)
            med["child_rss_mb"] = max((x["child_rss_mb"] or 0) for x in rows) or None
            med["pages_per_s_each"] = [round(x["pages_per_s"], 1) for x in rows]
            med.update({k: rows[0][k] for k in ("sections", "files_failed", "files_without_sections")})
            medians[f"{name}: {label}"] = med
            files = (f"{med['files_failed']} / {fmt(med['files_without_sections'], ',')}"
                     if med["files_failed"] is not None else "–")
            child = f" ({med['child_rss_mb']:.0f})" if med["child_rss_mb"] else ""
            each = ", ".join(f"{x:.0f}" for x in med["pages_per_s_each"])
            lines.append(f"| {label} | {name} | {len(rows)} | {med['pages_per_s']:.0f} ({each}) | "
                         f"{fmt(med['sections'], ',')} | {files} | {fmt(med['x_pypdfium2'], '.2f')} | "
                         f"{med['cpu_ms_per_page']:.2f} | {med['rss_mb']:.0f}{child} |")
    return "\n".join(lines), medians


def stages_table(runs: list[tuple[str, str, dict]], names: list[str]) -> tuple[str, dict]:
    """The "stages" runs side by side: CPU ms/page per stage, median over the rounds."""
    per: dict[str, list[dict]] = {}
    for round_name, name, result in runs:
        for r in result["runs"]:
            if r["kind"] == "stages" and round_name != "cold":
                per.setdefault(name, []).append(
                    {k: 1000 * v / r["pages"] for k, v in r["stages_cpu_seconds"].items()})
    if not per:
        return "", {}
    present = [n for n in names if n in per]
    stages = list(dict.fromkeys(k for n in present for row in per[n] for k in row))
    medians = {n: {k: statistics.median(row.get(k, 0.0) for row in per[n]) for k in stages}
               for n in present}
    lines = ["| stage (one core), CPU ms/page | " + " | ".join(present) + " |",
             "|---|" + "---|" * len(present)]
    for k in stages + ["all"]:
        cells = [f"{(sum(medians[n].values()) if k == 'all' else medians[n][k]):.2f}"
                 for n in present]
        lines.append(f"| {k} | " + " | ".join(cells) + " |")
    lines.append("(median of " + ", ".join(f"{len(per[n])} {n}" for n in present) + " rounds)")
    return "\n".join(lines), medians


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    run_args: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, run_args = argv[:cut], argv[cut + 1:]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tree", action="append", required=True, metavar="NAME=DIR",
                    help="a checkout to measure (in the order given); repeat for each")
    ap.add_argument("--rounds", type=int, default=2, help="timed rounds (default 2)")
    ap.add_argument("--label", default="compare", help="names the output files")
    ap.add_argument("--no-warmup", action="store_true",
                    help="no cold parse first (the OCR caches are already filled)")
    ap.add_argument("--shared-ocr-cache", action="store_true",
                    help="use the user's OCR cache for every tree instead of one per tree")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = ap.parse_args(argv)

    trees = []
    for spec in args.tree:
        name, _, path = spec.partition("=")
        if not path:
            raise SystemExit(f"--tree {spec}: give NAME=DIR")
        trees.append((name, Path(path).resolve()))
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)

    def cache(name):
        return None if args.shared_ocr_cache else args.out / "ocr-cache" / name

    started = time.strftime("%Y-%m-%dT%H:%M:%S")
    runs: list[tuple[str, str, dict]] = []
    if not args.no_warmup:
        cold_args = [a for a in run_args]
        for name, tree in trees:
            result = run_suite(name, tree, f"{args.label}-{name}-cold", args.out,
                               [*cold_args, "--runs", "parse", "--no-eval"], cache(name))
            runs.append(("cold", name, result))
    for n in range(1, args.rounds + 1):
        for name, tree in trees:
            result = run_suite(name, tree, f"{args.label}-{name}-r{n}", args.out, run_args,
                               cache(name))
            runs.append((f"r{n}", name, result))

    names = [name for name, _ in trees]
    first = runs[0][2]
    print(f"{first['files']} files, {first['pages']} pages; {os.cpu_count()} CPUs")
    for name, tree in trees:
        result = next(r for _, n, r in runs if n == name)
        t = result.get("tree") or {}
        print(f"{name}: {tree} at {(t.get('commit') or '?')[:7]} {t.get('subject', '')[:70]}")
    print()
    print(runs_table(runs))
    print()
    text, medians = median_table(runs, names)
    print(text)
    stage_text, stage_medians = stages_table(runs, names)
    if stage_text:
        print()
        print(stage_text)
    out = {
        "benchmark": "bench/compare.py",
        "started": started,
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "trees": {name: str(tree) for name, tree in trees},
        "run_args": run_args,
        "runs": [{"round": rn, "tree": name, "label": result.get("label"),
                  "tree_commit": (result.get("tree") or {}).get("commit"),
                  "load_average_before": result["machine"]["load_average_before"],
                  "load_average_after": result["machine"]["load_average_after"],
                  "measurements": {r["label"]: row(r) for r in result["runs"]
                                   if r["kind"] != "stages"}}
                 for rn, name, result in runs],
        "medians": medians,
        "stages_cpu_ms_per_page": stage_medians,
    }
    path = args.out / f"compare-{args.label}.json"
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

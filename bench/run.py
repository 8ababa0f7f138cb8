"""The benchmark suite (issue 8): parse and import speed beside raw text extraction.

    .venv/bin/python bench/run.py              # 200 corpus PDFs (~6,400 pages), ~6 minutes
    .venv/bin/python bench/run.py --quick      # 20 PDFs, about a minute
    .venv/bin/python bench/run.py --files 50 --workers 2 --runs import
    .venv/bin/python bench/run.py --pdfs samples/ ../shared/corpus   # other files
    .venv/bin/python bench/run.py --pdfs ../shared/corpus/lapua --gold tests/corpus_gold/lapua
    .venv/bin/python bench/run.py --pdfs ... --tree ../wt-old --label old  # another checkout

One run generates (or reuses) the benchmark corpus (``bench/corpus.py``: generated
minutes PDFs with gold JSON), then measures on the same files:

* ``pdftotext`` (poppler, one process per file) and raw pypdfium2 text extraction:
  the floor any parser of the text layer sits on;
* ``minutes parse``: the library's ``parse_pdf`` over every file in one process (one core);
* ``minutes import`` with 1 and 2 workers, with and without lemmas, each into a fresh
  database;

each as pages/s, sections/s and peak RSS, and as a ratio to ``pdftotext`` and to
pypdfium2.  Every measurement runs in a process of its own, so its peak RSS (the
process itself, and separately its largest child: an import worker, a pdftotext) is
its own.  The documents parsed in the parse run are then scored against the corpus
gold (``minutes eval``), so accuracy is reported beside speed.

Real folders (``--pdfs``) need no gold: accuracy is reported only for the files that
have a gold JSON beside them or in a ``--gold`` folder (by the PDF its ``source.path``
names), and not at all when none has.  A file the parser cannot read, or in which it
finds no section, is counted (files failed / without sections, from ``parse_pdf``'s
exceptions and the import summary), not fatal; after each import the fresh database is
read back: documents, ``documents.kind`` where the schema has it, and every
``import_errors`` row (kind and message).

``--tree DIR`` measures the parser of another checkout (e.g. an older commit in a git
worktree, set up with its own ``make setup``) with this same suite: every measurement
process runs that tree's ``.venv/bin/python`` with the tree first on ``sys.path``, and
its commit is recorded.  ``--label`` names the run (``bench/out/bench-LABEL.json``);
``bench/compare.py`` alternates trees (old, new, old, new) and tabulates them.

Prints the table on stdout (progress on stderr) and writes ``bench/out/bench.json``.
Figures vary with machine load: the load average before and after is recorded (for the
whole run and for each measurement).
Not part of the tests (``tests/test_bench.py`` only runs it on two files).
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

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT, ROOT / "bench"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

#: Targets of issue 8, checked in the JSON output.
TARGET_IMPORT_PAGES_PER_S = 150.0  # 2 workers, lemmas on
TARGET_RATIO_TO_PYPDFIUM2 = 0.3
TARGET_RSS_MB = 1024.0

RUNS = ("pdftotext", "pypdfium2", "parse", "stages", "import")


def log(message: str) -> None:
    """Progress on stderr."""
    print(message, file=sys.stderr, flush=True)


def write_result(path: Path, result: dict) -> None:
    """Write a benchmark's result as JSON and say where."""
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"written: {path}")


# --------------------------------------------------------------------------- measurements
# Each runs in its own process (``--one KIND``) and returns a dict of figures.

def _pdftotext(files: list[Path]) -> dict:
    failed = 0
    for f in files:  # a file it cannot read costs what it costs, and is counted
        done = subprocess.run(["pdftotext", "-q", str(f), "-"], stdout=subprocess.DEVNULL)
        failed += done.returncode != 0
    return {"files_failed": failed}


def _pypdfium2(files: list[Path]) -> dict:
    import pypdfium2 as pdfium

    failed = 0
    for f in files:
        try:
            pdf = pdfium.PdfDocument(str(f))
        except pdfium.PdfiumError:
            failed += 1
            continue
        for page in pdf:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        pdf.close()
    return {"files_failed": failed}


def _parse(files: list[Path], documents_out: Path | None = None) -> dict:
    from parser import parse_pdf

    sections, seconds, cpu_excluded = 0, 0.0, 0.0
    failed, without_sections, per_file = [], [], []
    out = open(documents_out, "w", encoding="utf-8") if documents_out else None
    try:
        for f in files:
            started = time.perf_counter()
            try:
                document = parse_pdf(f)
            except Exception as e:  # noqa: BLE001 - a file that fails is a measured result
                seconds += time.perf_counter() - started
                failed.append({"path": str(f), "error": f"{type(e).__name__}: {e}"})
                continue
            elapsed = time.perf_counter() - started
            seconds += elapsed
            sections += len(document.sections)
            if not document.sections:
                without_sections.append(str(f))
            per_file.append({"path": str(f), "pages": document.source.pages,
                             "sections": len(document.sections), "seconds": round(elapsed, 4),
                             "ocr_pages": len(getattr(document.source, "ocr_pages", None) or []),
                             "kind": getattr(document, "kind", None)})
            if out:  # for the accuracy report, outside the timing
                cpu = time.process_time()
                out.write(json.dumps([str(f), document.to_dict()], ensure_ascii=False) + "\n")
                cpu_excluded += time.process_time() - cpu
    finally:
        if out:
            out.close()
    return {"seconds": seconds, "sections": sections, "cpu_excluded": cpu_excluded,
            "files_failed": len(failed), "files_without_sections": len(without_sections),
            "failures": failed, "without_sections": without_sections, "per_file": per_file,
            "ocr_pages": sum(f["ocr_pages"] for f in per_file)}


#: The stages of parser.pipeline.parse_pdf, then the rows and lemmas an import worker
#: builds, then what the import's parent does with them (one transaction per document).
STAGES = ("read pages", "OCR detection", "repair", "sections and fields", "rows", "lemmas",
          "write rows")


def _stages(files: list[Path]) -> dict:
    """CPU time per stage of the parse, of the rows and of writing them (one core), the
    pipeline's calls made one by one as parse_pdf, the import worker and the import's
    parent make them.  "lemmas" is the lemmatizer's own time inside ``to_rows``, "rows"
    the rest of it; "write rows" is ``archive.save_rows`` into a fresh database (in this
    process: the import writes from its parent)."""
    from parser import archive
    from parser.model import Source
    from parser.ocr import ocr_pages
    from parser.pages import file_sha256, read_pages
    from parser.pipeline import parse_pages
    from parser.repair import repair_pages

    real_lemmatize = archive.default_lemmatizer()
    cpu = dict.fromkeys(STAGES, 0.0)
    sections = words = 0

    def lemmatize(text, *args, **kwargs):
        nonlocal words
        started = time.process_time()
        result = real_lemmatize(text, *args, **kwargs)
        cpu["lemmas"] += time.process_time() - started
        words += len(text.split())
        return result

    def timed(stage, func, *args, **kwargs):
        started = time.process_time()
        result = func(*args, **kwargs)
        cpu[stage] += time.process_time() - started
        return result

    tmp = tempfile.TemporaryDirectory(prefix="minutes-bench-")
    db = archive.open_db(Path(tmp.name) / "archive.db")
    started = time.perf_counter()
    for f in files:
        pages = timed("read pages", read_pages, f)
        sha = timed("read pages", file_sha256, f)
        pages = timed("OCR detection", ocr_pages, f, sha, pages, warnings=[])
        pages = timed("repair", repair_pages, pages)
        document = timed("sections and fields", parse_pages, pages,
                         Source(path=str(f), sha256=sha, pages=len(pages)))
        lemmas_before = cpu["lemmas"]
        rows = timed("rows", archive.to_rows, document, lemmatize=lemmatize)
        cpu["rows"] -= cpu["lemmas"] - lemmas_before
        timed("write rows", archive.save_rows, db, rows)
        sections += len(document.sections)
    seconds = time.perf_counter() - started
    db_bytes = (Path(tmp.name) / "archive.db").stat().st_size
    db.close()
    tmp.cleanup()
    return {"seconds": seconds, "sections": sections, "stages_cpu_seconds": cpu,
            "words_lemmatized": words, "db_mb": round(db_bytes / 1e6, 1)}


def _import(files: list[Path], workers: int, lemmas: bool, parse_mode: str = "real") -> dict:
    from parser.importer import import_paths, parse_sidecar_json

    parse = parse_sidecar_json if parse_mode == "json" else None
    with tempfile.TemporaryDirectory(prefix="minutes-bench-") as tmp:
        db_path = Path(tmp) / "archive.db"
        started = time.perf_counter()
        summary = import_paths(db_path, [str(f) for f in files], workers=workers,
                               parse=parse, lemmatize=lemmas, timeout=600)
        seconds = time.perf_counter() - started
        cpu = time.process_time()  # reading the result back is not the import's cost
        db_bytes = db_path.stat().st_size
        archive = read_archive(db_path)
        cpu_excluded = time.process_time() - cpu
    failures = [{"path": r.path, "kind": r.kind, "message": r.message}
                for r in summary.results if r.status == "failed"]
    # Imported files in which no section was found, counted from the results (not the
    # summary's without_sections) so that older importers report it too.
    without = [r.path for r in summary.results if r.status == "imported" and not r.sections]
    if failures:
        log(f"  the import failed on {len(failures)} file(s), e.g. {failures[0]['message']}")
    return {"seconds": seconds, "sections": summary.sections, "db_mb": round(db_bytes / 1e6, 1),
            "cpu_excluded": cpu_excluded, "files_imported": summary.imported,
            "files_skipped": summary.skipped, "files_failed": len(failures),
            "files_without_sections": len(without), "failures": failures,
            "without_sections": without, "summary_line": summary.line(), "archive": archive}


def read_archive(db_path: Path) -> dict:
    """What an import left in its database: documents (by kind where the schema has
    it), sections, the rows of every table, and every ``import_errors`` row."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}

        def columns(table):
            return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}

        out = {"documents": conn.execute("SELECT count(*) FROM documents").fetchone()[0],
               "sections": conn.execute("SELECT count(*) FROM sections").fetchone()[0]}
        if "kind" in columns("documents"):
            out["documents_by_kind"] = dict(conn.execute(
                "SELECT coalesce(kind, '?'), count(*) FROM documents GROUP BY 1 ORDER BY 1"))
        out["documents_without_sections"] = conn.execute(
            "SELECT count(*) FROM documents WHERE id NOT IN (SELECT DISTINCT document_id "
            "FROM sections)").fetchone()[0] if "document_id" in columns("sections") else None
        out["table_rows"] = {
            table: conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
            for table in sorted(tables)
            if "_fts" not in table and not table.startswith("sqlite_")}
        out["import_errors"] = [
            {"path": path, "kind": kind, "message": message}
            for path, kind, message in conn.execute(
                "SELECT path, kind, message FROM import_errors ORDER BY path")
        ] if "import_errors" in tables else []
        return out
    finally:
        conn.close()


def measure_one(kind: str, files: list[Path], options: dict) -> dict:
    """Run one measurement in this process; seconds, sections and peak RSS."""
    load_before = os.getloadavg()
    started = time.perf_counter()
    if kind == "pdftotext":
        result = _pdftotext(files)
    elif kind == "pypdfium2":
        result = _pypdfium2(files)
    elif kind == "parse":
        result = _parse(files, Path(options["documents"]) if options.get("documents") else None)
    elif kind == "stages":
        result = _stages(files)
    elif kind == "import":
        result = _import(files, options["workers"], options["lemmas"], options.get("parse", "real"))
    else:
        raise ValueError(f"unknown measurement {kind!r}")
    result.setdefault("seconds", time.perf_counter() - started)
    me, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    # CPU time of the whole run (this process and its workers): what the work costs,
    # whatever else runs on the machine.
    result["cpu_seconds"] = (me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime
                             - result.pop("cpu_excluded", 0.0))
    result["cpu_seconds_self"] = me.ru_utime + me.ru_stime
    result["rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    # ru_maxrss of the children is that of the largest one (not a sum).
    result["child_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    result["load_average_before"] = load_before
    result["load_average_after"] = os.getloadavg()
    return result


def tree_python(tree: Path) -> str:
    """The Python that runs a tree's measurements: its own .venv's, else this one."""
    python = tree / ".venv" / "bin" / "python"
    return str(python) if tree != ROOT and python.exists() else sys.executable


def tree_commit(tree: Path) -> dict:
    """The git commit of a tree and whether its parser has uncommitted changes."""
    def git(*args):
        done = subprocess.run(["git", "-C", str(tree), *args], capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else None
    return {"path": str(tree), "commit": git("rev-parse", "HEAD"),
            "subject": git("log", "-1", "--format=%s"),
            "parser_dirty": bool(git("status", "--porcelain", "--", "parser"))}


def run_measurement(kind: str, list_file: Path, options: dict, tree: Path = ROOT) -> dict:
    """``measure_one`` in a fresh Python process (so peak RSS is this run's alone), with
    the parser of ``tree``."""
    cmd = [tree_python(tree), str(Path(__file__).resolve()), "--one", kind,
           "--list", str(list_file), "--options", json.dumps(options), "--tree", str(tree)]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the {kind} measurement failed (exit status {done.returncode}); "
                         "its error is printed above.")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- accuracy

def score(documents_file: Path, files: list[Path], gold_dirs: list[Path] = ()) -> dict | None:
    """``minutes eval`` of the parse run's documents against the gold of those files
    that have one (beside the PDF or in ``gold_dirs``); None when none has.  Scored by
    this tree's evaluator, whichever tree parsed; a file the parse failed on scores as
    all wrong."""
    from parser.evaluate import Report, discover_gold, evaluate_case, format_report

    with open(documents_file, encoding="utf-8") as f:
        documents = dict(json.loads(line) for line in f)
    wanted = {str(p.resolve()): str(p) for p in files}
    folders = sorted({p.parent for p in files} | {Path(d).resolve() for d in gold_dirs})
    cases, seen = [], set()
    for folder in folders:
        for c in discover_gold(folder)[0]:
            if str(c.pdf_path) in wanted and str(c.pdf_path) not in seen:
                seen.add(str(c.pdf_path))
                cases.append(c)
    if not cases:
        return None

    def parsed(path):
        name = wanted[str(path)]
        if name not in documents:
            raise RuntimeError(f"the parse run failed on {name}")
        return documents[name]

    report = Report(", ".join(map(str, folders)), [evaluate_case(c, parsed) for c in cases], [])
    totals = report.totals
    return {
        "documents": len(cases),
        "sections_f1": totals.sections.f1,
        "fields": {name: s.accuracy for name, s in totals.fields.items()},
        "table": format_report(report),
    }


# --------------------------------------------------------------------------- the suite

def pdf_files(args) -> tuple[list[Path], str]:
    """The files to measure and a description of them."""
    if args.pdfs:
        found = []
        for name in args.pdfs:
            root = Path(name)
            found += sorted(root.rglob("*.pdf")) if root.is_dir() else [root]
        return found[: args.files] if args.files else found, "given PDFs"
    from corpus import corpus_dir, ensure_corpus

    n = args.files or 200
    files = ensure_corpus(n, seed=args.seed, root=args.out / "corpus", log=log)
    return files, f"bench/corpus.py seed {args.seed}, {corpus_dir(args.seed, args.out / 'corpus').name}"


def page_count(files: list[Path], unreadable: list[str] | None = None) -> int:
    """Pages of the files (pdfium's count); files pdfium cannot open count none and are
    added to ``unreadable``."""
    import pypdfium2 as pdfium

    total = 0
    for f in files:
        try:
            pdf = pdfium.PdfDocument(str(f))
        except pdfium.PdfiumError:
            if unreadable is not None:
                unreadable.append(str(f))
            continue
        total += len(pdf)
        pdf.close()
    return total


def plan(args) -> list[tuple[str, str, dict]]:
    """(label, kind, options) of every measurement asked for, in order."""
    kinds = args.runs or list(RUNS)
    out = []
    if "pdftotext" in kinds and shutil.which("pdftotext"):
        out.append(("pdftotext", "pdftotext", {}))
    if "pypdfium2" in kinds:
        out.append(("pypdfium2 text", "pypdfium2", {}))
    if "parse" in kinds:
        out.append(("minutes parse", "parse", {}))
    if "stages" in kinds:
        out.append(("parse by stage", "stages", {}))
    if "import" in kinds:
        for lemmas in (True, False) if not args.lemmas_only else (True,):
            for w in args.workers:
                label = (f"import {w} worker{'s' if w > 1 else ''}" + (", lemmas" if lemmas else "")
                         + (", from JSON" if args.parse_json else ""))
                out.append((label, "import", {"workers": w, "lemmas": lemmas,
                                              "parse": "json" if args.parse_json else "real"}))
    return out


def fmt_count(value) -> str:
    return "–" if value is None else f"{value:,}"


def table(results: list[dict]) -> str:
    """The result table as text (Markdown, so it can go into the README as it is)."""
    head = ("| run | pages/s | sections/s | sections | files failed / without § "
            "| × pdftotext | × pypdfium2 | seconds | CPU ms/page | peak RSS MB (largest child) |")
    lines = [head, "|" + "---|" * 10]
    for r in results:
        def ratio(key):
            return f"{r[key]:.2f}" if r.get(key) is not None else "–"
        sections = f"{r['sections_per_s']:.0f}" if r.get("sections_per_s") else "–"
        count = f"{r['sections']:,}" if r.get("sections") is not None else "–"
        files = (f"{r['files_failed']} / {fmt_count(r.get('files_without_sections'))}"
                 if r.get("files_failed") is not None else "–")
        child = f" ({r['child_rss_mb']:.0f})" if r.get("child_rss_mb") else ""
        lines.append(f"| {r['label']} | {r['pages_per_s']:.0f} | {sections} | {count} | {files} | "
                     f"{ratio('x_pdftotext')} | {ratio('x_pypdfium2')} | {r['seconds']:.1f} | "
                     f"{1000 * r['cpu_seconds'] / r['pages']:.2f} | {r['rss_mb']:.0f}{child} |")
    return "\n".join(lines)


def import_report(run: dict) -> str:
    """An import's outcome: the summary line, the archive's documents and every
    import_errors row."""
    archive = run.get("archive") or {}
    lines = [f"{run['label']}: {run.get('summary_line', '')}",
             f"  archive: {archive.get('documents')} documents"
             + (f" ({', '.join(f'{k} {v}' for k, v in archive['documents_by_kind'].items())})"
                if archive.get("documents_by_kind") else "")
             + f", {archive.get('sections')} sections, "
               f"{len(archive.get('import_errors', []))} import_errors rows"]
    for row in archive.get("import_errors", []):
        lines.append(f"  - [{row['kind']}] {row['message']}")
    return "\n".join(lines)


def stage_table(run: dict) -> str:
    """Where a parse's CPU time goes, per page, as Markdown."""
    cpu = run["stages_cpu_seconds"]
    total = sum(cpu.values())
    lines = ["| stage (one core) | CPU ms/page | share |", "|---|---|---|"]
    for stage, seconds in cpu.items():
        lines.append(f"| {stage} | {1000 * seconds / run['pages']:.2f} | {seconds / total:.0%} |")
    lines.append(f"| all | {1000 * total / run['pages']:.2f} | 100% |")
    if run.get("words_lemmatized"):
        lines.append(f"({run['words_lemmatized']:,} words lemmatized; database "
                     f"{run.get('db_mb')} MB)")
    return "\n".join(lines)


def targets(results: list[dict]) -> dict:
    """Issue 8's import targets against the measured figures (None: not measured)."""
    by_label = {r["label"]: r for r in results}
    run = by_label.get("import 2 workers, lemmas")
    if run is None:
        return {}
    return {
        "import_2_workers_lemmas_pages_per_s": run["pages_per_s"],
        "pages_per_s_target": TARGET_IMPORT_PAGES_PER_S,
        "pages_per_s_met": run["pages_per_s"] >= TARGET_IMPORT_PAGES_PER_S,
        "ratio_to_pypdfium2": run.get("x_pypdfium2"),
        "ratio_target": TARGET_RATIO_TO_PYPDFIUM2,
        "ratio_met": (run.get("x_pypdfium2") or 0) >= TARGET_RATIO_TO_PYPDFIUM2,
        # Upper bound of the import's total peak: the parent plus every worker at the
        # largest worker's peak.
        "peak_rss_total_mb_bound": round(run["rss_mb"] + 2 * run["child_rss_mb"], 1),
        "rss_met": run["rss_mb"] + 2 * run["child_rss_mb"] < TARGET_RSS_MB,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=None,
                    help="how many corpus PDFs (default 200; with --pdfs: all given)")
    ap.add_argument("--quick", action="store_true", help="a small run: 20 PDFs")
    ap.add_argument("--seed", type=int, default=8, help="corpus seed (default 8)")
    ap.add_argument("--pdfs", nargs="+", help="measure these PDFs or folders instead of the corpus")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2],
                    help="import worker counts (default 1 2)")
    ap.add_argument("--runs", nargs="+", choices=RUNS, help="only these measurements")
    ap.add_argument("--lemmas-only", action="store_true", help="imports with lemmas only")
    ap.add_argument("--parse-json", action="store_true",
                    help="imports read the gold JSON beside each PDF instead of parsing it "
                         "(the import's own cost)")
    ap.add_argument("--gold", nargs="+", type=Path, default=[],
                    help="folders of gold JSON for --pdfs files (matched by the PDF each names); "
                         "accuracy is reported for the files that have gold, if any")
    ap.add_argument("--tree", type=Path, default=ROOT,
                    help="measure the parser of this checkout (its .venv/bin/python, its "
                         "parser package; default this one)")
    ap.add_argument("--label", help="a name for this run: written to bench/out/bench-LABEL.json")
    ap.add_argument("--no-eval", action="store_true", help="skip the accuracy report")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out",
                    help="output folder (default bench/out; the corpus is cached in it)")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--list", help=argparse.SUPPRESS)
    ap.add_argument("--options", default="{}", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    args.tree = args.tree.resolve()
    if args.one:  # a single measurement, in this (fresh) process
        # The measured tree's parser first on the path (before anything imports it).
        sys.path.insert(0, str(args.tree))
        files = [Path(p) for p in Path(args.list).read_text(encoding="utf-8").splitlines()]
        result = measure_one(args.one, files, json.loads(args.options))
        import parser as measured

        if not Path(measured.__file__).resolve().is_relative_to(args.tree):
            raise SystemExit(f"measured {measured.__file__}, not the parser of {args.tree}")
        print(json.dumps(result))
        return 0

    if args.quick and args.files is None:
        args.files = 20
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    files, source = pdf_files(args)
    if not files:
        raise SystemExit("No PDF files to measure.")
    unreadable: list[str] = []
    pages = page_count(files, unreadable)
    if not pages:
        raise SystemExit("No page in the files to measure (pdfium could open none).")
    tree = tree_commit(args.tree)
    log(f"{len(files)} files, {pages} pages ({source}); parser of {args.tree} "
        f"at {(tree['commit'] or '?')[:7]}{' (parser modified)' if tree['parser_dirty'] else ''}"
        + (f"; {len(unreadable)} file(s) pdfium cannot open" if unreadable else ""))
    load_before = os.getloadavg()

    results = []
    evaluation = None
    with tempfile.TemporaryDirectory(prefix="minutes-bench-") as tmp:
        list_file = Path(tmp) / "files.txt"
        list_file.write_text("\n".join(str(f) for f in files), encoding="utf-8")
        documents = Path(tmp) / "documents.jsonl"
        for label, kind, options in plan(args):
            if kind == "parse" and not args.no_eval:
                options = {**options, "documents": str(documents)}
            log(f"measuring: {label} ...")
            r = run_measurement(kind, list_file, options, args.tree)
            r.update(label=label, kind=kind, **{k: v for k, v in options.items() if k != "documents"})
            r["pages"] = pages
            r["pages_per_s"] = pages / r["seconds"]
            r["sections_per_s"] = r["sections"] / r["seconds"] if r.get("sections") else None
            results.append(r)
            log(f"  {r['pages_per_s']:.1f} pages/s (load {r['load_average_before'][0]:.2f} "
                f"before, {r['load_average_after'][0]:.2f} after)")
        if documents.exists():
            evaluation = score(documents, files, args.gold)

    reference = {r["kind"]: r["pages_per_s"] for r in results if r["kind"] in ("pdftotext", "pypdfium2")}
    for r in results:
        for kind, key in (("pdftotext", "x_pdftotext"), ("pypdfium2", "x_pypdfium2")):
            r[key] = r["pages_per_s"] / reference[kind] if kind in reference else None

    load_after = os.getloadavg()
    print(f"{len(files)} files, {pages} pages; parser of {args.tree} at "
          f"{(tree['commit'] or '?')[:7]}; {os.cpu_count()} CPUs; load average "
          f"{load_before[0]:.1f} before, {load_after[0]:.1f} after")
    print(table([r for r in results if r["kind"] != "stages"]))
    for r in results:
        if r["kind"] == "stages":
            print(stage_table(r))
    for r in results:
        if r["kind"] == "parse" and (r.get("failures") or r.get("without_sections")):
            print(f"{r['label']}: {r['files_failed']} file(s) failed, "
                  f"{r['files_without_sections']} without sections")
            for failure in r["failures"]:
                print(f"  - failed: {failure['path']}: {failure['error']}")
            for path in r["without_sections"]:
                print(f"  - no sections: {path}")
    for r in results:
        if r["kind"] == "import" and r.get("lemmas") and r.get("workers") == max(args.workers):
            print(import_report(r))
    met = targets(results)
    if met:
        print(f"target ≥ {TARGET_IMPORT_PAGES_PER_S:.0f} pages/s on 2 workers with lemmas: "
              f"{met['import_2_workers_lemmas_pages_per_s']:.0f} "
              f"({'met' if met['pages_per_s_met'] else 'not met'}); "
              + (f"{met['ratio_to_pypdfium2']:.2f} × pypdfium2 (target "
                 f"{TARGET_RATIO_TO_PYPDFIUM2}: {'met' if met['ratio_met'] else 'not met'}); "
                 if met["ratio_to_pypdfium2"] is not None else "")
              + f"peak RSS ≤ {met['peak_rss_total_mb_bound']:.0f} MB in all "
              f"({'met' if met['rss_met'] else 'not met'})")
    if evaluation:
        print(evaluation["table"])

    out = {
        "benchmark": "bench/run.py",
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(),
                    "load_average_before": load_before, "load_average_after": load_after},
        "files": len(files),
        "pages": pages,
        "unreadable_files": unreadable,
        "source": source,
        "label": args.label,
        "tree": tree,
        "runs": results,
        "targets": met,
        "accuracy": {k: v for k, v in (evaluation or {}).items() if k != "table"} or None,
    }
    write_result(args.out / (f"bench-{args.label}.json" if args.label else "bench.json"), out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

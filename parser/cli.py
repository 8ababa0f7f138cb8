"""The ``minutes`` command: a thin click layer over the library API.

Each command turns library errors (:class:`parser.errors.MinutesError`) into one plain
sentence; no traceback is shown to a user.
"""

from __future__ import annotations

import json
import sqlite3
import sys

import click

from . import parse_pdf
from .errors import MinutesError


@click.group()
@click.version_option(package_name="minutes-archive")
def cli():
    """Parse Finnish/Swedish meeting minutes PDFs and search them in an archive."""


@cli.command()
@click.argument("pdf", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the document as JSON.")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True,
              help="OCR pages without a usable text layer (auto), every page, or none.")
@click.option("-s", "--silent", is_flag=True, help="No progress bar for OCR.")
def parse(pdf, as_json, ocr, silent):
    """Parse one minutes PDF and print a summary, or the full document as JSON.

    Scanned pages are read with Tesseract (a progress bar on stderr shows the pages);
    what it read is cached, so the same file is never OCRed twice.

    Example: minutes parse samples/asikkala-hyvinvointilautakunta-2025-04.pdf --json
    """
    progress = None if silent else OCRProgress(pdf)
    try:
        document = parse_pdf(pdf, ocr=ocr, progress=progress)
    except MinutesError as e:
        raise click.ClickException(str(e))
    finally:
        if progress:
            progress.close()
    if as_json:
        click.echo(json.dumps(document.to_dict(), ensure_ascii=False, indent=2))
        return
    from .summary import summarise

    click.echo(summarise(document))


class OCRProgress:
    """``progress(done, total, stage)`` for :func:`parse_pdf`: a bar on stderr for the
    pages OCRed, drawn only once a page is (pages read from a text layer show nothing)."""

    def __init__(self, name: str):
        self.name = name
        self.bar = None
        self.done = 0

    def __call__(self, done: int, total: int, stage: str = "ocr") -> None:
        if stage != "ocr":
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=f"OCR {self.name}",
                                         file=sys.stderr, show_pos=True)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@cli.command(name="eval")
@click.argument("directories", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=False))
@click.option("-v", "--verbose", is_flag=True, help="List every wrong field per document.")
@click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON.")
@click.option("--markdown", is_flag=True, help="Print the side-by-side table as Markdown.")
def eval_(directories, verbose, as_json, markdown):
    """Measure parser accuracy per field against the gold JSON files in DIRECTORIES.

    With several directories (one per source), the fields are shown side by side, so
    that a rule that helps one source and hurts another shows.  It measures and never
    gates: the exit status is 0 whatever the scores.

    Example: minutes eval samples tests/corpus_gold/lapua tests/corpus_gold/nykarleby
    """
    from .evaluate import evaluate_dir, format_report, format_table

    reports = [evaluate_dir(d) for d in directories]
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
        return
    if len(reports) > 1 or markdown:
        click.echo(format_table(reports, markdown=markdown))
        if verbose:
            click.echo("")
    if verbose or len(reports) == 1 and not markdown:
        click.echo("\n\n".join(format_report(r, verbose=verbose) for r in reports))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--limit", type=click.IntRange(1), default=100, show_default=True,
              help="How many wordings to list.")
@click.option("--ocr", type=click.Choice(["auto", "never"]), default="auto", show_default=True,
              help="OCR scanned pages (auto) or read the text layer only.")
@click.option("--json", "as_json", is_flag=True, help="Print the wordings as JSON.")
def labels(paths, limit, ocr, as_json):
    """List label-like lines in PDFs that the label vocabulary does not know.

    Run it over a new municipality's minutes (folders are searched for PDFs): each
    wording worth knowing becomes an entry, with an example, in
    parser/knowledge/labels.yml (section labels) or cover.yml (cover labels).

    Example: minutes labels ~/poytakirjat/uusikunta/
    """
    from .importer import expand_paths
    from .vocabulary import format_unknown, unknown_labels

    files, missing = expand_paths(paths)
    for r in missing:
        click.echo(f"skipped: {r.message}", err=True)

    def on_file(path, error):
        if error:
            click.echo(f"skipped: {error}", err=True)

    found = unknown_labels(files, ocr=ocr, on_file=on_file)
    if as_json:
        click.echo(json.dumps([
            {"label": u.label, "count": u.count, "files": len(u.files),
             "example_file": u.example_file, "example_page": u.example_page,
             "example_line": u.example_line} for u in found[:limit]],
            ensure_ascii=False, indent=2))
        return
    click.echo(f"{len(files)} file(s) read.")
    click.echo(format_unknown(found, limit=limit))


@cli.command(name="import")
@click.argument("paths", nargs=-1)
@click.option("--db", "db_path", default="archive.db", show_default=True,
              type=click.Path(dir_okay=False), help="The archive database.")
@click.option("--workers", type=click.IntRange(0), default=None,
              help="Parser processes (default: CPU count, at most 4; 0 parses in-process).")
@click.option("--reparse", is_flag=True,
              help="Re-parse stored files parsed by another parser version "
                   "(with no PATH: every stored file).")
@click.option("--reparse-all", is_flag=True, help="Re-parse stored files whatever their version.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=120.0,
              show_default=True,
              help="Seconds one file may go without progress (a page done) before it is "
                   "given up.")
@click.option("--memory-mb", type=click.IntRange(min=256), default=2048, show_default=True,
              help="Memory limit of each parser process in MB.")
@click.option("-s", "--silent", is_flag=True, help="No progress bar.")
def import_(paths, db_path, workers, reparse, reparse_all, timeout, memory_mb, silent):
    """Import minutes PDFs (files, folders searched recursively, globs) into the archive.

    Unchanged files are skipped, changed files replace their old rows; a file that fails
    gets a row in the import_errors table and the rest go on (exit status 1).  Ctrl-C
    keeps what was imported: run the same command again to go on.  One import at a time
    per archive; a second one is refused.

    Example: minutes import samples/ --db archive.db --workers 2
    """
    import os

    from .importer import BarProgress, ImportInterrupted, import_paths

    if not paths and not (reparse or reparse_all):
        raise click.UsageError("Name at least one PDF file, folder or glob to import.")
    if workers is None:
        workers = max(1, min(os.cpu_count() or 1, 4))
    try:
        summary = import_paths(
            db_path, paths, workers=workers, reparse=reparse, reparse_all=reparse_all,
            timeout=timeout, memory_mb=memory_mb, progress=None if silent else BarProgress(),
        )
    except ImportInterrupted as e:
        click.echo(
            f"Interrupted: {e.summary.imported} files were imported and kept; "
            "run the same command again to import the rest (files already imported "
            "are skipped).", err=True)
        sys.exit(130)
    except MinutesError as e:
        raise click.ClickException(str(e))
    except sqlite3.DatabaseError as e:
        raise click.ClickException(
            f"{db_path}: the archive database could not be used ({e}); "
            "check the path or move the damaged file aside and import again.")
    failures = summary.failures
    for r in failures[:20]:
        click.echo(f"failed: {r.message}", err=True)
    if len(failures) > 20:
        click.echo(f"... and {len(failures) - 20} more failures", err=True)
    for r in summary.without_sections[:20]:
        click.echo(f"warning: {r.message}", err=True)
    click.echo(f"{summary.line()} ({summary.pages} pages, {summary.sections} sections, "
               f"{summary.seconds:.1f} s)")
    if failures:
        sys.exit(1)


@cli.command()
@click.option("--db", "db_path", default="archive.db", show_default=True,
              type=click.Path(dir_okay=False), help="The archive database.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("-p", "--port", default=8001, show_default=True, type=int, help="Port.")
@click.option("--immutable", is_flag=True,
              help="Open the archive as immutable (faster; no import may run meanwhile).")
def serve(db_path, host, port, immutable):
    """Serve the archive with Datasette: search, facets, links to the PDFs (read-only).

    Example: minutes serve --db archive.db --port 8001
    """
    import os

    if not os.path.exists(db_path):
        raise click.ClickException(
            f"{db_path} does not exist; create it first with: minutes import PATH --db {db_path}")
    import contextlib

    import uvicorn

    from .datasette_plugin import build_datasette
    from .importer import serve_lock

    try:
        ds = build_datasette(db_path, immutable=immutable)
        # An immutable archive must not change while served: no import may start.
        with serve_lock(db_path) if immutable else contextlib.nullcontext():
            click.echo(f"Pöytäkirja-arkisto: http://{host}:{port}/", err=True)
            uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on")
    except MinutesError as e:
        raise click.ClickException(str(e))


@cli.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--db", "db_path", default="archive.db", show_default=True,
              type=click.Path(dir_okay=False), help="The archive database.")
@click.option("--body", default=None, help="Only this body, e.g. Kunnanhallitus.")
@click.option("--since", default=None, help="Only meetings on or after YYYY-MM-DD.")
@click.option("--until", default=None, help="Only meetings on or before YYYY-MM-DD.")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
def search(words, db_path, body, since, until, limit, as_json):
    """Search the archive's sections; inflected forms and words without ä/ö are found.

    Example: minutes search päätös koulumatka --db archive.db --since 2025-01-01
    """
    from .search import search as run_search

    try:
        hits = run_search(db_path, words, body=body, since=since, until=until, limit=limit)
    except MinutesError as e:
        raise click.ClickException(str(e))
    if as_json:
        click.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
        return
    for h in hits:
        click.echo(f"{h.line()}\n    {h.snippet or ''}")
    if not hits:
        click.echo("No sections found.")


@cli.command()
@click.argument("diary_number")
@click.option("--db", "db_path", default="archive.db", show_default=True,
              type=click.Path(dir_okay=False), help="The archive database.")
@click.option("--organization", default=None,
              help="The organisation, when several have a matter of this number.")
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON.")
def matter(diary_number, db_path, organization, as_json):
    """Print every handling of one matter, oldest first, from committee to council.

    Example: minutes matter LAPDno-2024-823 --db archive.db
    """
    from .register import matter_organizations, matter_timeline
    from .search import open_archive

    try:
        conn = open_archive(db_path)
    except MinutesError as e:
        raise click.ClickException(str(e))
    try:
        organizations = matter_organizations(conn, diary_number)
        if organization is None:
            if len(organizations) > 1:
                raise click.ClickException(
                    f"{diary_number} is a matter of {len(organizations)} organisations "
                    f"({', '.join(o or '?' for o in organizations)}); choose one with "
                    "--organization.")
            organization = organizations[0] if organizations else None
        timeline = matter_timeline(conn, organization, diary_number)
    finally:
        conn.close()
    if timeline is None:
        raise click.ClickException(
            f"No handling of {diary_number} is in {db_path}; check the number, or import "
            "the minutes that handle it.")
    if as_json:
        click.echo(json.dumps(timeline, ensure_ascii=False, indent=2))
        return
    click.echo(f"{timeline['matter']['organization'] or ''} {diary_number}: "
               f"{len(timeline['handlings'])} handling(s)")
    for h in timeline["handlings"]:
        click.echo(f"  {h['date'] or '?'}  {h['body'] or '?'} § {h['number']}  "
                   f"{h['title'] or ''}  [{h['outcome'] or '-'}]")
        if h["decision"]:
            click.echo(f"      {' '.join(h['decision'].split())[:160]}")
        if h["document"]:
            click.echo(f"      {h['document']}, page {h['page'] or '?'}")


@cli.command(name="search-eval")
@click.argument("queries", type=click.Path(exists=True, dir_okay=False))
@click.option("--db", "db_path", default="archive.db", show_default=True,
              type=click.Path(dir_okay=False), help="The archive database.")
def search_eval(queries, db_path):
    """Print recall and precision of a search query set over an archive.

    Example: minutes search-eval tests/search_queries.yml --db archive.db
    """
    from .search import evaluate, load_queries

    try:
        click.echo(evaluate(db_path, load_queries(queries)).text())
    except MinutesError as e:
        raise click.ClickException(str(e))


def main():
    """Console-script entry point."""
    cli(prog_name="minutes")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

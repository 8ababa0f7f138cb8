"""The ``minutes`` command: a thin click layer over the library API.

Each command turns library errors (:class:`parser.errors.MinutesError`) into one plain
sentence; no traceback is shown to a user.
"""

from __future__ import annotations

import json
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
def parse(pdf, as_json):
    """Parse one minutes PDF and print a summary, or the full document as JSON.

    Example: minutes parse samples/asikkala-hyvinvointilautakunta-2025-04.pdf --json
    """
    try:
        document = parse_pdf(pdf)
    except MinutesError as e:
        raise click.ClickException(str(e))
    if as_json:
        click.echo(json.dumps(document.to_dict(), ensure_ascii=False, indent=2))
        return
    from .summary import summarise

    click.echo(summarise(document))


@cli.command(name="eval")
@click.argument("directories", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=False))
@click.option("-v", "--verbose", is_flag=True, help="List every wrong field per document.")
@click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON.")
def eval_(directories, verbose, as_json):
    """Measure parser accuracy per field against the gold JSON files in DIRECTORIES.

    It measures and never gates: the exit status is 0 whatever the scores.

    Example: minutes eval samples tests/corpus_gold --verbose
    """
    from .evaluate import evaluate_dir, format_report

    reports = [evaluate_dir(d) for d in directories]
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
        return
    click.echo("\n\n".join(format_report(r, verbose=verbose) for r in reports))


def main():
    """Console-script entry point."""
    cli(prog_name="minutes")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

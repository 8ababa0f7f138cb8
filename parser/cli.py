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


def main():
    """Console-script entry point."""
    cli(prog_name="minutes")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The Datasette plugin of the archive (entry point ``minutes`` in pyproject.toml).

- ``register_routes``: ``/-/minutes/pdf/<sha256>`` serves a stored document's PDF.  Only
  files recorded in ``document_paths`` whose content still has that SHA-256 are served,
  so the route can never hand out an arbitrary file, and never one that prints the text
  of a confidential section (``documents.pdf_withheld``: 403 with a plain message).
- ``render_cell``: every section links to its PDF at its page; search snippets show the
  hit highlighted (``<mark>``) with everything else escaped.
- ``prepare_connection``: SQL functions for the canned queries: ``diary_key(text)``,
  ``minutes_match(query)`` and, from :mod:`parser.lemmas`, ``lemmatize`` and
  ``search_expression`` (issue 5).

:func:`build_datasette` makes the Datasette instance ``minutes serve`` runs (and the tests
use): ``metadata.yml``, read-only database (``mode=ro``, or ``immutable``), SQL time limit,
no download of the database file.
"""

from __future__ import annotations

import os
import re
import sqlite3
import urllib.parse
from pathlib import Path
from typing import Any, Optional

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response, asgi_send_file
from markupsafe import Markup, escape

from . import register
from .archive import PDF_ROUTE, diary_key
from .errors import MinutesError
from .lemmas import register_functions, search_expression
from .pages import file_sha256

#: ``metadata.yml``: package data, so an installed ``minutes serve`` has it; the
#: repository's top-level ``metadata.yml`` is a link to this file.
METADATA = Path(__file__).resolve().with_name("metadata.yml")
#: The database name ``metadata.yml`` is written for.
METADATA_DATABASE = "archive"
#: Settings ``minutes serve`` starts Datasette with.
DEFAULT_SETTINGS = {
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 500,
    "allow_download": False,
    "default_page_size": 50,
}

_SHA_RE = r"[0-9a-f]{64}"
_PDF_LINK_RE = re.compile(rf"^{re.escape(PDF_ROUTE)}({_SHA_RE})(?:#page=(\d+))?$")
#: Result columns holding an FTS snippet with <mark> … </mark> around the hits.
SNIPPET_COLUMNS = {"osuma", "snippet"}


# --------------------------------------------------------------------------- SQL

_PLAIN_WORD = re.compile(r"\w+", re.UNICODE)
_SYNTAX = re.compile(r'["*]|(^|\s)-\w|\b(OR|NOT|AND)\b')


def plain_expression(query: Optional[str]) -> str:
    """The user's words, each quoted, ANDed: an FTS5 expression that cannot fail.
    No words gives ``""``, which matches nothing."""
    words = _PLAIN_WORD.findall(query or "")
    if not words:
        return '""'
    return " AND ".join('"{}"'.format(w.replace('"', '""')) for w in words)


def minutes_match(query: Optional[str]) -> str:
    """The MATCH expression of the search canned query.

    It is ``search_expression(query)`` (:mod:`parser.lemmas`), which finds inflected
    forms through the ``lemmas`` column; for a query of plain words the plain words are
    ORed in too, so the snippet also highlights them in the text.
    """
    plain = plain_expression(query)
    try:
        lemma = search_expression(query)
    except Exception:  # noqa: BLE001 - a search must never be a 500
        return plain
    if plain == '""' or _SYNTAX.search(query or ""):
        return lemma
    return f"({lemma}) OR ({plain})"


def register_sql_functions(conn: sqlite3.Connection) -> None:
    """Register the archive's SQL functions on a connection (Datasette or tests)."""
    conn.create_function("diary_key", 1, diary_key, deterministic=True)
    conn.create_function("minutes_match", 1, minutes_match, deterministic=True)
    # lemmatize(text[, lang]) and search_expression(query[, lang]).
    register_functions(conn)


@hookimpl
def prepare_connection(conn):
    register_sql_functions(conn)


# --------------------------------------------------------------------------- PDFs

_verified: dict[tuple[str, int, int], str] = {}


def _file_sha256(path: str) -> Optional[str]:
    """SHA-256 of a file, cached by (path, size, mtime); None when unreadable."""
    try:
        st = os.stat(path)
        key = (path, st.st_size, st.st_mtime_ns)
        if key not in _verified:
            _verified[key] = file_sha256(path)
        return _verified[key]
    except OSError:
        return None


async def _document_paths(datasette, sha256: str) -> tuple[list[str], bool]:
    """The paths a stored document was seen at, and whether its PDF is withheld."""
    paths: list[str] = []
    withheld = False
    for db in datasette.databases.values():
        if db.is_memory or db.name == "_internal":
            continue
        try:
            result = await db.execute(
                "select path from document_paths where document_id = :sha "
                "union select path from documents where id = :sha",
                {"sha": sha256},
            )
            flags = await db.execute(
                "select pdf_withheld from documents where id = :sha", {"sha": sha256})
        except Exception:  # noqa: BLE001 - not an archive database
            continue
        paths.extend(row[0] for row in result.rows)
        withheld = withheld or any(row[0] for row in flags.rows)
    return paths, withheld


#: The answer for a PDF that prints confidential text (archive.prints_confidential_text).
WITHHELD_MESSAGE = (
    "Tämän pöytäkirjan PDF-tiedostoa ei näytetä, koska siinä on salassa pidettävien "
    "pykälien tekstiä. Pykälien julkiset tiedot ovat arkistossa; julkisen version "
    "pöytäkirjasta saa kunnan kirjaamosta."
)


async def serve_pdf(datasette, request, send):
    """``/-/minutes/pdf/<sha256>``: the stored PDF, if a recorded path still holds it and
    it prints no confidential text (the archive cannot black out part of a PDF)."""
    sha256 = request.url_vars["sha256"]
    paths, withheld = await _document_paths(datasette, sha256)
    if withheld:
        return Response.text(WITHHELD_MESSAGE, status=403)
    for path in paths:
        if _file_sha256(path) == sha256:
            name = os.path.basename(path).replace('"', "")
            await asgi_send_file(
                send,
                path,
                content_type="application/pdf",
                chunk_size=1 << 16,
                headers={"content-disposition": f'inline; filename="{name}"'},
            )
            return None
    return Response.text(
        "PDF-tiedostoa ei löydy: se on siirretty tai muuttunut tuonnin jälkeen. "
        "Tuo tiedosto uudelleen komennolla minutes import.",
        status=404,
    )


# --------------------------------------------------------------------------- staff pages

#: Templates of the staff pages and Finnish error pages (package data).
TEMPLATES = Path(__file__).resolve().with_name("templates")


def _archive(datasette):
    """The archive database (the first one ``minutes serve`` was given)."""
    for db in datasette.databases.values():
        if not db.is_memory and db.name != "_internal":
            return db
    raise NotFound("Arkistoa ei ole avattu.")


async def _page(datasette, request, template: str, context: dict[str, Any], status: int = 200):
    db = _archive(datasette)
    context = {"archive_url": datasette.urls.database(db.name), "database": db.name,
               "site_title": (datasette.metadata("title") or "Pöytäkirja-arkisto"), **context}
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html, status=status)


async def search_page(datasette, request):
    """``/``: the search form and one page of results; ``/haku.json``: the same as JSON."""
    search_request = register.SearchRequest.from_params(request.args)
    db = _archive(datasette)
    as_json = request.url_vars.get("format") == "json"

    def run(conn):
        # The form's choices only for the page: programs asking for JSON do not need them.
        return (register.search(conn, search_request),
                None if as_json else register.choices(conn))

    results, choices = await db.execute_fn(run)
    if as_json:
        return Response.json(register.jsonable({
            "query": {k: v for k, v in search_request.form.items() if v},
            "errors": search_request.errors, **results}))
    pages = _pagination(search_request, results)
    feed = None
    if search_request.query:
        feed = datasette.urls.path(f"/{db.name}/seuraa_hakua.atom?" + urllib.parse.urlencode(
            {"haku": search_request.query, "_feed_title": f"Pöytäkirja-arkisto: {search_request.query}"}))
    return await _page(datasette, request, "minutes_search.html", {
        "request_form": search_request.form, "search": search_request, "results": results,
        "choices": choices, "pages": pages, "feed_url": feed,
        "json_url": "/haku.json?" + urllib.parse.urlencode(search_request.params(
            sivu=search_request.page if search_request.page > 1 else None)),
    })


def _pagination(search_request, results) -> list[dict[str, Any]]:
    """Links to the pages around the current one."""
    current, last = search_request.page, results["pages"]
    if last <= 1:
        return []
    shown = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    return [{"number": n, "current": n == current,
             "url": "/?" + urllib.parse.urlencode(search_request.params(sivu=n if n > 1 else None))}
            for n in shown]


async def _register_page(datasette, request, gather, template: str, name: str,
                         not_found: str):
    """A staff page: ``gather(conn)`` from :mod:`parser.register` on the archive's
    connection, rendered with ``template`` as ``name``; a Finnish 404 when it is None."""
    page = await _archive(datasette).execute_fn(gather)
    if page is None:
        raise NotFound(not_found)
    return await _page(datasette, request, template, {name: page})


async def section_view(datasette, request):
    section_id = request.url_vars["section_id"]
    return await _register_page(
        datasette, request, lambda conn: register.section_page(conn, section_id),
        "minutes_section.html", "section", "Pykälää ei löydy arkistosta.")


async def meeting_view(datasette, request):
    document_id = request.url_vars["document_id"]
    return await _register_page(
        datasette, request, lambda conn: register.meeting_page(conn, document_id),
        "minutes_meeting.html", "meeting", "Kokousta ei löydy arkistosta.")


async def matter_view(datasette, request):
    organization = request.args.get("kunta") or None
    diary_number = request.args.get("dnro") or ""
    return await _register_page(
        datasette, request, lambda conn: register.matter_page(conn, organization, diary_number),
        "minutes_matter.html", "matter", f"Asianumerolla {diary_number} ei löydy käsittelyjä.")


async def person_view(datasette, request):
    name = " ".join((request.args.get("nimi") or "").split())
    return await _register_page(
        datasette, request, lambda conn: register.person_page(conn, name),
        "minutes_person.html", "person",
        f"Nimellä {name or '(tyhjä)'} ei löydy valmisteltuja tai esiteltyjä pykäliä eikä kokouksia.")


@hookimpl
def register_routes():
    return [
        (rf"^{re.escape(PDF_ROUTE)}(?P<sha256>{_SHA_RE})$", serve_pdf),
        (r"^/$", search_page),
        (r"^/haku\.(?P<format>json)$", search_page),
        # A repeated § number gets "-2" after its id (parser.archive.to_rows).
        (r"^/pykala/(?P<section_id>[0-9a-f]{16}-\d+(?:-\d+)?)$", section_view),
        (rf"^/kokous/(?P<document_id>{_SHA_RE})$", meeting_view),
        (r"^/asia$", matter_view),
        (r"^/henkilo$", person_view),
    ]


@hookimpl
def handle_exception(datasette, request, exception):
    """Finnish error pages for the staff pages: a plain sentence, never a traceback."""
    async def inner():
        from datasette.utils.asgi import Base400
        from datasette.views.base import DatasetteError

        if isinstance(exception, (Base400, DatasetteError)):
            status = getattr(exception, "status", 400)
            message = str(getattr(exception, "message", None) or exception.args[0])
        else:
            import traceback

            traceback.print_exception(exception)
            status, message = 500, ""
        if request.path.endswith(".json"):
            return Response.json({"ok": False, "status": status,
                                  "error": message or ERROR_TITLES[500]}, status=status)
        if status == 404 and message in ("Not found", "Database not found", "Table not found"):
            message = ""
        try:
            return await _page(datasette, request, "minutes_error.html", {
                "status": status, "title": ERROR_TITLES.get(status, ERROR_TITLES[400]),
                "message": message}, status=status)
        except Exception:  # noqa: BLE001 - the error page itself must not fail
            return Response.text(ERROR_TITLES.get(status, ERROR_TITLES[500]), status=status)

    return inner


ERROR_TITLES = {
    400: "Pyyntöä ei voitu käsitellä",
    403: "Ei näytettävissä",
    404: "Sivua ei löydy",
    500: "Palvelussa tapahtui virhe",
}


# --------------------------------------------------------------------------- cells

def _pdf_link(datasette, href: str, page: Any) -> Markup:
    url = datasette.urls.path(href) if datasette is not None else href
    label = f"PDF s. {page}" if page else "PDF"
    return Markup('<a href="{}" target="_blank" rel="noopener">{}</a>').format(url, label)


def _row_get(row, key):
    try:
        value = row[key]
    except (KeyError, IndexError, TypeError):
        return None
    # The table view expands foreign keys to {"value": ..., "label": ...}.
    return value.get("value") if isinstance(value, dict) else value


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if isinstance(value, str):
        m = _PDF_LINK_RE.match(value)
        if m:
            return _pdf_link(datasette, value, m.group(2))
        if column in SNIPPET_COLUMNS:
            escaped = str(escape(value))
            return Markup(
                escaped.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>")
            )
    if table == "sections" and column == "page_start" and value is not None:
        document_id = _row_get(row, "document_id")
        if isinstance(document_id, str) and re.fullmatch(_SHA_RE, document_id):
            return _pdf_link(datasette, f"{PDF_ROUTE}{document_id}#page={value}", value)
    return None


# --------------------------------------------------------------------------- serving

def load_metadata(db_name: str, path: Path | str | None = None) -> dict[str, Any]:
    """``metadata.yml``, its ``archive`` database block renamed to ``db_name``.

    ``path`` defaults to :data:`METADATA`.  Raises :class:`MinutesError` when the file
    is missing or not valid YAML.
    """
    import yaml

    path = path or METADATA
    try:
        with open(path, encoding="utf-8") as f:
            metadata = yaml.safe_load(f) or {}
    except OSError as e:
        raise MinutesError(path, (
            f"Datasette's configuration cannot be read ({e.strerror or e}); install the "
            "package again (pip install .) so that it includes metadata.yml."))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1} " if mark is not None else ""
        raise MinutesError(path, (
            f"{where}is not valid YAML ({getattr(e, 'problem', None) or 'syntax error'}); "
            "correct it and start minutes serve again."))
    databases = metadata.get("databases") or {}
    if db_name != METADATA_DATABASE and METADATA_DATABASE in databases:
        databases[db_name] = databases.pop(METADATA_DATABASE)
    return metadata


def build_datasette(
    db_path: str | os.PathLike,
    *,
    immutable: bool = False,
    metadata_path: Path | str | None = None,
    settings: Optional[dict[str, Any]] = None,
):
    """The Datasette that ``minutes serve`` runs.

    The archive is opened read-only (``mode=ro``: Datasette sees what a running import
    commits, through WAL) or, with ``immutable``, as an immutable file (fastest, for a
    finished archive nobody writes to).  Datasette itself never writes to it: no canned
    query is writable and no write plugin is installed.
    """
    from datasette.app import Datasette  # first: it registers Datasette's own hooks
    import datasette.handle_exception

    # With rich installed (a dependency of several tools), Datasette prints every failed request,
    # a query over the time limit or a typo in ?sql= included, as a traceback with its
    # local variables on the server's terminal.  Those are the user's errors, answered
    # with a 400 page; real server errors still print a plain traceback.
    datasette.handle_exception.rich = None
    db_path = os.fspath(db_path)
    name = Path(db_path).stem
    return Datasette(
        files=[] if immutable else [db_path],
        immutables=[db_path] if immutable else [],
        metadata=load_metadata(name, metadata_path),
        template_dir=str(TEMPLATES),
        settings={**DEFAULT_SETTINGS, **(settings or {})},
    )

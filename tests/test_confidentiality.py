"""Confidential sections end to end: real minutes PDFs (the sample generator) whose
confidential item carries a unique word in its body, proposal and decision, one PDF per
marker (``Salassa pidettävä``, ``JulkL``, ``Ei julkinen``, ``Sekretessbelagd``), parsed
by the real parser in worker processes and served by the Datasette that ``minutes
serve`` runs.  The word must be nowhere: not in the database file, not in any table or
view through SQL, not in the full-text index, not on any page, not in a served PDF,
while the section's number and title are shown.
"""

from __future__ import annotations

import base64
import json
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import (
    SAMPLES,
    archive_document,
    minutes_env,
    run_minutes,
    write_sample,
)
from parser import archive
from parser.datasette_plugin import WITHHELD_MESSAGE, build_datasette
from parser.importer import import_paths, parse_sidecar_json

sys.path.insert(0, str(SAMPLES))
from generator import content_asikkala, content_sv  # noqa: E402
from generator.layouts import render  # noqa: E402


@dataclass
class Case:
    """One generated PDF: its confidential item, the marker it prints, its secret."""

    stem: str
    marker: str
    secret: str
    number: int = 0
    title: str = ""


#: Secrets end in letters no minutes contain: the full-text index stores a word after
#: the prefix it shares with the word before it, so the file is searched for the tail.
CASES = [
    Case("salassa", "Salassa pidettävä JulkL 24.1 § 25 k.", "Qzorblaxi"),
    Case("julkl", "JulkL 24.1 § 32 k.", "Wyxtrevoq"),
    Case("ei-julkinen", "Ei julkinen", "Jyqmulfax"),
    Case("sekretess", "Sekretessbelagd enligt 24 § 1 mom. 25 p. offentlighetslagen",
         "Xavrintzq"),
]
TAIL = 6
#: A public copy: the confidential item prints its title and the note only.
PUBLIC_COPY = Case("julkinen-kopio", "Salassa pidettävä JulkL 24.1 § 25 k.", "")


def _meeting(case: Case):
    """The sample meeting with its second item made confidential by ``case.marker``."""
    meeting = (content_sv.stadsstyrelsen() if case.marker.startswith("Sekretess")
               else content_asikkala.kunnanhallitus())
    meeting.stem = f"luottamuksellinen-{case.stem}"
    item = meeting.items[1]
    item.confidential_note = case.marker
    handling = item.handlings[-1]
    if case.secret:
        item.text = [f"Selvitys koskee {case.secret} -asiaa ja työntekijän terveydentilaa."]
        handling.proposal_label = "Förslag" if meeting.language == "sv" else "Päätösehdotus"
        handling.proposal = [f"Ehdotetaan, että {case.secret} siirretään."]
        handling.decision = [f"Päätettiin {case.secret} mukaisesti."]
    else:
        item.text, handling.proposal, handling.decision = [], [], None
    case.number, case.title = item.number, item.title
    return meeting


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The generated PDFs imported by ``minutes import`` (real parser and workers);
    yields (db path, folder, Datasette)."""
    tmp = tmp_path_factory.mktemp("confidential")
    folder = tmp / "poytakirjat"
    folder.mkdir()
    for case in [*CASES, PUBLIC_COPY]:
        pdf, _, _ = render(_meeting(case))
        (folder / f"{case.stem}.pdf").write_bytes(pdf)
    db = tmp / "archive.db"
    done = run_minutes(["import", folder, "--db", db, "--workers", "2", "--silent"],
                       minutes_env(tmp))
    assert done.returncode == 0, done.stderr
    ds = build_datasette(db)
    yield db, folder, ds
    for database in ds.databases.values():
        database.close()


def secrets() -> list[str]:
    return [case.secret for case in CASES]


def assert_no_secret(text: str, where: str, words: list[str] | None = None) -> None:
    """No secret (nor its tail: see CASES) in ``text``."""
    lowered = text.lower()
    for secret in words or secrets():
        assert secret[-TAIL:].lower() not in lowered, f"{secret} found in {where}"


def decoded_blobs(payload) -> str:
    """Datasette's JSON gives blobs as base64: their bytes, for searching too."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            if value.get("$base64"):
                found.append(base64.b64decode(value["encoded"]).decode("latin-1"))
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(payload)
    return "\n".join(found)


async def fetch(ds, path: str, **params) -> str:
    url = f"{path}?{urllib.parse.urlencode(params)}" if params else path
    response = await ds.client.get(url)
    assert response.status_code == 200, (url, response.text[:300])
    return response.text


# --------------------------------------------------------------------------- the tests

def test_the_pdfs_carry_the_secrets(served):
    """The test is meaningful: the parser reads each secret, and marks its section."""
    from parser.pipeline import parse_pdf

    _, folder, _ = served
    for case in CASES:
        document = parse_pdf(folder / f"{case.stem}.pdf")
        assert case.secret in json.dumps(document.to_dict(), ensure_ascii=False)
        (section,) = [s for s in document.sections if s.number == case.number]
        assert section.confidential


def test_secret_not_in_the_database_file(served):
    db, _, _ = served
    for path in (db, Path(f"{db}-wal")):
        if path.exists():
            assert_no_secret(path.read_bytes().decode("latin-1"), path.name)


@pytest.mark.asyncio
async def test_secret_not_in_any_table_or_view_through_sql(served):
    db, _, ds = served
    names = archive.open_db(db)
    for table in names.table_names() + names.view_names():
        text = await fetch(ds, "/archive.json", sql=f"select * from [{table}]", _size="max")
        assert_no_secret(text, table)
        assert_no_secret(decoded_blobs(json.loads(text)), f"blobs of {table}")


@pytest.mark.asyncio
async def test_secret_not_found_by_any_search(served):
    _, _, ds = served
    for secret in secrets():
        for q in (secret, secret.lower(), f"{secret[:8]}*"):
            count = await fetch(ds, "/archive.json", _shape="array", sql=(
                "select count(*) as n from sections_fts where sections_fts match :q"), q=q)
            assert json.loads(count) == [{"n": 0}], q
        table = json.loads(await fetch(ds, "/archive/sections.json", _search=secret))
        assert table["rows"] == []
        canned = await fetch(ds, "/archive/hae_paatoksia.json", _shape="array",
                             haku=secret, toimielin="", alkaen="", asti="")
        assert json.loads(canned) == []


@pytest.mark.asyncio
async def test_secret_not_on_any_page(served):
    db, _, ds = served
    conn = archive.open_db(db)
    pages = ["/", "/archive", "/archive/decisions", "/archive/matter_handlings",
             "/-/metadata.json"]
    pages += [f"/archive/{t}?_size=max" for t in conn.table_names() if "_fts" not in t]
    pages += [f"/archive/sections/{row[0]}" for row in conn.execute(
        "select id from sections where confidential = 1")]
    # (A search page for the word itself shows the word typed; its JSON is checked
    # above to find nothing.)
    for diary in [row[0] for row in conn.execute(
            "select diary_number from sections where confidential = 1 and diary_number is not null")]:
        pages.append("/archive/asian_kasittelyt?" + urllib.parse.urlencode({"asianumero": diary}))
    for page in pages:
        assert_no_secret(await fetch(ds, page), page)


@pytest.mark.asyncio
async def test_number_and_title_stay_public(served):
    db, _, ds = served
    for case in [*CASES, PUBLIC_COPY]:
        rows = json.loads(await fetch(
            ds, "/archive.json", _shape="array",
            sql="select s.number, s.title, s.confidential, s.text, s.proposal, s.decision "
                "from sections s join documents d on d.id = s.document_id "
                "where d.filename = :f and s.number = :n",
            f=f"{case.stem}.pdf", n=str(case.number)))
        assert rows == [{"number": case.number, "title": case.title, "confidential": 1,
                         "text": None, "proposal": None, "decision": None}], case.stem


@pytest.mark.asyncio
async def test_pdf_with_confidential_text_is_not_served(served):
    import pypdfium2

    db, folder, ds = served
    conn = archive.open_db(db)
    for case in [*CASES, PUBLIC_COPY]:
        sha = conn.execute("select id from documents where filename = ?",
                           [f"{case.stem}.pdf"]).fetchone()[0]
        response = await ds.client.get(f"/-/minutes/pdf/{sha}")
        if case.secret:
            assert response.status_code == 403, case.stem
            assert response.text == WITHHELD_MESSAGE
        else:  # the public copy prints nothing confidential: its PDF is linked as usual
            assert response.status_code == 200
            pdf = pypdfium2.PdfDocument(response.content)
            text = "".join(page.get_textpage().get_text_range() for page in pdf)
            assert case.title in text.replace("\r\n", " ").replace("\n", " ")
            assert_no_secret(text, "the public copy's PDF")


def test_reparse_as_confidential_leaves_no_trace(tmp_path):
    """A section first stored in full (an older parser missed its marker), then
    re-parsed as confidential: its words leave the index and the file too."""
    secret = "Zuvekpolq"
    folder = tmp_path / "minutes"
    folder.mkdir()
    document = archive_document()
    document.sections[2].confidential = False
    # Long enough for SQLite's overflow pages, which a delete frees but leaves as they
    # are unless secure_delete is on.
    document.sections[2].text = "Henkilöstöasia koskee yksittäistä työntekijää. " * 400 + secret
    write_sample(folder, document)
    db = tmp_path / "archive.db"
    import_paths(db, [folder], parse=parse_sidecar_json, workers=0, parser_version="1")
    conn = archive.open_db(db)
    assert conn.execute("select count(*) from sections_fts where sections_fts match ?",
                        [secret]).fetchone()[0] == 1
    conn.conn.close()
    document.sections[2].confidential = True
    write_sample(folder, document)  # same PDF bytes, new parse result
    summary = import_paths(db, [], parse=parse_sidecar_json, workers=0, parser_version="2",
                           reparse=True)
    assert summary.imported == 1
    for path in tmp_path.glob("archive.db*"):
        assert_no_secret(path.read_bytes().decode("latin-1"), path.name, [secret])

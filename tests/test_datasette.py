"""The archive through Datasette's own test client: metadata.yml, canned queries, facets,
PDF links, and confidential sections not findable anywhere."""

from __future__ import annotations

import re
import urllib.parse

import pytest
import yaml
from click.testing import CliRunner

from conftest import REPO, SECRET_WORD, assert_plain, gold_samples
from parser import archive
from parser.cli import cli
from parser.datasette_plugin import (
    WITHHELD_MESSAGE,
    build_datasette,
    minutes_match,
    plain_expression,
)
from parser.importer import import_paths, parse_sidecar_json

@pytest.fixture
def db_path(tmp_path, sample_dir):
    path = tmp_path / "archive.db"
    summary = import_paths(path, [sample_dir], parse=parse_sidecar_json, workers=0)
    assert summary.failed == 0
    return path


@pytest.fixture
def ds(db_path):
    datasette = build_datasette(db_path)
    yield datasette
    for database in datasette.databases.values():
        database.close()


async def get_json(ds, path, **params):
    query = urllib.parse.urlencode({**params, "_shape": "array"})
    response = await ds.client.get(f"{path}?{query}")
    assert response.status_code == 200, response.text[:500]
    return response.json()


@pytest.mark.asyncio
async def test_title_and_tables(ds):
    response = await ds.client.get("/")
    assert response.status_code == 200
    assert "Pöytäkirja-arkisto" in response.text
    tables = {t["name"]: t for t in (await ds.client.get("/archive.json")).json()["tables"]}
    assert tables["document_paths"]["hidden"]
    assert tables["sections_fts_data"]["hidden"]
    assert not tables["sections"]["hidden"]
    assert tables["sections"]["fts_table"] == "sections_fts"


@pytest.mark.asyncio
async def test_metadata_yml_as_checked_in(db_path):
    """metadata.yml works with plain Datasette too (the database is named archive)."""
    from datasette.app import Datasette

    metadata = yaml.safe_load((REPO / "metadata.yml").read_text("utf-8"))
    plain = Datasette([str(db_path)], metadata=metadata)
    response = await plain.client.get("/archive/sections.json")
    assert response.status_code == 200
    assert set(metadata["databases"]["archive"]["queries"]) >= {"hae_paatoksia", "asian_kasittelyt"}


@pytest.mark.asyncio
async def test_facets_and_newest_first(ds):
    data = (await ds.client.get("/archive/sections.json")).json()
    assert {"organization", "body", "year"} <= set(data["facet_results"])
    dates = [row[data["columns"].index("date")] for row in data["rows"]]
    assert dates == sorted(dates, reverse=True)
    docs = (await ds.client.get("/archive/documents.json")).json()
    assert {"organization", "body", "year"} <= set(docs["facet_results"])


@pytest.mark.asyncio
async def test_search_decisions_canned_query(ds):
    rows = await get_json(ds, "/archive/hae_paatoksia.json", haku="koulumatka",
                          toimielin="", alkaen="", asti="")
    assert rows, "koulumatka must be found"
    first = rows[0]
    assert set(first) >= {"otsikko", "toimielin", "pvm", "§", "osuma", "pdf"}
    assert first["§"] == 32 and first["toimielin"] == "Hyvinvointilautakunta"
    assert "<mark>koulumatka</mark>" in first["osuma"]
    # Filters: body and date range.
    assert await get_json(ds, "/archive/hae_paatoksia.json", haku="koulumatka",
                          toimielin="Kunnanvaltuusto", alkaen="", asti="") == []
    assert await get_json(ds, "/archive/hae_paatoksia.json", haku="koulumatka",
                          toimielin="", alkaen="2025-05-01", asti="") == []
    within = await get_json(ds, "/archive/hae_paatoksia.json", haku="koulumatka",
                            toimielin="Hyvinvointilautakunta", alkaen="2025-04-01",
                            asti="2025-04-30")
    assert [r["§"] for r in within] == [r["§"] for r in rows]


@pytest.mark.asyncio
async def test_search_without_diacritics_and_bad_syntax(ds):
    rows = await get_json(ds, "/archive/hae_paatoksia.json", haku="paatoksen",
                          toimielin="", alkaen="", asti="")
    assert 32 in [r["§"] for r in rows]
    for bad in ['"', "AND OR", "koulu*(", "-", ""]:
        response = await ds.client.get(
            "/archive/hae_paatoksia?" + urllib.parse.urlencode({"haku": bad}))
        assert response.status_code == 200, bad


@pytest.mark.asyncio
async def test_snippet_highlight_rendered_as_html(ds):
    response = await ds.client.get(
        "/archive/hae_paatoksia?" + urllib.parse.urlencode(
            {"haku": "koulumatka", "toimielin": "", "alkaen": "", "asti": ""}))
    cells = re.findall(r'<td class="col-osuma[^"]*">(.*?)</td>', response.text, re.S)
    assert cells and "<mark>koulumatka</mark>" in cells[0]
    assert not any("&lt;mark&gt;" in c for c in cells)


@pytest.mark.asyncio
async def test_all_handlings_of_a_diary_number(ds):
    for number in ["147/12.09/2025", "Dno 147/2025", "ASIKK/147/12.09.00/2025"]:
        rows = await get_json(ds, "/archive/asian_kasittelyt.json", asianumero=number)
        assert [(r["pvm"], r["§"]) for r in rows] == [
            ("2025-04-09", 31),  # the committee's own minutes (not repeated as a reprint)
            ("2025-04-15", 70),  # the board, known only from the council's reprint
            ("2025-05-05", 22),  # the council
        ], number
    earlier = await get_json(ds, "/archive/asian_kasittelyt.json",
                             asianumero="152/12.01.00/2025")
    assert [(r["pvm"], r["vaihe"].split(" ")[0]) for r in earlier] == [
        ("2025-03-12", "aiempi"), ("2025-04-09", "käsittely")]


async def _pdf_links(ds) -> set[str]:
    links: set[str] = set()
    for row in await get_json(ds, "/archive/decisions.json", _size="max"):
        links.add(row["pdf"])
    html = (await ds.client.get("/archive/sections?_size=max")).text
    links |= set(re.findall(r'href="(/-/minutes/pdf/[0-9a-f]{64}#page=\d+)"', html))
    return links


async def check_pdf_links(ds, db_path) -> dict[str, int]:
    """Fetch every PDF link: a PDF, or the withheld notice for a document whose PDF
    prints confidential text.  Returns how many documents got which status."""
    withheld = dict(archive.open_db(db_path).execute(
        "select id, pdf_withheld from documents").fetchall())
    statuses: dict[str, int] = {}
    for link in sorted({link.split("#")[0] for link in await _pdf_links(ds)}):
        response = await ds.client.get(link)
        sha = link.rsplit("/", 1)[1]
        statuses[sha] = response.status_code
        if withheld[sha]:
            assert response.status_code == 403, link
            assert response.text == WITHHELD_MESSAGE
        else:
            assert response.status_code == 200, link
            assert response.headers["content-type"] == "application/pdf"
            assert response.content.startswith(b"%PDF")
    assert set(statuses) == set(withheld)
    return statuses


@pytest.mark.asyncio
async def test_every_pdf_link_resolves(ds, db_path):
    db = archive.open_db(db_path)
    html = (await ds.client.get("/archive/sections")).text
    assert html.count('href="/-/minutes/pdf/') == db["sections"].count
    statuses = await check_pdf_links(ds, db_path)
    # The committee's minutes print their confidential item's text: not served.
    assert sorted(statuses.values()) == [200, 200, 403]


@pytest.mark.asyncio
async def test_pdf_route_serves_only_stored_unchanged_files(ds, db_path):
    assert (await ds.client.get("/-/minutes/pdf/" + "f" * 64)).status_code == 404
    assert (await ds.client.get("/-/minutes/pdf/../../etc/passwd")).status_code == 404
    db = archive.open_db(db_path)
    sha, path = db.execute(
        "select id, path from documents where not pdf_withheld limit 1").fetchone()
    with open(path, "ab") as f:
        f.write(b"\n% changed after import\n")
    assert (await ds.client.get("/-/minutes/pdf/" + sha)).status_code == 404


@pytest.mark.asyncio
async def test_confidential_section_not_findable(ds, db_path):
    word = SECRET_WORD
    db = archive.open_db(db_path)
    # Through SQL on every table and view.
    for table in db.table_names() + db.view_names():
        sql = f"select * from [{table}]"
        response = await ds.client.get(
            "/archive.json?" + urllib.parse.urlencode({"sql": sql, "_size": "max"}))
        assert response.status_code == 200, table
        assert word.lower() not in response.text.lower(), table
    # Through the full-text index, the table search and the canned query.
    sql = "select count(*) as n from sections_fts where sections_fts match :q"
    for q in [word, word.lower(), "aanestyksen"]:
        rows = await get_json(ds, "/archive.json", sql=sql, q=q)
        assert rows == [{"n": 0}], q
    search = (await ds.client.get(f"/archive/sections.json?_search={word}")).json()
    assert search["rows"] == []
    assert await get_json(ds, "/archive/hae_paatoksia.json", haku=word, toimielin="",
                          alkaen="", asti="") == []
    # On the HTML pages: the table and the section's own row page.
    secret_id = db.execute("select id from sections where confidential = 1").fetchone()[0]
    for page in ["/archive/sections?_size=max", f"/archive/sections/{secret_id}",
                 "/archive/warnings", "/archive/handlings"]:
        response = await ds.client.get(page)
        assert response.status_code == 200, page
        assert word.lower() not in response.text.lower(), page
    # Its number and title are public.
    row = (await ds.client.get(f"/archive/sections/{secret_id}.json?_shape=objects")).json()
    assert row["rows"][0]["title"] == "Henkilöstöasia"


@pytest.mark.asyncio
async def test_database_is_read_only(ds):
    response = await ds.client.get(
        "/archive.json?" + urllib.parse.urlencode({"sql": "delete from sections"}))
    assert response.status_code == 400
    for database in ds.databases.values():
        if database.name == "archive":
            assert database.is_mutable  # mode=ro: sees what a running import commits
            conn = database.connect()
            with pytest.raises(Exception):
                conn.execute("delete from sections")
    assert ds.setting("sql_time_limit_ms") == 3000


WRITES = [
    "delete from sections",
    "update documents set body = 'x'",
    "insert into import_errors (path) values ('x')",
    "drop table sections",
    "create table x (a)",
    "pragma journal_mode=delete",
    "attach database ':memory:' as other",
    "vacuum",
    "select 1; delete from sections",
    "with x as (select 1) delete from sections",
]


@pytest.mark.asyncio
async def test_no_write_reaches_the_archive(ds, db_path):
    before = archive.table_counts(archive.open_db(db_path))
    for sql in WRITES:
        for page in ("/archive.json", "/archive"):
            response = await ds.client.get(f"{page}?" + urllib.parse.urlencode({"sql": sql}))
            assert response.status_code in (400, 403), (sql, response.status_code)
    assert archive.table_counts(archive.open_db(db_path)) == before


@pytest.mark.asyncio
async def test_no_write_plugins_or_writable_queries(ds):
    plugins = (await ds.client.get("/-/plugins.json")).json()
    assert [p["name"] for p in plugins] == ["minutes-archive"]  # this project alone
    metadata = yaml.safe_load((REPO / "metadata.yml").read_text("utf-8"))
    for database in metadata["databases"].values():
        for name, query in database.get("queries", {}).items():
            assert not query.get("write"), name
    # No download of the whole file, and no table is insertable from the web.
    assert (await ds.client.get("/archive.db")).status_code == 403
    response = await ds.client.post("/archive/sections/-/insert", json={"row": {"id": "x"}})
    assert response.status_code in (403, 404, 405)


@pytest.mark.asyncio
async def test_immutable_mode(db_path):
    datasette = build_datasette(db_path, immutable=True)
    rows = await get_json(datasette, "/archive/decisions.json")
    assert len(rows) == archive.open_db(db_path)["sections"].count
    database = datasette.get_database("archive")
    assert not database.is_mutable
    with pytest.raises(Exception):
        database.connect().execute("delete from sections")


def test_match_expressions_never_fail():
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute("create virtual table t using fts5(a, lemmas)")
    conn.execute("insert into t values ('päätös tehtiin', 'päätös tehdä')")
    for q in ['"', "AND", "a OR", "-x", "", "koulu*(", "NOT", "päätös"]:
        for expression in (plain_expression(q), minutes_match(q)):
            conn.execute("select * from t where t match ?", [expression]).fetchall()


def test_serve_needs_an_existing_database(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "puuttuu.db")])
    assert result.exit_code == 1
    assert "does not exist" in result.output and "minutes import" in result.output


def test_a_broken_or_missing_metadata_yml_is_a_plain_error(db_path, tmp_path, monkeypatch):
    from parser import datasette_plugin

    broken = tmp_path / "metadata.yml"
    broken.write_text("title: Pöytäkirja-arkisto\ndatabases: [archive:\n", encoding="utf-8")
    monkeypatch.setattr(datasette_plugin, "METADATA", broken)
    result = CliRunner().invoke(cli, ["serve", "--db", str(db_path)])
    assert result.exit_code == 1
    message = result.output.removeprefix("Error: ").strip()
    assert_plain(message, str(broken))
    assert "line 3 is not valid YAML" in message and "correct it" in message
    broken.unlink()
    result = CliRunner().invoke(cli, ["serve", "--db", str(db_path)])
    assert result.exit_code == 1
    message = result.output.removeprefix("Error: ").strip()
    assert_plain(message, str(broken))
    assert "pip install ." in message


@pytest.mark.asyncio
async def test_gold_samples_through_datasette(tmp_path):
    if not gold_samples():
        pytest.skip("samples/ has no PDFs with gold JSON yet")
    path = tmp_path / "archive.db"
    import_paths(path, [REPO / "samples"], parse=parse_sidecar_json, workers=0)
    datasette = build_datasette(path)
    statuses = await check_pdf_links(datasette, path)
    assert 200 in statuses.values()
    rows = await get_json(datasette, "/archive/hae_paatoksia.json", haku="paatos",
                          toimielin="", alkaen="", asti="")
    assert rows

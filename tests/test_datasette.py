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
    # This project's plugin and datasette-atom (a read-only output renderer) alone.
    assert sorted(p["name"] for p in plugins) == ["datasette-atom", "minutes-archive"]
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


# --------------------------------------------------------------------------- staff pages
# The register's own pages (parser.register through the plugin's routes and templates):
# what a person sees, in Finnish, with no SQL.

async def page(ds, path, status=200):
    response = await ds.client.get(path)
    assert response.status_code == status, (path, response.text[:500])
    return response.text


def visible(html: str) -> str:
    """The page's text as a reader sees it: tags dropped."""
    return re.sub(r"<[^>]+>", "", html)


@pytest.mark.asyncio
async def test_front_page_is_a_finnish_search_form_without_sql(ds):
    html = await page(ds, "/")
    assert '<html lang="fi">' in html
    for label in ("Hakusanat", "Kunta", "Toimielin", "Alkaen", "Asti", "Järjestys", ">Hae<"):
        assert label in html, label
    # Choices come from the data.
    assert '<option value="Hyvinvointilautakunta"' in html
    assert '<option value="Nykarleby stad"' in html
    for sql_word in ("select s.", "from sections", "Run SQL", "hae_paatoksia"):
        assert sql_word not in html
    assert 'href="/archive"' in html, "the raw tables are one link away"


@pytest.mark.asyncio
async def test_search_page_shows_hits_with_highlighted_inflections(ds):
    html = await page(ds, "/?" + urllib.parse.urlencode({"q": "koulukuljetus", "toimielin": "hyvinvointilautakunta"}))
    assert "1 pykälä" in html
    assert "<mark>Koulukuljetusten</mark>" in html
    assert "Asikkalan kunta" in html and "ASIKK/152/12.01.00/2025" in html and "9.4.2025" in html
    assert "Lautakunta hyväksyi periaatteet muutettuna" in html  # the decision's first lines


@pytest.mark.asyncio
async def test_search_json_for_programs(ds):
    data = (await ds.client.get("/haku.json?q=paatoksen&jarjestys=uusin")).json()
    assert data["count"] == len(data["hits"]) >= 2
    assert [h["date"] for h in data["hits"]] == sorted((h["date"] for h in data["hits"]), reverse=True)
    assert all(h["url"].startswith("/pykala/") for h in data["hits"])


@pytest.mark.asyncio
async def test_zero_hits_is_a_sentence_with_suggestions(ds):
    html = await page(ds, "/?q=koulukuljetsu")
    assert "Haulla ”koulukuljetsu” ei löytynyt yhtään pykälää" in html
    assert "Tarkoititko" in html and ">koulukuljetus<" in html


@pytest.mark.asyncio
async def test_a_bad_date_is_a_plain_message(ds):
    html = await page(ds, "/?q=paatos&alkaen=32.1.2024")
    assert "Päivämäärää ”32.1.2024” ei tunnistettu" in html


@pytest.mark.asyncio
async def test_section_page(ds, db_path):
    conn = archive.open_db(db_path)
    section_id = conn.execute("select id from sections where number = 32").fetchone()[0]
    html = await page(ds, f"/pykala/{section_id}")
    assert "§ 32 Koulukuljetusten periaatteet" in html
    text = visible(html)
    assert "koulutoimenjohtaja Juha Mäkinen" in text and "Sari Heikkinen" in text
    assert "Esittelijä" in text and "sivistysjohtaja, Anna Laine" in text
    assert 'href="/henkilo?nimi=Juha+M%C3%A4kinen"' in html
    assert "poikkeaa ehdotuksesta" in html  # amended
    assert 'href="/asia?kunta=Asikkalan+kunta&amp;dnro=ASIKK%2F152%2F12.01.00%2F2025"' in html
    # This PDF prints a confidential section: withheld, and the page says so up front.
    assert "PDF-tiedostoa ei näytetä" in html
    assert "/-/minutes/pdf/" not in html


@pytest.mark.asyncio
async def test_section_page_links_its_pdf_at_its_page(ds, db_path):
    conn = archive.open_db(db_path)
    section_id, document_id = conn.execute(
        "select id, document_id from sections where number = 22").fetchone()
    html = await page(ds, f"/pykala/{section_id}")
    assert f'href="/-/minutes/pdf/{document_id}#page=2"' in html
    # Earlier handlings are written out with the cover's body names.
    assert "Asian muut käsittelyt" in html and "Hyvinvointilautakunta" in html


@pytest.mark.asyncio
async def test_meeting_page(ds, db_path):
    conn = archive.open_db(db_path)
    document_id = conn.execute(
        "select id from documents where body = 'Hyvinvointilautakunta'").fetchone()[0]
    html = visible(await page(ds, f"/kokous/{document_id}"))
    for text in ("Hyvinvointilautakunta 9.4.2025", "klo 17:00–19:15", "Kunnantalo, valtuustosali",
                 "Maija Virtanen, puheenjohtaja", "Liisa Nieminen", "Koulukuljetusten periaatteet",
                 "salassa pidettävä"):
        assert text in html, text
    assert SECRET_WORD.lower() not in html.lower()


@pytest.mark.asyncio
async def test_matter_page_lists_every_handling_once(ds):
    html = await page(ds, "/asia?" + urllib.parse.urlencode({"kunta": "Asikkalan kunta", "dnro": "147/2025"}))
    # HYVOLTK 9.4. § 31 is reprinted by the council and is a section itself: once.
    assert html.count("9.4.2025 · Hyvinvointilautakunta") == 1
    assert "15.4.2025 · Kunnanhallitus" in html  # "KH" written out from knowledge
    assert html.index("9.4.2025") < html.index("15.4.2025") < html.index("5.5.2025")


@pytest.mark.asyncio
async def test_finnish_error_pages_without_traceback(ds, monkeypatch):
    html = await page(ds, "/ei-tallaista-sivua", status=404)
    assert '<html lang="fi">' in html and "Sivua ei löydy" in html
    html = await page(ds, "/pykala/0000000000000000-1", status=404)
    assert "Pykälää ei löydy arkistosta." in html
    html = await page(ds, "/asia?dnro=999/1999", status=404)
    assert "ei löydy käsittelyjä" in html

    def broken(*args, **kwargs):
        raise RuntimeError("internal detail")

    monkeypatch.setattr("parser.register.search", broken)
    html = await page(ds, "/?q=paatos", status=500)
    assert "Palvelussa tapahtui virhe" in html
    assert "internal detail" not in html and "Traceback" not in html


@pytest.mark.asyncio
async def test_follow_a_search_as_an_atom_feed(ds):
    feed = await page(ds, "/?q=koulukuljetus")
    assert "Seuraa hakua" in feed and "seuraa_hakua.atom" in feed
    xml = await page(ds, "/archive/seuraa_hakua.atom?" + urllib.parse.urlencode({"haku": "koulukuljetus"}))
    assert "<feed" in xml and "Koulukuljetusten periaatteet" in xml and "/pykala/" in xml
    empty = await page(ds, "/archive/seuraa_hakua.atom?haku=xqzvwkj")
    assert "Ei vielä päätöksiä haulla xqzvwkj" in empty


@pytest.mark.asyncio
async def test_confidential_text_is_on_no_staff_page(ds, db_path):
    """The secret word is only ever echoed as what was typed: no hit, no snippet."""
    for query in (SECRET_WORD, "aanestyksen"):
        assert (await ds.client.get(f"/haku.json?q={query}")).json()["count"] == 0
        html = await page(ds, f"/?q={query}")
        assert "ei löytynyt yhtään pykälää" in html and '<ol class="hits">' not in html
        xml = await page(ds, f"/archive/seuraa_hakua.atom?haku={query}")
        assert xml.count("<entry>") == 1 and "Ei vielä päätöksiä" in xml
    conn = archive.open_db(db_path)
    secret_id, document_id = conn.execute(
        "select id, document_id from sections where confidential = 1").fetchone()
    for path in (f"/pykala/{secret_id}", f"/kokous/{document_id}",
                 "/asia?kunta=Asikkalan+kunta&dnro=160/01.01/2025"):
        html = await page(ds, path)
        assert SECRET_WORD.lower() not in html.lower(), path
    assert "salassa pidettävä" in await page(ds, f"/pykala/{secret_id}")


def test_section_route_takes_the_id_of_a_repeated_number():
    """to_rows gives a repeated § number the id "<sha16>-5-2": its page must be reachable."""
    from parser.datasette_plugin import register_routes

    (pattern,) = [p for p, view in register_routes() if view.__name__ == "section_view"]
    assert re.match(pattern, "/pykala/0123456789abcdef-5-2")
    assert re.match(pattern, "/pykala/0123456789abcdef-5")
    assert not re.match(pattern, "/pykala/../../etc/passwd")

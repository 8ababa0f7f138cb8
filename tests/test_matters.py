"""Matters across documents (issue 14): the ``matters`` table, ``minutes matter
--json`` and the register's matter and person pages, over three real Lapua minutes in
which one matter (LAPDno-2024-823, the primary schools' network) goes from the
education committee to the board to the council; checked against the matters gold
(tests/corpus_gold/lapua_matters, read from the rendered pages)."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import REPO, SAMPLES, archive_document, council_document, minutes_env, run_minutes
from parser import archive
from parser.datasette_plugin import build_datasette
from parser.importer import import_paths, parse_sidecar_json

CORPUS = REPO.parent / "shared" / "corpus" / "lapua"
GOLD = json.loads((REPO / "tests" / "corpus_gold" / "lapua_matters" / "matters.json").read_text("utf-8"))
MATTER = "LAPDno-2024-823"
PDFS = [
    "Sivistyslautakunta/2024/Pöytäkirja-Sivistyslautakunta - 21.11.2024, klo 16_30.pdf",
    "Kaupunginhallitus/2024_Kaupunginhallitus-pöytäkirjat/Pöytäkirja-Kaupunginhallitus - 02.12.2024, klo 17_00.pdf",
    "Kaupunginvaltuusto/2024/Pöytäkirja-Kaupunginvaltuusto - 09.12.2024, klo 17_00.pdf",
]


def gold_handlings(documents: set[str]) -> list[dict]:
    """The gold handlings of MATTER recorded as sections of these documents."""
    (matter,) = [m for m in GOLD["matters"] if m["diary_number"] == MATTER]
    return [h for h in matter["handlings"] if h["document"] in documents]


@pytest.fixture(scope="module")
def lapua(tmp_path_factory):
    if not all((CORPUS / p).exists() for p in PDFS):
        pytest.skip(f"the Lapua corpus is not at {CORPUS}")
    folder = tmp_path_factory.mktemp("matters")
    (folder / "pdfs").mkdir()
    for p in PDFS:
        shutil.copy(CORPUS / p, folder / "pdfs" / Path(p).name)
    db = folder / "archive.db"
    assert import_paths(db, [folder / "pdfs"], workers=2).failed == 0
    return folder, db


def test_matter_json_is_the_gold_timeline(lapua):
    folder, db = lapua
    done = run_minutes(["matter", MATTER, "--db", db, "--json"], minutes_env(folder))
    assert done.returncode == 0, done.stderr
    timeline = json.loads(done.stdout)
    assert timeline["matter"] == {"organization": "Lapuan kaupunki", "diary_number": MATTER}
    want = gold_handlings(set(PDFS))
    assert len(want) == 3
    got = timeline["handlings"]
    assert [(h["body"], h["date"], h["number"]) for h in got] == [
        (h["body"], h["date"], h["number"]) for h in want]
    assert [Path(h["document"]).name for h in got] == [Path(h["document"]).name for h in want]
    assert [h["page"] for h in got] == [h["page"] for h in want]
    assert [h["outcome"] for h in got] == [h["outcome"] for h in want]
    assert set(got[0]) == {"organization", "body", "date", "number", "title", "proposal",
                           "decision", "outcome", "document", "page"}
    assert all(h["title"] and h["decision"] for h in got)


def test_matters_table_counts_each_handling_once(lapua):
    _folder, db = lapua
    conn = sqlite3.connect(db)
    row = conn.execute("select handling_count, first_date, last_date, bodies, diary_key "
                       "from matters where diary_key = ?", (archive.diary_key(MATTER),)).fetchone()
    assert row == (3, "2024-11-21", "2024-12-09",
                   "Sivistyslautakunta; Kaupunginhallitus; Kaupunginvaltuusto", "823/2024")
    # The council reprints both earlier handlings and the board one: all linked, once.
    linked = conn.execute("select count(*) from handlings h join matters m on m.id = h.matter_id "
                          "where m.diary_key = '823/2024'").fetchone()[0]
    assert linked == 3


def test_a_reprint_alone_is_a_handling_until_its_own_minutes_arrive(tmp_path):
    if not (CORPUS / PDFS[2]).exists():
        pytest.skip("no Lapua corpus")
    db = tmp_path / "archive.db"
    shutil.copy(CORPUS / PDFS[2], tmp_path / "council.pdf")
    assert import_paths(db, [tmp_path / "council.pdf"], workers=0).failed == 0
    env = minutes_env(tmp_path)
    first = json.loads(run_minutes(["matter", MATTER, "--db", db, "--json"], env).stdout)
    # The council's minutes alone: its own handling and the two it reprints.
    assert [h["body"] for h in first["handlings"]] == [
        "Sivistyslautakunta", "Kaupunginhallitus", "Kaupunginvaltuusto"]
    assert {Path(h["document"]).name for h in first["handlings"]} == {"council.pdf"}
    shutil.copy(CORPUS / PDFS[0], tmp_path / "committee.pdf")
    assert import_paths(db, [tmp_path / "committee.pdf"], workers=0).failed == 0
    second = json.loads(run_minutes(["matter", MATTER, "--db", db, "--json"], env).stdout)
    assert len(second["handlings"]) == 3
    assert Path(second["handlings"][0]["document"]).name == "committee.pdf"
    conn = sqlite3.connect(db)
    assert conn.execute("select handling_count from matters where diary_key = '823/2024'"
                        ).fetchone() == (3,)


def test_a_section_without_diary_number_joins_the_matter_it_reprints(tmp_path):
    """The council prints no diary number but reprints the committee's § 31: one matter."""
    folder = tmp_path / "minutes"
    folder.mkdir()
    from conftest import write_sample

    write_sample(folder, archive_document())
    council = council_document()
    council.sections = [replace(council.sections[0], diary_number=None)]
    write_sample(folder, council)
    db = tmp_path / "archive.db"
    assert import_paths(db, [folder], parse=parse_sidecar_json, workers=0).failed == 0
    conn = sqlite3.connect(db)
    committee, council_matter = conn.execute(
        "select matter_id from sections where number in (31, 22) order by number desc").fetchall()
    assert council_matter == committee and committee[0] is not None
    count, bodies = conn.execute("select handling_count, bodies from matters where id = ?",
                                 committee).fetchone()
    # The board is known only from the council's reprint, printed "KH": written out.
    assert count == 3 and bodies == "Hyvinvointilautakunta; Kunnanhallitus; Kunnanvaltuusto"


def test_one_number_in_two_municipalities_needs_a_choice(tmp_path):
    db = tmp_path / "archive.db"
    assert import_paths(db, [SAMPLES], parse=parse_sidecar_json, workers=0).failed == 0
    env = minutes_env(tmp_path)
    both = run_minutes(["matter", "147/2025", "--db", db], env)
    assert both.returncode == 1
    assert "Asikkalan kunta" in both.stderr and "Hollolan kunta" in both.stderr
    assert "--organization" in both.stderr and "Traceback" not in both.stderr
    one = run_minutes(["matter", "147/2025", "--db", db, "--organization", "Hollolan kunta",
                       "--json"], env)
    assert {h["organization"] for h in json.loads(one.stdout)["handlings"]} == {"Hollolan kunta"}
    missing = run_minutes(["matter", "999/1999", "--db", db], env)
    assert missing.returncode == 1 and "No handling of 999/1999" in missing.stderr


@pytest.mark.asyncio
async def test_canned_query_keeps_municipalities_apart(tmp_path):
    """The power users' canned query asian_kasittelyt: one municipality's matter, or
    both, each handling once, never one timeline of two towns' 147/2025."""
    db = tmp_path / "archive.db"
    assert import_paths(db, [SAMPLES], parse=parse_sidecar_json, workers=0).failed == 0
    ds = build_datasette(db)
    try:
        async def rows(**params):
            query = "&".join(f"{k}={v}" for k, v in {**params, "_shape": "array"}.items())
            response = await ds.client.get(f"/archive/asian_kasittelyt.json?{query}")
            assert response.status_code == 200, response.text[:300]
            return response.json()

        both = await rows(asianumero="147/2025")
        hollola = await rows(asianumero="147/2025", kunta="hollolan kunta")
        asikkala = await rows(asianumero="147/2025", kunta="Asikkalan kunta")
        assert {r["kunta"] for r in hollola} == {"Hollolan kunta"}
        assert {r["kunta"] for r in asikkala} == {"Asikkalan kunta"}
        assert len(both) == len(hollola) + len(asikkala)
        keys = [(r["kunta"], r["pvm"], r["§"]) for r in both]
        assert len(keys) == len(set(keys))
    finally:
        for database in ds.databases.values():
            database.close()


@pytest.mark.asyncio
async def test_matter_and_person_pages_through_datasette(lapua):
    _folder, db = lapua
    ds = build_datasette(db)
    try:
        response = await ds.client.get(f"/asia?kunta=Lapuan+kaupunki&dnro={MATTER}")
        assert response.status_code == 200
        html = response.text
        assert html.index("21.11.2024 · Sivistyslautakunta") < html.index(
            "2.12.2024 · Kaupunginhallitus") < html.index("9.12.2024 · Kaupunginvaltuusto")
        # The presenter of the committee's handling, whatever order the name is asked in.
        person = await ds.client.get("/henkilo?nimi=Kamunen+Mika")
        assert person.status_code == 200
        assert "Mika Kamunen" in person.text and "Valmistellut" in person.text
        assert "palveluverkkolinjaus" in person.text
        nobody = await ds.client.get("/henkilo?nimi=Ei+Ketaan")
        assert nobody.status_code == 404 and "ei löydy" in nobody.text
        facets = (await ds.client.get("/archive/sections.json?_facet=outcome")).json()
        assert "outcome" in facets["facet_results"]
    finally:
        for database in ds.databases.values():
            database.close()


@pytest.mark.asyncio
async def test_section_page_shows_the_deliberation_as_gold_reads_it(tmp_path):
    """Tekninen lautakunta 18.02.2025: counter-proposals, two votes with each member's
    vote, read from the PDF and shown on the section pages as the deliberation gold
    (tests/corpus_gold/lapua_proceedings) records them."""
    gold_file = REPO / "tests" / "corpus_gold" / "lapua_proceedings" / "lapua-tekninen-lautakunta-2025-02-18.json"
    gold = json.loads(gold_file.read_text("utf-8"))
    pdf = (gold_file.parent / gold["source"]["path"]).resolve()
    if not pdf.exists():
        pytest.skip("no Lapua corpus")
    db = tmp_path / "archive.db"
    assert import_paths(db, [pdf], workers=0).failed == 0
    ds = build_datasette(db)
    conn = sqlite3.connect(db)
    try:
        for section in gold["sections"]:
            (section_id,) = conn.execute("select id from sections where number = ?",
                                         (section["number"],)).fetchone()
            html = (await ds.client.get(f"/pykala/{section_id}")).text
            text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
            assert "Käsittely" in text
            for vote in section["votes"]:
                counts = vote["counts"]
                assert f"Jaa Ei Tyhjä Poissa Voitti {counts['jaa']} {counts['ei']} – – " \
                       f"{vote['winner'].upper()}" in text
                for name, side in (vote["members"] or {}).items():
                    assert f"{name} ({side})" in text
            for proposal in section["counter_proposals"]:
                assert proposal["by"] in text
            for person in section["disqualifications"]:
                assert person["person"] in text
    finally:
        conn.close()
        for database in ds.databases.values():
            database.close()

"""parser.archive: to_rows, save_rows/save_document and ensure_db_shape on in-memory dbs."""

from __future__ import annotations

import pytest
import sqlite_utils

from conftest import SECRET_WORD, archive_document, council_document
from parser import archive


@pytest.fixture
def db():
    database = sqlite_utils.Database(memory=True)
    database.execute("PRAGMA foreign_keys=ON")
    archive.ensure_db_shape(database)
    return database


def _doc(sha="a" * 64, path="/archive/a.pdf", **kw):
    doc = archive_document(**kw)
    doc.source.sha256 = sha
    doc.source.path = path
    return doc


def test_to_rows_counts_and_ids():
    doc = _doc()
    rows = archive.to_rows(doc, parser_version="1.0")
    counts = {t: len(r) for t, r in rows.items()}
    assert counts == {
        "documents": 1, "document_paths": 1, "attendees": 3, "sections": 3,
        "handlings": 2, "preparers": 5, "warnings": 2, "import_errors": 0, "parts": 0,
        "counter_proposals": 0, "votes": 0, "disqualifications": 0, "statements": 0,
    }
    assert [s["id"] for s in rows["sections"]] == [
        "aaaaaaaaaaaaaaaa-31", "aaaaaaaaaaaaaaaa-32", "aaaaaaaaaaaaaaaa-33"]
    d = rows["documents"][0]
    assert (d["id"], d["year"], d["body"], d["parser_version"]) == (
        "a" * 64, 2025, "Hyvinvointilautakunta", "1.0")
    assert d["filename"] == "a.pdf"
    # to_rows is pure: the same document always gives the same rows.
    assert archive.to_rows(doc, parser_version="1.0") == rows


def test_parts_full_text_and_kind_are_stored_but_never_a_confidential_sections():
    from parser.model import Part

    doc = _doc()
    doc.kind = "agenda"
    public, secret = doc.sections[0], next(s for s in doc.sections if s.confidential)
    for section in (public, secret):
        section.parts = [Part("attachments", "Liitteet", "1 Liite.pdf")]
        section.full_text = f"§ {section.number} {section.title} Liitteet 1 Liite.pdf"
        section.assigned_share = 1.0
    secret.full_text += f" {SECRET_WORD}"
    doc.parts = [Part("appeal", "Oikaisuvaatimusohje", "Oikaisuvaatimuksen saa tehdä …")]
    rows = archive.to_rows(doc)
    assert rows["documents"][0]["kind"] == "agenda"
    assert {r["document_kind"] for r in rows["sections"]} == {"agenda"}
    stored = {r["id"]: r for r in rows["sections"]}
    assert stored[f"{'a' * 16}-{public.number}"]["full_text"].startswith(f"§ {public.number}")
    assert stored[f"{'a' * 16}-{secret.number}"]["full_text"] is None
    assert [(r["section_id"], r["kind"]) for r in rows["parts"]] == [
        (f"{'a' * 16}-{public.number}", "attachments"), (None, "appeal")]
    assert SECRET_WORD not in repr(rows)


def test_repeated_section_number_gets_its_own_id():
    doc = _doc()
    doc.sections[1].number = doc.sections[0].number
    ids = [s["id"] for s in archive.to_rows(doc)["sections"]]
    assert len(set(ids)) == 3


def test_confidential_section_keeps_title_but_no_text():
    rows = archive.to_rows(_doc(), lemmatize=lambda text, lang: text.lower())
    secret = [s for s in rows["sections"] if s["confidential"]]
    assert len(secret) == 1
    s = secret[0]
    assert (s["number"], s["title"], s["diary_number"]) == (33, "Henkilöstöasia", "160/01.01/2025")
    assert s["text"] is s["proposal"] is s["decision"] is None
    assert s["lemmas"] == "henkilöstöasia"
    assert SECRET_WORD not in repr(rows)


def test_outcome_and_diary_key():
    rows = archive.to_rows(_doc())["sections"]
    assert [r["outcome"] for r in rows] == ["approved", "amended", None]
    assert archive.diary_key("147/12.09/2025") == "147/2025"
    assert archive.diary_key("ASIKK/147/12.09.00/2025") == "147/2025"
    assert archive.diary_key("Dno 147/2025") == "147/2025"
    assert archive.diary_key("HEL 2025-001234") == "HEL 2025-1234"
    assert archive.diary_key(None) is None


def test_save_document_counts_and_foreign_keys(db):
    archive.save_document(db, _doc(), "1.0")
    archive.save_document(db, council_document(), "1.0")
    counts = archive.table_counts(db)
    assert counts["documents"] == 2
    assert counts["sections"] == 4
    assert counts["handlings"] == 4
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    fks = {(fk.column, fk.other_table) for fk in db["sections"].foreign_keys}
    assert ("document_id", "documents") in fks
    assert db["documents"].get("a" * 64)["imported_at"]


def test_save_is_idempotent_and_replaces(db):
    archive.save_document(db, _doc(), "1.0")
    before = archive.table_counts(db)
    archive.save_document(db, _doc(), "1.1")
    assert archive.table_counts(db) == before
    assert db["documents"].get("a" * 64)["parser_version"] == "1.1"
    # A changed file at the same path: the old document goes, the new one comes.
    archive.save_document(db, _doc(sha="b" * 64), "1.1")
    assert [r["id"] for r in db["documents"].rows] == ["b" * 64]
    assert db["sections"].count == 3
    assert db.execute("select count(*) from sections_fts").fetchone()[0] == 3


def test_failed_save_leaves_nothing(db):
    rows = archive.to_rows(_doc())
    rows["sections"].append(dict(rows["sections"][0], id=None))  # NOT NULL pk violation
    rows["sections"][-1]["id"] = rows["sections"][0]["id"]
    rows["preparers"].append({"id": "x", "section_id": "missing", "document_id": "a" * 64})
    with pytest.raises(Exception):
        archive.save_rows(db, rows)
    assert archive.table_counts(db)["documents"] == 0
    assert archive.table_counts(db)["sections"] == 0


def test_same_file_two_paths_and_path_change(db):
    archive.save_document(db, _doc(path="/a/one.pdf"), "1.0")
    archive.link_path(db, "/b/two.pdf", "a" * 64)
    assert db["documents"].count == 1
    assert {r["path"] for r in db["document_paths"].rows} == {"/a/one.pdf", "/b/two.pdf"}
    # The first path now holds another file: the document stays, reachable at /b.
    archive.save_document(db, _doc(sha="c" * 64, path="/a/one.pdf"), "1.0")
    assert db["documents"].get("a" * 64)["path"] == "/b/two.pdf"
    assert db["documents"].count == 2


def test_error_row_cleared_by_success(db):
    archive.record_error(db, "/archive/a.pdf", "broken", "/archive/a.pdf: is damaged.")
    assert db["import_errors"].count == 1
    archive.save_document(db, _doc(), "1.0")
    assert db["import_errors"].count == 0


def _fts_ids(db, expression):
    return [
        r[0]
        for r in db.execute(
            "select s.id from sections_fts join sections s on s.rowid = sections_fts.rowid "
            "where sections_fts match ? order by s.id",
            [expression],
        ).fetchall()
    ]


def test_fts_without_diacritics(db):
    archive.save_document(db, _doc(), "1.0", lemmatize=None)
    assert _fts_ids(db, "paatoksen") == ["aaaaaaaaaaaaaaaa-32"]
    assert _fts_ids(db, "paatoksia") == ["aaaaaaaaaaaaaaaa-31"]
    assert _fts_ids(db, "henkilostoasia") == ["aaaaaaaaaaaaaaaa-33"]  # titles are public
    assert _fts_ids(db, SECRET_WORD) == []
    assert _fts_ids(db, "aanestyksen") == []


def test_confidential_text_stored_nowhere(db):
    archive.save_document(db, _doc(), "1.0")
    for table in db.table_names() + db.view_names():
        for row in db.query(f"select * from [{table}]"):
            assert SECRET_WORD.lower() not in repr(row).lower(), table
    # Nor as a term of the full-text index (its shadow tables are binary).
    db.execute("create virtual table temp.vocab using fts5vocab(main, sections_fts, 'row')")
    terms = {t for (t,) in db.execute("select term from temp.vocab")}
    assert "henkilostoasia" in terms
    assert SECRET_WORD.lower() not in terms and "aanestyksen" not in terms


def test_lemmas_hook_fills_fts(db):
    archive.save_document(db, _doc(), "1.0", lemmatize=lambda text, lang: "perusmuoto")
    assert len(_fts_ids(db, "lemmas:perusmuoto")) == 3


def test_ensure_db_shape_is_idempotent(db):
    archive.save_document(db, _doc(), "1.0")
    schema = db.schema
    archive.ensure_db_shape(db)
    archive.ensure_db_shape(db)
    assert db.schema == schema
    assert db["sections"].count == 3
    assert _fts_ids(db, "paatoksen") == ["aaaaaaaaaaaaaaaa-32"]
    assert set(archive.VIEWS) <= set(db.view_names())
    assert 'remove_diacritics 2' in db["sections_fts"].schema


def test_ensure_db_shape_adds_new_columns(db):
    db.execute("create table extra_probe (x)")
    archive.TABLES["sections"]["columns"]["probe_column"] = str
    try:
        archive.ensure_db_shape(db)
        assert "probe_column" in db["sections"].columns_dict
    finally:
        del archive.TABLES["sections"]["columns"]["probe_column"]


def test_wal_mode(tmp_path):
    db = archive.open_db(tmp_path / "archive.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_every_table_to_rows_fills_is_written(tmp_path):
    """save_rows writes every table of a document (a table left out of the writer would
    be built by to_rows and silently dropped)."""
    from parser.model import Part

    doc = _doc()
    doc.sections[0].parts = [Part("attachments", "Liitteet", "1 Liite.pdf")]
    doc.parts = [Part("appeal", "Oikaisuvaatimusohje", "Oikaisuvaatimuksen saa tehdä …")]
    rows = archive.to_rows(doc)
    db = archive.open_db(tmp_path / "archive.db")
    archive.save_rows(db, rows)
    counts = archive.table_counts(db)
    assert {t: counts[t] for t in rows if t != "import_errors"} == {
        t: len(r) for t, r in rows.items() if t != "import_errors"}
    assert counts["parts"] == 2

"""parser.importer: batch import with an injected parse (JSON beside each PDF) and with
the real parser over samples/."""

from __future__ import annotations

import json
import os
import shutil
import time

import pytest
import sqlite_utils
from click.testing import CliRunner

from conftest import (
    SAMPLES,
    archive_document,
    gold_samples,
    real_parser,
    write_sample,
)
from parser import archive
from parser.cli import cli
from parser.importer import BarProgress, expand_paths, import_paths, parse_sidecar_json
from parser.model import Document


# Module-level so spawned workers can unpickle them.
def slow_parse(path: str) -> Document:
    if "slow" in os.path.basename(path):
        time.sleep(60)
    return parse_sidecar_json(path)


def steady_parse(path: str, progress=None) -> Document:
    """Takes 4.8 s in all, reporting a page done every 0.2 s: 12 pages read, then the
    same 12 OCRed (as parse_pdf reports a scan)."""
    for stage in ("read", "ocr"):
        for page in range(12):
            time.sleep(0.2)
            progress(page + 1, 12, stage)
    return parse_sidecar_json(path)


def crashing_parse(path: str) -> Document:
    if "crash" in os.path.basename(path):
        os._exit(3)
    return parse_sidecar_json(path)


def counts(db_path) -> dict[str, int]:
    return archive.table_counts(sqlite_utils.Database(db_path))


def expected_counts(documents: list[Document]) -> dict[str, int]:
    """What to_rows makes of the documents: the count the archive must hold."""
    total: dict[str, int] = {}
    for d in documents:
        for table, rows in archive.to_rows(d).items():
            total[table] = total.get(table, 0) + len(rows)
    return total


def test_import_counts_match_documents(tmp_path, sample_dir, archive_docs):
    db_path = tmp_path / "archive.db"
    summary = import_paths(db_path, [sample_dir], parse=parse_sidecar_json, workers=0)
    assert (summary.imported, summary.skipped, summary.failed) == (3, 0, 0)
    assert summary.pages == sum(d.source.pages for d in archive_docs)
    assert summary.sections == sum(len(d.sections) for d in archive_docs)
    assert counts(db_path) == expected_counts(archive_docs)


def test_second_import_changes_nothing(tmp_path, sample_dir):
    db_path = tmp_path / "archive.db"
    import_paths(db_path, [sample_dir], parse=parse_sidecar_json, workers=0)
    db = sqlite_utils.Database(db_path)
    before = list(db.query("select id, imported_at from documents order by id"))
    summary = import_paths(db_path, [sample_dir], parse=parse_sidecar_json, workers=0)
    assert (summary.imported, summary.skipped, summary.failed) == (0, 3, 0)
    assert list(db.query("select id, imported_at from documents order by id")) == before


def test_worker_processes(tmp_path, sample_dir, archive_docs):
    db_path = tmp_path / "archive.db"
    summary = import_paths(db_path, [sample_dir], parse=parse_sidecar_json, workers=2)
    assert (summary.imported, summary.failed) == (3, 0)
    assert counts(db_path) == expected_counts(archive_docs)


def test_modified_file_replaces_its_rows(tmp_path, sample_dir):
    db_path = tmp_path / "archive.db"
    import_paths(db_path, [sample_dir], parse=parse_sidecar_json, workers=0)
    old = archive_document()
    new = archive_document(pages=6)
    new.sections = new.sections[:1]
    write_sample(sample_dir, new)  # same stem: same path, new content
    summary = import_paths(db_path, [sample_dir], parse=parse_sidecar_json, workers=0)
    assert (summary.imported, summary.skipped) == (1, 2)
    db = sqlite_utils.Database(db_path)
    assert db["documents"].count == 3
    pdf = str(sample_dir / f"{old.source.path.rsplit('/', 1)[-1]}")
    doc = next(db.query("select * from documents where path = ?", [pdf]))
    assert doc["pages"] == 6
    assert db.execute("select count(*) from sections where document_id = ?",
                      [doc["id"]]).fetchone()[0] == 1
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_broken_files_recorded_and_batch_goes_on(tmp_path, sample_dir):
    db_path = tmp_path / "archive.db"
    (sample_dir / "teksti.pdf").write_text("Tämä ei ole PDF.", encoding="utf-8")
    (sample_dir / "tyhja.pdf").write_bytes(b"")
    (sample_dir / "vaara.PDF").write_bytes(b"%PDF-1.4\n%broken")  # no JSON: parse fails
    notes = tmp_path / "muistio.txt"
    notes.write_text("muistiinpanoja")
    summary = import_paths(db_path, [sample_dir, notes], parse=parse_sidecar_json, workers=0)
    assert (summary.imported, summary.failed) == (3, 4)
    db = sqlite_utils.Database(db_path)
    errors = {os.path.basename(r["path"]): r for r in db["import_errors"].rows}
    assert set(errors) == {"teksti.pdf", "tyhja.pdf", "vaara.PDF", "muistio.txt"}
    assert errors["tyhja.pdf"]["kind"] == "not_a_pdf"
    for row in errors.values():
        assert row["path"] in row["message"] and row["failed_at"]
        assert "Traceback" not in row["message"]
    # Fixed later: the error row goes away.
    shutil.copy(sample_dir / "asikkala-valtuusto-2025-05.json", sample_dir / "vaara.json")
    summary = import_paths(db_path, [sample_dir / "vaara.PDF"], parse=parse_sidecar_json,
                           workers=0)
    assert (summary.imported, summary.failed) == (1, 0)
    assert "vaara.PDF" not in {os.path.basename(r["path"]) for r in db["import_errors"].rows}


def test_same_file_at_two_paths_stored_once(tmp_path, sample_dir, archive_docs):
    db_path = tmp_path / "archive.db"
    copy = sample_dir / "kopiot"
    copy.mkdir()
    for name in ("asikkala-valtuusto-2025-05.pdf", "asikkala-valtuusto-2025-05.json"):
        shutil.copy(sample_dir / name, copy / name)
    summary = import_paths(db_path, [sample_dir], parse=parse_sidecar_json, workers=0)
    assert (summary.imported, summary.skipped, summary.failed) == (3, 1, 0)
    db = sqlite_utils.Database(db_path)
    assert db["documents"].count == 3
    assert db["document_paths"].count == 4
    # Importing the copy again alone, and in a later run, changes nothing.
    summary = import_paths(db_path, [copy], parse=parse_sidecar_json, workers=0)
    assert (summary.imported, summary.skipped) == (0, 1)
    assert counts(db_path) == {**expected_counts(archive_docs), "document_paths": 4}


def test_expand_paths_folders_globs_and_missing(tmp_path, sample_dir):
    (sample_dir / "readme.txt").write_text("x")
    sub = sample_dir / "2024" / "syksy"
    sub.mkdir(parents=True)
    (sub / "X.PDF").write_bytes(b"%PDF-1.4")
    (sample_dir / "2024" / "loop").symlink_to(sample_dir, target_is_directory=True)
    files, missing = expand_paths([sample_dir, str(sample_dir / "*.pdf"), tmp_path / "nope.pdf"])
    names = sorted(f.name for f in files)
    assert names == sorted(["X.PDF", "asikkala-hyvinvointilautakunta-2025-04.pdf",
                            "asikkala-valtuusto-2025-05.pdf",
                            "nykarleby-bildningsnamnden-2024-11.pdf"])
    assert [m.kind for m in missing] == ["not_found"]


def test_timeout_kills_the_worker_and_goes_on(tmp_path, sample_dir):
    db_path = tmp_path / "archive.db"
    shutil.copy(sample_dir / "asikkala-valtuusto-2025-05.json", sample_dir / "slow.json")
    (sample_dir / "slow.pdf").write_bytes(b"%PDF-1.4\n% a different file\n")
    started = time.monotonic()
    summary = import_paths(db_path, [sample_dir], parse=slow_parse, workers=1, timeout=10)
    assert time.monotonic() - started < 60
    assert (summary.imported, summary.failed) == (3, 1)
    (failure,) = summary.failures
    assert failure.kind == "timeout" and "--timeout" in failure.message


class PageRecorder(BarProgress):
    """The CLI's bar, recording the pages each file reports as it goes."""

    def __init__(self):
        super().__init__()
        self.seen: list[tuple[str, int, int, str]] = []
        self.statuses: list[str] = []

    def working(self, path, done, total, stage="read"):
        self.seen.append((os.path.basename(path), done, total, stage))
        super().working(path, done, total, stage)
        self.statuses.append(self._status())


def test_progress_extends_the_time_limit_and_shows_the_page(tmp_path, sample_dir):
    # Each file takes 4.8 s, more than twice the limit, and reading its pages alone or
    # OCRing them alone takes longer than the limit, but a page is done every 0.2 s.
    # (No lemmas: loading the Swedish lemmatizer is one silent second, more under load.)
    progress = PageRecorder()
    summary = import_paths(tmp_path / "archive.db", [sample_dir], parse=steady_parse,
                           workers=2, timeout=2, lemmatize=False, progress=progress)
    assert (summary.imported, summary.failed) == (3, 0), summary.failures
    files = {name for name, _, _, _ in progress.seen}
    assert files == {p.name for p in sample_dir.glob("*.pdf")}
    assert all(total == 12 and 1 <= done <= 12 for _, done, total, _ in progress.seen)
    assert {stage for _, _, _, stage in progress.seen} == {"read", "ocr"}
    # A short file shows no page count while read, but a scan shows its OCR (seconds a
    # page).
    assert any(": OCR page " in status for status in progress.statuses)
    assert not any(": page " in status for status in progress.statuses)
    assert progress.busy == {}  # every file finished


def test_a_long_file_shows_the_pages_read():
    bar = BarProgress()
    bar.working("samples/pitka.pdf", 30, 67, "read")
    assert bar._status().endswith("; pitka.pdf: page 30/67")
    bar.working("samples/pitka.pdf", 2, 5, "ocr")
    assert bar._status().endswith("; pitka.pdf: OCR page 2/5")


def test_read_pages_reports_every_page():
    from parser.pages import read_pages

    calls = []
    pdf = SAMPLES / "asikkala-kunnanhallitus-2025-04-14.pdf"
    pages = read_pages(pdf, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(n, len(pages)) for n in range(1, len(pages) + 1)]


def test_crashing_worker_is_replaced(tmp_path, sample_dir):
    db_path = tmp_path / "archive.db"
    (sample_dir / "crash.pdf").write_bytes(b"%PDF-1.4\n% crash\n")
    summary = import_paths(db_path, [sample_dir], parse=crashing_parse, workers=2)
    assert (summary.imported, summary.failed) == (3, 1)
    assert summary.failures[0].kind == "crashed"


def test_reparse_by_parser_version(tmp_path, sample_dir):
    db_path = tmp_path / "archive.db"
    import_paths(db_path, [sample_dir], parse=parse_sidecar_json, workers=0, parser_version="1")
    again = import_paths(db_path, [sample_dir], parse=parse_sidecar_json, workers=0,
                         parser_version="2")
    assert again.imported == 0  # a new parser alone does not re-parse
    re = import_paths(db_path, [], parse=parse_sidecar_json, workers=0, parser_version="2",
                      reparse=True)
    assert re.imported == 3
    db = sqlite_utils.Database(db_path)
    assert {r["parser_version"] for r in db["documents"].rows} == {"2"}
    same = import_paths(db_path, [sample_dir], parse=parse_sidecar_json, workers=0,
                        parser_version="2", reparse=True)
    assert same.imported == 0
    forced = import_paths(db_path, [sample_dir], parse=parse_sidecar_json, workers=0,
                          parser_version="2", reparse_all=True)
    assert forced.imported == 3


def test_gold_samples_with_injected_parse(tmp_path):
    samples = gold_samples()
    if not samples:
        pytest.skip("samples/ has no PDFs with gold JSON yet")
    db_path = tmp_path / "archive.db"
    summary = import_paths(db_path, [SAMPLES], parse=parse_sidecar_json, workers=0)
    gold = [Document.from_dict(json.loads(p.with_suffix(".json").read_text("utf-8")))
            for p in samples]
    assert (summary.imported, summary.failed) == (len(samples), 0)
    expected = expected_counts(gold)
    # The same file twice in samples/ would be stored once; otherwise exact.
    assert counts(db_path)["sections"] == expected["sections"]
    assert counts(db_path)["documents"] == len({p.read_bytes() for p in samples})


# --------------------------------------------------------------------------- CLI

def _cli_parse(monkeypatch):
    import parser.importer as importer

    monkeypatch.setattr(importer, "default_parse", parse_sidecar_json)


def test_cli_import_summary_and_exit_status(tmp_path, sample_dir, monkeypatch):
    _cli_parse(monkeypatch)
    db_path = tmp_path / "archive.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(sample_dir), "--db", str(db_path),
                                 "--workers", "0", "--silent"])
    assert result.exit_code == 0, result.output
    assert "imported 3, skipped 0, failed 0" in result.output
    (sample_dir / "rikki.pdf").write_text("<html>ei pdf</html>")
    result = runner.invoke(cli, ["import", str(sample_dir), "--db", str(db_path),
                                 "--workers", "0", "--silent"])
    assert result.exit_code == 1
    assert "imported 0, skipped 3, failed 1; see import_errors in" in result.output
    assert "rikki.pdf" in result.output and "Traceback" not in result.output


def test_cli_needs_a_path(tmp_path):
    result = CliRunner().invoke(cli, ["import", "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 2
    assert "Name at least one" in result.output


# --------------------------------------------------------------------------- real parser

def test_real_parser_over_samples(tmp_path):
    parse_pdf = real_parser()
    samples = gold_samples()
    db_path = tmp_path / "archive.db"
    broken = tmp_path / "extra"
    broken.mkdir()
    (broken / "tekstia.pdf").write_text("Tämä tiedosto ei ole PDF.", encoding="utf-8")
    summary = import_paths(db_path, [SAMPLES, broken], workers=2)
    assert (summary.imported, summary.failed) == (len(samples), 1), summary.failures
    gold = [json.loads(p.with_suffix(".json").read_text("utf-8")) for p in samples]
    db = sqlite_utils.Database(db_path)
    assert db["documents"].count == len(samples)
    assert summary.pages == sum(g["source"]["pages"] for g in gold)
    # What is stored is exactly what the parser returns, document by document.
    for pdf in samples[:3]:
        doc = parse_pdf(str(pdf))
        stored = db.execute("select count(*) from sections where document_id = ?",
                            [doc.source.sha256]).fetchone()[0]
        assert stored == len(doc.sections)
    gold_sections = sum(len(g["sections"]) for g in gold)
    assert db["sections"].count >= 0.95 * gold_sections
    assert db["import_errors"].count == 1
    # Sections the gold marks confidential are stored without text, proposal, decision.
    for pdf, g in zip(samples, gold):
        for section in (s for s in g["sections"] if s["confidential"]):
            row = next(db.query(
                "select s.* from sections s join document_paths p on p.document_id = "
                "s.document_id where p.path = ? and s.number = ?",
                [str(pdf), section["number"]]))
            assert row["confidential"] == 1
            assert row["text"] is row["proposal"] is row["decision"] is None
    # A second run changes nothing.
    again = import_paths(db_path, [SAMPLES], workers=2)
    assert (again.imported, again.skipped, again.failed) == (0, len(samples), 0)

"""Hostile and broken files through the real importer: ``minutes import`` in a
subprocess, with real worker processes, a per-file time limit and a memory limit.

One import of a folder holding every hostile file and one good sample (the module's
``run``); each test then checks what became of its file: imported, or exactly one
``import_errors`` row with a plain message.  That all of them are in one batch is the
proof that the batch goes on after each of them.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import hostile
from conftest import (
    MINUTES,
    SAMPLES,
    assert_archive_whole,
    assert_plain,
    import_errors_of,
    minutes_env,
    read_only,
    run_command,
)

SOURCE = SAMPLES / "asikkala-kunnanhallitus-2025-04-14.pdf"
LONG_SOURCE = SAMPLES / "padasjoki-kunnanhallitus-2024-11-25.pdf"
#: The CI-sized long meeting; the 2,000-page one is test_two_thousand_pages (slow).
LONG_PAGES = 300
#: --timeout: seconds a file may go without a page done.
TIMEOUT = 10
#: --memory-mb per worker.
MEMORY_MB = 1024
#: Prints the largest resident set of the command and its descendants (workers).
PEAK_RSS = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
            "print('peak-rss-kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
            "file=sys.stderr); sys.exit(code)")
NON_UTF8_NAME = b"p\xf6yt\xe4kirja-latin1.pdf"  # "pöytäkirja" as Latin-1 bytes


def _plain_files() -> dict[str, tuple[str, bytes]]:
    """Hostile files that are plain bytes: key → (file name, content)."""
    good = SOURCE.read_bytes()
    return {
        "good": ("kunnanhallitus.pdf", good),
        "empty": ("tyhjä.pdf", b""),
        "text": ("muistio.pdf", "Tämä on muistio, ei PDF-tiedosto.\n".encode()),
        "html": ("verkkosivu.pdf",
                 "<!DOCTYPE html><html><body><h1>Pöytäkirja</h1></body></html>".encode()),
        "truncated": ("katkennut-lataus.pdf", hostile.truncated(good)),
        "broken_xref": ("rikkinainen-xref.pdf", hostile.broken_xref(good)),
        "password": ("salasana.pdf", hostile.encrypted(SOURCE, user="salasana")),
        "owner_only": ("kopiosuojattu.pdf", hostile.encrypted(SOURCE)),
        "javascript": ("skripti-ja-liite.pdf", hostile.javascript_and_attachment(SOURCE)),
        "long": ("pitka-kokous.pdf", hostile.long_meeting(LONG_SOURCE, LONG_PAGES)),
        "bomb": ("purkupommi.pdf", hostile.decompression_bomb()),
        "page_count": ("kaksi-miljardia-sivua.pdf", hostile.absurd_page_count()),
        "deep_tree": ("syva-sivupuu.pdf", hostile.deep_page_tree()),
        "slow_page": ("hidas-sivu.pdf", hostile.slow_page()),
        "odd_name": ("Pöytäkirja 'KH' \"14.4.\" – § 72 €.pdf", good + b"% nimi\n"),
        "unreadable": ("lukukielto.pdf", good + b"% lukukielto\n"),
    }


@dataclass
class Run:
    """One ``minutes import`` of the hostile folder."""

    folder: Path
    db: Path
    paths: dict[str, str]  # key → absolute path of the file (or folder)
    returncode: int
    stdout: str
    stderr: str
    peak_rss_kb: int


def _build(folder: Path) -> dict[str, str]:
    """Write every hostile file and link into ``folder``; key → path."""
    folder.mkdir()
    paths = {}
    for key, (name, data) in _plain_files().items():
        (folder / name).write_bytes(data)
        paths[key] = str(folder / name)
    os.chmod(paths["unreadable"], 0)
    os.mkfifo(folder / "putki.pdf")  # opening a FIFO blocks until someone writes
    paths["fifo"] = str(folder / "putki.pdf")
    os.symlink("/dev/zero", folder / "loputon.pdf")  # a "file" that never ends
    paths["device"] = str(folder / "loputon.pdf")
    os.symlink("silmukka-b.pdf", folder / "silmukka-a.pdf")
    os.symlink("silmukka-a.pdf", folder / "silmukka-b.pdf")
    paths["link_loop"] = str(folder / "silmukka-a.pdf")
    os.symlink("poistettu.pdf", folder / "katkennut-linkki.pdf")
    paths["dangling"] = str(folder / "katkennut-linkki.pdf")
    sub = folder / "alikansio"
    sub.mkdir()
    os.symlink("..", sub / "takaisin")  # a folder loop: alikansio/takaisin/alikansio/...
    paths["folder_loop"] = str(sub / "takaisin")
    locked = folder / "lukittu"
    locked.mkdir()
    (locked / "piilossa.pdf").write_bytes(SOURCE.read_bytes() + b"% piilossa\n")
    os.chmod(locked, 0)
    paths["locked_folder"] = str(locked)
    raw_name = os.path.join(os.fsencode(folder), NON_UTF8_NAME)
    with open(raw_name, "wb") as f:
        f.write(SOURCE.read_bytes() + b"% latin-1\n")
    paths["non_utf8"] = os.fsdecode(raw_name)
    return paths


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Run:
    tmp = tmp_path_factory.mktemp("hostile")
    folder = tmp / "vienti"
    paths = _build(folder)
    db = tmp / "archive.db"
    command = [sys.executable, "-c", PEAK_RSS, MINUTES, "import", folder, "--db", db,
               "--workers", 2, "--timeout", TIMEOUT, "--memory-mb", MEMORY_MB, "--silent"]
    try:
        done = run_command(command, minutes_env(tmp), unprivileged=True)
    finally:
        for path in (paths["unreadable"], paths["locked_folder"]):
            os.chmod(path, stat.S_IRWXU)  # so that pytest can clean up
    peak = int(re.search(r"peak-rss-kb (\d+)", done.stderr).group(1))
    return Run(folder, db, paths, done.returncode, done.stdout, done.stderr, peak)


# --------------------------------------------------------------------------- helpers

def _stored_path(path: str) -> str:
    """How the archive records a path: bytes that are not UTF-8 become U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


def outcome(run: Run, key: str):
    """("imported", documents row) or ("failed", import_errors row) for one file;
    fails unless exactly one of the two exists (a ``no_sections`` row is a warning
    about a stored document, and only beside one)."""
    path = _stored_path(run.paths[key])
    conn = read_only(run.db)
    try:
        documents = conn.execute(
            "select d.* from documents d join document_paths p on p.document_id = d.id "
            "where p.path = ?", [path]).fetchall()
        rows = conn.execute("select * from import_errors where path = ?", [path]).fetchall()
    finally:
        conn.close()
    errors = [r for r in rows if r["kind"] != "no_sections"]
    assert len(documents) + len(errors) == 1, (key, len(documents), len(errors))
    assert len(rows) == len(errors) or documents, (key, "a warning without its document")
    return ("imported", documents[0]) if documents else ("failed", errors[0])


def failed(run: Run, key: str, kind: str):
    """The file's import_errors row, of ``kind``, with a plain message naming it that
    ``minutes import`` printed once."""
    status, row = outcome(run, key)
    assert status == "failed", (key, dict(row))
    assert row["kind"] == kind, (key, row["message"])
    assert_plain(row["message"], row["path"])
    assert run.stderr.count(f"failed: {row['message']}\n") == 1, key
    return row


def imported(run: Run, key: str):
    status, row = outcome(run, key)
    assert status == "imported", (key, dict(row))
    return row


def sections_of(run: Run, document_id: str) -> list[tuple[int, str]]:
    conn = read_only(run.db)
    try:
        return [tuple(r) for r in conn.execute(
            "select number, title from sections where document_id = ? order by position",
            [document_id])]
    finally:
        conn.close()


def same_sections_as_good(run: Run, key: str) -> None:
    """The file parsed exactly like the clean sample it was made from."""
    good = sections_of(run, imported(run, "good")["id"])
    assert good, "the clean sample has sections"
    assert sections_of(run, imported(run, key)["id"]) == good


# --------------------------------------------------------------------------- the batch

def test_batch_goes_on_and_reports_plainly(run):
    assert run.returncode == 1  # some files failed
    assert "Traceback" not in run.stderr + run.stdout
    rows = import_errors_of(run.db).values()
    errors = [r for r in rows if r["kind"] != "no_sections"]
    warned = [r for r in rows if r["kind"] == "no_sections"]
    failures = [line for line in run.stderr.splitlines() if line.startswith("failed: ")]
    warnings = [line for line in run.stderr.splitlines() if line.startswith("warning: ")]
    assert len(failures) == len(errors) > 0
    assert len(warnings) == len(warned)
    others = [line for line in run.stderr.splitlines()
              if not line.startswith(("failed: ", "warning: ", "peak-rss-kb "))]
    assert others == []
    conn = read_only(run.db)
    documents = conn.execute("select count(*) from documents").fetchone()[0]
    conn.close()
    without = f" ({len(warned)} without sections)" if warned else ""
    assert (f"imported {documents}{without}, skipped 0, failed {len(errors)}; "
            "see import_errors") in run.stdout
    assert_archive_whole(run.db)


def test_every_file_imported_or_one_error(run):
    for key in run.paths:
        if key not in ("folder_loop", "locked_folder"):
            outcome(run, key)


def test_memory_stays_under_the_worker_limit(run):
    # The bomb inflates to 4 GB and the long meeting has 300 pages; no process of the
    # import (parent or worker) may have held more than the limit.
    print(f"peak resident memory of the import: {run.peak_rss_kb / 1024:.0f} MB")
    assert run.peak_rss_kb < MEMORY_MB * 1024


# --------------------------------------------------------------------------- each file

def test_zero_byte_file(run):
    assert "empty (0 bytes)" in failed(run, "empty", "not_a_pdf")["message"]


def test_text_renamed_pdf(run):
    assert "not a PDF" in failed(run, "text", "not_a_pdf")["message"]


def test_html_renamed_pdf(run):
    assert "not a PDF" in failed(run, "html", "not_a_pdf")["message"]


def test_truncated_pdf(run):
    assert "export it again" in failed(run, "truncated", "broken")["message"]


def test_broken_xref_is_rebuilt(run):
    same_sections_as_good(run, "broken_xref")


def test_encrypted_with_user_password(run):
    message = failed(run, "password", "encrypted")["message"]
    assert "password" in message and "unprotected copy" in message


def test_encrypted_without_user_password_imports(run):
    same_sections_as_good(run, "owner_only")


def test_javascript_and_attachment(run):
    same_sections_as_good(run, "javascript")
    conn = read_only(run.db)
    hits = conn.execute("select count(*) from sections where text like '%talousarvio 2025%'")
    assert hits.fetchone()[0] == 0  # the attachment is not read as minutes text
    conn.close()


def test_long_meeting(run):
    document = imported(run, "long")
    assert document["pages"] == LONG_PAGES
    assert len(sections_of(run, document["id"])) >= 40  # the source's 40 sections


def test_decompression_bomb_hits_the_memory_limit(run):
    message = failed(run, "bomb", "memory")["message"]
    assert f"{MEMORY_MB} MB" in message and "--memory-mb" in message


def test_absurd_page_count(run):
    # The page tree claims 2^31 pages and has one: the one real page is read.
    assert imported(run, "page_count")["pages"] == 1


def test_deep_page_tree(run):
    assert "export the minutes again" in failed(run, "deep_tree", "broken")["message"]


def test_slow_page_is_stopped_by_the_time_limit(run):
    # Minutes to read with pdfium today: stopped after TIMEOUT seconds without progress.
    # Should reading it become fast, importing it is the right outcome too.
    status, row = outcome(run, "slow_page")
    if status == "failed":
        row = failed(run, "slow_page", "timeout")
        assert f"{TIMEOUT} seconds" in row["message"] and "--timeout" in row["message"]


def test_file_name_with_spaces_quotes_and_non_ascii(run):
    document = imported(run, "odd_name")
    assert document["filename"] == "Pöytäkirja 'KH' \"14.4.\" – § 72 €.pdf"


def test_file_name_that_is_not_utf8(run):
    row = failed(run, "non_utf8", "bad_name")
    assert row["path"].endswith("p\ufffdyt\ufffdkirja-latin1.pdf")
    assert "rename the file" in row["message"]


def test_unreadable_file(run):
    assert "permissions" in failed(run, "unreadable", "unreadable")["message"]


def test_unreadable_folder(run):
    row = failed(run, "locked_folder", "unreadable")
    assert "folder cannot be read" in row["message"] and "permissions" in row["message"]


def test_symlink_loops(run):
    assert "loops back" in failed(run, "link_loop", "unreadable")["message"]
    # The folder loop alikansio/takaisin -> .. is walked once, not forever.
    seen = set(import_errors_of(run.db))
    conn = read_only(run.db)
    seen |= {r[0] for r in conn.execute("select path from document_paths")}
    conn.close()
    assert not [p for p in seen if "/takaisin/" in p]


def test_fifo_and_endless_device(run):
    for key in ("fifo", "device"):
        assert "not a regular file" in failed(run, key, "unreadable")["message"]


def test_dangling_link(run):
    assert "missing file" in failed(run, "dangling", "unreadable")["message"]


@pytest.mark.slow
def test_two_thousand_pages(tmp_path):
    """The full-size long meeting (about 20 s of parsing) with real workers."""
    from parser.importer import import_paths

    pdf = tmp_path / "kaksituhatta.pdf"
    pdf.write_bytes(hostile.long_meeting(LONG_SOURCE, 2000))
    summary = import_paths(tmp_path / "archive.db", [pdf], workers=1, timeout=60,
                           memory_mb=MEMORY_MB)
    assert (summary.imported, summary.failed) == (1, 0), summary.failures
    assert summary.pages == 2000
    assert_archive_whole(tmp_path / "archive.db")

"""An import stopped at any moment leaves the archive whole: ``minutes import`` in a
subprocess, SIGKILLed at random moments over several rounds, and stopped with Ctrl-C.

After every stop the archive passes SQLite's and FTS5's integrity checks, each stored
document has exactly the rows an uninterrupted import gives it (``copies_reference``),
no worker outlives the import, and a re-run completes with every file stored once.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import time
import uuid

import pytest

from conftest import (
    assert_archive_whole,
    assert_no_processes_left,
    import_errors_of,
    minutes_env,
    read_only,
    run_minutes,
    start_minutes,
    stored_paths_of,
)

#: Seed of the kill moments; set MINUTES_CRASH_SEED to replay or vary a run.
SEED = int(os.environ.get("MINUTES_CRASH_SEED", "7"))
ROUNDS = 6


def import_args(folder, db, *extra) -> list:
    return ["import", folder, "--db", db, "--workers", "2", *extra]


def assert_documents_complete(db, reference) -> int:
    """The archive is whole and every document in it is stored completely; returns how
    many documents it holds."""
    if not db.exists():
        return 0
    counts = assert_archive_whole(db)
    for document_id, tables in counts.items():
        assert tables == reference[document_id], f"document {document_id} partially stored"
    return len(counts)


def assert_rerun_completes(folder, db, env, reference) -> subprocess.CompletedProcess:
    """A re-run of the same command stores every file exactly once."""
    done = run_minutes(import_args(folder, db, "--silent"), env)
    assert done.returncode == 0, done.stderr
    assert assert_archive_whole(db) == reference
    assert stored_paths_of(db) == {str(p) for p in folder.iterdir()}
    assert import_errors_of(db) == {}
    return done


def documents_in(db) -> int:
    """Documents committed so far (0 while the archive is being created)."""
    try:
        conn = read_only(db)
        try:
            return conn.execute("select count(*) from documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def wait_for(condition, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "the import made no progress"
        time.sleep(0.05)


def test_sigkill_at_random_moments(tmp_path, copies_folder, copies_reference):
    rng = random.Random(SEED)
    db = tmp_path / "archive.db"
    mark = uuid.uuid4().hex
    env = minutes_env(tmp_path, MINUTES_TEST_MARK=mark)
    stored = []
    for round in range(ROUNDS):
        before = documents_in(db)
        process = start_minutes(import_args(copies_folder, db, "--silent"), env)
        if round % 2:  # while documents are being written: after this round's first
            wait_for(lambda: documents_in(db) > before or process.poll() is not None)
            delay = rng.uniform(0.0, 1.5)
        else:  # anywhere, start-up and creating the archive included
            delay = rng.uniform(0.1, 3.0)
        try:
            process.wait(delay)
        except subprocess.TimeoutExpired:
            process.kill()  # SIGKILL: no handler, no cleanup, as a crash or power cut
        process.communicate()
        assert_no_processes_left(mark)
        stored.append(assert_documents_complete(db, copies_reference))
    print(f"seed {SEED}: documents stored after each SIGKILL: {stored}")
    assert stored == sorted(stored), "a kill lost committed documents"
    # At least one kill landed in the middle of the import (not before or after it).
    assert any(0 < n < len(copies_reference) for n in stored), stored
    assert_rerun_completes(copies_folder, db, env, copies_reference)


def test_ctrl_c_keeps_what_was_committed(tmp_path, copies_folder, copies_reference):
    db = tmp_path / "archive.db"
    mark = uuid.uuid4().hex
    env = minutes_env(tmp_path, MINUTES_TEST_MARK=mark)
    # Its own process group, as in a terminal: Ctrl-C reaches the workers too.
    process = start_minutes(import_args(copies_folder, db), env, start_new_session=True)
    wait_for(lambda: documents_in(db) > 0 or process.poll() is not None)
    assert process.poll() is None, "the import ended before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)
    try:
        _, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("the import did not stop on Ctrl-C")
    assert process.returncode == 130
    assert "Traceback" not in stderr
    said = re.search(r"\nInterrupted: (\d+) files were imported and kept; run the same "
                     r"command again to import the rest", stderr)
    assert said, stderr
    assert_no_processes_left(mark)
    kept = assert_documents_complete(db, copies_reference)
    assert 0 < kept < len(copies_reference)
    # The count said is what was committed (one more if Ctrl-C came right after a commit).
    assert kept - int(said.group(1)) in (0, 1)
    done = assert_rerun_completes(copies_folder, db, env, copies_reference)
    assert f"imported {len(copies_reference) - kept}, skipped {kept}, failed 0" in done.stdout

"""Concurrent use of one archive: a real ``minutes serve`` answering searches while an
import writes (WAL), two imports started at once (one is refused, plainly), and an
immutable server that no import may write under."""

from __future__ import annotations

import os
import time

import pytest
from click.testing import CliRunner

from conftest import (
    SAMPLES,
    Server,
    assert_archive_whole,
    assert_plain,
    minutes_env,
    run_minutes,
    start_minutes,
    stored_paths_of,
)
from parser.cli import cli
from parser.importer import import_lock, import_paths

FIRST = SAMPLES / "hollola-kunnanvaltuusto-2024-06-17.pdf"
BUSY = ("another import (process {pid}) is writing to this archive; wait for it to "
        "finish, then run this command again.")


@pytest.fixture
def first_archive(tmp_path):
    """An archive holding one document, as Datasette needs a database to serve."""
    db = tmp_path / "archive.db"
    assert import_paths(db, [FIRST], workers=0).imported == 1
    return db


def test_datasette_answers_while_an_import_writes(tmp_path, first_archive, copies_folder,
                                                  copies_reference):
    env = minutes_env(tmp_path)
    with Server(first_archive, env) as server:
        seen = [(server.count(), len(server.search("päätös")))]
        writer = start_minutes(["import", copies_folder, "--db", first_archive,
                                "--workers", "2", "--silent"], env)
        while writer.poll() is None:
            seen.append((server.count(), len(server.search("päätös"))))
        assert writer.wait() == 0, writer.communicate()[1]
        seen.append((server.count(), len(server.search("päätös"))))
        # A query running past the SQL time limit is stopped, while serving goes on.
        started = time.monotonic()
        status, body = server.sql("with recursive c(x) as (select 1 union all "
                                  "select x + 1 from c) select count(*) from c")
        assert status == 400 and "took too long" in body
        assert time.monotonic() - started < 60
        assert server.count() == seen[-1][0]
        # A user's bad query is not a server error: no traceback on the server's terminal.
        assert "Traceback" not in server.output()
    counts = [n for n, _ in seen]
    print(f"{len(counts)} answers during the import; documents seen: {sorted(set(counts))}")
    assert counts == sorted(counts)
    assert counts[-1] == 1 + len(copies_reference)
    assert any(counts[0] < n < counts[-1] for n in counts), "no answer during the import"
    assert seen[-1][1] > seen[0][1]  # the search finds the new documents
    assert_archive_whole(first_archive)


def test_two_imports_at_once(tmp_path, copies_folder, copies_reference):
    db = tmp_path / "archive.db"
    env = minutes_env(tmp_path)
    args = ["import", copies_folder, "--db", db, "--workers", "2", "--silent"]
    both = [start_minutes(args, env), start_minutes(args, env)]
    outputs = [p.communicate(timeout=300) for p in both]
    codes = [p.returncode for p in both]
    assert sorted(codes) == [0, 1], outputs
    refused = codes.index(1)
    winner = both[1 - refused].pid
    stderr = outputs[refused][1]
    assert stderr == f"Error: {db}: {BUSY.format(pid=winner)}\n"
    assert "Traceback" not in stderr
    assert assert_archive_whole(db) == copies_reference
    assert stored_paths_of(db) == {str(p) for p in copies_folder.iterdir()}


def test_second_import_is_refused_plainly(tmp_path, sample_dir):
    db = tmp_path / "archive.db"
    with import_lock(db):
        result = CliRunner().invoke(cli, ["import", str(sample_dir), "--db", str(db),
                                          "--workers", "0", "--silent"])
    assert result.exit_code == 1
    message = result.output.removeprefix("Error: ").strip()
    assert message == f"{db}: {BUSY.format(pid=os.getpid())}"
    assert_plain(message, str(db))


def test_no_import_under_an_immutable_server(tmp_path, first_archive):
    env = minutes_env(tmp_path)
    other = SAMPLES / "asikkala-kunnanvaltuusto-2025-05-05.pdf"
    with Server(first_archive, env, "--immutable") as server:
        refused = run_minutes(["import", other, "--db", first_archive, "--silent"], env)
        assert refused.returncode == 1
        assert "is being served with minutes serve --immutable" in refused.stderr
        assert server.count() == 1
    done = run_minutes(["import", other, "--db", first_archive, "--silent"], env)
    assert done.returncode == 0, done.stderr


def test_no_immutable_server_during_an_import(first_archive):
    with import_lock(first_archive):
        result = CliRunner().invoke(cli, ["serve", "--db", str(first_archive), "--immutable"])
    assert result.exit_code == 1
    assert "an import is writing to this archive; serve it without --immutable" in result.output

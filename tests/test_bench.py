"""Smoke tests of the benchmark scripts (bench/run.py, bench/search_scale.py) on tiny
inputs: they run and write their JSON.  No timing is asserted anywhere.  The two runs
start processes and take several seconds, so they carry the ``slow`` marker
(``pytest -m slow``)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import run as bench_run  # noqa: E402
import register_pages  # noqa: E402
import search_scale  # noqa: E402


@pytest.mark.slow
def test_bench_run_on_one_file(tmp_path, capsys):
    assert bench_run.main(["--files", "1", "--out", str(tmp_path), "--runs", "pypdfium2",
                           "parse", "import", "--workers", "1", "--lemmas-only"]) == 0
    result = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    assert [r["label"] for r in result["runs"]] == [
        "pypdfium2 text", "minutes parse", "import 1 worker, lemmas"]
    assert result["pages"] > 0 and all(r["pages_per_s"] > 0 for r in result["runs"])
    assert result["runs"][-1]["sections"] == result["runs"][1]["sections"] > 0
    assert result["accuracy"]["documents"] == 1
    assert "| minutes parse |" in capsys.readouterr().out


@pytest.mark.slow
def test_bench_run_on_a_folder_without_gold(tmp_path, capsys):
    """Real files without gold: no accuracy, and a file that cannot be read is counted in
    the parse and the import (an import_errors row), not fatal."""
    folder = tmp_path / "pdfs"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(ROOT / "samples" / "asikkala-kunnanhallitus-2025-04-14.pdf", folder / "sub" / "a.pdf")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    out = tmp_path / "out"
    assert bench_run.main(["--pdfs", str(folder), "--out", str(out), "--label", "real",
                           "--runs", "parse", "import", "--workers", "1", "--lemmas-only"]) == 0
    result = json.loads((out / "bench-real.json").read_text(encoding="utf-8"))
    parse, imported = result["runs"]
    assert result["accuracy"] is None and result["files"] == 2
    assert parse["files_failed"] == 1 and parse["sections"] > 0
    assert imported["files_failed"] == 1 and imported["files_imported"] == 1
    assert imported["sections"] == parse["sections"]
    assert imported["archive"]["documents"] == 1
    assert [e["path"].endswith("broken.pdf") for e in imported["archive"]["import_errors"]] == [True]
    assert result["tree"]["commit"] and "| minutes parse |" in capsys.readouterr().out


@pytest.mark.slow
def test_bench_compare_of_one_tree(tmp_path, capsys):
    import compare

    folder = tmp_path / "pdfs"
    folder.mkdir()
    shutil.copy(ROOT / "samples" / "asikkala-kunnanhallitus-2025-04-14.pdf", folder)
    assert compare.main(["--tree", f"this={ROOT}", "--rounds", "1", "--label", "t",
                         "--out", str(tmp_path), "--", "--pdfs", str(folder),
                         "--runs", "parse", "stages", "--no-eval"]) == 0
    result = json.loads((tmp_path / "compare-t.json").read_text(encoding="utf-8"))
    assert [(r["round"], r["tree"]) for r in result["runs"]] == [("cold", "this"), ("r1", "this")]
    assert result["medians"]["this: minutes parse"]["pages_per_s"] > 0
    assert result["stages_cpu_ms_per_page"]["this"]["lemmas"] >= 0
    assert "| minutes parse | this | 1 |" in capsys.readouterr().out


@pytest.mark.slow
def test_search_scale_on_a_tiny_archive(tmp_path, capsys):
    assert search_scale.main(["--sections", "300", "--repeat", "1", "--no-datasette",
                              "--out", str(tmp_path)]) == 0
    result = json.loads((tmp_path / "search-scale.json").read_text(encoding="utf-8"))
    assert result["sections"] == 300 and result["queries"] == 50
    assert result["canned_sqlite"]["runs"] == 50
    assert sum(result["hits_per_query"].values()) > 0
    assert "| hae_paatoksia, sqlite3 |" in capsys.readouterr().out


def test_register_pages_over_http(tmp_path, capsys):
    """bench/register_pages.py on an archive of samples/: every page kind answers 200."""
    from parser.importer import import_paths, parse_sidecar_json

    db = tmp_path / "archive.db"
    assert import_paths(db, [ROOT / "samples"], parse=parse_sidecar_json, workers=0).failed == 0
    assert register_pages.main(["--db", str(db), "--repeat", "1", "--sample", "5",
                                "--out", str(tmp_path)]) == 0
    result = json.loads((tmp_path / "register-pages.json").read_text(encoding="utf-8"))
    assert set(result["pages"]) == {"search", "section", "meeting", "matter"}
    assert all(r["errors"] == 0 and r["runs"] > 0 for r in result["pages"].values())
    assert "| matter |" in capsys.readouterr().out


def test_synthetic_lemmas_are_the_real_ones():
    from parser.lemmas import lemmatize

    text = "Kunnanhallitus päätti\n\nkoulukuljetuksista ja\nKH:n esityksestä 147/12.09/2025"
    assert search_scale.fast_lemmatize(text) == lemmatize(text)
    assert search_scale.fast_lemmatize("Beslutet\nnämnden", "sv") == lemmatize("Beslutet\nnämnden", "sv")

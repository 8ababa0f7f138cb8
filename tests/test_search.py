"""Finnish-aware search (issue 5): query set recall/precision, CLI, filters, hostile input."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from parser.cli import cli
from parser.importer import import_paths
from parser.search import SearchError, evaluate, load_queries, search

ROOT = Path(__file__).resolve().parent.parent
QUERIES = Path(__file__).with_name("search_queries.yml")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "archive.db"
    summary = import_paths(path, [ROOT / "samples"], workers=1)
    assert not summary.failures
    return str(path)


def test_query_set_size():
    queries = load_queries(QUERIES)
    assert len(queries) >= 40
    assert all(q["must"] for q in queries)


def test_recall_and_precision(db):
    report = evaluate(db, load_queries(QUERIES))
    print(report.text())
    assert report.recall >= 0.95, report.text()
    assert report.precision >= 0.9, report.text()


def test_inflection_and_missing_diacritics(db):
    keys = {h.key for h in search(db, "paatos koulumatka")}
    assert "padasjoki-sivistyslautakunta-2024-09-18#58" in keys


def test_cli_plain(db):
    result = CliRunner().invoke(cli, ["search", "koulukuljetus", "--db", db])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert " · § " in first and first.count(" · ") == 4
    assert result.output.splitlines()[1].startswith("    ")


def test_cli_json(db):
    result = CliRunner().invoke(cli, ["search", "tilinpäätös", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert hits
    for key in ("sha256", "path", "number", "title", "organization", "body", "date", "snippet"):
        assert key in hits[0]
    assert len(hits[0]["sha256"]) == 64


def test_filters(db):
    all_hits = search(db, "varhaiskasvatus")
    bodies = {h.body for h in all_hits}
    assert len(bodies) > 1
    only = search(db, "varhaiskasvatus", body="Kunnanhallitus")
    assert only and {h.body for h in only} == {"Kunnanhallitus"}
    since = search(db, "varhaiskasvatus", since="2025-04-10")
    assert since and all(h.date >= "2025-04-10" for h in since)
    until = search(db, "varhaiskasvatus", until="2024-12-31")
    assert until and all(h.date <= "2024-12-31" for h in until)
    assert len(search(db, "varhaiskasvatus", limit=1)) == 1


def test_ranking_newest_first_on_ties(db):
    hits = search(db, "yhteistoimintasopimus", limit=50)
    for a, b in zip(hits, hits[1:]):
        assert a.rank <= b.rank
        if a.rank == b.rank:
            assert (a.date or "") >= (b.date or "")


@pytest.mark.parametrize("query", ['"', "(", "AND", "*", "OR NOT", "a:b", "^", '"unterminated', ""])
def test_hostile_input(db, query):
    try:
        hits = search(db, query)
    except SearchError as e:
        assert str(e)
    else:
        assert isinstance(hits, list)
    result = CliRunner().invoke(cli, ["search", query or "-", "--db", db])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_missing_db(tmp_path):
    result = CliRunner().invoke(cli, ["search", "päätös", "--db", str(tmp_path / "no.db")])
    assert result.exit_code != 0
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_search_eval_cli(db):
    result = CliRunner().invoke(cli, ["search-eval", str(QUERIES), "--db", db])
    assert result.exit_code == 0, result.output
    assert "recall" in result.output and "precision" in result.output


def test_datasette_search_ranks_like_minutes_search():
    """The canned query and `minutes search` weight title and decision the same way."""
    import yaml

    from parser.search import BM25_WEIGHTS

    metadata = yaml.safe_load((Path(__file__).resolve().parents[1] / "metadata.yml").read_text())
    sql = metadata["databases"]["archive"]["queries"]["hae_paatoksia"]["sql"]
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    assert f"order by bm25(sections_fts, {weights})" in sql

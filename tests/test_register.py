"""The decision register's library (parser.register), on an archive of samples/: the
search form's filters (case, Finnish dates, bare years, municipality, outcome), sorting
and paging, highlighting of inflected and ä/ö-less forms, "did you mean", and the
section, meeting and matter pages (matters keyed by municipality)."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import SAMPLES, gold_samples, read_only
from parser import register
from parser.datasette_plugin import register_sql_functions
from parser.importer import import_paths, parse_sidecar_json
from parser.register import DateError, SearchRequest, parse_date


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    if not gold_samples():
        pytest.skip("samples/ has no PDFs with gold JSON")
    path = tmp_path_factory.mktemp("register") / "archive.db"
    summary = import_paths(path, [SAMPLES], parse=parse_sidecar_json, workers=0)
    assert summary.failed == 0
    connection = read_only(path)
    register_sql_functions(connection)
    yield connection
    connection.close()


def search(conn, **params):
    return register.search(conn, SearchRequest.from_params(params))


def hit_dates(result):
    return [h["date"] for h in result["hits"]]


# --------------------------------------------------------------------------- dates

@pytest.mark.parametrize("typed,end,expected", [
    ("1.1.2024", False, "2024-01-01"),
    ("31.12.2024", True, "2024-12-31"),
    ("01.02.2025", False, "2025-02-01"),
    ("2024-01-01", False, "2024-01-01"),
    ("2024", False, "2024-01-01"),
    ("2024", True, "2024-12-31"),
    ("2/2024", True, "2024-02-29"),
    ("12.2024", True, "2024-12-31"),
    (" 5.3.2025. ", False, "2025-03-05"),
    ("", False, None),
])
def test_dates_as_people_type_them(typed, end, expected):
    assert parse_date(typed, end=end) == expected


@pytest.mark.parametrize("typed", ["31.2.2024", "eilen", "2024-13-01", "1.1.24"])
def test_a_date_that_is_not_one_is_a_finnish_sentence(typed):
    with pytest.raises(DateError) as e:
        parse_date(typed)
    assert "Päivämäärää" in str(e.value) and "1.1.2024" in str(e.value)


def test_a_bad_date_is_reported_and_left_out_not_an_error(conn):
    request = SearchRequest.from_params({"q": "päätös", "alkaen": "eilen"})
    assert request.since is None and len(request.errors) == 1
    assert register.search(conn, request)["count"] > 0


def test_reversed_range_is_reported(conn):
    request = SearchRequest.from_params({"q": "päätös", "alkaen": "2025", "asti": "2024"})
    assert request.since is None and request.until is None
    assert "loppupäivän jälkeen" in request.errors[0]


# --------------------------------------------------------------------------- filters

def test_finnish_date_range_keeps_to_the_year(conn):
    everything = search(conn, q="päätös")
    assert {d[:4] for d in hit_dates(everything)} >= {"2024", "2025"}
    only_2024 = search(conn, q="päätös", alkaen="1.1.2024", asti="31.12.2024")
    assert only_2024["count"] > 0
    assert all(d.startswith("2024") for d in hit_dates(only_2024))
    assert search(conn, q="päätös", alkaen="2024", asti="2024")["count"] == only_2024["count"]
    assert all(d.startswith("2025") for d in hit_dates(search(conn, q="päätös", alkaen="2025")))


def test_body_filter_ignores_case(conn):
    exact = search(conn, q="päätös", toimielin="Sivistyslautakunta")
    assert exact["count"] > 0
    assert search(conn, q="päätös", toimielin="sivistyslautakunta")["count"] == exact["count"]
    assert {h["body"] for h in exact["hits"]} == {"Sivistyslautakunta"}


def test_municipality_filter(conn):
    both = search(conn, q="kunnanhallitus")
    one = search(conn, q="kunnanhallitus", kunta="hollolan kunta")
    assert 0 < one["count"] < both["count"]
    assert {h["organization"] for h in one["hits"]} == {"Hollolan kunta"}


def test_outcome_filter(conn):
    voted = search(conn, q="kunnanhallitus", tulos="vote")
    assert voted["count"] > 0 and {h["outcome"] for h in voted["hits"]} == {"vote"}


def test_sort_by_date_both_ways(conn):
    newest = search(conn, q="päätös", jarjestys="uusin")
    oldest = search(conn, q="päätös", jarjestys="vanhin")
    assert hit_dates(newest) == sorted(hit_dates(newest), reverse=True)
    assert hit_dates(oldest) == sorted(hit_dates(oldest))
    assert hit_dates(newest)[0] > hit_dates(oldest)[0]


def test_pages_follow_each_other_without_repeats(conn):
    first = search(conn, q="päätös", jarjestys="uusin")
    assert first["count"] > register.PAGE_SIZE, "samples should give more than one page"
    second = search(conn, q="päätös", jarjestys="uusin", sivu="2")
    ids = [h["id"] for h in first["hits"]] + [h["id"] for h in second["hits"]]
    assert len(ids) == len(set(ids))
    assert first["pages"] == -(-first["count"] // register.PAGE_SIZE)
    assert len(first["hits"]) == register.PAGE_SIZE
    # A page past the last is empty, not an error.
    assert search(conn, q="päätös", sivu="49")["hits"] == []


def test_hits_show_municipality_decision_and_diary_number(conn):
    hit = search(conn, q="koulukuljetus")["hits"][0]
    assert hit["organization"] and hit["body"] and hit["date_fi"] and hit["number"]
    assert hit["diary_number"] and hit["decision_start"]
    assert hit["url"].startswith("/pykala/") and hit["matter_url"].startswith("/asia?")


# --------------------------------------------------------------------------- highlighting

@pytest.mark.parametrize("query,printed", [
    ("koulukuljetus", "koulukuljetuksen"),
    ("koulukuljetus", "Koulukuljetusten"),
    ("paatos", "päätöksestä"),
    ("kuljetus", "koulukuljetuksen"),
    ("talousarvio", "talousarvioon"),
])
def test_inflected_and_unaccented_forms_are_highlighted(query, printed):
    assert register.highlighter(query)(printed)


@pytest.mark.parametrize("query,printed", [
    ("koulukuljetus", "koulu"),
    ("paatos", "patio"),
    ("talousarvio", "arvio"),
])
def test_other_words_are_not_highlighted(query, printed):
    assert not register.highlighter(query)(printed)


def test_snippets_mark_the_inflected_hit(conn):
    hits = search(conn, q="paatos")["hits"]
    assert hits
    marked = sum("<mark>" in (h["snippet"] + h["title_html"]) for h in hits)
    assert marked == len(hits), "every hit shows where it matched"


def test_marking_escapes_the_text():
    html = register.mark("<b>Päätös</b> & muuta", register.highlighter("päätös"))
    assert str(html) == "&lt;b&gt;<mark>Päätös</mark>&lt;/b&gt; &amp; muuta"


# --------------------------------------------------------------------------- suggestions

def test_a_typo_gets_a_suggestion_that_finds_something(conn):
    result = search(conn, q="koulukuljetsu")
    assert result["count"] == 0
    suggested = [s["query"] for s in result["suggestions"]]
    assert "koulukuljetus" in suggested
    assert search(conn, q=suggested[0])["count"] > 0


def test_nonsense_gets_no_suggestion(conn):
    assert search(conn, q="xqzvwkj")["suggestions"] == []


def test_empty_and_symbol_queries_give_nothing(conn):
    for query in ("", "   ", '"', "*", "-", "OR"):
        result = search(conn, q=query)
        assert result["hits"] == [] and result["count"] == 0


# --------------------------------------------------------------------------- pages

def test_matters_are_keyed_by_municipality(conn):
    """Asikkala and Hollola both have a matter 147/2025: each page has its own."""
    asikkala = register.matter_page(conn, "Asikkalan kunta", "147/02.08.00/2025")
    hollola = register.matter_page(conn, "Hollolan kunta", "HOLL/147/02.08.00/2025")
    assert asikkala and hollola
    assert {h["organization"] for h in asikkala["handlings"]} == {"Asikkalan kunta"}
    assert {h["organization"] for h in hollola["handlings"]} == {"Hollolan kunta"}


def test_matter_lists_each_handling_once_oldest_first_with_bodies_written_out(conn):
    matter = register.matter_page(conn, "Asikkalan kunta", "148/00.04.01/2025")
    keys = [(h["date"], h["number"]) for h in matter["handlings"]]
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    bodies = [h["body"] for h in matter["handlings"]]
    assert bodies == ["Hyvinvointilautakunta", "Kunnanhallitus", "Kunnanvaltuusto"]


def test_body_abbreviations_learned_from_the_archive(conn):
    names = register.body_names(conn, "Asikkalan kunta", ["HYVOLTK"])
    assert names == {"hyvoltk": "Hyvinvointilautakunta"}


def test_section_page_has_its_matter_and_meeting(conn):
    section_id = conn.execute(
        "select id from sections where organization = 'Asikkalan kunta' and diary_key = '148/2025' "
        "order by date desc limit 1").fetchone()[0]
    page = register.section_page(conn, section_id)
    assert page["body"] == "Kunnanvaltuusto"
    assert [h["body"] for h in page["other_handlings"]] == ["Hyvinvointilautakunta", "Kunnanhallitus"]
    assert page["meeting_url"] == "/kokous/" + conn.execute(
        "select document_id from sections where id = ?", (section_id,)).fetchone()[0]
    assert register.section_page(conn, "0000000000000000-1") is None


def test_meeting_page_lists_sections_in_order_and_attendees(conn):
    document_id = conn.execute(
        "select id from documents where body = 'Kunnanhallitus' and organization = 'Asikkalan kunta'"
    ).fetchone()[0]
    meeting = register.meeting_page(conn, document_id)
    numbers = [s["number"] for s in meeting["sections"]]
    assert numbers == sorted(numbers) and numbers
    assert meeting["attendee_groups"] and meeting["attendee_groups"][0]["people"]


def test_a_very_broad_search_ranks_the_newest_matches_and_says_so(conn, monkeypatch):
    """Past MAX_HITS matches, relevance is ranked among the newest RANK_POOL (import
    order): the page says so, and every hit is one of them."""
    monkeypatch.setattr(register, "MAX_HITS", 10)
    monkeypatch.setattr(register, "RANK_POOL", 15)
    result = search(conn, q="päätös")
    assert result["more"] and result["ranked_among"] == 15
    newest = [r[0] for r in conn.execute(
        "select s.id from sections_fts join sections s on s.rowid = sections_fts.rowid "
        "where sections_fts match ? order by sections_fts.rowid desc limit 15",
        (register_match("päätös"),))]
    assert {h["id"] for h in result["hits"]} <= set(newest)
    # Sorted by date, nothing is left out: the newest of all matches come first.
    assert "ranked_among" not in search(conn, q="päätös", jarjestys="uusin")


def register_match(query):
    from parser.datasette_plugin import minutes_match

    return minutes_match(query)


def test_a_hit_shows_what_was_decided_not_the_discussion_before_it():
    """Lapua's council prints the discussion first, the decision after it (9.12.2024 § 86)."""
    decision = ("Kaupunginjohtaja alusti asiaa. Keskustelussa ryhmäpuheenvuoron käyttivät "
                "Pekka Hella ja Helena Lahtinen.\n\nKaupunginvaltuusto hyväksyi "
                "kaupunginhallituksen ehdotuksen keskustelun jälkeen.\n\nKaupunginvaltuuston "
                "2. varapuheenjohtaja Kari Laine poistui kokouksesta klo 17.58.")
    assert register.decision_core(decision).startswith("Kaupunginvaltuusto hyväksyi")
    assert register.decision_core("Ehdotus hyväksyttiin.") == "Ehdotus hyväksyttiin."
    assert register.decision_core("Lautakunta keskusteli.\n\nMuuta.") == "Lautakunta keskusteli."
    assert register.decision_core(None) is None

"""The accuracy evaluator: scoring rules on small hand-built dicts, and ``minutes eval``."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from parser import evaluate
from parser.cli import cli
from parser.evaluate import evaluate_dir, match_sections, score_document, similarity


@pytest.fixture
def gold() -> dict:
    """A full-contract gold document with two sections."""
    return {
        "source": {"path": "meeting.pdf", "sha256": "0" * 64, "pages": 3},
        "meeting": {
            "organization": "Asikkalan kunta", "body": "Hyvinvointilautakunta",
            "number": "4/2025", "date": "2025-04-09", "start_time": "17:00",
            "end_time": "19:15", "place": "Kunnantalo", "language": "fi",
            "attendees": [
                {"name": "Maija Virtanen", "role": "puheenjohtaja", "group": "members"},
                {"name": "Pekka Lahtinen", "role": "jäsen", "group": "members"},
            ],
        },
        "sections": [
            {
                "number": 31, "title": "Toimintakertomus vuodelta 2024",
                "page_start": 2, "page_end": 2, "diary_number": "147/12.09/2025",
                "preparers": [{"name": "Anna Korhonen", "title": "sivistysjohtaja",
                               "phone": "044 123 4567", "email": "anna.korhonen@asikkala.fi"}],
                "presenter": {"name": "Anna Korhonen", "title": "sivistysjohtaja"},
                "proposal": "Lautakunta hyväksyy toimintakertomuksen vuodelta 2024.",
                "decision": "Ehdotus hyväksyttiin.",
                "confidential": False,
                "history": [{"body": "HYVOLTK", "date": "2025-03-12", "number": 20,
                             "preparers": [], "presenter": None,
                             "proposal": "Merkitään tiedoksi.",
                             "decision": "Merkittiin tiedoksi."}],
                "text": "Toimintakertomus kuvaa vuoden 2024 tapahtumat ja talouden.",
            },
            {
                "number": 32, "title": "Kokouksen päättäminen",
                "page_start": 3, "page_end": 3, "diary_number": None,
                "preparers": [], "presenter": None, "proposal": None,
                "decision": "Puheenjohtaja päätti kokouksen klo 19.15.",
                "confidential": False, "history": [], "text": None,
            },
        ],
        "warnings": [],
    }


def accuracy(scores, name):
    return scores.fields[name].accuracy


def test_perfect_document_scores_one(gold):
    scores = score_document(copy.deepcopy(gold), gold)
    assert scores.fields  # something was assessed
    assert all(s.accuracy == 1.0 for s in scores.fields.values())
    assert scores.sections.f1 == 1.0
    assert scores.failures == []


def test_wrong_title_lowers_title_accuracy_only(gold):
    predicted = copy.deepcopy(gold)
    predicted["sections"][0]["title"] = "Talousarvio 2026"
    scores = score_document(predicted, gold)
    assert accuracy(scores, "title") == 0.5
    assert accuracy(scores, "decision") == 1.0
    [failure] = scores.failures
    assert (failure.field, failure.section) == ("title", 31)
    assert failure.expected == "Toimintakertomus vuodelta 2024"


def test_whitespace_soft_hyphen_and_zero_width_do_not_count(gold):
    predicted = copy.deepcopy(gold)
    predicted["sections"][0]["title"] = "Toiminta\u00adkertomus\u200b  vuodelta\n2024 "
    assert accuracy(score_document(predicted, gold), "title") == 1.0


def test_partial_gold_ignores_absent_fields(gold):
    partial = {"sections": [{"number": 31, "title": gold["sections"][0]["title"]}]}
    predicted = copy.deepcopy(gold)
    predicted["sections"][0]["decision"] = "something else entirely"
    predicted["meeting"]["body"] = "Wrong body"
    scores = score_document(predicted, partial)
    assert set(scores.fields) == {"title"}
    assert scores.fields["title"].accuracy == 1.0


def test_null_in_gold_is_assessed(gold):
    predicted = copy.deepcopy(gold)
    predicted["sections"][1]["diary_number"] = "99/2025"
    assert accuracy(score_document(predicted, gold), "diary_number") == 0.5


def test_missing_section_lowers_recall(gold):
    predicted = copy.deepcopy(gold)
    del predicted["sections"][1]
    scores = score_document(predicted, gold)
    assert scores.sections.recall == 0.5
    assert scores.sections.precision == 1.0
    assert any(f.field == "section" and f.section == 32 for f in scores.failures)


def test_extra_section_lowers_precision(gold):
    predicted = copy.deepcopy(gold)
    predicted["sections"].append({"number": 33, "title": "Muut asiat"})
    scores = score_document(predicted, gold)
    assert scores.sections.precision == pytest.approx(2 / 3)
    assert scores.sections.recall == 1.0


def test_sections_without_number_match_by_position():
    gold = {"sections": [{"title": "A"}, {"title": "B"}]}
    predicted = {"sections": [{"number": 7, "title": "A"}, {"number": 8, "title": "X"}]}
    pairs = match_sections(predicted["sections"], gold["sections"])
    assert [p["number"] for _, p in pairs] == [7, 8]
    assert accuracy(score_document(predicted, gold), "title") == 0.5


def test_long_texts_use_similarity_threshold(gold):
    predicted = copy.deepcopy(gold)
    predicted["sections"][0]["text"] += "."  # one character off: still correct
    predicted["sections"][0]["proposal"] = "Lautakunta hylkää."
    scores = score_document(predicted, gold)
    assert accuracy(scores, "text") == 1.0
    assert scores.fields["text"].mean_similarity < 1.0
    assert accuracy(scores, "proposal") == 0.5  # section 32's null proposal is right


def test_preparer_names_and_contacts_are_separate(gold):
    predicted = copy.deepcopy(gold)
    predicted["sections"][0]["preparers"][0]["phone"] = "044 999 9999"
    scores = score_document(predicted, gold)
    assert accuracy(scores, "preparers") == 1.0
    assert accuracy(scores, "preparer_contacts") == 0.0


def test_phone_compares_by_digits(gold):
    predicted = copy.deepcopy(gold)
    predicted["sections"][0]["preparers"][0]["phone"] = "0441234567"
    assert accuracy(score_document(predicted, gold), "preparer_contacts") == 1.0


def test_presenter_name_and_title(gold):
    predicted = copy.deepcopy(gold)
    predicted["sections"][0]["presenter"] = {"name": "Korhonen Anna", "title": "sivistysjohtaja"}
    assert accuracy(score_document(predicted, gold), "presenter") == 0.5


def test_history_compares_count_and_handlings(gold):
    predicted = copy.deepcopy(gold)
    predicted["sections"][0]["history"][0]["number"] = 21
    assert accuracy(score_document(predicted, gold), "history") == 0.5
    predicted["sections"][0]["history"] = []
    assert accuracy(score_document(predicted, gold), "history") == 0.5


def test_appeal_gold_compares_route_and_days_with_the_sections_appeal():
    gold = {"sections": [{"number": 1, "route": "oikaisuvaatimus", "days": 14},
                         {"number": 2, "route": None, "days": None},
                         {"number": 3, "route": "valituskielto", "days": None}]}
    predicted = {"sections": [
        {"number": 1, "appeal": {"route": "oikaisuvaatimus", "days": 30}},
        {"number": 2, "appeal": None},
        {"number": 3, "appeal": {"route": "kunnallisvalitus", "days": None}}]}
    scores = score_document(predicted, gold)
    assert accuracy(scores, "appeal_route") == pytest.approx(2 / 3)
    assert accuracy(scores, "appeal_days") == pytest.approx(2 / 3)
    # Appeal gold assesses nothing else of a section.
    assert set(scores.fields) == {"appeal_route", "appeal_days"}


def test_attendees_name_set_and_roles(gold):
    predicted = copy.deepcopy(gold)
    predicted["meeting"]["attendees"][1]["role"] = "varajäsen"
    scores = score_document(predicted, gold)
    assert accuracy(scores, "meeting.attendees") == 1.0
    assert accuracy(scores, "meeting.attendee_roles") == 0.0
    predicted["meeting"]["attendees"].pop()
    scores = score_document(predicted, gold)
    assert accuracy(scores, "meeting.attendees") == 0.0
    assert scores.fields["meeting.attendees"].mean_similarity == pytest.approx(2 / 3)


def test_similarity_of_empty_values():
    assert similarity(None, "") == 1.0
    assert similarity("abc", None) == 0.0


def write_gold(directory: Path, gold: dict, stem: str = "meeting") -> Path:
    """Put a gold JSON and a (dummy) PDF beside it, as samples/ holds them."""
    (directory / f"{stem}.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    path = directory / f"{stem}.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return path


def test_evaluate_dir_with_injected_parse(tmp_path, gold):
    write_gold(tmp_path, gold)
    (tmp_path / "notes.json").write_text('{"not": "gold"}')
    report = evaluate_dir(tmp_path, parse=lambda path: copy.deepcopy(gold))
    assert len(report.documents) == 1
    assert report.documents[0].error is None
    assert report.totals.fields["title"].accuracy == 1.0


def test_gold_finds_pdf_by_source_path(tmp_path, gold):
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "pdfs" / "real.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "gold").mkdir()
    gold["source"]["path"] = "../pdfs/real.pdf"
    (tmp_path / "gold" / "g.json").write_text(json.dumps(gold), encoding="utf-8")
    seen = []
    evaluate_dir(tmp_path / "gold", parse=lambda p: seen.append(p.name) or gold)
    assert seen == ["real.pdf"]


def test_raising_parse_is_reported_not_crashed(tmp_path, gold):
    write_gold(tmp_path, gold)

    def broken(path):
        raise NotImplementedError("parser not ready")

    report = evaluate_dir(tmp_path, parse=broken)
    [doc] = report.documents
    assert "NotImplementedError" in doc.error
    assert all(s.correct == 0 and s.total > 0 for s in doc.scores.fields.values())
    assert doc.scores.sections.recall == 0.0
    text = evaluate.format_report(report, verbose=True)
    assert "parse error" in text and "NotImplementedError" in text


def test_cli_eval_prints_table(tmp_path, gold, monkeypatch):
    write_gold(tmp_path, gold)
    wrong = copy.deepcopy(gold)
    wrong["sections"][0]["title"] = "Väärä otsikko"
    monkeypatch.setattr(evaluate, "parse_pdf", lambda path: wrong)
    result = CliRunner().invoke(cli, ["eval", str(tmp_path), "--verbose"])
    assert result.exit_code == 0, result.output
    assert "correct/total" in result.output
    title_row = next(line for line in result.output.splitlines()
                     if line.strip().startswith("title"))
    assert "1/2" in title_row and "0.500" in title_row
    assert "expected Toimintakertomus vuodelta 2024 | got Väärä otsikko" in result.output


def test_cli_eval_json(tmp_path, gold, monkeypatch):
    write_gold(tmp_path, gold)
    monkeypatch.setattr(evaluate, "parse_pdf", lambda path: gold)
    result = CliRunner().invoke(cli, ["eval", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)
    assert report["totals"]["fields"]["decision"]["accuracy"] == 1.0
    assert report["totals"]["sections"]["f1"] == 1.0

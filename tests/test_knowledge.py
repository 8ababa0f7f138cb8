"""The knowledge files (parser/knowledge/*.yml): every entry's examples, checked by the
code that uses them.  One test per example, generated from the files, so a new wording
added without a working example fails here."""

from __future__ import annotations

import re

import pytest

from parser.appeals import section_list
from parser.formats import diary_number, history_line, parse_date, parse_times, section_number
from parser.knowledge import FILES
from parser.knowledge import HERE as KNOWLEDGE_DIR
from parser.knowledge import KNOWLEDGE, KnowledgeError, load
from parser.labels import find_label
from parser.layout import Layout, PageGeometry
from parser.pages import Line, Segment

RAW = KNOWLEDGE.raw
LABELS, COVER, FORMATS, WORDS, APPEALS, PROCEEDINGS = (
    RAW[n] for n in ("labels.yml", "cover.yml", "formats.yml", "words.yml", "appeals.yml",
                     "proceedings.yml"))
#: proceedings.yml's phrases: (name, entry) for every wording.
PHRASES = [(name, entry) for name, entries in PROCEEDINGS.items() if isinstance(entries, list)
           for entry in entries]

#: A page with labels at x=57 and running text at x=170 (both columns used by examples).
LAYOUT = Layout(font_size=11.0, line_spacing=14.5, left_column=False,
                default=PageGeometry(57.0, 170.0))


def printed(example: str) -> Line:
    """A line built from the examples' notation: "**bold**", "label\\ttext beside it"."""
    parts = example.split("\t")
    segments = []
    for k, part in enumerate(parts):
        bold = part.startswith("**") and part.endswith("**")
        text = part.strip("*")
        x = 57.0 if k == 0 else 170.0
        # A wrapped label column is narrower than its label: the text beside it starts
        # after a gap (the test of a column layout).
        width = min(5.0 * len(text), 100.0) if k == 0 and len(parts) > 1 else 5.0 * len(text)
        segments.append(Segment(text, x, x + width, 100.0, 111.0, 11.0, bold))
    return Line(segments, 1)


def _examples(entries, key="examples"):
    return [(entry, example) for entry in entries for example in entry.get(key, [])]


@pytest.mark.parametrize("entry,example", _examples(LABELS["labels"]),
                         ids=lambda v: v if isinstance(v, str) else v["label"])
def test_section_label_examples_are_found_with_their_kind(entry, example):
    hit = find_label(printed(example), LAYOUT)
    assert hit is not None and hit.kind == entry["kind"], (example, hit)


@pytest.mark.parametrize("entry,example", _examples(LABELS["owner_phrases"]),
                         ids=lambda v: v if isinstance(v, str) else v["kind"])
def test_owner_phrase_examples_are_found_with_their_kind(entry, example):
    hit = find_label(printed(example), LAYOUT)
    assert hit is not None and hit.kind == entry["kind"], (example, hit)
    assert KNOWLEDGE.owner(hit.label)[1] and not KNOWLEDGE.owner(hit.label)[1].endswith(" ")


def test_owner_phrase_gives_the_owner_without_the_genitive():
    assert KNOWLEDGE.owner("Stadsdirektör Martin Norrgårds förslag:") == (
        "proposal", "Stadsdirektör Martin Norrgård")
    assert KNOWLEDGE.owner("Kaupunginjohtajan ehdotus:") == ("proposal", "Kaupunginjohtaja")
    # A list's item is not a label unless it ends like one.
    assert KNOWLEDGE.owner("3. Etelä-Pohjanmaan ELY-keskuksen päätös") is None
    assert KNOWLEDGE.owner("4. Stadsdirektör Martin Norrgårds förslag:")[0] == "proposal"


@pytest.mark.parametrize("entry,example", _examples(COVER["labels"]),
                         ids=lambda v: v if isinstance(v, str) else v["label"])
def test_cover_label_examples_are_found_with_their_kind(entry, example):
    hit = find_label(printed(example), LAYOUT, vocabulary="cover")
    assert hit is not None and hit.kind == entry["kind"], (example, hit)


def test_a_damaged_cover_label_is_still_known_but_a_numbered_line_is_not():
    assert KNOWLEDGE.cover_label("Sammanträdestd") == "time"
    assert KNOWLEDGE.cover_label("§ 63 Pöytäkirjan tarkastaminen") is None


@pytest.mark.parametrize("entry,example", _examples(COVER["roles"]),
                         ids=lambda v: v if isinstance(v, str) else v["pattern"])
def test_role_examples(entry, example):
    assert KNOWLEDGE.role(example) == example


@pytest.mark.parametrize("example", COVER["attendance_notes"]["examples"])
def test_attendance_note_examples(example):
    assert KNOWLEDGE.is_attendance_note(example)


@pytest.mark.parametrize("kind,example", [(k, e) for k, v in COVER["document_kinds"].items()
                                          for e in v["examples"]])
def test_document_kind_examples(kind, example):
    assert KNOWLEDGE.document_kind(example) == kind


@pytest.mark.parametrize("example", FORMATS["section_mark"]["examples"])
def test_section_mark_examples(example):
    assert section_number(example) is not None


@pytest.mark.parametrize("example", FORMATS["section_mark"]["not_examples"])
def test_section_mark_not_examples(example):
    assert section_number(example) is None


@pytest.mark.parametrize("example", [e for h in FORMATS["handling_lines"] for e in h["examples"]])
def test_handling_line_examples(example):
    head = history_line(example)
    assert head is not None and head.date and head.number
    assert head.body and not head.body.endswith(",")


@pytest.mark.parametrize("example", [e for h in FORMATS["handling_lines"] for e in h.get("not_examples", [])]
                         + ["Kiinteistönomistajaa on ympäristölautakunnan päätöksellä 13.06.2023 § 46",
                            "Energianhallintajärjestelmän hankinta / 30.10.2024 § 34",
                            "Bilaga Personalsektionen 29.5.2023, 30 §"])
def test_handling_line_not_examples(example):
    assert history_line(example) is None


@pytest.mark.parametrize("example", [e for f in FORMATS["diary_forms"] for e in f["examples"]]
                         + FORMATS["diary_prefix"]["examples"])
def test_diary_number_examples(example):
    found = diary_number(example)
    assert found and found in example


@pytest.mark.parametrize("printed,key", [tuple(e) for entry in FORMATS["diary_keys"]
                                          for e in entry["examples"]])
def test_diary_key_examples(printed, key):
    assert KNOWLEDGE.diary_key(printed) == key


@pytest.mark.parametrize("example", FORMATS["diary_not_examples"])
def test_diary_number_not_examples(example):
    assert diary_number(example) is None


@pytest.mark.parametrize("example", FORMATS["numeric_date"]["examples"])
def test_date_examples(example):
    assert parse_date(example)


@pytest.mark.parametrize("example", FORMATS["time"]["examples"])
def test_time_examples(example):
    assert parse_times(example)[0]


@pytest.mark.parametrize("name,example,expected", [
    (name, e, True) for name, spec in FORMATS["item_patterns"].items() for e in spec["examples"]
] + [
    (name, e, False) for name, spec in FORMATS["item_patterns"].items()
    for e in spec.get("not_examples", [])
])
def test_list_item_examples(name, example, expected):
    assert KNOWLEDGE.item_like(name, example) is expected


@pytest.mark.parametrize("example", WORDS["organisation"]["examples"])
def test_organisation_examples(example):
    assert KNOWLEDGE.organisation.search(example)


@pytest.mark.parametrize("example", WORDS["body_words"]["examples"])
def test_body_word_examples(example):
    assert KNOWLEDGE.body_words.search(example)


@pytest.mark.parametrize("example", WORDS["closing_headings"]["examples"])
def test_closing_heading_examples(example):
    assert KNOWLEDGE.is_closing_heading(example)


@pytest.mark.parametrize("example", WORDS["confidentiality"]["examples"])
def test_confidentiality_marking_examples(example):
    assert KNOWLEDGE.is_confidentiality_marking(example)


@pytest.mark.parametrize("example", WORDS["confidentiality"]["not_examples"])
def test_sentences_mentioning_secrecy_are_not_markings(example):
    assert not KNOWLEDGE.is_confidentiality_marking(example)


@pytest.mark.parametrize("entry,example", _examples(WORDS["outcomes"]),
                         ids=lambda v: v if isinstance(v, str) else v["outcome"])
def test_outcome_examples(entry, example):
    assert KNOWLEDGE.outcome(example) == entry["outcome"]


@pytest.mark.parametrize("entry,example", _examples(WORDS["body_abbreviations"]),
                         ids=lambda v: v if isinstance(v, str) else v["abbreviation"])
def test_body_abbreviation_examples(entry, example):
    known = KNOWLEDGE.body_abbreviations[entry["abbreviation"].casefold()]
    assert known.pattern.fullmatch(example)
    assert not known.pattern.fullmatch("Rakennuslautakunta")
    # Every name it writes is one of the names it stands for.
    for name in known.names.values():
        assert known.pattern.fullmatch(name)


def test_body_abbreviation_name_follows_the_organisation():
    kh = KNOWLEDGE.body_abbreviations["kh"]
    assert kh.name_for("Asikkalan kunta") == "Kunnanhallitus"
    assert kh.name_for("Lapuan kaupunki") == "Kaupunginhallitus"
    assert kh.name_for(None) is None
    assert KNOWLEDGE.body_abbreviations["hyvoltk"].name_for(None) == "Hyvinvointilautakunta"


@pytest.mark.parametrize("example", WORDS["other_decision_words"]["examples"])
def test_a_noting_that_decides_more_is_not_only_noted(example):
    assert KNOWLEDGE.other_decision.search(example)
    assert KNOWLEDGE.outcome(example) != "noted"


@pytest.mark.parametrize("example", WORDS["title_examples"])
def test_title_ending_examples(example):
    assert example.lower().endswith(KNOWLEDGE.title_endings)


@pytest.mark.parametrize("example", WORDS["initials_box"]["examples"])
def test_initials_box_examples(example):
    assert KNOWLEDGE.initials_box.search(example)


@pytest.mark.parametrize("entry,example", _examples(APPEALS["routes"]),
                         ids=lambda v: v if isinstance(v, str) else v["route"])
def test_appeal_route_heading_examples(entry, example):
    assert KNOWLEDGE.appeal_route(example) == entry["route"]
    # The appeal stage sees only the closing parts: a route heading must close the minutes.
    assert KNOWLEDGE.is_closing_heading(example)


@pytest.mark.parametrize("entry,example", _examples(APPEALS["routes"], "days_examples"),
                         ids=lambda v: v["text"][:40] if "text" in v else v["route"])
def test_appeal_days_examples(entry, example):
    assert KNOWLEDGE.days_in(entry["route"], example["text"]) == example["days"]


@pytest.mark.parametrize("example", APPEALS["days"]["not_examples"])
def test_appeal_days_not_examples(example):
    assert not any(p.search(example) for p in KNOWLEDGE.appeal_days)
    assert all(KNOWLEDGE.days_in(r, example) is None for r in KNOWLEDGE.appeal_routes)


@pytest.mark.parametrize("example", APPEALS["section_lists"]["examples"], ids=lambda v: v["text"])
def test_section_list_examples(example):
    numbers, _ = section_list(example["text"])
    assert numbers == example["numbers"]


@pytest.mark.parametrize("example", APPEALS["section_lists"]["not_examples"])
def test_section_list_not_examples(example):
    assert section_list(example) is None


def test_every_route_an_appeal_route_names_is_declared():
    routes = {r["route"] for r in APPEALS["routes"]}
    assert {r["refines"] for r in APPEALS["routes"] if r.get("refines")} <= routes
    assert {a for r in APPEALS["routes"] for a in r.get("also", [])} <= routes


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_language_word_examples(language):
    from parser.labels import detect_language

    assert detect_language(WORDS["language_words"]["examples"][language]) == language


@pytest.mark.parametrize("name,entry,example", [
    (name, entry, example) for name, entry in PHRASES for example in entry["examples"]
], ids=lambda v: v if isinstance(v, str) else "")
def test_proceedings_phrase_examples_match_their_wording(name, entry, example):
    hit = KNOWLEDGE.phrase(name, example, entry["lang"])
    assert hit is not None, (name, example)
    # The example is matched by this entry, not only by another of the same phrase.
    assert any(p.pattern.pattern == entry["pattern"] for p, _ in
               KNOWLEDGE.phrase_matches(name, example, entry["lang"])), (name, example)


@pytest.mark.parametrize("name,entry,example", [
    (name, entry, example) for name, entry in PHRASES for example in entry.get("not_examples", [])
], ids=lambda v: v if isinstance(v, str) else "")
def test_proceedings_phrase_not_examples_do_not_match(name, entry, example):
    assert not re.search(entry["pattern"], example, re.I), (name, example)


@pytest.mark.parametrize("word,key", PROCEEDINGS["count_keys"]["examples"].items())
def test_count_key_examples(word, key):
    assert KNOWLEDGE.count_key(word) == key


@pytest.mark.parametrize("example", PROCEEDINGS["abbreviations"]["examples"])
def test_abbreviation_examples_do_not_end_a_sentence(example):
    from parser.proceedings import sentences

    assert sentences(example) == [example]


def test_every_kind_used_by_a_label_is_declared():
    kinds = set(LABELS["kinds"])
    assert {e["kind"] for e in LABELS["labels"]} <= kinds
    assert {p["kind"] for p in LABELS["owner_phrases"]} <= kinds


def _knowledge_copy(folder):
    """The package's knowledge files copied into ``folder`` (to break one of them)."""
    for name in FILES:
        (folder / name).write_text(
            (KNOWLEDGE_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_a_malformed_file_is_a_plain_error(tmp_path):
    _knowledge_copy(tmp_path)
    broken = (tmp_path / "labels.yml").read_text(encoding="utf-8").replace(
        "kind: preparer, lang: fi,\n     examples: [\"Valmistelija\\t", "kind: preparor, lang: fi,\n     examples: [\"Valmistelija\\t", 1)
    (tmp_path / "labels.yml").write_text(broken, encoding="utf-8")
    with pytest.raises(KnowledgeError, match=re.escape("unknown kind 'preparor'")):
        load(tmp_path)



def test_an_appeal_route_naming_an_unknown_route_is_a_plain_error(tmp_path):
    _knowledge_copy(tmp_path)
    broken = (tmp_path / "appeals.yml").read_text(encoding="utf-8").replace(
        "refines: oikaisuvaatimus", "refines: oikasuvaatimus", 1)
    (tmp_path / "appeals.yml").write_text(broken, encoding="utf-8")
    with pytest.raises(KnowledgeError, match="unknown routes"):
        load(tmp_path)

"""The mission's two real section texts (``../shared/seeds/``), each printed as a
one-section minutes PDF the way ``../shared/domain.md`` lays minutes out: a cover with
the table of contents, then the title, the handling line ``HYVOLTK 09.04.2025 § 31`` as
the section's only § line, the diary number, the body and left-column labels.

The clean seed must give every field; the damaged one (a text layer that lost its ä and
ö: ``kehittda``, ``henkildston``) must give its section, repaired, and be found by the
words staff type.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from conftest import REPO, SAMPLES
from parser import parse_pdf
from parser.evaluate import similarity

sys.path.insert(0, str(SAMPLES))
from generator.layouts import render  # noqa: E402
from generator.spec import Handling, Item, Meeting, Person  # noqa: E402

SEEDS = REPO.parent / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repository")

KETTUNEN = Person("Matti", "Kettunen", "Hyvinvointijohtaja", "044 778 0247", "asikkala.fi", "pattern")


def _meeting(item: Item, date: str, **options) -> Meeting:
    return Meeting(
        stem=f"seed-{item.number}", layout="handling-mark", organization="Asikkalan kunta",
        body="Hyvinvointilautakunta", number="4/2025", date=date, start="17:00", end="19:15",
        place="Kunnantalo, valtuustosali", language="fi",
        attendees=[("Anna Virtanen", "puheenjohtaja", "members"),
                   ("Jussi Laine", "jäsen", "members"),
                   ("Matti Kettunen", "esittelijä", "others"),
                   ("Liisa Mäkelä", "pöytäkirjanpitäjä", "others")],
        items=[item], options=options)


def _clean_seed() -> dict:
    """The clean seed's parts: title, handling line, diary number, body, labelled lines."""
    text = (SEEDS / "clean-section.txt").read_text(encoding="utf-8")
    text = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", text)  # a link in the source HTML
    lines = [l.strip() for l in text.splitlines()]
    lines = [l for l in lines if l]
    title, handling, diary = lines[0], lines[1], lines[2]
    labelled = {l.split("\t")[0]: l.split("\t", 1)[1] for l in lines if "\t" in l}
    body = [l for l in lines[3:] if "\t" not in l]
    return {"title": title, "handling": handling, "diary": diary, "body": body,
            "labelled": labelled}


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    seed = _clean_seed()
    item = Item(31, seed["title"], seed["diary"], seed["body"], [Handling(
        body="HYVOLTK", date="2025-04-09", number=31, line=seed["handling"],
        preparers=[KETTUNEN], presenter=KETTUNEN, presenter_surname_first=True,
        proposal=[seed["labelled"]["Päätösehdotus"]], decision=[seed["labelled"]["Päätös"]])])
    pdf, pages, _ = render(_meeting(item, "2025-04-09"))
    path = tmp_path_factory.mktemp("seeds") / "seed-clean.pdf"
    path.write_bytes(pdf)
    return seed, parse_pdf(path)


def test_the_clean_seed_is_printed_as_the_issue_describes(clean):
    seed, document = clean
    assert seed["handling"] == "HYVOLTK 09.04.2025 § 31"
    # The cover's table of contents lists the section: a trap for the parser.
    assert document.source.pages == 2


def test_the_clean_seed_gives_every_field(clean):
    seed, document = clean
    [section] = document.sections
    assert (section.number, section.page_start) == (31, 2)
    assert section.title == seed["title"]
    assert section.diary_number == "147/12.09/2025"
    [preparer] = section.preparers
    assert (preparer.name, preparer.title, preparer.phone, preparer.email) == (
        "Matti Kettunen", "Hyvinvointijohtaja", "044 778 0247", "matti.kettunen@asikkala.fi")
    assert (section.presenter.name, section.presenter.title) == ("Matti Kettunen", "Hyvinvointijohtaja")
    assert section.proposal == seed["labelled"]["Päätösehdotus"]
    assert section.decision == "Ehdotus hyväksyttiin."
    assert similarity("\n\n".join(seed["body"]), section.text) >= 0.95
    assert section.history == [] and not section.confidential
    assert (document.meeting.body, document.meeting.date) == ("Hyvinvointilautakunta", "2025-04-09")
    assert section.assigned_share == 1.0


# The damaged seed: its body as the OCR layer read it, then its proposal (the paragraph
# that starts with a space), printed with every ä and ö lost.
@pytest.fixture(scope="module")
def damaged(tmp_path_factory):
    raw = (SEEDS / "ocr-section-body.txt").read_text(encoding="utf-8")
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", raw) if p.strip()]
    last = paragraphs[-1]
    cut = last.index("Hyvinvointilautakunta hyvaksyy")
    body, proposal = paragraphs[:-1] + [last[:cut].strip()], last[cut:]
    item = Item(40, "Sivistyspalveluiden seudullinen yhteistoimintasopimus vuosille 2026–2029",
                "148/00.04.01/2025", [p for p in body if p], [Handling(
                    body="HYVOLTK", date="2025-05-14", number=40, line="HYVOLTK 14.05.2025 § 40",
                    preparers=[KETTUNEN], presenter=KETTUNEN, presenter_surname_first=True,
                    proposal=[proposal], decision=["Ehdotus hyväksyttiin."])])
    pdf, _, _ = render(_meeting(item, "2025-05-14", lost_umlauts=True))
    folder = tmp_path_factory.mktemp("damaged")
    path = folder / "seed-damaged.pdf"
    path.write_bytes(pdf)
    return folder, path, parse_pdf(path)


def test_the_damaged_seed_gives_its_section_repaired(damaged):
    _, path, document = damaged
    assert "ä" not in Path(path).read_bytes().decode("latin-1", "ignore")
    [section] = document.sections
    assert section.number == 40 and section.diary_number == "148/00.04.01/2025"
    assert section.text_source == "repaired" and section.repaired_words > 20
    assert "kehittää" in section.text and "henkilöstön" in section.text
    assert section.proposal.startswith("Hyvinvointilautakunta hyväksyy osaltaan")
    assert section.decision == "Ehdotus hyväksyttiin."
    assert "kehittda" in section.raw_text  # the text as read is kept beside


def test_the_damaged_seed_is_found_by_what_staff_type(damaged, tmp_path):
    folder, _, _ = damaged
    from parser.importer import import_paths
    from parser.search import search

    db = tmp_path / "archive.db"
    summary = import_paths(db, [folder], workers=0)
    assert summary.imported == 1
    for word in ("kehittää", "henkilöstö", "säännöllinen", "yhtäläinen", "yhtalainen"):
        hits = search(db, word)
        assert [h.number for h in hits] == [40], word

"""People: preparers with contacts, surname-first presenters, attendees (real wording)."""

from parser.people import parse_attendee, parse_preparers, parse_presenter


def test_preparer_with_email_pattern():
    # Wording of ../shared/seeds/clean-section.txt
    [p] = parse_preparers("Hyvinvointijohtaja Matti Kettunen puh. 044 778 0247, "
                          "sähköposti: etunimi.sukunimi(a)asikkala.fi")
    assert (p.name, p.title, p.phone, p.email) == (
        "Matti Kettunen", "Hyvinvointijohtaja", "044 778 0247", "matti.kettunen@asikkala.fi")


def test_several_preparers_after_a_unit_name():
    # Oulu city board, Tweb print
    people = parse_preparers(
        "Konsernihallinto, konsernicontroller Jaana Niemelä puh. 044 703 9202, "
        "talouspäällikkö Armi Tauriainen puh. 044 703 1236 ja talousjohtaja Jukka Weisell puh. 040 038 3490")
    assert [p.name for p in people] == ["Jaana Niemelä", "Armi Tauriainen", "Jukka Weisell"]
    assert people[2].title == "talousjohtaja" and people[2].phone == "040 038 3490"


def test_title_with_coordination_is_not_split():
    [first, second] = parse_preparers("Sivistys- ja kulttuurijohtaja Mika Penttilä puh. 044 7039012,\n"
                                      "tapahtumapäällikkö Samu Forsblom puh. 044 7047558")
    assert first.title == "Sivistys- ja kulttuurijohtaja" and second.name == "Samu Forsblom"


def test_email_pattern_with_umlauts():
    [p] = parse_preparers("rehtori Jukka Hämäläinen, etunimi.sukunimi(a)asikkala.fi")
    assert p.email == "jukka.hamalainen@asikkala.fi"


def test_presenter_surname_first_is_reordered():
    p = parse_presenter("Hyvinvointijohtaja Kettunen Matti")
    assert (p.name, p.title) == ("Matti Kettunen", "Hyvinvointijohtaja")


def test_presenter_first_name_first_is_kept():
    p = parse_presenter("Vs. kaupunginjohtaja Päivi Laajala")
    assert (p.name, p.title) == ("Päivi Laajala", "Vs. kaupunginjohtaja")


def test_presenter_order_from_document_evidence():
    # Swedish names Voikko does not know: the document wrote "Kent Wikblad" elsewhere.
    p = parse_presenter("stadsdirektör Wikblad Kent", known_first={"Kent"})
    assert p.name == "Kent Wikblad"


def test_attendee_with_checkbox_and_role():
    a = parse_attendee("[X] Caldén Anna, ordförande", "members")
    assert (a.name, a.role, a.group) == ("Anna Caldén", "ordförande", "members")


def test_attendee_without_a_name_is_none():
    assert parse_attendee("___________", "members") is None

"""Dates, times, diary numbers and history lines as Finnish and Swedish minutes write them."""

import pytest

from parser.formats import diary_number, history_line, parse_date, parse_times


@pytest.mark.parametrize("text,iso", [
    ("09.04.2025 klo 17.00–19.15", "2025-04-09"), ("ke 9.4.2025 klo 17:00 - 19:15", "2025-04-09"),
    ("9. huhtikuuta 2025", "2025-04-09"), ("28 mars 2025 kl. 15", "2025-03-28"), ("ei päivää", None),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text,times", [
    ("09.04.2025 klo 17.00–19.15", ("17:00", "19:15")),
    ("ke 9.4.2025 klo 17:00 - 19:15", ("17:00", "19:15")),
    ("24.05.2023 kl. 16:00", ("16:00", None)),
])
def test_parse_times(text, times):
    assert parse_times(text) == times


@pytest.mark.parametrize("text,number", [
    ("147/12.09/2025", "147/12.09/2025"), ("ASIKK/147/12.09.00/2025", "ASIKK/147/12.09.00/2025"),
    ("Dno 147/2025", "147/2025"), ("HEL 2025-001234", "HEL 2025-001234"),
    ("Dnr 45/2025", "45/2025"), ("TRE:1863/10.03.02/2016", "TRE:1863/10.03.02/2016"),
    ("Perusopetuslain 32 §:n mukaan oppilaalla on oikeus", None),
])
def test_diary_number(text, number):
    assert diary_number(text) == number


@pytest.mark.parametrize("text,body,iso,number", [
    ("HYVOLTK 09.04.2025 § 31", "HYVOLTK", "2025-04-09", 31),
    ("Kunnanhallitus, 14.04.2025, § 74", "Kunnanhallitus", "2025-04-14", 74),
    ("Stadsfullmäktige 8.9.2022, 43 §", "Stadsfullmäktige", "2022-09-08", 43),
])
def test_history_line(text, body, iso, number):
    head = history_line(text)
    assert (head.body, head.date, head.number) == (body, iso, number)


def test_sentence_is_not_a_history_line():
    assert history_line("Oikaisuvaatimus kansliapäällikön päätöksestä 28.10.2021 § 220 koskien") is None

"""How dates, times, section numbers, diary numbers and history lines are written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Optional

_MONTHS = {
    "tammikuuta": 1, "helmikuuta": 2, "maaliskuuta": 3, "huhtikuuta": 4,
    "toukokuuta": 5, "kesäkuuta": 6, "heinäkuuta": 7, "elokuuta": 8,
    "syyskuuta": 9, "lokakuuta": 10, "marraskuuta": 11, "joulukuuta": 12,
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6,
    "juli": 7, "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}

NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)")
WORD_DATE = re.compile(r"(?<!\d)(\d{1,2})\.?\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})", re.I)
TIME = re.compile(r"(?<![\d.:])([01]?\d|2[0-3])[.:]([0-5]\d)(?![\d])")
_TIME_CONTEXT = re.compile(r"\b(?:klo|kl\.?|klockan|kello|alkaen)\s*", re.I)


def parse_date(text: str) -> Optional[str]:
    """The first date in ``text`` as an ISO string ("9.4.2025" → "2025-04-09")."""
    candidates = []
    for m in NUMERIC_DATE.finditer(text):
        candidates.append((m.start(), int(m.group(3)), int(m.group(2)), int(m.group(1))))
    for m in WORD_DATE.finditer(text):
        month = _MONTHS[m.group(2).lower()]
        candidates.append((m.start(), int(m.group(3)), month, int(m.group(1))))
    for _, year, month, day in sorted(candidates):
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            continue
    return None


def parse_times(text: str) -> tuple[Optional[str], Optional[str]]:
    """Start and end time ("klo 17.00–19.15" → ("17:00", "19:15")), dates ignored."""
    without_dates = WORD_DATE.sub(" ", NUMERIC_DATE.sub(" ", text))
    times = [f"{int(h):02d}:{m}" for h, m in TIME.findall(without_dates)]
    if not times:
        return None, None
    return times[0], (times[1] if len(times) > 1 else None)


# "§ 31", "31 §", "§31", "31§"; Tesseract's misreadings of § are handled in sections.py.
SECTION_MARK = re.compile(r"^(?:§\s*(\d{1,4})|(\d{1,4})\s*§)(?=\s|$|[.:])")

# Diary numbers: "147/12.09/2025", "ASIKK/147/12.09.00/2025", "OUKA/1472/02.02.02/2017",
# "TRE:1863/10.03.02/2016", "HEL 2025-001234", "MliDno-2017-206", "Dno 147/2025".
DIARY_PREFIX = re.compile(
    r"^(?:dno|dnro|dnr|asianro|asianumero|diaarinumero|diarienummer|dnr\.)\b[.:]?\s*", re.I
)
_DIARY_FORMS = [
    r"[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,9}[/:]\s?\d{1,6}/\d{2}(?:\.\d{2}){0,4}/\d{4}",
    r"\d{1,6}/\d{2}(?:\.\d{2}){1,4}/\d{4}",
    r"HEL\s\d{4}-\d{6}(?:\sT(?:\s\d{2}){1,5})?",
    r"[A-Z][a-z]{0,4}Dno-\d{4}-\d{1,6}",
    r"[A-ZÅÄÖ]{2,8}\s?\d{1,6}/\d{4}",
]
DIARY_NUMBER = re.compile(r"(?<![\w/])(?:" + "|".join(_DIARY_FORMS) + r")(?![\w/])")
_PREFIXED_SHORT = re.compile(r"^\d{1,6}/\d{4}\b|^\d{1,6}-\d{4}(?:\s\(\d+\))?")


def diary_number(text: str) -> Optional[str]:
    """The diary number a line states, or None.

    A line counts when it is a diary number (possibly after ``Dno``), not when one is
    merely mentioned inside a sentence.
    """
    text = text.strip()
    prefixed = DIARY_PREFIX.match(text)
    rest = text[prefixed.end():].strip() if prefixed else text
    m = DIARY_NUMBER.match(rest)
    if m and (prefixed or len(rest) - m.end() < 12):
        return m.group(0).strip()
    if prefixed:
        m = _PREFIXED_SHORT.match(rest)
        if m:
            return m.group(0).strip()
        if rest and len(rest.split()) <= 3:
            return rest
    return None


@dataclass
class HistoryLine:
    """A line that heads one handling: ``KH 15.04.2025 § 70``."""

    body: str
    date: Optional[str]
    number: Optional[int]


_HISTORY = re.compile(
    r"^(?P<body>[A-ZÅÄÖ][\wÅÄÖåäö.\- ]{0,70}?)[,\s]+"
    r"(?P<date>\d{1,2}\.\d{1,2}\.\d{4})[,\s]*"
    r"(?:§\s*(?P<n1>\d{1,4})|(?P<n2>\d{1,4})\s*§)\s*$"
)


def history_line(text: str) -> Optional[HistoryLine]:
    """Parse a handling line such as ``Kunnanhallitus, 14.04.2025, § 74``."""
    m = _HISTORY.match(text.strip())
    if not m:
        return None
    body = m.group("body").strip(" ,")
    if len(body.split()) > 6:
        return None
    number = m.group("n1") or m.group("n2")
    return HistoryLine(body, parse_date(m.group("date")), int(number))


def history_mentions(text: str) -> list[HistoryLine]:
    """Handlings listed in running text (a ``Päätöshistoria`` block)."""
    found = []
    for line in re.split(r"\n|;", text):
        parsed = history_line(line)
        if parsed:
            found.append(parsed)
    return found

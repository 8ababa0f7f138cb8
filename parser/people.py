"""People in minutes: preparers with contact details, presenters, attendees.

Names are returned as "Firstname Surname".  Minutes often print them surname-first
(``Esittelijä Hyvinvointijohtaja Kettunen Matti``, attendee lists); the order is
decided by evidence: first names seen elsewhere in the same document written
first-name-first, then Voikko's lexicon of first names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable, Optional

from .knowledge import KNOWLEDGE
from .lemmas import _VOIKKO
from .model import Attendee, Preparer, Presenter

# The words before a phone number and an e-mail address: knowledge/words.yml.
_PHONE_WORDS = "|".join(re.escape(w) for w in sorted(KNOWLEDGE.phone_words, key=len, reverse=True))
PHONE = re.compile(
    rf"(?:\b(?:{_PHONE_WORDS})\.?:?\s*)?"
    r"(?<![\d/.])(\+?\d{2,4}[ -]?\d{2,4}(?:[ -]?\d{2,5}){0,3})(?![\d/.])", re.I
)
_PHONE_PREFIX = re.compile(rf"\b(?:{_PHONE_WORDS})\.?:?\s*$", re.I)
EMAIL = re.compile(
    r"([\w.+-]+)\s*(?:@|\(a\)|\[a\]|\(at\)|\[at\]|\(ät\))\s*([\w-]+(?:\.[\w-]+)+)", re.I
)
_EMAIL_WORD = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in KNOWLEDGE.email_words) + r")\b:?", re.I)
_PATTERN_LOCALS = KNOWLEDGE.email_pattern_locals
_NAME_WORD = re.compile(r"^[A-ZÅÄÖÜÉ][a-zåäöüéèáíóúø'’]+(?:-[A-ZÅÄÖÜÉ][a-zåäöüéèáíóúø'’]+)*$")
_SPLIT = re.compile(r"\n|;|,\s+|(?<!-)\s+(?:ja|sekä|och|samt)\s+")


@lru_cache(maxsize=4096)
def is_first_name(word: str) -> bool:
    """Whether Voikko's lexicon knows ``word`` as a first name."""
    if not word:
        return False
    first = word.split("-")[0]
    return any(a.get("CLASS") == "etunimi" for a in _VOIKKO.analyze(first))


def order_name(words: list[str], known_first: Iterable[str] = ()) -> str:
    """Two or more name words → "Firstname Surname".

    ``known_first`` holds first names seen first-name-first in the same document.
    """
    if len(words) < 2:
        return " ".join(words)
    known = set(known_first)
    first, last = words[0], words[-1]
    first_is = first in known or (is_first_name(first) and last not in known)
    last_is = last in known or (not first_is and is_first_name(last))
    if last_is and not first_is:
        return " ".join(words[1:] + words[:1])
    return " ".join(words)


def email_for(local: str, domain: str, name: Optional[str]) -> str:
    """A real address; a printed pattern (``etunimi.sukunimi(a)kunta.fi``) is expanded."""
    local = local.strip(".").lower()
    if local in {p.strip(".") for p in _PATTERN_LOCALS} and name:
        parts = name.split()
        local = f"{_ascii(parts[0])}.{_ascii(parts[-1])}"
    return f"{local}@{domain.lower()}"


def _ascii(word: str) -> str:
    word = word.lower().replace(" ", "-")
    return "".join(
        c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
    )


def _name_run(words: list[str]) -> tuple[int, int]:
    """Start and end of the last run of 2+ capitalised words (the person's name)."""
    best = (-1, -1)
    i = 0
    while i < len(words):
        if _NAME_WORD.match(words[i]):
            j = i
            while j + 1 < len(words) and _NAME_WORD.match(words[j + 1]):
                j += 1
            if j > i:
                best = (i, j + 1)
            i = j + 1
        else:
            i += 1
    return best


def split_title_name(text: str, known_first: Iterable[str] = ()) -> tuple[Optional[str], Optional[str]]:
    """``"Hyvinvointijohtaja Kettunen Matti"`` → ("Hyvinvointijohtaja", "Matti Kettunen")."""
    text = re.sub(r"\s+", " ", text.replace("\n", " ")).strip(" ,.:")
    words = text.split(" ")
    start, end = _name_run(words)
    if start < 0:
        return (text or None), None
    name_words = words[start:end]
    title_words = words[:start]
    # A capitalised job title heads the run ("Kaupunginjohtaja Matti Pennanen"):
    # keep the last two or three words as the name, the rest as the title.
    while len(name_words) > 2 and not _is_name_part(name_words[0], known_first, name_words):
        title_words.append(name_words.pop(0))
    title = " ".join(title_words).strip(" ,") or None
    return title, order_name(name_words, known_first)


def _is_name_part(word: str, known_first: Iterable[str], run: list[str]) -> bool:
    if word in set(known_first) or is_first_name(word):
        return True
    if _VOIKKO.get() is None:
        return len(run) <= 3 and not word.lower().endswith(_TITLE_ENDINGS)
    classes = {a.get("CLASS") for a in _VOIKKO.analyze(word)}
    return not (classes & {"nimisana", "laatusana", "nimisana_laatusana"}) and not word.lower().endswith(_TITLE_ENDINGS)


_TITLE_ENDINGS = KNOWLEDGE.title_endings


def parse_presenter(text: str, known_first: Iterable[str] = ()) -> Optional[Presenter]:
    """The presenter block → Presenter, or None when no name can be found.

    ``Satu Kankare, Kaupunginjohtaja`` (name, then the title after a comma, which may
    hold commas itself) and ``Hyvinvointijohtaja Kettunen Matti`` (title, then the name
    in either order) are both read.
    """
    text = text.strip()
    if not text:
        return None
    first_line = " ".join(text.split("\n\n")[0].split())
    head, comma, rest = first_line.partition(",")
    if comma and is_name(head.strip(), known_first):
        return Presenter(name=order_name(head.split(), known_first),
                         title=rest.strip(" ,.") or None)
    title, name = split_title_name(first_line, known_first)
    if not name:
        return None
    return Presenter(name=name, title=title)


def is_name(text: str, known_first: Iterable[str] = ()) -> bool:
    """Whether ``text`` is a person's name alone: two to four capitalised name words,
    none of them a job title."""
    words = text.split()
    if not 2 <= len(words) <= 4 or not all(_NAME_WORD.match(w) for w in words):
        return False
    return not any(w.lower().endswith(_TITLE_ENDINGS) for w in words)


def parse_preparers(text: str, known_first: Iterable[str] = ()) -> list[Preparer]:
    """A preparer block → one Preparer per person, with title, phone and e-mail.

    Handles several people in one block (separated by commas, ``ja``, new lines),
    contact details after each person, and CaseM's ``Name;#title;#phone;#email;#``.
    """
    if ";#" in text:
        return _casem_preparers(text)
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    stacked = _stacked_preparers(lines, known_first)
    if stacked:
        return stacked
    if lines and all(_comma_person(l, known_first) for l in lines):
        return [_comma_person(l, known_first) for l in lines]
    people: list[Preparer] = []
    for chunk in _chunks(text):
        emails = list(EMAIL.finditer(chunk))
        rest = EMAIL.sub(" ", chunk)
        phone = None
        for m in PHONE.finditer(rest):
            digits = re.sub(r"\D", "", m.group(1))
            before = rest[: m.start(1)]
            if 6 <= len(digits) <= 13 and (_PHONE_PREFIX.search(before) or digits.startswith(("0", "358"))):
                phone = m.group(1).strip()
                rest = rest[: m.start()] + " " + rest[m.end():]
                break
        rest = _EMAIL_WORD.sub(" ", rest)
        rest = _PHONE_PREFIX.sub("", rest.strip())
        title, name = split_title_name(rest, known_first)
        if name:
            email = email_for(*emails[0].groups(), name) if emails else None
            people.append(Preparer(name=name, title=title, phone=phone, email=email))
        elif people and (phone or emails):
            # Contact details on their own line belong to the person before.
            last = people[-1]
            last.phone = last.phone or phone
            if emails and not last.email:
                last.email = email_for(*emails[0].groups(), last.name)
    return people


def _comma_person(line: str, known_first: Iterable[str]) -> Optional[Preparer]:
    """``Carita Jussinmäki, Opetuspäällikkö, carita.jussinmaki@lapua.fi``: name first,
    then the title (commas and all) and the contacts, on one line."""
    parts = [p.strip() for p in line.split(",") if p.strip()]
    if len(parts) < 2 or not is_name(parts[0], known_first):
        return None
    name = order_name(parts[0].split(), known_first)
    email = phone = None
    title_parts = []
    for part in parts[1:]:
        m = EMAIL.search(part)
        if m:
            email = email or email_for(*m.groups(), name)
            continue
        digits = re.sub(r"\D", "", part)
        if 6 <= len(digits) <= 13 and PHONE.search(part) and not re.search(r"[A-Za-zÅÄÖåäö]{3}", part.replace("puh", "")):
            phone = phone or PHONE.search(part).group(1).strip()
            continue
        title_parts.append(part)
    return Preparer(name=name, title=", ".join(title_parts) or None, phone=phone, email=email)


def _stacked_preparers(lines: list[str], known_first: Iterable[str]) -> list[Preparer]:
    """Names, e-mails and titles on lines of their own, several people side by side:
    ``Mirva Korpi, Arto Kahila`` / ``mirva.korpi@lapua.fi, arto.kahila@lapua.fi`` /
    ``Ympäristöinsinööri, Rakennustarkastaja``.  Empty when the block is not so."""
    if not 2 <= len(lines) <= 4:
        return []
    names = [p.strip() for p in lines[0].split(",")]
    if not all(is_name(n, known_first) for n in names):
        return []
    emails = [m for l in lines[1:] for m in EMAIL.finditer(l)]
    rest = [l for l in lines[1:] if not EMAIL.search(l)]
    if any(PHONE.search(l) and not EMAIL.search(l) for l in rest):
        return []
    people = [Preparer(name=order_name(n.split(), known_first)) for n in names]
    if emails and len(emails) == len(people):
        for person, m in zip(people, emails):
            person.email = email_for(*m.groups(), person.name)
    titles = ", ".join(rest).strip()
    if titles:
        parts: list[str] = []
        for part in (p.strip() for p in titles.split(",") if p.strip()):
            # "Ympäristöinsinööri, vs. tekninen johtaja": a part in lower case goes on
            # with the title before it.
            if parts and part[:1].islower():
                parts[-1] += ", " + part
            else:
                parts.append(part)
        if len(people) == 1:
            people[0].title = titles
        elif len(parts) == len(people):
            for person, title in zip(people, parts):
                person.title = title
    return people


def _chunks(text: str) -> list[str]:
    """Split a preparer block into one piece per person (contacts stay attached)."""
    pieces = [p.strip() for p in _SPLIT.split(text) if p and p.strip()]
    chunks: list[str] = []
    for piece in pieces:
        has_name = _name_run(piece.replace(",", " ").split())[0] >= 0
        is_contact = bool(EMAIL.search(piece) or PHONE.fullmatch(piece.strip()) or _EMAIL_WORD.match(piece)
                          or re.match(r"^(?:puh|puhelin|tel|tfn|p)\b", piece, re.I))
        if chunks and (is_contact or not has_name) and not _looks_like_unit(piece):
            chunks[-1] += " " + piece
        else:
            chunks.append(piece)
    return chunks


def _looks_like_unit(piece: str) -> bool:
    # "Konsernihallinto" heading a list of people: one capitalised word, no contact.
    return len(piece.split()) == 1 and not EMAIL.search(piece) and not any(c.isdigit() for c in piece)


def _casem_preparers(text: str) -> list[Preparer]:
    people = []
    for person in text.split("!#"):
        parts = [p.strip() for p in person.split(";#")]
        if not parts or not parts[0]:
            continue
        parts += [""] * 4
        name = parts[0]
        email = parts[3] or None
        people.append(Preparer(name=name, title=parts[1] or None, phone=parts[2] or None,
                               email=email.lower() if email else None))
    return people


def parse_attendee(text: str, group: str, known_first: Iterable[str] = ()) -> Optional[Attendee]:
    """One attendee line: ``Simo Ikola, 1. varapuheenjohtaja, poistui 17:20``,
    ``Mika Kamunen, Sivistys- ja hyvinvointijohtaja, esittelijä``, ``Matti Kettunen  jäsen``.

    The parts after the name are a meeting role (knowledge/cover.yml ``roles``), a job
    title, or a note of arrival or leaving, which is not kept.
    """
    text = re.sub(r"^\[[xX ]?\]\s*|^[☒☑✓✔xX]\s+", "", text.strip())
    text = re.sub(r"\s+", " ", text).strip(" ,.-")
    if not text:
        return None
    parts = [p.strip() for p in re.split(r",|\(|\)", text) if p.strip()]
    name_part, qualifiers = parts[0], parts[1:]
    role = None
    if not qualifiers:
        # "Matti Kettunen jäsen": a role word after the name, without a comma.
        words = name_part.split()
        for n in (2, 1):
            if len(words) > n + 1 and KNOWLEDGE.role(" ".join(words[-n:])):
                name_part, qualifiers = " ".join(words[:-n]), [" ".join(words[-n:])]
                break
    words = [w for w in name_part.split() if w]
    if len(words) < 2 or not all(_NAME_WORD.match(w) for w in words[:2]):
        return None
    titles = []
    for part in qualifiers:
        if KNOWLEDGE.is_attendance_note(part):
            continue
        found = KNOWLEDGE.role(part)
        if found and role is None:
            role = found
        elif not found:
            titles.append(part)
    return Attendee(name=order_name(words, known_first), role=role, group=group,
                    title=", ".join(titles) or None)


def first_names_in(texts: Iterable[str]) -> set[str]:
    """First names evidenced in first-name-first writing (preparer lines, signatures)."""
    found: set[str] = set()
    for text in texts:
        for m in re.finditer(r"\b([A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?)\s+[A-ZÅÄÖ][a-zåäöé]+", text):
            if is_first_name(m.group(1)):
                found.add(m.group(1))
    return found

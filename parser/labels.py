"""The label vocabulary: Finnish and Swedish label wordings mapped to field kinds.

Kept in one table (as openahjo kept ``SECTION_TYPES``) so that a new municipality's
wording is one line here, not a change in the parser.
"""

from __future__ import annotations

import difflib
import functools
import re
from typing import Optional

PREPARER = "preparer"
PRESENTER = "presenter"
PROPOSAL = "proposal"
DECISION = "decision"
DELIBERATION = "deliberation"  # Käsittely, votes
BODY = "body"  # labelled reasoning text that belongs to the section's text
DIARY = "diary"
HISTORY = "history"  # Päätöshistoria: a list of earlier handlings
OTHER = "other"  # attachments, appeal instructions, notifications ...

SECTION_LABELS: dict[str, str] = {
    # preparer
    "valmistelija": PREPARER,
    "valmistelijat": PREPARER,
    "valmistelu": PREPARER,
    "asian valmistelija": PREPARER,
    "asian valmistelijat": PREPARER,
    "lisätiedot": PREPARER,
    "lisätietoja antaa": PREPARER,
    "lisätietoja antavat": PREPARER,
    "lisätietojen antaja": PREPARER,
    "lisätietojen antajat": PREPARER,
    "valmistelijat/lisätietojen antaja": PREPARER,
    "valmistelija/lisätiedot": PREPARER,
    "valmistelijat/lisätiedot": PREPARER,
    "valmistelija ja lisätiedot": PREPARER,
    "beredare": PREPARER,
    "beredning": PREPARER,
    "beredningen": PREPARER,
    "tilläggsuppgifter": PREPARER,
    "ytterligare upplysningar": PREPARER,
    "upplysningar": PREPARER,
    "mer information": PREPARER,
    # presenter
    "esittelijä": PRESENTER,
    "esittelijät": PRESENTER,
    "esittelijätiedot": PRESENTER,
    "esittely": PRESENTER,
    "föredragande": PRESENTER,
    "föredragandens uppgifter": PRESENTER,
    # proposal
    "päätösehdotus": PROPOSAL,
    "ehdotus": PROPOSAL,
    "esitys": PROPOSAL,
    "pohjaesitys": PROPOSAL,
    "päätösesitys": PROPOSAL,
    "esitysehdotus": PROPOSAL,
    "lausuntoehdotus": PROPOSAL,
    "päätösehdotus ja esitys": PROPOSAL,
    "beslutsförslag": PROPOSAL,
    "förslag": PROPOSAL,
    "förslag till beslut": PROPOSAL,
    "förslag till utlåtande": PROPOSAL,
    "förslag till framställning": PROPOSAL,
    # decision
    "päätös": DECISION,
    "päätökset": DECISION,
    "beslut": DECISION,
    # deliberation
    "käsittely": DELIBERATION,
    "äänestys": DELIBERATION,
    "behandling": DELIBERATION,
    "omröstning": DELIBERATION,
    # labelled body text
    "esittelyteksti": BODY,
    "selostus": BODY,
    "perustelut": BODY,
    "esittelijän perustelut": BODY,
    "päätöksen perustelut": BODY,
    "asian kuvaus": BODY,
    "asian selostus": BODY,
    "tiivistelmä": BODY,
    "taustaa": BODY,
    "föredragandens motiveringar": BODY,
    "motivering": BODY,
    "beslutsmotivering": BODY,
    "sammandrag": BODY,
    "bakgrund": BODY,
    # diary number
    "dno": DIARY,
    "dnro": DIARY,
    "dnr": DIARY,
    "asianro": DIARY,
    "asianumero": DIARY,
    "diaarinumero": DIARY,
    "diarienummer": DIARY,
    # history
    "päätöshistoria": HISTORY,
    "aiempi käsittely": HISTORY,
    "aikaisempi käsittely": HISTORY,
    "aiemmat käsittelyt": HISTORY,
    "tidigare behandling": HISTORY,
    "tidigare behandlingar": HISTORY,
    "beslutshistoria": HISTORY,
    # other labelled parts, kept out of the section's text
    "liitteet": OTHER,
    "liite": OTHER,
    "oheismateriaali": OTHER,
    "oheisaineisto": OTHER,
    "tiedoksi": OTHER,
    "tiedoksianto": OTHER,
    "muutoksenhaku": OTHER,
    "muutoksenhakuohje": OTHER,
    "oikaisuvaatimusohje": OTHER,
    "muutoksenhakukielto": OTHER,
    "valitusosoitus": OTHER,
    "täytäntöönpano": OTHER,
    "täytäntöönpanotiedot": OTHER,
    "täytäntöönpano-tiedot": OTHER,
    "ote": OTHER,
    "otteet": OTHER,
    "jakelu": OTHER,
    "merkitään": OTHER,
    "bilaga": OTHER,
    "bilagor": OTHER,
    "bifogat material": OTHER,
    "för kännedom": OTHER,
    "delgivning": OTHER,
    "ändringssökande": OTHER,
    "besvärsanvisning": OTHER,
    "anvisning om begäran om omprövning": OTHER,
    "utdrag": OTHER,
    "verkställighet": OTHER,
}

# "<Office>n päätösehdotus", "Kunnanjohtajan ehdotus", "Stadsdirektörens förslag",
# "Kaupunginhallituksen päätös", "Stadsfullmäktiges beslut", "<Body>n käsittely".
_OWNER_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"^[\wåäö-]+(?:n|n?\s\w+n)\s+(?:päätösehdotus|ehdotus|esitys|päätösesitys)$"), PROPOSAL),
    (re.compile(r"^[\wåäö-]+s\s+(?:förslag|beslutsförslag|förslag till beslut)$"), PROPOSAL),
    (re.compile(r"^[\wåäö-]+n\s+päätös$"), DECISION),
    (re.compile(r"^[\wåäö-]+s\s+beslut$"), DECISION),
    (re.compile(r"^[\wåäö-]+n\s+käsittely$"), DELIBERATION),
    (re.compile(r"^[\wåäö-]+s\s+behandling$"), DELIBERATION),
]

# Labels of the cover page.
TIME = "time"
PLACE = "place"
MEMBERS = "members"
OTHERS = "others"
ABSENT = "absent"
BODY_NAME = "body_name"
SIGNATURES = "signatures"
CHECKING = "checking"
PUBLIC = "public"
AGENDA = "agenda"

COVER_LABELS: dict[str, str] = {
    "kokousaika": TIME,
    "aika": TIME,
    "kokouksen aika": TIME,
    "päivämäärä ja aika": TIME,
    "sammanträdestid": TIME,
    "tid": TIME,
    "kokouspaikka": PLACE,
    "paikka": PLACE,
    "kokouksen paikka": PLACE,
    "sammanträdesplats": PLACE,
    "plats": PLACE,
    "saapuvilla olleet jäsenet": MEMBERS,
    "saapuvilla olleet": MEMBERS,
    "läsnä": MEMBERS,
    "läsnä olleet jäsenet": MEMBERS,
    "jäsenet": MEMBERS,
    "läsnäolijat": MEMBERS,
    "närvarande": MEMBERS,
    "närvarande ledamöter": MEMBERS,
    "beslutande": MEMBERS,
    "beslutande ledamöter": MEMBERS,
    "muut saapuvilla olleet": OTHERS,
    "muut läsnäolijat": OTHERS,
    "muut läsnäolleet": OTHERS,
    "muut läsnä olleet": OTHERS,
    "övriga närvarande": OTHERS,
    "övriga": OTHERS,
    "poissa": ABSENT,
    "poissa olleet": ABSENT,
    "poissaolleet": ABSENT,
    "frånvarande": ABSENT,
    "toimielin": BODY_NAME,
    "organ": BODY_NAME,
    "allekirjoitukset": SIGNATURES,
    "allekirjoitus": SIGNATURES,
    "underskrifter": SIGNATURES,
    "pöytäkirjan tarkastus": CHECKING,
    "pöytäkirjan tarkastaminen": CHECKING,
    "tarkastus": CHECKING,
    "protokolljustering": CHECKING,
    "justering": CHECKING,
    "pöytäkirja yleisesti nähtävänä": PUBLIC,
    "pöytäkirjan nähtävänä pito": PUBLIC,
    "pöytäkirjan nähtävilläolo": PUBLIC,
    "nähtävänä": PUBLIC,
    "protokollet framlagt": PUBLIC,
    "protokollet offentligt framlagt": PUBLIC,
    "käsitellyt asiat": AGENDA,
    "asialuettelo": AGENDA,
    "asiat": AGENDA,
    "ärenden": AGENDA,
    "behandlade ärenden": AGENDA,
}


def normalise_label(text: str) -> str:
    """Label text as the vocabulary spells it: lower case, no colon, single spaces."""
    text = text.replace("\u00ad", "").strip().rstrip(":").strip().lower()
    return re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", text))


# Both label functions are pure and asked about every line and segment of a document,
# which repeat (labels, headers, short lines): cached by text.
@functools.lru_cache(maxsize=65_536)
def section_label(text: str) -> Optional[str]:
    """The field kind a section label names, or None if it is not a known label."""
    key = normalise_label(text)
    if key in SECTION_LABELS:
        return SECTION_LABELS[key]
    if len(key) > 60:
        return None
    for pattern, kind in _OWNER_PATTERNS:
        if pattern.match(key):
            return kind
    return None


@functools.lru_cache(maxsize=16_384)
def cover_label(text: str) -> Optional[str]:
    """The meaning of a cover-page label, or None.

    Tolerates the letter losses of damaged text layers ("Sammanträdentd" for
    "Sammanträdestid"): cover labels are few, so a close match is safe.
    """
    key = normalise_label(text)
    if key in COVER_LABELS:
        return COVER_LABELS[key]
    if 8 <= len(key) <= 40:
        close = difflib.get_close_matches(key, _LONG_COVER_LABELS, n=1, cutoff=0.8)
        if close:
            return COVER_LABELS[close[0]]
    return None


_LONG_COVER_LABELS = [k for k in COVER_LABELS if len(k) >= 8]


CONFIDENTIAL = re.compile(
    r"salassa\s*pidettävä|salassapidettävä|julkl\b|ei\s+julkinen|sekretessbelagd|"
    r"sekretess\s+enligt|offentlighetslagen\s+24",
    re.I,
)
# Every match of CONFIDENTIAL contains one of these, in the text as _fold() writes it.
_CONFIDENTIAL_WORDS = ("salassa", "julk", "sekretess", "offentlighetslagen")
# Letters re.I matches with a pattern letter that lower() does not turn into it:
# dotless ı and long ſ (dotted İ lowers to i + U+0307, and the mark is dropped).
_FOLD = {ord("\u0131"): "i", ord("\u017f"): "s", ord("\u0307"): None}


def is_confidential(text: str) -> bool:
    """Whether ``text`` marks its item confidential (``CONFIDENTIAL`` finds it).

    A case-insensitive search of a whole section for seven phrases is slow (it tries
    every position); a plain search for the words every phrase contains rules out
    almost every text first, and only the rest is searched.
    """
    folded = text.lower()
    if not folded.isascii():
        folded = folded.translate(_FOLD)
    if not any(word in folded for word in _CONFIDENTIAL_WORDS):
        return False
    return bool(CONFIDENTIAL.search(text))

_SWEDISH_WORDS = re.compile(
    r"(och|att|för|som|till|beslut|förslag|protokoll|nämnden|stadsstyrelsen|är|det|med)",
    re.I,
)
_FINNISH_WORDS = re.compile(
    r"(ja|on|että|päätös|ehdotus|pöytäkirja|lautakunta|kunnanhallitus|sekä|tai|ovat|jonka)",
    re.I,
)
_WORD_RUN = re.compile(r"\w+")


@functools.lru_cache(maxsize=65_536)
def _language_word(word: str) -> tuple[int, int]:
    return int(bool(_SWEDISH_WORDS.fullmatch(word))), int(bool(_FINNISH_WORDS.fullmatch(word)))


def language_counts(text: str) -> tuple[int, int]:
    """(Swedish, Finnish) very common words in ``text``; the counts of a text joined
    from parts with newlines are the sums of the parts' counts."""
    # The words are letters only, so a whole-word match (\b...\b) is a maximal run of
    # word characters that is one of them: the runs are looked up, cached by form,
    # instead of searching the text case-insensitively for every word.
    swedish = finnish = 0
    for word in _WORD_RUN.findall(text):
        sv, fi = _language_word(word)
        swedish += sv
        finnish += fi
    return swedish, finnish


def detect_language(text: str) -> str:
    """'fi' or 'sv', by counting very common words of each language."""
    swedish, finnish = language_counts(text)
    return "sv" if swedish > finnish else "fi"

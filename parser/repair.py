"""Stage 1c: repair of damaged Finnish words in a text layer (issue 6).

Old OCR text layers lose ä/ö (``Paijat-Hameen``) or misread them (``kehittda``,
``henkildston``, ``yhteistyodlla``, ``myoOs``), which leaves a document unsearchable
and its labels (``Paatosehdotus``) unfound.  This stage puts the letters back where
the evidence is clear and leaves everything else as read.

Per document (and page), :func:`repair_pages` first decides whether the text is
damaged at all: a clean text layer is never touched.  Damage is evident when many
words are not Finnish (Voikko) but become Finnish by restoring ä/ö, and few words
are spelled with ä/ö at all.  Only then is each word judged (:func:`repair_word`):

1. Numbers, diary numbers, e-mail addresses, URLs and Swedish text are left alone.
2. A word Voikko rejects is replaced by the spelling with lost or misread ä/ö
   restored that Voikko accepts (``lemmas.restorations``: fewest edits, candidates
   ordered by vowel harmony).  Names Voikko does not know and that have no such
   spelling stay as they are.
3. When more than one spelling fits with the same number of edits, the document's
   own correctly spelled words decide, then general Finnish word frequency
   (``wordfreq``) when one spelling is at least ten times as common; otherwise the
   word is kept (ambiguous).
4. On a clearly damaged page a word that *is* Finnish without ä/ö but whose ä/ö
   spelling is far more common (``paatos``/``päätös``, ``tahan``/``tähän``,
   ``hyvaksyy``) is repaired too; capitalised words inside a sentence are left
   alone there (names: ``Mika``, ``Lahden``).

A repaired segment keeps what was read in ``Segment.raw``; segments that need no
repair keep ``raw=None``.  ``known_word_share(text)`` tells how much of a text is
language at all (the OCR stage uses it to decide whether a text layer is usable).

Accuracy (``bench/repair_eval.py``) and speed: see the README.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from .pages import Line, Page

log = logging.getLogger(__name__)

_LETTER_WORD = re.compile(r"[^\W\d_]{3,}")
# A whitespace-separated chunk that is (part of) an address, a number or a code:
# never repaired.
_SKIP_CHUNK = re.compile(r"[@\d]|://|www\.|[^\W\d_]\.[^\W\d_]|\(a\)", re.I)
# A word inside a chunk: letters, with inner hyphens (Päijät-Hämeen, Kv-asia).
_CORE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_REPAIRABLE_LETTER = re.compile(r"[aoAOdD]")
_UMLAUT = re.compile(r"[äöÄÖ]")
_SENTENCE_END = re.compile(r"[.!?:]['\"”’)]*$")

#: Damage is evident on a page with at least this many repairable words ...
MIN_REPAIRABLE = 3
#: ... that are at least this share of the words with ä/ö evidence (repairable
#: plus correctly spelled with ä/ö).  Clean Finnish has ~20 % ä/ö words and ~0
#: repairable ones; a stripped layer the reverse.
MIN_DAMAGED_SHARE = 0.5
#: Valid words are repaired (step 4) only on pages where this share is reached.
LIKELY_DAMAGED_SHARE = 0.8
#: Step 4: a valid word is repaired when its ä/ö spelling's Zipf value is this
#: much higher (1.0 = ten times as common).
FREQUENCY_MARGIN = 1.0
#: Step 3: the best restored spelling must lead the next by this much (Zipf units).
TIE_MARGIN = 0.5
#: Cost of one OCR edit (``d`` read for ä/ö) against frequency, in Zipf units.
OCR_EDIT_COST = 0.5
#: A reading with a clitic (työtä+pä) is this much less likely than its parts.
RARE_READING_COST = 1.5


# --------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------


@dataclass
class Context:
    """What the document says about its own words, for :func:`repair_word`.

    :param vocabulary: lower-cased words the document spells with ä/ö, with counts
        (evidence for a tie-break).
    :param likely: also repair valid words whose ä/ö spelling is far more common
        (only for clearly damaged pages).
    """

    vocabulary: Counter = field(default_factory=Counter)
    likely: bool = False


@dataclass
class Repair:
    """One repaired word of a text: ``text[start:end]`` was ``raw``, is ``repaired``."""

    start: int
    end: int
    raw: str
    repaired: str
    reason: str  # "invalid": Voikko rejected the word; "likely": its ä/ö form is far more common


@functools.lru_cache(maxsize=131_072)
def _valid(word: str) -> bool:
    from .lemmas import _VOIKKO

    return _VOIKKO.spell(word)


@functools.lru_cache(maxsize=131_072)
def _swedish(word: str) -> bool:
    from .lemmas import _sv_known

    return _sv_known(word.lower())


@functools.lru_cache(maxsize=1)
def _zipf_function():
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        log.warning("wordfreq not installed: repair tie-breaks use the document only")
        return None
    return zipf_frequency


@functools.lru_cache(maxsize=131_072)
def _zipf(word: str, language: str = "fi") -> float:
    zipf = _zipf_function()
    return zipf(word.lower(), language) if zipf else 0.0


@functools.lru_cache(maxsize=131_072)
def _estimate(spelling: str) -> float:
    """A Zipf-like value for any valid spelling from its base form, or for a
    compound from its rarest part (``päätöspöytäkirjat``: päätös, pöytä, kirja),
    lowered for readings with a clitic (``työtäpä`` as työtä+pä)."""
    from .lemmas import _RARE_READING_KEYS, _VOIKKO, _split_wordbases

    estimate = 0.0
    for analysis in _VOIKKO.analyze(spelling):
        parts, _ = _split_wordbases(analysis.get("WORDBASES"))
        base = (analysis.get("BASEFORM") or "").lower()
        value = min(_zipf(p) for p in parts) if parts else _zipf(base)
        if any(key in analysis for key in _RARE_READING_KEYS):
            value -= RARE_READING_COST
        estimate = max(estimate, value)
    return estimate


def _score(spelling: str) -> tuple[int, float]:
    """How common a (valid) spelling is in Finnish: ``(listed, value)``.

    A form wordfreq lists (Zipf >= 1, about once per 100 million words) has its
    Zipf value.  An unlisted form is rarer than every listed one; among unlisted
    forms the value is :func:`_estimate`.
    """
    zipf = _zipf(spelling)
    return (1, zipf) if zipf > 0 else (0, _estimate(spelling))


def _lead(a: tuple[int, float], b: tuple[int, float]) -> float:
    """How far score ``a`` is ahead of ``b`` (Zipf units; a listed form is always
    far ahead of an unlisted one)."""
    if a[0] != b[0]:
        return float("inf") if a[0] > b[0] else float("-inf")
    return a[1] - b[1]


def _ranked(word: str, valid: bool) -> list[tuple[tuple[int, float], str]]:
    """Restored spellings of ``word``, best first, as ``(score, spelling)``: how
    common the spelling is, less ``OCR_EDIT_COST`` per OCR edit (``d`` → ä).
    Flips of a→ä / o→ö are free: a damaged layer loses every ä/ö of a word.  For a
    valid word only flips count: its letters as read already make a word."""
    from .lemmas import restoration_candidates

    ranked = []
    for c, ocr_edits, _ in restoration_candidates(word):
        if valid and ocr_edits:
            continue
        listed, value = _score(c)
        ranked.append(((listed, value - OCR_EDIT_COST * ocr_edits), c))
    return sorted(ranked, reverse=True)


def _pick(ranked: list, vocabulary: Counter) -> Optional[str]:
    """The one candidate the evidence favours, or None (ambiguous): the document's
    own spelling first, then a clear lead in score."""
    if len(ranked) == 1:
        return ranked[0][1]
    counts = sorted(((vocabulary[c.lower()], c) for _, c in ranked), reverse=True)
    if counts[0][0] > counts[1][0]:
        return counts[0][1]
    if _lead(ranked[0][0], ranked[1][0]) >= TIE_MARGIN:
        return ranked[0][1]
    return None


def _far_more_common(candidate: str, word: str) -> bool:
    """Step 4: is the restored spelling of a valid word far more common than the
    word as read?  Ten times as common by wordfreq; where the word as read is not
    listed, also a listed spelling of Zipf >= 2, or ten times the estimate."""
    (c_listed, c_value), (w_listed, w_value) = _score(candidate), _score(word)
    if w_listed:
        return c_listed and c_value - w_value >= FREQUENCY_MARGIN
    if c_listed and c_value >= 1.0 + FREQUENCY_MARGIN:
        return True
    return _estimate(candidate) - _estimate(word) >= FREQUENCY_MARGIN


def judge(word: str, context: Optional[Context] = None, *,
          sentence_start: bool = True) -> tuple[str, Optional[str]]:
    """How :func:`repair_word` sees one word: ``(status, repaired or None)``.

    Status is one of ``"skip"`` (nothing to restore), ``"valid"``, ``"swedish"``,
    ``"unknown"`` (not Finnish, no restoration: a name), ``"ambiguous"``,
    ``"invalid"`` (repaired) and ``"likely"`` (valid but repaired, see step 4).
    """
    context = context or Context()
    if len(word) < 2 or _UMLAUT.search(word) or not _REPAIRABLE_LETTER.search(word):
        return "skip", None
    if _valid(word):
        if not context.likely or (word[0].isupper() and not sentence_start and not word.isupper()):
            return "valid", None
        ranked = _ranked(word, valid=True)
        best = _pick(ranked, context.vocabulary) if ranked else None
        if best is None:
            return "valid", None
        if context.vocabulary[best.lower()] > context.vocabulary[word.lower()] or (
            _far_more_common(best, word)
        ):
            return "likely", best
        return "valid", None
    ranked = _ranked(word, valid=False)
    if not ranked:
        return ("swedish" if _swedish(word) else "unknown"), None
    best = _pick(ranked, context.vocabulary)
    if best is None:
        return "ambiguous", None
    # A Swedish word in Finnish text stays, unless the Finnish reading is more common.
    if _swedish(word) and _zipf(word, "sv") >= _zipf(best):
        return "swedish", None
    return "invalid", best


def repair_word(word: str, language: str = "fi", context: Optional[Context] = None) -> Optional[str]:
    """The repaired spelling of one damaged word, or None to keep it as read.

    ``word`` may carry punctuation (``hyvaksyy,``); it is kept around the repair.
    Only Finnish is repaired (``language="sv"`` gives None).

    >>> repair_word("kehittda")
    'kehittää'
    >>> repair_word("Paijat-Hameen,")
    'Päijät-Hämeen,'
    """
    if language != "fi":
        return None
    repaired, changes = repair_text(word, context)
    return repaired if changes else None


def _words(text: str):
    """(start, end, word, sentence_start) for each repairable word of ``text``."""
    after_stop, line_start = True, 0
    for chunk in re.finditer(r"\S+", text):
        value = chunk.group()
        if "\n" in text[line_start:chunk.start()]:
            after_stop = True  # a new line starts a sentence, a heading or a label
        line_start = chunk.end()
        if not _SKIP_CHUNK.search(value):
            for i, core in enumerate(_CORE.finditer(value)):
                yield (chunk.start() + core.start(), chunk.start() + core.end(), core.group(),
                       after_stop and i == 0)
        after_stop = bool(_SENTENCE_END.search(value))


def repair_text(
    text: str, context: Optional[Context] = None, counts: Optional[Counter] = None
) -> tuple[str, list[Repair]]:
    """Repair the damaged Finnish words of ``text`` (already known to be damaged).

    :param context: document evidence (vocabulary, whether valid words may change).
    :param counts: if given, counts every word's status (see :func:`judge`).
    :returns: the repaired text and the repairs, in order.
    """
    out, changes, pos = [], [], 0
    for start, end, word, sentence_start in _words(text):
        status, repaired = judge(word, context, sentence_start=sentence_start)
        if counts is not None:
            counts[status] += 1
        if repaired is None:
            continue
        out.append(text[pos:start])
        out.append(repaired)
        changes.append(Repair(start, end, word, repaired, status))
        pos = end
    if not changes:
        return text, []
    out.append(text[pos:])
    return "".join(out), changes


# --------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------


@dataclass
class Damage:
    """Evidence of lost ä/ö in a text: how many words are spelled with ä/ö, and
    how many are not Finnish but become Finnish with ä/ö restored."""

    umlaut: int = 0
    repairable: int = 0

    def add(self, other: "Damage") -> "Damage":
        return Damage(self.umlaut + other.umlaut, self.repairable + other.repairable)

    @property
    def share(self) -> float:
        total = self.umlaut + self.repairable
        return self.repairable / total if total else 0.0

    @property
    def evident(self) -> bool:
        return self.repairable >= MIN_REPAIRABLE and self.share >= MIN_DAMAGED_SHARE


def assess(text: str, exact: bool = True) -> Damage:
    """Count the evidence of lost ä/ö in ``text`` (cheap on clean text: one cached
    spell check per word form without ä/ö).

    :param exact: False counts Swedish words that would become Finnish with ä/ö as
        repairable too: an upper bound, without loading the Swedish lexicon.
    """
    damage = Damage()
    # The words of _words(), chunk by chunk (its chunks are the whitespace-separated
    # ones); a chunk's evidence is cached, as every page repeats most of its chunks.
    for chunk in text.split():
        umlaut, repairable = _chunk_damage(chunk, exact)
        damage.umlaut += umlaut
        damage.repairable += repairable
    return damage


@functools.lru_cache(maxsize=131_072)
def _chunk_damage(chunk: str, exact: bool = True) -> tuple[int, int]:
    """(words spelled with ä/ö, repairable words) of one whitespace-separated chunk."""
    if _SKIP_CHUNK.search(chunk):
        return 0, 0
    umlaut = repairable = 0
    for word in _CORE.findall(chunk):
        if len(word) < 3:
            continue
        if _UMLAUT.search(word):
            umlaut += 1
        elif (_REPAIRABLE_LETTER.search(word) and not _valid(word)
              and not (exact and _swedish(word))):
            from .lemmas import restoration_candidates

            if restoration_candidates(word):
                repairable += 1
    return umlaut, repairable


def _vocabulary(texts: list[str]) -> Counter:
    return Counter(
        word.lower() for text in texts for _, _, word, _ in _words(text) if _UMLAUT.search(word)
    )


def _page_text(page: Page) -> str:
    return "\n".join(line.text for line in page.lines)


def plan(texts: list[str]) -> list[Optional[Context]]:
    """Decide, for the page texts of one document, which pages to repair.

    Returns one :class:`Context` per page to repair it with, or None to leave it
    as read: always None for a Swedish document or page and for a document whose
    text shows no damage.  A page with little text of its own is repaired when its
    document is damaged and the page shows the same damage.
    """
    from .labels import language_counts

    none: list[Optional[Context]] = [None] * len(texts)
    # The document's counts are the sum of its pages' (detect_language of the joined
    # text), so the text is scanned once.
    counts = [language_counts(t) for t in texts]
    if not any(texts) or sum(sv for sv, _ in counts) > sum(fi for _, fi in counts):
        return none
    finnish = [sv <= fi for sv, fi in counts]
    # First without the Swedish lexicon (slow to load): counting Swedish words as
    # repairable only adds evidence, so a document clean by that count is clean.
    upper = Damage()
    for text, fi in zip(texts, finnish):
        if fi:
            upper = upper.add(assess(text, exact=False))
    if not upper.evident:
        return none
    damages = [assess(t) if fi else Damage() for t, fi in zip(texts, finnish)]
    document = Damage()
    for d in damages:
        document = document.add(d)
    if not document.evident:
        return none
    vocabulary = _vocabulary(texts)
    contexts: list[Optional[Context]] = []
    for damage in damages:
        if damage.repairable and damage.share >= MIN_DAMAGED_SHARE:
            likely = min(damage.share, document.share) >= LIKELY_DAMAGED_SHARE
            contexts.append(Context(vocabulary, likely=likely))
        else:
            contexts.append(None)
    return contexts


def repair_pages(pages: list[Page]) -> list[Page]:
    """Repair damaged words on the pages of one document (see :func:`plan`).

    Pages without damage are returned as they are; on a damaged page each changed
    segment is a copy with the repaired ``text`` and the text as read in ``raw``.
    """
    contexts = plan([_page_text(p) for p in pages])
    return [p if c is None else _repair_page(p, c) for p, c in zip(pages, contexts)]


def _repair_page(page: Page, context: Context) -> Page:
    lines, changed = [], False
    for line in page.lines:
        segments = []
        for seg in line.segments:
            if seg.raw is not None:  # already repaired (a cached page)
                segments.append(seg)
                continue
            text, repairs = repair_text(seg.text, context)
            if repairs:
                seg = dataclasses.replace(seg, text=text, raw=seg.text)
                changed = True
            segments.append(seg)
        lines.append(Line(segments, line.page))
    return dataclasses.replace(page, lines=lines) if changed else page


def known_word_share(text: str, enough: float | None = None) -> float | None:
    """Share (0..1) of the words of three or more letters in ``text`` that are valid
    Finnish or Swedish, or become valid Finnish by restoring lost ä/ö.  None when the
    text has fewer than 20 such words (too little evidence either way).

    :param enough: when the Finnish words alone reach this share, that share (a lower
        bound) is the answer, and the Swedish lexicon, slow to load, is not asked.
    """
    words = _LETTER_WORD.findall(text)
    if len(words) < 20:
        return None
    finnish = sum(map(known_finnish, words))
    if enough is not None and finnish >= enough * len(words):
        return finnish / len(words)
    known = sum(map(known_word, words))
    return known / len(words)


@functools.lru_cache(maxsize=131_072)
def known_finnish(word: str) -> bool:
    """Whether ``word`` is Finnish, ä/ö restored if need be; cached."""
    from .lemmas import _known_fi

    return _known_fi(word)


@functools.lru_cache(maxsize=131_072)
def known_word(word: str) -> bool:
    """Whether ``word`` is Finnish (ä/ö restored if need be) or Swedish; cached (OCR
    detection asks for every word of every page)."""
    from .lemmas import _sv_known

    return known_finnish(word) or _sv_known(word.lower())

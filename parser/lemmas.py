"""Finnish and Swedish lemmatisation for full-text search (issue 5).

Finnish is inflected and compounded, so plain FTS5 misses ``päätöksen`` when the
user types ``päätös``. At import every section gets a *lemma text*
(:func:`lemmatize`): the base form of each word and, for compounds, the base
forms of the parts (``koulumatkatukea`` → ``koulumatkatuki koulu matka tuki``).
At query time :func:`search_expression` turns the user's words into the same
tokens and builds an FTS5 MATCH expression against the lemma column.

How each word is handled, in order:

1. Numbers and diary numbers (anything with a digit) are kept as they are.
2. Finnish: Voikko (``libvoikko`` + Debian ``voikko-fi``) gives base forms; its
   ``WORDBASES`` attribute gives compound boundaries.
3. Words Voikko does not know are tried with lost diacritics restored
   (``a``→``ä``, ``o``→``ö``, and OCR's ``d`` for ``ä``/``ö``: ``kehittda`` →
   ``kehittää``); the candidates are few and ordered by Finnish vowel harmony.
4. Still unknown (local names, OCR damage): the Snowball Finnish stem, so that
   other inflected forms of the same unknown word produce the same token.
5. Swedish: the Snowball Swedish stem of the word and of its ``simplemma``
   lemma (``skolan``/``skolor`` → ``skol``); compounds are split on a known tail
   (``utbildningsnämnden`` → ``utbildningsnämnd utbildning nämnd``).

Tokens keep ä/ö; the FTS table's ``remove_diacritics 2`` folds both the index and
the query, so ``paatos`` typed by the user meets ``päätös``.

Speed (``bench/lemma_bench.py`` over the 195 text fields, 30,386 words, of
the shared corpus; one process on a 2-core machine shared with other work;
``bench/out/lemma.json``):

=====================================================  ==============
what                                                   words/s
=====================================================  ==============
``lemmatize``, cold cache (every word form new)        30,000-56,000
``lemmatize``, warm cache                              ~1,300,000
regex tokeniser alone                                  ~3,000,000
``spacy.blank("fi")`` tokenizer alone                  57,000-90,000
``spacy-fi-experimental-web-md``, full pipeline        ~1,500
the same, only tok2vec+morphologizer+lemmatizer        ~3,100
=====================================================  ==============

An import of 100 pages/s on 2 cores needs about 40,000 words/s: the spaCy
pipeline is 10-25 times too slow even trimmed to what its (Voikko-based)
lemmatiser needs, so this module calls Voikko directly, caches by word form
(minutes repeat their vocabulary, so most words are cache hits) and does not
use spaCy at all: even ``spacy.blank("fi")``'s tokenizer would cost more than
the lemmatising and gives the lemma column nothing the regex does not.

If Voikko or its dictionary is missing, Finnish falls back to Snowball stemming;
:func:`backend` says which is in use. Without ``simplemma`` Swedish uses Snowball
only. Each process creates its own Voikko handle lazily (import workers are
separate processes; Datasette calls SQL functions from several threads, hence the
lock: libvoikko handles are not thread-safe).
"""

from __future__ import annotations

import functools
import logging
import os
import re
import sqlite3
import threading
from itertools import product
from typing import Any

import snowballstemmer

__all__ = [
    "LEMMA_COLUMN",
    "backend",
    "lemmatize",
    "register_functions",
    "restoration_candidates",
    "restorations",
    "search_expression",
    "word_alternatives",
]

log = logging.getLogger(__name__)

#: Default name of the FTS column that holds :func:`lemmatize` output.
LEMMA_COLUMN = "lemmas"

# A word: letters/digits, with inner hyphens, colons (Oy:n), dots and slashes
# (147/12.09/2025, 9.4.2025) and apostrophes kept inside one token.
_WORD_RE = re.compile(r"\w+(?:[-:./'’]\w+)*")
_SPLIT_RE = re.compile(r"[-:./'’_]+")
_DIGIT_RE = re.compile(r"\d")
# Voikko WORDBASES: "+kaupungin(kaupunki)+hallitus(hallitus)"; a base that starts
# with "+" is a derivational suffix ("+us(+us)"), not a compound part.
_WORDBASE_RE = re.compile(r"\+([^+()]*)(?:\(([^)]*)\))?")
# Analyses carrying these are rare readings (kuusi = "your moon"): dropped when
# a plainer reading of the same word exists.
_RARE_READING_KEYS = ("POSSESSIVE", "FOCUS", "KYSYMYSLIITE")
_MAX_WORD_LEN = 60  # longer "words" are OCR garbage or URLs: no analysis
_MAX_RESTORE_CANDIDATES = 400

Alternative = tuple[str, tuple[str, ...]]  # (base form, compound parts or ())


# --------------------------------------------------------------------------
# Back-ends, created lazily once per process
# --------------------------------------------------------------------------


_ANALYSES_KEPT = 262_144  # words; a whole town's archive has fewer


class _VoikkoHolder:
    """One Voikko handle per process, used under a lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.handle: Any = None
        self.pid: int | None = None
        self.error: str | None = None
        self.analyses: dict[str, tuple[dict[str, str], ...]] = {}

    def get(self) -> Any:
        pid = os.getpid()
        if self.pid != pid:  # first use, or a forked worker: own handle
            with self.lock:
                if self.pid != pid:
                    self.handle, self.error = None, None
                    try:
                        import libvoikko

                        self.handle = libvoikko.Voikko("fi")
                    except Exception as e:  # missing library or dictionary
                        self.error = f"{type(e).__name__}: {e}"
                        log.warning(
                            "Voikko unavailable (%s): Finnish search falls back to "
                            "Snowball stemming; install libvoikko1 and voikko-fi",
                            self.error,
                        )
                    self.pid = pid
        return self.handle

    def analyze(self, word: str) -> tuple[dict[str, str], ...]:
        """Voikko's readings of ``word``, cached: OCR detection, repair, names and the
        lemma index all ask about the same words, and each question costs a call into
        the library."""
        cached = self.analyses.get(word)
        if cached is not None:
            return cached
        handle = self.get()
        if handle is None:
            return ()
        with self.lock:
            found = tuple(handle.analyze(word))
        if len(self.analyses) >= _ANALYSES_KEPT:
            self.analyses.clear()
        self.analyses[word] = found
        return found

    def spell(self, word: str) -> bool:
        handle = self.get()
        if handle is None:
            return False
        with self.lock:
            return bool(handle.spell(word))


_VOIKKO = _VoikkoHolder()
_STEMMERS = threading.local()  # snowball stemmers keep state: one per thread


def _stem(word: str, language: str) -> str:
    stemmers = _STEMMERS.__dict__
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(
            "swedish" if language == "sv" else "finnish"
        )
    return stemmers[language].stemWord(word)


@functools.lru_cache(maxsize=1)
def _simplemma() -> Any:
    try:
        import simplemma

        return simplemma
    except ImportError:
        log.warning("simplemma not installed: Swedish search uses Snowball only")
        return None


def backend() -> str:
    """Name the Finnish back-end in use: ``"voikko"`` or ``"snowball"``.

    ``"snowball"`` means Voikko or its Finnish dictionary could not be loaded
    (see :func:`backend_error`); search still works but misses consonant
    gradation (``lupa``/``luvan``) and compound parts.
    """
    return "voikko" if _VOIKKO.get() is not None else "snowball"


def backend_error() -> str | None:
    """Why Voikko could not be loaded, or ``None`` when it is in use."""
    _VOIKKO.get()
    return _VOIKKO.error


# --------------------------------------------------------------------------
# Finnish
# --------------------------------------------------------------------------


def _compound_parts(wordbases: str | None) -> tuple[str, ...]:
    """Base forms of a compound's parts from Voikko's WORDBASES, or () if simple."""
    return _split_wordbases(wordbases)[0]


def _split_wordbases(wordbases: str | None) -> tuple[tuple[str, ...], int]:
    """Compound parts (or ()) and how many of them are derived words.

    Surfaces of the segments spell the BASEFORM; a derivational segment
    (``+us(+us)``) and a bare infix before it (``+t``) belong to the previous
    part, so ``+koulu(koulu)+kuljet(kuljettaa)+us(+us)`` gives koulu, kuljetus.
    """
    if not wordbases:
        return (), 0
    segments = _WORDBASE_RE.findall(wordbases)
    groups: list[list[str]] = []  # [surface, lemma, derived?]
    for i, (surface, base) in enumerate(segments):
        if surface.strip("-") == "":
            groups.append([])  # hyphen: a boundary, starts a new part
            continue
        next_is_suffix = i + 1 < len(segments) and segments[i + 1][1].startswith("+")
        if base.startswith("+") or (not base and next_is_suffix and groups and groups[-1]):
            if groups and groups[-1]:
                groups[-1][0] += surface
                groups[-1][2] = "derived"
                continue
        groups.append([surface, base or surface, ""])
    parts, n_derived = [], 0
    for group in groups:
        if not group:
            continue
        surface, lemma, derived = group
        n_derived += bool(derived)
        parts.append((surface if derived else lemma).replace("=", "").lower())
    return (tuple(parts), n_derived) if len(parts) >= 2 else ((), n_derived)


def _from_analyses(analyses: list[dict[str, str]]) -> tuple[Alternative, ...]:
    if not analyses:
        return ()
    plain = [a for a in analyses if not any(k in a for k in _RARE_READING_KEYS)]
    readings = []
    for analysis in plain or analyses:
        base = (analysis.get("BASEFORM") or "").lower()
        if base:
            wordbases = analysis.get("WORDBASES")
            parts, n_derived = _split_wordbases(wordbases)
            readings.append((wordbases is not None, len(parts), n_derived, (base, parts)))
    # Every base form is kept: dropping one would break the promise that all
    # inflected forms of a word share a token (tarkoituksenmukaista reads as a
    # verb and an adjective; tarkoituksenmukainen only as the adjective).
    # Only the split is chosen: among compound readings the fewest parts win
    # (asiantuntija = asia+tuntija, not asian+tunti+joki), and for one base form
    # the fewest derived parts (asema+kaava, not ase+makaava).
    compound_sizes = [n for has_wb, n, _, _ in readings if has_wb and n >= 2]
    fewest = min(compound_sizes) if compound_sizes else 0
    readings = [r for r in readings if r[1] <= fewest]
    best: dict[str, tuple[int, int]] = {}
    for _, n_parts, n_derived, (base, _) in readings:
        if n_parts:
            best[base] = min((n_parts, n_derived), best.get(base, (n_parts, n_derived)))
    alternatives: list[Alternative] = []
    for _, n_parts, n_derived, alternative in readings:
        keep = n_parts == 0 or (n_parts, n_derived) == best[alternative[0]]
        if keep and alternative not in alternatives:
            alternatives.append(alternative)
    return tuple(alternatives)


_FRONT = {"a": "ä", "o": "ö", "A": "Ä", "O": "Ö"}
_UMLAUT = {"a": "ä", "o": "ö"}
# How OCR misreads ä/ö (../shared/seeds/ocr-section-body.txt): the letter as ``d``
# (``kehittda``, ``henkildston``), the vowel followed by ``d`` (``yhteistyodlla``) or
# by its own capital (``myoOs``).
_OCR_SLOT = re.compile(r"[oaOA]?[dD]|o(?=O)O|a(?=A)A")
_MAX_OCR_SLOTS = 3
_MAX_POWERSET_SLOTS = 9  # more a/o than this: only runs of neighbouring vowels


def _ocr_variants(word: str) -> list[tuple[str, int]]:
    """The word with OCR's misreadings of ä/ö undone in every way (at most 3 slots).

    ``kehittda`` → kehittäa; ``yhteistyodlla`` → yhteistyölla (``od`` for ö);
    ``myoOs`` → myös.  Returns (variant, edits), the word itself first.
    """
    slots = list(_OCR_SLOT.finditer(word))
    if not slots or len(slots) > _MAX_OCR_SLOTS:
        return [(word, 0)]
    options = []
    for m in slots:
        piece = m.group()
        upper = piece[-1].isupper()
        if piece[-1] in "dD":
            vowel = piece[:-1]
            choices = [(piece, 0)]
            choices += [(vowel + (u.upper() if upper else u), 1) for u in "äö"]
            if vowel:  # "od" → "ö", "ad" → "ä": rarer than a plain "d" (the seed)
                choices.append((_FRONT[vowel], 2))
        else:  # "oO" → "ö"
            choices = [(piece, 0), (_UMLAUT[piece[0]], 1)]
        options.append(choices)
    variants = {}
    for combo in product(*options):
        out, pos, edits = [], 0, 0
        for m, (repl, cost) in zip(slots, combo):
            out.append(word[pos:m.start()])
            out.append(repl)
            pos, edits = m.end(), edits + cost
        out.append(word[pos:])
        variant = "".join(out)
        variants[variant] = min(edits, variants.get(variant, edits))
    return sorted(variants.items(), key=lambda v: v[1])


def _vowel_variants(word: str) -> list[tuple[str, int]]:
    """a→ä / o→ö candidates with their number of flips, fewest first.

    Every subset of the a/o letters for ordinary words; for very long ones only
    runs of neighbouring a/o (a compound fronts one part at a time).
    """
    slots = [i for i, ch in enumerate(word) if ch in _FRONT]
    if not slots or len(slots) > 16:
        return []

    def front(indices) -> tuple[str, int]:
        chars = list(word)
        for i in indices:
            chars[i] = _FRONT[chars[i]]
        return "".join(chars), len(indices)

    if len(slots) <= _MAX_POWERSET_SLOTS:
        subsets = (
            [s for s, bit in zip(slots, mask) if bit]
            for mask in product((0, 1), repeat=len(slots))
        )
        out = [front(s) for s in subsets if s]
    else:
        out = [front(slots[i:j]) for i in range(len(slots)) for j in range(i + 1, len(slots) + 1)]
    return sorted(out, key=lambda v: v[1])


@functools.lru_cache(maxsize=65_536)
def restoration_candidates(word: str) -> tuple[tuple[str, int, int], ...]:
    """Every spelling of ``word`` with lost or misread ä/ö restored that Voikko
    accepts, as ``(spelling, ocr_edits, flips)``: ``ocr_edits`` undo OCR misreadings
    (``d`` → ä/ö costs 1, ``od`` → ö 2, ``oO`` → ö 1), ``flips`` count a→ä / o→ö.
    Ordered by total edits; at most ``_MAX_RESTORE_CANDIDATES`` spellings are tried.
    Empty when nothing restores (or Voikko is missing); never the word itself.
    """
    if len(word) > 40 or len(word) < 2 or _VOIKKO.get() is None:
        return ()
    candidates: dict[str, tuple[int, int]] = {}
    for variant, ocr_edits in _ocr_variants(word):
        if ocr_edits:
            candidates.setdefault(variant, (ocr_edits, 0))
        for v, flips in _vowel_variants(variant):
            if ocr_edits + flips < sum(candidates.get(v, (99, 0))):
                candidates[v] = (ocr_edits, flips)
    ordered = sorted(candidates.items(), key=lambda c: (sum(c[1]), c[1]))
    return tuple(
        (candidate, ocr_edits, flips)
        for candidate, (ocr_edits, flips) in ordered[:_MAX_RESTORE_CANDIDATES]
        if candidate != word and _VOIKKO.spell(candidate)
    )


def restorations(word: str, spread: int = 0) -> tuple[tuple[str, int], ...]:
    """Spellings of ``word`` with lost or misread ä/ö restored that Voikko accepts.

    Returns ``(spelling, edits)`` pairs: those with the fewest edits, and with
    ``spread`` > 0 also those with up to ``spread`` more.

    >>> restorations("kehittda")
    (('kehittää', 2),)
    """
    found = [(c, e + f) for c, e, f in restoration_candidates(word)]
    return tuple((c, e) for c, e in found if e <= found[0][1] + spread) if found else ()


def _restore_diacritics(word: str) -> list[str]:
    """Spellings of ``word`` with lost ä/ö restored that Voikko accepts.

    Only the candidates with the fewest edits are returned (usually one).
    """
    return [candidate for candidate, _ in restorations(word)]


@functools.lru_cache(maxsize=262_144)
def _fi_alternatives(word: str) -> tuple[Alternative, ...]:
    if _DIGIT_RE.search(word) or len(word) > _MAX_WORD_LEN or len(word) < 2:
        return ((word.lower(), ()),)
    if _VOIKKO.get() is None:
        return ((_stem(word.lower(), "fi"), ()),)
    found = _from_analyses(_VOIKKO.analyze(word))
    if found:
        return found
    if word.islower() and len(word) > 2:  # a name typed in lower case
        found = _from_analyses(_VOIKKO.analyze(word.capitalize()))
        if found:
            return found
    restored: list[Alternative] = []
    for candidate in _restore_diacritics(word):
        for alternative in _from_analyses(_VOIKKO.analyze(candidate)):
            if alternative not in restored:
                restored.append(alternative)
    if restored:
        return tuple(restored)
    return ((_stem(word.lower(), "fi"), ()),)


@functools.lru_cache(maxsize=16_384)
def _fi_query_extras(word: str) -> tuple[Alternative, ...]:
    """For a query word typed without ä/ö that Voikko knows anyway (``tahan``
    is a word, but the user meant ``tähän``): the readings of its ä/ö spellings."""
    if any(ch in word for ch in "äöÄÖ") or _VOIKKO.get() is None:
        return ()
    extras: list[Alternative] = []
    for candidate in _restore_diacritics(word):
        extras.extend(_from_analyses(_VOIKKO.analyze(candidate)))
    return tuple(extras)


# --------------------------------------------------------------------------
# Swedish
# --------------------------------------------------------------------------


@functools.lru_cache(maxsize=131_072)
def _sv_known(word: str) -> bool:
    # Cached: OCR detection asks about every word Voikko does not know.
    simplemma = _simplemma()
    return bool(simplemma and len(word) >= 3 and simplemma.is_known(word, lang="sv"))


def _sv_split(lemma: str) -> tuple[str, ...]:
    """Split a Swedish compound on its longest known tail: utbildningsnämnd →
    (utbildning, nämnd); the linking ``s`` of the head is dropped."""
    if _simplemma() is None or len(lemma) < 7:
        return ()
    for cut in range(4, len(lemma) - 3):
        head, tail = lemma[:cut], lemma[cut:]
        if not _sv_known(tail):
            continue
        for h in (head, head[:-1] if head.endswith("s") else None):
            if h and len(h) >= 3 and _sv_known(h):
                return (_stem(h, "sv"), _stem(tail, "sv"))
    return ()


@functools.lru_cache(maxsize=131_072)
def _sv_alternatives(word: str) -> tuple[Alternative, ...]:
    lower = word.lower()
    if _DIGIT_RE.search(word) or len(word) > _MAX_WORD_LEN or len(word) < 2:
        return ((lower, ()),)
    # Both the word's stem and its lemma's stem: Snowball alone leaves
    # skolan/skolor apart, simplemma alone reads beslutet as "besluten".
    stems = [_stem(lower, "sv")]
    simplemma = _simplemma()
    lemma = lower
    if simplemma is not None:
        lemma = simplemma.lemmatize(lower, lang="sv", greedy=True).lower()
        lemma_stem = _stem(lemma, "sv")
        if lemma_stem not in stems:
            stems.append(lemma_stem)
    # Only words the lexicon does not know are split: it knows fullmäktige and
    # beslutet, which a blind split would cut into nonsense.
    parts = () if _sv_known(lower) or _sv_known(lemma) else _sv_split(lemma)
    return tuple((s, parts) for s in stems)


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    """Tokens of ``text``; joined tokens that are not one known word
    (``asia.Päätös``, ``KH:n``, ``Kv-asia``) are split into their pieces."""
    out = []
    for token in _WORD_RE.findall(text):
        if token.isalnum() or _DIGIT_RE.search(token):
            out.append(token)
            continue
        if "-" in token and not any(c in token for c in ":./") and _known_fi(token):
            out.append(token)
            continue
        if ":" in token:  # KH:n, Oy:n: the case ending follows the colon
            head, _, tail = token.partition(":")
            if len(tail) <= 3 and tail.isalpha() and "." not in head:
                token = head
        out.extend(p for p in _SPLIT_RE.split(token) if p)
    return out


@functools.lru_cache(maxsize=65_536)
def _known_fi(token: str) -> bool:
    if _VOIKKO.get() is None:
        return False
    return bool(_VOIKKO.analyze(token)) or bool(_restore_diacritics(token))


def word_alternatives(word: str, language: str = "fi") -> tuple[Alternative, ...]:
    """Readings of one word: ``(base form, compound parts)`` pairs.

    >>> word_alternatives("koulumatkatukea")
    (('koulumatkatuki', ('koulu', 'matka', 'tuki')),)
    """
    if language == "sv":
        return _sv_alternatives(word)
    return _fi_alternatives(word)


@functools.lru_cache(maxsize=262_144)
def _index_tokens(word: str, language: str) -> str:
    tokens: list[str] = []
    for base, parts in word_alternatives(word, language):
        if base not in tokens:
            tokens.append(base)
        tokens.extend(parts)  # in order, so a query's "koulu matka" phrase meets them
    return " ".join(tokens)


def lemmatize(text: str | None, language: str = "fi") -> str:
    """Lemma text of ``text`` for the FTS lemma column.

    Every word becomes its lower-case base form(s); a compound also gives its
    parts; numbers and diary numbers stay as they are. ä/ö are kept (the FTS
    tokenizer's ``remove_diacritics 2`` folds them).

    :param text: section text (title, body, decision ...); ``None`` gives ``""``.
    :param language: ``"fi"`` or ``"sv"`` (anything else is treated as ``"fi"``).

    >>> lemmatize("Päätöksen mukaan koulumatkatukea")
    'päätös mukaan koulumatkatuki koulu matka tuki'
    """
    if not text:
        return ""
    language = "sv" if language == "sv" else "fi"
    return " ".join(_index_tokens(w, language) for w in _words(text))


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _query_alternatives(word: str, language: str | None) -> list[Alternative]:
    out: list[Alternative] = []
    if language != "sv":
        out.extend(_fi_alternatives(word))
        out.extend(a for a in _fi_query_extras(word) if a not in out)
    # With no language given both readings are ORed: "en" is a Swedish word
    # Voikko also knows. Swedish stems of Finnish words rarely meet a Finnish
    # base form, so the cost in precision is small.
    if language != "fi":
        out.extend(a for a in _sv_alternatives(word) if a not in out)
    return out


def _word_term(word: str, language: str | None) -> list[str]:
    """FTS alternatives for one query word: base forms and compound phrases; for a word
    no dictionary knows (a place or person's name: ``Poutu``, ``simpsio``), also every
    word that begins with it, which is how its inflections and compounds are printed
    (``Poutun``, ``Poutuntie``, ``Simpsiönvuori``)."""
    terms: list[str] = []
    for base, parts in _query_alternatives(word, language):
        for term in (_quote(base), _quote(" ".join(parts)) if parts else None):
            if term and term not in terms:
                terms.append(term)
    if language != "sv" and _name_like(word) and _fi_unknown(word):
        terms.append(_quote(word.lower()) + "*")
    return terms


def _name_like(word: str) -> bool:
    """A word typed as a name: capitalised, or with an a or o that may stand for a lost
    ä or ö (``simpsio``); at least four letters.  (Not ``invest``, which would begin
    ``investointi`` as well as the company name.)"""
    return len(word) >= 4 and word.isalpha() and (word[0].isupper() or bool(set(word) & set("aoAO")))


def _fi_unknown(word: str) -> bool:
    """Whether Voikko knows no reading of ``word`` (nor of its ä/ö spellings): the
    readings fell back to the Snowball stem."""
    if _VOIKKO.get() is None:
        return False
    return _fi_alternatives(word) == ((_stem(word.lower(), "fi"), ()),) and not _fi_query_extras(word)


def _phrase_term(words: list[str], raw: str, language: str | None, column: str) -> str:
    """A quoted phrase: the exact words in any column, or the same lemma tokens
    in the same order in the lemma column.

    A word's lemma tokens are its base form followed by its compound parts
    (:func:`lemmatize`), so each query word contributes that whole sequence
    (``koulumatkoja`` → ``koulumatka koulu matka``); one phrase is built per
    combination of readings, at most 12.
    """
    exact = _quote(raw)
    if len(words) == 1:
        return f"({exact} OR {column}:({' OR '.join(_word_term(words[0], language))}))"
    sequences = []
    for w in words:
        seqs = [" ".join((base,) + parts) for base, parts in _query_alternatives(w, language)]
        sequences.append(list(dict.fromkeys(seqs))[:3])
    phrases = []
    for combo in product(*sequences):
        phrases.append(_quote(" ".join(combo)))
        if len(phrases) >= 12:
            break
    return f"({exact} OR {column}:({' OR '.join(phrases)}))"


_QUERY_TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_NEVER = '""'  # a valid expression that matches nothing


def search_expression(
    query: str | None, language: str | None = None, column: str = LEMMA_COLUMN
) -> str:
    """Turn the user's words into a safe FTS5 MATCH expression.

    Each word becomes ``column:(alt1 OR alt2 ...)`` with the tokens
    :func:`lemmatize` produces for its inflected forms (a compound also as the
    phrase of its parts, so ``koulumatka`` finds ``koulumatkatukea``); words are
    ANDed. Supported syntax: ``"a phrase"`` (exact words anywhere, or their base
    forms in the same order in the lemma column), ``prefix*`` (any column, so surface
    forms match too), ``OR`` between words, ``-word`` / ``NOT word`` to exclude.
    Every user string is quoted, so the result never raises an FTS5 syntax
    error; a query with no words gives ``""``, which matches nothing.

    :param query: what the user typed.
    :param language: ``"fi"``, ``"sv"`` or ``None`` for both (ORed).
    :param column: the lemma column's name.

    >>> search_expression("päätös koulumatka", "fi")
    'lemmas:("päätös") AND lemmas:("koulumatka" OR "koulu matka")'
    """
    if not column.isidentifier():
        raise ValueError(f"Lemma column name {column!r} is not a plain identifier")
    if not query:
        return _NEVER
    groups: list[list[str]] = []  # OR-groups, ANDed together
    negated: list[str] = []
    pending_or = pending_not = False
    for match in _QUERY_TOKEN_RE.finditer(query):
        minus, phrase, bare = match.groups()
        terms: list[str] = []
        if bare is not None:
            if bare == "OR":
                pending_or = bool(groups)
                continue
            if bare == "AND":
                continue
            if bare == "NOT":
                pending_not = True
                continue
            if bare.startswith("-") and len(bare) > 1:
                minus, bare = "-", bare[1:]
            words = _words(bare)
            if bare.endswith("*") and len(words) == 1:
                terms.append(_quote(words[0].lower()) + "*")
            else:
                terms.extend(f"{column}:({' OR '.join(_word_term(w, language))})" for w in words)
        else:
            words = _words(phrase)
            if words:
                terms.append(_phrase_term(words, " ".join(words), language, column))
        if not terms:
            continue
        if minus or pending_not:
            negated.extend(terms)
        elif pending_or and groups:
            groups[-1].append(" AND ".join(terms))
        else:
            groups.extend([t] for t in terms)
        pending_or = pending_not = False
    if not groups:
        return _NEVER
    positive = " AND ".join(
        g[0] if len(g) == 1 else "(" + " OR ".join(f"({t})" for t in g) + ")" for g in groups
    )
    return positive + "".join(f" NOT {t}" for t in negated)


def _sql_lemmatize(text: Any, language: Any = "fi") -> str:
    return lemmatize(text if isinstance(text, str) else None, language or "fi")


def _sql_search_expression(query: Any, language: Any = None) -> str:
    # Datasette must never show a 500 for a query: any surprise matches nothing.
    try:
        return search_expression(query if isinstance(query, str) else None, language or None)
    except Exception:  # pragma: no cover - defensive
        log.exception("search_expression failed for %r", query)
        return _NEVER


def register_functions(conn: sqlite3.Connection) -> None:
    """Register ``lemmatize(text[, lang])`` and ``search_expression(query[, lang])``
    as SQL functions on ``conn`` (call it from Datasette's ``prepare_connection``).

    Example::

        select * from sections_fts
        where sections_fts match search_expression(:q)
        order by rank
    """
    for name, func in (("lemmatize", _sql_lemmatize), ("search_expression", _sql_search_expression)):
        for narg in (1, 2):
            conn.create_function(name, narg, func, deterministic=True)

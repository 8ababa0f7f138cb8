"""Stage 1b′: OCR's misreadings put right from the document's own evidence.

OCR misreads a character or two in what no dictionary knows: "@" as "&", "G", "e@" or
"(&" and "ll" as "li" in e-mail addresses, "L/" as "U" in a diary number's prefix,
"Jari" as "jari".  The document prints the same domain, diary prefix and name
elsewhere, usually read well; an OCRed token one or two edits from that evidence takes
its spelling.  Only OCRed pages (``Page.text_source == "ocr"``) are changed.

``correct_from_document(pages) → pages``.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from rapidfuzz.distance import Levenshtein

from .formats import DIARY_NUMBER
from .pages import Line, Page
from .people import EMAIL

_DIARY_GLUED = re.compile(
    r"^([A-ZÅÄÖ][A-Za-zÅÄÖåäö]{1,9})[/:|lI]?(\d{1,6}/\d{2}(?:\.\d{2}){0,4}/\d{4})$")
_NAME_LOCAL = re.compile(r"^[^\W\d_]+(?:[.-][^\W\d_]+)+$")
_CAPITALISED = re.compile(r"\b[A-ZÅÄÖ][a-zåäö]+\b")
# What "@" becomes in OCR between an address's name and its domain.
_AT_MISREADINGS = ("", "@", "&", "&&", "(&", "(a", "(", "G", "e", "©", "®", "Q", "O", "(@")
_TRAILING = ",.;:)"
_OWN_DOMAIN_JUNK = sorted((j for j in _AT_MISREADINGS if not j.islower()), key=len, reverse=True)


@dataclass
class _Evidence:
    """What a document prints, read from all its pages, for correcting OCR."""

    domains: list[str]  # e-mail domains, most common first
    prefixes: list[str]  # diary-number prefixes (HOLL, ASIKK), most common first
    names: set[str]  # capitalised words, lower-cased
    pairs: set[tuple[str, str]]  # capitalised words printed one after the other
    lower_words: Counter = dataclasses.field(default_factory=Counter)  # words in lower case


def _evidence(pages: list[Page]) -> _Evidence:
    domains, prefixes = Counter(), Counter()
    names: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    lower_words: Counter = Counter()
    for page in pages:
        for line in page.lines:
            text = line.text
            domains.update(m.group(2).lower().rstrip(".") for m in EMAIL.finditer(text))
            for m in DIARY_NUMBER.finditer(text):
                prefix = re.match(r"([A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,9})[/:]", m.group(0))
                if prefix:
                    prefixes[prefix.group(1)] += 1
            words = text.split()
            lower_words.update(w for w in words if w.isalpha() and w.islower())
            names.update(_address_form(w) for w in _CAPITALISED.findall(text))
            pairs.update((a, b) for a, b in zip(words, words[1:])
                         if _CAPITALISED.fullmatch(a) and _CAPITALISED.fullmatch(b.rstrip(_TRAILING)))
    return _Evidence(_dominant(domains), _dominant(prefixes), names,
                     {(a, b.rstrip(_TRAILING)) for a, b in pairs}, lower_words)


def _dominant(counts) -> list[str]:
    """Spellings most common first, without those one edit from a more common one
    (``holiola.fi`` beside ``hollola.fi``: a misreading, not evidence)."""
    kept: list[tuple[str, int]] = []
    for spelling, n in counts.most_common():
        if not any(m > n and Levenshtein.distance(spelling, k) <= 1 for k, m in kept):
            kept.append((spelling, n))
    return [k for k, _ in kept]


_FOLD = str.maketrans("äöåüé", "aoaue")
_DOMAIN_LIKE = re.compile(r"[a-z0-9-]{2,}(?:\.[a-z0-9-]{2,})*\.(?:fi|ax|se|eu|com|net|org)$")


def _address_form(word: str) -> str:
    """A name as addresses spell it: lower case, ä/ö/å folded (Kärkkäinen → karkkainen)."""
    return word.lower().translate(_FOLD)


def _fix_domain(token: str, evidence: _Evidence, own: Optional[str] = None) -> Optional[str]:
    """``token`` as an address at a known domain, or None when it is not one.

    :param own: a domain the token itself ends with (known where OCR split the
        address at its "@"); without known domains it will do when what stands
        before it is a misread "@" after one of the document's own names.
    """
    low = token.lower()
    if own and own not in evidence.domains and low.endswith(own):
        head = token[: -len(own)]
        local = _address_name(head, evidence.names, named_only=True)
        if local and head != local:
            return local + "@" + own
    for domain in evidence.domains:
        # The domain as printed (then only the "@" can be wrong), else one edit off.
        sizes = [len(domain)] + ([] if low.endswith(domain) else [len(domain) - 1, len(domain) + 1])
        for size in sizes:
            if size < 4 or size >= len(token):
                continue
            suffix, head = low[-size:], token[:-size]
            if head.endswith(".") or Levenshtein.distance(suffix, domain) > 1:
                continue  # a subdomain (www.kunta.fi)
            if head.endswith("(a)"):  # a printed pattern: only the domain was misread
                return head + domain
            local = _address_name(head, evidence.names)
            if local:
                return local + "@" + domain
    return None


def _address_name(head: str, names: set[str], named_only: bool = False) -> Optional[str]:
    """The name part of an address whose "@" (and what OCR made of it) ends ``head``:
    the reading whose parts are the document's own names, else the plainest one."""
    readings = []
    for junk in _AT_MISREADINGS:
        for extra in ("", "a", "e"):  # "e@", "a@": a letter read into the wide "@"
            end = extra + junk
            if end and not head.endswith(end):
                continue
            local = head[: len(head) - len(end)] if end else head
            if not _NAME_LOCAL.match(local):
                continue
            local = _named_local(local, names)
            named = all(part in names for part in re.split(r"[.-]", local.lower()))
            if named or not named_only:
                readings.append((not named, len(end) == 0, len(end), local))
    return min(readings)[3] if readings else None


def _named_local(local: str, names: set[str]) -> str:
    """An address's name part with a misread letter put right where the document
    prints exactly one name one edit away (``camilta.sund`` for Camilla Sund)."""
    parts = re.split(r"([.-])", local)
    for k in range(0, len(parts), 2):
        part = parts[k].lower()
        if part in names or len(part) < 4:
            continue
        near = [n for n in names if abs(len(n) - len(part)) <= 1
                and Levenshtein.distance(n, part) == 1]
        if len(near) == 1:
            parts[k] = near[0]
    return "".join(parts)


def _fix_diary(token: str, evidence: _Evidence) -> Optional[str]:
    m = _DIARY_GLUED.match(token)
    if not m:
        return None
    for prefix in evidence.prefixes:
        if Levenshtein.distance(m.group(1) + "/", prefix + "/") <= 2 and len(prefix) >= 2:
            return f"{prefix}/{m.group(2)}"
    return None


def _fix_name_case(tokens: list[str], i: int, evidence: _Evidence) -> Optional[str]:
    """A lower-case word the document prints capitalised beside the same neighbour
    ("jari Lehtonen" where "Jari Lehtonen" is printed too), capitalised."""
    word = tokens[i]
    if not word.isalpha() or not word.islower():
        return None
    if evidence.lower_words[word] >= 5:
        return None  # a common word ("om"), however a misread line printed it
    title = word.capitalize()
    after = tokens[i + 1].rstrip(_TRAILING) if i + 1 < len(tokens) else ""
    before = tokens[i - 1] if i > 0 else ""
    if (title, after) in evidence.pairs or (before, title) in evidence.pairs:
        return title
    return None


def _join_spaced_addresses(tokens: list[str], evidence: _Evidence) -> list[str]:
    """Join an address OCR split at its "@" ("tiina.ahola & asikkala.fi",
    "anna.nyman Qnykarleby.fi") into one token, when the joined token is an address."""
    out, i = [], 0
    while i < len(tokens):
        joined = None
        if "." in tokens[i] and "@" not in tokens[i]:
            for width in (4, 3, 2):
                window = tokens[i:i + width]
                if len(window) < width or not _DOMAIN_LIKE.search(window[-1].rstrip(_TRAILING).lower()):
                    continue
                # Between the name and the domain: a misread "@", or the rest of the
                # name after a space OCR put behind its dot ("tarja. nurmela").
                if not all(t in _AT_MISREADINGS or (prev.endswith(".") and t.isalpha() and t.islower())
                           for prev, t in zip(window, window[1:-1])):
                    continue
                candidate = "".join(window)
                core = candidate.rstrip(_TRAILING)
                last = window[-1].rstrip(_TRAILING)
                # An unknown domain starts after symbols or a capital (never "e":
                # espoo.fi would lose its first letter).
                own = next((last[len(junk):].lower() for junk in _OWN_DOMAIN_JUNK
                            if last.startswith(junk)
                            and _DOMAIN_LIKE.fullmatch(last[len(junk):].lower())), None)
                fixed = _fix_domain(core, evidence, own)
                if fixed and "@" in fixed:
                    joined = (fixed + candidate[len(core):], width)
                    break
        if joined:
            out.append(joined[0])
            i += joined[1]
        else:
            out.append(tokens[i])
            i += 1
    return out


def _fix_token(tokens: list[str], i: int, evidence: _Evidence) -> Optional[str]:
    token = tokens[i]
    core = token.rstrip(_TRAILING)
    fixed = None
    if len(core) >= 6 and "." in core and evidence.domains:
        fixed = _fix_domain(core, evidence)
    if not fixed and len(core) >= 6 and "/" in core and evidence.prefixes:
        fixed = _fix_diary(core, evidence)
    if fixed:
        return fixed + token[len(core):] if fixed != core else None
    return _fix_code_zero(core, token) or _fix_small_word_case(tokens, i, evidence) \
        or _fix_name_case(tokens, i, evidence)


_O_BY_DIGIT = re.compile(r"(?<=\d)O|O(?=\d)")


def _fix_code_zero(core: str, token: str) -> Optional[str]:
    """"O1TOIO60" → "01TOI060": the letter O beside a digit, in a code of two or more
    digits, is a zero."""
    if "O" not in core or sum(c.isdigit() for c in core) < 2 or not core.isalnum():
        return None
    fixed = _O_BY_DIGIT.sub("0", core)
    return fixed + token[len(core):] if fixed != core else None


def _fix_small_word_case(tokens: list[str], i: int, evidence: _Evidence) -> Optional[str]:
    """"Anhållan Om individuellt": a short capitalised word inside a line that the
    document prints in lower case many times ("om") is that word; OCR took a taller
    first letter for a capital."""
    token = tokens[i]
    core = token.rstrip(_TRAILING)
    if i == 0 or len(core) > 4 or not core[:1].isupper() or not core[1:].islower():
        return None
    if tokens[i - 1].endswith((".", ":", "!", "?", "–", "-")) or not tokens[i - 1][:1].isalpha():
        return None
    if evidence.lower_words[core.lower()] < 5:
        return None
    return core.lower() + token[len(core):]


def correct_from_document(pages: list[Page]) -> list[Page]:
    """Correct OCR misreadings of e-mail addresses, diary numbers and names on the
    OCRed pages with the spellings the document itself prints (see above)."""
    if not any(p.text_source == "ocr" for p in pages):
        return pages
    evidence = _evidence(pages)
    out = []
    for page in pages:
        if page.text_source != "ocr":
            out.append(page)
            continue
        lines = []
        for line in page.lines:
            segments = []
            for seg in line.segments:
                tokens = _join_spaced_addresses(seg.text.split(" "), evidence)
                fixed = [_fix_token(tokens, i, evidence) for i in range(len(tokens))]
                text = " ".join(f or t for f, t in zip(fixed, tokens))
                segments.append(dataclasses.replace(seg, text=text) if text != seg.text else seg)
            lines.append(Line(segments, line.page))
        out.append(dataclasses.replace(page, lines=lines))
    return out

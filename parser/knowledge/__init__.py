"""What the parser knows about minutes, as data: ``labels.yml``, ``cover.yml``,
``formats.yml``, ``words.yml``, ``appeals.yml`` and ``proceedings.yml`` beside this file.

The files are read once, checked (every entry has a known kind and examples, every
pattern compiles) and compiled into :data:`KNOWLEDGE`, a :class:`Knowledge` whose
methods the stages call.  Code holds the mechanisms; wording and forms live in the
files, each with examples that ``tests/test_knowledge.py`` checks.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import yaml

HERE = Path(__file__).resolve().parent
FILES = ("labels.yml", "cover.yml", "formats.yml", "words.yml", "appeals.yml",
         "proceedings.yml")


class KnowledgeError(ValueError):
    """A knowledge file is malformed (raised when the package is imported)."""


def normalise_label(text: str) -> str:
    """Label text as the vocabulary spells it: lower case, no final colon, single spaces,
    no spaces around "/"."""
    text = text.replace("\u00ad", "").replace("\u200b", "").strip().rstrip(":").strip().lower()
    return re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", text))


@dataclass(frozen=True)
class Kind:
    """A section part kind: how far its text runs and whether it always ends a block."""

    name: str
    extent: str  # "text", "list" or "line"
    items: Optional[str] = None  # for "list": the item pattern's name
    core: bool = False


@dataclass(frozen=True)
class OwnerPhrase:
    kind: str
    lang: str
    pattern: re.Pattern
    ends_with: frozenset[str]


@dataclass(frozen=True)
class ItemPattern:
    pattern: re.Pattern
    max_words: int


@dataclass(frozen=True)
class BodyAbbreviation:
    """A body abbreviation of handling lines (``KH``): the body names it may stand for,
    and the name to write by organisation word (``""``: whatever the organisation)."""

    pattern: re.Pattern
    names: dict[str, str]

    def name_for(self, organization: Optional[str]) -> Optional[str]:
        """The name for an organisation (``Asikkalan kunta`` → its ``kunta`` name)."""
        if "" in self.names:
            return self.names[""]
        word = (organization or "").split()[-1:] or [""]
        return self.names.get(word[0].casefold())


@dataclass(frozen=True)
class AppealRoute:
    """An appeal route (``appeals.yml``): the headings that name it, the word of the act
    whose time limit a sentence gives, the route it is a special case of, and the routes
    open beside it."""

    route: str
    headings: frozenset[str]  # normalised
    act: Optional[re.Pattern] = None  # None: no time limit (valituskielto)
    refines: Optional[str] = None
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Phrase:
    """One wording of proceedings.yml: its pattern (matched against one sentence), its
    language and, for phrases of several kinds (seconding, statements), its kind."""

    pattern: re.Pattern
    lang: str
    kind: Optional[str] = None


@dataclass(eq=False)  # compared and hashed by identity: its methods cache by self
class Knowledge:
    """The compiled knowledge files."""

    kinds: dict[str, Kind]
    section_labels: dict[str, str]  # normalised label → kind
    within: dict[str, frozenset[str]]  # normalised label → kinds of part it is a sub-heading of
    owner_phrases: list[OwnerPhrase]
    cover_kinds: dict[str, str]
    cover_labels: dict[str, str]  # normalised label → cover kind
    roles: list[re.Pattern]
    attendance_note: re.Pattern
    document_kinds: dict[str, list[str]]
    section_mark: re.Pattern
    handling_lines: list[re.Pattern]
    diary_prefix: re.Pattern
    diary_number: re.Pattern
    diary_prefixed_short: re.Pattern
    months: dict[str, int]
    numeric_date: re.Pattern
    word_date: re.Pattern
    time: re.Pattern
    item_patterns: dict[str, ItemPattern]
    organisation: re.Pattern
    body_words: re.Pattern
    closing_headings: re.Pattern
    confidentiality: re.Pattern
    confidentiality_max_words: int
    outcomes: list[tuple[str, re.Pattern]]
    title_endings: tuple[str, ...]
    phone_words: list[str]
    email_words: list[str]
    email_pattern_locals: set[str]
    initials_box: re.Pattern
    coordinators: set[str]
    other_decision: re.Pattern
    body_abbreviations: dict[str, "BodyAbbreviation"]  # by folded abbreviation
    diary_keys: list[tuple[re.Pattern, str]]  # (pattern with groups n and y, key format)
    appeal_routes: dict[str, AppealRoute]  # by route name, in appeals.yml order
    appeal_days: list[re.Pattern]  # time-limit phrases, group "days"
    section_list: re.Pattern  # a § list at the start of a paragraph, group "list"
    # proceedings.yml: phrase name → its wordings; count word → stored count key
    phrases: dict[str, list[Phrase]] = field(default_factory=dict)
    count_keys: dict[str, str] = field(default_factory=dict)
    raw: dict[str, Any] = field(repr=False, default_factory=dict)

    # ------------------------------------------------------------------ labels

    @functools.lru_cache(maxsize=65_536)
    def section_label(self, text: str) -> Optional[str]:
        """The part kind a section label names (``"Päätös:"`` → ``"decision"``), or None."""
        key = normalise_label(text)
        if key in self.section_labels:
            return self.section_labels[key]
        owned = self.owner(text)
        return owned[0] if owned else None

    def sub_heading_of(self, label: str, kind: str) -> bool:
        """Whether ``label`` inside an open part of ``kind`` is a sub-heading of it."""
        return kind in self.within.get(normalise_label(label), ())

    @functools.lru_cache(maxsize=65_536)
    def owner(self, text: str) -> Optional[tuple[str, str]]:
        """(kind, owner as printed) of an owner phrase (``"Stadsdirektör Martin Norrgårds
        förslag:"`` → ``("proposal", "Stadsdirektör Martin Norrgård")``), or None."""
        text = re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()
        label = text.rstrip(":").strip()
        # "4. Stadsdirektör … förslag:" (a list's numbering run into the label) is a
        # label; "3. ELY-keskuksen päätös" without the colon is an item of a list.
        numbered = re.match(r"^\d{1,2}[.)]\s+", label)
        if numbered:
            if not text.endswith(":"):
                return None
            label = label[numbered.end():]
        if not label or len(label) > 100 or label[0].islower() or label.endswith("."):
            return None
        last = label.rsplit(None, 1)[-1].lower()
        for phrase in self.owner_phrases:
            if last not in phrase.ends_with:
                continue
            m = phrase.pattern.match(label)
            if m:
                return phrase.kind, m.group("owner")
        return None

    @functools.lru_cache(maxsize=16_384)
    def cover_label(self, text: str) -> Optional[str]:
        """The meaning of a cover-page label, or None.  Long labels also match with a
        letter or two lost by a damaged text layer ("Sammanträdestd")."""
        key = normalise_label(text)
        if key in self.cover_labels:
            return self.cover_labels[key]
        # Only a phrase of the same words, and no numbers: "§ 63 Pöytäkirjan
        # tarkastaminen" is a table-of-contents entry, not "Pöytäkirjan tarkastaminen".
        if (8 <= len(key) <= 40 and len(key.split()) <= 5
                and not any(c.isdigit() or c in "§,.;" for c in key)):
            close = difflib.get_close_matches(key, self._long_cover_labels, n=1, cutoff=0.8)
            if close:
                return self.cover_labels[close[0]]
        return None

    @functools.cached_property
    def _long_cover_labels(self) -> list[str]:
        return [k for k in self.cover_labels if len(k) >= 8]

    def role(self, part: str) -> Optional[str]:
        """``part`` (one comma-separated part after a name) as a meeting role, or None."""
        text = re.sub(r"\s+", " ", part.strip(" .").lower())
        return text if any(p.fullmatch(text) for p in self.roles) else None

    def is_attendance_note(self, part: str) -> bool:
        """Whether ``part`` notes an arrival or leaving ("poistui 17:20")."""
        return bool(self.attendance_note.search(part.strip().lower()))

    def document_kind(self, text: str) -> Optional[str]:
        """"minutes" or "agenda" when ``text`` (a header line) names the document's kind."""
        words = set(re.findall(r"\w+", text.lower()))
        for kind, names in self.document_kinds.items():
            if words & set(names):
                return kind
        return None

    def item_like(self, items: str, text: str) -> bool:
        """Whether ``text`` starts like an item of the list kind ``items``."""
        pattern = self.item_patterns.get(items)
        if pattern is None:
            return False
        text = text.strip()
        return len(text.split()) <= pattern.max_words and bool(pattern.pattern.search(text))

    # ------------------------------------------------------------------ words

    def is_confidentiality_marking(self, text: str) -> bool:
        """Whether the line ``text`` is a confidentiality marking (not a sentence that
        mentions secrecy)."""
        text = text.strip()
        return (len(text.split()) <= self.confidentiality_max_words
                and bool(self.confidentiality.match(text.lower())))

    def is_closing_heading(self, text: str) -> bool:
        """Whether ``text`` is a heading of the appeal instructions or signatures that
        close a document."""
        return bool(self.closing_headings.fullmatch(normalise_label(text)))

    def diary_key(self, diary_number: str) -> Optional[str]:
        """The matter key of a printed diary number (``formats.yml`` diary_keys), or None
        when no form is known."""
        for pattern, key in self.diary_keys:
            m = pattern.search(diary_number)
            if m:
                groups = m.groupdict()
                groups["n"] = str(int(groups["n"]))
                return key.format(**groups)
        return None

    # ------------------------------------------------------------------ appeals

    def appeal_route(self, heading: str) -> Optional[str]:
        """The appeal route a closing heading names (``"Muutoksenhakukielto"`` →
        ``"valituskielto"``), or None (``"Valitusosoitus"`` names none)."""
        key = normalise_label(heading)
        for route in self.appeal_routes.values():
            if key in route.headings:
                return route.route
        return None

    def days_in(self, route: str, text: str) -> Optional[int]:
        """The time limit in days ``text`` prints for ``route``: the first time-limit
        phrase in a sentence naming the route's act, or None."""
        act = self.appeal_routes[route].act
        if act is None:
            return None
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if not act.search(sentence.lower()):
                continue
            found = [m for p in self.appeal_days for m in p.finditer(sentence)]
            if found:
                return int(min(found, key=lambda m: m.start()).group("days"))
        return None

    # ------------------------------------------------------------------ proceedings

    def phrase(self, name: str, sentence: str,
               lang: Optional[str] = None) -> Optional[tuple[Phrase, re.Match]]:
        """The first wording of phrase ``name`` found in ``sentence`` and its match
        (wordings of language ``lang`` only, when given)."""
        for phrase in self.phrases.get(name, ()):
            if lang and phrase.lang != lang:
                continue
            m = phrase.pattern.search(sentence)
            if m:
                return phrase, m
        return None

    def phrase_matches(self, name: str, sentence: str,
                       lang: Optional[str] = None) -> list[tuple[Phrase, re.Match]]:
        """Every match of every wording of phrase ``name`` in ``sentence``, in order."""
        found = [(p, m) for p in self.phrases.get(name, ()) if not lang or p.lang == lang
                 for m in p.pattern.finditer(sentence)]
        return sorted(found, key=lambda pm: pm[1].start())

    def count_key(self, word: str) -> Optional[str]:
        """The stored key of a vote's count word (``"JAA"`` → ``"jaa"``, ``"nej"`` → ``"ei"``)."""
        return self.count_keys.get(word.strip().casefold())

    def outcome(self, decision: str) -> Optional[str]:
        """The first outcome whose words the decision prints (``noted`` only when the
        decision decides nothing else), or None."""
        for name, pattern in self.outcomes:
            if pattern.search(decision):
                if name == "noted" and self.other_decision.search(decision):
                    continue
                return name
        return None


def _compile(pattern: str, where: str, flags: int = 0) -> re.Pattern:
    try:
        return re.compile(pattern, flags)
    except re.error as e:
        raise KnowledgeError(f"{where}: the pattern {pattern!r} does not compile ({e}).")


def _need(mapping: dict, key: str, where: str) -> Any:
    if key not in mapping:
        raise KnowledgeError(f"{where}: '{key}' is missing.")
    return mapping[key]


def _words_pattern(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _appeal_routes(appeals: dict) -> dict[str, AppealRoute]:
    routes = {}
    for entry in _need(appeals, "routes", "appeals.yml"):
        where = f"appeals.yml: route {entry.get('route')!r}"
        if not entry.get("headings") or not entry.get("examples"):
            raise KnowledgeError(f"{where}: needs headings and examples.")
        if entry.get("act") and not entry.get("days_examples"):
            raise KnowledgeError(f"{where}: an act needs days_examples.")
        routes[entry["route"]] = AppealRoute(
            entry["route"], frozenset(normalise_label(h) for h in entry["headings"]),
            _compile(entry["act"], where) if entry.get("act") else None,
            entry.get("refines"), tuple(entry.get("also") or ()))
    for route in routes.values():
        unknown = {route.refines, *route.also} - set(routes) - {None}
        if unknown:
            raise KnowledgeError(f"appeals.yml: route {route.route!r} names unknown routes {sorted(unknown)}.")
    return routes


def _section_list_pattern(spec: dict) -> re.Pattern:
    """A § list at the start of a text: lead word or § sign, items (``83``, ``§83``,
    ``83-85``, ``83 - 85 §``) joined by commas or a joiner word, then the end (a comma
    first where the list wraps on) or a capitalised word, never a lower-case one
    ("§ 24 päätökseen" is a sentence).  Group ``list`` is the list after its lead; a
    list without a § sign or lead word (a bare number) is for the caller to refuse."""
    item = r"(?:§{1,2}\s*)?\d{1,4}(?:\s*[-–—]\s*(?:§\s*)?\d{1,4})?(?:\s*§{1,2}(?![:\w]))?"
    joiners = "|".join(re.escape(j) for j in spec["joiners"])
    separator = rf"(?:\s*[,;]\s*(?:(?:{joiners})\s+)?|\s+(?:{joiners})\s+)"
    lead = rf"(?:(?:{_words_pattern(spec['lead_words'])})\b\s*:?\s*)?"
    return _compile(rf"^\s*{lead}(?P<list>{item}(?:{separator}{item})*)\s*[,;]?\s*(?=$|(?-i:[A-ZÅÄÖ]))",
                    "appeals.yml section_lists", re.I)


# libyaml's safe loader when PyYAML was built with it (ten times faster: every import
# worker reads these files)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(directory: Path = HERE) -> Knowledge:
    """Read and check the knowledge files of ``directory``."""
    raw = {}
    for name in FILES:
        with open(directory / name, encoding="utf-8") as f:
            raw[name] = yaml.load(f, Loader=_Loader)  # noqa: S506 - a safe loader
    labels, cover, formats, words, appeals, proceedings = (raw[n] for n in FILES)

    kinds = {}
    for name, spec in _need(labels, "kinds", "labels.yml").items():
        extent = spec.get("extent")
        if extent not in ("text", "list", "line"):
            raise KnowledgeError(f"labels.yml: kind {name} has extent {extent!r}.")
        kinds[name] = Kind(name, extent, spec.get("items"), bool(spec.get("core")))
    section_labels = {}
    within = {}
    for entry in _need(labels, "labels", "labels.yml"):
        where = f"labels.yml: {entry.get('label')!r}"
        if entry.get("kind") not in kinds:
            raise KnowledgeError(f"{where}: unknown kind {entry.get('kind')!r}.")
        if not entry.get("examples"):
            raise KnowledgeError(f"{where}: no examples.")
        section_labels[normalise_label(entry["label"])] = entry["kind"]
        if entry.get("within"):
            unknown = set(entry["within"]) - set(kinds)
            if unknown:
                raise KnowledgeError(f"{where}: 'within' names unknown kinds {sorted(unknown)}.")
            within[normalise_label(entry["label"])] = frozenset(entry["within"])
    owner_phrases = [
        OwnerPhrase(p["kind"], p["lang"], _compile(p["pattern"], "labels.yml owner_phrases", re.I),
                    frozenset(w.lower() for w in _need(p, "ends_with", "labels.yml owner_phrases")))
        for p in labels.get("owner_phrases", [])
    ]

    cover_kinds = dict(_need(cover, "kinds", "cover.yml"))
    cover_labels = {}
    for entry in cover["labels"]:
        if entry.get("kind") not in cover_kinds:
            raise KnowledgeError(f"cover.yml: {entry.get('label')!r} has unknown kind {entry.get('kind')!r}.")
        cover_labels[normalise_label(entry["label"])] = entry["kind"]
    roles = [_compile(r["pattern"], "cover.yml roles") for r in cover["roles"]]
    document_kinds = {k: [w.lower() for w in v["words"]] for k, v in cover["document_kinds"].items()}

    date = formats["numeric_date"]["pattern"]
    bare_date = r"\d{1,2}\.\s?\d{1,2}\.\s?\d{4}"
    handling_lines = [
        _compile(h["pattern"].replace("{date}", bare_date), "formats.yml handling_lines")
        for h in formats["handling_lines"]
    ]
    diary_forms = "|".join(f["pattern"] for f in formats["diary_forms"])
    months = {}
    for names in formats["months"].values():
        months.update({name: i + 1 for i, name in enumerate(names)})
    word_date = _compile(r"(?<!\d)(\d{1,2})\.?\s+(" + "|".join(months) + r")\s+(\d{4})",
                         "formats.yml months", re.I)
    item_patterns = {
        name: ItemPattern(_compile(spec["pattern"], f"formats.yml item_patterns.{name}"),
                          int(spec.get("max_words", 20)))
        for name, spec in formats["item_patterns"].items()
    }
    for kind in kinds.values():
        if kind.extent == "list" and kind.items not in item_patterns:
            raise KnowledgeError(f"labels.yml: kind {kind.name} lists {kind.items!r} items, "
                                 "which formats.yml item_patterns does not define.")

    organisation_words = words["organisation"]["fi"] + words["organisation"]["sv"]
    appeal_routes = _appeal_routes(appeals)
    # A heading that names a route closes the minutes too: one list of headings.
    closing_words = [normalise_label(w) for w in words["closing_headings"]["words"]]
    closing_words += sorted({h for r in appeal_routes.values() for h in r.headings} - set(closing_words))
    return Knowledge(
        kinds=kinds,
        section_labels=section_labels,
        within=within,
        owner_phrases=owner_phrases,
        cover_kinds=cover_kinds,
        cover_labels=cover_labels,
        roles=roles,
        attendance_note=_compile(cover["attendance_notes"]["pattern"], "cover.yml attendance_notes"),
        document_kinds=document_kinds,
        section_mark=_compile(formats["section_mark"]["pattern"], "formats.yml section_mark"),
        handling_lines=handling_lines,
        diary_prefix=_compile(formats["diary_prefix"]["pattern"], "formats.yml diary_prefix", re.I),
        diary_number=_compile(r"(?<![\w/])(?:" + diary_forms + r")(?![\w/])", "formats.yml diary_forms"),
        diary_prefixed_short=_compile(formats["diary_prefixed_short"]["pattern"], "formats.yml"),
        months=months,
        numeric_date=_compile(date, "formats.yml numeric_date"),
        word_date=word_date,
        time=_compile(formats["time"]["pattern"], "formats.yml time"),
        item_patterns=item_patterns,
        organisation=_compile(
            r"\b([A-ZÅÄÖ][\wåäöÅÄÖ-]*?)\s+(" + _words_pattern(organisation_words) + r")\b",
            "words.yml organisation", re.I),
        body_words=_compile(r"(" + _words_pattern(words["body_words"]["words"]) + r")\b",
                            "words.yml body_words", re.I),
        closing_headings=_compile(
            r"(?:" + _words_pattern(closing_words) + r")",
            "words.yml closing_headings"),
        confidentiality=_compile(words["confidentiality"]["pattern"], "words.yml confidentiality"),
        confidentiality_max_words=int(words["confidentiality"].get("max_words", 16)),
        outcomes=[(o["outcome"], _compile(o["pattern"], "words.yml outcomes", re.I))
                  for o in words["outcomes"]],
        other_decision=_compile(words["other_decision_words"]["pattern"],
                                "words.yml other_decision_words", re.I),
        title_endings=tuple(words["title_endings"]),
        phone_words=list(words["phone_words"]),
        email_words=list(words["email_words"]),
        email_pattern_locals=set(words["email_pattern_locals"]),
        initials_box=_compile(words["initials_box"]["pattern"], "words.yml initials_box", re.I),
        coordinators=set(words["coordinators"]),
        body_abbreviations={
            e["abbreviation"].casefold(): BodyAbbreviation(
                _compile(e["pattern"], "words.yml body_abbreviations", re.I),
                e["name"] if isinstance(e["name"], dict) else {"": e["name"]})
            for e in words["body_abbreviations"]},
        diary_keys=[(_compile(e["pattern"], "formats.yml diary_keys"), e["key"])
                    for e in formats["diary_keys"]],
        appeal_routes=appeal_routes,
        appeal_days=[_compile(p.replace("{days}", r"(?P<days>\d{1,3})"), "appeals.yml days", re.I)
                     for p in _need(appeals, "days", "appeals.yml")["patterns"]],
        section_list=_section_list_pattern(_need(appeals, "section_lists", "appeals.yml")),
        phrases=_phrases(proceedings),
        count_keys={word.casefold(): key for key, words_ in proceedings["count_keys"].items()
                    if key != "examples" for word in words_},
        raw=raw,
    )


def _phrases(proceedings: dict) -> dict[str, list[Phrase]]:
    """proceedings.yml's phrase lists, compiled; every entry needs examples."""
    phrases = {}
    for name, entries in proceedings.items():
        if not isinstance(entries, list):
            continue
        compiled = []
        for entry in entries:
            where = f"proceedings.yml {name}"
            if not entry.get("examples"):
                raise KnowledgeError(f"{where}: {entry.get('pattern')!r} has no examples.")
            compiled.append(Phrase(_compile(_need(entry, "pattern", where), where, re.I),
                                   _need(entry, "lang", where), entry.get("kind")))
        phrases[name] = compiled
    return phrases


#: The package's knowledge, loaded once at import.
KNOWLEDGE = load()

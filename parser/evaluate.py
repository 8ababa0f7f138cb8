"""Accuracy of the parser against gold JSON files: ``minutes eval DIR``.

A gold file is a JSON document in the contract of ``Document.to_dict()``; it may be
*partial*: a field absent from a gold section or meeting is not assessed, while a field
present with ``null`` is (the prediction must be null or empty too).

The flow is three pure steps::

    discover_gold(dir)              → [GoldCase(gold_path, pdf_path, gold)]
    score_document(predicted, gold) → FieldScores (per-field correct/total, section F1,
                                      failures)
    evaluate_dir(dir, parse)        → Report (one per directory; parse is injectable)

Sections are matched by number; gold sections without a number are matched by position.
Short fields are compared exactly after normalisation (whitespace collapsed, soft
hyphens and zero-width characters removed, dashes folded); ``proposal``, ``decision`` and ``text`` by a
similarity ratio (rapidfuzz, 0..1) where :data:`SIMILARITY_THRESHOLD` or more counts as
correct, and the mean similarity is reported too.  A gold section's ``route`` and
``days`` (the appeal gold, ``tests/corpus_gold/lapua_appeals``) are compared with the
predicted section's ``appeal`` as ``appeal_route`` and ``appeal_days``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable, Iterable, Optional

from rapidfuzz import fuzz

from .archive import outcome
from .pipeline import parse_pdf

SIMILARITY_THRESHOLD = 0.95
"""A long-text field whose similarity to gold reaches this counts as correct."""

DOCUMENT_FIELDS = ("kind",)
MEETING_FIELDS = (
    "organization", "body", "number", "date", "start_time", "end_time", "place", "language",
)
SECTION_FIELDS = (
    "title", "page", "diary_number", "preparers", "preparer_contacts", "presenter",
    "proposal", "decision", "text", "confidential", "history", "outcome", "appeal_route",
    "appeal_days",
)
PROCEEDINGS_FIELDS = (
    "counter_proposals", "votes", "vote_members", "disqualifications", "statements",
)
"""Deliberation fields, assessed on gold sections that have their key (gold holds them
at the section's level; the parser under ``Section.proceedings``)."""
ALL_FIELDS = DOCUMENT_FIELDS + tuple(f"meeting.{f}" for f in MEETING_FIELDS) + (
    "meeting.attendees", "meeting.attendee_roles",
) + SECTION_FIELDS + PROCEEDINGS_FIELDS
"""Every field the report lists, in table order."""

LONG_TEXT_FIELDS = ("proposal", "decision", "text")
TRUNCATE = 80

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


# --------------------------------------------------------------------------- results


@dataclass
class FieldScore:
    """How often one field was right; ``similarity`` sums are kept for long texts."""

    correct: int = 0
    total: int = 0
    similarity_sum: float = 0.0
    similarity_count: int = 0

    @property
    def accuracy(self) -> Optional[float]:
        """correct / total, or None when the field was never assessed."""
        return self.correct / self.total if self.total else None

    @property
    def mean_similarity(self) -> Optional[float]:
        """Mean similarity over the assessments that measured one."""
        return self.similarity_sum / self.similarity_count if self.similarity_count else None

    def add(self, correct: bool, similarity: Optional[float] = None) -> None:
        """Record one assessment."""
        self.total += 1
        self.correct += int(correct)
        if similarity is not None:
            self.similarity_sum += similarity
            self.similarity_count += 1

    def merge(self, other: "FieldScore") -> None:
        """Add another score's counts to this one."""
        self.correct += other.correct
        self.total += other.total
        self.similarity_sum += other.similarity_sum
        self.similarity_count += other.similarity_count

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form for ``--json``."""
        return {
            "correct": self.correct,
            "total": self.total,
            "accuracy": self.accuracy,
            "mean_similarity": self.mean_similarity,
        }


@dataclass
class SectionMatch:
    """Section-level counts: gold sections found (tp), missed (fn), extra (fp)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> Optional[float]:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> Optional[float]:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> Optional[float]:
        if not (self.tp or self.fp or self.fn):
            return None
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    def merge(self, other: "SectionMatch") -> None:
        """Add another match's counts to this one."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form for ``--json``."""
        return {**asdict(self), "precision": self.precision, "recall": self.recall,
                "f1": self.f1}


@dataclass
class Failure:
    """One wrong field: where, what gold expected and what the parser gave (truncated)."""

    field: str
    expected: str
    got: str
    section: Optional[int | str] = None
    document: Optional[str] = None


@dataclass
class FieldScores:
    """Scores of one document, or the sum over many."""

    fields: dict[str, FieldScore] = field(default_factory=dict)
    sections: SectionMatch = field(default_factory=SectionMatch)
    failures: list[Failure] = field(default_factory=list)
    # Printed characters of the parser's sections, and how many of them ended in a
    # stored field (Section.assigned_share): no text lost.
    printed_chars: int = 0
    assigned_chars: float = 0.0

    @property
    def assigned(self) -> Optional[float]:
        """Share of the sections' printed characters that ended in a field."""
        return self.assigned_chars / self.printed_chars if self.printed_chars else None

    def score(self, name: str) -> FieldScore:
        """The score of field ``name``, created on first use."""
        return self.fields.setdefault(name, FieldScore())

    def merge(self, other: "FieldScores") -> None:
        """Add another document's scores to this one."""
        for name, score in other.fields.items():
            self.score(name).merge(score)
        self.sections.merge(other.sections)
        self.failures.extend(other.failures)
        self.printed_chars += other.printed_chars
        self.assigned_chars += other.assigned_chars

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form for ``--json``."""
        return {
            "sections": self.sections.to_dict(),
            "fields": {name: self.fields[name].to_dict() for name in _ordered(self.fields)},
            "text_assigned": self.assigned,
        }


@dataclass
class DocumentResult:
    """One gold file: its PDF, its scores, and the error if the parse raised."""

    gold_path: str
    pdf_path: str
    scores: FieldScores
    error: Optional[str] = None


@dataclass
class Report:
    """Everything ``minutes eval`` found for one directory."""

    directory: str
    documents: list[DocumentResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def totals(self) -> FieldScores:
        """Scores summed over every document of the directory."""
        total = FieldScores()
        for doc in self.documents:
            total.merge(doc.scores)
        return total

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form for ``--json``: totals, per-document scores and failures."""
        return {
            "directory": self.directory,
            "totals": self.totals.to_dict(),
            "documents": [
                {
                    "gold": d.gold_path,
                    "pdf": d.pdf_path,
                    "error": d.error,
                    **d.scores.to_dict(),
                    "failures": [asdict(f) for f in d.scores.failures],
                }
                for d in self.documents
            ],
            "skipped": self.skipped,
        }


def _ordered(names: Iterable[str]) -> list[str]:
    """Field names in table order, unknown ones last."""
    rank = {name: i for i, name in enumerate(ALL_FIELDS)}
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))


# --------------------------------------------------------------------------- comparing


# Dashes compare equal: OCR cannot tell "2025–2028" from "2025-2028", and neither can
# a reader searching for the matter.
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")


def normalise(value: Any) -> str:
    """Text for comparison: NFC, invisible characters removed, dashes folded to ``-``,
    whitespace collapsed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).translate(_INVISIBLE).translate(_DASHES)
    return re.sub(r"\s+", " ", text).strip()


def _key(value: Any) -> str:
    """Case-insensitive comparison key (names, person titles, roles, e-mails)."""
    return normalise(value).casefold()


def _digits(value: Any) -> str:
    """Phone numbers compare by their digits only."""
    return re.sub(r"\D", "", normalise(value))


def similarity(expected: Any, got: Any) -> float:
    """Similarity of two texts in 0..1 after normalisation (1.0 when both are empty)."""
    a, b = normalise(expected), normalise(got)
    if not a and not b:
        return 1.0
    return fuzz.ratio(a, b) / 100.0


def _short(value: Any) -> str:
    """A value as a one-line string cut to :data:`TRUNCATE` characters for listings."""
    text = normalise(json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list))
                     else value if value is not None else "null")
    return text if len(text) <= TRUNCATE else text[: TRUNCATE - 1] + "…"


def _same_short(expected: Any, got: Any) -> bool:
    """Exact comparison of short fields after normalisation; None and "" are both empty."""
    return normalise(expected) == normalise(got)


def _preparer_names(people: Optional[list[dict]]) -> set[str]:
    return {_key(p.get("name")) for p in people or [] if p.get("name")}


def _contacts_equal(gold: dict, predicted: Optional[dict]) -> bool:
    """A gold preparer's title/phone/email (where gold has the key) match the prediction."""
    if predicted is None:
        return False
    for key in ("title", "phone", "email"):
        if key not in gold:
            continue
        compare = _digits if key == "phone" else _key
        if compare(gold[key]) != compare(predicted.get(key)):
            return False
    return True


def _assess_preparer_contacts(gold: list[dict], predicted: list[dict]) -> bool:
    by_name = {_key(p.get("name")): p for p in predicted or []}
    return all(_contacts_equal(g, by_name.get(_key(g.get("name")))) for g in gold)


def _presenter_equal(gold: Optional[dict], predicted: Optional[dict]) -> bool:
    """Name and (where gold has it) title agree; a null gold presenter wants null."""
    if not gold:
        return not predicted or not normalise(predicted.get("name"))
    if not predicted:
        return False
    if _key(gold.get("name")) != _key(predicted.get("name")):
        return False
    return "title" not in gold or _key(gold["title"]) == _key(predicted.get("title"))


def _handling_equal(gold: dict, predicted: dict) -> bool:
    """One earlier handling: body, date, number and decision, where gold has them."""
    for key in ("body", "date", "number"):
        if key in gold and not _same_short(gold[key], predicted.get(key)):
            return False
    if "decision" in gold:
        return similarity(gold["decision"], predicted.get("decision")) >= SIMILARITY_THRESHOLD
    return True


def _history_equal(gold: list[dict], predicted: list[dict]) -> bool:
    gold, predicted = gold or [], predicted or []
    return len(gold) == len(predicted) and all(
        _handling_equal(g, p) for g, p in zip(gold, predicted)
    )


# --------------------------------------------------------------------------- scoring


def _record(scores: FieldScores, name: str, ok: bool, expected: Any, got: Any,
            section: Optional[int | str] = None, sim: Optional[float] = None) -> None:
    scores.score(name).add(ok, sim)
    if not ok:
        scores.failures.append(Failure(name, _short(expected), _short(got), section))


def score_meeting(predicted: dict, gold: dict, scores: FieldScores) -> None:
    """Assess the meeting fields gold has (attendees as a name set and their roles)."""
    for name in MEETING_FIELDS:
        if name in gold:
            _record(scores, f"meeting.{name}", _same_short(gold[name], predicted.get(name)),
                    gold[name], predicted.get(name))
    if "attendees" not in gold:
        return
    gold_people = gold["attendees"] or []
    got_people = predicted.get("attendees") or []
    gold_names, got_names = _preparer_names(gold_people), _preparer_names(got_people)
    f1 = _set_f1(gold_names, got_names)
    _record(scores, "meeting.attendees", gold_names == got_names,
            sorted(gold_names - got_names), sorted(got_names - gold_names), sim=f1)
    with_roles = [a for a in gold_people if "role" in a]
    if with_roles:
        by_name = {_key(a.get("name")): a for a in got_people}
        wrong = [a for a in with_roles
                 if _key(a["role"]) != _key((by_name.get(_key(a.get("name"))) or {}).get("role"))]
        _record(scores, "meeting.attendee_roles", not wrong,
                [f"{a['name']}: {a['role']}" for a in wrong],
                [f"{a['name']}: {(by_name.get(_key(a.get('name'))) or {}).get('role')}"
                 for a in wrong])


def _set_f1(gold: set, got: set) -> float:
    if not gold and not got:
        return 1.0
    tp = len(gold & got)
    return 2 * tp / (len(gold) + len(got))


def score_section(predicted: dict, gold: dict, scores: FieldScores) -> None:
    """Assess the fields one gold section has against its matched prediction."""
    where = gold.get("number", gold.get("title"))
    if "title" in gold:
        _record(scores, "title", _same_short(gold["title"], predicted.get("title")),
                gold["title"], predicted.get("title"), where)
    page_keys = [k for k in ("page_start", "page_end") if k in gold]
    if page_keys:
        _record(scores, "page", all(gold[k] == predicted.get(k) for k in page_keys),
                [gold[k] for k in page_keys], [predicted.get(k) for k in page_keys], where)
    if "diary_number" in gold:
        _record(scores, "diary_number",
                _same_short(gold["diary_number"], predicted.get("diary_number")),
                gold["diary_number"], predicted.get("diary_number"), where)
    if "preparers" in gold:
        _score_preparers(gold["preparers"] or [], predicted.get("preparers") or [],
                         scores, where)
    if "presenter" in gold:
        _record(scores, "presenter", _presenter_equal(gold["presenter"],
                                                      predicted.get("presenter")),
                gold["presenter"], predicted.get("presenter"), where)
    for name in LONG_TEXT_FIELDS:
        if name in gold:
            sim = similarity(gold[name], predicted.get(name))
            _record(scores, name, sim >= SIMILARITY_THRESHOLD, gold[name],
                    predicted.get(name), where, sim)
    if "confidential" in gold:
        got = bool(predicted.get("confidential"))
        _record(scores, "confidential", bool(gold["confidential"]) == got,
                gold["confidential"], got, where)
    if "history" in gold:
        _record(scores, "history", _history_equal(gold["history"], predicted.get("history")),
                _history_summary(gold["history"]), _history_summary(predicted.get("history")),
                where)
    # Appeal gold names the route and days on the section itself; null wants no appeal.
    appeal = predicted.get("appeal") or {}
    if "route" in gold:
        _record(scores, "appeal_route", _same_short(gold["route"], appeal.get("route")),
                gold["route"], appeal.get("route"), where)
    if "days" in gold:
        _record(scores, "appeal_days", gold["days"] == appeal.get("days"),
                gold["days"], appeal.get("days"), where)
    score_proceedings(predicted.get("proceedings") or {}, gold, scores, where)
    if "outcome" in gold:
        # The archive's outcome of the handling; gold that records a vote beside the
        # outcome ("voted") wants "vote", the outcome that names how it was decided.
        want = "vote" if gold.get("voted") else gold["outcome"]
        got = outcome(SimpleNamespace(decision=predicted.get("decision"),
                                      proposal=predicted.get("proposal")))
        _record(scores, "outcome", want == got, want, got, where)


def _names(people: Any) -> list[str]:
    """A list of names (or one name) as sorted comparison keys."""
    if people is None:
        return []
    return sorted(_key(p) for p in ([people] if isinstance(people, str) else people))


def _counter_proposals_equal(gold: list[dict], predicted: list[dict]) -> bool:
    """Matched by proposer; each right when its seconders and result are."""
    by = {_key(p.get("by")): p for p in predicted}
    if len(by) != len(predicted) or len(predicted) != len(gold):
        return False
    return all(
        (p := by.get(_key(g.get("by")))) is not None
        and _names(g.get("seconded_by")) == _names(p.get("seconded_by"))
        and g.get("result") == p.get("result")
        for g in gold)


def _counts(counts: Optional[dict]) -> dict[str, int]:
    """A vote's counts without the zeros (a side printed as 0 and one not printed agree)."""
    return {_key(k): v for k, v in (counts or {}).items() if v}


def _votes_equal(gold: list[dict], predicted: list[dict]) -> bool:
    """Counts and winner of every vote, in order."""
    return len(gold) == len(predicted) and all(
        _counts(g.get("counts")) == _counts(p.get("counts")) and g.get("winner") == p.get("winner")
        for g, p in zip(gold, predicted))


def _members(members: Optional[dict]) -> dict[str, str]:
    return {_key(name): _key(side) for name, side in (members or {}).items()}


def _ground_agrees(gold: Optional[str], got: Optional[str]) -> bool:
    """Grounds compared loosely: either contains the other once normalised."""
    a, b = _key(gold), _key(got)
    if not a:
        return True
    return bool(b) and (a in b or b in a)


def _disqualifications_equal(gold: list[dict], predicted: list[dict]) -> bool:
    persons = {_key(d.get("person")): d for d in predicted}
    return set(persons) == {_key(d.get("person")) for d in gold} and all(
        _ground_agrees(g.get("ground"), persons[_key(g.get("person"))].get("ground"))
        for g in gold)


def _statement_keys(statements: list[dict]) -> set[tuple[str, tuple[str, ...]]]:
    return {(_key(s.get("kind")), tuple(_names(s.get("by")))) for s in statements}


def _summary(items: list[dict], keys: tuple[str, ...]) -> list[str]:
    return [" ".join(str(i.get(k)) for k in keys) for i in items]


def score_proceedings(predicted: dict, gold: dict, scores: FieldScores,
                      where: Optional[int | str] = None) -> None:
    """Assess the deliberation fields gold has: counter-proposals (by proposer; proposer,
    seconders and result), votes (counts and winner), per-member votes (where gold
    prints them), disqualifications (the persons; grounds loosely) and statements
    (kind and who)."""
    if "counter_proposals" in gold:
        g, p = gold["counter_proposals"] or [], predicted.get("counter_proposals") or []
        _record(scores, "counter_proposals", _counter_proposals_equal(g, p),
                _summary(g, ("by", "seconded_by", "result")),
                _summary(p, ("by", "seconded_by", "result")), where)
    if "votes" in gold:
        g, p = gold["votes"] or [], predicted.get("votes") or []
        _record(scores, "votes", _votes_equal(g, p), _summary(g, ("counts", "winner")),
                _summary(p, ("counts", "winner")), where)
        listed = [(k, v) for k, v in enumerate(g) if v.get("members")]
        for k, vote in listed:
            got = p[k].get("members") if k < len(p) else None
            _record(scores, "vote_members", _members(vote["members"]) == _members(got),
                    vote["members"], got, where)
    if "disqualifications" in gold:
        g, p = gold["disqualifications"] or [], predicted.get("disqualifications") or []
        _record(scores, "disqualifications", _disqualifications_equal(g, p),
                _summary(g, ("person", "ground")), _summary(p, ("person", "ground")), where)
    if "statements" in gold:
        g, p = gold["statements"] or [], predicted.get("statements") or []
        _record(scores, "statements", _statement_keys(g) == _statement_keys(p),
                _summary(g, ("kind", "by")), _summary(p, ("kind", "by")), where)


def _score_preparers(gold: list[dict], predicted: list[dict], scores: FieldScores,
                     where: Optional[int | str]) -> None:
    gold_names, got_names = _preparer_names(gold), _preparer_names(predicted)
    _record(scores, "preparers", gold_names == got_names,
            sorted(gold_names), sorted(got_names), where)
    if any(k in g for g in gold for k in ("title", "phone", "email")):
        _record(scores, "preparer_contacts", _assess_preparer_contacts(gold, predicted),
                gold, predicted, where)


def _history_summary(history: Optional[list[dict]]) -> list[str]:
    return [f"{h.get('body')} {h.get('date')} § {h.get('number')}" for h in history or []]


def match_sections(predicted: list[dict], gold: list[dict]) -> list[tuple[dict, Optional[dict]]]:
    """Pair each gold section with a predicted one: by number, else by position."""
    used: set[int] = set()
    by_number: dict[Any, list[int]] = {}
    for i, section in enumerate(predicted):
        by_number.setdefault(section.get("number"), []).append(i)
    pairs = []
    for position, section in enumerate(gold):
        number = section.get("number")
        if number is not None:
            candidates = [i for i in by_number.get(number, []) if i not in used]
        else:
            candidates = [position] if position < len(predicted) and position not in used else []
        if candidates:
            used.add(candidates[0])
            pairs.append((section, predicted[candidates[0]]))
        else:
            pairs.append((section, None))
    return pairs


def score_document(predicted: dict, gold: dict) -> FieldScores:
    """Compare one parsed document (contract dict) with its gold dict.

    :param predicted: ``Document.to_dict()`` of the parser's output
    :param gold: the gold JSON; absent fields are not assessed; with
        ``"sections_partial": true`` it lists only some of the document's sections
    """
    scores = FieldScores()
    for name in DOCUMENT_FIELDS:
        if name in gold:
            _record(scores, name, _same_short(gold[name], predicted.get(name)), gold[name],
                    predicted.get(name))
    if "meeting" in gold:
        score_meeting(predicted.get("meeting") or {}, gold["meeting"] or {}, scores)
    predicted_sections = predicted.get("sections") or []
    pairs = match_sections(predicted_sections, gold.get("sections") or [])
    for gold_section, got in pairs:
        if got is None:
            scores.sections.fn += 1
            scores.failures.append(Failure(
                "section", _short(gold_section.get("title")), "missing",
                gold_section.get("number")))
            continue
        scores.sections.tp += 1
        score_section(got, gold_section, scores)
    if not gold.get("sections_partial"):
        # Gold that lists only some sections (deliberation gold lists those with any)
        # says nothing about the others: they are not extra.
        scores.sections.fp += len(predicted_sections) - scores.sections.tp
    for section in predicted_sections:
        printed = len(normalise(section.get("full_text")))
        share = section.get("assigned_share")
        if printed and share is not None:
            scores.printed_chars += printed
            scores.assigned_chars += printed * share
    return scores


def failed_scores(gold: dict, error: str) -> FieldScores:
    """Scores of a document whose parse raised: every assessed field is wrong."""
    scores = score_document(gold, gold)
    for score in scores.fields.values():
        score.correct = 0
        score.similarity_sum = 0.0
    scores.sections = SectionMatch(fn=len(gold.get("sections") or []))
    scores.failures = [Failure("parse", "a document", _short(error))]
    return scores


# --------------------------------------------------------------------------- files


@dataclass
class GoldCase:
    """A gold file and the PDF it describes."""

    gold_path: Path
    pdf_path: Path
    gold: dict


def _pdf_for(gold_path: Path, gold: dict) -> Optional[Path]:
    """The PDF a gold file describes: its source.path beside the gold file, else the
    same stem, else source.path's file name beside the gold file."""
    here = gold_path.parent
    source = str((gold.get("source") or {}).get("path") or "")
    candidates = []
    if source:
        candidates.append(here / source)
    candidates.append(gold_path.with_suffix(".pdf"))
    if source:
        candidates.append(here / Path(source).name)
    for path in candidates:
        if path.suffix.lower() == ".pdf" and path.is_file():
            return path.resolve()
    return None


def discover_gold(directory: str | Path) -> tuple[list[GoldCase], list[str]]:
    """Gold files in ``directory`` (not recursive) and the JSON files passed over.

    A gold file is a ``*.json`` holding an object with a ``sections`` key whose PDF can
    be found (see :func:`_pdf_for`); other JSON files are listed as skipped with why.
    """
    cases, skipped = [], []
    for path in sorted(Path(directory).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            skipped.append(f"{path.name}: not readable JSON ({e})")
            continue
        if not isinstance(data, dict) or "sections" not in data:
            continue
        pdf = _pdf_for(path, data)
        if pdf is None:
            skipped.append(f"{path.name}: no PDF found for it")
            continue
        cases.append(GoldCase(path, pdf, data))
    return cases, skipped


def _as_dict(document: Any) -> dict:
    return document.to_dict() if hasattr(document, "to_dict") else dict(document)


def evaluate_case(case: GoldCase, parse: Callable[[Path], Any]) -> DocumentResult:
    """Parse one gold case's PDF and score it; a raising parse scores all wrong."""
    try:
        predicted = _as_dict(parse(case.pdf_path))
    except Exception as e:  # noqa: BLE001 - any parser failure is a measured result
        error = f"{type(e).__name__}: {e}".rstrip(": ")
        scores, err = failed_scores(case.gold, error), error
    else:
        scores, err = score_document(predicted, case.gold), None
    for failure in scores.failures:
        failure.document = case.gold_path.name
    return DocumentResult(str(case.gold_path), str(case.pdf_path), scores, err)


def evaluate_dir(path: str | Path, parse: Optional[Callable[[Path], Any]] = None) -> Report:
    """Score every gold file in ``path``.

    :param path: a directory holding gold JSON files (and usually their PDFs)
    :param parse: ``PDF path → Document`` (or contract dict); defaults to ``parse_pdf``
    """
    if (Path(path) / MATTERS_GOLD).is_file():
        return evaluate_matters(path, parse)
    parse = parse or parse_pdf
    cases, skipped = discover_gold(path)
    return Report(str(path), [evaluate_case(c, parse) for c in cases], skipped)


# --------------------------------------------------------------------------- matters

#: A gold directory holding this file is gold of matters: every handling of each
#: matter across documents (issue 14), scored over an archive of the documents it names.
MATTERS_GOLD = "matters.json"
MATTER_FIELDS = ("matter.handlings", "matter.body", "matter.document", "matter.page",
                 "matter.outcome")


def evaluate_matters(path: str | Path, parse: Optional[Callable[[Path], Any]] = None) -> Report:
    """Score ``minutes matter`` timelines against ``matters.json``: the PDFs the gold
    names (each handling's own document and those reprinting it, relative to the gold's
    ``corpus`` folder) are imported into a temporary archive, then for every gold
    matter: ``matter.handlings`` (the set of dates and §§ is the gold's), and per gold
    handling found: ``matter.body``, ``matter.document`` (the PDF that records it as its
    own section, by file name; none for a handling only reprinted), ``matter.page``,
    ``matter.outcome``."""
    import tempfile

    from .importer import import_paths
    from .register import matter_timeline
    from .search import open_archive

    gold_path = Path(path) / MATTERS_GOLD
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    corpus = (gold_path.parent / gold.get("corpus", ".")).resolve()
    names = {name for m in gold["matters"] for h in m["handlings"]
             for name in [h.get("document"), *h.get("reprinted_in", [])] if name}
    pdfs = sorted(str(corpus / name) for name in names)
    missing = [p for p in pdfs if not Path(p).is_file()]
    report = Report(str(path), skipped=[f"{p}: not found" for p in missing])
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "archive.db"
        options = {"parse": parse, "workers": 0} if parse else {}
        import_paths(db, [p for p in pdfs if p not in missing], **options)
        conn = open_archive(db)
        try:
            for matter in gold["matters"]:
                timeline = matter_timeline(conn, matter.get("organization"), matter["diary_number"])
                scores = score_matter(matter, (timeline or {}).get("handlings", []))
                for failure in scores.failures:
                    failure.document = matter["diary_number"]
                report.documents.append(DocumentResult(str(gold_path), matter["diary_number"], scores))
        finally:
            conn.close()
    return report


def score_matter(gold: dict, handlings: list[dict]) -> FieldScores:
    """Scores of one matter's timeline (``minutes matter --json`` handlings) against gold."""
    scores = FieldScores()
    got = {(h.get("date"), h.get("number")): h for h in handlings}
    want = [(h["date"], h["number"]) for h in gold["handlings"]]
    _record(scores, "matter.handlings", sorted(got, key=str) == sorted(want, key=str),
            want, sorted(got, key=str), None)
    for g in gold["handlings"]:
        h = got.get((g["date"], g["number"]))
        if h is None:
            continue
        where = f"{g['date']} § {g['number']}"
        _record(scores, "matter.body", _same_short(g["body"], h.get("body")), g["body"],
                h.get("body"), where)
        if g.get("document"):
            # A handling recorded as its own section: that PDF and page (a handling only
            # reprinted in the corpus is printed wherever the reprint is).
            own = Path(g["document"]).name
            _record(scores, "matter.document", Path(h.get("document") or "").name == own, own,
                    h.get("document"), where)
            _record(scores, "matter.page", h.get("page") == g.get("page"), g.get("page"),
                    h.get("page"), where)
        _record(scores, "matter.outcome", g.get("outcome") == h.get("outcome"), g.get("outcome"),
                h.get("outcome"), where)
    return scores


# --------------------------------------------------------------------------- printing


def _fmt(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_report(report: Report, verbose: bool = False) -> str:
    """A readable table (field, correct/total, accuracy, mean similarity)."""
    totals = report.totals
    s = totals.sections
    lines = [
        f"{report.directory}: {len(report.documents)} gold file(s)"
        + (f", {sum(d.error is not None for d in report.documents)} parse error(s)"
           if any(d.error for d in report.documents) else ""),
        f"  {'field':<24} {'correct/total':>13} {'accuracy':>9} {'similarity':>10}",
        f"  {'sections (F1)':<24} {f'{s.tp}/{s.tp + s.fn}':>13} {_fmt(s.f1):>9} "
        f"{'':>10}  P {_fmt(s.precision)} R {_fmt(s.recall)}",
    ]
    for name in _ordered(totals.fields):
        score = totals.fields[name]
        lines.append(
            f"  {name:<24} {f'{score.correct}/{score.total}':>13} "
            f"{_fmt(score.accuracy):>9} {_fmt(score.mean_similarity):>10}"
        )
    if totals.assigned is not None:
        lines.append(f"  {'text assigned':<24} {'':>13} {_fmt(totals.assigned):>9}")
    for note in report.skipped:
        lines.append(f"  skipped {note}")
    if verbose:
        lines.extend(_failure_lines(report))
    return "\n".join(lines)


def format_table(reports: list[Report], markdown: bool = False) -> str:
    """Every field of several reports side by side, one column per source: accuracy
    and how many were assessed ("0.981 (283)"); "–" where a source has no gold."""
    names = _ordered({name for r in reports for name in r.totals.fields})
    heads = [Path(r.directory).name or r.directory for r in reports]
    totals = [r.totals for r in reports]

    def cell(total: FieldScores, name: str) -> str:
        if name == "sections (F1)":
            s = total.sections
            return f"{_fmt(s.f1)} ({s.tp + s.fn})" if s.f1 is not None else "–"
        if name == "text assigned":
            return _fmt(total.assigned) if total.assigned is not None else "–"
        score = total.fields.get(name)
        return f"{_fmt(score.accuracy)} ({score.total})" if score and score.total else "–"

    rows = [["field", *heads]] + [
        [name, *(cell(t, name) for t in totals)]
        for name in ["sections (F1)", *names, "text assigned"]
    ]
    rows.insert(1, ["documents", *(str(len(r.documents)) for r in reports)])
    if markdown:
        out = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        out += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(out)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                               for i, (c, w) in enumerate(zip(row, widths))) for row in rows)


def _failure_lines(report: Report) -> list[str]:
    lines = []
    for doc in report.documents:
        if not doc.scores.failures:
            continue
        lines.append(f"  {Path(doc.gold_path).name} ({Path(doc.pdf_path).name}):")
        for f in doc.scores.failures:
            where = f"§ {f.section} " if f.section is not None else ""
            lines.append(f"    {where}{f.field}: expected {f.expected!s} | got {f.got!s}")
    return lines

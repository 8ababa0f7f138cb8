"""Stage 4b: a section's deliberation becomes its :class:`Proceedings`.

What happened at the table is printed as sentences, under ``Käsittely`` / ``Behandling``
or inside the decision itself: "Keskustelun kuluessa Rauno Latvala teki vastaehdotuksen,
että asia palautetaan uuteen valmisteluun. Maiju Lemettinen, Jaana Tuuri ja Marko
Makkonen kannattivat Latvalan vastaehdotusta. … annettiin 0 JAA-ääntä ja 8 EI-ääntä
(Kaartinen, Kuusisaari, …)". The section's own parts of those kinds are split into
sentences and each sentence is read with the phrases of ``knowledge/proceedings.yml``:

- a counter-proposal (its proposer is the name printed right before the verb), its
  seconders (the names joined to ``kannatti`` / ``kannattivat``, ``jota … kannatti``, or
  in the genitive before ``kannattamana``), its withdrawal or lapse;
- a vote: the sentence that sets its sides (its subject), its counts, and per member
  where the names are printed with the counts;
- disqualifications (every person named outside parentheses in an ``esteellinen`` /
  ``jäävi`` sentence, with the ground printed there);
- dissents and statements recorded in the minutes.

Names are read as printed ("Firstname Surname"; a word starts a name when it is a first
name, by the meeting's attendees, the document's own first names or Voikko's lexicon)
and put in the form the attendee list prints when they are inflected ("Pekka Hellan" →
"Pekka Hella") or printed by surname only (vote lists).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from .knowledge import KNOWLEDGE
from .model import (Attendee, CounterProposal, Disqualification, Part, Presenter,
                    Proceedings, Statement, Vote)
from .people import is_first_name

#: The part kinds whose sentences are read (labels.yml kinds).
READ_KINDS = ("deliberation", "decision", "disqualification")

_ABBREVIATIONS = frozenset(w.casefold() for w in KNOWLEDGE.raw["proceedings.yml"]["abbreviations"]["words"])
_SENTENCE_END = re.compile(r"[.!?][\"”]?\s+(?=[\"”(]?[A-ZÅÄÖÜ0-9])")
_WORD = re.compile(r"[A-ZÅÄÖÜÉ][\wåäöüéÅÄÖ'’]*(?:-[\wåäöüéÅÄÖ'’]+)*")
# Between the names of one list: a comma, "ja", "sekä", and lower-case titles
# ("lautakunnan varapuheenjohtaja", "kaupunginvaltuuston 2. varapuheenjohtaja").
_NAME_GAP = re.compile(r"^\s*(?:,|\bja\b|\bsekä\b|\boch\b|\bsamt\b)?\s*(?:,\s*)?"
                       r"(?:(?:[a-zåäö0-9][\wåäö.-]*|\d+\.)\s+){0,4}$")
# A word after a name that makes the name the owner of a proposal ("Marcus Topparin
# esitystä", "Latvalan tekemää vastaehdotusta"): the name refers to a proposal.
_PROPOSAL_WORD = re.compile(r"^\s*(?:\w*esity|\w*ehdotu|tekem|esittäm|ehdottam|ponsi|förslag)", re.I)
# Where a vote's subject passes to its EI side: after "äänestävät JAA" / "röstar ja", or at
# Helsinki's "EI-ehdotus:" (after "JAA-ehdotus: …").
_CONTINUES = re.compile(r"^(?:[a-zåäö]|[-–]\s*\d)")
_VOTE_SIDE = re.compile(r"\bEI-ehdotus\b|\bjaa\b(?!-ehdotus)|\bröstar\s+ja\b", re.I)


@dataclass
class _Name:
    """A name as printed in a sentence, with its position."""

    text: str
    start: int
    end: int

    @property
    def first(self) -> str:
        return self.text.split()[0]

    @property
    def last(self) -> str:
        return self.text.split()[-1]


@dataclass
class _Sentence:
    text: str
    last_in_paragraph: bool
    next_paragraph: Optional[str]


def sentences(text: str) -> list[str]:
    """``text`` split into sentences: at a full stop before a capital, not after an
    abbreviation (``ns.``, ``klo``) or an ordinal (``1. varapuheenjohtaja``, ``5. Rooli``)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start:m.start()].rsplit(None, 1)
        last = before[-1] if before else ""
        if last.casefold().strip("(\"”") in _ABBREVIATIONS or re.fullmatch(r"\d{1,3}", last):
            continue
        out.append(text[start:m.start() + 1].strip())
        start = m.end()
    rest = text[start:].strip()
    return out + ([rest] if rest else [])


class _People:
    """The names a section's sentences may print, and their canonical form."""

    def __init__(self, attendees: Iterable[Attendee], known_first: Iterable[str]):
        self.attendees = [a for a in attendees if a.name and len(a.name.split()) >= 2]
        self.members = [a.name for a in self.attendees if a.group == "members"]
        self.known_first = set(known_first) | {a.name.split()[0] for a in self.attendees}

    def is_first(self, word: str) -> bool:
        return word in self.known_first or is_first_name(word)

    def names(self, sentence: str) -> list[_Name]:
        """Every name printed in ``sentence``: a run of capitalised words from a first
        name on (first names, then one surname); parentheses are left out."""
        words = [m for m in _WORD.finditer(sentence) if not _in_parentheses(sentence, m.start())]
        runs: list[list[re.Match]] = []
        for m in words:
            if runs and sentence[runs[-1][-1].end():m.start()] == " ":
                runs[-1].append(m)
            else:
                runs.append([m])
        found = []
        for run in runs:
            i = 0
            while i < len(run) - 1:
                if self.is_first(run[i].group()):
                    j = i + 1
                    while j < len(run) - 1 and self.is_first(run[j].group()):
                        j += 1
                    found.append(_Name(" ".join(w.group() for w in run[i:j + 1]),
                                       run[i].start(), run[j].end()))
                    i = j + 1
                else:
                    i += 1
        return found

    def canonical(self, printed: str) -> str:
        """A printed name in the attendee list's form: the same name, or the attendee
        with this first name whose surname the printed (inflected) one starts like."""
        for a in self.attendees:
            if a.name.casefold() == printed.casefold():
                return a.name
        words = printed.split()
        for a in self.attendees:
            first, last = a.name.split()[:-1], a.name.split()[-1]
            if [w.casefold() for w in first] == [w.casefold() for w in words[:-1]] \
                    and _same_stem(last, words[-1]):
                return a.name
        return printed

    def by_surname(self, surname: str) -> str:
        """A member printed by surname only (``Kuusisaari`` in a vote list), in full."""
        surname = surname.strip()
        hits = [a.name for a in self.attendees if a.name.split()[-1].casefold() == surname.casefold()]
        members = [n for n in hits if n in self.members]
        hits = members or hits
        return hits[0] if len(hits) == 1 else surname


def _in_parentheses(text: str, position: int) -> bool:
    return text.count("(", 0, position) > text.count(")", 0, position)


def _stem(surname: str) -> str:
    """The part of a surname its inflections keep (consonant gradation changes the end:
    Kangas → Kankaan, Ylimäki → Ylimäen)."""
    return surname[:max(3, len(surname) - 3)].casefold()


def _same_stem(nominative: str, printed: str) -> bool:
    return printed.casefold().startswith(_stem(nominative))


def _refers_to(text: str, name: Optional[str]) -> bool:
    """Whether ``text`` names person ``name`` in any inflection (by surname)."""
    if not name:
        return False
    stem = re.escape(_stem(name.split()[-1]))
    return bool(re.search(rf"(?<![\w-]){stem}", text, re.I))


def read_proceedings(parts: list[Part], attendees: Iterable[Attendee] = (),
                     known_first: Iterable[str] = (),
                     presenter: Optional[Presenter] = None,
                     language: Optional[str] = None) -> Proceedings:
    """The proceedings of one handling from its labelled parts.

    :param parts: the handling's parts (``Section.parts``); those of the kinds in
        :data:`READ_KINDS` are read, in order
    :param attendees: the meeting's attendees (inflected and surname-only names are
        put in their form; "the other members" are they)
    :param known_first: first names seen first-name-first in the document
    :param presenter: the section's presenter (a dissent signed by title is theirs)
    :param language: the document's language ("fi", "sv"): only its wordings are read
        (every language's when None)
    """
    people = _People(attendees, known_first)
    reader = _Reader(people, presenter, language)
    paragraphs: list[str] = []
    for part in parts:
        if part.kind not in READ_KINDS:
            continue
        for k, p in enumerate(p.strip() for p in (part.text or "").split("\n\n")):
            # A sentence broken by a paragraph break ("… klo 20.01" / "- 20.03
            # kaupunginhallituksen jäsen …") goes on: the break is not an end.
            if k and paragraphs and _CONTINUES.match(p) and not re.search(r"[.!?:]$", paragraphs[-1]):
                paragraphs[-1] += " " + p
            elif p:
                paragraphs.append(p)
    for k, paragraph in enumerate(paragraphs):
        said = sentences(re.sub(r"\s+", " ", paragraph))
        for i, text in enumerate(said):
            last = i == len(said) - 1
            reader.read(_Sentence(text, last, paragraphs[k + 1] if last and k + 1 < len(paragraphs) else None))
    return reader.finish()


class _Reader:
    """Reads sentences in order, keeping what the earlier ones established."""

    def __init__(self, people: _People, presenter: Optional[Presenter], language: Optional[str]):
        self.people = people
        self.language = language
        self.presenter = presenter
        self.proceedings = Proceedings()
        self.collective: set[int] = set()  # counter-proposals every member seconded
        self.adopted_named: list[str] = []  # names in "päätökseksi tuli X:n esitys"
        self.vote_subject: Optional[str] = None
        self.vote_sides: dict[int, str] = {}  # id(vote) → the side the proposals took

    def _phrase(self, name: str, text: str):
        return KNOWLEDGE.phrase(name, text, self.language)

    def _matches(self, name: str, text: str):
        return KNOWLEDGE.phrase_matches(name, text, self.language)

    # ------------------------------------------------------------------ sentences

    def read(self, s: _Sentence) -> None:
        text = s.text
        names = self.people.names(text)
        made = self._counter_proposal(s, names)
        self._seconding(text, names, made)
        self._withdrawal_and_lapse(text, names)
        self._amendment(text, names)
        self._vote(text)
        if self._phrase("adoption", text):
            self.adopted_named += [n.text for n in names]
        self._disqualification(text, names)
        self._statement(s, names)

    def _counter_proposal(self, s: _Sentence, names: list[_Name]) -> Optional[CounterProposal]:
        hit = self._phrase("counter_proposal", s.text)
        if not hit:
            return None
        phrase, m = hit
        by = next((n for n in reversed(names) if n.end <= m.start()
                   and not s.text[n.end:m.start()].strip()), None)
        if by is None and phrase.lang == "sv":
            # Swedish puts the subject after the verb: "Under diskussionen föreslog
            # ledamot Anna Ek …".
            verb_end = m.start() + len(re.match(r"\w+", s.text[m.start():]).group())
            by = next((n for n in names if n.start >= verb_end
                       and _NAME_GAP.match(s.text[verb_end:n.start])), None)
        if by is None:
            return None  # "Puheenjohtaja esitti, että …": the chair's order, not a proposal
        text = (m.group("text") or "").strip().strip("\"”“ ").rstrip(".").strip("\"”“ ")
        if text.startswith(",") or not text:
            text = ""
        if not text and s.last_in_paragraph and s.text.rstrip().endswith(":"):
            text = s.next_paragraph or ""
        proposal = CounterProposal(by=self.people.canonical(by.text), text=text or None)
        self.proceedings.counter_proposals.append(proposal)
        return proposal

    def _target(self, text: str, names: list[_Name]) -> Optional[CounterProposal]:
        """The counter-proposal a sentence refers to: by its proposer's name (full or
        surname, inflected), else the last one made."""
        proposals = self.proceedings.counter_proposals
        for n in names:
            if _PROPOSAL_WORD.match(text[n.end:]):
                for p in reversed(proposals):
                    if p.by and n.first == p.by.split()[0] and _same_stem(p.by.split()[-1], n.last):
                        return p
        for p in reversed(proposals):
            if _refers_to(text, p.by):
                return p
        return proposals[-1] if proposals else None

    def _seconding(self, text: str, names: list[_Name], made: Optional[CounterProposal]) -> None:
        for phrase, m in self._matches("seconding", text):
            if phrase.kind == "relative":
                target = made or self._target(text, [])
                seconders = [n for n in names if m.start("text") <= n.start < m.end("text")]
            elif phrase.kind == "participle":
                if made is None:
                    continue  # "… on tehnyt Sini Syrjälän kannattamana …": a restatement
                target = made
                chain = _chain_before(text, names, m.start())
                seconders = [n for n in chain if not _is_proposer(n, made)]
            elif phrase.kind == "collective":
                target = made or self._target(text[m.start():], names)
                if target is None:
                    continue
                self.collective.add(id(target))
                if self._phrase("seconding_others", text):
                    for member in self.people.members:
                        if member != target.by and member not in target.seconded_by:
                            target.seconded_by.append(member)
                continue
            else:
                if any(p.kind in ("relative", "collective")
                       for p, _ in self._matches("seconding", text)):
                    continue
                chain = _chain_before(text, names, m.start()) or _chain_after(text, names, m.end())
                seconders = [n for n in chain if not _PROPOSAL_WORD.match(text[n.end:])]
                rest = text[m.end():] if _chain_before(text, names, m.start()) else text[:m.start()]
                if self._phrase("base_proposal", rest) and not any(
                        _PROPOSAL_WORD.match(text[n.end:]) for n in names):
                    continue  # seconding the presenter's (changed) proposal
                target = self._target(rest, [n for n in names if n not in seconders])
            if target is None:
                continue
            for n in seconders:
                name = self.people.canonical(n.text)
                if name != target.by and name not in target.seconded_by:
                    target.seconded_by.append(name)

    def _withdrawal_and_lapse(self, text: str, names: list[_Name]) -> None:
        for phrase_name, result in (("withdrawal", "withdrawn"), ("lapsed", "not_seconded")):
            hit = self._phrase(phrase_name, text)
            if not hit:
                continue
            proposals = self.proceedings.counter_proposals
            named = [p for p in proposals if any(_refers_to(n.text, p.by) for n in names)]
            if result == "withdrawn":
                # The one who withdraws is the name closest before the verb.
                before = [n for n in names if n.end <= hit[1].start()]
                named = [p for p in proposals if before and _refers_to(before[-1].text, p.by)] or named
            target = named[-1] if named else (proposals[-1] if proposals else None)
            if target is not None:
                target.result = result

    def _amendment(self, text: str, names: list[_Name]) -> None:
        """"Sari Oja-Lipasti muutti esitystään siten, että …": the proposer's new text."""
        hit = self._phrase("amendment", text)
        if not hit:
            return
        before = [n for n in names if n.end <= hit[1].start()]
        for p in reversed(self.proceedings.counter_proposals):
            if before and _refers_to(before[-1].text, p.by):
                p.text = hit[1].group("text").strip().rstrip(".") or p.text
                return

    def _vote(self, text: str) -> None:
        order = self._phrase("vote_order", text)
        if order:
            self.vote_subject = order[1].group("text").strip()
        counts: dict[str, int] = {}
        for _, m in self._matches("vote_count", text):
            key = KNOWLEDGE.count_key(m.group("key"))
            if key and key not in counts:
                counts[key] = int(m.group("n"))
        sides: list[str] = []
        for _, m in self._matches("vote_for", text):
            side = "jaa" if self._phrase("base_proposal", m.group("text")) else "ei"
            counts.setdefault(side, int(m.group("n")))
            sides.append(m.group("text"))
        if not counts:
            return
        votes = self.proceedings.votes
        vote = votes[-1] if votes and not (set(counts) & set(votes[-1].counts)) \
            and self.vote_subject is None else None
        if vote is None:
            vote = Vote(subject=self.vote_subject)
            if vote.subject is None and sides:
                vote.subject = " / ".join(sides)
            votes.append(vote)
            self.vote_subject = None
        vote.counts.update(counts)
        members = {}
        for _, m in self._matches("vote_members", text):
            key = KNOWLEDGE.count_key(m.group("key"))
            for printed in re.split(r",\s*|\s+(?:ja|och)\s+", m.group("text")):
                printed = printed.strip(" .")
                if printed:
                    full = self.people.by_surname(printed) if len(printed.split()) == 1 else printed
                    members[full] = key
        if members:
            vote.members = {**(vote.members or {}), **members}
        yes, no = vote.counts.get("jaa"), vote.counts.get("ei")
        vote.winner = None if yes is None or no is None or yes == no else ("jaa" if yes > no else "ei")

    def _disqualification(self, text: str, names: list[_Name]) -> None:
        if not self._phrase("disqualification", text):
            return
        ground = self._phrase("disqualification_ground", text)
        colon = text.find(":")
        for k, n in enumerate(names):
            person = self.people.canonical(n.text)
            if any(d.person == person for d in self.proceedings.disqualifications):
                continue
            if ground:
                cause = ground[1].group("ground").strip()
            elif 0 <= colon < n.start:
                # A declared list ("Todettiin seuraavat esteellisyydet: Arttu Nikkari -
                # sivistyslautakunta Mikko Martikkala …"): each cause follows its name.
                end = names[k + 1].start if k + 1 < len(names) else len(text)
                cause = text[n.end:end].strip(" -–:,;.") or None
            else:
                cause = None
            self.proceedings.disqualifications.append(Disqualification(person, cause))

    def _statement(self, s: _Sentence, names: list[_Name]) -> None:
        hit = self._phrase("statement", s.text)
        if not hit:
            return
        phrase, m = hit
        if phrase.kind == "dissent":
            by = [n.text for n in names if n.start < m.start()]
        else:
            by = [n.text for n in names]
        if not by and self.presenter and self.presenter.title \
                and self.presenter.title.casefold() in s.text.casefold():
            by = [self.presenter.name]  # "Sivistys- ja hyvinvointijohtaja jätti … eriävän mielipiteen"
        text = None
        if s.text.rstrip().endswith(":") and s.last_in_paragraph:
            text = s.next_paragraph
        elif phrase.kind != "dissent":
            text = s.text
        self.proceedings.statements.append(
            Statement(phrase.kind, [self.people.canonical(b) for b in by], text))

    # ------------------------------------------------------------------ results

    def finish(self) -> Proceedings:
        """Settle each counter-proposal's result from what the sentences established."""
        proposals = self.proceedings.counter_proposals
        for vote in self.proceedings.votes:
            open_ = [p for p in proposals if p.result is None and (p.seconded_by or id(p) in self.collective)]
            subject = vote.subject or ""
            side_text = subject[_side_split(subject):] if subject else ""
            voted = [p for p in open_ if _refers_to(side_text, p.by)] or open_[-1:]
            for p in voted:
                jaa_side = subject[:_side_split(subject)] if subject else ""
                side = "jaa" if _refers_to(jaa_side, p.by) and not _refers_to(side_text, p.by) else "ei"
                if vote.winner:
                    p.result = "won_vote" if vote.winner == side else "lost_vote"
        adopted = None
        if not self.proceedings.votes:
            for p in proposals:
                if p.result is None and (id(p) in self.collective
                                         or any(_refers_to(n, p.by) for n in self.adopted_named)):
                    p.result, adopted = "adopted", p
        for p in proposals:
            if p.result is None:
                p.result = "not_decided" if (p.seconded_by or adopted) else "not_seconded"
        return self.proceedings


def _side_split(subject: str) -> int:
    """Where a vote's subject passes from its JAA side to its EI side."""
    m = _VOTE_SIDE.search(subject)
    return m.end() if m else 0


def _is_proposer(name: _Name, proposal: CounterProposal) -> bool:
    return bool(proposal.by) and name.first == proposal.by.split()[0] \
        and _same_stem(proposal.by.split()[-1], name.last)


def _chain_before(text: str, names: list[_Name], position: int) -> list[_Name]:
    """The names joined to what stands at ``position`` from before it: "Hannu Saarela ja
    lautakunnan varapuheenjohtaja Simo Ikola kannattivat"."""
    chain: list[_Name] = []
    end = position
    for n in reversed([n for n in names if n.end <= position]):
        gap = text[n.end:end]
        if not (gap.strip() == "" if not chain else _NAME_GAP.match(gap)):
            break
        chain.insert(0, n)
        end = n.start
        # A title before the first name ("Valtuutettu Sami Kuula") is not a gap.
    return chain


def _chain_after(text: str, names: list[_Name], position: int) -> list[_Name]:
    """The names joined to what stands at ``position`` from after it: "kannattivat Rauno
    Latvala, Jaana Tuuri ja Hanne Ronkainen"."""
    chain: list[_Name] = []
    start = position
    for n in [n for n in names if n.start >= position]:
        if not _NAME_GAP.match(text[start:n.start]):
            break
        chain.append(n)
        start = n.end
    return chain

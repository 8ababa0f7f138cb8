"""The decision register: what the staff pages of ``minutes serve`` show (issue 13).

Plain functions over an open archive connection (``sqlite3``, with
:func:`parser.datasette_plugin.register_sql_functions` registered), each returning plain
dicts and lists that a template (``parser/templates``) or ``json.dumps`` takes as they
are; the Datasette plugin only routes requests to them.

- :class:`SearchRequest` reads the search form: words, municipality, body, a date range
  written as ``1.1.2024``, ``2024-01-01``, ``3/2024`` or a bare year, outcome, sort order
  and page; :func:`search` answers it with the hits of one page, their count, and for
  no hits "did you mean" suggestions from the archive's own vocabulary.
- :func:`section_page`, :func:`meeting_page`, :func:`matter_page` and
  :func:`person_page` gather one section (with its deliberation and appeal route), one
  meeting (document), every handling of one matter (:func:`matter_timeline` is the JSON
  of ``minutes matter``) and what one person prepared, presented and attended.
- :func:`highlighter` marks, in any text, the words a search matched, inflected and
  ä/ö-less forms included (the same readings the full-text index stores).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import sqlite3
import unicodedata
from urllib.parse import urlencode as _urlencode
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Optional

from markupsafe import Markup, escape

from . import lemmas
from .archive import PDF_ROUTE, diary_key
from .archive import matter_id as archive_matter_id
from .archive import person_key
from .knowledge import KNOWLEDGE

#: Hits on one page of results.
PAGE_SIZE = 20
#: At most this many hits are ranked and counted; past it the page says so (a search
#: this broad is narrowed, not paged through).
MAX_HITS = 1000
#: A search that matches more sections than this ranks the newest this many (by import
#: order) by relevance: FTS5 has no score-ordered index, so ranking every match of a
#: common word costs ~1 µs each (a quarter of a second for 200,000 matches).
RANK_POOL = 5000
#: bm25 weights of the sections_fts columns (title, text, proposal, decision, lemmas,
#: full_text), as in ``minutes search``.
BM25 = "bm25(sections_fts, 10.0, 1.0, 2.0, 5.0, 1.0, 0.5)"

SORTS = {
    "osuvuus": "osuvimmat ensin",
    "uusin": "uusimmat ensin",
    "vanhin": "vanhimmat ensin",
}

#: Outcome codes of ``sections.outcome`` (parser.archive.outcome) in Finnish.
OUTCOMES = {
    "approved": "hyväksyttiin ehdotuksen mukaan",
    "amended": "muutettiin ehdotuksesta",
    "tabled": "pantiin pöydälle",
    "returned": "palautettiin valmisteluun",
    "vote": "äänestettiin",
    "noted": "merkittiin tiedoksi",
    "rejected": "hylättiin",
}

#: Appeal routes (sections.appeal_route, parser.appeals) as the section page says them.
APPEAL_ROUTES = {
    "valituskielto": "ei muutoksenhakua (valituskielto)",
    "oikaisuvaatimus": "oikaisuvaatimus",
    "kunnallisvalitus": "kunnallisvalitus",
    "hallintovalitus": "hallintovalitus",
    "hankintaoikaisu": "hankintaoikaisu tai valitus markkinaoikeuteen",
}

ROLE_GROUPS = {
    "members": "Jäsenet",
    "others": "Muut läsnäolijat",
    "absent": "Poissa",
}


# --------------------------------------------------------------------------- dates

_FI_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTH = re.compile(r"(\d{1,2})[./](\d{4})")
_YEAR = re.compile(r"(\d{4})")


class DateError(ValueError):
    """A date the search form cannot read; its message is a Finnish sentence."""


def parse_date(value: Optional[str], *, end: bool = False) -> Optional[str]:
    """An ISO date from what a person types: ``1.1.2024``, ``2024-01-01``, ``3/2024``
    (a month) or ``2024`` (a year).  A month or year is its first day, or with
    ``end`` its last, so ``2024``–``2024`` is the whole year.  Empty gives None.

    >>> parse_date("1.1.2024"), parse_date("2024", end=True), parse_date("2/2024", end=True)
    ('2024-01-01', '2024-12-31', '2024-02-29')
    """
    text = (value or "").strip().rstrip(".")
    if not text:
        return None
    try:
        if m := _FI_DATE.fullmatch(text):
            return _dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        if m := _ISO_DATE.fullmatch(text):
            return _dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        if m := _MONTH.fullmatch(text):
            year, month = int(m[2]), int(m[1])
            first = _dt.date(year, month, 1)
            if not end:
                return first.isoformat()
            following = _dt.date(year + month // 12, month % 12 + 1, 1)
            return (following - _dt.timedelta(days=1)).isoformat()
        if m := _YEAR.fullmatch(text):
            return f"{m[1]}-12-31" if end else f"{m[1]}-01-01"
    except ValueError:
        pass
    raise DateError(
        f"Päivämäärää ”{text}” ei tunnistettu: kirjoita esimerkiksi 1.1.2024, "
        "2024-01-01 tai pelkkä vuosi 2024.")


def finnish_date(iso: Optional[str]) -> str:
    """``2024-03-05`` → ``5.3.2024``; anything else as it is."""
    if not iso:
        return ""
    m = _ISO_DATE.fullmatch(iso)
    return f"{int(m[3])}.{int(m[2])}.{m[1]}" if m else iso


# --------------------------------------------------------------------------- highlighting

@functools.lru_cache(maxsize=65_536)
def fold(word: str) -> str:
    """Lower case without ä/ö/å, as the full-text index compares words."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_TEXT_WORD = re.compile(r"\w+(?:[-:]\w+)*", re.UNICODE)
_QUERY_WORD = re.compile(r"\w+", re.UNICODE)


def highlighter(query: str) -> Callable[..., bool]:
    """A test of one printed word: does the search ``query`` match it?

    A word matches when it is a query word (ä/ö and case aside) or when one of its base
    forms or compound parts, as :func:`parser.lemmas.lemmatize` indexes it in the
    document's language, is a query word's base form, or holds a query compound's parts
    in order; a query word of four letters or more also matches a word it begins with up
    to four more letters (a name's case endings: ``Poutu`` → ``Poutun``).  So
    ``koulukuljetus`` marks ``koulukuljetuksen`` and ``paatos`` marks ``päätöksestä``.
    """
    plain: set[str] = set()
    bases: set[str] = set()
    compounds: list[tuple[str, ...]] = []
    for word in _QUERY_WORD.findall(query or ""):
        if word in ("OR", "AND", "NOT"):
            continue
        plain.add(fold(word))
        for language in ("fi", "sv"):
            for base, parts in lemmas.word_alternatives(word, language):
                bases.add(fold(base))
                if parts:
                    compounds.append(tuple(fold(p) for p in parts))
    prefixes = [p for p in plain if len(p) >= 4 and p.isalpha()]

    @functools.lru_cache(maxsize=8192)  # a page's texts repeat their words
    def matches(word: str, language: str = "fi") -> bool:
        folded = fold(word)
        if folded in plain or any(folded.startswith(p) and len(folded) - len(p) <= 4 for p in prefixes):
            return True
        tokens = [fold(t) for t in lemmas.lemmatize(word, language).split()]
        if any(t in bases for t in tokens):
            return True
        return any(tuple(tokens[i:i + len(parts)]) == parts
                   for parts in compounds for i in range(len(tokens) - len(parts) + 1))

    return matches


def mark(text: Optional[str], matches: Callable[..., bool], language: str = "fi") -> Markup:
    """``text`` escaped, every matching word in ``<mark>``."""
    if not text:
        return Markup("")
    out: list[str] = []
    last = 0
    for m in _TEXT_WORD.finditer(text):
        if matches(m.group(), language):
            out.append(str(escape(text[last:m.start()])))
            out.append(f"<mark>{escape(m.group())}</mark>")
            last = m.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def snippet(texts: Iterable[Optional[str]], matches: Callable[..., bool],
            language: str = "fi", words: int = 30) -> Markup:
    """About ``words`` words around the first match in the first text that has one,
    with the matches marked; without a match, the first text's beginning."""
    texts = [t for t in texts if t]
    for text in texts:
        spans = list(_TEXT_WORD.finditer(text))
        for i, m in enumerate(spans):
            if matches(m.group(), language):
                first = max(0, i - words // 3)
                last = min(len(spans) - 1, first + words)
                start, end = spans[first].start(), spans[last].end()
                return Markup("{}{}{}").format(
                    "… " if start > 0 else "",
                    mark(" ".join(text[start:end].split()), matches, language),
                    " …" if end < len(text) else "")
    return Markup(escape(first_lines(texts[0] if texts else "", words)))


#: Outcomes whose words mark the paragraph that says what was decided (a vote's words mark
#: the deliberation before it).
_DECIDING = ("approved", "amended", "returned", "tabled", "rejected", "noted")


def decision_core(decision: Optional[str]) -> Optional[str]:
    """The paragraph of a decision that says what was decided: minutes often print the
    discussion first ("Kaupunginjohtaja alusti asiaa. Keskustelussa …") and the decision
    after it ("Kaupunginvaltuusto hyväksyi …"); the first paragraph when none says so."""
    paragraphs = [p for p in (decision or "").split("\n\n") if p.strip()]
    for paragraph in paragraphs:
        if KNOWLEDGE.outcome(paragraph) in _DECIDING:
            return paragraph
    return paragraphs[0] if paragraphs else decision


def first_lines(text: Optional[str], words: int = 40) -> str:
    """The beginning of ``text``: about ``words`` words on one line."""
    parts = (text or "").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


# --------------------------------------------------------------------------- search

@dataclass
class SearchRequest:
    """The search form: what a person typed, read into filters (dates as ISO)."""

    query: str = ""
    organization: str = ""
    body: str = ""
    since: Optional[str] = None
    until: Optional[str] = None
    outcome: str = ""
    sort: str = "osuvuus"
    page: int = 1
    #: The form's fields as typed, to show them again.
    form: dict[str, str] = field(default_factory=dict)
    #: Finnish sentences about fields that could not be read (then left out).
    errors: list[str] = field(default_factory=list)

    #: URL parameter of each form field.
    PARAMS = {"query": "q", "organization": "kunta", "body": "toimielin",
              "since": "alkaen", "until": "asti", "outcome": "tulos",
              "sort": "jarjestys", "page": "sivu"}

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> "SearchRequest":
        """Read the form from URL parameters (``q``, ``kunta``, ``toimielin``,
        ``alkaen``, ``asti``, ``tulos``, ``jarjestys``, ``sivu``)."""
        form = {name: " ".join(str(params.get(name) or "").split()) for name in cls.PARAMS.values()}
        request = cls(query=form["q"], organization=form["kunta"], body=form["toimielin"],
                      outcome=form["tulos"], form=form)
        for attr, name, end in (("since", "alkaen", False), ("until", "asti", True)):
            try:
                setattr(request, attr, parse_date(form[name], end=end))
            except DateError as e:
                request.errors.append(str(e))
        if request.since and request.until and request.since > request.until:
            request.errors.append("Alkupäivä on loppupäivän jälkeen, joten rajaus jätettiin pois.")
            request.since = request.until = None
        if form["tulos"] and form["tulos"] not in OUTCOMES:
            request.outcome = ""
        request.sort = form["jarjestys"] if form["jarjestys"] in SORTS else "osuvuus"
        try:
            request.page = max(1, min(int(form["sivu"] or 1), MAX_HITS // PAGE_SIZE))
        except ValueError:
            request.page = 1
        return request

    def params(self, **changes: Any) -> dict[str, str]:
        """The URL parameters of this search with ``changes`` (e.g. ``sivu=2``), empty
        ones left out."""
        values = {k: v for k, v in self.form.items() if v}
        values.pop("sivu", None)
        values.update({k: str(v) for k, v in changes.items() if v not in (None, "")})
        return values


#: The form's filters: request attribute → SQL condition on ``sections s``.
_FILTERS = {
    "organization": "s.organization = :organization collate nocase",
    "body": "s.body = :body collate nocase",
    "since": "s.date >= :since",
    "until": "s.date <= :until",
    "outcome": "s.outcome = :outcome",
}


def _filters(request: SearchRequest) -> tuple[str, dict[str, Any]]:
    """SQL conditions on ``sections s`` for the filters given, and their parameters."""
    params = {name: getattr(request, name) for name in _FILTERS if getattr(request, name)}
    return " and ".join(_FILTERS[name] for name in params), params


_HIT_COLUMNS = """s.id, s.title, s.organization, s.body, s.date, s.number, s.diary_number,
  s.decision, s.proposal, s.text, s.full_text, s.document_id, s.page_start,
  s.document_kind, s.confidential, s.outcome, s.text_source, s.language, d.pdf_withheld,
  d.filename"""


def search(conn: sqlite3.Connection, request: SearchRequest) -> dict[str, Any]:
    """One page of hits for ``request``, best first (or newest / oldest first).

    Returns ``{"hits": [...], "count": n, "more": bool, "page": p, "pages": n,
    "suggestions": [...]}``: ``count`` is exact up to :data:`MAX_HITS` (``more`` says
    there are more; then, by relevance, the best of the newest :data:`RANK_POOL` matches
    are shown and ``ranked_among`` says so); each hit has the section's fields, ``snippet`` (HTML, matches
    marked, inflected forms included) and its links.  A query of no words gives no hits.
    """
    from .datasette_plugin import minutes_match

    result: dict[str, Any] = {"hits": [], "count": 0, "more": False, "page": request.page,
                              "pages": 0, "suggestions": []}
    if not request.query:
        return result
    where, params = _filters(request)
    params["match"] = minutes_match(request.query)
    # "+rowid": the filter's rowids are only looked up while the full-text index streams
    # its matches; without the "+" SQLite hands them to FTS5 as rowid constraints, one
    # full-text lookup per filtered section (a minute for a date range at 1 M sections).
    restrict = f"and +rowid in (select s.rowid from sections s where {where})" if where else ""
    count = conn.execute(
        f"select count(*) from (select rowid from sections_fts where sections_fts match :match "
        f"{restrict} limit {MAX_HITS + 1})", params).fetchone()[0]
    result["count"] = min(count, MAX_HITS)
    result["more"] = count > MAX_HITS
    result["pages"] = -(-result["count"] // PAGE_SIZE)
    if not count:
        result["suggestions"] = suggestions(conn, request)
        return result
    offset = (request.page - 1) * PAGE_SIZE
    if request.sort == "osuvuus":
        bound = ""
        if result["more"]:
            # Many matches: rank only the newest RANK_POOL of them (read newest first
            # from the index, which does not score them).
            floor = conn.execute(
                f"select rowid from sections_fts where sections_fts match :match {restrict} "
                f"order by rowid desc limit 1 offset {RANK_POOL - 1}", params).fetchone()
            if floor is not None:
                bound = f"and rowid >= {int(floor[0])}"
                result["ranked_among"] = RANK_POOL
        order_sql = f"""
          select c.rowid from (
            select rowid, {BM25} as score from sections_fts
            where sections_fts match :match {restrict} {bound} order by score limit {MAX_HITS}
          ) as c join sections s on s.rowid = c.rowid
          order by c.score, s.date desc, s.number limit {PAGE_SIZE} offset {offset}"""
    else:
        direction = "desc" if request.sort == "uusin" else "asc"
        order_sql = f"""
          select s.rowid from sections s
          where s.rowid in (select rowid from sections_fts where sections_fts match :match)
            {'and ' + where if where else ''}
          order by s.date {direction}, s.number {direction} limit {PAGE_SIZE} offset {offset}"""
    rowids = [r[0] for r in conn.execute(order_sql, params)]
    if not rowids:
        return result
    rows = {r["rowid"]: r for r in _dicts(conn.execute(
        f"select s.rowid as rowid, {_HIT_COLUMNS} from sections s "
        f"join documents d on d.id = s.document_id "
        f"where s.rowid in ({','.join('?' * len(rowids))})", rowids))}
    matches = highlighter(request.query)
    for rowid in rowids:
        row = rows.get(rowid)
        if row is None:
            continue
        hit = _section_summary(row)
        language = "sv" if row["language"] == "sv" else "fi"
        hit["title_html"] = mark(row["title"], matches, language)
        hit["snippet"] = snippet(
            [row["decision"], row["proposal"], row["text"], row["full_text"]], matches, language)
        result["hits"].append(hit)
    return result


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def _section_summary(row: Mapping[str, Any]) -> dict[str, Any]:
    """The fields a list of sections shows, and its links."""
    return {
        "id": row["id"],
        "title": row["title"],
        "organization": row["organization"],
        "body": row["body"],
        "date": row["date"],
        "date_fi": finnish_date(row["date"]),
        "number": row["number"],
        "diary_number": row["diary_number"],
        "decision_start": first_lines(decision_core(row["decision"]), 45),
        "document_kind": row["document_kind"],
        "confidential": bool(row["confidential"]),
        "outcome": row["outcome"],
        "outcome_fi": OUTCOMES.get(row["outcome"] or "", ""),
        "text_source": row["text_source"],
        "url": section_url(row["id"]),
        "meeting_url": meeting_url(row["document_id"]),
        "matter_url": matter_url(row["organization"], row["diary_number"]),
        "pdf_url": None if row.get("pdf_withheld") else pdf_url(row["document_id"], row["page_start"]),
        "page": row["page_start"],
    }


# --------------------------------------------------------------------------- suggestions

def suggestions(conn: sqlite3.Connection, request: SearchRequest, limit: int = 3) -> list[dict[str, str]]:
    """"Did you mean" for a search with no hits: the query with each word that matches
    nothing replaced by the closest word of the archive's own vocabulary (typos such
    as ``koulukuljetsu``), kept only when the new query finds something."""
    from rapidfuzz import fuzz, process

    from .datasette_plugin import minutes_match

    words = _QUERY_WORD.findall(request.query)
    if not words or len(words) > 6:
        return []
    vocabulary = _vocabulary(conn)
    if vocabulary is None:
        return []
    options: list[list[str]] = []
    for word in words:
        if _finds(conn, minutes_match(word)):
            options.append([word])
            continue
        folded = fold(word)
        if len(folded) < 4:
            options.append([word])
            continue
        candidates = {term: docs for term, docs in conn.execute(
            f"select term, doc from {vocabulary} where term >= ? and term < ? and length(term) "
            "between ? and ?", (folded[:2], folded[:2] + "\uffff", len(folded) - 3, len(folded) + 3))
            if term.isalpha()}
        # The closest words, each read as its base form (koulukuljetusta → koulukuljetus):
        # one suggestion per base form, the closest and most printed first.
        bases: dict[str, tuple[float, int]] = {}
        for term, score, _i in process.extract(folded, list(candidates), scorer=fuzz.ratio,
                                               limit=12, score_cutoff=70):
            tokens = lemmas.lemmatize(_spelled(term)).split()
            base = tokens[0] if tokens else term
            best, docs = bases.get(base, (0.0, 0))
            bases[base] = (max(best, score), docs + candidates[term])
        ranked = sorted(bases, key=lambda b: (-round(bases[b][0]), -bases[b][1]))
        options.append(ranked[:limit] or [word])
    found: list[dict[str, str]] = []
    for i in range(limit):
        query = " ".join(opts[min(i, len(opts) - 1)] for opts in options)
        if query == request.query or any(f["query"] == query for f in found):
            continue
        if _finds(conn, minutes_match(query)):
            found.append({"query": query, "url": "/?" + _urlencode(request.params(q=query))})
    return found


def _finds(conn: sqlite3.Connection, expression: str) -> bool:
    return conn.execute("select 1 from sections_fts where sections_fts match ? limit 1",
                        (expression,)).fetchone() is not None


def _vocabulary(conn: sqlite3.Connection) -> Optional[str]:
    """A temporary ``fts5vocab`` table over the full-text index (temp: the archive is
    opened read-only); None when the index is missing."""
    try:
        conn.execute("create virtual table if not exists temp.minutes_vocabulary "
                     "using fts5vocab(main, 'sections_fts', 'row')")
    except sqlite3.Error:
        return None
    return "temp.minutes_vocabulary"


def _spelled(term: str) -> str:
    """A folded index term written with its ä/ö when the dictionary knows that spelling."""
    restored = lemmas.restorations(term)
    return restored[0][0] if restored else term


# --------------------------------------------------------------------------- links

def section_url(section_id: str) -> str:
    return f"/pykala/{section_id}"


def meeting_url(document_id: str) -> str:
    return f"/kokous/{document_id}"


def matter_url(organization: Optional[str], diary_number: Optional[str]) -> Optional[str]:
    if not diary_number:
        return None
    return "/asia?" + _urlencode({"kunta": organization or "", "dnro": diary_number})


def pdf_url(document_id: str, page: Optional[int]) -> str:
    return f"{PDF_ROUTE}{document_id}#page={page or 1}"


# --------------------------------------------------------------------------- pages

def _one(conn: sqlite3.Connection, sql: str, params: Iterable[Any]) -> Optional[dict[str, Any]]:
    rows = _dicts(conn.execute(sql, tuple(params)))
    return rows[0] if rows else None


def _same_text(a: Optional[str], b: Optional[str]) -> bool:
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


#: Counter-proposal results (parser.proceedings) in Finnish.
PROPOSAL_RESULTS = {
    "withdrawn": "peruttiin", "not_seconded": "raukesi kannattamattomana",
    "lost_vote": "hävisi äänestyksen", "won_vote": "voitti äänestyksen",
    "adopted": "hyväksyttiin", "not_decided": "ei ratkaistu",
}


def proceedings(conn: sqlite3.Connection, section_id: str) -> dict[str, Any]:
    """The deliberation of a section's handling as the section page shows it:
    counter-proposals, votes (counts and, where printed, each member's vote),
    disqualified members and dissents."""
    import json

    counter = [dict(r, seconded_by=json.loads(r["seconded_by"] or "[]"),
                    result_fi=PROPOSAL_RESULTS.get(r["result"] or "", r["result"] or ""))
               for r in _dicts(conn.execute(
                   "select proposer, seconded_by, text, result from counter_proposals "
                   "where section_id = ? order by position", (section_id,)))]
    votes = []
    for r in _dicts(conn.execute(
            "select subject, yes, no, blank, absent, winner, members from votes "
            "where section_id = ? order by position", (section_id,))):
        members = json.loads(r["members"] or "null") or {}
        votes.append({**r, "members": sorted(members.items(), key=lambda kv: (kv[1], kv[0]))})
    disqualified = _dicts(conn.execute(
        "select person, ground from disqualifications where section_id = ? order by position",
        (section_id,)))
    statements = [dict(r, people=json.loads(r["people"] or "[]")) for r in _dicts(conn.execute(
        "select kind, people, text from statements where section_id = ? order by position",
        (section_id,)))]
    return {"counter_proposals": counter, "votes": votes, "disqualified": disqualified,
            "statements": statements}


def _appeal(route: Optional[str], days: Optional[int]) -> Optional[str]:
    """``oikaisuvaatimus, 14 päivää``: how the decision can be appealed."""
    if not route:
        return None
    name = APPEAL_ROUTES.get(route, route)
    return f"{name}, {days} päivää" if days else name


def _differs(row: Mapping[str, Any]) -> bool:
    """Whether the decision departs from the proposal: amended, sent back or tabled, or
    (outcome unknown) a different text.  "Ehdotus hyväksyttiin" does not differ."""
    if not (row["proposal"] and row["decision"]):
        return False
    if row["outcome"] in ("amended", "returned", "tabled", "rejected"):
        return True
    return row["outcome"] is None and not _same_text(row["proposal"], row["decision"])


def section_page(conn: sqlite3.Connection, section_id: str) -> Optional[dict[str, Any]]:
    """One section with its meeting, preparers, presenter, parts, earlier handlings and
    the other handlings of its matter; None when there is no such section."""
    row = _one(conn, "select s.*, d.pdf_withheld, d.filename, d.meeting_number, d.kind "
                     "from sections s join documents d on d.id = s.document_id where s.id = ?",
               [section_id])
    if row is None:
        return None
    page = _section_summary(row)
    page.update({
        "text": row["text"],
        "proposal": row["proposal"],
        "decision": row["decision"],
        "decision_differs": _differs(row),
        "presenter": ", ".join(p for p in (row["presenter_title"], row["presenter_name"]) if p),
        "presenter_url": person_url(row["presenter_name"]),
        "appeal": _appeal(row.get("appeal_route"), row.get("appeal_days")),
        "pdf_withheld": bool(row["pdf_withheld"]),
        "filename": row["filename"],
        "meeting_number": row["meeting_number"],
        "language": row["language"],
        "page_end": row["page_end"],
        "ocr_confidence": row["ocr_confidence"],
        "repaired_words": row["repaired_words"],
    })
    page["preparers"] = [dict(p, url=person_url(p["name"])) for p in _dicts(conn.execute(
        "select name, title, phone, email from preparers where section_id = ? "
        "and handling_id is null order by position", (section_id,)))]
    page["parts"] = [p for p in _dicts(conn.execute(
        "select kind, label, text from parts where section_id = ? and handling_position is null "
        "order by position", (section_id,)))
        if p["kind"] not in ("proposal", "decision", "preparer", "presenter")]
    page.update(proceedings(conn, section_id))
    matter = matter_page(conn, row["organization"], row["diary_number"]) if row["diary_number"] else None
    page["other_handlings"] = [h for h in (matter or {}).get("handlings", [])
                               if h.get("section_id") != section_id]
    return page


def meeting_page(conn: sqlite3.Connection, document_id: str) -> Optional[dict[str, Any]]:
    """One meeting (document): cover facts, attendees by group and role, sections."""
    doc = _one(conn, "select * from documents where id = ?", [document_id])
    if doc is None:
        return None
    doc["date_fi"] = finnish_date(doc["date"])
    doc["url"] = meeting_url(document_id)
    doc["pdf_url"] = None if doc["pdf_withheld"] else pdf_url(document_id, 1)
    groups: dict[str, list[dict[str, Any]]] = {}
    for person in _dicts(conn.execute(
            "select name, role, title, attendee_group from attendees where document_id = ? "
            "order by position", (document_id,))):
        person["url"] = person_url(person["name"])
        groups.setdefault(person["attendee_group"] or "others", []).append(person)
    doc["attendee_groups"] = [
        {"name": ROLE_GROUPS.get(key, key), "people": people}
        for key, people in sorted(groups.items(), key=lambda kv: list(ROLE_GROUPS).index(kv[0])
                                  if kv[0] in ROLE_GROUPS else 99)]
    doc["sections"] = [_section_summary({**r, "pdf_withheld": doc["pdf_withheld"]}) for r in _dicts(conn.execute(
        "select id, title, organization, body, date, number, diary_number, decision, "
        "document_id, page_start, document_kind, confidential, outcome, text_source "
        "from sections where document_id = ? order by position", (document_id,)))]
    return doc


def body_names(conn: sqlite3.Connection, organization: Optional[str],
               abbreviations: Iterable[str]) -> dict[str, str]:
    """Body abbreviations printed in one organisation's handling lines written out
    (``KH`` → ``Kaupunginhallitus``), keyed by folded abbreviation.  What the archive
    shows wins: a reprinted handling with that abbreviation whose date and § are a
    section of the same organisation names the body.  Otherwise ``knowledge/words.yml``
    (``body_abbreviations``) says which body names it may stand for: the one of this
    organisation's bodies that is such a name, else the name it gives for this kind of
    organisation (``KH`` of a *kunta* is its Kunnanhallitus)."""
    names: dict[str, str] = {}
    bodies: Optional[list[str]] = None
    for abbreviation in set(abbreviations):
        learned = conn.execute(
            "select s.body from handlings h join sections own on own.id = h.section_id "
            "join sections s on s.date = h.date and s.number = h.number "
            "and s.organization is own.organization "
            "where h.body = ? and own.organization is ? and s.body is not null "
            "group by s.body order by count(*) desc limit 1", (abbreviation, organization)).fetchone()
        if learned and fold(learned[0]) != fold(abbreviation):
            names[fold(abbreviation)] = learned[0]
            continue
        known = KNOWLEDGE.body_abbreviations.get(fold(abbreviation))
        if known is None:
            continue
        if bodies is None:
            bodies = [r[0] for r in conn.execute(
                "select distinct body from documents where organization is ? and body is not null",
                (organization,))]
        found = {b for b in bodies if known.pattern.fullmatch(b)}
        name = found.pop() if len(found) == 1 else known.name_for(organization)
        if name:
            names[fold(abbreviation)] = name
    return names


def _handling_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """One handling of one organisation's matter: its date and § (a reprint without a §
    is only itself)."""
    if row["number"] is None or row["date"] is None:
        return (row["date"], row["number"], row["id"])
    return (row["date"], row["number"])


def matter_page(conn: sqlite3.Connection, organization: Optional[str],
                diary_number: Optional[str]) -> Optional[dict[str, Any]]:
    """Every handling of one matter (organisation and normalised diary number) once,
    oldest first: the sections of the archive (a section that prints no diary number
    too, when the archive linked it through the handling it reprints) and the earlier
    handlings the minutes reprint, a reprint left out when the handling is in the
    archive itself (same date and §: the document that records it as its own section
    wins).  Each handling has ``document`` (the source PDF's path) and ``page``."""
    key = diary_key(diary_number)
    matter = archive_matter_id(organization, key)
    if not matter:
        return None
    handlings: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in _dicts(conn.execute(
            "select s.*, d.pdf_withheld, d.path from sections s "
            "join documents d on d.id = s.document_id "
            "where s.matter_id = ? order by s.date, s.number", (matter,))):
        handling = _section_summary(row)
        handling.update(section_id=row["id"], proposal=row["proposal"],
                        decision=row["decision"], reprinted=False, document=row["path"])
        handlings[_handling_key(row)] = handling
    reprints = _dicts(conn.execute(
            "select h.*, s.id as section_id, s.document_id, s.page_start, s.title, "
            "s.diary_number as section_diary_number, d.pdf_withheld, d.path from handlings h "
            "join sections s on s.id = h.section_id join documents d on d.id = s.document_id "
            "where h.matter_id = ? order by h.date, h.number", (matter,)))
    names = body_names(conn, organization, [r["body"] for r in reprints if r["body"]])
    for row in reprints:
        where = _handling_key(row)
        if where in handlings:
            continue
        handlings[where] = {
            "section_id": None,
            "title": row["title"],
            "organization": organization,
            "body": names.get(fold(row["body"] or ""), row["body"]),
            "date": row["date"],
            "date_fi": finnish_date(row["date"]),
            "number": row["number"],
            "diary_number": row["diary_number"] or row["section_diary_number"],
            "proposal": row["proposal"],
            "decision": row["decision"],
            "outcome": row["outcome"],
            "outcome_fi": OUTCOMES.get(row["outcome"] or "", ""),
            "reprinted": True,
            "url": section_url(row["section_id"]),
            "pdf_url": None if row["pdf_withheld"] else pdf_url(row["document_id"], row["page_start"]),
            "document": row["path"],
            "page": row["page_start"],
        }
    if not handlings:
        return None
    ordered = sorted(handlings.values(), key=lambda h: (h["date"] or "", h["number"] or 0))
    return {"organization": organization, "diary_number": diary_number, "diary_key": key,
            "title": next((h["title"] for h in reversed(ordered) if h["title"]), ""),
            "handlings": ordered}


def matter_organizations(conn: sqlite3.Connection, diary_number: str) -> list[Optional[str]]:
    """The organisations that have a matter of this diary number (its normalised key)."""
    return [r[0] for r in conn.execute(
        "select organization from matters where diary_key = ? order by organization",
        (diary_key(diary_number),))]


def matter_timeline(conn: sqlite3.Connection, organization: Optional[str],
                    diary_number: str) -> Optional[dict[str, Any]]:
    """The JSON contract of ``minutes matter --json``: ``{"matter": {"organization",
    "diary_number"}, "handlings": [{"organization", "body", "date", "number", "title",
    "proposal", "decision", "outcome", "document", "page"}]}``, oldest first."""
    page = matter_page(conn, organization, diary_number)
    if page is None:
        return None
    fields = ("organization", "body", "date", "number", "title", "proposal", "decision",
              "outcome", "document", "page")
    return {"matter": {"organization": organization, "diary_number": diary_number},
            "handlings": [{f: h.get(f) for f in fields} for h in page["handlings"]]}


def person_url(name: Optional[str]) -> Optional[str]:
    return "/henkilo?" + _urlencode({"nimi": name}) if name else None


def person_page(conn: sqlite3.Connection, name: str) -> Optional[dict[str, Any]]:
    """One person across the archive, whatever order their name is printed in: the
    sections they prepared (this handling's or an earlier one's) and presented, and the
    meetings they attended with their role; newest first.  None when the archive
    does not know the name."""
    key = person_key(name)
    if not key:
        return None
    prepared = [dict(_section_summary(r), role=r["job_title"]) for r in _dicts(conn.execute(
        "select distinct s.*, d.pdf_withheld, p.title as job_title from preparers p "
        "join sections s on s.id = p.section_id join documents d on d.id = s.document_id "
        "where p.person_key = ? order by s.date desc, s.number desc", (key,)))]
    presented = [dict(_section_summary(r), role=r["presenter_title"]) for r in _dicts(conn.execute(
        "select s.*, d.pdf_withheld from sections s join documents d on d.id = s.document_id "
        "where s.presenter_key = ? order by s.date desc, s.number desc", (key,)))]
    meetings = [{**_meeting_summary(r), "role": r["role"], "group": ROLE_GROUPS.get(r["attendee_group"] or "", "")}
                for r in _dicts(conn.execute(
        "select d.*, a.role, a.attendee_group from attendees a join documents d "
        "on d.id = a.document_id where a.person_key = ? order by d.date desc", (key,)))]
    if not (prepared or presented or meetings):
        return None
    names = [r[0] for r in conn.execute(
        "select name from preparers where person_key = ? union all "
        "select presenter_name from sections where presenter_key = ? union all "
        "select name from attendees where person_key = ?", (key, key, key)) if r[0]]
    shown = max(set(names), key=names.count) if names else name
    return {"name": shown, "key": key, "prepared": prepared, "presented": presented,
            "meetings": meetings}


def _meeting_summary(row: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "organization": row["organization"], "body": row["body"],
            "date": row["date"], "date_fi": finnish_date(row["date"]),
            "number": row["meeting_number"], "url": meeting_url(row["id"])}


def choices(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """The organisations and bodies of the archive (for the search form's choices)."""
    return {
        "organizations": [r[0] for r in conn.execute(
            "select distinct organization from documents where organization is not null "
            "order by organization")],
        "bodies": [r[0] for r in conn.execute(
            "select distinct body from documents where body is not null order by body")],
        "outcomes": [{"value": k, "label": v} for k, v in OUTCOMES.items()],
        "sorts": [{"value": k, "label": v} for k, v in SORTS.items()],
    }


def jsonable(value: Any) -> Any:
    """``value`` with Markup turned into plain strings (for the JSON answer)."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, Markup):
        return str(value)
    return value


__all__ = ["SearchRequest", "DateError", "parse_date", "finnish_date", "highlighter", "mark",
           "snippet", "search", "suggestions", "section_page", "meeting_page", "matter_page",
           "matter_timeline", "matter_organizations", "person_page", "proceedings",
           "body_names", "choices", "jsonable"]

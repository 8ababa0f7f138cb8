"""Finnish-aware search of the archive from Python and the command line (issue 5).

:func:`search` runs the same MATCH expression as the Datasette canned query
``hae_paatoksia`` (:func:`parser.datasette_plugin.minutes_match`, built on
:func:`parser.lemmas.search_expression`), ranked by bm25 with the title and the
decision weighted above the body text, newest first on ties.

:func:`evaluate` measures recall and precision of a query set (``tests/search_queries.yml``).
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from .datasette_plugin import minutes_match, register_sql_functions
from .errors import MinutesError

#: bm25 weights of the sections_fts columns: title, text, proposal, decision, lemmas,
#: full_text (every printed line: a match only there ranks last).
BM25_WEIGHTS = (10.0, 1.0, 2.0, 5.0, 1.0, 0.5)

#: How many of the best matches are picked from the full-text index alone before the
#: rows are read: enough that the ties at the last shown rank usually fit (else they
#: are all read, see the ``ties`` step).
POOL = 1000

# The query shape of the canned query hae_paatoksia in metadata.yml: at scale only the
# ranking touches every match (see the comments there); the body filter here ignores
# case.
_SQL = """
with filtered as (
  select rowid from sections
  where coalesce(:body, '') != '' and body = :body collate nocase
    and (coalesce(:since, '') = '' or date >= :since)
    and (coalesce(:until, '') = '' or date <= :until)
  union all
  select rowid from sections
  where coalesce(:body, '') = '' and coalesce(:since, '') != ''
    and date >= :since and (coalesce(:until, '') = '' or date <= :until)
  union all
  select rowid from sections
  where coalesce(:body, '') = '' and coalesce(:since, '') = ''
    and coalesce(:until, '') != '' and date <= :until
),
ranked as (
  select rowid as id, bm25(sections_fts, {weights}) as score
  from sections_fts
  where sections_fts match minutes_match(:q)
    and ((coalesce(:body, '') = '' and coalesce(:since, '') = '' and coalesce(:until, '') = '')
         or rowid in filtered)
  order by score
  limit :pool
),
cut as (select score from ranked order by score limit 1 offset :limit - 1),
ties as (
  select rowid as id, bm25(sections_fts, {weights}) as score
  from sections_fts
  where sections_fts match (
      case when (select count(*) from ranked) = :pool
        and (select max(score) from ranked) = (select score from cut)
      then minutes_match(:q) else '""' end)
    and ((coalesce(:body, '') = '' and coalesce(:since, '') = '' and coalesce(:until, '') = '')
         or rowid in filtered)
    and bm25(sections_fts, {weights}) = (select score from cut)
),
best as (
  select c.id, c.score, s.date
  from (select id, score from ranked union select id, score from ties) as c
  join sections s on s.rowid = c.id
  order by c.score, s.date desc
  limit :limit
)
select
  s.organization, s.body, s.date, s.number, s.title,
  coalesce(
    nullif(snippet(sections_fts, 1, '[', ']', '…', 24), ''),
    nullif(snippet(sections_fts, 3, '[', ']', '…', 24), ''),
    nullif(snippet(sections_fts, 0, '[', ']', '…', 24), ''),
    snippet(sections_fts, 5, '[', ']', '…', 24)
  ) as snippet,
  d.sha256, d.path, s.id as section_id, best.score as rank, s.document_kind
from best
join sections_fts on sections_fts.rowid = best.id
join sections s on s.rowid = best.id
join documents d on d.id = s.document_id
where sections_fts match minutes_match(:q)
order by best.score, best.date desc
""".format(weights=", ".join(str(w) for w in BM25_WEIGHTS))


class SearchError(MinutesError):
    """A search that could not run: missing archive, unusable query or database."""

    def __init__(self, message: str, path: str = ""):
        self.path = path
        self.message = message
        Exception.__init__(self, message)


def open_archive(db_path: str | os.PathLike) -> sqlite3.Connection:
    """The archive opened read-only with its SQL functions (``minutes_match`` …);
    raises :class:`SearchError` with a plain sentence when it is missing or unreadable."""
    if not os.path.exists(db_path):
        raise SearchError(
            f"{db_path} does not exist; create it first with: minutes import PATH --db {db_path}")
    conn = None
    try:
        conn = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)
        register_sql_functions(conn)
        conn.execute("select 1 from sections limit 1")
    except sqlite3.Error as e:
        if conn is not None:
            conn.close()
        raise SearchError(f"{db_path}: the archive could not be opened ({e}); "
                          "check that it was made by minutes import.") from e
    return conn


@dataclass
class Hit:
    organization: Optional[str]
    body: Optional[str]
    date: Optional[str]
    number: Optional[int]
    title: Optional[str]
    snippet: Optional[str]
    sha256: str
    path: Optional[str]
    section_id: str
    rank: float
    document_kind: Optional[str] = None  # "agenda": its proposals are not decisions

    @property
    def key(self) -> str:
        """``<pdf stem>#<section number>``, as in the query set."""
        return f"{Path(self.path or '').stem}#{self.number}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def line(self) -> str:
        parts = [self.organization or "?", self.body or "?", self.date or "?",
                 f"§ {self.number}", self.title or ""]
        if self.document_kind == "agenda":
            parts.insert(3, "agenda: a proposal, not yet decided")
        return " · ".join(parts)


def search(
    db_path: str | os.PathLike,
    words: str | Iterable[str],
    body: Optional[str] = None,
    since: Optional[str] = None,
    until: Optional[str] = None,
    limit: int = 20,
) -> list[Hit]:
    """Search the archive's sections for ``words`` (ordinary words; inflected forms,
    compounds and words without ä/ö are found).  Raises :class:`SearchError`, never a
    raw sqlite error.

    >>> search("archive.db", "päätös koulumatka", body="Kunnanhallitus")  # doctest: +SKIP
    """
    query = words if isinstance(words, str) else " ".join(words)
    conn = open_archive(db_path)
    try:
        rows = conn.execute(_SQL, {"q": query, "body": body, "since": since, "until": until,
                                   "limit": int(limit),
                                   "pool": max(POOL, 5 * int(limit))}).fetchall()
    except sqlite3.OperationalError as e:
        msg = str(e)
        if "fts5" in msg or "syntax" in msg or "malformed MATCH" in msg:
            raise SearchError(
                f"The search {query!r} could not be understood ({msg}); "
                "type ordinary words, \"a phrase\" or prefix*.") from e
        raise SearchError(f"{db_path}: the archive could not be searched ({msg}).") from e
    except sqlite3.DatabaseError as e:
        raise SearchError(f"{db_path}: the archive could not be searched ({e}).") from e
    finally:
        conn.close()
    return [Hit(*row) for row in rows]


# --------------------------------------------------------------------------- evaluation


@dataclass
class EvalReport:
    queries: int = 0
    must_total: int = 0
    must_found: int = 0
    judged: int = 0  # returned hits judged for precision
    judged_relevant: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.must_found / self.must_total if self.must_total else 1.0

    @property
    def precision(self) -> float:
        return self.judged_relevant / self.judged if self.judged else 1.0

    def text(self) -> str:
        lines = [f"{self.queries} queries: recall {self.recall:.3f} "
                 f"({self.must_found}/{self.must_total}), precision {self.precision:.3f} "
                 f"({self.judged_relevant}/{self.judged})"]
        lines += [f"  {f}" for f in self.failures]
        return "\n".join(lines)


def load_queries(path: str | os.PathLike) -> list[dict[str, Any]]:
    text = Path(path).read_text(encoding="utf-8")
    if str(path).endswith(".json"):
        data = json.loads(text)
    else:
        import yaml

        data = yaml.safe_load(text)
    return data["queries"] if isinstance(data, dict) else data


def evaluate(db_path: str | os.PathLike, queries: list[dict[str, Any]],
             limit: int = 50) -> EvalReport:
    """Recall over every query's ``must``; precision over the returned hits that are
    judged: with ``must_not`` given, the hits in ``must ∪ relevant ∪ must_not``;
    otherwise every hit (relevant = ``must ∪ relevant``)."""
    report = EvalReport()
    for q in queries:
        report.queries += 1
        keys = [h.key for h in search(db_path, q["query"], limit=limit)]
        must = set(q.get("must", []))
        relevant = must | set(q.get("relevant", []))
        must_not = set(q.get("must_not", []))
        report.must_total += len(must)
        found = must & set(keys)
        report.must_found += len(found)
        for key in sorted(must - found):
            report.failures.append(f"{q['query']!r}: missed {key}")
        judged = [k for k in keys if k in relevant | must_not] if must_not else keys
        report.judged += len(judged)
        report.judged_relevant += sum(k in relevant for k in judged)
        for key in judged:
            if key not in relevant:
                report.failures.append(f"{q['query']!r}: wrongly found {key}")
    return report

"""The archive: parsed documents as rows in SQLite (``archive.db``), searchable with FTS5.

Two pure steps and one writer, as in the ``*-to-sqlite`` tools::

    to_rows(document)  → {"documents": [...], "sections": [...], ...}   (no database)
    save_rows(db, rows) → one transaction: a document appears completely or not at all
    ensure_db_shape(db) → tables, indexes, full-text index, views; idempotent

The schema is declared in the constants below (``TABLES``, ``INDEXES``, ``FTS_CONFIG``,
``VIEWS``).  Ids are stable and come from content hashes: a document's id is the
SHA-256 of its PDF, a section's id is ``<sha256[:16]>-<§ number>``, so re-importing the
same file gives the same ids.

Confidential sections (``Section.confidential``) keep number, title, diary number and
pages, but their text, proposal and decision (and those of their earlier handlings, and
their lemmas) are never written anywhere: not to ``sections``, not to the full-text
index.  What is not stored cannot be found through Datasette.  When a section that was
stored in full is replaced (a re-parse finds it confidential), ``secure_delete`` wipes
its old rows and :func:`purge_deleted_text` its words from the index; a PDF that prints
confidential text is marked ``documents.pdf_withheld`` and is not served either.

Never ``VACUUM`` without rebuilding the full-text index afterwards
(:func:`rebuild_fts`): ``sections`` has a text primary key, so VACUUM may renumber the
rowids the external-content FTS table points at.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import sqlite3
from typing import Any, Callable, Iterable, Optional

import sqlite_utils
from sqlite_utils.db import quote_identifier

from .knowledge import KNOWLEDGE
from .model import Document, Handling, Section

# --------------------------------------------------------------------------- schema

#: Every table: columns in order (name → type), primary key, foreign keys.
TABLES: dict[str, dict[str, Any]] = {
    "documents": {
        "columns": {
            "id": str,  # = sha256
            "sha256": str,
            "path": str,  # absolute path the file was first imported from
            "filename": str,
            "pages": int,
            "organization": str,
            "body": str,
            "meeting_number": str,  # minutes number, "4/2025"
            "date": str,  # ISO
            "year": int,
            "start_time": str,
            "end_time": str,
            "place": str,
            "language": str,
            "section_count": int,
            "warning_count": int,
            # "minutes", "agenda" (proposals, no decisions) or "other" (no sections).
            "kind": str,
            # How the text was obtained (issue 6): text_layer, ocr, mixed or repaired.
            "text_source": str,
            "ocr_confidence": float,
            "ocr_pages": str,  # JSON list of OCRed page numbers
            "repaired_words": int,
            # 1: the PDF prints text of a confidential section (which the archive leaves
            # out), so the PDF itself is not served either (parser.datasette_plugin).
            "pdf_withheld": int,
            "parser_version": str,
            "imported_at": str,
        },
        "pk": "id",
        "foreign_keys": [],
    },
    # Every path a stored file was seen at (the same file at two paths is stored once).
    "document_paths": {
        "columns": {"path": str, "document_id": str, "seen_at": str},
        "pk": "path",
        "foreign_keys": [("document_id", "documents", "id")],
    },
    "attendees": {
        "columns": {
            "id": str,
            "document_id": str,
            "position": int,
            "name": str,
            "role": str,
            "attendee_group": str,  # "members", "others", "absent"
            "title": str,  # job title or office, when printed
            "person_key": str,  # the name in any order (person_key), to find a person
        },
        "pk": "id",
        "foreign_keys": [("document_id", "documents", "id")],
    },
    "sections": {
        "columns": {
            "id": str,
            "document_id": str,
            "position": int,
            "number": int,
            "title": str,
            "diary_number": str,
            "diary_key": str,  # normalised diary number, links handlings across bodies
            "page_start": int,
            "page_end": int,
            "text": str,
            "proposal": str,
            "decision": str,
            "confidential": int,
            "outcome": str,
            "presenter_name": str,
            "presenter_title": str,
            "presenter_key": str,
            # Copied from the document so sections can be faceted and sorted alone.
            "organization": str,
            "body": str,
            "date": str,
            "year": int,
            "language": str,
            # Base forms for Finnish-aware search (issue 5), filled by parser.lemmas.
            "lemmas": str,
            # text_layer, ocr or repaired; text/proposal/decision hold the repaired text,
            # raw_text the section as read (only when something was repaired).
            "text_source": str,
            "ocr_confidence": float,
            "repaired_words": int,
            "raw_text": str,
            # Every printed line of the section (null for a confidential one): what the
            # full-text index holds besides the fields, so nothing printed is unfindable.
            "full_text": str,
            # Share of the printed characters that ended in a field (1.0: none lost).
            "assigned_share": float,
            # "minutes" or "agenda": an agenda's proposals are not decisions.
            "document_kind": str,
            # The matter (matters.id) this handling belongs to: by its diary number, or
            # when none is printed, by an earlier handling it reprints (see matters).
            "matter_id": str,
            # How the decision can be appealed, from the closing instructions (issue 14):
            # valituskielto, oikaisuvaatimus, kunnallisvalitus, hallintovalitus,
            # hankintaoikaisu …; null when the instructions do not list the section.
            "appeal_route": str,
            "appeal_days": int,  # the printed time limit in days
        },
        "pk": "id",
        "foreign_keys": [("document_id", "documents", "id")],
    },
    # One row per matter: an organisation's diary number (normalised: diary_key), with
    # every handling of it in the archive, this document's sections and the earlier
    # handlings reprinted alike, counted once (refreshed whenever a document that
    # mentions it is stored or replaced).
    "matters": {
        "columns": {
            "id": str,  # content hash of organisation and diary_key
            "organization": str,
            "diary_key": str,
            "diary_number": str,  # as printed by its latest section
            "title": str,  # its latest section's title
            "first_date": str,
            "last_date": str,
            "handling_count": int,
            "bodies": str,  # the bodies of its handlings, oldest first, "; "-separated
        },
        "pk": "id",
        "foreign_keys": [],
    },
    # Every labelled part as printed (Liitteet, Esteellisyys, Päätös ...): of this
    # meeting's handling (handling_position null), of an earlier handling, or of the
    # document's closing pages (section_id null: appeal instructions).
    "parts": {
        "columns": {
            "id": str,
            "document_id": str,
            "section_id": str,
            "handling_position": int,
            "position": int,
            "kind": str,
            "label": str,
            "text": str,
        },
        "pk": "id",
        "foreign_keys": [
            ("document_id", "documents", "id"),
            ("section_id", "sections", "id"),
        ],
    },
    "handlings": {
        "columns": {
            "id": str,
            "section_id": str,
            "document_id": str,
            "position": int,
            "body": str,
            "date": str,
            "year": int,
            "number": int,
            "diary_number": str,
            "diary_key": str,
            "presenter_name": str,
            "presenter_title": str,
            "proposal": str,
            "decision": str,
            "outcome": str,
            "matter_id": str,
        },
        "pk": "id",
        "foreign_keys": [
            ("section_id", "sections", "id"),
            ("document_id", "documents", "id"),
        ],
    },
    "preparers": {
        "columns": {
            "id": str,
            "section_id": str,
            "handling_id": str,  # null: the preparer of this document's handling
            "document_id": str,
            "position": int,
            "name": str,
            "title": str,
            "phone": str,
            "email": str,
            "person_key": str,
        },
        "pk": "id",
        "foreign_keys": [
            ("section_id", "sections", "id"),
            ("handling_id", "handlings", "id"),
            ("document_id", "documents", "id"),
        ],
    },
    # A section's deliberation (Section.proceedings; none for a confidential section).
    "counter_proposals": {
        "columns": {
            "id": str,
            "section_id": str,
            "document_id": str,
            "position": int,
            "proposer": str,
            "seconded_by": str,  # JSON list of names
            "text": str,
            "result": str,  # withdrawn, not_seconded, lost_vote, won_vote, adopted, not_decided
        },
        "pk": "id",
        "foreign_keys": [
            ("section_id", "sections", "id"),
            ("document_id", "documents", "id"),
        ],
    },
    "votes": {
        "columns": {
            "id": str,
            "section_id": str,
            "document_id": str,
            "position": int,
            "subject": str,
            "yes": int,  # jaa / ja
            "no": int,  # ei / nej
            "blank": int,  # tyhjä / blank
            "absent": int,  # poissa / frånvarande
            "winner": str,  # "jaa" or "ei"
            "members": str,  # JSON {name: "jaa"|"ei"|"tyhjä"|"poissa"}, where printed
        },
        "pk": "id",
        "foreign_keys": [
            ("section_id", "sections", "id"),
            ("document_id", "documents", "id"),
        ],
    },
    "disqualifications": {
        "columns": {
            "id": str,
            "section_id": str,
            "document_id": str,
            "position": int,
            "person": str,
            "ground": str,
        },
        "pk": "id",
        "foreign_keys": [
            ("section_id", "sections", "id"),
            ("document_id", "documents", "id"),
        ],
    },
    "statements": {
        "columns": {
            "id": str,
            "section_id": str,
            "document_id": str,
            "position": int,
            "kind": str,  # dissent or statement
            "people": str,  # JSON list of names
            "text": str,
        },
        "pk": "id",
        "foreign_keys": [
            ("section_id", "sections", "id"),
            ("document_id", "documents", "id"),
        ],
    },
    "warnings": {
        "columns": {
            "id": str,
            "document_id": str,
            "position": int,
            "page": int,
            "section": int,
            "message": str,
        },
        "pk": "id",
        "foreign_keys": [("document_id", "documents", "id")],
    },
    # One row per path whose last import failed; a later successful import clears it.
    "import_errors": {
        "columns": {
            "path": str,
            "sha256": str,
            "kind": str,  # not_a_pdf, encrypted, broken, timeout, crashed, parser_error ...
            "message": str,
            "parser_version": str,
            "failed_at": str,
        },
        "pk": "path",
        "foreign_keys": [],
    },
    # Housekeeping flags, e.g. "fts_purge": sections were deleted since the last
    # purge_deleted_text() (written in the deleting transaction, so a crash keeps it).
    "archive_state": {
        "columns": {"key": str, "value": str},
        "pk": "key",
        "foreign_keys": [],
    },
}

#: Tables of the archive's own bookkeeping or derived across documents (to_rows leaves
#: them out; matters are refreshed by save_rows).
HOUSEKEEPING_TABLES = {"archive_state", "matters"}
#: The tables that hold documents and import errors.
DATA_TABLES = [name for name in TABLES if name not in HOUSEKEEPING_TABLES]

#: Child tables of a document, deleted before it (children first).
DOCUMENT_CHILDREN = ["counter_proposals", "votes", "disqualifications", "statements",
                     "preparers", "handlings", "parts", "warnings", "attendees", "sections"]

INDEXES: list[tuple[str, list[str]]] = [
    ("documents", ["body"]),
    ("documents", ["date"]),
    ("documents", ["organization"]),
    ("document_paths", ["document_id"]),
    ("attendees", ["document_id"]),
    ("sections", ["document_id"]),
    ("sections", ["body"]),
    ("sections", ["date"]),
    ("sections", ["year"]),
    ("sections", ["number"]),
    ("sections", ["diary_number"]),
    ("sections", ["diary_key"]),
    ("sections", ["organization"]),
    ("handlings", ["section_id"]),
    ("handlings", ["document_id"]),
    ("handlings", ["diary_key"]),
    ("handlings", ["body"]),
    ("handlings", ["matter_id"]),
    ("sections", ["matter_id"]),
    ("matters", ["organization", "diary_key"]),
    ("handlings", ["date", "number"]),
    ("parts", ["section_id"]),
    ("parts", ["document_id"]),
    ("preparers", ["section_id"]),
    ("preparers", ["document_id"]),
    ("warnings", ["document_id"]),
    ("attendees", ["person_key"]),
    ("preparers", ["person_key"]),
    ("sections", ["presenter_key"]),
    *((table, [column]) for table in ("counter_proposals", "votes", "disqualifications", "statements")
      for column in ("section_id", "document_id")),
]

#: Indexes sqlite-utils cannot declare (a collation), as SQL.  The search filters by
#: body (case-insensitively in ``minutes search``, exactly in Datasette's canned query:
#: an exact match is also a case-insensitive one) and date range read the rowids of the
#: sections they let through from this index alone, never the long rows themselves.
SQL_INDEXES: list[str] = [
    "CREATE INDEX IF NOT EXISTS idx_sections_body_nocase_date "
    "ON sections (body COLLATE NOCASE, date)",
]

#: ``remove_diacritics 2`` folds ä→a, ö→o, å→a, so ``paatos`` finds ``päätös``.
FTS_TOKENIZE = "unicode61 remove_diacritics 2"
#: Full-text index per table; the ``lemmas`` column holds base forms (issue 5) of every
#: printed word, ``full_text`` every printed line (a word in a preparer line or an
#: attachment's name is found too).  New columns go last: queries address columns by
#: position (snippets, bm25 weights).
FTS_CONFIG: dict[str, list[str]] = {
    "sections": ["title", "text", "proposal", "decision", "lemmas", "full_text"],
}

#: Where every section's PDF is served (see parser.datasette_plugin).
PDF_ROUTE = "/-/minutes/pdf/"

_PDF_LINK_SQL = (
    f"'{PDF_ROUTE}' || s.document_id || '#page=' || coalesce(s.page_start, 1)"
)

VIEWS: dict[str, str] = {
    # One row per decision, newest first: what most people look for.
    "decisions": f"""
select
  s.id,
  s.organization,
  s.body,
  s.date,
  s.year,
  s.number as "§",
  s.title,
  s.diary_number,
  s.outcome,
  s.decision,
  s.confidential,
  s.text_source,
  {_PDF_LINK_SQL} as pdf
from sections s
order by s.date desc, s.number desc
""",
    # Every handling of every matter, this document's and the earlier ones reprinted.
    "matter_handlings": f"""
select
  s.diary_key,
  s.diary_number,
  s.date,
  s.body,
  s.number as "§",
  s.title,
  'tämä käsittely' as stage,
  s.proposal,
  s.decision,
  s.id as section_id,
  {_PDF_LINK_SQL} as pdf
from sections s
union all
select
  h.diary_key,
  h.diary_number,
  h.date,
  h.body,
  h.number,
  s.title,
  'aiempi käsittely' as stage,
  h.proposal,
  h.decision,
  h.section_id,
  {_PDF_LINK_SQL} as pdf
from handlings h join sections s on s.id = h.section_id
""",
}


# --------------------------------------------------------------------------- shape

def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Create or complete the archive schema; safe to call any number of times.

    Creates missing tables, adds missing columns (so later issues can extend
    ``TABLES``), indexes, the FTS5 index with its triggers, and the views; switches the
    database to WAL so Datasette can read while an import writes.
    """
    db.execute("PRAGMA journal_mode=wal")
    existing = set(db.table_names())
    for name, spec in TABLES.items():
        table = db[name]
        if name not in existing:
            table.create(
                spec["columns"],
                pk=spec["pk"],
                foreign_keys=spec["foreign_keys"],
                if_not_exists=True,
            )
        else:
            have = set(table.columns_dict)
            for column, kind in spec["columns"].items():
                if column not in have:
                    table.add_column(column, kind)
    for name, columns in INDEXES:
        db[name].create_index(columns, if_not_exists=True)
    for sql in SQL_INDEXES:
        db.execute(sql)
    for name, columns in FTS_CONFIG.items():
        db[name].enable_fts(
            columns, create_triggers=True, tokenize=FTS_TOKENIZE, replace=True
        )
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)


def rebuild_fts(db: sqlite_utils.Database) -> None:
    """Rebuild the full-text index from ``sections`` (after VACUUM or a bulk repair)."""
    for name in FTS_CONFIG:
        fts = quote_identifier(f"{name}_fts")
        db.execute(f"INSERT INTO {fts}({fts}) VALUES('rebuild')")
        db.conn.commit()


def open_db(path, *, busy_timeout_ms: int = 30_000) -> sqlite_utils.Database:
    """Open (creating if needed) an archive database in the shape this module expects."""
    db = sqlite_utils.Database(path)
    db.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    db.execute("PRAGMA foreign_keys=ON")
    # Deleted rows are overwritten, not left in free pages of the file: a section
    # re-parsed as confidential leaves no copy of its text in archive.db.
    db.execute("PRAGMA secure_delete=ON")
    ensure_db_shape(db)
    # WAL + NORMAL: a crash never corrupts the file; only the last commits may be lost.
    db.execute("PRAGMA synchronous=NORMAL")
    return db


# --------------------------------------------------------------------------- rows

def outcome(section: Section | Handling) -> Optional[str]:
    """The outcome of a handling: vote, returned, tabled, rejected, amended, noted or
    approved (``knowledge/words.yml`` outcomes, tried in that order).

    A decision that repeats the proposal, or that has a proposal and says none of those
    things, approved it; ``None`` when there is no decision, or no proposal and nothing
    recognisable.
    """
    decision = (section.decision or "").strip()
    if not decision:
        return None
    proposal = (section.proposal or "").strip()
    if proposal and _norm(decision) == _norm(proposal):
        return "approved"
    return KNOWLEDGE.outcome(decision) or ("approved" if proposal else None)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()




def diary_key(diary_number: Optional[str]) -> Optional[str]:
    """Normalise a diary number so one matter links up across bodies.

    ``147/12.09/2025``, ``ASIKK/147/12.09.00/2025`` and ``Dno 147/2025`` all become
    ``147/2025``, ``LAPDno-2024-624`` becomes ``624/2024``, Helsinki's
    ``HEL 2025-001234`` ``HEL 2025-1234`` (the forms are ``knowledge/formats.yml``'s
    ``diary_keys``).  Anything else is kept, spaces folded and case-folded.  A key is
    a matter only together with its organisation (two towns both have a 147/2025).
    """
    if not diary_number:
        return None
    text = " ".join(diary_number.split())
    return KNOWLEDGE.diary_key(text) or text.casefold()


def storable_text(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD, as SQLite stores UTF-8 only.

    A damaged text layer can decode to them, and Python keeps the bytes of a file name
    that is not UTF-8 as surrogates (those come back as the original bytes, decoded with
    replacement characters)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def _storable_rows(rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Every string of ``rows`` through :func:`storable_text`, so one odd character in a
    text layer cannot make a whole document unstorable."""
    for table_rows in rows.values():
        for row in table_rows:
            for key, value in row.items():
                if isinstance(value, str):
                    row[key] = storable_text(value)
    return rows


def _year(date: Optional[str]) -> Optional[int]:
    if date and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None


def default_lemmatizer() -> Callable[..., str]:
    """``parser.lemmas.lemmatize``: the one hook point for lemmas at import.

    Whatever it returns fills ``sections.lemmas`` and so the ``lemmas`` column of
    ``sections_fts``.
    """
    from .lemmas import lemmatize  # imported on first use: workers load Voikko lazily

    return lemmatize


def to_rows(
    document: Document,
    *,
    parser_version: Optional[str] = None,
    lemmatize: Optional[Callable[..., str]] = None,
) -> dict[str, list[dict[str, Any]]]:
    """Turn a document into rows per table; touches no database.

    :param lemmatize: ``lemmatize(text, language)`` giving base forms for the ``lemmas``
        column (see :func:`default_lemmatizer`); None leaves it empty.
    """
    sha = document.source.sha256
    meeting = document.meeting
    year = _year(meeting.date)
    language = meeting.language or "fi"
    path = document.source.path
    confidential_numbers = {s.number for s in document.sections if s.confidential}

    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in DATA_TABLES}
    rows["documents"].append(
        {
            "id": sha,
            "sha256": sha,
            "path": path,
            "filename": path.replace("\\", "/").rsplit("/", 1)[-1] if path else None,
            "pages": document.source.pages,
            "organization": meeting.organization,
            "body": meeting.body,
            "meeting_number": meeting.number,
            "date": meeting.date,
            "year": year,
            "start_time": meeting.start_time,
            "end_time": meeting.end_time,
            "place": meeting.place,
            "language": meeting.language,
            "section_count": len(document.sections),
            "warning_count": len(document.warnings),
            "kind": document.kind,
            "text_source": document.source.text_source,
            "ocr_confidence": document.source.ocr_confidence,
            "ocr_pages": json.dumps(document.source.ocr_pages) if document.source.ocr_pages else None,
            "repaired_words": document.source.repaired_words,
            "pdf_withheld": int(any(prints_confidential_text(s) for s in document.sections)),
            "parser_version": parser_version,
            "imported_at": None,  # set by save_rows at commit time
        }
    )
    if path:
        rows["document_paths"].append({"path": path, "document_id": sha, "seen_at": None})

    for i, a in enumerate(meeting.attendees):
        rows["attendees"].append(
            {
                "id": f"{sha[:16]}-a{i}",
                "document_id": sha,
                "position": i,
                "name": a.name,
                "role": a.role,
                "attendee_group": a.group,
                "title": a.title,
                "person_key": person_key(a.name),
            }
        )

    seen_ids: dict[str, int] = {}
    for position, s in enumerate(document.sections):
        section_id = f"{sha[:16]}-{s.number}"
        # A repeated § number (the parser warns about it) must not collide.
        seen_ids[section_id] = seen_ids.get(section_id, 0) + 1
        if seen_ids[section_id] > 1:
            section_id = f"{section_id}-{seen_ids[section_id]}"
        secret = bool(s.confidential)
        key = diary_key(s.diary_number)
        matter = matter_id(meeting.organization, key)
        lemmas = None
        if lemmatize is not None:
            public_text = [s.title] if secret else (
                [s.title, s.full_text] if s.full_text else [s.title, s.text, s.proposal, s.decision])
            joined = "\n".join(t for t in public_text if t)
            lemmas = lemmatize(joined, language) if joined else None
        rows["sections"].append(
            {
                "id": section_id,
                "document_id": sha,
                "position": position,
                "number": s.number,
                "title": s.title,
                "diary_number": s.diary_number,
                "diary_key": key,
                "page_start": s.page_start,
                "page_end": s.page_end,
                "text": None if secret else s.text,
                "proposal": None if secret else s.proposal,
                "decision": None if secret else s.decision,
                "confidential": int(secret),
                "outcome": None if secret else outcome(s),
                "presenter_name": s.presenter.name if s.presenter else None,
                "presenter_key": person_key(s.presenter.name) if s.presenter else None,
                "presenter_title": s.presenter.title if s.presenter else None,
                "organization": meeting.organization,
                "body": meeting.body,
                "date": meeting.date,
                "year": year,
                "language": meeting.language,
                "lemmas": lemmas,
                "text_source": s.text_source,
                "ocr_confidence": s.ocr_confidence,
                "repaired_words": s.repaired_words,
                "raw_text": None if secret else s.raw_text,
                "full_text": None if secret else s.full_text,
                "assigned_share": s.assigned_share,
                "document_kind": document.kind,
                "matter_id": matter,
                "appeal_route": s.appeal.route if s.appeal else None,
                "appeal_days": s.appeal.days if s.appeal else None,
            }
        )
        if not secret:
            _part_rows(rows, s.parts, sha, section_id, None, f"{section_id}-t")
            _proceedings_rows(rows, s.proceedings, sha, section_id)
        _preparer_rows(rows, s.preparers, sha, section_id, None, f"{section_id}-p")
        for h_pos, h in enumerate(s.history):
            handling_id = f"{section_id}-h{h_pos}"
            rows["handlings"].append(
                {
                    "id": handling_id,
                    "section_id": section_id,
                    "document_id": sha,
                    "position": h_pos,
                    "body": h.body,
                    "date": h.date,
                    "year": _year(h.date),
                    "number": h.number,
                    "diary_number": s.diary_number,
                    "diary_key": key,
                    "presenter_name": h.presenter.name if h.presenter else None,
                    "presenter_title": h.presenter.title if h.presenter else None,
                    "proposal": None if secret else h.proposal,
                    "decision": None if secret else h.decision,
                    "outcome": None if secret else outcome(h),
                    "matter_id": matter,
                }
            )
            _preparer_rows(rows, h.preparers, sha, section_id, handling_id, f"{handling_id}-p")
            if not secret:
                _part_rows(rows, h.parts, sha, section_id, h_pos, f"{handling_id}-t")
    _part_rows(rows, document.parts, sha, None, None, f"{sha[:16]}-t")

    for i, w in enumerate(document.warnings):
        # A warning about a confidential section may quote its text: keep only the fact.
        message = w.message
        if w.section is not None and w.section in confidential_numbers:
            message = "Varoitus salassa pidettävästä pykälästä (teksti jätetty pois)."
        rows["warnings"].append(
            {
                "id": f"{sha[:16]}-w{i}",
                "document_id": sha,
                "position": i,
                "page": w.page,
                "section": w.section,
                "message": message,
            }
        )
    return _storable_rows(rows)


def person_key(name: Optional[str]) -> Optional[str]:
    """A person's name in a form that ignores order, case and spacing: ``Mika Kamunen``
    and ``Kamunen Mika`` (vote lists, signatures) are both ``kamunen mika``."""
    words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", name or "")
    return " ".join(sorted(w.casefold() for w in words)) or None


def matter_id(organization: Optional[str], key: Optional[str]) -> Optional[str]:
    """The stable id of an organisation's matter (a content hash), None without a key."""
    if not key:
        return None
    return hashlib.sha256(f"{organization or ''}\x1f{key}".encode("utf-8")).hexdigest()[:16]


def prints_confidential_text(section: Section) -> bool:
    """Whether ``section`` is confidential and its PDF prints text the archive leaves out
    (its body, proposal or decision, or an earlier handling's).  A public copy prints
    only the title and the confidentiality note, and then the PDF may be served."""
    if not section.confidential:
        return False
    parts = [section.text, section.proposal, section.decision, section.raw_text]
    parts += [part for h in section.history for part in (h.proposal, h.decision)]
    return any(parts)


def _part_rows(rows, parts, sha, section_id, handling_position, prefix):
    for i, part in enumerate(parts):
        rows["parts"].append(
            {
                "id": f"{prefix}{i}",
                "document_id": sha,
                "section_id": section_id,
                "handling_position": handling_position,
                "position": i,
                "kind": part.kind,
                "label": part.label,
                "text": part.text,
            }
        )


def _proceedings_rows(rows, proceedings, sha, section_id):
    """A section's counter-proposals, votes, disqualifications and statements."""
    own = {"section_id": section_id, "document_id": sha}
    for i, c in enumerate(proceedings.counter_proposals):
        rows["counter_proposals"].append({
            "id": f"{section_id}-c{i}", **own, "position": i, "proposer": c.by,
            "seconded_by": json.dumps(c.seconded_by, ensure_ascii=False),
            "text": c.text, "result": c.result})
    for i, v in enumerate(proceedings.votes):
        rows["votes"].append({
            "id": f"{section_id}-v{i}", **own, "position": i, "subject": v.subject,
            "yes": v.counts.get("jaa"), "no": v.counts.get("ei"),
            "blank": v.counts.get("tyhjä"), "absent": v.counts.get("poissa"),
            "winner": v.winner,
            "members": json.dumps(v.members, ensure_ascii=False) if v.members else None})
    for i, d in enumerate(proceedings.disqualifications):
        rows["disqualifications"].append({
            "id": f"{section_id}-d{i}", **own, "position": i, "person": d.person,
            "ground": d.ground})
    for i, st in enumerate(proceedings.statements):
        rows["statements"].append({
            "id": f"{section_id}-s{i}", **own, "position": i, "kind": st.kind,
            "people": json.dumps(st.by, ensure_ascii=False), "text": st.text})


def _preparer_rows(rows, preparers, sha, section_id, handling_id, prefix):
    for i, p in enumerate(preparers):
        rows["preparers"].append(
            {
                "id": f"{prefix}{i}",
                "section_id": section_id,
                "handling_id": handling_id,
                "document_id": sha,
                "position": i,
                "name": p.name,
                "title": p.title,
                "phone": p.phone,
                "email": p.email,
                "person_key": person_key(p.name),
            }
        )


# --------------------------------------------------------------------------- writing

def now_iso() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = list(TABLES[table]["columns"])
    sql = "INSERT OR REPLACE INTO {} ({}) VALUES ({})".format(
        quote_identifier(table),
        ", ".join(quote_identifier(c) for c in columns),
        ", ".join("?" for _ in columns),
    )
    conn.executemany(sql, [[row.get(c) for c in columns] for row in rows])


_FTS_PURGE = "fts_purge"


def _delete_document(conn: sqlite3.Connection, document_id: str) -> set[str]:
    """Delete a document and its rows; the matters it had a handling of."""
    matters = {r[0] for r in conn.execute(
        "SELECT matter_id FROM sections WHERE document_id = ? AND matter_id IS NOT NULL "
        "UNION SELECT matter_id FROM handlings WHERE document_id = ? AND matter_id IS NOT NULL",
        [document_id, document_id])}
    removed = 0
    for table in ["document_paths", *DOCUMENT_CHILDREN]:
        removed += conn.execute(
            f"DELETE FROM {quote_identifier(table)} WHERE document_id = ?", [document_id]
        ).rowcount
    conn.execute("DELETE FROM documents WHERE id = ?", [document_id])
    if removed:
        # FTS5 keeps the words of deleted rows in its index (readable through SQL) until
        # its segments are merged; purge_deleted_text() does that once per import.
        conn.execute("INSERT OR REPLACE INTO archive_state (key, value) VALUES (?, ?)",
                     [_FTS_PURGE, now_iso()])
    return matters


def purge_deleted_text(db: sqlite_utils.Database) -> bool:
    """Merge the full-text index so that no word of a deleted or replaced section is
    left in it (a section re-parsed as confidential must leave no trace); only when
    sections were deleted since the last purge.  Returns whether it ran."""
    if not db.execute("SELECT 1 FROM archive_state WHERE key = ?", [_FTS_PURGE]).fetchone():
        return False
    with transaction(db) as conn:
        for name in FTS_CONFIG:
            fts = quote_identifier(f"{name}_fts")
            conn.execute(f"INSERT INTO {fts}({fts}) VALUES('optimize')")
        conn.execute("DELETE FROM archive_state WHERE key = ?", [_FTS_PURGE])
    return True


def _unlink_path(conn: sqlite3.Connection, path: str, keep_id: Optional[str]) -> set[str]:
    """Detach ``path`` from the document it held before; drop that document if orphaned
    (returning the matters it had handlings of)."""
    row = conn.execute(
        "SELECT document_id FROM document_paths WHERE path = ?", [path]
    ).fetchone()
    if row is None or row[0] == keep_id:
        return set()
    old_id = row[0]
    conn.execute("DELETE FROM document_paths WHERE path = ?", [path])
    other = conn.execute(
        "SELECT path FROM document_paths WHERE document_id = ? ORDER BY path LIMIT 1",
        [old_id],
    ).fetchone()
    if other is None:
        return _delete_document(conn, old_id)
    conn.execute(
        "UPDATE documents SET path = ?, filename = ? WHERE id = ? AND path = ?",
        [other[0], other[0].replace("\\", "/").rsplit("/", 1)[-1], old_id, path],
    )
    return set()


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` / ``ROLLBACK`` on a plain sqlite3 connection.

    (sqlite-utils' own helpers commit as they go, which would split a document.)
    """

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        if self.conn.in_transaction:
            self.conn.commit()
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")
        return False


def transaction(db: sqlite_utils.Database) -> _Transaction:
    """A write transaction on ``db`` that commits at the end or rolls back on error."""
    return _Transaction(db.conn)


def save_rows(db: sqlite_utils.Database, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Write one document's rows in ONE transaction, replacing what was there.

    Replaces the document with the same sha256 (a re-parse), detaches its path from the
    file it held before (a changed file; the old document goes if no other path holds
    it) and clears the path's ``import_errors`` row.
    """
    (document,) = rows["documents"]
    document_id = document["id"]
    stamp = now_iso()
    document = {**document, "imported_at": stamp}
    paths = [dict(p, seen_at=p.get("seen_at") or stamp) for p in rows["document_paths"]]
    with transaction(db) as conn:
        touched: set[str] = set()
        for p in paths:
            touched |= _unlink_path(conn, p["path"], keep_id=document_id)
        new_paths = {p["path"] for p in paths}
        kept = [
            {"path": path, "document_id": document_id, "seen_at": seen_at}
            for path, seen_at in conn.execute(
                "SELECT path, seen_at FROM document_paths WHERE document_id = ?",
                [document_id],
            ).fetchall()
            if path not in new_paths
        ]
        touched |= _delete_document(conn, document_id)
        if kept and document.get("path") not in {p["path"] for p in kept}:
            # The same file is stored under an earlier path: keep that one as its path.
            document["path"] = sorted(p["path"] for p in kept)[0]
            document["filename"] = document["path"].replace("\\", "/").rsplit("/", 1)[-1]
        _insert(conn, "documents", [document])
        # Every document child table, parents first (DOCUMENT_CHILDREN lists them
        # children first, for deleting).
        for table in reversed(DOCUMENT_CHILDREN):
            _insert(conn, table, rows.get(table, []))
        _insert(conn, "document_paths", kept + paths)
        conn.executemany(
            "DELETE FROM import_errors WHERE path = ?", [[p["path"]] for p in paths]
        )
        touched |= _link_unnumbered(conn, document_id, document.get("organization"))
        touched |= {r["matter_id"] for table in ("sections", "handlings")
                    for r in rows.get(table, []) if r.get("matter_id")}
        refresh_matters(conn, touched)


def _link_unnumbered(conn: sqlite3.Connection, document_id: str,
                     organization: Optional[str]) -> set[str]:
    """Link this document's sections that print no diary number to a matter through the
    earlier handlings they reprint: when every reprinted handling that is a section of
    the same organisation in the archive belongs to one and the same matter."""
    linked: set[str] = set()
    for section_id, in conn.execute(
            "SELECT id FROM sections WHERE document_id = ? AND matter_id IS NULL "
            "AND confidential = 0 AND id IN (SELECT section_id FROM handlings "
            "WHERE document_id = ?)", [document_id, document_id]).fetchall():
        found = {r[0] for r in conn.execute(
            "SELECT s.matter_id FROM handlings h JOIN sections s ON s.date = h.date "
            "AND s.number = h.number AND s.organization IS ? AND s.id != h.section_id "
            "WHERE h.section_id = ?", [organization, section_id])}
        if len(found) == 1 and None not in found:
            (matter,) = found
            conn.execute("UPDATE sections SET matter_id = ? WHERE id = ?", [matter, section_id])
            conn.execute("UPDATE handlings SET matter_id = ? WHERE section_id = ?",
                         [matter, section_id])
            linked.add(matter)
    return linked


def _body_name(body: str, organization: Optional[str]) -> str:
    """A body as printed in a handling line, written out when it is an abbreviation
    ``knowledge/words.yml`` knows (``KH`` of a *kunta* → ``Kunnanhallitus``)."""
    known = KNOWLEDGE.body_abbreviations.get(body.casefold())
    return (known.name_for(organization) if known else None) or body


def refresh_matters(conn: sqlite3.Connection, matter_ids: Iterable[str]) -> None:
    """Recompute the ``matters`` rows of ``matter_ids`` from the sections and reprinted
    handlings that belong to them (a handling printed as a section and reprinted
    elsewhere counts once: same date and §); a matter with none left is deleted."""
    for matter in sorted(set(matter_ids)):
        handlings: dict[tuple, tuple] = {}
        latest = None
        for date, number, body, title, printed, own in conn.execute(
                "SELECT date, number, body, title, diary_number, 1 FROM sections "
                "WHERE matter_id = ? UNION ALL "
                "SELECT h.date, h.number, h.body, NULL, NULL, 0 FROM handlings h "
                "WHERE h.matter_id = ?", [matter, matter]):
            key = (date, number) if number is not None else (date, body, len(handlings))
            if own or key not in handlings:
                handlings[key] = (date or "", body)
            if own and (latest is None or (date or "") >= (latest[0] or "")):
                latest = (date, title, printed)
        if not handlings:
            conn.execute("DELETE FROM matters WHERE id = ?", [matter])
            continue
        owner = conn.execute(
            "SELECT organization, diary_key FROM sections WHERE matter_id = ? "
            "AND diary_key IS NOT NULL LIMIT 1", [matter]).fetchone()
        if owner is None:  # only reprints left: their section's organisation and key
            owner = conn.execute(
                "SELECT s.organization, h.diary_key FROM handlings h JOIN sections s "
                "ON s.id = h.section_id WHERE h.matter_id = ? LIMIT 1", [matter]).fetchone()
        ordered = sorted(handlings.values(), key=lambda v: v[0])
        dates = [d for d, _b in ordered if d]
        organization = owner[0] if owner else None
        bodies = list(dict.fromkeys(_body_name(b, organization) for _d, b in ordered if b))
        _insert(conn, "matters", [{
            "id": matter,
            "organization": owner[0] if owner else None,
            "diary_key": owner[1] if owner else None,
            "diary_number": latest[2] if latest else None,
            "title": latest[1] if latest else None,
            "first_date": dates[0] if dates else None,
            "last_date": dates[-1] if dates else None,
            "handling_count": len(handlings),
            "bodies": "; ".join(bodies),
        }])


def save_document(
    db: sqlite_utils.Database,
    document: Document,
    parser_version: Optional[str] = None,
    *,
    lemmatize: Optional[Callable[..., str]] | bool = True,
) -> None:
    """Store a parsed document (``to_rows`` then ``save_rows``) in one transaction.

    :param lemmatize: True uses :func:`default_lemmatizer`; a callable is used as is;
        None/False leaves lemmas empty.
    """
    if lemmatize is True:
        lemmatize = default_lemmatizer()
    rows = to_rows(document, parser_version=parser_version, lemmatize=lemmatize or None)
    save_rows(db, rows)


def link_path(db: sqlite_utils.Database, path: str, document_id: str) -> None:
    """Record that the stored file ``document_id`` also lives at ``path``."""
    with transaction(db) as conn:
        _unlink_path(conn, path, keep_id=document_id)
        conn.execute(
            "INSERT OR REPLACE INTO document_paths (path, document_id, seen_at) VALUES (?, ?, ?)",
            [path, document_id, now_iso()],
        )
        conn.execute("DELETE FROM import_errors WHERE path = ?", [path])


def record_error(
    db: sqlite_utils.Database,
    path: str,
    kind: str,
    message: str,
    *,
    sha256: Optional[str] = None,
    parser_version: Optional[str] = None,
) -> None:
    """Record (or replace) the ``import_errors`` row of ``path``."""
    with transaction(db) as conn:
        _insert(
            conn,
            "import_errors",
            [
                {
                    "path": path,
                    "sha256": sha256,
                    "kind": kind,
                    "message": message,
                    "parser_version": parser_version,
                    "failed_at": now_iso(),
                }
            ],
        )


def stored_paths(db: sqlite_utils.Database) -> dict[str, tuple[str, Optional[str]]]:
    """``path → (sha256, parser_version)`` for every path holding a stored document."""
    return {
        path: (sha, version)
        for path, sha, version in db.execute(
            "SELECT p.path, d.sha256, d.parser_version FROM document_paths p "
            "JOIN documents d ON d.id = p.document_id"
        ).fetchall()
    }


def stored_versions(db: sqlite_utils.Database) -> dict[str, Optional[str]]:
    """``sha256 → parser_version`` of every stored document."""
    return dict(db.execute("SELECT id, parser_version FROM documents").fetchall())


def table_counts(db: sqlite_utils.Database,
                 tables: Iterable[str] = DATA_TABLES) -> dict[str, int]:
    """Row count per table (for tests, the benchmark and summaries)."""
    return {t: db[t].count for t in tables}

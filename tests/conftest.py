"""Shared fixtures. Each block says which stage's tests use it; add yours below."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Optional

import pytest

from parser.pages import Line, Page, Segment
from parser.model import (
    Attendee,
    Document,
    Handling,
    Meeting,
    ParseWarning,
    Preparer,
    Presenter,
    Section,
    Source,
)

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"



@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Under ``--dist loadgroup``, keep each test file's tests on one worker unless they
    name a group of their own (``xdist_group("ocr")`` spans files)."""
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


# OCR results of the test PDFs (scanned samples, damaged corpus layers) are cached here
# for every test process and run, so each page is OCRed once; tests of the cache
# itself point MINUTES_OCR_CACHE at their own folder.
os.environ.setdefault("MINUTES_OCR_CACHE", str(REPO / ".cache" / "test-ocr"))

# --------------------------------------------------------------------------- archive
# Used by test_archive.py, test_importer.py, test_datasette.py: realistic documents
# built in code, and small real PDFs with the document as JSON beside them (the same
# shape as samples/*.pdf + samples/*.json gold), read by parser.importer.parse_sidecar_json.

#: A word that appears only in the confidential section: it must never be findable.
SECRET_WORD = "Salaisuusvarjokuusi"


def archive_document(
    stem: str = "asikkala-hyvinvointilautakunta-2025-04",
    *,
    body: str = "Hyvinvointilautakunta",
    date: str = "2025-04-09",
    first: int = 31,
    pages: int = 4,
    language: str = "fi",
) -> Document:
    """A committee's minutes: an approved item, an amended one with an earlier handling
    of diary number 147/12.09/2025, and a confidential item with a vote."""
    return Document(
        source=Source(path=f"samples/{stem}.pdf", sha256="0" * 64, pages=pages),
        meeting=Meeting(
            organization="Asikkalan kunta",
            body=body,
            number="4/2025",
            date=date,
            start_time="17:00",
            end_time="19:15",
            place="Kunnantalo, valtuustosali",
            language=language,
            attendees=[
                Attendee("Maija Virtanen", "puheenjohtaja", "members"),
                Attendee("Pekka Korhonen", "jäsen", "members"),
                Attendee("Liisa Nieminen", "pöytäkirjanpitäjä", "others"),
            ],
        ),
        sections=[
            Section(
                number=first,
                title="Sivistyspalveluiden toimintakertomus vuodelta 2024",
                page_start=2,
                page_end=2,
                diary_number="147/12.09/2025",
                preparers=[
                    Preparer("Anna Laine", "sivistysjohtaja", "044 123 4567",
                             "anna.laine@asikkala.fi"),
                ],
                presenter=Presenter("Anna Laine", "sivistysjohtaja"),
                proposal="Lautakunta hyväksyy toimintakertomuksen ja antaa sen tiedoksi kunnanhallitukselle.",
                decision="Ehdotus hyväksyttiin.",
                text="Sivistyspalveluiden toimintakertomuksessa kuvataan koulumatkojen ja "
                "varhaiskasvatuksen päätöksiä sekä talouden toteutumista vuonna 2024.",
            ),
            Section(
                number=first + 1,
                title="Koulukuljetusten periaatteet lukuvuodelle 2025–2026",
                page_start=2,
                page_end=3,
                diary_number="ASIKK/152/12.01.00/2025",
                preparers=[
                    Preparer("Juha Mäkinen", "koulutoimenjohtaja", "040 765 4321",
                             "juha.makinen@asikkala.fi"),
                    Preparer("Sari Heikkinen", "talouspäällikkö"),
                ],
                presenter=Presenter("Anna Laine", "sivistysjohtaja"),
                history=[
                    Handling(
                        body="SIVLTK",
                        date="2025-03-12",
                        number=18,
                        preparers=[Preparer("Juha Mäkinen", "koulutoimenjohtaja")],
                        proposal="Lautakunta merkitsee selvityksen tiedoksi.",
                        decision="Asia jätettiin pöydälle.",
                    )
                ],
                proposal="Lautakunta hyväksyy koulukuljetusten periaatteet liitteen mukaisesti.",
                decision="Lautakunta hyväksyi periaatteet muutettuna siten, että "
                "koulumatkatukea myönnetään yli viiden kilometrin matkoille.",
                text="Koulukuljetusten periaatteet päivitetään. Päätöksen mukaan oppilaalla "
                "on oikeus maksuttomaan kuljetukseen, jos koulumatka on yli viisi kilometriä.",
            ),
            Section(
                number=first + 2,
                title="Henkilöstöasia",
                page_start=4,
                page_end=4,
                diary_number="160/01.01/2025",
                preparers=[Preparer("Anna Laine", "sivistysjohtaja")],
                confidential=True,
                proposal=f"Salassa pidettävä ehdotus {SECRET_WORD}.",
                decision=f"Äänestyksen jälkeen päätettiin {SECRET_WORD}.",
                history=[Handling(body="KH", date="2025-03-01", number=5,
                                  decision=f"Aiempi {SECRET_WORD}.")],
                text=f"JulkL 24.1 § 25 k. {SECRET_WORD} koskee yksittäistä työntekijää.",
            ),
        ],
        warnings=[
            ParseWarning("§ numbering has a gap before § 31", page=2, section=first),
            ParseWarning(f"text could not be placed: {SECRET_WORD}", page=4, section=first + 2),
        ],
    )


def council_document() -> Document:
    """A council item reprinting the committee's and the board's handlings of 147/2025."""
    return Document(
        source=Source(path="samples/asikkala-valtuusto-2025-05.pdf", sha256="1" * 64, pages=3),
        meeting=Meeting(organization="Asikkalan kunta", body="Kunnanvaltuusto",
                        number="3/2025", date="2025-05-05", language="fi"),
        sections=[
            Section(
                number=22,
                title="Sivistyspalveluiden toimintakertomus vuodelta 2024",
                page_start=2,
                page_end=3,
                diary_number="Dno 147/2025",
                history=[
                    Handling(body="HYVOLTK", date="2025-04-09", number=31,
                             proposal="Lautakunta hyväksyy toimintakertomuksen.",
                             decision="Ehdotus hyväksyttiin."),
                    Handling(body="KH", date="2025-04-15", number=70,
                             proposal="Kunnanhallitus esittää valtuustolle.",
                             decision="Ehdotus hyväksyttiin."),
                ],
                proposal="Valtuusto merkitsee toimintakertomuksen tiedoksi.",
                decision="Ehdotus hyväksyttiin.",
                text="Valtuustolle esitellään toimintakertomus.",
            )
        ],
    )


def swedish_document() -> Document:
    return Document(
        source=Source(path="samples/nykarleby-bildningsnamnden-2024-11.pdf", sha256="2" * 64,
                      pages=2),
        meeting=Meeting(organization="Nykarleby stad", body="Bildningsnämnden",
                        number="9/2024", date="2024-11-20", language="sv"),
        sections=[
            Section(number=88, title="Skolskjutsar", page_start=1, page_end=2,
                    diary_number="Dnr 210/2024", proposal="Nämnden godkänner principerna.",
                    decision="Förslaget godkändes.",
                    text="Beredning: skolskjutsarna ordnas enligt beslutet.")
        ],
    )


def write_pdf(path: Path, pages: int, title: str = "Pöytäkirja") -> Path:
    """A small real PDF with ``pages`` pages of Finnish text (reportlab)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for n in range(1, pages + 1):
        c.setFont("Helvetica", 12)
        c.drawString(72, 770, f"{title}  {n} ({pages})")
        c.drawString(72, 740, "Päätös: Ehdotus hyväksyttiin.")
        c.showPage()
    c.save()
    return path


def write_sample(folder: Path, document: Document) -> Path:
    """Write ``document`` as a PDF + sidecar JSON pair in ``folder``; returns the PDF."""
    stem = Path(document.source.path).stem
    pdf = write_pdf(folder / f"{stem}.pdf", document.source.pages, stem)
    (folder / f"{stem}.json").write_text(
        json.dumps(document.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return pdf


@pytest.fixture
def archive_docs() -> list[Document]:
    """Three documents: a committee (with a confidential item), the council, Swedish."""
    return [archive_document(), council_document(), swedish_document()]


@pytest.fixture
def sample_dir(tmp_path, archive_docs) -> Path:
    """A folder of three PDFs with their documents as JSON beside them."""
    folder = tmp_path / "minutes"
    folder.mkdir()
    for doc in archive_docs:
        write_sample(folder, doc)
    return folder


def gold_samples() -> list[Path]:
    """samples/*.pdf that have a gold JSON beside them (may be empty while the
    generator is being written)."""
    return sorted(p for p in SAMPLES.glob("*.pdf") if p.with_suffix(".json").exists())


def real_parser():
    """The real parse_pdf (skips when samples/ has no gold yet)."""
    from parser.pipeline import parse_pdf

    samples = gold_samples()
    if not samples:
        pytest.skip("samples/ has no PDFs with gold JSON yet")
    return parse_pdf


# --------------------------------------------------------------------------- reliability
# Used by test_hostile_inputs.py, test_crash_safety.py, test_concurrency.py,
# test_confidentiality.py, test_fuzz.py and bench/fuzz.py: the real ``minutes`` command
# in a subprocess, and the checks that an archive is whole.

MINUTES = str(Path(sys.executable).with_name("minutes"))
#: Messages users see must not carry these (a traceback or a Python exception name).
NOT_PLAIN = ("Traceback", "Error:", "Exception", "\n")


def drop_root_read_override() -> None:
    """preexec_fn: drop the capabilities that let root read any file, so that a file with
    mode 000 is unreadable to the command as it is to staff (tests run as root in CI).
    The command keeps uid 0, so it still owns the test's folders."""
    if os.geteuid() != 0:
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP; exec applies it
            raise OSError(ctypes.get_errno(), "cannot drop root's read override")


def minutes_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment for a ``minutes`` subprocess: OCR cache inside ``tmp_path``."""
    return {**os.environ, "MINUTES_OCR_CACHE": str(tmp_path / "ocr-cache"), **extra}


def start_command(argv: list, env: dict[str, str], *, unprivileged: bool = False,
                  **popen) -> subprocess.Popen:
    """Start a command (text pipes unless ``popen`` says otherwise); ``unprivileged``:
    see drop_root_read_override."""
    popen = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **popen}
    return subprocess.Popen(
        [str(a) for a in argv], env=env, text=True,
        preexec_fn=drop_root_read_override if unprivileged else None, **popen)


def start_minutes(args: list, env: dict[str, str], **options) -> subprocess.Popen:
    """Start ``minutes ARGS`` (the installed console script)."""
    return start_command([MINUTES, *args], env, **options)


def run_command(argv: list, env: dict[str, str], *, timeout: float = 300,
                unprivileged: bool = False) -> subprocess.CompletedProcess:
    """Run a command to the end; a run over ``timeout`` seconds is a hang."""
    process = start_command(argv, env, unprivileged=unprivileged)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"{' '.join(map(str, argv))} hung for over {timeout} s")
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def run_minutes(args: list, env: dict[str, str], **options) -> subprocess.CompletedProcess:
    """Run ``minutes ARGS`` to the end (see run_command)."""
    return run_command([MINUTES, *args], env, **options)


# --------------------------------------------------------------------------- serving
# Used by test_concurrency.py and test_packaging.py: a real ``minutes serve`` over HTTP.

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 30) -> tuple[int, str]:
    """Status and body of a GET (errors included: a 400 is an answer too)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


class Server:
    """``minutes serve`` on a free port, stopped at the end of the ``with`` block.

    ``command``: how to run ``minutes`` (the console script of the test's environment
    unless another installed copy is tested)."""

    def __init__(self, db, env, *options, command: Optional[list] = None):
        self.port = free_port()
        # Its output goes to a file: a pipe nobody reads would block it once full.
        self.log = open(Path(db).with_name("serve.log"), "w+", encoding="utf-8")
        self.process = start_command(
            [*(command or [MINUTES]), "serve", "--db", db, "--port", self.port, *options], env,
            stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"minutes serve ended: {self.output()}")
            try:
                if get(self.base + "/", timeout=2)[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        pytest.fail("minutes serve did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()

    def output(self) -> str:
        """What the server printed so far."""
        self.log.flush()
        return Path(self.log.name).read_text(encoding="utf-8")

    def sql(self, sql: str) -> tuple[int, str]:
        query = urllib.parse.urlencode({"sql": sql, "_shape": "array"})
        return get(f"{self.base}/archive.json?{query}")

    def count(self) -> int:
        status, body = self.sql("select count(*) as n from documents")
        assert status == 200, body
        return json.loads(body)[0]["n"]

    def search(self, words: str) -> list[dict]:
        query = urllib.parse.urlencode(
            {"haku": words, "toimielin": "", "alkaen": "", "asti": "", "_shape": "array"})
        status, body = get(f"{self.base}/archive/hae_paatoksia.json?{query}")
        assert status == 200, body
        return json.loads(body)



def assert_plain(message: str, path: str | None = None) -> None:
    """A message for users: one line, no traceback, naming ``path``."""
    assert message and not any(bad in message for bad in NOT_PLAIN), message
    if path is not None:
        assert message.startswith(f"{path}: "), message


def read_only(db_path) -> sqlite3.Connection:
    """A read-only connection (what a checker or Datasette uses beside an import)."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    conn.row_factory = sqlite3.Row
    return conn


def per_document_counts(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """``document id → {table: rows}`` for every stored document."""
    from parser.archive import DOCUMENT_CHILDREN

    counts: dict[str, dict[str, int]] = {
        row[0]: {} for row in conn.execute("select id from documents")}
    for table in DOCUMENT_CHILDREN:
        for document_id, n in conn.execute(
                f"select document_id, count(*) from {table} group by document_id"):
            counts.setdefault(document_id, {})[table] = n
    return counts


def assert_archive_whole(db_path) -> dict[str, dict[str, int]]:
    """The archive is intact: SQLite and FTS integrity, foreign keys, no child row
    without its document and every document with exactly the sections and warnings it
    says it has.  Returns :func:`per_document_counts`."""
    conn = read_only(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # FTS5's own check that the index matches its content table (raises if not);
        # it writes nothing, but SQLite wants a writable handle for the statement.
        writable = sqlite3.connect(str(db_path), timeout=30)
        try:
            writable.execute("INSERT INTO sections_fts(sections_fts) VALUES('integrity-check')")
        finally:
            writable.close()
        counts = per_document_counts(conn)
        for document_id, sections, warnings in conn.execute(
                "select id, section_count, warning_count from documents"):
            assert counts[document_id].get("sections", 0) == sections, document_id
            assert counts[document_id].get("warnings", 0) == warnings, document_id
        stored = set(r[0] for r in conn.execute("select id from documents"))
        assert set(counts) == stored, "rows of a document that is not stored"
        assert conn.execute("select count(*) from documents where id not in "
                            "(select document_id from document_paths)").fetchone()[0] == 0
        return counts
    finally:
        conn.close()


def stored_paths_of(db_path) -> set[str]:
    conn = read_only(db_path)
    try:
        return {r[0] for r in conn.execute("select path from document_paths")}
    finally:
        conn.close()


def import_errors_of(db_path) -> dict[str, sqlite3.Row]:
    conn = read_only(db_path)
    try:
        return {r["path"]: r for r in conn.execute("select * from import_errors")}
    finally:
        conn.close()


def marked_processes(mark: str) -> list[int]:
    """Pids of live processes whose environment holds ``MINUTES_TEST_MARK=<mark>``
    (a test's command and everything it started: workers, Tesseract)."""
    needle = f"MINUTES_TEST_MARK={mark}".encode()
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if needle in f.read().split(b"\0"):
                    pids.append(int(entry))
        except OSError:  # gone meanwhile, or not ours
            continue
    return pids


def assert_no_processes_left(mark: str, within: float = 15.0) -> None:
    """Every process a killed command started ends with it (workers die with their
    parent); zombies of a dead parent are reaped by init, so allow a few seconds."""
    import time

    deadline = time.monotonic() + within
    while marked_processes(mark) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert marked_processes(mark) == [], "processes outlived the killed import"


@pytest.fixture(scope="session")
def copies_folder(tmp_path_factory) -> Path:
    """samples/ three times over, every copy a different file (27 PDFs, ~300 pages):
    an import of it takes a few seconds, long enough to be interrupted."""
    import hostile

    folder = tmp_path_factory.mktemp("copies") / "poytakirjat"
    hostile.distinct_copies(gold_samples(), folder, 3)
    return folder


@pytest.fixture(scope="session")
def copies_reference(copies_folder, tmp_path_factory) -> dict[str, dict[str, int]]:
    """Rows per table of each document of copies_folder, from one uninterrupted import:
    what a crashed or interrupted import must hold for every document it kept."""
    from parser.importer import import_paths

    db = tmp_path_factory.mktemp("reference") / "archive.db"
    summary = import_paths(db, [copies_folder], workers=2)
    assert summary.failed == 0, summary.failures
    return assert_archive_whole(db)


# --------------------------------------------------------------------------- OCR
# Used by test_ocr.py and test_ocr_corrections.py: pages as the text layer or as
# Tesseract gives them.


def ocr_line(text: str, *, x: float = 57.0, top: float = 300.0, page: int = 1) -> Line:
    """A line as Tesseract's words make it (segments carry a confidence)."""
    return Line([Segment(text, x, x + 5.5 * len(text), top, top + 11, 11.0,
                         confidence=91.0)], page)


def ocr_page(*texts: str, number: int = 1) -> Page:
    """An OCRed page with one line per text."""
    lines = [ocr_line(t, top=200.0 + 14 * i, page=number) for i, t in enumerate(texts)]
    return Page(number, 595, 842, lines, chars=sum(map(len, texts)), text_source="ocr",
                ocr_confidence=91.0)


def text_page(text: str, number: int = 1) -> Page:
    """A text-layer page holding ``text``, eight words a line."""
    words = text.split()
    lines = [Line([Segment(" ".join(words[i:i + 8]), 57, 500, 100 + 14 * k, 111 + 14 * k)], number)
             for k, i in enumerate(range(0, len(words), 8))]
    return Page(number, 595, 842, lines, chars=len(text))

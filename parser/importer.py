"""Batch import: files, folders and globs of minutes PDFs → ``archive.db``.

``import_paths(db_path, paths)`` is the whole job; ``minutes import`` is a thin layer
over it.  How it goes:

1. :func:`expand_paths` turns the arguments into files (folders recursively, PDFs only;
   a file named explicitly is always attempted; a folder that cannot be read is a
   failure, not silence).  A file name that is not UTF-8 cannot be stored: it fails.
2. The parent hashes each file (SHA-256) and decides: skip (same file already stored
   at that path), link (same file already stored at another path: stored once, the new
   path recorded in ``document_paths``), or parse.
3. Parsing runs in worker processes (``spawn``), one file at a time per worker, with a
   time limit that is about lack of progress: a file may take ``timeout`` seconds
   between two heartbeats (the worker beats when it takes the file and when the parse
   is done, the parser after each page read and each page OCRed, through its
   ``progress(done, total, stage)`` callback), so a long file goes on while a stuck page
   is stopped.  Each worker
   has an address-space limit (``memory_mb``, RLIMIT_AS) so a decompression bomb cannot
   take the machine's memory.  A worker that hangs, runs out of memory or dies is killed
   and replaced, the file gets an ``import_errors`` row and the batch goes on.  Workers
   die with the parent (even a SIGKILLed one) and ignore Ctrl-C, which the parent
   handles.  Workers also turn the document into rows (:func:`parser.archive.to_rows`,
   lemmas included) so that work spreads over the cores.
4. The parent alone writes to SQLite, one transaction per document
   (:func:`parser.archive.save_rows`), so a crash at any moment leaves every document
   either complete or absent.  One import at a time per archive: a second one started
   while the first runs is refused (:class:`parser.errors.ArchiveBusyError`), through an
   exclusive lock on ``<archive>.import-lock`` that the operating system releases when
   the holder dies; ``minutes serve --immutable`` holds it shared (:func:`serve_lock`).
   At the end, the words of replaced sections are purged from the full-text index
   (:func:`parser.archive.purge_deleted_text`) and the WAL is folded into the file.

The parse function is injectable (``parse=``) so the importer can be tested without
the real parser; it must be picklable (a module-level function) when ``workers > 0``.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import inspect
import multiprocessing
import os
import signal
import sqlite3
import stat
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait as _wait
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

from . import archive
from .errors import (
    ArchiveBusyError,
    BrokenPDFError,
    EncryptedPDFError,
    MinutesError,
    NotAPDFError,
    OCRUnavailableError,
)
from .model import Document
from .pages import check_pdf_header, file_sha256

#: Seconds a file may go without progress (a page done) before its worker is killed.
DEFAULT_TIMEOUT = 120.0
#: Address space (MB) per worker.  pdfium, Voikko and a large file need a few hundred
#: MB; a decompression bomb or a runaway content stream hits this limit instead.
DEFAULT_MEMORY_MB = 2048
#: Least seconds between two heartbeats a worker sends (each costs the parent a wake-up).
HEARTBEAT_SECONDS = 0.25
_GLOB_CHARS = set("*?[")


def current_parser_version() -> str:
    """The version stored with each document: ``parser.pipeline.PARSER_VERSION`` if the
    pipeline declares one, else the package version.  Bump it when parsing improves and
    ``minutes import --reparse`` re-parses what older versions stored."""
    from . import __version__, pipeline

    return str(getattr(pipeline, "PARSER_VERSION", None) or __version__)


def default_parse(path: str, progress: Optional[Callable[[int, int, str], None]] = None
                  ) -> Document:
    """The real parser (imported lazily so the importer loads without it)."""
    from .pipeline import parse_pdf

    return parse_pdf(path, progress=progress)


def parse_sidecar_json(path: str) -> Document:
    """An offline "parser": read the document from the JSON file beside the PDF.

    ``x.pdf`` → ``x.json`` in the contract of ``minutes parse --json`` (the gold files
    in ``samples/`` have this shape).  Used by tests and the benchmark to exercise the
    import without the parser, and to load JSON parsed elsewhere.
    """
    import json

    sidecar = Path(path).with_suffix(".json")
    if not sidecar.exists():
        raise MinutesError(path, f"has no parsed JSON beside it ({sidecar.name})")
    with open(sidecar, encoding="utf-8") as f:
        return Document.from_dict(json.load(f))


# --------------------------------------------------------------------------- summary

@dataclass
class FileResult:
    """What happened to one file."""

    path: str
    status: str  # "imported", "skipped", "linked", "failed"
    sha256: Optional[str] = None
    pages: int = 0
    sections: int = 0
    kind: Optional[str] = None  # error kind when failed; "no_sections" when imported without
    message: Optional[str] = None


@dataclass
class ImportSummary:
    """Counts of one ``import_paths`` run; ``results`` has one entry per file."""

    db_path: str
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    def _count(self, *statuses: str) -> int:
        return sum(1 for r in self.results if r.status in statuses)

    @property
    def imported(self) -> int:
        return self._count("imported")

    @property
    def skipped(self) -> int:
        """Unchanged files and files already stored under another path."""
        return self._count("skipped", "linked")

    @property
    def failed(self) -> int:
        return self._count("failed")

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results if r.status == "imported")

    @property
    def sections(self) -> int:
        return sum(r.sections for r in self.results if r.status == "imported")

    @property
    def failures(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def without_sections(self) -> list[FileResult]:
        """Files imported in which no section was found (not minutes, or unreadable)."""
        return [r for r in self.results if r.status == "imported" and r.kind == "no_sections"]

    def line(self) -> str:
        """The one-line summary ``minutes import`` prints."""
        text = f"imported {self.imported}"
        if self.without_sections:
            text += f" ({len(self.without_sections)} without sections)"
        text += f", skipped {self.skipped}, failed {self.failed}"
        if self.failed or self.without_sections:
            text += f"; see import_errors in {self.db_path}"
        return text


class Progress:
    """Progress callbacks; the default does nothing (the CLI draws a bar)."""

    def start(self, total_files: int) -> None:  # noqa: D401 - callback
        pass

    def advance(self, result: FileResult) -> None:
        pass

    def working(self, path: str, done: int, total: int, stage: str = "read") -> None:
        """A file being parsed has done ``done`` of its ``total`` pages of ``stage``
        ("read", or "ocr" for pages being OCRed)."""

    def finish(self) -> None:
        pass


class BarProgress(Progress):
    """A click progress bar on stderr: files done, with pages and sections so far."""

    def __init__(self, label: str = "Importing"):
        self.label = label
        self.bar = None
        self.pages = self.sections = self.failed = 0
        self.busy: dict[str, tuple[int, int, str]] = {}  # file → pages done, in all, stage

    def start(self, total_files: int) -> None:
        import sys

        import click

        self.bar = click.progressbar(
            length=total_files,
            label=self.label,
            file=sys.stderr,
            show_pos=True,
            item_show_func=lambda _: self._status(),
        )
        self.bar.__enter__()

    def _status(self) -> str:
        status = f"{self.pages} pages, {self.sections} sections"
        if self.failed:
            status += f", {self.failed} failed"
        # A long file, or a scan being OCRed (seconds a page), shows how far it has got.
        slow = [(os.path.basename(p), d, t, stage) for p, (d, t, stage) in self.busy.items()
                if t >= 20 or stage == "ocr"]
        if slow:
            name, done, total, stage = slow[0]
            what = "OCR page" if stage == "ocr" else "page"
            status += f"; {name[:30]}: {what} {done}/{total}"
        return status

    def working(self, path: str, done: int, total: int, stage: str = "read") -> None:
        self.busy[path] = (done, total, stage)
        if self.bar is not None:
            self.bar.update(0)

    def advance(self, result: FileResult) -> None:
        self.busy.pop(result.path, None)
        if result.status == "imported":
            self.pages += result.pages
            self.sections += result.sections
        elif result.status == "failed":
            self.failed += 1
        if self.bar is not None:
            self.bar.update(1, result)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


class ImportInterrupted(Exception):
    """Ctrl-C during an import; ``summary`` holds what was committed before it."""

    def __init__(self, summary: ImportSummary):
        self.summary = summary
        super().__init__("import interrupted")


# --------------------------------------------------------------------------- paths

def display_path(path: str | os.PathLike) -> str:
    """``path`` as text that SQLite and a terminal accept: the bytes of a file name that
    is not UTF-8 (copied from an older system; Python keeps them as lone surrogates)
    become U+FFFD."""
    return archive.storable_text(os.fsdecode(path))


def _is_pdf_name(path: Path) -> bool:
    return path.suffix.lower() == ".pdf"


def _walk(folder: Path, failures: list[FileResult]) -> Iterable[Path]:
    """PDFs under ``folder``, following symlinked folders once (loops are cut).

    A folder that cannot be listed is appended to ``failures``: os.walk would skip it
    silently and the PDFs in it would never be imported nor reported.
    """
    seen: set[str] = set()

    def unreadable(error: OSError) -> None:
        where = display_path(error.filename or folder)
        failures.append(FileResult(
            where, "failed", kind="unreadable",
            message=f"{where}: this folder cannot be read ({error.strerror or error}), so "
                    "the PDFs in it were not imported; check its permissions."))

    for root, dirs, files in os.walk(folder, followlinks=True, onerror=unreadable):
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs.sort()
        for name in sorted(files):
            candidate = Path(root) / name
            if _is_pdf_name(candidate):
                yield candidate


def expand_paths(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[FileResult]]:
    """Files to import (absolute, de-duplicated, in argument order) and failures for
    arguments that name nothing and folders that cannot be read.

    Folders are searched recursively for ``*.pdf`` (any case); a file named explicitly
    is attempted whatever its name; a pattern with ``*``, ``?`` or ``[`` is a glob
    (``**`` recursive).
    """
    files: list[Path] = []
    missing: list[FileResult] = []  # arguments that name nothing, unreadable folders
    seen: set[Path] = set()

    def add(p: Path):
        p = Path(os.path.abspath(p))
        if p not in seen:
            seen.add(p)
            files.append(p)

    for raw in paths:
        text = os.fspath(raw)
        p = Path(text)
        if p.is_dir():
            for f in _walk(p, missing):
                add(f)
        elif p.exists() or p.is_symlink():
            add(p)
        elif _GLOB_CHARS & set(text):
            matches = sorted(glob.glob(text, recursive=True))
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    for f in _walk(mp, missing):
                        add(f)
                elif _is_pdf_name(mp):
                    add(mp)
            if not matches:
                shown = display_path(text)
                missing.append(
                    FileResult(shown, "failed", kind="not_found",
                               message=f"{shown}: no files match this pattern; check the path.")
                )
        else:
            shown = display_path(text)
            missing.append(
                FileResult(display_path(os.path.abspath(text)), "failed", kind="not_found",
                           message=f"{shown}: no such file or folder; check the path.")
            )
    return files, missing


# --------------------------------------------------------------------------- hashing

def check_regular_file(path: Path) -> None:
    """Raise :class:`MinutesError` (kind "unreadable") unless ``path`` is a regular file
    this process can open.

    Checked before anything reads the file: opening a FIFO named ``.pdf`` blocks forever
    and a link to ``/dev/zero`` never ends, so neither may reach a reader; link loops,
    dangling links and missing permissions get a plain message.
    """
    try:
        st = os.stat(path)
    except OSError as e:
        if os.path.islink(path):
            what = ("is a symbolic link that loops back on itself"
                    if e.errno == errno.ELOOP else "is a symbolic link to a missing file")
            raise MinutesError(path, f"{what}; fix or remove the link.")
        raise MinutesError(path, f"cannot be read ({e.strerror or e}); check the path.")
    if stat.S_ISDIR(st.st_mode):
        raise NotAPDFError(path, "is a folder, not a PDF file.")
    if not stat.S_ISREG(st.st_mode):
        raise MinutesError(
            path, "is not a regular file (a pipe, device or socket); "
                  "copy the minutes PDF into a folder and import it from there.")
    try:
        # O_NONBLOCK: should the file have become a FIFO since the stat, open() returns.
        os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))
    except OSError as e:
        raise MinutesError(
            path, f"cannot be read ({e.strerror or e}); check the file's permissions.")


def hash_file(path: Path) -> str:
    """SHA-256 of a file; raises :class:`NotAPDFError` for files that are plainly not
    PDFs (empty, or no ``%PDF`` near the start) and :class:`MinutesError` for files that
    cannot be read (:func:`check_regular_file`), so no worker is spent on them."""
    check_regular_file(path)
    check_pdf_header(path)
    return file_sha256(path)


_ERROR_KINDS = {
    NotAPDFError: "not_a_pdf",
    EncryptedPDFError: "encrypted",
    BrokenPDFError: "broken",
    OCRUnavailableError: "ocr_unavailable",
}


def _is_pdfium_error(error: BaseException) -> bool:
    # pdfium reports a page it cannot load (a broken page tree) as a bare PdfiumError.
    return type(error).__name__ == "PdfiumError"


def error_kind(error: BaseException) -> str:
    """The ``import_errors.kind`` of an exception raised while parsing a file."""
    for cls, kind in _ERROR_KINDS.items():
        if isinstance(error, cls):
            return kind
    if isinstance(error, MemoryError):
        return "memory"
    if isinstance(error, RecursionError) or _is_pdfium_error(error):
        return "broken"
    if isinstance(error, MinutesError):
        return "unreadable"
    if isinstance(error, OSError):
        return "unreadable"
    return "parser_error"


def error_message(path: str, error: BaseException) -> str:
    """One plain sentence naming the file and what to do."""
    if isinstance(error, MinutesError):
        text = error.message
        return f"{path}: {text}" if not text.startswith(path) else text
    if isinstance(error, MemoryError):
        return (f"{path}: parsing ran out of memory and was stopped; the file may be damaged, "
                "or raise --memory-mb if it is a genuine, very large file.")
    if isinstance(error, RecursionError) or _is_pdfium_error(error):
        # pdfium's own words end with a full stop ("Failed to load page."): one sentence.
        return (f"{path}: is damaged and cannot be read ({str(error).rstrip('.')}); "
                "export the minutes again or ask for a new copy.")
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        return f"{path}: could not be read ({reason}); check that the file is readable."
    detail = f"{type(error).__name__}: {error}".strip()
    if len(detail) > 300:
        detail = detail[:300] + "…"
    return (
        f"{path}: the parser failed on this file ({detail}); "
        "please report it with the file attached."
    )


# --------------------------------------------------------------------------- workers

def accepts_progress(parse: Callable[..., Document]) -> bool:
    """Whether ``parse`` takes a ``progress`` keyword (injected parsers need not)."""
    try:
        parameters = inspect.signature(parse).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "progress" or p.kind is p.VAR_KEYWORD for p in parameters)


def _process(parse: Callable[..., Document], path: str, sha256: str, parser_version: str,
             lemmatize: bool, progress: Optional[Callable[..., None]] = None) -> tuple:
    """Parse one file and turn it into rows; runs in a worker (or inline)."""
    try:
        document = parse(path, progress=progress) if progress else parse(path)
        if progress:
            progress()  # parsed: the rows and lemmas still to come count from here
        # The parent hashed exactly this file; its identity wins over the parser's.
        document.source.path = path
        document.source.sha256 = sha256
        lemmatizer = archive.default_lemmatizer() if lemmatize else None
        rows = archive.to_rows(document, parser_version=parser_version, lemmatize=lemmatizer)
        return ("ok", rows, document.source.pages or 0, len(document.sections))
    except BaseException as e:  # noqa: BLE001 - every failure becomes a row
        if isinstance(e, KeyboardInterrupt):
            raise
        return ("error", error_kind(e), error_message(path, e))


def _limit_memory(memory_mb: Optional[int]) -> None:
    if not memory_mb:
        return
    try:
        import resource

        limit = int(memory_mb) * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):  # pragma: no cover - platform specific
        pass


def _die_with_parent(parent_pid: int) -> None:
    """End this worker when the importing process dies, however it dies.

    An idle worker notices at once (its pipe closes), but one deep in a parse would run
    on as an orphan after a SIGKILL: on Linux the kernel kills it (PR_SET_PDEATHSIG),
    elsewhere a thread watches the parent pid.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0:  # 1 = PR_SET_PDEATHSIG
            if os.getppid() != parent_pid:  # the parent died before prctl took effect
                os._exit(1)
            return
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass

    def watch():  # pragma: no cover - not Linux
        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


class _Heartbeat:
    """The ``progress(done, total, stage)`` callback a worker gives the parser: tells the
    parent that the file moves on (at most every HEARTBEAT_SECONDS, and at once when the
    stage changes), which extends its deadline.  Every page counts, read or OCRed."""

    def __init__(self, conn):
        self.conn = conn
        self.last = 0.0
        self.stage = "read"

    def __call__(self, done: int = 0, total: int = 0, stage: str = "read") -> None:
        now = time.monotonic()
        if now - self.last >= HEARTBEAT_SECONDS or not done or stage != self.stage:
            self.last = now
            self.stage = stage
            self.conn.send(("progress", done, total, stage))


def _worker_main(conn, parse, parser_version, lemmatize, memory_mb, parent_pid):
    """A worker process: receive a (path, sha) per message, send back the outcome
    (with ``("progress", done, total, stage)`` heartbeats before it)."""
    # The parent handles Ctrl-C; it started this process with SIGINT blocked so that a
    # Ctrl-C during start-up cannot print a traceback from here.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _die_with_parent(parent_pid)
    _limit_memory(memory_mb)
    if parse is default_parse:
        from . import pipeline  # noqa: F401 - loaded before the first file's clock starts
    heartbeat = _Heartbeat(conn) if accepts_progress(parse) else None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        path, sha256 = job
        # The file's time limit starts now, not when the parent sent it: a new worker's
        # start-up (seconds on a loaded machine) is not the file's doing.
        conn.send(("progress", 0, 0, "read"))
        if heartbeat:
            heartbeat.last = time.monotonic()
            heartbeat.stage = "read"
        conn.send(_process(parse, path, sha256, parser_version, lemmatize, heartbeat))


class _Worker:
    def __init__(self, ctx, parse, parser_version, lemmatize, memory_mb, started: list):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main,
            args=(child, parse, parser_version, lemmatize, memory_mb, os.getpid()),
            daemon=True,
        )
        self.memory_mb = memory_mb
        self.job: Optional[tuple[str, str]] = None
        self.deadline: float = 0.0
        self.killed = False
        blocked = hasattr(signal, "pthread_sigmask")
        if blocked:
            previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            self.process.start()
            started.append(self)  # registered before a pending Ctrl-C can be raised
        finally:
            child.close()
            if blocked:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    def send(self, job, timeout):
        self.job = job
        self.extend(timeout)
        self.conn.send(job)

    def extend(self, timeout):
        self.deadline = time.monotonic() + timeout if timeout else float("inf")

    def kill(self):
        if self.process.is_alive():
            self.killed = True
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self):
        try:
            self.conn.send(None)
        except (OSError, BrokenPipeError):
            pass
        self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)
        self.conn.close()

    def death(self, path: str) -> tuple[str, str, str]:
        """The outcome for a worker that died on ``path`` without answering."""
        self.process.join(2)
        code = self.process.exitcode
        # pdfium aborts when an allocation fails, and the kernel's OOM killer sends
        # SIGKILL: under a memory limit either is the file needing too much memory.
        if self.memory_mb and code in (-signal.SIGABRT, -signal.SIGKILL) and not self.killed:
            return ("error", "memory",
                    f"{path}: parsing needed more than the {self.memory_mb} MB memory limit "
                    "and was stopped; the file may be damaged or a decompression bomb, or "
                    "raise --memory-mb if it is a genuine, very large file.")
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return ("error", "crashed",
                f"{path}: the parser crashed on this file ({how}); the file may be damaged, "
                "please report it with the file attached.")


def _run_pool(jobs, parse, workers, timeout, parser_version, lemmatize, memory_mb, on_result,
              on_progress: Optional[Callable[[str, int, int, str], None]] = None):
    """Run ``jobs`` [(path, sha)] on ``workers`` spawned processes; call
    ``on_result(job, outcome)`` in the parent for each, in completion order, and
    ``on_progress(path, done, total, stage)`` for the workers' heartbeats."""
    ctx = multiprocessing.get_context("spawn")
    pending = list(reversed(jobs))
    pool: list[_Worker] = []
    started: list[_Worker] = []

    def new_worker():
        return _Worker(ctx, parse, parser_version, lemmatize, memory_mb, started)

    try:
        for _ in range(min(workers, len(jobs))):
            pool.append(new_worker())
        for w in pool:
            if pending:
                w.send(pending.pop(), timeout)
        while any(w.job for w in pool):
            busy = [w for w in pool if w.job]
            wait_for = min(w.deadline for w in busy) - time.monotonic()
            ready = _wait(
                [w.conn for w in busy] + [w.process.sentinel for w in busy],
                timeout=max(0.0, min(wait_for, 1.0)),
            )
            now = time.monotonic()
            for i, w in enumerate(pool):
                if not w.job:
                    continue
                job = w.job
                outcome = None
                replace = False
                if w.conn in ready:
                    try:
                        outcome = w.conn.recv()
                    except (EOFError, OSError):
                        outcome = w.death(job[0])
                        replace = True
                    if outcome[0] == "progress":
                        w.extend(timeout)
                        if on_progress and outcome[2]:
                            on_progress(job[0], *outcome[1:4])
                        continue
                    # A worker that ran out of memory may be left in a bad state.
                    replace = replace or outcome[1] == "memory"
                elif w.process.sentinel in ready or not w.process.is_alive():
                    outcome = w.death(job[0])
                    replace = True
                elif now >= w.deadline:
                    outcome = ("error", "timeout",
                               f"{job[0]}: parsing made no progress for {timeout:g} seconds "
                               "and was stopped; the file may be damaged, or try again "
                               "with a larger --timeout.")
                    replace = True
                if outcome is None:
                    continue
                w.job = None
                if replace:
                    w.kill()
                    w = pool[i] = new_worker() if pending else w
                if pending and not w.job:
                    # The next file first: the worker parses it while this one is written.
                    w.send(pending.pop(), timeout)
                on_result(job, outcome)
    finally:
        for w in started:
            if w.job or not w.process.is_alive() or w not in pool:
                w.kill()
            else:
                w.stop()


# --------------------------------------------------------------------------- import

def import_paths(
    db_path: str | os.PathLike,
    paths: Iterable[str | os.PathLike],
    *,
    workers: int = 1,
    parse: Optional[Callable[[str], Document]] = None,
    reparse: bool = False,
    reparse_all: bool = False,
    timeout: Optional[float] = DEFAULT_TIMEOUT,
    memory_mb: Optional[int] = DEFAULT_MEMORY_MB,
    parser_version: Optional[str] = None,
    lemmatize: bool = True,
    progress: Optional[Progress] = None,
) -> ImportSummary:
    """Import minutes PDFs into the archive at ``db_path``.

    :param paths: files, folders (recursive) and globs; empty with ``reparse`` means
        every stored document.
    :param workers: parser processes; 0 parses in this process (no time limit).
    :param parse: ``parse(path) -> Document`` (default: the real parser); picklable
        (a module-level function) when ``workers > 0``.
    :param reparse: re-parse stored files whose parser version differs from the current.
    :param reparse_all: re-parse stored files whatever their version.
    :param timeout: seconds a file may go without progress (a heartbeat from the
        parser's ``progress`` callback) before its worker is killed (None: no limit).
    :param memory_mb: address-space limit per worker process in MB (None: no limit).
    :param lemmatize: fill lemmas with ``parser.lemmas`` when it is available.
    :raises ImportInterrupted: on Ctrl-C, after stopping the workers; what was committed
        stays.
    :raises ArchiveBusyError: when another import is writing to the same archive.
    """
    started = time.monotonic()
    parse = parse or default_parse
    version = parser_version or current_parser_version()
    progress = progress or Progress()
    summary = ImportSummary(db_path=os.fspath(db_path))
    try:
        with import_lock(db_path):
            _import(db_path, paths, summary, workers=workers, parse=parse,
                    reparse=reparse, reparse_all=reparse_all, timeout=timeout,
                    memory_mb=memory_mb, version=version, lemmatize=lemmatize,
                    progress=progress)
    except KeyboardInterrupt:
        summary.interrupted = True
        summary.seconds = time.monotonic() - started
        raise ImportInterrupted(summary) from None
    summary.seconds = time.monotonic() - started
    return summary


def _import(db_path, paths, summary: ImportSummary, *, workers, parse, reparse, reparse_all,
            timeout, memory_mb, version, lemmatize, progress: Progress) -> None:
    db = archive.open_db(db_path)
    try:
        archive.purge_deleted_text(db)  # left over from an import that was stopped
        paths = list(paths)
        reparse_any = reparse or reparse_all
        if not paths and reparse_any:
            paths = [p for p in archive.stored_paths(db) if os.path.exists(p)]
        files, missing = expand_paths(paths)
        progress.start(len(files) + len(missing))
        for r in missing:
            _fail(db, summary, progress, r, version)

        stored = archive.stored_paths(db)
        versions = archive.stored_versions(db)
        jobs: list[tuple[str, str]] = []
        waiting: dict[str, list[str]] = {}  # sha → further paths with the same content
        for f in files:
            path = str(f)
            if display_path(path) != path:
                shown = display_path(path)
                _fail(db, summary, progress,
                      FileResult(shown, "failed", kind="bad_name", message=(
                          f"{shown}: the file name is not valid UTF-8 text (it was probably "
                          "copied from an older system), so the archive cannot store it; "
                          "rename the file and import it again.")), version)
                continue
            try:
                sha = hash_file(f)
            except (MinutesError, OSError) as e:
                _fail(db, summary, progress,
                      FileResult(path, "failed", kind=error_kind(e),
                                 message=error_message(path, e)), version)
                continue
            if sha in waiting:
                waiting[sha].append(path)
                continue
            if sha in versions:
                stale = reparse_all or (reparse and versions[sha] != version)
                if not stale:
                    status = "skipped" if stored.get(path, (None,))[0] == sha else "linked"
                    if status == "linked":
                        archive.link_path(db, path, sha)
                    summary.results.append(FileResult(path, status, sha256=sha))
                    progress.advance(summary.results[-1])
                    continue
            waiting[sha] = []
            jobs.append((path, sha))

        def on_result(job, outcome):
            path, sha = job
            if outcome[0] == "ok":
                _, rows, pages, sections = outcome
                problem = _save(db, path, rows)
                if problem:
                    outcome = ("error", "parser_error", problem)
            if outcome[0] == "ok":
                result = FileResult(path, "imported", sha256=sha, pages=pages,
                                    sections=sections)
                if not sections:
                    # Stored (its warning and kind say what it is), and listed where
                    # failures are, so that it is not silently unsearchable.
                    result.kind, result.message = "no_sections", (
                        f"{display_path(path)}: no numbered sections (§) were found, so it was "
                        "stored but nothing in it can be found by section; check that it is "
                        "minutes or an agenda (a scan without a readable text needs Tesseract).")
                    archive.record_error(db, display_path(path), result.kind, result.message,
                                         sha256=sha, parser_version=version)
                summary.results.append(result)
                progress.advance(result)
                for other in waiting.get(sha, []):
                    archive.link_path(db, other, sha)
                    summary.results.append(FileResult(other, "linked", sha256=sha))
                    progress.advance(summary.results[-1])
            else:
                _, kind, message = outcome
                for p in [path, *waiting.get(sha, [])]:
                    msg = message if p == path else message.replace(path, p, 1)
                    _fail(db, summary, progress,
                          FileResult(p, "failed", sha256=sha, kind=kind, message=msg), version)

        if workers and workers > 0:
            _run_pool(jobs, parse, workers, timeout, version, lemmatize, memory_mb,
                      on_result, progress.working)
        else:
            for job in jobs:
                on_result(job, _process(parse, job[0], job[1], version, lemmatize))
        archive.purge_deleted_text(db)
        _checkpoint(db)
    finally:
        progress.finish()
        db.close()


def lock_path(db_path: str | os.PathLike) -> str:
    """The archive's lock file, ``<db>.import-lock``: an import holds it exclusively, a
    ``minutes serve --immutable`` shared."""
    return os.fspath(db_path) + ".import-lock"


@contextlib.contextmanager
def import_lock(db_path: str | os.PathLike) -> Iterator[None]:
    """Hold the archive's import lock (:func:`lock_path`, flock) for a ``with`` block.

    A second import of the same archive raises :class:`ArchiveBusyError` at once rather
    than parsing everything twice, and so does an import while Datasette serves the
    archive as immutable (which must not change under it); the lock goes with its
    process, so a killed import never leaves the archive locked.  The lock file stays
    (removing it would race).
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: SQLite's own locking only
        yield
        return
    db_path = os.fspath(db_path)
    fd = os.open(lock_path(db_path), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise _busy(fd, db_path) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        os.close(fd)  # closing releases the flock


def _busy(fd: int, db_path: str) -> ArchiveBusyError:
    """Why the exclusive lock was refused: another import, or an immutable server."""
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        holder = os.read(fd, 32).decode("ascii", "replace").strip()
        return ArchiveBusyError(
            db_path,
            f"another import (process {holder or '?'}) is writing to this archive; "
            "wait for it to finish, then run this command again.")
    fcntl.flock(fd, fcntl.LOCK_UN)
    return ArchiveBusyError(
        db_path,
        "is being served with minutes serve --immutable, which must not see it change; "
        "stop that server (or restart it without --immutable), then run this command again.")


@contextlib.contextmanager
def serve_lock(db_path: str | os.PathLike) -> Iterator[None]:
    """Hold the archive's lock shared while it is served as immutable, so that no import
    writes under it; raises :class:`ArchiveBusyError` while an import runs."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    db_path = os.fspath(db_path)
    try:
        fd = os.open(lock_path(db_path), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:  # a read-only folder: no import can write there either
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            raise ArchiveBusyError(
                db_path,
                "an import is writing to this archive; serve it without --immutable, "
                "or wait for the import to finish.") from None
        yield
    finally:
        os.close(fd)


def _save(db, path: str, rows) -> Optional[str]:
    """Store one document's rows; the plain message when this document's data cannot be
    stored (the batch goes on), None when it was stored.

    Only errors about the data itself are caught: a full disk or a damaged database
    stops the import (the CLI says what to do), as every further file would fail too.
    """
    try:
        archive.save_rows(db, rows)
    except (ValueError, OverflowError, sqlite3.InterfaceError, sqlite3.IntegrityError,
            sqlite3.DataError) as e:
        return (f"{path}: the parsed minutes could not be stored ({str(e)[:300]}); "
                "please report it with the file attached.")
    return None


def _fail(db, summary: ImportSummary, progress: Progress, result: FileResult, version):
    result.path = display_path(result.path)
    result.message = archive.storable_text(result.message or "")
    archive.record_error(db, result.path, result.kind or "error", result.message,
                         sha256=result.sha256, parser_version=version)
    summary.results.append(result)
    progress.advance(result)


def _checkpoint(db) -> None:
    """Fold the WAL back into the database file, so a copy of ``archive.db`` alone (or an
    immutable Datasette) sees everything."""
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except Exception:  # noqa: BLE001 - a busy reader only delays the checkpoint
        pass


def summary_dict(summary: ImportSummary) -> dict[str, Any]:
    """The summary as plain data (for ``--json`` style output and the benchmark)."""
    return {
        "imported": summary.imported,
        "skipped": summary.skipped,
        "failed": summary.failed,
        "pages": summary.pages,
        "sections": summary.sections,
        "seconds": round(summary.seconds, 3),
        "failures": [
            {"path": r.path, "kind": r.kind, "message": r.message} for r in summary.failures
        ],
        "without_sections": [r.path for r in summary.without_sections],
    }

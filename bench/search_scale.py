"""Search at scale (issue 8): full-text query latency on a synthetic archive of a
million sections, directly in SQLite and through Datasette's HTTP API.

    .venv/bin/python bench/search_scale.py                  # 1,000,000 sections (built once, cached)
    .venv/bin/python bench/search_scale.py --quick          # 50,000 sections
    .venv/bin/python bench/search_scale.py --sections 200000 --no-datasette

The archive is built through the real writer (``parser.archive.to_rows`` and
``save_rows``: the real schema, full-text index and triggers, one transaction per
document, as ``minutes import`` writes) from real wording: every section starts from a
real item (``samples/*.json`` and ``../shared/corpus/texts``), so its length and
vocabulary are those of real minutes, with some of its paragraphs swapped for
paragraphs of other items of the same language; documents get a municipality, body and
date of their own.  Lemmas are the real ``parser.lemmas.lemmatize`` output (computed
once per distinct line: a text's lemma text is its lines' lemma texts joined, because
no token crosses a line break).  The database is cached in ``bench/out/`` under a key
of the archive schema and this generator, so a rerun measures at once and a schema
change rebuilds it.

Measured, for 50 typical queries (the queries of ``tests/search_queries.yml``, ten of
them with the body or date filters of the canned query):

* the canned query ``hae_paatoksia`` of ``metadata.yml`` run directly with sqlite3
  (with the plugin's SQL functions, as Datasette runs it) and ``parser.search.search``
  (``minutes search``);
* the same canned query through a real ``minutes serve`` on 127.0.0.1
  (``/<db>/hae_paatoksia.json``), over HTTP, and the register's search page as staff
  get it (``/?q=…``, HTML with highlighted snippets) and as JSON (``/haku.json?q=…``);

each query run ``--repeat`` times after one warm-up; p50 and p95 over all runs, and the
database size on disk.  Prints a table and writes ``bench/out/search-scale.json``.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import inspect
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT, ROOT / "bench"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from parser import archive, lemmas  # noqa: E402
from run import log, write_result  # noqa: E402  (bench/run.py)
from parser.datasette_plugin import register_sql_functions  # noqa: E402
from parser.model import Document, Meeting, Section, Source  # noqa: E402

SHARED_TEXTS = ROOT.parent / "shared" / "corpus" / "texts"
DEFAULT_SECTIONS = 1_000_000
TARGET_P95_MS = 50.0
#: The register's search page (issue 13): p95 under 300 ms at a million sections.
TARGET_PAGE_P95_MS = 300.0
SEED = 8

MUNICIPALITIES = [
    "Asikkala", "Hollola", "Padasjoki", "Heinola", "Orimattila", "Kärkölä", "Hartola",
    "Sysmä", "Iitti", "Lahti", "Mikkeli", "Tampere", "Espoo", "Turku", "Oulu", "Vantaa",
    "Kuopio", "Jyväskylä", "Pori", "Rauma", "Seinäjoki", "Vaasa", "Kokkola", "Kajaani",
    "Rovaniemi", "Kemi", "Tornio", "Savonlinna", "Imatra", "Lappeenranta", "Kotka",
    "Hamina", "Porvoo", "Loviisa", "Hyvinkää", "Järvenpää", "Kerava", "Tuusula",
    "Nurmijärvi", "Lohja", "Salo", "Forssa", "Hämeenlinna", "Riihimäki", "Valkeakoski",
    "Akaa", "Nokia", "Ylöjärvi", "Kangasala", "Lempäälä",
]
SWEDISH_MUNICIPALITIES = ["Nykarleby", "Jakobstad", "Korsholm", "Närpes", "Kristinestad",
                          "Pargas", "Kimitoön", "Raseborg", "Ingå", "Larsmo"]
BODIES = ["Kunnanhallitus", "Kunnanvaltuusto", "Hyvinvointilautakunta", "Sivistyslautakunta",
          "Tekninen lautakunta", "Ympäristölautakunta", "Rakennuslautakunta",
          "Kaupunginhallitus", "Kaupunginvaltuusto", "Tarkastuslautakunta"]
SWEDISH_BODIES = ["Stadsstyrelsen", "Fullmäktige", "Bildningsnämnden", "Tekniska nämnden",
                  "Socialnämnden"]
#: How many sections a document has: most meetings are short.
SECTIONS_PER_DOCUMENT = [3, 5, 8, 10, 12, 15, 20, 25, 30, 40]


# --------------------------------------------------------------------------- material

def _paragraphs(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, list):
        value = "\n\n".join(str(v) for v in value)
    return [p.strip() for p in str(value).split("\n\n") if p.strip()]


def load_pool() -> list[dict]:
    """Real items: title, text/proposal/decision paragraphs and language."""
    items = []
    for path in sorted((ROOT / "samples").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        language = (doc.get("meeting") or {}).get("language") or "fi"
        for s in doc.get("sections") or []:
            if s.get("confidential"):
                continue
            items.append({"language": language, "title": s.get("title") or "",
                          "text": _paragraphs(s.get("text")),
                          "proposal": _paragraphs(s.get("proposal")),
                          "decision": _paragraphs(s.get("decision"))})
    texts = sorted(glob.glob(str(SHARED_TEXTS / "*" / "*.json")))
    if texts:
        for path in texts:
            item = json.loads(Path(path).read_text(encoding="utf-8"))
            items.append({"language": item.get("language") or "fi",
                          "title": item.get("title") or "",
                          "text": _paragraphs(item.get("text")),
                          "proposal": _paragraphs(item.get("proposal")),
                          "decision": _paragraphs(item.get("decision"))})
    else:  # the same texts as extracted into the sample generator
        for item in json.loads((ROOT / "samples" / "generator" / "texts.json").read_text(encoding="utf-8")):
            items.append({"language": item["language"], "title": item["title"],
                          "text": _paragraphs(item["text"]),
                          "proposal": _paragraphs(item["proposal"]),
                          "decision": _paragraphs(item["decision"])})
    return [i for i in items if i["title"] and (i["text"] or i["decision"])]


def archive_key(sections: int) -> str:
    """Hash of what shapes the database: the archive's schema and writer, the
    lemmatiser, this generator and its material (not the measuring code, so that
    changing a query does not rebuild a million sections)."""
    digest = hashlib.sha256(f"{sections}-{SEED}".encode())
    schema = (archive.TABLES, archive.INDEXES, archive.SQL_INDEXES, archive.FTS_TOKENIZE,
              archive.FTS_CONFIG, archive.VIEWS)
    digest.update(repr(schema).encode())
    for function in (archive.ensure_db_shape, archive.open_db, archive.to_rows,
                     archive.save_rows, load_pool, documents, fast_lemmatize, build):
        digest.update(inspect.getsource(function).encode())
    digest.update((ROOT / "parser" / "lemmas.py").read_bytes())
    for path in sorted((ROOT / "samples").glob("*.json")) + sorted(SHARED_TEXTS.glob("*/*.json")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


@lru_cache(maxsize=None)
def _line_lemmas(line: str, language: str) -> str:
    return lemmas.lemmatize(line, language)


def fast_lemmatize(text: str | None, language: str = "fi") -> str:
    """``lemmas.lemmatize(text)``, computed per distinct line (no token crosses a line
    break, so the lemma text of a text is that of its lines joined)."""
    if not text:
        return ""
    return " ".join(filter(None, (_line_lemmas(line, language) for line in text.split("\n"))))


def documents(total_sections: int, pool: list[dict]):
    """Synthetic documents until ``total_sections`` sections are made."""
    rng = random.Random(SEED)
    by_language = {lang: [i for i in pool if i["language"] == lang and i["text"]]
                   for lang in ("fi", "sv")}
    made, n = 0, 0
    while made < total_sections:
        language = "sv" if rng.random() < 0.06 and by_language["sv"] else "fi"
        town = rng.choice(SWEDISH_MUNICIPALITIES if language == "sv" else MUNICIPALITIES)
        body = rng.choice(SWEDISH_BODIES if language == "sv" else BODIES)
        date = f"{rng.randint(2008, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        count = min(rng.choice(SECTIONS_PER_DOCUMENT), total_sections - made)
        first = rng.randint(1, 200)
        sections = []
        for k in range(count):
            item = rng.choice(by_language[language])
            # A fifth of the paragraphs come from another item (a paragraph of a random
            # item, so that long items do not crowd the rest out).
            text = [p if rng.random() > 0.2 else rng.choice(rng.choice(by_language[language])["text"])
                    for p in item["text"]]
            confidential = rng.random() < 0.01
            sections.append(Section(
                number=first + k, title=item["title"],
                page_start=1 + 2 * k, page_end=2 + 2 * k,
                diary_number=f"{rng.randint(1, 3000)}/{rng.randint(0, 14):02d}.{rng.randint(0, 9):02d}.00/{date[:4]}",
                text="\n\n".join(text) or None,
                proposal="\n\n".join(item["proposal"]) or None,
                decision="\n\n".join(item["decision"]) or None,
                confidential=confidential,
            ))
        n += 1
        sha = hashlib.sha256(f"search-scale-{SEED}-{n}".encode()).hexdigest()
        yield Document(
            source=Source(path=f"/archive/{town.lower()}/{body.lower()}-{date}-{n}.pdf",
                          sha256=sha, pages=2 * count + 1),
            meeting=Meeting(organization=f"{town}", body=body, number=f"{rng.randint(1, 15)}/{date[:4]}",
                            date=date, language=language),
            sections=sections,
        )
        made += count


def build(db_path: Path, total_sections: int) -> None:
    """Write the synthetic archive through the real writer, one document per transaction."""
    pool = load_pool()
    log(f"building {db_path.name}: {total_sections:,} sections from {len(pool)} real items ...")
    tmp = db_path.with_suffix(".building")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    db = archive.open_db(tmp)
    # A bulk build: the WAL would otherwise grow by the whole archive between checkpoints.
    db.execute("PRAGMA wal_autocheckpoint=10000")
    started = time.monotonic()
    done = checked = 0
    for document in documents(total_sections, pool):
        if checked < 50:  # fast_lemmatize is lemmatize, line by line: check it
            for s in document.sections:
                joined = "\n".join(t for t in (s.title, s.text, s.proposal, s.decision) if t)
                assert fast_lemmatize(joined, document.meeting.language) == \
                    lemmas.lemmatize(joined, document.meeting.language)
            checked += 1
        archive.save_rows(db, archive.to_rows(document, parser_version="search-scale",
                                              lemmatize=fast_lemmatize))
        done += len(document.sections)
        if done % 50_000 < len(document.sections):
            rate = done / (time.monotonic() - started)
            log(f"  {done:,} sections ({rate:,.0f}/s)")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    tmp.replace(db_path)
    log(f"built in {time.monotonic() - started:.0f} s")


# --------------------------------------------------------------------------- queries

def queries(path: Path = ROOT / "tests" / "search_queries.yml") -> list[dict]:
    """50 typical searches: the query set's words; ten of them with the canned
    query's filters (a body, a date range)."""
    from parser.search import load_queries

    entries = load_queries(path)
    plain = [{"haku": q["query"]} for q in entries[:40]]
    filtered = []
    for i, q in enumerate(entries[40:50] if len(entries) >= 50 else entries[:10]):
        if i % 2:
            filtered.append({"haku": q["query"], "alkaen": "2020-01-01", "asti": "2022-12-31"})
        else:
            # The board of the query's language (its expected hits are Nykarleby's or not).
            swedish = all(key.startswith("nykarleby") for key in q.get("must", []))
            filtered.append({"haku": q["query"],
                             "toimielin": "Stadsstyrelsen" if swedish else "Kunnanhallitus"})
    return plain + filtered


def canned_sql() -> str:
    """The SQL of ``hae_paatoksia`` in metadata.yml, as Datasette runs it."""
    import yaml

    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    return metadata["databases"]["archive"]["queries"]["hae_paatoksia"]["sql"]


def _params(q: dict) -> dict:
    return {"haku": q["haku"], "toimielin": q.get("toimielin", ""),
            "alkaen": q.get("alkaen", ""), "asti": q.get("asti", "")}


def percentiles(values: list[float]) -> dict:
    """p50, p95 and max of ``values`` (milliseconds)."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"p50_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1),
            "max_ms": round(ordered[-1], 1), "runs": len(ordered)}


def time_direct(db_path: Path, qs: list[dict], repeat: int) -> tuple[dict, dict, list]:
    """Latency of the canned query and of parser.search.search, in-process."""
    from parser.search import search

    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    register_sql_functions(conn)
    sql = canned_sql()
    canned, minutes_search, hits = [], [], []
    for q in qs:
        conn.execute(sql, _params(q)).fetchall()  # warm-up
        for _ in range(repeat):
            t = time.perf_counter()
            rows = conn.execute(sql, _params(q)).fetchall()
            canned.append((time.perf_counter() - t) * 1000)
        hits.append(len(rows))
        search(db_path, q["haku"], body=q.get("toimielin"), since=q.get("alkaen"),
               until=q.get("asti"), limit=20)
        for _ in range(repeat):
            t = time.perf_counter()
            search(db_path, q["haku"], body=q.get("toimielin"), since=q.get("alkaen"),
                   until=q.get("asti"), limit=20)
            minutes_search.append((time.perf_counter() - t) * 1000)
    conn.close()
    return percentiles(canned), percentiles(minutes_search), hits


def _free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise SystemExit("No free port on 127.0.0.1 for Datasette.")


def register_params(q: dict) -> dict:
    """The register's search form for one query (``/?q=…``): the same filters."""
    return {k: v for k, v in {"q": q["haku"], "toimielin": q.get("toimielin", ""),
                              "alkaen": q.get("alkaen", ""), "asti": q.get("asti", "")}.items() if v}


def start_server(db_path: Path, port: int) -> tuple[subprocess.Popen, str]:
    """A real ``minutes serve`` on 127.0.0.1; its process and base URL once it answers."""
    port = _free_port(port)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "minutes"), "serve", "--db", str(db_path),
         "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/-/versions.json", timeout=5).read()
            return server, base
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise SystemExit(f"minutes serve did not start: {server.stderr.read()[-500:]}")
            time.sleep(0.2)


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()


def time_urls(base: str, paths: list[str], repeat: int) -> dict:
    """Latency of GET ``base + path`` for every path, ``repeat`` runs after a warm-up;
    a run that does not answer 200 is counted as an error."""
    latencies, errors = [], []
    for path in paths:
        for i in range(repeat + 1):
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(base + path, timeout=60) as response:
                    response.read()
                    ok = response.status == 200
            except urllib.error.HTTPError as e:  # e.g. over Datasette's SQL time limit
                ok = False
                e.close()
            elapsed = (time.perf_counter() - t) * 1000
            if i:  # the first run is the warm-up
                latencies.append(elapsed)
                if not ok:
                    errors.append(path)
    return {**percentiles(latencies), "errors": len(errors), "failed": sorted(set(errors))[:20]}


def time_datasette(db_path: Path, qs: list[dict], repeat: int, port: int) -> dict:
    """Latency through a real ``minutes serve`` over HTTP: the canned query
    (``/<db>/hae_paatoksia.json``), the register's search page (``/?q=…``, the HTML
    staff see) and its JSON (``/haku.json?q=…``)."""
    server, base = start_server(db_path, port)
    try:
        canned = [f"/{db_path.stem}/hae_paatoksia.json?"
                  + urllib.parse.urlencode({**_params(q), "_shape": "array"}) for q in qs]
        page = ["/?" + urllib.parse.urlencode(register_params(q)) for q in qs]
        as_json = ["/haku.json?" + urllib.parse.urlencode(register_params(q)) for q in qs]
        result = {"canned": time_urls(base, canned, repeat),
                  "search_page": time_urls(base, page, repeat),
                  "search_json": time_urls(base, as_json, repeat)}
        result["server_peak_rss_mb"] = _peak_rss_mb(server.pid)
        return result
    finally:
        stop_server(server)


def _peak_rss_mb(pid: int) -> float | None:
    """Peak RSS of a running process (Linux /proc; None elsewhere)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def db_size(db_path: Path) -> dict:
    """Size on disk of the database and of its full-text index."""
    total = sum(os.path.getsize(f"{db_path}{s}") for s in ("", "-wal") if os.path.exists(f"{db_path}{s}"))
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        page_size = conn.execute("pragma page_size").fetchone()[0]
        fts_pages = conn.execute(
            "select sum(pgsize) from dbstat where name like 'sections_fts%'").fetchone()[0]
    except sqlite3.Error:  # dbstat is not compiled in everywhere
        fts_pages, page_size = None, None
    finally:
        conn.close()
    return {"db_mb": round(total / 1e6, 1),
            "fts_index_mb": round(fts_pages / 1e6, 1) if fts_pages else None,
            "page_size": page_size}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sections", type=int, default=None,
                    help=f"sections in the archive (default {DEFAULT_SECTIONS:,})")
    ap.add_argument("--quick", action="store_true", help="50,000 sections, 2 runs per query")
    ap.add_argument("--repeat", type=int, default=None, help="runs per query (default 5)")
    ap.add_argument("--port", type=int, default=8765, help="Datasette's port (default 8765)")
    ap.add_argument("--no-datasette", action="store_true", help="only the direct measurements")
    ap.add_argument("--rebuild", action="store_true", help="build the archive even if cached")
    ap.add_argument("--db", type=Path, default=None,
                    help="measure this archive as it is (e.g. one built before a schema change)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = ap.parse_args(argv)
    sections = args.sections or (50_000 if args.quick else DEFAULT_SECTIONS)
    repeat = args.repeat or (2 if args.quick else 5)

    args.out.mkdir(parents=True, exist_ok=True)
    db_path = (args.db or args.out / f"search-{sections}-{archive_key(sections)}.db").resolve()
    if args.db is None and (args.rebuild or not db_path.exists()):
        for old in args.out.glob(f"search-{sections}-*.db"):
            old.unlink()
        build(db_path, sections)
    qs = queries()
    size = db_size(db_path)
    count = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True).execute(
        "select count(*) from sections").fetchone()[0]
    log(f"{db_path.name}: {count:,} sections, {size['db_mb']:,} MB; {len(qs)} queries × {repeat}")

    load_before = os.getloadavg()
    canned, minutes_search, hits = time_direct(db_path, qs, repeat)
    datasette = None if args.no_datasette else time_datasette(db_path, qs, repeat, args.port)
    load_after = os.getloadavg()

    rows = [("hae_paatoksia, sqlite3", canned), ("minutes search (limit 20)", minutes_search)]
    if datasette:
        rows += [("hae_paatoksia via Datasette HTTP", datasette["canned"]),
                 ("search page / (HTML) via HTTP", datasette["search_page"]),
                 ("search JSON /haku.json via HTTP", datasette["search_json"])]
    print(f"{count:,} sections; database {size['db_mb']:,} MB (full-text index "
          f"{size['fts_index_mb']} MB); {len(qs)} queries × {repeat} runs; load average "
          f"{load_before[0]:.1f} before, {load_after[0]:.1f} after")
    print("| query path | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|")
    for name, r in rows:
        print(f"| {name} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} |")
    for name, r in rows[2:]:
        if r["errors"]:
            print(f"{name}: {r['errors']} runs failed (over the SQL time limit?): "
                  + ", ".join(r["failed"]))
    if datasette and datasette.get("server_peak_rss_mb"):
        print(f"minutes serve peak RSS: {datasette['server_peak_rss_mb']:.0f} MB")
    if datasette:
        for name, key, target in (("canned query", "canned", TARGET_P95_MS),
                                  ("search page", "search_page", TARGET_PAGE_P95_MS)):
            p95 = datasette[key]["p95_ms"]
            print(f"target p95 < {target:.0f} ms, {name} through HTTP: {p95} ms "
                  f"({'met' if p95 < target else 'not met'})")
    result = {
        "benchmark": "bench/search_scale.py",
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "database": db_path.name,
        "sections": count,
        "size": size,
        "queries": len(qs),
        "repeat": repeat,
        "load_average_before": load_before,
        "load_average_after": load_after,
        "canned_sqlite": canned,
        "minutes_search": minutes_search,
        "datasette": datasette,
        "hits_per_query": {q["haku"] + (" [filtered]" if len(q) > 1 else ""): h
                           for q, h in zip(qs, hits)},
    }
    write_result(args.out / "search-scale.json", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())

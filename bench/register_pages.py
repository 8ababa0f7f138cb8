"""The register's pages through HTTP on real minutes (issue 13): the search page, the
section, meeting and matter pages of a real ``minutes serve`` over an archive of the
whole Lapua corpus plus ``samples/``.

    .venv/bin/python bench/register_pages.py                 # imports, then measures
    .venv/bin/python bench/register_pages.py --db archive.db # an archive you have

Searches are the queries of ``tests/search_queries_lapua.yml`` (what staff type), half
of them with a body or a date range in the Finnish form (``1.1.2024``) and sorted by
date; sections, meetings and matters are a fixed random sample of the archive's (every
meeting).  Each URL is fetched ``--repeat`` times after one warm-up; p50, p95 and max per
page kind.  Prints a table and writes ``bench/out/register-pages.json``.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT, ROOT / "bench"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from run import log, write_result  # noqa: E402  (bench/run.py)
from search_scale import _peak_rss_mb, start_server, stop_server, time_urls  # noqa: E402

LAPUA = ROOT.parent / "shared" / "corpus" / "lapua"
#: Every page kind answers in under this at p95 (issue 13).
TARGET_P95_MS = 100.0
SEED = 13


def build(db_path: Path) -> None:
    """Import the Lapua corpus and samples/ with the real ``minutes import``."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    minutes = str(Path(sys.executable).parent / "minutes")
    log(f"importing {LAPUA} and samples/ into {db_path} ...")
    done = subprocess.run([minutes, "import", str(LAPUA), str(ROOT / "samples"), "--db",
                           str(db_path), "--workers", "2", "--silent"])
    if done.returncode != 0:
        raise SystemExit(f"minutes import failed (exit status {done.returncode})")


def searches() -> list[str]:
    """Search URLs: the Lapua query set, every other one filtered and sorted by date."""
    from parser.search import load_queries

    urls = []
    for i, q in enumerate(load_queries(ROOT / "tests" / "search_queries_lapua.yml")):
        params = {"q": q["query"]}
        if i % 4 == 1:
            params.update(toimielin="kaupunginhallitus", jarjestys="uusin")
        elif i % 4 == 3:
            params.update(alkaen="1.1.2024", asti="31.12.2024", jarjestys="vanhin")
        urls.append("/?" + urllib.parse.urlencode(params))
    return urls


def pages(db_path: Path, sample: int) -> dict[str, list[str]]:
    """Section, meeting and matter URLs of the archive (a fixed random sample)."""
    from parser import register

    rng = random.Random(SEED)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    sections = [register.section_url(r[0]) for r in conn.execute("select id from sections")]
    meetings = [register.meeting_url(r[0]) for r in conn.execute("select id from documents")]
    matters = [register.matter_url(org, number) for org, number in conn.execute(
        "select organization, min(diary_number) from sections where diary_key is not null "
        "group by organization, diary_key")]
    conn.close()
    pick = lambda urls: rng.sample(urls, min(sample, len(urls)))  # noqa: E731
    return {"section": pick(sections), "meeting": meetings, "matter": pick(matters)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, default=None,
                    help="an archive to measure (default: import Lapua + samples/ afresh)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per URL (default 3)")
    ap.add_argument("--sample", type=int, default=200, help="sections and matters (default 200)")
    ap.add_argument("--port", type=int, default=8766)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    db_path = args.db or (args.out / "register-pages.db").resolve()
    if args.db is None:
        if not LAPUA.exists():
            raise SystemExit(f"The Lapua corpus is not at {LAPUA}.")
        build(db_path)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    counts = conn.execute("select (select count(*) from documents), "
                          "(select count(*) from sections)").fetchone()
    conn.close()
    groups = {"search": searches(), **pages(db_path, args.sample)}
    log(f"{db_path.name}: {counts[0]} documents, {counts[1]} sections; "
        + ", ".join(f"{len(v)} {k}" for k, v in groups.items()) + f" URLs × {args.repeat}")
    load_before = os.getloadavg()
    server, base = start_server(db_path, args.port)
    try:
        results = {name: time_urls(base, urls, args.repeat) for name, urls in groups.items()}
        rss = _peak_rss_mb(server.pid)
    finally:
        stop_server(server)
    load_after = os.getloadavg()
    print(f"{counts[0]} documents, {counts[1]:,} sections (Lapua + samples/); {args.repeat} runs "
          f"per URL after a warm-up; load average {load_before[0]:.1f} before, "
          f"{load_after[0]:.1f} after")
    print("| page | URLs | p50 ms | p95 ms | max ms | errors |")
    print("|---|---|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {len(groups[name])} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} "
              f"| {r['errors']} |")
    worst = max(r["p95_ms"] for r in results.values())
    print(f"target p95 < {TARGET_P95_MS:.0f} ms on every page: worst {worst} ms "
          f"({'met' if worst < TARGET_P95_MS else 'not met'})"
          + (f"; minutes serve peak RSS {rss:.0f} MB" if rss else ""))
    write_result(args.out / "register-pages.json", {
        "benchmark": "bench/register_pages.py",
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "documents": counts[0], "sections": counts[1], "repeat": args.repeat,
        "load_average_before": load_before, "load_average_after": load_after,
        "pages": results, "server_peak_rss_mb": rss,
    })
    return 0 if all(r["errors"] == 0 for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

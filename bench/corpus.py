"""The benchmark corpus: many realistic minutes PDFs from the samples generator.

Each file is a variant of one sample meeting (so all four layouts and both languages
appear): the meeting keeps its cover, bodies and label style, but gets its own date,
§ numbering and agenda — the sample's own items plus items re-dressed with the real
decision wording of ``samples/generator/texts.json`` — so lengths range from a few
pages to about sixty.  Variant ``i`` depends only on ``i`` and the seed, never on how
many files are asked for, so a smaller run uses the first files of a larger one.

Each PDF gets its gold JSON beside it (built from the generator's input, as for
``samples/``), so ``minutes eval`` runs on the corpus too.

Files are cached under ``bench/out/corpus/<key>/`` where the key hashes the seed and
the generator's source: re-runs reuse them, a generator change rebuilds them.  The
committed ``samples/`` are never touched.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
if str(SAMPLES) not in sys.path:
    sys.path.insert(0, str(SAMPLES))

from generator import MEETINGS  # noqa: E402
from generator.layouts import dotted_date, render  # noqa: E402
from generator.spec import Item, Meeting, gold  # noqa: E402
from generator.texts import corpus as corpus_texts  # noqa: E402

DEFAULT_SEED = 8
#: How often each sample meeting is the base of a variant.  The 40-item board
#: meeting is rarer: it alone makes a variant long, the others grow by borrowed items.
WEIGHTS = {"padasjoki-kunnanhallitus-2024-11-25": 1}


def cache_key(seed: int = DEFAULT_SEED) -> str:
    """A short hash of the seed and of every source file that shapes the PDFs."""
    digest = hashlib.sha256(f"seed={seed}".encode())
    sources = sorted((SAMPLES / "generator").glob("*.py")) + [
        SAMPLES / "generator" / "texts.json", Path(__file__)]
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def corpus_dir(seed: int = DEFAULT_SEED, root: Path | None = None) -> Path:
    """Where the corpus for ``seed`` is cached."""
    return (root or ROOT / "bench" / "out" / "corpus") / cache_key(seed)


def ensure_corpus(n: int, seed: int = DEFAULT_SEED, root: Path | None = None,
                  log=None) -> list[Path]:
    """The first ``n`` corpus PDFs, rendering those not cached yet; returns their paths."""
    folder = corpus_dir(seed, root)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        existing = sorted(folder.glob(f"bench-{i:04d}-*.pdf"))
        if existing:
            paths.append(existing[0])
            continue
        meeting = variant(i, seed)
        pdf, pages, total = render(meeting)
        path = folder / f"{meeting.stem}.pdf"
        source = {"path": path.name, "sha256": hashlib.sha256(pdf).hexdigest(),
                  "pages": total, "text_source": "text_layer", "ocr_confidence": None,
                  "ocr_pages": [], "repaired_words": 0}
        path.with_suffix(".json").write_text(
            json.dumps(gold(meeting, pages, source), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8")
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pdf)
        tmp.replace(path)  # the PDF last: a cached PDF always has its gold beside it
        paths.append(path)
        if log:
            log(f"corpus {i + 1}/{n}: {path.name} ({total} pages)")
    return paths


def _bases() -> list:
    """Sample builders, each repeated by its weight (default 3)."""
    return [b for b in MEETINGS for _ in range(WEIGHTS.get(b().stem, 3))]


def variant(i: int, seed: int = DEFAULT_SEED) -> Meeting:
    """Variant ``i``: a sample meeting with its own date, numbering and agenda."""
    rng = random.Random(f"bench-{seed}-{i}")
    base = rng.choice(_bases())()
    meeting = copy.deepcopy(base)
    old_date = meeting.date
    new_date = (datetime.date.fromisoformat(old_date)
                + datetime.timedelta(days=rng.randint(0, 700))).isoformat()

    templates = [it for it in meeting.items if it.confidential_note is None] or meeting.items
    pool = [t for t in corpus_texts() if t["language"] == meeting.language]
    # Most meetings are short; some boards handle dozens of items.
    extra = int(rng.choice([0, 1, 2, 4, 6, 8, 10, 14, 18, 24, 30, 36]))
    items = list(meeting.items)
    for _ in range(extra):
        items.append(_borrowed(rng.choice(templates), rng.choice(pool)))
    rng.shuffle(items)

    first = rng.randint(1, 240)
    for k, item in enumerate(items):
        _renumber(item, first + k, old_date, new_date)
    meeting.items = items
    meeting.date = new_date
    if "checked" in meeting.options:
        checked = datetime.date.fromisoformat(meeting.options["checked"])
        shift = datetime.date.fromisoformat(new_date) - datetime.date.fromisoformat(old_date)
        meeting.options = {**meeting.options, "checked": (checked + shift).isoformat()}
    meeting.stem = f"bench-{i:04d}-{base.stem.rsplit('-', 3)[0]}-{new_date}"
    return meeting


def _borrowed(template: Item, text: dict) -> Item:
    """``template``'s shape (labels, people, history) with a real item's wording."""
    item = copy.deepcopy(template)
    item.title = text["title"]
    item.text = list(text["text"]) or item.text
    item.extra = []
    current = item.current
    if text["proposal"]:
        current.proposal = list(text["proposal"])
    if text["decision"]:
        current.decision = list(text["decision"])
    return item


def _renumber(item: Item, number: int, old_date: str, new_date: str) -> None:
    """Give ``item`` its new § number and move its current handling to the new date."""
    old = item.number
    item.number = number
    current = item.current
    if current.number == old:
        current.number = number
    if current.date == old_date:
        current.date = new_date
    if current.line:
        line = re.sub(rf"§ {old}\b", f"§ {number}", current.line)
        for pad in (True, False):
            line = line.replace(dotted_date(old_date, pad), dotted_date(new_date, pad))
        current.line = line

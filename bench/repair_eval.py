"""Repair accuracy: damage clean Finnish text the way old OCR layers do, repair it
with parser.repair, and count what came back.

Clean text: the ``text``, ``proposal`` and ``decision`` fields of the Finnish
samples (samples/*.json), ../shared/seeds/clean-section.txt and the Finnish items
of ../shared/corpus/texts/ (each file one document; identical fields once).

Damage (seeded, deterministic), as ../shared/seeds/ocr-section-body.txt shows it:
every word spelled with ä/ö loses them (ä→a, ö→o); of those letters 8 % are read
as ``d`` instead (``kehittda``), 2 % as the vowel and ``d`` (``yhteistyodlla``) and
1 % as the vowel and its capital (``myoOs``).

Measured per word (whitespace token): share of damaged words restored exactly
(target >= 95 %), share of undamaged words changed (target < 0.5 %), damaged words
changed into a wrong word, and the repair's own counts (ambiguous kept, unknown,
repaired because Voikko rejected the word or because the ä/ö form is far more
common).  Also the seed itself: words left after repair that Voikko rejects but
that have a restoration (target: none), and the speed of judging clean text
(what every import pays) and of repairing damaged text.

Prints a table and writes bench/out/repair.json.

Example:
    .venv/bin/python bench/repair_eval.py
    .venv/bin/python bench/repair_eval.py --no-corpus --seed 7
"""

from __future__ import annotations

import argparse
import glob
import json
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from parser import repair  # noqa: E402

SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
FIELDS = ("text", "proposal", "decision")
TARGET_RESTORED = 0.95
TARGET_FALSE_CHANGE = 0.005

_BACK = {"ä": "a", "ö": "o", "Ä": "A", "Ö": "O"}


def damage(text: str, rng: random.Random, d_rate: float = 0.08, pair_rate: float = 0.02,
           case_rate: float = 0.01) -> str:
    """``text`` with every ä/ö lost or misread (see the module docstring)."""
    out = []
    for ch in text:
        back = _BACK.get(ch)
        if back is None:
            out.append(ch)
            continue
        r = rng.random()
        if r < d_rate:
            out.append("D" if ch.isupper() else "d")
        elif r < d_rate + pair_rate:
            out.append(back + ("D" if ch.isupper() else "d"))
        elif r < d_rate + pair_rate + case_rate and ch.islower():
            out.append(back + back.upper())
        else:
            out.append(back)
    return "".join(out)


def load_documents(samples: Path = REPO / "samples", corpus: Path | None = SHARED / "corpus" / "texts",
                   seeds: Path = SEEDS) -> list[tuple[str, list[str]]]:
    """(name, clean Finnish texts) per document; a text seen before is left out."""
    seen: set[str] = set()
    documents = []

    def add(name: str, texts: list[str]) -> None:
        fresh = [t for t in texts if t and t.strip() and t not in seen]
        seen.update(fresh)
        if fresh:
            documents.append((name, fresh))

    for path in sorted(samples.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if (doc.get("meeting") or {}).get("language") != "fi":
            continue
        add(path.name, [s.get(f) for s in doc.get("sections") or [] for f in FIELDS])
    clean = seeds / "clean-section.txt"
    if clean.exists():
        add(clean.name, [clean.read_text(encoding="utf-8")])
    if corpus is not None:
        for path in sorted(glob.glob(str(corpus / "*" / "*.json"))):
            item = json.loads(Path(path).read_text(encoding="utf-8"))
            if item.get("language") == "fi":
                add(Path(path).name, [item.get(f) for f in FIELDS])
    return documents


@dataclass
class Result:
    """Word counts of one evaluation run."""

    words: int = 0
    damaged: int = 0
    restored: int = 0
    wrong: int = 0  # damaged word changed into another wrong word
    kept: int = 0  # damaged word left as damaged
    clean: int = 0
    false_changes: int = 0
    statuses: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def restored_share(self) -> float:
        return self.restored / self.damaged if self.damaged else 1.0

    @property
    def false_change_share(self) -> float:
        return self.false_changes / self.clean if self.clean else 0.0

    def example(self, kind: str, text: str, limit: int = 25) -> None:
        bucket = self.examples.setdefault(kind, [])
        if len(bucket) < limit:
            bucket.append(text)

    def to_dict(self) -> dict:
        return {
            "words": self.words,
            "damaged_words": self.damaged,
            "restored": self.restored,
            "restored_share": round(self.restored_share, 4),
            "damaged_changed_wrongly": self.wrong,
            "damaged_kept": self.kept,
            "clean_words": self.clean,
            "clean_changed": self.false_changes,
            "false_change_share": round(self.false_change_share, 5),
            "statuses": dict(self.statuses.most_common()),
            "seconds": round(self.seconds, 3),
            "examples": self.examples,
        }


def evaluate(documents: list[tuple[str, list[str]]], seed: int = 1) -> Result:
    """Damage every document's texts, repair them as one document, count words."""
    rng = random.Random(seed)
    result = Result()
    for _, texts in documents:
        damaged = [damage(t, rng) for t in texts]
        started = time.perf_counter()
        contexts = repair.plan(damaged)
        repaired = [
            repair.repair_text(d, c, result.statuses)[0] if c is not None else d
            for d, c in zip(damaged, contexts)
        ]
        result.seconds += time.perf_counter() - started
        for original, broken, fixed in zip(texts, damaged, repaired):
            for o, b, f in zip(original.split(), broken.split(), fixed.split()):
                result.words += 1
                if o != b:
                    result.damaged += 1
                    if f == o:
                        result.restored += 1
                    elif f == b:
                        result.kept += 1
                        result.example("kept", f"{b} (should be {o})")
                    else:
                        result.wrong += 1
                        result.example("wrong", f"{b} -> {f} (should be {o})")
                else:
                    result.clean += 1
                    if f != o:
                        result.false_changes += 1
                        result.example("false_change", f"{o} -> {f}")
    return result


def seed_leftovers(path: Path = SEEDS / "ocr-section-body.txt") -> tuple[int, list[str], str]:
    """Repair the damaged seed as one page: (repairs, words left that Voikko
    rejects but that have a restoration, repaired text)."""
    text = path.read_text(encoding="utf-8")
    (context,) = repair.plan([text])
    if context is None:
        return 0, ["(the seed was not recognised as damaged)"], text
    fixed, changes = repair.repair_text(text, context)
    left = []
    for _, _, word, _ in repair._words(fixed):
        status, _ = repair.judge(word)
        if status in ("invalid", "ambiguous"):
            left.append(word)
    return len(changes), left, fixed


def clean_speed(documents: list[tuple[str, list[str]]]) -> dict:
    """Words/s of deciding that clean text needs no repair, cold and warm cache."""
    texts = [t for _, ts in documents for t in ts]
    words = sum(len(t.split()) for t in texts)
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        for _, ts in documents:
            assert all(c is None for c in repair.plan(ts)), "clean text judged damaged"
        timings.append(time.perf_counter() - started)
    return {"words": words, "cold_words_per_s": round(words / timings[0]),
            "warm_words_per_s": round(words / timings[1])}


def clear_caches() -> None:
    """Forget every cached word form (as in a fresh import worker)."""
    from parser import lemmas

    for module in (repair, lemmas):
        for name in dir(module):
            func = getattr(module, name)
            if hasattr(func, "cache_clear") and name not in ("_simplemma", "_zipf_function"):
                func.cache_clear()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="damage seed (default 1)")
    parser.add_argument("--no-corpus", action="store_true",
                        help="samples and seed only, not ../shared/corpus/texts")
    parser.add_argument("--out", default=str(REPO / "bench" / "out" / "repair.json"))
    args = parser.parse_args(argv)

    documents = load_documents(corpus=None if args.no_corpus else SHARED / "corpus" / "texts")
    clear_caches()
    speed = clean_speed(documents)
    clear_caches()
    result = evaluate(documents, seed=args.seed)
    repairs, left, _ = seed_leftovers()
    damaged_words_per_s = round(result.words / result.seconds) if result.seconds else None

    rows = [
        ("documents / words", f"{len(documents)} / {result.words}", ""),
        ("damaged words restored", f"{result.restored_share:.2%} ({result.restored}/{result.damaged})",
         f">= {TARGET_RESTORED:.0%}"),
        ("  changed to a wrong word", str(result.wrong), ""),
        ("  kept as damaged", str(result.kept), ""),
        ("correct words changed", f"{result.false_change_share:.3%} ({result.false_changes}/{result.clean})",
         f"< {TARGET_FALSE_CHANGE:.1%}"),
        ("ambiguous, kept", str(result.statuses["ambiguous"]), ""),
        ("unknown (no restoration), kept", str(result.statuses["unknown"]), ""),
        ("repaired: not Finnish as read", str(result.statuses["invalid"]), ""),
        ("repaired: ä/ö form far more common", str(result.statuses["likely"]), ""),
        ("seed: repairs / repairable left", f"{repairs} / {len(left)}", "left: 0"),
        ("clean text judged, words/s cold / warm",
         f"{speed['cold_words_per_s']:,} / {speed['warm_words_per_s']:,}", ""),
        ("damaged text repaired, words/s", f"{damaged_words_per_s:,}", ""),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<24} {target}")
    if left:
        print("seed words left:", ", ".join(left))

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    report = {"seed": args.seed, "documents": len(documents), **result.to_dict(),
              "targets": {"restored_share": TARGET_RESTORED, "false_change_share": TARGET_FALSE_CHANGE},
              "seed_file": {"repairs": repairs, "repairable_left": left},
              "clean_speed": speed, "damaged_words_per_s": damaged_words_per_s}
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Lemmatiser throughput: words/s of parser.lemmas.lemmatize() vs spaCy.

Reads every item of /work/shared/corpus/texts/*/*.json (or --corpus DIR), takes
its text fields and measures:

* ``lemmatize`` with a cold cache (first pass) and a warm cache (second pass);
* tokenisation alone: the module's regex vs ``spacy.blank("fi")``;
* the ``spacy-fi-experimental-web-md`` pipeline, full and with only the parts
  its Voikko lemmatiser needs (on a sample, it is slow).

Prints a small table and writes JSON to bench/out/lemma.json.

Example:
    .venv/bin/python bench/lemma_bench.py
    .venv/bin/python bench/lemma_bench.py --no-spacy
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parser import lemmas  # noqa: E402

DEFAULT_CORPUS = "/work/shared/corpus/texts"
TEXT_FIELDS = ("title", "text", "proposal", "decision", "history", "earlier_handlings")


def load_texts(corpus: str) -> list[tuple[str, str]]:
    """(language, text) of every text field of every corpus item."""
    out = []
    for path in sorted(glob.glob(os.path.join(corpus, "*", "*.json"))):
        with open(path, encoding="utf-8") as f:
            item = json.load(f)
        language = item.get("language", "fi")
        for field in TEXT_FIELDS:
            value = item.get(field)
            if isinstance(value, list):
                value = "\n\n".join(json.dumps(v, ensure_ascii=False) for v in value)
            if isinstance(value, str) and value.strip():
                out.append((language, value))
    return out


def clear_caches() -> None:
    """Forget every cached word form, as in a fresh import worker."""
    for name in dir(lemmas):
        func = getattr(lemmas, name)
        if hasattr(func, "cache_clear") and name != "_simplemma":
            func.cache_clear()


def timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def bench_lemmatize(texts: list[tuple[str, str]], words: int) -> dict:
    """Cold and warm words/s of lemmatize() over ``texts``."""
    lemmas.backend()  # Voikko handle created outside the timing (once per process)
    lemmas.lemmatize("beslut", "sv")  # load simplemma's Swedish data likewise
    clear_caches()

    def run() -> None:
        for language, text in texts:
            lemmas.lemmatize(text, language)

    cold = timed(run)
    warm = timed(run)
    return {
        "backend": lemmas.backend(),
        "words": words,
        "cold_seconds": round(cold, 3),
        "cold_words_per_s": round(words / cold),
        "warm_seconds": round(warm, 4),
        "warm_words_per_s": round(words / warm),
    }


def bench_tokenisers(texts: list[tuple[str, str]], words: int) -> dict:
    """Regex tokeniser vs spacy.blank('fi') tokenizer."""
    result = {"regex_words_per_s": round(words / timed(lambda: [lemmas._WORD_RE.findall(t) for _, t in texts]))}
    try:
        import spacy

        nlp = spacy.blank("fi")
        n_tokens = 0

        def run() -> None:
            nonlocal n_tokens
            n_tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(t for _, t in texts))

        seconds = timed(run)
        result["spacy_blank_tokens_per_s"] = round(n_tokens / seconds)
    except Exception as e:  # spaCy missing: report, do not fail
        result["spacy_blank_error"] = str(e)
    return result


def bench_spacy(texts: list[tuple[str, str]], max_words: int) -> dict:
    """The spaCy Finnish pipeline on a sample of about ``max_words`` words."""
    try:
        import spacy

        nlp = spacy.load("spacy_fi_experimental_web_md")
    except Exception as e:
        return {"error": f"{type(e).__name__}: {e}"}
    sample, n = [], 0
    for language, text in texts:
        if language != "fi":
            continue
        sample.append(text)
        n += len(lemmas._WORD_RE.findall(text))
        if n >= max_words:
            break
    result: dict = {"sample_words": n, "pipes": nlp.pipe_names}
    full_tokens = 0

    def run_full() -> None:
        nonlocal full_tokens
        full_tokens = sum(len(d) for d in nlp.pipe(sample, batch_size=32))

    result["full_words_per_s"] = round(n / timed(run_full))
    # The Voikko lemmatiser reads POS from the morphologizer: parser and NER go.
    disabled = [p for p in ("parser", "ner", "tagger") if p in nlp.pipe_names]
    with nlp.select_pipes(disable=disabled):
        result["lemma_only_pipes"] = nlp.pipe_names
        result["lemma_only_words_per_s"] = round(
            n / timed(lambda: [d for d in nlp.pipe(sample, batch_size=32)])
        )
    return result


def main(argv: list[str] | None = None) -> dict:
    """Run the benchmark; print the table, write the JSON, return the results."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--out", default=str(Path(__file__).parent / "out" / "lemma.json"))
    ap.add_argument("--spacy-words", type=int, default=8000, help="spaCy sample size")
    ap.add_argument("--no-spacy", action="store_true")
    args = ap.parse_args(argv)

    texts = load_texts(args.corpus)
    words = sum(len(lemmas._WORD_RE.findall(t)) for _, t in texts)
    results = {
        "corpus": args.corpus,
        "texts": len(texts),
        "lemmatize": bench_lemmatize(texts, words),
        "tokenisers": bench_tokenisers(texts, words),
    }
    if not args.no_spacy:
        results["spacy"] = bench_spacy(texts, args.spacy_words)

    lem, tok = results["lemmatize"], results["tokenisers"]
    rows = [
        ("lemmatize, cold cache", lem["cold_words_per_s"]),
        ("lemmatize, warm cache", lem["warm_words_per_s"]),
        ("regex tokeniser", tok.get("regex_words_per_s")),
        ("spacy.blank('fi') tokenizer", tok.get("spacy_blank_tokens_per_s")),
    ]
    if "spacy" in results:
        rows += [
            ("spaCy fi pipeline, full", results["spacy"].get("full_words_per_s")),
            ("spaCy fi pipeline, lemma parts only", results["spacy"].get("lemma_only_words_per_s")),
        ]
    print(f"{len(texts)} texts, {words} words, backend {lem['backend']}")
    print(f"{'what':<38}{'words/s':>12}")
    for name, value in rows:
        print(f"{name:<38}{value if value is not None else '-':>12}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)
    return results


if __name__ == "__main__":
    main()

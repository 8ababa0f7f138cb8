"""Fuzzing: mutated sample PDFs through the real ``minutes import`` (bench/fuzz.py does
the work).  A small count runs by default; thousands run with::

    .venv/bin/python bench/fuzz.py --count 5000 --seed 1
    MINUTES_FUZZ_COUNT=3000 .venv/bin/pytest -m slow tests/test_fuzz.py -s

Every run must show no importer crash, no hang, no traceback, no unplain message, no
file lost and an archive that passes every integrity check.
"""

from __future__ import annotations

import os
import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from fuzz import run_fuzz  # noqa: E402

#: The default run's seed; MINUTES_FUZZ_SEED tries others.
SEED = int(os.environ.get("MINUTES_FUZZ_SEED", "1"))


def fuzz(tmp_path, count: int):
    report = run_fuzz(count, SEED, tmp_path, timeout=60, memory_mb=1024)
    print(report.text())
    assert report.problems() == []
    assert report.files == count
    assert report.imported + report.linked + sum(report.errors.values()) == count
    assert report.imported > 0 and report.errors  # both outcomes were exercised


@pytest.mark.fuzz
def test_fuzz_small(tmp_path):
    fuzz(tmp_path, 40)


@pytest.mark.fuzz
@pytest.mark.slow
def test_fuzz_long(tmp_path):
    fuzz(tmp_path, int(os.environ.get("MINUTES_FUZZ_COUNT", "2000")))

"""The sample PDFs are reproducible and their gold files describe them."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pypdfium2
import pytest

from parser.model import Document

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
GOLD = sorted(SAMPLES.glob("*.json"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    """Run the generator into a temporary directory once for the module."""
    out = tmp_path_factory.mktemp("samples")
    subprocess.run([sys.executable, str(SAMPLES / "generate.py"), str(out)], check=True,
                   capture_output=True)
    return out


def test_at_least_nine_samples():
    assert len(GOLD) >= 9
    assert all(g.with_suffix(".pdf").exists() for g in GOLD)


def test_generator_is_deterministic(regenerated):
    for gold in GOLD:
        pdf = gold.with_suffix(".pdf")
        assert sha256(regenerated / pdf.name) == sha256(pdf), f"{pdf.name} changed"
        assert (regenerated / gold.name).read_text(encoding="utf-8") == gold.read_text(
            encoding="utf-8"
        )


def _within(gold, contract) -> bool:
    """Every key the gold has is in the contract with the same value (the contract has
    grown keys since the samples' gold was written: parts, full_text ...)."""
    if isinstance(gold, dict):
        return isinstance(contract, dict) and all(
            k in contract and _within(v, contract[k]) for k, v in gold.items())
    if isinstance(gold, list):
        return isinstance(contract, list) and len(gold) == len(contract) and all(
            _within(g, c) for g, c in zip(gold, contract))
    return gold == contract


@pytest.mark.parametrize("gold", GOLD, ids=[g.stem for g in GOLD])
def test_gold_matches_its_pdf(gold):
    data = json.loads(gold.read_text(encoding="utf-8"))
    pdf = gold.with_suffix(".pdf")
    assert data["source"]["path"] == f"samples/{pdf.name}"
    assert data["source"]["sha256"] == sha256(pdf)
    assert len(pypdfium2.PdfDocument(str(pdf))) == data["source"]["pages"]
    assert _within(data, Document.from_dict(data).to_dict())  # follows the JSON contract
    numbers = [s["number"] for s in data["sections"]]
    assert numbers == sorted(numbers)
    for s in data["sections"]:
        assert 1 <= s["page_start"] <= s["page_end"] <= data["source"]["pages"]

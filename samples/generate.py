"""Write the sample minutes PDFs and their gold JSON into samples/.

Usage (from the repository root)::

    .venv/bin/python samples/generate.py            # into samples/
    .venv/bin/python samples/generate.py OUT_DIR    # elsewhere (the tests do this)

Output is deterministic: fixed seeds, reportlab ``invariant=1`` and bundled fonts, so
the same reportlab version writes the same bytes on every run.  Each gold file is built
from the generator's own input (see generator/spec.py), never from the parser.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generator import MEETINGS  # noqa: E402
from generator.layouts import render  # noqa: E402
from generator.spec import gold  # noqa: E402


def generate(out_dir: Path) -> list[Path]:
    """Render every sample meeting into ``out_dir``; returns the PDF paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for build in MEETINGS:
        meeting = build()
        pdf, pages, total = render(meeting)
        pdf_path = out_dir / f"{meeting.stem}.pdf"
        pdf_path.write_bytes(pdf)
        source = {
            "path": f"samples/{pdf_path.name}",
            "sha256": hashlib.sha256(pdf).hexdigest(),
            "pages": total,
            "text_source": "text_layer",
            "ocr_confidence": None,
            "ocr_pages": [],
            "repaired_words": 0,
        }
        document = gold(meeting, pages, source)
        pdf_path.with_suffix(".json").write_text(
            json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        written.append(pdf_path)
        print(f"{pdf_path.name}: {total} pages, {len(meeting.items)} sections")
    return written


if __name__ == "__main__":
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent)

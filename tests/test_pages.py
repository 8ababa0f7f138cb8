"""Stage 1 (pages.py): PDFs become lines of positioned segments; bad files fail plainly."""

from pathlib import Path

import pytest

from parser.errors import BrokenPDFError, NotAPDFError
from parser.pages import read_pages

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "asikkala-hyvinvointilautakunta-2025-04-09.pdf"


def test_left_column_label_and_text_are_separate_segments():
    pages = read_pages(SAMPLE)
    label_lines = [l for p in pages for l in p.lines if l.segments[0].text == "Päätösehdotus"]
    assert label_lines, "no Päätösehdotus label found"
    line = label_lines[0]
    assert len(line.segments) >= 2
    assert line.segments[0].bold and not line.segments[1].bold
    assert line.segments[1].x0 - line.segments[0].x1 > 20


def test_lines_are_top_to_bottom():
    page = read_pages(SAMPLE)[1]
    tops = [l.top for l in page.lines]
    assert tops == sorted(tops) and page.number == 2


@pytest.mark.parametrize("content,error,words", [
    (b"", NotAPDFError, "empty"),
    (b"<html><body>not a pdf</body></html>", NotAPDFError, "not a PDF"),
])
def test_not_a_pdf(tmp_path, content, error, words):
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(error) as e:
        read_pages(path)
    assert words in str(e.value) and "bad.pdf" in str(e.value)


def test_truncated_pdf(tmp_path):
    path = tmp_path / "truncated.pdf"
    path.write_bytes(SAMPLE.read_bytes()[:700])
    with pytest.raises(BrokenPDFError) as e:
        read_pages(path)
    assert "damaged or truncated" in str(e.value)

"""Stage 1b: OCR for pages without a usable text layer (issue 6).

``ocr_pages(path, sha256, pages)`` returns the pages with every page that needs OCR
replaced by a :class:`parser.pages.Page` read by Tesseract (``text_source="ocr"``,
``ocr_confidence`` set, segments carrying the mean word ``confidence``).  Pages with a
good text layer are returned unchanged.

Tesseract is called directly (``tesseract IMG stdout -l fin+swe --psm 4 tsv``): its TSV
gives every word's box and confidence, which map straight onto our segments, so the
layout evidence the later stages use (a label column at its own x position) survives.
Pages are rendered with pdfium at 300 dpi of the page as printed, within a pixel budget
(:func:`ocr_rendering`), and OCRed in parallel, one single-threaded Tesseract process
per core.  What Tesseract read is cached on disk by the file's
SHA-256 and page number, so a file is never OCRed twice.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

import numpy as np
from PIL import Image, ImageFilter

from .errors import OCRUnavailableError
from .model import ParseWarning
from .pages import Line, Page, Segment, open_pdf
from .repair import known_finnish, known_word, known_word_share

log = logging.getLogger(__name__)

TESSERACT = "tesseract"  # the binary; tests point it elsewhere
LANGUAGES = "fin+swe"  # what every page is read with first
# Swedish pages are read again with Swedish alone: with Finnish loaded too, Tesseract
# reads å as ä (``läsäret``, ``pä``), which makes words that no search finds.
SWEDISH = "swe"
DPI = 300  # pages are rendered for Tesseract at this many pixels per inch of paper ...
# ... within this budget: an A4 page at 300 dpi is 2,480 x 3,508 pixels (8.7 million),
# an A3 page is rendered at 254 dpi, and any larger page smaller still, never refused.
MAX_OCR_SIDE_PX = 4200
MAX_OCR_PIXELS = 4200 * 2970  # 12.5 million pixels: 12.5 MB of greyscale
# Page segmentation "one column of text of various sizes": minutes are read row by row
# (a label and its text on one row), and the automatic layout analysis (3) drops
# whole lines of text beside a label now and then (measured on the scanned samples).
PSM = "4"
PAGE_TIMEOUT = 180.0  # seconds one page may take (a 300 dpi A4 page takes 2-10 s)
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-fin tesseract-ocr-swe"
# 4: psm 4; deskewed, median-filtered images; Swedish pages read with swe.  Entries also
# record the image's scale (pixels per point; entries without one are at 300 dpi), and
# are used only for a page rendered at that scale (see read_cached).
CACHE_VERSION = 4

# A text layer is unusable below this share of known Finnish/Swedish words (see
# parser.repair.known_word_share).  Measured per page: clean text layers score
# 0.88-1.00, the worst Nykarleby pages (spaces turned into "n" letters) 0.10 -- those
# documents are OCRed whole by the damaged-layer test below; letter-substituted
# garbage (a font without a Unicode map) scores 0.01 on average and 0.09 at its 99.7th
# percentile.
GARBAGE_SHARE = 0.08
# Text layers made of symbols (private-use glyphs, dingbats) have too few words for
# known_word_share; below this share of letters among visible characters the layer
# is garbage.
LETTER_SHARE = 0.5
# A page whose text layer sits only in the header/footer margins (a stamp such as
# "Bilaga ... § 21" on a scanned attachment) is an image when its body has this much ink.
BODY_INK = 0.01
BODY_INK_SIDE_PX = 1200  # the coarse image that share is measured on, at most

Progress = Optional[Callable[[int, int], None]]


# --------------------------------------------------------------------------- detection

def page_needs_ocr(page: Page) -> Optional[str]:
    """Why the text layer of ``page`` is unusable ("no text layer", ...), or None.

    Looks at the text layer only; :func:`ocr_pages` also renders pages whose text sits
    only in the margins to see whether their body is a scanned image.
    """
    if page.chars == 0 or not page.lines:
        return "no text layer"
    text = "\n".join(line.text for line in page.lines)
    visible = "".join(text.split())
    if len(visible) >= 50 and sum(map(str.isalpha, visible)) < LETTER_SHARE * len(visible):
        return "the text layer is symbols, not letters"
    share = known_word_share(text, enough=GARBAGE_SHARE)
    if share is not None and share < GARBAGE_SHARE:
        return f"only {share:.0%} of the text layer's words are Finnish or Swedish"
    return None


#: A text layer is damaged beyond repair when this share of its lower-case words is
#: neither Finnish (possibly with ä/ö lost, which parser.repair puts back) nor Swedish.
#: Measured on samples/ and ../shared/corpus: clean layers 0.005-0.036, Nykarleby
#: layers whose fonts map letters wrongly (``beslutfrhet``, ``faststlllande av lnn``)
#: 0.11-0.37.
DAMAGED_DOCUMENT_SHARE = 0.08
#: ... judged on at least this many words.
DAMAGED_DOCUMENT_WORDS = 200
_LOWER_WORD = re.compile(r"\b[a-zåäö][a-zåäö]{2,}\b")


@lru_cache(maxsize=131_072)
def _known_word(word: str) -> bool:
    from .lemmas import _sv_split

    # Swedish compounds (protokolljusterare) are known when their parts are.
    return known_word(word) or bool(_sv_split(word))


def unknown_word_share(pages: list[Page]) -> Optional[float]:
    """Share of the lower-case words (three letters or more) of the pages' text layer
    that are neither Finnish nor Swedish; None with too few words to judge.

    Names are capitalised and left out: they are unknown to any lexicon, damaged or not.
    """
    words = [w for page in pages for line in page.lines for w in _LOWER_WORD.findall(line.text)]
    if len(words) < DAMAGED_DOCUMENT_WORDS:
        return None
    # Finnish first: when the words Voikko does not know are already too few, the
    # Swedish lexicon (slow to load) cannot change the verdict, and the share of
    # Finnish-unknown words, an upper bound, is as good an answer.
    unknown = [w for w in words if not known_finnish(w)]
    if len(unknown) < DAMAGED_DOCUMENT_SHARE * len(words):
        return len(unknown) / len(words)
    return sum(1 for w in unknown if not _known_word(w)) / len(words)


def _text_in_margins_only(page: Page) -> bool:
    from .cleanup import in_margin

    return all(in_margin(line, page) for line in page.lines)


def _body_ink(pdf, page: Page) -> float:
    """Share of dark pixels in the body zone of the page, rendered coarsely."""
    from .cleanup import FOOTER_ZONE, HEADER_ZONE

    pdf_page = pdf[page.number - 1]
    try:
        # 36 dpi of a page of paper size; a larger page no more than BODY_INK_SIDE_PX.
        width, height = pdf_page.get_size()
        scale = min(36 / 72, BODY_INK_SIDE_PX / max(width, height, 1.0))
        image = np.asarray(pdf_page.render(scale=scale, grayscale=True).to_pil().convert("L"))
    finally:
        pdf_page.close()
    h = image.shape[0]
    body = image[int(h * HEADER_ZONE): int(h * (1 - FOOTER_ZONE))]
    return float((body < 128).mean()) if body.size else 0.0


# --------------------------------------------------------------------------- Tesseract

@dataclass
class Word:
    """One word as Tesseract read it: its line key, box in pixels, confidence and ink."""

    line: tuple[int, int, int]  # block, paragraph, line
    left: int
    top: int
    width: int
    height: int
    conf: float
    text: str
    stroke: float = 0.0  # mean width of the letters' strokes in pixels (bold is wider)


@lru_cache(maxsize=8)
def tesseract_problem(binary: str = TESSERACT) -> Optional[str]:
    """What is missing for OCR ("Tesseract is not installed", ...), or None when ready."""
    if not shutil.which(binary):
        return "Tesseract is not installed"
    try:
        out = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "Tesseract cannot be run"
    have = set((out.stdout + out.stderr).split())
    missing = [lang for lang in LANGUAGES.split("+") if lang not in have]
    if missing:
        return f"Tesseract has no language data for {', '.join(missing)}"
    return None


def run_tesseract(image_path: str, timeout: float = PAGE_TIMEOUT,
                  languages: str = LANGUAGES, dpi: int = DPI) -> str:
    """Tesseract's TSV for one page image of ``dpi`` pixels per inch of paper (raises
    subprocess errors on failure)."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # one core per process; we run several
    result = subprocess.run(
        [TESSERACT, image_path, "stdout", "-l", languages, "--psm", PSM, "--dpi", str(dpi), "tsv"],
        capture_output=True, text=True, timeout=timeout, env=env, check=True,
    )
    return result.stdout


def parse_tsv(tsv: str) -> list[Word]:
    """The words (level 5 rows with text) of Tesseract's TSV output."""
    words = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        block, par, line, _, left, top, width, height = map(int, cols[2:10])
        words.append(Word((block, par, line), left, top, width, height,
                          float(cols[10]), cols[11].strip()))
    return words


def _measure_strokes(words: list[Word], image: np.ndarray) -> None:
    """Stroke width of each word: dark pixels per horizontal run of dark pixels.

    Tesseract's LSTM engine reports no font attributes; bold type is told by its
    strokes, about 1.8 times as wide as regular ones (measured on the scanned samples).
    """
    for w in words:
        dark = image[w.top: w.top + w.height, w.left: w.left + w.width] < 128
        runs = int((dark[:, 1:] & ~dark[:, :-1]).sum() + dark[:, 0].sum()) if dark.size else 0
        w.stroke = round(float(dark.sum()) / runs, 2) if runs else 0.0


# --------------------------------------------------------------------------- words → page

# Words further apart than this many font sizes are separate segments: a normal space
# is about 0.3 of the size, so this is two spaces (stretched justified text stays one
# segment, a label column and its text do not).
SEGMENT_GAP = 0.6
# Words whose strokes are this much wider than the page's usual word are bold.
BOLD_STROKE = 1.4


# Tesseract reads "§" as 8, S, $ or &.  Where the context leaves no doubt the sign is
# put back here: after a date (a handling line "HYVOLTK 09.04.2025 8 28") and between a
# number and a case ending ("127 8:n mukaan").  Section marks at the start of a line
# are left to parser.sections, which weighs them against the numbering.
_SIGN_AFTER_DATE = re.compile(r"(\b\d{1,2}\.\d{1,2}\.\d{4},?\s)[8S$&](\s?[1-9]\d{0,3})\b(?!\s\d{3}\b)")
_SIGN_CASE_ENDING = re.compile(r"(\b\d{1,4}\s)[8S$&](?=:[a-zåäö]{1,4}\b)")
# "Stadsstyrelsen 5.9.2022, 186 &": the sign after the number, closing a handling line.
_SIGN_CLOSING_HANDLING = re.compile(r"(\b\d{1,2}\.\d{1,2}\.\d{4}(?:,\s*|\s+))(§?)([1-9]\d{0,3})\s?[8S$&]\s*$")


# "@" read as "&" or "©" inside an e-mail address ("kirsi.rinne&hollola.fi").
_EMAIL_AT = re.compile(r"(\b[\w.-]*\w)[&©®](?=[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b)")


def restore_misread_signs(text: str) -> str:
    """Put back "§" (and "@" in addresses) where OCR read another character and the
    context is certain."""
    text = _SIGN_AFTER_DATE.sub(r"\1§\2", text)
    # "13.09.2022, §4 &": the number had its sign already, the rest is a speck.
    text = _SIGN_CLOSING_HANDLING.sub(
        lambda m: f"{m.group(1)}§ {m.group(3)}" if m.group(2) else f"{m.group(1)}{m.group(3)} §", text)
    text = _EMAIL_AT.sub(r"\1@", text)
    return _SIGN_CASE_ENDING.sub(r"\1§", text)


def page_from_words(words: list[Word], number: int, width: float, height: float,
                    dpi: float = DPI) -> Page:
    """Build a :class:`Page` in points from Tesseract's words on an image of ``dpi``
    pixels per inch of the page (``width`` × ``height`` points; see :class:`Rendering`
    for both)."""
    scale = 72.0 / dpi
    units: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        units.setdefault(w.line, []).append(w)
    # Tesseract may read a label column and the text beside it as separate blocks:
    # its lines that sit side by side at the same height are one visual line.
    rows: list[list[Word]] = []
    for unit in sorted(units.values(), key=lambda u: min(w.top for w in u)):
        unit.sort(key=lambda w: w.left)
        for row in reversed(rows[-6:]):
            if _side_by_side(row, unit):
                row.extend(unit)
                row.sort(key=lambda w: w.left)
                break
        else:
            rows.append(unit)
    strokes = sorted(w.stroke for w in words if len(w.text) >= 3 and w.text.isalpha())
    usual_stroke = strokes[len(strokes) // 2] if strokes else 0.0
    lines = []
    for row in rows:
        segments = _segments(row, scale, usual_stroke)
        if segments:
            lines.append(Line(segments, number))
    lines.sort(key=lambda l: l.top)
    confs = [w.conf for w in words if w.conf >= 0]
    return Page(
        number, width, height, lines, chars=sum(len(w.text) for w in words),
        text_source="ocr",
        ocr_confidence=round(sum(confs) / len(confs), 1) if confs else None,
    )


def _side_by_side(row: list[Word], unit: list[Word]) -> bool:
    """Whether a Tesseract line continues a row horizontally at the same height."""
    if unit[0].left >= row[-1].left + row[-1].width:
        a, b = row[-1], unit[0]
    elif unit[-1].left + unit[-1].width <= row[0].left:
        a, b = unit[-1], row[0]
    else:
        return False  # they overlap horizontally: two lines one above the other
    overlap = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    return overlap > 0.5 * min(a.height, b.height)


def _segments(row: list[Word], scale: float, usual_stroke: float) -> list[Segment]:
    # Font size from the tallest word: ink from ascender to descender is about 0.95 em.
    size = max(w.height for w in row) * scale / 0.95
    groups: list[list[Word]] = [[row[0]]]
    for w in row[1:]:
        prev = groups[-1][-1]
        if (w.left - (prev.left + prev.width)) * scale > SEGMENT_GAP * size:
            groups.append([w])
        else:
            groups[-1].append(w)
    segments = []
    for group in groups:
        letters = [w for w in group if any(c.isalnum() for c in w.text)]
        bold = bool(letters) and usual_stroke > 0 and (
            sum(w.stroke for w in letters) / len(letters) > BOLD_STROKE * usual_stroke)
        segments.append(Segment(
            restore_misread_signs(" ".join(w.text for w in group)),
            group[0].left * scale, (group[-1].left + group[-1].width) * scale,
            min(w.top for w in group) * scale, max(w.top + w.height for w in group) * scale,
            round(size, 1), bold,
            confidence=round(sum(w.conf for w in group) / len(group), 1),
        ))
    return segments


# --------------------------------------------------------------------------- cache

def cache_dir() -> Path:
    """Where OCR results live: $MINUTES_OCR_CACHE, else the XDG cache directory."""
    if os.environ.get("MINUTES_OCR_CACHE"):
        return Path(os.environ["MINUTES_OCR_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "minutes-archive" / "ocr"


def _cache_path(sha256: str, number: int) -> Path:
    return cache_dir() / sha256 / f"{number}.json"


def read_cached(sha256: str, number: int,
                rendering: Optional[Rendering] = None) -> Optional[list[Word]]:
    """The cached words of a page, or None (missing, corrupt or from other settings).

    Words are in pixels of the image they were read on: an entry is used only for a page
    rendered the same way (``rendering``, by default a page of paper size at 300 dpi),
    and was read with the same ``--dpi``.
    """
    rendering = rendering or Rendering.paper()
    try:
        data = json.loads(_cache_path(sha256, number).read_text(encoding="utf-8"))
        if (data.get("version"), data.get("dpi")) != (CACHE_VERSION, rendering.tesseract_dpi) or (
                data.get("languages") not in (LANGUAGES, SWEDISH)):
            return None
        # Entries written before the scale was recorded were all rendered at 300 dpi.
        scale = float(data.get("scale", DPI / 72))
        if not math.isclose(scale, rendering.scale, rel_tol=1e-9):
            return None
        return [Word(tuple(w[0]), *w[1:]) for w in data["words"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # a corrupt entry is redone


def write_cached(sha256: str, number: int, words: list[Word],
                 languages: str = LANGUAGES, rendering: Optional[Rendering] = None) -> None:
    """Store a page's words atomically: a killed process leaves no half-written entry."""
    rendering = rendering or Rendering.paper()
    path = _cache_path(sha256, number)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "version": CACHE_VERSION, "languages": languages, "dpi": rendering.tesseract_dpi,
        "scale": rendering.scale,
        "words": [[list(w.line), w.left, w.top, w.width, w.height, w.conf, w.text, w.stroke]
                  for w in words],
    }
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{number}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- the stage

def ocr_jobs() -> int:
    """Parallel Tesseract processes: $MINUTES_OCR_JOBS, else the number of CPUs."""
    try:
        return max(1, int(os.environ.get("MINUTES_OCR_JOBS", "")))
    except ValueError:
        return os.cpu_count() or 1


def ocr_pages(path: str | Path, sha256: str, pages: list[Page], *, force: bool = False,
              progress: Progress = None,
              warnings: Optional[list[ParseWarning]] = None) -> list[Page]:
    """OCR the pages that need it; the rest pass through unchanged.

    :param force: OCR every page, whatever its text layer.
    :param progress: called as ``progress(done, total)`` after every OCRed page.
    :param warnings: pages that could not be OCRed are reported here (a page whose
        OCR fails keeps its text layer).

    Raises :class:`OCRUnavailableError` when pages need OCR, Tesseract or its Finnish/
    Swedish data is missing and there is no text layer to fall back on (or ``force``).
    """
    warnings = warnings if warnings is not None else []
    todo = [p for p in pages if force or page_needs_ocr(p)]
    # Pages are told apart by number: comparing the dataclasses compares every line.
    chosen = {p.number for p in todo}
    damaged = None if force else unknown_word_share([p for p in pages if p.number not in chosen])
    if damaged is not None and damaged >= DAMAGED_DOCUMENT_SHARE:
        # A font that maps letters wrongly does so on every page it is used on.
        warnings.append(ParseWarning(
            f"The text layer is damaged ({damaged:.0%} of its words are neither Finnish nor "
            "Swedish); every page was read with OCR instead."))
        todo = list(pages)
    chosen = {p.number for p in todo}
    margins_only = [p for p in pages if p.number not in chosen and _text_in_margins_only(p)]
    if margins_only:
        pdf = open_pdf(path)
        try:
            todo += [p for p in margins_only if _body_ink(pdf, p) > BODY_INK]
        finally:
            pdf.close()
    if not todo:
        return pages
    todo.sort(key=lambda p: p.number)
    absurd = [p for p in todo if ocr_rendering(p.width, p.height) is None]
    if absurd:
        first = absurd[0]
        warnings.append(ParseWarning(
            f"{len(absurd)} page(s) cannot be OCRed: at {first.width:g} × {first.height:g} "
            "points no line of text fits in an image of a page's size; their text layer "
            "was used as it is.", page=first.number))
        refused = {p.number for p in absurd}
        todo = [p for p in todo if p.number not in refused]
        if not todo:
            return pages

    results: dict[int, Page] = {}
    uncached = []
    for page in todo:
        rendering = ocr_rendering(page.width, page.height)
        words = read_cached(sha256, page.number, rendering)
        if words is None:
            uncached.append(page)
        else:
            results[page.number] = rendering.page(words, page)
    done = len(results)
    if progress and done:
        progress(done, len(todo))

    if uncached:
        problem = tesseract_problem(TESSERACT)
        if problem:
            if force or not any(p.chars for p in pages):
                raise OCRUnavailableError(path, (
                    f"has scanned pages that need OCR, but {problem}; "
                    f"install it with: {INSTALL_HINT}."))
            warnings.append(ParseWarning(
                f"{len(uncached)} page(s) need OCR, but {problem} (install it with: "
                f"{INSTALL_HINT}); their text layer was used as it is.",
                page=uncached[0].number))
        else:
            for number, outcome in _ocr_uncached(path, sha256, uncached):
                done += 1
                if isinstance(outcome, Page):
                    results[number] = outcome
                else:
                    warnings.append(ParseWarning(
                        f"Page {number} could not be OCRed ({outcome}); its text layer was used.",
                        page=number))
                if progress:
                    progress(done, len(todo))
    return [results.get(p.number, p) for p in pages]


# --------------------------------------------------------------------------- rendering

#: Pages up to this size (points on the longer side: A2) are taken at their size: a
#: point is 1/72 inch of paper.  A larger page is a scan whose PDF records no resolution
#: (one point per pixel: an A4 page scanned at 300 dpi is 2,480 × 3,508 "points"); it
#: is taken to be A4 (:data:`A4_LONG_INCHES`), the paper minutes are printed on.
MAX_PAPER_SIDE = 1684
A4_LONG_INCHES = 842 / 72
#: A page thinner than this many pixels within the budget holds no line of text (a
#: hostile file's page of 14,400 × 1 points): it is not OCRed.
MIN_OCR_SIDE_PX = 16
#: Tesseract refuses resolutions below 70 dpi.
MIN_TESSERACT_DPI = 70


@dataclass(frozen=True)
class Rendering:
    """How a page is rendered for Tesseract and its words mapped back.

    ``scale`` is pixels per PDF point (what pdfium renders at); ``per_inch`` is PDF
    points per inch of paper: 72, or a scan's resolution when its points are pixels.
    Words come back in the page's points of paper, 1/72 inch: the PDF's own points for a
    page of paper size, and for a scan stored one point per pixel the points of the A4
    page it shows, so the later stages' distances and font sizes (a label column within
    8 points) mean the same on every page.
    """

    scale: float
    per_inch: float = 72.0

    @classmethod
    def paper(cls) -> "Rendering":
        """A page of paper size (A4, A3) rendered at 300 dpi."""
        return cls(DPI / 72)

    @property
    def dpi(self) -> float:
        """Pixels of the image per inch of paper."""
        return self.scale * self.per_inch

    @property
    def tesseract_dpi(self) -> int:
        """What Tesseract is told (``--dpi``): its text-size heuristics expect the
        pixels per inch of paper."""
        return max(MIN_TESSERACT_DPI, round(self.dpi))

    def size(self, width: float, height: float) -> tuple[int, int]:
        """The image's size in pixels for a page of ``width`` × ``height`` PDF points."""
        return math.ceil(width * self.scale), math.ceil(height * self.scale)

    def page(self, words: list[Word], page: Page) -> Page:
        """The :class:`Page` of Tesseract's ``words`` on ``page`` rendered this way."""
        points = 72 / self.per_inch  # points of paper per PDF point
        return page_from_words(words, page.number, page.width * points, page.height * points,
                               self.dpi)


def ocr_rendering(width: float, height: float) -> Optional[Rendering]:
    """How to render a page of ``width`` × ``height`` points for OCR, or None for a page
    no image can show legibly (a hostile file's).

    The image is about what 300 dpi of an A4 or A3 page gives: 300 pixels per inch of
    paper, scaled down to at most :data:`MAX_OCR_SIDE_PX` on the longer side and
    :data:`MAX_OCR_PIXELS` in all, whatever the page's size in points.
    """
    if not (math.isfinite(width) and math.isfinite(height) and width > 0 and height > 0):
        return None
    longer = max(width, height)
    # A scan's resolution is a whole number of dots per inch: 1754 points is 150 dpi.
    per_inch = 72.0 if longer <= MAX_PAPER_SIDE else float(round(longer / A4_LONG_INCHES))
    scale = min(DPI / per_inch, MAX_OCR_SIDE_PX / longer,
                math.sqrt(MAX_OCR_PIXELS / width / height))
    if min(width, height) * scale < MIN_OCR_SIDE_PX:
        return None
    return Rendering(scale, per_inch)


def render_for_ocr(pdf_page, rendering: Optional[Rendering] = None) -> Image.Image:
    """A page as the greyscale image Tesseract reads: rendered as ``rendering`` says
    (by default :func:`ocr_rendering` of the page's size), turned straight
    (:func:`skew_angle`), with the specks of a scanner's dust taken out by a 3×3 median
    filter (specks next to letters make Tesseract misread ``@`` and ``ll``; strokes at
    300 dpi are several pixels wide and survive the filter).

    Raises ValueError for a page :func:`ocr_rendering` refuses, or whose image would
    exceed the pixel budget: a page's size is never trusted with memory.
    """
    width, height = pdf_page.get_size()
    rendering = rendering or ocr_rendering(width, height)
    if rendering is None:
        raise ValueError(f"a page of {width:g} × {height:g} points cannot be OCRed")
    w, h = rendering.size(width, height)
    if w * h > MAX_OCR_PIXELS + MAX_OCR_SIDE_PX * 2 + 1:  # ceil() may add a row and a column
        raise ValueError(f"its image would be {w} × {h} pixels")
    image = pdf_page.render(scale=rendering.scale, grayscale=True).to_pil().convert("L")
    angle = skew_angle(image)
    if abs(angle) >= MIN_SKEW:
        image = image.rotate(-angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    return image.filter(ImageFilter.MedianFilter(3))


#: Skew (degrees) below which a page is left as it is: a tenth of a degree moves a
#: line's end by about a point.
MIN_SKEW = 0.1
MAX_SKEW = 5.0


def skew_angle(image: Image.Image) -> float:
    """How many degrees (counter-clockwise) the page's lines of text slope.

    The angle at which the ink's row profile is most peaked: text lines then fall
    into rows of their own with white between.  Searched coarsely on a 75 dpi copy,
    then finely on a 150 dpi one.  A sheet turned on the scanner slopes every line
    alike, which breaks the line and column evidence later stages use (the label
    beside its text ends up a line lower at the right margin).
    """
    best = 0.0
    for scale, span, step in ((4, MAX_SKEW, 0.25), (2, 0.3, 0.02)):
        small = np.asarray(image.reduce(scale)) < 128
        ys, xs = np.nonzero(small)
        if len(ys) < 200:
            return 0.0
        xs = xs - small.shape[1] / 2
        angles = np.arange(best - span, best + span + step / 2, step)
        scores = []
        for angle in angles:
            rows = np.round(ys + xs * np.tan(np.radians(angle))).astype(np.int64)
            counts = np.bincount(rows - rows.min())
            scores.append(float((counts.astype(np.float64) ** 2).sum()))
        best = float(angles[int(np.argmax(scores))])
    return round(best, 2)


def _ocr_uncached(path, sha256: str, pages: list[Page]):
    """Yield (page number, Page or failure reason) as pages finish, in parallel.

    Pages are rendered here, one at a time (pdfium is not thread-safe), a few ahead of
    the Tesseract processes so their images never pile up on disk.
    """
    jobs = min(ocr_jobs(), len(pages))
    pdf = open_pdf(path)
    queue = iter(pages)
    guess = _LanguageGuess()
    with tempfile.TemporaryDirectory(prefix="minutes-ocr-") as tmp, \
            ThreadPoolExecutor(max_workers=jobs) as pool:
        running = {}

        def submit_next() -> None:
            page = next(queue, None)
            if page is None:
                return
            image_path = os.path.join(tmp, f"{page.number}.pgm")
            rendering = ocr_rendering(page.width, page.height)
            pdf_page = pdf[page.number - 1]
            try:
                image = render_for_ocr(pdf_page, rendering)
            except ValueError as e:  # pdfium's size of the page is beyond the pixel budget
                job = Future()
                job.set_result(f"{e}")
                running[job] = page.number
                return
            finally:
                pdf_page.close()
            image.save(image_path)
            job = pool.submit(_ocr_one, sha256, page, image_path, np.asarray(image), guess,
                              rendering)
            running[job] = page.number

        try:
            for _ in range(jobs + 1):
                submit_next()
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    number = running.pop(future)
                    yield number, future.result()
                    submit_next()
        finally:
            for future in running:
                future.cancel()
            pdf.close()


class _LanguageGuess:
    """Which language set to read the next page with: Swedish alone once most pages
    read so far were Swedish (a Swedish document), Finnish and Swedish otherwise.
    Pages run in threads; a stale guess only costs a second reading."""

    def __init__(self) -> None:
        self.swedish = 0
        self.finnish = 0

    def first(self) -> str:
        return SWEDISH if self.swedish > self.finnish else LANGUAGES

    def record(self, language: str) -> None:
        if language == "sv":
            self.swedish += 1
        else:
            self.finnish += 1


def read_page_words(image_path: str, guess: Optional[_LanguageGuess] = None,
                    dpi: int = DPI) -> tuple[list[Word], str]:
    """Tesseract's words on one page image (``dpi`` pixels per inch of paper) and the
    language set that read them.

    The page is read with the guessed language set and read again with the other one
    when its text turns out to be in the other language (see :data:`SWEDISH`).
    """
    from .labels import detect_language

    guess = guess or _LanguageGuess()
    languages = guess.first()
    words = parse_tsv(run_tesseract(image_path, languages=languages, dpi=dpi))
    language = detect_language(" ".join(w.text for w in words))
    wanted = SWEDISH if language == "sv" else LANGUAGES
    if wanted != languages:
        languages = wanted
        words = parse_tsv(run_tesseract(image_path, languages=languages, dpi=dpi))
    guess.record(language)
    return words, languages


def _ocr_one(sha256: str, page: Page, image_path: str, image: np.ndarray,
             guess: Optional[_LanguageGuess] = None,
             rendering: Optional[Rendering] = None) -> Page | str:
    """OCR one page rendered as ``rendering`` says (``image``, saved at ``image_path``
    for Tesseract): the new Page, or why it failed."""
    rendering = rendering or Rendering.paper()
    try:
        words, languages = read_page_words(image_path, guess, rendering.tesseract_dpi)
        _measure_strokes(words, image)
    except subprocess.TimeoutExpired:
        return f"Tesseract took longer than {PAGE_TIMEOUT:.0f} s"
    except subprocess.CalledProcessError as e:
        detail = (e.stderr or "").strip().splitlines()
        return f"Tesseract failed: {detail[-1] if detail else f'exit status {e.returncode}'}"
    except OSError as e:
        return f"Tesseract could not be run: {e.strerror or e}"
    finally:
        Path(image_path).unlink(missing_ok=True)
    try:
        write_cached(sha256, page.number, words, languages, rendering)
    except OSError as e:  # a full or read-only cache costs a second OCR, nothing more
        log.warning("OCR cache %s not written: %s", cache_dir(), e.strerror or e)
    return rendering.page(words, page)

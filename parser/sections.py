"""Stage 3: body lines become one block of lines per section (§).

A section starts at a line that begins with a section mark (``§ 31``, ``31 §``), or that
ends with one beside a title (``Title .......... § 31``).  Evidence against a candidate:
dot leaders or a trailing page number (a table of contents), a lower-case word after
the mark (a reference in running text), a number that does not move the numbering
forward.  The title is the text beside the mark, or the bold lines right after it, or
the bold lines right before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .cleanup import join_lines
from .formats import SECTION_MARK, HistoryLine, diary_number, history_line
from .labels import section_label
from .model import ParseWarning
from .pages import Line


def _toc_leaders(text: str) -> bool:
    """Dot leaders of a table of contents: ``....``, ``……`` or ``. . . .``.

    (The substrings the regular expression ``\\.{4,}|…{2,}|(?:\\. ){4,}`` needs, found
    forty times faster than by it; every line of a document is asked.)
    """
    return "...." in text or "……" in text or ". . . . " in text


# Headings that end the last section: appeal instructions, signatures.
_TRAILER = re.compile(
    r"^(?:oikaisuvaatimusohje|muutoksenhakuohjeet?|valitusosoitus|muutoksenhakukielto(?:t)?|"
    r"allekirjoitukset|pöytäkirjan allekirjoitus|vakuudeksi|besvärsanvisning|"
    r"anvisning om begäran om omprövning|underskrifter|rättelseyrkande|"
    r"ohjeet oikaisuvaatimuksen tekemiseksi)\b",
    re.I,
)


@dataclass
class SectionBlock:
    """The lines of one section, before its fields are read."""

    number: Optional[int]
    title: Optional[str]
    lines: list[Line] = field(default_factory=list)  # everything after the title
    page_start: Optional[int] = None
    page_end: Optional[int] = None
    pre_lines: list[Line] = field(default_factory=list)  # e.g. a diary number above the mark
    handling: Optional[HistoryLine] = None  # the line that numbered a single-item print


@dataclass
class _Start:
    index: int
    number: int
    title_from: str  # "same", "segments", "after", "before", "none"
    rest: str
    ocr: bool = False  # read from an OCR misreading of "§" (see ocr_section_marks)


# Tesseract reads "§" as 8, S, $, & or 5, sometimes as two of them ("8 31", "S31",
# "318", "31 $", "58$" for "5 §").  A number never starts with 0, so "808" can only
# be "80 §".
_OCR_SIGNS = set("8S$&5§")
_TITLE_STRIP = " .:-–—"


def _ocr_mark_readings(text: str) -> list[tuple[int, str]]:
    """Every reading of the start of ``text`` as a number with a misread § before or
    after it: ``(number, the rest of the line)``."""
    first, _, after = text.partition(" ")
    first = first.rstrip(".:")
    second, _, after_second = after.partition(" ")
    second = second.rstrip(".:")
    readings = []

    def add(number: str, rest: str) -> None:
        if re.fullmatch(r"[1-9]\d{0,3}", number):
            readings.append((int(number), rest))

    def signs(chunk: str) -> bool:
        return 0 < len(chunk) <= 2 and set(chunk) <= _OCR_SIGNS

    if set(first) <= _OCR_SIGNS | set("0123456789"):
        for k in range(1, min(4, len(first)) + 1):  # "318", "58$": the sign glued after
            if signs(first[k:]):
                add(first[:k], after)
        for k in (1, 2):  # "S31", "858": the sign glued before
            if signs(first[:k]) and first[k:].isdigit():
                add(first[k:], after)
        if first.isdigit() and signs(second):  # "82 8"
            add(first, after_second)
    number, dot, sign = first.partition(".")
    if dot and number.isdigit() and signs(sign):  # "17.8": a speck read as a dot
        add(number, after)
    if signs(first) and second.isdigit():  # "8 46"
        add(second, after_second)
    return list(dict.fromkeys(readings))


def is_ocr_line(line: Line) -> bool:
    """Whether the line was read by OCR (its segments carry a word confidence)."""
    return any(seg.confidence is not None for seg in line.segments)


def ocr_section_marks(line: Line, left_edge: float) -> list[tuple[int, str, str]]:
    """Readings of an OCR line as a section mark whose § was misread: (number, title
    beside it, how found), maybe several ("845" is "§ 45" or "84 §"; the numbering
    sequence decides).  Asked only of lines :func:`section_mark` does not take.

    Context required: the mark begins the line at the left text edge with a title or
    nothing beside it, or it is the last segment at the right of a title.
    """
    if not is_ocr_line(line):
        return []
    text = line.text.strip()
    segs = line.segments
    if _toc_leaders(text):
        return []
    found = []
    if line.x0 <= left_edge + 20:
        # A short segment far right of a line that starts with a mark is a table of
        # contents' page number, however misread ("N" for 2).
        toc = len(segs) >= 2 and len(segs[-1].text) <= 3 and segs[-1].x0 - segs[-2].x1 > 20
        for number, rest in ([] if toc else _ocr_mark_readings(text)):
            rest = rest.strip(_TITLE_STRIP)
            if rest and not (rest[0].isupper() or rest[0] in "\"'”»("):
                continue
            found.append((number, rest, "same"))
    if len(segs) >= 2:
        rest = " ".join(s.text for s in segs[:-1]).strip()
        if rest[:1].isupper() and not _HANDLING_START.match(rest):
            for number, after in _ocr_mark_readings(segs[-1].text.strip()):
                if not after:
                    found.append((number, rest, "segments"))
    return list(dict.fromkeys(found))


# "HYVOLTK 09.04.2025" before a misread mark: a handling line, not a title.
_HANDLING_START = re.compile(r".*\d{1,2}\.\d{1,2}\.\d{4}[,\s]*$")


def section_mark(line: Line) -> Optional[tuple[int, str, str]]:
    """(number, title text beside the mark, how it was found) or None."""
    text = line.text.strip()
    if _toc_leaders(text):
        return None
    segs = line.segments
    if len(segs) >= 2 and re.fullmatch(r"\d{1,4}", segs[-1].text.strip()) and segs[-1].x0 - segs[-2].x1 > 20:
        return None  # "§ 31  Title  12": an entry of the table of contents
    m = SECTION_MARK.match(text)
    if m:
        rest = text[m.end():].strip(" .:-–")
        if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"'”»("):
            return None
        return int(m.group(1) or m.group(2)), rest, "same"
    if len(segs) >= 2:
        last = SECTION_MARK.fullmatch(segs[-1].text.strip())
        if last:
            rest = " ".join(s.text for s in segs[:-1]).strip()
            if history_line(rest + " " + segs[-1].text):
                return None
            return int(last.group(1) or last.group(2)), rest, "segments"
    return None


def _title_may_follow(lines: list[Line], i: int) -> bool:
    """A mark alone on its line needs a title: a capitalised line right after it, or
    right before it (layouts that print the title above the mark)."""
    def title_like(k: int) -> bool:
        other = lines[k] if 0 <= k < len(lines) else None
        return bool(other and other.page == lines[i].page and other.text[:1].isupper()
                    and not _is_structural(other))

    return title_like(i + 1) or title_like(i - 1)


def _is_structural(line: Line) -> bool:
    text = line.text.strip()
    return bool(
        history_line(text) or diary_number(text) or section_label(text)
        or (line.segments and section_label(line.segments[0].text) and len(line.segments) > 1)
    )


def split_sections(lines: list[Line]) -> tuple[list[Line], list[SectionBlock], list[ParseWarning]]:
    """Split body lines into (lines before the first section, sections, warnings)."""
    warnings: list[ParseWarning] = []
    candidates = []
    left_edges: dict[int, float] = {}
    for line in lines:
        left_edges[line.page] = min(left_edges.get(line.page, line.x0), line.x0)
    for i, line in enumerate(lines):
        found = section_mark(line)
        if found:
            number, rest, how = found
            candidates.append((_Start(i, number, how, rest), line))
        elif is_ocr_line(line):
            for number, rest, how in ocr_section_marks(line, left_edges[line.page]):
                if rest or _title_may_follow(lines, i):
                    candidates.append((_Start(i, number, how, rest, ocr=True), line))
    candidates = _drop_listed_ahead(candidates, lines)
    chosen = _best_chain(candidates)
    starts = [candidates[k][0] for k in chosen]
    chosen_numbers = {s.number for s in starts}
    for k, (start, line) in enumerate(candidates):
        if k not in chosen and start.number in chosen_numbers:
            warnings.append(ParseWarning(
                f"§ {start.number} appears again; the repeat was read as text.",
                page=line.page, section=start.number,
            ))

    if not starts:
        single = single_item(lines)
        return ([], [single], warnings) if single else (lines, [], warnings)

    # Decide where each section begins (titles or diary numbers printed above the mark).
    begins: list[int] = []
    titles: list[tuple[Optional[str], int]] = []  # title, index of first line after title
    for k, start in enumerate(starts):
        floor = begins[-1] + 1 if begins else 0
        if k > 0:
            floor = max(floor, starts[k - 1].index + 1)
        title, after, begin = _title_for(lines, start, floor)
        begins.append(begin)
        titles.append((title, after))

    blocks: list[SectionBlock] = []
    for k, start in enumerate(starts):
        end = begins[k + 1] if k + 1 < len(starts) else len(lines)
        title, after = titles[k]
        pre = [l for l in lines[begins[k]:start.index] if diary_number(l.text)]
        body = lines[after:end] if after >= start.index else lines[start.index + 1:end]
        if k + 1 == len(starts):
            body = _cut_trailer(body)
        spanned = lines[begins[k]:max(end, begins[k] + 1)]
        if k + 1 == len(starts):
            spanned = lines[begins[k]:start.index + 1] + body
        blocks.append(SectionBlock(
            number=start.number, title=title, lines=body,
            page_start=lines[begins[k]].page if begins[k] < start.index else lines[start.index].page,
            page_end=max(l.page for l in spanned) if spanned else lines[start.index].page,
            pre_lines=pre,
        ))
        if blocks[-1].page_start is not None and blocks[-1].page_end < blocks[-1].page_start:
            blocks[-1].page_end = blocks[-1].page_start

    for prev, block in zip(blocks, blocks[1:]):
        if prev.number is not None and block.number is not None and block.number - prev.number > 1:
            missing = ", ".join(f"§ {n}" for n in range(prev.number + 1, min(block.number, prev.number + 6)))
            warnings.append(ParseWarning(
                f"Section numbering jumps from § {prev.number} to § {block.number} ({missing} not found).",
                page=block.page_start, section=block.number,
            ))
    return lines[: begins[0]], blocks, warnings


def _title_key(start: _Start, lines: list[Line]) -> str:
    """The start of a mark's title (beside it, else on the next line), for comparing."""
    title = start.rest
    if not title and start.index + 1 < len(lines):
        title = lines[start.index + 1].text
    return re.sub(r"\W+", " ", title).strip().casefold()[:30]


def _drop_listed_ahead(candidates: list[tuple[_Start, Line]],
                       lines: list[Line]) -> list[tuple[_Start, Line]]:
    """Drop marks that list a section printed later: in a run of marks one after
    the other, a mark whose number and title recur further on is an entry of a table
    of contents.

    Tables of contents usually give themselves away by their page numbers (see
    :func:`section_mark`), but OCR tends to lose a lone digit at the right margin.
    """
    from rapidfuzz import fuzz

    keys = [_title_key(start, lines) for start, _ in candidates]
    kept = []
    for k, (start, line) in enumerate(candidates):
        # A listing: the next mark follows at once (a wrapped title line between).
        nxt = candidates[k + 1][0].index if k + 1 < len(candidates) else None
        in_list = nxt is not None and nxt - start.index <= 2 and all(
            lines[i].text[:1].islower() or lines[i].text[:1].isdigit()
            for i in range(start.index + 1, nxt))
        listed = in_list and keys[k] and any(
            later.number == start.number and later.index > start.index + 1
            and fuzz.ratio(keys[k], keys[m]) >= 85
            for m, (later, _) in enumerate(candidates[k + 1:], start=k + 1)
        )
        if not listed:
            kept.append((start, line))
    return kept


def _best_chain(candidates: list[tuple[_Start, Line]]) -> list[int]:
    """Indices of the most plausible run of section starts.

    Numbers must increase; steps of one are expected, bigger jumps cost (a wrapped
    line of running text can begin "86 § ..."), bold marks and titles beside the mark
    count as extra evidence.  Longest weighted chain, by dynamic programming.
    """
    if not candidates:
        return []
    # A § recovered from an OCR misreading is weaker evidence than a printed one.
    weight = [1.0 + 0.3 * line.bold + 0.6 * bool(start.rest) - 0.3 * start.ocr
              for start, line in candidates]
    best = list(weight)
    previous: list[Optional[int]] = [None] * len(candidates)
    for j in range(len(candidates)):
        for i in range(j):
            step = candidates[j][0].number - candidates[i][0].number
            if step <= 0 or candidates[j][0].index == candidates[i][0].index:
                continue  # one reading per line
            cost = 0.0 if step == 1 else 0.3 if step <= 3 else 0.8 if step <= 10 else 1.6
            score = best[i] + weight[j] - cost
            if score > best[j]:
                best[j], previous[j] = score, i
    k: Optional[int] = max(range(len(candidates)), key=best.__getitem__)
    chain = []
    while k is not None:
        chain.append(k)
        k = previous[k]
    return sorted(chain)


def _title_for(lines: list[Line], start: _Start, floor: int) -> tuple[Optional[str], int, int]:
    """(title, index after the title, index where the section begins)."""
    mark_line = lines[start.index]
    begin = start.index
    # A diary number printed just above the mark belongs to this section.
    j = start.index - 1
    while j >= floor and j >= start.index - 2 and diary_number(lines[j].text) and lines[j].page == mark_line.page:
        begin = j
        j -= 1
    if start.rest:
        after = start.index + 1
        title_parts = [start.rest]
        # A long title wraps onto the next lines in the same bold face.
        while (
            after < len(lines) and mark_line.bold and lines[after].bold
            and lines[after].page == mark_line.page
            and not _is_structural(lines[after]) and not section_mark(lines[after])
            and lines[after].top - lines[after - 1].bottom < mark_line.size * 1.2
        ):
            title_parts.append(lines[after].text)
            after += 1
        return " ".join(title_parts), after, begin

    # The mark stands alone: the title is after it, or just before it.
    after_lines = _bold_run(lines, start.index + 1, +1, mark_line)
    before_lines = _bold_run(lines, start.index - 1, -1, mark_line, floor)
    if before_lines and not after_lines:
        first = min(before_lines)
        return _join_title(lines, sorted(before_lines)), start.index + 1, min(first, begin)
    if after_lines:
        return _join_title(lines, after_lines), max(after_lines) + 1, begin
    nxt = start.index + 1
    if nxt < len(lines) and not _is_structural(lines[nxt]) and not section_mark(lines[nxt]):
        return lines[nxt].text, nxt + 1, begin
    return None, start.index + 1, begin


def _bold_run(lines: list[Line], i: int, step: int, mark: Line, floor: int = 0) -> list[int]:
    """Consecutive bold, non-structural lines next to the mark line."""
    run: list[int] = []
    prev = mark
    while floor <= i < len(lines) and len(run) < 4:
        line = lines[i]
        if not line.bold or _is_structural(line) or section_mark(line) or _TRAILER.match(line.text):
            break
        if line.page != prev.page:
            break
        gap = (line.top - prev.bottom) if step > 0 else (prev.top - line.bottom)
        if gap > max(mark.size, line.size, 8) * 2.2:
            break
        run.append(i)
        prev = line
        i += step
    return run


def _join_title(lines: list[Line], indices: list[int]) -> str:
    return join_lines(lines[i].text for i in sorted(indices))


def _cut_trailer(lines: list[Line]) -> list[Line]:
    for i, line in enumerate(lines):
        if _TRAILER.match(line.text.strip()) and (line.bold or line.text.isupper() or len(line.segments) == 1):
            return lines[:i]
    return lines


def single_item(lines: list[Line]) -> Optional[SectionBlock]:
    """A print of one item without a § line (single-decision exports of Tweb, Dynasty).

    The title is the run of lines above the first diary number, label or handling line;
    the number comes from a handling line (``Kaupunginhallitus 20.3.2017 § 10``) that
    is followed by a decision, never from one listed under ``Päätöshistoria``.
    """
    if not lines or not any(section_label(l.segments[0].text) or section_label(l.text) for l in lines):
        return None
    first_structural = next((i for i, l in enumerate(lines) if _is_structural(l)), len(lines))
    title_lines = lines[:first_structural] if 0 < first_structural <= 4 else lines[:1]
    number, handling = None, None
    in_history_list = False
    for i, line in enumerate(lines):
        kind = section_label(line.segments[0].text) if line.segments else None
        if kind:
            in_history_list = kind == "history"
            continue
        head = history_line(line.text)
        if head and not in_history_list and any(
            section_label(l.segments[0].text) == "decision" or section_label(l.text) == "decision"
            for l in lines[i + 1:]
        ):
            number, handling = head.number, head

    body = lines[len(title_lines):]
    return SectionBlock(
        number=number, title=join_lines(l.text for l in title_lines) or None, lines=body,
        page_start=lines[0].page, page_end=lines[-1].page, handling=handling,
    )

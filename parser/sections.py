"""Stage 3: body lines become the cover, one block of lines per section (§), and the
closing pages.

A section starts at a *mark*:

* a line that begins with a section mark (``§ 31``, ``31 § Title``), or that ends with
  one beside a title (``Title .......... § 31``);
* a handling line whose date is the meeting's (``HYVOLTK 09.04.2025 § 31``), in layouts
  that print no ``§ N`` line of their own (the mark a § line would duplicate).

Every candidate is weighed by its evidence, and the most plausible increasing run of
numbers is chosen (dynamic programming): a title beside the mark and a bold mark count
for it, and so does *content*, labelled parts or running text before the next
candidate, which a table of contents entry never has.  Dot leaders and trailing page
numbers (tables of contents) and a lower-case word after the mark (a reference in
running text) rule a line out.

The title is the text beside the mark, or the bold lines right after it, or the bold
lines right before it.  A diary number and the list of the matter's handlings printed
right above the mark belong to the section.  The last section ends where the closing
pages begin (appeal instructions, signatures: ``knowledge/words.yml`` closing_headings).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from .cleanup import join_lines
from .formats import HistoryLine, diary_number, history_line, parse_date, section_number
from .knowledge import KNOWLEDGE
from .labels import DECISION, PROPOSAL, find_label, section_label
from .layout import Layout
from .model import ParseWarning
from .pages import Line


def _toc_leaders(text: str) -> bool:
    """Dot leaders of a table of contents: ``....``, ``……`` or ``. . . .``.

    (The substrings the regular expression ``\\.{4,}|…{2,}|(?:\\. ){4,}`` needs, found
    forty times faster than by it; every line of a document is asked.)
    """
    return "...." in text or "……" in text or ". . . . " in text


@dataclass
class SectionBlock:
    """The lines of one section, before its fields are read."""

    number: Optional[int]
    title: Optional[str]
    lines: list[Line] = field(default_factory=list)  # everything after the title
    page_start: Optional[int] = None
    page_end: Optional[int] = None
    # Above the mark: a diary number, the list of the matter's handlings.
    pre_lines: list[Line] = field(default_factory=list)
    handling: Optional[HistoryLine] = None  # the line that numbered a single-item print
    title_lines: list[Line] = field(default_factory=list)  # the title and the § line

    @property
    def printed_lines(self) -> list[Line]:
        """Every line of the section, in reading order."""
        return sorted([*self.pre_lines, *self.title_lines, *self.lines],
                      key=lambda l: (l.page, l.top))


@dataclass
class _Start:
    index: int
    number: int
    title_from: str  # "same", "segments", "handling"
    rest: str
    ocr: bool = False  # read from an OCR misreading of "§" (see ocr_section_marks)
    weight: float = 0.0
    content: bool = False  # labelled parts or running text follow before the next mark
    indented: bool = False  # starts in the running text's column, not at the margin
    listed: bool = False  # the cover's table of contents lists this number
    off_style: bool = False  # printed unlike the document's other marks


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


def ocr_section_marks(line: Line, layout: Layout, left_edge: Optional[float] = None
                      ) -> list[tuple[int, str, str]]:
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
    far = 2 * layout.font_size
    left = layout.page(line.page).margin_x if left_edge is None else left_edge
    if line.x0 <= left + far:
        # A short segment far right of a line that starts with a mark is a table of
        # contents' page number, however misread ("N" for 2).
        toc = len(segs) >= 2 and len(segs[-1].text) <= 3 and segs[-1].x0 - segs[-2].x1 > far
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


def section_mark(line: Line, font_size: float = 10.0) -> Optional[tuple[int, str, str]]:
    """(number, title text beside the mark, how it was found) or None."""
    text = line.text.strip()
    if _toc_leaders(text):
        return None
    segs = line.segments
    far = 2 * font_size
    if len(segs) >= 2 and re.fullmatch(r"\d{1,4}", segs[-1].text.strip()) and segs[-1].x0 - segs[-2].x1 > far:
        return None  # "§ 31  Title  12": an entry of the table of contents
    found = section_number(text)
    if found:
        number, rest = found
        rest = rest.strip(" .:-–")
        if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"'”»("):
            return None
        return number, rest, "same"
    if len(segs) >= 2:
        last = section_number(segs[-1].text.strip())
        if last and not last[1].strip():
            rest = " ".join(s.text for s in segs[:-1]).strip()
            if history_line(rest + " " + segs[-1].text):
                return None
            return last[0], rest, "segments"
    return None


def provisional_meeting_date(lines: list[Line], layout: Layout) -> Optional[str]:
    """The meeting's date as the cover's time label tells it, before the cover is read
    in full: handling lines of this date are the sections' own.  None without a cover
    (a single item's print), where a handling line's date may be any meeting's."""
    for i, line in enumerate(lines[:120]):
        if line.page > 3:
            break
        hit = find_label(line, layout, vocabulary="cover")
        if hit and hit.kind == "time":
            found = parse_date(hit.content.text if hit.content else "")
            if not found and i + 1 < len(lines):
                found = parse_date(lines[i + 1].text)
            if found:
                return found
    return None


def _is_structural(line: Line) -> bool:
    text = line.text.strip()
    return bool(
        history_line(text) or diary_number(text) or section_label(text)
        or (line.segments and section_label(line.segments[0].text) and len(line.segments) > 1)
    )


def split_sections(lines: list[Line], layout: Optional[Layout] = None,
                   meeting_date: Optional[str] = None,
                   ) -> tuple[list[Line], list[SectionBlock], list[ParseWarning]]:
    """Split body lines into (lines before the first section, sections, warnings).

    The closing pages after the last section are left out of it; :func:`closing_lines`
    gives them.
    """
    layout = layout or Layout.of(lines)
    if meeting_date is None:
        meeting_date = provisional_meeting_date(lines, layout)
    warnings: list[ParseWarning] = []
    candidates = _candidates(lines, layout, meeting_date)
    candidates = _drop_listed_ahead(candidates, lines)
    _weigh(candidates, lines, layout)
    chosen = _best_chain(candidates)
    if _prefer_house_style(candidates, chosen):
        chosen = _best_chain(candidates)
    parted = _parts_between(candidates, chosen, lines, layout)
    if parted is not None:
        chosen = _best_chain(candidates, parted)
    starts = [candidates[k][0] for k in chosen]
    chosen_numbers = {s.number for s in starts}
    for k, (start, line) in enumerate(candidates):
        # A repeat with content of its own is news; a listing's entry or a handling line
        # repeating its section's § is not.
        if (k not in chosen and start.number in chosen_numbers and start.content
                and start.title_from != "handling" and not start.indented):
            warnings.append(ParseWarning(
                f"§ {start.number} appears again; the repeat was read as text.",
                page=line.page, section=start.number,
            ))

    if not starts:
        single = single_item(lines, layout)
        return ([], [single], warnings) if single else (lines, [], warnings)

    # Where each section begins (titles, diary numbers, handling lists above the mark).
    begins: list[int] = []
    titles: list[tuple[Optional[str], int, list[int]]] = []
    for k, start in enumerate(starts):
        floor = begins[-1] + 1 if begins else 0
        if k > 0:
            floor = max(floor, starts[k - 1].index + 1)
        title, after, begin, title_indices = _title_for(lines, start, floor, layout)
        begins.append(begin)
        titles.append((title, after, title_indices))

    end_of_last = closing_start(lines, starts[-1].index + 1, layout)
    blocks: list[SectionBlock] = []
    for k, start in enumerate(starts):
        end = begins[k + 1] if k + 1 < len(starts) else end_of_last
        title, after, title_indices = titles[k]
        mark = [start.index] if start.title_from != "handling" else []
        above = set(title_indices) | set(mark)
        pre = [lines[i] for i in range(begins[k], start.index) if i not in above]
        body_from = max(after, start.index + (0 if start.title_from == "handling" else 1))
        body = [lines[i] for i in range(body_from, end) if i not in above]
        title_lines = [lines[i] for i in sorted(above)]
        spanned = [*pre, *title_lines, *body]
        first_page = lines[start.index].page
        block = SectionBlock(
            number=start.number, title=title, lines=body,
            page_start=min(first_page, *(l.page for l in pre)) if pre else first_page,
            page_end=max(l.page for l in spanned),
            pre_lines=pre, title_lines=title_lines,
        )
        blocks.append(block)

    for prev, block in zip(blocks, blocks[1:]):
        if prev.number is not None and block.number is not None and block.number - prev.number > 1:
            missing = ", ".join(f"§ {n}" for n in range(prev.number + 1, min(block.number, prev.number + 6)))
            warnings.append(ParseWarning(
                f"Section numbering jumps from § {prev.number} to § {block.number} ({missing} not found).",
                page=block.page_start, section=block.number,
            ))
    return lines[: begins[0]], blocks, warnings


def _listing(lines: list[Line], layout: Layout) -> set[int]:
    """Indices of the lines of the cover's table of contents: from its label
    (``Käsitellyt asiat``, ``Ärenden``) to the next cover label or the page's end."""
    inside: set[int] = set()
    current = None
    for i, line in enumerate(lines):
        if line.page > 3:
            break  # the cover's first pages
        if current is not None and line.page != current:
            current = None
        hit = find_label(line, layout, vocabulary="cover") if len(line.text) < 60 else None
        if hit is not None:
            current = line.page if hit.kind == "agenda_list" else None
            continue
        if current is not None:
            inside.add(i)
    return inside


def _candidates(lines: list[Line], layout: Layout,
                meeting_date: Optional[str]) -> list[tuple[_Start, Line]]:
    candidates = []
    listing = _listing(lines[:400], layout)
    # The numbers the cover's table of contents lists: a mark of one of them is more
    # likely a section than a rule quoted in running text ("119 § Kokousaika").
    listed = {found[0] for i in listing for found in [section_mark(lines[i], layout.font_size)] if found}
    # Where the page's text begins on the left: an OCR line starting there may be a mark.
    left_edges: dict[int, float] = {}
    for line in lines:
        if len(line.text.strip()) > 2:
            left_edges[line.page] = min(left_edges.get(line.page, line.x0), line.x0)
    for i, line in enumerate(lines):
        if i in listing:
            continue
        found = section_mark(line, layout.font_size)
        if found:
            number, rest, how = found
            candidates.append((_Start(i, number, how, rest, listed=number in listed), line))
            continue
        if meeting_date and "§" in line.text:
            head = history_line(line.text)
            if head and head.date == meeting_date and head.number:
                candidates.append((_Start(i, head.number, "handling", ""), line))
                continue
        if is_ocr_line(line):
            for number, rest, how in ocr_section_marks(line, layout, left_edges.get(line.page)):
                if rest or _title_may_follow(lines, i):
                    candidates.append((_Start(i, number, how, rest, ocr=True), line))
    return candidates


def _title_may_follow(lines: list[Line], i: int) -> bool:
    """A mark alone on its line needs a title: a capitalised line right after it, or
    right before it (layouts that print the title above the mark)."""
    def title_like(k: int) -> bool:
        other = lines[k] if 0 <= k < len(lines) else None
        return bool(other and other.page == lines[i].page and other.text[:1].isupper()
                    and not _is_structural(other))

    return title_like(i + 1) or title_like(i - 1)


def _weigh(candidates: list[tuple[_Start, Line]], lines: list[Line], layout: Layout) -> None:
    """Each candidate's weight: a printed mark counts 1 (a misread one less, a handling
    line less still: a § line of the same number wins), more when bold or with a title
    beside it, and more again when content follows before the next candidate."""
    for k, (start, line) in enumerate(candidates):
        # Up to the next candidate of a higher number: a handling line that repeats the
        # section's own § does not end its content, nor does a rule quoted in it
        # ("8 § Kunnanhallitus …" in § 175), which cannot be the next section.
        nxt = next((c.index for c, _ in candidates[k + 1:]
                    if c.number > start.number and c.index > start.index), len(lines))
        start.content = _has_content(lines, start.index + 1, nxt, layout)
        page = layout.page(line.page)
        start.indented = (start.title_from == "same" and page.text_x - page.margin_x > 2 * layout.font_size
                          and line.x0 > page.margin_x + 2 * layout.font_size)
        # "81 §: Esityslista, joka …" quotes a rule in running text.
        quoted = bool(re.match(r"^(?:§\s*\d+|\d+\s*§):", line.text.strip()))
        start.weight = ((0.6 if start.title_from == "handling" else 1.0)
                        + 0.3 * line.bold + 0.6 * bool(start.rest) - 0.3 * start.ocr
                        - 0.5 * start.indented - 0.5 * quoted + 1.0 * start.content
                        + 0.5 * start.listed - 1.5 * _continues_sentence(lines, start, layout))


_MID_SENTENCE = re.compile(r"[a-zåäö,–-]$")


def _continues_sentence(lines: list[Line], start: _Start, layout: Layout) -> bool:
    """Whether a mark with text beside it goes on with the sentence of the line above
    (``… gatuhållningsbeslut enligt`` / ``86 § 3 mom. i …``): a line of the same
    paragraph, plain, that stops mid-sentence.  A title printed above its mark is
    not running text that stops with a comma or a lower-case word."""
    if start.title_from != "same" or not start.rest or start.index == 0:
        return False
    above, line = lines[start.index - 1], lines[start.index]
    return (above.page == line.page and not above.bold and len(above.text) > 40
            and not layout.paragraph_break(above, line)
            and bool(_MID_SENTENCE.search(above.text.rstrip())))


def _style(start: _Start, line: Line) -> tuple:
    """How a mark is printed: where its title is, which side of the number the § is,
    bold or not."""
    text = line.text.strip()
    sign_first = text.startswith("§") if start.title_from == "same" else None
    return start.title_from, sign_first, line.bold, bool(start.rest)


def _prefer_house_style(candidates: list[tuple[_Start, Line]], chosen: list[int]) -> bool:
    """A document prints its section marks one way (``§ 116`` bold alone, say); a mark
    printed otherwise (``119 § Kokousaika``, a rule quoted in the text) is weaker
    evidence.  Lowers the weight of candidates off the chosen chain's dominant style;
    True when any weight changed."""
    with_content = [candidates[k] for k in chosen
                    if candidates[k][0].content and candidates[k][0].title_from != "handling"]
    if len(chosen) < 3 or not with_content:
        return False
    styles = Counter(_style(s, l) for s, l in with_content)
    style, count = styles.most_common(1)[0]
    if count < 0.6 * len(with_content):
        return False
    changed = False
    for start, line in candidates:
        if start.title_from != "handling" and _style(start, line) != style:
            start.weight -= 0.8
            start.off_style = changed = True
    return changed


def _has_content(lines: list[Line], begin: int, end: int, layout: Layout) -> bool:
    """Whether lines[begin:end] hold a labelled part or a few lines of running text."""
    running = 0
    for i in range(begin, min(end, begin + 400)):
        line = lines[i]
        if find_label(line, layout, lines[i + 1:i + 3]) is not None:
            return True
        if len(line.text) > 40:
            running += 1
            if running >= 3:
                return True
    return False


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
    :func:`section_mark`) or their lack of content (:func:`_weigh`), but OCR tends to
    lose a lone digit at the right margin.
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


def _parts_between(candidates: list[tuple[_Start, Line]], chosen: list[int],
                   lines: list[Line], layout: Layout):
    """Where a document's sections hold their proposal or decision (three in four do), a
    function telling whether the lines between two candidate marks hold one; else None.

    A rule quoted in running text (``33 § Kaupunkiympäristölautakunnan …``), printed
    unlike the document's marks, would cut its section in two halves of which the
    first has no proposal or decision.  (Sections printed in the house style may lack
    them: ``Ilmoitusasiat``, ``Muut asiat``.)
    """
    in_style = [k for k in chosen if not candidates[k][0].off_style]
    if len(in_style) < 4 or not any(start.off_style for start, _ in candidates):
        return None
    core = [i for i, line in enumerate(lines) if _is_core_label(line)]
    if not core:
        return None

    def has_parts(begin: int, end: int) -> bool:
        k = bisect.bisect_right(core, begin)
        return k < len(core) and core[k] < end

    spans = [(candidates[a][0].index, candidates[b][0].index)
             for a, b in zip(in_style, in_style[1:])]
    if sum(has_parts(a, b) for a, b in spans) < 0.75 * len(spans):
        return None
    return has_parts


def _is_core_label(line: Line) -> bool:
    """Whether ``line`` starts with a proposal or decision label (by its words alone:
    a cheap pass over every line, and what counts is whether such a part exists)."""
    first = line.segments[0].text.strip()
    if len(first) > 60:
        head, colon, _ = line.text[:60].partition(":")
        if not colon:
            return False
        first = head
    return KNOWLEDGE.section_label(first) in (PROPOSAL, DECISION)


def _best_chain(candidates: list[tuple[_Start, Line]], parted=None) -> list[int]:
    """Indices of the most plausible run of section starts.

    Numbers must increase; steps of one are expected, bigger jumps cost (a wrapped
    line of running text can begin "86 § ...").  Longest weighted chain, by dynamic
    programming.  With ``parted`` (see :func:`_parts_between`), a mark off the house
    style that leaves the section before it without a proposal or decision costs too.
    """
    if not candidates:
        return []
    weight = [start.weight or 1.0 for start, _ in candidates]
    best = list(weight)
    previous: list[Optional[int]] = [None] * len(candidates)
    for j in range(len(candidates)):
        for i in range(j):
            step = candidates[j][0].number - candidates[i][0].number
            if step <= 0 or candidates[j][0].index == candidates[i][0].index:
                continue  # one reading per line
            cost = 0.0 if step == 1 else 0.3 if step <= 3 else 0.8 if step <= 10 else 1.6
            if (parted is not None and candidates[j][0].off_style
                    and not parted(candidates[i][0].index, candidates[j][0].index)):
                cost += 2.0
            score = best[i] + weight[j] - cost
            if score > best[j]:
                best[j], previous[j] = score, i
    k: Optional[int] = max(range(len(candidates)), key=best.__getitem__)
    chain = []
    while k is not None:
        chain.append(k)
        k = previous[k]
    return sorted(chain)


def _title_for(lines: list[Line], start: _Start, floor: int,
               layout: Layout) -> tuple[Optional[str], int, int, list[int]]:
    """(title, index after the title, index where the section begins, indices of the
    title's lines)."""
    mark_line = lines[start.index]
    begin = _above_mark(lines, start.index, floor)
    if start.title_from == "handling":
        # The seed layout: the title stands above the handling line that numbers it.
        before = _bold_run(lines, start.index - 1, -1, mark_line, layout, floor)
        if not before:
            before = _paragraph_above(lines, start.index, floor, layout)
        if before:
            first = min(before)
            return _join_title(lines, before), start.index, min(first, begin), sorted(before)
        return None, start.index, begin, []
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
        return " ".join(title_parts), after, begin, list(range(start.index + 1, after))

    # The mark stands alone: the title is after it, or just before it.
    after_lines = _bold_run(lines, start.index + 1, +1, mark_line, layout)
    before_lines = _bold_run(lines, start.index - 1, -1, mark_line, layout, floor)
    if before_lines and not after_lines:
        first = min(before_lines)
        return (_join_title(lines, sorted(before_lines)), start.index + 1, min(first, begin),
                sorted(before_lines))
    if after_lines:
        return _join_title(lines, after_lines), max(after_lines) + 1, begin, after_lines
    nxt = start.index + 1
    if _label_word_title(lines, nxt, mark_line):
        # A title that is also a label word ("§ 44 / Esteellisyydet / LAPDno-2025-812"):
        # a label would be followed by its text, a title is by the diary number.
        return lines[nxt].text.strip(), nxt + 1, begin, [nxt]
    if nxt < len(lines) and not _is_structural(lines[nxt]) and not section_mark(lines[nxt]):
        return lines[nxt].text, nxt + 1, begin, [nxt]
    return None, start.index + 1, begin, []


def _label_word_title(lines: list[Line], i: int, mark: Line) -> bool:
    """Whether line ``i``, right under a lone § mark, is the title although it reads as
    a label: bold, on the mark's page, no colon, a label word alone, and the diary
    number printed on the next line."""
    if i + 1 >= len(lines):
        return False
    line, following = lines[i], lines[i + 1]
    text = line.text.strip()
    return (line.bold and line.page == mark.page and not text.endswith(":")
            and bool(section_label(text)) and following.page == line.page
            and bool(diary_number(following.text.strip())))


def _above_mark(lines: list[Line], index: int, floor: int) -> int:
    """Where a section begins above its mark: a diary number printed just above it, and
    the list of the matter's handlings printed right above (the same page)."""
    mark = lines[index]
    begin = index
    j = index - 1
    while j >= floor and lines[j].page == mark.page and (
            (index - j <= 2 and diary_number(lines[j].text))
            or history_line(lines[j].text)):
        begin = j
        j -= 1
    return begin


def _bold_run(lines: list[Line], i: int, step: int, mark: Line, layout: Layout,
              floor: int = 0) -> list[int]:
    """Consecutive bold, non-structural lines next to the mark line."""
    run: list[int] = []
    prev = mark
    while floor <= i < len(lines) and len(run) < 4:
        line = lines[i]
        if (not line.bold or _is_structural(line) or section_mark(line)
                or KNOWLEDGE.is_closing_heading(line.text)):
            break
        if line.page != prev.page:
            break
        gap = (line.top - prev.bottom) if step > 0 else (prev.top - line.bottom)
        if gap > max(mark.size, line.size, layout.font_size) * 2.2:
            break
        run.append(i)
        prev = line
        i += step
    return run


def _paragraph_above(lines: list[Line], index: int, floor: int, layout: Layout) -> list[int]:
    """The paragraph (up to three lines) right above line ``index`` on its page."""
    run: list[int] = []
    i = index - 1
    while i >= floor and len(run) < 3 and lines[i].page == lines[index].page:
        if _is_structural(lines[i]):
            break
        run.append(i)
        if i - 1 < floor or layout.paragraph_break(lines[i - 1], lines[i]):
            break
        i -= 1
    return sorted(run) if run and len(run) < 3 else []


def _join_title(lines: list[Line], indices: list[int]) -> str:
    return join_lines(lines[i].text for i in sorted(indices))


def closing_start(lines: list[Line], begin: int, layout: Layout) -> int:
    """Index of the first line of the closing pages (appeal instructions, signatures)
    at or after ``begin``, or ``len(lines)``.

    A closing heading counts where it is printed as a heading: first on its page, bold,
    in capitals, or followed by the list of sections it applies to (``§75, §76``).
    """
    for i in range(begin, len(lines)):
        line = lines[i]
        text = line.text.strip()
        if not KNOWLEDGE.is_closing_heading(text):
            continue
        first_on_page = i == 0 or lines[i - 1].page != line.page
        lists_sections = i + 1 < len(lines) and bool(
            re.match(r"^(?:§\s*\d+|\d+\s*§)(?:\s*[,–-]\s*(?:§\s*\d+|\d+\s*§?))*\s*$",
                     lines[i + 1].text.strip()))
        if first_on_page or line.bold or text.isupper() or lists_sections:
            return i
    return len(lines)


def single_item(lines: list[Line], layout: Optional[Layout] = None) -> Optional[SectionBlock]:
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
        title_lines=list(title_lines),
    )

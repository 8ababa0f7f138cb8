"""Appeal route per section, from the appeal instructions that close the minutes.

The closing pages (``Document.parts``, one part per closing heading) map sections to
routes in blocks: a route heading (``Muutoksenhakukielto``, ``Oikaisuvaatimus``,
``Kunnallisvalitus`` …) with the list of sections it applies to (``§ 83-85, 88``) and
the instructions, whose time limit (``Oikaisuvaatimus on tehtävä 14 päivän kuluessa``)
is the route's days.  Some systems print the list under its heading, others above it;
a document does one or the other throughout.

    appeal_routes(parts, numbers) → {§ number: Appeal}

Wording (route headings, time-limit phrases, list lead words) is data in
``knowledge/appeals.yml``; this module holds the mechanism only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .knowledge import KNOWLEDGE, Knowledge
from .model import Appeal, Part

# A range longer than this is a misreading, not a list ("§ 1-2025").
_MAX_RANGE = 200
_RANGE = re.compile(r"(\d{1,4})(?:\s*[-–—]\s*(?:§\s*)?(\d{1,4}))?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ(])")


def section_list(text: str, knowledge: Knowledge = KNOWLEDGE) -> Optional[tuple[list[int], str]]:
    """The § numbers a paragraph starts with, and the text after them; None when it does
    not start with a § list.

    ``"§ 83-85, 88"`` → ``([83, 84, 85, 88], "")``; ``"§ 86, 87 Oikaisuvaatimus on …"``
    → ``([86, 87], "Oikaisuvaatimus on …")``.  A bare number is no list: it needs a §
    sign or a lead word (``Pykälät``).
    """
    text = text.replace("\u200b", "").replace("\u00ad", "")
    m = knowledge.section_list.match(text)
    if not m:
        return None
    led = bool(text[:m.start("list")].strip())  # "Pykälät 83, 84"
    if not led and "§" not in m.group("list"):
        return None
    numbers: list[int] = []
    for first, last in _RANGE.findall(m.group("list")):
        a, b = int(first), int(last or first)
        if not 0 <= b - a <= _MAX_RANGE:
            return None
        numbers.extend(range(a, b + 1))
    return numbers, text[m.end():].strip()


@dataclass
class _Block:
    """One route block: its headings' routes, its sections and its text."""

    routes: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.texts)


# The closing pages as a stream: ("heading", route or None), ("list", numbers),
# ("text", paragraph).
_Token = tuple[str, object]


def _tokens(parts: list[Part], knowledge: Knowledge) -> list[_Token]:
    tokens: list[_Token] = []
    for part in parts:
        if part.label:
            tokens.append(("heading", knowledge.appeal_route(part.label)))
        for paragraph in part.text.split("\n\n"):
            found = section_list(paragraph, knowledge)
            if found:
                numbers, rest = found
                # A list wrapped onto a new paragraph (or page) goes on.
                if tokens and tokens[-1][0] == "list":
                    tokens[-1] = ("list", tokens[-1][1] + numbers)
                else:
                    tokens.append(("list", numbers))
                paragraph = rest
            if paragraph.strip():
                tokens.append(("text", paragraph.strip()))
    return tokens


def _blocks(tokens: list[_Token]) -> list[_Block]:
    """Cut the stream into route blocks, one per § list.

    When a route heading comes before the first list, each list belongs to the headings
    right above it (``Muutoksenhakukielto`` / ``§23, §24``) and its block runs to the
    headings of the next list; otherwise each list heads its block (``§ 83-85, 88`` /
    ``Muutoksenhakukielto``) and the block runs to the next list.
    """
    lists = [i for i, (kind, _) in enumerate(tokens) if kind == "list"]
    if not lists:
        return []
    heading_first = any(kind == "heading" and value for kind, value in tokens[:lists[0]])
    starts = []
    for i in lists:
        start = i
        if heading_first:
            while start > 0 and tokens[start - 1][0] == "heading":
                start -= 1
        starts.append(start)
    blocks = []
    for start, end in zip(starts, starts[1:] + [len(tokens)]):
        block = _Block()
        for kind, value in tokens[start:end]:
            if kind == "heading" and value:
                block.routes.append(value)
            elif kind == "list":
                block.numbers.extend(value)
            elif kind == "text":
                block.texts.append(value)
        blocks.append(block)
    return blocks


def _route(block: _Block, knowledge: Knowledge) -> Optional[str]:
    """The block's route: its first heading's, or a special case of it that the block
    names by heading or time limit (a hankintaoikaisu under ``Oikaisuvaatimus``)."""
    if not block.routes:
        return None
    route = block.routes[0]
    for special in knowledge.appeal_routes.values():
        if special.refines == route and (special.route in block.routes
                                         or knowledge.days_in(special.route, block.text)):
            return special.route
    return route


def _ground(block: _Block) -> Optional[str]:
    """The one reason a no-appeal block prints; None when it prints several or none."""
    text = re.sub(r"\s+", " ", block.text.replace("\u200b", "")).strip()
    if not text or len(_SENTENCE_END.split(text)) != 1:
        return None
    return text


def appeal_routes(parts: list[Part], numbers: list[int],
                  knowledge: Knowledge = KNOWLEDGE) -> dict[int, Appeal]:
    """The appeal route of each section the closing instructions list.

    :param parts: the document's closing parts (``Document.parts``)
    :param numbers: the document's section numbers; listed numbers not among them are
        left out, and sections no list names get no entry
    :returns: § number → :class:`Appeal`; a section listed under two routes gets the
        first, the second in ``also``
    """
    blocks = [(b, _route(b, knowledge)) for b in _blocks(_tokens(parts, knowledge))]
    # A route's instructions may be printed once for two blocks of it.
    days_by_route: dict[str, int] = {}
    for block, route in blocks:
        if route is not None and route not in days_by_route:
            days = knowledge.days_in(route, block.text)
            if days is not None:
                days_by_route[route] = days
    wanted = set(numbers)
    found: dict[int, Appeal] = {}
    for block, route in blocks:
        if route is None:
            continue
        spec = knowledge.appeal_routes[route]
        days = knowledge.days_in(route, block.text) if spec.act else None
        appeal = Appeal(
            route,
            days if days is not None else days_by_route.get(route),
            ground=_ground(block) if spec.act is None else None,
            also=[Appeal(other, knowledge.days_in(other, block.text)) for other in spec.also],
        )
        for number in block.numbers:
            if number not in wanted:
                continue
            if number in found:
                if found[number].route != route:
                    found[number].also.append(Appeal(appeal.route, appeal.days))
            else:
                found[number] = Appeal(appeal.route, appeal.days, appeal.ground,
                                       [Appeal(a.route, a.days) for a in appeal.also])
    return found

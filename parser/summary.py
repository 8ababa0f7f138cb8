"""A readable one-screen summary of a parsed document (``minutes parse``)."""

from __future__ import annotations

from .model import Document


def summarise(document: Document) -> str:
    """Meeting first, then one line per section, then warnings."""
    m = document.meeting
    when = " ".join(x for x in [m.date, m.start_time and f"{m.start_time}–{m.end_time or ''}"] if x)
    out = [
        f"{document.source.path} ({document.source.pages} pages)",
        f"{m.organization or '?'} · {m.body or '?'} · minutes {m.number or '?'} · {when or 'date ?'}",
    ]
    if m.place:
        out.append(f"Place: {m.place}")
    if m.attendees:
        out.append(f"Attendees: {len(m.attendees)}")
    source = document.source
    if source.ocr_pages:
        pages = "every page" if len(source.ocr_pages) == source.pages else (
            f"pages {', '.join(map(str, source.ocr_pages))}")
        out.append(f"Text: OCR of {pages}, mean word confidence {source.ocr_confidence or 0:.0f} %")
    if source.repaired_words:
        out.append(f"Text: {source.repaired_words} damaged words repaired (ä/ö restored)")
    out.append("")
    for s in document.sections:
        number = f"§ {s.number}" if s.number is not None else "§ ?"
        pages = f"p. {s.page_start}" + (f"–{s.page_end}" if s.page_end != s.page_start else "")
        flags = " [confidential]" if s.confidential else ""
        if s.text_source == "ocr" and s.ocr_confidence is not None and s.ocr_confidence < 80:
            flags += f" [OCR confidence {s.ocr_confidence:.0f} %]"
        diary = f" ({s.diary_number})" if s.diary_number else ""
        decision = (s.decision or "—").replace("\n", " ")
        if len(decision) > 60:
            decision = decision[:57] + "..."
        out.append(f"{number:>6}  {pages:<9} {s.title or '(no title)'}{diary}{flags}")
        out.append(f"{'':17}decision: {decision}")
    if document.warnings:
        out.append("")
        out.append(f"{len(document.warnings)} warning(s):")
        for w in document.warnings:
            where = ", ".join(x for x in [w.page and f"page {w.page}", w.section and f"§ {w.section}"] if x)
            out.append(f"  - {w.message}" + (f" ({where})" if where else ""))
    return "\n".join(out)

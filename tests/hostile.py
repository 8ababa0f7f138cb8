"""Hostile and broken inputs for the reliability tests and ``bench/fuzz.py``.

Everything is built at run time into a temporary folder (no binaries are committed):
small PDFs are written byte by byte with :func:`raw_pdf` (so the tests can put exactly
the broken structure they need into them), real-looking ones with reportlab, and the
fuzzer's mutations (:func:`mutate`) work on the bytes of ``samples/*.pdf``.
"""

from __future__ import annotations

import base64
import random
import re
import zlib
from pathlib import Path
from typing import Callable, Iterable, Optional

# --------------------------------------------------------------------------- writing


def raw_pdf(objects: list[bytes], *, root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF whose object ``n`` (1-based) is ``objects[n-1]``, with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, trailer_extra, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", *, compress: bool = False) -> bytes:
    """A stream object's body (``<< /Length n >> stream ... endstream``)."""
    if compress:
        data = zlib.compress(data)
        extra = b"/Filter /FlateDecode " + extra
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _pdf_text(text: str) -> bytes:
    """A PDF literal string in WinAnsi (Helvetica covers ä, ö, å)."""
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def page_content(lines: Iterable[str]) -> bytes:
    """A content stream drawing ``lines`` top down in 11 pt Helvetica."""
    ops = [b"BT /F1 11 Tf 14 TL 57 780 Td"]
    for line in lines:
        ops.append(_pdf_text(line) + b" Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


MINUTES_LINES = [
    "ASIKKALAN KUNTA          PÖYTÄKIRJA 4/2025",
    "Hyvinvointilautakunta    09.04.2025",
    "§ 31",
    "Koulukuljetusten periaatteet lukuvuodelle 2025–2026",
    "Päätösehdotus  Lautakunta hyväksyy koulukuljetusten periaatteet.",
    "Päätös         Ehdotus hyväksyttiin.",
]


def text_pdf(pages: list[list[str]], *, catalog_extra: bytes = b"",
             extra_objects: Optional[list[bytes]] = None) -> bytes:
    """A plain PDF with one page per entry of ``pages`` (its lines of text).

    Object layout: 1 catalog, 2 pages, 3 font, then ``extra_objects`` (numbered from 4),
    then a page and a content object per page.
    """
    extra_objects = list(extra_objects or [])
    first_page = 4 + len(extra_objects)
    kids = [first_page + 2 * i for i in range(len(pages))]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
        + b"] /Count %d >>" % len(pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        *extra_objects,
    ]
    for i, lines in enumerate(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
                       % (first_page + 2 * i + 1))
        objects.append(stream(page_content(lines)))
    return raw_pdf(objects)


# --------------------------------------------------------------------------- hostile files
# The ones built from a real sample (encrypted, scripted, long) must parse like it.


def _pikepdf_bytes(source: Path, change: Callable, **save_options) -> bytes:
    """``source`` opened with pikepdf, ``change(pdf)`` applied, saved to bytes."""
    import io

    import pikepdf

    with pikepdf.open(source) as pdf:
        change(pdf)
        buffer = io.BytesIO()
        pdf.save(buffer, **save_options)
        return buffer.getvalue()


def encrypted(source: Path, *, user: str = "", owner: str = "omistaja") -> bytes:
    """``source`` encrypted (AES-256).  With an empty ``user`` password any reader opens
    it (only editing and copying are restricted); with one, nobody without it can."""
    import pikepdf

    return _pikepdf_bytes(source, lambda pdf: None,
                          encryption=pikepdf.Encryption(owner=owner, user=user))


def javascript_and_attachment(source: Path) -> bytes:
    """``source`` with JavaScript run on opening and an embedded file attached."""
    import pikepdf

    def change(pdf):
        action = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Action, S=pikepdf.Name.JavaScript,
            JS=pikepdf.String("app.alert('Avataan'); this.exportDataObject({cName: 'liite.txt'});")))
        pdf.Root.OpenAction = action
        pdf.Root.Names = pikepdf.Dictionary(
            JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("avaus"), action])))
        pdf.attachments["liite.txt"] = pikepdf.AttachedFileSpec(
            pdf, b"liite: talousarvio 2025\n", mime_type="text/plain")

    return _pikepdf_bytes(source, change)


def long_meeting(source: Path, pages: int) -> bytes:
    """A ``pages``-page PDF of ``source``'s pages repeated (pypdfium2 writes it): a
    very long meeting whose every page is a real minutes page."""
    import io

    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(source))
    out = pdfium.PdfDocument.new()
    try:
        while len(out) < pages:
            take = min(len(src), pages - len(out))
            out.import_pages(src, list(range(take)))
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()
    finally:
        out.close()
        src.close()


class _Bits:
    """A deflate bit stream: fields least significant bit first, Huffman codes most
    significant bit first (RFC 1951 3.1.1)."""

    def __init__(self):
        self.value = 0
        self.count = 0

    def field(self, value: int, bits: int) -> None:
        self.value |= value << self.count
        self.count += bits

    def code(self, code: int, bits: int) -> None:
        self.field(int(format(code, f"0{bits}b")[::-1], 2), bits)

    def bytes(self) -> bytes:
        return self.value.to_bytes((self.count + 7) // 8, "little")


def _fixed_block(groups: int) -> bytes:
    """A final fixed-Huffman deflate block of ``groups`` copies of (length 258,
    distance 1): 13 bits each, each repeating the byte before it 258 times."""
    bits = _Bits()
    bits.field(1, 1)  # BFINAL
    bits.field(1, 2)  # BTYPE 01: fixed Huffman codes
    for _ in range(groups):
        bits.code(0b11000101, 8)  # symbol 285: length 258
        bits.code(0, 5)  # distance code 0: distance 1
    bits.code(0, 7)  # symbol 256: end of block
    return bits.bytes()


def zlib_spaces(total: int) -> tuple[bytes, int]:
    """zlib data inflating to about ``total`` spaces, and its exact inflated size.

    Written directly rather than compressed (compressing 4 GB takes a minute): a stored
    block holds one space, then a fixed-Huffman block repeats it.  Eight 13-bit groups
    fill 13 bytes exactly, so the block is its first byte, a 13-byte period and a tail.
    """
    rounds = max(2, total // (258 * 8))
    small = _fixed_block(16)  # two periods: first byte, period, tail
    block = small[:1] + (small[1:14] * rounds)[: 13 * rounds - 1] + small[26:]
    size = 1 + 258 * 8 * rounds
    # Adler-32 of ``size`` spaces in closed form: a = 1 + sum, b = sum of the a's.
    a = (1 + 32 * size) % 65521
    b = (size + 32 * size * (size + 1) // 2) % 65521
    stored = b"\x00\x01\x00\xfe\xff "  # BFINAL 0, BTYPE 00, LEN 1, NLEN, one space
    return b"\x78\x01" + stored + block + ((b << 16) | a).to_bytes(4, "big"), size


def decompression_bomb(inflated: int = 4 << 30) -> bytes:
    """A one-page PDF of a few tens of KB whose content stream inflates to ``inflated``
    bytes (4 GB by default) of spaces, through two FlateDecode filters in a row."""
    data = zlib.compress(zlib_spaces(inflated)[0], 9)
    content = (b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(data)
               + data + b"\nendstream")
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        content,
    ])


def slow_page(chars: int = 60_000) -> bytes:
    """One page of ``chars`` characters each placed on its own: pdfium's text API then
    costs time per character per text box, so reading the page takes minutes."""
    ops = [b"BT /F1 2 Tf"]
    for i in range(chars):
        x, y = 10 + (i % 280) * 2, 830 - (i // 280) % 400 * 2
        ops.append(b"1 0 0 1 %d %d Tm (%c) Tj" % (x, y, 97 + i % 26))
    ops.append(b"ET")
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        stream(b"\n".join(ops), compress=True),
    ])


def absurd_page_count() -> bytes:
    """One real page in a page tree that claims two billion pages."""
    pdf = text_pdf([MINUTES_LINES])
    return pdf.replace(b"/Count 1 >>", b"/Count 2147483647 >>", 1)


def deep_page_tree(depth: int = 100_000) -> bytes:
    """A page tree ``depth`` levels deep (a recursive reader overflows its stack)."""
    # 1 catalog, 2 font, 3 content, 4 the page, 5.. nested Pages nodes (5 is the root).
    objects = [
        b"<< /Type /Catalog /Pages 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        stream(page_content(MINUTES_LINES)),
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 2 0 R >> >> /Contents 3 0 R >>" % (4 + depth),
    ]
    for level in range(depth):
        number = 5 + level
        kid = number + 1 if level < depth - 1 else 4
        parent = b"/Parent %d 0 R " % (number - 1) if level else b""
        objects.append(b"<< /Type /Pages %s/Kids [%d 0 R] /Count 1 >>" % (parent, kid))
    return raw_pdf(objects)


def truncated(pdf: bytes, keep: float = 0.5) -> bytes:
    """The first ``keep`` share of a PDF, as an interrupted download leaves it."""
    return pdf[: max(16, int(len(pdf) * keep))]


def broken_xref(pdf: bytes) -> bytes:
    """Every xref offset pointing a few bytes off, and ``startxref`` past the end."""
    def shift(m: re.Match) -> bytes:
        return b"%010d" % (int(m.group(1)) + 7) + m.group(2)

    broken = re.sub(rb"(\d{10})( \d{5} n)", shift, pdf)
    return re.sub(rb"startxref\s+\d+", b"startxref\n%d" % (len(pdf) * 3), broken)


def distinct_copies(sources: list[Path], out: Path, copies: int) -> list[Path]:
    """``copies`` copies of each source into ``out``, each with its own bytes (a comment
    after ``%%EOF``), so that every one is a new file to the archive but parses alike."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for n in range(copies):
        for source in sources:
            path = out / f"{source.stem}-{n:02d}.pdf"
            path.write_bytes(source.read_bytes() + b"%% copy %d\n" % n)
            written.append(path)
    return written


# --------------------------------------------------------------------------- fuzzing
# Each mutator takes the file's bytes and a seeded random.Random and returns new bytes.


def _span(data: bytes, rng: random.Random, most: int = 64) -> tuple[int, int]:
    start = rng.randrange(len(data))
    return start, min(len(data), start + rng.randint(1, most))


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 32)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def random_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    start, end = _span(data, rng, 256)
    out[start:end] = rng.randbytes(end - start)
    return bytes(out)


def insert_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    junk = rng.choice([rng.randbytes(rng.randint(1, 200)), b"(", b"<<", b"[" * 500,
                       b"endobj", b"stream\n", b"%%EOF\n", b"\x00" * 100])
    return data[:at] + junk + data[at:]


def delete_bytes(data: bytes, rng: random.Random) -> bytes:
    start, end = _span(data, rng, 4096)
    return data[:start] + data[end:]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(16, max(17, len(data)))]


def duplicate_range(data: bytes, rng: random.Random) -> bytes:
    start, end = _span(data, rng, 8192)
    at = rng.randrange(len(data))
    return data[:at] + data[start:end] * rng.randint(1, 20) + data[at:]


def break_xref_offsets(data: bytes, rng: random.Random) -> bytes:
    def shift(m: re.Match) -> bytes:
        if rng.random() < 0.5:
            return m.group(0)
        return b"%010d" % max(0, int(m.group(1)) + rng.randint(-500, 500)) + m.group(2)

    out = re.sub(rb"(\d{10})( \d{5} [nf])", shift, data)
    if rng.random() < 0.5:
        out = re.sub(rb"startxref\s+\d+", b"startxref\n%d" % rng.randrange(len(data) * 2), out)
    return out


def _objects(data: bytes) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in
            re.finditer(rb"\d+ \d+ obj\b.*?endobj", data, re.S)]


def drop_object(data: bytes, rng: random.Random) -> bytes:
    spans = _objects(data)
    if not spans:
        return delete_bytes(data, rng)
    start, end = rng.choice(spans)
    return data[:start] + data[end:]


def duplicate_object(data: bytes, rng: random.Random) -> bytes:
    spans = _objects(data)
    if not spans:
        return duplicate_range(data, rng)
    start, end = rng.choice(spans)
    at = rng.choice(spans)[0]
    return data[:at] + data[start:end] + b"\n" + data[at:]


def corrupt_stream_length(data: bytes, rng: random.Random) -> bytes:
    matches = list(re.finditer(rb"/Length (\d+)", data))
    if not matches:
        return flip_bytes(data, rng)
    m = rng.choice(matches)
    value = rng.choice([0, 1, int(m.group(1)) * 1000, int(m.group(1)) // 2, 2 ** 31 - 1,
                        2 ** 63, -5])
    return data[: m.start(1)] + str(value).encode() + data[m.end(1):]


FILTERS = [b"/FlateDecode", b"/LZWDecode", b"/ASCII85Decode", b"/ASCIIHexDecode",
           b"/RunLengthDecode", b"/DCTDecode", b"/JBIG2Decode", b"/CCITTFaxDecode",
           b"/JPXDecode", b"/Crypt", b"/NoSuchFilter",
           b"[/FlateDecode /FlateDecode /ASCII85Decode]"]


def mangle_filter(data: bytes, rng: random.Random) -> bytes:
    matches = list(re.finditer(rb"/Filter\s*(/\w+|\[[^\]]*\])", data))
    if not matches:
        return insert_bytes(data, rng)
    m = rng.choice(matches)
    return data[: m.start(1)] + rng.choice(FILTERS) + data[m.end(1):]


def swap_numbers(data: bytes, rng: random.Random) -> bytes:
    matches = list(re.finditer(rb"(?<![\w.])\d{1,7}(?![\w.])", data))
    if not matches:
        return flip_bytes(data, rng)
    out = bytearray(data)
    for m in sorted(rng.sample(matches, min(len(matches), rng.randint(1, 8))),
                    key=lambda m: -m.start()):
        value = rng.choice([0, -1, 1, 65535, 2 ** 31, 10 ** 12, rng.randint(0, 10 ** 6)])
        out[m.start():m.end()] = str(value).encode()
    return bytes(out)


BYTE_MUTATORS: list[Callable[[bytes, random.Random], bytes]] = [
    flip_bytes, random_bytes, insert_bytes, delete_bytes, truncate, duplicate_range]
STRUCTURE_MUTATORS: list[Callable[[bytes, random.Random], bytes]] = [
    break_xref_offsets, drop_object, duplicate_object, corrupt_stream_length,
    mangle_filter, swap_numbers]
MUTATORS = BYTE_MUTATORS + STRUCTURE_MUTATORS


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, list[str]]:
    """One to three random mutations of ``data``; returns the bytes and their names."""
    names = []
    for _ in range(rng.randint(1, 3)):
        mutator = rng.choice(MUTATORS)
        data = mutator(data, rng) or data
        names.append(mutator.__name__)
    return data, names


def fuzz_corpus(samples: list[Path], out: Path, count: int, seed: int) -> list[Path]:
    """Write ``count`` mutated copies of ``samples`` into ``out``, seeded; returns them.

    Half of them mutate the uncompressed form of a sample too (content streams inflated
    first), so structural mutations reach the page contents and not just the zlib data.
    """
    rng = random.Random(seed)
    originals = [p.read_bytes() for p in samples]
    inflated = [inflate_streams(b) for b in originals]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for n in range(count):
        i = rng.randrange(len(samples))
        base = inflated[i] if rng.random() < 0.5 else originals[i]
        data, names = mutate(base, rng)
        path = out / f"{n:05d}-{samples[i].stem[:24]}-{'+'.join(names)}.pdf"
        path.write_bytes(data)
        written.append(path)
    return written


_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
_STREAM = re.compile(rb"^(<<.*>>)\s*stream\r?\n(.*?)\r?\n?endstream$", re.S)


def inflate_streams(pdf: bytes) -> bytes:
    """The same PDF with its FlateDecode streams stored uncompressed and a fresh xref,
    so that mutations hit page contents and fonts rather than zlib data.  Files this
    cannot take apart (object streams, a damaged layout) come back unchanged."""
    objects: dict[int, bytes] = {}
    for m in _OBJECT.finditer(pdf):
        body = m.group(2)
        s = _STREAM.match(body)
        filters = re.search(rb"/Filter\s*(\[\s*/ASCII85Decode\s*/FlateDecode\s*\]|/FlateDecode)",
                            s.group(1)) if s else None
        if filters:
            data = s.group(2)
            try:
                if b"ASCII85" in filters.group(1):
                    data = base64.a85decode(data.strip().removesuffix(b"~>"))
                data = zlib.decompress(data)
            except (ValueError, zlib.error):
                data = None
            if data is not None:
                head = s.group(1).replace(filters.group(0), b"")
                head = re.sub(rb"/Length \d+", b"/Length %d" % len(data), head)
                body = head + b"\nstream\n" + data + b"\nendstream"
        objects[int(m.group(1))] = body
    root = re.search(rb"/Root (\d+) 0 R", pdf)
    if not objects or not root:
        return pdf
    info = re.search(rb"/Info (\d+) 0 R", pdf)
    listed = [objects.get(n, b"null") for n in range(1, max(objects) + 1)]
    return raw_pdf(listed, root=int(root.group(1)),
                   trailer_extra=b"/Info %s 0 R " % info.group(1) if info else b"")

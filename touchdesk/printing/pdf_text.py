"""Make text copied out of our PDFs the text we printed: 田 and not the radical ⽥.

Qt's PDF writer says which characters each glyph stands for (the font's ToUnicode map) by
asking the font which code points draw it, and keeps the lowest. Noto Sans CJK draws the
Kangxi radical U+2F65 and the ideograph 田 U+7530 with one glyph, so 山田 pasted from a PDF
came out as ⼭⽥ (and a search for 山田 found nothing). This rewrites those maps to the
everyday character (the radical's compatibility form), by an incremental update appended
to the file: the bytes Qt wrote stay as they were.
"""

from __future__ import annotations

import re
import unicodedata

_TO_UNICODE = re.compile(rb"/ToUnicode (\d+) 0 R")
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_RANGE = re.compile(rb"^<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>$")


def _needs_fix(code: int) -> bool:
    """Characters a glyph is shared with that nobody types: radicals and ligature forms."""
    return (0x2E80 <= code <= 0x2FDF or 0xFB00 <= code <= 0xFB06) and unicodedata.normalize(
        "NFKC", chr(code)
    ) != chr(code)


def _utf16_hex(text: str) -> bytes:
    return text.encode("utf-16-be").hex().upper().encode()


def _fixed_hex(match: re.Match[bytes]) -> bytes:
    digits = match.group(1)
    if len(digits) != 4:
        return match.group(0)
    code = int(digits, 16)
    if not _needs_fix(code):
        return match.group(0)
    return b"<" + _utf16_hex(unicodedata.normalize("NFKC", chr(code))) + b">"


def fix_cmap(cmap: bytes) -> bytes:
    """The same ToUnicode CMap with radicals and ligature forms mapped to what they stand for."""
    out = []
    section = b""
    for line in cmap.split(b"\n"):
        stripped = line.strip()
        if stripped.endswith((b"beginbfrange", b"beginbfchar")):
            section = stripped.split()[-1]
        elif stripped.startswith(b"end"):
            section = b""
        elif section == b"beginbfrange" and (found := _RANGE.match(stripped)):
            first, last, start = (int(part, 16) for part in found.groups())
            codes = range(start, start + last - first + 1)
            if len(found.group(3)) == 4 and any(_needs_fix(code) for code in codes):
                # A run of consecutive code points: spelled out, each one fixed.
                items = b" ".join(_fixed_hex(_HEX.match(b"<%04X>" % code)) for code in codes)
                line = b"<%s> <%s> [%s]" % (found.group(1), found.group(2), items)
        elif section == b"beginbfrange" and b"[" in stripped:
            head, _, body = line.partition(b"[")
            line = head + b"[" + _HEX.sub(_fixed_hex, body)
        elif section == b"beginbfchar":
            parts = stripped.split(b" ", 1)
            if len(parts) == 2:
                line = parts[0] + b" " + _HEX.sub(_fixed_hex, parts[1])
        out.append(line)
    return b"\n".join(out)


def _object(pdf: bytes, number: int) -> tuple[bytes, bytes] | None:
    """(dictionary, stream data) of an uncompressed stream object, as Qt writes ToUnicode."""
    found = re.search(rb"(?:^|\n)%d 0 obj\s*(<<.*?>>)\s*stream\r?\n" % number, pdf, flags=re.DOTALL)
    if found is None or b"/Filter" in found.group(1):
        return None
    length = re.search(rb"/Length (\d+)\s*>>", found.group(1))
    if length is None:
        return None
    start = found.end()
    return found.group(1), pdf[start : start + int(length.group(1))]


def readable_text(pdf: bytes) -> bytes:
    """The PDF with every ToUnicode map fixed (see the module docstring); unchanged if fine."""
    updates: dict[int, bytes] = {}
    for number in sorted({int(n) for n in _TO_UNICODE.findall(pdf)}):
        found = _object(pdf, number)
        if found is None:
            continue
        fixed = fix_cmap(found[1])
        if fixed != found[1]:
            updates[number] = fixed
    trailer = re.search(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", pdf, re.DOTALL)
    if not updates or trailer is None:
        return pdf
    body = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets = {}
    for number, data in updates.items():
        offsets[number] = len(body)
        body += b"%d 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (
            number, len(data), data,
        )  # fmt: skip
    xref = len(body)
    body += b"xref\n"
    for number, offset in offsets.items():
        body += b"%d 1\n%010d 00000 n \n" % (number, offset)
    previous = re.sub(rb"/Prev \d+", b"", trailer.group(1))
    body += b"trailer\n<<%s/Prev %s\n>>\nstartxref\n%d\n%%%%EOF\n" % (
        previous, trailer.group(2), xref,
    )  # fmt: skip
    return bytes(body)

"""Turning a contact file's bytes into text: BOMs, UTF-8, UTF-16, and legacy code pages.

A file that is not UTF-8 is read with each plausible code page, and the reading whose
letters look most like people's names wins (see domain.scripts). A detector alone is a coin
toss on a short file: it read 'José Müller' in cp1252 as Baltic 'Josķ M³ller'.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from touchdesk.domain.scripts import naturalness
from touchdesk.formats.contact_rows import ImportProblem

# Tried on every file that is not UTF-8, besides the detector's guesses: the Windows pages
# of Western, Central European, Cyrillic, Greek, Turkish and Baltic letters, and the DOS and
# Unix Cyrillic and DOS Western pages older exports use.
COMMON = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "koi8-r", "cp866", "cp850")

LABELS = {
    "utf-8": "Unicode (UTF-8)",
    "utf-8-sig": "Unicode (UTF-8 with BOM)",
    "utf-16": "Unicode (UTF-16)",
    "utf-16-le": "Unicode (UTF-16 LE)",
    "utf-16-be": "Unicode (UTF-16 BE)",
    "utf-32": "Unicode (UTF-32)",
    "cp1252": "Western European (Windows-1252)",
    "cp1250": "Central European (Windows-1250)",
    "cp1251": "Cyrillic (Windows-1251)",
    "cp1253": "Greek (Windows-1253)",
    "cp1254": "Turkish (Windows-1254)",
    "cp1257": "Baltic (Windows-1257)",
    "koi8-r": "Cyrillic (KOI8-R)",
    "cp866": "Cyrillic (DOS 866)",
    "cp850": "Western European (DOS 850)",
}

# The detector's guesses worth trying: pages people's files are really written in (it also
# offers DOS Arabic or Urdu for two Russian words, and wins on them by chance).
_USED = set(COMMON) | {
    "latin-1", "iso8859-2", "iso8859-5", "iso8859-7", "iso8859-9", "iso8859-13", "iso8859-15",
    "iso8859-16", "mac-roman", "mac-cyrillic", "koi8-u", "cp852", "cp437", "cp1255", "cp1256",
    "cp1258", "cp874", "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp932", "shift_jis",
    "euc_jp", "euc_kr", "cp949", "cp950",
}  # fmt: skip

# Lines holding a non-ASCII byte are the only ones where code pages differ.
_HIGH_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*")
_SAMPLE_LINES, _SAMPLE_BYTES = 2000, 65_536


@dataclass(frozen=True)
class Decoded:
    """A file's text, the encoding it was read with, and what else would read it."""

    text: str
    encoding: str
    # Encodings that read the whole file, likeliest first (the chosen one included).
    candidates: tuple[str, ...]
    # Chosen by how natural the letters look, not by a BOM or valid UTF-8.
    guessed: bool = False


def label(encoding: str) -> str:
    """'cp1250' -> 'Central European (Windows-1250)'; an unknown name as it is."""
    return LABELS.get(encoding, encoding)


def canonical(name: str) -> str:
    """Python's own name for an encoding ('windows-1252' -> 'cp1252'); ImportProblem if none."""
    try:
        found = codecs.lookup(name.strip()).name
    except (LookupError, ValueError) as error:
        raise ImportProblem(
            f"'{name}' is not an encoding TouchDesk knows (try utf-8, cp1252, cp1250 or cp1251)."
        ) from error
    return {"utf-8": "utf-8", "iso8859-1": "latin-1"}.get(found, found)


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _readable(data: bytes, name: str) -> str | None:
    try:
        return data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_as(data: bytes, encoding: str) -> Decoded:
    """The file read with the encoding the seller chose; ImportProblem when it does not fit."""
    name = canonical(encoding)
    if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        name = "utf-8-sig"  # the BOM is not part of the first header
    try:
        text = data.decode(name)
    except UnicodeDecodeError as error:
        raise ImportProblem(
            f"The file cannot be read as {label(name)}: byte 0x{data[error.start]:02X} "
            "is not a character there.",
            _line_of(data, error.start),
        ) from error
    return Decoded(text, name, (name, *(c for c in _others(data) if c != name)))


def _others(data: bytes) -> list[str]:
    return [name for name in COMMON if _readable(data, name) is not None]


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding name) for a contact file's bytes; ImportProblem when it is not text."""
    decoded = read_text(data, encoding)
    return decoded.text, decoded.encoding


def read_text(data: bytes, encoding: str | None = None) -> Decoded:
    """The file's text, read with `encoding` or with the likeliest one."""
    if encoding:
        return decode_as(data, encoding)
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return Decoded(data.decode(name), name, (name,))
            except UnicodeDecodeError as error:
                raise ImportProblem(
                    f"The file says it is {name} but is not.", _line_of(data, error.start)
                ) from error
    head = data[:4096]
    if b"\x00" in head:
        # UTF-16 without a BOM puts a NUL beside every ASCII letter; anything else is binary.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        name = "utf-16-le" if odd > len(head) // 3 else "utf-16-be" if even > len(head) // 3 else ""
        if name:
            try:
                return Decoded(data.decode(name), name, (name,))
            except UnicodeDecodeError:
                pass
        raise ImportProblem("This is not a text file (it looks like a program or a picture).")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", ("utf-8", *_others(data)))
    except UnicodeDecodeError as error:
        utf8_error = error
    ranked = rank_encodings(data)
    if not ranked:
        raise ImportProblem(
            "The file's characters cannot be read (save it as UTF-8 and try again).",
            _line_of(data, utf8_error.start),
        )
    best = ranked[0]
    text = _readable(data, best)
    assert text is not None  # rank_encodings keeps only encodings that read the whole file
    return Decoded(text, best, tuple(ranked), guessed=True)


def rank_encodings(data: bytes) -> list[str]:
    """Encodings that read all of `data`, the most natural reading first.

    Candidates are the common legacy pages and the detector's guesses. On a tie the common
    pages go first in their order (Western, the commonest, first), then the detector's.
    """
    guesses = _guess_encodings(data)
    names: list[str] = []
    for name in (*COMMON, *guesses):
        try:
            name = canonical(name)
        except ImportProblem:
            continue
        if name not in names and name in _USED:
            names.append(name)
    sample = b"\n".join(_HIGH_LINE.findall(data[: _SAMPLE_BYTES * 4])[:_SAMPLE_LINES])
    sample = sample[:_SAMPLE_BYTES].rsplit(b"\n", 1)[0] if len(sample) > _SAMPLE_BYTES else sample
    scored: list[tuple[int, int, str]] = []
    for order, name in enumerate(names):
        if _readable(data, name) is None:
            continue
        text = _readable(sample, name)
        scored.append((naturalness(text) if text is not None else -(10**9), -order, name))
    scored.sort(reverse=True)
    return [name for _, _, name in scored]


def _guess_encodings(data: bytes) -> list[str]:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: without it the common pages are still tried
        return []
    return [match.encoding for match in from_bytes(data[:200_000])]


# -- files too large to hold -----------------------------------------------------------------

# A file is decided from its first megabyte and then checked whole, a megabyte at a time: a
# 200 MB export held as bytes and again as text (and once more per encoding tried) took
# gigabytes.
HEAD_BYTES = 1 << 20
CHUNK_BYTES = 1 << 20


def _fitting(path: Path, names: Sequence[str]) -> dict[str, tuple[int, int] | None]:
    """Each encoding -> None when it reads the whole file, else (byte, line) of the first
    byte it cannot read. One pass over the file whatever the number of encodings."""
    decoders = {name: codecs.getincrementaldecoder(name)() for name in dict.fromkeys(names)}
    failed: dict[str, tuple[int, int] | None] = {}
    lines = 0
    with path.open("rb") as stream:
        while decoders:
            chunk = stream.read(CHUNK_BYTES)
            final = not chunk
            for name, decoder in list(decoders.items()):
                try:
                    decoder.decode(chunk, final)
                except UnicodeDecodeError as error:
                    at = max(0, min(error.start, len(chunk) - 1))
                    failed[name] = (
                        chunk[at] if chunk else 0,
                        lines + chunk.count(b"\n", 0, at) + 1,
                    )
                    del decoders[name]
            if final:
                break
            lines += chunk.count(b"\n")
    return {name: failed.get(name) for name in names}


def read_file_head(path: Path, encoding: str | None = None) -> tuple[Decoded, bool]:
    """(the file's first part decoded as read_text() decodes a whole file, whether that is
    all of it). The encoding is chosen from the first megabyte; every candidate is then
    checked over the whole file, so one that fails further on is never offered."""
    with path.open("rb") as stream:
        head = stream.read(HEAD_BYTES + 1)
    if len(head) <= HEAD_BYTES:
        return read_text(head, encoding), True
    head = head[:HEAD_BYTES]
    if b"\x00" in head[:4096]:  # UTF-16 or UTF-32: whole code units
        head = head[: len(head) // 4 * 4]
    elif (cut := head.rfind(b"\n")) > 0:  # a whole line: never half a character
        head = head[: cut + 1]
    decoded = read_text(head, encoding)
    fits = _fitting(path, (*decoded.candidates, *(() if encoding else rank_encodings(head))))
    chosen = fits.get(decoded.encoding)
    if chosen is None:
        others = tuple(name for name in decoded.candidates if fits.get(name, 1) is None)
        return Decoded(decoded.text, decoded.encoding, others, decoded.guessed), False
    byte, line = chosen
    if encoding or decoded.encoding not in ("utf-8",):
        raise ImportProblem(
            f"The file cannot be read as {label(decoded.encoding)}: byte 0x{byte:02X} "
            "is not a character there.",
            line,
        )
    # UTF-8 at the start but not further on: a legacy code page after all.
    ranked = tuple(name for name in rank_encodings(head) if fits.get(name, 1) is None)
    if not ranked:
        raise ImportProblem(
            "The file's characters cannot be read (save it as UTF-8 and try again).", line
        )
    text = _readable(head, ranked[0])
    assert text is not None
    return Decoded(text, ranked[0], ranked, guessed=True), False

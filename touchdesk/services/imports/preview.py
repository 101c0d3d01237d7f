"""Reading a contact file and saying what importing it would do, without writing."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from touchdesk.domain.prospects import DuplicateHint
from touchdesk.formats.contact_rows import ImportProblem, ImportRow
from touchdesk.formats.csv_import import ColumnMapping, Field, Layout, open_csv
from touchdesk.formats.vcard import read_vcards
from touchdesk.services import settings
from touchdesk.services.imports.matching import _DuplicateIndex
from touchdesk.store.db import database


@dataclass(frozen=True)
class ImportPreview:
    """What a file holds and what importing it would do; nothing has been written."""

    path: Path
    format: str  # "csv" or "vcard"
    layout: str
    encoding: str
    delimiter: str  # "" for vCard
    headers: tuple[str, ...]
    mapping: dict[str, Field]
    rows: tuple[ImportRow, ...]
    duplicates: dict[int, DuplicateHint]  # line number -> the strongest match
    # CSV only: encodings that read the file, likeliest first; whether the one used was a
    # guess from the letters; the first lines as read with it.
    encodings: tuple[str, ...] = ()
    guessed: bool = False
    sample: tuple[str, ...] = ()

    @property
    def importable(self) -> int:
        return sum(1 for row in self.rows if not row.skipped)

    @property
    def skipped(self) -> int:
        return sum(1 for row in self.rows if row.skipped)

    @property
    def with_problems(self) -> int:
        return sum(1 for row in self.rows if row.problems and not row.skipped)


def _kind_of(path: Path, data: bytes, format: str) -> str:
    if format in ("csv", "vcard"):
        return format
    if format != "auto":
        raise ImportProblem(f"Unknown format '{format}': use auto, csv or vcard.")
    if path.suffix.casefold() in (".vcf", ".vcard") or data.lstrip(b"\xef\xbb\xbf \r\n")[
        :11
    ].upper().startswith(b"BEGIN:VCARD"):
        return "vcard"
    return "csv"


def _read(path: Path) -> bytes:
    # A named pipe or a device would be read for ever (or until someone writes to it).
    if path.exists() and not path.is_file() and not path.is_dir():
        raise ImportProblem(
            f"{path} is not a regular file (a named pipe or a device): import a saved file."
        )
    try:
        return path.read_bytes()
    except OSError as error:
        raise ImportProblem(f"The file cannot be opened: {error.strerror or error}.") from error


def preview_file(
    path: Path | str,
    format: str = "auto",
    mapping: ColumnMapping | None = None,
    encoding: str | None = None,
) -> ImportPreview:
    """Read a contact file and match it against the prospects already here (no writes).

    `encoding` reads a CSV with that encoding instead of the likeliest one."""
    path = Path(path)
    data = _read(path)
    kind = _kind_of(path, data, format)
    with database.atomic():
        home = settings.get("home_country")
        index = _DuplicateIndex.load(home)
    extra: tuple[tuple[str, ...], bool, tuple[str, ...]] = ((), False, ())
    if kind == "vcard":
        rows = tuple(read_vcards(data, home))
        layout, encoding, delimiter, headers, used = "vCard", "", "", (), {}
    else:
        opened = open_csv(data, encoding)
        used = dict(mapping) if mapping is not None else opened.mapping()
        rows = tuple(opened.rows(used, home))
        layout, encoding = opened.layout.value, opened.encoding
        delimiter, headers = opened.delimiter, opened.headers
        extra = (opened.encodings, opened.guessed, tuple(opened.sample_lines()))
    duplicates: dict[int, DuplicateHint] = {}
    for row in rows:
        if row.skipped:
            continue
        hint = index.match(row)
        if hint is not None:
            duplicates[row.line_number] = hint
        # Rows of the same file are matched too, under a stand-in id (minus the line number).
        index.add(-row.line_number, row, f"line {row.line_number} of this file")
    return ImportPreview(
        path, kind, layout, encoding, delimiter, headers, used, rows, duplicates, *extra
    )


def mapped_sample(
    path: Path | str, mapping: ColumnMapping, count: int = 20, encoding: str | None = None
) -> list[ImportRow]:
    """The first rows of a CSV under a mapping the seller is still choosing (no writes)."""
    with database.atomic():
        home = settings.get("home_country")
    return list(islice(open_csv(_read(Path(path)), encoding).rows(mapping, home), count))


def is_known_layout(preview: ImportPreview) -> bool:
    return preview.format == "vcard" or preview.layout != Layout.OTHER.value

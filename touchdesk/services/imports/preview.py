"""Reading a contact file and saying what importing it would do, without writing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from touchdesk.domain.prospects import DuplicateHint
from touchdesk.formats.contact_rows import ImportProblem, ImportRow
from touchdesk.formats.csv_import import ColumnMapping, CsvFile, Field, Layout, open_csv_file
from touchdesk.formats.vcard import read_vcards
from touchdesk.services import settings
from touchdesk.services.bulk_read import fewer_collections
from touchdesk.services.imports.mapping import starting_mapping
from touchdesk.services.imports.matching import _DuplicateIndex
from touchdesk.store.db import CommitWatch, database

# The rows a preview keeps to show: the first ones, and the first of those with something to
# say (skipped, a problem, a possible duplicate). The rest are counted and read again from the
# file when imported: a 200 MB file held as rows took gigabytes.
SHOWN_ROWS = 500
NOTED_ROWS = 2000
# A file of up to this many rows keeps them from the preview for the import (reading and
# checking them again would double its time); a larger one is read again.
KEPT_ROWS = 20_000
# The desk's matching index is kept for the import too (it is not read again) up to this many
# prospects: some 0.7 MB for a thousand, held while the seller reviews the preview.
KEPT_DESK = 50_000


class PreviewRows:
    """Every row of a previewed file, read again from it each time it is gone through."""

    def __init__(
        self,
        read: Callable[[], Iterator[ImportRow]],
        count: int,
        kept: list[ImportRow] | None = None,
        matched: tuple[frozenset[int], CommitWatch, _DuplicateIndex | None] | None = None,
    ) -> None:
        self._read = read
        self._count = count
        self._kept = kept
        self._matched = matched

    def trusted_matching(self) -> tuple[frozenset[int], _DuplicateIndex | None] | None:
        """The positions of the rows the preview found a possible duplicate for, when every
        other row is known to match nothing: these are the very rows previewed, no comparison
        was cut short, and nothing was committed to the database since the preview read it.
        With them, the index of the desk as the preview read it, to copy() and match against
        (None for a desk too large to keep: then it is read again).
        None otherwise: then every row must be matched again, against the desk read again.
        Asked once (inside the import's transaction, which keeps other writers out); after
        that always None."""
        if self._matched is None or self._kept is None:
            return None
        positions, watch, desk = self._matched
        self._matched = None
        try:
            return (positions, desk) if watch.unchanged() else None
        finally:
            watch.close()

    def matched_rows(self) -> frozenset[int] | None:
        """The positions of trusted_matching(), or None (asked once, like it)."""
        trusted = self.trusted_matching()
        return None if trusted is None else trusted[0]

    def __iter__(self) -> Iterator[ImportRow]:
        return iter(self._kept) if self._kept is not None else self._read()

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __getitem__(self, index: int) -> ImportRow:
        """One row by position, read from the start (for a look at the first ones)."""
        if not 0 <= index < self._count:
            raise IndexError(index)
        return next(islice(iter(self), index, None))


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
    rows: PreviewRows  # all of them, streamed from the file
    duplicates: dict[int, DuplicateHint]  # line number -> the strongest match (the first ones)
    # CSV only: encodings that read the file, likeliest first; whether the one used was a
    # guess from the letters; the first lines as read with it.
    encodings: tuple[str, ...] = ()
    guessed: bool = False
    sample: tuple[str, ...] = ()
    importable: int = 0
    skipped: int = 0
    with_problems: int = 0
    duplicate_count: int = 0
    remarked: int = 0  # rows skipped, with a problem or a possible duplicate
    # The first rows, then the first rows with a remark: what the review shows.
    shown: tuple[ImportRow, ...] = ()


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


def _read(path: Path, size: int = -1) -> bytes:
    """The file's bytes (the first `size` of them)."""
    # A named pipe or a device would be read for ever (or until someone writes to it).
    if path.exists() and not path.is_file() and not path.is_dir():
        raise ImportProblem(
            f"{path} is not a regular file (a named pipe or a device): import a saved file."
        )
    try:
        with path.open("rb") as stream:
            return stream.read(size)
    except OSError as error:
        raise ImportProblem(f"The file cannot be opened: {error.strerror or error}.") from error


@fewer_collections()  # the rows kept and the matching index are many small objects
def preview_file(
    path: Path | str,
    format: str = "auto",
    mapping: ColumnMapping | None = None,
    encoding: str | None = None,
    progress: Callable[[int], bool | None] | None = None,
) -> ImportPreview:
    """Read a contact file and match it against the prospects already here (no writes).

    `encoding` reads a CSV with that encoding instead of the likeliest one. The file is read
    a row at a time and only counts and the rows to show are kept, whatever its size.
    Without a `mapping`, a CSV's columns are read as the seller chose last time for files with
    the same headers, or as guessed.
    `progress(rows read)` is called now and then; returning False stops with ImportProblem."""
    path = Path(path)
    kind = _kind_of(path, _read(path, 4096), format)
    extra: tuple[tuple[str, ...], bool, tuple[str, ...]] = ((), False, ())
    read: Callable[[], Iterator[ImportRow]]
    if kind == "vcard":
        data = _read(path)  # vCard files are held whole: a contact card file is small
        read = lambda: iter(read_vcards(data, home))  # noqa: E731
        layout, encoding, delimiter, headers, used = "vCard", "", "", (), {}
    else:
        opened = _open_csv(path, encoding)
        used = (
            dict(mapping)
            if mapping is not None
            else starting_mapping(opened.headers, opened.layout)
        )
        read = lambda: opened.rows(used, home)  # noqa: E731
        layout, encoding = opened.layout.value, opened.encoding
        delimiter, headers = opened.delimiter, opened.headers
        extra = (opened.encodings, opened.guessed, tuple(opened.sample_lines()))
    with database.atomic():
        home = settings.get("home_country")
        index = _DuplicateIndex.load(home, lambda pid: f"line {-pid} of this file")
        # Begun while this transaction keeps writers out: nothing commits in between.
        watch = CommitWatch()
    # The desk alone, before this file's rows are added: the import matches against it again
    # while the watch says nothing changed, instead of reading the whole desk again.
    desk = index.copy() if len(index.loaded) <= KEPT_DESK else None
    duplicates: dict[int, DuplicateHint] = {}
    shown: list[ImportRow] = []
    noted = count = importable = skipped = with_problems = duplicate_count = remarked = 0
    kept: list[ImportRow] | None = []
    matched: list[int] = []  # positions of the rows with a hint
    done = False
    try:
        for count, row in enumerate(read(), start=1):  # noqa: B007 (the count is used after)
            if progress is not None and count % 1000 == 0 and progress(count) is False:
                raise ImportProblem("Reading the file was cancelled.")
            hint = None
            if kept is not None:
                kept.append(row)
                if len(kept) > KEPT_ROWS:
                    kept = None  # a large file: read again when imported
            if row.skipped:
                skipped += 1
            else:
                importable += 1
                with_problems += bool(row.problems)
                # Rows of the same file are matched too, under a stand-in id (minus the line).
                hint = index.match_and_add(-row.line_number, row)
                if hint is not None:
                    if kept is not None:
                        matched.append(count - 1)
                    duplicate_count += 1
                    if len(duplicates) < NOTED_ROWS:
                        duplicates[row.line_number] = hint
            remark = bool(row.skipped or row.problems or hint is not None)
            remarked += remark
            if len(shown) < SHOWN_ROWS:
                shown.append(row)
            elif noted < NOTED_ROWS and remark:
                shown.append(row)
                noted += 1
        done = kept is not None and index.misses_hold
    finally:
        index.close()
        if not done:
            watch.close()
    rows = PreviewRows(read, count, kept, (frozenset(matched), watch, desk) if done else None)
    return ImportPreview(
        path, kind, layout, encoding, delimiter, headers, used, rows,
        duplicates, *extra, importable=importable, skipped=skipped,
        with_problems=with_problems, duplicate_count=duplicate_count, remarked=remarked,
        shown=tuple(shown),
    )  # fmt: skip


def _open_csv(path: Path, encoding: str | None) -> CsvFile:
    try:
        return open_csv_file(path, encoding)
    except OSError as error:
        raise ImportProblem(f"The file cannot be opened: {error.strerror or error}.") from error


def mapped_sample(
    path: Path | str, mapping: ColumnMapping, count: int = 20, encoding: str | None = None
) -> list[ImportRow]:
    """The first rows of a CSV under a mapping the seller is still choosing (no writes)."""
    with database.atomic():
        home = settings.get("home_country")
    return list(islice(_open_csv(Path(path), encoding).rows(mapping, home), count))


def is_known_layout(preview: ImportPreview) -> bool:
    return preview.format == "vcard" or preview.layout != Layout.OTHER.value

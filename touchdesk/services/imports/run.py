"""Writing a previewed file in one cancellable transaction, in batches."""

from __future__ import annotations

import csv
import os
import pickle
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

from touchdesk.domain.contacts import email_key
from touchdesk.domain.prospects import ProspectInput, name_with_company, normalise_tag
from touchdesk.domain.vocabulary import EventKind, ProspectStatus
from touchdesk.files import atomic_writer
from touchdesk.formats.contact_rows import ImportProblem
from touchdesk.formats.csv_export import neutralise
from touchdesk.formats.csv_import import MULTI_SEPARATOR
from touchdesk.services import settings
from touchdesk.services.bulk_read import fewer_collections
from touchdesk.services.changes import Change
from touchdesk.services.imports.matching import _DuplicateIndex
from touchdesk.services.imports.preview import ImportPreview
from touchdesk.services.stages import first_open_stage
from touchdesk.store.bulk import insert_rows, instant, next_id
from touchdesk.store.db import database, utc_now
from touchdesk.store.models import ContactPoint, Prospect, ProspectEvent, ProspectTag

TAG_PREFIX = "import:"
# Rows are written in batches this big: large enough for executemany to pay off, small
# enough that a cancel or a progress report is never far away.
BATCH = 500
# Progress at least ten times a second, as the brief asks, but not per row (it costs).
PROGRESS_INTERVAL = 0.05


class DuplicatePolicy(StrEnum):
    SKIP = "skip"  # leave the existing prospect alone; the row is reported as skipped
    MERGE = "merge"  # add the row's emails, phones and tags to it; fill its blank fields
    IMPORT = "import"  # import anyway: the seller will merge by hand


@dataclass(frozen=True)
class SkippedRow:
    line_number: int
    reason: str
    prospect: ProspectInput


class SkippedRows:
    """The rows an import skipped, in file order. The first thousand are kept; the rest wait
    in an anonymous temporary file (gone with this object), since re-importing a large file
    skips every row and held them all in memory."""

    KEPT = 1000

    def __init__(self) -> None:
        self._first: list[SkippedRow] = []
        self._spool: IO[bytes] | None = None
        self._count = 0

    def append(self, row: SkippedRow) -> None:
        self._count += 1
        if len(self._first) < self.KEPT:
            self._first.append(row)
            return
        if self._spool is None:
            self._spool = tempfile.TemporaryFile(prefix="touchdesk-skipped-")  # noqa: SIM115
        self._spool.seek(0, os.SEEK_END)
        pickle.dump(row, self._spool)  # our own rows, read back only by this object

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[SkippedRow]:
        yield from self._first
        if self._spool is not None:
            self._spool.seek(0)
            for _ in range(self._count - len(self._first)):
                yield pickle.load(self._spool)  # noqa: S301

    def __getitem__(self, index: int) -> SkippedRow:
        if 0 <= index < len(self._first):
            return self._first[index]
        if not 0 <= index < self._count:
            raise IndexError(index)
        return next(islice(iter(self), index, None))


@dataclass(frozen=True)
class ImportSummary:
    file_name: str
    tag: str
    imported: int = 0
    merged: int = 0
    duplicates_imported: int = 0
    skipped: SkippedRows | tuple[SkippedRow, ...] = ()
    problems: int = 0  # imported rows that carried a problem (e.g. an unparseable phone)
    cancelled: bool = False
    seconds: float = 0.0
    change: Change = Change.NOTHING
    policy: DuplicatePolicy = DuplicatePolicy.SKIP  # what the seller chose for duplicates
    duplicates_skipped: int = 0  # of the skipped rows, those that matched a prospect

    def lines(self) -> list[str]:
        """What the import did, in the seller's words, following the duplicate choice made."""
        rows = len(self.skipped) - self.duplicates_skipped
        lines = [f"{self.imported:,} prospects imported ({self.seconds:.1f} s)."]
        if not (self.duplicates_skipped or self.merged or self.duplicates_imported):
            lines.append("No possible duplicates of prospects already here.")
        elif self.policy is DuplicatePolicy.SKIP:
            lines.append(
                f"{self.duplicates_skipped:,} possible duplicates skipped, as you chose: "
                "the prospects already here were left as they were."
            )
        elif self.policy is DuplicatePolicy.MERGE:
            lines.append(
                f"{self.merged:,} possible duplicates merged, as you chose: their new emails, "
                "phones and tags were added to the prospects already here."
            )
        else:
            lines.append(
                f"{self.duplicates_imported:,} possible duplicates imported anyway, as you "
                "chose: Prospects → Find duplicates puts them side by side to merge."
            )
        lines.append(f"{rows:,} rows skipped (no name, company or email).")
        if self.imported:
            lines.append(f"The new prospects carry the tag “{self.tag}”.")
        return lines


class ImportCancelled(Exception):
    """Raised inside the transaction so that it rolls back; never leaves the service."""


def _local_now(now: datetime) -> datetime:
    try:
        return now.astimezone(ZoneInfo(settings.get("time_zone")))
    except (KeyError, ValueError):
        return now


def _new_tag(now: datetime, file_name: str) -> str:
    # A comma would split the tag in two wherever tags are typed as a list.
    base = normalise_tag(
        f"{TAG_PREFIX}{_local_now(now):%Y-%m-%d %H:%M} {file_name}".replace(",", " ")
    )
    tag, count = base, 1
    while ProspectTag.select().where(ProspectTag.tag == tag).exists():
        count += 1
        tag = f"{base} ({count})"
    return tag


def _first_open_stage() -> int:
    stage = first_open_stage()
    if stage is None:
        raise ImportProblem("There is no open stage to put imported prospects in.")
    return stage


_PROSPECT_COLUMNS = (
    "id", "first_name", "last_name", "company", "role", "street", "street2", "city", "region",
    "postal_code", "country_code", "time_zone", "source", "stage_id", "status", "notes",
    "created_at", "updated_at",
)  # fmt: skip
# Raw inserts skip peewee's Python-side defaults: columns added later (lost_reason, counters)
# get them from the model, so a new NOT NULL column never breaks imports.
_PROSPECT_DEFAULTS = tuple(
    (field.column_name, field.default)
    for field in Prospect._meta.sorted_fields
    if field.column_name not in _PROSPECT_COLUMNS
    and field.default is not None
    and not callable(field.default)
)
_PROSPECT_ALL_COLUMNS = _PROSPECT_COLUMNS + tuple(name for name, _ in _PROSPECT_DEFAULTS)
_DEFAULT_VALUES = tuple(value for _, value in _PROSPECT_DEFAULTS)


# Each prospect of a batch (ids from ? to ?) gets the import's tag and its 'created' event.
_TAG_EACH = (
    f'INSERT INTO "{ProspectTag._meta.table_name}" ("prospect_id", "tag")'
    f' SELECT "id", ? FROM "{Prospect._meta.table_name}" WHERE "id" BETWEEN ? AND ?'
)
_CREATED_EACH = (
    f'INSERT INTO "{ProspectEvent._meta.table_name}" ("prospect_id", "kind", "occurred_at",'
    f' "detail") SELECT "id", ?, ?, ? FROM "{Prospect._meta.table_name}"'
    ' WHERE "id" BETWEEN ? AND ? ORDER BY "id"'
)

# Read once: an enum member's value is looked up through a descriptor, and every row needs both.
_ACTIVE, _CREATED = ProspectStatus.ACTIVE.value, EventKind.CREATED.value


class _Writer:
    """Collects rows for the batch inserts and writes them when a batch is full."""

    def __init__(self, stage_id: int, stamp: str, tag: str, detail: str) -> None:
        self.stage_id, self.stamp, self.tag, self.detail = stage_id, stamp, tag, detail
        self.prospects: list[tuple] = []
        self.points: list[tuple] = []
        self.tags: list[tuple] = []
        # A file's rows repeat their tags ('clients', 'lead'): each row's tags, as written, are
        # normalised, told apart and sorted once.
        self._tag_keys: dict[tuple[str, ...], list[str]] = {}

    def _tag_keys_of(self, tags: tuple[str, ...]) -> list[str]:
        """The row's tags as stored, each once, sorted, without the import's own tag (which
        flush() gives every prospect)."""
        found = self._tag_keys.get(tags)
        if found is None:
            if len(self._tag_keys) > 10_000:
                self._tag_keys.clear()  # a file of distinct tags: keep the memory flat
            keys = {normalise_tag(tag) for tag in tags if tag.strip()}
            keys.discard(self.tag)
            found = self._tag_keys[tags] = sorted(keys)
        return found

    def add(self, prospect_id: int, data: ProspectInput, phones: Sequence[str]) -> None:
        self.prospects.append((
            prospect_id, data.first_name, data.last_name, data.company, data.role,
            data.street, data.street2, data.city, data.region, data.postal_code,
            data.country_code.upper(), data.time_zone, data.source, self.stage_id,
            _ACTIVE, data.notes, self.stamp, self.stamp, *_DEFAULT_VALUES,
        ))  # fmt: skip
        emails, points = data.emails, self.points
        if len(emails) < 2 and len(phones) < 2:  # most rows: nothing to compare but the two
            key = ""
            if emails:
                key = email_key(emails[0])
                points.append((prospect_id, "email", "", emails[0], 0))
            if phones and (value := phones[0]) and value != key:
                points.append((prospect_id, "phone", "", value, 0))
        else:
            seen: set[str] = set()
            position = 0
            for email in emails:
                if (key := email_key(email)) not in seen:
                    seen.add(key)
                    points.append((prospect_id, "email", "", email, position))
                    position += 1
            position = 0
            for value in phones:
                if value and value not in seen:
                    seen.add(value)
                    points.append((prospect_id, "phone", "", value, position))
                    position += 1
        if data.tags:
            self.tags.extend([(prospect_id, tag) for tag in self._tag_keys_of(data.tags)])

    def __len__(self) -> int:
        return len(self.prospects)

    def name_of(self, prospect_id: int) -> str:
        """The name of a prospect this import wrote or is about to write."""
        for row in self.prospects:
            if row[0] == prospect_id:
                return name_with_company(row[1], row[2], row[3])
        found = (
            Prospect.select(Prospect.first_name, Prospect.last_name, Prospect.company)
            .where(Prospect.id == prospect_id)
            .tuples()
            .first()
        )
        return name_with_company(*found) if found else ""

    def flush(self) -> None:
        if self.prospects:
            insert_rows(Prospect, _PROSPECT_ALL_COLUMNS, self.prospects)
        if self.points:
            insert_rows(
                ContactPoint, ("prospect_id", "kind", "label", "value", "position"), self.points
            )
        if self.tags:
            insert_rows(ProspectTag, ("prospect_id", "tag"), self.tags)
        if self.prospects:
            # The import's own tag and the 'created' event are the same for every prospect
            # of the batch (its ids run on, one by one): one statement each, not a row each.
            first, last = self.prospects[0][0], self.prospects[-1][0]
            connection = database.connection()
            connection.execute(_TAG_EACH, (self.tag, first, last))
            connection.execute(_CREATED_EACH, (_CREATED, self.stamp, self.detail, first, last))
        self.prospects, self.points, self.tags = [], [], []


def _merge(prospect_id: int, data: ProspectInput, phones: Sequence[str], now: datetime) -> None:
    """Add what the row knows that the existing prospect lacks; never overwrite."""
    row = Prospect.get_by_id(prospect_id)
    blanks = {}
    for name in ("company", "role", "street", "street2", "city", "region", "postal_code",
                 "country_code", "time_zone", "source"):  # fmt: skip
        if not getattr(row, name) and getattr(data, name):
            blanks[name] = getattr(data, name)
    if data.notes and data.notes not in row.notes:
        blanks["notes"] = f"{row.notes}\n{data.notes}".strip()
    existing = list(
        ContactPoint.select(ContactPoint.kind, ContactPoint.value, ContactPoint.position)
        .where(ContactPoint.prospect == prospect_id)
        .tuples()
    )
    keys = {email_key(value) if kind == "email" else value for kind, value, _ in existing}
    positions = {"email": 0, "phone": 0}
    for kind, _, position in existing:
        positions[kind] = max(positions.get(kind, 0), position + 1)
    new_points = []
    for kind, values in (("email", data.emails), ("phone", phones)):
        for value in values:
            stored = email_key(value) if kind == "email" else value
            if stored and stored not in keys:
                keys.add(stored)
                kept = value if kind == "email" else stored
                new_points.append((prospect_id, kind, "", kept, positions[kind]))
                positions[kind] += 1
    if new_points:
        insert_rows(ContactPoint, ("prospect_id", "kind", "label", "value", "position"), new_points)
    have = {
        tag for (tag,) in ProspectTag.select(ProspectTag.tag)
        .where(ProspectTag.prospect == prospect_id).tuples()
    }  # fmt: skip
    new_tags = {normalise_tag(tag) for tag in data.tags if tag.strip()} - have
    if new_tags:
        insert_rows(ProspectTag, ("prospect_id", "tag"), [(prospect_id, t) for t in new_tags])
    if blanks or new_points or new_tags:
        Prospect.update(**blanks, updated_at=now).where(Prospect.id == prospect_id).execute()


@fewer_collections()  # a prospect, its contacts and tags as rows, and the matching index
def run_import(
    preview: ImportPreview,
    progress: Callable[[int, int], bool | None] | None = None,
    on_duplicate: DuplicatePolicy = DuplicatePolicy.SKIP,
    now: datetime | None = None,
) -> ImportSummary:
    """Write the previewed rows in one transaction.

    `progress(done, total)` is called at least ten times a second; returning False cancels,
    and the transaction is rolled back: nothing of the import is left behind. Each imported
    prospect is tagged `import:<YYYY-MM-DD HH:MM> <file name>`, so undo_import() finds them.
    """
    started = time.perf_counter()
    now = now or utc_now()
    total = len(preview.rows)
    file_name = preview.path.name
    skipped = SkippedRows()
    imported = merged = duplicates_imported = duplicates_skipped = problems = 0
    index: _DuplicateIndex | None = None
    try:
        with database.atomic():
            home = settings.get("home_country")
            tag = _new_tag(now, file_name)
            writer = _Writer(_first_open_stage(), instant(now), tag, f"Imported from {file_name}")
            next_prospect = next_id(Prospect)
            # Asked inside this transaction: no other writer can commit until it ends.
            trusted = preview.rows.trusted_matching()
            if trusted is not None and trusted[1] is not None and trusted[1].home != home:
                trusted = None  # phones would be stored, and so matched, otherwise
            matched = None if trusted is None else trusted[0]
            if trusted is None:
                index = _DuplicateIndex.load(home, writer.name_of)
            else:
                # The desk is as previewed: a row the preview matched with nothing matches
                # nothing now either (the same desk, the same or fewer rows before it). Only
                # the rows it matched are matched again, against the rows written before them,
                # and against the desk as the preview read it (copied: this import adds to it),
                # or, when the preview kept none, as read at the first of them.
                index = _DuplicateIndex.deferred(home, writer.name_of, trusted[1])
            # Rows after the last one to match again are never looked for: not indexed.
            last_matched = len(preview.rows) if matched is None else max(matched, default=-1)
            first_pending = next_prospect
            last_report = time.perf_counter()
            for done, row in enumerate(preview.rows):
                if progress is not None and time.perf_counter() - last_report >= PROGRESS_INTERVAL:
                    last_report = time.perf_counter()
                    if progress(done, total) is False:
                        raise ImportCancelled
                if row.skipped:
                    skipped.append(
                        SkippedRow(row.line_number, row.skipped_reason or "", row.prospect)
                    )
                    continue
                hint = index.match(row) if matched is None or done in matched else None
                if hint is not None and on_duplicate is DuplicatePolicy.SKIP:
                    skipped.append(SkippedRow(row.line_number, hint.message(), row.prospect))
                    duplicates_skipped += 1
                    continue
                if hint is not None and on_duplicate is DuplicatePolicy.MERGE:
                    if hint.prospect_id >= first_pending:
                        writer.flush()  # the match is an earlier row of this file
                        first_pending = next_prospect
                    _merge(hint.prospect_id, row.prospect, index.phones_of(row), now)
                    if done < last_matched:
                        index.add(hint.prospect_id, row, hint.name)
                    merged += 1
                    continue
                duplicates_imported += hint is not None
                writer.add(next_prospect, row.prospect, index.phones_of(row))
                if done < last_matched:
                    index.add(next_prospect, row)
                next_prospect += 1
                imported += 1
                problems += bool(row.problems)
                if len(writer) >= BATCH:
                    writer.flush()
                    first_pending = next_prospect
                    # Each batch written is reported too: an import faster than the clock
                    # still says how far it got, and a cancel is heard within a batch.
                    if progress is not None:
                        last_report = time.perf_counter()
                        if progress(done + 1, total) is False:
                            raise ImportCancelled
            writer.flush()
            if progress is not None and progress(total, total) is False:
                raise ImportCancelled
    except ImportCancelled:
        return ImportSummary(
            file_name,
            "",
            cancelled=True,
            seconds=time.perf_counter() - started,
            policy=on_duplicate,
        )
    finally:
        if index is not None:
            index.close()
    return ImportSummary(
        file_name,
        tag,
        imported,
        merged,
        duplicates_imported,
        skipped,
        problems,
        seconds=time.perf_counter() - started,
        change=Change.PROSPECTS if imported or merged else Change.NOTHING,
        policy=on_duplicate,
        duplicates_skipped=duplicates_skipped,
    )


def release_thread_connection() -> None:
    """Close the database connection of a worker thread (peewee keeps one per thread)."""
    if threading.current_thread() is not threading.main_thread():
        database.close()


def save_skipped_csv(summary: ImportSummary, path: Path | str) -> int:
    """The skipped rows with their line numbers and reasons, for fixing and importing again."""

    with atomic_writer(path, "utf-8-sig") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(
            ["Line", "Reason", "First Name", "Last Name", "Company", "Emails", "Phones"]
        )
        for row in summary.skipped:
            data = row.prospect
            cells = (
                str(row.line_number), row.reason, data.first_name, data.last_name, data.company,
                MULTI_SEPARATOR.join(data.emails), MULTI_SEPARATOR.join(data.phones),
            )  # fmt: skip
            writer.writerow([neutralise(cell) for cell in cells])
    return len(summary.skipped)

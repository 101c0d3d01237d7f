"""Matching contact rows against the prospects already here, and against earlier rows."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from touchdesk.domain.contacts import email_key, to_storage
from touchdesk.domain.prospects import (
    DuplicateHint,
    DuplicateReason,
    name_with_company,
    similar_names,
)
from touchdesk.formats.contact_rows import ImportRow
from touchdesk.store.db import database
from touchdesk.store.models import ContactPoint, Prospect

# Distinct names compared with each row at its company, at most: a company with thousands of
# contacts is never compared every one with every other (that made the preview quadratic in
# contacts per company). Names sharing the start of a word with the row's come first, as in
# find_pairs(); the same name is always found.
COMPARE_LIMIT = 200


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


@lru_cache(maxsize=1 << 16)
def _alike(a: str, b: str) -> bool:
    return similar_names(a, b)


class _Company:
    """One company's names: each distinct (folded) name once, with its prospects, and the
    names by the start of their first and of their last word.

    Names come in raw and are folded and blocked when a row of the file first names the
    company: most companies of a desk are never named by the file, and most companies of a
    file name no prospect already here.

    An index changes only the companies it owns: one taken over from a copied index is copied
    first (see _DuplicateIndex.copy), so the preview's rows never reach the import's index."""

    __slots__ = ("ids", "blocks", "waiting", "capped", "owner")

    def __init__(self, owner: object) -> None:
        # Made when the names are first settled: a file's own companies mostly never are.
        self.ids: dict[str, list[int]] | None = None
        self.blocks: dict[tuple[bool, str], list[str]] | None = None
        self.waiting: list[tuple[str, str, int]] = []  # (first, last, id), in the order added
        self.capped = False  # a row was compared with COMPARE_LIMIT names and no more
        self.owner = owner  # the token of the index that may change it

    def copy(self, owner: object) -> _Company:
        """The same names in the same order, changed apart from this one from now on."""
        clone = _Company(owner)
        if self.ids is not None and self.blocks is not None:
            clone.ids = {full: ids[:] for full, ids in self.ids.items()}
            clone.blocks = {start: names[:] for start, names in self.blocks.items()}
        clone.waiting = self.waiting[:]
        clone.capped = self.capped
        return clone

    def settle(self) -> None:
        """Fold and block the names waiting, in the order they came."""
        if self.ids is None:
            self.ids, self.blocks = {}, {}
        for first, last, prospect_id in self.waiting:
            self.add(_key(f"{first} {last}"), prospect_id)
        self.waiting.clear()

    def add(self, full: str, prospect_id: int) -> None:
        ids = self.ids.get(full)
        if ids is not None:
            ids.append(prospect_id)
            return
        self.ids[full] = [prospect_id]
        words = full.split()
        if words:
            self.blocks.setdefault((True, words[0][:2]), []).append(full)
            self.blocks.setdefault((False, words[-1][:2]), []).append(full)

    def similar(self, full: str) -> list[tuple[int, DuplicateReason]]:
        if self.waiting or self.ids is None:
            self.settle()
        if not full:  # no name on either side: the same company is all there is to go on
            return [(pid, DuplicateReason.COMPANY) for pid in self.ids.get("", ())]
        found = [(pid, DuplicateReason.NAME_AT_COMPANY) for pid in self.ids.get(full, ())]
        words = full.split()
        blocks = sorted(
            (
                self.blocks.get((True, words[0][:2]), []),
                self.blocks.get((False, words[-1][:2]), []),
            ),
            key=len,
        )
        compared: set[str] = {full}
        for block in blocks:
            for other in block:
                if len(compared) > COMPARE_LIMIT:
                    self.capped = True
                    return found
                if other in compared:
                    continue
                compared.add(other)
                if _alike(full, other):
                    found += [(pid, DuplicateReason.NAME_AT_COMPANY) for pid in self.ids[other]]
        return found


# File rows matched from memory; past this many, their keys go to a scratch SQLite file
# instead (a 200 MB file has a million rows: as Python strings and dicts, half a gigabyte).
SPILL_AFTER = 50_000


class _Spill:
    """The keys of a large file's later rows, in a scratch SQLite file that is deleted after:
    the same lookups as the dictionaries, on disk, with a small page cache."""

    def __init__(self) -> None:
        handle, name = tempfile.mkstemp(prefix="touchdesk-import-", suffix=".sqlite")
        os.close(handle)
        self.path = Path(name)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-4000"):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.execute("CREATE TABLE point (key TEXT PRIMARY KEY, id INTEGER) WITHOUT ROWID")
        self.db.execute(
            "CREATE TABLE name (company TEXT, full TEXT, first2 TEXT, last2 TEXT, id INTEGER)"
        )
        for columns in ("company, full", "company, first2", "company, last2"):
            self.db.execute(f"CREATE INDEX name_{columns[9:]} ON name ({columns})")
        self.db.execute("BEGIN")

    def close(self) -> None:
        self.db.close()
        self.path.unlink(missing_ok=True)

    def point(self, key: str) -> int | None:
        found = self.db.execute("SELECT id FROM point WHERE key = ?", (key,)).fetchone()
        return found[0] if found else None

    def add_point(self, key: str, prospect_id: int) -> None:
        self.db.execute("INSERT OR IGNORE INTO point VALUES (?, ?)", (key, prospect_id))

    def add_name(self, company: str, full: str, prospect_id: int) -> None:
        words = full.split()
        first2, last2 = (words[0][:2], words[-1][:2]) if words else ("", "")
        self.db.execute(
            "INSERT INTO name VALUES (?, ?, ?, ?, ?)", (company, full, first2, last2, prospect_id)
        )

    def _ids(self, company: str, full: str) -> list[int]:
        query = "SELECT id FROM name WHERE company = ? AND full = ?"
        return [pid for (pid,) in self.db.execute(query, (company, full))]

    def similar(self, company: str, full: str) -> list[tuple[int, DuplicateReason]]:
        if not full:
            return [(pid, DuplicateReason.COMPANY) for pid in self._ids(company, "")]
        found = [(pid, DuplicateReason.NAME_AT_COMPANY) for pid in self._ids(company, full)]
        words = full.split()
        others: dict[str, None] = {}
        for column, start in (("first2", words[0][:2]), ("last2", words[-1][:2])):
            query = (
                f"SELECT DISTINCT full FROM name WHERE company = ? AND {column} = ? "
                "AND full <> ? LIMIT ?"
            )
            for (other,) in self.db.execute(query, (company, start, full, COMPARE_LIMIT)):
                others[other] = None
        for other in list(others)[:COMPARE_LIMIT]:
            if _alike(full, other):
                found += [
                    (pid, DuplicateReason.NAME_AT_COMPANY) for pid in self._ids(company, other)
                ]
        return found


class _DuplicateIndex:
    """Every existing prospect's email, phone and name keys, loaded once for a whole file.

    The same rules as find_possible_duplicates() (same email, same phone, a very similar name
    at the same company) without a query per row. Names are compared within a company only;
    without a company an exact full name counts, because comparing each row with every
    company-less prospect would be quadratic.

    Rows of the file are added as they are read, so a row is matched against the rows before
    it too. Kept lean, since a large file adds a million rows: the names of those rows are
    not kept here but asked of `name_of` when a hint needs one.
    """

    def __init__(self, home_country: str, name_of: Callable[[int], str] | None = None) -> None:
        self.home = home_country
        self.emails: dict[str, int] = {}
        self.phones: dict[str, int] = {}
        self.by_company: dict[str, _Company] = {}
        self.by_name: dict[str, int] = {}
        self.names: dict[int, str] = {}
        # The desk's own (first, last, company), named only when a hint shows one.
        self.loaded: dict[int, tuple[str, str, str]] = {}
        self._company_keys: dict[str, str] = {}  # a company's raw text, folded once
        self.trashed: set[int] = set()
        self._name_of = name_of or (lambda prospect_id: "")
        self._phone_cache: dict[str, str] = {}
        self._added = 0  # file rows added
        self._spill: _Spill | None = None
        # Rows added before the desk is read (see deferred()), added after it in order.
        self._waiting: list[tuple[int, ImportRow, str]] | None = None
        self._desk: _DuplicateIndex | None = None  # where deferred() takes the desk from
        self.capped = False  # a comparison was cut short at COMPARE_LIMIT
        # The companies this index may change in place carry this token (see copy()).
        self._token = object()

    @property
    def misses_hold(self) -> bool:
        """Whether each row this index matched with nothing would match nothing against the
        same desk and some of the same rows, added in the same order: so unless a comparison
        was cut short at COMPARE_LIMIT (fewer names may let a farther one be compared)."""
        return not self.capped and self._spill is None

    def close(self) -> None:
        """Delete the scratch file of a large file's keys, if one was needed."""
        if self._spill is not None:
            self._spill.close()
            self._spill = None

    def stored_phone(self, phone: str) -> str:
        cached = self._phone_cache.get(phone)
        if cached is None:
            if len(self._phone_cache) > 10_000:
                self._phone_cache.clear()  # a switchboard repeats; a file of distinct numbers not
            cached = self._phone_cache[phone] = to_storage(phone, self.home)
        return cached

    @classmethod
    def load(
        cls, home_country: str, name_of: Callable[[int], str] | None = None
    ) -> _DuplicateIndex:
        index = cls(home_country, name_of)
        index._load_desk()
        return index

    def copy(self, name_of: Callable[[int], str] | None = None) -> _DuplicateIndex:
        """An index holding what this one holds now, that the two change apart: taken right
        after load(), the desk alone, to match a file again without reading the desk again.

        The lookups are copied; the desk's own names and trash are never changed, so they are
        shared; a company is copied by whichever index first changes it."""
        index = _DuplicateIndex(self.home, name_of)
        index._take(self)
        return index

    def _take(self, other: _DuplicateIndex) -> None:
        if other._waiting is not None or other._added or other._spill is not None:
            raise ValueError("only an index of the desk alone is copied")
        # From now on neither index owns the companies they share: each copies before a change.
        other._token = object()
        self.emails = other.emails.copy()
        self.phones = other.phones.copy()
        self.by_company = other.by_company.copy()
        self.by_name = other.by_name.copy()
        self.names = other.names.copy()
        self.loaded, self.trashed = other.loaded, other.trashed
        self._company_keys = other._company_keys.copy()
        self.capped = other.capped

    @classmethod
    def deferred(
        cls,
        home_country: str,
        name_of: Callable[[int], str] | None = None,
        desk: _DuplicateIndex | None = None,
    ) -> _DuplicateIndex:
        """An index that reads the desk only when a row is first matched (or takes it from
        `desk`, a copy() of an index of the desk alone): the rows added before then wait and
        are added after the desk, in order, as load() would have."""
        index = cls(home_country, name_of)
        index._waiting = []
        index._desk = desk
        return index

    def _settle(self) -> None:
        waiting, self._waiting = self._waiting, None
        desk, self._desk = self._desk, None
        if desk is None:
            self._load_desk()
        else:
            self._take(desk)
        for prospect_id, row, name in waiting or ():
            self.add(prospect_id, row, name)

    def _load_desk(self) -> None:
        # Raw rows (peewee would convert every clock and value): the whole desk is read.
        people = Prospect.select(
            Prospect.id,
            Prospect.first_name,
            Prospect.last_name,
            Prospect.company,
            Prospect.deleted_at,
        )
        add_name, company_key, loaded = self._add_name, self._company_key, self.loaded
        for prospect_id, first, last, company, deleted_at in database.execute(people):
            add_name(prospect_id, first, last, company_key(company))
            loaded[prospect_id] = (first, last, company)
            if deleted_at is not None:
                self.trashed.add(prospect_id)
        points = ContactPoint.select(ContactPoint.prospect, ContactPoint.kind, ContactPoint.value)
        email, phone = self.emails.setdefault, self.phones.setdefault
        for prospect_id, kind, value in database.execute(points):
            if kind == "email":
                email(email_key(value), prospect_id)
            else:
                phone(value, prospect_id)

    def _company_key(self, company: str) -> str:
        found = self._company_keys.get(company)
        if found is None:
            if len(self._company_keys) > 10_000:
                self._company_keys.clear()  # a desk's companies repeat; a file's may not
            found = self._company_keys[company] = _key(company)
        return found

    def _add_name(self, prospect_id: int, first: str, last: str, company_key: str) -> None:
        if company_key:
            names = self.by_company.get(company_key)
            if names is None:
                names = self.by_company[company_key] = _Company(self._token)
            elif names.owner is not self._token:
                names = self.by_company[company_key] = names.copy(self._token)
            names.waiting.append((first, last, prospect_id))
        elif full := _key(f"{first} {last}"):
            self.by_name.setdefault(full, prospect_id)

    def phones_of(self, row: ImportRow) -> tuple[str, ...]:
        if len(row.stored_phones) == len(row.prospect.phones):
            return row.stored_phones
        return tuple(self.stored_phone(phone) for phone in row.prospect.phones)

    def _keys(self, row: ImportRow) -> tuple[list[str], tuple[str, ...], str]:
        """The row's email keys, stored phones and folded company: what it is matched by."""
        data = row.prospect
        emails = [email_key(email) for email in data.emails]
        return emails, self.phones_of(row), self._company_key(data.company)

    def add(self, prospect_id: int, row: ImportRow, name: str = "") -> None:
        if self._waiting is not None:
            self._waiting.append((prospect_id, row, name))
            return
        self._add(prospect_id, row, name, None)

    def match_and_add(self, prospect_id: int, row: ImportRow) -> DuplicateHint | None:
        """match(row), then add(prospect_id, row): the row's keys worked out once for both."""
        if self._waiting is not None:
            self._settle()
        keys = self._keys(row)
        hint = self._match(row, keys)
        self._add(prospect_id, row, "", keys)
        return hint

    def _add(
        self,
        prospect_id: int,
        row: ImportRow,
        name: str,
        keys: tuple[list[str], tuple[str, ...], str] | None,
    ) -> None:
        data = row.prospect
        if name:
            self.names[prospect_id] = name
        self._added += 1
        if self._added > SPILL_AFTER:
            self._add_spilled(prospect_id, row)
            return
        emails, phones, company = keys or self._keys(row)
        self._add_name(prospect_id, data.first_name, data.last_name, company)
        for key in emails:
            self.emails.setdefault(key, prospect_id)
        for phone in phones:
            self.phones.setdefault(phone, prospect_id)

    def _add_spilled(self, prospect_id: int, row: ImportRow) -> None:
        if self._spill is None:
            self._spill = _Spill()
        spill, data = self._spill, row.prospect
        for email in data.emails:
            if (key := email_key(email)) not in self.emails:  # the first one found wins
                spill.add_point(f"e{key}", prospect_id)
        for phone in self.phones_of(row):
            if phone not in self.phones:
                spill.add_point(f"p{phone}", prospect_id)
        full, company = _key(f"{data.first_name} {data.last_name}"), _key(data.company)
        if company:
            spill.add_name(company, full, prospect_id)
        elif full and full not in self.by_name:
            spill.add_point(f"n{full}", prospect_id)

    def _found(self, memory: dict[str, int], key: str, kind: str) -> int | None:
        found = memory.get(key)
        if found is None and self._spill is not None:
            found = self._spill.point(f"{kind}{key}")
        return found

    def match(self, row: ImportRow) -> DuplicateHint | None:
        if self._waiting is not None:
            self._settle()
        return self._match(row, self._keys(row))

    def _match(
        self, row: ImportRow, keys: tuple[list[str], tuple[str, ...], str]
    ) -> DuplicateHint | None:
        data = row.prospect
        emails, phones, company = keys
        reasons: dict[int, list[DuplicateReason]] = {}
        for key in emails:
            if (found := self._found(self.emails, key, "e")) is not None:
                reasons.setdefault(found, []).append(DuplicateReason.EMAIL)
        for phone in phones:
            if (found := self._found(self.phones, phone, "p")) is not None:
                if DuplicateReason.PHONE not in reasons.setdefault(found, []):
                    reasons[found].append(DuplicateReason.PHONE)
        if company:
            names = self.by_company.get(company)
            if names is not None and names.owner is not self._token:
                # Matching settles and may mark it capped: the shared one stays as it was.
                names = self.by_company[company] = names.copy(self._token)
            if names is None and self._spill is None:
                similar = []  # a company new to the desk: its name needs no folding
            else:
                full = _key(f"{data.first_name} {data.last_name}")
                similar = names.similar(full) if names is not None else []
                if names is not None and names.capped:
                    self.capped = True
            if self._spill is not None:
                similar += self._spill.similar(company, full)
            for prospect_id, reason in similar:
                reasons.setdefault(prospect_id, []).append(reason)
        elif (full := _key(f"{data.first_name} {data.last_name}")) and (
            found := self._found(self.by_name, full, "n")
        ) is not None:
            reasons.setdefault(found, []).append(DuplicateReason.NAME)
        if not reasons:
            return None
        best = min(reasons, key=lambda pid: (-len(reasons[pid]), pid in self.trashed, pid))
        name = self.names.get(best)
        if name is None and best in self.loaded:
            name = name_with_company(*self.loaded[best])
        return DuplicateHint(
            best,
            name if name is not None else self._name_of(best),
            tuple(reasons[best]),
            best in self.trashed,
        )

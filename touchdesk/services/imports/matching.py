"""Matching contact rows against the prospects already here, and against earlier rows."""

from __future__ import annotations

from touchdesk.domain.contacts import email_key, to_storage
from touchdesk.domain.prospects import (
    DuplicateHint,
    DuplicateReason,
    name_with_company,
    similar_names,
)
from touchdesk.formats.contact_rows import ImportRow
from touchdesk.store.models import ContactPoint, Prospect


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


class _DuplicateIndex:
    """Every existing prospect's email, phone and name keys, loaded once for a whole file.

    The same rules as find_possible_duplicates() (same email, same phone, a very similar name
    at the same company) without a query per row. Names are compared within a company only;
    without a company an exact full name counts, because comparing each row with every
    company-less prospect would be quadratic.
    """

    def __init__(self, home_country: str) -> None:
        self.home = home_country
        self.emails: dict[str, int] = {}
        self.phones: dict[str, int] = {}
        self.by_company: dict[str, list[tuple[int, str]]] = {}
        self.by_name: dict[str, int] = {}
        self.names: dict[int, str] = {}
        self.trashed: set[int] = set()
        self._phone_cache: dict[str, str] = {}

    def stored_phone(self, phone: str) -> str:
        cached = self._phone_cache.get(phone)
        if cached is None:
            cached = self._phone_cache[phone] = to_storage(phone, self.home)
        return cached

    @classmethod
    def load(cls, home_country: str) -> _DuplicateIndex:
        index = cls(home_country)
        people = Prospect.select(
            Prospect.id,
            Prospect.first_name,
            Prospect.last_name,
            Prospect.company,
            Prospect.deleted_at,
        ).tuples()
        for prospect_id, first, last, company, deleted_at in people:
            index._add_name(prospect_id, first, last, company)
            index.names[prospect_id] = name_with_company(first, last, company)
            if deleted_at is not None:
                index.trashed.add(prospect_id)
        points = ContactPoint.select(ContactPoint.prospect, ContactPoint.kind, ContactPoint.value)
        for prospect_id, kind, value in points.tuples():
            if kind == "email":
                index.emails.setdefault(email_key(value), prospect_id)
            else:
                index.phones.setdefault(value, prospect_id)
        return index

    def _add_name(self, prospect_id: int, first: str, last: str, company: str) -> None:
        full = _key(f"{first} {last}")
        company_key = _key(company)
        if company_key:
            self.by_company.setdefault(company_key, []).append((prospect_id, full))
        elif full:
            self.by_name.setdefault(full, prospect_id)

    def phones_of(self, row: ImportRow) -> tuple[str, ...]:
        if len(row.stored_phones) == len(row.prospect.phones):
            return row.stored_phones
        return tuple(self.stored_phone(phone) for phone in row.prospect.phones)

    def add(self, prospect_id: int, row: ImportRow, name: str = "") -> None:
        data = row.prospect
        self._add_name(prospect_id, data.first_name, data.last_name, data.company)
        self.names[prospect_id] = name or name_with_company(
            data.first_name, data.last_name, data.company
        )
        for email in data.emails:
            self.emails.setdefault(email_key(email), prospect_id)
        for phone in self.phones_of(row):
            self.phones.setdefault(phone, prospect_id)

    def match(self, row: ImportRow) -> DuplicateHint | None:
        data = row.prospect
        reasons: dict[int, list[DuplicateReason]] = {}
        for email in data.emails:
            if (found := self.emails.get(email_key(email))) is not None:
                reasons.setdefault(found, []).append(DuplicateReason.EMAIL)
        for phone in self.phones_of(row):
            if (found := self.phones.get(phone)) is not None:
                if DuplicateReason.PHONE not in reasons.setdefault(found, []):
                    reasons[found].append(DuplicateReason.PHONE)
        full, company = _key(f"{data.first_name} {data.last_name}"), _key(data.company)
        if company:
            for prospect_id, other in self.by_company.get(company, ()):
                if (not full and not other) or similar_names(full, other):
                    reason = DuplicateReason.NAME_AT_COMPANY if full else DuplicateReason.COMPANY
                    reasons.setdefault(prospect_id, []).append(reason)
        elif full and (found := self.by_name.get(full)) is not None:
            reasons.setdefault(found, []).append(DuplicateReason.NAME)
        if not reasons:
            return None
        best = min(reasons, key=lambda pid: (-len(reasons[pid]), pid in self.trashed, pid))
        return DuplicateHint(
            best, self.names.get(best, ""), tuple(reasons[best]), best in self.trashed
        )

"""Finding a prospect from what a person types: an id, a name, an email or a phone."""

from __future__ import annotations

from dataclasses import dataclass

from touchdesk.domain.contacts import email_key
from touchdesk.domain.names import person_name
from touchdesk.domain.prospects import name_with_company
from touchdesk.domain.quick_open import Findable, QuickIndex
from touchdesk.store.db import database
from touchdesk.store.models import ContactPoint, Prospect


@dataclass(frozen=True)
class Match:
    prospect_id: int
    name: str  # with the company, as lists show it


class NotOneProspect(ValueError):
    """No prospect, or more than one, answers to the reference; the message lists them."""


def _match(row: Prospect) -> Match:
    return Match(row.id, name_with_company(row.first_name, row.last_name, row.company))


def matches(reference: str) -> list[Match]:
    """Live prospects (not in the trash) whose id, full name, name with company or email is
    exactly `reference`, letter case aside."""
    text = " ".join(reference.split())
    live = Prospect.select().where(Prospect.deleted_at.is_null())
    if text.isdigit():
        row = live.where(Prospect.id == int(text)).first()
        if row is not None:
            return [_match(row)]
    wanted = text.casefold()
    found: dict[int, Match] = {}
    if "@" in text:
        emails = ContactPoint.select(ContactPoint.prospect, ContactPoint.value).where(
            ContactPoint.kind == "email"
        )
        ids = {pid for pid, value in emails.tuples() if email_key(value) == email_key(text)}
        for row in live.where(Prospect.id.in_(sorted(ids))):
            found[row.id] = _match(row)
    for row in live:
        names = {
            person_name(row.first_name, row.last_name).casefold(),
            name_with_company(row.first_name, row.last_name, row.company).casefold(),
        }
        if wanted in names:
            found[row.id] = _match(row)
    return sorted(found.values(), key=lambda match: match.prospect_id)


def one_prospect(reference: str) -> int:
    """The one prospect `reference` names; otherwise a NotOneProspect that lists the matches."""
    found = matches(reference)
    if len(found) == 1:
        return found[0].prospect_id
    if not found:
        raise NotOneProspect(
            f"No prospect is called {reference!r} (give an id, a name or an email)."
        )
    listed = "; ".join(f"{m.prospect_id}: {m.name}" for m in found)
    raise NotOneProspect(f"{len(found)} prospects answer to {reference!r}: {listed}. Give the id.")


def quick_open_index() -> QuickIndex:
    """Every live prospect with its emails and phones, for quick open to search as the
    seller types (two queries, whatever the count)."""
    with database.atomic():
        points: dict[int, tuple[list[str], list[str]]] = {}
        for pid, kind, value in (
            ContactPoint.select(ContactPoint.prospect, ContactPoint.kind, ContactPoint.value)
            .order_by(ContactPoint.prospect, ContactPoint.position, ContactPoint.id)
            .tuples()
        ):
            emails, phones = points.setdefault(pid, ([], []))
            (emails if kind == "email" else phones).append(value)
        people = (
            Prospect.select(Prospect.id, Prospect.first_name, Prospect.last_name, Prospect.company)
            .where(Prospect.deleted_at.is_null())
            .tuples()
        )
        return QuickIndex(
            Findable(
                pid,
                first,
                last,
                company,
                tuple(points.get(pid, ([], []))[0]),
                tuple(points.get(pid, ([], []))[1]),
            )  # fmt: skip
            for pid, first, last, company in people
        )

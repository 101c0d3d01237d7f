"""Finding prospects that may be one person: a shared email or phone, a look-alike colleague."""

from __future__ import annotations

import re
from itertools import chain
from typing import NamedTuple

from peewee import SQL, Case, fn

from touchdesk.domain.contacts import email_key
from touchdesk.domain.merge import REASONS_OF, SHARED_LINE, PairKey, Person, pair_reasons
from touchdesk.domain.prospects import DuplicateReason, name_with_company
from touchdesk.services import settings
from touchdesk.services.bulk_read import collections_paused
from touchdesk.services.changes import Change
from touchdesk.store.db import database
from touchdesk.store.models import ContactPoint, Prospect


class DuplicatePair(NamedTuple):  # thousands on a large database: a tuple is quick to make
    """Two records that may be one person; the first is the one to keep by default: the
    one with more history (the older on a tie), so the fewest rows move."""

    first_id: int
    first_name: str  # name_with_company()
    second_id: int
    second_name: str
    reasons: tuple[DuplicateReason, ...]
    first_touches: int = 0
    second_touches: int = 0

    @property
    def why(self) -> str:
        return ", ".join(reason.value for reason in self.reasons)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


# Values SQL's lower() keys as email_key() does: plain printable ASCII (no space to strip, no
# letter only casefold() folds). The glob in _shared_points() is the same test.
_PLAIN = re.compile(r"[!-~]*")


def _live_owners(counted):
    """How many live prospects have the values of a group: those in the trash pair no one."""
    trashed = Prospect.select(Prospect.id).where(Prospect.deleted_at.is_null(False))
    return fn.COUNT(fn.DISTINCT(Case(None, [(counted & ContactPoint.prospect.not_in(trashed),
                                              ContactPoint.prospect)])))  # fmt: skip


def _repeated(key, kind):
    """The keys more than one row has, read from the (kind, value) index alone: counting live
    owners reads each row's prospect from the table, one look-up a contact, and nearly every
    email (at 100,000 prospects, every one) is a group of one that needs none."""
    return ContactPoint.select(key).where(kind).group_by(key).having(fn.COUNT(SQL("*")) > 1)


def _shared_points() -> list[tuple[int, str, str]]:
    """The emails and phones that may pair two live prospects: the rest (nearly all) belong to
    one prospect, and a value of more than SHARED_LINE prospects is a switchboard or a team
    inbox; SQL groups both away instead of Python keying every one (at 100,000 prospects the
    switchboards alone were most of what was handed over).

    Phones group by their exact value, in the order of the (kind, value) index, and plain
    emails by lower(): for those the group is Python's own, so its count of live prospects
    decides as pair_reasons() would. Any other email is always handed over, and
    _folded_partners() completes its group."""
    point = ContactPoint.select(ContactPoint.prospect, ContactPoint.kind, ContactPoint.value)
    phone = ContactPoint.kind == "phone"
    phones = point.where(
        phone,
        ContactPoint.value.in_(
            ContactPoint.select(ContactPoint.value)
            .where(phone, ContactPoint.value.in_(_repeated(ContactPoint.value, phone)))
            .group_by(ContactPoint.value)
            .having(_live_owners(phone).between(2, SHARED_LINE))
        ),
    )
    email = ContactPoint.kind == "email"
    plain = fn.glob("*[^!-~]*", ContactPoint.value) == 0
    lowered = fn.lower(ContactPoint.value)
    emails = point.where(
        email,
        ~plain
        | lowered.in_(
            ContactPoint.select(lowered)
            .where(email, lowered.in_(_repeated(lowered, email)))
            .group_by(lowered)
            .having(_live_owners(plain).between(2, SHARED_LINE))
        ),
    )
    # Kinds before, between and after the two (none are written), each a range of the index:
    # "not in" read the whole table to find nothing.
    kind = ContactPoint.kind
    others = [point.where(kind < "email"), point.where(kind > "email", kind < "phone"),
              point.where(kind > "phone")]  # fmt: skip
    return [row for query in (phones, emails, *others) for row in database.execute(query)]


def _folded_partners(points: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """The values keyed like the unusual ones handed over, which SQL could not group with them:
    plain emails keyed like unfolded ones ("ÉLISE@x" and "élise@x", " sam@x" and "SAM@X"),
    and phones with the value of a point of another kind (pair_reasons() keys every kind
    but email as a phone). Their groups are read whole (none on most desks), so
    pair_reasons() sees every member."""
    keys = {
        email_key(value)
        for _, kind, value in points
        if kind == "email" and not _PLAIN.fullmatch(value)
    }
    keys = [key for key in keys if _PLAIN.fullmatch(key)]
    values = list({value for _, kind, value in points if kind not in ("email", "phone")})
    point = ContactPoint.select(ContactPoint.prospect, ContactPoint.kind, ContactPoint.value)
    found: list[tuple[int, str, str]] = []
    if keys:
        query = point.where(
            ContactPoint.kind == "email",
            fn.glob("*[^!-~]*", ContactPoint.value) == 0,
            fn.lower(ContactPoint.value).in_(keys),
        )
        found += database.execute(query).fetchall()
    if values:
        query = point.where(ContactPoint.kind == "phone", ContactPoint.value.in_(values))
        found += database.execute(query).fetchall()
    # A plain value already handed over in its group comes twice: pair_reasons() counts
    # distinct prospects, so that changes nothing.
    return found


def find_duplicates(prospect_id: int | None = None) -> list[DuplicatePair]:
    """Every pair of live prospects that may be one person: two queries and one pass.
    With `prospect_id`, only the pairs it is part of (the prospect page asks)."""
    with collections_paused():  # a row, a tuple and a list per prospect, no cycles among them
        return _find_duplicates(prospect_id)


def _find_duplicates(prospect_id: int | None) -> list[DuplicatePair]:
    with database.atomic():
        # Raw rows: 10,000 prospects and their contacts are read, not turned into models.
        rows = database.execute(
            Prospect.select(
                Prospect.id,
                Prospect.first_name,
                Prospect.last_name,
                Prospect.company,
                Prospect.touch_count,
            ).where(Prospect.deleted_at.is_null())
        ).fetchall()
        points: dict[int, tuple[list[str], list[str]]] = {}
        live = {row[0] for row in rows}
        shared = _shared_points()
        for owner, kind, value in shared + _folded_partners(shared):
            if owner not in live:
                continue  # a contact of a prospect in the trash
            lists = points.get(owner) or points.setdefault(owner, ([], []))
            if kind == "email":
                lists[0].append(email_key(value))
            else:
                lists[1].append(value)
        dismissed = {PairKey(*pair) for pair in settings.get("not_duplicates")}
    # Folded once each: colleagues share a company, and names repeat across a large desk.
    folded: dict[str, str] = {}
    nothing: tuple[list[str], list[str]] = ([], [])
    people = []
    for pid, first, last, company, _ in rows:
        name = f"{first} {last}"
        emails, phones = points.get(pid, nothing)
        people.append(
            Person(
                pid,
                folded.get(name) or folded.setdefault(name, _fold(name)),
                folded.get(company) or folded.setdefault(company, _fold(company)),
                tuple(emails),
                tuple(phones),
            )
        )
    pairs = pair_reasons(people, dismissed)
    if prospect_id is not None:
        pairs = {key: mask for key, mask in pairs.items() if prospect_id in key}
    paired = set(chain.from_iterable(pairs))
    names = {
        pid: (name_with_company(first, last, company), touches)
        for pid, first, last, company, touches in rows
        if pid in paired
    }
    # Strongest first (most reasons), then by ids: sorted within each strength, the plain
    # tuples compared in C rather than through a key function on every pair. Each carries its
    # reasons: looking the pair up again cost more than the rest of building it.
    by_strength: dict[int, list[tuple[int, int, int]]] = {}
    for (low, high), mask in pairs.items():
        by_strength.setdefault(mask.bit_count(), []).append((low, high, mask))
    make = tuple.__new__  # DuplicatePair's own __new__ is Python code: tens of thousands here
    result = []
    append = result.append
    for strength in sorted(by_strength, reverse=True):
        for low, high, mask in sorted(by_strength[strength]):
            low_name, low_touches = names[low]
            high_name, high_touches = names[high]
            reasons = REASONS_OF[mask]
            if high_touches > low_touches:
                append(make(DuplicatePair, (high, high_name, low, low_name, reasons,
                                            high_touches, low_touches)))  # fmt: skip
            else:
                append(make(DuplicatePair, (low, low_name, high, high_name, reasons,
                                            low_touches, high_touches)))  # fmt: skip
    return result


def dismiss_pair(first_id: int, second_id: int) -> Change:
    """'Not the same person': the pair is not suggested again."""
    key = PairKey.of(first_id, second_id)
    pairs = [list(pair) for pair in settings.get("not_duplicates")]
    if [key.low, key.high] not in pairs:
        pairs.append([key.low, key.high])
    return settings.put("not_duplicates", pairs)

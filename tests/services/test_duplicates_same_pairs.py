"""Find duplicates gives the very pairs it gave before it was made to grow with the desk: the
same pairs, in the same order, with the same reasons and sides, over random desks (Unicode
names, large companies, shared emails in other cases, phones written differently, other kinds,
the trash, dismissed pairs). The search as it was is kept below, verbatim, as the reference."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from peewee import Case, fn

from tests.factories import prospect
from touchdesk.domain.contacts import email_key
from touchdesk.domain.merge import REASONS_OF, SHARED_LINE, PairKey, Person, pair_reasons
from touchdesk.domain.prospects import name_with_company
from touchdesk.services import duplicate_search as current
from touchdesk.services import settings as app_settings
from touchdesk.services.bulk_read import fewer_collections
from touchdesk.services.duplicate_search import DuplicatePair, dismiss_pair
from touchdesk.services.prospects import move_to_trash
from touchdesk.store.db import database
from touchdesk.store.models import ContactPoint, Prospect

settings_ = app_settings  # the old code reads `settings`; hypothesis' settings is imported too

# -- the search as it was (verbatim but for `settings` below, which is the app's) ---------------


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
            .where(phone)
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
            .where(email)
            .group_by(lowered)
            .having(_live_owners(plain).between(2, SHARED_LINE))
        ),
    )
    others = point.where(ContactPoint.kind.not_in(("email", "phone")))  # none are written
    return [row for query in (phones, emails, others) for row in database.execute(query)]


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
    with fewer_collections():  # a row, a tuple and a list per prospect, no cycles among them
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
        dismissed = {PairKey(*pair) for pair in settings_.get("not_duplicates")}
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
    paired = {pid for key in pairs for pid in key}
    names = {
        pid: (name_with_company(first, last, company), touches)
        for pid, first, last, company, touches in rows
        if pid in paired
    }
    # Strongest first (most reasons), then by ids: sorted within each strength, the plain
    # tuples compared in C rather than through a key function on every pair.
    by_strength: dict[int, list[tuple[int, int]]] = {}
    for key, mask in pairs.items():
        by_strength.setdefault(mask.bit_count(), []).append(key)
    make = tuple.__new__  # DuplicatePair's own __new__ is Python code: tens of thousands here
    result = []
    append = result.append
    for strength in sorted(by_strength, reverse=True):
        for low, high in sorted(by_strength[strength]):
            low_name, low_touches = names[low]
            high_name, high_touches = names[high]
            reasons = REASONS_OF[pairs[low, high]]
            if high_touches > low_touches:
                append(make(DuplicatePair, (high, high_name, low, low_name, reasons,
                                            high_touches, low_touches)))  # fmt: skip
            else:
                append(make(DuplicatePair, (low, low_name, high, high_name, reasons,
                                            low_touches, high_touches)))  # fmt: skip
    return result


# -- random desks ----------------------------------------------------------------------------

_NAMES = ("Jon Smith", "John Smith", "Katherine Lee", "Catherine Lee", "Élise Roy", "Elise Roy",
          "ÉLISE ROY", "山田 太郎", "山田 太朗", "Straße Ng", "Strasse Ng", " Ann  Lee ", "Ann Lee",
          "", " ")  # fmt: skip
_EMAILS = ("ann@x.io", "ANN@X.IO", " ann@x.io", "ann@x.io\t", "straße@x.io", "STRASSE@x.io",
           "strasse@x.io", "\u212aim@x.io", "kim@x.io", "KIM@x.io", "ÉLISE@exemple.fr",
           "élise@exemple.fr", "team@co.example", "")  # fmt: skip
_PHONES = ("+12025550100", "+1 202 555 0100", "(202) 555-0100", "+12025550101", "+442071234567",
           "+44 20 7123 4567", "+12025550100;ext=12")  # fmt: skip
_COMPANIES = ("", "Acme Ltd", "ACME  LTD", "Müller GmbH", "Big Co")

_name = st.one_of(st.sampled_from(_NAMES), st.text(max_size=12))
_person = st.tuples(
    _name,
    st.sampled_from(_COMPANIES),
    st.lists(st.sampled_from(_EMAILS), max_size=2),
    st.lists(
        st.tuples(st.sampled_from(("phone", "phone", "fax")), st.sampled_from(_PHONES)), max_size=2
    ),  # fmt: skip
    st.booleans(),  # in the trash
)
# A large company: enough distinct names that its pairs come from the desk's name masks.
_big = st.lists(st.one_of(st.sampled_from(_NAMES), st.text(min_size=1, max_size=10)),
                min_size=0, max_size=24)  # fmt: skip


def _desk(people, big) -> list[int]:
    Prospect.delete().execute()
    app_settings.put("not_duplicates", [])
    ids = []
    for name, company, emails, phones, trashed in people:
        first, _, last = name.partition(" ")
        pid = prospect(first.strip() or "x", last, company)
        Prospect.update(first_name=first, last_name=last).where(Prospect.id == pid).execute()
        rows = [(pid, "email", "", value, i) for i, value in enumerate(emails)]
        rows += [(pid, kind, "", value, 10 + i) for i, (kind, value) in enumerate(phones)]
        if rows:
            ContactPoint.insert_many(
                rows,
                fields=[ContactPoint.prospect, ContactPoint.kind, ContactPoint.label,
                        ContactPoint.value, ContactPoint.position],
            ).execute()  # fmt: skip
        if trashed:
            move_to_trash(pid)
        ids.append(pid)
    for name in big:
        first, _, last = name.partition(" ")
        pid = prospect(first.strip() or "x", last, "Big Co")
        Prospect.update(first_name=first, last_name=last).where(Prospect.id == pid).execute()
        ids.append(pid)
    return ids


@given(
    st.lists(_person, min_size=2, max_size=24),
    _big,
    st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), max_size=3),
    st.integers(0, 50),
)
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
def test_the_pairs_their_order_and_reasons_are_those_the_search_found_before(
    store, people, big, dismissed, asked
):
    ids = _desk(people, big)
    for a, b in dismissed:
        if ids[a % len(ids)] != ids[b % len(ids)]:
            dismiss_pair(ids[a % len(ids)], ids[b % len(ids)])
    assert current.find_duplicates() == find_duplicates()
    one = ids[asked % len(ids)]
    assert current.find_duplicates(one) == find_duplicates(one)


def test_a_large_company_with_shared_lines_gives_the_pairs_it_gave_before(store):
    # Fifty colleagues: a switchboard, a team inbox in three cases, look-alike names, and
    # one line four of them share (one in the trash), as on a large desk.
    first = ["Jon", "John", "Anna", "Ana", "Lena", "Léna", "Kim", "Tim", "Sam", "Pam"]
    last = ["Smith", "Smyth", "Lee", "Li", "Roy"]
    ids = [prospect(f, s, "Big Co") for f in first for s in last]
    inbox = ["team@big.example", "TEAM@big.example", " Team@Big.Example"]
    rows = [(pid, "phone", "", "+12025550199", 0) for pid in ids]
    rows += [(pid, "email", "", inbox[n % 3], 1) for n, pid in enumerate(ids[:9])]
    rows += [(pid, "phone", "", "+12025550123", 2) for pid in ids[10:15]]
    ContactPoint.insert_many(
        rows,
        fields=[ContactPoint.prospect, ContactPoint.kind, ContactPoint.label,
                ContactPoint.value, ContactPoint.position],
    ).execute()  # fmt: skip
    move_to_trash(ids[10])
    found = current.find_duplicates()
    assert found == find_duplicates()
    assert any("phone" in pair.why.lower() for pair in found)

"""What goes on the server: each open next step as an event written for the seller, each
prospect as a vCard 3.0 with the current next step in its note; and reading them back."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property, lru_cache

from touchdesk.domain.contacts import format_phone
from touchdesk.domain.date_text import dates
from touchdesk.domain.prospects import ProspectInput
from touchdesk.domain.vocabulary import NextStepStatus, ProspectStatus
from touchdesk.formats.ics import InviteEvent, Method, calendar_bytes
from touchdesk.formats.vcard import read_vcards, write_vcard
from touchdesk.formats.vtimezone import vtimezone_text
from touchdesk.services import settings
from touchdesk.services.invites.steps import InviteStep, load_steps, step_query
from touchdesk.services.invites.wording import is_link, meeting_link, their_zone
from touchdesk.services.settings import SellerProfile
from touchdesk.store.models import ContactPoint, NextStep, Prospect

EVENT, CARD = "event", "card"
# Renders kept between syncs, keyed by everything that goes into them: a sync that finds
# nothing changed renders nothing (about 1.2 s of CPU per 1,000 events, 0.4 s per 5,000
# cards otherwise). About 11 MB for 1,000 steps and 5,000 prospects; some 40 MB at most.
EVENTS_KEPT, CARDS_KEPT = 4096, 16384


@dataclass(frozen=True)
class Wanted:
    """One item as the server should have it."""

    uid: str
    name: str  # the resource's name in its collection: 'UID.ics' or 'UID.vcf'
    body: bytes
    start: datetime | None = None  # an event's start, UTC
    changed_at: datetime | None = None  # the local change it carries: the queue's order

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def resource_name(uid: str, extension: str) -> str:
    """A name a server takes in a URL path, the same for the same UID every time: a sync
    killed midway finds what it wrote instead of writing it twice."""
    return re.sub(r"[^A-Za-z0-9._-]", "-", uid) + extension


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].isupper():  # 'CRM demo' stays as written
        return text
    return text[:1].lower() + text[1:]


def event_title(step: InviteStep, attempt: int) -> str:
    """'Call Hannah Whitfield — follow up on voicemail (#2)': for the seller, not the prospect."""
    purpose = f" — {_lower_first(step.purpose.strip())}" if step.purpose.strip() else ""
    number = f" (#{attempt})" if attempt > 1 else ""
    return f"{step.channel.label} {step.name}{purpose}{number}"


def event_description(step: InviteStep, profile: SellerProfile) -> str:
    lines = [step.purpose.strip()] if step.purpose.strip() else []
    if step.phone:
        lines.append(f"Phone: {format_phone(step.phone, profile.home_country)}")
    if step.email:
        lines.append(f"Email: {step.email}")
    if is_link(step.location):
        lines.append(f"Join: {step.location.strip()}")
    return "\n".join(lines)


def event_for(step: InviteStep, attempt: int, profile: SellerProfile, stamp: datetime) -> Wanted:
    event = InviteEvent(
        uid=step.uid,
        sequence=step.sequence,
        start=step.due_at.astimezone(their_zone(step, profile)),
        duration_minutes=step.duration_minutes,
        summary=event_title(step, attempt),
        description=event_description(step, profile),
        location=step.location.strip(),
        url=meeting_link(step.location),
        reminder_minutes=max(int(profile.reminder_minutes or 0), 0),
    )
    # The stamp is the step's last change, so an unchanged step gives the same bytes each sync.
    body = calendar_bytes([event], Method.PUBLISH, stamp=stamp, stored=True)
    return Wanted(
        step.uid, resource_name(step.uid, ".ics"), body, step.due_at.astimezone(UTC), stamp
    )


# The step, its attempt, the profile and the stamp are all it is made of, so the same four
# give the same bytes.
_event_kept = lru_cache(maxsize=EVENTS_KEPT)(event_for)


def wanted_events() -> dict[int, Wanted]:
    """Every open next step of a prospect who may be contacted and is not in the trash."""
    profile = settings.load_profile()
    query = step_query().where(
        NextStep.status == NextStepStatus.OPEN.value,
        Prospect.deleted_at.is_null(),
        Prospect.status != ProspectStatus.DO_NOT_CONTACT.value,
    )
    steps = load_steps(query)
    attempts = dict(Prospect.select(Prospect.id, Prospect.attempts).tuples())
    changed = dict(
        NextStep.select(NextStep.id, NextStep.updated_at)
        .where(NextStep.status == NextStepStatus.OPEN.value)
        .tuples()
    )
    return {
        step.id: _event_kept(
            step, attempts.get(step.prospect_id, 0) + 1, profile, changed.get(step.id, step.due_at)
        )
        for step in steps
    }


def forget_renders() -> None:
    """Drop every kept render: the next sync renders each item again, as a new process's
    first sync does (the speed benchmark starts each first sync this way)."""
    _event_kept.cache_clear()
    _card_body.cache_clear()
    vtimezone_text.cache_clear()


def card_uid(collection_url: str, prospect_id: int) -> str:
    """The same UID for the same prospect in the same address book, every sync."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{collection_url}#prospect-{prospect_id}"))


def _step_note(step: InviteStep, profile: SellerProfile) -> str:
    mine = step.due_at.astimezone(their_zone(step, profile))
    what = f" — {step.purpose.strip()}" if step.purpose.strip() else ""
    return f"Next step: {step.channel.label.lower()} {dates().date_time(mine)}{what}"


@lru_cache(maxsize=CARDS_KEPT)
def _card_body(prospect: ProspectInput, uid: str) -> bytes:
    return write_vcard(prospect, "3.0", uid=uid).encode("utf-8")


def wanted_cards(collection_url: str) -> dict[int, Wanted]:
    """Every prospect who may be contacted and is not in the trash, as a vCard 3.0."""
    profile = settings.load_profile()
    # The card's columns only, as plain rows: whole records cost more than the cards' renders.
    rows = list(
        Prospect.select(
            Prospect.id,
            Prospect.first_name,
            Prospect.last_name,
            Prospect.company,
            Prospect.role,
            Prospect.street,
            Prospect.street2,
            Prospect.city,
            Prospect.region,
            Prospect.postal_code,
            Prospect.country_code,
            Prospect.updated_at,
        )
        .where(
            Prospect.deleted_at.is_null(),
            Prospect.status != ProspectStatus.DO_NOT_CONTACT.value,
        )
        .namedtuples()
    )
    contacts: dict[tuple[int, str], list[str]] = defaultdict(list)
    for prospect_id, kind, value in (
        ContactPoint.select(ContactPoint.prospect, ContactPoint.kind, ContactPoint.value)
        .order_by(ContactPoint.prospect, ContactPoint.position, ContactPoint.id)
        .tuples()
    ):
        contacts[(prospect_id, kind)].append(value)
    open_steps = load_steps(step_query().where(NextStep.status == NextStepStatus.OPEN.value))
    notes = {step.prospect_id: _step_note(step, profile) for step in open_steps}
    step_changed = dict(
        NextStep.select(NextStep.prospect, NextStep.updated_at)
        .where(NextStep.status == NextStepStatus.OPEN.value)
        .tuples()
    )
    wanted = {}
    for row in rows:
        prospect = ProspectInput(
            first_name=row.first_name,
            last_name=row.last_name,
            company=row.company,
            role=row.role,
            emails=tuple(contacts[(row.id, "email")]),
            phones=tuple(contacts[(row.id, "phone")]),
            street=row.street,
            street2=row.street2,
            city=row.city,
            region=row.region,
            postal_code=row.postal_code,
            country_code=row.country_code,
            notes=notes.get(row.id, ""),
        )
        uid = card_uid(collection_url, row.id)
        body = _card_body(prospect, uid)
        changed = max(row.updated_at, step_changed.get(row.id) or row.updated_at)
        wanted[row.id] = Wanted(uid, resource_name(uid, ".vcf"), body, changed_at=changed)
    return wanted


# -- reading what the server holds ---------------------------------------------------------


@dataclass(frozen=True)
class SeenEvent:
    uid: str
    start: datetime  # UTC
    changed_at: datetime | None  # LAST-MODIFIED, else DTSTAMP; None when neither


def read_event(body: bytes | str) -> SeenEvent | None:
    """The first event's start and change time; None for what is not a readable event."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(body)
    except ValueError:
        return None
    for event in calendar.walk("VEVENT"):
        start = event.get("DTSTART")
        if start is None or not isinstance(start.dt, datetime):
            return None
        moment = start.dt if start.dt.tzinfo else start.dt.replace(tzinfo=UTC)
        changed = event.get("LAST-MODIFIED") or event.get("DTSTAMP")
        when = changed.dt if changed is not None and isinstance(changed.dt, datetime) else None
        if when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return SeenEvent(str(event.get("UID", "")), moment.astimezone(UTC), when)
    return None


# The fields a phone's edit may change, in the words the seller reads.
CARD_FIELDS = {
    "first_name": "First name",
    "last_name": "Last name",
    "company": "Company",
    "role": "Role",
    "emails": "Emails",
    "phones": "Phones",
    "street": "Street",
    "street2": "Street, line 2",
    "city": "City",
    "region": "State / region",
    "postal_code": "Postal code",
}


def card_fields(body: bytes | str, home_country: str) -> dict[str, object] | None:
    data = body.encode("utf-8") if isinstance(body, str) else body
    rows = list(read_vcards(data, home_country))
    if not rows:
        return None
    row = rows[0]
    values: dict[str, object] = {
        name: getattr(row.prospect, name) for name in CARD_FIELDS if name != "phones"
    }
    values["emails"] = list(row.prospect.emails)
    values["phones"] = list(row.stored_phones or row.prospect.phones)
    return values


def card_differences(pushed: bytes | str, seen: bytes | str, home_country: str) -> dict:
    """{field: [as TouchDesk wrote it, as the server has it now]} for each field edited there."""
    before = card_fields(pushed, home_country) or {}
    after = card_fields(seen, home_country)
    if after is None:
        return {}
    return {
        name: [before.get(name), after[name]]
        for name in CARD_FIELDS
        if before.get(name) != after[name]
    }

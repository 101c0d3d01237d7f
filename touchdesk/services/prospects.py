"""Adding, editing, trashing and restoring prospects; counting them; spotting duplicates."""

from __future__ import annotations

from typing import Any

from touchdesk.domain.contacts import email_key, email_problem, to_storage, zone_problem
from touchdesk.domain.prospects import (
    DuplicateHint,
    DuplicateReason,
    ProspectInput,
    TrashEntry,
    name_match,
    name_with_company,
    normalise_tag,
)
from touchdesk.domain.vocabulary import EventKind, ProspectStatus, StageOutcome
from touchdesk.services import settings
from touchdesk.services.board import move_to_stage
from touchdesk.services.changes import Change
from touchdesk.services.overview import count_active, count_prospects  # noqa: F401 (callers import them here)
from touchdesk.services.prospect_record import ProspectError, get_prospect  # noqa: F401 (callers import them here)
from touchdesk.services.stages import first_open_stage
from touchdesk.store.db import database, utc_now
from touchdesk.store.models import ContactPoint, Prospect, ProspectEvent, ProspectTag, Stage

# A prospect put straight into an outcome column carries that outcome, as on the board.
_OUTCOME_STATUS = {
    StageOutcome.WON.value: ProspectStatus.WON,
    StageOutcome.LOST.value: ProspectStatus.LOST,
}


def _first_open_stage() -> int:
    stage = first_open_stage()
    if stage is None:
        raise ProspectError("There is no open stage to put the prospect in.")
    return stage


def _row(prospect_id: int) -> Prospect:
    row = Prospect.get_or_none(Prospect.id == prospect_id)
    if row is None:
        raise ProspectError("This prospect no longer exists.")
    return row


def _check(data: ProspectInput, prospect_id: int | None = None) -> None:
    """The rules the form shows as the seller types, enforced again for every caller."""
    problems = data.problems()
    if any(email_problem(email) for email in data.emails):
        problems.append("One of the email addresses does not look right.")
    if zone := zone_problem(data.time_zone):
        problems.append(zone)
    if data.referrer_id is not None:
        if data.referrer_id == prospect_id:
            problems.append("A prospect cannot be their own referrer.")
        elif not Prospect.select().where(Prospect.id == data.referrer_id).exists():
            problems.append("The referrer no longer exists.")
    if data.stage_id is not None and not Stage.select().where(Stage.id == data.stage_id).exists():
        problems.append("That stage no longer exists.")
    if problems:
        raise ProspectError(" ".join(problems))


def _fields(data: ProspectInput) -> dict[str, Any]:
    """The prospect row's own columns (not stage, status, contacts or tags)."""
    return {
        "first_name": data.first_name.strip(),
        "last_name": data.last_name.strip(),
        "company": data.company.strip(),
        "role": data.role.strip(),
        "street": data.street.strip(),
        "street2": data.street2.strip(),
        "city": data.city.strip(),
        "region": data.region.strip(),
        "postal_code": data.postal_code.strip(),
        "country_code": data.country_code.strip().upper(),
        "time_zone": data.time_zone.strip(),
        "source": data.source.strip(),
        "referrer": data.referrer_id,
        "notes": data.notes,
    }


def _contact_values(data: ProspectInput, home_country: str) -> list[tuple[str, str]]:
    """(kind, value) in the seller's order: blanks dropped, phones in E.164, each once."""
    points: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for email in data.emails:
        value = email.strip()
        if value and ("email", email_key(value)) not in seen:
            seen.add(("email", email_key(value)))
            points.append(("email", value))
    for phone in data.phones:
        value = to_storage(phone, home_country)
        if value and ("phone", value) not in seen:
            seen.add(("phone", value))
            points.append(("phone", value))
    return points


def _write_contacts(prospect_id: int, data: ProspectInput, labels: dict[str, str]) -> None:
    points = _contact_values(data, settings.get("home_country"))
    positions = {"email": 0, "phone": 0}
    rows = []
    for kind, value in points:
        rows.append((prospect_id, kind, labels.get(value, ""), value, positions[kind]))
        positions[kind] += 1
    if rows:
        ContactPoint.insert_many(
            rows,
            fields=[
                ContactPoint.prospect,
                ContactPoint.kind,
                ContactPoint.label,
                ContactPoint.value,
                ContactPoint.position,
            ],
        ).execute()


def _write_tags(prospect_id: int, data: ProspectInput) -> None:
    tags = sorted({normalise_tag(tag) for tag in data.tags if tag.strip()})
    if tags:
        ProspectTag.insert_many(
            [(prospect_id, tag) for tag in tags], fields=[ProspectTag.prospect, ProspectTag.tag]
        ).execute()


def add_prospect(data: ProspectInput) -> int:
    """Create a prospect with its emails, phones and tags; returns its id."""
    now = utc_now()
    with database.atomic():
        _check(data)
        stage_id = data.stage_id or _first_open_stage()
        status = data.status
        if status is ProspectStatus.ACTIVE:
            outcome = Stage.get_by_id(stage_id).outcome
            status = _OUTCOME_STATUS.get(outcome, status)
        prospect = Prospect.create(
            **_fields(data),
            stage=stage_id,
            status=status.value,
            created_at=now,
            updated_at=now,
        )
        _write_contacts(prospect.id, data, {})
        _write_tags(prospect.id, data)
        ProspectEvent.create(
            prospect=prospect.id, kind=EventKind.CREATED.value, occurred_at=now, detail="Added"
        )
    return prospect.id


def update_prospect(prospect_id: int, data: ProspectInput) -> Change:
    """Save the form: the prospect's fields, and its contacts and tags replaced wholesale.

    The status is left alone (won, lost, dormant and do-not-contact have their own service,
    which also closes the next step). A new stage is a move, exactly as dragging the card on
    the board: an outcome column sets the status and the move is noted on the timeline.
    """
    with database.atomic():
        row = _row(prospect_id)
        _check(data, prospect_id)
        labels = {
            point.value: point.label
            for point in ContactPoint.select().where(ContactPoint.prospect == prospect_id)
        }
        Prospect.update(**_fields(data), updated_at=utc_now()).where(
            Prospect.id == prospect_id
        ).execute()
        ContactPoint.delete().where(ContactPoint.prospect == prospect_id).execute()
        # Labels (work, mobile) are not on the form: a number kept keeps its label.
        _write_contacts(prospect_id, data, labels)
        ProspectTag.delete().where(ProspectTag.prospect == prospect_id).execute()
        _write_tags(prospect_id, data)
        change = Change.PROSPECTS
        if data.stage_id is not None and data.stage_id != row.stage_id:
            _, moved = move_to_stage(prospect_id, data.stage_id)
            change |= moved
    return change


# Trashed prospects vanish from the board, Today and counts; their next steps with them.
_TRASH_CHANGE = Change.PROSPECTS | Change.NEXT_STEPS


def move_to_trash(prospect_id: int) -> Change:
    """Soft delete: everything is kept, so restore_from_trash() undoes it exactly."""
    with database.atomic():
        row = _row(prospect_id)
        if row.deleted_at is not None:
            raise ProspectError("This prospect is already in the trash.")
        Prospect.update(deleted_at=utc_now()).where(Prospect.id == prospect_id).execute()
    return _TRASH_CHANGE


def restore_from_trash(prospect_id: int) -> Change:
    with database.atomic():
        row = _row(prospect_id)
        if row.deleted_at is None:
            raise ProspectError("This prospect is not in the trash.")
        Prospect.update(deleted_at=None).where(Prospect.id == prospect_id).execute()
    return _TRASH_CHANGE


def list_trash() -> list[TrashEntry]:
    """What is in the trash, most recently trashed first."""
    with database.atomic():
        rows = (
            Prospect.select(
                Prospect.id,
                Prospect.first_name,
                Prospect.last_name,
                Prospect.company,
                Prospect.deleted_at,
            )
            .where(Prospect.deleted_at.is_null(False))
            .order_by(Prospect.deleted_at.desc(), Prospect.id.desc())
        )
        return [
            TrashEntry(row.id, row.first_name, row.last_name, row.company, row.deleted_at)
            for row in rows
        ]


def referrer_choices() -> list[tuple[int, str]]:
    """(id, 'Name — Company') of active prospects outside the trash, for the referrer picker.

    Two prospects with the same label get their id appended, so each label picks one person.
    """
    with database.atomic():
        rows = list(
            Prospect.select(Prospect.id, Prospect.first_name, Prospect.last_name, Prospect.company)
            .where(Prospect.deleted_at.is_null(), Prospect.status == ProspectStatus.ACTIVE.value)
            .tuples()
        )
    labelled = [(row[0], name_with_company(*row[1:])) for row in rows]
    counts: dict[str, int] = {}
    for _, label in labelled:
        counts[label.casefold()] = counts.get(label.casefold(), 0) + 1
    choices = [
        (pid, f"{label} #{pid}" if counts[label.casefold()] > 1 else label)
        for pid, label in labelled
    ]
    return sorted(choices, key=lambda choice: (choice[1].casefold(), choice[0]))


def find_possible_duplicates(
    data: ProspectInput, exclude_id: int | None = None
) -> list[DuplicateHint]:
    """Prospects (trash included) that may be this one: same email, same phone, or a very
    similar name at the same company. Strongest first."""
    emails = {email_key(email) for email in data.emails if email.strip()}
    reasons: dict[int, list[DuplicateReason]] = {}

    def note(prospect_id: int, reason: DuplicateReason) -> None:
        if prospect_id != exclude_id and reason not in reasons.setdefault(prospect_id, []):
            reasons[prospect_id].append(reason)

    with database.atomic():
        home = settings.get("home_country")
        phones = {to_storage(phone, home) for phone in data.phones if phone.strip()}
        if emails:
            # Case-folding in Python: SQLite's lower() leaves non-ASCII letters as they are.
            stored = ContactPoint.select(ContactPoint.prospect, ContactPoint.value).where(
                ContactPoint.kind == "email"
            )
            for prospect_id, value in stored.tuples():
                if email_key(value) in emails:
                    note(prospect_id, DuplicateReason.EMAIL)
        if phones:
            stored = ContactPoint.select(ContactPoint.prospect).where(
                ContactPoint.kind == "phone", ContactPoint.value.in_(sorted(phones))
            )
            for (prospect_id,) in stored.tuples():
                note(prospect_id, DuplicateReason.PHONE)
        people = Prospect.select(
            Prospect.id,
            Prospect.first_name,
            Prospect.last_name,
            Prospect.company,
            Prospect.deleted_at,
        ).tuples()
        found = {}
        for prospect_id, first, last, company, deleted_at in people:
            reason = name_match(data.first_name, data.last_name, data.company, first, last, company)
            if reason is not None:
                note(prospect_id, reason)
            found[prospect_id] = (first, last, company, deleted_at)
    hints = [
        DuplicateHint(
            prospect_id,
            name_with_company(*found[prospect_id][:3]),
            tuple(why),
            in_trash=found[prospect_id][3] is not None,
        )
        for prospect_id, why in reasons.items()
        if why and prospect_id in found
    ]
    return sorted(hints, key=lambda hint: (-len(hint.reasons), hint.in_trash, hint.prospect_id))

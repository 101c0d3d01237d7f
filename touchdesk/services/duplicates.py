"""Find prospects recorded twice and merge them: one record, one timeline, and undo."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain
from typing import Any, NamedTuple

from peewee import SQL, Case, fn

from touchdesk.domain.contacts import email_key
from touchdesk.domain.date_text import dates
from touchdesk.domain.merge import (
    FIELDS,
    REASONS_OF,
    SHARED_LINE,
    PairKey,
    Person,
    Side,
    default_choices,
    field_value,
    merged_fields,
    pair_reasons,
)
from touchdesk.domain.prospects import DuplicateReason, name_with_company
from touchdesk.domain.vocabulary import Channel, EventKind, NextStepStatus, ProspectStatus
from touchdesk.services import settings
from touchdesk.services.bulk_read import collections_paused
from touchdesk.services.changes import Change
from touchdesk.services.timeline import recount
from touchdesk.store.db import database, utc_now
from touchdesk.store.models import (
    ContactPoint,
    MailTask,
    NextStep,
    PlanRun,
    Prospect,
    ProspectEvent,
    ProspectTag,
    Stage,
    Touch,
)

CHANGED = Change.PROSPECTS | Change.TOUCHES | Change.NEXT_STEPS | Change.MAIL | Change.PLANS
_CURRENT_RUN = ("active", "paused")


class MergeError(ValueError):
    """A merge that cannot be done; the message is for the seller."""


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


# -- preview -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChoice:
    field: str
    label: str
    keep_value: str
    other_value: str
    default: Side


@dataclass(frozen=True)
class RecordHistory:
    """What tells two records of one person apart: when each was added and how much
    happened on it (the one with the history is usually the one to keep)."""

    created_at: datetime
    touches: int
    last_touch_at: datetime | None


@dataclass(frozen=True)
class MergePreview:
    keep_id: int
    keep_name: str
    other_id: int
    other_name: str
    fields: tuple[FieldChoice, ...]
    moving: dict[str, int]  # what comes over from the other record, by kind
    both_have_next_step: bool
    keep_step: str = ""  # "Call, 24 Nov: Ask about the budget"
    other_step: str = ""
    keep_history: RecordHistory | None = None
    other_history: RecordHistory | None = None


def _record(prospect_id: int) -> dict[str, Any]:
    row = Prospect.select().where(Prospect.id == prospect_id).dicts().get()
    return row


def _shown(record: Mapping[str, Any], stages: Mapping[int, str]) -> dict[str, Any]:
    """The record as the seller reads it: the stage by name."""
    return {**record, "stage": stages.get(record["stage"], "")}


def _history(record: Mapping[str, Any]) -> RecordHistory:
    touches = Touch.select(fn.COUNT(Touch.id), fn.MAX(Touch.occurred_at)).where(
        Touch.prospect == record["id"], Touch.deleted_at.is_null()
    )
    count, last = touches.scalar(as_tuple=True)  # MAX() is read through the field: a UTC instant
    return RecordHistory(record["created_at"], count, last)


def _open_step(prospect_id: int) -> NextStep | None:
    return NextStep.get_or_none(
        NextStep.prospect == prospect_id, NextStep.status == NextStepStatus.OPEN.value
    )


def merge_preview(keep_id: int, other_id: int) -> MergePreview:
    if keep_id == other_id:
        raise MergeError("A prospect cannot be merged with itself.")
    with database.atomic():
        keep, other = _record(keep_id), _record(other_id)
        stages = {stage.id: stage.name for stage in Stage.select()}
        shown_keep, shown_other = _shown(keep, stages), _shown(other, stages)
        defaults = default_choices(keep, other)
        fields = tuple(
            FieldChoice(
                name,
                label,
                field_value(shown_keep, name),
                field_value(shown_other, name),
                defaults[name],
            )
            for name, label in FIELDS
        )
        moving = {
            "touches": Touch.select().where(Touch.prospect == other_id).count(),
            "events": ProspectEvent.select().where(ProspectEvent.prospect == other_id).count(),
            # Only what the kept record lacks: the same inbox or tag twice is dropped.
            "emails and phones": len(_contact_keys(other_id) - _contact_keys(keep_id)),
            "tags": len(_tags(other_id) - _tags(keep_id)),
            "next steps": NextStep.select().where(NextStep.prospect == other_id).count(),
            "mail pieces": MailTask.select().where(MailTask.prospect == other_id).count(),
            "referrals": Prospect.select().where(Prospect.referrer == other_id).count(),
        }
        mine, theirs = _open_step(keep_id), _open_step(other_id)
        histories = _history(keep), _history(other)
    name = lambda r: name_with_company(r["first_name"], r["last_name"], r["company"])  # noqa: E731
    both = mine is not None and theirs is not None
    return MergePreview(
        keep_id, name(keep), other_id, name(other), fields, moving, both,
        _step_text(mine), _step_text(theirs), *histories,
    )  # fmt: skip


def _contact_key(kind: str, value: str) -> tuple[str, str]:
    return (kind, email_key(value) if kind == "email" else value)


def _contact_keys(prospect_id: int) -> set[tuple[str, str]]:
    query = ContactPoint.select(ContactPoint.kind, ContactPoint.value).where(
        ContactPoint.prospect == prospect_id
    )
    return {_contact_key(kind, value) for kind, value in query.tuples()}


def _tags(prospect_id: int) -> set[str]:
    query = ProspectTag.select(ProspectTag.tag).where(ProspectTag.prospect == prospect_id)
    return {tag for (tag,) in query.tuples()}


def _step_text(step: NextStep | None) -> str:
    if step is None:
        return ""
    channel = step.channel.replace("_", " ").capitalize()
    return (
        f"{channel}, {dates().short_day(step.due_at)}: {step.purpose}" if step.purpose else channel
    )


# -- merge and undo ------------------------------------------------------------------------


@dataclass
class MergeRecord:
    """Every row the merge changed, as it was, so undo can put each one back."""

    keep_id: int
    other_id: int
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # model -> rows before
    deleted: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # model -> removed
    created_events: list[int] = field(default_factory=list)


_MODELS = {
    model.__name__: model
    for model in (
        Prospect,
        ContactPoint,
        ProspectTag,
        Touch,
        ProspectEvent,
        NextStep,
        PlanRun,
        MailTask,
    )
}


def _keep_rows(record: MergeRecord, model, query) -> list[dict[str, Any]]:
    rows = list(query.dicts())
    record.rows.setdefault(model.__name__, []).extend(rows)
    return rows


def merge_prospects(
    keep_id: int,
    other_id: int,
    choices: Mapping[str, Side] | None = None,
    step_from: Side = Side.KEEP,
) -> tuple[MergeRecord, Change]:
    """Fold `other` into `keep`: chosen fields, every touch, event, contact, tag, next step,
    plan run, mail piece and referral; `other` goes to the trash, marked as merged.

    `step_from` says whose open next step stays when both have one (the one-next-step rule);
    the other is cancelled and stays in the history. One transaction, so undo takes it back whole.
    """
    if keep_id == other_id:
        raise MergeError("A prospect cannot be merged with itself.")
    record = MergeRecord(keep_id, other_id)
    with database.atomic():
        keep, other = _record(keep_id), _record(other_id)
        if keep["deleted_at"] is not None or other["deleted_at"] is not None:
            raise MergeError("Restore both prospects from the trash before merging them.")
        _keep_rows(record, Prospect, Prospect.select().where(Prospect.id.in_([keep_id, other_id])))
        now = utc_now()

        # The one-next-step rule: at most one open step survives, the seller's choice.
        mine, theirs = _open_step(keep_id), _open_step(other_id)
        called_off: list[str] = []
        if mine is not None and theirs is not None:
            loser = theirs if step_from is Side.KEEP else mine
            called_off.append(_call_off(record, loser, now))
        # One plan at a time: the kept record's current run wins over the other's.
        runs = PlanRun.select().where(PlanRun.status.in_(_CURRENT_RUN))
        if runs.where(PlanRun.prospect == keep_id).exists():
            query = PlanRun.select().where(
                PlanRun.prospect == other_id, PlanRun.status.in_(_CURRENT_RUN)
            )
            for run in _keep_rows(record, PlanRun, query):
                PlanRun.update(status="stopped", updated_at=now).where(
                    PlanRun.id == run["id"]
                ).execute()

        # Contacts and tags the kept record already has are dropped, not doubled.
        have = _contact_keys(keep_id)
        offset = ContactPoint.select().where(ContactPoint.prospect == keep_id).count()
        for point in list(ContactPoint.select().where(ContactPoint.prospect == other_id).dicts()):
            key = _contact_key(point["kind"], point["value"])
            if key in have:
                record.deleted.setdefault("ContactPoint", []).append(point)
                ContactPoint.delete().where(ContactPoint.id == point["id"]).execute()
            else:
                have.add(key)
                record.rows.setdefault("ContactPoint", []).append(point)
                ContactPoint.update(prospect=keep_id, position=point["position"] + offset).where(
                    ContactPoint.id == point["id"]
                ).execute()
        tags = _tags(keep_id)
        for tag in list(ProspectTag.select().where(ProspectTag.prospect == other_id).dicts()):
            if tag["tag"] in tags:
                record.deleted.setdefault("ProspectTag", []).append(tag)
                ProspectTag.delete().where(ProspectTag.id == tag["id"]).execute()
            else:
                record.rows.setdefault("ProspectTag", []).append(tag)
                ProspectTag.update(prospect=keep_id).where(ProspectTag.id == tag["id"]).execute()

        # The history moves whole: the timelines become one.
        for model in (Touch, ProspectEvent, NextStep, PlanRun, MailTask):
            query = model.select().where(model.prospect == other_id)
            already = {row["id"] for row in record.rows.get(model.__name__, [])}
            rows = [row for row in query.dicts() if row["id"] not in already]
            record.rows.setdefault(model.__name__, []).extend(rows)
            model.update(prospect=keep_id).where(model.prospect == other_id).execute()
        referrals = Prospect.select().where(Prospect.referrer == other_id, Prospect.id != keep_id)
        _keep_rows(record, Prospect, referrals)
        Prospect.update(referrer=keep_id).where(
            Prospect.referrer == other_id, Prospect.id != keep_id
        ).execute()

        fields = merged_fields(keep, other, choices or default_choices(keep, other))
        if fields.get("referrer") == keep_id:
            fields["referrer"] = None
        Prospect.update(**fields, updated_at=now).where(Prospect.id == keep_id).execute()
        if keep["referrer"] == other_id:  # it cannot have referred itself
            referrer = other["referrer"] if other["referrer"] != keep_id else None
            Prospect.update(referrer=referrer).where(Prospect.id == keep_id).execute()
        Prospect.update(deleted_at=now, updated_at=now).where(Prospect.id == other_id).execute()
        # Won, lost, dormant or do not contact: nothing is expected, as setting the status does.
        left = _open_step(keep_id)
        if fields["status"] != ProspectStatus.ACTIVE.value and left is not None:
            called_off.append(_call_off(record, left, now))
        other_name = name_with_company(other["first_name"], other["last_name"], other["company"])
        keep_name = name_with_company(keep["first_name"], keep["last_name"], keep["company"])
        events = [
            (keep_id, EventKind.NOTE, f"Merged with {other_name}: one record, one timeline."),
            (other_id, EventKind.NOTE, f"Merged into {keep_name}."),
        ]
        events += [(keep_id, EventKind.NEXT_STEP_CANCELLED, f"{t} (merge)") for t in called_off]
        for pid, kind, detail in events:
            event = ProspectEvent.create(
                prospect=pid, kind=kind.value, occurred_at=now, detail=detail
            )
            record.created_events.append(event.id)
        recount(keep_id)
        recount(other_id)
    return record, CHANGED


def _call_off(record: MergeRecord, step: NextStep, now) -> str:
    """Cancel an open step as closing one does (the sequence goes up, so a calendar invite
    is cancelled by it); returns how the timeline names it."""
    if step.id not in {row["id"] for row in record.rows.get("NextStep", [])}:
        _keep_rows(record, NextStep, NextStep.select().where(NextStep.id == step.id))
    NextStep.update(
        status=NextStepStatus.CANCELLED.value,
        sequence=NextStep.sequence + 1,
        closed_at=now,
        updated_at=now,
    ).where(NextStep.id == step.id).execute()
    channel = Channel(step.channel).label
    return f"{channel}: {step.purpose}" if step.purpose else channel

"""Merge prospects recorded twice: one record, one timeline, undo (duplicate_search finds them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from peewee import fn

from touchdesk.domain.contacts import email_key
from touchdesk.domain.date_text import dates
from touchdesk.domain.merge import (
    FIELDS,
    Side,
    default_choices,
    field_value,
    merged_fields,
)
from touchdesk.domain.prospects import name_with_company
from touchdesk.domain.vocabulary import Channel, EventKind, NextStepStatus, ProspectStatus
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

"""The mail desk's queue: queue, correct, write, mail (a touch on the timeline), cancel, undo."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from touchdesk.domain.mail import DEFAULT_TEMPLATE, MailDraft, MailRow, can_move, channel_for
from touchdesk.domain.mail import touch_note as mailed_note
from touchdesk.domain.names import display_name
from touchdesk.domain.postal import PostalAddress, address_problems
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Direction, MailKind, MailStatus, Outcome, ProspectStatus
from touchdesk.services.changes import Change
from touchdesk.services.messages import message_for
from touchdesk.services.timeline import log_touch
from touchdesk.store.db import database, utc_now
from touchdesk.store.models import MailTask, Prospect

_ADDRESS_FIELDS = ("street", "street2", "city", "region", "postal_code", "country_code")
CHANGED = Change.MAIL
CHANGED_TIMELINE = Change.MAIL | Change.TOUCHES | Change.PROSPECTS


class MailError(ValueError):
    """A task that cannot be queued or moved; the message is for the seller."""


@dataclass(frozen=True)
class Refusal:
    prospect_id: int
    name: str
    reason: str


@dataclass(frozen=True)
class BatchResult:
    queued: tuple[int, ...]
    refused: tuple[Refusal, ...]
    change: Change


@dataclass(frozen=True)
class StatusSnapshot:
    """What a status change replaced, so undo puts it back exactly (and removes its touch)."""

    task_id: int
    status: MailStatus
    written_at: datetime | None
    mailed_at: datetime | None
    touch_id: int | None


def _name(prospect: Prospect) -> str:
    return display_name(prospect.first_name, prospect.last_name, prospect.company)


def _address_of(prospect: Prospect) -> PostalAddress:
    name = display_name(prospect.first_name, prospect.last_name)
    return PostalAddress(name, prospect.company, *(getattr(prospect, f) for f in _ADDRESS_FIELDS))


def _refusal(prospect: Prospect | None, prospect_id: int) -> str:
    if prospect is None or prospect.deleted_at is not None:
        return "This prospect is in the trash; restore it first."
    if prospect.status == ProspectStatus.DO_NOT_CONTACT.value:
        return f"{_name(prospect)} asked not to be contacted; nothing was queued."
    return ""


def _task_fields(draft: MailDraft, address: PostalAddress) -> dict[str, Any]:
    return {
        "kind": draft.kind.value,
        "occasion": draft.occasion.strip(),
        "message": draft.message,
        "envelope": draft.envelope_or_default,
        "due_on": draft.due_on,
        "recipient_name": address.name,
        "company": address.company,
        "street": address.street,
        "street2": address.street2,
        "city": address.city,
        "region": address.region,
        "postal_code": address.postal_code,
        "country_code": address.country_code.upper(),
    }


def _check(draft: MailDraft) -> None:
    problems = draft.problems()
    if problems:
        raise MailError(" ".join(problems))


def queue_mail(prospect_id: int, draft: MailDraft) -> tuple[int, Change]:
    """One task; the prospect's address is copied now (the task keeps it if the prospect moves)."""
    _check(draft)
    with database.atomic():
        prospect = Prospect.get_or_none(Prospect.id == prospect_id)
        reason = _refusal(prospect, prospect_id)
        if reason:
            raise MailError(reason)
        address = draft.address or _address_of(prospect)
        task = MailTask.create(
            prospect=prospect_id, created_at=utc_now(), **_task_fields(draft, address)
        )
    return task.id, CHANGED


def queue_many(
    prospect_ids: Sequence[int],
    kind: MailKind,
    occasion: str,
    *,
    template_key: str | None = None,
    due_on: date | None = None,
    envelope: str = "",
    now: datetime | None = None,
) -> BatchResult:
    """The seasonal card run: one task per prospect, each message filled in for its recipient.

    Prospects who asked not to be contacted (or are in the trash) are left out and named.
    """
    now = now or utc_now()
    key = template_key if template_key is not None else DEFAULT_TEMPLATE.get(kind, "")
    draft = MailDraft(kind, occasion, "", envelope, due_on)
    _check(draft)
    queued: list[int] = []
    refused: list[Refusal] = []
    with database.atomic():
        prospects = {p.id: p for p in Prospect.select().where(Prospect.id.in_(list(prospect_ids)))}
        for prospect_id in prospect_ids:
            prospect = prospects.get(prospect_id)
            reason = _refusal(prospect, prospect_id)
            if reason:
                name = _name(prospect) if prospect else f"Prospect {prospect_id}"
                refused.append(Refusal(prospect_id, name, reason))
                continue
            message = message_for(key, prospect_id, now) if key else ""
            fields = _task_fields(replace(draft, message=message), _address_of(prospect))
            queued.append(MailTask.create(prospect=prospect_id, created_at=now, **fields).id)
    return BatchResult(tuple(queued), tuple(refused), CHANGED if queued else Change.NOTHING)


def draft_for(prospect_id: int, kind: MailKind, occasion: str = "") -> MailDraft:
    """A new task's starting point: the kind's template filled in, the prospect's address."""
    prospect = Prospect.get_or_none(Prospect.id == prospect_id)
    reason = _refusal(prospect, prospect_id)
    if reason:  # said before the seller writes anything
        raise MailError(reason)
    key = DEFAULT_TEMPLATE.get(kind, "")
    message = message_for(key, prospect_id, utc_now()) if key else ""
    return MailDraft(kind, occasion, message, "", None, _address_of(prospect))


def _row_address(task: Any) -> PostalAddress:
    return PostalAddress(
        task.recipient_name, task.company, *(getattr(task, f) for f in _ADDRESS_FIELDS)
    )


def get_draft(task_id: int) -> MailDraft:
    task = MailTask.get_by_id(task_id)
    return MailDraft(
        MailKind(task.kind), task.occasion, task.message, task.envelope, task.due_on,
        _row_address(task),
    )  # fmt: skip


def update_task(task_id: int, draft: MailDraft) -> tuple[MailDraft, Change]:
    """Correct a task (message, occasion, size, date, address); returns what it was, for undo."""
    _check(draft)
    with database.atomic():
        before = get_draft(task_id)
        task = MailTask.get_by_id(task_id)
        if MailStatus(task.status) is MailStatus.MAILED:
            raise MailError("This piece was already mailed; its timeline entry says what was sent.")
        address = draft.address or before.address
        MailTask.update(**_task_fields(draft, address)).where(MailTask.id == task_id).execute()
    return before, CHANGED


def _snapshot(task: MailTask) -> StatusSnapshot:
    return StatusSnapshot(
        task.id, MailStatus(task.status), task.written_at, task.mailed_at, task.touch_id
    )


def _move(task_ids: Iterable[int], to: MailStatus, when: datetime) -> list[StatusSnapshot]:
    tasks = list(MailTask.select().where(MailTask.id.in_(list(task_ids))).order_by(MailTask.id))
    stuck = [t for t in tasks if not can_move(MailStatus(t.status), to)]
    if stuck:
        what = MailStatus(stuck[0].status).label.lower()
        raise MailError(
            f"{len(stuck)} of the selected pieces cannot be marked {to.label.lower()}: "
            f"already {what}. Nothing was changed."
        )
    snapshots = [_snapshot(t) for t in tasks]
    for task in tasks:
        fields: dict[str, Any] = {"status": to.value}
        if to is MailStatus.WRITTEN:
            fields["written_at"] = when
        if to is MailStatus.MAILED:
            fields["mailed_at"] = when
            fields["written_at"] = task.written_at or when
            kind = MailKind(task.kind)
            logged = log_touch(
                task.prospect_id,
                TouchInput(
                    channel_for(kind), when, Direction.OUT, Outcome.SENT,
                    mailed_note(kind, task.occasion, task.message),
                ),
            )  # fmt: skip
            fields["touch"] = logged.id
        MailTask.update(fields).where(MailTask.id == task.id).execute()
    return snapshots


def mark(
    task_ids: Sequence[int], to: MailStatus, when: datetime | None = None
) -> tuple[list[StatusSnapshot], Change]:
    """Move tasks to written, mailed or cancelled, all or none; mailed writes timeline touches."""
    when = when or utc_now()
    with database.atomic():
        snapshots = _move(task_ids, to, when)
    return snapshots, CHANGED_TIMELINE if to is MailStatus.MAILED else CHANGED


def list_tasks(
    statuses: Iterable[MailStatus] | None = None,
    *,
    prospect_id: int | None = None,
    task_ids: Iterable[int] | None = None,
) -> list[MailRow]:
    """The queue, one query: open work first by due date (undated last), then the rest."""
    query = (
        MailTask.select(
            MailTask,
            Prospect.first_name.alias("p_first"),
            Prospect.last_name.alias("p_last"),
            Prospect.company.alias("p_company"),
        )
        .join(Prospect)
        .where(Prospect.deleted_at.is_null())
    )
    if statuses is not None:
        query = query.where(MailTask.status.in_([s.value for s in statuses]))
    if prospect_id is not None:
        query = query.where(MailTask.prospect == prospect_id)
    if task_ids is not None:
        query = query.where(MailTask.id.in_(list(task_ids)))
    rows = []
    for task in query.objects():
        address = _row_address(task)
        status = MailStatus(task.status)
        # The history's addresses are checked only when those pieces are asked for by id (to print
        # again): on a long history the check costs more than the rest of the list.
        check = task_ids is not None or status in (MailStatus.QUEUED, MailStatus.WRITTEN)
        rows.append(
            MailRow(
                id=task.id,
                prospect_id=task.prospect_id,
                prospect_name=display_name(task.p_first, task.p_last, task.p_company),
                kind=MailKind(task.kind),
                occasion=task.occasion,
                message=task.message,
                envelope=task.envelope,
                due_on=task.due_on,
                status=status,
                address=address,
                created_at=task.created_at,
                written_at=task.written_at,
                mailed_at=task.mailed_at,
                problems=tuple(address_problems(address)) if check else (),
                first_name=task.p_first,
            )
        )
    rows.sort(key=_queue_order)
    return rows


_STATUS_ORDER = {MailStatus.QUEUED: 0, MailStatus.WRITTEN: 1, MailStatus.MAILED: 2}


def _queue_order(row: MailRow) -> tuple:
    """Open work soonest due first (undated last); history after it, the latest on top."""
    rank = _STATUS_ORDER.get(row.status, 3)
    if row.status in (MailStatus.QUEUED, MailStatus.WRITTEN):
        return (rank, row.due_on is None, (row.due_on or date.max).toordinal(), row.id)
    done = row.mailed_at.date() if row.mailed_at else row.due_on or row.created_at.date()
    return (rank, False, -done.toordinal(), -row.id)

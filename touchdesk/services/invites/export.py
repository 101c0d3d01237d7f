"""Next steps written to a calendar file on disk, whole or not at all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path

from touchdesk import files
from touchdesk.domain.vocabulary import ProspectStatus
from touchdesk.domain.wording import count_of
from touchdesk.formats.ics import IcsError, Method, calendar_bytes
from touchdesk.services import settings
from touchdesk.services.invites.build import invite_event, parse_method
from touchdesk.services.invites.rules import (
    ATTACH_BY_HAND,
    GOOGLE_UPDATES,
    refusals,
)
from touchdesk.services.invites.steps import (
    InviteError,
    InviteStep,
    load_steps,
    step_query,
)
from touchdesk.services.invites.wording import (
    seller_zone,
)
from touchdesk.store.db import database
from touchdesk.store.models import NextStep, Prospect


@dataclass(frozen=True)
class ExportResult:
    """What export_steps() wrote, and what it left out and why."""

    path: Path
    method: Method
    count: int
    uids: tuple[str, ...]
    left_out: tuple[str, ...] = ()  # explanations of steps that were not written
    notes: tuple[str, ...] = ()


def _day_start(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0), zone)


def _write_atomically(out: Path, content: bytes) -> None:
    """A reader (or a calendar subscribed to the file) sees the old file or the new, never half."""
    out.parent.mkdir(parents=True, exist_ok=True)
    files.write_bytes(out, content)


def _left_out(steps: Iterable[InviteStep]) -> tuple[list[InviteStep], list[str]]:
    kept, skipped_dnc = [], 0
    for step in steps:
        if step.prospect_status is ProspectStatus.DO_NOT_CONTACT:
            skipped_dnc += 1
        else:
            kept.append(step)
    notes = []
    if skipped_dnc:
        notes.append(
            f"{count_of(skipped_dnc, 'next step')} of prospects who asked not to be contacted "
            "left out."
        )
    return kept, notes


def export_steps(
    out: Path,
    *,
    step_id: int | None = None,
    prospect_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    method: Method | str = Method.PUBLISH,
    include_cancelled: bool = True,
    stamp: datetime | None = None,
) -> ExportResult:
    """Write the chosen steps to `out` (temp file, then os.replace); raises InviteError.

    Days are the seller's. Every step keeps its UID, so exporting the same range again to
    the same file updates the calendar's events rather than adding copies; cancelled and
    withdrawn steps are written as cancelled so calendars that have them mark them so.
    """
    method = parse_method(method)
    with database.atomic():
        profile = settings.load_profile()
        zone = seller_zone(profile)
        query = step_query().where(Prospect.deleted_at.is_null())
        if step_id is not None:
            query = query.where(NextStep.id == step_id)
        if prospect_id is not None:
            query = query.where(NextStep.prospect == prospect_id)
        if start is not None:
            query = query.where(NextStep.due_at >= _day_start(start, zone))
        if end is not None:
            query = query.where(NextStep.due_at < _day_start(end + timedelta(days=1), zone))
        steps = load_steps(query)
    if step_id is not None and not steps:
        raise InviteError("This next step no longer exists, or its prospect is in the trash.")
    if not include_cancelled:
        steps = [step for step in steps if not step.withdrawn()]
    if method is not Method.PUBLISH or step_id is not None:
        if len(steps) != 1:
            raise InviteError(
                "An invitation or a cancellation holds exactly one next step; "
                "export several to add them to your own calendar."
            )
        refused = refusals(steps[0], profile, method)
        if refused:
            raise InviteError(" ".join(refused))
        kept, left_out = steps, []
    else:
        kept, left_out = _left_out(steps)
    if not kept:
        raise InviteError("No next steps in that range: nothing to export.")
    try:
        content = calendar_bytes(
            [invite_event(step, profile, method) for step in kept], method, stamp=stamp
        )
    except IcsError as error:
        raise InviteError(f"This calendar file cannot be made: {error}") from error
    _write_atomically(out, content)
    notes = []
    if method is not Method.PUBLISH:
        notes.append(ATTACH_BY_HAND)
    if any(step.calendar_sequence() > 0 for step in kept):
        notes.append(GOOGLE_UPDATES)
    return ExportResult(
        path=out,
        method=method,
        count=len(kept),
        uids=tuple(step.uid for step in kept),
        left_out=tuple(left_out),
        notes=tuple(notes),
    )


def default_export_name(start: date | None, end: date | None) -> str:
    """'touchdesk-next-steps-2027-03-01-to-2027-03-31.ics'."""
    if start and end:
        return f"touchdesk-next-steps-{start.isoformat()}-to-{end.isoformat()}.ics"
    if start:
        return f"touchdesk-next-steps-from-{start.isoformat()}.ics"
    return "touchdesk-next-steps.ics"

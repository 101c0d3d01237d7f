"""The phone's changes, turned into the follow-up core's calls: a moved event reschedules its
step (the later change wins when both sides moved it), a deleted event and an edited card
become questions for the seller; nothing is cancelled or overwritten silently."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from touchdesk.domain.date_text import dates
from touchdesk.domain.vocabulary import Channel, EventKind, NextStepStatus
from touchdesk.services import settings
from touchdesk.services.dav import state
from touchdesk.services.dav.remote import Changes, fetch
from touchdesk.services.dav.render import (
    CARD,
    EVENT,
    Wanted,
    card_differences,
    read_event,
)
from touchdesk.services.dav.transport import Dav
from touchdesk.services.follow_up import move_step
from touchdesk.store.db import database, utc_now
from touchdesk.store.models import DavItem, NextStep, ProspectEvent


@dataclass
class Pulled:
    moved: list[str] = field(default_factory=list)  # what the calendar moved, in words
    kept: list[str] = field(default_factory=list)  # conflicts TouchDesk's later change won
    asked: int = 0


def _seller_time(moment: datetime) -> str:
    try:
        zone = ZoneInfo(settings.get("time_zone"))
    except (KeyError, ValueError):
        zone = UTC
    return dates().date_time(moment.astimezone(zone))


def _note(prospect_id: int, text: str, now: datetime) -> None:
    ProspectEvent.create(
        prospect=prospect_id, kind=EventKind.CALENDAR.value, occurred_at=now, detail=text
    )


def apply_changes(
    dav: Dav,
    url: str,
    kind: str,
    changes: Changes,
    wanted: dict[int, Wanted],
    pulled: Pulled,
) -> None:
    """Read what changed on the server for our items and act on it, in one transaction."""
    if not changes.changed and not changes.gone and not changes.complete:
        return  # nothing changed there: the usual sync, kept from reading every item
    mine = {
        urlsplit(dav.absolute(url)).path.rstrip("/") + "/" + w.name: i for i, w in wanted.items()
    }
    rows = {row.href: row for row in DavItem.select().where(DavItem.kind == kind)}
    to_read: list[str] = []
    adopted: list[dict] = []
    for href, etag in changes.changed.items():
        row = rows.get(href)
        if row is None:
            local = mine.get(href)
            if local is not None:  # written by a sync that stopped before noting it
                adopted.append(
                    {
                        "kind": kind,
                        "local_id": local,
                        "uid": wanted[local].uid,
                        "href": href,
                        "etag": etag,
                    }
                )
            continue
        if etag and etag == row.etag:
            continue  # our own write coming back
        to_read.append(href)
    if changes.complete:  # a full listing: what we hold that is not listed is gone
        changes.gone |= {
            href for href, row in rows.items() if row.etag and href not in changes.changed
        }
    bodies = fetch(dav, url, to_read, cards=kind == CARD) if to_read else {}
    now = utc_now()
    home = settings.get("home_country")
    with database.atomic():
        known = {row.local_id for row in rows.values()}
        fresh = [a for a in adopted if a["local_id"] not in known]
        if fresh:
            DavItem.insert_many(fresh).on_conflict_ignore().execute()
        for href, (etag, body) in bodies.items():
            row = rows[href]
            if kind == EVENT:
                _event_changed(row, etag, body, wanted, pulled, now)
            else:
                differences = card_differences(row.pushed_body, body, home)
                if differences:
                    pulled.asked += state.ask(state.CARD_EDITED, row.local_id, differences)
                DavItem.update(etag=etag).where(DavItem.id == row.id).execute()
        for href in changes.gone:
            row = rows.get(href)
            if row is None:
                continue
            if kind == EVENT and row.local_id in wanted:
                step = NextStep.get_or_none(NextStep.id == row.local_id)
                detail = {"step": row.local_id, "href": href}
                if step is not None:
                    detail["when"] = _seller_time(step.due_at)
                    detail["channel"] = step.channel
                    detail["purpose"] = step.purpose
                    detail["prospect"] = step.prospect_id
                pulled.asked += state.ask(state.EVENT_DELETED, row.local_id, detail)
                DavItem.update(etag="", pushed_hash="").where(DavItem.id == row.id).execute()
            else:  # gone there: written again if still wanted (a card), else forgotten
                DavItem.delete().where(DavItem.id == row.id).execute()


def _event_changed(
    row: DavItem,
    etag: str,
    body: str,
    wanted: dict[int, Wanted],
    pulled: Pulled,
    now: datetime,
) -> None:
    seen = read_event(body)
    step = NextStep.get_or_none(NextStep.id == row.local_id)
    moved = (
        seen is not None
        and row.remote_start is not None
        and seen.start != row.remote_start.astimezone(UTC)
    )
    if not moved or step is None or step.status != NextStepStatus.OPEN.value:
        DavItem.update(etag=etag).where(DavItem.id == row.id).execute()
        return
    assert seen is not None
    # When the phone wrote its change: its LAST-MODIFIED unless older than our push (a stamp
    # it did not renew, or a clock astray), else now.
    remote_at = seen.changed_at
    pushed_at = row.pushed_at.replace(microsecond=0) if row.pushed_at else None
    if remote_at is None or (pushed_at is not None and remote_at < pushed_at):
        remote_at = now
    local = wanted.get(row.local_id)
    changed_here = local is not None and local.digest != row.pushed_hash
    what = Channel(step.channel).label.lower()
    theirs, ours = _seller_time(seen.start), _seller_time(step.due_at)
    if changed_here and step.updated_at > remote_at:
        _note(
            step.prospect_id,
            f"Your calendar had the {what} at {theirs}; the later change made in TouchDesk "
            f"({ours}) was kept.",
            now,
        )
        pulled.kept.append(f"{what} kept at {ours} (your calendar had {theirs})")
        DavItem.update(etag=etag, remote_start=seen.start).where(DavItem.id == row.id).execute()
        return
    result = move_step(step.id, seen.start)
    text = f"Moved in your calendar: {what} from {ours} to {theirs}."
    if changed_here:
        text += " The earlier change made in TouchDesk was replaced by this later one."
    if result.warning:  # the time policy's word on the new time, in the timeline entry
        text += f" {result.warning}"
    _note(step.prospect_id, text, now)
    pulled.moved.append(text)
    DavItem.update(etag=etag, remote_start=seen.start, remote_changed_at=remote_at).where(
        DavItem.id == row.id
    ).execute()

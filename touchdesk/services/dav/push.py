"""TouchDesk's changes to the server: what differs from what was last written is queued in
order, then sent with If-Match (or If-None-Match for a new item), so nothing the phone changed
since is overwritten blindly and a sync stopped midway never writes an item twice."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from touchdesk.services.dav import state
from touchdesk.services.dav.remote import current_etag
from touchdesk.services.dav.render import CARD, EVENT, Wanted
from touchdesk.services.dav.transport import Dav, DavOffline
from touchdesk.store.db import database, utc_now
from touchdesk.store.models import DavItem, DavPending

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
BATCH = 100  # items whose new state is written in one transaction
_TYPES = {EVENT: "text/calendar; charset=utf-8", CARD: "text/vcard; charset=utf-8"}


@dataclass
class Pushed:
    written: int = 0
    removed: int = 0
    refused: int = 0  # waiting for the next sync (the server's copy changed, or it said no)
    kinds: set[str] = field(default_factory=set)  # what was written to: events, cards


def queue_changes(kind: str, wanted: dict[int, Wanted]) -> None:
    """Put every item whose server copy differs from what TouchDesk has at the queue's end."""
    rows = state.versions(kind)
    waiting = state.blocked(kind)
    writes = [
        local
        for local, item in wanted.items()
        if local not in waiting
        and ((row := rows.get(local)) is None or not row[0] or row[1] != item.digest)
    ]
    # In the order they were made here (whole seconds; ties by id).
    writes.sort(key=lambda local: (wanted[local].changed_at or _EPOCH, local))
    removals = [local for local, (etag, _) in rows.items() if local not in wanted and etag]
    # A removal for an item whose question is open waits for the answer too.
    removals = [local for local in removals if local not in waiting]
    if writes:
        state.enqueue(kind, writes, "put")
    if removals:
        state.enqueue(kind, removals, "delete")


def drain(dav: Dav, urls: dict[str, str], wanted: dict[str, dict[int, Wanted]]) -> Pushed:
    """Send the queue in order; offline, what is left stays for the next sync."""
    done = Pushed()
    queue = state.pending()
    if not queue:
        return done
    rows = {kind: state.items(kind) for kind in (EVENT, CARD)}
    updates: list[tuple[DavPending, dict | None]] = []
    try:
        for entry in queue:
            outcome = _send(
                dav, entry, urls[entry.kind], wanted[entry.kind], rows[entry.kind], done
            )
            updates.append((entry, outcome))
            if outcome is not None:
                done.kinds.add(entry.kind)
            if len(updates) >= BATCH:
                _record(updates)
                updates = []
    finally:
        _record(updates)
    return done


def _send(
    dav: Dav,
    entry: DavPending,
    url: str,
    wanted: dict[int, Wanted],
    rows: dict[int, DavItem],
    done: Pushed,
) -> dict | None:
    """The item's new state ({} to forget it), or None when it stays queued."""
    row = rows.get(entry.local_id)
    item = wanted.get(entry.local_id)
    if item is None:
        if row is None or not row.etag:
            return {}
        reply = dav.request("DELETE", row.href, headers={"If-Match": row.etag})
        if reply.status in (200, 204, 404, 410):
            done.removed += 1
            return {}
        done.refused += 1
        return None
    href = (
        row.href
        if row is not None
        else urlsplit(dav.absolute(url)).path.rstrip("/") + "/" + item.name
    )
    headers = {"Content-Type": _TYPES[entry.kind]}
    if row is not None and row.etag:
        headers["If-Match"] = row.etag
    else:
        headers["If-None-Match"] = "*"
    reply = dav.request("PUT", href, item.body, headers)
    if reply.status == 412 and "If-None-Match" in headers:
        # Already there: written by a sync that stopped before noting it. Overwrite that copy.
        headers.pop("If-None-Match")
        headers["If-Match"] = current_etag(dav, href)
        reply = dav.request("PUT", href, item.body, headers)
    if reply.status not in (200, 201, 204):
        done.refused += 1  # 412: changed there since; the next sync reads it first
        return None
    done.written += 1
    etag = reply.etag() or current_etag(dav, href)  # a server that did not say costs one more
    return {
        "kind": entry.kind,
        "local_id": entry.local_id,
        "uid": item.uid,
        "href": href,
        "etag": etag,
        "pushed_hash": item.digest,
        "pushed_body": item.body.decode("utf-8") if entry.kind == CARD else "",
        "remote_start": item.start,
        "pushed_at": utc_now(),
    }


def _record(updates: list[tuple[DavPending, dict | None]]) -> None:
    if not updates:
        return
    with database.atomic():
        for entry, outcome in updates:
            if outcome is None:
                DavPending.update(tries=DavPending.tries + 1).where(
                    DavPending.id == entry.id
                ).execute()
                continue
            DavPending.delete().where(DavPending.id == entry.id).execute()
            DavItem.delete().where(
                DavItem.kind == entry.kind, DavItem.local_id == entry.local_id
            ).execute()
            if outcome:
                DavItem.insert(outcome).execute()
    updates.clear()


__all__ = ["DavOffline", "Pushed", "drain", "queue_changes"]

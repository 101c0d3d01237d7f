"""The sync's own tables: collections, items, the queue of changes and the questions."""

from __future__ import annotations

import json
from datetime import datetime

from touchdesk.store.db import database, utc_now
from touchdesk.store.models import DavCollection, DavItem, DavPending, DavQuestion

CALENDAR, ADDRESSBOOK = "calendar", "addressbook"
EVENT_DELETED, CARD_EDITED = "event_deleted", "card_edited"


def collection(kind: str) -> DavCollection | None:
    return DavCollection.get_or_none(DavCollection.kind == kind)


def set_collections(calendar_url: str, addressbook_url: str) -> None:
    """A new calendar or address book starts from nothing: its items are pushed again."""
    with database.atomic():
        for kind, url in ((CALENDAR, calendar_url), (ADDRESSBOOK, addressbook_url)):
            row = collection(kind)
            if row is not None and row.url == url:
                continue
            item_kind = "event" if kind == CALENDAR else "card"
            DavItem.delete().where(DavItem.kind == item_kind).execute()
            DavPending.delete().where(DavPending.kind == item_kind).execute()
            DavCollection.delete().where(DavCollection.kind == kind).execute()
            DavCollection.create(kind=kind, url=url)


def forget_everything() -> None:
    with database.atomic():
        for model in (DavItem, DavPending, DavQuestion, DavCollection):
            model.delete().execute()


def items(kind: str) -> dict[int, DavItem]:
    return {row.local_id: row for row in DavItem.select().where(DavItem.kind == kind)}


def versions(kind: str) -> dict[int, tuple[str, str]]:
    """{local id: (ETag, hash of what was pushed)}: all a sync needs to see what changed,
    without reading each item's whole row."""
    query = DavItem.select(DavItem.local_id, DavItem.etag, DavItem.pushed_hash).where(
        DavItem.kind == kind
    )
    return {local: (etag, pushed) for local, etag, pushed in query.tuples()}


def enqueue(kind: str, local_ids: list[int], action: str) -> None:
    """Add changes at the end of the queue; one already waiting keeps its place."""
    now = utc_now()
    rows = [
        {
            "kind": kind,
            "local_id": i,
            "action": action,
            "queued_at": now,
            "tries": 0,
            "last_error": "",
        }
        for i in local_ids
    ]
    with database.atomic():
        for start in range(0, len(rows), 500):
            DavPending.insert_many(rows[start : start + 500]).on_conflict(
                conflict_target=[DavPending.kind, DavPending.local_id],
                update={DavPending.action: action},
            ).execute()


def pending() -> list[DavPending]:
    return list(DavPending.select().order_by(DavPending.id))


def pending_count() -> int:
    return DavPending.select().count()


def open_questions(kind: str | None = None) -> list[DavQuestion]:
    query = DavQuestion.select().where(DavQuestion.answered_at.is_null())
    if kind is not None:
        query = query.where(DavQuestion.kind == kind)
    return list(query.order_by(DavQuestion.id))


def blocked(kind: str) -> set[int]:
    """Items waiting on the seller's answer: nothing is written for them until then."""
    question = EVENT_DELETED if kind == "event" else CARD_EDITED
    return {row.local_id for row in open_questions(question)}


def ask(kind: str, local_id: int, detail: dict) -> bool:
    """Keep one open question per item; a newer sighting refreshes what it says."""
    text = json.dumps(detail, ensure_ascii=False, default=str)
    found = DavQuestion.get_or_none(
        DavQuestion.kind == kind,
        DavQuestion.local_id == local_id,
        DavQuestion.answered_at.is_null(),
    )
    if found is not None:
        DavQuestion.update(detail=text).where(DavQuestion.id == found.id).execute()
        return False
    DavQuestion.create(kind=kind, local_id=local_id, detail=text, asked_at=utc_now())
    return True


def answer(question_id: int, reply: str, when: datetime | None = None) -> None:
    DavQuestion.update(answered_at=when or utc_now(), answer=reply).where(
        DavQuestion.id == question_id
    ).execute()

"""What a sync costs on the wire and what it keeps when the server is away: counted by a
proxy in front of the real servers."""

from __future__ import annotations

import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest

from tests.factories import prospect
from tests.services.dav.helpers import members
from tests.services.dav.proxy import CountingProxy
from touchdesk.formats.ics import calendar_bytes
from touchdesk.formats.vcard import write_vcard
from touchdesk.services.dav import state
from touchdesk.services.dav.connection import connect
from touchdesk.services.dav.remote import NO_SYNC_TOKEN
from touchdesk.services.dav.status import status
from touchdesk.services.dav.sync import sync
from touchdesk.services.follow_up import move_step
from touchdesk.services.next_steps import open_step
from touchdesk.store.models import DavCollection, DavPending

WHEN = datetime(2031, 3, 11, 14, 30, tzinfo=UTC)


@pytest.fixture
def proxied(store, dav_server, file_keyring):
    for n in range(5):
        prospect(f"Person {n}", "Example", due=WHEN + timedelta(days=n), phones=("+12025550100",))
    proxy = CountingProxy(dav_server.url)
    connect(proxy.url, dav_server.user, password=dav_server.password)
    yield proxy
    proxy.stop()


def test_a_sync_with_nothing_changed_costs_one_request_per_collection(proxied):
    assert sync().ok
    proxied.seen.clear()
    assert sync().ok
    assert [method for method, _ in proxied.seen] == ["REPORT", "REPORT"]
    proxied.seen.clear()
    assert sync().ok
    assert len(proxied.seen) == 2


def renders_during(action) -> Counter:
    """How many events and cards `action` renders: calls of the two writers, counted by
    the interpreter's own profile hook (this thread only)."""
    writers = {calendar_bytes.__code__: "events", write_vcard.__code__: "cards"}
    seen: Counter = Counter()

    def hook(frame, event, _arg):
        if event == "call" and frame.f_code in writers:
            seen[writers[frame.f_code]] += 1

    sys.setprofile(hook)
    try:
        action()
    finally:
        sys.setprofile(None)
    return seen


def synced() -> None:
    report = sync()
    assert report.ok, report.error


def test_a_sync_with_nothing_changed_renders_nothing_and_a_change_renders_its_items(proxied):
    synced()
    assert renders_during(synced) == Counter()
    move_step(open_step(2).id, WHEN + timedelta(days=30))
    # The moved step's event, and its prospect's card (its note names the next step).
    assert renders_during(synced) == Counter(events=1, cards=1)
    assert renders_during(synced) == Counter()


def test_without_sync_tokens_an_unchanged_collection_costs_one_request(proxied):
    """Servers without RFC 6578 are read by the collection's tag, then its ETags."""
    sync()
    DavCollection.update(sync_token=NO_SYNC_TOKEN).execute()
    assert sync().ok  # learns the tags
    proxied.seen.clear()
    assert sync().ok
    assert [method for method, _ in proxied.seen] == ["PROPFIND", "PROPFIND"]


def test_offline_changes_wait_in_order_and_go_later(proxied, dav_server):
    assert sync().ok
    steps = [open_step(pid) for pid in (1, 3, 2)]
    for n, step in enumerate(steps):
        if n:
            time.sleep(1.05)  # the store keeps whole seconds: one change per second
        move_step(step.id, WHEN + timedelta(days=20 + n))
    upstream = proxied.upstream
    proxied.upstream = urlsplit("http://127.0.0.1:1/")  # the server is away

    report = sync()
    assert report.offline and "did not answer" in report.error
    waiting = [(row.kind, row.local_id) for row in DavPending.select().order_by(DavPending.id)]
    assert waiting == [("event", step.id) for step in steps] + [("card", pid) for pid in (1, 3, 2)]
    assert "offline" in status().line and "6" in status().line

    proxied.upstream = upstream
    proxied.seen.clear()
    report = sync()
    assert report.ok and report.pending == 0
    puts = [path for method, path in proxied.seen if method == "PUT"]
    assert [path.endswith(".ics") for path in puts] == [True] * 3 + [False] * 3
    starts = sorted(
        body.split("DTSTART;TZID=")[1][:40]
        for _, body in members(dav_server, state.CALENDAR).values()
    )
    assert len(starts) == 5

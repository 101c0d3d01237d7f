"""Where the calendar sync stands, for the status bar and `dav status`: read from the
database alone, so the window can show it without loading the sync itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from touchdesk.domain.date_text import dates
from touchdesk.domain.wording import count_of
from touchdesk.services import settings
from touchdesk.services.accounts import DavAccount, load_dav_account
from touchdesk.services.dav import state
from touchdesk.store.models import DavItem

EVENT, CARD = "event", "card"


@dataclass(frozen=True)
class Status:
    account: DavAccount | None
    calendar: str
    addressbook: str
    last_sync: datetime | None
    error: str
    offline: bool
    pending: int
    questions: int
    events: int
    cards: int

    @property
    def line(self) -> str:
        """One line for the status bar."""
        if self.account is None:
            return "Calendar: not connected"
        if self.offline:
            return f"Calendar: offline, {count_of(self.pending, 'change')} waiting"
        if self.error:
            return "Calendar: sync failing"
        if self.last_sync is None:
            return "Calendar: not synced yet"
        try:
            zone = ZoneInfo(settings.get("time_zone"))
        except (KeyError, ValueError):
            zone = UTC
        return f"Calendar: synced {dates().time(self.last_sync.astimezone(zone))}"


def status() -> Status:
    account = load_dav_account()
    calendar, book = state.collection(state.CALENDAR), state.collection(state.ADDRESSBOOK)
    last = settings.get("dav_status") or {}
    at = datetime.fromisoformat(last["at"]) if last.get("at") else None
    counts = {kind: DavItem.select().where(DavItem.kind == kind).count() for kind in (EVENT, CARD)}
    return Status(
        account,
        calendar.url if calendar else "",
        book.url if book else "",
        at,
        last.get("error", ""),
        bool(last.get("offline")),
        state.pending_count(),
        len(state.open_questions()),
        counts[EVENT],
        counts[CARD],
    )

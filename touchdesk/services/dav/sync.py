"""One sync with the seller's server: read the phone's changes first, then send TouchDesk's;
how it went is kept for the status bar and `touchdesk-cli dav status`."""

from __future__ import annotations

from dataclasses import dataclass, field

from touchdesk.services import settings
from touchdesk.services.accounts import DavAccount, load_dav_account
from touchdesk.services.changes import Change
from touchdesk.services.dav import state
from touchdesk.services.dav.pull import Pulled, apply_changes
from touchdesk.services.dav.push import Pushed, drain, queue_changes
from touchdesk.services.dav.remote import changes_since
from touchdesk.services.dav.render import CARD, EVENT, wanted_cards, wanted_events
from touchdesk.services.dav.transport import Dav, DavError, DavOffline
from touchdesk.services.secrets import SecretUnavailable, resolve_secret
from touchdesk.store.db import database, utc_now
from touchdesk.store.models import DavCollection


class NotConnected(DavError):
    """No server is set: `dav connect` (or Settings) first."""


@dataclass
class SyncReport:
    pulled: Pulled = field(default_factory=Pulled)
    pushed: Pushed = field(default_factory=Pushed)
    pending: int = 0  # changes still waiting for the server
    questions: int = 0  # open questions for the seller
    requests: int = 0
    error: str = ""
    offline: bool = False
    change: Change = Change.NOTHING

    @property
    def ok(self) -> bool:
        return not self.error


def open_connection(account: DavAccount, ask=None) -> Dav:
    password = resolve_secret(account.secret, account.keyring_account, ask)
    return Dav(account.url, account.user, password)


def _wanted(urls: dict[str, str]) -> dict[str, dict]:
    with database.atomic():
        return {EVENT: wanted_events(), CARD: wanted_cards(urls[CARD])}


def _pull(dav: Dav, kind: str, wanted: dict, report: SyncReport) -> None:
    row = state.collection(state.CALENDAR if kind == EVENT else state.ADDRESSBOOK)
    found = changes_since(dav, row.url, row.sync_token, row.ctag)
    apply_changes(dav, row.url, kind, found, wanted, report.pulled)
    DavCollection.update(
        sync_token=found.token, ctag=found.ctag or row.ctag, synced_at=utc_now()
    ).where(DavCollection.id == row.id).execute()


def sync(dav: Dav | None = None, ask=None) -> SyncReport:
    """Pull, then push; offline or failing, what is waiting stays in the database."""
    account = load_dav_account()
    calendar, book = state.collection(state.CALENDAR), state.collection(state.ADDRESSBOOK)
    if account is None or calendar is None or book is None:
        raise NotConnected("No calendar server is connected: run `touchdesk-cli dav connect`.")
    report = SyncReport()
    urls = {EVENT: calendar.url, CARD: book.url}
    try:
        wanted = _wanted(urls)
        # Queued before the server is asked anything: offline, the changes wait in order.
        for kind in (EVENT, CARD):
            queue_changes(kind, wanted[kind])
        dav = dav or open_connection(account, ask)
        for kind in (EVENT, CARD):
            _pull(dav, kind, wanted[kind], report)
        if report.pulled.moved or report.pulled.asked:
            report.change |= Change.NEXT_STEPS | Change.TOUCHES
            wanted = _wanted(urls)  # the moved steps are written back with their new time
            for kind in (EVENT, CARD):
                queue_changes(kind, wanted[kind])
        report.pushed = drain(dav, urls, wanted)
        for kind in report.pushed.kinds:
            # Our own writes read back at once, so the token is past them: a server may
            # report an item made and deleted since an older token as no change at all.
            _pull(dav, kind, wanted[kind], report)
    except DavOffline as error:
        report.error, report.offline = str(error), True
    except (DavError, SecretUnavailable) as error:
        report.error = str(error)
    finally:
        report.requests = dav.requests if dav is not None else 0
        report.pending = state.pending_count()
        report.questions = len(state.open_questions())
        settings.put(
            "dav_status",
            {
                "at": utc_now().isoformat(),
                "error": report.error,
                "offline": report.offline,
                "pending": report.pending,
                "questions": report.questions,
            },
        )
    return report

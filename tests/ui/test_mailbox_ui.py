"""The mailbox in the window: the settings dialog's connection test, the background sync with
its status-bar faults and back-off, and the offered contacts — against a real Dovecot."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from tests.mail_servers import Dovecot, email_message, free_port
from tests.services.mailbox.helpers import SELLER, account_for
from touchdesk.domain.prospects import ProspectInput
from touchdesk.services import settings
from touchdesk.services.accounts import Endpoint, load_mail_account, save_mail_account
from touchdesk.services.mailbox.sync import OfferedContact
from touchdesk.services.prospects import add_prospect
from touchdesk.services.secrets import stored_password
from touchdesk.store.models import ContactPoint, Prospect
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.mailbox.dialog import MailboxDialog
from touchdesk.ui.mailbox.offers import OffersDialog
from touchdesk.ui.mailbox.sync_runner import MailSync, retry_delay


def fill(dialog: MailboxDialog, server: Dovecot, password: str) -> None:
    dialog.imap_host.setText(server.host)
    dialog.imap_port.setValue(server.port)
    dialog.smtp_host.setText(server.host)
    dialog.user.setText(server.user)
    dialog.password.setText(password)


def test_test_connection_says_connected_or_exactly_what_failed(qtbot, store, dovecot):
    dialog = MailboxDialog()
    qtbot.addWidget(dialog)
    fill(dialog, dovecot, "wrong")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=20_000)
    assert "refused the sign-in of seller" in dialog.result.text()
    fill(dialog, dovecot, dovecot.password)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=20_000)
    assert dialog.result.text().startswith("Connected to 127.0.0.1")


def test_saving_keeps_the_account_and_the_password_in_the_keyring(
    qtbot, store, dovecot, file_keyring
):
    dialog = MailboxDialog()
    qtbot.addWidget(dialog)
    fill(dialog, dovecot, dovecot.password)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    account = load_mail_account()
    assert account is not None and account.imap.port == dovecot.port
    assert stored_password(account.keyring_account) == dovecot.password


def test_a_background_sync_logs_the_reply_and_says_so(qtbot, store, dovecot):
    settings.put("seller_email", SELLER)
    ann = add_prospect(ProspectInput(first_name="Ann", emails=("ann@acme.test",)))
    dovecot.append(email_message("ann@acme.test", SELLER, "Re: hi", "Yes.", datetime.now(UTC)))
    save_mail_account(account_for(dovecot))
    told: list[str] = []
    sync = MailSync(ChangeBus(), lambda message, timeout_ms=8000: told.append(message))
    with qtbot.waitSignal(sync.synced, timeout=30_000) as synced:
        assert sync.sync_now()
    assert synced.args[0].stored == 1
    assert told[-1].startswith("Mail synced: 1 email with prospects stored")
    assert Prospect.get_by_id(ann).touch_count == 1


def test_an_unreachable_server_is_said_and_the_next_try_backs_off(qtbot, store):
    account = account_for_closed_port()
    save_mail_account(account)
    told: list[str] = []
    sync = MailSync(ChangeBus(), lambda message, timeout_ms=8000: told.append(message))
    for failures in (1, 2):
        with qtbot.waitSignal(sync.faulted, timeout=30_000):
            sync.sync_now()
        assert sync.failures == failures
        assert sync.timer.interval() == retry_delay(failures)
    assert "server unreachable" in told[-1] and "Next try in 2 min" in told[-1]
    assert retry_delay(1) < retry_delay(2) < retry_delay(3) and retry_delay(20) == 3_600_000


def account_for_closed_port():
    from touchdesk.services.accounts import MailAccount
    from touchdesk.services.secrets import SecretSource

    port = free_port()
    return MailAccount(
        Endpoint("127.0.0.1", port, "none"),
        Endpoint("127.0.0.1", 1, "none"),
        "u",
        SecretSource("password_command", "echo secret"),
    )


@pytest.mark.parametrize("accepted", [True, False])
def test_an_offered_contact_becomes_a_prospect_only_when_ticked(qtbot, store, accepted):
    colleague = add_prospect(ProspectInput(first_name="Ann", company="Acme"))
    offer = OfferedContact("dee@acme.test", "Dee Mint", "Acme", (colleague,))
    dialog = OffersDialog([offer])
    qtbot.addWidget(dialog)
    if accepted:
        dialog.tick(0)
    dialog.add_ticked()
    emails = [row.value for row in ContactPoint.select().where(ContactPoint.kind == "email")]
    assert emails == (["dee@acme.test"] if accepted else [])
    if accepted:
        added = Prospect.get_by_id(dialog.added[0])
        assert (added.first_name, added.last_name, added.company) == ("Dee", "Mint", "Acme")


def test_today_shows_who_replied_at_the_top_until_the_seller_answers(qtbot, store):
    from PySide6.QtGui import QUndoStack

    from touchdesk.domain.timeline import TouchInput
    from touchdesk.domain.vocabulary import Channel, Direction, Outcome
    from touchdesk.services.follow_up import record_touch
    from touchdesk.services.mailbox.parsing import ParsedEmail
    from touchdesk.services.mailbox.record import record_email
    from touchdesk.ui.today.page import TodayPage

    ann = add_prospect(ProspectInput(first_name="Ann", last_name="Lee", emails=("a@acme.test",)))
    now = datetime.now(UTC)
    reply = ParsedEmail("<r1@acme.test>", now, "Re: hi", "a@acme.test", SELLER, "", "", "",
                        "Yes.", ())  # fmt: skip
    record_email(ann, reply, Direction.IN, "INBOX")
    page = TodayPage(ChangeBus(), QUndoStack())
    qtbot.addWidget(page)
    assert page.replied.isVisibleTo(page) and page.replied.names == ["Ann Lee"]
    with qtbot.waitSignal(page.open_prospect) as opened:
        page.replied.linkActivated.emit(str(ann))
    assert opened.args == [ann]
    later = TouchInput(Channel.CALL, now + timedelta(hours=1),
                       Direction.OUT, Outcome.TALKED)  # fmt: skip
    record_touch(ann, later, later.occurred_at)
    page.reload()
    assert not page.replied.isVisibleTo(page)


def test_the_window_keeps_turning_while_the_mail_syncs(qtbot, store, dovecot):
    import threading
    import time

    from PySide6.QtCore import QTimer

    from touchdesk.services.mailbox.sync import sync_mailbox

    settings.put("seller_email", SELLER)
    add_prospect(ProspectInput(first_name="Ann", emails=("ann@acme.test",)))
    now = datetime.now(UTC)
    dovecot.append(
        [email_message("ann@acme.test" if n % 3 == 0 else f"x{n}@else.test", SELLER, f"S{n}",
                       "Text.", now - timedelta(minutes=n)) for n in range(300)]
    )  # fmt: skip
    save_mail_account(account_for(dovecot))
    threads: list[int] = []

    def run(account, **options):
        threads.append(threading.get_ident())
        return sync_mailbox(account, **options)

    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    sync = MailSync(ChangeBus(), lambda message, timeout_ms=8000: None, run=run)
    timer.start(10)
    started = time.monotonic()
    with qtbot.waitSignal(sync.synced, timeout=60_000) as synced:
        sync.sync_now()
    ended = time.monotonic()
    timer.stop()
    assert synced.args[0].stored == 100
    assert threads and threads[0] != threading.get_ident()
    during = [tick for tick in ticks if started <= tick <= ended]
    # At least every other 10 ms tick came while the sync ran, however long it took: a sync
    # that held the window would let none through (a fixed count failed once the sync got
    # faster than five ticks).
    assert len(during) >= int((ended - started) / 0.010) // 2, "the window froze while syncing"


def _sync_code() -> set:
    """The code objects of the sync's work: connecting, reading headers and bodies, recording."""
    from touchdesk.services import follow_up, timeline
    from touchdesk.services.mailbox import connection, parsing, record, sync

    functions = [
        sync.sync_mailbox, sync._store, sync._record, sync._Classifier.take,
        connection.open_mailbox.__wrapped__,  # the function itself, not contextlib's wrapper
        parsing.envelope, parsing.parse_email, record.record_email,
        follow_up.record_touch, timeline.log_touch,
    ]  # fmt: skip
    return {function.__code__ for function in functions}


@contextmanager
def sync_code_run_here() -> Iterator[list[str]]:
    """Which of the sync's functions this thread (only this one) runs inside the block."""
    watched, seen = _sync_code(), []

    def profile(frame, event, arg) -> None:
        if event == "call" and frame.f_code in watched:
            seen.append(frame.f_code.co_name)

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield seen
    finally:
        sys.setprofile(previous)


def test_the_window_thread_runs_none_of_the_sync(qtbot, store, dovecot):
    """Load-independent: whatever the machine's speed, the GUI thread never runs sync code,
    so it turns as freely as it would with no sync at all."""
    settings.put("seller_email", SELLER)
    ann = add_prospect(ProspectInput(first_name="Ann", emails=("ann@acme.test",)))
    now = datetime.now(UTC)
    dovecot.append(
        [email_message("ann@acme.test" if n % 2 else f"x{n}@else.test", SELLER, f"S{n}", "Text.",
                       now - timedelta(minutes=n)) for n in range(40)]
    )  # fmt: skip
    save_mail_account(account_for(dovecot))
    sync = MailSync(ChangeBus(), lambda message, timeout_ms=8000: None)
    with sync_code_run_here() as on_window_thread:
        with qtbot.waitSignal(sync.synced, timeout=60_000) as synced:
            assert sync.sync_now()
    assert synced.args[0].stored == 20 and Prospect.get_by_id(ann).touch_count == 20
    assert on_window_thread == []


def test_the_watch_on_the_window_thread_would_see_a_sync_run_there(store, dovecot):
    """The watch above can see: the same sync called on this thread is caught."""
    from touchdesk.services.mailbox.sync import sync_mailbox

    settings.put("seller_email", SELLER)
    add_prospect(ProspectInput(first_name="Ann", emails=("ann@acme.test",)))
    dovecot.append(email_message("ann@acme.test", SELLER, "Re: hi", "Yes.", datetime.now(UTC)))
    with sync_code_run_here() as here:
        sync_mailbox(account_for(dovecot))
    assert {"sync_mailbox", "open_mailbox", "envelope", "record_email", "log_touch"} <= set(here)


def test_enter_on_an_email_touch_opens_its_text_and_can_go_on_to_edit(qtbot, store):
    from PySide6.QtGui import QUndoStack

    from tests.ui.helpers import when_modal
    from touchdesk.domain.vocabulary import Direction
    from touchdesk.services.mailbox.parsing import ParsedEmail
    from touchdesk.services.mailbox.record import record_email
    from touchdesk.ui.mailbox.email_view import EmailDialog
    from touchdesk.ui.prospect.log_touch_dialog import LogTouchDialog
    from touchdesk.ui.prospect.page import ProspectPage

    ann = add_prospect(ProspectInput(first_name="Ann", emails=("a@acme.test",)))
    body = "Thanks for the quote.\n\nCould we talk on Tuesday?\n\nAnn"
    reply = ParsedEmail("<r2@acme.test>", datetime.now(UTC), "Re: quote", "a@acme.test",
                        SELLER, "", "", "", body, ("terms.pdf",))  # fmt: skip
    record_email(ann, reply, Direction.IN, "INBOX")
    page = ProspectPage(ChangeBus(), QUndoStack(), lambda message: None)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.show_prospect(ann)
    qtbot.waitExposed(page)
    model = page.timeline_model
    shown = [model.index(r, 2).data() for r in range(model.rowCount())]  # the Note column
    row = next(r for r, text in enumerate(shown) if text and "Re: quote" in text)
    assert shown[row] == "Re: quote Thanks for the quote. Could we talk on Tuesday?"
    page.timeline_view.selectRow(row)
    seen: list[str] = []

    def read(dialog):
        seen.append(dialog.text.toPlainText())
        dialog.reject()

    when_modal(qtbot, read, EmailDialog)
    page.edit_entry()  # what Enter and a double click run (test_prospect_page)
    assert seen == [body]

    def go_on(dialog):
        when_modal(qtbot, lambda edit: (seen.append("edit"), edit.reject()), LogTouchDialog)
        dialog.done(EmailDialog.EDIT)

    when_modal(qtbot, go_on, EmailDialog)
    page.edit_entry()  # what Enter and a double click run (test_prospect_page)
    assert seen[-1] == "edit"


def test_without_a_keyring_the_password_is_asked_once_a_session(qtbot, store, dovecot, no_keyring):
    import dataclasses

    from touchdesk.services.secrets import SecretSource

    save_mail_account(dataclasses.replace(account_for(dovecot), secret=SecretSource()))
    told: list[str] = []
    asked: list[str] = []
    sync = MailSync(ChangeBus(), lambda message, timeout_ms=8000: told.append(message))
    sync.ask_password = lambda user: asked.append(user) or dovecot.password
    assert not sync.sync_now(asked=False)  # the timer never interrupts with a question
    assert "waits for your password" in told[-1] and asked == []
    for _ in range(2):
        with qtbot.waitSignal(sync.synced, timeout=30_000):
            assert sync.sync_now()
    assert asked == ["seller"]  # once, then kept for the session (in memory only)

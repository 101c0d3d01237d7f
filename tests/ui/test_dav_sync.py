"""The window syncs the calendar off the GUI thread, says how it went in the status bar, asks
about an event deleted on the phone, and connects from its own dialog (a real Radicale)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.factories import prospect
from tests.services.dav.helpers import members, phone_delete
from tests.services.dav.servers import start, stop
from tests.ui.helpers import type_text, when_modal
from touchdesk.services.accounts import load_dav_account
from touchdesk.services.dav import state
from touchdesk.services.dav.connection import connect
from touchdesk.services.next_steps import open_step
from touchdesk.ui.dav.connect_dialog import DavDialog
from touchdesk.ui.dav.questions_dialog import QuestionsDialog

WHEN = datetime(2031, 3, 11, 14, 30, tzinfo=UTC)


@pytest.fixture
def radicale(tmp_path):
    server, process = start("radicale", tmp_path / "radicale")
    yield server, process
    stop(process)


def _sync(qtbot, window) -> None:
    window.dav_actions.sync_now(quiet=True)
    qtbot.waitUntil(lambda: not window.dav_actions.running.running(), timeout=60_000)
    qtbot.waitUntil(lambda: "syncing" not in window.dav_actions.label.text(), timeout=10_000)


def test_background_sync_status_and_the_deleted_event_question(
    qtbot, window, radicale, file_keyring
):
    radicale, _ = radicale
    pid = prospect("Hannah", "Whitfield", due=WHEN, purpose="Follow up on voicemail")
    connect(radicale.url, radicale.user, password=radicale.password)
    _sync(qtbot, window)
    assert window.dav_actions.label.text().startswith("Calendar: synced")
    ((href, (etag, _)),) = members(radicale, state.CALENDAR).items()

    phone_delete(radicale, href, etag)
    _sync(qtbot, window)
    assert "1 question" in window.dav_actions.label.text()

    def put_back(dialog: QuestionsDialog) -> None:
        assert "deleted in your calendar" in dialog.list.currentItem().text()
        assert dialog.first.text() == "Put it &back"
        dialog.first.click()
        assert dialog.list.count() == 0
        dialog.reject()

    when_modal(qtbot, put_back, QuestionsDialog)
    window.dav_actions.answer()
    assert open_step(pid) is not None  # never cancelled by the phone
    _sync(qtbot, window)
    assert len(members(radicale, state.CALENDAR)) == 1


def test_the_status_bar_says_offline_with_changes_waiting(qtbot, window, radicale, file_keyring):
    radicale, process = radicale
    prospect("Hannah", "Whitfield", due=WHEN)
    connect(radicale.url, radicale.user, password=radicale.password)
    _sync(qtbot, window)
    prospect("Sam", "Lee", due=WHEN)
    stop(process)  # the server goes away
    _sync(qtbot, window)
    assert "offline" in window.dav_actions.label.text()
    assert "2 changes waiting" in window.dav_actions.label.text()


def test_connecting_from_the_dialog(qtbot, window, radicale, file_keyring):
    radicale, _ = radicale

    def fill(dialog: DavDialog) -> None:
        type_text(qtbot, dialog.url, radicale.url)
        type_text(qtbot, dialog.user, radicale.user)
        type_text(qtbot, dialog.password, radicale.password)
        dialog.find.click()
        assert "Found 0 calendars" in dialog.message.text()
        dialog.connect_account()

    when_modal(qtbot, fill, DavDialog)
    window.dav_actions.open()
    account = load_dav_account()
    assert account is not None and account.user == radicale.user
    qtbot.waitUntil(lambda: not window.dav_actions.running.running(), timeout=60_000)

"""Writing and sending from the window against a real SMTP server: the compose dialog sends
now or queues for the slot, the sender sends at the minute a test's clock says, a missed
email is asked about, and the outbox lists what waits with the server's answer."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from tests.services.outbox.helpers import HANNAH, NOW, connect, hannah
from tests.ui.helpers import when_modal
from touchdesk.domain.outbox import OutboxStatus
from touchdesk.services.next_steps import open_step
from touchdesk.services.outbox.compose import compose, suggested_slot
from touchdesk.services.outbox.queue import get, queue, waiting
from touchdesk.services.outbox.sending import send_due
from touchdesk.store.models import OutboxEmail, Touch
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.outbox.compose_dialog import ComposeDialog
from touchdesk.ui.outbox.outbox_dialog import OutboxDialog
from touchdesk.ui.outbox.sender import OutboxSender

MINUTE = timedelta(minutes=1)


def test_compose_sends_now_with_the_chase_quoted_and_the_subject_edited(
    qtbot, workspace, file_keyring, smtp_server
):
    connect(smtp_server)
    pid = hannah(plan="Email chase")
    first_at = open_step(pid).due_at
    queue(compose(pid, now=first_at).edited(message="Hi Hannah,\nthe proposal."), None, first_at)
    send_due(first_at)
    dialog = ComposeDialog(compose(pid), None, "")
    qtbot.addWidget(dialog)
    assert "> the proposal." in dialog.quoted.toPlainText()
    assert dialog.to.text() == HANNAH
    assert not dialog.send_later_button.isEnabled()
    dialog.subject.clear()
    qtbot.keyClicks(dialog.subject, "Re: the proposal")
    qtbot.mouseClick(dialog.send_now_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=15000)
    assert dialog.said == f"Sent to Hannah Whitfield <{HANNAH}>."
    second = smtp_server.messages[-1]
    assert second.message["Subject"] == "Re: the proposal"
    assert second.message["In-Reply-To"] == OutboxEmail.get_by_id(1).message_id
    assert "> the proposal." in second.text
    assert Touch.select().count() == 2


def test_a_refusal_is_shown_in_the_dialog_and_the_email_stays(
    qtbot, workspace, file_keyring, smtp_server
):
    connect(smtp_server)
    smtp_server.inbox.refuse.add(HANNAH)
    dialog = ComposeDialog(compose(hannah()), None, "")
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.send_now_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.problem.isVisibleTo(dialog), timeout=15000)
    assert "550 5.1.1" in dialog.problem.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert [entry.status for entry in waiting()] == [OutboxStatus.FAILED]
    smtp_server.inbox.refuse.clear()
    qtbot.mouseClick(dialog.send_now_button, Qt.MouseButton.LeftButton)  # the same, again
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=15000)
    assert len(smtp_server.messages) == 1 and waiting() == []


def test_send_at_the_slot_then_the_sender_sends_at_that_minute_not_before(
    qtbot, workspace, file_keyring, smtp_server
):
    connect(smtp_server)
    pid = hannah()
    slot = suggested_slot(pid, NOW)
    dialog = ComposeDialog(compose(pid, now=NOW), slot, "Mon 07 Dec 08:30")
    qtbot.addWidget(dialog)
    assert dialog.send_later_button.text() == "Send &at Mon 07 Dec 08:30"
    qtbot.mouseClick(dialog.send_later_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    [queued] = waiting()
    assert queued.send_at == slot
    clock = [slot - MINUTE]
    sender = OutboxSender(ChangeBus(), clock=lambda: clock[0])
    with qtbot.waitSignal(sender.reported, timeout=15000) as before:
        assert sender.check()
    assert before.args[0].sent == [] and smtp_server.messages == []
    clock[0] = slot
    with qtbot.waitSignal(sender.reported, timeout=15000) as at_slot:
        assert sender.check()
    assert [i.id for i in at_slot.args[0].sent] == [queued.id]
    assert len(smtp_server.messages) == 1
    assert not sender.check()  # nothing left: no worker started
    sender.stop()


def test_a_missed_email_is_asked_about_and_sent_now_when_the_seller_says(
    qtbot, window, file_keyring, smtp_server
):
    connect(smtp_server)
    pid = hannah()
    slot = suggested_slot(pid, NOW)
    outbox_id = queue(compose(pid, now=NOW), slot, NOW)
    send_due(slot + timedelta(hours=2))  # nothing ran at the minute
    assert get(outbox_id).status is OutboxStatus.MISSED
    asked: list[str] = []

    def send_now(box: QMessageBox) -> None:
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == "Send &now").click()

    when_modal(qtbot, send_now, QMessageBox)
    actions = window.outbox_actions
    with qtbot.waitSignal(actions.sender.reported, timeout=15000):
        actions.ask_about_missed([get(outbox_id)])
    assert "was not sent" in asked[0] and "Hannah Whitfield" in asked[0]
    assert get(outbox_id).status is OutboxStatus.SENT
    assert len(smtp_server.messages) == 1


def test_the_outbox_lists_a_failed_email_with_the_servers_answer(
    qtbot, workspace, file_keyring, smtp_server
):
    connect(smtp_server, password="wrong")
    outbox_id = queue(compose(hannah(), now=NOW), None, NOW)
    send_due(NOW)
    bus = ChangeBus()
    dialog = OutboxDialog(bus, NOW.tzinfo)
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "Failed"
    assert "refused the sign-in" in model.index(0, 4).data()
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert model.rowCount() == 0 and OutboxEmail.get_or_none(OutboxEmail.id == outbox_id) is None


def test_the_prospect_page_offers_write_email_for_a_due_email_step(
    qtbot, window, file_keyring, smtp_server
):
    connect(smtp_server)
    pid = hannah(plan="Email chase")
    window.open_prospect(pid)
    page = window.prospect
    assert page.words.write_button.isVisibleTo(page)
    seen: list[str] = []

    def look(dialog: QDialog) -> None:
        seen.append(dialog.windowTitle())
        dialog.reject()

    when_modal(qtbot, look, ComposeDialog)
    qtbot.mouseClick(page.words.write_button, Qt.MouseButton.LeftButton)
    assert seen == ["Email to Hannah Whitfield"]
    titles = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "&Write email…" in titles and "&Outbox…" in titles


def test_write_email_from_today_writes_to_the_selected_call(qtbot, window, file_keyring):
    from datetime import UTC, datetime

    from tests.factories import days, prospect
    from touchdesk.services.changes import Change

    now = datetime.now(UTC)
    prospect("Olive", "Other", due=now - days(2))
    wanted = prospect("Nora", "Next", emails=("nora@next.test",), due=now - days(1))
    window.bus.publish(Change.EVERYTHING)
    window.go_to("Today")
    ids = lambda: [call.prospect_id for call in window.today.calls_model.rows_loaded()]  # noqa: E731
    qtbot.waitUntil(lambda: wanted in ids())
    window.today.calls.selectRow(ids().index(wanted))
    seen = []

    def answer(dialog: ComposeDialog) -> None:
        seen.append(dialog.to.text())
        dialog.reject()

    when_modal(qtbot, answer, ComposeDialog)
    window.outbox_actions.write_action.trigger()
    qtbot.waitUntil(lambda: seen != [])
    assert seen == ["nora@next.test"]


def test_without_a_keyring_send_now_asks_the_password_then_sends(
    qtbot, workspace, no_keyring, smtp_server
):
    from PySide6.QtWidgets import QInputDialog

    from tests.smtp_server import PASSWORD

    connect(smtp_server)  # the keyring keeps nothing: there is none
    pid = hannah()
    dialog = ComposeDialog(compose(pid), None, "")
    qtbot.addWidget(dialog)

    def answer(box: QInputDialog) -> None:
        box.setTextValue(PASSWORD)
        box.accept()

    when_modal(qtbot, answer, QInputDialog)
    qtbot.mouseClick(dialog.send_now_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=15000)
    assert [m.rcpt_tos for m in smtp_server.messages] == [(HANNAH,)]

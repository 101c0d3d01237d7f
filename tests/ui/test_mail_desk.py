"""The mail desk driven as a seller would: queue from a prospect, mail it, undo, print."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QProgressDialog

from tests.factories import prospect
from tests.ui.helpers import when_modal
from touchdesk.domain.vocabulary import Channel, MailKind, MailStatus, ProspectStatus
from touchdesk.services.changes import Change
from touchdesk.services.mail_queue import list_tasks, queue_many
from touchdesk.services.statuses import set_status
from touchdesk.services.timeline import timeline
from touchdesk.ui.mail.print_dialog import MailPrintDialog
from touchdesk.ui.mail.task_dialog import MailTaskDialog

SPRINGFIELD = dict(
    street="1 Elm St", city="Springfield", region="IL", postal_code="62701", country_code="US"
)


def mail_touches(prospect_id: int):
    return [e for e in timeline(prospect_id) if e.channel is Channel.NOTE]


def show_mail_page(qtbot, window):
    window.go_to("Mail")
    page = window.mail
    assert window.pages.currentWidget() is page
    return page


def test_queue_from_the_prospect_page_mark_mailed_and_undo(qtbot, window):
    pid = prospect("Ann", "Lee", "Lee & Co", **SPRINGFIELD)
    window.bus.publish(Change.PROSPECTS)
    window.open_prospect(pid)
    seen = {}

    def fill(dialog: MailTaskDialog) -> None:
        seen["message"] = dialog.message.toPlainText()
        seen["city"] = dialog.fields["city"].text()
        dialog.occasion.clear()
        qtbot.keyClicks(dialog.occasion, "After the demo")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    when_modal(qtbot, fill, MailTaskDialog)
    qtbot.keyClick(window.prospect, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert seen["message"].startswith("Dear Ann,") and seen["city"] == "Springfield"
    [task] = list_tasks()
    assert (task.kind, task.occasion, task.status) == (
        MailKind.NOTE,
        "After the demo",
        MailStatus.QUEUED,
    )

    page = show_mail_page(qtbot, window)
    assert page.model.rowCount() == 1
    window.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    first = page.table.visualRect(page.model.index(0, 3)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=first)
    assert page.selected_ids() == [task.id]
    qtbot.keyClick(page.table, Qt.Key.Key_M)
    assert list_tasks()[0].status is MailStatus.MAILED
    [touch] = mail_touches(pid)
    assert "After the demo" in touch.detail
    assert page.model.rowCount() == 0  # the to-do filter no longer shows it

    window.undo_action.trigger()
    assert mail_touches(pid) == []
    assert list_tasks()[0].status is MailStatus.QUEUED
    assert page.model.rowCount() == 1
    window.undo_action.trigger()  # the queueing itself
    assert list_tasks() == []
    window.redo_action.trigger()
    assert [t.id for t in list_tasks()] == [task.id]


def test_do_not_contact_is_refused_before_writing_anything(qtbot, window):
    pid = prospect("Dana", "Stop", **SPRINGFIELD)
    set_status(pid, ProspectStatus.DO_NOT_CONTACT)
    window.bus.publish(Change.PROSPECTS)
    window.open_prospect(pid)
    said = {}

    def read(box: QMessageBox) -> None:
        said["text"] = box.text()
        box.accept()

    when_modal(qtbot, read, QMessageBox)
    window.prospect.mail_action.trigger()
    assert "asked not to be contacted" in said["text"]
    assert list_tasks() == []


def test_the_seasonal_run_from_selected_board_cards(qtbot, window):
    ann = prospect("Ann", "Lee", **SPRINGFIELD)
    bob = prospect("Bob", "Ray", **SPRINGFIELD)
    stop = prospect("Cy", "Stop", **SPRINGFIELD)
    set_status(stop, ProspectStatus.DO_NOT_CONTACT)
    window.bus.publish(Change.PROSPECTS)
    window.go_to("Board")
    board = window.board
    board.show_inactive.setChecked(True)
    selection = board.view.selectionModel()
    for pid in (ann, bob, stop):
        selection.select(board.model.index_of(pid), selection.SelectionFlag.Select)
    said = {}

    def kind(dialog: QInputDialog) -> None:
        assert dialog.comboBoxItems()[1] == "Card"
        dialog.setTextValue("Card")
        dialog.accept()
        when_modal(qtbot, occasion, QInputDialog)

    def occasion(dialog: QInputDialog) -> None:
        dialog.setTextValue("Season's greetings 2026")
        dialog.accept()
        when_modal(qtbot, report, QMessageBox)

    def report(box: QMessageBox) -> None:
        said["text"] = box.text()
        box.accept()

    when_modal(qtbot, kind, QInputDialog)
    board.queue_mail_action.trigger()
    tasks = list_tasks()
    assert {t.prospect_id for t in tasks} == {ann, bob}
    assert {t.kind for t in tasks} == {MailKind.CARD}
    assert {t.occasion for t in tasks} == {"Season's greetings 2026"}
    assert "1 left out" in said["text"] and "Cy Stop" in said["text"]


def test_print_dialog_saves_labels_and_names_what_was_left_out(qtbot, window, tmp_path):
    ok = [prospect(f"P{n}", "Lee", **SPRINGFIELD) for n in range(3)]
    bad = prospect("No", "City", street="1 Elm St", country_code="US")
    queue_many([*ok, bad], MailKind.CARD, "Greetings")
    dialog = MailPrintDialog(None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.outputs.button(2), Qt.MouseButton.LeftButton)  # Labels
    assert dialog.output().value == "labels"
    assert dialog.summary.text() == "3 pieces to print. 1 left out:"
    assert "No City" in dialog.left_out.item(0).text()
    assert "No city (required for United States)" in dialog.left_out.item(0).text()
    dialog.sheet.setCurrentIndex(dialog.sheet.findData("avery-5163"))
    dialog.start.setValue(9)
    out = dialog.save_pdf(str(tmp_path / "labels.pdf"))
    reader = PdfReader(out)
    assert len(reader.pages) == 2  # labels 9 and 10, then one on a fresh sheet
    # The nudge and choices are kept for next time.
    assert MailPrintDialog(None, window).output().value == "labels"


def test_long_runs_report_progress_while_painting(qtbot, window, tmp_path, monkeypatch):
    import threading

    from touchdesk.ui.mail import print_dialog

    people = [prospect(f"P{n}", "Lee", **SPRINGFIELD) for n in range(500)]
    queue_many(people, MailKind.CARD, "Greetings")
    dialog = MailPrintDialog(None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.outputs.button(1), Qt.MouseButton.LeftButton)  # Envelopes
    # The worker pauses after its first pieces until the seller's view has been read, so the
    # moment "some painted, not all" is met however fast or loaded the machine is.
    seen_midway = threading.Event()
    paint = print_dialog.paint_mail

    def paused(device, run, progress):
        def report(done: int, total: int) -> None:
            progress(done, total)
            if done >= 10:
                seen_midway.wait(30)

        return paint(device, run, report)

    monkeypatch.setattr(print_dialog, "paint_mail", paused)
    shown: list[int] = []

    def watch(progress: QProgressDialog) -> None:  # the worker's progress, as the seller sees it
        qtbot.waitUntil(lambda: progress.value() > 0, timeout=30_000)
        shown.append(progress.value())
        seen_midway.set()

    when_modal(qtbot, watch, QProgressDialog)
    dialog.save_pdf(str(tmp_path / "env.pdf"))
    seen_midway.set()
    assert any(0 < value < 500 for value in shown), shown[-5:]
    assert len(PdfReader(tmp_path / "env.pdf").pages) == 500


def test_a_custom_label_grid_is_checked_and_printed(qtbot, window, tmp_path):
    queue_many([prospect(f"P{n}", "Lee", **SPRINGFIELD) for n in range(5)], MailKind.CARD, "Hi")
    dialog = MailPrintDialog(None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.outputs.button(2), Qt.MouseButton.LeftButton)  # Labels
    dialog.sheet.setCurrentIndex(dialog.sheet.findData("custom"))
    assert dialog.custom.isVisible()
    spins = dialog.custom.spins
    spins["columns"].setValue(2)
    spins["rows"].setValue(2)
    spins["pitch_across_mm"].setValue(50)  # narrower than the 63.5 mm label: they overlap
    assert not dialog.pdf_button.isEnabled()
    assert "overlap" in dialog.custom.problems.text()
    spins["pitch_across_mm"].setValue(70)
    assert dialog.pdf_button.isEnabled() and dialog.start.maximum() == 4
    out = dialog.save_pdf(str(tmp_path / "custom.pdf"))
    assert len(PdfReader(out).pages) == 2  # five labels, four to a sheet
    assert MailPrintDialog(None, window).custom.values()["columns"] == 2  # remembered


def test_a_new_kind_brings_its_own_words_until_the_seller_writes_their_own(qtbot, window):
    pid = prospect("Ann", "Lee", "Lee & Co", **SPRINGFIELD)
    window.bus.publish(Change.PROSPECTS)
    window.open_prospect(pid)
    seen = {}

    def change_kind(dialog: MailTaskDialog) -> None:
        seen["note"] = dialog.message.toPlainText()
        dialog.kind.set_value(MailKind.CARD)
        seen["card"] = dialog.message.toPlainText()
        dialog.message.setPlainText("My own words")
        dialog.kind.set_value(MailKind.LETTER)
        seen["mine"] = dialog.message.toPlainText()
        dialog.reject()

    when_modal(qtbot, change_kind, MailTaskDialog)
    window.prospect.mail_action.trigger()
    assert "Thank you for taking the time to meet" in seen["note"]
    assert "Warm wishes to you and everyone at Lee & Co" in seen["card"]
    assert seen["mine"] == "My own words"
    assert list_tasks() == []

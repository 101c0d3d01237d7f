"""An unhandled error is logged and shown with its details, and the program goes on."""

from __future__ import annotations

import logging
import sqlite3
import sys
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from tests.factories import prospect
from tests.ui.helpers import when_modal
from touchdesk.services import prospects
from touchdesk.services.overview import overview
from touchdesk.services.stages import list_stages
from touchdesk.store import db
from touchdesk.store.models import ContactPoint, NextStep, Prospect, ProspectEvent
from touchdesk.ui.board.page import BoardPage
from touchdesk.ui.crash import error_message, install_error_dialog, log, plain_words, start_log
from touchdesk.ui.dialogs.quick_add import QuickAddDialog
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.today.page import TodayPage


def _close_log() -> None:
    for handler in list(log.handlers):
        handler.flush()
        if isinstance(handler, logging.FileHandler):
            log.removeHandler(handler)
            handler.close()


def test_error_dialog_names_the_log_and_the_log_keeps_the_traceback(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    path = start_log(tmp_path / "logs")
    install_error_dialog(path)
    seen = {}

    def read(box):
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        seen["details"] = box.detailedText()
        box.accept()

    when_modal(qtbot, read, QMessageBox)
    try:
        raise RuntimeError("the printer caught fire")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    _close_log()

    assert "the printer caught fire" in seen["text"]
    assert "Try again" not in seen["text"]  # no guessed cause for an error nobody knows
    assert str(path) in seen["text"]
    assert "Traceback" in seen["details"] and "RuntimeError" in seen["details"]
    written = path.read_text(encoding="utf-8")
    assert "RuntimeError: the printer caught fire" in written


def test_a_failure_midway_through_a_save_leaves_the_database_as_it_was(
    qtbot, window, tmp_path, monkeypatch
):
    """The disk gives out after the prospect and its email are written but before the
    timeline entry: the seller sees the box, and nothing of the half-done add is kept."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    path = start_log(tmp_path / "logs")
    install_error_dialog(path)

    def disk_gives_out(*args, **kwargs):
        assert Prospect.select().count() == 1  # really midway: the first rows are written
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(prospects.ProspectEvent, "create", disk_gives_out)
    seen = {}

    def read(box):
        seen["text"] = box.text()

        # The same error again while the box is open is logged, not a second box (one
        # that opens anyway is noted and closed, so the test fails instead of waiting).
        def close_a_second_box():
            other = QApplication.activeModalWidget()
            if other is not box and isinstance(other, QMessageBox):
                seen["second box"] = True
                other.accept()

        QTimer.singleShot(200, close_a_second_box)
        try:
            raise RuntimeError("and again")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
        qtbot.wait(300)
        box.accept()

    def fill(dialog):
        qtbot.keyClicks(dialog.first_name, "Hannah")
        qtbot.keyClicks(dialog.email, "hannah@whitfield.example")
        when_modal(qtbot, read, QMessageBox)
        qtbot.keyClick(dialog.email, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "text" in seen)
        seen["add still open"] = dialog.isVisible()
        dialog.reject()

    when_modal(qtbot, fill, QuickAddDialog)
    qtbot.mouseClick(window.welcome.add_button, Qt.MouseButton.LeftButton)
    _close_log()

    assert "disk I/O error" in seen["text"] and str(path) in seen["text"]
    assert "The disk is full or could not be written" in seen["text"]
    assert "second box" not in seen
    assert seen["add still open"] is True  # the typed details are not lost behind the box
    assert overview().prospects == 0
    assert Prospect.select().count() == 0 and ContactPoint.select().count() == 0
    logged = path.read_text(encoding="utf-8")
    assert "disk I/O error" in logged and "RuntimeError: and again" in logged

    # The window goes on: with the disk back, the same add is saved whole.
    monkeypatch.undo()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)

    def fill_again(dialog):
        qtbot.keyClicks(dialog.first_name, "Hannah")
        qtbot.keyClick(dialog.first_name, Qt.Key.Key_Return)

    when_modal(qtbot, fill_again, QuickAddDialog)
    qtbot.mouseClick(window.welcome.add_button, Qt.MouseButton.LeftButton)
    assert Prospect.select().count() == 1 and ProspectEvent.select().count() == 1


def test_an_action_a_locked_database_refused_is_not_offered_for_undo(
    qtbot, store, db_path, tmp_path, monkeypatch
):
    """Another program holds the database while the seller snoozes a call: the box says
    so in plain words, the step stays where it was, and Undo does not offer to take back
    what never happened. Once the other program lets go, the same choice works."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    path = start_log(tmp_path / "logs")
    install_error_dialog(path)
    owner = prospect("Olive", "Overdue", due=datetime.now(UTC) - timedelta(days=1))
    step = NextStep.get(NextStep.prospect == owner)
    bus, stack = ChangeBus(), QUndoStack()
    page = TodayPage(bus, stack)
    page.stack = stack  # kept alive as long as the page
    bus.changed.connect(page.refresh)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    (snooze,) = [b for b in page.findChildren(QPushButton) if b.text() == "&Snooze"]

    db.database.execute_sql("PRAGMA busy_timeout = 50")  # the seller's 5 s wait, shortened
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    seen = {}

    def read(box):
        seen["text"] = box.text()
        box.accept()

    when_modal(qtbot, read, QMessageBox)
    qtbot.mouseClick(snooze, Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, page.snooze_menu.actions()[0].trigger)  # as a click in the menu
    qtbot.waitUntil(lambda: "text" in seen)
    other.execute("ROLLBACK")
    other.close()
    _close_log()

    assert seen["text"].startswith("Something went wrong: database is locked")
    assert "Another program was using the database file" in seen["text"]
    assert NextStep.get_by_id(step.id).due_at == step.due_at
    assert stack.count() == 0 and not stack.canUndo()

    qtbot.mouseClick(snooze, Qt.MouseButton.LeftButton)
    page.snooze_menu.actions()[0].trigger()
    assert NextStep.get_by_id(step.id).due_at != step.due_at
    assert stack.undoText() == "Reschedule Olive Overdue"
    stack.undo()
    assert NextStep.get_by_id(step.id).due_at == step.due_at


def drop_cards_on_column(board: BoardPage, prospect_ids: list[int], column: int) -> None:
    """The drag-enter, drag-move and drop a mouse drag of these cards produces."""
    view = board.view
    mime = board.model.mimeData([board.model.index_of(pid) for pid in prospect_ids])
    target = view.visualRect(board.model.index(0, column)).center()
    target = QPoint(target.x(), view.viewport().height() - 10)  # empty space in the column
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    action = Qt.DropAction.MoveAction
    for event in (
        QDragEnterEvent(target, action, mime, buttons, mods),
        QDragMoveEvent(target, action, mime, buttons, mods),
        QDropEvent(target.toPointF(), action, mime, buttons, mods),
    ):
        QApplication.sendEvent(view.viewport(), event)


def test_a_move_of_two_cards_that_fails_halfway_keeps_undo_working(
    qtbot, store, tmp_path, monkeypatch
):
    """The disk gives out on the second of two cards moved together: the first card's move
    stays one undo step, and the undo stack is not left inside an open step (which would
    swallow every later action and stop Undo)."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_error_dialog(start_log(tmp_path / "logs"))
    hannah, yamada = prospect("Hannah", "Whitfield"), prospect("太郎", "山田")
    stages = [stage.id for stage in list_stages()]
    bus, stack = ChangeBus(), QUndoStack()
    board = BoardPage(bus, stack)
    board.stack = stack  # kept alive as long as the page
    bus.changed.connect(board.refresh)
    qtbot.addWidget(board)
    board.resize(1400, 700)
    board.show()
    qtbot.waitExposed(board)
    # SQLite itself refuses the second card's write, as a full disk would.
    db.database.execute_sql(
        "CREATE TRIGGER disk_full BEFORE UPDATE OF stage_id ON prospect "
        f"WHEN NEW.id = {yamada} BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    seen = {}

    def read(box):
        seen["text"] = box.text()
        box.accept()

    when_modal(qtbot, read, QMessageBox)
    drop_cards_on_column(board, [hannah, yamada], 3)
    qtbot.waitUntil(lambda: "text" in seen)
    _close_log()

    assert "The disk is full" in seen["text"]
    assert Prospect.get_by_id(hannah).stage_id == stages[3]
    assert Prospect.get_by_id(yamada).stage_id == stages[0]
    assert stack.count() == 1 and stack.undoText() == "Move 2 prospects to " + (
        list_stages()[3].name
    )
    stack.undo()
    assert Prospect.get_by_id(hannah).stage_id == stages[0]

    db.database.execute_sql("DROP TRIGGER disk_full")
    drop_cards_on_column(board, [yamada], 1)  # a later action is its own step, and undoes
    assert Prospect.get_by_id(yamada).stage_id == stages[1]
    assert stack.undoText() == f"Move 山田 太郎 to {list_stages()[1].name}"  # family name first
    stack.undo()
    assert Prospect.get_by_id(yamada).stage_id == stages[0]

    # When the first card already fails, nothing moved and no empty step is left to undo.
    db.database.execute_sql(
        "CREATE TRIGGER disk_full BEFORE UPDATE OF stage_id ON prospect "
        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    seen.clear()
    when_modal(qtbot, read, QMessageBox)
    drop_cards_on_column(board, [hannah, yamada], 2)
    qtbot.waitUntil(lambda: "text" in seen)
    assert {Prospect.get_by_id(p).stage_id for p in (hannah, yamada)} == {stages[0]}
    assert stack.index() == 0 and not stack.canUndo()


def test_the_box_drops_the_binding_s_wrapper_from_the_message():
    wrapped = sqlite3.OperationalError(
        "Error calling Python override of QUndoCommand::redo(): database is locked"
    )
    assert error_message(wrapped) == "database is locked"
    assert error_message(KeyError("stage")) == "'stage'"


def test_sqlite_s_terse_messages_get_plain_words():
    locked = sqlite3.OperationalError("database is locked")
    assert plain_words(locked).startswith("Another program was using the database file")
    full = sqlite3.OperationalError("database or disk is full")
    assert plain_words(full).startswith("The disk is full")
    read_only = sqlite3.OperationalError("attempt to write a readonly database")
    assert "read-only" in plain_words(read_only)
    assert plain_words(KeyError("stage")) == ""


def test_undo_after_another_program_changed_the_rows_is_refused_in_plain_words(
    qtbot, store, db_path, tmp_path, monkeypatch
):
    """A CLI import or edit changed the prospect after the seller marked them won: undo
    says so and changes nothing (it would overwrite that change), and leaves the stack."""
    from tests.dumps import differences, dump_all
    from touchdesk.domain.vocabulary import ProspectStatus
    from touchdesk.services.statuses import set_status
    from touchdesk.ui.commands import RecordedCommand

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_error_dialog(start_log(tmp_path / "logs"))
    pid = prospect("Wanda", "Won", due=datetime.now(UTC) + timedelta(days=1))
    stack = QUndoStack()
    stack.push(
        RecordedCommand(
            ChangeBus(), "Mark Wanda won", lambda: set_status(pid, ProspectStatus.WON)[1]
        )
    )
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("UPDATE prospect SET notes = 'from the CLI' WHERE id = ?", (pid,))
    other.close()
    before = dump_all()
    seen = {}

    def read(box):
        seen["text"] = box.text()
        box.accept()

    when_modal(qtbot, read, QMessageBox)
    QTimer.singleShot(0, lambda: stack.undo())  # from the event loop, as Ctrl+Z runs it
    qtbot.waitUntil(lambda: "text" in seen)
    _close_log()
    assert seen["text"].startswith(
        f"Something went wrong: Cannot undo: prospect {pid} was changed since by another program"
    )
    assert differences(before, dump_all()) == {}
    assert Prospect.get_by_id(pid).status == ProspectStatus.WON.value
    assert stack.count() == 0 and not stack.canUndo()

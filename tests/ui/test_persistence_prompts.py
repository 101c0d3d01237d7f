"""Letting go early asks first, Lost takes a reason from the list, a persistent win is
cheered once: what the seller sees and what is stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QMessageBox, QWidget

from tests.factories import prospect
from tests.ui.helpers import when_modal
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, EventKind, Outcome, ProspectStatus
from touchdesk.services import settings
from touchdesk.services.statuses import lost_reasons
from touchdesk.services.timeline import log_touch, timeline
from touchdesk.store.models import Prospect
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.prospect.flows import FollowUp
from touchdesk.ui.prospect.let_go_dialog import LetGoDialog

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def flow(qtbot, store):
    settings.put("time_zone", "Europe/London")
    parent = QWidget()
    qtbot.addWidget(parent)
    messages: list[str] = []
    follow_up = FollowUp(ChangeBus(), QUndoStack(), parent, messages.append)
    follow_up.messages = messages
    return follow_up


def touched(name: str, touches: int) -> int:
    pid = prospect(name)
    for n in range(touches):
        at = NOW - timedelta(days=touches - n)
        log_touch(pid, TouchInput(Channel.CALL, at, outcome=Outcome.NO_ANSWER))
    return pid


def click(qtbot, box: QMessageBox, text: str) -> None:
    [button] = [b for b in box.buttons() if b.text() == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


class BoxWatch:
    """Closes and records every message box that opens while it runs (none may block)."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            self.texts.append(box.text())
            box.accept()

    def stop(self) -> list[str]:
        self.timer.stop()
        return self.texts


def test_letting_go_after_four_touches_asks_with_the_count_and_can_keep_going(qtbot, flow):
    pid = touched("Ada", 4)
    seen = {}

    def keep(box: QMessageBox) -> None:
        seen["text"] = box.text()
        click(qtbot, box, "&Keep following up")

    when_modal(qtbot, keep, QMessageBox)
    flow.let_go(pid)
    assert "only 4 touches" in seen["text"]
    assert "fifth" in seen["text"]
    assert Prospect.get_by_id(pid).status == ProspectStatus.ACTIVE.value
    assert flow.undo_stack.count() == 0
    assert flow.messages[-1] == "Ada stays in your follow-up."


def test_letting_go_after_four_touches_anyway_sends_the_break_up(qtbot, flow):
    pid = touched("Ada", 4)

    def anyway(box: QMessageBox) -> None:
        when_modal(qtbot, lambda dialog: dialog.accept(), LetGoDialog)
        click(qtbot, box, "&Let go anyway")

    when_modal(qtbot, anyway, QMessageBox)
    flow.let_go(pid)
    assert Prospect.get_by_id(pid).status == ProspectStatus.DORMANT.value


def test_letting_go_after_five_touches_goes_straight_to_the_break_up(qtbot, flow):
    pid = touched("Ada", 5)
    seen = []

    def let_go(dialog) -> None:
        seen.append(type(dialog))
        dialog.accept()

    when_modal(qtbot, let_go)
    flow.let_go(pid)
    assert seen == [LetGoDialog]
    assert Prospect.get_by_id(pid).status == ProspectStatus.DORMANT.value


def test_lost_offers_the_reasons_list_and_keeps_the_choice(qtbot, flow):
    pid = prospect("Ada")
    seen = {}

    def choose(dialog: QInputDialog) -> None:
        combo = dialog.findChild(QComboBox)
        seen["offered"] = [combo.itemText(i) for i in range(combo.count())]
        combo.setCurrentIndex(combo.findText("No budget"))
        dialog.accept()

    when_modal(qtbot, choose, QInputDialog)
    flow.change_status(pid, ProspectStatus.LOST)
    assert seen["offered"] == lost_reasons()
    row = Prospect.get_by_id(pid)
    assert (row.status, row.lost_reason) == ("lost", "No budget")
    assert [e.detail for e in timeline(pid) if e.event_kind is EventKind.LOST_REASON] == [
        "No budget"
    ]
    flow.undo_stack.undo()
    assert Prospect.get_by_id(pid).status == "active"


def test_lost_takes_a_typed_reason_into_the_list(qtbot, flow):
    pid = prospect("Ada")

    def type_new(dialog: QInputDialog) -> None:
        combo = dialog.findChild(QComboBox)
        combo.lineEdit().clear()
        qtbot.keyClicks(combo.lineEdit(), "Hired a friend")
        dialog.accept()

    when_modal(qtbot, type_new, QInputDialog)
    flow.change_status(pid, ProspectStatus.LOST)
    assert Prospect.get_by_id(pid).lost_reason == "Hired a friend"
    assert lost_reasons()[-1] == "Hired a friend"


def test_lost_without_a_reason_changes_nothing_and_says_why(qtbot, flow):
    pid = prospect("Ada")

    def blank(dialog: QInputDialog) -> None:
        dialog.findChild(QComboBox).lineEdit().clear()
        dialog.accept()

    when_modal(qtbot, blank, QInputDialog)
    flow.change_status(pid, ProspectStatus.LOST)
    assert Prospect.get_by_id(pid).status == "active"
    assert "not marked lost" in flow.messages[-1]


def test_a_win_after_five_touches_is_celebrated_once(qtbot, flow):
    pid = touched("Ada", 5)
    watch = BoxWatch()
    flow.change_status(pid, ProspectStatus.WON)
    flow.undo_stack.undo()
    flow.change_status(pid, ProspectStatus.WON)
    texts = watch.stop()
    assert len(texts) == 1
    assert "Ada" in texts[0] and "5 touches" in texts[0]
    marks = [e for e in timeline(pid) if e.event_kind is EventKind.PERSISTENT_WIN]
    assert len(marks) == 1  # the undone win took its mark with it


def test_a_win_after_four_touches_is_not_celebrated(qtbot, flow):
    pid = touched("Ada", 4)
    watch = BoxWatch()
    flow.change_status(pid, ProspectStatus.WON)
    assert watch.stop() == []
    assert Prospect.get_by_id(pid).status == ProspectStatus.WON.value

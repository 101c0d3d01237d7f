"""Dropping a referred prospect's card on Won offers to thank the referrer, once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.factories import prospect
from tests.ui.helpers import when_modal
from tests.ui.test_board import drag_card_to_column
from touchdesk.domain.vocabulary import MailKind, ProspectStatus
from touchdesk.services.changes import Change
from touchdesk.services.mail_queue import list_tasks
from touchdesk.services.stages import list_stages
from touchdesk.store.models import Prospect


def won_column() -> int:
    return next(i for i, stage in enumerate(list_stages()) if stage.name == "Won")


def answer_with(qtbot, button_text: str, seen: list[str]) -> None:
    def answer(box: QMessageBox) -> None:
        seen.append(box.text())
        [button] = [b for b in box.buttons() if b.text().replace("&", "") == button_text]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    when_modal(qtbot, answer, QMessageBox)


def test_dropping_a_referred_card_on_won_queues_the_thank_you_note(qtbot, window):
    alex = prospect("Alex", "Chen", "Chen & Co")
    dana = prospect("Dana", "Ray", referrer_id=alex)
    window.bus.publish(Change.PROSPECTS)  # as adding them in the app would
    window.go_to("Board")
    board = window.board
    seen: list[str] = []
    answer_with(qtbot, "Queue thank-you note", seen)
    drag_card_to_column(qtbot, board, dana, won_column())
    qtbot.waitUntil(lambda: bool(list_tasks()))
    assert Prospect.get_by_id(dana).status == ProspectStatus.WON.value
    assert seen == [
        "Alex Chen introduced you to Dana Ray, who just became a customer. Queue a "
        "handwritten thank-you note to Alex Chen on the mail desk?"
    ]
    [task] = list_tasks()
    assert (task.prospect_id, task.kind) == (alex, MailKind.NOTE)
    assert task.occasion == "Thank you for introducing Dana Ray"


def test_not_now_is_not_asked_again_for_the_same_win(qtbot, window):
    alex = prospect("Alex", "Chen")
    dana = prospect("Dana", "Ray", referrer_id=alex)
    bo = prospect("Bo", "Berg")  # nobody referred Bo: no question
    window.bus.publish(Change.PROSPECTS)  # as adding them in the app would
    window.go_to("Board")
    board = window.board
    seen: list[str] = []
    answer_with(qtbot, "Not now", seen)
    drag_card_to_column(qtbot, board, dana, won_column())
    qtbot.waitUntil(lambda: len(seen) == 1)
    window.undo_stack.undo()  # back to New, then won again: the answer stands
    assert Prospect.get_by_id(dana).status == ProspectStatus.ACTIVE.value
    drag_card_to_column(qtbot, board, dana, won_column())
    drag_card_to_column(qtbot, board, bo, won_column())
    qtbot.wait(200)  # a question would have been queued by now
    assert len(seen) == 1 and list_tasks() == []
    assert Prospect.get_by_id(bo).status == ProspectStatus.WON.value

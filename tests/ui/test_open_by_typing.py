"""Opening a prospect by typing: Ctrl+K from anywhere, or Enter in the board filter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.factories import prospect
from tests.ui.helpers import when_modal as _when_modal
from touchdesk.services.changes import Change
from touchdesk.ui.quick_open.dialog import QuickOpenDialog


def when_modal(qtbot, act, kind) -> None:
    """As the helper does, closing the popup if the check fails (else exec() waits for ever)."""

    def guarded(dialog) -> None:
        try:
            act(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    _when_modal(qtbot, guarded, kind)


def test_ctrl_k_opens_a_prospect_by_its_phone_digits(qtbot, window) -> None:
    prospect("Ann", "Lee", "Acme", phones=("+1 (555) 0123",))
    wanted = prospect("Dana", "Cole", "Delta", phones=("+1 (555) 0199",))
    window.bus.publish(Change.PROSPECTS)
    window.go_to("Board")
    window.board.filter_edit.setFocus()  # focus in a page's own widget

    counts: list[int] = []

    def answer(dialog) -> None:
        qtbot.keyClicks(dialog.query, "555 01")
        counts.append(dialog.results.count())
        qtbot.keyClicks(dialog.query, "9")  # '555 019': one left
        counts.append(dialog.results.count())
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)

    when_modal(qtbot, answer, QuickOpenDialog)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert counts == [2, 1]
    assert window.pages.currentWidget() is window.prospect
    assert window.prospect.prospect_id == wanted
    assert "Dana Cole" in window.prospect.name.text()


def test_arrows_choose_among_the_matches(qtbot, window) -> None:
    first = prospect("Ann", "Lee", "Acme")
    second = prospect("Anna", "Berg", "Beta")
    window.bus.publish(Change.PROSPECTS)

    counts: list[int] = []

    def answer(dialog) -> None:
        qtbot.keyClicks(dialog.query, "ann")
        counts.append(dialog.results.count())
        qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.query, Qt.Key.Key_Down)  # stays on the last
        qtbot.keyClick(dialog.query, Qt.Key.Key_Up)
        qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.query, Qt.Key.Key_Enter)

    when_modal(qtbot, answer, QuickOpenDialog)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert counts == [2]
    assert window.prospect.prospect_id == second != first


def test_enter_without_a_match_keeps_the_popup_and_escape_closes_it(qtbot, window) -> None:
    prospect("Ann", "Lee", "Acme")
    window.bus.publish(Change.PROSPECTS)
    page = window.pages.currentWidget()
    seen: list[object] = []

    def answer(dialog) -> None:
        qtbot.keyClicks(dialog.query, "nobody")
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
        seen.append(dialog.isVisible())
        seen.append(dialog.hint.text())
        qtbot.keyClick(dialog.query, Qt.Key.Key_Escape)
        seen.append(dialog.isVisible())

    when_modal(qtbot, answer, QuickOpenDialog)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert seen == [True, "No prospect answers to “nobody”.", False]
    assert window.pages.currentWidget() is page


def test_enter_in_the_board_filter_opens_the_one_card_left(qtbot, window) -> None:
    prospect("Ann", "Lee", "Acme")
    wanted = prospect("Anna", "Berg", "Beta")
    window.bus.publish(Change.PROSPECTS)
    window.go_to("Board")
    board = window.board
    qtbot.keyClick(board, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(board.filter_edit, "ann")
    assert board.model.card_count() == 2
    qtbot.keyClick(board.filter_edit, Qt.Key.Key_Return)  # two cards: nothing opens
    assert window.pages.currentWidget() is board
    qtbot.keyClicks(board.filter_edit, "a b")  # 'anna b': only Anna Berg
    assert board.model.card_count() == 1
    qtbot.keyClick(board.filter_edit, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.prospect
    assert window.prospect.prospect_id == wanted
    assert "Anna Berg" in window.prospect.name.text()

"""Keyboard only: Tab walks Today in the order of the work, the board's cards answer arrows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFormLayout, QPushButton, QTabWidget

from tests.factories import days, prospect
from touchdesk.services.changes import Change
from touchdesk.ui.dialogs.settings_dialog import SettingsDialog
from touchdesk.ui.prospect_form.dialog import ProspectDialog

NOW = datetime.now(UTC).replace(microsecond=0)


def tab_walk(qtbot, start, presses: int) -> list:
    """The widgets that have focus after each Tab, starting from `start`."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(start.hasFocus)
    seen = []
    for _ in range(presses):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def test_tab_leaves_the_calling_list_in_one_stop_and_walks_today_in_order(qtbot, window):
    prospect("Olive", "Overdue", due=NOW - days(1), phones=("+12025550100",))
    prospect("Fran", "Future", due=NOW - days(2))
    prospect("Ida", "Idle")  # no next step
    window.bus.publish(Change.EVERYTHING)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.go_to("Today")
    today = window.today
    assert not today.calls.tabKeyNavigation()
    # The words' buttons take a stop when the selected step has words to copy or mail.
    words = [
        w
        for w in (today.words.copy_button, today.words.mail_button, today.words.text)
        if w.isVisible() and w.isEnabled()
    ]
    expected = [
        *today.buttons,
        *words,
        today.missing,
        window.sidebar,
        today.calls,
    ]
    seen = tab_walk(qtbot, today.calls, len(expected))
    assert seen == expected
    labels = [b.text() for b in seen if isinstance(b, QPushButton)][:6]
    assert labels == [
        "&Open",
        "Mark &done",
        "&Snooze",
        "&Reschedule…",
        "&Invite…",
        "&Print calling list…",
    ]
    # The no-next-step list shows where the keyboard is as soon as it has focus.
    assert today.missing.currentIndex().row() == 0
    assert today.missing.selectionModel().isRowSelected(0)


def test_a_filter_that_leaves_cards_then_enter_goes_to_them_and_opens_the_one_reached(
    qtbot, window
):
    hannah = prospect("Hannah", "Whitfield", due=NOW + days(2))
    prospect("Hanna", "Other")
    prospect("Bob", "Other")
    window.bus.publish(Change.EVERYTHING)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.go_to("Board")
    board = window.board
    board.focus_filter()
    qtbot.keyClicks(board.filter_edit, "hanna")
    assert board.model.card_count() == 2
    qtbot.keyClick(board.filter_edit, Qt.Key.Key_Return)  # two left: to the cards
    assert board.view.hasFocus() and board.view.current_prospect() is not None
    board.view.setCurrentIndex(board.model.index_of(hannah))
    with qtbot.waitSignal(board.open_prospect) as opened:
        qtbot.keyClick(board.view, Qt.Key.Key_Return)
    assert opened.args == [hannah]


def test_arrows_move_between_cards_and_enter_opens_the_one_reached(qtbot, window):
    first = prospect("Ada", "Anders")  # New, no next step: the top card
    second = prospect("Bea", "Berg", due=NOW + days(3))
    window.bus.publish(Change.EVERYTHING)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.go_to("Board")
    view = window.board.view
    view.setCurrentIndex(view.model().index_of(first))
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.current_prospect() == second
    with qtbot.waitSignal(window.board.open_prospect) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Enter)
    assert opened.args == [second]


def test_the_card_with_the_keyboard_focus_is_marked(qtbot, window):
    ada = prospect("Ada", "Anders")
    window.bus.publish(Change.EVERYTHING)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.go_to("Board")
    view = window.board.view
    rect = view.visualRect(view.model().index_of(ada))
    view.selectionModel().clearSelection()  # the mark alone, without the selection colour
    window.board.filter_edit.setFocus()
    qtbot.waitUntil(lambda: not view.hasFocus())
    unfocused = view.viewport().grab(rect).toImage()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    view.selectionModel().clearSelection()
    view.viewport().repaint()
    focused = view.viewport().grab(rect).toImage()
    assert focused != unfocused


def _mnemonics(layout: QFormLayout) -> list[str]:
    """The Alt letter of each labelled row whose field takes the keyboard (or '' if none)."""
    letters = []
    for row in range(layout.rowCount()):
        label = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label is None or field is None or field.widget() is None:
            continue
        text = label.widget().text()
        if not text or field.widget().focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        at = text.find("&")
        letters.append(text[at + 1].lower() if at >= 0 else "")
    return letters


@pytest.mark.parametrize("form", ["prospect", "settings"])
def test_every_form_field_has_its_own_alt_letter(qtbot, store, form):
    dialog = ProspectDialog() if form == "prospect" else SettingsDialog()
    qtbot.addWidget(dialog)
    pages = dialog.findChildren(QTabWidget)
    groups = [pages[0].widget(i) for i in range(pages[0].count())] if pages else [dialog]
    checked = 0
    for group in groups:
        letters = [m for layout in group.findChildren(QFormLayout) for m in _mnemonics(layout)]
        assert "" not in letters, (form, letters)
        assert len(set(letters)) == len(letters), (form, letters)
        checked += len(letters)
    assert checked >= 10


@pytest.mark.parametrize("page", ["Today", "Board", "Prospect", "Mail", "Plans", "Insights"])
def test_tab_walks_every_page_round_to_the_sidebar_without_a_trap(qtbot, window, page):
    """From the sidebar, Tab goes through the page's controls and comes back: no widget keeps
    the keyboard, and every stop is a visible, enabled control of this window."""
    from touchdesk.services.demo import fill_demo

    fill_demo()
    window.bus.publish(Change.EVERYTHING)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.go_to(page)
    if page == "Prospect":
        window.open_prospect(1)
    stops = tab_walk(qtbot, window.sidebar, 60)
    assert window.sidebar in stops, f"Tab never came back to the sidebar from {page}"
    back = stops.index(window.sidebar)
    assert back >= 2, f"Tab on {page} reached no control of the page"
    for widget in stops[:back]:
        assert widget.isVisible() and widget.isEnabled() and widget.window() is window

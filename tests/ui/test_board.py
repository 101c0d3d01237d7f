"""The board driven as a person would: drag a card, undo it, filter, open, use the keyboard."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QUndoStack,
)
from PySide6.QtWidgets import QApplication

from tests.factories import days, prospect
from tests.ui.helpers import type_text
from touchdesk.domain.vocabulary import EventKind, ProspectStatus
from touchdesk.services.stages import list_stages
from touchdesk.store.models import Prospect, ProspectEvent
from touchdesk.ui.board.model import CardRole
from touchdesk.ui.board.page import BoardPage
from touchdesk.ui.events import ChangeBus

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def cards(store):
    return {
        "hannah": prospect(
            "Hannah",
            "Whitfield",
            "Whitfield & Sons",
            due=NOW + days(2),
            emails=("hannah@whitfield.example",),
            tags=("trade show",),
        ),
        "yamada": prospect("太郎", "山田", "山田商事", due=NOW - days(1), phones=("+81312345678",)),
        "bob": prospect("<b>Bob</b>", company="Markup Ltd"),
    }


@pytest.fixture
def board(qtbot, cards):
    bus = ChangeBus()
    stack = QUndoStack()
    page = BoardPage(bus, stack)
    bus.changed.connect(page.refresh)  # as the main window wires every page
    page.undo_stack_ref = stack
    qtbot.addWidget(page)
    page.resize(1400, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def drag_card_to_column(qtbot, page: BoardPage, prospect_id: int, column: int) -> None:
    """Deliver the drag-enter, drag-move and drop a mouse drag produces, to the real view."""
    view = page.view
    source = page.model.index_of(prospect_id)
    mime = page.model.mimeData([source])
    target = view.visualRect(page.model.index(0, column)).center()
    target = QPoint(target.x(), view.viewport().height() - 10)  # low in the column: empty space
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    action = Qt.DropAction.MoveAction
    for event in (
        QDragEnterEvent(target, action, mime, buttons, mods),
        QDragMoveEvent(target, action, mime, buttons, mods),
        QDropEvent(target.toPointF(), action, mime, buttons, mods),
    ):
        QApplication.sendEvent(view.viewport(), event)


def test_model_is_a_well_behaved_qt_model(qtmodeltester, board):
    qtmodeltester.check(board.model)


def test_columns_follow_the_stages_with_counts(board):
    names = [s.name for s in list_stages()]
    headers = [board.model.headerData(i, Qt.Orientation.Horizontal) for i in range(len(names))]
    assert headers[0] == "New  (3)"
    assert headers[1:] == [f"{name}  (0)" for name in names[1:]]
    assert board.funnel_label.text() == "3 / 50 active"


def test_no_next_step_card_comes_first_and_is_marked_loudest(board, cards):
    first = board.model.index(0, 0)
    assert first.data(CardRole).prospect_id == cards["bob"]
    assert first.data(Qt.ItemDataRole.UserRole + 2) == "No next step"


def test_markup_in_a_name_is_shown_literally(board, cards):
    index = board.model.index_of(cards["bob"])
    assert index.data(Qt.ItemDataRole.DisplayRole) == "<b>Bob</b>"
    assert "<b>Bob</b>" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_drag_a_card_to_another_column_then_undo_and_redo(qtbot, board, cards):
    meeting = list_stages()[2]
    drag_card_to_column(qtbot, board, cards["hannah"], 2)
    assert Prospect.get_by_id(cards["hannah"]).stage_id == meeting.id
    assert board.model.headerData(2, Qt.Orientation.Horizontal) == "Meeting  (1)"
    event = ProspectEvent.get(ProspectEvent.kind == EventKind.STAGE_CHANGED.value)
    assert event.detail == "New → Meeting"

    board.undo_stack_ref.undo()
    assert Prospect.get_by_id(cards["hannah"]).stage_id == list_stages()[0].id
    assert board.model.headerData(0, Qt.Orientation.Horizontal) == "New  (3)"
    board.undo_stack_ref.redo()
    assert Prospect.get_by_id(cards["hannah"]).stage_id == meeting.id


def test_dropping_on_won_hides_the_card_and_marks_it_won(qtbot, board, cards):
    won_column = next(i for i, s in enumerate(list_stages()) if s.name == "Won")
    drag_card_to_column(qtbot, board, cards["yamada"], won_column)
    assert Prospect.get_by_id(cards["yamada"]).status == ProspectStatus.WON.value
    assert not board.model.index_of(cards["yamada"]).isValid()
    board.show_inactive.setChecked(True)
    assert board.model.index_of(cards["yamada"]).column() == won_column


def test_keyboard_moves_selection_and_stage(qtbot, board, cards):
    view = board.view
    view.setFocus()
    view.setCurrentIndex(board.model.index_of(cards["hannah"]))
    qtbot.keyClick(
        view,
        Qt.Key.Key_Right,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert Prospect.get_by_id(cards["hannah"]).stage_id == list_stages()[1].id
    assert view.current_prospect() == cards["hannah"]  # the selection follows the card
    qtbot.keyClick(view, Qt.Key.Key_Left)  # plain arrows move the selection between columns
    assert view.currentIndex().column() == 0
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.current_prospect() == cards["hannah"]


def test_enter_and_double_click_open_the_prospect(qtbot, board, cards):
    view = board.view
    view.setFocus()
    view.setCurrentIndex(board.model.index_of(cards["yamada"]))
    with qtbot.waitSignal(board.open_prospect) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [cards["yamada"]]
    rect = view.visualRect(board.model.index_of(cards["hannah"]))
    with qtbot.waitSignal(board.open_prospect) as opened:
        # A double-click starts with a click, as it does under a real mouse.
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [cards["hannah"]]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("whitfield", {"hannah"}),
        ("山田", {"yamada"}),
        ("81312345", {"yamada"}),
        ("trade", {"hannah"}),
        ("@whitfield", {"hannah"}),
        ("nobody", set()),
    ],
)
def test_filter_narrows_the_board_as_you_type(qtbot, board, cards, typed, expected):
    qtbot.keyClick(board, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert board.filter_edit.hasFocus()
    type_text(qtbot, board.filter_edit, typed)
    shown = {
        board.model.index(r, 0).data(CardRole).prospect_id
        for r in range(board.model.column_count_of(0))
    }
    assert shown == {cards[name] for name in expected}


def test_several_selected_cards_move_together_and_undo_as_one(qtbot, board, cards):
    view = board.view
    first = board.model.index_of(cards["hannah"])
    second = board.model.index_of(cards["yamada"])
    view.setFocus()
    view.setCurrentIndex(first)
    rect = view.visualRect(second)
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        rect.center(),
    )
    assert sorted(view.selected_prospects()) == sorted([cards["hannah"], cards["yamada"]])
    board.move_to_column(view.selected_prospects(), 3)
    proposal = list_stages()[3].id
    assert {Prospect.get_by_id(cards[n]).stage_id for n in ("hannah", "yamada")} == {proposal}
    board.undo_stack_ref.undo()
    new = list_stages()[0].id
    assert {Prospect.get_by_id(cards[n]).stage_id for n in ("hannah", "yamada")} == {new}


def drag_over_column(page: BoardPage, prospect_id: int, column: int) -> QPoint:
    """Hold a dragged card over `column`, low down in its empty space, without dropping."""
    view = page.view
    mime = page.model.mimeData([page.model.index_of(prospect_id)])
    centre = view.visualRect(page.model.index(0, column)).center()
    target = QPoint(centre.x(), view.viewport().height() - 10)
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for event in (
        QDragEnterEvent(target, Qt.DropAction.MoveAction, mime, buttons, mods),
        QDragMoveEvent(target, Qt.DropAction.MoveAction, mime, buttons, mods),
    ):
        QApplication.sendEvent(view.viewport(), event)
    return target


def test_the_column_under_a_dragged_card_lights_up_until_it_leaves(qtbot, board, cards):
    view = board.view
    spot = QPoint(view.visualRect(board.model.index(0, 2)).center().x(), 0)
    spot.setY(view.viewport().height() - 10)
    plain = view.viewport().grab().toImage().pixelColor(spot)

    drag_over_column(board, cards["hannah"], 2)
    lit = view.viewport().grab().toImage().pixelColor(spot)
    assert lit != plain  # the empty space of the target column is tinted
    left = view.viewport().grab().toImage().pixelColor(spot.x() - view.columnWidth(2), spot.y())
    assert left == plain  # the column beside it is not

    QApplication.sendEvent(view.viewport(), QDragLeaveEvent())
    assert view.viewport().grab().toImage().pixelColor(spot) == plain


def test_the_status_bar_says_what_a_drag_moved_and_what_undo_took_back(qtbot, window):
    from touchdesk.services.changes import Change

    hannah = prospect("Hannah", "Whitfield", "Whitfield & Sons", due=NOW + days(2))
    window.bus.publish(Change.PROSPECTS)
    window.go_to("Board")
    stage = list_stages()[2].name
    drag_card_to_column(qtbot, window.board, hannah, 2)
    assert window.statusBar().currentMessage() == f"Moved Hannah Whitfield to {stage}"
    window.undo_action.trigger()
    assert window.statusBar().currentMessage() == f"Undid: move Hannah Whitfield to {stage}"
    window.redo_action.trigger()
    assert window.statusBar().currentMessage() == f"Redid: move Hannah Whitfield to {stage}"

"""The board's table view: fixed card rows, drag between columns, arrows that stay on cards."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from touchdesk.ui.board.delegate import CARD_HEIGHT, CardDelegate
from touchdesk.ui.board.model import CARD_MIME, BoardModel, prospect_ids


class BoardView(QTableView):
    open_requested = Signal(int)  # prospect id
    move_requested = Signal(object, int)  # prospect ids (a list), target column
    shift_requested = Signal(int, int)  # prospect id, column step (-1 or +1)

    def __init__(self, model: BoardModel) -> None:
        super().__init__()
        self.setTabKeyNavigation(False)  # Tab leaves the board; arrows move between cards
        self.setObjectName("board")
        self.setModel(model)
        self.setItemDelegate(CardDelegate(self))
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(CARD_HEIGHT)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(190)
        header.setSectionsClickable(False)
        self.setShowGrid(False)
        self.setWordWrap(False)
        # Several cards can be selected (Ctrl+click, Shift+arrows) to apply a plan to them all.
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDropIndicatorShown(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.doubleClicked.connect(self._open)
        self.drop_column: int | None = None  # the column a dragged card is over, lit up

    def board_model(self) -> BoardModel:
        model = self.model()
        assert isinstance(model, BoardModel)
        return model

    def current_prospect(self) -> int | None:
        card = self.board_model().card(self.currentIndex())
        return card.prospect_id if card else None

    def selected_prospects(self) -> list[int]:
        model = self.board_model()
        cards = (model.card(index) for index in self.selectionModel().selectedIndexes())
        return [card.prospect_id for card in cards if card is not None]

    def first_card(self) -> QModelIndex:
        """The top card of the leftmost column that has one (invalid on an empty board)."""
        model = self.board_model()
        for column in range(model.columnCount()):
            if model.column_count_of(column):
                return model.index(0, column)
        return QModelIndex()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        # Focus always lands on a card, so the focus mark shows where the keyboard is.
        if not self.currentIndex().isValid():
            self.setCurrentIndex(self.first_card())
        super().focusInEvent(event)

    def _open(self, index: QModelIndex) -> None:
        card = self.board_model().card(index)
        if card is not None:
            self.open_requested.emit(card.prospect_id)

    # -- keyboard ------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key, mods = event.key(), event.modifiers()
        shift_stage = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._open(self.currentIndex())
            return
        if mods == shift_stage and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            prospect = self.current_prospect()
            if prospect is not None:
                self.shift_requested.emit(prospect, -1 if key == Qt.Key.Key_Left else 1)
            return
        super().keyPressEvent(event)

    def moveCursor(self, action, modifiers) -> QModelIndex:  # noqa: N802
        """Left and right land on the nearest card of the next column that has any."""
        model = self.board_model()
        current = self.currentIndex()
        horizontal = {
            QAbstractItemView.CursorAction.MoveLeft: -1,
            QAbstractItemView.CursorAction.MoveRight: 1,
        }
        step = horizontal.get(action)
        if step is None or not current.isValid():
            return super().moveCursor(action, modifiers)
        column = current.column() + step
        while 0 <= column < model.columnCount():
            count = model.column_count_of(column)
            if count:
                return model.index(min(current.row(), count - 1), column)
            column += step
        return current

    # -- drag and drop -------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasFormat(CARD_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        column = self.columnAt(event.position().toPoint().x())
        if event.mimeData().hasFormat(CARD_MIME) and column >= 0:
            event.acceptProposedAction()
            self._light(column)
        else:
            event.ignore()
            self._light(None)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802
        self._light(None)
        super().dragLeaveEvent(event)

    def _light(self, column: int | None) -> None:
        if column != self.drop_column:
            self.drop_column = column
            self.viewport().update()

    def drop_rect(self) -> QRect | None:
        """Where the lit column is painted, in the viewport: its whole height."""
        if self.drop_column is None:
            return None
        left = self.columnViewportPosition(self.drop_column)
        return QRect(left, 0, self.columnWidth(self.drop_column), self.viewport().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        super().paintEvent(event)
        rect = self.drop_rect()
        if rect is None:
            return
        # The seller sees where the card will land before letting go: a tint and an outline
        # in the selection colour over the whole column, empty space included.
        colour = self.palette().color(QPalette.ColorRole.Highlight)
        painter = QPainter(self.viewport())
        tint = QColor(colour)
        tint.setAlpha(48)
        painter.fillRect(rect, tint)
        painter.setPen(QPen(colour, 2))
        painter.drawRect(rect.adjusted(1, 1, -1, -1))
        painter.end()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """A drop anywhere in a column moves the card there; the page decides and records it."""
        self._light(None)
        column = self.columnAt(event.position().toPoint().x())
        ids = prospect_ids(event.mimeData())
        if column < 0 or not ids:
            event.ignore()
            return
        # Report a copy, so the view never clears the dragged cell itself.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.move_requested.emit(ids, column)

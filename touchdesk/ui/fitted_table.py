"""A row table that fits its view: long text columns elide instead of scrolling sideways."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSize
from PySide6.QtGui import QFocusEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

# Below this a text column stops giving room: a few letters and the ellipsis still read.
MIN_TEXT_WIDTH = 64


def shrunk_widths(wanted: list[int], floors: list[int], room: int) -> list[int]:
    """Widths that fit `room`: each column gives up room in proportion to what it has above
    its floor, so a long purpose shrinks more than a short phone number."""
    excess = sum(wanted) - room
    spare = [max(0, want - floor) for want, floor in zip(wanted, floors, strict=True)]
    if excess <= 0 or not any(spare):
        return list(wanted)
    share = min(1.0, excess / sum(spare))
    return [want - int(s * share + 0.999) for want, s in zip(wanted, spare, strict=True)]


class FittedTable(QTableView):
    """Columns sized to their contents, then the elastic ones narrowed (their text elides)
    until the table fits its viewport; a row is current as soon as the table has focus, so
    the keyboard always shows where it is. Tab leaves the table as one stop."""

    def __init__(self, elastic: set[int] | None = None) -> None:
        super().__init__()
        self.elastic = elastic  # None: every column may shrink
        self._natural: list[int] = []
        self._floors: list[int] = []
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(28)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setMinimumSectionSize(24)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)

    def fit_columns(self) -> None:
        """Measure each column's contents again (after a reload), then fit the viewport.

        The rows measured are those the table has room to show: laying out the text of rows
        off screen (30 of them, as before) was a tenth of the launch."""
        rows_shown = self.room().height() // max(1, self.verticalHeader().defaultSectionSize())
        self.horizontalHeader().setResizeContentsPrecision(max(1, rows_shown + 1))
        self.resizeColumnsToContents()
        header = self.horizontalHeader()
        self._natural = [header.sectionSize(c) for c in range(header.count())]
        # Each column's floor, kept for the resizes until the next reload: measuring the
        # titles again on every resize laid their text out each time.
        self._floors = []
        for column, want in enumerate(self._natural):
            elastic = self.elastic is None or column in self.elastic
            title = header.sectionSizeFromContents(column).width()
            self._floors.append(min(want, max(MIN_TEXT_WIDTH, title)) if elastic else want)
        self._fit()

    def _fit(self) -> None:
        header = self.horizontalHeader()
        if not self._natural or len(self._natural) != header.count():
            return
        room = self.room().width()
        for column, width in enumerate(shrunk_widths(self._natural, self._floors, room)):
            header.resizeSection(column, width)

    def room(self) -> QSize:
        """The viewport's size, found without asking for the viewport: the first time PySide
        hands a viewport to Python it builds some 70 enum classes, 8 ms of the launch."""
        size = self.maximumViewportSize()  # as if neither scroll bar were shown
        vertical, horizontal = self.verticalScrollBar(), self.horizontalScrollBar()
        return QSize(
            size.width() - (vertical.width() if vertical.isVisible() else 0),
            size.height() - (horizontal.height() if horizontal.isVisible() else 0),
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        # Qt makes the first cell current without selecting it, so nothing would show.
        super().focusInEvent(event)
        model, selection = self.model(), self.selectionModel()
        if model is None or not model.rowCount() or selection.hasSelection():
            return
        current = self.currentIndex()
        selection.setCurrentIndex(
            current if current.isValid() else model.index(0, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

"""A small read-only table model: column constants, one set_rows() that resets it."""

from __future__ import annotations

from collections.abc import Callable, MutableSequence, Sequence
from typing import Generic, NamedTuple, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QGuiApplication

from touchdesk.ui.state_colours import State, state_colour

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex
RowRole = Qt.ItemDataRole.UserRole

# The roles as the plain ints a view passes: a view asks seven roles of every painted cell,
# and looking each enum member up on every call cost more than the answers.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOL_TIP = Qt.ItemDataRole.ToolTipRole.value
_DECORATION = Qt.ItemDataRole.DecorationRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_ROW = RowRole.value
_HORIZONTAL = Qt.Orientation.Horizontal
_RIGHT = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value
_ANSWERED = frozenset({_DISPLAY, _TOOL_TIP, _DECORATION, _ALIGNMENT, _ROW, _FOREGROUND})


class TableColumn(NamedTuple, Generic[Row]):
    """How one column shows a row: its title, text, alignment, icon and colour."""

    title: str
    text: Callable[[Row], str]
    align_right: bool = False
    icon: Callable[[Row], object] | None = None  # a QIcon beside the text
    state: Callable[[Row], State | None] | None = None  # text in that state's colour


Cell = dict[int, object]  # a cell's answers by role, the roles it answers only


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Rows are plain values; each column says how to show one. Text is never markup.

    With `keep_cells`, a row's cells are worked out the first time the row is shown and kept
    until the rows are set again (or the palette changes, for icons and colours): for columns
    that read only the row, and rows that do not change."""

    def __init__(self, columns: Sequence[TableColumn[Row]], keep_cells: bool = False) -> None:
        super().__init__()
        self._columns = list(columns)
        self._titles = tuple(column.title for column in self._columns)
        self._rows: Sequence[Row] = []
        self._keep = keep_cells
        self._kept: list[tuple[Cell, ...] | None] = []
        # A subclass that answers more roles in its own data() is asked through it.
        self._own_data = type(self).data is not RowTableModel.data
        app = QCoreApplication.instance()
        if keep_cells and isinstance(app, QGuiApplication):
            app.paletteChanged.connect(self.forget_cells)

    @property
    def columns(self) -> list[TableColumn[Row]]:
        return list(self._columns)

    def set_rows(self, rows: Sequence[Row]) -> None:
        """A list is copied (its owner may change it later); a read-only sequence is kept as
        it is, so one that makes its rows as they are read makes only those shown."""
        self.beginResetModel()
        self._rows = list(rows) if isinstance(rows, MutableSequence) else rows
        self.forget_cells()
        self.endResetModel()

    def forget_cells(self, *_palette: object) -> None:
        """Work the kept cells out again as they are next shown: new rows, another palette,
        or their view's icons for another pixel ratio (a window moved to another screen)."""
        self._kept = [None] * len(self._rows) if self._keep else []

    def row_value(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[Row]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = _DISPLAY):
        if role not in _ANSWERED:
            return None
        number = index.row()
        if not index.isValid() or number >= len(self._rows):
            return None
        if self._keep:
            return self._cells(number)[index.column()].get(role)
        column = self._columns[index.column()]
        # What the column alone answers first: a painted cell asks every role, and most
        # columns have no icon, colour or alignment to look up in their row.
        if role == _ALIGNMENT:
            return _RIGHT if column.align_right else None
        if role == _DECORATION:
            return column.icon(self._rows[number]) if column.icon is not None else None
        if role == _FOREGROUND:
            if column.state is None:
                return None
            state = column.state(self._rows[number])
            return state_colour(state) if state is not None else None
        row = self._rows[number]
        return row if role == _ROW else column.text(row)

    def multiData(self, index: Index, roles: QModelRoleDataSpan) -> None:  # noqa: N802 (Qt API)
        """Every role a view asks of a cell in one call (a painted cell asks seven): from
        the kept cell, or from the cell worked out once for this call (its text is both
        the display and the tool tip)."""
        number = index.row()
        kept = self._kept
        if 0 <= number < len(kept) and not self._own_data:
            # A row of a kept model, as painted rows are: its cells, worked out if need be.
            cell = (kept[number] or self._cells(number))[index.column()]
        elif self._own_data or not index.isValid() or number >= len(self._rows):
            for asked in roles:
                asked.setData(self.data(index, asked.role()))
            return
        elif self._keep:
            cell = self._cells(number)[index.column()]
        else:
            cell = self._cell(self._columns[index.column()], self._rows[number])
        for asked in roles:
            value = cell.get(asked.role())
            if value is None:
                asked.clearData()
            else:
                asked.setData(value)

    def _cells(self, number: int) -> tuple[Cell, ...]:
        kept = self._kept
        if number >= len(kept):  # rows added in place by a subclass (fetched as scrolled to)
            kept.extend([None] * (len(self._rows) - len(kept)))
        cells = kept[number]
        if cells is None:
            row = self._rows[number]
            cells = kept[number] = tuple(self._cell(column, row) for column in self._columns)
        return cells

    def _cell(self, column: TableColumn[Row], row: Row) -> Cell:
        text = column.text(row)
        cell: Cell = {_DISPLAY: text, _TOOL_TIP: text, _ROW: row}
        if column.align_right:
            cell[_ALIGNMENT] = _RIGHT
        if column.icon is not None and (icon := column.icon(row)) is not None:
            cell[_DECORATION] = icon
        if column.state is not None and (state := column.state(row)) is not None:
            cell[_FOREGROUND] = state_colour(state)
        return cell

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = _DISPLAY,
    ):
        # A painted header asks seven roles of each title: the six with no answer return
        # at the first comparison, of plain ints.
        if role != _DISPLAY or orientation != _HORIZONTAL:
            return None
        return self._titles[section] if 0 <= section < len(self._titles) else None

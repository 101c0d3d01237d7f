"""A small read-only table model: column constants, one set_rows() that resets it."""

from __future__ import annotations

from collections.abc import Callable, MutableSequence, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

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
_RIGHT = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value
_ANSWERED = frozenset({_DISPLAY, _TOOL_TIP, _DECORATION, _ALIGNMENT, _ROW, _FOREGROUND})


@dataclass(frozen=True)
class TableColumn(Generic[Row]):
    """How one column shows a row: its title, text, alignment, icon and colour."""

    title: str
    text: Callable[[Row], str]
    align_right: bool = False
    icon: Callable[[Row], object] | None = None  # a QIcon beside the text
    state: Callable[[Row], State | None] | None = None  # text in that state's colour


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Rows are plain values; each column says how to show one. Text is never markup."""

    def __init__(self, columns: Sequence[TableColumn[Row]]) -> None:
        super().__init__()
        self._columns = list(columns)
        self._rows: Sequence[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        """A list is copied (its owner may change it later); a read-only sequence is kept as
        it is, so one that makes its rows as they are read makes only those shown."""
        self.beginResetModel()
        self._rows = list(rows) if isinstance(rows, MutableSequence) else rows
        self.endResetModel()

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

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ):
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].title
        return None

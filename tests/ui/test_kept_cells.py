"""A table that keeps its rows' cells shows the rows it holds now, never an earlier set's;
any table answers a cell's roles at once as it answers them one by one."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QModelRoleData, Qt
from PySide6.QtGui import QColor

from touchdesk.ui.state_colours import State
from touchdesk.ui.table_model import RowTableModel, TableColumn

COLUMNS = [TableColumn("Name", lambda r: r[0]), TableColumn("Count", str, align_right=True)]


def _shown(model: RowTableModel) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_rows_set_again_or_grown_in_place_are_shown_as_they_are(qapp, qtmodeltester):
    model: RowTableModel = RowTableModel(COLUMNS, keep_cells=True)
    model.set_rows(["ann", "bob"])
    assert _shown(model) == ["a", "b"]
    model.set_rows(["cy", "dee", "eve"])
    assert _shown(model) == ["c", "d", "e"]
    # As a model that fetches more rows as they are scrolled to (Today's calling list).
    model.beginInsertRows(QModelIndex(), 3, 3)
    model._rows.extend(["fay"])
    model.endInsertRows()
    assert _shown(model) == ["c", "d", "e", "f"]
    right = model.index(3, 1).data(Qt.ItemDataRole.TextAlignmentRole)
    assert right == (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value
    assert model.index(3, 1).data(Qt.ItemDataRole.ToolTipRole) == "fay"
    qtmodeltester.check(model)


ROLES = [Qt.ItemDataRole(r) for r in range(11)] + [Qt.ItemDataRole.UserRole]


def _asked_at_once(model: RowTableModel, row: int, column: int) -> list:
    asked = [QModelRoleData(role) for role in ROLES]
    model.multiData(model.index(row, column), asked)
    return [item.data() for item in asked]


def test_a_plain_cell_asked_every_role_at_once_works_its_text_out_once(qapp):
    worked_out: list[str] = []

    def text(row: tuple[str, int]) -> str:
        worked_out.append(row[0])
        return row[0]

    columns = [
        TableColumn("Name", text, state=lambda r: State.OVERDUE if r[1] > 2 else None),
        TableColumn("Count", lambda r: str(r[1]), align_right=True),
    ]
    model: RowTableModel = RowTableModel(columns)
    model.set_rows([("ann", 1), ("bob", 3)])
    for row in range(2):
        for column in range(2):
            one_by_one = [model.data(model.index(row, column), role) for role in ROLES]
            worked_out.clear()
            assert _asked_at_once(model, row, column) == one_by_one
            assert worked_out == ([] if column else [("ann", "bob")[row]])


def test_a_model_answering_more_roles_itself_is_asked_through_them(qapp):
    class Shaded(RowTableModel):
        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor("#ffeeee")
            return super().data(index, role)

    model = Shaded(COLUMNS)
    model.set_rows(["ann"])
    answers = _asked_at_once(model, 0, 0)
    assert answers[ROLES.index(Qt.ItemDataRole.BackgroundRole)] == QColor("#ffeeee")
    assert answers[ROLES.index(Qt.ItemDataRole.DisplayRole)] == "a"

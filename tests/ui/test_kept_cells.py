"""A table that keeps its rows' cells shows the rows it holds now, never an earlier set's."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

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

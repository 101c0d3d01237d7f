"""A row table's header names its columns across the top, and nothing else."""

from __future__ import annotations

from PySide6.QtCore import Qt

from touchdesk.ui.table_model import RowTableModel, TableColumn

ROLES = [Qt.ItemDataRole(r) for r in range(11)] + [Qt.ItemDataRole.UserRole]


def test_the_header_names_each_column_across_the_top_only_as_text(qtmodeltester):
    model: RowTableModel[str] = RowTableModel(
        [TableColumn("When", str), TableColumn("What", str.upper), TableColumn("Note", str)]
    )
    model.set_rows(["a", "b"])
    qtmodeltester.check(model)
    across, down = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
    assert [model.headerData(s, across) for s in range(3)] == ["When", "What", "Note"]
    assert [model.headerData(s, across, Qt.ItemDataRole.DisplayRole) for s in range(3)] == [
        "When",
        "What",
        "Note",
    ]
    assert model.headerData(-1, across) is None and model.headerData(3, across) is None
    for role in ROLES[1:]:
        assert [model.headerData(s, across, role) for s in range(3)] == [None] * 3
    for role in ROLES:
        assert [model.headerData(s, down, role) for s in range(3)] == [None] * 3

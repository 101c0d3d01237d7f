"""A bare mirror of an app page for baselines: the same kinds and numbers of widgets (labels,
buttons, table views with as many columns), filled with raw tuples and nothing else."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QTableView, QVBoxLayout, QWidget


class RawTableModel(QAbstractTableModel):
    """Tuples as they came from sqlite3, shown with str(): the least a table can do."""

    def __init__(self, columns: int) -> None:
        super().__init__()
        self.columns = columns
        self.rows: list[tuple] = []

    def set_rows(self, rows: list[tuple]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return self.columns

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            row = self.rows[index.row()]
            return str(row[index.column()]) if index.column() < len(row) else ""
        return None


class BarePage(QWidget):
    """Counts what `page` shows right now and lays out as many bare widgets, at its size."""

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        shown = [child for child in page.findChildren(QWidget) if child.isVisibleTo(page)]
        layout = QVBoxLayout(self)
        self.labels = [QLabel() for child in shown if isinstance(child, QLabel)]
        for label in self.labels:
            layout.addWidget(label)
        for child in shown:
            if isinstance(child, QPushButton):
                layout.addWidget(QPushButton(child.text()))
        self.models: list[RawTableModel] = []
        for child in shown:
            if isinstance(child, QTableView) and child.model() is not None:
                model = RawTableModel(child.model().columnCount())
                view = QTableView()
                view.setModel(model)
                view.verticalHeader().hide()
                layout.addWidget(view, 1)
                self.models.append(model)
        self.resize(page.size())

    def show_results(self, results: list[list[tuple]]) -> None:
        """The largest results go to the tables, the first row of each result to a label."""
        biggest = sorted(results, key=len, reverse=True)
        for model, rows in zip(self.models, biggest, strict=False):
            model.set_rows(rows)
        for label, rows in zip(self.labels, results, strict=False):
            label.setText(str(rows[0][0]) if rows and rows[0] else "")
        self.grab()

"""Board figures, each against a bare baseline in the same process, sampled ABAB...

- board: database to painted screen: BoardPage.reload() and a grab of the board, vs the same
  statements run raw (captured from the page's own connection) and the same cards, arranged in
  the same columns, painted through a bare delegate in a bare QTableView (target 1.5);
- the first filter keystroke after a load (the one that builds the search texts), vs a bare
  filter that builds its own texts from the raw rows, resets and repaints (target 1.5).

python bench_board.py DB [--repeats N]   prints a JSON list of figures
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from measure import (  # noqa: E402
    capture_statements,
    copy_database,
    figure,
    interleaved,
    raw_connection,
    repeats_from,
    replay,
)

REPEATS = 5
KEYSTROKE = "a"  # the first letter typed: the filter that keeps the most cards to paint
# Columns of the board's card query (services.board.card_query).
ID, FIRST, LAST, COMPANY, STAGE, LAST_TOUCH, DUE, PURPOSE, EMAIL, PHONE, TAGS = (
    0, 1, 2, 3, 4, 8, 11, 13, 14, 15, 16,
)  # fmt: skip


def run(database: Path, repeats: int = REPEATS) -> list[dict]:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="touchdesk-bench-") as folder:
        return _measure(copy_database(database, Path(folder) / "board.sqlite"), repeats)


def _measure(database: Path, repeats: int) -> list[dict]:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRect, QSize, Qt
    from PySide6.QtGui import QColor, QFont, QPainter, QPen, QUndoStack
    from PySide6.QtWidgets import QApplication, QHeaderView, QStyledItemDelegate, QTableView

    from touchdesk.store import db
    from touchdesk.store.opening import open_store
    from touchdesk.ui.board.delegate import CARD_HEIGHT
    from touchdesk.ui.board.page import BoardPage
    from touchdesk.ui.events import ChangeBus

    app = QApplication.instance() or QApplication([])
    open_store(database, database.parent / "bench-backups")

    class BareModel(QAbstractTableModel):
        """Raw card tuples in columns by stage: no Card objects, no urgency, no formatting."""

        def __init__(self) -> None:
            super().__init__()
            self.columns: list[list[tuple]] = []

        def set_rows(self, rows: list[tuple]) -> None:
            self.beginResetModel()
            by_stage: dict[object, list[tuple]] = {}
            for row in rows:
                by_stage.setdefault(row[STAGE], []).append(row)
            self.columns = [by_stage[stage] for stage in sorted(by_stage, key=str)]
            self.endResetModel()

        def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
            return max((len(column) for column in self.columns), default=0)

        def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
            return len(self.columns)

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.UserRole:
                column = self.columns[index.column()]
                return column[index.row()] if index.row() < len(column) else None
            return None

    class BareDelegate(QStyledItemDelegate):
        """The same card drawn plainly: a rounded box, a stripe, a bold name and three lines."""

        stripe = QColor("#1a73e8")

        def sizeHint(self, option, index) -> QSize:  # noqa: N802
            return QSize(220, CARD_HEIGHT)

        def paint(self, painter: QPainter, option, index) -> None:
            row = index.data(Qt.ItemDataRole.UserRole)
            if row is None:
                return
            rect = option.rect.adjusted(5, 5, -5, -5)
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(option.palette.mid().color(), 1))
            painter.setBrush(option.palette.base())
            painter.drawRoundedRect(rect, 6, 6)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.stripe)
            painter.drawRoundedRect(QRect(rect.left(), rect.top(), 6, rect.height()), 3, 3)
            inner = rect.adjusted(14, 6, -8, -6)
            line = painter.fontMetrics().height()
            bold = QFont(option.font)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(option.palette.text().color())
            lines = (
                f"{row[FIRST]} {row[LAST]}",
                row[COMPANY] or "",
                f"{row[DUE] or 'No next step'} {row[PURPOSE] or ''}",
                str(row[LAST_TOUCH] or ""),
            )
            top = inner.top()
            for number, text in enumerate(lines):
                if number == 1:
                    painter.setFont(option.font)
                metrics = painter.fontMetrics()
                painter.drawText(
                    QRect(inner.left(), top, inner.width(), line),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    metrics.elidedText(text, Qt.TextElideMode.ElideRight, inner.width()),
                )
                top += line + (2 if number == 0 else 0)
            painter.restore()

    page = BoardPage(ChangeBus(), QUndoStack(), autoload=False)
    page.resize(1400, 800)
    page.show()
    app.processEvents()
    page.reload()  # settings and stages read once, as a running app has them
    statements = capture_statements(db.database.connection(), page.reload)

    bare_model = BareModel()
    bare_view = QTableView()
    bare_view.setModel(bare_model)
    bare_view.setItemDelegate(BareDelegate(bare_view))
    bare_view.verticalHeader().hide()
    bare_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    bare_view.verticalHeader().setDefaultSectionSize(CARD_HEIGHT)
    bare_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    bare_view.setShowGrid(False)
    bare_view.resize(page.view.size())
    bare_view.show()
    app.processEvents()
    raw = raw_connection(database)
    bare_rows: list[tuple] = []

    def bare_board() -> None:
        nonlocal bare_rows
        results = replay(raw, statements)
        bare_rows = max(results, key=len)  # the card query; the rest are stages and settings
        bare_model.set_rows(bare_rows)
        bare_view.grab()

    def app_board() -> None:
        page.reload()
        page.view.grab()

    def bare_keystroke() -> None:
        needle = KEYSTROKE.casefold()
        texts = [
            "\n".join(
                str(part or "")
                for part in (row[FIRST], row[LAST], row[COMPANY], row[EMAIL], row[PHONE], row[TAGS])
            ).casefold()
            for row in bare_rows
        ]
        bare_model.set_rows(
            [row for row, text in zip(bare_rows, texts, strict=True) if needle in text]
        )
        bare_view.grab()

    def app_keystroke() -> None:
        page.filter_edit.setText(KEYSTROKE)  # textChanged -> apply_filter, as typing does
        page.view.grab()

    def app_load() -> None:
        page.filter_edit.blockSignals(True)
        page.filter_edit.clear()
        page.filter_edit.blockSignals(False)
        page.reload()

    entries = [
        figure(
            "board: database to painted screen",
            *interleaved(app_board, bare_board, repeats),
            "ms",
            1.5,
        ),
        figure(
            "board: first filter keystroke after a load, to repaint",
            *interleaved(
                app_keystroke, bare_keystroke, repeats, before_app=app_load, before_bare=bare_board
            ),
            "ms",
            1.5,
        ),
    ]
    raw.close()
    page.close()
    bare_view.close()
    db.close()
    return entries


if __name__ == "__main__":
    import json

    print(json.dumps(run(Path(sys.argv[1]), repeats_from(sys.argv, REPEATS)), indent=2))

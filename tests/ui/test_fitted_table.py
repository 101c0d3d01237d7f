"""Fitted tables size their columns from the rows they have room to show."""

from __future__ import annotations

from dataclasses import dataclass

from touchdesk.ui.fitted_table import FittedTable
from touchdesk.ui.table_model import RowTableModel, TableColumn

LONG = "Zimmermann Gesellschaft für sehr lange Firmennamen mbH & Co. KG"


@dataclass(frozen=True)
class Row:
    name: str
    city: str


def _table(qtbot, rows: list[Row], height: int = 300) -> FittedTable:
    model = RowTableModel(
        [TableColumn("Name", lambda r: r.name), TableColumn("City", lambda r: r.city)]
    )
    model.set_rows(rows)
    table = FittedTable(elastic=set())  # no column shrinks: the widths are the measured ones
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(2000, height)
    table.show()
    qtbot.waitExposed(table)
    return table


def _rows_shown(table: FittedTable) -> int:
    return table.viewport().height() // table.verticalHeader().defaultSectionSize()


def _name_width(table: FittedTable) -> int:
    table.fit_columns()
    return table.horizontalHeader().sectionSize(0)


def test_a_long_name_on_screen_widens_its_column(qtbot):
    probe = _table(qtbot, [Row("Ann", "Köln")] * 100)
    last_on_screen = _rows_shown(probe) - 1
    rows = [Row("Ann", "Köln")] * 100
    rows[last_on_screen] = Row(LONG, "Köln")
    table = _table(qtbot, rows)
    assert _name_width(table) > table.fontMetrics().horizontalAdvance(LONG)


def test_a_long_name_far_below_the_screen_does_not(qtbot):
    rows = [Row("Ann", "Köln")] * 100
    probe = _table(qtbot, rows)
    rows[_rows_shown(probe) + 5] = Row(LONG, "Köln")
    table = _table(qtbot, rows)
    assert _name_width(table) < table.fontMetrics().horizontalAdvance(LONG)


def test_a_taller_table_measures_more_rows(qtbot):
    rows = [Row("Ann", "Köln")] * 100
    rows[20] = Row(LONG, "Köln")
    short, tall = _table(qtbot, rows, height=200), _table(qtbot, rows, height=900)
    assert _rows_shown(short) < 20 < _rows_shown(tall)
    assert _name_width(short) < _name_width(tall)


def test_its_room_is_the_viewports_size_with_and_without_scroll_bars(qtbot):
    for count, width, height in [(0, 500, 300), (3, 500, 300), (200, 500, 300), (5, 200, 100)]:
        table = _table(qtbot, [Row("Ann " * 20, "Köln")] * count, height=height)
        table.resize(width, height)
        table.fit_columns()
        qtbot.wait(1)
        assert table.room() == table.viewport().size()
    assert table.verticalScrollBar().isVisible() and table.horizontalScrollBar().isVisible()

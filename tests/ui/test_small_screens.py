"""A laptop's screen: the window shrinks to 1000x600 and every page stays usable at 1024x640."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QScrollArea

from touchdesk.services.changes import Change
from touchdesk.services.demo import fill_demo
from touchdesk.store.models import Prospect
from touchdesk.ui.prospect_form.dialog import ProspectDialog


@pytest.fixture
def desk(qtbot, window):
    """The main window on the sample data, at a small laptop's 1024x640."""
    fill_demo()
    window.bus.publish(Change.EVERYTHING)
    window.resize(1024, 640)
    qtbot.waitUntil(lambda: window.width() == 1024)
    return window


def settle(qtbot, window, page: str) -> None:
    window.go_to(page)
    qtbot.wait(20)  # the layout settles, as it does between two paints


def test_the_window_shrinks_to_a_small_laptop_on_every_page(qtbot, desk):
    for page in ("Today", "Board", "Prospect", "Mail", "Plans", "Insights"):
        settle(qtbot, desk, page)
        if page == "Prospect":  # the widest prospect page: long contacts and plan words
            for pid in (p.id for p in Prospect.select()):
                desk.open_prospect(pid)
                hint = desk.minimumSizeHint()
                assert hint.width() <= 1000 and hint.height() <= 600, (pid, hint)
        hint = desk.minimumSizeHint()
        assert hint.width() <= 1000 and hint.height() <= 600, (page, hint)
    desk.resize(1000, 600)
    qtbot.waitUntil(lambda: desk.width() == 1000 and desk.height() == 600)


def test_today_shows_purpose_and_phone_at_1024_without_scrolling_sideways(qtbot, desk):
    settle(qtbot, desk, "Today")
    for table in (desk.today.calls, desk.today.missing):
        model, header = table.model(), table.horizontalHeader()
        assert model.rowCount() > 0
        assert table.horizontalScrollBar().maximum() == 0
        for column in range(model.columnCount()):
            right = header.sectionViewportPosition(column) + header.sectionSize(column)
            assert right <= table.viewport().width(), model.headerData(
                column, Qt.Orientation.Horizontal
            )
    titles = [desk.today.calls_model.headerData(c, Qt.Orientation.Horizontal) for c in range(9)]
    phone = desk.today.calls.horizontalHeader().sectionSize(titles.index("Phone / email"))
    purpose = desk.today.calls.horizontalHeader().sectionSize(titles.index("Purpose"))
    assert phone >= 64 and purpose >= 64  # a few letters and the ellipsis, never a sliver


def _fits_sideways(table) -> None:
    model, header = table.model(), table.horizontalHeader()
    assert model.rowCount() > 0
    assert table.horizontalScrollBar().maximum() == 0
    for column in range(model.columnCount()):
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        title = model.headerData(column, Qt.Orientation.Horizontal)
        assert right <= table.viewport().width(), title


def test_the_mail_desk_elides_instead_of_scrolling_sideways_at_1024(qtbot, desk):
    settle(qtbot, desk, "Mail")
    _fits_sideways(desk.mail.table)


def test_a_plans_steps_elide_instead_of_scrolling_sideways_at_1024(qtbot, desk):
    settle(qtbot, desk, "Plans")
    _fits_sideways(desk.plans.plans_tab.steps)


def test_every_board_column_is_reachable_at_1024(qtbot, desk):
    settle(qtbot, desk, "Board")
    desk.board.show_inactive.setChecked(True)  # the Won and Lost columns too
    view = desk.board.view
    last = view.model().columnCount() - 1
    view.scrollTo(view.model().index(0, last))
    header = view.horizontalHeader()
    right = header.sectionViewportPosition(last) + header.sectionSize(last)
    assert header.sectionViewportPosition(last) >= 0 and right <= view.viewport().width()


def test_the_prospect_form_scrolls_to_its_notes_at_600_high(qtbot, desk):
    dialog = ProspectDialog(parent=desk)
    qtbot.addWidget(dialog)
    assert dialog.minimumSizeHint().height() <= 560  # room for a title bar on a 600 screen
    dialog.resize(dialog.width(), 560)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    area = dialog.findChild(QScrollArea, "formScroll")
    assert area is not None and area.verticalScrollBar().maximum() > 0
    dialog.tags.setFocus()
    qtbot.keyClick(dialog.tags, Qt.Key.Key_Tab)  # down the form: the scroll area follows
    assert dialog.notes.hasFocus()
    qtbot.waitUntil(lambda: area.verticalScrollBar().value() > 0)
    # Where the seller types is in view (Qt scrolls to the text cursor of a text box).
    cursor = dialog.notes.cursorRect()
    top = dialog.notes.viewport().mapTo(area.viewport(), cursor.topLeft()).y()
    assert 0 <= top and top + cursor.height() <= area.viewport().height()
    assert dialog.save_button.isVisible()  # the buttons stay outside the scrolled part


def test_insights_scrolls_down_to_its_last_chart_at_1024x640(qtbot, desk):
    settle(qtbot, desk, "Insights")
    page = desk.insights
    area = next(a for a in page.findChildren(QAbstractScrollArea) if isinstance(a, QScrollArea))
    bar = area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.isVisible() and bar.maximum() > 0)
    last = page.charts[-1]

    def bottom() -> int:
        return last.mapTo(area.viewport(), last.rect().bottomLeft()).y()

    assert bottom() > area.viewport().height()  # below the fold at first
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: bottom() <= area.viewport().height())

"""The timeline's cells, kept per row once shown, read and paint as when asked each time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QModelIndex, QModelRoleData, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPalette, QUndoStack
from PySide6.QtWidgets import QApplication

from tests.factories import days, prospect
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, Direction, EventKind, Outcome
from touchdesk.services import settings
from touchdesk.services.timeline import log_touch, record_event
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.prospect.page import ProspectPage
from touchdesk.ui.table_model import RowTableModel
from touchdesk.ui.theme import apply_scheme

NOW = datetime.now(UTC).replace(microsecond=0)
ROLES = [Qt.ItemDataRole(r) for r in range(11)] + [Qt.ItemDataRole.UserRole]


@pytest.fixture
def varied(store) -> int:
    settings.put("time_zone", "America/New_York")
    pid = prospect("Vera", "Varga", "Varga Ltd", due=NOW + days(1), purpose="Demo")
    kinds = [
        (Channel.CALL, Direction.OUT, Outcome.NO_ANSWER, ""),
        (Channel.CALL, Direction.OUT, Outcome.LEFT_VOICEMAIL, "Left a <b>short</b> one"),
        (Channel.EMAIL, Direction.IN, Outcome.REPLIED, "Asked for\nthe   price list"),
        (Channel.SMS, Direction.OUT, Outcome.NONE, "Running late"),
        (Channel.MEETING, Direction.OUT, Outcome.MET, "Coffee · 30 min"),
        (Channel.LETTER, Direction.OUT, Outcome.NONE, ""),
        (Channel.GIFT, Direction.OUT, Outcome.NONE, "Book"),
        (Channel.VIDEO_CALL, Direction.IN, Outcome.TALKED, "Zoom"),
    ]
    for n, (channel, direction, outcome, note) in enumerate(kinds):
        log_touch(pid, TouchInput(channel, NOW - days(20 - n), direction, outcome, note))
    record_event(pid, EventKind.STAGE_CHANGED, "Qualified → Proposal")
    return pid


@pytest.fixture
def page(qtbot, varied):
    view = ProspectPage(ChangeBus(), QUndoStack(), lambda _: None)
    qtbot.addWidget(view)
    view.resize(1100, 900)
    view.show()
    view.show_prospect(varied)
    qtbot.waitExposed(view)
    return view


def _asked_each_time(page: ProspectPage) -> RowTableModel:
    """The same columns over the same entries, every cell computed when asked."""
    model: RowTableModel = RowTableModel(page.timeline_model.columns)
    model.set_rows(page.timeline_model.rows())
    return model


def _icon_images(icon: QIcon) -> list[QImage]:
    return [icon.pixmap(QSize(16, 16), mode).toImage() for mode in QIcon.Mode]


def _same(first, second) -> bool:
    if isinstance(first, QIcon) and isinstance(second, QIcon):
        return _icon_images(first) == _icon_images(second)
    return first == second


def _answers(model, index: QModelIndex) -> list:
    return [model.data(index, role) for role in ROLES]


def test_every_cell_answers_each_role_as_when_asked_each_time(page):
    kept, fresh = page.timeline_model, _asked_each_time(page)
    assert kept.rowCount() == fresh.rowCount() >= 9
    for row in range(fresh.rowCount()):
        for column in range(fresh.columnCount()):
            for read in range(2):  # the second read comes from what was kept
                got = _answers(kept, kept.index(row, column))
                want = _answers(fresh, fresh.index(row, column))
                assert all(map(_same, got, want)), (row, column, read)
    texts = [kept.index(r, 1).data() for r in range(kept.rowCount())]
    assert "#2 Call · outbound · Left voicemail" in texts
    assert "Stage changed: Qualified → Proposal" in texts
    notes = [kept.index(r, 2).data(Qt.ItemDataRole.ToolTipRole) for r in range(kept.rowCount())]
    assert "Asked for the price list" in notes and "Left a <b>short</b> one" in notes


def test_many_roles_asked_at_once_answer_as_one_by_one(page):
    model = page.timeline_model
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            asked = [QModelRoleData(role) for role in ROLES]
            model.multiData(index, asked)
            got = [item.data() for item in asked]
            assert all(map(_same, got, _answers(model, index))), (row, column)


def _painted(page: ProspectPage, model) -> QImage:
    view = page.timeline_view
    view.setModel(model)
    view.selectRow(2)
    QApplication.processEvents()
    return view.grab().toImage()


def test_the_timeline_paints_as_when_asked_each_time_in_light_and_dark(qapp, page):
    kept = page.timeline_model
    try:
        for scheme in (Qt.ColorScheme.Light, Qt.ColorScheme.Dark, Qt.ColorScheme.Light):
            # Switched while the page is open: what was kept in the old colours is not shown.
            apply_scheme(qapp, scheme)
            QApplication.processEvents()
            assert _painted(page, _asked_each_time(page)) == _painted(page, kept), scheme
    finally:
        qapp.setPalette(QPalette())  # back to the platform's own for the other tests

"""Light and dark: every state colour, card and chart reads at 4.5:1 on its own ground."""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette, QUndoStack
from PySide6.QtWidgets import QApplication, QLabel, QStyleOptionViewItem

from tests.factories import days, prospect
from touchdesk.services.changes import Change
from touchdesk.services.demo import fill_demo
from touchdesk.store.models import Prospect
from touchdesk.ui.board.delegate import MARGIN, STRIPE
from touchdesk.ui.board.page import BoardPage
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.insights.charts import Bar, BarChart
from touchdesk.ui.state_colours import (
    TEXT_STATES,
    State,
    contrast_ratio,
    is_dark,
    state_colour,
    tint,
)
from touchdesk.ui.theme import apply_scheme, follow_system

NOW = datetime.now(UTC).replace(microsecond=0)
SCHEMES = [Qt.ColorScheme.Light, Qt.ColorScheme.Dark]
READABLE = 4.5  # WCAG AA for body text


@pytest.fixture(params=SCHEMES, ids=["light", "dark"])
def scheme(request, qapp):
    apply_scheme(qapp, request.param)
    yield request.param
    qapp.setPalette(QPalette())  # back to the platform's own for the other tests


def _ground(role: QPalette.ColorRole) -> QColor:
    return QApplication.palette().color(role)


def test_the_scheme_asked_for_is_the_one_applied(scheme):
    assert is_dark() == (scheme == Qt.ColorScheme.Dark)
    link = _ground(QPalette.ColorRole.Link)
    assert link != QColor("#0000ff")  # Qt's default link: pure blue
    assert contrast_ratio(link, _ground(QPalette.ColorRole.Base)) >= READABLE


@pytest.mark.parametrize("state", TEXT_STATES, ids=lambda s: s.value)
def test_each_state_colour_reads_on_the_page_and_in_a_list(scheme, state):
    colour = state_colour(state)
    for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Window):
        assert contrast_ratio(colour, _ground(role)) >= READABLE, (state, role)


def _text_contrast(image: QImage, area: QRect, ground: QColor) -> float:
    """The strongest contrast to the ground inside `area`: a glyph's solid stem at the large
    font the test paints with, the colour the text was asked to be in."""
    best = 1.0
    for y in range(area.top(), area.bottom() + 1):
        for x in range(area.left(), area.right() + 1):
            best = max(best, contrast_ratio(image.pixelColor(x, y), ground))
    return best


def test_every_card_line_reads_on_the_card(qtbot, store, scheme):
    prospect("Olive", "Overdue", "Late Ltd", due=NOW - days(1))
    prospect("Tess", "Today", "Soon Ltd", due=NOW + days(0.001))
    prospect("Nora", "Nostep", "Missing Ltd")
    prospect("Sam", "Scheduled", "Later Ltd", due=NOW + days(3))
    page = BoardPage(ChangeBus(), QUndoStack())
    qtbot.addWidget(page)
    model, delegate = page.model, page.view.itemDelegate()
    font = QFont()
    font.setPixelSize(22)  # stems several pixels wide: their middle is the pen's own colour
    palette = QApplication.palette()
    ground = palette.color(QPalette.ColorRole.Base)
    painted = 0
    for column in range(model.columnCount()):
        for row in range(model.rowCount()):
            index = model.index(row, column)
            if model.painted(index) is None:
                continue
            image = QImage(420, 200, QImage.Format.Format_RGB32)
            image.fill(ground)
            option = QStyleOptionViewItem()
            option.rect = QRect(0, 0, 420, 200)
            option.font = font
            option.palette = palette
            painter = QPainter(image)
            painter.setFont(font)
            line = painter.fontMetrics().height()
            delegate.paint(painter, option, index)
            painter.end()
            left = MARGIN + STRIPE + 8
            top = MARGIN + 6
            lines = [t for t in model.painted(index)[2:4] if t]  # next step, staleness
            for number in range(2 + len(lines)):  # name, company, then those
                band = QRect(left, top + number * line + (2 if number else 0), 300, line)
                assert _text_contrast(image, band, ground) >= READABLE, (row, number)
            painted += 1
    assert painted == 4


def test_a_chart_reads_on_its_ground(qtbot, scheme):
    chart = BarChart("Which touch wins")
    chart.set_bars([Bar("1st", 3), Bar("5th+", 7, emphasis=True)])
    font = QFont()
    font.setPixelSize(22)
    chart.setFont(font)
    chart.resize(400, 240)
    qtbot.addWidget(chart)
    image = chart.grab().toImage()
    ground = QApplication.palette().color(QPalette.ColorRole.Window)
    line = chart.fontMetrics().height()
    title = QRect(0, 0, 300, line + 4)
    labels = QRect(0, image.height() - line - 3, image.width() - 1, line)
    assert _text_contrast(image, title, ground) >= READABLE
    assert _text_contrast(image, labels, ground) >= READABLE


def test_a_tinted_label_follows_a_switch_of_scheme(qtbot, qapp):
    label = QLabel("Allowed, but: outside their hours.")
    qtbot.addWidget(label)
    tint(label, State.PROBLEM, "font-weight: 600;")
    label.show()
    try:
        follow_system(qapp)
        for scheme in (Qt.ColorScheme.Dark, Qt.ColorScheme.Light, Qt.ColorScheme.Dark):
            qapp.styleHints().colorSchemeChanged.emit(scheme)  # the system switched
            qapp.processEvents()
            assert is_dark() == (scheme == Qt.ColorScheme.Dark)
            assert state_colour(State.PROBLEM).name() in label.styleSheet()
            assert "font-weight: 600;" in label.styleSheet()
    finally:
        qapp.setPalette(QPalette())


def test_no_pure_blue_is_written_anywhere_in_the_window_code():
    """Qt's own blue (#0000ff, Qt.blue) reads badly on dark and shouts on light."""
    source = Path(__file__).resolve().parents[2] / "touchdesk"
    found = [
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if re.search(r"#0000ff\b|#00f\b|GlobalColor\.blue\b|Qt\.blue\b", path.read_text(), re.I)
    ]
    assert found == []


def test_the_prospect_page_reads_after_the_system_turns_dark(qtbot, store, qapp):
    """Labels with a style sheet kept the light palette they were polished with: the name
    and a later next step were drawn black on dark after a switch."""
    from touchdesk.ui.prospect.page import ProspectPage

    pid = prospect("Özlem", "Becker", "Schäfer & Söhne KG", due=NOW + days(20))
    page = ProspectPage(ChangeBus(), QUndoStack(), lambda *_: None)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show_prospect(pid)
    page.show()
    qtbot.waitExposed(page)
    try:
        apply_scheme(qapp, Qt.ColorScheme.Dark)
        qapp.processEvents()
        ground = qapp.palette().color(QPalette.ColorRole.Window)
        image = page.grab().toImage()  # the page's ground, with the labels drawn on it
        for label in (page.name, page.next_step):
            area = QRect(label.mapTo(page, label.rect().topLeft()), label.size())
            assert _text_contrast(image, area, ground) >= READABLE, label.text()
    finally:
        qapp.setPalette(QPalette())


def test_links_take_the_dark_link_colour_after_a_switch(qtbot, store, qapp):
    from touchdesk.ui.prospect.page import ProspectPage

    pid = prospect("Özlem", "Becker", emails=["oezlem@schaefer.example"])
    page = ProspectPage(ChangeBus(), QUndoStack(), lambda *_: None)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show_prospect(pid)
    page.show()
    qtbot.waitExposed(page)
    try:
        apply_scheme(qapp, Qt.ColorScheme.Dark)
        qapp.processEvents()
        ground = qapp.palette().color(QPalette.ColorRole.Window)
        image = page.grab().toImage()
        label = page.contacts
        area = QRect(label.mapTo(page, label.rect().topLeft()), label.size())
        assert _text_contrast(image, area, ground) >= READABLE
    finally:
        qapp.setPalette(QPalette())


def _pure_blue_pixels(image: QImage) -> int:
    argb = image.convertToFormat(QImage.Format.Format_ARGB32)  # kept while its bits are read
    data = bytes(argb.constBits())
    blue = QColor("#0000ff").rgba().to_bytes(4, sys.byteorder)  # one pixel as stored
    count, at = 0, data.find(blue)
    while at >= 0:
        count += at % 4 == 0
        at = data.find(blue, at + 1)
    return count


def test_no_page_paints_pure_blue(qtbot, window, qapp):
    """Qt's default link colour, #0000ff, was the Insights page's highlighted bars."""
    fill_demo(prospects=40, seed=7)
    window.bus.publish(Change.EVERYTHING)
    window.resize(1280, 720)
    window.open_prospect(Prospect.select(Prospect.id).first().id)
    try:
        for scheme in SCHEMES:
            apply_scheme(qapp, scheme)
            for title in ("Today", "Board", "Prospect", "Mail", "Plans", "Insights"):
                window.go_to(title)
                qapp.processEvents()
                assert _pure_blue_pixels(window.grab().toImage()) == 0, (scheme, title)
    finally:
        qapp.setPalette(QPalette())

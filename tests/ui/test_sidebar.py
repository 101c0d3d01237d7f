"""The sidebar as a source list: an icon per page, and live counts read from the services."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPalette

from tests.factories import days, prospect
from touchdesk.domain.mail import MailDraft
from touchdesk.domain.next_steps import NextStepInput
from touchdesk.domain.vocabulary import Channel, MailKind
from touchdesk.services.changes import Change
from touchdesk.services.mail_queue import queue_mail
from touchdesk.services.next_steps import set_next_step
from touchdesk.ui.state_colours import contrast_ratio
from touchdesk.ui.theme import apply_scheme

NOW = datetime.now(UTC).replace(microsecond=0)


def test_today_and_mail_show_what_waits_and_follow_changes(window):
    overdue = prospect("Olive", "Overdue", due=NOW - days(2))
    prospect("Pat", "Past", due=NOW - days(1))
    prospect("Leo", "Later", due=NOW + days(9))
    quiet = prospect("Nora", "Nostep")
    queue_mail(overdue, MailDraft(MailKind.NOTE))
    window.bus.publish(Change.PROSPECTS | Change.NEXT_STEPS | Change.MAIL)
    assert window.sidebar.count_of("Today") == 2
    assert window.sidebar.count_of("Mail") == 1
    assert window.sidebar.count_of("Board") is None  # nothing to count there

    set_next_step(quiet, NextStepInput(NOW - days(1), Channel.CALL, "Ask"))
    window.bus.publish(Change.NEXT_STEPS)
    assert window.sidebar.count_of("Today") == 3
    today = window.sidebar.findItems("Today", Qt.MatchFlag.MatchExactly)[0]
    assert today.data(Qt.ItemDataRole.AccessibleTextRole) == "Today, 3"
    assert window.sidebar.grab().width() > 0  # the count delegate paints


def test_an_empty_desk_shows_no_numbers(window):
    prospect("Leo", "Later", due=NOW + days(9))
    window.bus.publish(Change.PROSPECTS)
    assert window.sidebar.count_of("Today") is None
    assert window.sidebar.count_of("Mail") is None


def _ink(pixmap) -> QColor:
    """The most opaque pixel of an icon: its glyph's colour."""
    image = pixmap.toImage()
    best = QColor(0, 0, 0, 0)
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if colour.alpha() > best.alpha():
                best = colour
    return best


def test_every_page_has_an_icon_sharp_at_twice_the_pixels(window):
    for row in range(window.sidebar.count()):
        item = window.sidebar.item(row)
        assert not item.icon().isNull(), item.text()
        pixmap = item.icon().pixmap(QSize(20, 20), 2.0)
        assert pixmap.size() == QSize(40, 40)  # drawn at 2x, not a 20-pixel image scaled up
        assert pixmap.devicePixelRatio() == 2.0


def test_icons_take_the_text_colour_when_the_scheme_turns_dark(window, qapp):
    try:
        for scheme in (Qt.ColorScheme.Light, Qt.ColorScheme.Dark):
            apply_scheme(qapp, scheme)
            qapp.processEvents()
            ground = qapp.palette().color(QPalette.ColorRole.Base)
            ink = _ink(window.sidebar.item(0).icon().pixmap(QSize(20, 20)))
            assert contrast_ratio(ink, ground) >= 4.5, scheme
    finally:
        qapp.setPalette(QPalette())


def test_the_selected_rows_count_reads_in_the_highlighted_text_colour(window):
    """The count on the selected row is drawn like its title, the others in a quiet colour."""
    sidebar = window.sidebar
    palette = sidebar.palette()
    marked = QColor("#ff00ff")  # a colour no other part of the sidebar is drawn in
    palette.setColor(QPalette.ColorRole.HighlightedText, marked)
    sidebar.setPalette(palette)
    sidebar.set_count("Today", 7)
    sidebar.set_count("Mail", 8)

    def marked_in(title: str) -> bool:
        sidebar.setCurrentRow(0)  # Today selected
        rect = sidebar.visualItemRect(sidebar.findItems(title, Qt.MatchFlag.MatchExactly)[0])
        image = sidebar.viewport().grab(rect.adjusted(rect.width() - 30, 0, 0, 0)).toImage()
        return any(
            image.pixelColor(x, y).rgb() == marked.rgb()
            for y in range(image.height())
            for x in range(image.width())
        )

    assert marked_in("Today")
    assert not marked_in("Mail")

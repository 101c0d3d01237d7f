"""An empty list says why in one sentence and offers one primary action that gets going."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tests.factories import days, prospect
from tests.ui.helpers import when_modal
from touchdesk.services.changes import Change
from touchdesk.ui.prospect_form.dialog import ProspectDialog

NOW = datetime.now(UTC).replace(microsecond=0)


def _one_sentence(text: str) -> bool:
    return text.endswith(".") and text.count(". ") == 0 and "\n" not in text


def _shown_buttons(widget) -> list[QPushButton]:
    return [b for b in widget.findChildren(QPushButton) if b.isVisibleTo(widget)]


def test_an_empty_calling_list_offers_to_add_a_prospect(qtbot, window):
    prospect("Leo", "Later", due=NOW + days(9))  # nothing due today
    window.bus.publish(Change.PROSPECTS)
    window.go_to("Today")
    today = window.today
    assert today.calls_stack.currentWidget() is today.calls_empty
    assert today.calls_empty.isVisible()
    assert _one_sentence(today.calls_empty.sentence.text())
    assert [b.text() for b in _shown_buttons(today.calls_empty)] == ["Add a prospect…"]
    assert not any(button.isEnabled() for button in today.call_buttons)  # one action only
    seen = []
    when_modal(qtbot, lambda dialog: (seen.append(type(dialog)), dialog.reject()))
    qtbot.mouseClick(today.calls_empty.button, Qt.MouseButton.LeftButton)
    assert seen == [ProspectDialog]


def test_a_calling_list_with_calls_shows_them(window):
    prospect("Olive", "Overdue", due=NOW - days(1))
    window.bus.publish(Change.PROSPECTS)
    window.go_to("Today")
    assert window.today.calls_stack.currentWidget() is window.today.calls
    assert window.today.calls.isVisible()
    assert all(button.isEnabled() for button in window.today.call_buttons)


def test_an_empty_mail_desk_leads_to_the_board(qtbot, window):
    prospect("Leo", "Later", due=NOW + days(9))
    window.bus.publish(Change.PROSPECTS)
    window.go_to("Mail")
    mail = window.mail
    assert mail.empty.isVisible()
    assert _one_sentence(mail.empty.sentence.text())
    assert [b.text() for b in _shown_buttons(mail.empty)] == ["Open the Board"]
    assert not any(button.isEnabled() for button in mail.row_buttons)
    qtbot.mouseClick(mail.empty.button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.board


def test_an_empty_filter_on_the_mail_desk_goes_back_to_what_is_to_do(qtbot, window):
    prospect("Leo", "Later", due=NOW + days(9))
    window.bus.publish(Change.PROSPECTS)
    window.go_to("Mail")
    mail = window.mail
    mail.filter.setCurrentIndex(3)  # Mailed
    assert mail.empty.isVisible()
    assert _one_sentence(mail.empty.sentence.text())
    qtbot.mouseClick(mail.empty.button, Qt.MouseButton.LeftButton)
    assert mail.filter.currentIndex() == 0


def test_the_prospect_page_with_nobody_open_leads_to_the_board(qtbot, window):
    prospect("Leo", "Later", due=NOW + days(9))
    window.bus.publish(Change.PROSPECTS)
    window.go_to("Prospect")
    page = window.prospect
    assert page.empty.isVisible()
    assert _one_sentence(page.empty.sentence.text())
    assert [b.text() for b in _shown_buttons(page.empty)] == ["Open the Board"]
    qtbot.mouseClick(page.empty.button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.board

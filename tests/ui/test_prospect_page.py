"""The prospect page: header, next step, separate reach dates, and a timeline you can work."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from tests.factories import days, prospect
from tests.ui.helpers import when_modal
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, Direction, EventKind, Outcome
from touchdesk.services import settings
from touchdesk.services.timeline import log_touch, record_event
from touchdesk.store.models import Touch
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.prospect.log_touch_dialog import LogTouchDialog
from touchdesk.ui.prospect.page import ProspectPage
from touchdesk.ui.state_colours import State, state_colour

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def hannah(store):
    settings.put("time_zone", "America/New_York")
    pid = prospect(
        "Hannah",
        "Whitfield",
        "Whitfield & Sons",
        due=NOW + days(1),
        purpose="Progress call",
        emails=("hannah@whitfield.example",),
        phones=("+441632960123",),
        time_zone="Europe/London",
        country_code="GB",
        tags=("vip",),
        role="Director",
    )
    log_touch(pid, TouchInput(Channel.CALL, NOW - days(3), outcome=Outcome.NO_ANSWER))
    log_touch(
        pid,
        TouchInput(
            Channel.EMAIL,
            NOW - days(2),
            Direction.IN,
            Outcome.REPLIED,
            note="Asked for the <b>price list</b>",
        ),
    )
    log_touch(pid, TouchInput(Channel.CALL, NOW - days(1), outcome=Outcome.LEFT_VOICEMAIL))
    return pid


@pytest.fixture
def page(qtbot, hannah):
    bus = ChangeBus()
    messages: list[str] = []
    view = ProspectPage(bus, QUndoStack(), messages.append)
    bus.changed.connect(view.refresh)
    view.messages = messages
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    view.show_prospect(hannah)
    qtbot.waitExposed(view)
    return view


def rows(page: ProspectPage, column: int) -> list[str]:
    model = page.timeline_model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def touch_rows(page: ProspectPage) -> list[str]:
    """The timeline's touches, newest first (changes such as 'next step set' are left out)."""
    return [entry.summary() for entry in page.timeline_model.rows() if entry.is_touch]


def test_header_shows_who_where_and_their_clock(page):
    assert page.name.text() == "Hannah Whitfield"
    assert page.role.text() == "Director · Whitfield & Sons"
    assert page.standing.text() == "New · Active"
    assert page.local_time.text().endswith("(Europe/London)")
    assert 'href="tel:+441632960123"' in page.contacts.text()
    assert 'href="mailto:hannah@whitfield.example"' in page.contacts.text()
    assert page.tags.text() == "vip"
    assert page.next_step.text().startswith("Next step: ")
    assert "#2" in page.next_step.text() and "Progress call" in page.next_step.text()


def test_reached_attempted_and_met_are_shown_apart(page):
    text = page.reach.text()
    assert "Last reached: " in text and "Last attempt: " in text
    assert "Last meeting: —" in text


def test_timeline_is_newest_first_with_attempt_numbers_and_literal_notes(qtmodeltester, page):
    qtmodeltester.check(page.timeline_model)
    assert touch_rows(page) == [
        "#1 Call · outbound · Left voicemail",
        "Email · inbound · Replied",
        "#1 Call · outbound · No answer",
    ]
    assert "Asked for the <b>price list</b>" in rows(page, 2)


def test_filter_by_channel_and_search(qtbot, page):
    page.channel_filter.setCurrentIndex(page.channel_filter.findText("Email"))
    assert rows(page, 1) == ["Email · inbound · Replied"]
    page.channel_filter.setCurrentIndex(0)
    qtbot.keyClicks(page.search, "price")
    assert rows(page, 1) == ["Email · inbound · Replied"]


def test_delete_from_the_keyboard_and_undo(qtbot, page, hannah):
    page.timeline_view.setFocus()
    page.timeline_view.selectRow(rows(page, 1).index(touch_rows(page)[0]))
    qtbot.keyClick(page.timeline_view, Qt.Key.Key_Delete)
    assert Touch.select().where(Touch.deleted_at.is_null()).count() == 2
    assert page.messages[-1] == "Touch deleted. Ctrl+Z brings it back."
    page.follow_up.undo_stack.undo()
    assert Touch.select().where(Touch.deleted_at.is_null()).count() == 3
    assert "#1 Call · outbound · Left voicemail" in rows(page, 1)


def test_edit_a_touch_with_enter(qtbot, page):
    target = rows(page, 1).index("#1 Call · outbound · No answer")
    page.timeline_view.setFocus()
    page.timeline_view.selectRow(target)

    def edit(dialog):
        assert isinstance(dialog, LogTouchDialog)
        dialog.outcome.set_value(Outcome.TALKED)
        dialog.accept()

    when_modal(qtbot, edit, LogTouchDialog)
    qtbot.keyClick(page.timeline_view, Qt.Key.Key_Return)
    assert "Call · outbound · Talked" in rows(page, 1)
    # The voicemail after the conversation is attempt #1 again, still.
    assert touch_rows(page)[0] == "#1 Call · outbound · Left voicemail"


def test_ctrl_l_opens_the_log(qtbot, page):
    seen = []
    when_modal(qtbot, lambda d: (seen.append(type(d)), d.reject()))
    qtbot.keyClick(page.timeline_view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert seen == [LogTouchDialog]


def test_a_prospect_without_next_step_is_told_loudly(qtbot, store):
    pid = prospect("Lonely", time_zone="")
    view = ProspectPage(ChangeBus(), QUndoStack(), lambda _: None)
    qtbot.addWidget(view)
    view.show_prospect(pid)
    assert view.next_step.text().startswith("No next step.")
    assert state_colour(State.NO_NEXT_STEP).name() in view.next_step.styleSheet()


def test_a_dormant_prospect_shows_the_date_it_comes_back(qtbot, store):
    from datetime import date

    from touchdesk.domain.vocabulary import ProspectStatus
    from touchdesk.services.statuses import set_status

    pid = prospect("Resting", due=NOW + days(1))
    set_status(pid, ProspectStatus.DORMANT, dormant_until=date(2027, 2, 21))
    view = ProspectPage(ChangeBus(), QUndoStack(), lambda _: None)
    qtbot.addWidget(view)
    view.show_prospect(pid)
    assert view.next_step.text() == "Dormant until 21 February 2027: back then on the Revive plan."
    set_status(pid, ProspectStatus.WON)
    view.show_prospect(pid)
    assert view.next_step.text() == "Won: nothing planned."


def test_the_next_steps_words_sit_beside_it_ready_to_copy(qtbot, page):
    from PySide6.QtGui import QGuiApplication

    # Hannah's next step is a call: the voicemail to leave names the call after it.
    assert page.words.isVisible()
    shown = page.words.text.toPlainText()
    assert shown.startswith("Hi Hannah,") and "I'll try you again" in shown
    assert "Voicemail" in page.words.title.text()
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(page.words.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == shown


def test_no_words_without_a_next_step(qtbot, store):
    view = ProspectPage(ChangeBus(), QUndoStack(), lambda _: None)
    qtbot.addWidget(view)
    view.show()
    view.show_prospect(prospect("Ida", "Idle"))
    assert not view.words.isVisible()


def test_the_what_column_shows_a_long_change_whole_while_the_note_has_room(qtbot, page, hannah):
    record_event(
        hannah,
        EventKind.STAGE_CHANGED,
        "Qualified → Proposal, after the pricing call with the whole buying committee",
    )
    page.resize(1280, 700)
    page.reload()
    qtbot.waitUntil(lambda: page.timeline_view.viewport().width() > 1200)
    view = page.timeline_view
    metrics = view.fontMetrics()
    widest = max(metrics.horizontalAdvance(text) for text in rows(page, 1))
    assert widest > 400  # the change line is longer than any touch line
    assert view.columnWidth(1) >= widest + 16  # its text and the channel icon beside it
    assert view.columnWidth(2) >= 0.3 * view.viewport().width() - 1  # the note keeps its room


def test_the_what_column_follows_a_larger_font(qtbot, page):
    view = page.timeline_view
    before = view.columnWidth(1)
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    view.setFont(font)  # widths measured in the old font must not be reused
    page.reload()
    widest = max(view.fontMetrics().horizontalAdvance(text) for text in rows(page, 1))
    assert view.columnWidth(1) >= min(widest + 16, 0.7 * view.viewport().width() - 1)
    assert view.columnWidth(1) > before

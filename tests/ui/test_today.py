"""The Today page from the keyboard: order, their time, done, snooze, reschedule, undo, print."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication, QUndoStack

from tests.factories import days, prospect
from tests.ui.helpers import when_modal
from touchdesk.domain.vocabulary import Channel, NextStepStatus
from touchdesk.services import settings
from touchdesk.store.models import NextStep
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.today.page import TodayPage
from touchdesk.ui.today.reschedule import RescheduleDialog

NOW = datetime.now(UTC).replace(second=0, microsecond=0)


@pytest.fixture
def steps(store):
    settings.put("time_zone", "America/New_York")
    return {
        "overdue": prospect(
            "Olive",
            "Overdue",
            due=NOW - days(1),
            phones=("+12025550100",),
            time_zone="America/New_York",
        ),
        "london": prospect(
            "Liam",
            "London",
            due=NOW - timedelta(hours=1),
            channel=Channel.EMAIL,
            emails=("liam@example.co.uk",),
            time_zone="Europe/London",
        ),
        "future": prospect("Fran", "Future", due=NOW + days(3)),
        "idle": prospect("Ida", "Idle"),
    }


@pytest.fixture
def page(qtbot, steps):
    bus = ChangeBus()
    stack = QUndoStack()
    today = TodayPage(bus, stack)
    bus.changed.connect(today.refresh)
    today.stack = stack
    qtbot.addWidget(today)
    today.resize(1200, 600)
    today.show()
    qtbot.waitExposed(today)
    today.calls.setFocus()
    return today


def shown(model, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_calls_in_order_with_their_time_and_attempt(qtmodeltester, page, steps):
    qtmodeltester.check(page.calls_model)
    assert shown(page.calls_model, 2) == ["Olive Overdue", "Liam London"]
    assert shown(page.calls_model, 5) == ["#1", "#1"]
    assert shown(page.calls_model, 7) == ["+12025550100", "liam@example.co.uk"]
    their = shown(page.calls_model, 1)
    assert their[0] == ""  # same clock as the seller: nothing extra
    london = (NOW - timedelta(hours=1)).astimezone(ZoneInfo("Europe/London"))
    assert their[1].endswith(f"{london:%H:%M} Europe/London")
    assert shown(page.missing_model, 0) == ["Ida Idle"]
    assert page.missing_title.text() == "No next step · 1 prospect needs one"


def test_d_asks_what_happened_and_closes_nothing_by_itself(qtbot, page, steps):
    step = NextStep.get(NextStep.prospect == steps["overdue"])
    with qtbot.waitSignal(page.step_done) as done:
        qtbot.keyClick(page.calls, Qt.Key.Key_D)
    assert done.args == [steps["overdue"], step.id]
    # The step closes only with the touch logged (the window's log dialog, tested there).
    assert NextStep.get_by_id(step.id).status == NextStepStatus.OPEN.value
    assert shown(page.calls_model, 2) == ["Olive Overdue", "Liam London"]


def test_s_offers_later_slots_and_snoozing_moves_the_step_off_today(qtbot, page, steps):
    qtbot.keyClick(page.calls, Qt.Key.Key_Down)
    qtbot.keyClick(page.calls, Qt.Key.Key_S)
    menu = page.snooze_menu
    labels = [action.text() for action in menu.actions()]
    assert labels and "In an hour" not in labels[1:]  # offered first, if at all
    assert len(set(labels)) == len(labels)
    menu.actions()[-1].trigger()  # the furthest
    step = NextStep.get(NextStep.prospect == steps["london"])
    assert step.due_at > NOW + days(2)
    assert step.sequence == 1  # the calendar identity records the change
    assert shown(page.calls_model, 2) == ["Olive Overdue"]


def test_r_reschedules_through_a_dialog(qtbot, page, steps):
    target = (
        (NOW + days(5))
        .astimezone(ZoneInfo("America/New_York"))
        .replace(hour=9, minute=30, second=0)
    )

    def pick(dialog):
        assert isinstance(dialog, RescheduleDialog)
        dialog.when.setDateTime(target.replace(tzinfo=None))
        dialog.accept()

    when_modal(qtbot, pick)
    qtbot.keyClick(page.calls, Qt.Key.Key_R)
    step = NextStep.get(NextStep.prospect == steps["overdue"])
    assert step.due_at == target.astimezone(UTC)


def test_enter_opens_the_prospect(qtbot, page, steps):
    with qtbot.waitSignal(page.open_prospect) as opened:
        qtbot.keyClick(page.calls, Qt.Key.Key_Return)
    assert opened.args == [steps["overdue"]]


def test_the_selected_steps_words_show_and_copy_puts_them_on_the_clipboard(qtbot, page, steps):
    settings.put("seller_name", "Sam Seller")
    page.reload()
    rows = [page.calls_model.row_value(i) for i in range(page.calls_model.rowCount())]
    liam = next(i for i, r in enumerate(rows) if r.prospect_id == steps["london"])
    olive = next(i for i, r in enumerate(rows) if r.prospect_id == steps["overdue"])
    page.calls.selectRow(liam)
    # Liam's email step: the email template, filled for him, with its subject.
    shown = page.words.text.toPlainText()
    assert shown.startswith("Subject: Following up\n\nHi Liam,")
    assert page.words.text.isReadOnly()
    assert page.words.mail_button.isVisible() and page.words.mail_button.isEnabled()
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(page.words.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == shown
    opened: list[QUrl] = []
    page.words.open_url = opened.append
    qtbot.mouseClick(page.words.mail_button, Qt.MouseButton.LeftButton)
    (url,) = opened
    assert url.scheme() == "mailto" and url.path() == "liam@example.co.uk"
    assert "subject=Following%20up" in url.query(QUrl.ComponentFormattingOption.FullyEncoded)
    # Olive's call: the voicemail to leave, naming the next call; no mail button.
    page.calls.selectRow(olive)
    assert page.words.text.toPlainText().startswith("Hi Olive, it's Sam Seller.")
    assert "I'll try you again" in page.words.text.toPlainText()
    assert not page.words.mail_button.isVisible()


def test_a_reload_fills_the_selected_steps_words_once(qtbot, page, steps, monkeypatch):
    """Selecting the row after a reload shows its words: they are not read a second time."""
    from touchdesk.services import step_words

    read: list[int] = []
    original = step_words.words_for_step

    def words_for_step(step_id: int, *args):
        read.append(step_id)
        return original(step_id, *args)

    monkeypatch.setattr(step_words, "words_for_step", words_for_step)
    settings.put("seller_name", "Sam Seller")  # a change: the words are read afresh
    page.reload()
    assert read == [page.current_call().step_id]
    assert page.words.text.toPlainText().startswith("Hi Olive, it's Sam Seller.")


def test_s_then_enter_takes_the_first_snooze_choice(qtbot, page, steps):
    qtbot.keyClick(page.calls, Qt.Key.Key_Down)
    qtbot.keyClick(page.calls, Qt.Key.Key_S)
    menu = page.snooze_menu
    first = menu.actions()[0]
    assert menu.activeAction() is first
    before = NextStep.get(NextStep.prospect == steps["london"]).due_at
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    after = NextStep.get(NextStep.prospect == steps["london"]).due_at
    assert after != before and after > NOW


def test_a_long_list_paints_its_first_rows_and_reads_the_rest_when_scrolled(
    qtbot, qtmodeltester, store, monkeypatch
):
    # A busy desk at 100,000 prospects has ~20,000 calls due: reading them all (and sizing
    # the columns over them) held the window's first paint for over a second.
    import touchdesk.ui.today.page as today_page
    from touchdesk.services.today import today

    monkeypatch.setattr(today_page, "FIRST_ROWS", 4, raising=False)
    for n in range(11):
        prospect(f"Caller{n:02d}", "Due", due=NOW - timedelta(minutes=30 + 7 * (n % 5)))
    for n in range(6):
        prospect(f"Nobody{n}", "Planned")
    page = TodayPage(ChangeBus(), QUndoStack())
    qtbot.addWidget(page)
    assert page.calls_model.rowCount() == 4 and page.missing_model.rowCount() == 4
    assert page.calls_title.text() == "Calling list · 11 due"
    assert page.missing_title.text() == "No next step · 6 prospects need one"
    qtmodeltester.check(page.calls_model)
    page.resize(900, 300)
    page.show()
    qtbot.waitExposed(page)
    page.calls.scrollToBottom()  # the view asks for more as it reaches the end
    assert 4 < page.calls_model.rowCount()
    # Everything, in calling order, whenever every row is asked for (printing the list).
    everything = today(datetime.now(UTC), page.zone)
    assert page.calls_model.rows() == everything.calls
    assert page.missing_model.rows() == everything.without_next_step

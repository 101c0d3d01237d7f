"""The follow-up cycle in the real window, as a person drives it: Mark done then cancel, Esc
at the next step, the proposal after a voicemail, and the undo of a reply."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.dumps import differences, dump_all
from tests.factories import prospect
from tests.ui.helpers import when_modal
from touchdesk.domain.next_steps import NextStepInput
from touchdesk.domain.plans import RunStatus
from touchdesk.domain.vocabulary import Channel, Direction, NextStepStatus, Outcome
from touchdesk.services.changes import Change
from touchdesk.services.follow_up import VOICEMAIL_PURPOSE
from touchdesk.services.next_steps import open_step, set_next_step
from touchdesk.services.plans import apply_plan, list_plans, run_state
from touchdesk.store.models import NextStep, Touch
from touchdesk.ui.prospect.log_touch_dialog import LogTouchDialog
from touchdesk.ui.prospect.next_step_dialog import NextStepDialog

NOW = datetime.now(UTC).replace(microsecond=0)


def overdue(name: str) -> tuple[int, int]:
    pid = prospect(name, due=NOW - timedelta(hours=2))
    return pid, open_step(pid).id


def on_today(qtbot, window):
    window.bus.publish(Change.EVERYTHING)  # the prospects were added behind its back
    window.go_to("Today")
    page = window.today
    page.reload()
    window.activateWindow()
    page.calls.setFocus()
    qtbot.waitUntil(lambda: page.calls.isVisible() and page.calls.hasFocus())
    assert page.current_call() is not None
    return page


def test_mark_done_then_cancel_changes_nothing(qtbot, window):
    pid, step_id = overdue("Ada")
    page = on_today(qtbot, window)
    before = dump_all()
    asked = []
    when_modal(qtbot, lambda dialog: (asked.append(dialog), dialog.reject()), LogTouchDialog)
    qtbot.keyClick(page.calls, Qt.Key.Key_D)
    assert asked, "D opens the log dialog"
    assert differences(before, dump_all()) == {}
    assert NextStep.get_by_id(step_id).status == NextStepStatus.OPEN.value
    assert not window.undo_stack.canUndo()


def test_mark_done_closes_the_step_with_the_touch_and_esc_flags_the_prospect(qtbot, window):
    pid, step_id = overdue("Ada")
    page = on_today(qtbot, window)
    shown = {}

    def next_step(dialog):
        shown["attempt"] = dialog.attempt.text()
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)

    def log(dialog):
        dialog.outcome.set_value(Outcome.NO_ANSWER)
        when_modal(qtbot, next_step, NextStepDialog)
        dialog.accept()

    when_modal(qtbot, log, LogTouchDialog)
    qtbot.keyClick(page.calls, Qt.Key.Key_D)
    assert NextStep.get_by_id(step_id).status == NextStepStatus.DONE.value
    assert Touch.select().count() == 1 and open_step(pid) is None
    message = window.statusBar().currentMessage()
    assert (
        message == "No next step for Ada: they are flagged on Today and the board until one is set."
    )
    assert "Ada" in [row.name for row in page.missing_model.rows()]
    assert shown["attempt"] == "Attempt #2"
    window.undo_stack.undo()  # the touch and the step it closed are one action
    assert NextStep.get_by_id(step_id).status == NextStepStatus.OPEN.value
    assert Touch.select().count() == 0


def test_esc_with_an_open_step_keeps_it_and_says_so(qtbot, window):
    pid = prospect("Bo")
    later = (NOW + timedelta(days=2)).replace(second=0)
    set_next_step(pid, NextStepInput(later, Channel.CALL, "Check in"))
    window.open_prospect(pid)

    def next_step(dialog):
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)

    def log(dialog):
        dialog.channel.set_value(Channel.EMAIL)
        dialog.outcome.set_value(Outcome.SENT)
        when_modal(qtbot, next_step, NextStepDialog)
        dialog.accept()

    when_modal(qtbot, log, LogTouchDialog)
    window.prospect.follow_up.log_touch(pid)
    step = open_step(pid)
    assert step is not None and step.purpose == "Check in"
    message = window.statusBar().currentMessage()
    assert message.startswith("Bo keeps their next step: call ")
    assert "overdue" not in message


def test_after_a_voicemail_the_prompt_proposes_its_follow_up_not_the_old_step(qtbot, window):
    pid = prospect("Cy", country_code="US", time_zone="America/New_York")
    video = NextStepInput(NOW + timedelta(days=1), Channel.VIDEO_CALL, "Demo", 45, "https://x/1")
    set_next_step(pid, video)
    seen = {}

    def next_step(dialog: QDialog):
        seen["channel"] = dialog.channel.value()
        seen["purpose"] = dialog.purpose.currentText()
        seen["duration"] = dialog.duration.value()
        seen["place"] = dialog.location.text()
        seen["attempt"] = dialog.attempt.text()
        seen["first"] = dialog.suggestions.itemAt(0).widget().text()
        dialog.channel.set_value(Channel.EMAIL)  # the time follows the channel
        seen["email_time"] = dialog.due_at()
        dialog.reject()

    def log(dialog):
        dialog.channel.set_value(Channel.CALL)
        dialog.outcome.set_value(Outcome.LEFT_VOICEMAIL)
        when_modal(qtbot, next_step, NextStepDialog)
        dialog.accept()

    when_modal(qtbot, log, LogTouchDialog)
    window.prospect.follow_up.log_touch(pid)
    assert seen["channel"] is Channel.CALL and seen["purpose"] == VOICEMAIL_PURPOSE
    assert (seen["duration"], seen["place"], seen["attempt"]) == (30, "", "Attempt #2")
    assert seen["first"].startswith("&1 ")
    theirs = seen["email_time"].astimezone(ZoneInfo("America/New_York"))
    assert theirs.strftime("%H:%M") in ("08:30", "13:00")


def test_undoing_a_reply_resumes_the_plan_it_paused(qtbot, window):
    pid = prospect("Dee", country_code="US", time_zone="America/New_York")
    plan = next(p.id for p in list_plans() if p.spec.name == "No answer")
    apply_plan([pid], plan, NOW, window.prospect.follow_up.seller_zone())
    before = dump_all()

    def next_step(dialog):
        dialog.reject()

    def log(dialog):
        dialog.direction.set_value(Direction.IN)
        dialog.outcome.set_value(Outcome.REPLIED)
        when_modal(qtbot, next_step, NextStepDialog)
        dialog.accept()

    when_modal(qtbot, log, LogTouchDialog)
    window.prospect.follow_up.log_touch(pid)
    assert run_state(pid).status is RunStatus.PAUSED
    window.undo_stack.undo()
    assert run_state(pid).status is RunStatus.ACTIVE
    assert differences(before, dump_all()) == {}

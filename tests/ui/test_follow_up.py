"""Logging a touch from the keyboard alone ends with the next step, or an explicit decision."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from tests.factories import days, prospect
from tests.ui.helpers import when_modal
from touchdesk.domain.date_text import dates
from touchdesk.domain.vocabulary import (
    Channel,
    Direction,
    NextStepStatus,
    Outcome,
    ProspectStatus,
)
from touchdesk.services import settings
from touchdesk.services.next_steps import open_step
from touchdesk.store.models import NextStep, Prospect, Touch
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.prospect.flows import FollowUp
from touchdesk.ui.prospect.let_go_dialog import LetGoDialog
from touchdesk.ui.prospect.log_touch_dialog import LogTouchDialog
from touchdesk.ui.prospect.next_step_dialog import Decision, NextStepDialog

NOW = datetime.now(UTC).replace(microsecond=0)


class Keys:
    """Types into whatever has focus in a dialog, counting every keystroke."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def press(self, dialog, *keys) -> None:
        for key in keys:
            target = dialog.focusWidget() or dialog
            if isinstance(key, str):
                self.qtbot.keyClicks(target, key)
            else:
                self.qtbot.keyClick(target, key)
            self.count += 1


@pytest.fixture
def flow(qtbot, store):
    settings.put("time_zone", "Europe/London")
    parent = QWidget()
    qtbot.addWidget(parent)
    messages: list[str] = []
    follow_up = FollowUp(ChangeBus(), QUndoStack(), parent, messages.append)
    follow_up.messages = messages
    return follow_up


def test_log_a_no_answer_call_and_set_the_next_step_in_six_keystrokes(qtbot, flow):
    pid = prospect(
        "Hannah", "Whitfield", due=NOW - days(1), country_code="GB", time_zone="Europe/London"
    )
    old_step = open_step(pid)
    keys = Keys(qtbot)
    keys.count = 1  # the shortcut that opened the log (Ctrl+L on the prospect page)
    seen = []

    def next_step(dialog):
        assert isinstance(dialog, NextStepDialog)
        seen.append(dialog.due_at())
        keys.press(dialog, Qt.Key.Key_Return)  # the first suggested slot is already chosen

    def log(dialog):
        assert isinstance(dialog, LogTouchDialog)
        assert dialog.channel.value() is Channel.CALL  # preset from the planned step
        when_modal(qtbot, next_step, NextStepDialog)
        keys.press(dialog, Qt.Key.Key_Tab, Qt.Key.Key_Tab, "n", Qt.Key.Key_Return)

    when_modal(qtbot, log)
    assert flow.log_touch(pid)

    touch = Touch.get(Touch.prospect == pid)
    assert (touch.outcome, touch.attempt) == (Outcome.NO_ANSWER.value, 1)
    step = open_step(pid)
    assert step is not None and step.id != old_step.id
    assert step.due_at == seen[0]
    assert step.due_at.astimezone(settings_zone()).strftime("%H:%M") in ("08:00", "12:00")
    assert NextStep.get_by_id(old_step.id).status == NextStepStatus.REPLACED.value
    assert keys.count == 6

    flow.undo_stack.undo()  # the touch and the step it led to are one action
    assert open_step(pid).id == old_step.id
    assert Prospect.get_by_id(pid).touch_count == 0


def settings_zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/London")


def test_escape_on_the_next_step_is_an_explicit_dismissal_and_is_reported(qtbot, flow):
    pid = prospect("Ada")

    def next_step(dialog):
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)

    def log(dialog):
        when_modal(qtbot, next_step, NextStepDialog)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    when_modal(qtbot, log)
    flow.log_touch(pid)
    assert Touch.select().count() == 1
    assert open_step(pid) is None
    assert flow.messages[-1] == (
        "No next step for Ada: they are flagged on Today and the board until one is set."
    )


def test_let_go_from_the_next_step_prompt(qtbot, flow):
    pid = prospect("Ada", due=NOW + days(2))
    seen = {}

    def let_go(dialog):
        seen["message"] = dialog.message.toPlainText() if isinstance(dialog, LetGoDialog) else ""
        dialog.accept()

    def early(box):  # no touch yet: letting go is questioned first
        when_modal(qtbot, let_go, LetGoDialog)
        [anyway] = [b for b in box.buttons() if b.text() == "&Let go anyway"]
        qtbot.mouseClick(anyway, Qt.MouseButton.LeftButton)

    def next_step(dialog):
        when_modal(qtbot, early, QMessageBox)
        qtbot.mouseClick(dialog.let_go_button, Qt.MouseButton.LeftButton)

    when_modal(qtbot, next_step)
    assert flow.choose_next_step(pid) is Decision.LET_GO
    assert "I'll stop contacting you" in seen["message"]
    row = Prospect.get_by_id(pid)
    assert row.status == ProspectStatus.DORMANT.value
    assert (row.dormant_until - datetime.now(UTC).date()).days in (89, 90)
    flow.undo_stack.undo()
    assert Prospect.get_by_id(pid).status == ProspectStatus.ACTIVE.value


def test_won_from_the_prompt_and_undo(qtbot, flow):
    pid = prospect("Ada", due=NOW + days(2))
    when_modal(qtbot, lambda d: qtbot.mouseClick(d.won_button, Qt.MouseButton.LeftButton))
    flow.choose_next_step(pid)
    assert Prospect.get_by_id(pid).status == ProspectStatus.WON.value
    flow.undo_stack.undo()
    assert Prospect.get_by_id(pid).status == ProspectStatus.ACTIVE.value
    assert open_step(pid) is not None


def test_next_step_dialog_offers_slots_in_their_day_and_the_words(qtbot, flow):
    pid = prospect("Hannah", country_code="JP", time_zone="Asia/Tokyo")
    seen = {}

    def inspect(dialog):
        seen["suggestions"] = [
            dialog.suggestions.itemAt(i).widget().text() for i in range(dialog.suggestions.count())
        ]
        seen["picks"] = [
            dialog.picks.itemAt(i).widget().text() for i in range(dialog.picks.count())
        ]
        seen["seller"] = dialog.seller_time.text()
        seen["voicemail"] = dialog.voicemail.toPlainText()
        seen["invite"] = dialog.invite.toPlainText()
        dialog.reject()

    when_modal(qtbot, inspect)
    flow.choose_next_step(pid)
    # Tokyo's 08:00 and noon are 23:00 and 03:00 for a London seller: the nearest is offered,
    # marked, rather than three night-time calls unmarked.
    (only,) = seen["suggestions"]
    assert only.endswith("· outside your hours") and ("08:00" in only or "12:00" in only)
    assert seen["picks"][:2] == ["Tomorrow", "In 3 days"]
    assert seen["seller"].endswith("your time")
    assert "I'll try you again" in seen["voicemail"]
    assert (
        seen["invite"].startswith("I'll put a call on both our calendars")
        or "on both our calendars" in seen["invite"]
    )
    assert "your time." in seen["invite"] and "move it" in seen["invite"]


def test_the_dialogs_speak_the_sellers_templates(qtbot, flow):
    from touchdesk.services.library import save_template
    from touchdesk.services.templates import get_template

    for key, body in (
        ("voicemail", "Voicemail for {first_name}: again {next_step_day} at {next_step_time}"),
        ("invite", "Booked: {next_step_what} {next_step_day} at {next_step_time}"),
        ("breakup", "Done here, {first_name}."),
    ):
        template = get_template(key)
        save_template(template._replace(body=body))
    pid = prospect("Hannah", due=NOW + days(2), time_zone="Europe/London")
    seen = {}

    def inspect(dialog):
        seen["voicemail"] = dialog.voicemail.toPlainText()
        seen["invite"] = dialog.invite.toPlainText()
        dialog.reject()

    when_modal(qtbot, inspect)
    flow.choose_next_step(pid)
    assert seen["voicemail"].startswith("Voicemail for Hannah: again ")
    assert seen["invite"].startswith("Booked: a call ")

    def let_go(dialog):
        seen["breakup"] = dialog.message.toPlainText()
        dialog.reject()

    def early_anyway(box):  # no touches yet: the early let-go is questioned first
        next(b for b in box.buttons() if "anyway" in b.text()).click()
        when_modal(qtbot, let_go, LetGoDialog)

    when_modal(qtbot, early_anyway, QMessageBox)
    flow.let_go(pid)
    assert seen["breakup"] == "Done here, Hannah."


def plan_named(name: str) -> int:
    from touchdesk.services.plans import list_plans

    return next(p.id for p in list_plans() if p.spec.name == name)


def test_logging_a_touch_proposes_the_plans_next_step_and_advances_it(qtbot, flow):
    from zoneinfo import ZoneInfo

    from touchdesk.services.plans import apply_plan, run_state

    pid = prospect("Ada", country_code="GB", time_zone="Europe/London")
    apply_plan([pid], plan_named("No answer"), NOW, ZoneInfo("Europe/London"))
    seen = {}

    def next_step(dialog):
        seen["purpose"] = dialog.purpose.currentText()
        seen["note"] = dialog.plan_note.text()
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)

    def log(dialog):
        when_modal(qtbot, next_step, NextStepDialog)
        dialog.outcome.set_value(Outcome.NO_ANSWER)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    when_modal(qtbot, log, LogTouchDialog)
    flow.log_touch(pid)
    assert seen["purpose"].startswith("Second call")
    assert seen["note"] == "No answer · step 1 of 9 → step 2 proposed"
    assert run_state(pid).progress() == "No answer · step 2 of 9"
    assert open_step(pid).purpose.startswith("Second call")
    flow.undo_stack.undo()
    assert run_state(pid).progress() == "No answer · step 1 of 9"


def test_an_inbound_reply_pauses_the_plan_and_says_so(qtbot, flow):
    from zoneinfo import ZoneInfo

    from touchdesk.domain.plans import RunStatus
    from touchdesk.domain.vocabulary import Direction
    from touchdesk.services.plans import apply_plan, run_state

    pid = prospect("Ada", country_code="GB")
    apply_plan([pid], plan_named("No answer"), NOW, ZoneInfo("Europe/London"))
    seen = {}

    def next_step(dialog):
        seen["note"] = dialog.plan_note.text()
        dialog.reject()

    def log(dialog):
        when_modal(qtbot, next_step, NextStepDialog)
        dialog.direction.set_value(Direction.IN)
        dialog.outcome.set_value(Outcome.REPLIED)
        dialog.accept()

    when_modal(qtbot, log, LogTouchDialog)
    flow.log_touch(pid)
    assert run_state(pid).status is RunStatus.PAUSED
    assert seen["note"].startswith("They answered, so their plan is paused")


def test_the_purpose_offers_the_reasons_library_and_shows_what_was_used(qtbot, flow):
    pid = prospect("Ada", due=NOW + days(3), purpose="A pricing update")
    seen = {}

    def inspect(dialog):
        seen["items"] = [dialog.purpose.itemText(i) for i in range(dialog.purpose.count())]
        seen["used"] = dialog.reasons_used.text()
        dialog.reject()

    when_modal(qtbot, inspect, NextStepDialog)
    flow.choose_next_step(pid)
    assert "A customer story" in seen["items"] and "Industry news" in seen["items"]
    assert seen["used"].startswith("Already used: A pricing update (")


def test_a_card_as_the_next_step_is_offered_to_the_mail_desk(qtbot, flow):
    from touchdesk.services.mail_queue import list_tasks
    from touchdesk.ui.mail.task_dialog import MailTaskDialog

    pid = prospect("Ada", "Lovelace", street="1 Elm St", city="Springfield", region="IL",
                   postal_code="62701", country_code="US")  # fmt: skip
    seen = {}

    def choose_card(dialog: NextStepDialog) -> None:
        dialog.channel.set_value(Channel.CARD)
        dialog.purpose.setEditText("Thinking of you")
        when_modal(qtbot, queue_it, MailTaskDialog)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    def queue_it(dialog: MailTaskDialog) -> None:
        seen["title"] = dialog.windowTitle()
        seen["occasion"] = dialog.occasion.text()
        seen["due"] = dialog.due.date().toPython() if dialog.has_due.isChecked() else None
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    when_modal(qtbot, choose_card, NextStepDialog)
    flow.choose_next_step(pid)
    step = open_step(pid)
    assert step.channel is Channel.CARD
    assert seen["title"] == "Queue this card on the mail desk?"
    assert seen["occasion"] == "Thinking of you"
    assert seen["due"] == step.due_at.astimezone(flow.seller_zone()).date()
    [task] = list_tasks()
    assert (task.prospect_id, task.occasion, task.due_on) == (pid, "Thinking of you", seen["due"])


def test_sending_the_break_up_ends_the_plan_with_the_prospect_dormant(qtbot, flow):
    from zoneinfo import ZoneInfo

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from touchdesk.services.plans import apply_plan

    pid = prospect("Ada", "Lovelace", country_code="GB", time_zone="Europe/London")
    apply_plan([pid], plan_named("Break-up"), NOW, ZoneInfo("Europe/London"))
    seen = {"asked": False}

    def refuse_next_step() -> None:  # a next-step prompt would be wrong here: say so, close it
        shown = QApplication.activeModalWidget()
        if isinstance(shown, NextStepDialog):
            seen["asked"] = True
            shown.reject()

    guard = QTimer()
    guard.timeout.connect(refuse_next_step)
    guard.start(50)

    def log(dialog):
        dialog.channel.set_value(Channel.EMAIL)
        dialog.outcome.set_value(Outcome.SENT)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    when_modal(qtbot, log, LogTouchDialog)
    flow.log_touch(pid)
    guard.stop()
    assert not seen["asked"]
    row = Prospect.get_by_id(pid)
    assert row.status == ProspectStatus.DORMANT.value
    assert (row.dormant_until - NOW.date()).days in (89, 90)  # 90 days from today, London
    assert "is dormant until" in flow.messages[-1]
    flow.undo_stack.undo()
    assert Prospect.get_by_id(pid).status == ProspectStatus.ACTIVE.value


def test_winning_a_referred_prospect_offers_a_thank_you_note_to_the_referrer(qtbot, flow):
    from PySide6.QtWidgets import QMessageBox

    from touchdesk.services.mail_queue import list_tasks

    alex = prospect("Alex", "Chen")
    dana = prospect("Dana", "Ray", due=NOW + days(2), referrer_id=alex)
    seen = {}

    def accept(box: QMessageBox) -> None:
        seen["text"] = box.text()
        qtbot.mouseClick(box.defaultButton(), Qt.MouseButton.LeftButton)

    def won(dialog) -> None:
        when_modal(qtbot, accept, QMessageBox)
        qtbot.mouseClick(dialog.won_button, Qt.MouseButton.LeftButton)

    when_modal(qtbot, won, NextStepDialog)
    flow.choose_next_step(dana)
    assert Prospect.get_by_id(dana).status == ProspectStatus.WON.value
    assert "Alex Chen introduced you to Dana Ray" in seen["text"]
    [task] = list_tasks()
    assert (task.prospect_id, task.occasion) == (alex, "Thank you for introducing Dana Ray")
    flow.undo_stack.undo()  # the note goes; winning stays until undone too
    assert list_tasks() == []


def test_the_break_up_after_three_unanswered_emails_still_ends_in_dormancy(qtbot, flow):
    """The stop rule is what suggests the break-up: the break-up email must not trip it."""
    from zoneinfo import ZoneInfo

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from touchdesk.domain.timeline import TouchInput
    from touchdesk.services.plans import apply_plan, run_state
    from touchdesk.services.timeline import log_touch

    pid = prospect("Ada", "Lovelace", country_code="GB", time_zone="Europe/London")
    for n in (9, 6, 3):  # the email chase, never answered
        log_touch(pid, TouchInput(Channel.EMAIL, NOW - days(n), outcome=Outcome.SENT))
    apply_plan([pid], plan_named("Break-up"), NOW, ZoneInfo("Europe/London"))
    asked = []

    def refuse_next_step() -> None:  # a next-step prompt here is the bug: note it, close it
        shown = QApplication.activeModalWidget()
        if isinstance(shown, NextStepDialog):
            asked.append(shown.windowTitle())
            shown.reject()

    guard = QTimer()
    guard.timeout.connect(refuse_next_step)
    guard.start(50)

    def log(dialog):
        dialog.channel.set_value(Channel.EMAIL)
        dialog.outcome.set_value(Outcome.SENT)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    when_modal(qtbot, log, LogTouchDialog)
    flow.log_touch(pid)
    guard.stop()
    assert not asked
    row = Prospect.get_by_id(pid)
    assert row.status == ProspectStatus.DORMANT.value
    assert run_state(pid) is None
    assert "is dormant until" in flow.messages[-1]


def dormant_after_break_up(first: str, last: str) -> int:
    from datetime import date
    from zoneinfo import ZoneInfo

    from touchdesk.services.next_steps import close_step
    from touchdesk.services.plans import apply_plan, end_run

    pid = prospect(first, last, country_code="GB", time_zone="Europe/London")
    apply_plan([pid], plan_named("Break-up"), NOW, ZoneInfo("Europe/London"))
    close_step(open_step(pid).id, NextStepStatus.DONE)
    end_run(pid, date.today())
    return pid


def answer_revival(qtbot, button_text: str) -> dict:
    from PySide6.QtWidgets import QMessageBox

    seen = {}

    def answer(box: QMessageBox) -> None:
        seen["text"] = box.text()
        [button] = [b for b in box.buttons() if b.text().replace("&", "") == button_text]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def log(dialog) -> None:
        dialog.channel.set_value(Channel.EMAIL)
        dialog.direction.set_value(Direction.IN)
        when_modal(qtbot, answer, QMessageBox)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    when_modal(qtbot, log, LogTouchDialog)
    return seen


def test_a_dormant_prospect_who_writes_is_offered_the_revive_plan(qtbot, flow):
    from touchdesk.services.plans import run_state

    pid = dormant_after_break_up("Ada", "Lovelace")
    rest = Prospect.get_by_id(pid).dormant_until
    seen = answer_revival(qtbot, "Start Revive plan")
    assert flow.log_touch(pid)
    until = dates().date(rest)
    assert f"Ada Lovelace is dormant until {until} and just got in touch" in seen["text"]
    assert Prospect.get_by_id(pid).status == ProspectStatus.ACTIVE.value
    assert open_step(pid).purpose == "Revive: a reason-led call"
    assert run_state(pid).progress() == "Revive · step 1 of 1"
    assert flow.messages[-1].startswith("Ada Lovelace is active again. Next step: Revive")
    flow.undo_stack.undo()
    row = Prospect.get_by_id(pid)
    assert (row.status, row.dormant_until) == (ProspectStatus.DORMANT.value, rest)
    assert open_step(pid) is None and run_state(pid) is None
    # The email and the revival it led to were one action: one undo takes back both.
    assert Touch.select().where(Touch.prospect == pid).count() == 0


def test_keeping_a_dormant_prospect_at_rest_changes_nothing_else(qtbot, flow):
    pid = dormant_after_break_up("Bo", "Berg")
    answer_revival(qtbot, "Keep dormant")
    assert flow.log_touch(pid)
    assert Prospect.get_by_id(pid).status == ProspectStatus.DORMANT.value
    assert open_step(pid) is None
    assert flow.messages[-1] == "Bo Berg stays dormant."


def test_a_referrer_who_opts_out_while_asked_gets_no_note(qtbot, flow):
    from PySide6.QtWidgets import QMessageBox

    from touchdesk.services.mail_queue import list_tasks
    from touchdesk.services.statuses import set_status

    alex = prospect("Alex", "Chen")
    dana = prospect("Dana", "Ray", due=NOW + days(2), referrer_id=alex)

    def opt_out_then_accept(box: QMessageBox) -> None:
        set_status(alex, ProspectStatus.DO_NOT_CONTACT)  # e.g. from another window
        qtbot.mouseClick(box.defaultButton(), Qt.MouseButton.LeftButton)

    def won(dialog) -> None:
        when_modal(qtbot, opt_out_then_accept, QMessageBox)
        qtbot.mouseClick(dialog.won_button, Qt.MouseButton.LeftButton)

    when_modal(qtbot, won, NextStepDialog)
    flow.choose_next_step(dana)
    assert list_tasks() == []
    assert flow.messages[-1].startswith("No thank-you note queued:")
    assert Prospect.get_by_id(dana).status == ProspectStatus.WON.value


def test_the_prompt_after_a_third_unanswered_email_proposes_no_email_and_says_why(qtbot, flow):
    from touchdesk.domain.timeline import TouchInput
    from touchdesk.services.timeline import log_touch

    pid = prospect("Ada", "Lovelace", country_code="GB", time_zone="Europe/London")
    for n in (6, 3):
        log_touch(pid, TouchInput(Channel.EMAIL, NOW - days(n), outcome=Outcome.SENT))
    seen = {}

    def next_step(dialog):
        seen["channel"] = dialog.channel.value()
        seen["note"] = dialog.plan_note.text()
        seen["shown"] = dialog.plan_note.isVisibleTo(dialog)
        dialog.reject()

    def log(dialog):
        dialog.channel.set_value(Channel.EMAIL)
        dialog.outcome.set_value(Outcome.SENT)
        when_modal(qtbot, next_step, NextStepDialog)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    when_modal(qtbot, log, LogTouchDialog)
    flow.log_touch(pid)
    assert seen["channel"] is not Channel.EMAIL
    assert seen["shown"] and "3 unanswered emails in a row" in seen["note"]

"""Every undoable action of the app, done as the UI does it: undo gives back every row of every
table exactly, and redo gives back exactly what the action left.

One test per push of an undo command in touchdesk/ui (prospect flows, Today, board, main window,
mail desk, plans, reasons, templates, duplicates). A new push belongs here too."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from tests.dumps import differences, dump_all
from tests.factories import days, prospect
from tests.ui.helpers import when_modal
from touchdesk.domain.mail import MailDraft
from touchdesk.domain.plans import RunStatus
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import (
    Channel,
    Direction,
    MailKind,
    MailStatus,
    NextStepStatus,
    Outcome,
    ProspectStatus,
)
from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.services.mail_queue import list_tasks, queue_mail
from touchdesk.services.next_steps import close_step, open_step
from touchdesk.services.plans import apply_plan, end_run, list_plans, run_state, set_run_status
from touchdesk.services.prospects import move_to_trash
from touchdesk.services.timeline import log_touch
from touchdesk.store.models import PlanRun, Prospect
from touchdesk.ui.duplicates.dialogs import DuplicatesDialog, MergeDialog
from touchdesk.ui.mail.task_dialog import MailTaskDialog
from touchdesk.ui.prospect.let_go_dialog import LetGoDialog
from touchdesk.ui.prospect.log_touch_dialog import LogTouchDialog
from touchdesk.ui.prospect.next_step_dialog import NextStepDialog
from touchdesk.ui.prospect_form.dialog import ProspectDialog

NOW = datetime.now(UTC).replace(microsecond=0)
LONDON = ZoneInfo("Europe/London")
SPRINGFIELD = dict(street="1 Main St", city="Springfield", region="IL", postal_code="62701")


@pytest.fixture
def app(window):
    settings.put("time_zone", "Europe/London")
    window.bus.publish(Change.SETTINGS | Change.PROSPECTS)
    return window


def plan_id(name: str) -> int:
    return next(plan.id for plan in list_plans() if plan.spec.name == name)


def round_trip(app, act, steps: int = 1) -> tuple[dict, dict]:
    """Do `act` (which pushes `steps` undo steps), undo them all, redo them all: the whole
    database must come back exactly each way. Returns the dumps before and after."""
    stack = app.undo_stack
    start = stack.index()
    before = dump_all()
    act()
    assert stack.index() == start + steps, [stack.text(i) for i in range(stack.count())]
    after = dump_all()
    assert differences(before, after), "the action changed nothing: the test proves nothing"
    for _ in range(steps):
        stack.undo()
    assert differences(before, dump_all()) == {}
    for _ in range(steps):
        stack.redo()
    assert differences(after, dump_all()) == {}
    for _ in range(steps):
        stack.undo()
    assert differences(before, dump_all()) == {}
    return before, after


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def log_then(qtbot, channel, direction, outcome, next_step=None) -> None:
    """Answer the log dialog; then `next_step(dialog)` answers the next-step prompt."""

    def log(dialog: LogTouchDialog) -> None:
        dialog.channel.set_value(channel)
        dialog.direction.set_value(direction)
        dialog.outcome.set_value(outcome)
        if next_step is not None:
            when_modal(qtbot, next_step, NextStepDialog)
        dialog.accept()

    when_modal(qtbot, log, LogTouchDialog)


def not_now(qtbot):
    return lambda dialog: click(qtbot, dialog.dismiss_button)


def save_step(qtbot):
    return lambda dialog: click(qtbot, dialog.save_button)


# -- the prospect page's follow-up flows ----------------------------------------------------


def test_a_logged_reply_pauses_the_plan_and_undo_resumes_it(qtbot, app):
    """The compound case: the reply and the pause it causes are one undo step."""
    pid = prospect("Ada", "Lovelace", country_code="GB", time_zone="Europe/London")
    apply_plan([pid], plan_id("No answer"), NOW, LONDON)
    flow = app.prospect.follow_up
    log_then(qtbot, Channel.EMAIL, Direction.IN, Outcome.NONE, not_now(qtbot))
    before, after = round_trip(app, lambda: flow.log_touch(pid))
    assert run_state(pid).status == "active"
    app.undo_stack.redo()
    assert PlanRun.get(PlanRun.prospect == pid).status == "paused"


def test_log_a_call_and_save_the_next_step(qtbot, app):
    pid = prospect("Bo", due=NOW - days(1))
    log_then(qtbot, Channel.CALL, Direction.OUT, Outcome.NO_ANSWER, save_step(qtbot))
    round_trip(app, lambda: app.prospect.follow_up.log_touch(pid))


def test_log_a_call_and_take_the_plans_next_step(qtbot, app):
    pid = prospect("Cy", country_code="GB", time_zone="Europe/London")
    apply_plan([pid], plan_id("No answer"), NOW, LONDON)
    log_then(qtbot, Channel.CALL, Direction.OUT, Outcome.NO_ANSWER, save_step(qtbot))
    round_trip(app, lambda: app.prospect.follow_up.log_touch(pid))


def test_the_break_up_ends_the_plan_with_the_prospect_dormant(qtbot, app):
    pid = prospect("Di", country_code="GB", time_zone="Europe/London")
    apply_plan([pid], plan_id("Break-up"), NOW, LONDON)
    log_then(qtbot, Channel.EMAIL, Direction.OUT, Outcome.SENT)
    round_trip(app, lambda: app.prospect.follow_up.log_touch(pid))


def test_edit_a_touch(qtbot, app):
    pid = prospect("Ed")
    touch = TouchInput(Channel.CALL, NOW - timedelta(hours=1), outcome=Outcome.NO_ANSWER)
    touch_id = log_touch(pid, touch).id

    def edit(dialog: LogTouchDialog) -> None:
        dialog.outcome.set_value(Outcome.TALKED)
        dialog.note.setPlainText("Spoke to Sally")
        dialog.accept()

    when_modal(qtbot, edit, LogTouchDialog)
    round_trip(app, lambda: app.prospect.follow_up.edit_touch(pid, touch_id, touch))


def test_delete_a_touch(app):
    pid = prospect("Flo")
    touch_id = log_touch(pid, TouchInput(Channel.CALL, NOW, outcome=Outcome.NO_ANSWER)).id
    round_trip(app, lambda: app.prospect.follow_up.delete_touch(touch_id, "call"))


@pytest.mark.parametrize("status", [ProspectStatus.WON, ProspectStatus.DO_NOT_CONTACT])
def test_change_the_status(app, status):
    pid = prospect("Gus", due=NOW + days(2))
    round_trip(app, lambda: app.prospect.follow_up.change_status(pid, status))


def test_mark_lost_with_a_reason(qtbot, app):
    pid = prospect("Hal", due=NOW + days(2))

    def reason(dialog: QInputDialog) -> None:
        dialog.setTextValue("Chose a competitor")
        dialog.accept()

    when_modal(qtbot, reason, QInputDialog)
    round_trip(app, lambda: app.prospect.follow_up.change_status(pid, ProspectStatus.LOST))


def test_winning_a_referred_prospect_and_queueing_the_thank_you(qtbot, app):
    alex = prospect("Alex", "Chen", **SPRINGFIELD)
    dana = prospect("Dana", "Ray", due=NOW + days(2), referrer_id=alex)
    when_modal(qtbot, lambda box: click(qtbot, box.defaultButton()), QMessageBox)
    round_trip(app, lambda: app.prospect.follow_up.change_status(dana, ProspectStatus.WON), 2)


def test_let_go(qtbot, app):
    pid = prospect("Ivy", due=NOW + days(2))

    def early_anyway(box):  # no touches yet: the early let-go is questioned first
        next(b for b in box.buttons() if "anyway" in b.text()).click()
        when_modal(qtbot, lambda dialog: dialog.accept(), LetGoDialog)

    when_modal(qtbot, early_anyway, QMessageBox)
    round_trip(app, lambda: app.prospect.follow_up.let_go(pid))


def test_a_dormant_prospect_who_writes_is_revived(qtbot, app):
    pid = prospect("Jo", country_code="GB", time_zone="Europe/London")
    apply_plan([pid], plan_id("Break-up"), NOW, LONDON)
    close_step(open_step(pid).id, NextStepStatus.DONE)
    end_run(pid, date.today())

    def start(box: QMessageBox) -> None:
        [button] = [b for b in box.buttons() if b.text().replace("&", "") == "Start Revive plan"]
        click(qtbot, button)

    def log(dialog: LogTouchDialog) -> None:
        dialog.channel.set_value(Channel.EMAIL)
        dialog.direction.set_value(Direction.IN)
        when_modal(qtbot, start, QMessageBox)
        dialog.accept()

    when_modal(qtbot, log, LogTouchDialog)
    round_trip(app, lambda: app.prospect.follow_up.log_touch(pid))


# -- Today ----------------------------------------------------------------------------------


def today_with_a_call(qtbot, app):
    pid = prospect("Kim", due=NOW - timedelta(hours=1))
    app.go_to("Today")
    page = app.today
    page.reload()
    page.calls.selectRow(0)
    assert page.current_call().prospect_id == pid
    return page


def test_mark_a_call_done(qtbot, app):
    page = today_with_a_call(qtbot, app)
    # Done opens the log for the call; the step closes with the touch, as one action.
    log_then(qtbot, Channel.CALL, Direction.OUT, Outcome.NO_ANSWER, save_step(qtbot))
    round_trip(app, page.mark_done)


def test_reschedule_a_call(app, qtbot):
    page = today_with_a_call(qtbot, app)
    call = page.current_call()
    round_trip(app, lambda: page.move_step(call, NOW + days(1)))


# -- the board and the main window ----------------------------------------------------------


def test_move_cards_on_the_board(app):
    first, second = prospect("Lu"), prospect("Mo")
    app.go_to("Board")
    board = app.board
    board.reload()
    round_trip(app, lambda: board.move_to_column([first, second], 2))


def test_edit_a_prospect(qtbot, app):
    pid = prospect("Ned", company="Old Co", emails=("ned@old.example",))

    def edit(dialog: ProspectDialog) -> None:
        dialog.company.setText("New Co")
        dialog.accept()

    when_modal(qtbot, edit, ProspectDialog)
    round_trip(app, lambda: app.edit_prospect(pid))


def test_move_a_prospect_to_the_trash(app):
    pid = prospect("Oz", due=NOW + days(1))
    round_trip(app, lambda: app.trash_prospect(pid, "Oz"))


def test_restore_from_the_trash(qtbot, app):
    move_to_trash(prospect("Pia"))

    def restore(dialog) -> None:
        click(qtbot, dialog.restore_button)
        dialog.accept()

    when_modal(qtbot, restore)
    round_trip(app, lambda: app.open_trash())


# -- the mail desk --------------------------------------------------------------------------


def test_queue_a_note(qtbot, app):
    pid = prospect("Quinn", "Lee", **SPRINGFIELD)
    when_modal(qtbot, lambda dialog: click(qtbot, dialog.ok_button), MailTaskDialog)
    round_trip(app, lambda: app.mail_flows.queue_for(pid))


def test_correct_a_queued_note(qtbot, app):
    pid = prospect("Rae", "Lee", **SPRINGFIELD)
    task_id, _ = queue_mail(pid, MailDraft(MailKind.NOTE, "Hi", "Words"))

    def correct(dialog: MailTaskDialog) -> None:
        dialog.message.setPlainText("Better words")
        click(qtbot, dialog.ok_button)

    when_modal(qtbot, correct, MailTaskDialog)
    round_trip(app, lambda: app.mail_flows.edit(task_id, "Rae Lee"))


def test_queue_cards_for_many(qtbot, app):
    people = [prospect(f"S{n}", "Lee", **SPRINGFIELD) for n in range(3)]

    def kind(dialog: QInputDialog) -> None:
        dialog.setTextValue("Card")
        when_modal(qtbot, occasion, QInputDialog)
        dialog.accept()

    def occasion(dialog: QInputDialog) -> None:
        dialog.accept()

    when_modal(qtbot, kind, QInputDialog)
    round_trip(app, lambda: app.mail_flows.queue_many(people))


@pytest.mark.parametrize("to", [MailStatus.WRITTEN, MailStatus.MAILED, MailStatus.CANCELLED])
def test_mark_mail(app, to):
    pid = prospect("Tao", "Lee", **SPRINGFIELD)
    task_id, _ = queue_mail(pid, MailDraft(MailKind.NOTE, "Hi", "Words"))
    round_trip(app, lambda: app.mail_flows.mark([task_id], to))
    assert [task.id for task in list_tasks()] == [task_id]


# -- plans, reasons, templates --------------------------------------------------------------


def plans_page(app):
    app.go_to("Plans")
    page = app.plans
    page.refresh(Change.PLANS)
    page.plans_tab.plan_list.setCurrentRow(0)
    return page


def test_rename_a_plan(app):
    tab = plans_page(app).plans_tab
    tab.name.setText("Chase politely")
    round_trip(app, tab.rename)


def test_duplicate_a_plan(app):
    tab = plans_page(app).plans_tab
    round_trip(app, tab.duplicate_plan)


def test_delete_a_plan_a_prospect_followed_cascades_and_comes_back(app):
    """Its steps and runs go with it (ON DELETE CASCADE), the step it scheduled keeps no
    run (SET NULL): undo brings every one of those rows back."""
    pid = prospect("Uma", country_code="GB", time_zone="Europe/London")
    tab = plans_page(app).plans_tab
    apply_plan([pid], tab.current().id, NOW, LONDON)
    set_run_status(pid, RunStatus.STOPPED)
    tab.reload()
    round_trip(app, tab.delete_plan)


def test_add_edit_and_delete_a_reason(qtbot, app):
    tab = plans_page(app).reasons_tab
    tab.new_reason()
    tab.title.setText("A webinar recording")
    tab.body.setPlainText("For those who missed it.")
    round_trip(app, tab.save)
    app.undo_stack.redo()
    for change in (lambda: tab.title.setText("A webinar replay"), None):
        app.plans.refresh(Change.PLANS)
        [item] = tab.reason_list.findItems("A webinar recording", Qt.MatchFlag.MatchExactly)
        tab.reason_list.setCurrentItem(item)
        if change is None:
            round_trip(app, tab.delete)
        else:
            change()
            round_trip(app, tab.save)


def test_edit_the_lost_reasons(app):
    tab = plans_page(app).lost_reasons_tab
    tab.reload()
    tab.lines.setPlainText(tab.lines.toPlainText() + "\nWent with a friend's firm")
    round_trip(app, tab.save)


def test_edit_a_template(app):
    tab = plans_page(app).templates_tab
    tab.template_list.setCurrentRow(0)
    tab.body.setPlainText(tab.body.toPlainText() + " P.S. {first_name}")
    round_trip(app, tab.save)


# -- duplicates -----------------------------------------------------------------------------


def a_pair():
    keep = prospect("Jon", "Smith", "Acme Ltd", emails=("jon@acme.example",), due=NOW + days(1))
    other = prospect("John", "Smith", "Acme Ltd", emails=("JON@acme.example",), city="Leeds")
    log_touch(other, TouchInput(Channel.CALL, NOW - days(2), outcome=Outcome.TALKED))
    return keep, other


def test_merge_a_pair(qtbot, app):
    keep, other = a_pair()
    dialog = DuplicatesDialog(app.bus, app.undo_stack, app)
    qtbot.addWidget(dialog)
    when_modal(qtbot, lambda merge: click(qtbot, merge.merge_button), MergeDialog)
    round_trip(app, dialog.merge_current)
    assert Prospect.get_by_id(other).deleted_at is None


def test_keep_a_pair_apart(qtbot, app):
    a_pair()
    dialog = DuplicatesDialog(app.bus, app.undo_stack, app)
    qtbot.addWidget(dialog)
    round_trip(app, dialog.dismiss_current)


def test_every_push_of_the_app_is_covered_here():
    """A new undoable action must get its round trip above: count the pushes in ui/."""
    import re
    from pathlib import Path

    import touchdesk.ui

    root = Path(touchdesk.ui.__file__).parent
    pushes = {
        str(path.relative_to(root)): len(
            re.findall(r"(?<!class )(?:RecordedCommand(?:\.done)?|MoveCommand)\(", text)
        )
        for path in sorted(root.rglob("*.py"))
        if (text := path.read_text(encoding="utf-8"))
    }
    pushes = {path: count for path, count in pushes.items() if count}
    assert pushes == {
        "board/page.py": 1,
        "duplicates/dialogs.py": 2,
        "mail/flows.py": 2,
        "plans/common.py": 1,  # push_focused: the plans and reasons tabs' edits
        "plans/lost_reasons_tab.py": 1,
        "plans/templates_tab.py": 1,
        "prospect/flows.py": 7,
        "prospect_form/actions.py": 3,
        "today/page.py": 1,
    }

"""Choosing a plan for prospects, and the summary of what applying it did."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QWidget

from tests.factories import prospect
from tests.ui.helpers import when_modal
from touchdesk.domain.vocabulary import ProspectStatus
from touchdesk.services.plans import apply_plan, list_plans
from touchdesk.ui.plans.apply_dialog import ApplyPlanDialog, summary_text

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # a Monday morning in London


def plan_id(name: str) -> int:
    return next(p.id for p in list_plans() if p.spec.name == name)


@pytest.fixture
def parent(qtbot, store):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_typing_a_plan_name_and_enter_chooses_it(qtbot, parent):
    ada = prospect("Ada", "Lovelace")
    bo = prospect("Bo", "Brand")
    dialog = ApplyPlanDialog([ada, bo], parent)
    seen = {}

    def choose(shown: ApplyPlanDialog) -> None:
        seen["title"] = shown.windowTitle()
        qtbot.keyClicks(shown.plan_list, "No")
        seen["steps"] = shown.model.rowCount()
        seen["first"] = shown.model.index(0, 3).data()
        qtbot.keyClick(shown.plan_list, Qt.Key.Key_Return)

    when_modal(qtbot, choose, ApplyPlanDialog)
    assert dialog.exec() == QDialog.DialogCode.Accepted
    assert seen == {"title": "Apply a plan — 2 prospects", "steps": 9, "first": "Early call"}
    assert (dialog.plan_id, dialog.plan_name) == (plan_id("No answer"), "No answer")


def test_cancel_chooses_nothing_and_a_running_plan_is_mentioned(qtbot, parent):
    ada = prospect("Ada", "Lovelace", country_code="GB", time_zone="Europe/London")
    apply_plan([ada], plan_id("Revive"), NOW, LONDON)
    dialog = ApplyPlanDialog([ada], parent)
    assert dialog.windowTitle() == "Apply a plan — Ada Lovelace"
    assert (
        dialog.note.text()
        == "Ada Lovelace follows a plan already; it stops and this one takes over."
    )
    when_modal(qtbot, lambda shown: qtbot.keyClick(shown.plan_list, Qt.Key.Key_Escape))
    assert dialog.exec() == QDialog.DialogCode.Rejected
    assert dialog.plan_id is None


def test_the_summary_lists_skipped_prospects_with_reasons(store):
    ada = prospect("Ada", "Lovelace", country_code="GB", time_zone="Europe/London")
    nope = prospect("Nora", "Nope", status=ProspectStatus.DO_NOT_CONTACT)
    won = prospect("Will", "Won", status=ProspectStatus.WON)
    result = apply_plan([ada, nope, won], plan_id("No answer"), NOW, LONDON)
    assert summary_text(result, "No answer") == (
        "No answer applied to 1 prospect.\n"
        "Skipped 2 prospects:\n"
        "· Nora Nope: asked not to be contacted\n"
        "· Will Won: is won"
    )
    nobody = apply_plan([nope], plan_id("No answer"), NOW, LONDON)
    assert summary_text(nobody) == (
        "The plan was not applied to anyone.\n"
        "Skipped 1 prospect:\n"
        "· Nora Nope: asked not to be contacted"
    )


def test_the_summary_names_prospects_the_plan_would_email_past_the_stop_rule(store):
    from datetime import timedelta

    from touchdesk.domain.timeline import TouchInput
    from touchdesk.domain.vocabulary import Channel, Outcome
    from touchdesk.services.timeline import log_touch

    ada = prospect("Ada", "Lovelace", country_code="GB", time_zone="Europe/London")
    bo = prospect("Bo", "Brand", country_code="GB", time_zone="Europe/London")
    log_touch(ada, TouchInput(Channel.EMAIL, NOW - timedelta(days=3), outcome=Outcome.SENT))
    result = apply_plan([ada, bo], plan_id("Email chase"), NOW, LONDON)
    assert summary_text(result, "Email chase") == (
        "Email chase applied to 2 prospects.\n"
        "Past the email stop rule for 1 prospect:\n"
        "· Ada Lovelace: 1 unanswered already; step 3 would be email #4 in a row without an "
        "answer, past your limit of 3: it will be held back when its turn comes"
    )


def test_the_dialog_and_its_summary_fit_a_small_screen(qtbot, parent):
    """At 1024×640 the dialog and the plan-applied summary both fit, whatever a seller wrote in
    a plan's description and however many prospects a run skipped (their list scrolls)."""
    from PySide6.QtGui import QUndoStack

    from touchdesk.domain.plans import PlanSpec
    from touchdesk.services.plans import get_plan, save_plan
    from touchdesk.ui.events import ChangeBus
    from touchdesk.ui.plans.actions import PlanActions

    base = get_plan(plan_id("No answer")).spec
    wordy = "Call, then email, then a note; wait for them to answer before you ring again. " * 40
    save_plan(None, PlanSpec("Wordy", wordy, base.steps))
    ids = [prospect(f"Nora{n}", "Nope", status=ProspectStatus.DO_NOT_CONTACT) for n in range(40)]
    seen: dict[str, int] = {}

    def choose(shown: ApplyPlanDialog) -> None:
        shown.plan_list.setCurrentRow(len(list_plans()) - 1)  # the wordy plan
        seen["dialog"] = shown.sizeHint().height()
        when_modal(qtbot, summary)
        shown.accept()

    def summary(shown: QWidget) -> None:
        seen["summary"] = shown.sizeHint().height()
        texts = [label.text() for label in shown.findChildren(QLabel)]
        texts += [edit.toPlainText() for edit in shown.findChildren(QPlainTextEdit)]
        seen["names_last"] = any("Nora39 Nope" in text for text in texts)
        shown.close()

    when_modal(qtbot, choose, ApplyPlanDialog)
    PlanActions(ChangeBus(), QUndoStack(), parent, lambda _: None).apply_plan_to(ids)
    assert seen["dialog"] <= 600
    assert seen["summary"] <= 600
    assert seen["names_last"]  # every skipped prospect is still named

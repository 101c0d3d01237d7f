"""The smart questions tab beside the reasons: written, tied to a stage, undone; and the
next-step prompt offering the stage's own first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from touchdesk.services.library import list_questions, list_reasons
from touchdesk.store.models import Stage
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.plans.page import PlansPage


@pytest.fixture
def page(qtbot, store):
    bus = ChangeBus()
    stack = QUndoStack()
    plans = PlansPage(bus, stack)
    bus.changed.connect(plans.refresh)
    plans.stack = stack
    qtbot.addWidget(plans)
    plans.show()
    return plans


def test_a_question_is_written_for_a_stage_and_undone(qtbot, page):
    page.tabs.setCurrentWidget(page.questions_tab)
    tab = page.questions_tab
    assert tab.reason_list.count() == len(list_questions())
    offered = [tab.stage.itemText(i) for i in range(tab.stage.count())]
    assert offered == ["Any stage", "New", "Contacted", "Meeting", "Proposal", "Negotiation"]
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.title, "Who signs off on the budget?")
    tab.stage.setCurrentIndex(tab.stage.findText("Proposal"))
    qtbot.keyClick(tab.body, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    [made] = [q for q in list_questions() if q.title == "Who signs off on the budget?"]
    assert made.stage_id == Stage.get(Stage.name == "Proposal").id
    assert not tab.save_button.isEnabled()
    page.stack.undo()
    assert "Who signs off on the budget?" not in [q.title for q in list_questions()]


def test_a_reason_is_tied_to_a_stage_from_its_tab(qtbot, page):
    page.tabs.setCurrentWidget(page.reasons_tab)
    tab = page.reasons_tab
    tab.reason_list.setCurrentRow([r.title for r in list_reasons()].index("An event invitation"))
    assert tab.stage.currentText() == "Any stage"
    tab.stage.setCurrentIndex(tab.stage.findText("Meeting"))
    assert tab.save_button.isEnabled()  # only the stage changed: still worth saving
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    [reason] = [r for r in list_reasons() if r.title == "An event invitation"]
    assert reason.stage_id == Stage.get(Stage.name == "Meeting").id


def test_the_lost_reasons_list_is_edited_and_undone(qtbot, page):
    from touchdesk.services.statuses import lost_reasons

    page.tabs.setCurrentWidget(page.lost_reasons_tab)
    tab = page.lost_reasons_tab
    before = lost_reasons()
    assert tab.lines.toPlainText().splitlines() == before
    assert not tab.save_button.isEnabled()
    tab.lines.clear()
    qtbot.keyClicks(tab.lines, "No budget")
    qtbot.keyClick(tab.lines, Qt.Key.Key_Return)
    qtbot.keyClicks(tab.lines, "Chose  a competitor")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert lost_reasons() == ["No budget", "Chose a competitor"]
    page.stack.undo()
    assert lost_reasons() == before
    assert tab.lines.toPlainText().splitlines() == before


def test_a_too_long_lost_reason_is_refused_inline(qtbot, page):
    from touchdesk.services.statuses import lost_reasons

    page.tabs.setCurrentWidget(page.lost_reasons_tab)
    tab = page.lost_reasons_tab
    before = lost_reasons()
    qtbot.keyClick(tab.lines, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(tab.lines, Qt.Key.Key_Return)
    qtbot.keyClicks(tab.lines, "x" * 121)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "under 120" in tab.problems.text()
    assert lost_reasons() == before

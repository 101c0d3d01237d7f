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

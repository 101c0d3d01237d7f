"""The Plans page driven as a person would: steps by keyboard and buttons, undo, reasons,
templates checked as you type and previewed with a real prospect."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QListWidget, QWidget

from tests.factories import prospect
from tests.ui.helpers import when_modal
from touchdesk.domain.plans import PlanSpec
from touchdesk.domain.timing import SlotRule
from touchdesk.domain.vocabulary import Channel
from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.services.library import list_reasons
from touchdesk.services.plans import apply_plan, list_plans
from touchdesk.services.templates import get_template
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.plans.page import PlansPage
from touchdesk.ui.plans.step_dialog import StepDialog

NEW_YORK = ZoneInfo("America/New_York")


def stored(name: str) -> PlanSpec | None:
    return next((p.spec for p in list_plans() if p.spec.name == name), None)


def purposes(name: str) -> list[str]:
    spec = stored(name)
    assert spec is not None
    return [step.purpose for step in spec.steps]


def shown(model, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def click_item(qtbot, view: QListWidget, text: str) -> None:
    item = view.findItems(text, Qt.MatchFlag.MatchExactly)[0]
    view.scrollToItem(item)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualItemRect(item).center()
    )


def click_step(qtbot, page: PlansPage, row: int) -> None:
    view = page.plans_tab.steps
    rect = view.visualRect(page.plans_tab.model.index(row, 3))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click_ok(qtbot, dialog: QWidget) -> None:
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def back_from_dialog(qtbot, page: PlansPage) -> None:
    """The offscreen platform does not hand activation back when a dialog closes; a desktop
    does, and keyboard shortcuts need it."""
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)


def retype(qtbot, widget: QWidget, text: str) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    qtbot.keyClicks(widget, text)


@pytest.fixture
def page(qtbot, store):
    settings.put("seller_name", "Sam Seller")
    settings.put("seller_phone", "+1 202 555 0199")
    settings.put("time_zone", "America/New_York")
    bus = ChangeBus()
    stack = QUndoStack()
    plans = PlansPage(bus, stack)
    bus.changed.connect(plans.refresh)  # as the main window wires every page
    plans.stack = stack
    qtbot.addWidget(plans)
    plans.resize(1300, 700)
    plans.show()
    qtbot.waitExposed(plans)
    return plans


def test_the_step_model_is_a_sound_table(qtmodeltester, qtbot, page):
    click_item(qtbot, page.plans_tab.plan_list, "No answer")
    model = page.plans_tab.model
    qtmodeltester.check(model)
    assert model.rowCount() == 9
    assert shown(model, 1)[:3] == ["at the start", "same day as previous", "same day as previous"]
    assert shown(model, 4)[0] == SlotRule.EARLY_CALL.label
    assert shown(model, 5)[1] == "Voicemail that primes the next call"


def test_steps_are_added_reordered_and_removed_from_keys_and_buttons(qtbot, page):
    tab = page.plans_tab
    click_item(qtbot, tab.plan_list, "Email chase")
    click_step(qtbot, page, 0)

    def add_story(dialog):
        assert isinstance(dialog, StepDialog)
        assert dialog.channel.value() is Channel.EMAIL  # like the step it follows
        retype(qtbot, dialog.days, "5")
        qtbot.keyClicks(dialog.purpose.lineEdit(), "A customer story")
        click_ok(qtbot, dialog)

    when_modal(qtbot, add_story, StepDialog)
    qtbot.keyClick(tab.steps, Qt.Key.Key_Insert)
    back_from_dialog(qtbot, page)
    assert purposes("Email chase") == [
        "First email: what you offered, one clear question",
        "A customer story",
        "Second email: a short nudge, the first quoted below",
        "Any progress?",
    ]
    assert stored("Email chase").steps[1].day_offset == 5
    assert shown(tab.model, 1)[1] == "+5 days after previous"
    assert tab.current_step_row() == 1

    qtbot.keyClick(tab.steps, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(tab.steps, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert purposes("Email chase")[3] == "A customer story"
    qtbot.mouseClick(tab.up_button, Qt.MouseButton.LeftButton)
    assert purposes("Email chase")[2] == "A customer story"
    assert shown(tab.model, 3)[2] == "A customer story"
    qtbot.keyClick(tab.steps, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert purposes("Email chase")[1] == "A customer story"

    # Return edits the selected step: a call, at noon, from the plan's start.
    def make_it_a_call(dialog):
        qtbot.keyClicks(dialog.channel, "Call")
        assert dialog.timing.value() is SlotRule.CALL  # the channel's usual timing
        qtbot.keyClicks(dialog.timing, "Noon")
        qtbot.keyClicks(dialog.offset_from, "days from")
        click_ok(qtbot, dialog)

    when_modal(qtbot, make_it_a_call, StepDialog)
    qtbot.keyClick(tab.steps, Qt.Key.Key_Return)
    back_from_dialog(qtbot, page)
    step = stored("Email chase").steps[1]
    assert (step.channel, step.timing, step.day_offset) == (Channel.CALL, SlotRule.NOON_CALL, 5)
    assert shown(tab.model, 1)[1] == "day 5 from start"
    assert shown(tab.model, 2)[1] == "Call"

    qtbot.keyClick(tab.steps, Qt.Key.Key_Delete)
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert purposes("Email chase") == [
        "First email: what you offered, one clear question",
        "Any progress?",
    ]
    assert shown(tab.model, 3) == purposes("Email chase")


def test_an_empty_purpose_is_refused_with_the_reason(qtbot, page):
    tab = page.plans_tab
    click_item(qtbot, tab.plan_list, "Email chase")
    click_step(qtbot, page, 1)
    seen = {}

    def clear_purpose(dialog):
        retype(qtbot, dialog.purpose.lineEdit(), "")
        click_ok(qtbot, dialog)
        seen["problem"] = dialog.problem.text()
        seen["open"] = dialog.isVisible()
        dialog.reject()

    when_modal(qtbot, clear_purpose, StepDialog)
    qtbot.keyClick(tab.steps, Qt.Key.Key_Return)
    back_from_dialog(qtbot, page)
    assert seen == {"problem": "Step 2: say why this touch happens (its purpose).", "open": True}
    assert purposes("Email chase")[1] == "Second email: a short nudge, the first quoted below"
    assert page.stack.count() == 0

    # The last step cannot go either: a plan needs one.
    click_item(qtbot, tab.plan_list, "Revive")
    click_step(qtbot, page, 0)
    qtbot.keyClick(tab.steps, Qt.Key.Key_Delete)
    assert tab.problems.text() == "A plan needs at least one step."
    assert len(stored("Revive").steps) == 1


def test_renaming_a_plan_is_undone_and_redone(qtbot, page):
    tab = page.plans_tab
    click_item(qtbot, tab.plan_list, "No answer")
    retype(qtbot, tab.name, "Gone  quiet ")
    qtbot.keyClick(tab.name, Qt.Key.Key_Return)
    assert stored("Gone quiet") is not None and stored("No answer") is None
    assert tab.plan_list.currentItem().text() == "Gone quiet"
    retype(qtbot, tab.dormant, "30")
    qtbot.keyClick(tab.dormant, Qt.Key.Key_Return)
    assert stored("Gone quiet").dormant_days_after == 30

    page.stack.undo()
    assert stored("Gone quiet").dormant_days_after == 90  # as shipped: it ends at rest
    page.stack.undo()
    assert stored("No answer") is not None and stored("Gone quiet") is None
    assert tab.plan_list.currentItem().text() == "No answer"
    assert tab.name.text() == "No answer"
    page.stack.redo()
    assert stored("Gone quiet") is not None
    assert tab.name.text() == "Gone quiet"


def test_a_clashing_name_is_refused_inline(qtbot, page):
    tab = page.plans_tab
    click_item(qtbot, tab.plan_list, "Revive")
    retype(qtbot, tab.name, "Break-up")
    qtbot.keyClick(tab.name, Qt.Key.Key_Return)
    assert tab.problems.text() == "There is already a plan called 'Break-up'."
    assert stored("Revive") is not None


def test_new_duplicate_and_delete_plans_with_undo(qtbot, page):
    tab = page.plans_tab
    click_item(qtbot, tab.plan_list, "Break-up")
    qtbot.mouseClick(tab.duplicate_button, Qt.MouseButton.LeftButton)
    copy = stored("Break-up (copy)")
    assert copy is not None and copy.steps == stored("Break-up").steps
    assert copy.dormant_days_after == 90
    assert tab.plan_list.currentItem().text() == "Break-up (copy)"

    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert tab.name.hasFocus()
    qtbot.keyClicks(tab.name, "Trade fair")
    qtbot.keyClick(tab.name, Qt.Key.Key_Return)
    assert purposes("Trade fair") == ["Follow-up call"]

    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert stored("Trade fair") is None
    page.stack.undo()
    assert purposes("Trade fair") == ["Follow-up call"]
    assert tab.plan_list.currentItem().text() == "Trade fair"
    page.stack.undo()  # the rename
    page.stack.undo()  # the new plan
    assert stored("New plan") is None and stored("Trade fair") is None
    assert len(list_plans()) == 6


def test_a_plan_that_prospects_follow_is_not_deleted(qtbot, page):
    ada = prospect("Ada", country_code="US")
    apply_plan(
        [ada],
        next(p.id for p in list_plans() if p.spec.name == "Revive"),
        datetime.now(UTC),
        NEW_YORK,
    )
    tab = page.plans_tab
    click_item(qtbot, tab.plan_list, "Revive")
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert tab.problems.text() == "Prospects are following this plan; stop their runs first."
    assert stored("Revive") is not None
    assert page.stack.count() == 0


def test_the_step_dialog_offers_the_reasons_library(qtbot, page):
    tab = page.plans_tab
    click_item(qtbot, tab.plan_list, "Revive")
    click_step(qtbot, page, 0)
    offered = []

    def look(dialog):
        offered.extend(dialog.purpose.itemText(i) for i in range(dialog.purpose.count()))
        dialog.reject()

    when_modal(qtbot, look, StepDialog)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert offered == [reason.title for reason in list_reasons()]


def test_a_reason_is_added_renamed_and_the_addition_undone(qtbot, page):
    page.tabs.setCurrentWidget(page.reasons_tab)
    tab = page.reasons_tab
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert tab.title.hasFocus()
    qtbot.keyClicks(tab.title, "A webinar recording")
    qtbot.keyClicks(tab.body, "The recording of last week's session, for those who missed it.")
    qtbot.keyClick(tab.body, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    titles = [reason.title for reason in list_reasons()]
    assert titles[-1] == "A webinar recording"
    assert tab.reason_list.currentItem().text() == "A webinar recording"
    assert not tab.save_button.isEnabled()  # nothing left unsaved

    retype(qtbot, tab.title, "A webinar replay")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert [r.title for r in list_reasons()][-1] == "A webinar replay"
    page.stack.undo()
    assert [r.title for r in list_reasons()][-1] == "A webinar recording"
    page.stack.undo()
    assert "A webinar recording" not in [r.title for r in list_reasons()]
    assert len(list_reasons()) == 11


def test_a_duplicate_reason_is_refused_inline(qtbot, page):
    page.tabs.setCurrentWidget(page.reasons_tab)
    tab = page.reasons_tab
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.title, "A pricing update")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.problems.text() == "There is already a reason called 'A pricing update'."
    assert len(list_reasons()) == 11


def test_a_reason_is_deleted_and_comes_back(qtbot, page):
    page.tabs.setCurrentWidget(page.reasons_tab)
    tab = page.reasons_tab
    click_item(qtbot, tab.reason_list, "Industry news")
    assert tab.body.toPlainText() == "A change in their market worth a word."
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert "Industry news" not in [r.title for r in list_reasons()]
    assert not tab.reason_list.findItems("Industry news", Qt.MatchFlag.MatchExactly)
    page.stack.undo()
    assert ("Industry news", "A change in their market worth a word.") in [
        (r.title, r.body) for r in list_reasons()
    ]


def test_a_template_typo_is_reported_as_you_type_and_blocks_save(qtbot, page):
    page.tabs.setCurrentWidget(page.templates_tab)
    tab = page.templates_tab
    click_item(qtbot, tab.template_list, "Chaser email 3: any progress?")
    assert tab.problems.text() == ""
    tab.body.setFocus()
    qtbot.keyClick(tab.body, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(tab.body, " P.S. {frist_name}")
    assert tab.problems.text() == "Unknown placeholder {frist_name}."
    assert not tab.save_button.isEnabled()
    qtbot.keyClick(tab.body, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "{frist_name}" not in get_template("chase_3").body
    assert tab.preview.toPlainText() == "The preview appears once the problems are fixed."

    for _ in "{frist_name}":
        qtbot.keyClick(tab.body, Qt.Key.Key_Backspace)
    qtbot.keyClicks(tab.body, "{")
    assert tab.problems.text() == "A '{' or '}' is not closed; write {{ or }} for a literal brace."
    qtbot.keyClick(tab.body, Qt.Key.Key_Backspace)
    # A placeholder from the list goes in at the cursor.
    item = tab.placeholders.findItems("{company}", Qt.MatchFlag.MatchStartsWith)[0]
    rect = tab.placeholders.visualItemRect(item)
    # A double-click starts with a click, as it does under a real mouse.
    qtbot.mouseClick(tab.placeholders.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.placeholders.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.body.toPlainText().endswith("P.S. {company}")
    assert tab.problems.text() == ""
    assert tab.save_button.isEnabled()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert get_template("chase_3").body.endswith("{my_name} P.S. {company}")
    page.stack.undo()
    assert get_template("chase_3").body == "Hi {first_name},\n\nAny progress?\n\n{my_name}"
    assert tab.body.toPlainText() == get_template("chase_3").body


def test_the_preview_fills_in_a_real_prospect(qtbot, page):
    prospect("Ada", "Lovelace", "Analytical Engines")
    tomorrow = datetime.now(NEW_YORK).date() + timedelta(days=1)
    grace = prospect(
        "Grace",
        "Hopper",
        "Navy Computing",
        time_zone="America/New_York",
        due=datetime.combine(tomorrow, time(10, 0), NEW_YORK),
    )
    page.refresh(page.REFRESH_ON)  # as the bus does when prospects are added elsewhere
    page.tabs.setCurrentWidget(page.templates_tab)
    tab = page.templates_tab
    click_item(qtbot, tab.template_list, "Voicemail that primes the next call")
    assert tab.preview.toPlainText().startswith("Hi Ada, it's Sam Seller.")
    assert "again — at —" in tab.preview.toPlainText()  # Ada has no next step

    qtbot.mouseClick(tab.picker.lineEdit(), Qt.MouseButton.LeftButton)
    retype(qtbot, tab.picker.lineEdit(), "hopp")
    popup = tab.picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert tab.picker.currentData() == grace
    text = tab.preview.toPlainText()
    assert text.startswith("Hi Grace, it's Sam Seller.")
    assert "again tomorrow at 10:00." in text
    assert text.endswith("call me on +1 202 555 0199.")

    # What is typed shows straight away, before it is saved.
    qtbot.keyClick(tab.body, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(tab.body, "{company}: ")
    assert tab.preview.toPlainText().startswith("Navy Computing: Hi Grace,")


def test_the_preview_names_placeholders_with_nothing_to_fill_them(qtbot, page):
    settings.put("seller_phone", "")  # not filled in yet
    prospect("Ada", "Lovelace", "Analytical Engines")  # and no next step
    page.refresh(page.REFRESH_ON)
    page.tabs.setCurrentWidget(page.templates_tab)
    tab = page.templates_tab
    click_item(qtbot, tab.template_list, "Voicemail that primes the next call")
    assert tab.preview.toPlainText().endswith("call me on .")
    assert tab.preview_gaps.text() == (
        "Empty in this preview: {next_step_day} (the next step's day, as you would say it), "
        "{next_step_time} (the next step's time, in their day), {my_phone} (your phone). "
        "Your own details are in Edit → Settings."
    )
    click_item(qtbot, tab.template_list, "Chaser email 3: any progress?")
    assert tab.preview_gaps.text() == ""  # first name and seller name are there


def test_a_page_reload_keeps_what_is_being_typed(qtbot, page):
    page.tabs.setCurrentWidget(page.templates_tab)
    tab = page.templates_tab
    click_item(qtbot, tab.template_list, "Break-up message")
    qtbot.keyClicks(tab.subject, " (for now)")
    page.refresh(page.REFRESH_ON)
    assert tab.subject.text() == "Closing the loop (for now)"
    assert tab.template_list.currentItem().text() == "Break-up message"


def test_leaving_an_unsaved_template_asks_first(qtbot, page):
    page.tabs.setCurrentWidget(page.templates_tab)
    tab = page.templates_tab
    click_item(qtbot, tab.template_list, "Break-up message")
    qtbot.keyClicks(tab.subject, " (for now)")

    def save_it(box):
        qtbot.mouseClick(box.button(box.StandardButton.Save), Qt.MouseButton.LeftButton)

    when_modal(qtbot, save_it)
    click_item(qtbot, tab.template_list, "Seasonal card")
    assert get_template("breakup").subject == "Closing the loop (for now)"
    assert tab.name.text() == "Seasonal card"
    assert QApplication.activeModalWidget() is None


def test_a_page_built_without_loading_loads_on_its_first_refresh(qtbot, store):
    plans = PlansPage(ChangeBus(), QUndoStack(), autoload=False)
    qtbot.addWidget(plans)
    assert plans.plans_tab.plan_list.count() == 0
    assert not plans.plans_tab.editor.isEnabled()
    plans.refresh(Change.EVERYTHING)
    assert plans.plans_tab.plan_list.count() == 5
    assert plans.plans_tab.name.text() == "New contact"
    assert plans.reasons_tab.reason_list.count() == 11


def test_the_plan_shows_its_days_on_a_line_and_a_step_can_be_tried_twice(qtbot, page):
    tab = page.plans_tab
    click_item(qtbot, tab.plan_list, "No answer")
    line = tab.day_line
    assert line.isVisible() and line.height() >= line.sizeHint().height()
    assert [(m.day, len(m.channels)) for m in line.marks()] == [(0, 7), (3, 1), (6, 1), (10, 1)]
    assert line.toolTip().startswith("day 0: call, call, sms, email, call, call, call;")
    assert line.toolTip().endswith("day 6: call; day 10: email")
    assert line.x_of(0) < line.x_of(3) < line.x_of(10) <= line.width()
    assert not line.grab().isNull()  # it paints
    assert shown(tab.model, 2)[5] == "Call, twice"

    click_item(qtbot, tab.plan_list, "Email chase")
    assert [m.text() for m in line.marks()] == ["day 0: email", "day 3: email", "day 7: email"]
    click_step(qtbot, page, 1)

    def twice(dialog):
        assert not dialog.twice.isChecked()
        qtbot.mouseClick(dialog.twice, Qt.MouseButton.LeftButton)
        click_ok(qtbot, dialog)

    when_modal(qtbot, twice, StepDialog)
    qtbot.keyClick(tab.steps, Qt.Key.Key_Return)
    back_from_dialog(qtbot, page)
    assert stored("Email chase").steps[1].twice
    assert shown(tab.model, 2)[1] == "Email, twice"
    assert line.marks()[1].text() == "day 3: email, email"

"""The main window as a person meets it: title, welcome, adding, settings, remembered state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QSpinBox

from tests.ui.helpers import type_text, when_modal
from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.services.overview import overview
from touchdesk.services.stages import list_stages
from touchdesk.ui.dialogs.quick_add import QuickAddDialog
from touchdesk.ui.dialogs.settings_dialog import SettingsDialog
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.main_window import MainWindow


def test_title_names_the_app_and_the_database(window, db_path):
    assert window.windowTitle() == f"TouchDesk — {db_path.name}"


def test_the_database_path_is_in_about_not_in_the_status_bar(qtbot, window, db_path):
    shown = [label.text() for label in window.statusBar().findChildren(QLabel)]
    assert shown and not any(str(db_path) in text for text in shown)
    about: list[str] = []

    def read(box):
        about.append(box.text())
        box.accept()

    when_modal(qtbot, read)
    window.app_actions.about_action.trigger()
    assert str(db_path) in about[0]


def test_an_empty_database_greets_with_the_welcome_panel(window):
    assert window.content.currentWidget() is window.welcome
    assert window.welcome.isVisible()
    assert window.welcome.add_button.text() == "Add a prospect…"


def test_open_sample_data_button_asks_the_session(qtbot, window):
    qtbot.mouseClick(window.welcome.sample_button, Qt.MouseButton.LeftButton)
    assert window.sample_requests == [True]


def test_adding_a_prospect_from_the_welcome_panel(qtbot, window):
    def fill(dialog):
        assert isinstance(dialog, QuickAddDialog)
        qtbot.keyClicks(dialog.first_name, "Hannah")
        qtbot.keyClicks(dialog.last_name, "Whitfield")
        qtbot.keyClicks(dialog.company, "Whitfield & Sons")
        qtbot.keyClicks(dialog.email, "hannah@whitfield.example")
        qtbot.keyClick(dialog.email, Qt.Key.Key_Return)

    when_modal(qtbot, fill)
    qtbot.mouseClick(window.welcome.add_button, Qt.MouseButton.LeftButton)

    assert overview().prospects == 1
    assert window.content.currentWidget() is window.pages
    window.go_to("Board")  # pages load when shown
    assert window.board.funnel_label.text() == "1 / 50 active"
    assert window.board.model.card_count() == 1
    assert window.active_label.text() == "1 / 50 active"


def test_quick_add_refuses_a_nameless_prospect_and_a_bad_email(qtbot, workspace):
    dialog = QuickAddDialog()
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    assert "name or a company" in dialog.problem.text()
    type_text(qtbot, dialog.company, "Müller GmbH")
    assert save.isEnabled()
    qtbot.keyClicks(dialog.email, "not-an-address")
    assert not save.isEnabled()
    assert "email address" in dialog.problem.text()
    assert overview().prospects == 0


def test_settings_change_target_and_rename_a_stage(qtbot, window):
    def edit(dialog):
        assert isinstance(dialog, SettingsDialog)
        target = dialog.target_active
        assert isinstance(target, QSpinBox)
        target.selectAll()
        qtbot.keyClicks(target, "30")
        name = dialog.seller_name
        assert isinstance(name, QLineEdit)
        qtbot.keyClicks(name, "Sam Seller")
        dialog.tabs.setCurrentWidget(dialog.stages)
        stages = dialog.stages.list
        stages.setCurrentRow(0)
        stages.editItem(stages.item(0))
        editor = stages.findChild(QLineEdit)
        editor.selectAll()
        qtbot.keyClicks(editor, "Lead")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.mouseClick(dialog.stages.down_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
        )

    when_modal(qtbot, edit)
    window.settings_action.trigger()

    assert settings.get("target_active") == 30
    assert settings.load_profile().seller_name == "Sam Seller"
    assert [stage.name for stage in list_stages()][:3] == ["Contacted", "Lead", "Meeting"]
    assert window.active_label.text() == "0 / 30 active"


def test_settings_refuses_duplicate_stage_names_and_saves_nothing(qtbot, workspace):
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.stages.list.item(1).setText("new")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    assert "same name" in dialog.problem.text()
    dialog.accept()
    assert [stage.name for stage in list_stages()][:2] == ["New", "Contacted"]


def test_settings_shortcut_opens_the_dialog(qtbot, window):
    seen = []
    when_modal(qtbot, lambda dialog: (seen.append(type(dialog)), dialog.reject()))
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert seen == [SettingsDialog]


def test_window_geometry_and_page_are_remembered(qtbot, workspace):
    first = MainWindow(workspace, ChangeBus(), lambda: None)
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 590)  # within the offscreen screen, which is 800 by 800
    size = first.size()
    first.go_to("Board")
    first.close()
    second = MainWindow(workspace, ChangeBus(), lambda: None)
    qtbot.addWidget(second)
    second.show()
    assert second.size() == size
    assert second.pages.currentWidget() is second.board


def test_insights_debt_click_shows_those_cards_on_the_board(qtbot, window):
    from datetime import UTC, datetime, timedelta

    from tests.factories import prospect

    late = prospect("Late", due=datetime.now(UTC) - timedelta(days=1))
    prospect("Fine", due=datetime.now(UTC) + timedelta(days=3))
    window.bus.publish(Change.PROSPECTS)
    window.insights.show_on_board.emit("overdue")
    assert window.pages.currentWidget() is window.board
    ids = [c.prospect_id for c in window.board.model._columns[0]]
    assert ids == [late]
    assert window.board.named_label.text() == "Showing: Overdue next steps"
    qtbot.mouseClick(window.board.clear_named, Qt.MouseButton.LeftButton)
    assert window.board.model.card_count() == 2


def test_only_the_page_on_screen_loads_and_the_others_catch_up_when_shown(qtbot, window):
    from tests.factories import prospect

    window.go_to("Today")
    prospect("Newcomer")
    window.bus.publish(Change.PROSPECTS)
    assert window.today.missing_model.rowCount() == 1  # on screen: refreshed at once
    assert window.board.model.card_count() == 0  # hidden: not yet
    window.go_to("Board")
    assert window.board.model.card_count() == 1


def test_apply_a_plan_to_several_board_cards(qtbot, window):
    from tests.factories import prospect
    from touchdesk.services.plans import run_state
    from touchdesk.ui.plans.apply_dialog import ApplyPlanDialog

    ada, bo = prospect("Ada", country_code="GB"), prospect("Bo", country_code="GB")
    window.bus.publish(Change.PROSPECTS)
    window.go_to("Board")
    view = window.board.view
    view.setFocus()
    view.setCurrentIndex(window.board.model.index_of(ada))
    rect = view.visualRect(window.board.model.index_of(bo))
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        rect.center(),
    )

    def choose(dialog):
        item = dialog.plan_list.findItems("No answer", Qt.MatchFlag.MatchExactly)[0]
        dialog.plan_list.setCurrentItem(item)
        dialog.accept()

    when_modal(qtbot, choose, ApplyPlanDialog)
    qtbot.mouseClick(window.board.apply_plan_button, Qt.MouseButton.LeftButton)
    assert run_state(ada).progress() == "No answer · step 1 of 9"
    assert run_state(bo).progress() == "No answer · step 1 of 9"
    card = window.board.model.card(window.board.model.index_of(ada))
    assert card.plan_progress == "No answer · 1/9"


def test_pages_are_built_when_first_shown_and_then_kept(qtbot, window):
    from tests.factories import prospect

    prospect("Ada")
    window.bus.publish(Change.PROSPECTS)
    built = {page.title for page in window.page_list if page.widget is not None}
    assert built == {"Today"}  # start-up pays for the page on screen only
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)  # Today -> Board, as a person would
    board = window.pages.currentWidget()
    assert board is window.board
    assert board.model.card_count() == 1  # built, then loaded with what the store holds
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Up)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.pages.currentWidget() is board  # the same page, not a second one
    assert window.pages.count() == len(window.page_list)


def test_ctrl_number_still_switches_pages_after_the_go_menu_was_opened(qtbot, window):
    from PySide6.QtTest import QTest

    from tests.factories import prospect

    prospect("Ada")
    window.bus.publish(Change.PROSPECTS)
    window.go_to("Today")
    bar = window.menuBar()
    go_title = bar.actionGeometry(window.go_menu.menuAction()).center()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=go_title)
    qtbot.waitUntil(window.go_menu.isVisible)
    assert [a.text() for a in window.go_menu.actions()][:2] == ["Today", "Board"]
    qtbot.keyClick(window.go_menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.go_menu.isVisible())
    if bar.activeAction() is not None:  # Esc leaves the menu bar itself focused
        qtbot.keyClick(bar, Qt.Key.Key_Escape)
    window.activateWindow()
    QTest.qWaitForWindowActive(window)

    qtbot.keyClick(window.pages.currentWidget(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.board
    qtbot.keyClick(window.pages.currentWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.today


def test_the_menus_keep_their_entries_and_shortcuts(window):
    from PySide6.QtGui import QKeySequence

    def entries(title: str) -> list[tuple[str, str]]:
        menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
        return [
            (a.text(), a.shortcut().toString())
            for a in menu.actions()
            if not a.isSeparator()
            and not a.text().startswith("&Undo")
            and not a.text().startswith("&Redo")
        ]

    assert entries("&File") == [
        ("&New prospect…", "Ctrl+N"),
        ("&Import contacts…", "Ctrl+Shift+I"),
        ("&Export contacts…", ""),
        ("Export &calendar…", ""),
        ("&Print mail…", ""),
        ("&Write email…", "Ctrl+Shift+E"),
        ("&Outbox…", ""),
        ("&Trash…", ""),
        ("&Back up now", "Ctrl+Shift+B"),
        ("&Restore from backup…", ""),
        ("Bac&kups…", ""),
        ("Open &sample data", ""),
        ("&Quit", QKeySequence(QKeySequence.StandardKey.Quit).toString()),
    ]
    assert entries("&Edit") == [
        ("&Open a prospect…", "Ctrl+K"),
        ("Find &duplicates…", ""),
        ("&Settings…", "Ctrl+,"),
        ("&Mailbox…", ""),
        ("Sync &mail now", "F5"),
        ("Calendar and &address book…", ""),
        ("S&ync calendar now", ""),
        ("Calendar &questions…", ""),
    ]
    assert entries("&Help") == [("&About TouchDesk", "")]


def test_settings_sets_the_stop_rule_to_three_or_four_and_the_prompt_follows(qtbot, window):
    from datetime import UTC, datetime, timedelta

    from tests.factories import prospect
    from touchdesk.domain.timeline import TouchInput
    from touchdesk.domain.vocabulary import Channel, Outcome
    from touchdesk.services.follow_up import propose
    from touchdesk.services.timeline import log_touch

    now = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
    pid = prospect("Ada", time_zone="Europe/London")
    for n in (3, 2, 1):
        log_touch(pid, TouchInput(Channel.EMAIL, now - timedelta(days=n), outcome=Outcome.SENT))
    proposed = propose(pid, now)
    assert proposed.channel is not Channel.EMAIL and proposed.email_held_back  # three: held back
    seen = {}

    def edit(dialog):
        field = dialog.max_unanswered_emails
        dialog.tabs.setCurrentIndex(2)
        seen["range"] = (field.minimum(), field.maximum(), field.value())
        field.setFocus()
        field.selectAll()
        qtbot.keyClicks(field, "4")
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
        )

    when_modal(qtbot, edit)
    window.settings_action.trigger()
    assert seen["range"] == (3, 4, 3)
    assert settings.get("max_unanswered_emails") == 4
    as_email = propose(pid, now, channel=Channel.EMAIL)
    assert as_email.channel is Channel.EMAIL and not as_email.email_held_back  # a fourth


def test_help_about_names_the_version_the_database_and_python(qtbot, window):
    import platform

    from PySide6.QtWidgets import QMessageBox

    from touchdesk import __version__

    said: list[str] = []

    def read_and_close(box: QMessageBox) -> None:
        said.append(box.text())
        box.accept()

    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    about = next(a for a in help_menu.actions() if a.text() == "&About TouchDesk")
    when_modal(qtbot, read_and_close, QMessageBox)
    about.trigger()
    assert said, "no About box"
    assert f"TouchDesk {__version__}" in said[0]
    assert str(window.workspace.database) in said[0]
    assert f"Python {platform.python_version()}" in said[0]

"""The first-run setup: offered once on a new database by the app's launch, every field
skippable, never on sample data; the welcome page leads to import, a prospect or samples."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import type_text, when_modal
from touchdesk.paths import app_paths
from touchdesk.services import settings
from touchdesk.services.first_run import needs_first_run
from touchdesk.ui.first_run.dialog import FirstRunDialog
from touchdesk.ui.session import Session


@pytest.fixture
def session(qtbot):
    started = Session(QIcon())
    yield started
    if started.window is not None:
        started.window.close()
        started.window.deleteLater()
    started.stop()


def launch(qtbot, session: Session, path: Path, **how) -> None:
    assert session.start(app_paths(path), offer_setup=True, **how) is None
    assert session.window is not None
    qtbot.waitUntil(lambda: session.window.first_paint.done, timeout=10_000)


def fill_in(qtbot, seen: list[str]):
    def act(dialog: FirstRunDialog) -> None:
        seen.append("shown")
        type_text(qtbot, dialog.edits["seller_name"], "Rae Lee")
        type_text(qtbot, dialog.edits["seller_email"], "rae@lee.example")
        type_text(qtbot, dialog.edits["seller_phone"], "+1 212 555 0100")
        type_text(qtbot, dialog.edits["return_street"], "1 Main St")
        type_text(qtbot, dialog.edits["return_city"], "Springfield")
        dialog.home_country.setCurrentIndex(dialog.home_country.findData("CA"))
        dialog.time_zone.setCurrentIndex(dialog.time_zone.findData("America/Toronto"))
        dialog.work_start.setTime(QTime(9, 30))
        dialog.target_active.setValue(25)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_modal(qtbot, act, FirstRunDialog)


def test_the_setup_saves_its_fields_and_is_not_offered_again(qtbot, tmp_path, session):
    path = tmp_path / "new.sqlite"
    seen: list[str] = []
    fill_in(qtbot, seen)
    launch(qtbot, session, path)
    qtbot.waitUntil(lambda: seen == ["shown"] and not needs_first_run(), timeout=10_000)
    profile = settings.load_profile()
    assert (profile.seller_name, profile.seller_email, profile.seller_phone) == (
        "Rae Lee",
        "rae@lee.example",
        "+1 212 555 0100",
    )
    assert (profile.return_street, profile.return_city) == ("1 Main St", "Springfield")
    assert (profile.home_country, profile.time_zone) == ("CA", "America/Toronto")
    assert (profile.work_start, profile.work_end, profile.target_active) == ("09:30", "17:00", 25)
    assert session.window.active_label.text() == "0 / 25 active"  # the window follows
    session.window.close()
    session.stop()

    again = Session(QIcon())
    try:
        when_modal(qtbot, lambda dialog: (seen.append("again"), dialog.reject()), FirstRunDialog)
        launch(qtbot, again, path)
        qtbot.wait(300)
        assert seen == ["shown"]
    finally:
        if again.window is not None:
            again.window.close()
        again.stop()


def test_skip_keeps_nothing_but_is_not_offered_again(qtbot, tmp_path, session):
    seen: list[str] = []

    def skip(dialog: FirstRunDialog) -> None:
        seen.append(dialog.edits["seller_name"].text())
        type_text(qtbot, dialog.edits["seller_name"], "Not kept")
        qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)

    when_modal(qtbot, skip, FirstRunDialog)
    launch(qtbot, session, tmp_path / "new.sqlite")
    qtbot.waitUntil(lambda: seen == [""] and not needs_first_run(), timeout=10_000)
    assert settings.load_profile().seller_name == ""


def test_a_bad_email_is_said_and_save_waits(qtbot, tmp_path, session):
    seen: list[object] = []

    def act(dialog: FirstRunDialog) -> None:
        type_text(qtbot, dialog.edits["seller_email"], "rae at lee")
        seen.append(dialog.save_button.isEnabled())
        seen.append(dialog.problem.text())
        dialog.edits["seller_email"].clear()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_modal(qtbot, act, FirstRunDialog)
    launch(qtbot, session, tmp_path / "new.sqlite")
    qtbot.waitUntil(lambda: not needs_first_run(), timeout=10_000)
    assert seen == [False, "This does not look like an email address (name@example.com)."]


def test_the_sample_data_is_never_set_up(qtbot, tmp_path, session):
    seen: list[str] = []
    when_modal(qtbot, lambda dialog: (seen.append("shown"), dialog.reject()), FirstRunDialog)
    launch(qtbot, session, tmp_path / "demo.sqlite", fill_sample_data=True)
    qtbot.wait(300)
    assert seen == []
    assert not needs_first_run()  # it has prospects: not a new desk


def test_windows_opened_without_the_launch_never_ask(qtbot, window):
    """Tests and the session's own switches open new databases without the setup."""
    qtbot.wait(100)
    assert QApplication.activeModalWidget() is None
    assert needs_first_run()  # still owed to the seller's first real launch


def test_the_welcome_page_offers_import_add_and_samples_and_plans_are_reachable(qtbot, window):
    from touchdesk.ui.imports.wizard import ImportWizard

    assert window.content.currentWidget() is window.welcome
    welcome = window.welcome
    assert [b.text() for b in (welcome.import_button, welcome.add_button)] == [
        "Import contacts…",
        "Add a prospect…",
    ]
    welcome.sample_button.click()
    assert window.sample_requests == [True]
    when_modal(qtbot, lambda wizard: wizard.reject(), ImportWizard)
    welcome.import_button.click()
    window.go_to("Plans")
    assert window.content.currentWidget() is window.pages
    assert window.pages.currentWidget() is window.plans
    tabs = window.plans.tabs
    assert {"Plans", "Reasons", "Templates"} <= {tabs.tabText(i) for i in range(tabs.count())}
    window.go_to("Today")
    assert window.content.currentWidget() is window.welcome

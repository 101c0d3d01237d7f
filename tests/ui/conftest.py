"""GUI fixtures: a shown main window on a fresh database, and a way to answer modal dialogs."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QApplication

from tests.mail_servers import dovecot  # noqa: F401 (the mailbox tests' real IMAP server)
from touchdesk import APP_NAME, ORGANIZATION
from touchdesk.paths import app_paths
from touchdesk.services.workspace import open_workspace
from touchdesk.ui.events import ChangeBus


@pytest.fixture(autouse=True)
def collect_qt_garbage(qapp):
    """Delete each test's widgets while the application still runs, so nothing Qt-backed is
    left for the garbage collector to meet after Qt has gone."""
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def fresh_view_settings():
    """Window geometry and page are per user; each test starts without them."""
    QSettings(ORGANIZATION, APP_NAME).clear()
    yield
    QSettings(ORGANIZATION, APP_NAME).clear()


@pytest.fixture
def workspace(db_path):
    from touchdesk.store import db

    opened = open_workspace(app_paths(db_path))
    yield opened
    db.close()


@pytest.fixture
def window(qtbot, workspace):
    from touchdesk.ui.main_window import MainWindow

    sample_requests: list[bool] = []
    main = MainWindow(workspace, ChangeBus(), lambda: sample_requests.append(True))
    main.sample_requests = sample_requests
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main

"""Setting up a referred prospect offers to ask the referrer about them, once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from tests.factories import prospect
from tests.ui.helpers import when_modal
from touchdesk.services.referrals import referrer_question_due
from touchdesk.store.models import Prospect
from touchdesk.ui.prospect_form.dialog import ProspectDialog


def new_referred(qtbot, referrer_name: str) -> ProspectDialog:
    dialog = ProspectDialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.first_name, "Dana")
    qtbot.keyClicks(dialog.last_name, "Ray")
    dialog.referrer.setCurrentIndex(dialog.referrer.findText(referrer_name))
    return dialog


def test_a_new_referred_prospect_offers_the_email_to_the_referrer(qtbot, store):
    alex = prospect("Alex", "Chen")
    dialog = new_referred(qtbot, "Alex Chen")
    seen = {}

    def copy(box: QMessageBox) -> None:
        seen["text"], seen["email"] = box.text(), box.informativeText()
        qtbot.mouseClick(box.defaultButton(), Qt.MouseButton.LeftButton)

    when_modal(qtbot, copy, QMessageBox)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert Prospect.get_by_id(dialog.prospect_id).referrer_id == alex
    assert "Alex Chen introduced you to Dana Ray" in seen["text"]
    assert "Hi Alex," in seen["email"]
    clipboard = QGuiApplication.clipboard().text()
    assert clipboard.startswith("Subject: A quick question about Dana") and "Hi Alex," in clipboard
    assert referrer_question_due(dialog.prospect_id) is None  # asked once


def test_not_now_is_remembered_too(qtbot, store):
    prospect("Alex", "Chen")
    dialog = new_referred(qtbot, "Alex Chen")

    def not_now(box: QMessageBox) -> None:
        [button] = [b for b in box.buttons() if b.text() == "&Not now"]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    when_modal(qtbot, not_now, QMessageBox)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert referrer_question_due(dialog.prospect_id) is None

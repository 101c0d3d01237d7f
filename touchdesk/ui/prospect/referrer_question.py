"""Offering to ask a referrer about the prospect they introduced: the email, ready to copy."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from touchdesk.services.changes import Change
from touchdesk.services.referrals import (
    answer_referrer_question,
    referrer_question_due,
    referrer_question_message,
)


def offer_referrer_question(prospect_id: int, parent: QWidget | None) -> Change:
    """Ask once per referral: copy the email to the referrer, or not now. Returns what changed
    (the answer is remembered either way)."""
    ask = referrer_question_due(prospect_id)
    if ask is None:
        return Change.NOTHING
    subject, body = referrer_question_message(ask, datetime.now(UTC))
    box = QMessageBox(QMessageBox.Icon.Question, "Ask the referrer", ask.question(), parent=parent)
    box.setObjectName("referrerQuestion")
    box.setInformativeText(f"{subject}\n\n{body}")
    copy = box.addButton("&Copy the email", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("&Not now", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(copy)
    box.exec()
    if box.clickedButton() is copy:
        QGuiApplication.clipboard().setText(f"Subject: {subject}\n\n{body}")
    return answer_referrer_question(ask)

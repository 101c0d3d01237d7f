"""Queueing mail from anywhere (prospect page, next-step dialog, board), each step undoable."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QWidget

from touchdesk.domain.mail import MailDraft
from touchdesk.domain.vocabulary import MailKind, MailStatus
from touchdesk.domain.wording import count_of
from touchdesk.services.changes import Change
from touchdesk.services.mail_queue import (
    MailError,
    draft_for,
    get_draft,
    mark,
    queue_mail,
    queue_many,
    update_task,
)
from touchdesk.services.prospects import get_prospect
from touchdesk.services.undo import record
from touchdesk.ui.commands import RecordedCommand
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.mail.task_dialog import MailTaskDialog

T = TypeVar("T")


class MailFlows:
    def __init__(
        self,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        parent: QWidget,
        tell: Callable[[str], None],
    ) -> None:
        self.bus = bus
        self.undo_stack = undo_stack
        self.parent = parent
        self.tell = tell

    def _refuse(self, title: str, error: Exception) -> None:
        QMessageBox.information(self.parent, title, str(error))

    def push_recorded(self, label: str, do: Callable[[], tuple[T, Change]]) -> T:
        """Run `do` recorded, then push it as one undo step; when it raises (a MailError
        to show the seller), nothing changed and nothing is pushed."""
        (value, change), entry = record(do)
        self.undo_stack.push(RecordedCommand.done(self.bus, label, entry, change))
        return value

    # -- one prospect -------------------------------------------------------------------

    def queue_for(
        self,
        prospect_id: int,
        kind: MailKind = MailKind.NOTE,
        occasion: str = "",
        due_on: date | None = None,
        title: str = "Queue mail",
    ) -> int | None:
        """The task dialog, prefilled from the kind's template; the new task id, or None."""
        record = get_prospect(prospect_id)
        name = record.name
        try:
            draft = draft_for(prospect_id, kind, occasion)
        except MailError as error:
            self._refuse(title, error)
            return None
        if due_on is not None:
            draft = MailDraft(draft.kind, draft.occasion, draft.message, "", due_on, draft.address)
        dialog = MailTaskDialog(
            draft, name, title, self.parent, lambda k: draft_for(prospect_id, k).message
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        label = f"Queue {dialog.draft().kind.label.lower()} for {name}"
        try:
            task_id = self.push_recorded(label, lambda: queue_mail(prospect_id, dialog.draft()))
        except MailError as error:
            self._refuse(title, error)
            return None
        self.tell(f"{dialog.draft().kind.label} for {name} is on the mail desk.")
        return task_id

    def edit(self, task_id: int, recipient: str) -> None:
        dialog = MailTaskDialog(get_draft(task_id), recipient, "Mail task", self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        draft = dialog.draft()
        try:
            self.push_recorded(f"Correct mail for {recipient}", lambda: update_task(task_id, draft))
        except MailError as error:
            self._refuse("Mail task", error)

    # -- many ---------------------------------------------------------------------------

    def queue_many(self, prospect_ids: Sequence[int]) -> tuple[int, ...]:
        """The seasonal run: one card (or note) per selected prospect, from its template."""
        kinds = [kind.label for kind in MailKind]
        label, ok = QInputDialog.getItem(
            self.parent,
            "Queue mail",
            f"Queue for {count_of(len(prospect_ids), 'prospect')}:",
            kinds,
            1,
            False,
        )
        if not ok:
            return ()
        kind = list(MailKind)[kinds.index(label)]
        occasion, ok = QInputDialog.getText(
            self.parent, "Queue mail", "Occasion:", text="Season's greetings"
        )
        if not ok:
            return ()
        try:
            result, entry = record(lambda: queue_many(list(prospect_ids), kind, occasion.strip()))
        except MailError as error:
            self._refuse("Queue mail", error)
            return ()
        if result.queued:
            label = f"Queue {len(result.queued)} × {kind.label.lower()}"
            self.undo_stack.push(RecordedCommand.done(self.bus, label, entry, Change.MAIL))
        message = f"{len(result.queued)} queued on the mail desk."
        if result.refused:
            names = "\n".join(f"• {r.name}: {r.reason}" for r in result.refused)
            QMessageBox.information(
                self.parent,
                "Queue mail",
                f"{message}\n{len(result.refused)} left out:\n{names}",
            )
        else:
            self.tell(message)
        return result.queued

    # -- status -------------------------------------------------------------------------

    def mark(self, task_ids: Sequence[int], to: MailStatus) -> bool:
        """Written, mailed (touches on the timelines) or cancelled, all or none; undoable."""
        if not task_ids:
            return False
        count = len(task_ids)
        label = f"Mark {count_of(count, 'piece')} {to.label.lower()}"
        try:
            self.push_recorded(label, lambda: mark(list(task_ids), to))
        except MailError as error:
            self._refuse("Mail desk", error)
            return False
        return True

"""Write email… and Outbox… in the menus, the sender that runs while the app does, and the
question for an email whose minute passed while TouchDesk was closed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from touchdesk.domain.date_text import dates
from touchdesk.services.changes import Change
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.menu_actions import Tell, menu_action
from touchdesk.ui.outbox.sender import OutboxSender


class OutboxActions:
    def __init__(
        self,
        bus: ChangeBus,
        parent: QWidget,
        tell: Tell,
        current_prospect: Callable[[], int | None],
    ) -> None:
        self.bus = bus
        self.parent = parent
        self.tell = tell
        self.current_prospect = current_prospect
        self.write_action = menu_action(parent, "&Write email…", self.write_current, "Ctrl+Shift+E")
        self.outbox_action = menu_action(parent, "&Outbox…", self.show_outbox)
        self.sender = OutboxSender(bus, parent)
        self.sender.reported.connect(self.on_report)
        self.sender.failed.connect(tell)
        self._asking = False
        # After the first paint: the seller sees the window before any question.
        parent.first_paint.add(self.start)

    def menu_actions(self) -> list:
        return [self.write_action, self.outbox_action]

    def start(self) -> None:
        """After the first paint: ask about emails missed while closed, then send every minute."""
        from touchdesk.services.outbox.pending import anything_missed

        if anything_missed():  # the outbox's code loads only when there is something to ask
            from touchdesk.services.outbox.queue import missed

            self.ask_about_missed(missed())
        self.sender.start()

    def attach_today(self, today) -> None:
        """Today's words panel writes to the selected call's prospect, for that step."""

        def write() -> None:
            call = today.current_call()
            if call is not None:
                self.write(call.prospect_id, call.step_id)

        today.words.write_email.connect(write)

    def write_current(self) -> None:
        prospect_id = self.current_prospect()
        if prospect_id is None:
            self.tell("Open a prospect first: the email is written to them.")
            return
        self.write(prospect_id)

    def write(self, prospect_id: int, step_id: int | None = None) -> None:
        """The compose dialog for the prospect's due email step (or a first email)."""
        from PySide6.QtWidgets import QMessageBox  # its enums: on first use

        from touchdesk.domain.time_policy import Suggestion
        from touchdesk.domain.timing import SlotRule
        from touchdesk.services.outbox.compose import ComposeError, compose, suggested_slot
        from touchdesk.services.policy import seller_day
        from touchdesk.ui.outbox.compose_dialog import ComposeDialog

        try:
            draft = compose(prospect_id, step_id)
        except ComposeError as error:
            QMessageBox.warning(self.parent, "Write email", str(error))
            return
        slot = suggested_slot(prospect_id)
        label = Suggestion(slot, SlotRule.EMAIL).label(seller_day()) if slot else ""
        dialog = ComposeDialog(draft, slot, label, self.parent)
        if dialog.exec():
            self.tell(dialog.said)
            report = getattr(dialog, "report", None)
            self.bus.publish(report.change if report is not None else Change.MAIL)
        dialog.deleteLater()

    def show_outbox(self) -> None:
        from touchdesk.services.policy import seller_day
        from touchdesk.ui.outbox.outbox_dialog import OutboxDialog

        dialog = OutboxDialog(self.bus, seller_day().zone, self.sender.check, self.parent)
        dialog.exec()
        dialog.deleteLater()

    def on_report(self, report) -> None:
        for entry in report.sent:
            self.tell(f"Sent to {entry.name}: {entry.subject}")
        for entry in report.failed:
            self.tell(f"Not sent to {entry.name}: {entry.last_answer}", 15000)
        self.ask_about_missed(report.missed)

    def ask_about_missed(self, entries: list) -> None:
        """One question per missed email: send it now, or at the prospect's next slot."""
        from PySide6.QtWidgets import QMessageBox  # its enums: on first use

        from touchdesk.services.outbox.queue import OutboxError, send_at_next_slot, send_now

        if self._asking:  # a question is open: the outbox lists the rest
            return
        self._asking = True
        try:
            for entry in entries:
                box = QMessageBox(self.parent)
                box.setObjectName("missedQuestion")
                box.setWindowTitle("An email was not sent at its minute")
                box.setText(
                    f"The email to {entry.name} ({entry.subject}) was due at "
                    f"{_mine(entry.send_at)} while TouchDesk was not running. It was not sent."
                )
                now = box.addButton("Send &now", QMessageBox.ButtonRole.AcceptRole)
                later = box.addButton("Send at the &next slot", QMessageBox.ButtonRole.ActionRole)
                box.addButton("&Decide later", QMessageBox.ButtonRole.RejectRole)
                box.exec()
                try:
                    if box.clickedButton() is now:
                        send_now(entry.id)
                    elif box.clickedButton() is later:
                        slot = send_at_next_slot(entry.id)
                        self.tell(f"The email to {entry.name} will go {_mine(slot)}.")
                except OutboxError as error:
                    self.tell(str(error))
                box.deleteLater()
        finally:
            self._asking = False
        if entries:
            self.bus.publish(Change.MAIL)
            self.sender.check()


def _mine(at) -> str:
    from touchdesk.services.policy import seller_day

    return dates().day_time(at.astimezone(seller_day().zone)) if at is not None else "now"

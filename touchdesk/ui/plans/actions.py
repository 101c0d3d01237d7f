"""Applying a plan to the prospects chosen on the board or the prospect page."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from touchdesk.ui.events import ChangeBus
from touchdesk.ui.menu_actions import Tell


class PlanActions:
    def __init__(self, bus: ChangeBus, undo_stack: QUndoStack, parent: QWidget, tell: Tell) -> None:
        self.bus = bus
        self.undo_stack = undo_stack
        self.parent = parent
        self.tell = tell

    def apply_plan_to(self, prospect_ids: list[int]) -> None:
        from zoneinfo import ZoneInfo

        from touchdesk.services import settings
        from touchdesk.services.plans import apply_plan
        from touchdesk.ui.plans.apply_dialog import ApplyPlanDialog, SummaryDialog, summary_text

        if not prospect_ids:
            return
        dialog = ApplyPlanDialog(prospect_ids, self.parent)
        if not dialog.exec() or dialog.plan_id is None:
            return
        result = apply_plan(
            prospect_ids, dialog.plan_id, datetime.now(UTC), ZoneInfo(settings.get("time_zone"))
        )
        # Applying replaces next steps wholesale: older undo steps could no longer apply.
        self.undo_stack.clear()
        self.bus.publish(result.change)
        text = summary_text(result, dialog.plan_name)
        if result.skipped or result.email_warnings:  # the status bar shows only one line
            SummaryDialog(text, self.parent).exec()
        else:
            self.tell(text)

"""The Plans page: edit follow-up plans, the reasons library and message templates."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from touchdesk.services.changes import Change
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.plans.lost_reasons_tab import LostReasonsTab
from touchdesk.ui.plans.plans_tab import PlansTab
from touchdesk.ui.plans.reasons_tab import QuestionsTab, ReasonsTab
from touchdesk.ui.plans.templates_tab import TemplatesTab


class PlansPage(QWidget):
    """Plans, reasons and templates in three tabs; every edit is undoable."""

    # Prospects, next steps and settings only feed the template preview.
    REFRESH_ON = Change.PLANS | Change.SETTINGS | Change.PROSPECTS | Change.NEXT_STEPS

    def __init__(self, bus: ChangeBus, undo_stack: QUndoStack, autoload: bool = True) -> None:
        super().__init__()
        self.bus = bus
        self.undo_stack = undo_stack
        self.plans_tab = PlansTab(bus, undo_stack)
        self.reasons_tab = ReasonsTab(bus, undo_stack)
        self.questions_tab = QuestionsTab(bus, undo_stack)
        self.templates_tab = TemplatesTab(bus, undo_stack)
        self.lost_reasons_tab = LostReasonsTab(bus, undo_stack)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("planTabs")
        self.tabs.addTab(self.plans_tab, "Plans")
        self.tabs.addTab(self.reasons_tab, "Reasons")
        self.tabs.addTab(self.questions_tab, "Questions")
        self.tabs.addTab(self.templates_tab, "Templates")
        self.tabs.addTab(self.lost_reasons_tab, "Lost reasons")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        # Opening the page puts the keyboard in the list of the tab on show.
        self._lists = (
            self.plans_tab.plan_list,
            self.reasons_tab.reason_list,
            self.questions_tab.reason_list,
            self.templates_tab.template_list,
            self.lost_reasons_tab.lines,
        )
        self.tabs.currentChanged.connect(lambda index: self.setFocusProxy(self._lists[index]))
        self.setFocusProxy(self._lists[0])
        if autoload:  # the main window loads pages when they are first shown
            self.refresh(Change.PLANS)

    def refresh(self, change: Change) -> None:
        if change & Change.PLANS:
            self.plans_tab.reload()
            self.reasons_tab.reload()
            self.questions_tab.reload()
            self.templates_tab.reload()
        elif change & Change.STAGES:  # renamed or added stages: the stage choices follow
            self.reasons_tab.reload()
            self.questions_tab.reload()
        if change & (Change.PLANS | Change.SETTINGS):
            self.lost_reasons_tab.reload()
        if change & (Change.SETTINGS | Change.PROSPECTS | Change.NEXT_STEPS):
            self.templates_tab.refresh_preview()

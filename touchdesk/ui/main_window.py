"""The shell: navigation sidebar, pages, menus with shortcuts, status bar, remembered geometry."""

from __future__ import annotations

import platform
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from touchdesk import APP_NAME, ORGANIZATION, __version__
from touchdesk.services import maintenance
from touchdesk.services.changes import Change
from touchdesk.services.overview import overview
from touchdesk.services.workspace import DatabaseRefused, Workspace
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.home.welcome import WelcomePanel


@dataclass
class Page:
    """One entry of the sidebar, built the first time it is shown or asked for: start-up
    pays for one page, not five. The page on screen refreshes on every published change;
    the others collect what changed and refresh when they are shown."""

    title: str
    build: Callable[[], QWidget]  # imports, constructs and wires the page; has .refresh()
    widget: QWidget | None = None
    pending: Change = Change.EVERYTHING


class MainWindow(QMainWindow):
    """Dialogs, printing and import code are imported where they are first used: each Qt
    enum and module touched at start-up costs time before the first paint."""

    def __init__(
        self,
        workspace: Workspace,
        bus: ChangeBus,
        open_sample_data: Callable[[], None],
        icon: QIcon | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.bus = bus
        self._open_sample_data = open_sample_data
        self.undo_stack = QUndoStack(self)
        self._mail_flows = None
        if icon is not None:
            self.setWindowIcon(icon)

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(180)
        self.sidebar.setIconSize(QSize(20, 20))
        self.pages = QStackedWidget()
        self.page_list: list[Page] = []
        self.sidebar.currentRowChanged.connect(self._show_row)
        # An empty database shows the welcome panel in place of the pages.
        self.welcome = WelcomePanel()
        self.welcome.add_prospect.connect(self.add_prospect)
        self.welcome.open_sample_data.connect(self._open_sample_data)
        self.content = QStackedWidget()
        self.content.addWidget(self.welcome)
        self.content.addWidget(self.pages)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.content, 1)
        self.setCentralWidget(central)

        self.add_page(Page("Today", self._build_today))
        self.add_page(Page("Board", self._build_board))
        self.add_page(Page("Prospect", self._build_prospect))
        self.add_page(Page("Mail", self._build_mail))
        self.add_page(Page("Plans", self._build_plans))
        self.add_page(Page("Insights", self._build_insights))

        self.database_label = QLabel()
        self.active_label = QLabel()
        self.statusBar().addPermanentWidget(self.active_label)
        self.statusBar().addPermanentWidget(self.database_label)

        self._build_menus()
        self.bus.changed.connect(self.on_change)
        self.show_workspace(workspace)
        self._restore_view_state()

    # -- pages ---------------------------------------------------------------------------

    def add_page(self, page: Page) -> None:
        self.page_list.append(page)
        self.pages.addWidget(QWidget())  # a stand-in until the page is first needed
        QListWidgetItem(page.title, self.sidebar)
        if self.sidebar.currentRow() < 0:
            self.sidebar.setCurrentRow(0)

    def _page_widget(self, title: str) -> QWidget:
        """The page itself, built (and put in place of its stand-in) on first use."""
        row, page = next((r, p) for r, p in enumerate(self.page_list) if p.title == title)
        if page.widget is None:
            page.widget = page.build()
            stand_in = self.pages.widget(row)
            current = self.pages.currentIndex()
            self.pages.insertWidget(row, page.widget)
            self.pages.removeWidget(stand_in)
            stand_in.deleteLater()
            self.pages.setCurrentIndex(current)
        return page.widget

    @property
    def today(self):
        return self._page_widget("Today")

    @property
    def board(self):
        return self._page_widget("Board")

    @property
    def prospect(self):
        return self._page_widget("Prospect")

    @property
    def mail(self):
        return self._page_widget("Mail")

    @property
    def mail_flows(self):
        """Queueing mail from any page, one undo stack; built on first use."""
        if self._mail_flows is None:
            from touchdesk.ui.mail.flows import MailFlows

            self._mail_flows = MailFlows(self.bus, self.undo_stack, self, self.tell)
        return self._mail_flows

    @property
    def plans(self):
        return self._page_widget("Plans")

    @property
    def insights(self):
        return self._page_widget("Insights")

    def _build_today(self) -> QWidget:
        from touchdesk.ui.today.page import TodayPage

        today = TodayPage(self.bus, self.undo_stack, autoload=False)
        today.open_prospect.connect(self.open_prospect)
        today.print_requested.connect(self.print_calling_list)
        # Marking a step done leads straight into logging what happened.
        today.step_done.connect(self._log_touch)
        today.told.connect(self.tell)
        return today

    def _log_touch(self, prospect_id: int, done_step_id: int) -> None:
        self.prospect.follow_up.log_touch(prospect_id, done_step_id=done_step_id)

    def _build_board(self) -> QWidget:
        from touchdesk.ui.board.page import BoardPage

        board = BoardPage(self.bus, self.undo_stack, autoload=False)
        board.open_prospect.connect(self.open_prospect)
        board.apply_plan_requested.connect(self.apply_plan_to)
        board.queue_mail_requested.connect(lambda ids: self.mail_flows.queue_many(ids))
        # Queued: the question waits until the drop has finished.
        board.won.connect(self._thank_referrers, Qt.ConnectionType.QueuedConnection)
        return board

    def _thank_referrers(self, prospect_ids: list[int]) -> None:
        from touchdesk.services.referrals import Milestone, thank_you_due

        for prospect_id in prospect_ids:
            self.prospect.follow_up.offer_thanks(thank_you_due(prospect_id, Milestone.WON))

    def _build_prospect(self) -> QWidget:
        from touchdesk.ui.prospect.page import ProspectPage

        prospect = ProspectPage(self.bus, self.undo_stack, self.tell)
        prospect.edit_requested.connect(self.edit_prospect)
        prospect.apply_plan_requested.connect(self.apply_plan_to)
        prospect.queue_mail_requested.connect(lambda pid: self.mail_flows.queue_for(pid))
        prospect.duplicates_requested.connect(self.find_duplicates_of)
        return prospect

    def _build_mail(self) -> QWidget:
        from touchdesk.ui.mail.page import MailPage

        mail = MailPage(self.bus, self.undo_stack, self.tell, autoload=False)
        mail.open_prospect.connect(self.open_prospect)
        return mail

    def _build_plans(self) -> QWidget:
        from touchdesk.ui.plans.page import PlansPage

        return PlansPage(self.bus, self.undo_stack, autoload=False)

    def _build_insights(self) -> QWidget:
        from touchdesk.ui.insights.page import InsightsPage

        insights = InsightsPage(self.bus)
        insights.show_on_board.connect(self.show_board_filter)
        return insights

    def go_to(self, title: str) -> None:
        for row, page in enumerate(self.page_list):
            if page.title == title:
                self.sidebar.setCurrentRow(row)
                return

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.page_list):
            self._page_widget(self.page_list[row].title)
        self.pages.setCurrentIndex(row)
        self._refresh_current()
        if self.content.currentWidget() is self.pages:
            self.pages.currentWidget().setFocus()

    def _current_page(self) -> Page | None:
        if self.content.currentWidget() is not self.pages:
            return None
        return next((p for p in self.page_list if p.widget is self.pages.currentWidget()), None)

    def _refresh_current(self) -> None:
        page = self._current_page()
        if page is not None and page.pending:
            change, page.pending = page.pending, Change.NOTHING
            page.widget.refresh(change)

    def on_change(self, change: Change) -> None:
        for page in self.page_list:
            page.pending |= change
        if change & (Change.PROSPECTS | Change.SETTINGS):
            self._update_status()
        self._refresh_current()

    def _update_status(self) -> None:
        numbers = overview()
        self.active_label.setText(f"{numbers.active} / {numbers.target} active")
        self.content.setCurrentWidget(self.welcome if numbers.is_empty else self.pages)

    def show_workspace(self, workspace: Workspace) -> None:
        """Point the shell at a (possibly different) open database."""
        self.workspace = workspace
        self.undo_stack.clear()
        name = workspace.database.name
        self.setWindowTitle(f"{APP_NAME} — {name}")
        self.database_label.setText(str(workspace.database))
        if workspace.backup_problem:
            self.statusBar().showMessage(workspace.backup_problem)
        elif workspace.revived:
            count = len(workspace.revived)
            self.tell(
                f"{count} dormant prospect{'s' if count > 1 else ''} came back today, "
                "each with a revive call on the calling list."
            )
        self.on_change(Change.EVERYTHING)

    # -- menus ---------------------------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], object], shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.add_action = self._action(
            "&New prospect…", self.new_prospect, QKeySequence.StandardKey.New
        )
        file_menu.addAction(self.add_action)
        self.import_action = self._action("&Import contacts…", self.import_contacts, "Ctrl+Shift+I")
        self.export_action = self._action("&Export contacts…", self.export_contacts)
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        self.export_calendar_action = self._action("Export &calendar…", self.export_calendar)
        file_menu.addAction(self.export_calendar_action)
        self.print_mail_action = self._action("&Print mail…", self.print_mail)
        file_menu.addAction(self.print_mail_action)
        self.trash_action = self._action("&Trash…", self.open_trash)
        file_menu.addAction(self.trash_action)
        file_menu.addSeparator()
        self.backup_action = self._action("&Back up now", self.back_up_now, "Ctrl+Shift+B")
        self.restore_action = self._action("&Restore from backup…", self.restore_from_backup)
        self.backups_action = self._action("Bac&kups…", self.show_backups)
        self.sample_action = self._action("Open &sample data", self._open_sample_data)
        actions = (self.backup_action, self.restore_action, self.backups_action, self.sample_action)
        for action in actions:
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        edit_menu = menu.addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.duplicates_action = self._action("Find &duplicates…", self.find_duplicates)
        edit_menu.addAction(self.duplicates_action)
        edit_menu.addSeparator()
        self.settings_action = self._action("&Settings…", self.open_settings, "Ctrl+,")
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        edit_menu.addAction(self.settings_action)

        self.go_menu = menu.addMenu("&Go")
        self._go_actions: list[QAction] = []
        for row in range(9):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _=False, r=row: self._go_row(r))
            self.addAction(action)
            self._go_actions.append(action)
        self.go_menu.aboutToShow.connect(self._fill_go_menu)

        help_menu = menu.addMenu("&Help")
        about = self._action(f"&About {APP_NAME}", self.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)

    def _go_row(self, row: int) -> None:
        if row < len(self.page_list):
            self.sidebar.setCurrentRow(row)

    def _fill_go_menu(self) -> None:
        self.go_menu.clear()
        for row, page in enumerate(self.page_list):
            action = self.go_menu.addAction(page.title)
            action.setShortcut(self._go_actions[row].shortcut())
            action.triggered.connect(lambda _=False, r=row: self._go_row(r))

    # -- commands ------------------------------------------------------------------------

    def new_prospect(self) -> None:
        """The full form (Ctrl+N); the welcome panel keeps the quick one."""
        from touchdesk.ui.prospect_form.dialog import ProspectDialog

        dialog = ProspectDialog(None, self)
        if dialog.exec() and dialog.prospect_id is not None:
            self.bus.publish(dialog.change)
            self.open_prospect(dialog.prospect_id)

    def find_duplicates(self) -> None:
        from touchdesk.ui.duplicates.dialogs import DuplicatesDialog

        dialog = DuplicatesDialog(self.bus, self.undo_stack, self)
        dialog.exec()
        dialog.deleteLater()

    def find_duplicates_of(self, prospect_id: int) -> None:
        """From the prospect page: its pairs only; if it is merged away, show the survivor."""
        from touchdesk.services.prospects import get_prospect
        from touchdesk.ui.duplicates.dialogs import DuplicatesDialog

        name = get_prospect(prospect_id).name
        dialog = DuplicatesDialog(self.bus, self.undo_stack, self, prospect_id, name)
        dialog.exec()
        dialog.deleteLater()
        if prospect_id in dialog.merged:
            self.open_prospect(dialog.merged[prospect_id])

    def edit_prospect(self, prospect_id: int) -> None:
        from touchdesk.services.prospects import get_prospect
        from touchdesk.ui.commands import RecordedCommand
        from touchdesk.ui.prospect_form.dialog import ProspectDialog

        before = get_prospect(prospect_id)
        dialog = ProspectDialog(prospect_id, self)
        if not dialog.exec():
            return
        if dialog.delete_requested:
            self.trash_prospect(prospect_id, before.name)
            return
        # Saved (and recorded) by the dialog already; the push makes it undoable.
        if dialog.entry is not None:
            self.undo_stack.push(
                RecordedCommand.done(self.bus, f"Edit {before.name}", dialog.entry, dialog.change)
            )

    def trash_prospect(self, prospect_id: int, name: str) -> None:
        from touchdesk.services.prospects import move_to_trash
        from touchdesk.ui.commands import RecordedCommand

        self.undo_stack.push(
            RecordedCommand(
                self.bus, f"Move {name} to the trash", lambda: move_to_trash(prospect_id)
            )
        )
        self.tell(f"{name} is in the trash. Ctrl+Z brings them back; File → Trash lists them.")

    def open_trash(self) -> None:
        from touchdesk.services.prospects import restore_from_trash
        from touchdesk.ui.commands import RecordedCommand
        from touchdesk.ui.prospect_form.trash_dialog import TrashDialog

        def restore(prospect_id: int) -> None:
            self.undo_stack.push(
                RecordedCommand(
                    self.bus, "Restore from the trash", lambda: restore_from_trash(prospect_id)
                )
            )

        TrashDialog(restore, self).exec()

    def add_prospect(self) -> None:
        from touchdesk.ui.dialogs.quick_add import QuickAddDialog

        dialog = QuickAddDialog(self)
        if dialog.exec() and dialog.prospect_id is not None:
            self.bus.publish(Change.PROSPECTS)
            self.statusBar().showMessage("Prospect added.", 5000)

    def tell(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def apply_plan_to(self, prospect_ids: list[int]) -> None:
        from zoneinfo import ZoneInfo

        from touchdesk.services import settings
        from touchdesk.services.plans import apply_plan
        from touchdesk.ui.plans.apply_dialog import ApplyPlanDialog, summary_text

        if not prospect_ids:
            return
        dialog = ApplyPlanDialog(prospect_ids, self)
        if not dialog.exec() or dialog.plan_id is None:
            return
        result = apply_plan(
            prospect_ids, dialog.plan_id, datetime.now(UTC), ZoneInfo(settings.get("time_zone"))
        )
        # Applying replaces next steps wholesale: older undo steps could no longer apply.
        self.undo_stack.clear()
        self.bus.publish(result.change)
        text = summary_text(result, dialog.plan_name)
        if result.skipped:  # several lines: the status bar shows only one
            QMessageBox.information(self, "Plan applied", text)
        else:
            self.tell(text)

    def show_board_filter(self, name: str) -> None:
        self.board.show_only(name, self.insights.stale_days.value())
        self.go_to("Board")

    def open_prospect(self, prospect_id: int) -> None:
        self.prospect.show_prospect(prospect_id)
        self.go_to("Prospect")

    def print_calling_list(self) -> None:
        from touchdesk.printing.call_list import call_list_table
        from touchdesk.ui.print_preview import preview_table

        calls = self.today.calls_model.rows()
        table = call_list_table(calls, datetime.now(UTC), self.today.seller_zone())
        preview_table(table, self).exec()

    def print_mail(self) -> None:
        """The note list, envelopes or labels for everything still to write or mail."""
        from touchdesk.ui.mail.print_dialog import MailPrintDialog

        dialog = MailPrintDialog(None, self)
        dialog.exec()
        dialog.deleteLater()

    def import_contacts(self) -> None:
        from touchdesk.ui.imports.wizard import ImportWizard

        ImportWizard(self.bus, self).exec()

    def export_contacts(self) -> None:
        from touchdesk.services import imports

        # A workbook's cells are typed text: no guard apostrophes, ZIP codes keep their zeros.
        suffixes = {
            "CSV for Excel (*.csv)": ".csv",
            "Excel workbook, every cell as text (*.xlsx)": ".xlsx",
            "vCard (*.vcf)": ".vcf",
        }
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export contacts", "prospects.csv", ";;".join(suffixes)
        )
        if path and not path.casefold().endswith((".csv", ".xlsx", ".vcf", ".vcard")):
            path += suffixes.get(chosen, ".csv")
        if not path:
            return
        try:
            maintenance.refuse_output_over_store(Path(path), self.workspace.paths)
            count = imports.export_prospects(path, imports.export_format_for(path), bom=True)
        except (ValueError, OSError) as error:  # the database chosen, a full disk: nothing lost
            QMessageBox.warning(self, "Export contacts", str(error))
            return
        self.tell(f"Exported {count:,} prospects to {path}")

    def export_calendar(self) -> None:
        from touchdesk.ui.dialogs.export_calendar_dialog import ExportCalendarDialog

        ExportCalendarDialog(self).exec()

    def open_settings(self) -> None:
        from touchdesk.ui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self)
        if dialog.exec():
            self.bus.publish(dialog.change)
            self.statusBar().showMessage("Settings saved.", 5000)

    def back_up_now(self) -> None:
        try:
            target = maintenance.backup_now(self.workspace.paths)
        except Exception as error:  # disk full, permissions: tell the seller, keep working
            QMessageBox.warning(self, "Backup failed", f"The backup could not be written:\n{error}")
            return
        self.statusBar().showMessage(f"Backed up to {target}", 10000)

    def restore_from_backup(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            "Restore from backup",
            str(self.workspace.paths.backups),
            "TouchDesk backups (*.sqlite);;All files (*)",
        )
        if chosen:
            self.restore_file(Path(chosen))

    def show_backups(self) -> None:
        from touchdesk.ui.dialogs.backups_dialog import BackupsDialog

        dialog = BackupsDialog(self.workspace.paths, self)
        if dialog.exec() and dialog.chosen is not None:
            self.restore_file(dialog.chosen)

    def restore_file(self, chosen: Path) -> None:
        """Ask, then replace the data with the backup (a safety copy is kept first)."""
        answer = QMessageBox.question(
            self,
            "Restore from backup",
            "Replace everything in this database with the backup?\n\n"
            "A safety copy of the current data is kept in the backups folder first.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            safety = maintenance.restore_backup(chosen, self.workspace.paths)
        except DatabaseRefused as refused:
            QMessageBox.warning(
                self,
                "Backup refused",
                f"{refused.path}\n\n{refused.reason}\n\nYour current data was not changed.",
            )
            return
        self.undo_stack.clear()
        self.bus.publish(Change.EVERYTHING)
        kept = f" The data it replaced is kept in {safety}." if safety else ""
        self.statusBar().showMessage(f"Restored from {chosen}.{kept}", 15000)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"{APP_NAME} {__version__}\n\n"
            "A follow-up desk for solo sellers: one agreed next step for every prospect.\n\n"
            f"Database: {self.workspace.database}\n"
            f"Python {platform.python_version()}",
        )

    # -- view state ----------------------------------------------------------------------

    def _view_settings(self) -> QSettings:
        return QSettings(ORGANIZATION, APP_NAME)

    def _restore_view_state(self) -> None:
        state = self._view_settings()
        geometry = state.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 720)
        row = int(state.value("window/page", 0))
        self._go_row(row)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        state = self._view_settings()
        state.setValue("window/geometry", self.saveGeometry())
        state.setValue("window/page", self.sidebar.currentRow())
        super().closeEvent(event)

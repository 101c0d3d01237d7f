"""The shell: navigation sidebar, pages, menus with shortcuts, status bar, remembered geometry."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent, QIcon, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from touchdesk import APP_NAME, ORGANIZATION
from touchdesk.domain.wording import count_of
from touchdesk.services.changes import Change
from touchdesk.services.first_screen import start_reading_first_screen
from touchdesk.services.overview import overview
from touchdesk.services.workspace import Workspace
from touchdesk.ui.commands import say_what_undo_did
from touchdesk.ui.dav.actions import DavActions
from touchdesk.ui.dialogs.app_actions import AppActions
from touchdesk.ui.dialogs.backup_actions import BackupActions
from touchdesk.ui.duplicates.actions import DuplicatesActions
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.first_paint import AfterFirstPaint
from touchdesk.ui.go_menu import GoMenu
from touchdesk.ui.home.welcome import WelcomeOrPages, WelcomePanel
from touchdesk.ui.imports.actions import ContactFileActions
from touchdesk.ui.mail.actions import MailActions
from touchdesk.ui.menu_actions import menu_action
from touchdesk.ui.outbox.actions import OutboxActions
from touchdesk.ui.page_entry import Page, built_page
from touchdesk.ui.plans.actions import PlanActions
from touchdesk.ui.prospect_form.actions import ProspectActions
from touchdesk.ui.quick_open.actions import QuickOpenActions
from touchdesk.ui.sidebar import Sidebar
from touchdesk.ui.today.actions import print_calling_list


class MainWindow(QMainWindow):
    """Composes the pages and the menu bar; each feature folder's actions module holds its
    commands. Pages, dialogs, printing and import code are imported where they are first
    used: each Qt enum and module touched at start-up costs time before the first paint."""

    def __init__(
        self,
        workspace: Workspace,
        bus: ChangeBus,
        open_sample_data: Callable[[], None],
        icon: QIcon | None = None,
        load_after_paint: bool = False,
    ) -> None:
        super().__init__()
        # With load_after_paint (a launch), the first paint shows the frame and the page
        # reads its rows just after it, with whatever else waits for `after_first_paint`.
        self.first_paint = AfterFirstPaint(self)
        self._load_after_paint = load_after_paint
        # Meanwhile Today's lists and the sidebar's counts are read on a worker thread.
        self.launch_read = start_reading_first_screen() if load_after_paint else None
        if load_after_paint:
            self.first_paint.add(self._refresh_current)
        self.workspace = workspace
        self.bus = bus
        self._open_sample_data = open_sample_data
        self.undo_stack = QUndoStack(self)
        self._build_feature_actions()
        if icon is not None:
            self.setWindowIcon(icon)

        self.sidebar = Sidebar(self.first_paint if load_after_paint else None)
        self.sidebar.launch_read = self.launch_read
        self.pages = QStackedWidget()
        self.page_list: list[Page] = []
        self.sidebar.currentRowChanged.connect(self._show_row)
        # An empty database shows the welcome panel in place of the pages.
        self._empty = False
        self.content = WelcomeOrPages(self.pages, self._wire_welcome)

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

        # The database's path is in Help → About and `touchdesk-cli doctor`, not here: the
        # status bar keeps its room for what changes while working.
        self.active_label = QLabel()
        self.statusBar().addPermanentWidget(self.active_label)

        self._build_menus()
        self.bus.changed.connect(self.on_change)
        self.show_workspace(workspace)
        self._restore_view_state()

    def _build_feature_actions(self) -> None:
        """Each feature folder owns its commands; the window hands them what they need."""
        bus, undo, tell = self.bus, self.undo_stack, self.tell

        def workspace() -> Workspace:
            return self.workspace

        self.prospect_actions = ProspectActions(bus, undo, self, tell, self.open_prospect)
        self.duplicates_actions = DuplicatesActions(bus, undo, self, self.open_prospect)
        self.plan_actions = PlanActions(bus, undo, self, tell)
        self.mail_actions = MailActions(bus, undo, self, tell)
        self.file_actions = ContactFileActions(bus, self, tell, workspace)
        self.backup_actions = BackupActions(bus, undo, self, tell, workspace)
        self.app_actions = AppActions(bus, self, tell, workspace)
        self.outbox_actions = OutboxActions(bus, self, tell, self.prospect_in_view)
        self.quick_open = QuickOpenActions(self, self.open_prospect)
        self.dav_actions = DavActions(bus, self, tell)
        # Reached by tests and by pages as the window's own.
        self.edit_prospect = self.prospect_actions.edit_prospect
        self.trash_prospect = self.prospect_actions.trash_prospect
        self.open_trash = self.prospect_actions.open_trash
        self.find_duplicates = self.duplicates_actions.find_duplicates
        self.duplicates_action = self.duplicates_actions.find_action
        self.print_mail_action = self.mail_actions.print_mail_action
        self.backups_action = self.backup_actions.backups_action
        self.settings_action = self.app_actions.settings_action

    # -- pages ---------------------------------------------------------------------------

    def add_page(self, page: Page) -> None:
        self.page_list.append(page)
        self.pages.addWidget(QWidget())  # a stand-in until the page is first needed
        self.sidebar.add_page(page.title)
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

    # Each page, built on first use; the mail flows likewise.
    today, board, prospect = built_page("Today"), built_page("Board"), built_page("Prospect")
    mail, plans, insights = built_page("Mail"), built_page("Plans"), built_page("Insights")
    mail_flows = property(lambda self: self.mail_actions.flows)

    welcome = property(lambda self: self.content.welcome)

    def _wire_welcome(self, welcome: WelcomePanel) -> None:
        welcome.add_prospect.connect(self.prospect_actions.add_prospect)
        welcome.import_contacts.connect(self.file_actions.import_contacts)
        welcome.open_sample_data.connect(self._open_sample_data)

    def prospect_in_view(self) -> int | None:
        """Whom the seller is looking at: Today's selected call, the board's current card, or
        the open prospect (what File → Write email… writes to)."""
        page = self._current_page()
        if page is not None and page.title == "Today":
            call = self.today.current_call()
            return call.prospect_id if call is not None else None
        if page is not None and page.title == "Board":
            return self.board.view.current_prospect()
        return self.prospect.prospect_id

    def _build_today(self) -> QWidget:
        from touchdesk.ui.today.page import TodayPage

        today = TodayPage(self.bus, self.undo_stack, autoload=False)
        today.launch_read = self.launch_read
        today.open_prospect.connect(self.open_prospect)
        today.print_requested.connect(lambda: print_calling_list(today, self))
        # Marking a step done leads straight into logging what happened.
        today.step_done.connect(lambda p, s: self.prospect.follow_up.log_touch(p, done_step_id=s))
        self.outbox_actions.attach_today(today)
        today.told.connect(self.tell)
        today.add_prospect_requested.connect(self.prospect_actions.new_prospect)
        return today

    def _build_board(self) -> QWidget:
        from touchdesk.ui.board.page import BoardPage

        board = BoardPage(self.bus, self.undo_stack, autoload=False)
        board.open_prospect.connect(self.open_prospect)
        board.apply_plan_requested.connect(self.plan_actions.apply_plan_to)
        board.queue_mail_requested.connect(lambda ids: self.mail_actions.flows.queue_many(ids))
        # Queued: the question waits until the drop has finished.
        board.won.connect(self._thank_referrers, Qt.ConnectionType.QueuedConnection)
        board.told.connect(self.tell)
        return board

    def _thank_referrers(self, prospect_ids: list[int]) -> None:
        from touchdesk.services.referrals import Milestone, thank_you_due

        for prospect_id in prospect_ids:
            self.prospect.follow_up.offer_thanks(thank_you_due(prospect_id, Milestone.WON))

    def _build_prospect(self) -> QWidget:
        from touchdesk.ui.prospect.page import ProspectPage

        prospect = ProspectPage(self.bus, self.undo_stack, self.tell)
        prospect.edit_requested.connect(self.edit_prospect)
        prospect.apply_plan_requested.connect(self.plan_actions.apply_plan_to)
        prospect.queue_mail_requested.connect(lambda pid: self.mail_actions.flows.queue_for(pid))
        prospect.duplicates_requested.connect(self.duplicates_actions.find_duplicates_of)
        prospect.board_requested.connect(lambda: self.go_to("Board"))
        prospect.words.write_email.connect(self.outbox_actions.write_current)
        return prospect

    def _build_mail(self) -> QWidget:
        from touchdesk.ui.mail.page import MailPage

        mail = MailPage(self.bus, self.undo_stack, self.tell, autoload=False)
        mail.open_prospect.connect(self.open_prospect)
        mail.board_requested.connect(lambda: self.go_to("Board"))
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
        self._show_content()
        self._refresh_current()
        if self.content.currentWidget() is self.pages:
            self.pages.currentWidget().setFocus()

    def _current_page(self) -> Page | None:
        if self.content.currentWidget() is not self.pages:
            return None
        return next((p for p in self.page_list if p.widget is self.pages.currentWidget()), None)

    def _refresh_current(self) -> None:
        if self._load_after_paint and not self.first_paint.done:
            return  # the page is read after the first paint
        page = self._current_page()
        if page is not None and page.pending:
            change, page.pending = page.pending, Change.NOTHING
            page.widget.refresh(change)

    def on_change(self, change: Change) -> None:
        for page in self.page_list:
            page.pending |= change
        if change & (Change.PROSPECTS | Change.SETTINGS):
            self._update_status()
        self.sidebar.refresh(change)
        self._refresh_current()

    def _update_status(self) -> None:
        numbers = overview()
        self.active_label.setText(f"{numbers.active} / {numbers.target} active")
        self._empty = numbers.is_empty
        self._show_content()

    def _show_content(self) -> None:
        """The welcome panel on an empty database, except on pages usable without prospects."""
        row = self.sidebar.currentRow()
        title = self.page_list[row].title if 0 <= row < len(self.page_list) else None
        self.content.show_for(self._empty, title)

    def show_workspace(self, workspace: Workspace) -> None:
        """Point the shell at a (possibly different) open database."""
        self.workspace = workspace
        self.undo_stack.clear()
        name = workspace.database.name
        self.setWindowTitle(f"{APP_NAME} — {name}")
        if workspace.backup_problem:
            self.statusBar().showMessage(workspace.backup_problem)
        elif workspace.revived:
            count = len(workspace.revived)
            self.tell(
                f"{count_of(count, 'dormant prospect')} came back today, "
                "each with a revive call on the calling list."
            )
        self.on_change(Change.EVERYTHING)

    # -- menus ---------------------------------------------------------------------------

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addAction(self.prospect_actions.new_action)
        file_menu.addAction(self.file_actions.import_action)
        file_menu.addAction(self.file_actions.export_action)
        file_menu.addAction(self.file_actions.export_calendar_action)
        file_menu.addAction(self.print_mail_action)
        file_menu.addActions(self.outbox_actions.menu_actions())
        file_menu.addAction(self.prospect_actions.trash_action)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_actions.backup_action)
        file_menu.addAction(self.backup_actions.restore_action)
        file_menu.addAction(self.backups_action)
        file_menu.addAction(menu_action(self, "Open &sample data", self._open_sample_data))
        file_menu.addSeparator()
        file_menu.addAction(menu_action(self, "&Quit", self.close, QKeySequence.StandardKey.Quit))

        edit_menu = menu.addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        say_what_undo_did(self.undo_stack, self.undo_action, self.redo_action, self.tell)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.quick_open.action)
        edit_menu.addAction(self.duplicates_action)
        edit_menu.addSeparator()
        self.app_actions.add_settings_to(edit_menu)  # Settings…, Mailbox…, Sync mail now
        self.dav_actions.install(edit_menu, self.statusBar())

        # Kept: the menu fills itself from this object each time it opens.
        self.go = GoMenu(self, lambda: [p.title for p in self.page_list], self._go_row)
        self.go_menu = self.go.menu

        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.app_actions.about_action)

    def _go_row(self, row: int) -> None:
        if row < len(self.page_list):
            self.sidebar.setCurrentRow(row)

    # -- messages ----------------------------------------------------------------------

    def tell(self, message: str, timeout_ms: int = 8000) -> None:
        self.statusBar().showMessage(message, timeout_ms)

    def show_board_filter(self, name: str) -> None:
        self.board.show_only(name, self.insights.stale_days.value())
        self.go_to("Board")

    def open_prospect(self, prospect_id: int) -> None:
        self.prospect.show_prospect(prospect_id)
        self.go_to("Prospect")

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
        self.outbox_actions.sender.stop()  # a send under way finishes; none starts after
        super().closeEvent(event)

"""The Today page: the calling list, keyboard driven, then prospects with no next step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.date_text import dates
from touchdesk.domain.today import CallRow, their_time
from touchdesk.domain.wording import agree, count_of
from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.services.first_screen import FIRST_ROWS, FirstScreenRead
from touchdesk.services.today import (
    due_calls,
    first_due_calls,
    first_without_next_step,
    replied,
    without_next_step,
)
from touchdesk.ui.channel_icons import channel_icon
from touchdesk.ui.commands import RecordedCommand
from touchdesk.ui.empty_state import EmptyState
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.fitted_table import FittedTable
from touchdesk.ui.state_colours import State, due_state, tint
from touchdesk.ui.table_model import RowTableModel, TableColumn
from touchdesk.ui.today.replied import RepliedBar
from touchdesk.ui.widgets import ElidedLabel, action_button
from touchdesk.ui.words_panel import WordsPanel


def _columns(zone_of) -> tuple[list[TableColumn[CallRow]], list[TableColumn[CallRow]]]:
    def due(row: CallRow) -> str:
        if row.due_at is None:
            return ""
        local = row.due_at.astimezone(zone_of())
        overdue = row.due_at < datetime.now(UTC)
        return ("Overdue · " if overdue else "") + dates().day_time(local)

    def last(row: CallRow) -> str:
        if row.last_touch_at is None:
            return "never"
        return dates().date(row.last_touch_at.astimezone(zone_of()))

    def state(row: CallRow) -> State | None:
        return due_state(row.due_at, datetime.now(UTC), zone_of()) if row.due_at else None

    calls = [
        TableColumn("Due", due, state=state),
        TableColumn("Their time", lambda r: their_time(r, zone_of())),
        TableColumn("Prospect", lambda r: r.name),
        TableColumn("Company", lambda r: r.company),
        TableColumn(
            "Channel",
            lambda r: r.channel.label if r.channel else "",
            icon=lambda r: channel_icon(r.channel),
        ),
        TableColumn("#", lambda r: f"#{r.attempt}", align_right=True),
        TableColumn("Purpose", lambda r: r.purpose),
        TableColumn("Phone / email", lambda r: r.contact),
        TableColumn("Last touch", last),
    ]
    missing = [
        TableColumn("Prospect", lambda r: r.name),
        TableColumn("Company", lambda r: r.company),
        TableColumn("Phone / email", lambda r: r.contact),
        TableColumn("Unanswered", lambda r: str(r.attempts), align_right=True),
        TableColumn("Last touch", last),
    ]
    return calls, missing


class _PagedRows(RowTableModel[CallRow]):
    """The first rows of a long list, the rest fetched page by page as the view asks."""

    def __init__(self, columns: list[TableColumn[CallRow]]) -> None:
        super().__init__(columns)
        self._total = 0
        self._fetch: Callable[[int, int], list[CallRow]] = lambda offset, limit: []

    def start(
        self,
        first: tuple[list[CallRow], int],
        fetch: Callable[[int, int], list[CallRow]],
    ) -> None:
        """The first rows with the whole list's length; `fetch` reads the pages after them."""
        rows, self._total = first
        self._fetch = fetch
        self.set_rows(rows)

    def total(self) -> int:
        return self._total

    def rows_loaded(self) -> list[CallRow]:
        return self._rows

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        # Each page read after the first doubles what is loaded.
        more = self._fetch(len(self._rows), max(FIRST_ROWS, len(self._rows)))
        if not more:
            self._total = len(self._rows)  # the list got shorter since it was counted
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def rows(self) -> list[CallRow]:
        """Every row: what has not been fetched yet is read now."""
        while self.canFetchMore():
            self.fetchMore()
        return super().rows()


# Columns that give up room when the window is narrow (their text elides): names and words.
# The due time, channel, attempt and last touch keep their width, as they are read at a glance.
CALLS_ELASTIC = {1, 2, 3, 6, 7}
MISSING_ELASTIC = {0, 1, 2}


def _table(model: RowTableModel, name: str, elastic: set[int]) -> FittedTable:
    view = FittedTable(elastic)
    view.setObjectName(name)
    view.setModel(model)
    return view


class TodayPage(QWidget):
    REFRESH_ON = Change.PROSPECTS | Change.TOUCHES | Change.NEXT_STEPS | Change.SETTINGS
    open_prospect = Signal(int)
    step_done = Signal(int, int)  # prospect and step ids: the step closes with the touch logged
    told = Signal(str)  # a message for the status bar
    print_requested = Signal()
    add_prospect_requested = Signal()  # the empty calling list's one action

    NOTHING_DUE = "Nothing is due today: every next step falls on a later day."

    def __init__(self, bus: ChangeBus, undo_stack: QUndoStack, autoload: bool = True) -> None:
        super().__init__()
        self.bus = bus
        self.undo_stack = undo_stack
        self.zone = self.seller_zone()
        # The launch's lists, read on a worker thread while the window was built: the first
        # reload takes them if they are still current.
        self.launch_read: FirstScreenRead | None = None
        self._words_shown = False  # by the current row's change, during a reload
        # Cells read the zone kept by reload(): a settings query per painted cell is too slow.
        call_columns, missing_columns = _columns(lambda: self.zone)
        self.calls_model = _PagedRows(call_columns)
        self.missing_model = _PagedRows(missing_columns)
        self.calls = _table(self.calls_model, "calls", CALLS_ELASTIC)
        self.missing = _table(self.missing_model, "missing", MISSING_ELASTIC)
        # The counts are read after the first paint: titles that elide leave the window's
        # width as it opened.
        self.calls_title = ElidedLabel()
        self.missing_title = ElidedLabel()
        for title in (self.calls_title, self.missing_title):
            tint(title, None, "font-size: 13pt; font-weight: 600;")

        self.open_action = self._action("&Open", "Return", self.open_current)
        self.done_action = self._action("Mark &done", "D", self.mark_done)
        self.snooze_action = self._action("&Snooze", "S", self.snooze)
        self.reschedule_action = self._action("&Reschedule…", "R", self.reschedule)
        self.invite_action = self._action("&Invite…", "I", lambda: self.invite())
        self.print_action = QAction("&Print calling list…", self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_action.triggered.connect(self.print_requested)
        self.addAction(self.print_action)
        self.missing.doubleClicked.connect(
            lambda index: self._open_row(self.missing_model, index.row())
        )
        missing_open = QAction(self.missing)
        missing_open.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        missing_open.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        missing_open.triggered.connect(
            lambda: self._open_row(self.missing_model, self.missing.currentIndex().row())
        )
        self.missing.addAction(missing_open)
        self.calls.doubleClicked.connect(lambda _: self.open_current())
        # The selected step's template, filled for its prospect: what to send or say now.
        self.words = WordsPanel(self)
        self.words.setObjectName("todayWords")
        self.calls.selectionModel().currentRowChanged.connect(lambda *_: self.show_words())

        buttons = QHBoxLayout()
        buttons.addWidget(self.calls_title)
        buttons.addStretch()
        # The buttons take focus (Tab reaches them after the list) and keep their mnemonics;
        # each acts on the row still current in the calling list. Greyed while the list is
        # empty: the empty list's own button is the one to press.
        self.buttons: list[QPushButton] = []
        for action in (
            self.open_action,
            self.done_action,
            self.snooze_action,
            self.reschedule_action,
            self.invite_action,
            self.print_action,
        ):
            button = action_button(action)
            button.setAutoDefault(False)
            buttons.addWidget(button)
            self.buttons.append(button)
        self.call_buttons = self.buttons
        self.calls_empty = EmptyState(self.NOTHING_DUE, "Add a prospect…")
        self.calls_empty.acted.connect(self.add_prospect_requested)
        self.calls_stack = QStackedWidget()
        self.calls_stack.addWidget(self.calls)
        self.calls_stack.addWidget(self.calls_empty)
        self.replied = RepliedBar(self)  # replies first: the ball is in the seller's court
        self.replied.open_prospect.connect(self.open_prospect)
        layout = QVBoxLayout(self)
        layout.addWidget(self.replied)
        layout.addLayout(buttons)
        layout.addWidget(self.calls_stack, 3)
        # The words are a glance at what to say: the calling list keeps the room, the text
        # scrolls inside its panel.
        self.words.setMaximumHeight(170)
        layout.addWidget(self.words)
        layout.addWidget(self.missing_title)
        layout.addWidget(self.missing, 2)
        self.setFocusProxy(self.calls)
        # Tab reads the page the way the work goes: the list, what to do with the row, the
        # words to say, then the prospects who need a next step.
        chain = [
            self.calls,
            *self.buttons,
            self.words.copy_button,
            self.words.mail_button,
            self.words.text,
            self.missing,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        if autoload:  # the main window loads pages when they are first shown
            self.reload()

    def _action(self, text: str, key: str, slot) -> QAction:
        action = QAction(text, self.calls)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.calls.addAction(action)
        return action

    def seller_zone(self) -> ZoneInfo:
        return ZoneInfo(settings.get("time_zone"))

    def refresh(self, change: Change) -> None:
        if change & self.REFRESH_ON:
            self.reload()

    def reload(self) -> None:
        keep = self.current_call()
        self.zone = self.seller_zone()
        now, zone = datetime.now(UTC), self.zone
        read, self.launch_read = self.launch_read, None
        first = read.take(now, zone) if read is not None else None
        if first is None:
            due = first_due_calls(now, zone, FIRST_ROWS)
            missing = first_without_next_step(FIRST_ROWS)
            replies = replied()
        else:
            due, missing, replies = first.calls, first.without_next_step, first.replied
        self.calls_model.start(due, lambda at, count: due_calls(now, zone, at, count))
        self.missing_model.start(missing, without_next_step)
        self.replied.set_rows(replies)
        calls = self.calls_model.total()
        self.calls_title.setText(f"Calling list · {calls} due")
        n = self.missing_model.total()
        need = f"{count_of(n, 'prospect')} {agree(n, 'needs', 'need')} one"
        self.missing_title.setText(f"No next step · {need}")
        self.calls_stack.setCurrentWidget(self.calls if calls else self.calls_empty)
        self.words.setVisible(bool(calls))
        for button in self.buttons:
            button.setEnabled(bool(calls))
        # Columns are sized from the rows read so far (the first ones), never from all.
        rows = self.calls_model.rows_loaded()
        row = next((i for i, r in enumerate(rows) if keep and r.step_id == keep.step_id), 0)
        self._words_shown = False
        if rows:
            self.calls.selectRow(min(row, len(rows) - 1))  # a new current row shows its words
        self.calls.fit_columns()
        self.missing.fit_columns()
        if not self._words_shown:  # the same row stayed current: its words may have changed
            self.show_words()

    def show_words(self) -> None:
        self._words_shown = True
        call = self.current_call()
        if call is None or call.step_id is None:
            self.words.show_words(None, "Select a step to see what to send or say.")
            return
        from touchdesk.services.step_words import words_for_step  # not before the first paint

        self.words.show_words(words_for_step(call.step_id))

    def current_call(self) -> CallRow | None:
        return self.calls_model.row_value(self.calls.currentIndex().row())

    def _open_row(self, model: RowTableModel, row: int) -> None:
        value = model.row_value(row)
        if value is not None:
            self.open_prospect.emit(value.prospect_id)

    def open_current(self) -> None:
        self._open_row(self.calls_model, self.calls.currentIndex().row())

    def mark_done(self) -> None:
        """Log what happened; the step is done only once the touch is logged."""
        call = self.current_call()
        if call is None or call.step_id is None:
            return
        self.step_done.emit(call.prospect_id, call.step_id)

    def snooze(self) -> None:
        call = self.current_call()
        if call is None:
            return
        if call.step_id is None:
            return
        from touchdesk.services.follow_up import snooze_options  # not needed to paint Today

        menu = QMenu(self)
        zone = self.seller_zone()
        for choice in snooze_options(call.step_id):
            outside = " · outside your hours" if choice.outside_hours else ""
            action = menu.addAction(
                f"{choice.label}  ({dates().weekday_time(choice.at.astimezone(zone))}){outside}"
            )
            action.triggered.connect(lambda _=False, w=choice.at: self.move_step(call, w))
        rect = self.calls.visualRect(self.calls.currentIndex())
        if menu.actions():  # Enter takes the first choice, as arrows move between them
            menu.setActiveAction(menu.actions()[0])
        menu.popup(self.calls.viewport().mapToGlobal(rect.bottomLeft()))
        self.snooze_menu = menu  # kept for tests and so it is not collected while shown

    def reschedule(self) -> None:
        call = self.current_call()
        if call is None or call.due_at is None:
            return
        from touchdesk.services.follow_up import check_time
        from touchdesk.services.invites.rules import OFFER_INVITE_CHANNELS

        prospect_id, channel = call.prospect_id, call.channel
        from touchdesk.ui.today.reschedule import RescheduleDialog  # its editors: on demand

        dialog = RescheduleDialog(
            call.due_at,
            self.seller_zone(),
            self,
            lambda when: check_time(prospect_id, when, channel) if channel else "",
        )
        if dialog.exec():
            self.move_step(call, dialog.chosen())
            if call.channel in OFFER_INVITE_CHANNELS:
                self.invite(note="The time changed: send the updated invite (same event).")

    def invite(self, note: str = "") -> None:
        from touchdesk.ui.prospect.invite_dialog import InviteDialog

        call = self.current_call()
        if call is not None and call.step_id is not None:
            dialog = InviteDialog(call.step_id, self, note=note)
            dialog.exec()
            dialog.deleteLater()

    def move_step(self, call: CallRow, when: datetime) -> None:
        """Snooze or reschedule through the time policy: a broken rule is said, not refused."""
        if call.step_id is None or call.due_at is None:
            return
        from touchdesk.services.follow_up import Moved, move_step

        step = call.step_id
        moved: dict[str, Moved] = {}

        def do() -> Change:
            moved["step"] = move_step(step, when)
            return moved["step"].change

        self.undo_stack.push(RecordedCommand(self.bus, f"Reschedule {call.name}", do))
        if "step" in moved and moved["step"].warning:
            self.told.emit(f"Moved {call.name}, though: {moved['step'].warning}.")

"""The prospect page: who they are, where things stand, the next step, and the timeline."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.board import next_step_line
from touchdesk.domain.contacts import format_phone
from touchdesk.domain.date_text import dates
from touchdesk.domain.prospects import ProspectRecord
from touchdesk.domain.timeline import TimelineEntry
from touchdesk.domain.today import zone_or
from touchdesk.domain.vocabulary import Channel, ProspectStatus
from touchdesk.services import settings
from touchdesk.services.board import load_card
from touchdesk.services.changes import Change
from touchdesk.services.plans import run_state
from touchdesk.services.prospects import get_prospect
from touchdesk.services.stages import list_stages
from touchdesk.services.step_words import words_for_step
from touchdesk.services.timeline import reach_summary, timeline_entries, touch_input
from touchdesk.ui.empty_state import EmptyState
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.prospect.flows import FollowUp
from touchdesk.ui.prospect.timeline_view import TimelineView
from touchdesk.ui.state_colours import State, due_state, tint
from touchdesk.ui.table_model import RowTableModel, TableColumn
from touchdesk.ui.widgets import action_button, plain_label
from touchdesk.ui.words_panel import WordsPanel

_STATUS_STATES = {ProspectStatus.WON: State.WON, ProspectStatus.LOST: State.LOST}
MEASURED_ROWS = 100
ALL_CHANNELS = "All entries"
CHANGES_ONLY = "Changes only"


def _when(moment: datetime | None, zone) -> str:
    return dates().date_time(moment.astimezone(zone)) if moment else "—"


class ProspectPage(QWidget):
    REFRESH_ON = (
        Change.PROSPECTS
        | Change.TOUCHES
        | Change.NEXT_STEPS
        | Change.STAGES
        | Change.SETTINGS
        | Change.MAIL
    )
    edit_requested = Signal(int)
    apply_plan_requested = Signal(list)  # [prospect id]
    queue_mail_requested = Signal(int)
    duplicates_requested = Signal(int)
    board_requested = Signal()  # the empty page's way to find a prospect

    NOTHING_OPEN = "No prospect is open: pick one on the Board or on Today's calling list."

    def __init__(self, bus: ChangeBus, undo_stack: QUndoStack, tell) -> None:
        super().__init__()
        self.bus = bus
        self.prospect_id: int | None = None
        self.record: ProspectRecord | None = None
        self.follow_up = FollowUp(bus, undo_stack, self, tell)
        self._entries: Sequence[TimelineEntry] = ()

        self.empty = EmptyState(self.NOTHING_OPEN, "Open the Board")
        self.empty.acted.connect(self.board_requested)
        self.body = QWidget()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self.name = plain_label(wrap=True)
        self.name.setObjectName("prospectName")
        tint(self.name, None, "font-size: 20pt; font-weight: 600;")
        self.role = plain_label(wrap=True)
        self.standing = plain_label(wrap=True)
        self.local_time = plain_label()
        self.contacts = QLabel()  # links: every piece of text in it is escaped
        self.contacts.setTextFormat(Qt.TextFormat.RichText)
        self.contacts.setWordWrap(True)  # long lines wrap rather than widen the window
        self.contacts.setOpenExternalLinks(True)
        self.contacts.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        tint(self.contacts, None)  # and its links in the link colour of light or dark
        self.referrer = plain_label(wrap=True)
        self.tags = plain_label(wrap=True)
        self.reach = plain_label(wrap=True)

        self.next_step = plain_label(wrap=True)
        self.next_step.setObjectName("nextStep")
        next_box = QFrame()
        next_box.setFrameShape(QFrame.Shape.StyledPanel)
        next_layout = QHBoxLayout(next_box)
        self.plan = plain_label()
        self.plan.setObjectName("planProgress")
        next_column = QVBoxLayout()
        next_column.addWidget(self.next_step)
        next_column.addWidget(self.plan)
        # The next step's template filled for this prospect: what to send or say when it is due.
        self.words = WordsPanel(self)
        self.words.setObjectName("prospectWords")
        next_column.addWidget(self.words)
        next_layout.addLayout(next_column, 1)

        self.log_action = self._action("&Log a touch…", "Ctrl+L", self.log_touch)
        self.step_action = self._action("Set &next step…", "Ctrl+Shift+N", self.choose_next_step)
        self.edit_action = self._action("&Edit prospect…", "Ctrl+E", self.edit)
        self.let_go_action = self._action("Let &go…", "", self.let_go)
        self.invite_action = self._action("&Invite…", "Ctrl+I", self.invite)
        self.plan_action = self._action(
            "Apply &plan…",
            "Ctrl+Shift+P",
            lambda: (
                self.prospect_id is not None and self.apply_plan_requested.emit([self.prospect_id])
            ),
        )
        next_buttons = QVBoxLayout()  # stacked: side by side they were wider than a laptop
        for action in (self.step_action, self.invite_action, self.log_action):
            next_buttons.addWidget(action_button(action))
        next_layout.addLayout(next_buttons)

        header = QGridLayout()
        header.addWidget(self.name, 0, 0, 1, 2)
        header.addWidget(self.role, 1, 0)
        header.addWidget(self.local_time, 1, 1, Qt.AlignmentFlag.AlignRight)
        header.addWidget(self.standing, 2, 0)
        header.addWidget(self.contacts, 3, 0, 1, 2)
        header.addWidget(self.referrer, 4, 0)
        header.addWidget(self.tags, 4, 1, Qt.AlignmentFlag.AlignRight)
        header.addWidget(self.reach, 5, 0, 1, 2)
        actions = QHBoxLayout()
        actions.addStretch()
        self.mail_action = self._action(
            "Queue &mail…",
            "Ctrl+M",
            lambda: (
                self.prospect_id is not None and self.queue_mail_requested.emit(self.prospect_id)
            ),
        )
        self.duplicates_action = self._action(
            "&Duplicates…",
            "",
            lambda: (
                self.prospect_id is not None and self.duplicates_requested.emit(self.prospect_id)
            ),
        )
        buttons = (
            self.mail_action,
            self.plan_action,
            self.edit_action,
            self.duplicates_action,
            self.let_go_action,
        )
        for action in buttons:
            actions.addWidget(action_button(action))

        self.channel_filter = QComboBox()
        self.channel_filter.addItem(ALL_CHANNELS, None)
        self.channel_filter.addItem(CHANGES_ONLY, None)
        for channel in Channel:
            self.channel_filter.addItem(channel.label, channel.value)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the timeline")
        self.search.setClearButtonEnabled(True)
        self.channel_filter.currentIndexChanged.connect(self.apply_filter)
        self.search.textChanged.connect(self.apply_filter)
        filters = QHBoxLayout()
        filters.addWidget(plain_label("Timeline"))
        filters.addStretch()
        filters.addWidget(self.channel_filter)
        filters.addWidget(self.search)

        self.zone = self.seller_zone()  # read once per reload, not once per painted cell
        self.timeline_view = TimelineView()
        zone = lambda: self.zone  # noqa: E731
        self.timeline_model: RowTableModel[TimelineEntry] = RowTableModel(
            [
                TableColumn("When", lambda e: _when(e.occurred_at, zone())),
                TableColumn(
                    "What",
                    lambda e: e.summary(),
                    icon=self.timeline_view.mark,
                ),
                TableColumn("Note", lambda e: " ".join(e.detail.split()) if e.is_touch else ""),
            ],
            keep_cells=True,  # the zone is read again only with the rows
        )
        self.timeline_view.setModel(self.timeline_model)
        self.timeline_view.doubleClicked.connect(lambda _: self.edit_entry())
        edit_entry = QAction(self.timeline_view)
        edit_entry.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        edit_entry.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        edit_entry.triggered.connect(self.edit_entry)
        delete_entry = QAction(self.timeline_view)
        delete_entry.setShortcut(QKeySequence.StandardKey.Delete)
        delete_entry.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_entry.triggered.connect(self.delete_entry)
        self.timeline_view.addActions([edit_entry, delete_entry])

        layout = QVBoxLayout(self.body)
        layout.addLayout(header)
        layout.addLayout(actions)
        layout.addWidget(next_box)
        layout.addLayout(filters)
        layout.addWidget(self.timeline_view, 1)

        self.clock = QTimer(self)
        self.clock.timeout.connect(self._show_local_time)
        self.clock.start(30_000)

    def _action(self, text: str, keys: str, slot) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def seller_zone(self) -> ZoneInfo:
        return ZoneInfo(settings.get("time_zone"))

    # -- showing -------------------------------------------------------------------------

    def show_prospect(self, prospect_id: int) -> None:
        self.prospect_id = prospect_id
        self.search.clear()
        self.channel_filter.setCurrentIndex(0)
        self.reload()
        self.timeline_view.setFocus()

    def refresh(self, change: Change) -> None:
        if change & self.REFRESH_ON:
            self.reload()

    def reload(self) -> None:
        if self.prospect_id is None:
            self.empty.say(self.NOTHING_OPEN, "Open the Board")
            self.stack.setCurrentWidget(self.empty)
            return
        record = get_prospect(self.prospect_id)
        self.record = record
        if record.in_trash:
            self.empty.say(
                f"{record.name} is in the trash: File → Trash brings them back.", "Open the Board"
            )
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentWidget(self.body)
        seller = self.zone = self.seller_zone()
        home = settings.get("home_country")
        stages = {stage.id: stage.name for stage in list_stages()}
        self.name.setText(record.name)
        self.role.setText(
            " · ".join(
                p
                for p in (record.role, record.company if record.company != record.name else "")
                if p
            )
        )
        status = record.status.label
        self.standing.setText(f"{stages.get(record.stage_id, '')} · {status}")
        links = [
            f'<a href="tel:{html.escape(p)}">{html.escape(format_phone(p, home))}</a>'
            for p in record.phones
        ]
        links += [f'<a href="mailto:{html.escape(e)}">{html.escape(e)}</a>' for e in record.emails]
        self.contacts.setText(" &nbsp;·&nbsp; ".join(links) or "No phone or email yet")
        self.referrer.setText(f"Referred by {record.referrer_name}" if record.referrer_name else "")
        self.tags.setText(", ".join(record.tags))
        reach = reach_summary(record.id)
        self.reach.setText(
            f"Last reached: {_when(reach.last_reached, seller)}   ·   "
            f"Last attempt: {_when(reach.last_attempt, seller)}   ·   "
            f"Last meeting: {_when(reach.last_meeting, seller)}"
        )
        self._show_next_step(record, seller)
        state = run_state(record.id)
        self.plan.setText(f"Plan: {state.progress()}" if state else "No plan")
        self._show_local_time(seller)
        self._entries = entries = timeline_entries(record.id)
        self.apply_filter()
        self.timeline_view.fit_columns(
            dates().date_time(datetime(2026, 9, 30, 23, 59)),
            # The rows on screen and just below decide, as on Today: measuring a long
            # history's every line cost more than reading it.
            entries.summaries(MEASURED_ROWS),
        )

    def _show_next_step(self, record: ProspectRecord, seller) -> None:
        card = load_card(record.id)
        active = record.status is ProspectStatus.ACTIVE
        self.invite_action.setEnabled(card is not None and card.next_due_at is not None)
        if card is not None and card.next_due_at is not None:
            line = next_step_line(card, seller)
            purpose = f" — {card.next_purpose}" if card.next_purpose else ""
            self.next_step.setText(f"Next step: {line}{purpose}")
            state = due_state(card.next_due_at, datetime.now(UTC), seller)
        elif active:
            self.next_step.setText("No next step. Every active prospect needs one: set it now.")
            state = State.NO_NEXT_STEP
        else:
            if record.status is ProspectStatus.DORMANT and record.dormant_until:
                self.next_step.setText(
                    f"Dormant until {dates().long_date(record.dormant_until)}: "
                    "back then on the Revive plan."
                )
            else:
                self.next_step.setText(f"{record.status.label}: nothing planned.")
            state = _STATUS_STATES.get(record.status, State.INACTIVE)
        tint(self.next_step, state, "font-size: 13pt; font-weight: 600;")
        step_id = card.next_step_id if card is not None else None
        words = words_for_step(step_id, record=record) if step_id is not None else None
        self.words.show_words(words)
        self.words.setVisible(step_id is not None)

    def _show_local_time(self, seller: ZoneInfo | None = None) -> None:
        if self.record is None:
            return
        seller = seller or self.seller_zone()  # reload passes the zone it has just read
        zone = zone_or(self.record.time_zone, seller)
        now = datetime.now(UTC).astimezone(zone)
        name = getattr(zone, "key", "")
        self.local_time.setText(f"Their time: {dates().weekday_time(now)} ({name})")

    def apply_filter(self) -> None:
        choice = self.channel_filter.currentText()
        channel = self.channel_filter.currentData()
        needle = self.search.text().casefold().split()
        if choice == ALL_CHANNELS and not needle:
            # Every entry, as read: those scrolled to are made when first shown.
            self.timeline_model.set_rows(self._entries)
            return
        rows = []
        for entry in self._entries:
            if choice == CHANGES_ONLY and entry.is_touch:
                continue
            if channel is not None and (entry.channel is None or entry.channel.value != channel):
                continue
            if needle and not all(word in entry.search_text() for word in needle):
                continue
            rows.append(entry)
        self.timeline_model.set_rows(rows)

    # -- actions -------------------------------------------------------------------------

    def log_touch(self) -> None:
        if self.prospect_id is not None:
            self.follow_up.log_touch(self.prospect_id)

    def choose_next_step(self) -> None:
        if self.prospect_id is not None:
            self.follow_up.choose_next_step(self.prospect_id)

    def invite(self) -> None:
        if self.prospect_id is not None:
            self.follow_up.offer_invite(self.prospect_id)

    def let_go(self) -> None:
        if self.prospect_id is not None:
            self.follow_up.let_go(self.prospect_id)

    def edit(self) -> None:
        if self.prospect_id is not None:
            self.edit_requested.emit(self.prospect_id)

    def current_entry(self) -> TimelineEntry | None:
        return self.timeline_model.row_value(self.timeline_view.currentIndex().row())

    def edit_entry(self) -> None:
        entry = self.current_entry()
        if entry is None or not entry.is_touch or self.prospect_id is None:
            return
        self.follow_up.edit_touch(self.prospect_id, entry.touch_id, touch_input(entry.touch_id))

    def delete_entry(self) -> None:
        entry = self.current_entry()
        if entry is not None and entry.is_touch:
            self.follow_up.delete_touch(entry.touch_id, entry.summary())

"""The board page: header with the funnel against target, filter, the board, undoable moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.board import Card, Urgency, filter_words, matching, search_texts, urgency
from touchdesk.domain.vocabulary import ProspectStatus, StageOutcome
from touchdesk.domain.wording import count_of
from touchdesk.services import settings
from touchdesk.services.board import load_board, move_to_stage
from touchdesk.services.changes import Change
from touchdesk.ui.board.model import BoardModel
from touchdesk.ui.board.view import BoardView
from touchdesk.ui.commands import RecordedCommand, push_as_one
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.state_colours import tint


def _keys(action: QAction) -> str:
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


class MoveCommand(RecordedCommand):
    """Moving a card is a recorded action: undo puts it back where it stood."""

    def __init__(self, bus: ChangeBus, prospect_id: int, stage_id: int, label: str) -> None:
        super().__init__(bus, label, lambda: move_to_stage(prospect_id, stage_id)[1])
        self.prospect_id = prospect_id
        self.stage_id = stage_id


class BoardPage(QWidget):
    REFRESH_ON = (
        Change.PROSPECTS | Change.TOUCHES | Change.NEXT_STEPS | Change.STAGES | Change.SETTINGS
    )
    open_prospect = Signal(int)
    add_prospect = Signal()
    apply_plan_requested = Signal(list)  # prospect ids: the selected cards
    queue_mail_requested = Signal(list)  # prospect ids: the seasonal card run
    won = Signal(list)  # prospect ids just dropped on the Won column (to thank referrers)
    told = Signal(str)  # what a move did, for the status bar

    def __init__(self, bus: ChangeBus, undo_stack: QUndoStack, autoload: bool = True) -> None:
        super().__init__()
        self.bus = bus
        self.undo_stack = undo_stack
        self._cards: list[Card] = []
        self._search_texts: list[str] | None = None
        self._stages = []
        self.model = BoardModel()
        self.view = BoardView(self.model)
        self.view.open_requested.connect(self.open_prospect)
        self.view.move_requested.connect(self.move_to_column)
        self.view.shift_requested.connect(self.shift)

        self.funnel_label = QLabel()
        self.funnel_label.setObjectName("funnel")
        tint(self.funnel_label, None, "font-size: 14pt; font-weight: 600;")
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by name, company, email, phone or tag")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.apply_filter)
        # Enter in the filter opens the one card it left, or goes to the cards it left.
        self.filter_edit.returnPressed.connect(self.open_only_card)
        self.show_inactive = QCheckBox("Show won, lost, dormant and do-not-contact")
        self.show_inactive.toggled.connect(lambda _: self.reload())
        self.filter_action = QAction("Filter the board", self)
        self.filter_action.setShortcut(QKeySequence.StandardKey.Find)
        self.filter_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.filter_action.triggered.connect(self.focus_filter)
        self.addAction(self.filter_action)
        self.filter_edit.setToolTip(f"Filter the board ({_keys(self.filter_action)})")
        self.apply_plan_action = QAction("Apply &plan to the selected cards…", self)
        self.apply_plan_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.apply_plan_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.apply_plan_action.triggered.connect(self.request_plan)
        self.addAction(self.apply_plan_action)
        self.apply_plan_button = QPushButton("Apply plan…")
        self.apply_plan_button.setToolTip(
            f"Apply a follow-up plan to the selected cards ({_keys(self.apply_plan_action)})"
        )
        self.apply_plan_button.clicked.connect(self.request_plan)
        self.queue_mail_action = QAction("&Queue mail for the selected cards…", self)
        self.queue_mail_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.queue_mail_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.queue_mail_action.triggered.connect(self.request_mail)
        self.addAction(self.queue_mail_action)
        self.queue_mail_button = QPushButton("Queue mail…")
        self.queue_mail_button.setToolTip(
            "Queue a card or note for each selected card, e.g. the seasonal run "
            f"({_keys(self.queue_mail_action)})"
        )
        self.queue_mail_button.clicked.connect(self.request_mail)

        self.named_filter: str | None = None
        self.stale_days = 14
        self.named_label = QLabel()
        self.clear_named = QPushButton("Show all")
        self.clear_named.setVisible(False)
        self.clear_named.clicked.connect(lambda: self.show_only(None))
        top = QHBoxLayout()
        top.addWidget(self.funnel_label)
        top.addWidget(self.named_label)
        top.addWidget(self.clear_named)
        top.addStretch()
        top.addWidget(self.apply_plan_button)
        top.addWidget(self.queue_mail_button)
        top.addWidget(self.show_inactive)
        top.addWidget(self.filter_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        QWidget.setTabOrder(self.filter_edit, self.view)  # Tab from the filter: the cards
        if autoload:  # the main window loads pages when they are first shown
            self.reload()

    def refresh(self, change: Change) -> None:
        if change & self.REFRESH_ON:
            self.reload()

    def reload(self) -> None:
        board = load_board(include_inactive=self.show_inactive.isChecked())
        self._stages, self._cards = board.stages, board.cards
        self._search_texts: list[str] | None = None
        # Every card is an active prospect unless inactive ones are shown: no extra query.
        active = sum(card.is_active for card in board.cards)
        self.funnel_label.setText(f"{active} / {settings.get('target_active')} active")
        self.apply_filter(self.filter_edit.text())

    def apply_filter(self, text: str) -> None:
        """Filter in Python and reset the model: cheaper than a proxy model over 10k cards."""
        keep = self.view.current_prospect()
        cards = self._cards
        if text.strip():
            if self._search_texts is None:  # built on the first keystroke after a load
                self._search_texts = search_texts(self._cards)
            cards = matching(self._cards, self._search_texts, filter_words(text))
        zone = ZoneInfo(settings.get("time_zone"))
        now = datetime.now(UTC)
        if self.named_filter is not None:
            cards = [card for card in cards if self._passes_named(card, now, zone)]
        self.model.set_cards(self._stages, cards, now, zone)
        # The kept card stays current; otherwise the cards get one when the keyboard goes to
        # them (focus_cards, or focus in the view), not on every keystroke of the filter.
        index = self.model.index_of(keep) if keep is not None else QModelIndex()
        if index.isValid():
            self.view.setCurrentIndex(index)

    NAMED_FILTERS = {
        "overdue": "Overdue next steps",
        "no_next_step": "No next step",
        "stale": "No touch in {days}",
    }

    def show_only(self, name: str | None, stale_days: int = 14) -> None:
        """Insights' follow-up debt, clicked through: the board shows just those cards."""
        self.named_filter = name
        self.stale_days = stale_days
        label = self.NAMED_FILTERS.get(name or "", "")
        days = count_of(stale_days, "day")
        self.named_label.setText(f"Showing: {label.format(days=days)}" if label else "")
        self.clear_named.setVisible(bool(label))
        self.apply_filter(self.filter_edit.text())

    def _passes_named(self, card: Card, now: datetime, zone) -> bool:
        if self.named_filter == "overdue":
            return urgency(card, now, zone) is Urgency.OVERDUE
        if self.named_filter == "no_next_step":
            return urgency(card, now, zone) is Urgency.NO_NEXT_STEP
        if self.named_filter == "stale":
            last = card.last_touch_at
            return card.status is ProspectStatus.ACTIVE and (
                last is None or now - last > timedelta(days=self.stale_days)
            )
        return True

    def request_plan(self) -> None:
        current = self.view.current_prospect()
        chosen = self.view.selected_prospects() or ([current] if current else [])
        if chosen:
            self.apply_plan_requested.emit(chosen)

    def request_mail(self) -> None:
        current = self.view.current_prospect()
        chosen = self.view.selected_prospects() or ([current] if current else [])
        if chosen:
            self.queue_mail_requested.emit(chosen)

    def open_only_card(self) -> None:
        """Enter in the filter opens the prospect when the filter leaves one card; with more,
        it moves to the cards, ready for arrows and Enter."""
        card = self.model.only_card()
        if card is not None:
            self.open_prospect.emit(card.prospect_id)
        else:
            self.focus_cards()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def focus_cards(self) -> None:
        if not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.view.first_card())
        self.view.setFocus(Qt.FocusReason.TabFocusReason)

    def move_to_column(self, prospect_ids: list[int], column: int) -> None:
        """Move the dragged cards; several at once are one undo step."""
        stage = self.model.stage(column)
        moves = []
        for prospect_id in prospect_ids:
            card = self.model.card(self.model.index_of(prospect_id))
            if card is not None and card.stage_id != stage.id:
                moves.append(
                    MoveCommand(
                        self.bus, prospect_id, stage.id, f"Move {card.name} to {stage.name}"
                    )
                )
        if not moves:
            return
        push_as_one(
            self.undo_stack, f"Move {count_of(len(moves), 'prospect')} to {stage.name}", moves
        )
        label = self.undo_stack.undoText()  # "Move Hannah Whitfield to Proposal"
        if label:
            self.told.emit(f"Moved{label.removeprefix('Move')}")
        index = self.model.index_of(prospect_ids[0])
        if index.isValid():
            self.view.setCurrentIndex(index)
        if StageOutcome(stage.outcome) is StageOutcome.WON:
            self.won.emit([move.prospect_id for move in moves])

    def shift(self, prospect_id: int, step: int) -> None:
        index = self.model.index_of(prospect_id)
        column = index.column() + step
        if index.isValid() and 0 <= column < self.model.columnCount():
            self.move_to_column([prospect_id], column)

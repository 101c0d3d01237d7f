"""Choose what happens next: channel, purpose, a good slot in their day, and the words to use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.date_text import dates
from touchdesk.domain.next_steps import NextStepInfo, NextStepInput
from touchdesk.domain.time_policy import SellerDay, Suggestion
from touchdesk.domain.timing import quick_picks, rule_for
from touchdesk.domain.vocabulary import Channel
from touchdesk.services.follow_up import Proposal
from touchdesk.ui.form_inputs import aware_value, datetime_edit, enum_combo, set_datetime
from touchdesk.ui.state_colours import State, tint
from touchdesk.ui.widgets import plain_label

COMMON_PURPOSES = (
    "Progress call",
    "Follow up on the proposal",
    "Send something useful",
    "Check in",
    "Book a meeting",
    "Answer their questions",
)


class Decision(StrEnum):
    SAVE = "save"
    LET_GO = "let_go"
    WON = "won"
    LOST = "lost"
    DO_NOT_CONTACT = "do_not_contact"
    DISMISS = "dismiss"


@dataclass(frozen=True)
class StepContext:
    """What the dialog needs to know about the prospect and the seller."""

    name: str
    first_name: str
    their_zone: tzinfo
    seller_zone: tzinfo
    country: str
    seller_name: str
    attempts: int
    current: NextStepInfo | None = None
    channel: Channel = Channel.CALL
    proposal: Proposal | None = None  # what the core proposes: channel, purpose, slots
    reasons: tuple[str, ...] = ()  # the reasons library, offered as purposes
    used: tuple[tuple[str, str], ...] = ()  # (reason, when) already used with this prospect
    plan_note: str = ""  # e.g. "No answer · step 2 of 9 proposes this"
    # The core, asked again when the seller changes the channel, and about a typed time.
    repropose: Callable[[Channel], Proposal] | None = None
    check: Callable[[datetime, Channel], str] | None = None
    # The seller's templates filled for this prospect: the voicemail naming the call at a
    # time, and the invite sentence for a channel at a time.
    voicemail: Callable[[datetime], str] | None = None
    invite_sentence: Callable[[Channel, datetime], str] | None = None


class NextStepDialog(QDialog):
    def __init__(self, context: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.decision = Decision.DISMISS
        self.setWindowTitle(f"Next step — {context.name}")
        now = datetime.now(UTC)
        current = context.current
        proposal = context.proposal
        channel = proposal.channel if proposal else current.channel if current else context.channel

        self.channel = enum_combo(Channel, channel)
        self.purpose = QComboBox()
        self.purpose.setEditable(True)
        # Reasons already used with this prospect are marked, so follow-ups bring something new.
        used = dict(context.used)
        for reason in context.reasons:
            self.purpose.addItem(reason)
            if reason in used:
                index = self.purpose.count() - 1
                self.purpose.setItemData(
                    index, f"Already used {used[reason]}", Qt.ItemDataRole.ToolTipRole
                )
        self.purpose.insertSeparator(self.purpose.count())
        self.purpose.addItems(COMMON_PURPOSES)
        self.reasons_used = plain_label(
            "Already used: " + "; ".join(f"{r} ({w})" for r, w in context.used)
            if context.used
            else ""
        )
        self.reasons_used.setWordWrap(True)
        self.reasons_used.setVisible(bool(context.used))
        self.purpose.setEditText(
            proposal.purpose if proposal else current.purpose if current else ""
        )
        self.purpose.lineEdit().setPlaceholderText("Why: the reason for this touch")
        # The proposal's first slot; else a planned time still ahead; else a day from now.
        if proposal is not None and proposal.suggestions:
            start = proposal.suggestions[0].at
        elif current is not None and current.due_at > now:
            start = current.due_at
        else:
            start = now + timedelta(days=1)
        self.when = datetime_edit(start, context.their_zone)
        self.seller_time = QLabel()
        self.rule_warning = plain_label("")
        self.rule_warning.setWordWrap(True)
        tint(self.rule_warning, State.PROBLEM)
        self.attempt = plain_label(
            f"Attempt #{proposal.attempt}" if proposal and proposal.attempt > 1 else ""
        )
        self.duration = QSpinBox()
        self.duration.setRange(5, 480)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(" min")
        minutes = proposal.duration_minutes if proposal else None
        self.duration.setValue(minutes or (current.duration_minutes if current else 30))
        place = proposal.location if proposal else current.location if current else ""
        self.location = QLineEdit(place)
        self.location.setPlaceholderText("Place, phone number or video link")

        self.suggestions = QHBoxLayout()
        self.picks = QHBoxLayout()
        self.voicemail = QPlainTextEdit()
        self.invite = QPlainTextEdit()
        for text in (self.voicemail, self.invite):
            text.setReadOnly(True)
            text.setFixedHeight(56)

        zone_name = getattr(context.their_zone, "key", str(context.their_zone))
        form = QFormLayout()
        form.addRow("&Channel", self.channel)
        form.addRow("&Purpose", self.purpose)
        form.addRow("", self.attempt)
        form.addRow("", self.reasons_used)
        form.addRow(f"&When (their time, {zone_name})", self.when)
        form.addRow("", self.seller_time)
        form.addRow("", self.rule_warning)
        form.addRow("Suggested", self.suggestions)
        form.addRow("Quick picks", self.picks)
        form.addRow("D&uration", self.duration)
        form.addRow("P&lace or link", self.location)
        form.setRowVisible(self.attempt, bool(self.attempt.text()))
        self.form = form

        words = QGroupBox("Words ready to use")
        words_layout = QFormLayout(words)
        self.copy_voicemail = QPushButton("Copy")
        self.copy_invite = QPushButton("Copy")
        self.copy_voicemail.clicked.connect(lambda: self._copy(self.voicemail))
        self.copy_invite.clicked.connect(lambda: self._copy(self.invite))
        words_layout.addRow("Voicemail", self._with_button(self.voicemail, self.copy_voicemail))
        words_layout.addRow("Invite", self._with_button(self.invite, self.copy_invite))

        self.save_button = QPushButton("&Save next step")
        self.save_button.setDefault(True)
        self.let_go_button = QPushButton("Let &go…")
        self.won_button = QPushButton("&Won")
        self.lost_button = QPushButton("Los&t…")
        self.dnc_button = QPushButton("Do &not contact")
        self.dismiss_button = QPushButton("Not now")
        self.dismiss_button.setToolTip("Leave without a next step: the board will show it.")
        buttons = QHBoxLayout()
        for button, decision in (
            (self.let_go_button, Decision.LET_GO),
            (self.won_button, Decision.WON),
            (self.lost_button, Decision.LOST),
            (self.dnc_button, Decision.DO_NOT_CONTACT),
            (self.dismiss_button, Decision.DISMISS),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, d=decision: self.finish(d))
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        self.save_button.clicked.connect(lambda: self.finish(Decision.SAVE))

        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"What happens next with {context.name}?"))
        held_back = proposal.email_held_back if proposal else ""
        note = " ".join(part for part in (context.plan_note, held_back) if part)
        self.plan_note = plain_label(note)
        self.plan_note.setVisible(bool(note))
        tint(self.plan_note, State.NOTE)
        layout.addWidget(self.plan_note)
        layout.addLayout(form)
        layout.addWidget(words)
        layout.addLayout(buttons)

        self.proposal = proposal
        self.channel.currentIndexChanged.connect(self._channel_changed)
        self.purpose.editTextChanged.connect(self._refresh_words)
        self.when.dateTimeChanged.connect(self._refresh_words)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=lambda: self.finish(Decision.SAVE))
        self._refresh_slots()
        self.when.setFocus()

    # -- values --------------------------------------------------------------------------

    def due_at(self) -> datetime:
        return aware_value(self.when, self.context.their_zone)

    def step(self) -> NextStepInput:
        return NextStepInput(
            due_at=self.due_at(),
            channel=self.channel.value(),
            purpose=self.purpose.currentText().strip(),
            duration_minutes=self.duration.value(),
            location=self.location.text().strip(),
        )

    def finish(self, decision: Decision) -> None:
        self.decision = decision
        if decision is Decision.DISMISS:
            self.reject()
        else:
            self.accept()

    # -- suggestions and words -----------------------------------------------------------

    def _channel_changed(self) -> None:
        """Another channel: the core proposes afresh, so the time, the length and the place
        follow it instead of staying those of the channel left behind."""
        channel = self.channel.value()
        if self.context.repropose is not None:
            self.proposal = self.context.repropose(channel)
            if self.proposal.suggestions:
                set_datetime(self.when, self.proposal.suggestions[0].at, self.context.their_zone)
            self.duration.setValue(self.proposal.duration_minutes)
        self.location.clear()
        self._refresh_slots()

    def _suggestions(self) -> tuple[Suggestion, ...]:
        if self.proposal is not None and self.proposal.channel is self.channel.value():
            return self.proposal.suggestions
        return ()

    def _refresh_slots(self) -> None:
        context = self.context
        rule = rule_for(self.channel.value())
        now = datetime.now(UTC)
        for layout in (self.suggestions, self.picks):
            while layout.count():
                item = layout.takeAt(0)
                if item.widget():
                    item.widget().deleteLater()
        seller = SellerDay(context.seller_zone)  # the label reads only the seller's clock
        for number, slot in enumerate(self._suggestions(), start=1):
            self._slot_button(self.suggestions, f"&{number} {slot.label(seller)}", slot.at)
        for label, slot in quick_picks(now, rule, context.their_zone, context.country):
            self._slot_button(self.picks, label, slot.at)
        self._refresh_words()

    def _slot_button(self, layout: QHBoxLayout, text: str, when: datetime) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.setToolTip(f"{dates().long_day(when)}, {dates().time(when)} their time")
        button.clicked.connect(lambda: set_datetime(self.when, when, self.context.their_zone))
        layout.addWidget(button)
        return button

    def _refresh_words(self) -> None:
        context = self.context
        due = self.due_at()
        ours = due.astimezone(context.seller_zone)
        differs = ours.utcoffset() != due.utcoffset()
        self.seller_time.setText(f"= {dates().day_time(ours)} your time" if differs else "")
        check = context.check
        problem = check(due, self.channel.value()) if check is not None else ""
        self.rule_warning.setText(f"Allowed, but: {problem}." if problem else "")
        self.form.setRowVisible(self.rule_warning, bool(problem))
        self.voicemail.setPlainText(context.voicemail(due) if context.voicemail else "")
        sentence = context.invite_sentence
        self.invite.setPlainText(sentence(self.channel.value(), due) if sentence else "")

    @staticmethod
    def _with_button(text: QPlainTextEdit, button: QPushButton) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(text, 1)
        row.addWidget(button)
        button.setAutoDefault(False)
        return holder

    @staticmethod
    def _copy(text: QPlainTextEdit) -> None:
        QGuiApplication.clipboard().setText(text.toPlainText())

"""The logging discipline: every touch ends with the next step, or an explicit decision."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from touchdesk.domain.date_text import dates
from touchdesk.domain.lost_reasons import lost_reason_problems
from touchdesk.domain.next_steps import FollowUpFacts, NextStepInput
from touchdesk.domain.vocabulary import ProspectStatus
from touchdesk.domain.wording import default_title
from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.services.follow_up import (
    Consequences,
    PlanEffect,
    Proposal,
    StepSet,
    check_time,
    propose,
    record_touch,
    set_step,
    skip_next_step,
)
from touchdesk.services.invites.rules import OFFER_INVITE_CHANNELS
from touchdesk.services.library import purposes_for, reasons_used
from touchdesk.services.messages import breakup_for, invite_sentence_for, voicemail_for
from touchdesk.services.next_steps import follow_up_facts, open_step
from touchdesk.services.policy import prospect_day
from touchdesk.services.referrals import Milestone, ThankYou, thank_you_due
from touchdesk.services.statuses import (
    celebrated,
    let_go,
    let_go_check,
    lost_reasons,
    set_status,
    win_to_celebrate,
)
from touchdesk.services.timeline import delete_touch, edit_touch
from touchdesk.ui.commands import RecordedCommand, one_undo_step
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.mailbox.email_view import show_email
from touchdesk.ui.prospect.let_go_dialog import LetGoDialog
from touchdesk.ui.prospect.log_touch_dialog import LogTouchDialog
from touchdesk.ui.prospect.next_step_dialog import Decision, NextStepDialog, StepContext


class FollowUp:
    """Asks the seller the questions the follow-up core returns, and pushes each answer as
    one undoable action. A touch and all that follows from it undo as one step."""

    def __init__(
        self, bus: ChangeBus, undo_stack: QUndoStack, parent: QWidget, tell: Callable[[str], None]
    ) -> None:
        self.bus = bus
        self.undo_stack = undo_stack
        self.parent = parent
        self.tell = tell

    def seller_zone(self) -> ZoneInfo:
        return ZoneInfo(settings.get("time_zone"))

    # -- touches -------------------------------------------------------------------------

    def log_touch(self, prospect_id: int, done_step_id: int | None = None) -> bool:
        """Log, then for an active prospect go straight into choosing what happens next.
        With `done_step_id` (Mark done on Today) the step closes with the touch, never
        before: cancelling the log changes nothing."""
        facts = follow_up_facts(prospect_id)
        dialog = LogTouchDialog(facts.name, self.seller_zone(), parent=self.parent)
        current = open_step(prospect_id)
        if current is not None:
            dialog.channel.set_value(current.channel)
        if not dialog.exec():
            return False
        touch = dialog.touch()
        label = f"Log {touch.channel.label.lower()} with {facts.name}"
        with one_undo_step(self.undo_stack, label):
            done: dict[str, Consequences] = {}

            def do() -> Change:
                done["result"] = record_touch(prospect_id, touch, done_step_id=done_step_id)
                return done["result"].change

            self.undo_stack.push(RecordedCommand(self.bus, label, do))
            result = done.get("result")
            if result is None:  # refused: the crash box has said why, nothing changed
                return False
            self._answer(prospect_id, facts.name, result)
        return True

    def _answer(self, prospect_id: int, name: str, result: Consequences) -> None:
        """The questions the touch raised, in the order a person would take them."""
        if result.thanks is not None:
            self.offer_thanks(result.thanks)
        if result.offer_revival:
            self.offer_revival(prospect_id)
        elif result.plan is PlanEffect.DORMANT and result.dormant_until is not None:
            self.tell(
                f"{name} is dormant until {dates().date(result.dormant_until)}, as the plan ends, "
                "and comes back then with a revive call. Undo (Ctrl+Z) keeps them active."
            )
        elif result.proposal is not None:
            self.choose_next_step(
                prospect_id, result.proposal, result.note, reached=result.attempt is None
            )

    def edit_touch(self, prospect_id: int, touch_id: int, current) -> None:
        if show_email(touch_id, self.parent):  # an email from the mailbox opens as its text
            return
        facts = follow_up_facts(prospect_id)
        dialog = LogTouchDialog(facts.name, self.seller_zone(), current, self.parent)
        if not dialog.exec():
            return
        changed = dialog.touch()
        self.undo_stack.push(
            RecordedCommand(
                self.bus, f"Edit touch with {facts.name}", lambda: edit_touch(touch_id, changed)[1]
            )
        )

    def delete_touch(self, touch_id: int, label: str) -> None:
        self.undo_stack.push(
            RecordedCommand(self.bus, f"Delete {label}", lambda: delete_touch(touch_id))
        )
        self.tell("Touch deleted. Ctrl+Z brings it back.")

    # -- the next step -------------------------------------------------------------------

    def context(self, facts: FollowUpFacts, proposal: Proposal) -> StepContext:
        seller = self.seller_zone()
        profile = settings.load_profile()
        day = prospect_day(facts.prospect_id)
        pid = facts.prospect_id
        return StepContext(
            name=facts.name,
            first_name=facts.first_name,
            their_zone=day.zone,
            seller_zone=seller,
            country=day.country,
            seller_name=profile.seller_name,
            attempts=facts.attempts,
            current=open_step(pid),
            proposal=proposal,
            reasons=tuple(purposes_for(pid)),
            used=tuple(
                (use.title, dates().date(use.last_used.astimezone(seller)))
                for use in reasons_used(pid)
            ),
            plan_note=proposal.note,
            repropose=lambda channel: propose(pid, channel=channel),
            check=lambda when, channel: check_time(pid, when, channel),
            voicemail=lambda when: voicemail_for(pid, when),
            invite_sentence=lambda channel, when: invite_sentence_for(
                pid, default_title(channel), when
            ),
        )

    def choose_next_step(
        self,
        prospect_id: int,
        proposal: Proposal | None = None,
        note: str = "",
        reached: bool = False,
    ) -> Decision:
        """The next-step prompt, prefilled with the core's proposal (after a touch, built from
        what just happened; otherwise from the open step)."""
        facts = follow_up_facts(prospect_id)
        if facts.status == ProspectStatus.DO_NOT_CONTACT.value:
            self.tell(f"{facts.name} asked not to be contacted: no next steps.")
            return Decision.DISMISS
        if proposal is None:
            current = open_step(prospect_id)
            proposal = propose(prospect_id, channel=current.channel if current else None)
        if note:
            proposal = replace(proposal, note=note)
        dialog = NextStepDialog(self.context(facts, proposal), self.parent)
        dialog.exec()
        decision = dialog.decision
        if decision is Decision.SAVE:
            run_id = proposal.run_id if dialog.channel.value() is proposal.channel else None
            self._save_step(prospect_id, facts.name, dialog.step(), run_id, reached)
        elif decision is Decision.LET_GO:
            self.let_go(prospect_id)
        elif decision in (Decision.WON, Decision.LOST, Decision.DO_NOT_CONTACT):
            self.change_status(prospect_id, ProspectStatus(decision.value))
        else:
            self.tell(skip_next_step(prospect_id).message)
        return decision

    def _save_step(
        self, prospect_id: int, name: str, step: NextStepInput, run_id: int | None, reached: bool
    ) -> None:
        made: dict[str, StepSet] = {}

        def do() -> Change:
            made["step"] = set_step(prospect_id, step, run_id, reached=reached)
            return made["step"].change

        label = f"Plan step for {name}" if run_id is not None else f"Next step for {name}"
        self.undo_stack.push(RecordedCommand(self.bus, label, do))
        result = made.get("step")
        if result is None:
            return
        when = step.due_at.astimezone(self.seller_zone())
        told = f"Next step for {name}: {step.channel.label.lower()} {dates().day_time(when)}."
        self.tell(f"{told} {result.warning}." if result.warning else told)
        if result.offer_invite:
            self.offer_invite(
                prospect_id,
                result.step_id,
                f"They agreed to it: put the {step.channel.label.lower()} in both calendars.",
            )
        self.offer_mail(prospect_id, step)
        if result.thanks is not None:
            self.offer_thanks(result.thanks)

    def offer_mail(self, prospect_id: int, step) -> None:
        """A note, card, letter or gift as the next step: offer to queue it on the mail desk."""
        from touchdesk.domain.mail import kind_for
        from touchdesk.ui.mail.flows import MailFlows

        kind = kind_for(step.channel)
        if kind is None:
            return
        due = step.due_at.astimezone(self.seller_zone()).date()
        flows = MailFlows(self.bus, self.undo_stack, self.parent, self.tell)
        title = f"Queue this {kind.label.lower()} on the mail desk?"
        flows.queue_for(prospect_id, kind, step.purpose, due, title=title)

    def offer_thanks(self, thanks: ThankYou | None) -> None:
        """A referred prospect reached a milestone: offer a thank-you note to the referrer,
        once per referral and milestone, whatever the answer."""
        from touchdesk.services.mail_queue import MailError
        from touchdesk.services.referrals import answer, queue_thank_you
        from touchdesk.ui.mail.flows import MailFlows

        if thanks is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question, "Thank the referrer", thanks.question(), parent=self.parent
        )
        queue = box.addButton("&Queue thank-you note", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Not now", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(queue)
        box.exec()
        if box.clickedButton() is not queue:
            self.bus.publish(answer(thanks))
            return
        flows = MailFlows(self.bus, self.undo_stack, self.parent, self.tell)
        try:
            flows.push_recorded(
                f"Queue thank-you note to {thanks.referrer_name}",
                lambda: queue_thank_you(thanks, datetime.now(UTC)),
            )
        except MailError as error:  # the referrer changed meanwhile (trashed, do not contact)
            self.tell(f"No thank-you note queued: {error}")
            return
        self.tell(f"A thank-you note to {thanks.referrer_name} is on the mail desk.")

    def offer_revival(self, prospect_id: int) -> None:
        """A dormant prospect got in touch: suggest the Revive plan (active again, with a
        reason-led call as the one next step). Keeping them at rest is a fine answer too."""
        from touchdesk.services.prospects import get_prospect
        from touchdesk.services.revival import revive

        facts = follow_up_facts(prospect_id)
        until = get_prospect(prospect_id).dormant_until
        resting = f"dormant until {dates().date(until)}" if until else "dormant"
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Back from rest",
            f"{facts.name} is {resting} and just got in touch. Start the Revive plan: active "
            "again, with a reason-led call as the next step?",
            parent=self.parent,
        )
        start = box.addButton("&Start Revive plan", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Keep dormant", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(start)
        box.exec()
        if box.clickedButton() is not start:
            self.tell(f"{facts.name} stays dormant.")
            return

        def do() -> Change:
            return revive(prospect_id, datetime.now(UTC), self.seller_zone())[1]

        self.undo_stack.push(RecordedCommand(self.bus, f"Revive {facts.name}", do))
        step = open_step(prospect_id)
        if step is None:
            self.tell(f"{facts.name} is active again: set the next step.")
            return
        when = step.due_at.astimezone(self.seller_zone())
        self.tell(
            f"{facts.name} is active again. Next step: {step.purpose} ({dates().day_time(when)})."
        )

    # -- calendar invites ----------------------------------------------------------------

    def offer_invite(self, prospect_id: int, step_id: int | None = None, note: str = "") -> None:
        """The invite dialog for `step_id`, else for the prospect's open step."""
        from touchdesk.ui.prospect.invite_dialog import InviteDialog

        if step_id is None:
            step = open_step(prospect_id)
            if step is None:
                self.tell("No next step to send: set one first.")
                return
            step_id = step.id
        dialog = InviteDialog(step_id, self.parent, note=note)
        dialog.exec()
        dialog.deleteLater()

    # -- statuses ------------------------------------------------------------------------

    def change_status(self, prospect_id: int, status: ProspectStatus) -> None:
        facts = follow_up_facts(prospect_id)
        reason = ""
        if status is ProspectStatus.LOST:
            reason, ok = QInputDialog.getItem(
                self.parent,
                "Lost",
                f"Why was {facts.name} lost? Choose a reason, or type a new one for the list.",
                lost_reasons(),
                0,
                True,
            )
            problems = lost_reason_problems(reason)
            if not ok or problems:
                if ok:
                    self.tell(f"{facts.name} is not marked lost: {' '.join(problems)}")
                return
        before = open_step(prospect_id)

        def do() -> Change:
            return set_status(prospect_id, status, lost_reason=reason)[1]

        self.undo_stack.push(
            RecordedCommand(self.bus, f"Mark {facts.name} {status.label.lower()}", do)
        )
        self.tell(f"{facts.name} is now {status.label.lower()}.")
        if status is ProspectStatus.WON:
            self.celebrate(prospect_id)
            self.offer_thanks(thank_you_due(prospect_id, Milestone.WON))
        if (
            before is not None
            and before.channel in OFFER_INVITE_CHANNELS
            and status is not ProspectStatus.DO_NOT_CONTACT
        ):
            off = f"The {before.channel.label.lower()} is off: send the cancellation."
            self.offer_invite(prospect_id, before.id, off)

    def celebrate(self, prospect_id: int) -> None:
        """A win that took five touches or more is cheered, once per prospect."""
        cheer = win_to_celebrate(prospect_id)
        if cheer is None:
            return
        QMessageBox.information(self.parent, "Persistence paid off", cheer)
        self.bus.publish(celebrated(prospect_id))

    def let_go(self, prospect_id: int) -> None:
        facts = follow_up_facts(prospect_id)
        check = let_go_check(prospect_id)
        if check.question is not None:
            box = QMessageBox(
                QMessageBox.Icon.Question, "Let go this early?", check.question, parent=self.parent
            )
            anyway = box.addButton("&Let go anyway", QMessageBox.ButtonRole.AcceptRole)
            keep = box.addButton("&Keep following up", QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(keep)
            box.exec()
            if box.clickedButton() is not anyway:
                self.tell(f"{facts.name} stays in your follow-up.")
                return
        today = datetime.now(self.seller_zone()).date()
        words = breakup_for(prospect_id)
        dialog = LetGoDialog(facts.name, words.body if words else "", today, self.parent)
        if not dialog.exec():
            return
        message, revisit = dialog.message.toPlainText(), dialog.revisit_on()

        def do() -> Change:
            return let_go(prospect_id, message, revisit, datetime.now(UTC))[1]

        self.undo_stack.push(RecordedCommand(self.bus, f"Let go of {facts.name}", do))
        self.tell(f"{facts.name} rests until {dates().long_date(revisit)}.")

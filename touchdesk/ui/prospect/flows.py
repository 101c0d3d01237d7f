"""The logging discipline: every touch ends with the next step, or an explicit decision."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from touchdesk.domain.next_steps import FollowUpFacts
from touchdesk.domain.plans import comes_back
from touchdesk.domain.timeline import MEETING_CHANNELS
from touchdesk.domain.today import zone_or
from touchdesk.domain.vocabulary import Outcome, ProspectStatus
from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.services.invites.rules import OFFER_INVITE_CHANNELS
from touchdesk.services.library import list_reasons, reasons_used
from touchdesk.services.next_steps import follow_up_facts, open_step, set_next_step
from touchdesk.services.plans import (
    advance,
    emails_exhausted,
    end_run,
    following_step,
    pause_on_answer,
    run_state,
)
from touchdesk.services.referrals import Milestone
from touchdesk.services.statuses import let_go, set_status
from touchdesk.services.timeline import delete_touch, edit_touch, log_touch
from touchdesk.services.undo import record
from touchdesk.ui.commands import RecordedCommand
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.prospect.let_go_dialog import LetGoDialog
from touchdesk.ui.prospect.log_touch_dialog import LogTouchDialog
from touchdesk.ui.prospect.next_step_dialog import Decision, NextStepDialog, StepContext


class PlanProposal(NamedTuple):
    """After a touch: the plan's following step (and its run), or why there is none."""

    step: object = None
    run_id: int | None = None
    note: str = ""
    dormant_until: date | None = None  # the plan ended with the prospect put to rest


class FollowUp:
    """Runs the dialogs and turns each decision into an undoable service call."""

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

    def log_touch(self, prospect_id: int) -> bool:
        """Log, then for an active prospect go straight into choosing what happens next."""
        facts = follow_up_facts(prospect_id)
        dialog = LogTouchDialog(facts.name, self.seller_zone(), parent=self.parent)
        current = open_step(prospect_id)
        if current is not None:
            dialog.channel.set_value(current.channel)
        if not dialog.exec():
            return False
        touch = dialog.touch()
        back = comes_back(ProspectStatus(facts.status), touch.direction, touch.outcome)
        logged: dict[str, int] = {}

        def do() -> Change:
            result = log_touch(prospect_id, touch)
            logged["id"] = result.id
            # The pause belongs to the logged answer: undoing the touch resumes the plan.
            if not back and pause_on_answer(prospect_id, touch.direction, touch.outcome):
                logged["paused"] = 1
                return result.change | Change.PLANS
            return result.change

        self.undo_stack.push(
            RecordedCommand(self.bus, f"Log {touch.channel.label.lower()} with {facts.name}", do)
        )
        note = ""
        if touch.outcome in (Outcome.MEETING_BOOKED, Outcome.MET):
            self.offer_thanks(prospect_id, Milestone.MEETING)
        if back:
            self.offer_revival(prospect_id)
            return True
        if logged.get("paused"):
            note = "They answered, so their plan is paused: you decide what happens next."
        if facts.status == ProspectStatus.ACTIVE.value:
            self.choose_next_step(prospect_id, after_touch=True, note=note)
        return True

    def edit_touch(self, prospect_id: int, touch_id: int, current) -> None:
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

    def context(self, facts: FollowUpFacts) -> StepContext:
        seller = self.seller_zone()
        profile = settings.load_profile()
        return StepContext(
            name=facts.name,
            first_name=facts.first_name,
            their_zone=zone_or(facts.time_zone, seller),
            seller_zone=seller,
            country=facts.country_code or profile.home_country,
            seller_name=profile.seller_name,
            attempts=facts.attempts,
            current=open_step(facts.prospect_id),
            reasons=tuple(reason.title for reason in list_reasons()),
            used=tuple(
                (use.title, f"{use.last_used.astimezone(seller):%d %b %Y}")
                for use in reasons_used(facts.prospect_id)
            ),
        )

    def plan_proposal(self, prospect_id: int, note: str) -> PlanProposal:
        """After a touch, the plan's following step (if the prospect follows one)."""
        state = run_state(prospect_id)
        if state is None or note:
            return PlanProposal(note=note)
        following = following_step(prospect_id, datetime.now(UTC), self.seller_zone())
        if following is not None:
            proposal, run_id = following
            return PlanProposal(
                proposal, run_id, f"{state.progress()} → step {state.position + 2} proposed"
            )
        # The stop rule holds back the plan's remaining emails; a plan with no steps left
        # ends (the break-up email is often the one that trips the rule).
        if state.position + 1 < state.steps and emails_exhausted(prospect_id):
            limit = settings.get("max_unanswered_emails")
            return PlanProposal(
                note=f"{limit} unanswered emails in a row: no more emails. "
                "Try another channel, or let go."
            )
        today = datetime.now(self.seller_zone()).date()
        (ended, change), entry = record(lambda: end_run(prospect_id, today))
        if ended is None:
            return PlanProposal(note=note)
        self.undo_stack.push(
            RecordedCommand.done(self.bus, f"End of {ended.plan_name}", entry, change)
        )
        if ended.dormant_until is not None:
            return PlanProposal(dormant_until=ended.dormant_until)
        return PlanProposal(note=f"{state.plan_name}: that was the last step of the plan.")

    def choose_next_step(
        self, prospect_id: int, after_touch: bool = False, note: str = ""
    ) -> Decision:
        facts = follow_up_facts(prospect_id)
        if facts.status == ProspectStatus.DO_NOT_CONTACT.value:
            self.tell(f"{facts.name} asked not to be contacted: no next steps.")
            return Decision.DISMISS
        proposal, run_id = None, None
        if after_touch:
            proposal, run_id, note, dormant_until = self.plan_proposal(prospect_id, note)
            if dormant_until is not None:  # the break-up is sent: no next step until then
                self.tell(
                    f"{facts.name} is dormant until {dormant_until:%d %b %Y}, as the plan "
                    "ends, and comes back then with a revive call. Undo (Ctrl+Z) keeps them "
                    "active."
                )
                return Decision.DISMISS
        context = replace(self.context(facts), proposal=proposal, plan_note=note)
        dialog = NextStepDialog(context, self.parent)
        dialog.exec()
        decision = dialog.decision
        if decision is Decision.SAVE and run_id is not None:
            self._advance_plan(prospect_id, facts.name, run_id, dialog)
        elif decision is Decision.SAVE:
            self._save_step(prospect_id, facts.name, dialog)
        elif decision is Decision.LET_GO:
            self.let_go(prospect_id)
        elif decision in (Decision.WON, Decision.LOST, Decision.DO_NOT_CONTACT):
            self.change_status(prospect_id, ProspectStatus(decision.value))
        else:
            self.tell(f"No next step for {facts.name}: the board marks it until one is set.")
        return decision

    def _advance_plan(
        self, prospect_id: int, name: str, run_id: int, dialog: NextStepDialog
    ) -> None:
        """The plan's following step, as the seller confirmed or adjusted it."""
        step = dialog.step()
        made: dict[str, int] = {}

        def do() -> Change:
            made["id"], change = advance(run_id, step, prospect_id)
            return change

        self.undo_stack.push(RecordedCommand(self.bus, f"Plan step for {name}", do))
        self.tell(f"Next plan step for {name}: {step.purpose}.")
        self.offer_mail(prospect_id, step)
        if step.channel in MEETING_CHANNELS:
            self.offer_thanks(prospect_id, Milestone.MEETING)

    def _save_step(self, prospect_id: int, name: str, dialog: NextStepDialog) -> None:
        step = dialog.step()
        made: dict[str, int] = {}

        def do() -> Change:
            made["id"], change = set_next_step(prospect_id, step)
            return change

        self.undo_stack.push(RecordedCommand(self.bus, f"Next step for {name}", do))
        when = step.due_at.astimezone(self.seller_zone())
        self.tell(f"Next step for {name}: {step.channel.label.lower()} {when:%a %d %b %H:%M}.")
        if step.channel in OFFER_INVITE_CHANNELS:
            self.offer_invite(
                prospect_id, made["id"], f"Put the {step.channel.label.lower()} in both calendars."
            )
        self.offer_mail(prospect_id, step)
        if step.channel in MEETING_CHANNELS:
            self.offer_thanks(prospect_id, Milestone.MEETING)

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

    def offer_thanks(self, prospect_id: int, milestone: Milestone) -> None:
        """A referred prospect reached a milestone: offer a thank-you note to the referrer,
        once per referral and milestone, whatever the answer."""
        from touchdesk.services.mail_queue import MailError
        from touchdesk.services.referrals import answer, queue_thank_you, thank_you_due
        from touchdesk.ui.mail.flows import MailFlows

        thanks = thank_you_due(prospect_id, milestone)
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
        resting = f"dormant until {until:%d %b %Y}" if until else "dormant"
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
            f"{facts.name} is active again. Next step: {step.purpose} ({when:%a %d %b %H:%M})."
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
            reason, ok = QInputDialog.getText(self.parent, "Lost", f"Why was {facts.name} lost?")
            if not ok:
                return
        before = open_step(prospect_id)

        def do() -> Change:
            return set_status(prospect_id, status, lost_reason=reason)[1]

        self.undo_stack.push(
            RecordedCommand(self.bus, f"Mark {facts.name} {status.label.lower()}", do)
        )
        self.tell(f"{facts.name} is now {status.label.lower()}.")
        if status is ProspectStatus.WON:
            self.offer_thanks(prospect_id, Milestone.WON)
        if (
            before is not None
            and before.channel in OFFER_INVITE_CHANNELS
            and status is not ProspectStatus.DO_NOT_CONTACT
        ):
            off = f"The {before.channel.label.lower()} is off: send the cancellation."
            self.offer_invite(prospect_id, before.id, off)

    def let_go(self, prospect_id: int) -> None:
        facts = follow_up_facts(prospect_id)
        profile = settings.load_profile()
        today = datetime.now(self.seller_zone()).date()
        dialog = LetGoDialog(facts.name, facts.first_name, profile.seller_name, today, self.parent)
        if not dialog.exec():
            return
        message, revisit = dialog.message.toPlainText(), dialog.revisit_on()

        def do() -> Change:
            return let_go(prospect_id, message, revisit, datetime.now(UTC))[1]

        self.undo_stack.push(RecordedCommand(self.bus, f"Let go of {facts.name}", do))
        self.tell(f"{facts.name} rests until {revisit:%d %B %Y}.")

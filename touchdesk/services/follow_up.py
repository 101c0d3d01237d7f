"""The follow-up cycle, in one place for the window and the command line.

A touch is logged; its consequences follow in the same transaction (the attempt number, the
plan advanced, paused or ended, the stop rule); the questions to ask come back to the caller
(revival, a thank-you to the referrer) with a proposal for the next step built from what just
happened. Every time a step is given, typed, snoozed or moved goes through the time policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from touchdesk.domain.date_text import dates
from touchdesk.domain.names import display_name
from touchdesk.domain.next_steps import NextStepInfo, NextStepInput
from touchdesk.domain.plans import SECOND_TRY_MINUTES, comes_back
from touchdesk.domain.time_policy import (
    SnoozeChoice,
    Suggestion,
    snooze_choices,
    suggest,
    warning,
)
from touchdesk.domain.timeline import MEETING_CHANNELS, TouchInput
from touchdesk.domain.timing import rule_for
from touchdesk.domain.vocabulary import Channel, Direction, NextStepStatus, Outcome, ProspectStatus
from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.services.cycle_reads import ProspectNow
from touchdesk.services.next_steps import (
    NextStepError,
    close_step,
    get_step,
    open_step,
    reschedule,
    set_next_step,
)
from touchdesk.services.plans import (
    RunState,
    advance,
    emails_exhausted,
    end_run,
    following_step,
    pause_on_answer,
    run_state,
)
from touchdesk.services.policy import day_of, prospect_day, seller_day
from touchdesk.services.referrals import Milestone, ThankYou, thank_you_due
from touchdesk.services.timeline import log_touch
from touchdesk.store.db import database
from touchdesk.store.models import Prospect
from touchdesk.store.prepared import Prepared

# What the seller is asked to do after each outcome when no plan says otherwise.
VOICEMAIL_PURPOSE = "Follow up on voicemail"
NO_ANSWER_PURPOSE = "Try again"
CHASE_PURPOSE = "Chase: quote the earlier email"
MEETING_FOLLOW_UP = "Meeting follow-up: thank them, recap, agree the next step"
ANSWERED_PURPOSE = "Follow up on our conversation"
DEFAULT_MINUTES = {Channel.MEETING: 45, Channel.VIDEO_CALL: 45, Channel.VISIT: 60}


class PlanEffect(StrEnum):
    NONE = "none"  # the prospect follows no plan
    PROPOSES = "proposes"  # the plan's following step is proposed
    PAUSED = "paused"  # they answered: the seller decides
    STOP_RULE = "stop_rule"  # the plan's next email is held back
    ENDED = "ended"  # that was the plan's last step
    DORMANT = "dormant"  # the plan ended with the prospect at rest (the break-up)


@dataclass(frozen=True)
class Proposal:
    """The next step proposed after a touch, or when the seller asks for one."""

    channel: Channel
    purpose: str
    attempt: int  # the attempt this step would be: 1 after the prospect answered
    suggestions: tuple[Suggestion, ...]
    duration_minutes: int = 30
    location: str = ""
    run_id: int | None = None  # the plan run that proposes it
    note: str = ""  # the plan's state or why this is proposed, for the seller
    email_held_back: str = ""  # the stop rule's reason when email is not proposed

    def step(self, choice: int = 0) -> NextStepInput:
        """The step at suggestion `choice` (0 is the first)."""
        if not self.suggestions:
            raise NextStepError("No good time in the next weeks: give one.")
        if not 0 <= choice < len(self.suggestions):
            raise NextStepError(f"Choose a suggestion between 1 and {len(self.suggestions)}.")
        return NextStepInput(
            self.suggestions[choice].at,
            self.channel,
            self.purpose,
            self.duration_minutes,
            self.location,
        )


@dataclass(frozen=True)
class Consequences:
    """What logging one touch did and what the seller is to be asked next."""

    touch_id: int
    attempt: int | None  # this touch's attempt number; None when it reached them
    plan: PlanEffect
    note: str  # the plan effect in words, '' when there is nothing to say
    change: Change
    dormant_until: date | None = None
    offer_revival: bool = False  # a dormant prospect got in touch: ask about the Revive plan
    thanks: ThankYou | None = None  # a referrer to thank: ask
    proposal: Proposal | None = None  # None when no next step is to be asked for
    closed_step_id: int | None = None  # the step marked done with this touch


@dataclass(frozen=True)
class StepSet:
    step_id: int
    warning: str  # a rule the time breaks, in plain words; '' when it keeps them all
    change: Change
    offer_invite: bool  # the prospect agreed to a meeting: offer the calendar invite
    thanks: ThankYou | None = None


@dataclass(frozen=True)
class Moved:
    warning: str
    change: Change


@dataclass(frozen=True)
class Skipped:
    """The seller closed the next-step prompt without choosing."""

    message: str
    flagged: bool  # the prospect now has no next step and is marked for it


# -- the two days every time is checked against ------------------------------------------


def check_time(prospect_id: int, when: datetime, channel: Channel) -> str:
    """The policy's warning for a time the seller typed or picked ('' when it is fine)."""
    seller = seller_day()
    return warning(when, channel, prospect_day(prospect_id, seller), seller)


def suggestions(
    prospect_id: int, channel: Channel, now: datetime | None = None, count: int = 3
) -> list[Suggestion]:
    seller = seller_day()
    now = now or datetime.now(UTC)
    return suggest(now, channel, prospect_day(prospect_id, seller), seller, count)


# -- logging a touch ----------------------------------------------------------------------


_STATUS = Prepared(lambda pid: Prospect.select(Prospect.status).where(Prospect.id == pid))


def record_touch(
    prospect_id: int,
    touch: TouchInput,
    now: datetime | None = None,
    done_step_id: int | None = None,
    with_proposal: bool = True,
    read: ProspectNow | None = None,
) -> Consequences:
    """Log `touch` with all its consequences, in one transaction. With `done_step_id` the step
    is closed as done by the same transaction: nothing closes unless the touch is logged.
    `with_proposal=False` (the mailbox sync, which asks nobody) skips building the proposal.
    `read`: the prospect as stored now, read with a batch's others (prospects_now()), so its
    status, counters and plan run are not read again."""
    now = now or datetime.now(UTC)
    with database.atomic():
        if read is None:
            found = _STATUS.run(prospect_id).fetchone()  # compiled once: a sync logs thousands
            if found is None:
                raise Prospect.DoesNotExist(f"No prospect {prospect_id}.")
            status = ProspectStatus(found[0])
        else:
            status = read.status
        change = Change.NOTHING
        if done_step_id is not None:  # a step of its own: neither counters nor the run change
            change |= close_step(done_step_id, NextStepStatus.DONE)
        logged = log_touch(prospect_id, touch, counters=None if read is None else read.counters)
        change |= logged.change
        thanks = None
        if touch.outcome in (Outcome.MEETING_BOOKED, Outcome.MET):
            thanks = thank_you_due(prospect_id, Milestone.MEETING)
        base = {
            "touch_id": logged.id,
            "attempt": logged.attempt,
            "thanks": thanks,
            "closed_step_id": done_step_id,
        }
        if comes_back(status, touch.direction, touch.outcome):
            return Consequences(
                plan=PlanEffect.NONE,
                note="",
                change=change,
                offer_revival=True,
                **base,
            )
        if status is not ProspectStatus.ACTIVE:
            return Consequences(plan=PlanEffect.NONE, note="", change=change, **base)
        state = run_state(prospect_id) if read is None else read.run  # logging left it as is
        effect, note, dormant_until, plan_change = _plan_after(prospect_id, touch, now, state)
        change |= plan_change
        proposal = None
        if effect is not PlanEffect.DORMANT and with_proposal:
            proposal = propose(prospect_id, now, after=touch, plan_note=note)
    return Consequences(
        plan=effect,
        note=note,
        change=change,
        dormant_until=dormant_until,
        proposal=proposal,
        **base,
    )


def _plan_after(
    prospect_id: int, touch: TouchInput, now: datetime, state: RunState | None
) -> tuple[PlanEffect, str, date | None, Change]:
    """What the prospect's plan (in `state`, as run_state() reads it) does after this touch."""
    if state is None:
        return PlanEffect.NONE, "", None, Change.NOTHING
    if pause_on_answer(prospect_id, touch.direction, touch.outcome):
        return (
            PlanEffect.PAUSED,
            f"They answered, so their plan is paused ({state.plan_name}): you decide what "
            "happens next.",
            None,
            Change.PLANS,
        )
    if state.status.value != "active":
        return PlanEffect.NONE, f"{state.plan_name} is paused.", None, Change.NOTHING
    seller = seller_day()
    if following_step(prospect_id, now, seller.zone) is not None:
        proposed = (
            f"its second try in {SECOND_TRY_MINUTES} minutes"
            if state.second_try_due
            else f"step {state.position + 2}"
        )
        return (
            PlanEffect.PROPOSES,
            f"{state.progress()} → {proposed} proposed",
            None,
            Change.NOTHING,
        )
    if state.position + 1 < state.steps and emails_exhausted(prospect_id):
        limit = settings.get("max_unanswered_emails")
        return (
            PlanEffect.STOP_RULE,
            f"{limit} unanswered emails in a row: the plan's next email is held back. "
            "Try another channel, or let go.",
            None,
            Change.NOTHING,
        )
    today = now.astimezone(seller.zone).date()
    ended, change = end_run(prospect_id, today)
    if ended is None:
        return PlanEffect.NONE, "", None, Change.NOTHING
    if ended.dormant_until is not None:
        return (
            PlanEffect.DORMANT,
            f"{ended.plan_name} is done: they rest until {dates().date(ended.dormant_until)} and "
            "come back then with a revive call.",
            ended.dormant_until,
            change,
        )
    return PlanEffect.ENDED, f"{state.plan_name}: that was the last step.", None, change


# -- proposing and setting the next step ----------------------------------------------------


def propose(
    prospect_id: int,
    now: datetime | None = None,
    after: TouchInput | None = None,
    channel: Channel | None = None,
    plan_note: str = "",
) -> Proposal:
    """The next step to offer: the plan's following step when a plan runs, else one built
    from what just happened (a voicemail -> a call to follow it up, attempt N+1). With
    `channel` the seller changed the channel: time and duration follow it."""
    now = now or datetime.now(UTC)
    seller = seller_day()
    prospect = Prospect.get_by_id(prospect_id)
    day = day_of(prospect, seller)  # the row read once serves both
    attempt = prospect.attempts + 1
    held_back = ""
    if emails_exhausted(prospect_id):
        limit = settings.get("max_unanswered_emails")
        held_back = f"{limit} unanswered emails in a row: no more emails (the stop rule)."
    planned = following_step(prospect_id, now, seller.zone) if channel is None else None
    if planned is not None:
        step, run_id = planned
        mine = Suggestion(step.due_at, rule_for(step.channel), not seller.fits(step.due_at))
        later = [
            s for s in suggest(step.due_at, step.channel, day, seller, 2) if not s.outside_hours
        ]
        return Proposal(
            step.channel,
            step.purpose,
            attempt,
            (mine, *later),
            DEFAULT_MINUTES.get(step.channel, 30),
            run_id=run_id,
            note=plan_note,
            email_held_back=held_back,
        )
    chosen, purpose = _after(after, prospect_id)
    if channel is not None:
        chosen = channel  # the seller's own choice stands; email_held_back says the rule
    elif chosen is Channel.EMAIL and held_back:
        chosen, purpose = Channel.CALL, purpose if purpose != CHASE_PURPOSE else NO_ANSWER_PURPOSE
    return Proposal(
        chosen,
        purpose,
        attempt,
        tuple(suggest(now, chosen, day, seller, 3)),
        DEFAULT_MINUTES.get(chosen, 30),
        note=plan_note,
        email_held_back=held_back,
    )


def _after(touch: TouchInput | None, prospect_id: int) -> tuple[Channel, str]:
    """The channel and purpose that follow naturally from the touch just logged."""
    current = open_step(prospect_id)
    fallback = current.channel if current else Channel.CALL
    if touch is None:
        return fallback, current.purpose if current else ""
    if touch.outcome is Outcome.LEFT_VOICEMAIL or touch.channel is Channel.VOICEMAIL:
        return Channel.CALL, VOICEMAIL_PURPOSE
    if touch.outcome is Outcome.MEETING_BOOKED:
        return Channel.MEETING, "Meeting"
    if touch.outcome is Outcome.MET or (
        touch.channel in MEETING_CHANNELS and touch.outcome is Outcome.NONE
    ):
        return Channel.EMAIL, MEETING_FOLLOW_UP
    if touch.direction is Direction.IN or touch.outcome.reaches:
        return fallback, ANSWERED_PURPOSE
    if touch.channel is Channel.EMAIL:
        return Channel.EMAIL, CHASE_PURPOSE
    if touch.channel is Channel.CALL:
        return Channel.CALL, NO_ANSWER_PURPOSE
    return fallback, ""


def set_step(
    prospect_id: int, step: NextStepInput, run_id: int | None = None, reached: bool = False
) -> StepSet:
    """Make `step` the one open next step (advancing the plan when it proposed it); a time
    that breaks a rule is kept, with the reason. `reached`: the step was agreed with the
    prospect in the touch just logged, so it belongs in their calendar too."""
    with database.atomic():
        if run_id is not None:
            step_id, change = advance(run_id, step, prospect_id)
        else:
            step_id, change = set_next_step(prospect_id, step)
        thanks = None
        if step.channel in MEETING_CHANNELS:
            thanks = thank_you_due(prospect_id, Milestone.MEETING)
    return StepSet(
        step_id,
        check_time(prospect_id, step.due_at, step.channel),
        change,
        offer_invite=invite_fits(step.channel, reached),
        thanks=thanks,
    )


def invite_fits(channel: Channel, reached: bool) -> bool:
    """A meeting always goes in both calendars; a call when the prospect agreed to it. An
    email, a text or a note is the seller's own errand."""
    return channel in MEETING_CHANNELS or (reached and channel is Channel.CALL)


def move_step(step_id: int, when: datetime) -> Moved:
    """Snooze or reschedule: the step moves, a broken rule is said, never refused."""
    change = reschedule(step_id, when)
    step = get_step(step_id)
    return Moved(check_time(step.prospect_id, when, step.channel), change)


def snooze_options(step_id: int, now: datetime | None = None) -> list[SnoozeChoice]:
    step = get_step(step_id)
    seller = seller_day()
    return snooze_choices(
        now or datetime.now(UTC), step.channel, prospect_day(step.prospect_id, seller), seller
    )


def skip_next_step(prospect_id: int, now: datetime | None = None) -> Skipped:
    """The seller closed the prompt: the open step stays, or the prospect is flagged."""
    row = Prospect.get_by_id(prospect_id)
    name = display_name(row.first_name, row.last_name, row.company)
    current: NextStepInfo | None = open_step(prospect_id)
    if current is not None:
        when = current.due_at.astimezone(seller_day().zone)
        overdue = " (overdue)" if current.due_at < (now or datetime.now(UTC)) else ""
        return Skipped(
            f"{name} keeps their next step: {current.channel.label.lower()} "
            f"{dates().day_time(when)}{overdue}.",
            flagged=False,
        )
    return Skipped(
        f"No next step for {name}: they are flagged on Today and the board until one is set.",
        flagged=True,
    )

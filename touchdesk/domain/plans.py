"""Follow-up plans: ordered steps, scheduled by the timing rules, and the email stop rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from enum import StrEnum

from touchdesk.domain.attempts import TouchFacts, resets_attempts
from touchdesk.domain.time_policy import ProspectDay, SellerDay, suggest
from touchdesk.domain.timing import SlotRule, slots
from touchdesk.domain.vocabulary import Channel, Direction, Outcome, ProspectStatus

DEFAULT_EMAIL_LIMIT = 3
MAX_EMAIL_LIMIT = 4
REVIVE_PLAN = "Revive"  # the built-in plan offered when a dormant prospect comes back


class OffsetFrom(StrEnum):
    PREVIOUS = "previous"  # days after the previous step
    START = "start"  # days after the plan was applied


class RunStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    DONE = "done"
    STOPPED = "stopped"


@dataclass(frozen=True)
class PlanStepSpec:
    day_offset: int
    channel: Channel
    purpose: str
    timing: SlotRule
    offset_from: OffsetFrom = OffsetFrom.PREVIOUS
    template_key: str = ""


@dataclass(frozen=True)
class PlanSpec:
    name: str
    description: str
    steps: tuple[PlanStepSpec, ...]
    dormant_days_after: int = 0  # the break-up plan ends with the prospect dormant


@dataclass(frozen=True)
class PlanInfo:
    id: int
    spec: PlanSpec
    builtin: bool


def plan_problems(spec: PlanSpec) -> list[str]:
    problems = []
    if not spec.name.strip():
        problems.append("Give the plan a name.")
    if not spec.steps:
        problems.append("A plan needs at least one step.")
    for number, step in enumerate(spec.steps, start=1):
        if step.day_offset < 0 or step.day_offset > 365:
            problems.append(f"Step {number}: the delay must be between 0 and 365 days.")
        if not step.purpose.strip():
            problems.append(f"Step {number}: say why this touch happens (its purpose).")
    return problems


def schedule(
    step: PlanStepSpec,
    *,
    started: datetime,
    previous: datetime,
    now: datetime,
    zone: tzinfo,
    country: str,
    seller: SellerDay | None = None,
) -> datetime | None:
    """The step's time: its day offset from the start or the previous step, then the first
    slot of its timing rule on or after that day that also fits the seller's day (or the
    nearest, when none does within a week), never in the past."""
    base = started if step.offset_from is OffsetFrom.START else previous
    day = base.astimezone(zone).date() + timedelta(days=step.day_offset)
    day_start = datetime.combine(day, time(0), zone) - timedelta(seconds=1)
    after = max(day_start, now, previous if step.offset_from is OffsetFrom.PREVIOUS else now)
    if seller is not None:
        found = suggest(after, step.channel, ProspectDay(zone, country), seller, 1, step.timing)
        return found[0].at if found else None
    slot = next(slots(after, step.timing, zone, country), None)
    return slot.at if slot else None


def unanswered_emails_in_a_row(touches: Iterable[tuple[Channel, Direction, TouchFacts]]) -> int:
    """Outbound emails since the last answer, counted back until another kind of touch."""
    count = 0
    for channel, direction, facts in reversed(list(touches)):
        if resets_attempts(facts):
            break
        if channel is Channel.EMAIL and direction is Direction.OUT:
            count += 1
        else:
            break
    return count


def email_limit(setting: int) -> int:
    """The seller's stop rule, kept between 1 and 4 (three is the playbook's advice)."""
    return max(1, min(int(setting), MAX_EMAIL_LIMIT))


def _step(
    days: int, channel: Channel, purpose: str, timing: SlotRule, template: str = ""
) -> PlanStepSpec:
    return PlanStepSpec(days, channel, purpose, timing, OffsetFrom.PREVIOUS, template)


BUILTIN_PLANS: tuple[PlanSpec, ...] = (
    PlanSpec(
        "New contact",
        "Thank them by hand, then be useful, then call.",
        (
            _step(
                0, Channel.NOTE, "Thank-you note after our first meeting", SlotRule.ANY, "thank_you"
            ),
            _step(
                7,
                Channel.EMAIL,
                "Something useful: an article that fits their problem",
                SlotRule.EMAIL,
            ),
            _step(7, Channel.CALL, "Follow-up call", SlotRule.CALL),
            _step(
                21, Channel.CARD, "A seasonal or 'thinking of you' card", SlotRule.ANY, "seasonal"
            ),
            _step(14, Channel.CALL, "Check in on the timeline they gave", SlotRule.CALL),
            _step(30, Channel.CALL, "Check in", SlotRule.CALL),
        ),
    ),
    PlanSpec(
        "No answer",
        "The ten-day program for a warm prospect who went silent.",
        (
            _step(0, Channel.CALL, "Early call", SlotRule.EARLY_CALL),
            _step(
                1,
                Channel.CALL,
                "Second call: leave a voicemail naming the next call time",
                SlotRule.CALL,
                "voicemail",
            ),
            _step(1, Channel.SMS, "Text message", SlotRule.EMAIL),
            _step(
                1, Channel.EMAIL, "Email: I've been trying to reach you", SlotRule.EMAIL, "trying"
            ),
            _step(2, Channel.CALL, "Noon call", SlotRule.NOON_CALL),
            _step(2, Channel.CALL, "End-of-day call", SlotRule.END_OF_DAY_CALL),
            _step(1, Channel.CALL, "End-of-day call", SlotRule.END_OF_DAY_CALL),
            _step(14, Channel.EMAIL, "Soft reminder", SlotRule.EMAIL),
            _step(30, Channel.EMAIL, "Soft reminder", SlotRule.EMAIL),
        ),
    ),
    PlanSpec(
        "Email chase",
        "Three short emails, each quoting the last, then stop.",
        (
            _step(0, Channel.EMAIL, "Chaser 1: quote the earlier email", SlotRule.EMAIL, "chase_1"),
            _step(
                3, Channel.EMAIL, "Chaser 2: quote the earlier emails", SlotRule.EMAIL, "chase_2"
            ),
            _step(4, Channel.EMAIL, "Any progress?", SlotRule.EMAIL, "chase_3"),
        ),
    ),
    PlanSpec(
        "Break-up",
        "The respectful last message, then dormant for 90 days.",
        (_step(0, Channel.EMAIL, "Break-up message", SlotRule.EMAIL, "breakup"),),
        dormant_days_after=90,
    ),
    PlanSpec(
        REVIVE_PLAN,
        "A reason-led call when a dormant prospect comes back.",
        (_step(0, Channel.CALL, "Revive: a reason-led call", SlotRule.CALL),),
    ),
)

BUILTIN_REASONS: tuple[tuple[str, str], ...] = (
    ("A pricing update", "New prices or a better package for them."),
    ("A new product or feature", "Something new that touches their problem."),
    ("An article that fits their problem", "Useful reading, no pitch."),
    ("A customer story", "How someone like them solved it."),
    ("A seasonal greeting", "The season, a holiday, a new year."),
    ("A holiday or availability notice", "When you are away or back."),
    ("An event invitation", "A webinar, a fair, a dinner."),
    ("An introduction", "Someone they should meet."),
    ("A check-in on the timeline they gave", "They said 'next quarter': it is next quarter."),
    ("Industry news", "A change in their market worth a word."),
)


def comes_back(status: ProspectStatus, direction: Direction, outcome: Outcome) -> bool:
    """A dormant prospect who writes, calls or answers is back in the conversation (the
    moment for the Revive plan); one who says 'not interested' is not."""
    if status is not ProspectStatus.DORMANT or outcome is Outcome.NOT_INTERESTED:
        return False
    return direction is Direction.IN or outcome.reaches

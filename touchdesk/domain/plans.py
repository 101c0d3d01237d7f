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
    """One step of a plan: on which day, by which channel, for what, at what time of day."""

    day_offset: int
    channel: Channel
    purpose: str
    timing: SlotRule
    offset_from: OffsetFrom = OffsetFrom.PREVIOUS
    template_key: str = ""
    # Two attempts a few minutes apart, counted as one step ("calls: always two").
    twice: bool = False


SECOND_TRY_MINUTES = 5  # how long after the first attempt of a twice step the second comes
SECOND_TRY = "second try"


def second_try_purpose(purpose: str) -> str:
    """'End-of-day call (second try)': the same purpose, said to be the second attempt."""
    return f"{purpose} ({SECOND_TRY})"


@dataclass(frozen=True)
class PlanSpec:
    """A follow-up plan: its steps in order, and where it leaves the prospect at its end."""

    name: str
    description: str
    steps: tuple[PlanStepSpec, ...]
    dormant_days_after: int = 0  # the break-up plan ends with the prospect dormant


@dataclass(frozen=True)
class PlanInfo:
    """A saved plan: its id, what it schedules, and whether it came built in."""

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
        if step.twice and step.channel.is_mail:
            problems.append(f"Step {number}: a letter or card is sent once, not twice.")
    return problems


BREAKUP_TEMPLATE = "breakup"


def counts_for_stop_rule(step: PlanStepSpec) -> bool:
    """An email step the stop rule can hold back. The break-up message is what the rule
    leads to, so it is never held back."""
    return step.channel is Channel.EMAIL and step.template_key != BREAKUP_TEMPLATE


def plan_days(spec: PlanSpec) -> list[int]:
    """The day of each step counted from the day the plan is applied (day 0), as its
    offsets say; weekends and holidays can push the real dates later."""
    days: list[int] = []
    for step in spec.steps:
        previous = days[-1] if days else 0
        base = 0 if step.offset_from is OffsetFrom.START else previous
        days.append(base + step.day_offset)
    return days


def email_past_limit(unanswered: int, steps: Iterable[PlanStepSpec], limit: int) -> int | None:
    """The 1-based step that would be an email past the stop rule if nobody answers, starting
    from `unanswered` emails in a row already; None when the plan keeps to the rule. Any
    other kind of touch breaks the row, as it does when counting the timeline."""
    count = unanswered
    for number, step in enumerate(steps, start=1):
        if step.channel is not Channel.EMAIL:
            count = 0
            continue
        count += 1
        if count > limit:
            return number
    return None


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
    nearest, when none does within a week), never in the past. A twice step starts a few
    minutes before its slot, so its second attempt lands on it."""
    base = started if step.offset_from is OffsetFrom.START else previous
    day = base.astimezone(zone).date() + timedelta(days=step.day_offset)
    day_start = datetime.combine(day, time(0), zone) - timedelta(seconds=1)
    after = max(day_start, now, previous if step.offset_from is OffsetFrom.PREVIOUS else now)
    if seller is not None:
        found = suggest(after, step.channel, ProspectDay(zone, country), seller, 1, step.timing)
        at = found[0].at if found else None
    else:
        slot = next(slots(after, step.timing, zone, country), None)
        at = slot.at if slot else None
    if at is not None and step.twice and at - timedelta(minutes=SECOND_TRY_MINUTES) > after:
        # Both attempts of a twice step fit the slot: the first a few minutes before it (16:00
        # is the last call of the day, so the end-of-day pair is 15:55 and 16:00).
        at -= timedelta(minutes=SECOND_TRY_MINUTES)
    return at


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
        "A warm prospect went silent: one busy first day on every channel, then soft, "
        "infrequent follow-ups for about ten days, then the break-up.",
        (
            _step(0, Channel.CALL, "Early call", SlotRule.EARLY_CALL),
            _step(
                0,
                Channel.CALL,
                "Second call: leave a voicemail saying when you will call next",
                SlotRule.SOON,
                "voicemail",
            ),
            _step(0, Channel.SMS, "Text: could you call me back, please?", SlotRule.SOON),
            _step(
                0,
                Channel.EMAIL,
                "Email: I have been trying to reach you",
                SlotRule.SOON,
                "trying",
            ),
            _step(
                0,
                Channel.CALL,
                "Noon call, from another number (your mobile or a colleague's)",
                SlotRule.NOON_CALL,
            ),
            PlanStepSpec(
                0,
                Channel.CALL,
                "End-of-day calls: always two, a few minutes apart",
                SlotRule.END_OF_DAY_CALL,
                twice=True,
            ),
            _step(
                3, Channel.EMAIL, "Soft follow-up: something useful, no pressure", SlotRule.EMAIL
            ),
            _step(3, Channel.CALL, "Soft check-in call", SlotRule.CALL),
            _step(
                4,
                Channel.EMAIL,
                "Break-up: say you will stop, as they seem no longer interested",
                SlotRule.EMAIL,
                "breakup",
            ),
        ),
        dormant_days_after=90,
    ),
    PlanSpec(
        "Email chase",
        "The first email, then two short chasers, each quoting the emails before it; "
        "the last asks only whether there is any progress. Then stop.",
        (
            _step(
                0,
                Channel.EMAIL,
                "First email: what you offered, one clear question",
                SlotRule.EMAIL,
            ),
            _step(
                3,
                Channel.EMAIL,
                "Second email: a short nudge, the first quoted below",
                SlotRule.EMAIL,
                "chase_1",
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

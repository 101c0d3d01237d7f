"""The touches on each sample timeline: what happens, in which order, at what time of day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from random import Random
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from touchdesk.domain.attempts import TouchFacts
from touchdesk.domain.time_policy import ProspectDay, prospect_breaks
from touchdesk.domain.timing import FRIDAY_LATEST, LATEST, SlotRule
from touchdesk.domain.vocabulary import (
    Channel,
    Direction,
    Outcome,
)
from touchdesk.services.demo.people import REFERRAL

if TYPE_CHECKING:
    from touchdesk.services.demo.rows import _Skeleton

T = TypeVar("T")


# -- what happens on the timeline ------------------------------------------------------


class _Kind(NamedTuple):
    channel: str
    direction: str
    outcome: str
    facts: TouchFacts
    notes: tuple[str, ...]  # one is picked; "" means no note


def _kind(channel: Channel, direction: Direction, outcome: Outcome, *notes: str) -> _Kind:
    return _Kind(
        channel.value,
        direction.value,
        outcome.value,
        TouchFacts(direction, outcome, channel),
        notes or ("",),
    )


# Tables of sample content, laid out by hand for reading.
# fmt: off
OUT, IN = Direction.OUT, Direction.IN
NO_ANSWER = _kind(Channel.CALL, OUT, Outcome.NO_ANSWER, "", "", "Rang out; no voicemail box.")
VOICEMAIL = _kind(
    Channel.CALL, OUT, Outcome.LEFT_VOICEMAIL,
    "Left voicemail: I'll try you again tomorrow at 8:30.",
    "Left voicemail naming Thursday at noon for the next call.",
    "Left voicemail: will call back on Monday at 9:00.",
)
TEXT = _kind(Channel.SMS, OUT, Outcome.SENT,
             "Text: tried to reach you; I'll call tomorrow morning.")
TRYING = _kind(Channel.EMAIL, OUT, Outcome.SENT,
               "Email: I have been trying to reach you. Is there a better time?")
CHASER = _kind(Channel.EMAIL, OUT, Outcome.SENT, "Email: following up on the proposal.",
               "Email: any progress?", "Email: sent the customer story from a similar firm.",
               "Email: pricing update for next year.",
               "Email: an article on cutting freight costs that fits their problem.")
SOCIAL = _kind(Channel.SOCIAL, OUT, Outcome.SENT,
               "LinkedIn message: congratulated them on the new role.")
TALKED = _kind(
    Channel.CALL, OUT, Outcome.TALKED,
    "Talked 10 min: the budget is there, wants numbers by Friday.",
    "Good call: they are comparing two suppliers.",
    "Caught her between meetings; asked me to send the case study.",
    "Discussed the pilot scope; the decision maker is the CFO.",
    "Quick chat: still interested, timing is next quarter.",
    "Asked for references in their industry.",
)
CALLED_BACK = _kind(Channel.CALL, IN, Outcome.TALKED, "Called back after the voicemail.",
                    "Returned my call: sorry for the silence, year-end rush.")
BOOKED = _kind(Channel.CALL, OUT, Outcome.MEETING_BOOKED, "Booked a meeting at their office.",
               "Agreed a video call to walk through the demo.")
REPLIED = _kind(
    Channel.EMAIL, IN, Outcome.REPLIED,
    'Replied: "Thanks for your patience. Can we talk Thursday?"',
    "Replied: busy with year-end, asked to reconnect next week.",
    "Replied with questions about delivery times.",
    'Replied: "Yes, please send the proposal."',
)
TEXTED_BACK = _kind(Channel.SMS, IN, Outcome.REPLIED, "Texted back: call me after 4.")
MET = _kind(
    Channel.MEETING, OUT, Outcome.MET,
    "First meeting: toured the warehouse, met the operations team.",
    "Went through the proposal line by line.",
    "Negotiated payment terms; legal review next.",
    "Lunch meeting; they want a pilot at one site.",
)
VIDEO = _kind(Channel.VIDEO_CALL, OUT, Outcome.MET, "Demo went well; three people attended.",
              "Video call: walked through the rollout plan.")
NOTE = _kind(Channel.NOTE, OUT, Outcome.SENT, "Handwritten thank-you note after our meeting.")
# Mailed notes and cards say what they were for; the mail desk keeps the same occasion.
OCCASIONS = (
    "Thank you for the meeting",
    "Thinking of you",
    "Congratulations on the new office",
    "Thank you for your order",
)
OCCASION_OF_NOTE = {
    "Handwritten thank-you note after our meeting.": OCCASIONS[0],
    "Thinking-of-you card with an article clipping.": OCCASIONS[1],
    "Card congratulating them on the new office.": OCCASIONS[2],
    "Thank-you card for the order.": OCCASIONS[3],
}
CARD = _kind(Channel.CARD, OUT, Outcome.SENT, *tuple(OCCASION_OF_NOTE)[1:3])
WON = _kind(Channel.MEETING, OUT, Outcome.MET, "Signed the agreement at the meeting.",
            "Final meeting: order signed, start date agreed.")
THANKS_CARD = _kind(Channel.CARD, OUT, Outcome.SENT, "Thank-you card for the order.")
BREAK_UP = _kind(
    Channel.EMAIL, OUT, Outcome.SENT,
    "Break-up email: said I would stop, as they seem no longer interested.",
)
NOT_NOW = _kind(Channel.EMAIL, IN, Outcome.NOT_INTERESTED, "Replied: {reason}.")
STOP = _kind(Channel.EMAIL, IN, Outcome.NOT_INTERESTED, "Replied: please take me off your list.")

OPENINGS = {
    "Trade show": _kind(Channel.MEETING, OUT, Outcome.MET,
                        "Met at the trade show stand; swapped cards."),
    "Website form": _kind(Channel.EMAIL, IN, Outcome.REPLIED, "Website form: asked for pricing."),
    "LinkedIn": _kind(Channel.SOCIAL, OUT, Outcome.SENT, "Connection request with a short note."),
    "Cold outreach": NO_ANSWER,
    "Webinar": _kind(Channel.EMAIL, IN, Outcome.REPLIED,
                     "Attended the webinar; asked for the slides."),
    "Networking event": _kind(Channel.MEETING, OUT, Outcome.MET,
                              "Met at the chamber of commerce breakfast."),
    "Existing customer": TALKED,
    REFERRAL: _kind(Channel.EMAIL, OUT, Outcome.SENT, "Intro email, referred by {referrer}."),
}

# The no-answer program of the playbook, in order; email chasers stop after three.
NO_ANSWER_PROGRAM = ((NO_ANSWER, "early"), (VOICEMAIL, "early"), (TEXT, "day"),
                     (TRYING, "email"), (NO_ANSWER, "noon"), (NO_ANSWER, "late"),
                     (VOICEMAIL, "late"))
EMAIL_CHASERS = ((CHASER, "email"), (CHASER, "email"), (CHASER, "email"))
MIXED = ((NO_ANSWER, "early"), (CHASER, "email"), (SOCIAL, "day"), (VOICEMAIL, "noon"),
         (NO_ANSWER, "late"))
REACHES = ((TALKED, "early"), (BOOKED, "noon"), (REPLIED, "reply"), (CALLED_BACK, "reply"),
           (TEXTED_BACK, "reply"))
REACH_WEIGHTS = (30, 22, 30, 10, 8)
CHASE_LENGTHS = (0, 1, 2, 3, 4, 5, 6, 7)
CHASE_WEIGHTS = (12, 24, 20, 15, 10, 8, 6, 5)

# Touch counts and first-contact ages (days) by where the prospect stands.
TOUCH_RANGE_BY_RANK = ((1, 4), (7, 18), (14, 30), (20, 36), (24, 42))
# Touches up to each win, dealt in this order: a few quick wins, most after the fifth touch
# (the playbook's point), some long ones, so "which touch wins" has something to say.
WIN_TOUCHES = (3, 7, 12, 9, 1, 6, 15, 8, 5, 10, 2, 7, 13, 6, 4, 11, 8, 20, 9, 6)
TOUCH_RANGE = {"won": (20, 40), "lost": (10, 28), "dormant": (12, 24), "do_not_contact": (2, 10)}
AGE_BY_RANK = ((2, 25), (15, 120), (30, 170), (45, 180), (45, 180))
AGE = {"won": (40, 180), "lost": (40, 180), "dormant": (60, 180), "do_not_contact": (10, 150)}

STATUS_SHARE = {"active": 72, "won": 9, "lost": 7, "dormant": 8, "do_not_contact": 4}
OPEN_STAGE_WEIGHTS = (18, 26, 20, 20, 16)
# What active prospects look like on Today: a late step, one for today, one later, none.
STEP_SHARE = {"overdue": 22, "today": 14, "later": 52, "none": 12}
# Days since the latest touch: a prospect nobody planned for has been quiet longest.
LAST_TOUCH_AGE = {"overdue": (2, 12), "today": (1, 7), "later": (0.2, 8), "none": (5, 45)}

PURPOSES_BY_RANK = (
    ("Introduction call", "Qualify: who decides, and when"),
    ("Discovery call", "Send the customer story"),
    ("Walk through their process", "Demo for the operations team"),
    ("Go through the proposal", "Answer the pricing questions"),
    ("Agree the terms", "Check on the legal review"),
)
# (channel, purpose, slot): the time of day fits what the step says.
CHASE_PURPOSES = (
    (Channel.CALL, "Ask for Sally, after 3 pm", "late"),
    (Channel.CALL, "Early call, before their meetings", "early"),
    (Channel.CALL, "Noon call", "noon"),
    (Channel.CALL, "If no answer, leave a voicemail naming the next call", "early"),
    (Channel.EMAIL, "Any progress? (short chaser quoting the last email)", "email"),
    (Channel.EMAIL, "I have been trying to reach you", "email"),
    (Channel.SMS, "Text: I'll call tomorrow morning", "day"),
)
STEP_CHANNELS_BY_RANK = (
    (Channel.CALL, Channel.EMAIL),
    (Channel.CALL, Channel.EMAIL, Channel.VIDEO_CALL),
    (Channel.MEETING, Channel.VIDEO_CALL, Channel.CALL),
    (Channel.VIDEO_CALL, Channel.CALL, Channel.MEETING),
    (Channel.CALL, Channel.MEETING, Channel.EMAIL),
)
DURATIONS = {Channel.MEETING: 60, Channel.VIDEO_CALL: 45, Channel.EMAIL: 15, Channel.SMS: 5}
VIDEO_LOCATION = "Video call (link in the invite)"
SLOT_FOR_STEP = {Channel.CALL: "early", Channel.EMAIL: "email", Channel.SMS: "day",
                 Channel.MEETING: "meeting", Channel.VIDEO_CALL: "meeting"}

# The timing rule of a step for the time of day its purpose names.
RULE_OF_SLOT = {"early": SlotRule.EARLY_CALL, "noon": SlotRule.NOON_CALL,
                "late": SlotRule.END_OF_DAY_CALL, "email": SlotRule.EMAIL, "day": SlotRule.SOON,
                "meeting": SlotRule.MEETING}
MEETING_OUTCOMES = (Outcome.MET.value, Outcome.MEETING_BOOKED.value)
REFERRER_THANKS = ("Dear {first}, thank you for introducing me to {name}. We have met, and "
                   "it is going well. I owe you one.")

CHUNK = 250  # prospects generated and inserted per batch: bounded memory, honest progress


# fmt: on


def _slot(rng: Random, slot: str) -> time:
    """A time of day in the prospect's day that fits the channel (playbook timing)."""
    if slot == "early":
        return time(8, rng.randrange(0, 60, 5)) if rng.random() < 0.8 else time(9, 0)
    if slot == "noon":
        return time(12, rng.randrange(0, 35, 5))
    if slot == "late":  # the end-of-day pair: the last calls before 16:00 in their day
        return time(15, rng.randrange(30, 60, 5)) if rng.random() < 0.8 else time(16, 0)
    if slot == "email":
        return rng.choice((time(8, 30), time(8, 25), time(8, 35), time(13, 0), time(12, 55)))
    if slot == "meeting":
        return rng.choice((time(9, 30), time(10, 0), time(11, 0), time(14, 0), time(15, 30)))
    if slot == "reply":
        return time(rng.randint(7, 18), rng.randrange(60))
    return time(rng.randint(9, 15), rng.randrange(0, 60, 5))


def _on_weekday(day: date) -> date:
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


class _Step(NamedTuple):
    kind: _Kind
    slot: str
    gap: float  # days after the previous touch, before the history is fitted to its window


def _chase(rng: Random, length: int, first_gap: float) -> list[_Step]:
    style = rng.random()
    program = NO_ANSWER_PROGRAM if style < 0.55 else EMAIL_CHASERS if style < 0.8 else MIXED
    steps = []
    for i in range(length):
        # Past the end of a program: calls only, as email chasers stop after three.
        kind, slot = program[i] if i < len(program) else (VOICEMAIL if i % 2 else NO_ANSWER, "noon")
        steps.append(_Step(kind, slot, first_gap if i == 0 else rng.uniform(1, 3)))
    return steps


def _history(rng: Random, sk: _Skeleton, source: str) -> list[_Step]:
    """The touches in time order: runs of unanswered tries, an answer, meetings, notes."""
    if sk.status == "won":
        low = high = max(sk.touches + 3, 6)  # enough to cut the story short at the win
    elif sk.status == "active":
        low, high = TOUCH_RANGE_BY_RANK[min(sk.rank, len(TOUCH_RANGE_BY_RANK) - 1)]
    else:
        low, high = TOUCH_RANGE[sk.status]
    target = rng.randint(low, high)
    opening = OPENINGS[source]
    steps = [_Step(opening, "reply" if opening.direction == "in" else "day", 0.0)]
    met = opening.outcome == Outcome.MET.value
    ends_chasing = (
        sk.status == "active" and not sk.plan and (sk.step == "none" or rng.random() < 0.45)
    )
    tail = 3 if sk.status in ("dormant", "won") or ends_chasing else 1
    while len(steps) < target - tail and sk.rank > 0:
        steps += _chase(rng, rng.choices(CHASE_LENGTHS, CHASE_WEIGHTS)[0], rng.uniform(4, 16))
        reach, slot = rng.choices(REACHES, REACH_WEIGHTS)[0]
        steps.append(_Step(reach, slot, rng.uniform(0.5, 3)))
        if reach is BOOKED or (sk.rank >= 2 and rng.random() < 0.3):
            meeting = VIDEO if rng.random() < 0.4 else MET
            steps.append(_Step(meeting, "meeting", rng.uniform(2, 8)))
            if not met and rng.random() < 0.7:
                steps.append(_Step(NOTE, "day", rng.uniform(0.3, 1.2)))
            met = True
        if rng.random() < 0.02:
            steps.append(_Step(CARD, "day", rng.uniform(3, 10)))
    if sk.status == "won":
        steps = steps[: sk.touches - 1] if sk.touches > 1 else []
        steps.append(_Step(WON, "meeting", rng.uniform(3, 10)))
        if rng.random() < 0.4:
            steps.append(_Step(THANKS_CARD, "day", rng.uniform(0.5, 2)))
    elif sk.status == "lost":
        steps += _chase(rng, rng.randint(0, 2), rng.uniform(4, 12))
        steps.append(_Step(NOT_NOW, "reply", rng.uniform(1, 4)))
    elif sk.status == "dormant":
        steps += _chase(rng, rng.randint(3, 6), rng.uniform(4, 12))
        steps.append(_Step(BREAK_UP, "email", rng.uniform(3, 7)))
    elif sk.status == "do_not_contact":
        steps += _chase(rng, rng.randint(0, 3), rng.uniform(2, 8))
        steps.append(_Step(STOP, "reply", rng.uniform(0.5, 3)))
    elif ends_chasing:
        steps += _chase(rng, rng.randint(1, 5), rng.uniform(3, 10))
    return steps


def _lay_out(
    rng: Random,
    steps: list[_Step],
    start: datetime,
    end: datetime,
    day: ProspectDay,
    now: datetime,
) -> list[datetime]:
    """Fit the gaps between start and end, at channel-fitting times of the prospect's day.

    Strictly increasing and all before `now`, so the stored order is the numbering order;
    every outbound touch keeps the prospect's day rules (the time policy).
    """
    marks = list(accumulate(step.gap for step in steps))
    total = marks[-1] or 1.0
    span = (end - start).total_seconds()
    n = len(steps)
    times: list[datetime] = []
    previous: datetime | None = None
    for i, step in enumerate(steps):
        at = start + timedelta(seconds=span * marks[i] / total)
        local_day = at.astimezone(day.zone).date()
        if step.kind.direction == "out":
            local_day = _on_weekday(local_day)
        moment = datetime.combine(local_day, _slot(rng, step.slot), day.zone).astimezone(UTC)
        if previous is not None and moment <= previous:
            moment = previous + timedelta(minutes=rng.randint(7, 90))
        times.append(moment)
        previous = moment
    # Backwards from the latest: each before the next (and before now, leaving room for the
    # events after it), an outbound one moved earlier until it keeps the prospect's rules.
    ceiling = now - timedelta(minutes=10)
    for i in range(n - 1, -1, -1):
        moment = min(times[i], ceiling)
        if steps[i].kind.direction == "out":
            moment = _fit_back(rng, moment, day)
        times[i] = moment
        ceiling = moment - timedelta(minutes=rng.randint(3, 20))
    return times


def _fit_back(rng: Random, moment: datetime, day: ProspectDay) -> datetime:
    """The latest time not after `moment` that keeps the prospect's day rules."""
    reasons = prospect_breaks(moment, day)
    while reasons:
        local = moment.astimezone(day.zone)
        latest = FRIDAY_LATEST if local.weekday() == 4 else LATEST
        workday = not any(r.startswith("on a ") or "holiday" in r for r in reasons)
        if workday and local.time() > latest:
            back = datetime.combine(local.date(), latest, day.zone)
        else:  # too early, a weekend or a holiday: the end of the day before
            back = datetime.combine(local.date() - timedelta(days=1), LATEST, day.zone)
        moment = (back - timedelta(minutes=rng.randrange(0, 40, 5))).astimezone(UTC)
        reasons = prospect_breaks(moment, day)
    return moment

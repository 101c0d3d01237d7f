"""Sample prospects on the built-in plans, each at its own step, with the touches behind it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from random import Random
from typing import TYPE_CHECKING

from touchdesk.domain.plans import BREAKUP_TEMPLATE, BUILTIN_PLANS, REVIVE_PLAN, PlanStepSpec
from touchdesk.domain.timing import SlotRule
from touchdesk.domain.vocabulary import Channel, Direction, Outcome
from touchdesk.services.demo.history import (
    BREAK_UP,
    CARD,
    MET,
    NO_ANSWER,
    NOTE,
    TEXT,
    VOICEMAIL,
    _chase,
    _Kind,
    _kind,
    _Step,
)

if TYPE_CHECKING:
    from touchdesk.services.demo.rows import _Skeleton

SPECS = {spec.name: spec for spec in BUILTIN_PLANS}
# Per 60 prospects: (plan, the step each of its prospects is at now, 0-based). The chase at
# its third step is due to ask "Any progress?"; the no-answer program early, mid-burst and
# at its break-up; two prospects back from a break-up on the Revive plan.
PLAN_POSITIONS: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("Email chase", (2, 1, 2)),
    ("No answer", (2, 6, 8)),
    ("New contact", (1, 3, 5)),
    ("Break-up", (0, 0)),
    (REVIVE_PLAN, (0, 0)),
)
PER = 60
# The slot names of the history for each timing rule of a plan step.
SLOT_OF_RULE = {
    SlotRule.EMAIL: "email",
    SlotRule.EARLY_CALL: "early",
    SlotRule.NOON_CALL: "noon",
    SlotRule.CALL: "early",
    SlotRule.END_OF_DAY_CALL: "late",
    SlotRule.SOON: "day",
    SlotRule.MEETING: "meeting",
    SlotRule.ANY: "day",
}
SECOND_TRY_GAP = 5 / (24 * 60)  # days: the twice step's second call, minutes after the first
COMEBACK = _kind(
    Channel.EMAIL,
    Direction.IN,
    Outcome.REPLIED,
    "Wrote back after the break-up: the project is on again, can we talk?",
)


def on_plans(rng: Random, skeletons: Sequence[_Skeleton]) -> list[_Skeleton]:
    """Active prospects with a next step, some on each built-in plan at different steps."""
    result = list(skeletons)
    candidates = [
        i
        for i, sk in enumerate(result)
        if sk.status == "active" and sk.step in ("overdue", "today", "later") and sk.rank >= 1
    ]
    rng.shuffle(candidates)
    picks = iter(candidates)
    for _ in range(max(1, len(result) // PER)):
        for name, positions in PLAN_POSITIONS:
            for position in positions:
                i = next(picks, None)
                if i is None:
                    return result
                result[i] = replace(result[i], plan=name, position=position)
    return result


def plan_step(sk: _Skeleton) -> PlanStepSpec:
    """The plan step scheduled now: the prospect's open next step."""
    return SPECS[sk.plan].steps[sk.position]


def plan_tail(rng: Random, sk: _Skeleton) -> list[_Step]:
    """What led onto the plan, then the plan's steps already done, none of them answered."""
    spec = SPECS[sk.plan]
    steps: list[_Step] = []
    if sk.plan == "New contact":
        steps.append(_Step(MET, "meeting", rng.uniform(2, 6)))
    elif sk.plan == "Break-up":
        steps += _chase(rng, rng.randint(3, 5), rng.uniform(3, 8))
    elif sk.plan == REVIVE_PLAN:
        steps += _chase(rng, rng.randint(3, 4), rng.uniform(3, 8))
        steps.append(_Step(BREAK_UP, "email", rng.uniform(3, 6)))
        steps.append(_Step(COMEBACK, "reply", rng.uniform(20, 40)))
    for number, step in enumerate(spec.steps[: sk.position]):
        gap = step.day_offset or (rng.uniform(2, 5) if number == 0 else 0.05)
        slot = SLOT_OF_RULE.get(step.timing, "day")
        kind = _done(step)
        steps.append(_Step(kind, slot, gap))
        if step.twice:
            steps.append(_Step(kind, slot, SECOND_TRY_GAP))
    return steps


def _done(step: PlanStepSpec) -> _Kind:
    """The touch a plan step left on the timeline when nobody answered."""
    if step.template_key == BREAKUP_TEMPLATE:
        return BREAK_UP
    if step.channel is Channel.CALL:
        return VOICEMAIL if step.template_key == "voicemail" else NO_ANSWER
    if step.channel is Channel.SMS:
        return TEXT
    if step.channel is Channel.NOTE:
        return NOTE
    if step.channel is Channel.CARD:
        return CARD
    return _kind(step.channel, Direction.OUT, Outcome.SENT, f"Email: {step.purpose}")

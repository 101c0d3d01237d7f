"""Attempt counting: outbound tries since the prospect last answered or was reached."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from touchdesk.domain.vocabulary import Channel, Direction, Outcome

# A meeting, video call or visit logged with no outcome was held: nobody logs one that
# did not happen (that is 'no answer').
HELD_CHANNELS = frozenset({Channel.MEETING, Channel.VIDEO_CALL, Channel.VISIT})


@dataclass(frozen=True)
class TouchFacts:
    """The parts of a touch that decide attempt numbering."""

    direction: Direction
    outcome: Outcome
    channel: Channel | None = None


def resets_attempts(touch: TouchFacts) -> bool:
    """An inbound touch, a real conversation or a meeting held means the prospect answered."""
    if touch.direction is Direction.IN or touch.outcome.reaches:
        return True
    return touch.outcome is Outcome.NONE and touch.channel in HELD_CHANNELS


def next_attempt(previous_attempts: int, touch: TouchFacts) -> int | None:
    """The attempt number this touch carries, or None when it reached the prospect."""
    if resets_attempts(touch):
        return None
    return previous_attempts + 1


def attempts_after(previous_attempts: int, touch: TouchFacts) -> int:
    """The prospect's running count once this touch is logged."""
    number = next_attempt(previous_attempts, touch)
    return 0 if number is None else number


def number_attempts(touches: Iterable[TouchFacts]) -> list[int | None]:
    """Attempt numbers for touches in time order (oldest first)."""
    return number_by_resets(resets_attempts(touch) for touch in touches)


def number_by_resets(resets: Iterable[bool]) -> list[int | None]:
    """Attempt numbers for touches in time order, from whether each one reset the count
    (resets_attempts()): next_attempt() touch after touch. A renumbering that knows that of
    each kind of touch counts thousands of touches without asking for each one."""
    running = 0
    numbers: list[int | None] = []
    for reset in resets:
        if reset:
            running = 0
            numbers.append(None)
        else:
            running += 1
            numbers.append(running)
    return numbers

"""Attempt counting: outbound tries since the prospect last answered or was reached."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from touchdesk.domain.vocabulary import Direction, Outcome


@dataclass(frozen=True)
class TouchFacts:
    """The parts of a touch that decide attempt numbering."""

    direction: Direction
    outcome: Outcome


def resets_attempts(touch: TouchFacts) -> bool:
    """An inbound touch or a real conversation means the prospect answered."""
    return touch.direction is Direction.IN or touch.outcome.reaches


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
    running = 0
    numbers: list[int | None] = []
    for touch in touches:
        numbers.append(next_attempt(running, touch))
        running = attempts_after(running, touch)
    return numbers

"""Persistence rules: most deals close from the fifth touch on, so letting go earlier is
questioned and a win that took that many touches is marked."""

from __future__ import annotations

# The touch from which most B2B sales close (the product brief, rule 4).
PERSISTENCE_TOUCHES = 5


def let_go_needs_confirming(touches: int) -> bool:
    """Fewer touches than the persistence line: the seller is asked before giving up."""
    return touches < PERSISTENCE_TOUCHES


def let_go_question(name: str, touches: int) -> str:
    """What the seller is asked before letting go too early (said with the count)."""
    count = "no touch" if touches == 0 else f"only {touches} touch" + ("es" if touches > 1 else "")
    return (
        f"{name} has had {count} so far. Most deals are closed only after the fifth follow-up, "
        "so it may be early to stop. Let go anyway?"
    )


def is_persistent_win(touches: int) -> bool:
    """A win that came at or after the fifth touch: the persistence paid off."""
    return touches >= PERSISTENCE_TOUCHES


def win_mark(touches: int) -> str:
    """The timeline line for a persistent win."""
    return f"won after {touches} touches, the follow-up paid off"


def celebration(name: str, touches: int) -> str:
    """The one-time cheer on screen for a persistent win."""
    return (
        f"{name} said yes after {touches} touches. Most sellers stop after one or two; "
        "you kept going, and it won the deal."
    )

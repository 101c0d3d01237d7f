"""Why deals are lost: the seller's own list, starting from the usual answers."""

from __future__ import annotations

from collections.abc import Iterable

DEFAULT_LOST_REASONS: tuple[str, ...] = (
    "Chose a competitor",
    "No budget",
    "Bad timing",
    "No decision made",
    "Did it themselves",
    "Went silent",
)
NO_REASON = "No reason given"
LONGEST_REASON = 120


def clean_reason(text: str) -> str:
    """One line, single spaces: the same reason typed twice counts once."""
    return " ".join(text.split())


def lost_reason_problems(text: str) -> list[str]:
    reason = clean_reason(text)
    if not reason:
        return ["Say why the deal was lost (choose a reason or type one)."]
    if len(reason) > LONGEST_REASON:
        return [f"Keep the reason under {LONGEST_REASON} characters."]
    return []


def with_reason(reasons: Iterable[str], reason: str) -> list[str]:
    """The list with `reason` added at the end unless it is there (whatever its case)."""
    kept = [clean_reason(r) for r in reasons if clean_reason(r)]
    if clean_reason(reason).casefold() not in {r.casefold() for r in kept}:
        kept.append(clean_reason(reason))
    return kept

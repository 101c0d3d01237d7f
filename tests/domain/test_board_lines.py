"""What a board card's next-step line says."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from touchdesk.domain.board import Card, next_step_line

LONDON = ZoneInfo("Europe/London")


def card(status: str, due: str | None = None) -> Card:
    return Card(
        1, "Ada", "Lovelace", "", 1, status, 3, 2, None, "Europe/London",
        7 if due else None, due, "call" if due else None, None, None, None, None,
    )  # fmt: skip


def test_the_line_says_when_how_and_which_attempt():
    assert (
        next_step_line(card("active", "2026-11-24 08:30:00"), LONDON)
        == "Tue 24 Nov, 08:30 · call · #3"
    )


def test_only_an_active_prospect_is_missing_a_next_step():
    assert next_step_line(card("active"), LONDON) == "No next step"
    assert next_step_line(card("dormant"), LONDON) == "Dormant"
    assert next_step_line(card("won"), LONDON) == "Won"

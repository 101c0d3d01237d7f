"""What fill_demo() wrote, for the command line and the window, and its one error."""

from __future__ import annotations

from dataclasses import dataclass

from touchdesk.services.changes import Change


class DemoError(ValueError):
    """Sample data cannot be added here; the message is for the seller."""


@dataclass(frozen=True)
class DemoSummary:
    """How much fill_demo() wrote, for the CLI to print and the GUI to announce."""

    prospects: int
    active: int
    won: int
    lost: int
    dormant: int
    do_not_contact: int
    touches: int
    next_steps: int
    overdue: int
    due_today: int
    without_next_step: int  # active prospects nobody planned anything for
    mail_queued: int
    events: int

    @property
    def change(self) -> Change:
        return Change.PROSPECTS | Change.TOUCHES | Change.NEXT_STEPS | Change.MAIL

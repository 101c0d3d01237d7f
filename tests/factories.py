"""Small builders for test data, going through the real services."""

from __future__ import annotations

from datetime import datetime, timedelta

from touchdesk.domain.next_steps import NextStepInput
from touchdesk.domain.prospects import ProspectInput
from touchdesk.domain.vocabulary import Channel
from touchdesk.services.next_steps import set_next_step
from touchdesk.services.prospects import add_prospect


def prospect(
    first: str,
    last: str = "",
    company: str = "",
    *,
    due: datetime | None = None,
    channel: Channel = Channel.CALL,
    purpose: str = "",
    **fields,
) -> int:
    """A prospect, with an open next step when `due` is given."""
    pid = add_prospect(ProspectInput(first_name=first, last_name=last, company=company, **fields))
    if due is not None:
        set_next_step(pid, NextStepInput(due, channel, purpose))
    return pid


def days(n: float) -> timedelta:
    return timedelta(days=n)

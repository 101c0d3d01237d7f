"""How many emails went out since the prospect last answered: the plans' stop rule and the
chaser's quote read it, and a chaser on Today's list should not load every plan rule for it."""

from __future__ import annotations

from touchdesk.domain.attempts import TouchFacts
from touchdesk.domain.plans import unanswered_emails_in_a_row
from touchdesk.domain.vocabulary import Channel, Direction, Outcome
from touchdesk.store.models import Touch


def unanswered_emails(prospect_id: int) -> int:
    """Outbound emails since the prospect last answered, in a row on the timeline."""
    rows = (
        Touch.select(Touch.channel, Touch.direction, Touch.outcome)
        .where(Touch.prospect == prospect_id, Touch.deleted_at.is_null())
        .order_by(Touch.occurred_at, Touch.id)
        .tuples()
    )
    history = [
        (Channel(c), Direction(d), TouchFacts(Direction(d), Outcome(o), Channel(c)))
        for c, d, o in rows
    ]
    return unanswered_emails_in_a_row(history)

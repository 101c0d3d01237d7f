"""What the follow-up cycle reads of a prospect before it logs a touch, read for many at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from touchdesk.domain.vocabulary import ProspectStatus
from touchdesk.services.plans import RunState, run_states
from touchdesk.services.timeline import Counters
from touchdesk.store.models import Prospect
from touchdesk.store.prepared import PreparedIn


@dataclass(frozen=True)
class ProspectNow:
    """A prospect's status, counters and current plan run as stored, before a touch is logged.

    Read by a caller that logs a batch of touches (a mail sync) for the whole batch in one go
    and passed down to record_touch(), which then reads none of them again. Only valid until
    the first touch of that prospect is logged: a caller uses each one once."""

    status: ProspectStatus
    counters: Counters
    run: RunState | None


_ROWS = PreparedIn(
    lambda ids: Prospect.select(
        Prospect.id,
        Prospect.status,
        Prospect.attempts,
        Prospect.last_touch_at,
        Prospect.touch_count,
    ).where(Prospect.id.in_(ids))
)


def prospects_now(prospect_ids: Iterable[int]) -> dict[int, ProspectNow]:
    """Each of these prospects as the cycle would read it now. A prospect that is missing or
    has a status this version does not know is left out: the cycle reads that one itself, and
    says what is wrong as it always has."""
    ordered = sorted(set(prospect_ids))
    runs = run_states(ordered)
    instant = Prospect.last_touch_at.python_value
    found: dict[int, ProspectNow] = {}
    for prospect_id, status, attempts, last_touch_at, touch_count in _ROWS.rows(ordered):
        known = ProspectStatus._value2member_map_.get(status)
        if known is None:
            continue
        counters = Counters(attempts, instant(last_touch_at), touch_count)
        found[prospect_id] = ProspectNow(known, counters, runs[prospect_id])
    return found

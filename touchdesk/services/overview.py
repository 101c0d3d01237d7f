"""The few numbers the shell shows everywhere: prospects, active against target."""

from __future__ import annotations

from typing import NamedTuple

from peewee import fn

from touchdesk.domain.vocabulary import ProspectStatus
from touchdesk.services import settings
from touchdesk.services.due_steps import in_trash
from touchdesk.store.models import Prospect


class Overview(NamedTuple):
    """The prospects, the active ones among them, and the seller's target."""

    prospects: int
    active: int
    target: int

    @property
    def is_empty(self) -> bool:
        return self.prospects == 0

    @property
    def gap(self) -> int:
        """How many more active conversations the funnel needs."""
        return max(self.target - self.active, 0)


# Here rather than with the rest of the prospects service: the window shows these before
# its first paint, and that service (with its contact rules) is not needed until later.
def count_prospects(include_trash: bool = False) -> int:
    query = Prospect.select()
    if not include_trash:
        query = query.where(Prospect.deleted_at.is_null())
    return query.count()


def count_active() -> int:
    return (
        Prospect.select()
        .where(Prospect.deleted_at.is_null(), Prospect.status == ProspectStatus.ACTIVE.value)
        .count()
    )


def overview() -> Overview:
    """Both counts in one pass over the (stage, status) index, the trash set apart by its
    own: the window reads them before its first paint, when none of the prospect table is
    in the page cache yet, and that table is ten times the index."""
    active = fn.SUM(Prospect.status == ProspectStatus.ACTIVE.value)
    live = Prospect.select(fn.COUNT(Prospect.id), fn.COALESCE(active, 0))
    prospects, active_count = live.where(Prospect.id.not_in(in_trash())).tuples().get()
    return Overview(prospects, active_count, int(settings.get("target_active")))

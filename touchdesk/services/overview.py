"""The few numbers the shell shows everywhere: prospects, active against target."""

from __future__ import annotations

from typing import NamedTuple

from peewee import SQL, Select, fn

from touchdesk.domain.vocabulary import ProspectStatus
from touchdesk.services import settings
from touchdesk.services.due_steps import in_trash
from touchdesk.store.models import Prospect, Stage
from touchdesk.store.prepared import NO_VALUE, Prepared


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


# Every figure from an index, never the prospect table: everyone from the smallest index
# (SQLite counts its pages' cells), the active ones from the (stage, status) index by naming
# every stage, and the few in the trash from their own partial index, taken off both. The
# window reads them before its first paint, with none of the file in the page cache yet.
_ACTIVE = ProspectStatus.ACTIVE.value
_COUNTS = Prepared(
    lambda _: Select(
        columns=[
            Prospect.select(fn.COUNT(SQL("*"))),
            Prospect.select(fn.COUNT(SQL("*"))).where(
                Prospect.stage.in_(Stage.select(Stage.id)), Prospect.status == _ACTIVE
            ),
            in_trash().select(fn.COUNT(SQL("*"))),
            in_trash().select(fn.COUNT(SQL("*"))).where(Prospect.status == _ACTIVE),
        ]
    ),
    NO_VALUE,
)


def overview() -> Overview:
    """The live prospects and the active ones among them, from one statement (one snapshot)."""
    everyone, active, trashed, trashed_active = _COUNTS.run().fetchone()
    return Overview(everyone - trashed, active - trashed_active, int(settings.get("target_active")))

"""The board: every card from one query, and moving a prospect between stages."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import JOIN, fn

from touchdesk.domain.board import TAG_SEPARATOR, Card
from touchdesk.domain.persistence import is_persistent_win, win_mark
from touchdesk.domain.stages import StageInfo
from touchdesk.domain.vocabulary import EventKind, ProspectStatus, StageOutcome
from touchdesk.services.bulk_read import fewer_collections
from touchdesk.services.changes import Change
from touchdesk.services.contact_points import first_contact
from touchdesk.services.stages import list_stages
from touchdesk.store.db import database, utc_now
from touchdesk.store.models import (
    NextStep,
    Plan,
    PlanRun,
    PlanStep,
    Prospect,
    ProspectEvent,
    ProspectTag,
    Stage,
)
from touchdesk.store.prepared import Prepared


@dataclass(frozen=True)
class Board:
    stages: list[StageInfo]
    cards: list[Card]


def card_query(include_inactive: bool = False):
    """One SELECT for every card: the prospect row carries its counters, the open next step
    comes from a join on the one-open-step index, contacts and tags from subqueries."""
    tags = ProspectTag.alias()
    tag_list = tags.select(fn.group_concat(tags.tag, TAG_SEPARATOR)).where(
        tags.prospect == Prospect.id
    )
    steps = PlanStep.alias()
    step_count = steps.select(fn.count(steps.id)).where(steps.plan == PlanRun.plan)
    query = (
        Prospect.select(
            Prospect.id,
            Prospect.first_name,
            Prospect.last_name,
            Prospect.company,
            Prospect.stage,
            Prospect.status,
            Prospect.touch_count,
            Prospect.attempts,
            Prospect.last_touch_at,
            Prospect.time_zone,
            NextStep.id,
            NextStep.due_at,
            NextStep.channel,
            NextStep.purpose,
            first_contact("email"),
            first_contact("phone"),
            tag_list,
            Plan.name,
            PlanRun.position,
            PlanRun.status,
            step_count,
        )
        .join(
            NextStep,
            JOIN.LEFT_OUTER,
            on=(NextStep.prospect == Prospect.id) & (NextStep.status == "open"),
        )
        .switch(Prospect)
        .join(
            PlanRun,
            JOIN.LEFT_OUTER,
            on=(PlanRun.prospect == Prospect.id) & PlanRun.status.in_(["active", "paused"]),
        )
        .join(Plan, JOIN.LEFT_OUTER, on=(Plan.id == PlanRun.plan))
        .where(Prospect.deleted_at.is_null())
        .order_by(NextStep.due_at.asc(nulls="first"), Prospect.id)
    )
    if not include_inactive:
        query = query.where(Prospect.status == ProspectStatus.ACTIVE.value)
    return query


def _cards(query) -> list[Card]:
    """Rows as SQLite returns them, wrapped as cards without converting each field."""
    with fewer_collections():
        return list(map(Card._make, database.execute(query).fetchall()))


def load_board(include_inactive: bool = False) -> Board:
    """Stages in the seller's order and every card; two statements whatever the size."""
    cards = _cards(card_query(include_inactive))
    return Board(list_stages(), cards)


@dataclass(frozen=True)
class Placement:
    """Where a prospect stands: its column and its status (outcome columns set the status)."""

    stage_id: int
    status: ProspectStatus


_OUTCOME_STATUS = {
    StageOutcome.WON.value: ProspectStatus.WON,
    StageOutcome.LOST.value: ProspectStatus.LOST,
}


def move_to_stage(prospect_id: int, stage_id: int) -> tuple[Placement, Change]:
    """Put the prospect in another column and note it on the timeline.

    Dropping on Won or Lost sets that status; leaving them makes the prospect active again.
    Returns the placement it came from, so restore_placement() can undo the move.
    """
    with database.atomic():
        prospect = Prospect.get_by_id(prospect_id)
        target = Stage.get_by_id(stage_id)
        status = ProspectStatus(prospect.status)
        if target.outcome in _OUTCOME_STATUS:
            status = _OUTCOME_STATUS[target.outcome]
        elif prospect.stage.outcome in _OUTCOME_STATUS:
            status = ProspectStatus.ACTIVE
        before = Placement(prospect.stage_id, ProspectStatus(prospect.status))
        change = restore_placement(prospect_id, Placement(stage_id, status))
    return before, change


def restore_placement(prospect_id: int, placement: Placement) -> Change:
    """Set column and status exactly, recording each change on the timeline."""
    with database.atomic():
        prospect = Prospect.get_by_id(prospect_id)
        now = utc_now()
        events = []
        if prospect.stage_id != placement.stage_id:
            target = Stage.get_by_id(placement.stage_id)
            events.append((EventKind.STAGE_CHANGED, f"{prospect.stage.name} → {target.name}"))
        if prospect.status != placement.status.value:
            old = ProspectStatus(prospect.status).label
            events.append((EventKind.STATUS_CHANGED, f"{old} → {placement.status.label}"))
            # Dropped on Won or marked won: a win that took persistence is marked as such.
            if placement.status is ProspectStatus.WON and is_persistent_win(prospect.touch_count):
                events.append((EventKind.PERSISTENT_WIN, win_mark(prospect.touch_count)))
        if not events:
            return Change.NOTHING
        Prospect.update(
            stage=placement.stage_id, status=placement.status.value, updated_at=now
        ).where(Prospect.id == prospect_id).execute()
        ProspectEvent.insert_many(
            [(prospect_id, kind.value, now, detail) for kind, detail in events],
            fields=[
                ProspectEvent.prospect,
                ProspectEvent.kind,
                ProspectEvent.occurred_at,
                ProspectEvent.detail,
            ],
        ).execute()
    return Change.PROSPECTS


# The board's query for one prospect, compiled once: the prospect page asks on every open.
# Its constants are in its SQL, so SQLite finds the open step and the current plan run by
# their partial indexes (with them bound it scanned the prospect's steps, 7 times slower).
_ONE_CARD = Prepared(
    lambda pid: card_query(include_inactive=True).where(Prospect.id == pid),
    constants_in_sql=True,
)


def load_card(prospect_id: int) -> Card | None:
    """One prospect's card (any status), from the same query the board uses."""
    row = _ONE_CARD.run(prospect_id).fetchone()
    return Card._make(row) if row is not None else None

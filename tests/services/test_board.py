"""The board query and stage moves, on a real database."""

from __future__ import annotations

import gc
from datetime import UTC, datetime

from tests.factories import days, prospect
from touchdesk.domain.vocabulary import Channel, EventKind, ProspectStatus
from touchdesk.services.board import Placement, load_board, move_to_stage, restore_placement
from touchdesk.services.changes import Change
from touchdesk.services.stages import list_stages
from touchdesk.store.db import database
from touchdesk.store.models import Prospect, ProspectEvent

NOW = datetime.now(UTC).replace(microsecond=0)


def count_statements(action) -> int:
    """How many SQL statements SQLite itself ran for `action`."""
    seen: list[str] = []
    connection = database.connection()
    connection.set_trace_callback(seen.append)
    try:
        action()
    finally:
        connection.set_trace_callback(None)
    return len(seen)


def test_card_carries_next_step_contacts_and_tags(store):
    pid = prospect(
        "Hannah",
        "Whitfield",
        "Whitfield & Sons",
        due=NOW + days(1),
        channel=Channel.EMAIL,
        purpose="Send the pricing update",
        emails=("hannah@whitfield.example", "other@example.com"),
        phones=("+441632960123",),
        tags=("VIP", "Trade show"),
    )
    card = next(c for c in load_board().cards if c.prospect_id == pid)
    assert card.name == "Hannah Whitfield"
    assert card.next_channel is Channel.EMAIL
    assert card.next_purpose == "Send the pricing update"
    assert card.next_due_at == NOW + days(1)
    assert card.email == "hannah@whitfield.example"
    assert card.phone == "+441632960123"
    assert sorted(card.tags) == ["trade show", "vip"]


def test_the_board_costs_the_same_statements_for_5_or_60_prospects(store):
    for i in range(5):
        prospect(f"P{i}", due=NOW + days(i), emails=(f"p{i}@example.com",), tags=("a", "b"))
    small = count_statements(load_board)
    for i in range(55):
        prospect(f"Q{i}", due=NOW + days(i) if i % 2 else None, phones=("+12025550100",))
    large = count_statements(load_board)
    assert len(load_board().cards) == 60
    assert small == large <= 3


def test_prospects_without_next_step_come_first_then_by_due_time(store):
    later = prospect("Later", due=NOW + days(5))
    none = prospect("None")
    sooner = prospect("Sooner", due=NOW - days(1))
    assert [c.prospect_id for c in load_board().cards] == [none, sooner, later]


def test_inactive_and_trashed_prospects_are_hidden_unless_asked(store):
    active = prospect("Active")
    won = prospect("Won", status=ProspectStatus.WON)
    trashed = prospect("Trashed")
    Prospect.update(deleted_at=NOW).where(Prospect.id == trashed).execute()
    assert [c.prospect_id for c in load_board().cards] == [active]
    assert {c.prospect_id for c in load_board(include_inactive=True).cards} == {active, won}


def test_move_records_the_change_and_can_be_put_back(store):
    stages = list_stages()
    pid = prospect("Mover")
    before, change = move_to_stage(pid, stages[2].id)
    assert change == Change.PROSPECTS
    assert before == Placement(stages[0].id, ProspectStatus.ACTIVE)
    assert Prospect.get_by_id(pid).stage_id == stages[2].id
    event = ProspectEvent.select().where(ProspectEvent.kind == EventKind.STAGE_CHANGED.value).get()
    assert event.detail == "New → Meeting"
    restore_placement(pid, before)
    assert Prospect.get_by_id(pid).stage_id == stages[0].id


def test_dropping_on_won_sets_the_status_and_leaving_it_reactivates(store):
    stages = {s.name: s for s in list_stages()}
    pid = prospect("Buyer")
    move_to_stage(pid, stages["Won"].id)
    assert Prospect.get_by_id(pid).status == ProspectStatus.WON.value
    move_to_stage(pid, stages["Proposal"].id)
    assert Prospect.get_by_id(pid).status == ProspectStatus.ACTIVE.value
    kinds = [
        e.kind
        for e in ProspectEvent.select()
        .where(ProspectEvent.prospect == pid)
        .order_by(ProspectEvent.id)
    ]
    assert kinds.count(EventKind.STATUS_CHANGED.value) == 2


def test_moving_to_the_same_stage_changes_nothing(store):
    pid = prospect("Still")
    _, change = move_to_stage(pid, list_stages()[0].id)
    assert change == Change.NOTHING
    assert (
        ProspectEvent.select().where(ProspectEvent.kind == EventKind.STAGE_CHANGED.value).count()
        == 0
    )


def test_a_card_shows_its_plan_progress(store):
    from zoneinfo import ZoneInfo

    from touchdesk.services.plans import apply_plan, list_plans

    pid = prospect("Ada", country_code="GB")
    plan = next(p.id for p in list_plans() if p.spec.name == "No answer")
    apply_plan([pid], plan, NOW, ZoneInfo("Europe/London"))
    card = next(c for c in load_board().cards if c.prospect_id == pid)
    assert card.plan_progress == "No answer · 1/9"


def test_a_large_board_loads_without_the_collector_walking_its_cards(store):
    """Each collector pass during a load walks the cards made so far; 2,000 cards used to set
    off a pass every 700 new objects (and, on a large desk, passes over the whole heap)."""
    stage = list_stages()[0].id
    now = datetime(2026, 11, 2, tzinfo=UTC)
    with database.atomic():
        Prospect.insert_many(
            [
                {"first_name": f"P{n}", "last_name": "Doe", "stage": stage}
                | {"created_at": now, "updated_at": now}
                for n in range(2000)
            ]
        ).execute()
    passes = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            passes.append(info["generation"])

    gc.callbacks.append(count)
    try:
        board = load_board()
    finally:
        gc.callbacks.remove(count)
    assert len(board.cards) == 2000
    assert len(passes) <= 1, passes  # at most the one pass once the collector resumes
    assert gc.isenabled()


def test_the_collector_stays_off_when_it_was_off_before(store):
    gc.disable()
    try:
        load_board()
        assert not gc.isenabled()
    finally:
        gc.enable()

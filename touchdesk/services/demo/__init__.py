"""Deterministic sample data: prospects in five countries with six months of real follow-up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from random import Random

from touchdesk.domain.today import zone_or
from touchdesk.domain.vocabulary import MailStatus, StageOutcome
from touchdesk.services import settings
from touchdesk.services.demo.generator import _Generator
from touchdesk.services.demo.history import CHUNK
from touchdesk.services.demo.rows import _Rows, _skeletons, _Stages
from touchdesk.services.demo.summary import DemoError, DemoSummary
from touchdesk.services.policy import seller_day
from touchdesk.services.stages import ensure_default_stages
from touchdesk.store import bulk
from touchdesk.store.db import database, utc_now
from touchdesk.store.models import Plan, PlanRun, Prospect, Stage, Touch

__all__ = ["DemoError", "DemoSummary", "fill_demo"]


def _stages() -> _Stages:
    rows = list(Stage.select().order_by(Stage.position, Stage.id))
    open_ids = tuple(r.id for r in rows if r.outcome == StageOutcome.OPEN.value)
    if not open_ids:
        raise DemoError("The board has no open stage to put sample prospects in.")
    won = next((r.id for r in rows if r.outcome == StageOutcome.WON.value), open_ids[-1])
    lost = next((r.id for r in rows if r.outcome == StageOutcome.LOST.value), open_ids[-1])
    return _Stages(open_ids, {r.id: r.name for r in rows}, won, lost)


def fill_demo(
    prospects: int = 60,
    seed: int = 7,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill an empty database with sample prospects; same seed and `now`, same data.

    Refuses a database that already has prospects (even in the trash): sample data
    never mixes with the seller's own.
    """
    if prospects < 1:
        raise DemoError("Ask for at least one sample prospect.")
    if now is None:
        now = utc_now()
    elif now.tzinfo is None:
        raise DemoError("The sample data's 'now' needs a time zone.")
    now = now.astimezone(UTC).replace(microsecond=0)
    rng = Random(seed)
    with database.atomic():
        if Prospect.select().exists():
            raise DemoError(
                "This database already has prospects. Sample data only goes into an empty "
                "database: open the separate sample database or a new file instead."
            )
        ensure_default_stages()
        stages = _stages()
        seller_zone = zone_or(str(settings.get("time_zone")), UTC)
        skeletons = _skeletons(rng, prospects, now, len(stages.open_ids))
        first_id = bulk.next_id(Prospect)
        generator = _Generator(rng, now, seller_zone, stages, bulk.next_id(Touch))
        generator.seller = seller_day()._replace(zone=seller_zone)
        builtin = Plan.select(Plan.name, Plan.id).where(Plan.builtin == True)  # noqa: E712
        generator.plan_ids = {name: plan_id for name, plan_id in builtin.tuples()}
        generator.next_run_id = bulk.next_id(PlanRun)
        counts = {"touches": 0, "events": 0, "steps": 0, "mail": 0}
        for start in range(0, prospects, CHUNK):
            rows = _Rows()
            for offset, sk in enumerate(skeletons[start : start + CHUNK]):
                generator.prospect(first_id + start + offset, first_id, sk, rows)
            rows.insert()
            counts["touches"] += len(rows.touches)
            counts["events"] += len(rows.events)
            counts["steps"] += len(rows.steps)
            counts["mail"] += sum(1 for row in rows.mail if row.status == MailStatus.QUEUED.value)
            if progress is not None:
                progress(min(start + CHUNK, prospects), prospects)
        if generator.thanked:  # the app does not ask again about the thank-yous queued
            answered = list(settings.get("referrer_thanks_answered"))
            settings.put("referrer_thanks_answered", answered + generator.thanked)
    bulk.checkpoint()  # one large write: fold the log in now rather than on the next open
    statuses = [sk.status for sk in skeletons]
    due_kinds = generator.due_kinds
    return DemoSummary(
        prospects=prospects,
        active=statuses.count("active"),
        won=statuses.count("won"),
        lost=statuses.count("lost"),
        dormant=statuses.count("dormant"),
        do_not_contact=statuses.count("do_not_contact"),
        touches=counts["touches"],
        next_steps=counts["steps"],
        overdue=due_kinds.count("overdue"),
        due_today=due_kinds.count("today"),
        without_next_step=due_kinds.count("none"),
        mail_queued=counts["mail"],
        events=counts["events"],
    )

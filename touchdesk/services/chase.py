"""The text of a chaser email when its step is due: the template on top, the earlier emails
of the chase quoted below, from what the timeline logged."""

from __future__ import annotations

from datetime import UTC, datetime

from touchdesk.domain.chase import ChaseText, SentEmail, chase_body, chaser_template
from touchdesk.domain.templates import render
from touchdesk.domain.today import zone_or
from touchdesk.domain.vocabulary import Channel, Direction
from touchdesk.services import settings
from touchdesk.services.email_history import unanswered_emails
from touchdesk.services.messages import template_values
from touchdesk.services.next_steps import get_step
from touchdesk.services.templates import get_template
from touchdesk.store.db import database
from touchdesk.store.models import NextStep, PlanRun, PlanStep, Prospect, Touch

CHASERS = frozenset({"chase_1", "chase_2", "chase_3"})


def _earlier_emails(prospect_id: int, since: datetime | None, limit: int) -> list[SentEmail]:
    """Outbound emails logged since `since` (the run's start), newest first, at most `limit`."""
    prospect = Prospect.get_by_id(prospect_id)
    zone = zone_or(prospect.time_zone, zone_or(settings.load_profile().time_zone, UTC))
    query = Touch.select(Touch.occurred_at, Touch.note).where(
        Touch.prospect == prospect_id,
        Touch.deleted_at.is_null(),
        Touch.channel == Channel.EMAIL.value,
        Touch.direction == Direction.OUT.value,
    )
    if since is not None:
        query = query.where(Touch.occurred_at >= since)
    rows = query.order_by(Touch.occurred_at.desc(), Touch.id.desc()).limit(limit)
    return [SentEmail(row.occurred_at.astimezone(zone).date(), row.note) for row in rows]


def plan_template(step: NextStep) -> tuple[str, PlanRun | None]:
    """The template the plan gives this step, and its run; ('', None) without a plan."""
    run = step.plan_run
    if run is None:
        return "", None
    planned = PlanStep.get_or_none(PlanStep.plan == run.plan_id, PlanStep.position == run.position)
    key = planned.template.key if planned is not None and planned.template_id else ""
    return key, run


def chase_text(step_id: int, now: datetime | None = None) -> ChaseText | None:
    """Subject and body of the email step `step_id`, quoting the emails sent before it in the
    chase (the plan run's, else those since the prospect last answered), newest first.

    None when the step is not an email, or is the first email with no template to fill.
    """
    now = now or datetime.now(UTC)
    info = get_step(step_id)
    if info.channel is not Channel.EMAIL:
        return None
    with database.reading():
        row = NextStep.get_by_id(step_id)
        key, run = plan_template(row)
        if key and key not in CHASERS:
            earlier = []  # the plan's own email (trying to reach you, the break-up) stands alone
        elif run is not None:
            earlier = _earlier_emails(info.prospect_id, run.started_at, 1000)
        else:
            count = unanswered_emails(info.prospect_id)
            earlier = _earlier_emails(info.prospect_id, None, count) if count else []
        key = key or chaser_template(len(earlier))
        template = get_template(key) if key else None
        if template is None and not earlier:
            return None
        values = template_values(info.prospect_id, now)
        subject = render(template.subject, values) if template else ""
        message = render(template.body, values) if template else ""
    return ChaseText(subject, chase_body(message, earlier), len(earlier))

"""What a template's placeholders say for one prospect, today."""

from __future__ import annotations

from datetime import UTC, datetime

from touchdesk.domain.templates import render
from touchdesk.domain.today import zone_or
from touchdesk.domain.wording import spoken_day, spoken_time
from touchdesk.services import settings
from touchdesk.services.library import get_template
from touchdesk.services.next_steps import open_step
from touchdesk.services.prospects import get_prospect

UNKNOWN = "—"  # a value that cannot be filled, e.g. the next step of a prospect without one


def template_values(
    prospect_id: int, now: datetime, referred_name: str = UNKNOWN
) -> dict[str, str]:
    """What the placeholders say for this prospect, as the message would be sent at `now`."""
    record = get_prospect(prospect_id)
    profile = settings.load_profile()
    values = {
        "first_name": record.first_name,
        "last_name": record.last_name,
        "company": record.company,
        "my_name": profile.seller_name,
        "my_company": profile.company,
        "my_phone": profile.seller_phone,
        "next_step_time": UNKNOWN,
        "next_step_day": UNKNOWN,
        "referred_name": referred_name,
    }
    step = open_step(prospect_id)
    if step is not None:
        # Said in their day: "tomorrow at 8:30" is their tomorrow, their 8:30.
        zone = zone_or(record.time_zone, zone_or(profile.time_zone, UTC))
        when = step.due_at.astimezone(zone)
        values["next_step_time"] = spoken_time(when)
        values["next_step_day"] = spoken_day(when.date(), now.astimezone(zone).date())
    return values


def message_for(template_key: str, prospect_id: int, now: datetime, **extra: str) -> str:
    """A template's body filled in for the prospect; empty when the template is gone."""
    template = get_template(template_key)
    if template is None:
        return ""
    return render(template.body, template_values(prospect_id, now, **extra))

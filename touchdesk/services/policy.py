"""The time policy's two days, read from the seller's settings and the prospect's record."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

from touchdesk.domain.time_policy import ProspectDay, SellerDay, country_for
from touchdesk.domain.today import zone_or
from touchdesk.services import settings
from touchdesk.store.models import Prospect


def seller_day() -> SellerDay:
    profile = settings.load_profile()
    return SellerDay(
        ZoneInfo(profile.time_zone),
        time.fromisoformat(profile.work_start),
        time.fromisoformat(profile.work_end),
        frozenset(int(day) for day in profile.work_days if day.isdigit()),
    )


def day_of(prospect: Prospect, seller: SellerDay) -> ProspectDay:
    """Their zone (the seller's when unknown) and the country whose holidays they keep: their
    own, else their time zone's, never simply the seller's."""
    zone = zone_or(prospect.time_zone, seller.zone)
    return ProspectDay(zone, country_for(prospect.country_code, getattr(zone, "key", "")))


def prospect_day(prospect_id: int, seller: SellerDay | None = None) -> ProspectDay:
    return day_of(Prospect.get_by_id(prospect_id), seller or seller_day())

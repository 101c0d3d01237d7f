"""One locale's date and time patterns and names as plain data, and the few CLDR fields they use.

Babel's import and its locale data cost a launch some 30 ms before the first date shows. The
patterns and names `DateText` needs are small: read from Babel once (`DateText.tables`), kept
in a file beside the app's other caches, and formatted here without Babel. A pattern with a
field this module does not render is left out, and that text is asked of Babel as before.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, NamedTuple

# Bumped whenever the kept data or its meaning changes: an older file is then read again.
TABLES_VERSION = 1

# The fields rendered here: numbers, and names looked up by month, weekday, half-day or era.
NUMBER_FIELDS = frozenset("ydhHKkms")
NAMED_FIELDS = frozenset("MLEecaG")

Token = tuple[str, str]  # ("chars", literal text) or ("field", the field's letters: "MMM")


def renders(tokens: list[Token]) -> bool:
    """Whether every field of a tokenised pattern is one this module formats."""
    return all(kind == "chars" or text[0] in NUMBER_FIELDS | NAMED_FIELDS for kind, text in tokens)


def named_samples(field: str) -> list[date | time]:
    """The values whose texts make up a named field's table, in the order `_named` reads it."""
    char = field[0]
    if char in "ML" and len(field) <= 2:
        return []  # a month number, not a name
    if char in "ML":
        return [date(2001, month, 1) for month in range(1, 13)]
    if char in "Eec":
        return [date(2001, 1, day) for day in range(1, 8)]  # 1 January 2001 was a Monday
    if char == "a":
        return [time(0, 0), time(12, 0)]
    return [date(2001, 1, 1)] if char == "G" else []  # every year shown is of the common era


def _number(value: int, width: int) -> str:
    return f"{value:0{width}d}"  # as Babel pads (%0*d): at least `width` digits


def _named(field: str, names: list[str], value: date | time) -> str:
    char = field[0]
    if char in "ML":
        return names[value.month - 1]  # type: ignore[union-attr]
    if char in "Eec":
        return names[value.weekday()]  # type: ignore[union-attr]
    if char == "a":
        return names[int(value.hour >= 12)]  # type: ignore[union-attr]
    return names[0]


def _field(field: str, value: Any, names: dict[str, list[str]]) -> str:
    char, width = field[0], len(field)
    if char == "y":
        year = _number(value.year, width)
        return year[-2:] if width == 2 else year
    if char in "ML" and width <= 2:
        return _number(value.month, width)
    if char in NAMED_FIELDS:
        return _named(field, names[field], value)
    number = {
        "d": lambda: value.day,
        "h": lambda: value.hour % 12 or 12,
        "H": lambda: value.hour,
        "K": lambda: value.hour % 12,
        "k": lambda: value.hour or 24,
        "m": lambda: value.minute,
        "s": lambda: value.second,
    }[char]()
    return _number(number, width)


class DateTables(NamedTuple):
    """The tokenised patterns by the name of the `DateText` format that uses them, the names of
    the named fields those patterns hold, and the plain texts (the date-time glue, the editor
    patterns)."""

    locale: str
    patterns: dict[str, list[Token]]
    names: dict[str, list[str]]
    texts: dict[str, str]

    def render(self, name: str, value: date | time | datetime) -> str | None:
        """The pattern `name` applied to `value`, or None when it is not kept."""
        tokens = self.patterns.get(name)
        if tokens is None:
            return None
        return "".join(
            text if kind == "chars" else _field(text, value, self.names) for kind, text in tokens
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "version": TABLES_VERSION,
            "locale": self.locale,
            "patterns": {
                name: [list(token) for token in tokens] for name, tokens in self.patterns.items()
            },
            "names": self.names,
            "texts": self.texts,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DateTables:
        """Raises ValueError on anything but what `to_json` wrote at this version."""
        if not isinstance(data, dict) or data.get("version") != TABLES_VERSION:
            raise ValueError("date tables of another version")
        try:
            patterns = {
                str(name): [(str(kind), str(text)) for kind, text in tokens]
                for name, tokens in data["patterns"].items()
            }
            names = {str(field): [str(n) for n in texts] for field, texts in data["names"].items()}
            texts = {str(key): str(text) for key, text in data["texts"].items()}
            locale = str(data["locale"])
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ValueError(f"damaged date tables: {error!r}") from error
        for tokens in patterns.values():
            if any(kind not in ("chars", "field") or not text for kind, text in tokens):
                raise ValueError("damaged date tables: a token of no known kind")
            if not renders(tokens):
                raise ValueError("damaged date tables: a field not rendered here")
            for kind, text in tokens:
                wanted = len(named_samples(text)) if kind == "field" else 0
                if wanted and len(names.get(text, [])) != wanted:
                    raise ValueError(f"damaged date tables: the names of {text} are missing")
        return cls(locale, patterns, names, texts)

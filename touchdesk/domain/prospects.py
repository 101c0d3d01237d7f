"""Tags, the trash, and how two prospects may be the same person."""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import lru_cache

from touchdesk.domain.names import display_name

# The input and the record live in modules of their own: a step's words read the record at
# launch without the input or the duplicate rules below. Other callers import them here.
from touchdesk.domain.prospect_input import ProspectInput  # noqa: F401 (callers import it here)
from touchdesk.domain.prospect_record import (  # noqa: F401 (callers import them here)
    ProspectRecord,
    name_with_company,
)


def normalise_tag(tag: str) -> str:
    """Tags compare case-insensitively and without surrounding space."""
    return " ".join(tag.split()).casefold()


def parse_tags(text: str) -> tuple[str, ...]:
    """'VIP, trade show,vip' -> ('vip', 'trade show'): comma-separated, each once, in order."""
    tags: list[str] = []
    for part in text.split(","):
        tag = normalise_tag(part)
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


@dataclass(frozen=True)
class TrashEntry:
    prospect_id: int
    first_name: str
    last_name: str
    company: str
    deleted_at: datetime

    @property
    def name(self) -> str:
        return display_name(self.first_name, self.last_name, self.company)


class DuplicateReason(StrEnum):
    """Why two prospects may be one person; the value is what the seller reads."""

    EMAIL = "same email"
    PHONE = "same phone"
    NAME_AT_COMPANY = "similar name at the same company"
    NAME = "similar name"
    COMPANY = "same company"


@dataclass(frozen=True)
class DuplicateHint:
    prospect_id: int
    name: str  # name_with_company() of the existing prospect
    reasons: tuple[DuplicateReason, ...]
    in_trash: bool = False

    def message(self) -> str:
        """'Possible duplicate of Hannah Whitfield — Whitfield & Sons (same email)'."""
        why = ", ".join(reason.value for reason in self.reasons)
        trash = ", in the trash" if self.in_trash else ""
        return f"Possible duplicate of {self.name} ({why}{trash})"


# Casefolded full names at least this alike (difflib ratio) count as the same person:
# catches a typo or a missing letter ("Jon Smith" / "John Smith"), not a different first name.
NAME_SIMILARITY = 0.85
# Each of the first and the last words, accents aside, must be one slip apart ("Jon"/"John",
# "Smith"/"Smyth") or at least this alike (two slips in a long word), not "Anna"/"Hannah"
# (0.8) or "Lena"/"Anna" (0.5).
WORD_SIMILARITY = 0.82


def _full_name(first_name: str, last_name: str) -> str:
    return " ".join(f"{first_name} {last_name}".split()).casefold()


def similar_names(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    if a > b:
        # difflib's ratio depends on which text comes first: one order for every caller, or
        # two people would be alike when one search compares them and not in another.
        a, b = b, a
    # The cheap upper bounds first, before difflib builds anything: most pairs of names are
    # nowhere near each other in length or letters.
    if 2.0 * min(len(a), len(b)) / (len(a) + len(b)) < NAME_SIMILARITY:
        return False
    ends_a, ends_b = _end_lengths(a), _end_lengths(b)
    if ends_a and ends_b and not all(map(_lengths_alike, ends_a, ends_b)):
        return False  # the first or the last words are too far apart in length
    letters_b = _letters(b)
    shared = sum(min(n, letters_b[c]) for c, n in _letters(a).items() if c in letters_b)
    if 2.0 * shared / (len(a) + len(b)) < NAME_SIMILARITY:
        return False
    if difflib.SequenceMatcher(None, a, b).ratio() < NAME_SIMILARITY:
        return False
    # A long shared surname carries the whole name over the line: "Lena Schneider" and "Anna
    # Schneider" are colleagues, not a typo. The first and the last words must be alike too.
    words_a, words_b = a.split(), b.split()
    if len(words_a) < 2 or len(words_b) < 2:
        return True
    return all(
        _one_slip(x, y) or difflib.SequenceMatcher(None, x, y).ratio() >= WORD_SIMILARITY
        for x, y in (
            (_unaccented(words_a[0]), _unaccented(words_b[0])),
            (_unaccented(words_a[-1]), _unaccented(words_b[-1])),
        )
    )


@lru_cache(maxsize=4096)
def _end_lengths(name: str) -> tuple[int, int] | None:
    """The lengths of the first and the last word, accents aside; None for a single word."""
    words = name.split()
    if len(words) < 2:
        return None
    return len(_unaccented(words[0])), len(_unaccented(words[-1]))


def _lengths_alike(x: int, y: int) -> bool:
    """Whether words this long can be one slip apart or WORD_SIMILARITY alike."""
    return abs(x - y) <= 1 or 2.0 * min(x, y) / (x + y) >= WORD_SIMILARITY


def _one_slip(a: str, b: str) -> bool:
    """At most one letter added, dropped, changed, or two swapped: Jon/John, Smith/Smyth."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    a, b = a[start:], b[start:]
    if len(a) != len(b):  # one letter dropped or added: the rest must match
        return a[1:] == b or a == b[1:]
    # Same length: one letter changed, or the first two swapped ("Li"/"Lee" never gets here).
    return a[1:] == b[1:] or (len(a) > 1 and a[0] == b[1] and a[1] == b[0] and a[2:] == b[2:])


def _unaccented(word: str) -> str:
    """'seán' -> 'sean': an accent left off is the commonest typo in a name."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def _letters(name: str) -> dict[str, int]:
    return dict(Counter(name))


def name_match(
    first_name: str,
    last_name: str,
    company: str,
    other_first: str,
    other_last: str,
    other_company: str,
) -> DuplicateReason | None:
    """Whether two records name the same person at the same company (or the same company)."""
    if " ".join(company.split()).casefold() != " ".join(other_company.split()).casefold():
        return None
    mine, theirs = _full_name(first_name, last_name), _full_name(other_first, other_last)
    if not mine and not theirs:
        return DuplicateReason.COMPANY if company.strip() else None
    if not similar_names(mine, theirs):
        return None
    return DuplicateReason.NAME_AT_COMPANY if company.strip() else DuplicateReason.NAME

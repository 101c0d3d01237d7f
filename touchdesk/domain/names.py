"""How a prospect is named on screen and on paper."""

from __future__ import annotations

# Han, Hiragana, Katakana and Hangul: names written in them put the family name first.
_EAST_ASIAN_RANGES = (
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
)


def _is_east_asian(text: str) -> bool:
    # Most names are ASCII or Latin with accents, all below the first range: one C-level
    # look at the highest character answers for them (the board names ten thousand cards).
    if text.isascii() or max(text) < "\u3040":
        return False
    return any(lo <= ord(ch) <= hi for ch in text for lo, hi in _EAST_ASIAN_RANGES)


def person_name(first_name: str, last_name: str) -> str:
    """'Ada Lovelace', but '山田 太郎' (family name first) for names written in CJK."""
    first, last = first_name.strip(), last_name.strip()
    if not first or not last:  # one of them alone, in either script
        return first or last
    return f"{last} {first}" if _is_east_asian(first + last) else f"{first} {last}"


def display_name(first_name: str, last_name: str, company: str = "") -> str:
    """The person's name, else the company, else a placeholder that is never blank."""
    return person_name(first_name, last_name) or company.strip() or "(no name)"

"""Finding a prospect from a few typed letters or digits: name, company, email or phone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from touchdesk.domain.names import person_name

# Fewer digits than this are part of a name or an email ("3M", "anna2"), not a phone.
PHONE_DIGITS = 3
_PHONE_MARKS = set("+()-./ \u00a0")


@dataclass(frozen=True)
class Findable:
    """One live prospect as quick open sees it."""

    prospect_id: int
    first_name: str
    last_name: str
    company: str
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """As Today and the prospect page write it ('山田 太郎'), with the company."""
        person = person_name(self.first_name, self.last_name)
        company = self.company.strip()
        return f"{person} — {company}" if person and company else person or company or "?"


def digits_of(text: str) -> str:
    return "".join(character for character in text if character.isdigit())


def _is_phone_query(typed: str) -> bool:
    """Digits with a phone's punctuation only: '555 01 23', '+1 (555) 0123'."""
    return len(digits_of(typed)) >= PHONE_DIGITS and all(
        character.isdigit() or character in _PHONE_MARKS for character in typed
    )


class QuickIndex:
    """Every findable prospect with its search texts, built once per quick open: each
    keystroke then only compares strings."""

    def __init__(self, people: Iterable[Findable]) -> None:
        self._rows = [
            (
                person,
                person.name.casefold(),
                "\n".join((person.name, *person.emails)).casefold(),
                "\n".join(digits_of(phone) for phone in person.phones),
            )
            for person in people
        ]

    def __len__(self) -> int:
        return len(self._rows)

    def find(self, typed: str, limit: int = 20) -> list[Findable]:
        """The prospects answering to `typed`, best first: a phone's digits whatever their
        spacing; otherwise every word somewhere in the name, company or an email, those whose
        name starts with the first word first."""
        typed = " ".join(typed.split())
        if not typed:
            return []
        found: list[tuple[int, str, Findable]] = []
        if _is_phone_query(typed):
            wanted = digits_of(typed)
            found = [(0, name, p) for p, name, _, digits in self._rows if wanted in digits]
        else:
            words = typed.casefold().split()
            for person, name, text, _ in self._rows:
                if all(word in text for word in words):
                    rank = (
                        0 if name.startswith(words[0]) else 1 if f" {words[0]}" in f" {name}" else 2
                    )
                    found.append((rank, name, person))
        found.sort(key=lambda item: (item[0], item[1], item[2].prospect_id))
        return [person for _, _, person in found[:limit]]

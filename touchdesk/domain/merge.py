"""Merging two records of one person: which pairs look alike, and the record the seller keeps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from functools import lru_cache
from itertools import combinations
from typing import NamedTuple

from touchdesk.domain.prospects import DuplicateReason, similar_names
from touchdesk.domain.vocabulary import ProspectStatus

# The fields chosen one by one in the merge dialog, in the order it shows them. The address is
# one choice: half of one address and half of another would deliver nowhere. So is the stage
# with the status: a Won card in the Proposal column would be neither.
FIELDS: tuple[tuple[str, str], ...] = (
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("company", "Company"),
    ("role", "Role"),
    ("address", "Address"),
    ("time_zone", "Time zone"),
    ("source", "Source"),
    ("stage", "Stage and status"),
    ("notes", "Notes"),
)
ADDRESS_PARTS = ("street", "street2", "city", "region", "postal_code", "country_code")
STANDING_PARTS = ("stage", "status", "lost_reason", "dormant_until")
_PARTS = {"address": ADDRESS_PARTS, "stage": STANDING_PARTS}


class Side(StrEnum):
    KEEP = "keep"  # the record that stays
    OTHER = "other"  # the record merged into it


def field_value(record: Mapping[str, object], field: str) -> str:
    """What the dialog shows for a field: the address as one line; the stage (by name, as
    the caller gives it) with the status when it is not plain active."""
    if field == "address":
        parts = (str(record.get(part) or "") for part in ADDRESS_PARTS)
        return ", ".join(part for part in parts if part.strip())
    if field == "stage":
        status = ProspectStatus(record.get("status") or ProspectStatus.ACTIVE.value)
        words = [str(record.get("stage") or "")]
        if status is not ProspectStatus.ACTIVE:
            words.append(status.label)
        if status is ProspectStatus.LOST and record.get("lost_reason"):
            words.append(str(record["lost_reason"]))
        if status is ProspectStatus.DORMANT and record.get("dormant_until"):
            words.append(f"until {record['dormant_until']}")
        return " · ".join(word for word in words if word)
    return str(record.get(field) or "")


def default_choices(keep: Mapping[str, object], other: Mapping[str, object]) -> dict[str, Side]:
    """The kept record's values, except where it has nothing and the other has something,
    and a 'do not contact' on either record stays: an opt-out is never merged away."""
    choices = {
        field: Side.OTHER
        if not field_value(keep, field).strip() and field_value(other, field).strip()
        else Side.KEEP
        for field, _ in FIELDS
    }
    opted_out = ProspectStatus.DO_NOT_CONTACT.value
    if other.get("status") == opted_out and keep.get("status") != opted_out:
        choices["stage"] = Side.OTHER
    return choices


def merged_fields(
    keep: Mapping[str, object], other: Mapping[str, object], choices: Mapping[str, Side]
) -> dict[str, object]:
    """The kept record's new field values; notes chosen from both are joined, never lost."""
    result: dict[str, object] = {}
    for field, _ in FIELDS:
        source = other if choices.get(field, Side.KEEP) is Side.OTHER else keep
        for name in _PARTS.get(field, (field,)):
            result[name] = source.get(name)
    kept_notes, other_notes = str(keep.get("notes") or ""), str(other.get("notes") or "")
    if other_notes.strip() and other_notes.strip() not in kept_notes:
        first, second = (
            (other_notes, kept_notes)
            if choices.get("notes") is Side.OTHER
            else (kept_notes, other_notes)
        )
        result["notes"] = "\n\n".join(part for part in (first.strip(), second.strip()) if part)
    return result


# A number or address shared by more prospects than this is a company's switchboard or shared
# inbox, not one person recorded twice (and pairing all of them would be quadratic).
SHARED_LINE = 4


class PairKey(NamedTuple):
    low: int
    high: int

    @classmethod
    def of(cls, a: int, b: int) -> PairKey:
        return cls(a, b) if a < b else cls(b, a)


class Person(NamedTuple):
    """What duplicate finding compares: ids and normalised keys only (a tuple: 10,000 of
    them are built on every search, and a frozen dataclass is several times slower to make)."""

    prospect_id: int
    full_name: str  # casefolded, spaces folded
    company: str  # casefolded, spaces folded
    emails: tuple[str, ...]
    phones: tuple[str, ...]


def find_pairs(
    people: Iterable[Person], dismissed: set[PairKey] = frozenset()
) -> dict[PairKey, list[DuplicateReason]]:
    """Pairs that may be one person, each with why, in one pass over indexes.

    Emails and phones group exactly; names are compared only within the same company (a very
    similar name there), or exactly when there is no company: comparing every name with every
    other would be quadratic in the whole database.
    """
    by_email: dict[str, list[int]] = {}
    by_phone: dict[str, list[int]] = {}
    by_company: dict[str, dict[str, list[int]]] = {}  # company -> full name -> ids
    by_name: dict[str, list[int]] = {}
    for pid, full_name, company, emails, phones in people:
        for email in emails:
            by_email.setdefault(email, []).append(pid)
        for phone in phones:
            by_phone.setdefault(phone, []).append(pid)
        if company:
            names = by_company.get(company) or by_company.setdefault(company, {})
            if full_name and not full_name.isspace():  # a name with no word is not compared
                names.setdefault(full_name, []).append(pid)
        elif full_name:
            by_name.setdefault(full_name, []).append(pid)
    # Plain (low, high) tuples while collecting: tens of thousands of pairs on a large desk,
    # and a named tuple is several times slower to make. They hash and compare alike.
    pairs: dict[tuple[int, int], list[DuplicateReason]] = {}

    def note(a: int, b: int, reason: DuplicateReason) -> None:
        key = (a, b) if a < b else (b, a)
        if a != b and key not in dismissed:
            reasons = pairs.get(key) or pairs.setdefault(key, [])
            if reason not in reasons:
                reasons.append(reason)

    for groups, reason in ((by_email, DuplicateReason.EMAIL), (by_phone, DuplicateReason.PHONE)):
        for ids in groups.values():
            if len(ids) < 2:
                continue  # most emails and phones belong to one prospect
            people_here = sorted(set(ids))
            if len(people_here) > SHARED_LINE:
                continue  # a switchboard or a team inbox: it says nothing about who is who
            for a, b in combinations(people_here, 2):
                note(a, b, reason)
    for ids in by_name.values():
        if len(ids) < 2:
            continue
        for a, b in combinations(sorted(set(ids)), 2):
            note(a, b, DuplicateReason.NAME)
    for by_full in by_company.values():
        # Colleagues are compared by distinct name, each pair of names once: the same name
        # twice at one company is alike without comparing, and a large company repeats names.
        for ids in by_full.values():
            for a, b in combinations(ids, 2):
                note(a, b, DuplicateReason.NAME_AT_COMPANY)
        if len(by_full) < 2:
            continue
        for x, y in _name_candidates(by_full):
            if _alike(x, y):
                for a in by_full[x]:
                    for b in by_full[y]:
                        note(a, b, DuplicateReason.NAME_AT_COMPANY)
    make = tuple.__new__
    return {make(PairKey, key): reasons for key, reasons in pairs.items()}


@lru_cache(maxsize=1 << 16)
def _alike(a: str, b: str) -> bool:
    """similar_names(), remembered: the same two names meet again at company after company."""
    return similar_names(a, b)


def _name_candidates(names: Iterable[str]) -> set[tuple[str, str]]:
    """Pairs of distinct names worth comparing within one company: names sharing the start of
    their first or of their last word. A typo rarely hits both ("Jon Smith" / "John Smith"
    share "sm"), and a company with hundreds of contacts is not compared every one with every
    other."""
    blocks: dict[tuple[bool, str], list[str]] = {}
    for name in names:
        words = name.split()
        if not words:
            continue
        blocks.setdefault((True, words[0][:2]), []).append(name)
        blocks.setdefault((False, words[-1][:2]), []).append(name)
    pairs: set[tuple[str, str]] = set()
    for block in blocks.values():
        if len(block) > 1:
            pairs.update(combinations(sorted(block), 2))
    return pairs

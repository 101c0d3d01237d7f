"""Merging two records of one person: which pairs look alike, and the record the seller keeps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from itertools import combinations
from typing import NamedTuple

from touchdesk.domain.name_blocks import MASKED_NAMES, NameGraph, alike_pairs
from touchdesk.domain.prospects import DuplicateReason
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


# Reasons collected as bits while pairing (tens of thousands of pairs on a large desk: an int
# or'ed in is far cheaper than a list searched and grown), in the order the seller reads them.
_REASON_ORDER = (
    DuplicateReason.EMAIL,
    DuplicateReason.PHONE,
    DuplicateReason.NAME,
    DuplicateReason.NAME_AT_COMPANY,
)
_EMAIL, _PHONE, _NAME, _NAME_AT_COMPANY = (1 << n for n in range(len(_REASON_ORDER)))
# Every combination of bits as its reasons, built once.
REASONS_OF: tuple[tuple[DuplicateReason, ...], ...] = tuple(
    tuple(reason for n, reason in enumerate(_REASON_ORDER) if mask >> n & 1)
    for mask in range(1 << len(_REASON_ORDER))
)


def find_pairs(
    people: Iterable[Person], dismissed: set[PairKey] = frozenset()
) -> dict[PairKey, list[DuplicateReason]]:
    """Pairs that may be one person, each with why (see pair_reasons)."""
    make = tuple.__new__
    return {
        make(PairKey, key): list(REASONS_OF[mask])
        for key, mask in pair_reasons(people, dismissed).items()
    }


def pair_reasons(
    people: Iterable[Person], dismissed: Iterable[tuple[int, int]] = ()
) -> dict[tuple[int, int], int]:
    """(low id, high id) -> the bits of its reasons (REASONS_OF reads them), in one pass over
    blocks: people are only ever compared within a block.

    Emails and phones group exactly; names are compared only within the same company (a very
    similar name there, the candidates blocked by the start of their first or last word), or
    exactly when there is no company: comparing every name with every other would be
    quadratic in the whole database.
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
    # Plain (low, high) tuples: tens of thousands of pairs on a large desk, and a named tuple
    # is several times slower to make. They hash and compare alike.
    pairs: dict[tuple[int, int], int] = {}
    get = pairs.get

    def block(ids: list[int], bit: int) -> None:
        # Sorted and distinct, combinations() gives each pair once, low id first.
        for key in combinations(sorted(set(ids)), 2):
            pairs[key] = get(key, 0) | bit

    for groups, bit in ((by_email, _EMAIL), (by_phone, _PHONE)):
        for ids in groups.values():
            # Most emails and phones belong to one prospect; one shared by many is a
            # switchboard or a team inbox: it says nothing about who is who.
            if 1 < len(ids) and len(set(ids)) <= SHARED_LINE:
                block(ids, bit)
    for ids in by_name.values():
        if len(ids) > 1:
            block(ids, _NAME)
    # The names of large companies become one graph, so two names are compared once for the
    # desk, not once per company where they meet.
    graph = NameGraph(
        name for by_full in by_company.values() if len(by_full) >= MASKED_NAMES for name in by_full
    )
    for by_full in by_company.values():
        # Colleagues are compared by distinct name, each pair of names once: the same name
        # twice at one company is alike without comparing, and a large company repeats names.
        for ids in by_full.values():
            if len(ids) > 1:
                block(ids, _NAME_AT_COMPANY)
        if len(by_full) < 2:
            continue
        if len(by_full) >= MASKED_NAMES:
            found = graph.pairs_within(by_full)
        else:
            found = alike_pairs(by_full)
        for x, y in found:
            for a in by_full[x]:
                for b in by_full[y]:
                    key = (a, b) if a < b else (b, a)
                    pairs[key] = get(key, 0) | _NAME_AT_COMPANY
    for key in dismissed:
        pairs.pop(key, None)
    return pairs

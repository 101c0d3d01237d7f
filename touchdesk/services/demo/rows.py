"""The generated rows in the tables' column names, and what is decided per prospect."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from random import Random
from typing import NamedTuple, TypeVar

from touchdesk.services.demo.history import (
    AGE,
    AGE_BY_RANK,
    LAST_TOUCH_AGE,
    OPEN_STAGE_WEIGHTS,
    STATUS_SHARE,
    STEP_SHARE,
    WIN_TOUCHES,
)
from touchdesk.services.demo.people import COUNTRIES, _Country
from touchdesk.services.demo.plans import on_plans
from touchdesk.store import bulk
from touchdesk.store.models import (
    ContactPoint,
    MailTask,
    NextStep,
    PlanRun,
    Prospect,
    ProspectEvent,
    ProspectTag,
    Touch,
)

T = TypeVar("T")


# -- the generated rows, in the tables' column names -----------------------------------


class _ProspectRow(NamedTuple):
    id: int
    first_name: str
    last_name: str
    company: str
    role: str
    street: str
    street2: str
    city: str
    region: str
    postal_code: str
    country_code: str
    time_zone: str
    source: str
    referrer_id: int | None
    stage_id: int
    status: str
    dormant_until: str | None
    lost_reason: str
    notes: str
    created_at: str
    updated_at: str
    deleted_at: str | None
    touch_count: int
    attempts: int
    last_touch_at: str
    last_reached_at: str | None


class _StepRow(NamedTuple):
    prospect_id: int
    due_at: str
    duration_minutes: int
    channel: str
    purpose: str
    location: str
    uid: str
    sequence: int
    status: str
    created_at: str
    updated_at: str
    closed_at: str | None
    plan_run_id: int | None = None


class _Envelope(NamedTuple):
    """The address snapshot a mail task keeps."""

    recipient_name: str
    company: str
    street: str
    street2: str
    city: str
    region: str
    postal_code: str
    country_code: str


class _MailRow(NamedTuple):
    prospect_id: int
    kind: str
    occasion: str
    message: str
    envelope: str
    due_on: str
    status: str
    recipient_name: str
    company: str
    street: str
    street2: str
    city: str
    region: str
    postal_code: str
    country_code: str
    created_at: str
    written_at: str | None
    mailed_at: str | None
    touch_id: int | None


# Touches are the bulk of the data: plain tuples, in this column order.
TOUCH_COLUMNS = (
    "id",
    "prospect_id",
    "channel",
    "direction",
    "outcome",
    "occurred_at",
    "attempt",
    "note",
    "created_at",
    "deleted_at",
)
CONTACT_COLUMNS = ("prospect_id", "kind", "label", "value", "position")
TAG_COLUMNS = ("prospect_id", "tag")
RUN_COLUMNS = (
    "id",
    "prospect_id",
    "plan_id",
    "position",
    "status",
    "started_at",
    "updated_at",
    "second_try",
)
EVENT_COLUMNS = ("prospect_id", "kind", "occurred_at", "detail")


@dataclass
class _Rows:
    prospects: list[_ProspectRow] = field(default_factory=list)
    contacts: list[tuple] = field(default_factory=list)
    tags: list[tuple] = field(default_factory=list)
    touches: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)
    steps: list[_StepRow] = field(default_factory=list)
    mail: list[_MailRow] = field(default_factory=list)
    runs: list[tuple] = field(default_factory=list)

    def insert(self) -> None:
        """Parents first, so every foreign key already points at a row."""
        bulk.insert_rows(Prospect, _ProspectRow._fields, self.prospects)
        bulk.insert_rows(ContactPoint, CONTACT_COLUMNS, self.contacts)
        bulk.insert_rows(ProspectTag, TAG_COLUMNS, self.tags)
        bulk.insert_rows(Touch, TOUCH_COLUMNS, self.touches)
        bulk.insert_rows(ProspectEvent, EVENT_COLUMNS, self.events)
        bulk.insert_rows(PlanRun, RUN_COLUMNS, self.runs)
        bulk.insert_rows(NextStep, _StepRow._fields, self.steps)
        bulk.insert_rows(MailTask, _MailRow._fields, self.mail)


@dataclass(frozen=True)
class _Skeleton:
    """What is decided for every prospect up front, so ids can follow creation time."""

    created_at: datetime
    last_at: datetime  # roughly when the latest touch happened
    status: str
    rank: int  # how far along the open stages it got
    country: _Country
    step: str  # "overdue", "today", "later", "none"; "" for inactive prospects
    queue_mail: bool
    touches: int = 0  # a won prospect's touches up to the win; 0: as the history goes
    plan: str = ""  # the built-in plan the prospect follows now, at `position`
    position: int = 0


@dataclass(frozen=True)
class _Stages:
    open_ids: tuple[int, ...]
    names: dict[int, str]
    won: int
    lost: int


# -- generation ------------------------------------------------------------------------


def _deck(rng: Random, n: int, shares: dict[str, int]) -> list[str]:
    """n labels in the given proportions, each at least once when n allows, shuffled."""
    total = sum(shares.values())
    counts = {label: n * share // total for label, share in shares.items()}
    if n >= len(shares):
        for label in counts:
            counts[label] = max(counts[label], 1)
    by_share = sorted(shares, key=lambda label: -shares[label])
    i = 0
    while sum(counts.values()) < n:
        counts[by_share[i % len(by_share)]] += 1
        i += 1
    while sum(counts.values()) > n:
        label = by_share[i % len(by_share)]
        if counts[label] > 1:
            counts[label] -= 1
        i += 1
    deck = [label for label, count in counts.items() for _ in range(count)]
    rng.shuffle(deck)
    return deck


def _days(rng: Random, low: float, high: float) -> timedelta:
    return timedelta(seconds=int(rng.uniform(low, high) * 86400))


def _skeletons(rng: Random, n: int, now: datetime, ranks: int) -> list[_Skeleton]:
    statuses = _deck(rng, n, STATUS_SHARE)
    steps = iter(_deck(rng, statuses.count("active"), STEP_SHARE))
    countries = _deck(rng, n, {c.code: c.weight for c in COUNTRIES})
    by_code = {c.code: c for c in COUNTRIES}
    mail = iter(_deck(rng, n, {"yes": 8, "no": 92}))
    weights = [OPEN_STAGE_WEIGHTS[min(i, len(OPEN_STAGE_WEIGHTS) - 1)] for i in range(ranks)]
    result = []
    wins = iter(WIN_TOUCHES * (n // len(WIN_TOUCHES) + 1))
    for status, code in zip(statuses, countries, strict=True):
        step = ""
        if status == "active":
            rank = rng.choices(range(ranks), weights)[0]
            step = next(steps)
            age = AGE_BY_RANK[min(rank, len(AGE_BY_RANK) - 1)]
            last_at = now - _days(rng, *LAST_TOUCH_AGE[step])
        else:
            top = ranks - 1
            low = {"won": min(3, top), "lost": min(1, top)}.get(status, 0)
            high = {"dormant": min(3, top), "do_not_contact": min(2, top)}.get(status, top)
            rank = rng.randint(low, high)
            age = AGE[status]
            last_at = now - _days(rng, 1, 45 if status == "dormant" else 60)
        created_at = now - _days(rng, *age)
        if created_at > last_at - timedelta(days=1):
            created_at = last_at - _days(rng, 1, 5)
        queue = next(mail) == "yes" and status in ("active", "won")
        touches = next(wins) if status == "won" else 0
        result.append(
            _Skeleton(created_at, last_at, status, rank, by_code[code], step, queue, touches)
        )
    result.sort(key=lambda s: s.created_at)  # ids in creation order: referrers come first
    return on_plans(rng, result)

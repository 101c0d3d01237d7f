"""One sample prospect at a time: contacts, touches, events, next step and mail."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from random import Random
from typing import TypeVar
from zoneinfo import ZoneInfo

from touchdesk.domain.attempts import attempts_after, next_attempt, resets_attempts
from touchdesk.domain.plans import REVIVE_PLAN, RunStatus
from touchdesk.domain.time_policy import ProspectDay, SellerDay, suggest
from touchdesk.domain.timing import SlotRule
from touchdesk.domain.today import end_of_day
from touchdesk.domain.vocabulary import (
    Channel,
    EventKind,
    MailKind,
    MailStatus,
    NextStepStatus,
    ProspectStatus,
)
from touchdesk.services.demo.history import (
    BREAK_UP,
    CHASE_PURPOSES,
    DURATIONS,
    MEETING_OUTCOMES,
    OCCASION_OF_NOTE,
    OCCASIONS,
    PURPOSES_BY_RANK,
    REFERRER_THANKS,
    RULE_OF_SLOT,
    STEP_CHANNELS_BY_RANK,
    VIDEO_LOCATION,
    WON,
    _history,
    _Kind,
    _lay_out,
    _Step,
)
from touchdesk.services.demo.people import (
    LOST_REASONS,
    PROSPECT_NOTES,
    REFERRAL,
    SOURCES,
    TAGS,
    _address,
    _company,
    _email,
    _phone,
    _pick,
)
from touchdesk.services.demo.plans import plan_step, plan_tail
from touchdesk.services.demo.rows import (
    _Envelope,
    _MailRow,
    _ProspectRow,
    _Rows,
    _Skeleton,
    _Stages,
    _StepRow,
)
from touchdesk.store import bulk

T = TypeVar("T")


@dataclass
class _Generator:
    rng: Random
    now: datetime
    seller_zone: tzinfo
    stages: _Stages
    next_touch_id: int
    names: dict[int, str] = field(default_factory=dict)
    used_emails: set[str] = field(default_factory=set)
    zones: dict[str, ZoneInfo] = field(default_factory=dict)
    seller: SellerDay | None = None  # the seller's working day, for the open steps
    plan_ids: dict[str, int] = field(default_factory=dict)  # built-in plans by name
    next_run_id: int = 1
    envelopes: dict[int, _Envelope] = field(default_factory=dict)  # to thank referrers
    statuses: dict[int, str] = field(default_factory=dict)
    due_kinds: list[str] = field(default_factory=list)  # where each open step landed
    thanked: list[str] = field(default_factory=list)  # thank-you keys already queued

    def prospect(self, pid: int, first_id: int, sk: _Skeleton, rows: _Rows) -> None:
        """One prospect with its contacts, tags, touches, events, next step and mail."""
        rng, country = self.rng, sk.country
        city = _pick(rng, country.cities)
        zone = self.zones.setdefault(city.time_zone, ZoneInfo(city.time_zone))
        first, last = _pick(rng, country.first_names), _pick(rng, country.last_names)
        company, slug = _company(rng, country, last)
        street, street2 = _address(rng, country, city)
        source, referrer = _pick(rng, SOURCES), None
        if pid > first_id and rng.random() < 0.12:
            source, referrer = REFERRAL, rng.randrange(first_id, pid)
        self.names[pid] = f"{first[0]} {last[0]}"

        local = f"{last[1]}.{first[1]}" if country.code == "JP" else f"{first[1]}.{last[1]}"
        rows.contacts.append((pid, "email", "work", _email(local, slug, self.used_emails), 0))
        rows.contacts.append((pid, "phone", "office", _phone(rng, city), 0))
        if rng.random() < 0.35:
            rows.contacts.append((pid, "phone", "direct", _phone(rng, city), 1))
        rows.tags += [(pid, tag) for tag in sorted(rng.sample(TAGS, _pick(rng, (0, 0, 1, 2, 3))))]

        lost_reason = _pick(rng, LOST_REASONS) if sk.status == "lost" else ""
        steps = _history(rng, sk, source)
        if sk.plan:
            steps += plan_tail(rng, sk)
        day = ProspectDay(zone, country.code)
        times = _lay_out(rng, steps, sk.created_at, sk.last_at, day, self.now)
        created = times[0] - timedelta(minutes=rng.randint(0, 30))
        running, reached = 0, None
        mailed: list[tuple[int, datetime, str]] = []
        for step, at in zip(steps, times, strict=True):
            kind = step.kind
            attempt = next_attempt(running, kind.facts)
            running = attempts_after(running, kind.facts)
            if attempt is None:
                reached = at
            note = _pick(rng, kind.notes)
            if "{" in note:  # the referral intro names the referrer; the loss, its reason
                referrer_name = self.names[referrer] if referrer is not None else ""
                note = note.format(referrer=referrer_name, reason=lost_reason.lower())
            tid, text = self.next_touch_id, bulk.instant(at)
            self.next_touch_id += 1
            rows.touches.append(
                (
                    tid,
                    pid,
                    kind.channel,
                    kind.direction,
                    kind.outcome,
                    text,
                    attempt,
                    note,
                    text,
                    None,
                )
            )
            if note in OCCASION_OF_NOTE:
                mailed.append((tid, at, note))

        stage_id = self.stages.open_ids[sk.rank]
        # A won deal is decided at the signing, not at the thank-you card after it.
        won_at = [at for s, at in zip(steps, times, strict=True) if s.kind is WON]
        decided = won_at[-1] if won_at else times[-1]
        self._stage_events(pid, sk, stage_id, created, times, decided, rows)
        stage_id = {"won": self.stages.won, "lost": self.stages.lost}.get(sk.status, stage_id)
        if sk.step and sk.step != "none":
            where = f"{street}, {city.city or city.region}"
            self._next_step(pid, sk, steps[-1].kind, times[-1], day, where, rows)
        else:
            self.due_kinds.append(sk.step)
        if sk.plan == REVIVE_PLAN:
            self._revived(pid, steps, times, rows)
        # A Japanese envelope puts the family name first, with the honorific.
        recipient = f"{last[0]} {first[0]} 様" if country.code == "JP" else f"{first[0]} {last[0]}"
        postal_code = _pick(rng, city.postal_codes)
        envelope = _Envelope(
            recipient, company, street, street2, city.city, city.region, postal_code, country.code
        )
        greet = {"first": first[0], "last": last[0]}
        self._mail(pid, sk, envelope, greet, mailed, steps[-1].kind, times[-1], rows)
        self.envelopes[pid], self.statuses[pid] = envelope, sk.status
        if referrer is not None and any(s.kind.outcome in MEETING_OUTCOMES for s in steps):
            self._thank_referrer(pid, referrer, times[-1], rows)

        rows.prospects.append(
            _ProspectRow(
                id=pid,
                first_name=first[0],
                last_name=last[0],
                company=company,
                role=_pick(rng, country.roles),
                street=street,
                street2=street2,
                city=city.city,
                region=city.region,
                postal_code=postal_code,
                country_code=country.code,
                time_zone=city.time_zone,
                source=source,
                referrer_id=referrer,
                stage_id=stage_id,
                status=sk.status,
                dormant_until=self._dormant_until(sk, times[-1], zone),
                lost_reason=lost_reason,
                notes=_pick(rng, PROSPECT_NOTES) if rng.random() < 0.2 else "",
                created_at=bulk.instant(created),
                updated_at=bulk.instant(times[-1] + timedelta(minutes=5)),
                deleted_at=None,
                touch_count=len(steps),
                attempts=running,
                last_touch_at=bulk.instant(times[-1]),
                last_reached_at=bulk.instant(reached) if reached else None,
            )
        )
        rows.events.append((pid, EventKind.CREATED.value, bulk.instant(created), "Added"))

    def _dormant_until(self, sk: _Skeleton, break_up: datetime, zone: tzinfo) -> str | None:
        """Let go with a date to revisit, 60 or 90 days after the break-up, still ahead."""
        if sk.status != "dormant":
            return None
        revisit = break_up.astimezone(zone).date() + timedelta(days=self.rng.choice((60, 90)))
        today = self.now.astimezone(self.seller_zone).date()
        if revisit <= today:
            revisit = today + timedelta(days=self.rng.randint(7, 30))
        return bulk.day(revisit)

    def _stage_events(
        self,
        pid: int,
        sk: _Skeleton,
        stage_id: int,
        created: datetime,
        times: list[datetime],
        decided: datetime,
        rows: _Rows,
    ) -> None:
        """Moves across the board as the history went on, then the final status change."""
        names, open_ids = self.stages.names, self.stages.open_ids
        for j in range(1, sk.rank + 1):
            at = max(times[min(len(times) - 1, j * len(times) // (sk.rank + 1))], created)
            detail = f"{names[open_ids[j - 1]]} → {names[open_ids[j]]}"
            moved = bulk.instant(at + timedelta(minutes=1))
            rows.events.append((pid, EventKind.STAGE_CHANGED.value, moved, detail))
        if sk.status == "active":
            return
        at = bulk.instant(decided + timedelta(minutes=1))
        outcome = {"won": self.stages.won, "lost": self.stages.lost}.get(sk.status)
        if outcome is not None and outcome != stage_id:
            detail = f"{names[stage_id]} → {names[outcome]}"
            rows.events.append((pid, EventKind.STAGE_CHANGED.value, at, detail))
        label = ProspectStatus(sk.status).label
        rows.events.append((pid, EventKind.STATUS_CHANGED.value, at, f"Active → {label}"))

    def _next_step(
        self,
        pid: int,
        sk: _Skeleton,
        last: _Kind,
        last_touch: datetime,
        day: ProspectDay,
        where: str,
        rows: _Rows,
    ) -> None:
        """Every interaction closes with the next step: set just after the latest touch, at
        a time the policy suggests (their day's rules, and the seller's hours when it can)."""
        rng = self.rng
        rule: SlotRule | None = None
        run_id = None
        if sk.plan:
            planned = plan_step(sk)
            channel, purpose, rule = planned.channel, planned.purpose, planned.timing
            run_id = self._plan_run(pid, sk, last_touch, rows)
        elif resets_attempts(last.facts):
            rank = min(sk.rank, len(STEP_CHANNELS_BY_RANK) - 1)
            channel = _pick(rng, STEP_CHANNELS_BY_RANK[rank])
            purpose = _pick(rng, PURPOSES_BY_RANK[rank])
        else:  # still chasing: the next try of the no-answer program
            channel, purpose, slot_name = _pick(rng, CHASE_PURPOSES)
            rule = RULE_OF_SLOT.get(slot_name)
        due, kind = self._due(sk.step, channel, rule, last_touch, day)
        self.due_kinds.append(kind)
        location = {Channel.MEETING: where, Channel.VIDEO_CALL: VIDEO_LOCATION}.get(channel, "")
        set_at = bulk.instant(last_touch + timedelta(minutes=2))
        rows.steps.append(
            _StepRow(
                prospect_id=pid,
                due_at=bulk.instant(due),
                duration_minutes=DURATIONS.get(channel, 30),
                channel=channel.value,
                purpose=purpose,
                location=location,
                uid=f"{uuid.UUID(int=rng.getrandbits(128), version=4)}@touchdesk",
                sequence=0,
                status=NextStepStatus.OPEN.value,
                created_at=set_at,
                updated_at=set_at,
                closed_at=None,
                plan_run_id=run_id,
            )
        )
        detail = f"{channel.label}: {purpose}"
        rows.events.append((pid, EventKind.NEXT_STEP_SET.value, set_at, detail))

    def _due(
        self,
        wanted: str,
        channel: Channel,
        rule: SlotRule | None,
        last_touch: datetime,
        day: ProspectDay,
    ) -> tuple[datetime, str]:
        """A suggested slot that is overdue, due today or later, as `wanted` when the
        prospect's days allow it, and which of the three it became."""
        rng, now = self.rng, self.now
        seller = self.seller or SellerDay(self.seller_zone)
        end_today = end_of_day(now, self.seller_zone)

        def first(after: datetime) -> datetime | None:
            found = suggest(after, channel, day, seller, 1, rule)
            return found[0].at.astimezone(UTC) if found else None

        due = None
        if wanted == "overdue":
            for after in (last_touch + (now - last_touch) * rng.uniform(0.2, 0.8), last_touch):
                due = first(after)
                if due is not None and due < now:
                    break
        elif wanted == "today":
            due = first(now)
        if due is None or (wanted == "today" and due >= end_today):
            days = rng.randint(1, 21) if wanted == "later" else 0
            due = first(max(now, end_today) + timedelta(days=days)) or first(now)
        if due is None:  # no slot for two months (never with real calendars): a day later
            due = now + timedelta(days=1)
        kind = "overdue" if due < now else "today" if due < end_today else "later"
        return due, kind

    def _plan_run(self, pid: int, sk: _Skeleton, last_touch: datetime, rows: _Rows) -> int | None:
        """The prospect's run of its plan, at the step now scheduled."""
        plan_id = self.plan_ids.get(sk.plan)
        if plan_id is None:  # the plan was renamed or deleted: a plain next step
            return None
        run_id, self.next_run_id = self.next_run_id, self.next_run_id + 1
        at = bulk.instant(last_touch + timedelta(minutes=2))
        rows.runs.append((run_id, pid, plan_id, sk.position, RunStatus.ACTIVE.value, at, at, 0))
        return run_id

    def _revived(self, pid: int, steps: list[_Step], times: list[datetime], rows: _Rows) -> None:
        """At rest after the break-up, back when they wrote: the revive call follows."""
        rest = next(i for i, s in enumerate(steps) if s.kind is BREAK_UP)
        dormant, active = ProspectStatus.DORMANT.label, ProspectStatus.ACTIVE.label
        for at, detail in (
            (times[rest], f"{active} → {dormant}"),
            (times[-1], f"{dormant} → {active}"),
        ):
            moment = bulk.instant(at + timedelta(minutes=1))
            rows.events.append((pid, EventKind.STATUS_CHANGED.value, moment, detail))

    def _thank_referrer(self, pid: int, referrer: int, after: datetime, rows: _Rows) -> None:
        """The referral met the seller: a handwritten thank-you to the referrer waits to be
        written (the question the app asks after such a meeting, answered yes)."""
        if self.statuses.get(referrer) == ProspectStatus.DO_NOT_CONTACT.value:
            return
        name = self.names[pid]
        queued = bulk.instant(after + timedelta(minutes=6))
        seller_today = self.now.astimezone(self.seller_zone).date()
        envelope = self.envelopes[referrer]
        rows.mail.append(
            _MailRow(
                referrer,
                MailKind.NOTE.value,
                f"Thank you for introducing {name}",
                REFERRER_THANKS.format(first=self.names[referrer].split()[0], name=name),
                "dl",
                bulk.day(seller_today),
                MailStatus.QUEUED.value,
                *envelope,
                created_at=queued,
                written_at=None,
                mailed_at=None,
                touch_id=None,
            )
        )
        detail = f"{MailKind.NOTE.label}: Thank you for introducing {name}"
        rows.events.append((referrer, EventKind.MAIL_QUEUED.value, queued, detail))
        self.thanked.append(f"{pid}:MEETING")

    def _mail(
        self,
        pid: int,
        sk: _Skeleton,
        envelope: _Envelope,
        greet: dict[str, str],
        mailed: list[tuple[int, datetime, str]],
        last: _Kind,
        last_touch: datetime,
        rows: _Rows,
    ) -> None:
        """Mailed notes and cards behind their touches, and the queue still to write."""
        country = sk.country
        for tid, at, note in mailed:
            occasion = OCCASION_OF_NOTE[note]
            kind = MailKind.NOTE if occasion == OCCASIONS[0] else MailKind.CARD
            rows.mail.append(
                _MailRow(
                    pid,
                    kind.value,
                    occasion,
                    country.messages[OCCASIONS.index(occasion)].format(**greet),
                    country.envelope,
                    bulk.day(at.astimezone(self.seller_zone).date()),
                    MailStatus.MAILED.value,
                    *envelope,
                    created_at=bulk.instant(at - timedelta(hours=3)),
                    written_at=bulk.instant(at - timedelta(hours=1)),
                    mailed_at=bulk.instant(at),
                    touch_id=tid,
                )
            )
        if not sk.queue_mail:
            return
        if sk.status == "won":
            kind, occasion = MailKind.CARD, OCCASIONS[3]
        elif last.channel in (Channel.MEETING.value, Channel.VIDEO_CALL.value):
            kind, occasion = MailKind.NOTE, OCCASIONS[0]
        else:
            kind, occasion = MailKind.CARD, _pick(self.rng, OCCASIONS[1:3])
        queued = bulk.instant(last_touch + timedelta(minutes=5))
        seller_today = self.now.astimezone(self.seller_zone).date()
        rows.mail.append(
            _MailRow(
                pid,
                kind.value,
                occasion,
                country.messages[OCCASIONS.index(occasion)].format(**greet),
                country.envelope,
                bulk.day(seller_today + timedelta(days=self.rng.randint(0, 3))),
                MailStatus.QUEUED.value,
                *envelope,
                created_at=queued,
                written_at=None,
                mailed_at=None,
                touch_id=None,
            )
        )
        rows.events.append((pid, EventKind.MAIL_QUEUED.value, queued, f"{kind.label}: {occasion}"))

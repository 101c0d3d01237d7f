"""One email with a prospect stored and logged through the follow-up cycle, exactly once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

import peewee

from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, Direction, NextStepStatus, Outcome
from touchdesk.services.changes import Change
from touchdesk.services.cycle_reads import ProspectNow, prospects_now
from touchdesk.services.follow_up import Consequences, PlanEffect, record_touch, set_step
from touchdesk.services.mailbox.parsing import ParsedEmail, first_lines
from touchdesk.services.timeline import log_touch, recount_many
from touchdesk.store.db import database, utc_now
from touchdesk.store.models import NextStep, OutboxEmail, Prospect, StoredEmail
from touchdesk.store.prepared import TEXT_MARK, Prepared, PreparedIn, PreparedInsert

# A due email step is done by an email sent up to this long before it was due (the seller
# wrote a little early) or any time after.
EARLY_SEND = timedelta(hours=12)

# A sync records a thousand emails in a row: each of these reads is compiled once, not each time.
_STORED = Prepared(
    lambda message_id: StoredEmail.select(StoredEmail.id, StoredEmail.prospect).where(
        StoredEmail.message_id == message_id
    ),
    TEXT_MARK,
)
_OUTBOX = Prepared(
    lambda message_id: OutboxEmail.select(OutboxEmail.prospect, OutboxEmail.touch).where(
        OutboxEmail.message_id == message_id
    ),
    TEXT_MARK,
)
_LAST_TOUCH = Prepared(
    lambda pid: Prospect.select(Prospect.last_touch_at).where(Prospect.id == pid)
)
_OPEN_STEP = Prepared(
    lambda pid: (
        NextStep.select(NextStep.id, NextStep.channel, NextStep.due_at, NextStep.plan_run)
        .where(NextStep.prospect == pid, NextStep.status == NextStepStatus.OPEN.value)
        .limit(1)
    )
)
_INSERT_EMAIL = PreparedInsert(
    StoredEmail.message_id,
    StoredEmail.prospect,
    StoredEmail.touch,
    StoredEmail.direction,
    StoredEmail.sent_at,
    StoredEmail.subject,
    StoredEmail.from_address,
    StoredEmail.to_addresses,
    StoredEmail.cc_addresses,
    StoredEmail.in_reply_to,
    StoredEmail.references,
    StoredEmail.body,
    StoredEmail.attachments,
    StoredEmail.folder,
    StoredEmail.created_at,
)


@dataclass(frozen=True)
class RecordedEmail:
    email_id: int
    created: bool  # False: this message was already stored for this prospect
    change: Change
    consequences: Consequences | None = None  # None for an old email logged as history
    advanced_step_id: int | None = None  # the plan's next step set after a sent email


def _summary(email: ParsedEmail) -> str:
    subject = email.subject or "(no subject)"
    opening = first_lines(email.body)
    return f"{subject}\n{opening}" if opening else subject


def _due_email_step(prospect_id: int, email: ParsedEmail) -> int | None:
    """The open email step a plan scheduled that this sent email fulfils, if any."""
    found = _OPEN_STEP.run(prospect_id).fetchone()
    if found is None:
        return None
    step_id, channel, due_at, plan_run_id = found
    if channel != Channel.EMAIL.value or plan_run_id is None:
        return None
    if NextStep.due_at.python_value(due_at) - EARLY_SEND > email.sent_at:
        return None
    return step_id


@dataclass(frozen=True)
class _Known:
    """What the database holds for a batch's Message-IDs, read in one query each before the
    batch and kept up to date as it is written (only inside that batch's transaction)."""

    stored: dict[str, list[tuple[int, int]]]  # Message-ID -> (stored email, prospect)
    outbox: dict[str, list[tuple[int, int | None]]]  # Message-ID -> (prospect, touch)


_STORED_MANY = PreparedIn(
    lambda message_ids: StoredEmail.select(
        StoredEmail.message_id, StoredEmail.id, StoredEmail.prospect
    ).where(StoredEmail.message_id.in_(message_ids)),
    text=True,
)
_OUTBOX_MANY = PreparedIn(
    lambda message_ids: OutboxEmail.select(
        OutboxEmail.message_id, OutboxEmail.prospect, OutboxEmail.touch
    ).where(OutboxEmail.message_id.in_(message_ids)),
    text=True,
)


def _known_for(message_ids: list[str]) -> _Known:
    known = _Known({}, {})
    unique = list(dict.fromkeys(message_ids))
    for message_id, email_id, prospect_id in _STORED_MANY.rows(unique):
        known.stored.setdefault(message_id, []).append((email_id, prospect_id))
    for message_id, prospect_id, touch_id in _OUTBOX_MANY.rows(unique):
        known.outbox.setdefault(message_id, []).append((prospect_id, touch_id))
    return known


def record_email(
    prospect_id: int,
    email: ParsedEmail,
    direction: Direction,
    folder: str = "",
    to_recount: set[int] | None = None,
    known: _Known | None = None,
    read: ProspectNow | None = None,
) -> RecordedEmail:
    """Store `email` for the prospect and log its touch. Sent by the seller: an outbound email
    touch (an attempt; the plan's due email step is done and its plan moves on). Received: an
    inbound touch, a reach (attempts reset, the plan pauses, a dormant prospect is offered
    revival, the stop rule starts again). An email older than the prospect's last touch is
    history: logged with its attempts recounted, but it moves no plan.

    `to_recount` (a sync recording a batch in one transaction): a history email only adds its
    prospect to this set, and the caller calls flush_recounts() before the transaction ends,
    so a year of old emails renumbers each prospect's attempts once, not once per email.
    `known` (record_emails() in its transaction): the stored and sent emails of the batch's
    Message-IDs, read once, instead of two reads for each email. `read`: the prospect as
    stored now, read with the batch's others (prospects_now()), so not read again here."""
    message_id = email.message_id
    with database.atomic():
        if known is None:
            stored = _STORED.run(message_id).fetchall()
        else:
            stored = known.stored.get(message_id, ())
        for email_id, stored_for in stored:
            if stored_for == prospect_id:
                return RecordedEmail(email_id, False, Change.NOTHING)
        if known is None:
            sent = _OUTBOX.run(message_id).fetchall()
        else:
            sent = known.outbox.get(message_id, ())
        from_outbox = _outbox_touch(sent, prospect_id)
        if from_outbox is not None:  # sent from TouchDesk: its touch is logged already
            email_id = _store(prospect_id, email, direction, folder, from_outbox)
            _remember(known, message_id, email_id, prospect_id)
            return RecordedEmail(email_id, True, Change.TOUCHES)
        touch = TouchInput(
            Channel.EMAIL,
            email.sent_at,
            direction,
            Outcome.REPLIED if direction is Direction.IN else Outcome.SENT,
            _summary(email),
        )
        if read is None:
            found = _LAST_TOUCH.run(prospect_id).fetchone()
            if found is None:
                raise Prospect.DoesNotExist(f"No prospect {prospect_id}.")
            last = Prospect.last_touch_at.python_value(found[0])
        else:
            last = read.counters.last_touch_at
        consequences = None
        advanced = None
        flushed = False
        if last is not None and email.sent_at < last:
            counters = None if read is None else read.counters
            logged = log_touch(prospect_id, touch, renumber=to_recount is None, counters=counters)
            touch_id, change = logged.id, logged.change
            if to_recount is not None:
                to_recount.add(prospect_id)
        else:
            if to_recount is not None and prospect_id in to_recount:
                flush_recounts({prospect_id})  # the cycle reads counters that include them
                flushed = True
                read = None  # renumbered: read as it is now
            done = _due_email_step(prospect_id, email) if direction is Direction.OUT else None
            consequences = record_touch(
                prospect_id,
                touch,
                email.sent_at,
                done_step_id=done,
                with_proposal=done is not None,
                read=read,
            )
            touch_id, change = consequences.touch_id, consequences.change
            proposal = consequences.proposal
            if (
                done is not None
                and consequences.plan is PlanEffect.PROPOSES
                and proposal is not None
                and proposal.run_id is not None
                and proposal.suggestions
            ):
                step_set = set_step(prospect_id, proposal.step(0), proposal.run_id)
                advanced, change = step_set.step_id, change | step_set.change
        email_id = _store(prospect_id, email, direction, folder, touch_id)
        _remember(known, message_id, email_id, prospect_id)
    if flushed and to_recount is not None:  # only once kept: a rollback undoes the recount too
        to_recount.discard(prospect_id)
    return RecordedEmail(email_id, True, change, consequences, advanced)


# What stops one email from being kept without stopping the others (a bad date, an unknown
# value, a row the database refuses).
CANNOT_KEEP = (ValueError, LookupError, peewee.IntegrityError)


@dataclass(frozen=True)
class EmailToRecord:
    prospect_id: int
    email: ParsedEmail
    direction: Direction
    folder: str


def record_emails(entries: list[EmailToRecord]) -> list[RecordedEmail | None]:
    """Record each entry as record_email() does, in order and in one transaction, the history
    emails' prospects renumbered once at the end; None for an entry that cannot be kept
    (CANNOT_KEEP), and only that one is lost.

    The batch is first written with no savepoint of its own for each email (its writes join
    the batch's one); if any entry fails, that attempt is undone as a whole and the batch is
    recorded again one email at a time, each in its own savepoint, so the database ends the
    same either way."""
    with database.atomic():
        try:
            with database.atomic(), database.joined():
                to_recount: set[int] = set()
                known = _known_for([entry.email.message_id for entry in entries])
                ahead = prospects_now(entry.prospect_id for entry in entries)
                outcomes: list[RecordedEmail | None] = []
                for e in entries:
                    # Read ahead only for a prospect's first email: the next one reads what
                    # that one wrote.
                    read = ahead.pop(e.prospect_id, None)
                    outcomes.append(
                        record_email(
                            e.prospect_id, e.email, e.direction, e.folder, to_recount, known, read
                        )
                    )
                flush_recounts(to_recount)
            return outcomes
        except CANNOT_KEEP:
            pass  # undone: now one by one, to keep all but the one that fails
        to_recount = set()
        outcomes = []
        for entry in entries:
            try:
                outcomes.append(
                    record_email(
                        entry.prospect_id, entry.email, entry.direction, entry.folder, to_recount
                    )
                )
            except CANNOT_KEEP:
                outcomes.append(None)
        flush_recounts(to_recount)
    return outcomes


def flush_recounts(prospect_ids: set[int]) -> None:
    """Renumber the attempts of prospects whose history emails record_email() deferred."""
    recount_many(prospect_ids)


def _remember(known: _Known | None, message_id: str, email_id: int, prospect_id: int) -> None:
    if known is not None:  # the batch's next email with this Message-ID finds it stored
        known.stored.setdefault(message_id, []).append((email_id, prospect_id))


def _outbox_touch(sent: Iterable[tuple[int, int | None]], prospect_id: int) -> int | None:
    """The touch the outbox logged when it sent this very message to the prospect, if it did
    (`sent`: the outbox's rows of this Message-ID): the Sent folder's copy then adds the
    text, never a second touch."""
    for sent_to, touch_id in sent:
        if sent_to == prospect_id:
            return touch_id
    return None


def _store(
    prospect_id: int, email: ParsedEmail, direction: Direction, folder: str, touch_id: int | None
) -> int:
    """The stored copy's id."""
    return _INSERT_EMAIL.run(
        email.message_id,
        prospect_id,
        touch_id,
        direction.value,
        email.sent_at,
        email.subject,
        email.from_address,
        email.to_addresses,
        email.cc_addresses,
        email.in_reply_to,
        email.references,
        email.body,
        "\n".join(email.attachments),
        folder,
        utc_now(),
    )


@dataclass(frozen=True)
class EmailText:
    subject: str
    sender: str
    to: str
    cc: str
    sent_at_iso: str
    body: str
    attachments: tuple[str, ...]


def email_of_touch(touch_id: int) -> EmailText | None:
    """The whole text of the email behind a timeline touch (None for a touch typed by hand)."""
    row = StoredEmail.get_or_none(StoredEmail.touch == touch_id)
    if row is None:
        return None
    return EmailText(
        row.subject,
        row.from_address,
        row.to_addresses,
        row.cc_addresses,
        row.sent_at.isoformat(),
        row.body,
        tuple(filter(None, row.attachments.split("\n"))),
    )

"""The peewee models: one class per object of the product brief, named for the domain."""

from __future__ import annotations

from peewee import (
    SQL,
    BooleanField,
    DateField,
    ForeignKeyField,
    IntegerField,
    Model,
    ModelIndex,
    TextField,
)

from touchdesk.store.db import UtcDateTimeField, database


class Base(Model):
    class Meta:
        database = database
        legacy_table_names = False


class Stage(Base):
    """A board column; outcome marks the two ends (won, lost) of the pipeline."""

    name = TextField()
    position = IntegerField()
    outcome = TextField(default="open")


class Prospect(Base):
    first_name = TextField(default="")
    last_name = TextField(default="")
    company = TextField(default="")
    role = TextField(default="")
    street = TextField(default="")
    street2 = TextField(default="")
    city = TextField(default="")
    region = TextField(default="")
    postal_code = TextField(default="")
    country_code = TextField(default="")  # ISO 3166-1 alpha-2
    time_zone = TextField(default="")  # IANA name; empty means the seller's own
    source = TextField(default="")
    referrer = ForeignKeyField("self", null=True, backref="referrals", on_delete="SET NULL")
    # Not indexed alone: (stage, status) below serves every lookup by stage (migration 10).
    stage = ForeignKeyField(Stage, backref="prospects", on_delete="RESTRICT", index=False)
    status = TextField(default="active")
    dormant_until = DateField(null=True)
    lost_reason = TextField(default="")
    notes = TextField(default="")
    created_at = UtcDateTimeField()
    updated_at = UtcDateTimeField()
    deleted_at = UtcDateTimeField(null=True)  # in the trash when set
    # Kept in step with the touches in the same transaction, so the board needs no aggregate.
    touch_count = IntegerField(default=0)
    attempts = IntegerField(default=0)
    last_touch_at = UtcDateTimeField(null=True)
    last_reached_at = UtcDateTimeField(null=True)

    class Meta:
        indexes = ((("stage", "status"), False),)


class ContactPoint(Base):
    """One email address or phone number of a prospect; phones are kept in E.164 when parsed."""

    prospect = ForeignKeyField(
        Prospect, backref="contact_points", on_delete="CASCADE", index=False
    )  # (prospect, kind, position) below serves it
    kind = TextField()  # "email" or "phone"
    label = TextField(default="")
    value = TextField()
    position = IntegerField(default=0)

    class Meta:
        indexes = (
            (("kind", "value"), False),
            (("prospect", "kind", "position"), False),
        )


class ProspectTag(Base):
    prospect = ForeignKeyField(
        Prospect, backref="tag_rows", on_delete="CASCADE", index=False
    )  # (prospect, tag) below serves it
    tag = TextField()

    class Meta:
        indexes = (
            (("prospect", "tag"), True),
            (("tag",), False),
        )


class Touch(Base):
    """One interaction on the timeline."""

    prospect = ForeignKeyField(
        Prospect, backref="touches", on_delete="CASCADE", index=False
    )  # (prospect, occurred_at) below serves it
    channel = TextField()
    direction = TextField(default="out")
    outcome = TextField(default="none")
    occurred_at = UtcDateTimeField()
    attempt = IntegerField(null=True)  # None when the touch reached the prospect
    note = TextField(default="")
    created_at = UtcDateTimeField()
    deleted_at = UtcDateTimeField(null=True)

    class Meta:
        indexes = ((("prospect", "occurred_at"), False),)


# Added by migration 9: the few prospects in the trash, listed without reading every row.
Prospect.add_index(
    ModelIndex(
        Prospect, (Prospect.id,), name="prospect_in_trash", where=SQL("deleted_at IS NOT NULL")
    )
)
# Added by migration 9: the touches outside the trash by time, so Insights counts its weeks
# and channels from the index alone.
Touch.add_index(
    ModelIndex(
        Touch,
        (Touch.occurred_at, Touch.channel, Touch.prospect),
        name="touch_live_by_time",
        where=SQL("deleted_at IS NULL"),
    )
)


class ProspectEvent(Base):
    """A change on the timeline that is not a touch: stage, status, next step, mail."""

    prospect = ForeignKeyField(
        Prospect, backref="events", on_delete="CASCADE", index=False
    )  # (prospect, occurred_at) below serves it
    kind = TextField()
    occurred_at = UtcDateTimeField()
    detail = TextField(default="")

    class Meta:
        indexes = ((("prospect", "occurred_at"), False),)


class Plan(Base):
    """A follow-up cadence applied to prospects to schedule their next steps."""

    name = TextField(unique=True)
    description = TextField(default="")
    builtin = BooleanField(default=False)
    # Added by migration 2 (with an SQL default, as ALTER TABLE needs one).
    dormant_days_after = IntegerField(default=0, constraints=[SQL("DEFAULT 0")])


class PlanRun(Base):
    """A prospect following a plan: which step is scheduled now, and whether it is paused."""

    prospect = ForeignKeyField(Prospect, backref="plan_runs", on_delete="CASCADE")
    plan = ForeignKeyField(Plan, backref="runs", on_delete="CASCADE")
    position = IntegerField(default=0)  # the step (0-based) scheduled as the next step
    status = TextField(default="active")  # active, paused, done, stopped
    started_at = UtcDateTimeField()
    updated_at = UtcDateTimeField()
    # Added by migration 3: the step now scheduled is the second attempt of a "twice" step.
    second_try = BooleanField(default=False, constraints=[SQL("DEFAULT 0")])


# One plan at a time per prospect: a running or paused run blocks a second one.
PlanRun.add_index(
    ModelIndex(
        PlanRun,
        (PlanRun.prospect,),
        unique=True,
        name="plan_run_one_current",
        where=SQL("status IN ('active', 'paused')"),
    )
)


class NextStep(Base):
    """A planned touch, with its calendar identity (uid, sequence) for invites."""

    prospect = ForeignKeyField(Prospect, backref="next_steps", on_delete="CASCADE")
    due_at = UtcDateTimeField()
    duration_minutes = IntegerField(default=30)
    channel = TextField()
    purpose = TextField(default="")
    location = TextField(default="")
    uid = TextField(unique=True)
    sequence = IntegerField(default=0)
    status = TextField(default="open")
    created_at = UtcDateTimeField()
    updated_at = UtcDateTimeField()
    closed_at = UtcDateTimeField(null=True)
    # Added by migration 2; the plan run that scheduled this step, if any.
    plan_run = ForeignKeyField(PlanRun, null=True, backref="steps", on_delete="SET NULL")
    # Added by migration 4: the invite's title for the prospect ("Call"); "" means the channel's.
    invite_title = TextField(default="", constraints=[SQL("DEFAULT ''")])

    class Meta:
        indexes = ((("status", "due_at"), False),)


# The one-next-step rule, kept by the database itself: at most one open step per prospect.
NextStep.add_index(
    ModelIndex(
        NextStep,
        (NextStep.prospect,),
        unique=True,
        name="next_step_one_open",
        where=SQL("status = 'open'"),
    )
)


class MailTask(Base):
    """A note, card, letter or gift in the mail queue; the address is a snapshot."""

    prospect = ForeignKeyField(Prospect, backref="mail_tasks", on_delete="CASCADE")
    kind = TextField()
    occasion = TextField(default="")
    message = TextField(default="")
    envelope = TextField(default="us10")
    due_on = DateField(null=True)
    status = TextField(default="queued")
    recipient_name = TextField(default="")
    company = TextField(default="")
    street = TextField(default="")
    street2 = TextField(default="")
    city = TextField(default="")
    region = TextField(default="")
    postal_code = TextField(default="")
    country_code = TextField(default="")
    created_at = UtcDateTimeField()
    written_at = UtcDateTimeField(null=True)
    mailed_at = UtcDateTimeField(null=True)
    touch = ForeignKeyField(Touch, null=True, on_delete="SET NULL")

    class Meta:
        indexes = ((("status", "due_on"), False),)


class OutboxEmail(Base):
    """An email the seller wrote to a prospect, waiting for its minute, sent or failed; the
    Message-ID is made when it is queued so a retry or the Sent folder's copy is the same mail."""

    prospect = ForeignKeyField(Prospect, backref="outbox", on_delete="CASCADE")
    step = ForeignKeyField(NextStep, null=True, backref="outbox", on_delete="SET NULL")
    to_address = TextField()
    cc = TextField(default="")
    subject = TextField(default="")
    body = TextField(default="")  # what is sent: the message with the chase quoted below it
    message = TextField(default="")  # the new words alone, quoted by the next email
    message_id = TextField(unique=True)
    in_reply_to = TextField(default="")
    reference_ids = TextField(default="")  # the References header: Message-IDs, oldest first
    send_at = UtcDateTimeField(null=True)  # None: as soon as possible
    status = TextField(default="queued")  # queued, sent, failed, missed
    last_answer = TextField(default="")  # the server's last word, or why nothing was sent
    attempts = IntegerField(default=0)
    next_try_at = UtcDateTimeField(null=True)  # a failed send waits for this before a retry
    sent_copy = TextField(default="")  # where the Sent folder's copy came from, or why none
    created_at = UtcDateTimeField()
    sent_at = UtcDateTimeField(null=True)
    touch = ForeignKeyField(Touch, null=True, on_delete="SET NULL")  # logged when sent

    class Meta:
        indexes = ((("status", "send_at"), False),)


class Template(Base):
    """A message with placeholders: voicemail script, break-up, invite sentence, chasers."""

    key = TextField(unique=True)
    name = TextField()
    kind = TextField()
    subject = TextField(default="")
    body = TextField(default="")
    builtin = BooleanField(default=False)
    # Added by migration 3: the stage whose prospects it suits best, if any.
    stage = ForeignKeyField(Stage, null=True, backref="templates", on_delete="SET NULL")


class PlanStep(Base):
    # (plan, position) below serves every lookup by plan.
    plan = ForeignKeyField(Plan, backref="steps", on_delete="CASCADE", index=False)
    position = IntegerField()
    day_offset = IntegerField(default=0)
    offset_from = TextField(default="previous")  # "previous" step or plan "start"
    channel = TextField()
    purpose = TextField(default="")
    timing = TextField(default="")  # a slot rule name, e.g. "email" or "early_call"
    template = ForeignKeyField(Template, null=True, on_delete="SET NULL")
    # Added by migration 3: two attempts a few minutes apart count as this one step.
    twice = BooleanField(default=False, constraints=[SQL("DEFAULT 0")])

    class Meta:
        indexes = ((("plan", "position"), False),)


class Reason(Base):
    """A valid reason to get in touch, so no follow-up is just 'are you ready yet?'."""

    title = TextField(unique=True)
    body = TextField(default="")
    position = IntegerField(default=0)
    builtin = BooleanField(default=False)
    # Added by migration 3: the stage whose prospects it suits best, if any.
    stage = ForeignKeyField(Stage, null=True, backref="reasons", on_delete="SET NULL")


class Question(Base):
    """A smart question that opens a real conversation, tied to a stage or to none."""

    title = TextField(unique=True)
    body = TextField(default="")
    position = IntegerField(default=0)
    builtin = BooleanField(default=False)
    stage = ForeignKeyField(Stage, null=True, backref="questions", on_delete="SET NULL")


class Setting(Base):
    """One seller preference, JSON-encoded; declared with its default in services.settings."""

    key = TextField(primary_key=True)
    value = TextField()


# -- calendar and address book sync (services/dav): the sync's own state, never the prospects'


class DavCollection(Base):
    """One calendar or address book on the seller's server, and where its sync stands."""

    kind = TextField()  # "calendar" or "addressbook"
    url = TextField(unique=True)
    sync_token = TextField(default="")  # RFC 6578; "" before the first sync or without support
    ctag = TextField(default="")  # the collection's tag, for servers without sync-token
    synced_at = UtcDateTimeField(null=True)


class DavItem(Base):
    """One next step (event) or prospect (card) as last pushed to and seen on the server."""

    kind = TextField()  # "event" or "card"
    local_id = IntegerField()  # the next step's or the prospect's id
    uid = TextField()
    href = TextField()
    etag = TextField(default="")  # "" when the server's copy is gone or not known
    pushed_hash = TextField(default="")  # what was last written; "" forces a write
    pushed_body = TextField(default="")  # the card as written: a phone's edits are read against it
    remote_start = UtcDateTimeField(null=True)  # the event's start as last seen on the server
    remote_changed_at = UtcDateTimeField(null=True)  # its LAST-MODIFIED as last seen
    pushed_at = UtcDateTimeField(null=True)

    class Meta:
        indexes = ((("kind", "local_id"), True), (("href",), True))


class DavPending(Base):
    """A change waiting for the server, sent in id order (kept while offline)."""

    kind = TextField()
    local_id = IntegerField()
    action = TextField()  # "put" or "delete"
    queued_at = UtcDateTimeField()
    tries = IntegerField(default=0)
    last_error = TextField(default="")

    class Meta:
        indexes = ((("kind", "local_id"), True),)


class DavQuestion(Base):
    """Something the server showed that only the seller can decide: an event deleted on the
    phone, a card edited there. Never acted on until answered."""

    kind = TextField()  # "event_deleted" or "card_edited"
    local_id = IntegerField()  # the step or the prospect
    detail = TextField(default="")  # JSON: what was seen
    asked_at = UtcDateTimeField()
    answered_at = UtcDateTimeField(null=True)
    answer = TextField(default="")

    class Meta:
        indexes = ((("kind", "local_id", "answered_at"), False),)


class StoredEmail(Base):
    """One email between the seller and a prospect, copied from the seller's mailbox (only
    those: nothing of any other message is kept). Added by migration 8."""

    message_id = TextField()  # idempotent sync: each message once per prospect, in any folder
    prospect = ForeignKeyField(
        Prospect, backref="emails", on_delete="CASCADE", index=False
    )  # (prospect, sent_at) below serves it
    touch = ForeignKeyField(Touch, null=True, on_delete="SET NULL")
    direction = TextField()  # "out" sent by the seller, "in" received
    sent_at = UtcDateTimeField()
    subject = TextField(default="")
    from_address = TextField(default="")
    to_addresses = TextField(default="")  # comma-separated, as the header lists them
    cc_addresses = TextField(default="")
    in_reply_to = TextField(default="")
    references = TextField(default="")
    body = TextField(default="")  # the plain-text part
    attachments = TextField(default="")  # file names, one a line
    folder = TextField(default="")
    created_at = UtcDateTimeField()

    class Meta:
        indexes = (
            (("message_id", "prospect"), True),
            (("prospect", "sent_at"), False),
        )


class FolderSync(Base):
    """Where the last sync of one mailbox folder stopped (IMAP UIDVALIDITY and last UID)."""

    account = TextField()
    folder = TextField()
    uid_validity = IntegerField()
    last_uid = IntegerField(default=0)
    synced_at = UtcDateTimeField()

    class Meta:
        indexes = ((("account", "folder"), True),)


ALL_MODELS: tuple[type[Base], ...] = (
    Stage,
    Prospect,
    ContactPoint,
    ProspectTag,
    Touch,
    ProspectEvent,
    NextStep,
    MailTask,
    Template,
    Plan,
    PlanStep,
    Reason,
    Setting,
    PlanRun,
    Question,
    OutboxEmail,
    DavCollection,
    DavItem,
    DavPending,
    DavQuestion,
    StoredEmail,
    FolderSync,
)

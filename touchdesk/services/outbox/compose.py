"""An email drafted from a prospect's due email step: the step's template filled for them, the
earlier emails of the chase quoted below, threaded under the last one."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from touchdesk.domain.chase import SentEmail, chase_body, chaser_template
from touchdesk.domain.names import display_name
from touchdesk.domain.outbox import email_slot, reply_subject
from touchdesk.domain.vocabulary import Channel, NextStepStatus
from touchdesk.services.chase import CHASERS, plan_template
from touchdesk.services.messages import words_for
from touchdesk.services.outbox.chase import earlier_emails, thread_of
from touchdesk.services.policy import day_of, seller_day
from touchdesk.store.db import database
from touchdesk.store.models import ContactPoint, NextStep, Prospect

FIRST_EMAIL = "email"  # the template of an email with nothing before it


class ComposeError(ValueError):
    """An email that cannot be drafted, said so the seller can fix it."""


@dataclass(frozen=True)
class Draft:
    """An email to one prospect, every part the seller may still change."""

    prospect_id: int
    name: str
    to: str
    subject: str
    message: str  # the new words
    quoted: str = ""  # the earlier emails of the chase, quoted; '' when none
    cc: str = ""
    step_id: int | None = None  # the due email step this email does
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    template_name: str = ""
    quoted_count: int = 0

    @property
    def body(self) -> str:
        return "\n\n".join(part for part in (self.message.rstrip(), self.quoted) if part)

    def edited(self, **changes) -> Draft:
        return replace(self, **changes)


def due_email_step(prospect_id: int) -> int | None:
    """The prospect's open next step when it is an email: the one a sent email does."""
    row = NextStep.get_or_none(
        NextStep.prospect == prospect_id,
        NextStep.status == NextStepStatus.OPEN.value,
        NextStep.channel == Channel.EMAIL.value,
    )
    return row.id if row is not None else None


def compose(prospect_id: int, step_id: int | None = None, now: datetime | None = None) -> Draft:
    """The email for the prospect's due email step (`step_id`, else their open email step, else
    a first email): its template filled, the chase so far quoted, threaded under the last."""
    now = now or datetime.now(UTC)
    with database.atomic():
        prospect = Prospect.get_or_none(Prospect.id == prospect_id)
        if prospect is None:
            raise ComposeError(f"There is no prospect number {prospect_id}.")
        step_id = step_id if step_id is not None else due_email_step(prospect_id)
        key, run = "", None
        if step_id is not None:
            step = NextStep.get_or_none(NextStep.id == step_id)
            if step is None or step.prospect_id != prospect_id:
                raise ComposeError(f"Step {step_id} is not one of this prospect's steps.")
            if step.channel != Channel.EMAIL.value:
                raise ComposeError(f"Step {step_id} is a {step.channel}, not an email.")
            key, run = plan_template(step)
        # A plan's own email (the break-up, 'trying to reach you') stands alone; a chaser
        # quotes the emails of the run, or those since the prospect last answered.
        since = run.started_at if run is not None else prospect.last_reached_at
        earlier = earlier_emails(prospect_id, since) if not key or key in CHASERS else []
        key = key or chaser_template(len(earlier)) or FIRST_EMAIL
        words = words_for(key, prospect_id, now)
        if words is None:
            raise ComposeError(f"The template {key!r} is missing from the library.")
        in_reply_to, references = thread_of(earlier)
        subject = words.subject
        root = next((email.subject for email in reversed(earlier) if email.subject), "")
        if earlier and root:
            subject = reply_subject(root)  # the same thread in the prospect's mail client
        zone = day_of(prospect, seller_day()).zone
        quoted = chase_body(
            "", [SentEmail(email.sent_at.astimezone(zone).date(), email.text) for email in earlier]
        )
        to = words.email or _first_email(prospect_id)
    return Draft(
        prospect_id=prospect_id,
        name=display_name(prospect.first_name, prospect.last_name, prospect.company),
        to=to,
        subject=subject,
        message=words.body,
        quoted=quoted,
        step_id=step_id,
        in_reply_to=in_reply_to,
        references=references,
        template_name=words.name,
        quoted_count=len(earlier),
    )


def _first_email(prospect_id: int) -> str:
    row = (
        ContactPoint.select(ContactPoint.value)
        .where(ContactPoint.prospect == prospect_id, ContactPoint.kind == "email")
        .order_by(ContactPoint.position)
        .first()
    )
    return row.value if row is not None else ""


def suggested_slot(prospect_id: int, now: datetime | None = None) -> datetime | None:
    """The next 08:30 or 13:00 in the prospect's day (their zone, their working days)."""
    day = day_of(Prospect.get_by_id(prospect_id), seller_day())
    return email_slot(now or datetime.now(UTC), day.zone, day.country)

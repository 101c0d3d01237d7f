"""What a template's placeholders say for one prospect, and templates filled as Words."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import NamedTuple
from urllib.parse import quote

from touchdesk.domain.prospect_record import ProspectRecord
from touchdesk.domain.templates import KNOWN_PLACEHOLDERS, TemplateInfo, render, unfilled
from touchdesk.domain.today import zone_or
from touchdesk.domain.vocabulary import Channel, NextStepStatus
from touchdesk.domain.wording import default_title, spoken_day, spoken_time, with_article
from touchdesk.services import settings
from touchdesk.services.prospect_record import get_prospect
from touchdesk.services.templates import builtin_template, get_template
from touchdesk.store.models import NextStep
from touchdesk.store.prepared import Prepared

UNKNOWN = "—"  # a value that cannot be filled, e.g. the next step of a prospect without one


class Words(NamedTuple):
    """A template filled for one prospect: what to send, say or leave on their voicemail."""

    kind: str  # the template's kind: "email", "voicemail", "text", "note", "card", ...
    subject: str
    body: str
    name: str = ""  # the template's name, so the seller knows which one to edit
    email: str = ""  # where an email goes: the prospect's first address
    missing: tuple[str, ...] = ()  # what has nothing to say yet, e.g. "your name"

    @property
    def is_email(self) -> bool:
        return self.kind == "email"

    def text(self) -> str:
        """What Copy puts on the clipboard: the subject line first for an email."""
        if self.is_email and self.subject:
            return f"Subject: {self.subject}\n\n{self.body}"
        return self.body

    def mailto(self) -> str:
        """A mailto: link with subject and body (RFC 6068: line breaks are %0D%0A)."""
        body = quote(self.body.replace("\r\n", "\n").replace("\n", "\r\n"), safe="")
        subject = quote(self.subject, safe="")
        return f"mailto:{quote(self.email, safe='@')}?subject={subject}&body={body}"


# Compiled once: the prospect page fills its due step's template on every open.
_OPEN_STEP = Prepared(
    lambda pid: (
        NextStep.select()
        .where(NextStep.prospect == pid, NextStep.status == NextStepStatus.OPEN.value)
        .limit(1)
    )
)


def template_values(
    prospect_id: int,
    now: datetime,
    referred_name: str = UNKNOWN,
    next_at: datetime | None = None,
    next_title: str = "",
    your_time: bool = False,
    record: ProspectRecord | None = None,
) -> dict[str, str]:
    """What the placeholders say for this prospect, as the message would be sent at `now`.

    The next step is the open one unless `next_at` (and `next_title`) name another, e.g. a
    call not yet saved. With `your_time` the time says 'your time' when their clock differs.
    `record` is the prospect's, when the caller has just read it.
    """
    if record is None:
        record = get_prospect(prospect_id)
    profile = settings.load_profile()
    values = {
        "first_name": record.first_name,
        "last_name": record.last_name,
        "company": record.company,
        "my_name": profile.seller_name,
        "my_company": profile.company,
        "my_phone": profile.seller_phone,
        "next_step_time": UNKNOWN,
        "next_step_day": UNKNOWN,
        "next_step_what": UNKNOWN,
        "referred_name": referred_name,
    }
    if next_at is None:
        step = _OPEN_STEP.first(NextStep, prospect_id)
        if step is not None:
            next_at = step.due_at
            next_title = step.invite_title or default_title(Channel(step.channel))
    if next_at is not None:
        # Said in their day: "tomorrow at 8:30" is their tomorrow, their 8:30.
        seller_zone = zone_or(profile.time_zone, UTC)
        zone = zone_or(record.time_zone, seller_zone)
        when = next_at.astimezone(zone)
        values["next_step_time"] = spoken_time(when)
        if your_time and when.utcoffset() != next_at.astimezone(seller_zone).utcoffset():
            values["next_step_time"] += " your time"
        values["next_step_day"] = spoken_day(when.date(), now.astimezone(zone).date())
        if next_title:
            values["next_step_what"] = with_article(next_title)
    return values


def _template(key: str) -> TemplateInfo | None:
    # A template missing from an old or damaged library still has its built-in words.
    return get_template(key) or builtin_template(key)


def message_for(template_key: str, prospect_id: int, now: datetime, **extra) -> str:
    """A template's body filled in for the prospect; empty when the template is gone."""
    template = _template(template_key)
    if template is None:
        return ""
    return render(template.body, template_values(prospect_id, now, **extra))


def words_for(
    template_key: str,
    prospect_id: int,
    now: datetime,
    record: ProspectRecord | None = None,
    **extra,
) -> Words | None:
    """A template filled for the prospect, subject and body; None when there is no such one.
    `record` is the prospect's, when the caller has just read it."""
    template = _template(template_key)
    if template is None:
        return None
    if record is None:
        record = get_prospect(prospect_id)  # read once: the values and the address both need it
    values = template_values(prospect_id, now, **extra, record=record)
    return Words(
        kind=template.kind,
        subject=render(template.subject, values),
        body=render(template.body, values),
        name=template.name,
        email=record.emails[0] if record.emails else "",
        missing=tuple(
            KNOWN_PLACEHOLDERS[name] for name in unfilled(template.subject + template.body, values)
        ),
    )


def invite_sentence_for(
    prospect_id: int, title: str, when: datetime, now: datetime | None = None
) -> str:
    """The invite sentence (the editable 'invite' template) for a step titled `title` at `when`."""
    now = now or datetime.now(UTC)
    return message_for("invite", prospect_id, now, next_at=when, next_title=title, your_time=True)


def voicemail_for(prospect_id: int, next_call: datetime, now: datetime | None = None) -> str:
    """The voicemail script (the editable 'voicemail' template) naming the call at `next_call`."""
    now = now or datetime.now(UTC)
    return message_for(
        "voicemail", prospect_id, now, next_at=next_call, next_title=default_title(Channel.CALL)
    )


def breakup_for(prospect_id: int, now: datetime | None = None) -> Words | None:
    """The break-up message (the editable 'breakup' template) for this prospect."""
    return words_for("breakup", prospect_id, now or datetime.now(UTC))

"""Thanking the people who refer prospects: when a referral books a meeting or buys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from touchdesk.domain.mail import MailDraft
from touchdesk.domain.names import display_name
from touchdesk.domain.questions import REFERRER_QUESTION_TEMPLATE
from touchdesk.domain.templates import render
from touchdesk.domain.vocabulary import MailKind, ProspectStatus
from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.services.mail_queue import queue_mail
from touchdesk.services.messages import message_for, template_values
from touchdesk.services.templates import get_template
from touchdesk.store.db import database
from touchdesk.store.models import Prospect


class Milestone(StrEnum):
    MEETING = "booked a meeting"
    WON = "became a customer"


@dataclass(frozen=True)
class ThankYou:
    """A suggestion: thank `referrer` for `referred`, who just reached `milestone`."""

    referred_id: int
    referred_name: str
    referrer_id: int
    referrer_name: str
    milestone: Milestone

    @property
    def key(self) -> str:
        return f"{self.referred_id}:{self.milestone.name}"

    def question(self) -> str:
        return (
            f"{self.referrer_name} introduced you to {self.referred_name}, who just "
            f"{self.milestone.value}. Queue a handwritten thank-you note to "
            f"{self.referrer_name} on the mail desk?"
        )


def _name(prospect: Prospect) -> str:
    return display_name(prospect.first_name, prospect.last_name, prospect.company)


def _referral(prospect_id: int) -> tuple[Prospect, Prospect] | None:
    """(referred, referrer) when there is a referrer who may be contacted."""
    referred = Prospect.get_or_none(Prospect.id == prospect_id)
    if referred is None or referred.referrer_id is None:
        return None
    referrer = Prospect.get_or_none(Prospect.id == referred.referrer_id)
    if (
        referrer is None
        or referrer.deleted_at is not None
        or referrer.status == ProspectStatus.DO_NOT_CONTACT.value
    ):
        return None
    return referred, referrer


def thank_you_due(prospect_id: int, milestone: Milestone) -> ThankYou | None:
    """The suggestion, unless there is no referrer who can be thanked or it was answered."""
    with database.atomic():
        pair = _referral(prospect_id)
        if pair is None:
            return None
        referred, referrer = pair
        thanks = ThankYou(prospect_id, _name(referred), referrer.id, _name(referrer), milestone)
        if thanks.key in settings.get("referrer_thanks_answered"):
            return None
    return thanks


def answer(thanks: ThankYou) -> Change:
    """Yes or not now, the seller was asked: the same suggestion does not come back."""
    answered = list(settings.get("referrer_thanks_answered"))
    if thanks.key not in answered:
        answered.append(thanks.key)
    return settings.put("referrer_thanks_answered", answered)


def queue_thank_you(thanks: ThankYou, now: datetime) -> tuple[int, Change]:
    """A handwritten note to the referrer from the thank-the-referrer template."""
    referred_first = Prospect.get_by_id(thanks.referred_id).first_name or thanks.referred_name
    message = message_for("referrer_thanks", thanks.referrer_id, now, referred_name=referred_first)
    occasion = f"Thank you for introducing {thanks.referred_name}"
    # Due today: a thank-you is written while the news is fresh, and sorts with today's mail.
    today = now.astimezone(ZoneInfo(settings.get("time_zone"))).date()
    draft = MailDraft(MailKind.NOTE, occasion, message, due_on=today)
    with database.atomic():
        answer(thanks)
        return queue_mail(thanks.referrer_id, draft)


@dataclass(frozen=True)
class ReferrerQuestion:
    """A suggestion: ask `referrer` something useful about `referred` before the next touch."""

    referred_id: int
    referred_name: str
    referrer_id: int
    referrer_name: str

    @property
    def key(self) -> str:
        return f"{self.referred_id}:{self.referrer_id}"

    def question(self) -> str:
        return (
            f"{self.referrer_name} introduced you to {self.referred_name}. "
            f"{self.referrer_name} may know what matters to {self.referred_name} right now: "
            "ask before your next touch?"
        )


def referrer_question_due(prospect_id: int) -> ReferrerQuestion | None:
    """Offered once per referrer and referred prospect, whatever the answer."""
    with database.atomic():
        pair = _referral(prospect_id)
        if pair is None:
            return None
        referred, referrer = pair
        ask = ReferrerQuestion(prospect_id, _name(referred), referrer.id, _name(referrer))
        if ask.key in settings.get("referrer_questions_answered"):
            return None
    return ask


def answer_referrer_question(ask: ReferrerQuestion) -> Change:
    answered = list(settings.get("referrer_questions_answered"))
    if ask.key not in answered:
        answered.append(ask.key)
    return settings.put("referrer_questions_answered", answered)


def referrer_question_message(ask: ReferrerQuestion, now: datetime) -> tuple[str, str]:
    """(subject, body) of the email to the referrer, from the ask-the-referrer template."""
    template = get_template(REFERRER_QUESTION_TEMPLATE.key) or REFERRER_QUESTION_TEMPLATE
    referred = Prospect.get_by_id(ask.referred_id).first_name or ask.referred_name
    values = template_values(ask.referrer_id, now, referred_name=referred)
    return render(template.subject, values), render(template.body, values)

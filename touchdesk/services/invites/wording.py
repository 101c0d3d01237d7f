"""What an invite says: its title, description, sentence, time and file name."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from touchdesk.domain.contacts import format_phone
from touchdesk.domain.today import zone_or
from touchdesk.domain.vocabulary import Channel
from touchdesk.domain.wording import activity, invite_sentence
from touchdesk.formats.ics import Method
from touchdesk.services.invites.steps import (
    InviteStep,
)
from touchdesk.services.settings import SellerProfile


def seller_zone(profile: SellerProfile) -> tzinfo:
    try:
        return ZoneInfo(profile.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def their_zone(step: InviteStep, profile: SellerProfile) -> tzinfo:
    return zone_or(step.time_zone, seller_zone(profile))


def purpose_words(channel: Channel, purpose: str) -> str:
    """'Progress call' on a call is 'Progress': wording.activity adds the noun itself."""
    noun = activity(channel, "")
    text = purpose.strip()
    if text.casefold().endswith(" " + noun):
        return text[: -len(noun) - 1].rstrip()
    return text


def activity_words(step: InviteStep) -> str:
    words = activity(step.channel, purpose_words(step.channel, step.purpose))
    return words[:1].upper() + words[1:]


def summary_of(step: InviteStep) -> str:
    """'Progress call — Hannah Whitfield (Whitfield & Sons)'."""
    company = step.company.strip()
    suffix = f" ({company})" if company and company != step.name else ""
    return f"{activity_words(step)} — {step.name}{suffix}"


def is_link(text: str) -> bool:
    return text.strip().lower().startswith(("https://", "http://"))


def meeting_link(location: str) -> str:
    """The link a place starts with, without the lines after it ('Passcode: 42'); "" for none.

    A URL cannot hold a line break or a space, while the place keeps them as typed.
    """
    return location.split()[0] if is_link(location) else ""


def description_of(step: InviteStep, profile: SellerProfile, method: Method) -> str:
    home = profile.home_country
    lines = []
    if step.purpose.strip():
        lines.append(step.purpose.strip())
    if is_link(step.location):
        lines.append(f"Join: {step.location.strip()}")
    if profile.seller_phone.strip():
        # Written for where the prospect is: national at home, international abroad.
        phone = format_phone(profile.seller_phone, step.country_code or home)
        who = profile.seller_name.strip() or "Phone"
        lines.append(f"{who}: {phone}")
    if method is Method.PUBLISH:  # the seller's own calendar: the prospect's details help
        theirs = [format_phone(step.phone, home) if step.phone else "", step.email]
        if any(theirs):
            lines.append(f"{step.name}: {' · '.join(part for part in theirs if part)}")
    return "\n".join(lines)


def sentence_of(step: InviteStep, profile: SellerProfile, now: datetime) -> str:
    theirs = their_zone(step, profile)
    when = step.due_at.astimezone(theirs)
    differs = when.utcoffset() != step.due_at.astimezone(seller_zone(profile)).utcoffset()
    return invite_sentence(
        step.channel,
        purpose_words(step.channel, step.purpose),
        when,
        now.astimezone(theirs).date(),
        differs,
    )


def when_text(step: InviteStep, profile: SellerProfile) -> str:
    theirs = their_zone(step, profile)
    local = step.due_at.astimezone(theirs)
    text = f"{local:%a %d %b %Y %H:%M} {getattr(theirs, 'key', 'UTC')}"
    ours = step.due_at.astimezone(seller_zone(profile))
    if ours.utcoffset() != local.utcoffset():
        text += f" (= {ours:%a %H:%M} your time)"
    return text


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].rstrip("-")


def filename_of(step: InviteStep, method: Method, profile: SellerProfile) -> str:
    prefix = {Method.PUBLISH: "", Method.REQUEST: "invite-", Method.CANCEL: "cancelled-"}[method]
    day = step.due_at.astimezone(their_zone(step, profile)).date().isoformat()
    words = _slug(f"{activity_words(step)} {step.name}") or "next-step"
    return f"{prefix}{words}-{day}.ics"

"""Chaser emails: the new short message on top, the earlier emails of the chase quoted below."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from touchdesk.domain.date_text import dates

FIRST_CHASER = "chase_1"  # a short nudge over the first email
LAST_CHASER = "chase_3"  # only asks whether there is any progress


@dataclass(frozen=True)
class SentEmail:
    """One email already sent in the chase, as the timeline logged it."""

    sent_on: date  # in the prospect's day
    text: str


@dataclass(frozen=True)
class ChaseText:
    """A chaser email: its subject, its body, and how many earlier emails it quotes."""

    subject: str
    body: str
    quoted: int  # how many earlier emails are quoted below the message


def chaser_template(earlier: int) -> str:
    """The template of a chaser with `earlier` emails before it: the second email nudges, the
    third and any later one only asks for progress; the first needs no chaser."""
    if earlier <= 0:
        return ""
    return FIRST_CHASER if earlier == 1 else LAST_CHASER


def quote(email: SentEmail, author: str = "I") -> str:
    """'On Mon 23 Nov 2026, I wrote:' and the email with every line marked '> '."""
    lines = email.text.strip().splitlines() or [""]
    quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
    return f"On {dates().day_with_year(email.sent_on)}, {author} wrote:\n{quoted}"


def chase_body(message: str, earlier: list[SentEmail]) -> str:
    """The new message, then the earlier emails (given newest first), each quoted under its
    date, so the prospect sees the whole chase without scrolling their inbox."""
    parts = [message.rstrip()]
    parts.extend(quote(email) for email in earlier)
    return "\n\n".join(part for part in parts if part)

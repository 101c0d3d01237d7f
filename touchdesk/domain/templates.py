"""Message templates with {placeholders}: what they need, and filling them in safely."""

from __future__ import annotations

import string
from functools import lru_cache
from typing import NamedTuple

KNOWN_PLACEHOLDERS: dict[str, str] = {
    "first_name": "the prospect's first name",
    "last_name": "the prospect's last name",
    "company": "the prospect's company",
    "my_name": "your name",
    "my_company": "your company",
    "my_phone": "your phone",
    "next_step_time": "the next step's time, in their day",
    "next_step_day": "the next step's day, as you would say it",
    "next_step_what": "the next step as you would name it, with its article ('a call')",
    "referred_name": "the name of the person they referred",
}


class TemplateInfo(NamedTuple):
    """A message template: its key, kind, subject and body with their fields."""

    key: str
    name: str
    kind: str
    subject: str
    body: str
    builtin: bool = False


def placeholders(text: str) -> list[str]:
    """Placeholder names in order of appearance; '{{' and '}}' are literal braces."""
    return list(_read(text)[0])


def template_problems(text: str) -> list[str]:
    """What would go wrong if this were sent: unknown placeholders, stray braces."""
    return list(_read(text)[1])


# Kept per text: filling one message reads its subject and body five times over, and the
# same few templates are filled for one prospect after another.
@lru_cache(maxsize=256)
def _read(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The placeholder names in order (those before a stray brace, if any) and the problems."""
    names = []
    try:
        for _, field, _, _ in string.Formatter().parse(text):
            if field is not None:
                names.append(field)
    except ValueError:  # an unmatched brace
        return tuple(names), ("A '{' or '}' is not closed; write {{ or }} for a literal brace.",)
    unknown = sorted({name for name in names if name not in KNOWN_PLACEHOLDERS})
    return tuple(names), tuple(f"Unknown placeholder {{{name}}}." for name in unknown)


NOTHING = "—"  # what a placeholder says when there is no value (no next step yet)


def unfilled(text: str, values: dict[str, str]) -> list[str]:
    """Known placeholders in `text` with nothing to say for these values (no seller name
    yet, no next step): the customer would read "it's ." where a name belongs."""
    names = []
    for name in placeholders(text):
        blank = values.get(name, "").strip() in ("", NOTHING)
        if name in KNOWN_PLACEHOLDERS and blank and name not in names:
            names.append(name)
    return names


class TemplateError(ValueError):
    """A template that cannot be filled in; never sent half-filled to a customer."""


def render(text: str, values: dict[str, str]) -> str:
    """Fill the placeholders; refuse rather than print '{typo}' to a customer."""
    problems = template_problems(text)
    if problems:
        raise TemplateError(" ".join(problems))
    return text.format_map({name: values.get(name, "") for name in KNOWN_PLACEHOLDERS})


# The break-up keeps its edge: silence is read as a no, so the seller stops, and the door
# stays open only if the prospect says otherwise. Softening it loses the effect.
BREAKUP_BODY = (
    "Hi {first_name},\n\nI've called and written a few times without hearing back, so I "
    "take it this is no longer a priority for you, and I'll stop contacting you about it. "
    "If I've got that wrong, just reply and we'll pick it up from there.\n\n"
    "All the best,\n{my_name}"
)
# Directive, then the way out: moving it costs them nothing, so they need not decline.
INVITE_BODY = (
    "I'll put {next_step_what} on both our calendars {next_step_day} at "
    "{next_step_time}. If that time turns out not to suit you, just move it or tell me "
    "a better one."
)
TEXT_BODY = "Hi {first_name}, it's {my_name}. Could you call me back when you have a minute?"
EMAIL_BODY = (
    "Hi {first_name},\n\nI wanted to get back to you about our conversation. Would a "
    "short call this week help?\n\nBest,\n{my_name}"
)

# Earlier built-in wording, replaced in databases where the seller never changed it.
SUPERSEDED_BODIES: dict[str, tuple[str, ...]] = {
    "breakup": (
        "Hi {first_name},\n\nI've tried to reach you a few times and haven't heard "
        "back, so I'll stop here. If this becomes important for {company}, I'm glad "
        "to pick it up again: just reply to this message.\n\nAll the best,\n{my_name}",
    ),
    "invite": ("I'll put a call on both our calendars for {next_step_day} at {next_step_time}.",),
}

BUILTIN_TEMPLATES: tuple[TemplateInfo, ...] = (
    TemplateInfo(
        "voicemail",
        "Voicemail that primes the next call",
        "voicemail",
        "",
        "Hi {first_name}, it's {my_name}. Sorry I missed you. I'll try you again "
        "{next_step_day} at {next_step_time}. If another time suits you better, "
        "call me on {my_phone}.",
        True,
    ),
    TemplateInfo(
        "invite",
        "Invite sentence",
        "invite",
        "",
        INVITE_BODY,
        True,
    ),
    TemplateInfo(
        "chase_1",
        "Chaser email 1",
        "email",
        "Following up",
        "Hi {first_name},\n\nI wanted to follow up on my note below. Is this "
        "still a priority for {company}?\n\nBest,\n{my_name}",
        True,
    ),
    TemplateInfo(
        "chase_2",
        "Chaser email 2",
        "email",
        "Re: Following up",
        "Hi {first_name},\n\nBringing this back to the top of your inbox: would a "
        "short call next week help?\n\nBest,\n{my_name}",
        True,
    ),
    TemplateInfo(
        "chase_3",
        "Chaser email 3: any progress?",
        "email",
        "Any progress?",
        "Hi {first_name},\n\nAny progress?\n\n{my_name}",
        True,
    ),
    TemplateInfo(
        "trying",
        "Email: I've been trying to reach you",
        "email",
        "Trying to reach you",
        "Hi {first_name},\n\nI've been trying to reach you by phone. When is a good "
        "time for a short call?\n\nBest,\n{my_name}",
        True,
    ),
    TemplateInfo(
        "breakup",
        "Break-up message",
        "email",
        "Closing the loop",
        BREAKUP_BODY,
        True,
    ),
    TemplateInfo(
        "thank_you",
        "Thank-you note",
        "note",
        "",
        "Dear {first_name},\n\nThank you for taking the time to meet. I enjoyed "
        "hearing about {company} and look forward to our next conversation.\n\n"
        "{my_name}",
        True,
    ),
    TemplateInfo(
        "seasonal",
        "Seasonal card",
        "card",
        "",
        "Dear {first_name},\n\nWarm wishes to you and everyone at {company} for the "
        "season.\n\n{my_name}",
        True,
    ),
    TemplateInfo(
        "referrer_thanks",
        "Thank the referrer",
        "note",
        "",
        "Dear {first_name},\n\nThank you for introducing me to {referred_name}. I "
        "really appreciate it.\n\n{my_name}",
        True,
    ),
    TemplateInfo("text", "Text message: please call me back", "text", "", TEXT_BODY, True),
    TemplateInfo("email", "Email: a short follow-up", "email", "Following up", EMAIL_BODY, True),
)

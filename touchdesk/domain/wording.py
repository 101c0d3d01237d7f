"""How the app names things in messages: counts with their nouns and verbs, spoken days and
times, a step's short title with its article, and an invite's title written for the prospect."""

from __future__ import annotations

from datetime import date, datetime

from touchdesk.domain.date_text import dates
from touchdesk.domain.vocabulary import Channel


def plural_of(noun: str) -> str:
    """'prospect' -> 'prospects', 'touch' -> 'touches', 'entry' -> 'entries'; in a phrase
    the last word changes ('overdue next step' -> 'overdue next steps')."""
    head, _, word = noun.rpartition(" ")
    lower = word.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        word += "es"
    elif lower.endswith("y") and lower[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        word = word[:-1] + "ies"
    else:
        word += "s"
    return f"{head} {word}" if head else word


def count_of(n: int, noun: str, plural: str = "", *, grouped: bool = False) -> str:
    """'0 prospects', '1 prospect', '2 prospects' ('1,200 rows' when `grouped`); `plural`
    for a noun the rule gets wrong ('person', 'people')."""
    number = f"{n:,}" if grouped else str(n)
    return f"{number} {noun if n == 1 else plural or plural_of(noun)}"


def agree(n: int, one: str, many: str) -> str:
    """The verb that goes with a count: agree(1, 'needs', 'need') -> 'needs'."""
    return one if n == 1 else many


def spoken_day(when: date, today: date) -> str:
    """'today', 'tomorrow', 'on Thursday' within the week, else 'on Tuesday 9 December'."""
    days = (when - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if 1 < days < 7:
        return f"on {dates().weekday(when)}"
    return f"on {dates().long_day(when)}"


def spoken_time(when: datetime) -> str:
    """'8:30' or '13:00', the way people say a time in a message."""
    return dates().time(when)


# What the prospect would call each channel; the internal purpose ("Revive: a reason-led
# call") is the seller's note to self and never reaches them.
_TITLES = {Channel.SMS: "Text message", Channel.NOTE: "Handwritten note"}


def default_title(channel: Channel) -> str:
    """'Call', 'Video call', 'Text message': the invite title before the seller edits it."""
    return _TITLES.get(channel, channel.label)


def clean_title(title: str) -> str:
    """One line, single spaces, no trailing full stop."""
    return " ".join(title.split()).rstrip(".")


# Words whose first letter misleads: 'an hour', 'a unit', 'a one-to-one'.
_SOUNDS_LIKE_VOWEL = ("hour", "honest", "honour", "honor", "heir")
_SOUNDS_LIKE_CONSONANT = ("uni", "use", "usu", "uti", "eu", "one", "once", "ur")


def with_article(title: str) -> str:
    """'Call' -> 'a call', 'Email' -> 'an email', 'Text message' -> 'a text message'.

    The first letter is lowered only when the word is not an acronym ('a CRM review')."""
    title = clean_title(title)
    if not title:
        return ""
    word = title.split()[0]
    if len(word) == 1 or not word[1:2].isupper():
        title = title[0].lower() + title[1:]
    lower = title.lower()
    if word.isupper() and len(word) > 1:  # an acronym is read letter by letter
        vowel = word[0] in "AEFHILMNORSX"
    elif lower.startswith(_SOUNDS_LIKE_VOWEL):
        vowel = True
    elif lower.startswith(_SOUNDS_LIKE_CONSONANT):
        vowel = False
    else:
        vowel = lower[0] in "aeiou"
    return f"{'an' if vowel else 'a'} {title}"


def invite_summary(title: str, name: str, company: str) -> str:
    """'Call: Hannah Whitfield / Whitfield & Sons', as the prospect reads it in a calendar."""
    company = company.strip()
    suffix = f" / {company}" if company and company != name else ""
    return f"{clean_title(title)}: {name}{suffix}"

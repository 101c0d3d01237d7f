"""The seller's preferences, each declared once with its default and label."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from touchdesk.domain.lost_reasons import DEFAULT_LOST_REASONS
from touchdesk.domain.stages import StageEdit
from touchdesk.services.changes import Change
from touchdesk.services.stages import save_stages
from touchdesk.store.db import database
from touchdesk.store.models import Setting
from touchdesk.store.prepared import NO_VALUE, TEXT_MARK, Prepared


class Declared(NamedTuple):
    """A setting: its key, its value when never set, and its label."""

    key: str
    default: Any
    label: str


DECLARED: tuple[Declared, ...] = (
    Declared("seller_name", "", "Your name"),
    Declared("seller_email", "", "Your email (organizer of invites)"),
    Declared("seller_phone", "", "Your phone"),
    Declared("company", "", "Your company"),
    Declared("return_street", "", "Street"),
    Declared("return_street2", "", "Street, line 2"),
    Declared("return_city", "", "City"),
    Declared("return_region", "", "State / region"),
    Declared("return_postal_code", "", "Postal code"),
    Declared("home_country", "US", "Home country"),
    Declared("time_zone", "America/New_York", "Time zone"),
    Declared("work_start", "08:00", "Working day starts"),
    Declared("work_end", "17:00", "Working day ends"),
    # The weekdays the seller works, Monday as 0: "01234" is Monday to Friday.
    Declared("work_days", "01234", "Working days"),
    Declared("target_active", 50, "Target of active conversations"),
    Declared("reminder_minutes", 15, "Invite reminder (minutes before)"),
    Declared("max_unanswered_emails", 3, "Stop emailing after this many unanswered in a row"),
)
# Remembered for the seller rather than chosen in the settings dialog: not part of the profile.
REMEMBERED: tuple[Declared, ...] = (
    # Per printer: how far (mm, right and down) its envelopes and labels land off target.
    Declared("printer_nudges", {}, "Printer nudges"),
    Declared("mail_print_choices", {}, "Last mail printing choices"),
    # Pairs the seller said are two people: [low id, high id], never suggested again.
    Declared("not_duplicates", [], "Not duplicates"),
    # Referrals whose thank-you the seller was already offered: "prospect id:MILESTONE".
    Declared("referrer_thanks_answered", [], "Referrer thank-yous offered"),
    # Referrals whose referrer the seller was already offered to ask: "referred:referrer".
    Declared("referrer_questions_answered", [], "Referrer questions offered"),
    # The list Lost offers; the seller adds to it by typing a new reason.
    Declared("lost_reasons", list(DEFAULT_LOST_REASONS), "Reasons deals are lost"),
    # Prospects whose persistent win was already cheered on screen.
    Declared("wins_celebrated", [], "Persistent wins celebrated"),
    # Built-ins added to an existing library by a later version ("reason:Title",
    # "template:key"): added once, so one the seller deleted stays deleted.
    Declared("late_builtins_added", [], "Built-ins added after the first seeding"),
    # The built-ins the library was last brought up to (services.bootstrap.BUILTINS_VERSION).
    Declared("builtins_version", 0, "Built-ins the library has"),
    # Where the seller's mailbox and calendar server are (services/accounts.py); never a password.
    Declared("mail_account", {}, "Mailbox"),
    Declared("dav_account", {}, "Calendar and address book server"),
    # Who puts a sent email in the Sent folder: "server" (Gmail does it itself), "app", or
    # "auto" (the server when it is Gmail's, else the app).
    Declared("sent_copy", "auto", "Sent folder copy of emails sent from TouchDesk"),
    # Per kind of contact file (a hash of its header names): header -> Field name chosen.
    Declared("import_mappings", {}, "Column choices of earlier imports"),
    # The first-run setup was saved or skipped on this database: it is offered once.
    Declared("first_run_done", False, "First-run setup done"),
    # How the last calendar sync went: when, and the failure in words ("" when it worked).
    Declared("dav_status", {}, "Calendar sync status"),
)
_BY_KEY = {declared.key: declared for declared in DECLARED + REMEMBERED}


class SellerProfile(NamedTuple):
    """All declared settings as one value; field names are the setting keys."""

    seller_name: str = ""
    seller_email: str = ""
    seller_phone: str = ""
    company: str = ""
    return_street: str = ""
    return_street2: str = ""
    return_city: str = ""
    return_region: str = ""
    return_postal_code: str = ""
    home_country: str = "US"
    time_zone: str = "America/New_York"
    work_start: str = "08:00"
    work_end: str = "17:00"
    work_days: str = "01234"
    target_active: int = 50
    reminder_minutes: int = 15
    max_unanswered_emails: int = 3


# Compiled once: pages read a setting or two on every open.
_VALUE = Prepared(lambda key: Setting.select(Setting.value).where(Setting.key == key), TEXT_MARK)


def get(key: str) -> Any:
    declared = _BY_KEY[key]
    row = _VALUE.run(key).fetchone()
    return declared.default if row is None else json.loads(row[0])


_PROFILE_KEYS = list(SellerProfile._fields)
# Compiled once: every filled template reads the whole profile. Only its own keys: another
# setting (the referrers already thanked) grows with the prospects and is read where needed.
_PROFILE = Prepared(
    lambda _: Setting.select(Setting.key, Setting.value).where(Setting.key.in_(_PROFILE_KEYS)),
    NO_VALUE,
)


# Each profile field with its declared default, listed once: every filled template loads it.
_PROFILE_DEFAULTS = [(key, _BY_KEY[key].default) for key in _PROFILE_KEYS]


# The last profile read, with the stored rows it was made from: the same rows read again
# (the profile seldom changes) give it back without decoding each value anew.
_last_profile: tuple[list[tuple[str, str]], SellerProfile] | None = None


def load_profile() -> SellerProfile:
    global _last_profile
    rows = _PROFILE.run().fetchall()
    last = _last_profile
    if last is not None and last[0] == rows:
        return last[1]  # frozen, and its values are plain text and numbers
    stored = {key: json.loads(value) for key, value in rows}
    profile = SellerProfile(**{key: stored.get(key, default) for key, default in _PROFILE_DEFAULTS})
    _last_profile = (rows, profile)
    return profile


def save_profile(profile: SellerProfile) -> Change:
    """Store every declared value in one transaction."""
    rows = [
        {"key": key, "value": json.dumps(value)}
        for key, value in zip(SellerProfile._fields, profile, strict=True)
    ]
    with database.atomic():
        Setting.insert_many(rows).on_conflict_replace().execute()
    return Change.SETTINGS


def put(key: str, value: Any) -> Change:
    if key not in _BY_KEY:
        raise KeyError(f"unknown setting {key!r}")
    with database.atomic():
        Setting.insert(key=key, value=json.dumps(value)).on_conflict_replace().execute()
    return Change.SETTINGS


def save_preferences(profile: SellerProfile, stages: list[StageEdit]) -> Change:
    """The settings dialog's Save: profile and stages together, or neither."""
    with database.atomic():
        return save_profile(profile) | save_stages(stages)

"""How the app names things in messages: days, titles and their articles, invite titles."""

from __future__ import annotations

from datetime import date

import pytest

from touchdesk.domain.vocabulary import Channel
from touchdesk.domain.wording import (
    agree,
    count_of,
    default_title,
    invite_summary,
    spoken_day,
    with_article,
)

MONDAY = date(2026, 11, 23)


def test_days_are_spoken_as_people_say_them():
    assert spoken_day(MONDAY, MONDAY) == "today"
    assert spoken_day(date(2026, 11, 24), MONDAY) == "tomorrow"
    assert spoken_day(date(2026, 11, 26), MONDAY) == "on Thursday"
    assert spoken_day(date(2026, 12, 8), MONDAY) == "on Tuesday 8 December"


@pytest.mark.parametrize(
    ("channel", "words"),
    [
        (Channel.CALL, "a call"),
        (Channel.VIDEO_CALL, "a video call"),
        (Channel.MEETING, "a meeting"),
        (Channel.VISIT, "a visit"),
        (Channel.EMAIL, "an email"),
        (Channel.SMS, "a text message"),
        (Channel.NOTE, "a handwritten note"),
    ],
)
def test_each_channel_is_named_with_the_right_article(channel, words):
    assert with_article(default_title(channel)) == words


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("Progress call", "a progress call"),
        ("Onboarding review.", "an onboarding review"),
        ("Hour with the team", "an hour with the team"),
        ("Update on pricing", "an update on pricing"),
        ("User workshop", "a user workshop"),
        ("One-to-one", "a one-to-one"),
        ("CRM review", "a CRM review"),
        ("SEO audit", "an SEO audit"),
        ("Demo of  Acme", "a demo of Acme"),
    ],
)
def test_articles_follow_the_sound_not_the_letter(title, words):
    assert with_article(title) == words


def test_the_invite_title_names_the_prospect_and_company_not_the_purpose():
    assert invite_summary("Call", "Hannah Whitfield", "Whitfield & Sons") == (
        "Call: Hannah Whitfield / Whitfield & Sons"
    )
    # A prospect known only by the company is not named twice.
    assert invite_summary("Meeting", "Whitfield & Sons", "Whitfield & Sons") == (
        "Meeting: Whitfield & Sons"
    )
    assert invite_summary(" Text  message ", "Ada Lovelace", "") == "Text message: Ada Lovelace"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0 prospects need one"),
        (1, "1 prospect needs one"),
        (2, "2 prospects need one"),
    ],
)
def test_a_count_agrees_with_its_noun_and_verb(n, expected):
    assert f"{count_of(n, 'prospect')} {agree(n, 'needs', 'need')} one" == expected


@pytest.mark.parametrize(
    ("noun", "counts"),
    [
        ("touch", ("0 touches", "1 touch", "2 touches")),
        (
            "overdue next step",
            ("0 overdue next steps", "1 overdue next step", "2 overdue next steps"),
        ),
        ("entry", ("0 entries", "1 entry", "2 entries")),
        ("day", ("0 days", "1 day", "2 days")),
        ("box", ("0 boxes", "1 box", "2 boxes")),
    ],
)
def test_nouns_take_their_plural_over_zero_one_and_two(noun, counts):
    assert tuple(count_of(n, noun) for n in (0, 1, 2)) == counts


def test_an_irregular_plural_and_grouped_thousands():
    assert count_of(1, "person", "people") == "1 person"
    assert count_of(2, "person", "people") == "2 people"
    assert count_of(1200, "row", grouped=True) == "1,200 rows"

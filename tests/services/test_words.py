"""The words a due step needs, from the seller's templates, and the invite's title and sentence."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests.factories import prospect
from touchdesk.domain.next_steps import NextStepInput
from touchdesk.domain.templates import BUILTIN_TEMPLATES, SUPERSEDED_BODIES, TemplateInfo
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, Outcome
from touchdesk.formats.ics import Method
from touchdesk.services import settings
from touchdesk.services.bootstrap import ensure_defaults
from touchdesk.services.invites.build import describe_invites, invite_for_step, set_title
from touchdesk.services.library import save_template
from touchdesk.services.messages import breakup_for, voicemail_for
from touchdesk.services.next_steps import open_step, set_next_step
from touchdesk.services.plans import apply_plan, list_plans
from touchdesk.services.step_words import words_for_step
from touchdesk.services.templates import get_template
from touchdesk.services.timeline import log_touch
from touchdesk.store.models import Template

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2027, 3, 10, 12, tzinfo=UTC)  # a Wednesday
MONDAY_0830 = datetime(2027, 3, 15, 8, 30, tzinfo=NEW_YORK)


@pytest.fixture
def seller(store):
    settings.put("seller_name", "Sam Seller")
    settings.put("seller_email", "sam@example.com")
    settings.put("seller_phone", "+12025550100")
    settings.put("time_zone", "America/New_York")
    return store


def hannah(channel: Channel = Channel.CALL, purpose: str = "Revive: a reason-led call") -> int:
    return prospect(
        "Hannah",
        "Whitfield",
        "Whitfield & Sons",
        due=MONDAY_0830,
        channel=channel,
        purpose=purpose,
        emails=("hannah@example.com",),
        time_zone="America/New_York",
        country_code="US",
    )


def step_of(prospect_id: int) -> int:
    return open_step(prospect_id).id


def test_a_due_call_brings_the_voicemail_naming_the_next_call(seller):
    words = words_for_step(step_of(hannah(Channel.CALL)), NOW)
    assert words is not None and words.kind == "voicemail"
    assert words.body.startswith("Hi Hannah, it's Sam Seller.")
    # Not the 8:30 call being made, but the next good slot after it, in her day.
    assert "I'll try you again on Monday at 12:00." in words.body
    assert words.missing == ()


def test_a_due_email_brings_subject_and_body_and_opens_in_mail(seller):
    words = words_for_step(step_of(hannah(Channel.EMAIL, "Email about i have been trying")), NOW)
    assert words is not None and words.kind == "email" and words.is_email
    assert words.subject == "Following up"
    assert words.body.startswith("Hi Hannah,\n\n") and words.body.endswith("Sam Seller")
    assert words.text() == f"Subject: {words.subject}\n\n{words.body}"
    parts = urlsplit(words.mailto())
    assert parts.scheme == "mailto" and unquote(parts.path) == "hannah@example.com"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Following up"]
    assert query["body"] == [words.body.replace("\n", "\r\n")]


def test_a_due_text_brings_the_text_message(seller):
    words = words_for_step(step_of(hannah(Channel.SMS, "Text message")), NOW)
    assert words is not None and words.kind == "text"
    assert words.body.startswith("Hi Hannah, it's Sam Seller.")
    assert "call me back" in words.body


def test_a_meeting_has_no_words_to_send(seller):
    assert words_for_step(step_of(hannah(Channel.MEETING, "Demo")), NOW) is None


def test_a_step_made_by_a_plan_uses_its_plan_steps_template(seller):
    pid = hannah(Channel.CALL)
    plan = next(p.id for p in list_plans() if p.spec.name == "Break-up")
    assert apply_plan([pid], plan, NOW, NEW_YORK).applied == [pid]
    words = words_for_step(step_of(pid), NOW)
    # The plan's email step names the break-up template, not the channel's plain email.
    assert words is not None and words.kind == "email"
    assert words.subject == get_template("breakup").subject != get_template("email").subject
    assert "no longer a priority" in words.body


def test_the_sellers_edit_reaches_the_due_step(seller):
    text = get_template("text")
    save_template(TemplateInfo("text", text.name, "text", "", "{first_name}: ring me?", True))
    assert words_for_step(step_of(hannah(Channel.SMS)), NOW).body == "Hannah: ring me?"


def test_the_break_up_assumes_they_are_done_and_leaves_a_reply_open(seller):
    body = breakup_for(hannah(), NOW).body
    assert "glad to pick it up again" not in body
    assert "no longer a priority for you" in body  # the takeaway: silence read as a no
    assert "stop" in body and "reply" in body  # we stop; they may say we read it wrong
    assert body.startswith("Hi Hannah,") and body.endswith("Sam Seller")


def test_an_unedited_old_break_up_is_updated_and_an_edited_one_kept(seller):
    (old,) = SUPERSEDED_BODIES["breakup"]
    new = next(t.body for t in BUILTIN_TEMPLATES if t.key == "breakup")
    Template.update(body=old).where(Template.key == "breakup").execute()
    Template.delete().where(Template.key == "text").execute()
    settings.put("builtins_version", 0)  # as a library an older version brought up
    ensure_defaults()
    assert get_template("breakup").body == new
    assert get_template("text") is not None  # a template the old library lacked is added
    mine = get_template("breakup")
    save_template(TemplateInfo("breakup", mine.name, "email", mine.subject, "My own words", True))
    ensure_defaults()
    assert get_template("breakup").body == "My own words"


def test_the_voicemail_in_the_next_step_dialog_is_the_template(seller):
    pid = hannah()
    script = voicemail_for(pid, datetime(2027, 3, 11, 8, 30, tzinfo=NEW_YORK), NOW)
    assert "I'll try you again tomorrow at 08:30." in script


def summary_of_file(step_id: int, method: Method) -> str:
    (event,) = icalendar.Calendar.from_ical(invite_for_step(step_id, method).content).walk("VEVENT")
    return str(event["SUMMARY"])


@pytest.mark.parametrize(
    ("channel", "title"),
    [
        (Channel.CALL, "Call"),
        (Channel.VIDEO_CALL, "Video call"),
        (Channel.MEETING, "Meeting"),
        (Channel.VISIT, "Visit"),
        (Channel.EMAIL, "Email"),
        (Channel.SMS, "Text message"),
    ],
)
def test_the_invite_title_is_written_for_the_prospect_on_every_channel(seller, channel, title):
    step = step_of(hannah(channel, "Revive: a reason-led — and more"))
    for method in (Method.REQUEST, Method.PUBLISH):
        summary = summary_of_file(step, method)
        assert summary == f"{title}: Hannah Whitfield / Whitfield & Sons"
        assert "Revive" not in summary


@pytest.mark.parametrize(
    ("channel", "words"),
    [
        (Channel.CALL, "a call"),
        (Channel.EMAIL, "an email"),
        (Channel.SMS, "a text message"),
        (Channel.VIDEO_CALL, "a video call"),
    ],
)
def test_the_invite_sentence_is_directive_with_the_right_article_and_a_way_out(
    seller, channel, words
):
    sentence = describe_invites(step_of(hannah(channel)), now=NOW).sentence
    assert sentence.startswith(f"I'll put {words} on both our calendars on Monday at 08:30.")
    assert "move it" in sentence
    assert "Revive" not in sentence


def test_the_sellers_title_is_kept_and_written_to_the_file(seller):
    step = step_of(hannah())
    assert set_title(step, "  Progress   call. ")
    assert summary_of_file(step, Method.REQUEST) == (
        "Progress call: Hannah Whitfield / Whitfield & Sons"
    )
    overview = describe_invites(step, now=NOW)
    assert overview.title == "Progress call"
    assert overview.sentence.startswith("I'll put a progress call on both our calendars")
    assert overview.filenames[Method.REQUEST].startswith("invite-progress-call-hannah-whitfield")
    set_title(step, "")  # blank goes back to the channel's own title
    assert summary_of_file(step, Method.REQUEST).startswith("Call: ")


def test_a_due_chaser_quotes_the_earlier_unanswered_email(seller):
    pid = prospect("Hannah", "Whitfield", emails=("hannah@example.com",))
    sent_at = datetime(2027, 3, 8, 13, 30, tzinfo=UTC)
    note = "The proposal is attached.\nCould we talk on Thursday?"
    log_touch(pid, TouchInput(Channel.EMAIL, sent_at, outcome=Outcome.SENT, note=note))
    step, _ = set_next_step(pid, NextStepInput(MONDAY_0830, Channel.EMAIL, "Chase"))
    words = words_for_step(step, NOW)
    assert words.subject == get_template("chase_1").subject
    assert words.body.startswith("Hi Hannah,")
    assert "> The proposal is attached.\n> Could we talk on Thursday?" in words.body
    assert words.name.startswith("Chaser quoting 1 earlier email")

"""Reading messages and addresses: sub-addresses, any case, encoded headers, HTML-only mail."""

from __future__ import annotations

from email.message import EmailMessage

from hypothesis import given
from hypothesis import strategies as st

from tests.mail_servers import email_message
from touchdesk.services.mailbox.addresses import normalized, parse_addresses
from touchdesk.services.mailbox.parsing import envelope, first_lines, parse_email

local = st.text(st.characters(blacklist_characters="@+<> \t\r\n\x00"), min_size=1, max_size=20)
domain = st.from_regex(r"[a-z0-9]{1,10}\.(test|com|de)", fullmatch=True)


@given(local, local, domain)
def test_a_sub_address_in_any_case_is_its_base_address(name, tag, host):
    base = normalized(f"{name}@{host}")
    assert normalized(f"{name.upper()}+{tag}@{host.upper()}") == normalized(f"{name}@{host}")
    assert normalized(base) == base  # normalizing twice changes nothing


def test_display_names_and_lists_are_read_like_mail_clients_do():
    found = parse_addresses('"Lee, Ann" <Ann+x@Acme.test>, bo@acme.test', "")
    assert found == [("Lee, Ann", "ann@acme.test"), ("", "bo@acme.test")]
    assert normalized("not an address") == ""


def test_encoded_headers_attachments_and_the_plain_text_are_kept():
    raw = email_message(
        "Zoë Ünal <z@x.test>", "a@b.test", "Grüße – offre spéciale", "Bonjour,\n\nvoilà.\n",
        in_reply_to="<first@x.test>", attachment=("devis été.pdf", b"%PDF-1.4"),
    )  # fmt: skip
    email = parse_email(raw, envelope(7, raw))
    assert email.subject == "Grüße – offre spéciale"
    assert email.from_address == "Zoë Ünal <z@x.test>"
    assert email.body == "Bonjour,\n\nvoilà."
    assert email.attachments == ("devis été.pdf",)
    assert email.in_reply_to == email.references == "<first@x.test>"


def test_an_html_only_email_is_kept_as_its_text():
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@x.test", "b@y.test", "Hi"
    message.set_content("<p>Hello <b>there</b></p><style>p{}</style><p>Line two</p>", "html")
    raw = bytes(message)
    assert parse_email(raw, envelope(1, raw)).body == "Hello there\nLine two"


def test_a_message_without_message_id_gets_a_stable_one():
    raw = b"From: a@x.test\r\nTo: b@y.test\r\nDate: Mon, 7 Dec 2026 09:00:00 +0000\r\n\r\nHi\r\n"
    assert envelope(1, raw).message_id == envelope(99, raw).message_id
    assert envelope(1, raw).message_id.endswith("@no-message-id.touchdesk>")


def test_the_timeline_shows_the_first_lines_not_the_quote():
    body = "\n> earlier text\nThanks for this.\n\nCall me Tuesday.\nMore."
    assert first_lines(body) == "Thanks for this. Call me Tuesday."

"""The sync's quick reading of plain headers and addresses gives exactly what the standard
library's parsers give, whatever the text (the quick paths hand anything unusual to them)."""

from __future__ import annotations

from email import policy
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_tz

from hypothesis import example, given, settings
from hypothesis import strategies as st

from touchdesk.services.mailbox.addresses import _parsed, normalized
from touchdesk.services.mailbox.parsing import (
    Envelope,
    _date,
    _decoded,
    _message_id,
    _parse_any,
    _plain_message,
    envelope,
    parse_email,
)

NAMES = ["From", "To", "Cc", "Bcc", "Date", "Message-ID", "from", "TO", "X-Other", "From "]
# Mostly the characters of real headers, some that make them unusual (CR, LF, tab, 8-bit).
piece = st.sampled_from(
    ["ann@acme.test", "Ann Lee", " <", ">", ", ", ",", "\"", "(x)", " ", "\t", "\r\n", "\r\n ",
     "\n", "\r", ":", ".", "+", "@", "é", "\u00a0", "Mon, 1 Jan 2024 10:00:00 +0000", "<m@x>"]
)  # fmt: skip
value = st.lists(st.one_of(piece, st.text(max_size=4)), max_size=6).map("".join)
# Lists of nearly plain addresses, so the quick path and its edges are tried often.
address = st.from_regex(r"[A-Za-z0-9._+'-]{1,6}@[A-Za-z0-9.-]{1,6}", fullmatch=True)
named = st.tuples(st.from_regex(r"[A-Za-z0-9 .]{0,8}", fullmatch=True), address).map(
    lambda pair: f"{pair[0]} <{pair[1]}>"
)
separator = st.sampled_from([",", ", ", " ,", ",  "])
addresses = st.lists(st.tuples(st.one_of(address, named), separator), min_size=1, max_size=3).map(
    lambda items: "".join(item + sep for item, sep in items)[: -len(items[-1][1])]
)


def stdlib_envelope(uid: int, header_bytes: bytes) -> Envelope:
    """The first pass as the standard library's compat32 parser alone reads it."""
    headers = BytesHeaderParser(policy=policy.compat32).parsebytes(header_bytes)

    def text(name: str) -> str:
        found = headers.get(name)
        return str(found).strip() if found is not None else ""

    date, sender = text("Date"), text("From")
    recipients = (text("To"), text("Cc"), text("Bcc"))
    return Envelope(uid, _message_id(text("Message-ID"), date, sender, *recipients),
                    date, sender, recipients)  # fmt: skip


@settings(max_examples=400)
@given(
    st.lists(st.tuples(st.sampled_from(NAMES), value), max_size=7), st.sampled_from(["", "\r\n"])
)
def test_headers_read_quickly_are_read_as_the_standard_parser_reads_them(fields, end):
    raw = "".join(f"{name}: {text}\r\n" for name, text in fields) + end
    data = raw.encode("utf-8", "surrogatepass")
    quick, standard = envelope(7, data), stdlib_envelope(7, data)
    assert quick == standard
    # The instant as the standard library reads the Date ("now" when there is none or it
    # cannot be read, so those two are only close).
    assert abs((quick.sent_at - _date(standard.date_header)).total_seconds()) < 5
    if standard.date_header and parsedate_tz(standard.date_header):
        assert quick.sent_at == _date(standard.date_header)


def test_a_plain_block_of_headers_is_read_whole():
    data = b"From: Ann Lee <ann@acme.test>\r\nTo: me@seller.test\r\nMessage-ID: <1@x>\r\n"
    data += b"Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\n"
    assert envelope(1, data) == stdlib_envelope(1, data)
    assert envelope(1, data).sender == "Ann Lee <ann@acme.test>"


@settings(max_examples=600)
@given(st.one_of(value, addresses))
@example("Ann  Lee <ann@acme.test>")  # the standard parser makes the two spaces one
@example("A.B <a@b.c>, a..b@x.com,")
def test_addresses_read_quickly_are_read_as_getaddresses_reads_them(header):
    expected = tuple(
        (name.strip(), normalized(address))
        for name, address in getaddresses([header])
        if normalized(address)
    )
    assert _parsed(header) == expected


def test_plain_lists_of_addresses_are_read_like_getaddresses():
    header = "Ann Lee <Ann+x@Acme.test>, bo@acme.test,Carl <c.m@b.c>"
    assert _parsed(header) == (("Ann Lee", "ann@acme.test"), ("", "bo@acme.test"),
                               ("Carl", "c.m@b.c"))  # fmt: skip


@settings(max_examples=400)
@given(st.one_of(value, st.text(st.characters(max_codepoint=127)), st.text()))
def test_a_header_without_encoded_words_reads_as_decoding_it_would(header):
    try:
        expected = " ".join(str(make_header(decode_header(header))).split())
    except (HeaderParseError, LookupError, UnicodeError, ValueError):  # kept as written
        expected = " ".join(header.split())
    assert _decoded(header) == expected


# Whole messages: mostly one plain text part, with what makes a message another kind.
MESSAGE_NAMES = ["Subject", "From", "To", "Cc", "In-Reply-To", "References", "Content-Type",
                 "content-type", "Content-Transfer-Encoding", "Content-Disposition",
                 "MIME-Version", "X-Other", "From ", ""]  # fmt: skip
message_value = st.one_of(
    value,
    st.sampled_from(
        ['text/plain; charset="utf-8"', "text/plain", "TEXT/PLAIN;charset=us-ascii", "text/html",
         'multipart/mixed; boundary="b"', "text/plain; charset=utf-7", 'text/plain; name="a.pdf"',
         "text/plain; charset=nonesuch", "plain", "7bit", "8BIT", "base64", "quoted-printable",
         'attachment; filename="x.pdf"', "=?utf-8?q?caf=C3=A9?=", "Re: quote\r\n again"]
    ),
)  # fmt: skip
body = st.lists(
    st.one_of(st.sampled_from(["Yes.", " ", "\r\n", "\n", "\r", "+AGEA-", "=41", "> old", "--b",
                               "é", "<p>Hi</p>", "\t"]), st.text(max_size=3)),
    max_size=8,
).map("".join)  # fmt: skip


@settings(max_examples=500)
@given(
    st.lists(st.tuples(st.sampled_from(MESSAGE_NAMES), message_value), max_size=6),
    st.sampled_from(["\r\n", "\n"]),
    st.sampled_from(["\r\n", "\n", ""]),
    body,
)
@example([("Subject", "Hi"), ("Content-Type", 'text/plain; charset="utf-8"')], "\r\n", "\r\n",
         "Yes.\r\n\r\nAnn\r\n")  # fmt: skip
@example([("To", "a@b.c,\r\n d@e.f"), ("Subject", "")], "\r\n", "\r\n", "Text")
def test_a_plain_message_read_quickly_is_read_as_the_standard_parser_reads_it(
    fields, newline, separator, text
):
    raw = "".join(f"{name}: {value}{newline}" for name, value in fields) + separator + text
    data = raw.encode("utf-8", "surrogatepass")
    fallback = Envelope(1, "<m@x>", "Mon, 1 Jan 2024 10:00:00 +0000", "", ("", "", ""))
    assert parse_email(data, fallback) == _parse_any(data, fallback)


def test_a_plain_message_is_read_without_the_standard_parser():
    raw = b"From: Ann <ann@acme.test>\r\nSubject: Re:\r\n  quote\r\nContent-Type: text/plain;"
    raw += b' charset="utf-8"\r\nContent-Transfer-Encoding: 7bit\r\n\r\nYes.\r\n\r\nAnn\r\n'
    fields, text = _plain_message(raw)
    assert fields["subject"] == "Re:\r\n  quote" and text == "Yes.\r\n\r\nAnn\r\n"
    fallback = Envelope(1, "<m@x>", "Mon, 1 Jan 2024 10:00:00 +0000", "", ("", "", ""))
    assert parse_email(raw, fallback) == _parse_any(raw, fallback)

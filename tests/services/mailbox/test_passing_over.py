"""The sync's quick pass over strangers' headers counts every message exactly as reading its
envelope and classifying it does: the same emails kept for the same prospects, the same
colleagues offered, the same counts, whatever the headers hold."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.factories import prospect
from tests.services.mailbox.helpers import SELLER
from tests.services.mailbox.test_quick_reading import address, addresses, stdlib_envelope
from touchdesk.services.mailbox.addresses import domain_of, load_directory, parse_addresses
from touchdesk.services.mailbox.parsing import envelope
from touchdesk.services.mailbox.sync import SyncResult, _Classifier, _uid_of

# Addresses of the directory below, written as mail does (any case, sub-addresses, names),
# its company's colleagues, strangers, and pieces that make a header unusual.
piece = st.sampled_from(
    ["ann@acme.test", "Ann Lee <ANN+crm@Acme.Test>", "bo@acme.test", "carl@acme.test",
     "Carl <carl@ACME.TEST>", "x@gmail.com", "ann@gmail.com", "stranger@else.test",
     "<s@else.test>", "Bob \"B\" <bob@else.test>", SELLER, "Me <ME@SELLER.TEST>", "ann@acme",
     "acme.test", "@acme.test", "+x@acme.test", " ann@ACME.test ", "a.b@acme.test.",
     "ann@acme.test.else", "ann @ acme.test", "ann@(c)acme.test",
     "=?utf-8?q?Ann?= <ann@acme.test>", "\"ann@acme.test\" <s@else.test>", "é", ", ", ",",
     " ", "\t", "\r\n ", "\r\n", "\n", "\r", ":", "<", ">", "(", ")", "\"", "\\", "+", "@"]
)  # fmt: skip
value = st.lists(st.one_of(piece, st.text(max_size=3)), max_size=5).map("".join)
NAMES = ["From", "To", "Cc", "Bcc", "Date", "Message-ID", "from", "CC", "X-Other", "From "]
MESSAGE_IDS = ["<1@x>", "<2@x>", "<3@x>", "", "<known@x>"]
block = st.tuples(
    st.lists(st.tuples(st.sampled_from(NAMES), value), max_size=6),
    st.sampled_from(MESSAGE_IDS),
    st.sampled_from(["", "\r\n"]),
    st.booleans(),  # in the Sent folder
)


@pytest.fixture
def directory(store):
    prospect("Ann", "Lee", "Acme", emails=("ann@acme.test", "ann@gmail.com"))
    prospect("Bo", "", "Acme", emails=("Bo@Acme.test",))
    return load_directory([SELLER])


def _header_bytes(fields: list[tuple[str, str]], message_id: str, end: str) -> bytes:
    raw = "".join(f"{name}: {text}\r\n" for name, text in fields)
    raw += f"Message-ID: {message_id}\r\n" if message_id else ""
    return (raw + end).encode("utf-8", "surrogatepass")


def _classified(directory, blocks: list[tuple], quick: bool) -> tuple:
    result = SyncResult()
    classifier = _Classifier(directory, {"<known@x>"}, result)
    for uid, (fields, message_id, end, is_sent) in enumerate(blocks, 1):
        header_bytes = _header_bytes(fields, message_id, end)
        if quick and classifier.passes_over(header_bytes):
            continue
        try:
            found = envelope(uid, header_bytes)
        except Exception:  # noqa: BLE001 - as the sync does
            result.skipped += 1
            continue
        classifier.take(found, "Sent" if is_sent else "INBOX", is_sent)
    return result, classifier.candidates, classifier.offered


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(block, max_size=6))
@example([([("From", "Carl <carl@ACME.TEST>")], "<1@x>", "", False)])
@example([([("From", "s@else.test"), ("Cc", "ann+x@acme.test")], "<1@x>", "", False)])
@example([([("From", "s@else.test")], "<known@x>", "", False)])
@example([([("From", "s@else.test")], "", "", False), ([("From", "s@else.test")], "", "", False)])
@example([([("From", "Me <ME@SELLER.TEST>"), ("Bcc", "ann@acme.test")], "<1@x>", "", False)])
def test_passing_over_a_message_counts_it_as_reading_it_would(directory, blocks):
    assert _classified(directory, blocks, quick=True) == _classified(directory, blocks, False)


def test_a_strangers_plain_message_is_passed_over(directory):
    result = SyncResult()
    classifier = _Classifier(directory, set(), result)
    stranger = b"From: s@else.test\r\nTo: me@seller.test\r\nMessage-ID: <9@x>\r\n\r\n"
    colleague = b"From: Carl <carl@acme.test>\r\nTo: me@seller.test\r\n\r\n"
    assert classifier.passes_over(stranger) and result.skipped == 1
    assert not classifier.passes_over(colleague) and result.skipped == 1


@pytest.mark.parametrize(
    "header_bytes",
    [
        b"From: x\ry\r\nTo: ann@acme.test\r\n",  # a lone CR ends a line for the standard parser
        b"From: x\ny\r\nTo: ann@acme.test\r\n",
        b"From: s@else.test\r\n\r\nTo: ann@acme.test\r\n",  # after a blank line: the body
        b"To : ann@acme.test\r\nFrom: s@else.test\r\n",  # a name with a space: not a header
        b"X\x01: y\r\nTo: ann@acme.test\r\n",  # a control character in a name ends them
        b"From: s@else.test\r\n To: ann@acme.test\r\n",  # folded
        b": ann@acme.test\r\n",
    ],
)
def test_an_unusual_block_is_read_as_the_standard_parser_reads_it(header_bytes):
    assert envelope(1, header_bytes) == stdlib_envelope(1, header_bytes)


@given(
    st.lists(
        st.one_of(
            st.sampled_from([b"(UID", b"UID", b"12", b"345)", b"BODY[]", b"{67}", b"(FLAGS", b"x"]),
            st.binary(max_size=5),
        ),
        max_size=6,
    ).map(b" ".join)
)
@example(b"12 (UID 345 BODY[HEADER.FIELDS (FROM)] {67}")
@example(b"12 (BODY[] {67} UID 345)")
@example(b"12 (UID 345)")
@example(b"12 (UID \xd9\xa3 X")  # an Arabic-Indic digit: isdigit() on bytes is ASCII only
def test_the_uid_of_an_answer_is_the_one_the_pattern_finds(head):
    match = re.search(rb"UID (\d+)", head)
    assert _uid_of(head) == (int(match[1]) if match else None)


@settings(
    max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.one_of(value, addresses, address))
@example("+x@acme.test")
@example(" Ann@ACME.test ")
@example("ann@acme.test\t")
def test_a_header_with_an_address_at_a_directory_domain_is_never_passed_over(directory, header):
    """may_involve() may say yes to more, never to less, than reading the header says."""
    at_domains = [
        domain_of(a) for _, a in parse_addresses(header) if domain_of(a) in directory.domains
    ]
    if at_domains:
        assert directory.may_involve(header)

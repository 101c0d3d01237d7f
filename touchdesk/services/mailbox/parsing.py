"""Reading messages: the few headers the privacy rule needs first, the whole message only for
an email with a prospect (its plain text and attachment names)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesHeaderParser
from email.utils import parsedate_to_datetime
from functools import cached_property
from html.parser import HTMLParser

# What the first pass reads of every message: who, when and which — never subject or body.
HEADER_FIELDS = "FROM TO CC BCC DATE MESSAGE-ID"


@dataclass(frozen=True)
class Envelope:
    """The first-pass headers of one message in one folder."""

    uid: int
    message_id: str
    date_header: str  # the Date header as written: read as an instant only for a kept email
    sender: str  # the From header as written
    recipients: tuple[str, str, str]  # To, Cc, Bcc headers as written

    @cached_property
    def sent_at(self) -> datetime:
        return _date(self.date_header)


@dataclass(frozen=True)
class ParsedEmail:
    """An email with a prospect, as it is stored."""

    message_id: str
    sent_at: datetime
    subject: str
    from_address: str
    to_addresses: str
    cc_addresses: str
    in_reply_to: str
    references: str
    body: str
    attachments: tuple[str, ...]


def _date(raw: str | None, fallback: datetime | None = None) -> datetime:
    try:
        when = parsedate_to_datetime(raw) if raw else None
    except (TypeError, ValueError, IndexError):
        when = None
    if when is None:
        return fallback or datetime.now(UTC)
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _message_id(raw: str | None, *identity: str) -> str:
    """The Message-ID, or a stable stand-in made of the message's identity headers (a few
    old tools send none; the same message must still be stored once)."""
    cleaned = (raw or "").strip()
    if cleaned:
        return cleaned
    digest = hashlib.sha256("\n".join(identity).encode("utf-8", "replace")).hexdigest()[:32]
    return f"<{digest}@no-message-id.touchdesk>"


def _plain_fields(header_bytes: bytes) -> dict[str, str] | None:
    """The fields of a block of plain one-line ASCII headers (name in lower case -> value, the
    first of each name), as the standard parser reads them; None when anything is unusual
    (8-bit text, folded lines, a stray CR): the standard parser then reads it. A sync reads
    the headers of every message, and the standard parser costs several times as much.

    Plain: lines apart by CRLF, blank ones only at the end, each a name of visible ASCII
    (no space, no colon), a colon, and a value with no CR or LF. Checked with string methods:
    a pattern over the block cost as much as all the rest of the reading."""
    if not header_bytes.isascii():
        return None
    fields: dict[str, str] = {}
    ended = False
    for line in header_bytes.decode("ascii").split("\r\n"):
        if not line:
            ended = True
            continue
        name, colon, value = line.partition(":")
        if (
            ended  # a header after a blank line
            or not colon
            or not name
            or " " in name
            or not name.isprintable()  # in ASCII: a control character or DEL
            or "\r" in value
            or "\n" in value
        ):
            return None
        fields.setdefault(name.lower(), value.strip())
    return fields


def envelope(uid: int, header_bytes: bytes) -> Envelope:
    fields = _plain_fields(header_bytes)
    if fields is None:
        headers = BytesHeaderParser(policy=policy.compat32).parsebytes(header_bytes)
        fields = {}
        for name in ("date", "from", "to", "cc", "bcc", "message-id"):
            value = headers.get(name)
            fields[name] = str(value).strip() if value is not None else ""
    return _envelope_of(uid, fields)


def _envelope_of(uid: int, fields: dict[str, str]) -> Envelope:
    date = fields.get("date", "")
    sender = fields.get("from", "")
    recipients = (fields.get("to", ""), fields.get("cc", ""), fields.get("bcc", ""))
    return Envelope(
        uid=uid,
        message_id=_message_id(fields.get("message-id", ""), date, sender, *recipients),
        date_header=date,
        sender=sender,
        recipients=recipients,
    )


def plain_headers(header_bytes: bytes) -> tuple[str, tuple[str, str, str, str]] | None:
    """The Message-ID and the address headers (From, To, Cc, Bcc as written; '' for a missing
    one) that envelope() reads from a plain block of headers, read with no envelope built;
    None when the block is not plain. A sync reads every message's headers, and most are
    strangers' that need no envelope."""
    fields = _plain_fields(header_bytes)
    if fields is None:
        return None
    get = fields.get
    addresses = (get("from", ""), get("to", ""), get("cc", ""), get("bcc", ""))
    return _message_id(get("message-id", ""), get("date", ""), *addresses), addresses


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("br", "p", "div", "tr", "li"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _html_text(html: str) -> str:
    reader = _TextOfHtml()
    reader.feed(html)
    return re.sub(r"\n{3,}", "\n\n", "".join(reader.parts)).strip()


def _decoded(value: object) -> str:
    """A header as text: encoded words (=?utf-8?...?=) decoded, folding collapsed."""
    if value is None:
        return ""
    if isinstance(value, str) and value.isascii() and "=?" not in value:
        return " ".join(value.split())  # no encoded word: what decoding would give, cheaply
    try:
        text = str(make_header(decode_header(str(value))))
    except (HeaderParseError, LookupError, UnicodeError, ValueError):
        text = str(value)
    return " ".join(text.split())


def _part_text(part: Message) -> str:
    return _text_of(part.get_payload(decode=True) or b"", part.get_content_charset() or "utf-8")


def _text_of(payload: bytes, charset: str) -> str:
    try:
        return payload.decode(charset, "replace")
    except LookupError:  # a charset Python does not know
        return payload.decode("utf-8", "replace")


def _leaves(message: Message) -> list[tuple[Message, str | None]]:
    """Each part that is not a container, with its file name (read once: it is dear)."""
    return [(part, part.get_filename()) for part in message.walk() if not part.is_multipart()]


def _is_attachment(part: Message, filename: str | None) -> bool:
    return filename is not None or str(part.get("Content-Disposition", "")).lower().startswith(
        "attachment"
    )


def _plain_text(leaves: list[tuple[Message, str | None]]) -> str:
    """The first text/plain part that is not an attachment, else the first HTML one as text.
    (The standard library's compat32 reading: several times faster than its EmailMessage.)"""
    html = None
    for part, filename in leaves:
        if _is_attachment(part, filename):
            continue
        kind = part.get_content_type()
        if kind == "text/plain":
            return _part_text(part).replace("\r\n", "\n").strip()
        if kind == "text/html" and html is None:
            html = part
    return _html_text(_part_text(html)) if html is not None else ""


def _attachments(leaves: list[tuple[Message, str | None]]) -> tuple[str, ...]:
    return tuple(_decoded(name) for _, name in leaves if name)


def parse_email(raw: bytes, fallback: Envelope) -> ParsedEmail:
    plain = _plain_message(raw)
    if plain is None:
        return _parse_any(raw, fallback)
    fields, body = plain

    def header(name: str) -> str:
        return _decoded(fields.get(name.lower()))

    return _parsed(fallback, header, body.replace("\r\n", "\n").strip(), ())


def _parse_any(raw: bytes, fallback: Envelope) -> ParsedEmail:
    """Any message, read by the standard library (compat32)."""
    message = message_from_bytes(raw)
    leaves = _leaves(message)

    def header(name: str) -> str:
        return _decoded(message.get(name))

    return _parsed(fallback, header, _plain_text(leaves), _attachments(leaves))


def _parsed(
    fallback: Envelope, header: Callable[[str], str], body: str, attachments: tuple[str, ...]
) -> ParsedEmail:
    return ParsedEmail(
        message_id=fallback.message_id,
        sent_at=fallback.sent_at,
        subject=header("Subject"),
        from_address=header("From"),
        to_addresses=header("To"),
        cc_addresses=header("Cc"),
        in_reply_to=header("In-Reply-To"),
        references=header("References"),
        body=body,
        attachments=attachments,
    )


# A header's first line, and one that carries it on (folded), in an ASCII message.
_HEADER_LINE = re.compile(r"([\x21-\x39\x3b-\x7e]+):[ \t]*(.*)", re.DOTALL)
# The one part of a plain message: text, no attachment, no encoding to undo.
_PLAIN_TYPE = re.compile(r'text/plain(?:; ?charset=(?:"([A-Za-z0-9_.:-]+)"|([A-Za-z0-9_.:-]+)))?',
                         re.IGNORECASE)  # fmt: skip
_PLAIN_ENCODING = re.compile(r"(?:7bit|8bit)?", re.IGNORECASE)


def _plain_message(raw: bytes) -> tuple[dict[str, str], str] | None:
    """The headers (name in lower case -> the first one's value, as the standard parser
    keeps it) and the text of a one-part plain-text ASCII message; None for any other kind,
    which the standard parser then reads. Most replies are such messages, and building the
    standard library's message object cost more than storing and logging the email."""
    if not raw.isascii():
        return None
    text = raw.decode("ascii")
    newline = "\n"
    if "\r" in text:  # CRLF throughout, or the standard parser's rules for line ends apply
        if not text.count("\r") == text.count("\r\n") == text.count("\n"):
            return None
        newline = "\r\n"
    head, separator, body = text.partition(newline + newline)
    if not separator or not head or text.startswith(newline):
        return None
    sources: list[tuple[str, list[str]]] = []  # each header's name and its lines
    for line in head.split(newline):
        if line[0] in " \t":  # a folded line carries the header above on
            if not sources:
                return None
            sources[-1][1].append(line)
            continue
        found = _HEADER_LINE.fullmatch(line)
        if found is None:
            return None
        sources.append((found[1].lower(), [found[2]]))
    fields: dict[str, str] = {}
    for name, lines in sources:
        fields.setdefault(name, newline.join(lines))
    charset = _plain_charset(fields)
    if charset is None or "content-disposition" in fields:
        return None
    return fields, _text_of(body.encode("ascii"), charset or "utf-8")


def _plain_charset(fields: dict[str, str]) -> str | None:
    """The charset of a plain text part with nothing to decode ('' when it names none), or
    None when the part is anything else."""
    kind = fields.get("content-type")
    if not _PLAIN_ENCODING.fullmatch(fields.get("content-transfer-encoding", "")):
        return None
    if kind is None:
        return ""
    found = _PLAIN_TYPE.fullmatch(kind)
    if found is None:
        return None
    return (found[1] or found[2] or "").lower()


def first_lines(body: str, lines: int = 2, width: int = 160) -> str:
    """The opening of an email for the timeline: its first non-empty, non-quoted lines."""
    kept = []
    for line in body.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(">"):
            continue
        kept.append(stripped)
        if len(kept) == lines:
            break
    text = " ".join(kept)
    return text if len(text) <= width else text[: width - 1] + "…"

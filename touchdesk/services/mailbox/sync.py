"""Incremental, idempotent sync of the Inbox and the Sent folder, keeping only emails with
prospects.

Two passes: the first reads only who, when and which (From, To, Cc, Bcc, Date, Message-ID) of
every new message; the second fetches the whole message only for an email with a prospect, and
records those oldest first, a batch per transaction. A folder's last UID moves on only once all
its emails with prospects are stored, so a sync cut short (killed, connection dropped) is
finished by the next one, and Message-IDs keep every email stored once.
"""

from __future__ import annotations

import imaplib
import queue
import re
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from touchdesk.domain.vocabulary import Direction
from touchdesk.domain.wording import count_of
from touchdesk.services import settings
from touchdesk.services.accounts import MailAccount
from touchdesk.services.changes import Change
from touchdesk.services.follow_up import PlanEffect
from touchdesk.services.mailbox.addresses import Directory, load_directory, parse_addresses
from touchdesk.services.mailbox.connection import Ask, open_mailbox
from touchdesk.services.mailbox.errors import FolderMissing, MailboxError
from touchdesk.services.mailbox.folders import find_folders, quoted
from touchdesk.services.mailbox.parsing import (
    HEADER_FIELDS,
    Envelope,
    envelope,
    parse_email,
    plain_headers,
)
from touchdesk.services.mailbox.record import (
    CANNOT_KEEP,
    EmailToRecord,
    RecordedEmail,
    record_emails,
)
from touchdesk.store.db import database, utc_now
from touchdesk.store.models import FolderSync, StoredEmail

HEADER_BATCH = 500
BODY_BATCH = 50
_UID = re.compile(rb"UID (\d+)")
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class OfferedContact:
    """Someone unknown who wrote from a prospect company's domain: offered, never stored."""

    address: str
    name: str
    company: str
    colleagues: tuple[int, ...]  # prospects at the same domain


@dataclass
class SyncResult:
    stored: int = 0  # emails with prospects stored now
    skipped: int = 0  # messages of strangers: counted, nothing else kept
    already: int = 0  # stored by an earlier sync
    failed: int = 0  # emails with prospects that could not be read or logged
    offered: list[OfferedContact] = field(default_factory=list)
    replied: list[int] = field(default_factory=list)  # prospects with a new reply
    paused: list[int] = field(default_factory=list)  # prospects whose plan a reply paused
    revival: list[int] = field(default_factory=list)  # dormant prospects who wrote back
    change: Change = Change.NOTHING
    folders: tuple[str, ...] = ()

    def summary(self) -> str:
        offered = f", {count_of(len(self.offered), 'new contact')} offered" if self.offered else ""
        offered += f", {self.failed} could not be read" if self.failed else ""
        return (
            f"{count_of(self.stored, 'email')} with prospects stored, "
            f"{count_of(self.skipped, 'other message')} skipped{offered}."
        )


@dataclass(frozen=True)
class _Candidate:
    envelope: Envelope
    folder: str
    direction: Direction
    prospects: tuple[int, ...]


def _uid_set(uids: list[int]) -> str:
    """'1:3,7,9:10' for [1, 2, 3, 7, 9, 10] (sorted)."""
    parts = []
    start = previous = uids[0]
    for uid in uids[1:]:
        if uid != previous + 1:
            parts.append(f"{start}:{previous}" if start != previous else str(start))
            start = uid
        previous = uid
    parts.append(f"{start}:{previous}" if start != previous else str(start))
    return ",".join(parts)


def _chunks(items: list, size: int) -> Iterable[list]:
    for index in range(0, len(items), size):
        yield items[index : index + size]


def _fetched(data: list) -> Iterable[tuple[int, bytes]]:
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            uid = _uid_of(item[0])
            if uid is not None:
                yield uid, item[1]


def _uid_of(head: bytes) -> int | None:
    """The UID in a FETCH answer's first line ('12 (UID 345 BODY[...] {67}')."""
    words = head.split(b" ", 3)
    # Most servers put the UID first: read without the pattern, the same number it finds.
    if len(words) > 2 and words[1] == b"(UID" and words[2].isdigit():
        return int(words[2])
    match = _UID.search(head)
    return int(match[1]) if match else None


def _select(imap: imaplib.IMAP4, folder: str) -> int:
    status, answer = imap.select(quoted(folder), readonly=True)
    if status != "OK":
        said = answer[0].decode("utf-8", "replace") if answer and answer[0] else ""
        raise FolderMissing(f"The mailbox folder {folder!r} cannot be opened: {said}")
    _, validity = imap.response("UIDVALIDITY")
    return int(validity[0]) if validity and validity[0] else 0


def _new_uids(
    imap: imaplib.IMAP4, state: FolderSync | None, validity: int, since: datetime
) -> tuple[list[int], int]:
    """UIDs to read now and the last UID already read (0 after a UIDVALIDITY change)."""
    if state is not None and state.uid_validity == validity:
        last = state.last_uid
        status, data = imap.uid("SEARCH", None, "UID", f"{last + 1}:*")
    else:
        last = 0
        status, data = imap.uid("SEARCH", None, "SINCE", since.strftime("%d-%b-%Y"))
    if status != "OK":
        raise MailboxError("The mail server refused to list the new messages.")
    uids = sorted(int(uid) for uid in (data[0] or b"").split() if int(uid) > last)
    return uids, last


class _Classifier:
    """Sorts first-pass envelopes into emails with prospects, strangers, and offers."""

    def __init__(self, directory: Directory, known: set[str], result: SyncResult) -> None:
        self.directory = directory
        self.known = known
        self.result = result
        self.offered: dict[str, OfferedContact] = {}
        self.candidates: dict[str, _Candidate] = {}

    def passes_over(self, header_bytes: bytes) -> bool:
        """Counts a stranger's message as take() would, from its plain headers with no
        envelope built, when none of its addresses is at a domain of the directory (then it
        can have no prospect and offer no colleague); False, counting nothing, for any other
        message, which take() then reads."""
        plain = plain_headers(header_bytes)
        if plain is None:
            return False
        message_id, addresses = plain
        if message_id in self.known or message_id in self.candidates:
            return False  # take() counts it as already stored
        for header in addresses:  # a loop, not any(): it runs for every message
            if header and self.directory.may_involve(header):
                return False
        self.result.skipped += 1
        return True

    def take(self, found: Envelope, folder: str, is_sent: bool) -> None:
        if found.message_id in self.known or found.message_id in self.candidates:
            self.result.already += 1
            return
        senders = parse_addresses(found.sender)
        to, cc, bcc = found.recipients
        from_seller = any(address in self.directory.seller for _, address in senders)
        if is_sent or from_seller:
            # The seller's own copy: the prospects they wrote to, blind copies included.
            direction = Direction.OUT
            prospects = self.directory.prospects_of(parse_addresses(found.sender, to, cc, bcc))
        else:
            # A colleague's reply-all with the prospect in To or Cc is still their conversation.
            direction = Direction.IN
            prospects = self.directory.prospects_of(parse_addresses(found.sender, to, cc))
            self._offer(senders)
        if not prospects:
            self.result.skipped += 1
            return
        self.candidates[found.message_id] = _Candidate(found, folder, direction, tuple(prospects))

    def _offer(self, senders: list[tuple[str, str]]) -> None:
        for name, address in senders:
            colleague = self.directory.colleague_domain(address)
            if colleague is not None and address not in self.offered:
                company, ids = colleague
                self.offered[address] = OfferedContact(address, name, company, ids)


def _state(account: MailAccount, folder: str) -> FolderSync | None:
    return FolderSync.get_or_none(
        (FolderSync.account == account.keyring_account) & (FolderSync.folder == folder)
    )


_END = object()  # the reader's last item: every folder read


class _HeaderReader:
    """Reads the first-pass headers of every new message, folder by folder, on a helper
    thread, handing each fetched batch over as it arrives (the connection is used by that
    thread alone until run() returns). Never touches the database."""

    def __init__(
        self,
        imap: imaplib.IMAP4,
        states: list[tuple[str, bool, FolderSync | None]],
        since: datetime,
    ) -> None:
        self.imap = imap
        self.states = states
        self.since = since
        self.reached: list[tuple[str, int, int]] = []  # folder, UIDVALIDITY, last UID read
        self.selected = ""  # the folder the connection has open (read-only) when run() ends
        self._items: queue.SimpleQueue = queue.SimpleQueue()
        self._stopped = threading.Event()

    def run(self) -> None:
        try:
            for folder, is_sent, state in self.states:
                if self._stopped.is_set():
                    return
                validity = _select(self.imap, folder)
                self.selected = folder
                uids, last = _new_uids(self.imap, state, validity, self.since)
                for chunk in _chunks(uids, HEADER_BATCH):
                    if self._stopped.is_set():
                        return
                    status, data = self.imap.uid(
                        "FETCH",
                        _uid_set(chunk),
                        f"(UID BODY.PEEK[HEADER.FIELDS ({HEADER_FIELDS})])",
                    )
                    if status != "OK":
                        raise MailboxError(f"The mail server refused to read {folder!r}.")
                    self._items.put((folder, is_sent, data))
                self.reached.append((folder, validity, uids[-1] if uids else last))
        except BaseException as error:  # noqa: BLE001 - raised again on the calling thread
            self._items.put(error)
        finally:
            self._items.put(_END)

    def batches(self) -> Iterable[tuple[str, bool, list]]:
        """Each batch as it arrives; the reader's error is raised here, after the batches
        read before it, as it was met."""
        while (item := self._items.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield item

    def stop(self) -> None:
        self._stopped.set()


def sync_mailbox(
    account: MailAccount,
    ask: Ask | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
    secret: str | None = None,
) -> SyncResult:
    """Read what is new in the Inbox and Sent folder; store and log the emails with prospects.
    Raises a MailboxError saying what failed; what was stored before it stays. `secret`: a
    password the seller typed this session (a computer without a keyring)."""
    now = now or datetime.now(UTC)
    since = now - timedelta(days=max(account.first_sync_days, 1))
    result = SyncResult()
    with open_mailbox(account, ask, secret) as imap:
        folders = find_folders(imap, account)
        # Sent first: a message in both folders (the seller copied themself) is theirs.
        order = [(folders.sent, True)] if folders.sent else []
        order.append((folders.inbox, False))
        result.folders = tuple(folder for folder, _ in order)
        states = [(folder, is_sent, _state(account, folder)) for folder, is_sent in order]
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="mail-fetch") as pool:
            # The server lists and sends the headers while this thread reads the directory
            # and sorts each batch already received.
            reader = _HeaderReader(imap, states, since)
            reading = pool.submit(reader.run)
            try:
                directory = load_directory([account.user, settings.get("seller_email")])
                known = {row[0] for row in StoredEmail.select(StoredEmail.message_id).tuples()}
                classifier = _Classifier(directory, known, result)
                for folder, is_sent, data in reader.batches():
                    for uid, header_bytes in _fetched(data):
                        if classifier.passes_over(header_bytes):
                            continue
                        try:
                            found = envelope(uid, header_bytes)
                        except Exception:  # noqa: BLE001 - a header too broken to read: no trace
                            result.skipped += 1
                            continue
                        classifier.take(found, folder, is_sent)
            finally:
                reader.stop()  # on a failure here: no command after the one under way
            reading.result()  # done: the connection is this thread's again
        candidates = sorted(classifier.candidates.values(), key=_oldest)
        _store(imap, candidates, result, progress, reader.selected)
        _remember(account.keyring_account, reader.reached)
    result.offered = sorted(classifier.offered.values(), key=lambda offer: offer.address)
    return result


def _oldest(candidate: _Candidate) -> tuple[datetime, str]:
    return candidate.envelope.sent_at, candidate.envelope.message_id


def _store(
    imap: imaplib.IMAP4,
    candidates: list[_Candidate],
    result: SyncResult,
    progress: Progress | None,
    selected: str = "",
) -> None:
    """Fetch and record the emails with prospects, oldest first, one transaction a batch.
    The next batch is fetched on a helper thread while this one is recorded: the server reads
    and sends it while the database writes (the connection is used by one thread at a time).
    `selected`: the folder the connection has open read-only already, not opened again."""
    batches = list(_chunks(candidates, BODY_BATCH))
    fetcher = _BodyFetcher(imap, selected)
    done = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="mail-fetch") as pool:
        pending = pool.submit(fetcher.fetch, batches[0]) if batches else None
        for index, batch in enumerate(batches):
            raw = pending.result()  # the fetch's own error (a dropped link) is raised here
            following = index + 1 < len(batches)
            pending = pool.submit(fetcher.fetch, batches[index + 1]) if following else None
            _record(_entries(batch, raw, result), result)
            done += len(batch)
            if progress is not None:
                progress(done, len(candidates))


class _BodyFetcher:
    """The whole messages of a batch, folder by folder (selecting each only when it changes)."""

    def __init__(self, imap: imaplib.IMAP4, selected: str = "") -> None:
        self.imap = imap
        self.selected = selected  # open read-only, as _select() opens it

    def fetch(self, batch: list[_Candidate]) -> dict[tuple[str, int], bytes]:
        raw: dict[tuple[str, int], bytes] = {}
        for folder in dict.fromkeys(candidate.folder for candidate in batch):
            if folder != self.selected:
                _select(self.imap, folder)
                self.selected = folder
            uids = sorted(c.envelope.uid for c in batch if c.folder == folder)
            status, data = self.imap.uid("FETCH", _uid_set(uids), "(UID BODY.PEEK[])")
            if status != "OK":
                raise MailboxError(f"The mail server refused to read {folder!r}.")
            raw.update(((folder, uid), body) for uid, body in _fetched(data))
        return raw


def _entries(
    batch: list[_Candidate], raw: dict[tuple[str, int], bytes], result: SyncResult
) -> list[EmailToRecord]:
    """Each email of the batch read, once for each of its prospects."""
    entries: list[EmailToRecord] = []
    for candidate in batch:
        body = raw.get((candidate.folder, candidate.envelope.uid))
        if body is None:  # deleted on the server meanwhile
            continue
        try:
            email = parse_email(body, candidate.envelope)
        except CANNOT_KEEP:  # unreadable: lost for each of its prospects, and nothing else
            result.failed += len(candidate.prospects)
            continue
        entries += [
            EmailToRecord(prospect_id, email, candidate.direction, candidate.folder)
            for prospect_id in candidate.prospects
        ]
    return entries


def _record(entries: list[EmailToRecord], result: SyncResult) -> None:
    for entry, recorded in zip(entries, record_emails(entries), strict=True):
        if recorded is None:
            result.failed += 1
        else:
            _count(entry, recorded, result)


def _count(entry: EmailToRecord, recorded: RecordedEmail, result: SyncResult) -> None:
    if not recorded.created:
        result.already += 1
        return
    result.stored += 1
    result.change |= recorded.change
    consequences = recorded.consequences
    if entry.direction is Direction.IN and consequences is not None:
        result.replied.append(entry.prospect_id)
        if consequences.plan is PlanEffect.PAUSED:
            result.paused.append(entry.prospect_id)
        if consequences.offer_revival:
            result.revival.append(entry.prospect_id)


def _remember(account: str, reached: list[tuple[str, int, int]]) -> None:
    with database.atomic():
        for folder, validity, last_uid in reached:
            FolderSync.insert(
                account=account,
                folder=folder,
                uid_validity=validity,
                last_uid=last_uid,
                synced_at=utc_now(),
            ).on_conflict(
                conflict_target=[FolderSync.account, FolderSync.folder],
                update={
                    FolderSync.uid_validity: validity,
                    FolderSync.last_uid: last_uid,
                    FolderSync.synced_at: utc_now(),
                },
            ).execute()

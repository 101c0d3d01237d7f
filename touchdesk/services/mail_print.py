"""What goes on paper from the mail desk, and exactly which tasks were left out and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from touchdesk.domain.date_text import dates
from touchdesk.domain.mail import MailRow
from touchdesk.domain.mail_layout import ENVELOPES
from touchdesk.domain.postal import PostalAddress, address_lines
from touchdesk.domain.vocabulary import MailStatus
from touchdesk.services import settings
from touchdesk.services.mail_queue import list_tasks

OPEN = (MailStatus.QUEUED, MailStatus.WRITTEN)
DEFAULT_ENVELOPE_KEY = "us10"


class Output(StrEnum):
    NOTES = "notes"
    ENVELOPES = "envelopes"
    LABELS = "labels"

    @property
    def needs_address(self) -> bool:
        return self is not Output.NOTES


@dataclass(frozen=True)
class MailPiece:
    """One task as the printed page needs it: plain text, nothing to look up while painting."""

    task_id: int
    name: str
    salutation: str
    occasion: str
    kind: str
    message: str
    due: str
    envelope: str
    address: tuple[str, ...]
    abroad: bool = False  # going to another country than the seller's


@dataclass(frozen=True)
class LeftOut:
    task_id: int
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name} (task {self.task_id}): {self.reason}"


@dataclass(frozen=True)
class MailBatch:
    pieces: tuple[MailPiece, ...]
    left_out: tuple[LeftOut, ...]
    return_address: tuple[str, ...]
    # Mail going abroad must say where to send it back: the seller's country, last, in capitals.
    return_address_abroad: tuple[str, ...] = ()

    def return_for(self, piece: MailPiece) -> tuple[str, ...]:
        return self.return_address_abroad if piece.abroad else self.return_address


def by_envelope(pieces: Sequence[MailPiece]) -> list[tuple[str, list[MailPiece]]]:
    """The pieces grouped by the envelope each was queued for, the sizes in the order they
    first come: each group prints as one run, so the printer's feed changes once per size.
    A size this version does not know prints as the usual US #10."""
    groups: dict[str, list[MailPiece]] = {}
    for piece in pieces:
        key = piece.envelope if piece.envelope in ENVELOPES else DEFAULT_ENVELOPE_KEY
        groups.setdefault(key, []).append(piece)
    return list(groups.items())


def envelope_mismatch(pieces: Sequence[MailPiece], chosen: str) -> str:
    """Said when one size is chosen for pieces queued for others: which, and how many."""
    others = [(key, len(group)) for key, group in by_envelope(pieces) if key != chosen]
    if not others:
        return ""
    counts = ", ".join(f"{n} for {ENVELOPES[key].label}" for key, n in others)
    return f"Queued for other envelopes: {counts}; they print on {ENVELOPES[chosen].label}."


def return_addresses() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The seller's own address from the settings, as the top-left corner shows it: for mail
    at home, and for mail abroad (with the seller's country)."""
    profile = settings.load_profile()
    own = PostalAddress(
        profile.seller_name,
        profile.company,
        profile.return_street,
        profile.return_street2,
        profile.return_city,
        profile.return_region,
        profile.return_postal_code,
        profile.home_country,
    )
    if not (own.street or own.city):
        return (), ()
    home = tuple(address_lines(own, profile.home_country))
    abroad = tuple(address_lines(own, home_country=""))  # no home: the country line stays
    return home, abroad


def _piece(row: MailRow, home_country: str) -> MailPiece:
    country = row.address.country_code.strip().upper()
    first = row.first_name.strip() or row.address.name.strip() or row.prospect_name
    opening = row.message.strip().splitlines()[0] if row.message.strip() else ""
    # A message from a template already greets them ("Dear Ann,", "Guten Tag Herr Koch",
    # "渡辺様、"): never greet twice, nor add an English "Dear" to a greeting in their language.
    names = {first, *row.prospect_name.split(), *row.address.name.split()}
    greeted = any(len(name) > 1 and name in opening for name in names)
    salutation = "" if greeted else f"Dear {first},"
    return MailPiece(
        task_id=row.id,
        name=row.address.name or row.prospect_name,
        salutation=salutation,
        occasion=row.occasion,
        kind=row.kind.label,
        message=row.message,
        due=dates().day(row.due_on) if row.due_on else "",
        envelope=row.envelope,
        address=tuple(address_lines(row.address, home_country)),
        abroad=bool(country) and country != home_country.strip().upper(),
    )


def _reason(row: MailRow, output: Output) -> str:
    if row.status not in OPEN:
        return f"already {row.status.label.lower()}"
    if output.needs_address and row.problems:
        return "; ".join(row.problems)
    return ""


def mail_batch(output: Output, task_ids: Sequence[int] | None = None) -> MailBatch:
    """The open tasks (or the ones given), split into what prints and what is left out."""
    home = settings.get("home_country")
    rows = list_tasks(OPEN) if task_ids is None else list_tasks(task_ids=task_ids)
    pieces: list[MailPiece] = []
    left_out: list[LeftOut] = []
    for row in rows:
        reason = _reason(row, output)
        if reason:
            left_out.append(LeftOut(row.id, row.prospect_name, reason))
        else:
            pieces.append(_piece(row, home))
    if task_ids is not None:
        found = {row.id for row in rows}
        for task_id in task_ids:
            if task_id not in found:
                left_out.append(LeftOut(task_id, "?", "no such task (deleted, or in the trash)"))
    return MailBatch(tuple(pieces), tuple(left_out), *return_addresses())


def printer_nudge(printer: str) -> tuple[float, float]:
    """How far (mm right, mm down) this printer's pages need moving; (0, 0) until calibrated."""
    value = settings.get("printer_nudges").get(printer or "PDF", [0.0, 0.0])
    return float(value[0]), float(value[1])


def save_printer_nudge(printer: str, dx_mm: float, dy_mm: float):
    nudges = dict(settings.get("printer_nudges"))
    nudges[printer or "PDF"] = [round(dx_mm, 2), round(dy_mm, 2)]
    return settings.put("printer_nudges", nudges)

"""A prospect as it is stored and read for showing it (the input a form makes is in
`prospect_input`: a step's words read the record at launch without it)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

from touchdesk.domain.names import display_name
from touchdesk.domain.vocabulary import ProspectStatus

if TYPE_CHECKING:
    from touchdesk.domain.prospect_input import ProspectInput


def name_with_company(first_name: str, last_name: str, company: str) -> str:
    """'Hannah Whitfield — Whitfield & Sons', or whichever half exists."""
    # Joined by hand, not through a generator: find duplicates names tens of thousands of pairs.
    first, last, company = first_name.strip(), last_name.strip(), company.strip()
    person = f"{first} {last}" if first and last else first or last
    if person and company:
        return f"{person} — {company}"
    return display_name(first_name, last_name, company)


class ProspectRecord(NamedTuple):
    """Everything the prospect form shows and edits, as stored."""

    id: int
    first_name: str
    last_name: str
    company: str
    role: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]  # E.164 when they were parseable
    street: str
    street2: str
    city: str
    region: str
    postal_code: str
    country_code: str
    time_zone: str
    source: str
    referrer_id: int | None
    referrer_name: str  # name_with_company() of the referrer, "" without one
    stage_id: int
    status: ProspectStatus
    tags: tuple[str, ...]
    notes: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None
    dormant_until: date | None = None  # a dormant prospect's date to come back

    @property
    def name(self) -> str:
        return display_name(self.first_name, self.last_name, self.company)

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None

    def to_input(self) -> ProspectInput:
        """The same prospect as form input, e.g. to put an edit back on undo."""
        from touchdesk.domain.prospect_input import ProspectInput

        return ProspectInput(
            first_name=self.first_name,
            last_name=self.last_name,
            company=self.company,
            role=self.role,
            emails=self.emails,
            phones=self.phones,
            street=self.street,
            street2=self.street2,
            city=self.city,
            region=self.region,
            postal_code=self.postal_code,
            country_code=self.country_code,
            time_zone=self.time_zone,
            source=self.source,
            referrer_id=self.referrer_id,
            stage_id=self.stage_id,
            status=self.status,
            tags=self.tags,
            notes=self.notes,
        )

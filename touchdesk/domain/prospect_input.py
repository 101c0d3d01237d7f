"""A prospect as the seller (or an import) types it in, before it is checked and saved."""

from __future__ import annotations

from dataclasses import dataclass, field

from touchdesk.domain.vocabulary import ProspectStatus


@dataclass(frozen=True)
class ProspectInput:
    """What the seller (or an import) says about a prospect, before it is checked and saved."""

    first_name: str = ""
    last_name: str = ""
    company: str = ""
    role: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    street: str = ""
    street2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country_code: str = ""
    time_zone: str = ""
    source: str = ""
    referrer_id: int | None = None
    stage_id: int | None = None  # None: the first stage of the board
    status: ProspectStatus = ProspectStatus.ACTIVE
    tags: tuple[str, ...] = field(default=())
    notes: str = ""

    def problems(self) -> list[str]:
        """What must be fixed before saving; empty when it can be saved."""
        if not (self.first_name.strip() or self.last_name.strip() or self.company.strip()):
            return ["Give a name or a company."]
        return []

"""A contact the sync offered (someone new at a prospect's company) becomes a prospect only
when the seller accepts."""

from __future__ import annotations

from touchdesk.domain.prospects import ProspectInput
from touchdesk.services.mailbox.sync import OfferedContact
from touchdesk.services.prospects import add_prospect


def accept_offer(offer: OfferedContact) -> int:
    """Add the offered contact as a prospect at their company; returns the new prospect's id.
    Their earlier emails are read by the next sync that goes back over them."""
    first, _, last = offer.name.strip().partition(" ")
    return add_prospect(
        ProspectInput(
            first_name=first,
            last_name=last,
            company=offer.company,
            emails=(offer.address,),
            source="Email",
        )
    )

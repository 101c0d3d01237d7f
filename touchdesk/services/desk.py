"""The counts beside the sidebar's pages: calls due on Today, pieces to do on the mail desk."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import NamedTuple

from touchdesk.domain.vocabulary import MailStatus
from touchdesk.services.due_steps import in_trash
from touchdesk.services.today import calls_due_count
from touchdesk.store.models import MailTask

OPEN_MAIL = (MailStatus.QUEUED.value, MailStatus.WRITTEN.value)


class DeskCounts(NamedTuple):
    """The numbers beside the sidebar's pages."""

    calls_due: int  # the calling list's length: what Today's title says
    mail_to_do: int  # queued and written pieces: what the mail desk opens on


def open_mail_count() -> int:
    """Queued and written pieces of live prospects: what the mail desk opens on. The trash
    is set apart by its own index, not by reading each piece's prospect."""
    return (
        MailTask.select()
        .where(MailTask.status.in_(OPEN_MAIL), MailTask.prospect.not_in(in_trash()))
        .count()
    )


def desk_counts(now: datetime, seller_zone: tzinfo) -> DeskCounts:
    return DeskCounts(calls_due_count(now, seller_zone), open_mail_count())

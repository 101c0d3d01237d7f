"""Adding prospects and counting them."""

from __future__ import annotations

from touchdesk.domain.prospects import ProspectInput, normalise_tag
from touchdesk.domain.vocabulary import EventKind, ProspectStatus, StageOutcome
from touchdesk.store.db import database, utc_now
from touchdesk.store.models import ContactPoint, Prospect, ProspectEvent, ProspectTag, Stage


class ProspectError(ValueError):
    """A prospect that cannot be saved; the message is for the seller."""


def _first_open_stage() -> int:
    stage = (
        Stage.select(Stage.id)
        .where(Stage.outcome == StageOutcome.OPEN.value)
        .order_by(Stage.position)
        .first()
    )
    if stage is None:
        raise ProspectError("There is no open stage to put the prospect in.")
    return stage.id


def add_prospect(data: ProspectInput) -> int:
    """Create a prospect with its emails, phones and tags; returns its id."""
    problems = data.problems()
    if problems:
        raise ProspectError(" ".join(problems))
    now = utc_now()
    with database.atomic():
        prospect = Prospect.create(
            first_name=data.first_name.strip(),
            last_name=data.last_name.strip(),
            company=data.company.strip(),
            role=data.role.strip(),
            street=data.street,
            street2=data.street2,
            city=data.city,
            region=data.region,
            postal_code=data.postal_code,
            country_code=data.country_code.upper(),
            time_zone=data.time_zone,
            source=data.source,
            referrer=data.referrer_id,
            stage=data.stage_id or _first_open_stage(),
            status=data.status.value,
            notes=data.notes,
            created_at=now,
            updated_at=now,
        )
        points = [(prospect.id, "email", value.strip(), i) for i, value in enumerate(data.emails)]
        points += [(prospect.id, "phone", value.strip(), i) for i, value in enumerate(data.phones)]
        if points:
            ContactPoint.insert_many(
                points,
                fields=[
                    ContactPoint.prospect,
                    ContactPoint.kind,
                    ContactPoint.value,
                    ContactPoint.position,
                ],
            ).execute()
        tags = sorted({normalise_tag(tag) for tag in data.tags if tag.strip()})
        if tags:
            ProspectTag.insert_many(
                [(prospect.id, tag) for tag in tags], fields=[ProspectTag.prospect, ProspectTag.tag]
            ).execute()
        ProspectEvent.create(
            prospect=prospect.id, kind=EventKind.CREATED.value, occurred_at=now, detail="Added"
        )
    return prospect.id


def count_prospects(include_trash: bool = False) -> int:
    query = Prospect.select()
    if not include_trash:
        query = query.where(Prospect.deleted_at.is_null())
    return query.count()


def count_active() -> int:
    return (
        Prospect.select()
        .where(Prospect.deleted_at.is_null(), Prospect.status == ProspectStatus.ACTIVE.value)
        .count()
    )

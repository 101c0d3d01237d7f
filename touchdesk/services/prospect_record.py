"""One prospect's record read for showing it: the prospect page, the words of a step, the
calendar's questions. Kept apart from the editing rules so reading one loads no more."""

from __future__ import annotations

from touchdesk.domain.prospect_record import ProspectRecord, name_with_company
from touchdesk.domain.vocabulary import ProspectStatus
from touchdesk.store.db import database
from touchdesk.store.models import ContactPoint, Prospect, ProspectTag
from touchdesk.store.prepared import Prepared


class ProspectError(ValueError):
    """A prospect that cannot be saved or read; the message is for the seller."""


# The record's own columns, read raw and converted by each field: the prospect page reads a
# record three times per open, and peewee building the same query and a model each time cost
# more than SQLite's work.
_RECORD_FIELDS = (
    Prospect.id, Prospect.first_name, Prospect.last_name, Prospect.company, Prospect.role,
    Prospect.street, Prospect.street2, Prospect.city, Prospect.region, Prospect.postal_code,
    Prospect.country_code, Prospect.time_zone, Prospect.source, Prospect.referrer,
    Prospect.stage, Prospect.status, Prospect.notes, Prospect.created_at, Prospect.updated_at,
    Prospect.deleted_at, Prospect.dormant_until,
)  # fmt: skip
_RECORD_NAMES = tuple(f.name for f in _RECORD_FIELDS)
_RECORD_VALUE = tuple(f.python_value for f in _RECORD_FIELDS)
_RECORD_ROW = Prepared(lambda pid: Prospect.select(*_RECORD_FIELDS).where(Prospect.id == pid))
_RECORD_POINTS = Prepared(
    lambda pid: (
        ContactPoint.select(ContactPoint.kind, ContactPoint.value)
        .where(ContactPoint.prospect == pid)
        .order_by(ContactPoint.position, ContactPoint.id)
    )
)
_RECORD_TAGS = Prepared(
    lambda pid: (
        ProspectTag.select(ProspectTag.tag)
        .where(ProspectTag.prospect == pid)
        .order_by(ProspectTag.tag)
    )
)
_REFERRER_NAME = Prepared(
    lambda pid: Prospect.select(Prospect.first_name, Prospect.last_name, Prospect.company).where(
        Prospect.id == pid
    )
)


def get_prospect(prospect_id: int) -> ProspectRecord:
    with database.reading():
        raw = _RECORD_ROW.run(prospect_id).fetchone()
        if raw is None:
            raise ProspectError("This prospect no longer exists.")
        row = {
            name: value if value is None else convert(value)
            for name, convert, value in zip(_RECORD_NAMES, _RECORD_VALUE, raw, strict=True)
        }
        points = _RECORD_POINTS.run(prospect_id).fetchall()
        tags = [tag for (tag,) in _RECORD_TAGS.run(prospect_id)]
        referrer_name = ""
        if row["referrer"] is not None:
            referrer = _REFERRER_NAME.run(row["referrer"]).fetchone()
            if referrer is not None:
                referrer_name = name_with_company(*referrer)
    return ProspectRecord(
        id=row["id"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        company=row["company"],
        role=row["role"],
        emails=tuple(value for kind, value in points if kind == "email"),
        phones=tuple(value for kind, value in points if kind == "phone"),
        street=row["street"],
        street2=row["street2"],
        city=row["city"],
        region=row["region"],
        postal_code=row["postal_code"],
        country_code=row["country_code"],
        time_zone=row["time_zone"],
        source=row["source"],
        referrer_id=row["referrer"],
        referrer_name=referrer_name,
        stage_id=row["stage"],
        status=ProspectStatus(row["status"]),
        tags=tuple(tags),
        notes=row["notes"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        deleted_at=row["deleted_at"],
        dormant_until=row["dormant_until"],
    )

"""Exporting every prospect to CSV, vCard or a workbook."""

from __future__ import annotations

from pathlib import Path

from touchdesk.domain.prospects import ProspectInput
from touchdesk.files import atomic_writer
from touchdesk.formats.csv_export import write_csv
from touchdesk.formats.vcard import write_vcards
from touchdesk.formats.xlsx_export import write_xlsx
from touchdesk.services.bulk_read import fewer_collections
from touchdesk.store.db import database
from touchdesk.store.models import ContactPoint, Prospect, ProspectTag

# The prospect columns an export writes, in ProspectInput's order around the contacts.
_BEFORE_CONTACTS = (Prospect.first_name, Prospect.last_name, Prospect.company, Prospect.role)
_AFTER_CONTACTS = (
    Prospect.street,
    Prospect.street2,
    Prospect.city,
    Prospect.region,
    Prospect.postal_code,
    Prospect.country_code,
    Prospect.time_zone,
    Prospect.source,
)


def prospects_for_export(include_trash: bool = False) -> list[ProspectInput]:
    """Every prospect as input values, loaded with three queries whatever the count.

    Read as plain rows with the cycle collector paused: a model object per prospect, and the
    collector walking all of them again and again while they were made, made a large desk's
    export grow faster than the desk."""
    with fewer_collections(), database.atomic():
        query = Prospect.select(
            Prospect.id, *_BEFORE_CONTACTS, *_AFTER_CONTACTS, Prospect.notes
        ).order_by(Prospect.id)
        if not include_trash:
            query = query.where(Prospect.deleted_at.is_null())
        people = database.execute(query).fetchall()
        emails: dict[int, list[str]] = {}
        phones: dict[int, list[str]] = {}
        # Kind before position: the order of the (prospect, kind, position) index, no sorting;
        # each kind's own list keeps its position order.
        for pid, kind, value in database.execute(
            ContactPoint.select(
                ContactPoint.prospect, ContactPoint.kind, ContactPoint.value
            ).order_by(
                ContactPoint.prospect, ContactPoint.kind, ContactPoint.position, ContactPoint.id
            )
        ):
            (emails if kind == "email" else phones).setdefault(pid, []).append(value)
        tags: dict[int, list[str]] = {}
        for pid, tag in database.execute(
            ProspectTag.select(ProspectTag.prospect, ProspectTag.tag).order_by(
                ProspectTag.prospect, ProspectTag.tag
            )
        ):
            tags.setdefault(pid, []).append(tag)
        none: tuple[str, ...] = ()
        return [
            ProspectInput(
                first, last, company, role,
                tuple(emails.get(pid, none)), tuple(phones.get(pid, none)),
                street, street2, city, region, postal_code, country_code, time_zone, source,
                tags=tuple(tags.get(pid, none)),
                notes=notes,
            )
            for (pid, first, last, company, role, street, street2, city, region, postal_code,
                 country_code, time_zone, source, notes) in people
        ]  # fmt: skip


EXPORT_FORMATS = ("csv", "vcf3", "vcf4", "xlsx")


def export_prospects(path: Path | str, format: str = "csv", bom: bool = False) -> int:
    """Write every prospect outside the trash; returns how many. Written aside, then renamed,
    so a failed export never leaves half a file where a good one was."""
    if format not in EXPORT_FORMATS:
        raise ValueError(f"Unknown export format '{format}': use csv, vcf3, vcf4 or xlsx.")
    path = Path(path)
    prospects = prospects_for_export()
    with fewer_collections(), atomic_writer(path) as out:  # a list of cells per prospect
        if format == "csv":
            write_csv(prospects, out, bom=bom)
        elif format == "xlsx":
            write_xlsx(prospects, out)
        else:
            version = "3.0" if format == "vcf3" else "4.0"
            for card in write_vcards(prospects, version):
                out.write(card.encode("utf-8"))
    return len(prospects)


def export_format_for(path: Path | str) -> str:
    """The export format a file name asks for: .vcf is vCard 4.0, .xlsx a workbook, anything
    else CSV."""
    suffix = Path(path).suffix.casefold()
    return "vcf4" if suffix in (".vcf", ".vcard") else "xlsx" if suffix == ".xlsx" else "csv"

"""Exporting every prospect to CSV, vCard or a workbook."""

from __future__ import annotations

from pathlib import Path

from touchdesk.domain.prospects import ProspectInput
from touchdesk.files import atomic_writer
from touchdesk.formats.csv_export import write_csv
from touchdesk.formats.vcard import write_vcards
from touchdesk.formats.xlsx_export import write_xlsx
from touchdesk.store.db import database
from touchdesk.store.models import ContactPoint, Prospect, ProspectTag


def prospects_for_export(include_trash: bool = False) -> list[ProspectInput]:
    """Every prospect as input values, loaded with three queries whatever the count."""
    with database.atomic():
        query = Prospect.select().order_by(Prospect.id)
        if not include_trash:
            query = query.where(Prospect.deleted_at.is_null())
        people = list(query)
        emails: dict[int, list[str]] = {}
        phones: dict[int, list[str]] = {}
        for pid, kind, value in (
            ContactPoint.select(ContactPoint.prospect, ContactPoint.kind, ContactPoint.value)
            .order_by(ContactPoint.prospect, ContactPoint.position, ContactPoint.id)
            .tuples()
        ):
            (emails if kind == "email" else phones).setdefault(pid, []).append(value)
        tags: dict[int, list[str]] = {}
        for pid, tag in (
            ProspectTag.select(ProspectTag.prospect, ProspectTag.tag)
            .order_by(ProspectTag.prospect, ProspectTag.tag)
            .tuples()
        ):
            tags.setdefault(pid, []).append(tag)
    return [
        ProspectInput(
            first_name=row.first_name,
            last_name=row.last_name,
            company=row.company,
            role=row.role,
            emails=tuple(emails.get(row.id, ())),
            phones=tuple(phones.get(row.id, ())),
            street=row.street,
            street2=row.street2,
            city=row.city,
            region=row.region,
            postal_code=row.postal_code,
            country_code=row.country_code,
            time_zone=row.time_zone,
            source=row.source,
            tags=tuple(tags.get(row.id, ())),
            notes=row.notes,
        )
        for row in people
    ]


EXPORT_FORMATS = ("csv", "vcf3", "vcf4", "xlsx")


def export_prospects(path: Path | str, format: str = "csv", bom: bool = False) -> int:
    """Write every prospect outside the trash; returns how many. Written aside, then renamed,
    so a failed export never leaves half a file where a good one was."""
    if format not in EXPORT_FORMATS:
        raise ValueError(f"Unknown export format '{format}': use csv, vcf3, vcf4 or xlsx.")
    path = Path(path)
    prospects = prospects_for_export()
    with atomic_writer(path) as out:
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

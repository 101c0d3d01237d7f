"""The calling list on paper: who to call, the number, which attempt, why, and the last touch."""

from __future__ import annotations

from datetime import datetime, tzinfo

from touchdesk.domain.date_text import dates
from touchdesk.domain.today import CallRow, their_time
from touchdesk.printing.table_pages import Column, TablePages

COLUMNS = (
    Column("Due", 1.1),
    Column("Prospect", 2.0),
    Column("Phone / email", 1.8),
    Column("#", 0.35),
    Column("Purpose", 2.4),
    Column("Last touch", 1.0),
    Column("Done", 0.5),
)


def call_list_table(calls: list[CallRow], now: datetime, seller_zone: tzinfo) -> TablePages:
    rows = []
    for call in calls:
        due = call.due_at.astimezone(seller_zone) if call.due_at else None
        when = "" if due is None else dates().weekday_time(due)
        if due is not None and call.due_at < now:
            when += "\noverdue"
        theirs = their_time(call, seller_zone)
        who = call.name + (
            f"\n{call.company}" if call.company and call.company != call.name else ""
        )
        channel = call.channel.label if call.channel else ""
        contact = call.contact + (f"\n{channel}" if channel else "")
        purpose = call.purpose + (f"\n({theirs} their time)" if theirs else "")
        last = (
            dates().short_day(call.last_touch_at.astimezone(seller_zone))
            if call.last_touch_at
            else "never"
        )
        rows.append((when, who, contact, f"#{call.attempt}", purpose, last, "☐"))
    local = now.astimezone(seller_zone)
    return TablePages(
        title="Calling list",
        subtitle=f"{dates().full_date(local)}, {dates().time(local)} · {len(calls)} to do",
        columns=COLUMNS,
        rows=rows,
    )

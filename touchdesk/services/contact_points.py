"""A prospect's first email or phone as a subquery, for lists that show one of each."""

from __future__ import annotations

from touchdesk.store.models import ContactPoint, Prospect


def first_contact(kind: str):
    inner = ContactPoint.alias()
    return (
        inner.select(inner.value)
        .where(inner.prospect == Prospect.id, inner.kind == kind)
        .order_by(inner.position)
        .limit(1)
    )

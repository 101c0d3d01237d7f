"""Reading one message template: the words of a due step need it at every launch, without
the reasons and questions of the library around it."""

from __future__ import annotations

from touchdesk.domain.templates import BUILTIN_TEMPLATES, TemplateInfo
from touchdesk.store.models import Template
from touchdesk.store.prepared import TEXT_MARK, Prepared


def builtin_template(key: str) -> TemplateInfo | None:
    return next((t for t in BUILTIN_TEMPLATES if t.key == key), None)


# Compiled once: the prospect page fills its due step's template on every open.
_TEMPLATE_FIELDS = (
    Template.key,
    Template.name,
    Template.kind,
    Template.subject,
    Template.body,
    Template.builtin,
)
_TEMPLATE = Prepared(
    lambda key: Template.select(*_TEMPLATE_FIELDS).where(Template.key == key).limit(1), TEXT_MARK
)


def get_template(key: str) -> TemplateInfo | None:
    row = _TEMPLATE.run(key).fetchone()
    if row is None:
        return None
    found, name, kind, subject, body, builtin = row
    return TemplateInfo(found, name, kind, subject, body, bool(builtin))

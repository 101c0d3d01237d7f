"""The reasons library and message templates: built-ins seeded once, then the seller's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from touchdesk.domain.plans import BUILTIN_PLANS, BUILTIN_REASONS
from touchdesk.domain.templates import BUILTIN_TEMPLATES, TemplateInfo, template_problems
from touchdesk.services.changes import Change
from touchdesk.store.db import database
from touchdesk.store.models import NextStep, Plan, PlanStep, Reason, Template


class LibraryError(ValueError):
    """A reason or template that cannot be saved; the message is for the seller."""


@dataclass(frozen=True)
class ReasonInfo:
    id: int
    title: str
    body: str
    builtin: bool


@dataclass(frozen=True)
class ReasonUse:
    title: str
    last_used: datetime


def ensure_library() -> Change:
    """Seed the built-in reasons, templates and plans into a database that has none."""
    change = Change.NOTHING
    with database.atomic():
        if not Reason.select().exists():
            Reason.insert_many(
                [
                    {"title": t, "body": b, "position": i, "builtin": True}
                    for i, (t, b) in enumerate(BUILTIN_REASONS)
                ]
            ).execute()
            change |= Change.PLANS
        if not Template.select().exists():
            Template.insert_many(
                [
                    {
                        "key": t.key,
                        "name": t.name,
                        "kind": t.kind,
                        "subject": t.subject,
                        "body": t.body,
                        "builtin": True,
                    }
                    for t in BUILTIN_TEMPLATES
                ]
            ).execute()
            change |= Change.PLANS
        if not Plan.select().exists():
            templates = {row.key: row.id for row in Template.select(Template.id, Template.key)}
            for spec in BUILTIN_PLANS:
                plan = Plan.create(
                    name=spec.name,
                    description=spec.description,
                    builtin=True,
                    dormant_days_after=spec.dormant_days_after,
                )
                PlanStep.insert_many(
                    [
                        {
                            "plan": plan.id,
                            "position": i,
                            "day_offset": step.day_offset,
                            "offset_from": step.offset_from.value,
                            "channel": step.channel.value,
                            "purpose": step.purpose,
                            "timing": step.timing.value,
                            "template": templates.get(step.template_key),
                            "twice": step.twice,
                        }
                        for i, step in enumerate(spec.steps)
                    ]
                ).execute()
            change |= Change.PLANS
    return change


def list_reasons() -> list[ReasonInfo]:
    return [
        ReasonInfo(r.id, r.title, r.body, r.builtin)
        for r in Reason.select().order_by(Reason.position, Reason.id)
    ]


def save_reason(reason_id: int | None, title: str, body: str) -> Change:
    title = " ".join(title.split())
    if not title:
        raise LibraryError("A reason needs a title.")
    with database.atomic():
        clash = Reason.get_or_none(Reason.title == title)
        if clash is not None and clash.id != reason_id:
            raise LibraryError(f"There is already a reason called '{title}'.")
        if reason_id is None:
            last = Reason.select().count()
            Reason.create(title=title, body=body.strip(), position=last)
        else:
            Reason.update(title=title, body=body.strip()).where(Reason.id == reason_id).execute()
    return Change.PLANS


def delete_reason(reason_id: int) -> Change:
    with database.atomic():
        Reason.delete().where(Reason.id == reason_id).execute()
    return Change.PLANS


def reasons_used(prospect_id: int) -> list[ReasonUse]:
    """Which reasons were already given to this prospect, and when last: so the next
    follow-up brings something new instead of repeating itself."""
    titles = {r.title for r in Reason.select(Reason.title)}
    uses: dict[str, datetime] = {}
    for step in NextStep.select(NextStep.purpose, NextStep.due_at).where(
        NextStep.prospect == prospect_id
    ):
        if step.purpose in titles:
            uses[step.purpose] = max(uses.get(step.purpose, step.due_at), step.due_at)
    return sorted(
        (ReasonUse(t, d) for t, d in uses.items()), key=lambda u: u.last_used, reverse=True
    )


def list_templates() -> list[TemplateInfo]:
    return [
        TemplateInfo(t.key, t.name, t.kind, t.subject, t.body, t.builtin)
        for t in Template.select().order_by(Template.id)
    ]


def get_template(key: str) -> TemplateInfo | None:
    row = Template.get_or_none(Template.key == key)
    return (
        None
        if row is None
        else TemplateInfo(row.key, row.name, row.kind, row.subject, row.body, row.builtin)
    )


def save_template(template: TemplateInfo) -> Change:
    """Refused while it has an unknown placeholder: it would reach a customer as '{typo}'."""
    problems = template_problems(template.subject) + template_problems(template.body)
    if problems:
        raise LibraryError(" ".join(problems))
    with database.atomic():
        Template.insert(
            key=template.key,
            name=template.name,
            kind=template.kind,
            subject=template.subject,
            body=template.body,
            builtin=template.builtin,
        ).on_conflict(
            conflict_target=[Template.key],
            update={
                Template.name: template.name,
                Template.subject: template.subject,
                Template.body: template.body,
                Template.kind: template.kind,
            },
        ).execute()
    return Change.PLANS

"""The built-in reasons, questions, templates and plans, seeded into a database once."""

from __future__ import annotations

from touchdesk.domain.plans import BUILTIN_PLANS, BUILTIN_REASONS
from touchdesk.domain.questions import (
    BUILTIN_QUESTIONS,
    REASON_STAGES,
    REFERRER_QUESTION_TEMPLATE,
    REFERRER_REASON,
)
from touchdesk.domain.templates import BUILTIN_TEMPLATES, SUPERSEDED_BODIES
from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.store.db import database
from touchdesk.store.models import Plan, PlanStep, Question, Reason, Stage, Template


def ensure_library() -> Change:
    """Seed the built-in reasons, templates and plans into a database that has none."""
    change = Change.NOTHING
    with database.atomic():
        # Built-ins that suit a stage are tied to it while the default stage names stand.
        stages = {row.name: row.id for row in Stage.select(Stage.id, Stage.name)}
        if not Reason.select().exists():
            Reason.insert_many(
                [
                    {
                        "title": t,
                        "body": b,
                        "position": i,
                        "builtin": True,
                        "stage": stages.get(REASON_STAGES.get(t, "")),
                    }
                    for i, (t, b) in enumerate((*BUILTIN_REASONS, REFERRER_REASON))
                ]
            ).execute()
            change |= Change.PLANS
        if not Question.select().exists():
            Question.insert_many(
                [
                    {
                        "title": q.title,
                        "body": q.body,
                        "position": i,
                        "builtin": True,
                        "stage": stages.get(q.stage),
                    }
                    for i, q in enumerate(BUILTIN_QUESTIONS)
                ]
            ).execute()
            change |= Change.PLANS
        if not Template.select().exists():  # a new library: the referrer's question too
            t = REFERRER_QUESTION_TEMPLATE
            Template.insert(
                key=t.key, name=t.name, kind=t.kind, subject=t.subject, body=t.body, builtin=True
            ).execute()
            change |= Change.PLANS
        change |= _update_builtin_templates()
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
        change |= _add_late_builtins()
    return change


def _add_late_builtins() -> Change:
    """Built-ins that came after a library was first seeded join it once, beside the
    seller's own (a fresh library already has them, and only notes that)."""
    added = list(settings.get("late_builtins_added"))
    change = Change.NOTHING
    title, body = REFERRER_REASON
    if f"reason:{title}" not in added:
        if not Reason.select().where(Reason.title == title).exists():
            Reason.create(title=title, body=body, position=Reason.select().count(), builtin=True)
            change |= Change.PLANS
        added.append(f"reason:{title}")
    template = REFERRER_QUESTION_TEMPLATE
    if f"template:{template.key}" not in added:
        if not Template.select().where(Template.key == template.key).exists():
            Template.create(
                key=template.key,
                name=template.name,
                kind=template.kind,
                subject=template.subject,
                body=template.body,
                builtin=True,
            )
            change |= Change.PLANS
        added.append(f"template:{template.key}")
    if added != settings.get("late_builtins_added"):
        settings.put("late_builtins_added", added)
    return change


def _update_builtin_templates() -> Change:
    """Add built-in templates a database lacks, and bring old built-in wording up to date
    where the seller never changed it; a template the seller edited is left as it is."""
    change = Change.NOTHING
    rows = {row.key: row for row in Template.select()}
    missing = [t for t in BUILTIN_TEMPLATES if t.key not in rows]
    if missing:
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
                for t in missing
            ]
        ).execute()
        change |= Change.PLANS
    for template in BUILTIN_TEMPLATES:
        row = rows.get(template.key)
        if row is not None and row.body in SUPERSEDED_BODIES.get(template.key, ()):
            Template.update(body=template.body).where(Template.id == row.id).execute()
            change |= Change.PLANS
    return change

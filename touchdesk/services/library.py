"""The reasons library and message templates: the built-ins (see library_seed) and the seller's
(one template is read by services.templates)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from touchdesk.domain.questions import stage_first, unique_titles
from touchdesk.domain.templates import TemplateInfo, template_problems
from touchdesk.services.changes import Change
from touchdesk.store.db import database
from touchdesk.store.models import (
    NextStep,
    Prospect,
    Question,
    Reason,
    Stage,
    Template,
)


class LibraryError(ValueError):
    """A reason or template that cannot be saved; the message is for the seller."""


@dataclass(frozen=True)
class ReasonInfo:
    """A reason to get in touch, from the library: built in or the seller's own."""

    id: int
    title: str
    body: str
    builtin: bool
    stage_id: int | None = None  # the stage it suits best; None for any stage


@dataclass(frozen=True)
class QuestionInfo:
    """A question to ask, from the library: built in or the seller's own."""

    id: int
    title: str
    body: str
    builtin: bool
    stage_id: int | None = None


@dataclass(frozen=True)
class ReasonUse:
    """A reason's title and when a next step last used it."""

    title: str
    last_used: datetime


def list_reasons() -> list[ReasonInfo]:
    return [
        ReasonInfo(r.id, r.title, r.body, r.builtin, r.stage_id)
        for r in Reason.select().order_by(Reason.position, Reason.id)
    ]


def _known_stage(stage_id: int | None) -> int | None:
    if stage_id is not None and Stage.get_or_none(Stage.id == stage_id) is None:
        raise LibraryError("That stage no longer exists: choose another, or any stage.")
    return stage_id


def _save_entry(
    model: type[Reason] | type[Question],
    entry_id: int | None,
    title: str,
    body: str,
    stage_id: int | None,
    untitled: str,
    taken: str,
) -> Change:
    """Reasons and questions are saved alike: a unique title, a body, an optional stage."""
    title = " ".join(title.split())
    if not title:
        raise LibraryError(untitled)
    with database.atomic():
        stage = _known_stage(stage_id)
        clash = model.get_or_none(model.title == title)
        if clash is not None and clash.id != entry_id:
            raise LibraryError(taken.format(title=title))
        if entry_id is None:
            last = model.select().count()
            model.create(title=title, body=body.strip(), position=last, stage=stage)
        else:
            model.update(title=title, body=body.strip(), stage=stage).where(
                model.id == entry_id
            ).execute()
    return Change.PLANS


def save_reason(
    reason_id: int | None, title: str, body: str, stage_id: int | None = None
) -> Change:
    return _save_entry(
        Reason,
        reason_id,
        title,
        body,
        stage_id,
        "A reason needs a title.",
        "There is already a reason called '{title}'.",
    )


def list_questions() -> list[QuestionInfo]:
    return [
        QuestionInfo(q.id, q.title, q.body, q.builtin, q.stage_id)
        for q in Question.select().order_by(Question.position, Question.id)
    ]


def save_question(
    question_id: int | None, title: str, body: str, stage_id: int | None = None
) -> Change:
    return _save_entry(
        Question,
        question_id,
        title,
        body,
        stage_id,
        "A question needs its words.",
        "The question '{title}' is already in the library.",
    )


def delete_question(question_id: int) -> Change:
    with database.atomic():
        Question.delete().where(Question.id == question_id).execute()
    return Change.PLANS


def _stage_of(prospect_id: int) -> int | None:
    row = Prospect.get_or_none(Prospect.id == prospect_id)
    return row.stage_id if row is not None else None


def purposes_for(prospect_id: int) -> list[str]:
    """What the next-step prompt offers as the purpose: reasons, then smart questions, those
    of the prospect's stage first in each, so the material fits where they stand."""
    stage = _stage_of(prospect_id)
    reasons = stage_first(list_reasons(), stage)
    questions = stage_first(list_questions(), stage)
    return unique_titles([r.title for r in reasons] + [q.title for q in questions])


def set_template_stage(key: str, stage_id: int | None) -> Change:
    """Tie a template to the stage it suits (None: any stage)."""
    with database.atomic():
        stage = _known_stage(stage_id)
        if not Template.update(stage=stage).where(Template.key == key).execute():
            raise LibraryError(f"There is no template '{key}' any more.")
    return Change.PLANS


@dataclass(frozen=True)
class StagedTemplate:
    """A template with the stage it is tied to, if any."""

    template: TemplateInfo
    stage_id: int | None


def templates_for(prospect_id: int) -> list[TemplateInfo]:
    """The templates, those tied to the prospect's stage first."""
    staged = [
        StagedTemplate(
            TemplateInfo(t.key, t.name, t.kind, t.subject, t.body, t.builtin), t.stage_id
        )
        for t in Template.select().order_by(Template.id)
    ]
    return [s.template for s in stage_first(staged, _stage_of(prospect_id))]


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

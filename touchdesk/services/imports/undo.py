"""Undoing an import: the prospects it added that nobody has worked with since."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from peewee import fn

from touchdesk.domain.prospects import name_with_company, normalise_tag
from touchdesk.domain.vocabulary import EventKind
from touchdesk.services.changes import Change
from touchdesk.services.imports.run import TAG_PREFIX
from touchdesk.store.db import database
from touchdesk.store.models import (
    ContactPoint,
    MailTask,
    NextStep,
    PlanRun,
    Prospect,
    ProspectEvent,
    ProspectTag,
    Touch,
)


@dataclass(frozen=True)
class UndoPlan:
    """What undoing an import would remove, and who stays because the seller used them."""

    tag: str
    remove: tuple[int, ...]
    kept: tuple[tuple[int, str, str], ...]  # (id, name, why)


def _chunks(ids: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def plan_undo_import(tag: str) -> UndoPlan:
    """Which prospects of an import would go, and which stay because the seller used them."""
    tag = normalise_tag(tag)
    with database.atomic():
        ids = [
            pid for (pid,) in ProspectTag.select(ProspectTag.prospect)
            .where(ProspectTag.tag == tag).tuples()
        ]  # fmt: skip
        why: dict[int, str] = {}
        for chunk in _chunks(ids):
            checks = (
                (Touch.select(Touch.prospect).where(Touch.prospect.in_(chunk)), "has touches"),
                (
                    NextStep.select(NextStep.prospect).where(NextStep.prospect.in_(chunk)),
                    "has a next step",
                ),
                (
                    MailTask.select(MailTask.prospect).where(MailTask.prospect.in_(chunk)),
                    "has mail",
                ),
                (
                    PlanRun.select(PlanRun.prospect).where(PlanRun.prospect.in_(chunk)),
                    "follows a plan",
                ),
                (
                    ProspectEvent.select(ProspectEvent.prospect).where(
                        ProspectEvent.prospect.in_(chunk),
                        ProspectEvent.kind != EventKind.CREATED.value,
                    ),
                    "was moved or changed",
                ),
                (
                    Prospect.select(Prospect.id).where(
                        Prospect.id.in_(chunk), Prospect.updated_at != Prospect.created_at
                    ),
                    "was edited",
                ),
                (
                    Prospect.select(Prospect.referrer).where(Prospect.referrer.in_(chunk)),
                    "referred someone",
                ),
            )
            for query, reason in checks:
                for (pid,) in query.tuples():
                    why.setdefault(pid, reason)
        names = {}
        for chunk in _chunks(sorted(why)):
            for pid, first, last, company in (
                Prospect.select(Prospect.id, Prospect.first_name, Prospect.last_name,
                                Prospect.company).where(Prospect.id.in_(chunk)).tuples()
            ):  # fmt: skip
                names[pid] = name_with_company(first, last, company)
    return UndoPlan(
        tag,
        tuple(pid for pid in ids if pid not in why),
        tuple((pid, names.get(pid, ""), why[pid]) for pid in sorted(why)),
    )


def undo_import(tag: str) -> Change:
    """Delete the prospects of an import that are still untouched (see plan_undo_import())."""
    with database.atomic():
        plan = plan_undo_import(tag)
        for chunk in _chunks(plan.remove):
            for model in (ContactPoint, ProspectTag, ProspectEvent):
                model.delete().where(model.prospect.in_(chunk)).execute()
            Prospect.delete().where(Prospect.id.in_(chunk)).execute()
    return Change.PROSPECTS if plan.remove else Change.NOTHING


def list_imports() -> list[tuple[str, int]]:
    """(tag, prospects still carrying it) for every import, newest first."""
    with database.atomic():
        rows = (
            ProspectTag.select(ProspectTag.tag, fn.COUNT(ProspectTag.id))
            .where(ProspectTag.tag.startswith(TAG_PREFIX))
            .group_by(ProspectTag.tag)
            .tuples()
        )
        return sorted(rows, key=lambda row: row[0], reverse=True)

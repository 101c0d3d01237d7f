"""Board stages: list, rename, reorder and add, in one transaction each."""

from __future__ import annotations

from touchdesk.domain.stages import DEFAULT_STAGES, StageEdit, StageInfo, stage_edit_problems
from touchdesk.domain.vocabulary import StageOutcome
from touchdesk.services.changes import Change
from touchdesk.store.db import database
from touchdesk.store.models import Stage
from touchdesk.store.prepared import NO_VALUE, Prepared


class StageError(ValueError):
    """A stage change that cannot be saved; the message is for the seller."""


# Compiled once: the prospect page names its stage on every open.
_ALL = Prepared(
    lambda _: Stage.select(Stage.id, Stage.name, Stage.position, Stage.outcome).order_by(
        Stage.position, Stage.id
    ),
    NO_VALUE,
)


# Each outcome by its stored value: the prospect page lists the stages on every open, and
# calling the enum for each one cost more than reading them.
_OUTCOMES = {outcome.value: outcome for outcome in StageOutcome}


def list_stages() -> list[StageInfo]:
    return [
        StageInfo(sid, name, position, _OUTCOMES.get(outcome) or StageOutcome(outcome))
        for sid, name, position, outcome in _ALL.run()
    ]


def ensure_default_stages() -> Change:
    """A new database starts with the usual pipeline."""
    with database.atomic():
        if Stage.select().exists():
            return Change.NOTHING
        Stage.insert_many(
            [
                {"name": name, "position": i, "outcome": outcome.value}
                for i, (name, outcome) in enumerate(DEFAULT_STAGES)
            ]
        ).execute()
    return Change.STAGES


def save_stages(edits: list[StageEdit]) -> Change:
    """Apply the editor's list: names, order, and new stages, all or nothing."""
    problems = stage_edit_problems(edits)
    if problems:
        raise StageError(" ".join(problems))
    with database.atomic():
        known = {row.id: row for row in Stage.select()}
        for position, edit in enumerate(edits):
            name = edit.name.strip()
            if edit.id is None:
                Stage.create(name=name, position=position, outcome=StageOutcome.OPEN.value)
            elif edit.id in known:
                Stage.update(name=name, position=position).where(Stage.id == edit.id).execute()
            else:
                raise StageError(f"Stage {edit.id} no longer exists.")
    return Change.STAGES


def first_open_stage() -> int | None:
    """Where a new prospect starts: the first column that is not an outcome."""
    stage = (
        Stage.select(Stage.id)
        .where(Stage.outcome == StageOutcome.OPEN.value)
        .order_by(Stage.position)
        .first()
    )
    return stage.id if stage else None

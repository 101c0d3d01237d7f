"""Board columns as plain values, and the pipeline the seller starts with."""

from __future__ import annotations

from typing import NamedTuple

from touchdesk.domain.vocabulary import StageOutcome


class StageInfo(NamedTuple):
    """A stage of the board: its name, its place, and whether it ends the cycle."""

    id: int
    name: str
    position: int
    outcome: StageOutcome = StageOutcome.OPEN


class StageEdit(NamedTuple):
    """One row of the stage editor: an existing stage (id) or a new one (id None)."""

    name: str
    id: int | None = None


DEFAULT_STAGES: tuple[tuple[str, StageOutcome], ...] = (
    ("New", StageOutcome.OPEN),
    ("Contacted", StageOutcome.OPEN),
    ("Meeting", StageOutcome.OPEN),
    ("Proposal", StageOutcome.OPEN),
    ("Negotiation", StageOutcome.OPEN),
    ("Won", StageOutcome.WON),
    ("Lost", StageOutcome.LOST),
)


def stage_edit_problems(edits: list[StageEdit]) -> list[str]:
    """What is wrong with a proposed list of stages; empty when it can be saved."""
    problems = []
    names = [edit.name.strip() for edit in edits]
    if any(not name for name in names):
        problems.append("Every stage needs a name.")
    lowered = [name.casefold() for name in names if name]
    if len(set(lowered)) != len(lowered):
        problems.append("Two stages have the same name.")
    if not edits:
        problems.append("Keep at least one stage.")
    return problems

"""The questions a sync raises, for the seller to answer: an event deleted on the phone (put
it back, or cancel the step), a card edited there (take the edits, or keep TouchDesk's)."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields

from touchdesk.domain.names import display_name
from touchdesk.domain.prospects import ProspectInput
from touchdesk.domain.vocabulary import NextStepStatus
from touchdesk.services.changes import Change
from touchdesk.services.dav import state
from touchdesk.services.dav.render import CARD_FIELDS
from touchdesk.services.next_steps import close_step
from touchdesk.services.prospects import get_prospect, update_prospect
from touchdesk.store.db import database
from touchdesk.store.models import DavItem, NextStep, Prospect

KEEP, CANCEL = "keep", "cancel"  # an event deleted on the phone
ACCEPT, IGNORE = "accept", "ignore"  # a card edited there
ANSWERS = {state.EVENT_DELETED: (KEEP, CANCEL), state.CARD_EDITED: (ACCEPT, IGNORE)}


class QuestionError(ValueError):
    """An answer that does not fit the question; the message says which ones do."""


@dataclass(frozen=True)
class Question:
    id: int
    kind: str
    local_id: int
    prospect_id: int
    text: str  # the question in the seller's words
    detail: dict


def _name(prospect_id: int) -> str:
    row = Prospect.get_or_none(Prospect.id == prospect_id)
    return display_name(row.first_name, row.last_name, row.company) if row else "A prospect"


def _show(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "(none)"
    return str(value) if value not in (None, "") else "(empty)"


def questions() -> list[Question]:
    found = []
    for row in state.open_questions():
        detail = json.loads(row.detail or "{}")
        if row.kind == state.EVENT_DELETED:
            step = NextStep.get_or_none(NextStep.id == row.local_id)
            prospect_id = step.prospect_id if step else 0
            text = (
                f"{_name(prospect_id)}: the {detail.get('channel', 'step')} at "
                f"{detail.get('when', '?')} was deleted in your calendar. Put it back "
                f"({KEEP}) or cancel the next step ({CANCEL})?"
            )
        else:
            prospect_id = row.local_id
            changes = "; ".join(
                f"{CARD_FIELDS.get(name, name)}: {_show(was)} → {_show(now)}"
                for name, (was, now) in detail.items()
            )
            text = (
                f"{_name(prospect_id)} was edited in your address book ({changes}). Take "
                f"these edits ({ACCEPT}) or keep TouchDesk's ({IGNORE})?"
            )
        found.append(Question(row.id, row.kind, row.local_id, prospect_id, text, detail))
    return found


def answer(question_id: int, reply: str) -> Change:
    """Act on the seller's answer; the next sync writes the result to the server."""
    found = {q.id: q for q in questions()}
    question = found.get(question_id)
    if question is None:
        raise QuestionError(f"There is no open question {question_id}.")
    if reply not in ANSWERS[question.kind]:
        raise QuestionError(
            f"Answer {' or '.join(ANSWERS[question.kind])} to question {question_id}."
        )
    change = Change.NOTHING
    with database.atomic():
        if question.kind == state.EVENT_DELETED and reply == CANCEL:
            step = NextStep.get_or_none(NextStep.id == question.local_id)
            if step is not None and step.status == NextStepStatus.OPEN.value:
                change |= close_step(step.id, NextStepStatus.CANCELLED)
            DavItem.delete().where(
                DavItem.kind == "event", DavItem.local_id == question.local_id
            ).execute()
        elif question.kind == state.CARD_EDITED and reply == ACCEPT:
            change |= _take_edits(question.local_id, question.detail)
        # KEEP and IGNORE: TouchDesk's copy is written again by the next sync.
        DavItem.update(pushed_hash="").where(
            DavItem.kind == ("event" if question.kind == state.EVENT_DELETED else "card"),
            DavItem.local_id == question.local_id,
        ).execute()
        state.answer(question_id, reply)
    return change


def _take_edits(prospect_id: int, detail: dict) -> Change:
    record = get_prospect(prospect_id)
    values = {f.name: getattr(record, f.name) for f in fields(ProspectInput)}
    for name, (_, now) in detail.items():
        values[name] = tuple(now) if isinstance(now, list) else (now or "")
    return update_prospect(prospect_id, ProspectInput(**values))

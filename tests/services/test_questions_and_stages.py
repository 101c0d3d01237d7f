"""Smart questions beside the reasons; reasons, questions and templates tied to stages, and
the next-step purposes of the prospect's stage offered first."""

from __future__ import annotations

import pytest

from tests.factories import prospect
from touchdesk.domain.questions import REFERRER_REASON, stage_first
from touchdesk.services.board import move_to_stage
from touchdesk.services.library import (
    LibraryError,
    delete_question,
    list_questions,
    list_reasons,
    purposes_for,
    save_question,
    save_reason,
    set_template_stage,
    templates_for,
)
from touchdesk.services.stages import list_stages
from touchdesk.services.templates import get_template
from touchdesk.store.models import Stage


def stage_id(name: str) -> int:
    return Stage.get(Stage.name == name).id


def test_the_library_starts_with_smart_questions_some_tied_to_stages(store):
    questions = list_questions()
    assert len(questions) >= 5
    tied = {q.title: q.stage_id for q in questions if q.stage_id is not None}
    assert tied["Which part of the proposal would you change?"] == stage_id("Proposal")
    assert any(q.stage_id is None for q in questions)


def test_the_referrer_reason_and_template_are_built_in(store):
    assert REFERRER_REASON[0] in [r.title for r in list_reasons()]
    template = get_template("referrer_question")
    assert template is not None and "{referred_name}" in template.body


def test_purposes_offer_those_of_the_prospects_stage_first(store):
    pid = prospect("Ada")
    meeting = stage_id("Meeting")
    save_reason(None, "A demo recording", "The demo, to share inside.", meeting)
    save_question(None, "Who signs off on the budget?", "", meeting)
    move_to_stage(pid, meeting)
    purposes = purposes_for(pid)
    reasons = [r.title for r in list_reasons()]
    # The stage's reasons lead, then the reasons for any stage, then other stages' reasons.
    leading = [r.title for r in list_reasons() if r.stage_id == meeting]
    assert purposes[: len(leading)] == leading
    assert "A demo recording" in leading
    others = [r.title for r in list_reasons() if r.stage_id not in (None, meeting)]
    assert all(purposes.index(o) > purposes.index(reasons[0]) or o == reasons[0] for o in others)
    # Questions follow the reasons, the stage's own first.
    first_question = purposes[len(reasons)]
    assert first_question in {q.title for q in list_questions() if q.stage_id == meeting}
    assert "Who signs off on the budget?" in purposes[len(reasons) : len(reasons) + 2]


def test_moving_the_prospect_changes_which_come_first(store):
    pid = prospect("Ada")
    save_question(None, "Any deadline we must meet?", "", stage_id("Negotiation"))
    reasons = len(list_reasons())
    before = purposes_for(pid)[reasons]
    move_to_stage(pid, stage_id("Negotiation"))
    assert purposes_for(pid)[reasons] == "What could still stop this from going ahead?"
    assert before == "What made this come up now?"  # the New stage's question


def test_stage_first_keeps_the_library_order_inside_each_group():
    from dataclasses import dataclass

    @dataclass
    class Item:
        name: str
        stage_id: int | None

    items = [Item("a", 2), Item("b", None), Item("c", 1), Item("d", 1), Item("e", None)]
    assert [i.name for i in stage_first(items, 1)] == ["c", "d", "b", "e", "a"]
    assert [i.name for i in stage_first(items, None)] == ["b", "e", "a", "c", "d"]


def test_questions_are_edited_and_refused_like_reasons(store):
    save_question(None, "  What  changed since we spoke? ", "why", None)
    [made] = [q for q in list_questions() if q.title == "What changed since we spoke?"]
    with pytest.raises(LibraryError, match="already in the library"):
        save_question(None, "What changed since we spoke?", "", None)
    with pytest.raises(LibraryError, match="needs its words"):
        save_question(made.id, "   ", "", None)
    with pytest.raises(LibraryError, match="no longer exists"):
        save_question(made.id, "x", "", 9999)
    assert [q for q in list_questions() if q.id == made.id] == [made]
    delete_question(made.id)
    assert made.id not in [q.id for q in list_questions()]


def test_templates_tied_to_the_stage_come_first(store):
    pid = prospect("Ada")
    proposal = stage_id("Proposal")
    set_template_stage("chase_1", proposal)
    assert templates_for(pid)[-1].key == "chase_1"  # tied to another stage: last
    move_to_stage(pid, proposal)
    assert templates_for(pid)[0].key == "chase_1"
    with pytest.raises(LibraryError):
        set_template_stage("no-such-template", None)


def test_a_deleted_stage_unties_its_questions(store):
    extra = Stage.create(name="Pilot", position=99, outcome="open")
    save_question(None, "Did the pilot answer your question?", "", extra.id)
    extra.delete_instance()
    [q] = [q for q in list_questions() if q.title == "Did the pilot answer your question?"]
    assert q.stage_id is None
    assert "Pilot" not in [s.name for s in list_stages()]


def test_an_older_library_gets_the_referrer_reason_once(store):
    from touchdesk.services import settings
    from touchdesk.services.library import delete_reason
    from touchdesk.services.library_seed import ensure_library
    from touchdesk.store.models import Reason, Template

    # As a library seeded by the previous version: without the new built-ins.
    Reason.delete().where(Reason.title == REFERRER_REASON[0]).execute()
    Template.delete().where(Template.key == "referrer_question").execute()
    settings.put("late_builtins_added", [])
    ensure_library()
    [added] = [r for r in list_reasons() if r.title == REFERRER_REASON[0]]
    assert added.builtin and get_template("referrer_question") is not None
    delete_reason(added.id)  # the seller does not want it: it stays away
    ensure_library()
    assert REFERRER_REASON[0] not in [r.title for r in list_reasons()]

"""Each rule of the playbook issue, and the tests that prove it: the map must point at tests
that exist, so a renamed or deleted proof is noticed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

RULES: dict[str, tuple[str, ...]] = {
    "The email chase: the original, a second quoting it, a third asking only for progress": (
        "domain/test_plans.py::test_the_email_chase_is_the_original_and_two_chasers_so_the_third_asks_for_progress",
        "services/test_follow_up.py::test_the_email_chase_sends_the_original_then_two_chasers_the_third_asking_for_progress",
        "store/test_migrations.py::test_migration_3_corrects_unedited_builtin_plans_and_keeps_edited_ones",
    ),
    "The stop rule holds everywhere, and the prompt says why": (
        "services/test_follow_up.py::test_the_stop_rule_at_its_boundary",
        "services/test_follow_up.py::test_a_plan_whose_next_email_breaks_the_stop_rule_says_so",
        "ui/test_follow_up.py::test_the_prompt_after_a_third_unanswered_email_proposes_no_email_and_says_why",
    ),
    "Applying a plan that would schedule a 4th email says so": (
        "services/test_plans.py::test_applying_a_plan_that_would_send_an_email_past_the_stop_rule_says_so",
        "ui/test_apply_plan.py::test_the_summary_names_prospects_the_plan_would_email_past_the_stop_rule",
    ),
    "The stop-rule limit (3 or 4) is a setting": (
        "ui/test_shell.py::test_settings_sets_the_stop_rule_to_three_or_four_and_the_prompt_follows",
    ),
    "Each chase email quotes the earlier emails of the chase": (
        "services/test_chase.py::test_each_chaser_of_the_plan_quotes_the_earlier_emails_newest_first",
        "services/test_chase.py::test_a_chase_without_a_plan_quotes_the_unanswered_emails_since_the_last_answer",
        "services/test_words.py::test_a_due_chaser_quotes_the_earlier_unanswered_email",
    ),
    "The no-answer program, day by day, ending with the break-up, never stepless": (
        "domain/test_plans.py::test_the_no_answer_program_day_by_day_ending_with_the_break_up",
        "services/test_follow_up.py::test_the_no_answer_program_runs_its_days_and_ends_with_the_break_up_never_stepless",
    ),
    "A plan step can be 'twice'": (
        "services/test_follow_up.py::test_a_twice_step_proposes_its_second_try_minutes_later_before_moving_on",
        "domain/test_plans.py::test_a_twice_step_starts_a_few_minutes_before_its_slot_when_there_is_room",
    ),
    "The Plans page shows a plan as days on a line": (
        "ui/test_plans_page.py::test_the_plan_shows_its_days_on_a_line_and_a_step_can_be_tried_twice",
    ),
    "Today and the prospect page show the due step's words": (
        "services/test_words.py::test_a_due_call_brings_the_voicemail_naming_the_next_call",
        "services/test_words.py::test_a_due_email_brings_subject_and_body_and_opens_in_mail",
        "services/test_words.py::test_a_due_text_brings_the_text_message",
        "services/test_words.py::test_a_step_made_by_a_plan_uses_its_plan_steps_template",
        "ui/test_today.py::test_the_selected_steps_words_show_and_copy_puts_them_on_the_clipboard",
        "ui/test_prospect_page.py::test_the_next_steps_words_sit_beside_it_ready_to_copy",
    ),
    "The voicemail and break-up dialogs use the editable templates": (
        "ui/test_follow_up.py::test_the_dialogs_speak_the_sellers_templates",
        "services/test_words.py::test_the_voicemail_in_the_next_step_dialog_is_the_template",
    ),
    "The default break-up keeps the essay's takeaway": (
        "services/test_words.py::test_the_break_up_assumes_they_are_done_and_leaves_a_reply_open",
        "services/test_words.py::test_an_unedited_old_break_up_is_updated_and_an_edited_one_kept",
    ),
    "The invite is offered after every agreed next step, calls included": (
        "services/test_follow_up.py::test_the_invite_is_offered_for_every_agreed_step",
    ),
    "The invite's title is written for the prospect, editable, never the purpose": (
        "services/test_words.py::test_the_invite_title_is_written_for_the_prospect_on_every_channel",
        "services/test_words.py::test_the_sellers_title_is_kept_and_written_to_the_file",
        "ui/test_invite_dialog.py::test_the_title_field_edits_the_summary_written",
        "domain/test_wording.py::test_the_invite_title_names_the_prospect_and_company_not_the_purpose",
    ),
    "Articles are right, and the sentence is directive with a way out": (
        "domain/test_wording.py::test_each_channel_is_named_with_the_right_article",
        "domain/test_wording.py::test_articles_follow_the_sound_not_the_letter",
        "services/test_words.py::test_the_invite_sentence_is_directive_with_the_right_article_and_a_way_out",
    ),
    "Letting go with fewer than 5 touches shows the count and asks": (
        "services/test_persistence_rules.py::test_letting_go_before_the_fifth_touch_is_questioned_with_the_count",
        "ui/test_persistence_prompts.py::test_letting_go_after_four_touches_asks_with_the_count_and_can_keep_going",
        "ui/test_persistence_prompts.py::test_letting_go_after_five_touches_goes_straight_to_the_break_up",
    ),
    "The referrer can be asked something useful about the prospect": (
        "services/test_referrer_question.py::test_a_referred_prospect_offers_the_question_once",
        "services/test_questions_and_stages.py::test_the_referrer_reason_and_template_are_built_in",
    ),
    "Smart questions beside the reasons, tied to stages, the stage's first": (
        "services/test_questions_and_stages.py::test_the_library_starts_with_smart_questions_some_tied_to_stages",
        "services/test_questions_and_stages.py::test_purposes_offer_those_of_the_prospects_stage_first",
        "services/test_questions_and_stages.py::test_templates_tied_to_the_stage_come_first",
    ),
    "Lost asks for a reason from an editable list, on the timeline and in Insights": (
        "services/test_persistence_rules.py::test_lost_offers_the_list_and_a_new_reason_joins_it",
        "services/test_persistence_rules.py::test_the_lost_reason_is_on_the_timeline",
        "services/test_persistence_rules.py::test_insights_count_lost_prospects_by_reason",
        "ui/test_persistence_prompts.py::test_lost_offers_the_reasons_list_and_keeps_the_choice",
    ),
    "A win after five or more touches is marked and celebrated once": (
        "services/test_persistence_rules.py::test_four_touches_win_unmarked_five_marked_on_the_timeline",
        "services/test_persistence_rules.py::test_the_persistent_win_is_celebrated_once",
        "ui/test_persistence_prompts.py::test_a_win_after_five_touches_is_celebrated_once",
        "ui/test_persistence_prompts.py::test_a_win_after_four_touches_is_not_celebrated",
    ),
    "today --json gains each row's time in the prospect's own zone": (
        "cli/test_cli_follow_up.py::test_today_json_gives_each_rows_time_on_the_prospects_own_clock",
    ),
}


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_each_rule_points_at_tests_that_exist(rule: str):
    proofs = RULES[rule]
    assert proofs, f"no test proves: {rule}"
    for proof in proofs:
        file, _, name = proof.partition("::")
        path = TESTS / file
        assert path.is_file(), f"{rule}: {file} is gone"
        assert name.startswith("test_") and name in _tests_in(path), f"{rule}: {proof} is gone"

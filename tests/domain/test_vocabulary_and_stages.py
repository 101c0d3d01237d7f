"""Labels the seller reads, and the rules for editing the board's stages."""

from __future__ import annotations

from touchdesk.domain.countries import countries, country_name
from touchdesk.domain.names import display_name
from touchdesk.domain.prospects import ProspectInput, normalise_tag
from touchdesk.domain.stages import StageEdit, stage_edit_problems
from touchdesk.domain.vocabulary import Channel, ProspectStatus


def test_channel_labels_read_as_words():
    assert Channel.NOTE.label == "Handwritten note"
    assert Channel.VIDEO_CALL.label == "Video call"
    assert Channel.SMS.label == "SMS"
    assert ProspectStatus.DO_NOT_CONTACT.label == "Do not contact"


def test_mail_channels_are_the_ones_that_go_through_the_mail_desk():
    assert {c for c in Channel if c.is_mail} == {
        Channel.NOTE,
        Channel.CARD,
        Channel.LETTER,
        Channel.GIFT,
    }


def test_display_name_falls_back_to_company_then_placeholder():
    assert display_name(" Ada ", "Lovelace") == "Ada Lovelace"
    assert display_name("", "", "Müller GmbH") == "Müller GmbH"
    assert display_name("", "", "") == "(no name)"


def test_a_prospect_needs_a_name_or_a_company():
    assert ProspectInput().problems() == ["Give a name or a company."]
    assert ProspectInput(company="  ").problems()
    assert ProspectInput(last_name="山田").problems() == []


def test_tags_compare_without_case_or_extra_space():
    assert normalise_tag("  Trade  Show ") == "trade show"


def test_stage_edits_need_unique_non_empty_names():
    good = [StageEdit("New", 1), StageEdit("Meeting", 2), StageEdit("Proposal")]
    assert stage_edit_problems(good) == []
    assert stage_edit_problems([StageEdit("New", 1), StageEdit(" ")]) == [
        "Every stage needs a name."
    ]
    assert stage_edit_problems([StageEdit("New", 1), StageEdit("NEW")]) == [
        "Two stages have the same name."
    ]
    assert stage_edit_problems([]) == ["Keep at least one stage."]


def test_countries_cover_the_seller_markets_with_readable_names():
    codes = dict(countries())
    for code, name in [
        ("US", "United States"),
        ("GB", "United Kingdom"),
        ("DE", "Germany"),
        ("FR", "France"),
        ("JP", "Japan"),
    ]:
        assert codes[code] == name
    assert country_name("jp") == "Japan"
    assert "ZZ" not in codes


def test_east_asian_names_put_the_family_name_first():
    assert display_name("太郎", "山田") == "山田 太郎"
    assert display_name("Taro", "Yamada") == "Taro Yamada"
    assert display_name("민준", "김") == "김 민준"

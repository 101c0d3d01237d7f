"""Which records look like one person, and the record a merge keeps: pure values, no database."""

from __future__ import annotations

from touchdesk.domain.merge import PairKey, Person, Side, default_choices, find_pairs, merged_fields
from touchdesk.domain.prospects import DuplicateReason, similar_names


def person(pid, name, company="", emails=(), phones=()):
    return Person(pid, name, company, tuple(emails), tuple(phones))


def test_a_typo_in_the_first_letter_is_still_found_through_the_other_word():
    firsts = ("ann", "bo", "cy", "dee", "eve", "finn", "gus", "hal", "ivy", "jules")
    lasts = ("smithers", "sanchez", "stone", "okafor", "weiss")
    staff = [
        person(n, f"{first} {last}", "big corp")
        for n, (first, last) in enumerate(((f, x) for f in firsts for x in lasts), start=1)
    ]
    found = find_pairs(
        [
            *staff,
            person(100, "katherine smith", "big corp"),
            person(101, "catherine smith", "big corp"),
        ]
    )
    assert found == {PairKey(100, 101): [DuplicateReason.NAME_AT_COMPANY]}


def test_one_word_names_and_names_without_a_company():
    found = find_pairs(
        [
            person(1, "madonna", "label"),
            person(2, "madona", "label"),
            person(3, "ann lee"),
            person(4, "ann lee"),
            person(5, "ann lee", "somewhere"),  # a company says it may be someone else
        ]
    )
    assert found == {
        PairKey(1, 2): [DuplicateReason.NAME_AT_COMPANY],
        PairKey(3, 4): [DuplicateReason.NAME],
    }


def test_reasons_add_up_and_dismissed_pairs_stay_out():
    people = [
        person(1, "jon smith", "acme", emails=("jon@acme.example",), phones=("+12025550100",)),
        person(2, "john smith", "acme", emails=("jon@acme.example",), phones=("+12025550100",)),
        person(3, "ann lee", emails=("ann@x.example",)),
        person(4, "bo ray", emails=("ann@x.example",)),
    ]
    assert find_pairs(people)[PairKey(1, 2)] == [
        DuplicateReason.EMAIL,
        DuplicateReason.PHONE,
        DuplicateReason.NAME_AT_COMPANY,
    ]
    assert set(find_pairs(people, {PairKey.of(4, 3)})) == {PairKey(1, 2)}


def test_merged_fields_take_the_chosen_side_and_keep_both_notes():
    keep = {"first_name": "Jon", "last_name": "Smith", "city": "", "street": "", "notes": "A"}
    other = {"first_name": "John", "last_name": "Smith", "city": "Leeds", "street": "1 Elm",
             "notes": "B"}  # fmt: skip
    choices = default_choices(keep, other)
    assert (choices["first_name"], choices["address"]) == (Side.KEEP, Side.OTHER)
    fields = merged_fields(keep, other, choices)
    assert (fields["first_name"], fields["city"], fields["street"]) == ("Jon", "Leeds", "1 Elm")
    assert fields["notes"] == "A\n\nB"
    fields = merged_fields(keep, other, {**choices, "notes": Side.OTHER})
    assert fields["notes"] == "B\n\nA"


def test_similar_names_mean_a_slip_not_a_colleague_with_the_same_surname():
    alike = [
        ("jon smith", "john smith"),
        ("katherine smith", "catherine smith"),
        ("sean o'neill", "seán o'neill"),
        ("jon smith", "jon smyth"),
        ("jon smith", "jno smith"),
    ]
    unlike = [
        ("lena schneider", "anna schneider"),
        ("anna koch", "hannah koch"),
        ("wei rodriguez", "kevin rodriguez"),
        ("ann smithers", "finn smithers"),
    ]
    assert [pair for pair in alike if not similar_names(*pair)] == []
    assert [pair for pair in unlike if similar_names(*pair)] == []


def test_a_name_written_as_one_word_or_two_is_still_compared():
    assert similar_names("annlee", "ann lee")
    assert similar_names("maximilian schneider", "maximillian schneider")
    assert not similar_names("max schneider", "maximilian schneider")

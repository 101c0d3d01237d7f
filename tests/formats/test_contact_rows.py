"""A row's ProspectInput, filled in without its generated __init__, is the very object that
__init__ would have made: equal, of the same class, with every field set."""

from __future__ import annotations

from dataclasses import fields, replace

from hypothesis import given
from hypothesis import strategies as st

from touchdesk.domain.prospects import ProspectInput
from touchdesk.formats.contact_rows import RawContact, _prospect_input, build_row

_TEXT = st.text(max_size=12)
_SOME = st.lists(_TEXT, max_size=3)


@given(
    values=st.fixed_dictionaries(
        {},
        optional={
            "first_name": _TEXT,
            "company": _TEXT,
            "emails": st.tuples(_TEXT),
            "tags": st.tuples(_TEXT, _TEXT),
            "notes": _TEXT,
            "country_code": _TEXT,
        },
    )
)
def test_a_filled_in_prospect_input_is_the_one_its_constructor_makes(values):
    made, expected = _prospect_input(**values), ProspectInput(**values)

    assert type(made) is ProspectInput
    assert made == expected and hash(made) == hash(expected) and repr(made) == repr(expected)
    assert vars(made) == vars(expected)
    assert replace(made, first_name="x") == replace(expected, first_name="x")


@given(first=_TEXT, last=_TEXT, company=_TEXT, emails=_SOME, phones=_SOME, tags=_SOME, notes=_SOME)
def test_a_built_rows_prospect_equals_one_made_by_its_constructor(
    first, last, company, emails, phones, tags, notes
):
    raw = RawContact(
        first_name=first, last_name=last, company=company, emails=emails, phones=phones,
        tags=tags, notes=notes, country="Canada",
    )  # fmt: skip
    prospect = build_row(2, raw, "US").prospect

    rebuilt = ProspectInput(
        **{item.name: getattr(prospect, item.name) for item in fields(prospect)}
    )
    assert prospect == rebuilt and vars(prospect) == vars(rebuilt)

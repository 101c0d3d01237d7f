"""Quick open's matching: phone digits in any spacing, words in a name, company or email."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from touchdesk.domain.quick_open import Findable, QuickIndex

ANN = Findable(1, "Ann", "Lee", "Acme", ("ann@acme.example",), ("+1 (555) 0123",))
BOB = Findable(2, "Bob", "Annan", "Beta", ("bob@beta.example",), ("+44 20 7946 0958",))
CY = Findable(3, "Cy", "Young", "Anchor Ltd", (), ("+1 555 0199",))
INDEX = QuickIndex([CY, BOB, ANN])


def ids(typed: str) -> list[int]:
    return [person.prospect_id for person in INDEX.find(typed)]


def test_phone_digits_match_whatever_the_spacing() -> None:
    assert ids("555 01 23") == [1]
    assert ids("(555) 0123") == [1]
    assert ids("5550123") == [1]
    assert ids("555") == [1, 3]
    assert ids("7946-0958") == [2]


def test_words_match_name_company_and_email_best_first() -> None:
    assert ids("ann") == [1, 2]  # 'Ann Lee' starts with it; 'Bob Annan' has a word so
    assert ids("anchor") == [3]
    assert ids("beta.example") == [2]
    assert ids("lee acme") == [1]
    assert ids("ANN LEE") == [1]
    assert ids("zzz") == []
    assert ids("   ") == []


@given(st.text(alphabet="0123456789 ()-+.", max_size=12))
def test_any_spacing_of_a_phones_digits_finds_it(noise: str) -> None:
    digits = "5550123"
    spaced = "".join(d + (noise[i] if i < len(noise) and not noise[i].isdigit() else "")
                     for i, d in enumerate(digits))  # fmt: skip
    assert 1 in ids(spaced)

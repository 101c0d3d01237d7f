"""The name shown beside a company is built by hand now (no generator): the same text as the
join it replaced, for any Unicode names and stray spaces."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from touchdesk.domain.names import display_name
from touchdesk.domain.prospect_record import name_with_company


def _joined(first_name: str, last_name: str, company: str) -> str:
    """name_with_company() as it was, verbatim."""
    person = " ".join(part for part in (first_name.strip(), last_name.strip()) if part)
    company = company.strip()
    if person and company:
        return f"{person} — {company}"
    return display_name(first_name, last_name, company)


_part = st.one_of(st.text(max_size=8), st.sampled_from(["", " ", " Ann ", "山田", "\t太郎\n"]))


@given(_part, _part, _part)
def test_the_name_with_its_company_reads_as_the_join_did(first, last, company):
    assert name_with_company(first, last, company) == _joined(first, last, company)

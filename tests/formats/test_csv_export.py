"""CSV export: safe in spreadsheets, readable by Excel, and read back by our importer."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from touchdesk.domain.prospects import ProspectInput
from touchdesk.formats.csv_export import neutralise, write_csv
from touchdesk.formats.csv_import import Layout, open_csv

PEOPLE = [
    ProspectInput(
        first_name="Hannah",
        last_name="Whitfield",
        company='=HYPERLINK("http://evil.example","click")',
        role="-Owner",
        emails=("hannah@whitfield.example", "h@home.example"),
        phones=("+442079460958", "+14186569254;ext=102"),
        street="12 Mill Lane",
        city="Leeds",
        country_code="GB",
        time_zone="Europe/London",
        source="@trade show",
        tags=("trade show", "vip"),
        notes='Two lines,\nwith "quotes"',
    ),
    ProspectInput(company="Acme Ltd"),
]


def export(bom: bool = False) -> bytes:
    out = io.BytesIO()
    assert write_csv(PEOPLE, out, bom=bom) == 2
    return out.getvalue()


def test_formula_cells_are_neutralised() -> None:
    text = export().decode()
    assert "'=HYPERLINK" in text and ",'-Owner," in text and "'@trade show" in text
    assert "'+442079460958" in text
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise(start + "x") == "'" + start + "x"
    assert neutralise("Ann") == "Ann"


def test_bom_only_when_asked() -> None:
    assert export(bom=True).startswith(b"\xef\xbb\xbf")
    assert not export().startswith(b"\xef\xbb\xbf")


def test_export_reads_back_the_same() -> None:
    for bom in (False, True):
        opened = open_csv(export(bom))
        assert opened.layout is Layout.TOUCHDESK
        rows = [row.prospect for row in opened.rows(home_country="GB")]
        assert rows == PEOPLE


def test_spaces_or_line_breaks_before_a_formula_are_guarded_too() -> None:
    for cell in (" =1+1", "  +44 20 7946 0958", "\n=cmd|' /C calc'!A0", "\r\n@SUM(A1)", " \t-2"):
        assert neutralise(cell) == "'" + cell
    assert neutralise(" Ann") == " Ann" and neutralise("'t Hooft") == "'t Hooft"


def test_a_value_starting_with_an_apostrophe_comes_back_whole() -> None:
    people = [
        ProspectInput(first_name="Ann", company="'=Acme", role="''+Owner", source="' =x"),
        ProspectInput(first_name="Bob", company="'t Hooft", notes="'-5%"),
    ]
    out = io.BytesIO()
    write_csv(people, out)
    assert "''=Acme" in out.getvalue().decode()  # a spreadsheet shows '=Acme
    assert [row.prospect for row in open_csv(out.getvalue()).rows()] == people


@given(
    st.text(st.sampled_from(" \t\r\n'=+-@a"))
    | st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"))
)
def test_guard_is_undone_exactly_and_leaves_nothing_to_run(cell: str) -> None:
    guarded = neutralise(cell)
    out = io.StringIO()
    csv.writer(out).writerows([["Name", "Company"], ["Ann", guarded]])
    assert open_csv(out.getvalue().encode()).sample_rows()[0][1] == cell
    runs = guarded.startswith(("\t", "\r")) or guarded.lstrip().startswith(("=", "+", "-", "@"))
    assert not runs


# Cells as our import keeps them: single spaces inside, none around.
CELLS = st.text(st.sampled_from("'=+-@ \n\tAb1,\""), min_size=1).map(lambda s: " ".join(s.split()))


@given(CELLS, CELLS)
def test_any_company_and_role_survive_export_then_import(company: str, role: str) -> None:
    person = ProspectInput(first_name="Ann", company=company, role=role)
    out = io.BytesIO()
    write_csv([person], out)
    (row,) = open_csv(out.getvalue()).rows()
    assert (row.prospect.company, row.prospect.role) == (company, role)


def test_tabs_and_line_breaks_in_one_cell_do_not_make_tab_the_delimiter() -> None:
    """Found by the property above: the cell's tabs split its two lines alike, three wide."""
    out = io.StringIO()
    csv.writer(out).writerows([["Name", "Company"], ["Ann", neutralise("\t\t\n\t\t")]])
    assert open_csv(out.getvalue().encode()).sample_rows()[0][1] == "\t\t\n\t\t"

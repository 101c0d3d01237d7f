"""CSV export: safe in spreadsheets, readable by Excel, and read back by our importer."""

from __future__ import annotations

import io

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

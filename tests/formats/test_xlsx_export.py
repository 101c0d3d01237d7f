"""The workbook export: every value a typed text cell, read back exactly, nothing to run."""

from __future__ import annotations

import io
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from touchdesk.domain.prospects import ProspectInput
from touchdesk.formats.xlsx_export import write_xlsx

# What XML can hold (the export drops the rest: no spreadsheet could show it).
XML_TEXT = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\ufffe\uffff\r").filter(
        lambda c: c in "\t\n" or ord(c) >= 0x20
    ),
    min_size=1,
)


def workbook(people: list[ProspectInput]) -> bytes:
    out = io.BytesIO()
    assert write_xlsx(people, out) == len(people)
    return out.getvalue()


@settings(max_examples=40, deadline=None)
@given(XML_TEXT, XML_TEXT, XML_TEXT)
def test_any_text_comes_back_as_the_same_string(company: str, phone: str, postal: str) -> None:
    person = ProspectInput(first_name="Ann", company=company, phones=(phone,), postal_code=postal)
    sheet = load_workbook(io.BytesIO(workbook([person]))).active
    header, row = (list(cells) for cells in sheet.iter_rows(max_row=2))
    values = {h.value: c for h, c in zip(header, row, strict=True)}
    for name, value in (("Company", company), ("Phones", phone), ("Postal Code", postal)):
        assert values[name].value == value and values[name].data_type == "s"


def test_formulas_phones_and_zip_codes_are_text_and_nothing_can_run() -> None:
    person = ProspectInput(
        first_name="=cmd|' /C calc'!A0",
        company="@SUM(1+1)",
        phones=("+16175550100",),
        postal_code="02110",
        notes="-1",
    )
    data = workbook([person])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    row = [cell for cell in next(load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2))]
    assert [cell.value for cell in row if cell.value is not None] == [
        "=cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "+16175550100",
        "02110",
        "-1",
    ]
    assert all(cell.number_format == "@" for cell in row)  # typing there keeps it text

"""Reading vCards as Outlook, Apple and Google write them, and writing 3.0 and 4.0."""

from __future__ import annotations

import pytest

from touchdesk.domain.prospects import ProspectInput
from touchdesk.formats.contact_rows import ImportProblem
from touchdesk.formats.vcard import logical_lines, parse_line, read_vcards, write_vcard

OUTLOOK_21 = (
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;LANGUAGE=de;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen\r\n"
    "FN:J\u00fcrgen M\u00fcller\r\n"
    "ORG:B\u00e4ckerei M\u00fcller;Verkauf\r\n"
    "TITLE:Inhaber\r\n"
    "NOTE;CHARSET=utf-8;ENCODING=QUOTED-PRINTABLE:Erste Zeile=0D=0A=\r\n"
    "zweite Zeile mit =C3=BC\r\n"
    "TEL;WORK;VOICE:+49 89 1234560\r\n"
    "TEL;WORK;FAX:+49 89 1234561\r\n"
    "ADR;WORK;PREF;QUOTED-PRINTABLE:;Hinterhaus;Hauptstra=C3=9Fe 5;M=C3=BCnchen;Bayern;"
    "80331;Deutschland\r\n"
    "EMAIL;PREF;INTERNET:juergen@mueller.example\r\n"
    "END:VCARD\r\n"
)

APPLE_30 = (
    "BEGIN:VCARD\r\r\n"
    "VERSION:3.0\r\r\n"
    "N:Doe;John;Richter,James;Mr.;Sr.\r\r\n"
    "FN:Mr. John Richter James Doe Sr.\r\r\n"
    "ORG:IBM;Accounting\r\r\n"
    "item1.EMAIL;type=INTERNET;type=pref:john.doe@ibm.example\r\r\n"
    "item1.X-ABLabel:_$!<Other>!$_\r\r\n"
    "TEL;type=CELL;type=VOICE;type=pref:905-555-1234\r\r\n"
    "item2.TEL:905-222-1234\r\r\n"
    "item2.X-ABLabel:_$!<AssistantPhone>!$_\r\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/4QBYRXhpZgAATU0AKgAA\r\r\n"
    " AAgAAgESAAMAAAABAAEAAIdpAAQAAAABAAAAJgAAAAAAA6ABAAMAAAABAAEAAKACAAQAAAABAAA\r\r\n"
    "END:VCARD\r\r\n"
)

GMAIL_COMMA = (
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "FN:Mr. John Richter, James Doe Sr.\n"
    "N:Doe;John;Richter\\, James;Mr.;Sr.\n"
    "EMAIL;TYPE=INTERNET;TYPE=HOME:john.doe@ibm.example\n"
    "END:VCARD\n"
)

RFC_40 = (
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "FN:Simon Perreault\n"
    "N:Perreault;Simon;;;ing. jr,M.Sc.\n"
    "ORG;TYPE=work:Viagenie\n"
    "ADR;TYPE=work:;Suite D2-630;2875 Laurier;\n"
    " Quebec;QC;G1V 2M2;Canada\n"
    'TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+1-418-656-9254;ext=102\n'
    'TEL;VALUE=uri;TYPE="work,cell,voice,video,text":tel:+1-418-262-6501\n'
    "EMAIL;TYPE=work:simon.perreault@viagenie.ca\n"
    "CATEGORIES:customer,trade show\n"
    "TZ:America/Toronto\n"
    "END:VCARD\n"
)


def one(text: str, home: str = "US"):
    (row,) = read_vcards(text.encode("utf-8"), home)
    return row


def test_outlook_21_quoted_printable_soft_breaks_and_bare_params() -> None:
    row = one(OUTLOOK_21, "DE")
    p = row.prospect
    assert (p.first_name, p.last_name) == ("Jürgen", "Müller")
    assert p.company == "Bäckerei Müller" and p.role == "Inhaber"
    assert p.notes == "Erste Zeile\nzweite Zeile mit ü"
    assert p.phones == ("+49 89 1234560",)  # the fax is left out
    assert (p.street, p.street2, p.city, p.postal_code, p.country_code) == (
        "Hauptstraße 5",
        "Hinterhaus",
        "München",
        "80331",
        "DE",
    )
    assert p.emails == ("juergen@mueller.example",)
    assert row.problems == []


def test_apple_30_double_cr_groups_repeated_types_and_photo() -> None:
    p = one(APPLE_30).prospect
    assert (p.first_name, p.last_name, p.company) == ("John", "Doe", "IBM")
    assert p.emails == ("john.doe@ibm.example",)
    assert p.phones == ("905-555-1234", "905-222-1234")  # preferred first


def test_unescaped_comma_in_fn_falls_back_to_n() -> None:
    p = one(GMAIL_COMMA).prospect
    assert (p.first_name, p.last_name) == ("John", "Doe")


def test_fn_alone_is_split() -> None:
    p = one("BEGIN:VCARD\nVERSION:3.0\nFN:Ann Marie Lee\nEND:VCARD\n").prospect
    assert (p.first_name, p.last_name) == ("Ann Marie", "Lee")


def test_vcard_40_tel_uri_pref_adr_categories_and_zone() -> None:
    p = one(RFC_40).prospect
    assert p.phones == ("+1-418-656-9254 ext. 102", "+1-418-262-6501")
    assert (p.street, p.street2, p.city, p.region, p.postal_code, p.country_code) == (
        "2875 Laurier",
        "Suite D2-630",
        "Quebec",
        "QC",
        "G1V 2M2",
        "CA",
    )
    assert p.tags == ("customer", "trade show")
    assert p.time_zone == "America/Toronto"


def test_several_cards_keep_their_begin_lines() -> None:
    rows = list(read_vcards((GMAIL_COMMA + RFC_40).encode()))
    assert [row.line_number for row in rows] == [1, 7]


def test_not_a_vcard_and_an_unfinished_card() -> None:
    with pytest.raises(ImportProblem, match="No contacts"):
        list(read_vcards(b"hello\n"))
    with pytest.raises(ImportProblem, match="END:VCARD") as caught:
        list(read_vcards(b"BEGIN:VCARD\nVERSION:3.0\nFN:A\n"))
    assert caught.value.line_number == 1


def test_parse_line_quoted_params() -> None:
    prop = parse_line('item3.TEL;TYPE="work,voice";PREF=1:tel:+1-555')
    assert prop is not None
    assert (prop.group, prop.name, prop.value) == ("item3", "TEL", "tel:+1-555")
    assert prop.types() == {"work", "voice"} and prop.params["PREF"] == ["1"]


def test_folding_is_undone() -> None:
    lines = list(logical_lines("NOTE:abc\r\n  def\r\nFN:x\r\n"))
    assert lines == [(1, "NOTE:abc def"), (3, "FN:x")]


SELLER = ProspectInput(
    first_name="Zoë",
    last_name="O'Brien; Jr",
    company="Whitfield, Sons & Co",
    role="Owner",
    emails=("zoe@example.com", "z@example.org"),
    phones=("+442079460958", "+14186569254;ext=102"),
    street="12 Mill Lane",
    street2="Unit 3",
    city="Leeds",
    region="West Yorkshire",
    postal_code="LS1 4AB",
    country_code="GB",
    time_zone="Europe/London",
    tags=("trade show", "vip"),
    notes="Line one\nLine two, with a comma; and a semicolon " + "long " * 30,
)


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_write_then_read_gives_the_same_prospect(version: str) -> None:
    text = write_vcard(SELLER, version)
    assert text.startswith(f"BEGIN:VCARD\r\nVERSION:{version}\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    p = one(text, "GB").prospect
    assert p.first_name == SELLER.first_name and p.last_name == SELLER.last_name
    assert p.company == SELLER.company and p.notes == SELLER.notes.strip()
    assert p.emails == SELLER.emails and p.tags == SELLER.tags
    assert p.country_code == "GB" and p.time_zone == "Europe/London"
    assert p.street2 == "Unit 3"
    if version == "4.0":
        assert "TEL;VALUE=uri;PREF=1:tel:+442079460958" in text
        assert p.phones == ("+442079460958", "+14186569254 ext. 102")

"""The real vCards in ../shared/samples read as the people they describe (skipped without)."""

from __future__ import annotations

from pathlib import Path

import pytest

from touchdesk.formats.vcard import read_vcards

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="no ../shared/samples here")


def card(name: str):
    rows = list(read_vcards((SAMPLES / name).read_bytes(), "US"))
    assert len(rows) == 1
    return rows[0].prospect


def test_outlook_2007_quoted_printable() -> None:
    p = card("ezvcard_outlook-2007.vcf")
    assert (p.first_name, p.last_name, p.company, p.role) == (
        "Michael",
        "Angstadt",
        "TheCompany",
        "TheJobTitle",
    )
    assert p.emails == ("mike.angstadt@gmail.com",)
    assert "(111) 555-3333" not in p.phones  # the fax
    assert "But I'm not sure because there's text formatting going on here." in p.notes
    assert (p.street, p.city, p.region, p.postal_code, p.country_code) == (
        "222 Broadway",
        "New York",
        "NY",
        "99999",
        "US",
    )


def test_iphone_double_carriage_returns_and_photo() -> None:
    p = card("ezvcard_John_Doe_IPHONE.vcf")
    assert (p.first_name, p.last_name, p.company) == ("John", "Doe", "IBM")
    assert p.emails == ("john.doe@ibm.com",)
    assert p.phones[0] == "905-555-1234"
    assert p.city == "New York" and p.country_code == "US"


def test_mac_address_book() -> None:
    p = card("ezvcard_John_Doe_MAC_ADDRESS_BOOK.vcf")
    assert (p.first_name, p.last_name, p.company) == ("John", "Doe", "IBM")
    assert "905-555-1234" in p.phones


def test_gmail_unescaped_comma_in_fn() -> None:
    p = card("ezvcard_John_Doe_GMAIL.vcf")
    assert (p.first_name, p.last_name, p.company, p.role) == ("John", "Doe", "IBM", "Money Counter")
    assert p.notes.endswith("Favotire Color: Blue")


def test_rfc6350_tel_uri() -> None:
    p = card("ezvcard_rfc6350-example.vcf")
    assert p.phones == ("+1-418-656-9254 ext. 102", "+1-418-262-6501")
    assert p.country_code == "CA" and p.city == "Quebec"


def test_vobject_full_40() -> None:
    p = card("vobject_vcard40_full.vcf")
    assert (p.first_name, p.last_name, p.company, p.role) == (
        "John",
        "Public",
        "Example Corp.",
        "CEO",
    )
    assert p.emails[0] == "johnny@personal.example.org"  # PREF=1 first
    assert p.tags == ("BUSINESS", "NETWORKING")
    assert p.time_zone == "America/New_York"

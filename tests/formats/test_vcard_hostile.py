"""Hostile values in an exported vCard stay values: one card per prospect, read back as written.

Checked three ways: TouchDesk's own vCard import, vobject, and ical.js (the reader of Nextcloud
Contacts and Thunderbird, run with Node.js from tests/formats/icaljs).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from touchdesk.domain.prospects import ProspectInput
from touchdesk.formats.contact_rows import RawContact, build_row
from touchdesk.formats.vcard import read_vcards, write_vcard

ICALJS = Path(__file__).resolve().parent / "icaljs"
VERSIONS = ("3.0", "4.0")

# A card's end and a new card with an address of the attacker's, in each line-end style.
SMUGGLED = "END:VCARD{nl}BEGIN:VCARD{nl}VERSION:4.0{nl}FN:Mallory{nl}EMAIL:mallory@evil.example"


def smuggled(nl: str) -> str:
    return SMUGGLED.format(nl=nl)


def read_back(text: str) -> list:
    return [row.prospect for row in read_vcards(text.encode("utf-8"), "US")]


def vcard_limits(text: str) -> str:
    """What a vCard can carry of a value: any line end is a newline, other controls go."""
    text = re.sub(r"\r\n|\r", "\n", text)
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)


# -- the injections --------------------------------------------------------------------------


@pytest.mark.parametrize("nl", ["\r\n", "\n", "\r"])
def test_a_phone_kept_as_written_cannot_start_a_card_in_40(nl: str) -> None:
    phone = "+1 555 0100" + nl + smuggled(nl)
    text = write_vcard(ProspectInput(first_name="Ann", phones=(phone,)), "4.0")
    (ann,) = read_back(text)
    assert ann.first_name == "Ann" and ann.emails == ()
    assert ann.phones == (vcard_limits(phone),)
    assert "mallory" not in text.split("TEL")[0] and "\nEMAIL" not in text


@pytest.mark.parametrize("version", VERSIONS)
def test_a_lone_cr_in_notes_or_names_is_escaped(version: str) -> None:
    hostile = ProspectInput(
        first_name="Ann\rEMAIL:mallory@evil.example",
        last_name="Lee",
        company="Acme\r" + smuggled("\r"),
        notes="Call back\r" + smuggled("\r"),
    )
    text = write_vcard(hostile, version)
    assert "\r" not in text.replace("\r\n", "")
    (ann,) = read_back(text)
    assert ann.emails == ()
    assert ann.first_name == "Ann EMAIL:mallory@evil.example"  # import makes whitespace a space
    assert ann.notes == vcard_limits(hostile.notes)
    (card,) = vobject.readComponents(text)
    assert card.note.value == vcard_limits(hostile.notes)
    assert [child.value for child in card.contents.get("email", [])] == []


@pytest.mark.parametrize("version", VERSIONS)
def test_a_note_without_escapes_ical_does_not_need(version: str) -> None:
    text = write_vcard(ProspectInput(first_name="Ann", notes="Tue; bring samples"), version)
    # RFC 6350's text has a bare ';' (its escape is for compound values); RFC 2426's has not.
    expected = "NOTE:Tue; bring samples" if version == "4.0" else "NOTE:Tue\\; bring samples"
    assert expected + "\r\n" in text
    assert read_back(text)[0].notes == "Tue; bring samples"


@pytest.mark.parametrize("version", VERSIONS)
def test_a_comma_in_a_name_survives_touchdesks_own_import(version: str) -> None:
    text = write_vcard(ProspectInput(first_name="Seán", last_name="O'Brien, Jr."), version)
    assert "N:O'Brien\\, Jr.;Seán;;;\r\n" in text
    (back,) = read_back(text)
    assert (back.first_name, back.last_name) == ("Seán", "O'Brien, Jr.")


def test_unescaped_commas_in_n_still_separate_names() -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;John,Paul;;;\r\nEND:VCARD\r\n"
    assert read_back(text)[0].first_name == "John Paul"


def test_a_phone_that_is_a_tel_uri_stays_one_and_text_says_so() -> None:
    card = ProspectInput(first_name="Ann", phones=("+14186569254;ext=102", "tel:0800, ask"))
    text = write_vcard(card, "4.0")
    assert "TEL;VALUE=uri;PREF=1:tel:+14186569254;ext=102\r\n" in text
    assert "TEL;VALUE=text:tel:0800\\, ask\r\n" in text
    assert read_back(text)[0].phones == ("+14186569254 ext. 102", "tel:0800, ask")


@pytest.mark.parametrize("version", VERSIONS)
def test_a_second_address_line_alone_is_not_left_out(version: str) -> None:
    text = write_vcard(ProspectInput(first_name="Ann", street2="Unit 3", tags=("", "vip")), version)
    assert "ADR;TYPE=work:;Unit 3;;;;;\r\n" in text and "CATEGORIES:vip\r\n" in text
    assert read_back(text)[0].street == "Unit 3"  # an ADR with no street: its second line is


# -- ical.js ---------------------------------------------------------------------------------


def icaljs_cards(text: str) -> list[dict]:
    node = shutil.which("node")
    if node is None or not (ICALJS / "node_modules" / "ical.js").is_dir():
        message = "ical.js is not installed: npm ci --prefix tests/formats/icaljs"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run(
        [node, str(ICALJS / "read.mjs")],
        input=text.encode("utf-8"),
        capture_output=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


def flat(values: list) -> list[str]:
    """ical.js nests a structured value of one field one level less: flatten either."""
    return [
        leaf for value in values for leaf in (flat(value) if isinstance(value, list) else [value])
    ]


HOSTILE = ProspectInput(
    first_name="Zoë\r\nEMAIL:mallory@evil.example",
    last_name="O'Brien, Jr.; \\n",
    company="Whitfield; Sons, & Co\\",
    role="Owner: sales, ops",
    emails=("zoe@example.com",),
    phones=("+1 555 0100\n" + smuggled("\n"), "+442079460958"),
    tags=("trade, show", "a;b"),
    notes="Tue; bring samples, 2 boxes\rback\\slash\r\n" + smuggled("\r\n"),
)


@pytest.mark.parametrize("version", VERSIONS)
def test_icaljs_reads_one_card_with_the_values_as_written(version: str) -> None:
    text = write_vcard(HOSTILE, version) + write_vcard(ProspectInput(company="Acme"), version)
    first, second = icaljs_cards(text)
    assert first["n"] == [[["O'Brien, Jr.; \\n", "Zoë\nEMAIL:mallory@evil.example", "", "", ""]]]
    assert flat(first["org"]) == ["Whitfield; Sons, & Co\\"]
    assert first["email"] == [["zoe@example.com"]]
    assert flat(second["org"]) == ["Acme"]
    if version == "4.0":
        # ical.js follows RFC 6350's grammar: a '\;' outside N, ADR and ORG would show as is.
        assert first["fn"] == [[vcard_limits(HOSTILE.first_name + " " + HOSTILE.last_name)]]
        assert first["title"] == [["Owner: sales, ops"]]
        assert first["note"] == [[vcard_limits(HOSTILE.notes)]]
        assert first["categories"] == [["trade, show", "a;b"]]
        assert first["tel"] == [[vcard_limits(HOSTILE.phones[0])], ["tel:+442079460958"]]
    else:  # RFC 2426 escapes every ';' in text, which ical.js leaves in: only one here
        assert first["fn"] == [["Zoë\nEMAIL:mallory@evil.example O'Brien, Jr.\\; \\n"]]
        assert first["note"][0][0].startswith("Tue\\; bring samples, 2 boxes\nback")


# -- any values ------------------------------------------------------------------------------

# Arbitrary Unicode, with the characters that matter to vCard much more often than chance.
SPECIAL = st.sampled_from(["\r", "\n", "\r\n", ";", ",", "\\", ":", "\\n", " ", '"', "="])
TEXT = st.lists(st.one_of(st.text(max_size=6), SPECIAL), max_size=8).map("".join)
EMAIL = st.one_of(
    TEXT,
    st.builds(
        "{}@{}.example".format,
        st.from_regex(r"[a-z0-9._%+-]{1,10}", fullmatch=True),
        st.from_regex(r"[a-z0-9-]{1,10}", fullmatch=True),
    ),
)
PROSPECTS = st.builds(
    ProspectInput,
    first_name=TEXT,
    last_name=TEXT,
    company=TEXT,
    role=TEXT,
    emails=st.lists(EMAIL, max_size=3).map(tuple),
    phones=st.lists(st.one_of(TEXT, st.just("+442079460958")), max_size=3).map(tuple),
    street=TEXT,
    street2=TEXT,
    city=TEXT,
    region=TEXT,
    postal_code=TEXT,
    tags=st.lists(TEXT, max_size=3).map(tuple),
    notes=TEXT,
)
TEXT_FIELDS = ("first_name", "last_name", "company", "role", "notes")
TEXT_FIELDS += ("street", "street2", "city", "region", "postal_code")


def _imported(prospect: ProspectInput):
    """The row TouchDesk's import makes of these values, were they typed in a CSV."""
    p = dataclasses.replace(
        prospect,
        **{name: vcard_limits(getattr(prospect, name)) for name in TEXT_FIELDS},
        **{
            name: tuple(vcard_limits(value) for value in getattr(prospect, name))
            for name in ("emails", "phones", "tags")
        },
    )
    if not p.street:
        # The reader takes ADR's extended line for the street when the street field is empty.
        p = dataclasses.replace(p, street=p.street2, street2="")
    raw = RawContact(
        **{name: getattr(p, name) for name in TEXT_FIELDS if name != "notes"},
        emails=list(p.emails),
        phones=list(p.phones),
        tags=list(p.tags),
        notes=[p.notes],
    )
    return build_row(1, raw, "US")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prospects=st.lists(PROSPECTS, min_size=1, max_size=3), version=st.sampled_from(VERSIONS))
def test_any_values_come_back_one_card_each(prospects: list, version: str) -> None:
    text = "".join(write_vcard(p, version) for p in prospects)
    rows = list(read_vcards(text.encode("utf-8"), "US"))
    assert len(rows) == len(prospects)
    for row, prospect in zip(rows, prospects, strict=True):
        expected = _imported(prospect)
        assert row.skipped_reason == expected.skipped_reason
        got, want = row.prospect, expected.prospect
        assert (got.first_name, got.last_name, got.company) == (
            want.first_name,
            want.last_name,
            want.company,
        )
        assert (got.role, got.emails, got.notes) == (want.role, want.emails, want.notes)
        assert got.tags == want.tags
        assert (got.street, got.street2, got.city, got.region, got.postal_code) == (
            want.street,
            want.street2,
            want.city,
            want.region,
            want.postal_code,
        )
        assert row.stored_phones == expected.stored_phones


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prospects=st.lists(PROSPECTS, min_size=1, max_size=3), version=st.sampled_from(VERSIONS))
def test_vobject_reads_the_same_values(prospects: list, version: str) -> None:
    text = "".join(write_vcard(p, version) for p in prospects)
    cards = list(vobject.readComponents(text))
    assert len(cards) == len(prospects)
    for card, p in zip(cards, prospects, strict=True):
        assert card.n.value.family == vcard_limits(p.last_name)
        assert card.n.value.given == vcard_limits(p.first_name)
        if p.company:
            assert card.org.value[0] == vcard_limits(p.company)
        if p.role:
            assert card.title.value == vcard_limits(p.role)
        if p.notes:
            assert card.note.value == vcard_limits(p.notes)
        emails = [child.value for child in card.contents.get("email", [])]
        assert emails == [vcard_limits(email) for email in p.emails]
        phones = [child.value.removeprefix("tel:") for child in card.contents.get("tel", [])]
        assert phones == [vcard_limits(phone).removeprefix("tel:") for phone in p.phones]
        if tags := [vcard_limits(tag) for tag in p.tags if vcard_limits(tag)]:
            assert card.categories.value == tags
        if "adr" in card.contents:
            adr = card.adr.value
            assert (adr.street, adr.extended, adr.city, adr.region, adr.code) == tuple(
                vcard_limits(value)
                for value in (p.street, p.street2, p.city, p.region, p.postal_code)
            )


# -- real cards, written out again -----------------------------------------------------------

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
SAMPLE_CARDS = sorted(SAMPLES.glob("*.vcf")) if SAMPLES.is_dir() else []


@pytest.mark.skipif(not SAMPLE_CARDS, reason="no ../shared/samples here")
@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("sample", [path.name for path in SAMPLE_CARDS])
def test_real_cards_come_back_the_same_after_export(sample: str, version: str) -> None:
    (row,) = read_vcards((SAMPLES / sample).read_bytes(), "US")
    text = write_vcard(row.prospect, version)
    (again,) = read_vcards(text.encode("utf-8"), "US")
    assert again.stored_phones == row.stored_phones
    assert dataclasses.replace(again.prospect, phones=()) == dataclasses.replace(
        row.prospect, phones=()
    )
    (card,) = vobject.readComponents(text)
    assert card.n.value.family == row.prospect.last_name
    if row.prospect.notes:
        assert card.note.value == row.prospect.notes


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prospects=st.lists(PROSPECTS, min_size=5, max_size=15), version=st.sampled_from(VERSIONS))
def test_icaljs_reads_the_same_values(prospects: list, version: str) -> None:
    """Many cards per Node.js run: starting it is the slow part."""
    cards = icaljs_cards("".join(write_vcard(p, version) for p in prospects))
    assert len(cards) == len(prospects)
    for card, p in zip(cards, prospects, strict=True):
        # ical.js takes '\\;' for an escaped ';' (it looks one character back), so a name
        # ending in a backslash moves the next field in; TouchDesk and vobject read it right.
        if not (
            vcard_limits(p.last_name).endswith("\\") or vcard_limits(p.first_name).endswith("\\")
        ):
            family, given_name, *_ = card["n"][0][0]
            assert (family, given_name) == (vcard_limits(p.last_name), vcard_limits(p.first_name))
        if p.company:
            assert flat(card["org"]) == [vcard_limits(p.company)]
        if version == "3.0":
            continue  # ical.js keeps 3.0's '\;' outside N, ADR and ORG (see above)
        if p.role:
            assert card["title"] == [[vcard_limits(p.role)]]
        if p.notes:
            assert card["note"] == [[vcard_limits(p.notes)]]
        assert card.get("email", []) == [[vcard_limits(email)] for email in p.emails]
        phones = [value.removeprefix("tel:") for (value,) in card.get("tel", [])]
        assert phones == [vcard_limits(phone) for phone in p.phones]

"""Reading contact CSVs as Google, Outlook, LinkedIn and European Excel write them."""

from __future__ import annotations

import codecs
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from touchdesk.formats.contact_rows import ImportProblem, country_code_for
from touchdesk.formats.csv_import import (
    Field,
    Layout,
    detect_delimiter,
    header_words,
    open_csv,
    read_csv,
    suggest_mapping,
)

GOOGLE_HEADER = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
    "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
    "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,"
    "E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,"
    "Address 1 - Label,Address 1 - Formatted,Address 1 - Street,Address 1 - City,"
    "Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,"
    "Address 1 - Extended Address"
)
GOOGLE = (
    GOOGLE_HEADER + "\r\n"
    "Hannah,,Whitfield,,,,,,,,Whitfield & Sons,Owner,,,Met at the fair,,"
    "* myContacts ::: Trade show,* Work,hannah@whitfield.example,* Home,"
    "H.Whitfield@Home.example,Mobile,+44 7700 900123 ::: +44 20 7946 0958,Work,"
    '"12 Mill Lane\nApt 3\nLeeds LS1 4AB\nUK","12 Mill Lane\nApt 3",Leeds,,'
    "West Yorkshire,LS1 4AB,United Kingdom,\r\n"
    ",,,,,,,,,,,,,,Only a note,,,,,,,,,,,,,,,,,\r\n"
    ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\r\n"
    ",,,,,,,,,,Acme Ltd,,,,,,,,,,,,,,,,,,,,,\r\n"
)

GOOGLE_LEGACY = (
    "Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,"
    "Additional Name Yomi,Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,"
    "Short Name,Maiden Name,Birthday,Gender,Location,Billing Information,Directory Server,"
    "Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,Language,Photo,"
    "Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,"
    "Organization 1 - Type,Organization 1 - Name,Organization 1 - Title\n"
    "Tom Baker,Tom,,Baker,,,,,,,,,,,,,,,,,,,,,,,,,* myContacts ::: Clients,* Work,"
    "tom@baker.example,Work,(212) 555-0147,,Baker Bros,Buyer\n"
)

OUTLOOK_HEADER = (
    "Title;First Name;Middle Name;Last Name;Suffix;Company;Department;Job Title;"
    "Business Street;Business Street 2;Business Street 3;Business City;Business State;"
    "Business Postal Code;Business Country/Region;Home Street;Home City;Business Fax;"
    "Business Phone;Business Phone 2;Mobile Phone;Pager;Categories;E-mail Address;"
    "E-mail Type;E-mail Display Name;E-mail 2 Address;Notes;Referred By"
)
OUTLOOK = (
    OUTLOOK_HEADER + "\r\n"
    "Mr.;Jürgen;;Müller;;Bäckerei Müller GmbH;;Geschäftsführer;Hauptstraße 5;;;München;"
    "Bayern;80331;Deutschland;;;089 1234567;+49 89 1234560;;+49 151 23456789;;"
    '"Kunden;Bäckerei";juergen@mueller.example;SMTP;Jürgen Müller;;Mag Brezn;Anna Schmidt\r\n'
)

LINKEDIN = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    'connections to see or download their email address, like this, and that."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Priya ,Patel\t,https://www.linkedin.com/in/priya,,Northwind,Head of Sales,09 Oct 2024\n"
    "🚀 Sam,Okafor ,https://www.linkedin.com/in/sam,sam@okafor.example,,,01 Feb 2023\n"
)


def rows_of(data: bytes, **kwargs):
    return list(read_csv(data, home_country="US", **kwargs))


def test_google_current_layout_multi_values_and_multi_line_address() -> None:
    opened = open_csv(GOOGLE.encode())
    assert opened.layout is Layout.GOOGLE
    rows = list(opened.rows(home_country="US"))
    first = rows[0]
    assert first.line_number == 2
    p = first.prospect
    assert (p.first_name, p.last_name, p.company, p.role) == (
        "Hannah",
        "Whitfield",
        "Whitfield & Sons",
        "Owner",
    )
    assert p.emails == ("hannah@whitfield.example", "H.Whitfield@Home.example")
    assert p.phones == ("+44 7700 900123", "+44 20 7946 0958")
    assert (p.street, p.street2, p.city, p.region, p.postal_code, p.country_code) == (
        "12 Mill Lane",
        "Apt 3",
        "Leeds",
        "West Yorkshire",
        "LS1 4AB",
        "GB",
    )
    assert p.tags == ("Trade show",)  # Google's own '* myContacts' is not a seller's tag
    assert p.notes == "Met at the fair"
    # A note alone is not a contact; a blank row is no row; a company alone is kept.
    assert rows[1].skipped_reason == "No name, company or email."
    assert rows[1].line_number == 7  # the multi-line address made line 2 span five lines
    assert len(rows) == 3
    assert rows[2].line_number == 9
    assert rows[2].prospect.company == "Acme Ltd" and not rows[2].skipped
    assert "No name: listed under the company." in rows[2].problems


def test_google_legacy_layout() -> None:
    opened = open_csv(GOOGLE_LEGACY.encode())
    assert opened.layout is Layout.GOOGLE_LEGACY
    (row,) = opened.rows(home_country="US")
    p = row.prospect
    assert (p.first_name, p.last_name, p.company, p.role) == ("Tom", "Baker", "Baker Bros", "Buyer")
    assert p.emails == ("tom@baker.example",) and p.phones == ("(212) 555-0147",)
    assert p.tags == ("Clients",)


def test_outlook_cp1252_semicolons_categories_and_referred_by() -> None:
    data = OUTLOOK.encode("cp1252")
    opened = open_csv(data)
    assert opened.encoding == "cp1252"
    assert opened.delimiter == ";"
    assert opened.layout is Layout.OUTLOOK
    (row,) = opened.rows(home_country="DE")
    p = row.prospect
    assert (p.first_name, p.last_name) == ("Jürgen", "Müller")
    assert p.role == "Geschäftsführer"  # not 'Mr.': Outlook's Title is a prefix
    assert p.company == "Bäckerei Müller GmbH"
    assert (p.street, p.city, p.region, p.postal_code, p.country_code) == (
        "Hauptstraße 5",
        "München",
        "Bayern",
        "80331",
        "DE",
    )
    assert p.phones == ("+49 89 1234560", "+49 151 23456789")  # the fax is not a phone
    assert p.emails == ("juergen@mueller.example",)
    assert p.tags == ("Kunden", "Bäckerei")
    assert "Referred By: Anna Schmidt" in p.notes and "Mag Brezn" in p.notes


def test_outlook_utf8_with_bom() -> None:
    opened = open_csv(codecs.BOM_UTF8 + OUTLOOK.encode())
    assert opened.encoding == "utf-8-sig"
    assert opened.headers[0] == "Title"  # no BOM glued to the first header
    assert next(opened.rows()).prospect.first_name == "Jürgen"


def test_linkedin_preamble_emoji_and_trailing_space() -> None:
    opened = open_csv(LINKEDIN.encode())
    assert opened.layout is Layout.LINKEDIN
    assert opened.header_line == 4
    priya, sam = opened.rows(home_country="US")
    assert (priya.prospect.first_name, priya.prospect.last_name) == ("Priya", "Patel")
    assert priya.line_number == 5
    assert priya.prospect.source == "LinkedIn"
    assert "Connected On: 09 Oct 2024" in priya.prospect.notes
    assert "URL: https://www.linkedin.com/in/priya" in priya.prospect.notes
    assert (sam.prospect.first_name, sam.prospect.last_name) == ("🚀 Sam", "Okafor")
    assert sam.prospect.emails == ("sam@okafor.example",)


def test_older_linkedin_without_url_column() -> None:
    data = "First Name,Last Name,Email Address,Company,Position,Connected On\nA,B,,C,D,1 Jan 2020\n"
    opened = open_csv(data.encode())
    assert opened.layout is Layout.LINKEDIN
    assert next(opened.rows()).prospect.company == "C"


def test_european_excel_semicolons_with_bom_and_a_mapping() -> None:
    data = codecs.BOM_UTF8 + (
        b"Vorname;Nachname;Firma;E-Mail;Telefon;Stadt\r\n"
        b"Lena;Fischer;Fischer & Co, KG;lena@fischer.example;030 123456;Berlin\r\n"
    )
    opened = open_csv(data)
    assert opened.delimiter == ";" and opened.layout is Layout.OTHER
    mapping = suggest_mapping(list(opened.headers))
    assert mapping == {
        "Vorname": Field.FIRST_NAME,
        "Nachname": Field.LAST_NAME,
        "Firma": Field.COMPANY,
        "E-Mail": Field.EMAIL,
        "Telefon": Field.PHONE,
        "Stadt": Field.IGNORE,
    }
    mapping["Stadt"] = Field.CITY  # the seller corrects the guess
    (row,) = opened.rows(mapping, home_country="DE")
    assert row.prospect.company == "Fischer & Co, KG"
    assert row.prospect.city == "Berlin"
    assert row.prospect.phones == ("030 123456",) and not row.problems


def test_utf16_with_bom_and_tabs_as_excel_saves_unicode_text() -> None:
    text = "First Name\tLast Name\tCompany\r\nZoë\tÅberg\tNordic AB\r\n"
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    opened = open_csv(data)
    assert opened.encoding == "utf-16" and opened.delimiter == "\t"
    (row,) = opened.rows()
    assert (row.prospect.first_name, row.prospect.last_name) == ("Zoë", "Åberg")


def test_utf16_without_bom() -> None:
    data = "Name,Company\r\nAnn Lee,Acme\r\n".encode("utf-16-le")
    (row,) = rows_of(data)
    assert (row.prospect.first_name, row.prospect.last_name) == ("Ann", "Lee")


def test_broken_rows_are_reported_not_fatal() -> None:
    data = (
        b"Name,Email,Phone,Company\n"
        b"Ann Lee,ann(at)example,12,\n"  # bad email, bad phone
        b",,,\n"
        b",bob@example.com,,\n"  # only an email
        b"Cy Young,,,,extra,cells\n"
        b"Dee,,,Dee Corp\n"
    )
    ann, bob, cy, dee = rows_of(data)
    assert ann.prospect.emails == () and ann.prospect.phones == ("12",)
    assert any("ann(at)example" in problem for problem in ann.problems)
    assert any("Phone '12' kept as written" in problem for problem in ann.problems)
    assert bob.prospect.first_name == "bob" and bob.line_number == 4
    assert any("extra ones were left out" in problem for problem in cy.problems)
    assert dee.prospect.company == "Dee Corp"


def test_only_an_invalid_email_is_skipped_with_a_reason() -> None:
    data = b"Name,Email\n,not-an-address\n"
    (row,) = rows_of(data)
    assert row.skipped_reason == "No name, company or email."


def test_binary_file_is_refused() -> None:
    with pytest.raises(ImportProblem, match="not a text file"):
        open_csv(bytes(range(256)) * 20)


def test_empty_file_and_headerless_file_are_refused() -> None:
    with pytest.raises(ImportProblem, match="empty"):
        open_csv(b"  \n")
    with pytest.raises(ImportProblem, match="No header row"):
        open_csv(b"just one cell\nanother\n")


def test_unterminated_quote_is_reported_with_its_line() -> None:
    # An open quote swallows the rest of the file into one cell, past csv's field limit.
    data = b'Name,Company\nAnn,"Acme\n' + b"Bob,Beta\n" * 20_000
    with pytest.raises(ImportProblem, match="damaged") as caught:
        list(open_csv(data).rows())
    assert caught.value.line_number == 2


def test_polish_cp1250_is_not_read_as_cp1252() -> None:
    text = "Imię,Nazwisko,Firma\nŁukasz,Wąsowski,Żabka Spółka\nJędrzej,Ślęzak,Łódź Sp.\n"
    opened = open_csv(text.encode("cp1250"))
    assert next(opened.rows()).prospect.company == "Żabka Spółka"


def test_formula_guard_from_our_export_is_removed_on_import() -> None:
    data = b"Name,Phone,Company\nAnn Lee,'+44 20 7946 0958,'=Acme\n"
    (row,) = rows_of(data)
    assert row.prospect.phones == ("+44 20 7946 0958",)
    assert row.prospect.company == "=Acme"


def test_sniffer_tie_and_counting_fallback() -> None:
    assert detect_delimiter("a;b;c\n1;2;3\n") == ";"
    assert detect_delimiter("a\tb\n1\t2\n") == "\t"
    assert detect_delimiter('Notes:\n"x, y, z"\n\nA;B\n1;2\n3;4\n') == ";"


def test_country_names() -> None:
    assert country_code_for("United States of America") == "US"
    assert country_code_for("Canada") == "CA"
    assert country_code_for("de") == "DE"
    assert country_code_for("Atlantis") == ""


def test_ten_thousand_rows_stream_quickly() -> None:
    lines = ["First Name,Last Name,Company,E-mail Address,Mobile Phone,Job Title"]
    lines += [
        f"First{i},Last{i},Company {i},person{i}@example.com,+1 212 555 {i % 10000:04d},Buyer"
        for i in range(10_000)
    ]
    data = "\n".join(lines).encode()
    start = time.perf_counter()
    rows = rows_of(data)
    elapsed = time.perf_counter() - start
    assert len(rows) == 10_000 and rows[-1].line_number == 10_001
    assert elapsed < 10  # linear: about a second on a laptop


def test_a_megabyte_cell_is_too_long_with_its_row_not_a_damaged_file() -> None:
    data = b"Name,Notes\nAnn Lee,short\nBob Stone," + b"x" * 1_000_000 + b"\nCy Young,ok\n"
    with pytest.raises(ImportProblem) as caught:
        list(open_csv(data).rows())
    assert "A cell in row 3 is longer than 128 KB, too long for a contact" in str(caught.value)
    assert "damaged" not in str(caught.value) and caught.value.line_number == 3
    # Far down the file, and quoted over many lines: the row where the cell starts.
    rows = b"".join(b"P%d,n\n" % i for i in range(200))
    data = b"Name,Notes\n" + rows + b'Dee,"' + b"line\n" * 200_000 + b'"\n'
    with pytest.raises(ImportProblem, match="row 202 is longer") as caught:
        list(open_csv(data).rows())
    assert caught.value.line_number == 202


# Google writes a name said differently from how it is written (Japanese, Chinese) in its
# Phonetic columns; 'phone' is inside 'Phonetic'.
GOOGLE_PHONETIC = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
    "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
    "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\r\n"
    "太郎,,山田,タロウ,,ヤマダ,,,,,山田商事,,,,Met in Osaka,,* myContacts,"
    "* Work,taro@yamada.example,Mobile,+81 90-1234-5678\r\n"
    "花子,,鈴木,ハナコ,,スズキ,,,,,,,,,,,,,,,\r\n"
)


def test_google_phonetic_names_are_kept_as_names_never_as_phones() -> None:
    opened = open_csv(GOOGLE_PHONETIC.encode())
    assert opened.layout is Layout.GOOGLE
    mapping = opened.mapping()
    assert mapping["Phonetic First Name"] is Field.PHONETIC_FIRST_NAME
    assert mapping["Phonetic Middle Name"] is Field.PHONETIC_MIDDLE_NAME
    assert mapping["Phonetic Last Name"] is Field.PHONETIC_LAST_NAME
    assert [header for header, field in mapping.items() if field is Field.PHONE] == [
        "Phone 1 - Value"
    ]
    taro, hanako = opened.rows(home_country="JP")
    assert (taro.prospect.first_name, taro.prospect.last_name) == ("太郎", "山田")
    assert taro.prospect.phones == ("+81 90-1234-5678",)
    assert taro.prospect.notes == "Phonetic name: タロウ ヤマダ\nMet in Osaka"
    assert hanako.prospect.phones == ()  # no phone at all, and no reading taken for one
    assert hanako.prospect.notes == "Phonetic name: ハナコ スズキ"
    assert not hanako.problems


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Phonetic First Name", Field.PHONETIC_FIRST_NAME),
        ("Given Name Yomi", Field.PHONETIC_FIRST_NAME),
        ("Family Name Yomi", Field.PHONETIC_LAST_NAME),
        ("Yomi Name", Field.IGNORE),
        ("Hotel", Field.IGNORE),
        ("Telex", Field.IGNORE),
        ("Mailing Street", Field.STREET),
        ("Mailing City", Field.CITY),
        ("Mailing Zip/Postal Code", Field.POSTAL_CODE),
        ("Mailing List", Field.IGNORE),
        ("Cellar door", Field.IGNORE),
        ("Telephone", Field.PHONE),
        ("Tel.", Field.PHONE),
        ("Mobile Phone", Field.PHONE),
        ("Phone 2 - Value", Field.PHONE),
        ("Phone 1 - Label", Field.IGNORE),
        ("Assistant's Phone", Field.IGNORE),
        ("E-mail 2 Address", Field.EMAIL),
        ("E-Mail-Adresse", Field.EMAIL),
        ("Emails", Field.EMAIL),
        ("Phones", Field.PHONE),
    ],
)
def test_a_column_is_guessed_by_whole_words(header: str, field: Field) -> None:
    assert suggest_mapping([header], Layout.OTHER)[header] is field


@given(st.text(max_size=40))
def test_no_header_becomes_a_phone_or_email_without_saying_so(header: str) -> None:
    """A guess of Phone or Email needs the word in the header, not letters inside another."""
    words = header_words(header)
    guessed = suggest_mapping([header], Layout.OTHER)[header]
    if guessed is Field.PHONE:
        assert words & {"phone", "phones", "mobile", "cell", "tel", "telephone", "telefon",
                        "telefono", "téléphone", "handy", "portable", "cellphone",
                        "telefonnummer", "handynummer", "mobilnummer", "rufnummer",
                        "mobiltelefon"}  # fmt: skip
    if guessed is Field.EMAIL:
        assert words & {"mail", "email", "e-mail", "emails", "courriel", "correo"}

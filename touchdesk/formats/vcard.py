"""Reading vCard 2.1, 3.0 and 4.0 contacts as written by real address books; writing 3.0/4.0.

Parsed here rather than with vobject, which stumbles on what real files hold: quoted-printable
soft line breaks (Outlook 2.1), '\\r\\r\\n' line ends (iPhone) and an unescaped comma in FN.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from touchdesk.domain.countries import country_name
from touchdesk.domain.prospects import ProspectInput
from touchdesk.formats.contact_rows import ImportProblem, ImportRow, RawContact, build_row
from touchdesk.formats.csv_import import decode


@dataclass
class Property:
    """One content line: NAME;PARAMS:value, with its group ('item1') and raw value."""

    name: str
    value: str
    params: dict[str, list[str]] = field(default_factory=dict)
    group: str = ""

    def types(self) -> set[str]:
        return {value.casefold() for value in self.params.get("TYPE", [])}

    def preferred(self) -> bool:
        return "pref" in self.types() or "PREF" in self.params


# -- lines ---------------------------------------------------------------------------------


def _is_quoted_printable(head: str) -> bool:
    return "QUOTED-PRINTABLE" in head.upper()


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, unfolded line): folding, QP soft breaks and odd line ends undone."""
    # '\r\r\n' (iPhone) first, so it does not leave a stray empty line behind.
    text = text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")
    current: str | None = None
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if (
            current is not None
            and current.endswith("=")
            and _is_quoted_printable(current.split(":", 1)[0])
        ):
            # A quoted-printable soft line break: the next line continues the value as is.
            current = current[:-1] + line
            continue
        if current is not None and line[:1] in (" ", "\t"):
            current += line[1:]
            continue
        if current is not None:
            yield start, current
        current, start = (line, number) if line.strip() else (None, number)
    if current is not None:
        yield start, current


_PARAM = re.compile(r';([^;:=]+)(?:=("[^"]*"|[^;:]*))?')


def parse_line(line: str) -> Property | None:
    """'item1.TEL;type=CELL;type=pref:+1 555' -> Property; None for a line without a colon."""
    head_end = _head_end(line)
    if head_end < 0:
        return None
    head, value = line[:head_end], line[head_end + 1 :]
    name_part, _, param_text = head.partition(";")
    group, _, name = name_part.rpartition(".")
    params: dict[str, list[str]] = {}
    for key, raw in _PARAM.findall(";" + param_text):
        key = key.strip().upper()
        if raw == "" and "=" not in key:
            # vCard 2.1 writes bare parameters: TEL;WORK;VOICE means TYPE=WORK,VOICE.
            if key in ("QUOTED-PRINTABLE", "BASE64"):
                params.setdefault("ENCODING", []).append(key)
            else:
                params.setdefault("TYPE", []).append(key)
            continue
        raw = raw.strip('"')
        params.setdefault(key, []).extend(part for part in raw.split(",") if part)
    return Property(name.strip().upper(), value, params, group.strip().casefold())


def _head_end(line: str) -> int:
    """The colon ending the name and parameters, skipping colons in quoted parameter values."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return index
    return -1


def _decoded(prop: Property) -> str:
    """The value as text: quoted-printable decoded in its CHARSET (vCard 2.1)."""
    encodings = {value.upper() for value in prop.params.get("ENCODING", [])}
    if "QUOTED-PRINTABLE" not in encodings:
        return prop.value
    charset = (prop.params.get("CHARSET") or ["utf-8"])[0]
    data = quopri.decodestring(prop.value.encode("latin-1", "replace"))
    for name in (charset, "utf-8", "cp1252"):
        try:
            return data.decode(name).replace("\r\n", "\n")
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


def _unescape(text: str) -> str:
    out: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append("\n" if following in ("n", "N") else following)
        else:
            out.append(char)
    return "".join(out)


def _split(text: str, separator: str) -> list[str]:
    """Split on unescaped separators, leaving each part's escapes in place."""
    parts, current, escaped = [], [], False
    for char in text:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _components(text: str, separator: str = ";") -> list[str]:
    """Split a structured value on unescaped separators, then unescape each part."""
    return [_unescape(part) for part in _split(text, separator)]


def _name_part(text: str) -> str:
    """One N field: its several values ('Richter,James') joined by spaces; '\\,' is a comma."""
    return " ".join(_unescape(value) for value in _split(text, ","))


# -- cards ---------------------------------------------------------------------------------

_SKIPPED_PHONE_TYPES = {"fax", "pager"}


def _phone(prop: Property, text: str) -> str:
    text = text.strip()
    is_text = [value.casefold() for value in prop.params.get("VALUE", [])] == ["text"]
    if not is_text and text.casefold().startswith("tel:"):
        # vCard 4.0 TEL;VALUE=uri:tel:+1-418-656-9254;ext=102
        number, _, extension = text[4:].partition(";ext=")
        return f"{number} ext. {extension}" if extension else number
    return text


def _by_preference(props: list[Property]) -> list[Property]:
    def rank(prop: Property) -> int:
        pref = prop.params.get("PREF", [])
        if pref and pref[0].isdigit():
            return int(pref[0])
        return 0 if "pref" in prop.types() else 101

    return sorted(props, key=rank)


def card_to_raw(props: list[Property]) -> RawContact:
    """The parts of one card a prospect keeps."""
    raw = RawContact()
    by_name: dict[str, list[Property]] = {}
    for prop in props:
        by_name.setdefault(prop.name, []).append(prop)

    def first(name: str) -> Property | None:
        found = _by_preference(by_name.get(name, []))
        return found[0] if found else None

    if (n := first("N")) is not None:
        parts = _split(_decoded(n), ";") + [""] * 5
        # N: family; given; additional; prefixes; suffixes. Trusted over FN, whose commas
        # are often left unescaped ("Mr. John Richter, James Doe Sr.").
        raw.last_name, raw.first_name = _name_part(parts[0]), _name_part(parts[1])
    if (org := first("ORG")) is not None:
        raw.company = _components(_decoded(org))[0]
    if (fn := first("FN")) is not None:
        full_name = _unescape(_decoded(fn))
        kind = (first("KIND").value if first("KIND") else "").strip().casefold()
        # A company's card names the company in FN (KIND:org in 4.0, an empty N in 3.0).
        if kind != "org" and full_name.strip() != raw.company.strip():
            raw.full_name = full_name
    for name in ("TITLE", "ROLE"):
        if (prop := first(name)) is not None and not raw.role:
            raw.role = _unescape(_decoded(prop))
    for prop in _by_preference(by_name.get("EMAIL", [])):
        raw.emails.append(_unescape(_decoded(prop)).strip())
    for prop in _by_preference(by_name.get("TEL", [])):
        if not prop.types() & _SKIPPED_PHONE_TYPES:
            raw.phones.append(_phone(prop, _unescape(_decoded(prop))))
    addresses = _by_preference(by_name.get("ADR", []))
    work = [prop for prop in addresses if "work" in prop.types()]
    if addresses:
        adr = (work or addresses)[0] if not addresses[0].preferred() else addresses[0]
        parts = _components(_decoded(adr)) + [""] * 7
        # ADR: PO box; extended; street; locality; region; postal code; country.
        po_box, extended, street = parts[0], parts[1], parts[2]
        if not street:
            street, extended = extended, ""
        raw.street = street or (f"PO Box {po_box}" if po_box else "")
        raw.street2 = extended
        raw.city, raw.region, raw.postal_code, raw.country = parts[3:7]
    for prop in by_name.get("CATEGORIES", []):
        raw.tags.extend(part.strip() for part in _components(_decoded(prop), ","))
    for prop in by_name.get("NOTE", []):
        raw.notes.append(_unescape(_decoded(prop)))
    if (tz := first("TZ")) is not None and "/" in tz.value:
        raw.time_zone = tz.value.strip()
    return raw


def read_vcards(data: bytes, home_country: str = "") -> Iterator[ImportRow]:
    """Every card in a .vcf file's bytes, as ImportRows (line_number: its BEGIN line)."""
    text, _ = decode(data)
    depth, start, props = 0, 0, []
    found = False
    for number, line in logical_lines(text):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            depth += 1
            if depth == 1:
                start, props = number, []
            continue
        if upper == "END:VCARD":
            depth -= 1
            if depth == 0:
                found = True
                yield build_row(start, card_to_raw(props), home_country)
            depth = max(depth, 0)
            continue
        if depth == 1:  # depth 2 is an embedded AGENT card: not a contact of ours
            prop = parse_line(line)
            if prop is not None:
                props.append(prop)
    if depth > 0:
        raise ImportProblem("The last card is not finished (END:VCARD is missing).", start)
    if not found:
        raise ImportProblem("No contacts found: this is not a vCard file.")


# -- writing -------------------------------------------------------------------------------


# Every line end a value may hold; each becomes one escaped newline, for vCard has no way to
# say "carriage return" and a bare CR or LF in a value would end the content line (and let the
# rest of the value pose as new properties, or new cards).
_LINE_ENDS = re.compile(r"\r\n|\r|\n")
# Other control characters have no escape in either version and are not allowed in a value.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _escape(text: str, version: str, compound: bool = False) -> str:
    """A value made safe for one content line.

    A semicolon is escaped in fields of compound values (N, ADR, ORG) and everywhere in 3.0,
    whose grammar (RFC 2426) has no bare semicolon in text. RFC 6350's text allows it, and
    readers that follow that grammar (ical.js) show a '\\;' in a NOTE or an EMAIL as written.
    """
    text = _CONTROLS.sub("", _LINE_ENDS.sub("\n", text))
    text = text.replace("\\", "\\\\").replace(",", "\\,")
    if compound or version != "4.0":
        text = text.replace(";", "\\;")
    return text.replace("\n", "\\n")


# A phone goes out as a tel: URI (RFC 3966) only when it is one: '+', digits and visual
# separators, maybe an extension. Anything else, such as a number kept as written, is text.
_TEL_URI = re.compile(r"\+[0-9().-]*[0-9][0-9().-]*(;ext=[0-9().-]*[0-9][0-9().-]*)?")


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 6350 3.2)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not pieces else 74):
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _display(prospect: ProspectInput) -> str:
    person = " ".join(part for part in (prospect.first_name, prospect.last_name) if part)
    return person or prospect.company


def write_vcard(prospect: ProspectInput, version: str = "4.0", uid: str = "") -> str:
    """One card, CRLF line ends, folded; version '3.0' or '4.0'. Every value is escaped.
    `uid`: the card's identity on an address book server, so updates replace it."""
    if version not in ("3.0", "4.0"):
        raise ValueError("vCard version must be 3.0 or 4.0")
    v4 = version == "4.0"

    def text(value: str) -> str:
        return _escape(value, version)

    def fields(*values: str) -> str:
        return ";".join(_escape(value, version, compound=True) for value in values)

    lines = ["BEGIN:VCARD", f"VERSION:{version}"]
    if uid:
        lines.append(f"UID:{text(uid)}")
    lines.append(f"FN:{text(_display(prospect))}")
    lines.append(f"N:{fields(prospect.last_name, prospect.first_name, '', '', '')}")
    if v4 and not (prospect.first_name or prospect.last_name):
        lines.append("KIND:org")
    if prospect.company:
        lines.append(f"ORG:{fields(prospect.company)}")
    if prospect.role:
        lines.append(f"TITLE:{text(prospect.role)}")
    for index, email in enumerate(prospect.emails):
        pref = (";PREF=1" if v4 else ";TYPE=pref") if index == 0 else ""
        lines.append(f"EMAIL{';TYPE=INTERNET' if not v4 else ''}{pref}:{text(email)}")
    for index, phone in enumerate(prospect.phones):
        pref = (";PREF=1" if v4 else ";TYPE=pref") if index == 0 else ""
        if v4 and _TEL_URI.fullmatch(phone):
            lines.append(f"TEL;VALUE=uri{pref}:tel:{phone}")
        elif v4:
            # 4.0 readers take a bare TEL for a URI, which has no escapes: say it is text.
            lines.append(f"TEL;VALUE=text{pref}:{text(phone)}")
        else:
            lines.append(f"TEL{pref}:{text(phone)}")
    address = (
        prospect.street,
        prospect.street2,
        prospect.city,
        prospect.region,
        prospect.postal_code,
        prospect.country_code,
    )
    if any(address):
        country = country_name(prospect.country_code) if prospect.country_code else ""
        lines.append(
            "ADR;TYPE=work:"
            + fields(
                "",
                prospect.street2,
                prospect.street,
                prospect.city,
                prospect.region,
                prospect.postal_code,
                country,
            )
        )
    if prospect.time_zone:
        zone = text(prospect.time_zone)
        lines.append(f"TZ:{zone}" if v4 else f"TZ;VALUE=text:{zone}")
    # An empty tag would be an empty item in the list, which some readers drop and some keep.
    if tags := [tag for tag in map(text, prospect.tags) if tag]:
        lines.append("CATEGORIES:" + ",".join(tags))
    if prospect.notes:
        lines.append(f"NOTE:{text(prospect.notes)}")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def write_vcards(prospects: Iterable[ProspectInput], version: str = "4.0") -> Iterator[str]:
    for prospect in prospects:
        yield write_vcard(prospect, version)

"""Email addresses as the privacy rule compares them: case-insensitive, `name+tag@` as `name@`,
and the prospects (and their companies' domains) a message may belong to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import getaddresses
from functools import lru_cache

from touchdesk.store.db import database
from touchdesk.store.models import ContactPoint, Prospect

# Addresses at these belong to people, not to a prospect's company: a stranger writing from
# one is never offered as a colleague.
PUBLIC_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "mail.com",
        "yandex.ru",
        "fastmail.com",
        "zoho.com",
        "orange.fr",
        "free.fr",
        "laposte.net",
        "btinternet.com",
        "comcast.net",
    }
)


def normalized(address: str) -> str:
    """'Ann.Lee+crm@Example.COM' -> 'ann.lee@example.com'; '' for no address."""
    cleaned = address.strip().strip("<>").casefold()  # casefold: "ß" and "SS" are one
    if "@" not in cleaned:
        return ""
    local, _, domain = cleaned.rpartition("@")
    local = local.split("+", 1)[0]
    return f"{local}@{domain}" if local and domain else ""


def domain_of(address: str) -> str:
    return address.rpartition("@")[2]


def parse_addresses(*headers: str) -> list[tuple[str, str]]:
    """(display name, normalized address) of every address in the headers, in order."""
    found: list[tuple[str, str]] = []
    for header in headers:
        if header:
            found += _parsed(header)
    return found


# One address as most headers carry it: 'ann.lee@acme.com' or 'Ann Lee <ann.lee@acme.com>'
# (plain words, one space apart); the standard parser reads these to the same pair.
_DOT_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_PLAIN = re.compile(
    rf"(?:(?P<name>[A-Za-z0-9]+(?: [A-Za-z0-9]+)*) <(?P<inner>{_DOT_ATOM}@{_DOT_ATOM})>"
    rf"|(?P<bare>{_DOT_ATOM}@{_DOT_ATOM}))"
)

# One plain address alone, its domain captured: getaddresses() reads it as it is written.
_BARE = re.compile(rf"{_DOT_ATOM}@({_DOT_ATOM})")


def _plain_pairs(header: str) -> list[tuple[str, str]] | None:
    """getaddresses() of a header of plain addresses, read without it; None otherwise."""
    pairs = []
    for item in header.split(","):
        match = _PLAIN.fullmatch(item.strip(" "))
        if match is None:
            return None
        bare = match["bare"]
        pairs.append(("", bare) if bare else (match["name"], match["inner"]))
    return pairs


@lru_cache(maxsize=4096)
def _parsed(header: str) -> tuple[tuple[str, str], ...]:
    # A mailbox repeats its headers (the seller in every To, a colleague in many Cc): a sync
    # reads each of thousands of them, and parsing an address is dearer than looking it up.
    found = []
    pairs = _plain_pairs(header)
    for name, address in getaddresses([header]) if pairs is None else pairs:
        clean = normalized(address)
        if clean:
            found.append((name.strip(), clean))
    return tuple(found)


@dataclass(frozen=True)
class Directory:
    """Whose address is whose, read once per sync."""

    prospects: dict[str, tuple[int, ...]]  # normalized address -> prospect ids
    companies: dict[str, tuple[str, tuple[int, ...]]]  # domain -> company, prospect ids
    seller: frozenset[str]  # the seller's own addresses
    domains: frozenset[str] = frozenset()  # every domain of `prospects` (so of `companies`)

    def may_involve(self, header: str) -> bool:
        """Whether an address in this header is at a domain of the directory: only such an
        address can be a prospect's or a colleague's (a header read once here is cached for
        the full reading)."""
        bare = _BARE.fullmatch(header.strip(" "))
        if bare is not None:  # one plain address: its domain, without reading it whole
            return bare[1].lower() in self.domains
        for _, address in _parsed(header):  # a loop, not any(): it runs for every message
            if address.rpartition("@")[2] in self.domains:
                return True
        return False

    def prospects_of(self, addresses: list[tuple[str, str]]) -> list[int]:
        ids: list[int] = []
        for _, address in addresses:
            for prospect_id in self.prospects.get(address, ()):
                if prospect_id not in ids:
                    ids.append(prospect_id)
        return ids

    def colleague_domain(self, address: str) -> tuple[str, tuple[int, ...]] | None:
        """The company and prospects at this address's domain, when it is a company's."""
        if address in self.prospects or address in self.seller:
            return None
        return self.companies.get(domain_of(address))


def load_directory(seller_addresses: list[str]) -> Directory:
    query = (
        ContactPoint.select(ContactPoint.value, Prospect.id, Prospect.company)
        .join(Prospect)
        .where(ContactPoint.kind == "email", Prospect.deleted_at.is_null())
    )
    rows = database.execute(query).fetchall()  # three text/id columns: the raw rows as they are
    prospects: dict[str, list[int]] = {}
    companies: dict[str, tuple[str, list[int]]] = {}
    for value, prospect_id, company in rows:
        address = normalized(value)
        if not address:
            continue
        prospects.setdefault(address, []).append(prospect_id)
        domain = domain_of(address)
        if domain not in PUBLIC_DOMAINS:
            name, ids = companies.setdefault(domain, (company, []))
            ids.append(prospect_id)
            if not name and company:
                companies[domain] = (company, ids)
    seller = frozenset(filter(None, (normalized(a) for a in seller_addresses)))
    return Directory(
        {a: tuple(ids) for a, ids in prospects.items()},
        {d: (name, tuple(ids)) for d, (name, ids) in companies.items()},
        seller,
        frozenset(domain_of(address) for address in prospects),
    )

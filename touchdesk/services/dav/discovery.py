"""Finding the seller's calendars and address books on their server, and making the
'TouchDesk' ones when the seller asks for one that is not there."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from xml.sax.saxutils import escape

from touchdesk.services.dav.transport import CARDDAV, DAV, Dav, DavError, DavRefused

DEFAULT_NAME = "TouchDesk"


@dataclass(frozen=True)
class Collection:
    url: str
    name: str


@dataclass(frozen=True)
class Found:
    principal: str
    calendars: tuple[Collection, ...]
    addressbooks: tuple[Collection, ...]


def principal_url(dav: Dav) -> str:
    from caldav.lib import error

    try:
        return str(dav.client.principal().url)
    except error.AuthorizationError:
        raise DavRefused(f"The server at {dav.url} refused the user name or password.") from None
    except error.DAVError as failure:
        raise DavError(f"No calendar account was found at {dav.url}: {failure}") from None


def calendars(dav: Dav) -> list[Collection]:
    from caldav.lib import error

    try:
        found = dav.client.principal().calendars()
    except error.DAVError as failure:
        raise DavError(f"The calendars at {dav.url} could not be listed: {failure}") from None
    return [Collection(str(item.url), item.get_display_name() or "") for item in found]


_HOME = (
    '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" '
    'xmlns:card="urn:ietf:params:xml:ns:carddav"><d:prop><card:addressbook-home-set/>'
    "</d:prop></d:propfind>"
)
_LIST = (
    '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop>'
    "<d:resourcetype/><d:displayname/></d:prop></d:propfind>"
)


def addressbook_home(dav: Dav, principal: str) -> str:
    members, _ = dav.multistatus("PROPFIND", principal, _HOME, depth="0")
    for member in members:
        home = member.props.get(f"{CARDDAV}addressbook-home-set")
        if home is not None and home.findtext(f"{DAV}href"):
            return dav.absolute(home.findtext(f"{DAV}href", "").strip())
    raise DavError(f"The server at {dav.url} has no address books (no CardDAV home).")


def addressbooks(dav: Dav, home: str) -> list[Collection]:
    members, _ = dav.multistatus("PROPFIND", home, _LIST, depth="1")
    found = []
    for member in members:
        kind = member.props.get(f"{DAV}resourcetype")
        if kind is not None and kind.find(f"{CARDDAV}addressbook") is not None:
            found.append(Collection(dav.absolute(member.href), member.text(f"{DAV}displayname")))
    return found


def discover(dav: Dav) -> Found:
    principal = principal_url(dav)
    books = addressbooks(dav, addressbook_home(dav, principal))
    return Found(principal, tuple(calendars(dav)), tuple(books))


def _pick(collections: tuple[Collection, ...], wanted: str) -> Collection | None:
    """By display name (case-insensitive) or by URL; the first one when nothing is named."""
    for item in collections:
        if wanted and (item.name.casefold() == wanted.casefold() or item.url == wanted):
            return item
    return None


def ensure_calendar(dav: Dav, found: Found, wanted: str) -> Collection:
    name = wanted or DEFAULT_NAME
    chosen = _pick(found.calendars, name)
    if chosen is not None:
        return chosen
    from caldav.lib import error

    try:
        made = dav.client.principal().make_calendar(
            name=name, cal_id=f"touchdesk-{uuid.uuid4().hex[:8]}"
        )
    except error.DAVError as failure:
        raise DavError(
            f"The calendar {name!r} could not be made on the server: {failure}"
        ) from None
    return Collection(str(made.url), name)


def ensure_addressbook(dav: Dav, found: Found, wanted: str) -> Collection:
    name = wanted or DEFAULT_NAME
    chosen = _pick(found.addressbooks, name)
    if chosen is not None:
        return chosen
    home = addressbook_home(dav, found.principal)
    url = dav.absolute(f"{home.rstrip('/')}/touchdesk-{uuid.uuid4().hex[:8]}/")
    body = (
        '<?xml version="1.0" encoding="utf-8"?><d:mkcol xmlns:d="DAV:" '
        'xmlns:card="urn:ietf:params:xml:ns:carddav"><d:set><d:prop><d:resourcetype>'
        f"<d:collection/><card:addressbook/></d:resourcetype><d:displayname>{escape(name)}"
        "</d:displayname></d:prop></d:set></d:mkcol>"
    )
    reply = dav.request("MKCOL", url, body, {"Content-Type": 'application/xml; charset="utf-8"'})
    if reply.status not in (200, 201):
        raise DavError(
            f"The address book {name!r} could not be made on the server ({reply.status})."
        )
    return Collection(url, name)

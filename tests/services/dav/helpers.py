"""Reading the test servers as another client would (the caldav package, raw requests)."""

from __future__ import annotations

from urllib.parse import urlsplit

import caldav

from touchdesk.services.dav import state
from touchdesk.services.dav.remote import fetch
from touchdesk.services.dav.transport import DAV, Dav


def other_client(server) -> Dav:
    return Dav(server.url, server.user, server.password)


def calendar_of(server) -> caldav.Calendar:
    client = caldav.DAVClient(url=server.url, username=server.user, password=server.password)
    return client.calendar(url=state.collection(state.CALENDAR).url)


def members(server, kind: str) -> dict[str, tuple[str, str]]:
    """{href: (etag, body)} of every item in the synced calendar or address book."""
    dav = other_client(server)
    url = state.collection(kind).url
    listed, _ = dav.multistatus(
        "PROPFIND",
        url,
        '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop>'
        "</d:propfind>",
    )
    here = urlsplit(url).path.rstrip("/")
    hrefs = [m.href for m in listed if m.href.rstrip("/") != here and m.text(f"{DAV}getetag")]
    return fetch(dav, url, hrefs, cards=kind == state.ADDRESSBOOK) if hrefs else {}


def phone_put(server, href: str, body: str, etag: str, content_type: str) -> int:
    """What a phone does: a raw PUT over the item, guarded by the ETag it read."""
    dav = other_client(server)
    return dav.request("PUT", href, body, {"Content-Type": content_type, "If-Match": etag}).status


def phone_delete(server, href: str, etag: str) -> int:
    return other_client(server).request("DELETE", href, headers={"If-Match": etag}).status

"""What changed on the server since the last sync: RFC 6578's sync-collection where the server
has it (one request when nothing changed), else the collection's tag and then its ETags."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from touchdesk.services.dav.transport import (
    CALDAV,
    CALSERVER,
    CARDDAV,
    DAV,
    Dav,
    DavError,
)

NO_SYNC_TOKEN = "-"  # kept as the token of a collection whose server has no sync-collection

_SYNC = (
    '<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:">'
    "<d:sync-token>{token}</d:sync-token><d:sync-level>1</d:sync-level>"
    "<d:prop><d:getetag/></d:prop></d:sync-collection>"
)
_CTAG = (
    '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" '
    'xmlns:cs="http://calendarserver.org/ns/"><d:prop><cs:getctag/><d:sync-token/>'
    "</d:prop></d:propfind>"
)
_ETAGS = (
    '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/>'
    "</d:prop></d:propfind>"
)


@dataclass
class Changes:
    """hrefs (paths) changed with their ETag, hrefs gone; `complete`: the whole collection was
    listed, so what is not in `changed` is not on the server."""

    changed: dict[str, str] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)
    complete: bool = False
    token: str = ""
    ctag: str = ""


def _path(dav: Dav, url: str) -> str:
    return urlsplit(dav.absolute(url)).path


def changes_since(dav: Dav, url: str, token: str, ctag: str) -> Changes:
    if token != NO_SYNC_TOKEN:
        found = _sync_collection(dav, url, token)
        if found is not None:
            return found
        if token:  # the server forgot the token: list everything once
            found = _sync_collection(dav, url, "")
            if found is not None:
                return found
    return _by_etags(dav, url, ctag)


def _sync_collection(dav: Dav, url: str, token: str) -> Changes | None:
    headers = {"Content-Type": 'application/xml; charset="utf-8"', "Depth": "0"}
    reply = dav.request("REPORT", url, _SYNC.format(token=escape(token)), headers)
    if reply.status != 207:
        return None
    from touchdesk.services.dav.transport import parse_multistatus

    members, root = parse_multistatus(reply.body)
    here = _path(dav, url)
    found = Changes(complete=not token, token=root.findtext(f"{DAV}sync-token", "").strip())
    for member in members:
        if member.href.rstrip("/") == here.rstrip("/"):
            continue
        if member.status == 404:
            found.gone.add(member.href)
        elif member.status == 507:  # truncated: the rest comes with the next sync
            continue
        else:
            found.changed[member.href] = member.text(f"{DAV}getetag")
    return found


def _by_etags(dav: Dav, url: str, ctag: str) -> Changes:
    members, _ = dav.multistatus("PROPFIND", url, _CTAG, depth="0")
    now_tag = members[0].text(f"{CALSERVER}getctag") if members else ""
    if ctag and now_tag == ctag:
        return Changes(token=NO_SYNC_TOKEN, ctag=ctag)
    members, _ = dav.multistatus("PROPFIND", url, _ETAGS, depth="1")
    here = _path(dav, url)
    listed = {
        m.href: m.text(f"{DAV}getetag") for m in members if m.href.rstrip("/") != here.rstrip("/")
    }
    return Changes(changed=listed, complete=True, token=NO_SYNC_TOKEN, ctag=now_tag)


def fetch(dav: Dav, url: str, hrefs: list[str], cards: bool) -> dict[str, tuple[str, str]]:
    """{href: (etag, body)} in batches of one REPORT (calendar- or addressbook-multiget)."""
    found: dict[str, tuple[str, str]] = {}
    space, report, data = (
        (CARDDAV, "addressbook-multiget", "address-data")
        if cards
        else (CALDAV, "calendar-multiget", "calendar-data")
    )
    ns = space.strip("{}")
    for start in range(0, len(hrefs), 200):
        batch = "".join(f"<d:href>{escape(h)}</d:href>" for h in hrefs[start : start + 200])
        body = (
            f'<?xml version="1.0" encoding="utf-8"?><x:{report} xmlns:d="DAV:" xmlns:x="{ns}">'
            f"<d:prop><d:getetag/><x:{data}/></d:prop>{batch}</x:{report}>"
        )
        members, _ = dav.multistatus("REPORT", url, body, depth="1")
        for member in members:
            if member.status == 200 and f"{space}{data}" in member.props:
                found[member.href] = (
                    member.text(f"{DAV}getetag"),
                    member.props[f"{space}{data}"].text or "",
                )
    return found


def current_etag(dav: Dav, url: str) -> str:
    members, _ = dav.multistatus("PROPFIND", url, _ETAGS, depth="0")
    if not members:
        raise DavError(f"The server did not say the version of {_path(dav, url)}.")
    return members[0].text(f"{DAV}getetag")

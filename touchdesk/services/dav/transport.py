"""Requests to the seller's server through the caldav package's client, with failures said in
the seller's words (offline, wrong password, refused) and multistatus answers read."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

DAV = "{DAV:}"
CALDAV = "{urn:ietf:params:xml:ns:caldav}"
CARDDAV = "{urn:ietf:params:xml:ns:carddav}"
CALSERVER = "{http://calendarserver.org/ns/}"


class DavError(ValueError):
    """The server could not be used; the message says what and where, for the seller."""


class DavOffline(DavError):
    """The server did not answer: changes wait in the database and go later."""


class DavRefused(DavError):
    """The server answered but refused (password, rights, a request it does not take)."""


@dataclass(frozen=True)
class Reply:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def etag(self) -> str:
        return self.headers.get("ETag", "") or self.headers.get("etag", "")


@dataclass
class Member:
    """One <response> of a multistatus: its href (a path), status and properties."""

    href: str
    status: int
    props: dict[str, ET.Element] = field(default_factory=dict)

    def text(self, name: str) -> str:
        found = self.props.get(name)
        return (found.text or "").strip() if found is not None else ""


class Dav:
    """One connection to the server; `requests` counts what was sent (for status and tests)."""

    def __init__(self, url: str, user: str, password: str, timeout: float = 30) -> None:
        import caldav

        self.url = url if url.endswith("/") else url + "/"
        # Basic up front: no first request turned away with 401 on every sync.
        self.client = caldav.DAVClient(
            url=self.url, username=user, password=password, auth_type="basic", timeout=timeout
        )
        self.requests = 0

    def absolute(self, href: str) -> str:
        return urljoin(self.url, href)

    def request(
        self,
        method: str,
        url: str,
        body: str | bytes = b"",
        headers: Mapping[str, str] | None = None,
    ) -> Reply:
        from caldav.lib.http_sync import requests

        target = self.absolute(url)
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.requests += 1
        try:
            answer = self.client.session.request(
                method,
                target,
                data=data or None,
                headers=dict(headers or {}),
                auth=self.client.auth,
                timeout=self.client.timeout,
            )
        except (requests.exceptions.RequestException, OSError) as error:
            where = urlsplit(target).netloc
            raise DavOffline(f"The server at {where} did not answer ({_short(error)}).") from None
        reply = Reply(answer.status_code, answer.headers, answer.content or b"")
        if reply.status == 401:
            raise DavRefused(
                f"The server at {urlsplit(target).netloc} refused the user name or password."
            )
        if reply.status >= 500:
            raise DavOffline(
                f"The server at {urlsplit(target).netloc} failed ({reply.status}) on "
                f"{method} {urlsplit(target).path}; it is tried again at the next sync."
            )
        return reply

    def multistatus(
        self, method: str, url: str, body: str, depth: str | None = "1"
    ) -> tuple[list[Member], ET.Element]:
        headers = {"Content-Type": 'application/xml; charset="utf-8"'}
        if depth is not None:
            headers["Depth"] = depth
        reply = self.request(method, url, body, headers)
        if reply.status != 207:
            raise DavRefused(
                f"The server refused {method} on {urlsplit(self.absolute(url)).path} "
                f"({reply.status})."
            )
        return parse_multistatus(reply.body)


def _short(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:160]


def _status(text: str) -> int:
    parts = (text or "").split()
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 200


def parse_multistatus(body: bytes) -> tuple[list[Member], ET.Element]:
    try:
        root = ET.fromstring(body)
    except ET.ParseError as error:
        raise DavRefused(f"The server's answer is not readable XML ({error}).") from None
    members = []
    for response in root.findall(f"{DAV}response"):
        href = unquote(urlsplit(response.findtext(f"{DAV}href", "").strip()).path)
        member = Member(href, _status(response.findtext(f"{DAV}status", "")))
        for propstat in response.findall(f"{DAV}propstat"):
            if _status(propstat.findtext(f"{DAV}status", "")) != 200:
                continue
            for prop in propstat.find(f"{DAV}prop") or ():
                member.props[prop.tag] = prop
        members.append(member)
    return members, root

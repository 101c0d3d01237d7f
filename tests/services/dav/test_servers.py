"""The test servers themselves: each answers CalDAV with its user, and stops after."""

from __future__ import annotations

import caldav

from tests.services.dav.servers import start, stop


def test_each_server_finds_the_principal(dav_server):
    client = caldav.DAVClient(
        url=dav_server.url, username=dav_server.user, password=dav_server.password
    )
    assert client.principal().url is not None


def test_a_stopped_server_frees_its_port(tmp_path):
    server, process = start("radicale", tmp_path / "r")
    stop(process)
    assert process.poll() is not None

"""A fresh Radicale and a fresh Xandikos for each test that asks for `dav_server`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.services.dav.servers import start, stop


@pytest.fixture(params=["radicale", "xandikos"])
def dav_server(request: pytest.FixtureRequest, tmp_path: Path):
    server, process = start(request.param, tmp_path / request.param)
    yield server
    stop(process)

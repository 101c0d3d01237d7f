"""What every database needs before the seller uses it."""

from __future__ import annotations

from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.services.stages import ensure_default_stages
from touchdesk.store import health

# The built-in reasons, questions, templates and plans a library is brought up to; raised
# with every change to them (tests/services/test_library_seed.py holds it to their digest).
# A library already brought up to it is not compared again: a launch loads none of them.
BUILTINS_VERSION = 1


def ensure_defaults() -> Change:
    """Idempotent: fills in what a database lacks; never touches what the seller made or changed."""
    change = ensure_default_stages()
    if settings.get("builtins_version") == BUILTINS_VERSION:
        return change
    from touchdesk.services.library_seed import ensure_library

    change |= ensure_library()
    if health.damage() is None:  # a damaged file, open for reading only, is left as it is
        settings.put("builtins_version", BUILTINS_VERSION)
    return change

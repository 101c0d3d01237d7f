"""What every database needs before the seller uses it."""

from __future__ import annotations

from touchdesk.services.changes import Change
from touchdesk.services.library import ensure_library
from touchdesk.services.stages import ensure_default_stages


def ensure_defaults() -> Change:
    """Idempotent: fills in what a database lacks; never touches what the seller made or changed."""
    return ensure_default_stages() | ensure_library()

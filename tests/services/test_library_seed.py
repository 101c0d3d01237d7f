"""The built-ins are seeded and brought up to date once per version, not at every launch."""

from __future__ import annotations

import hashlib

from touchdesk.domain.plans import BUILTIN_PLANS, BUILTIN_REASONS
from touchdesk.domain.questions import (
    BUILTIN_QUESTIONS,
    REASON_STAGES,
    REFERRER_QUESTION_TEMPLATE,
    REFERRER_REASON,
)
from touchdesk.domain.templates import BUILTIN_TEMPLATES, SUPERSEDED_BODIES
from touchdesk.services import settings
from touchdesk.services.bootstrap import BUILTINS_VERSION, ensure_defaults
from touchdesk.services.templates import get_template
from touchdesk.store.db import database
from touchdesk.store.models import Template

# What BUILTINS_VERSION stands for. A change to any built-in changes this digest: raise
# BUILTINS_VERSION in services/bootstrap.py (so every library is brought up to the change at
# its next launch) and write both new values here.
DIGEST = "10a1f38b272377be0fffdffffe48464c3da4c2c9850085fad8c9f6880d02eac2"


def _digest() -> str:
    builtins = (
        BUILTIN_REASONS,
        BUILTIN_QUESTIONS,
        REASON_STAGES,
        REFERRER_REASON,
        REFERRER_QUESTION_TEMPLATE,
        BUILTIN_TEMPLATES,
        SUPERSEDED_BODIES,
        BUILTIN_PLANS,
    )
    return hashlib.sha256(repr(builtins).encode()).hexdigest()


def test_the_version_stands_for_the_builtins_as_they_are():
    assert (BUILTINS_VERSION, _digest()) == (1, DIGEST), (
        "the built-ins changed: raise BUILTINS_VERSION and record the new digest"
    )


def test_a_library_brought_up_to_this_version_is_not_compared_again(store):
    ensure_defaults()
    assert settings.get("builtins_version") == BUILTINS_VERSION
    seen: list[str] = []
    database.connection().set_trace_callback(seen.append)
    try:
        ensure_defaults()
    finally:
        database.connection().set_trace_callback(None)
    assert not [sql for sql in seen if "template" in sql or "reason" in sql or '"plan"' in sql]


def test_an_older_library_is_brought_up_once(store):
    ensure_defaults()
    (old,) = SUPERSEDED_BODIES["breakup"]
    Template.update(body=old).where(Template.key == "breakup").execute()
    settings.put("builtins_version", BUILTINS_VERSION - 1)
    ensure_defaults()
    assert get_template("breakup").body != old
    assert settings.get("builtins_version") == BUILTINS_VERSION

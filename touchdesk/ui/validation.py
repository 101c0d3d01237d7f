"""Small checks shown beside form fields as the seller types."""

from __future__ import annotations

import re

# Deliberately simple: one @, something on both sides, a dot in the domain, no spaces.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def email_problem(text: str) -> str:
    """An empty string when the address looks deliverable (or is blank)."""
    text = text.strip()
    if not text or _EMAIL.match(text):
        return ""
    return "This does not look like an email address (name@example.com)."

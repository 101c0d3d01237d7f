"""How a prospect is named on screen and on paper."""

from __future__ import annotations


def display_name(first_name: str, last_name: str, company: str = "") -> str:
    """'First Last', else the company, else a placeholder that is never blank."""
    name = " ".join(part for part in (first_name.strip(), last_name.strip()) if part)
    return name or company.strip() or "(no name)"

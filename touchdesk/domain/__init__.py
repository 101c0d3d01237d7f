"""Plain-Python rules of the follow-up playbook: no Qt, no database."""

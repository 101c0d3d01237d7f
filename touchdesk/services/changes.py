"""What a service changed, so each screen refreshes only what it shows."""

from __future__ import annotations

from enum import Flag, auto


class Change(Flag):
    NOTHING = 0
    PROSPECTS = auto()
    TOUCHES = auto()
    NEXT_STEPS = auto()
    STAGES = auto()
    MAIL = auto()
    PLANS = auto()
    SETTINGS = auto()
    EVERYTHING = PROSPECTS | TOUCHES | NEXT_STEPS | STAGES | MAIL | PLANS | SETTINGS

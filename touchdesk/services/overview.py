"""The few numbers the shell shows everywhere: prospects, active against target."""

from __future__ import annotations

from dataclasses import dataclass

from touchdesk.services import settings
from touchdesk.services.prospects import count_active, count_prospects


@dataclass(frozen=True)
class Overview:
    prospects: int
    active: int
    target: int

    @property
    def is_empty(self) -> bool:
        return self.prospects == 0

    @property
    def gap(self) -> int:
        """How many more active conversations the funnel needs."""
        return max(self.target - self.active, 0)


def overview() -> Overview:
    return Overview(count_prospects(), count_active(), int(settings.get("target_active")))

"""The timeline's entries: touches and the changes around them, newest first."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import overload

from touchdesk.domain.vocabulary import Channel, Direction, EventKind, Outcome


@dataclass(frozen=True)
class TouchInput:
    """A touch as the seller logs or edits it."""

    channel: Channel
    occurred_at: datetime  # aware
    direction: Direction = Direction.OUT
    outcome: Outcome = Outcome.NONE
    note: str = ""

    def problems(self) -> list[str]:
        if self.occurred_at.tzinfo is None:
            return ["The time needs a time zone."]
        return []


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline: a touch (touch_id set) or an event (event_kind set)."""

    occurred_at: datetime
    detail: str
    touch_id: int | None = None
    channel: Channel | None = None
    direction: Direction | None = None
    outcome: Outcome | None = None
    attempt: int | None = None
    event_kind: EventKind | None = None

    @property
    def is_touch(self) -> bool:
        return self.touch_id is not None

    def summary(self) -> str:
        """'#3 Call · outbound · No answer' or the event's own words."""
        if not self.is_touch:
            assert self.event_kind is not None
            return (
                f"{self.event_kind.label}: {self.detail}" if self.detail else self.event_kind.label
            )
        assert self.channel and self.direction and self.outcome
        parts = [self.channel.label, self.direction.label.lower()]
        if self.outcome is not Outcome.NONE:
            parts.append(self.outcome.label)
        prefix = f"#{self.attempt} " if self.attempt else ""
        return prefix + " · ".join(parts)

    def search_text(self) -> str:
        return f"{self.summary()}\n{self.detail}".casefold()

    @classmethod
    def quick(
        cls,
        occurred_at: datetime,
        detail: str,
        touch_id: int | None = None,
        channel: Channel | None = None,
        direction: Direction | None = None,
        outcome: Outcome | None = None,
        attempt: int | None = None,
        event_kind: EventKind | None = None,
    ) -> TimelineEntry:
        """Equal to cls(...) with the same values, set directly: the frozen __init__ guards
        each field on its way in, which costs more than the rest of reading a thousand-touch
        timeline. Every field is named here (a test holds the two to the same fields)."""
        entry = object.__new__(cls)
        # The instance's dict given whole (a literal, not keywords copied in one by one).
        object.__setattr__(
            entry,
            "__dict__",
            {
                "occurred_at": occurred_at,
                "detail": detail,
                "touch_id": touch_id,
                "channel": channel,
                "direction": direction,
                "outcome": outcome,
                "attempt": attempt,
                "event_kind": event_kind,
            },
        )
        return entry


class Entries(Sequence[TimelineEntry]):
    """A timeline read whole but made into entries one by one, as each is first read: a long
    history's screen shows a few dozen of its lines, and making the rest cost more than
    reading them. An entry is made once; the same index gives the same entry again."""

    def __init__(
        self,
        rows: Sequence[tuple],
        make: Callable[[tuple], TimelineEntry],
        summarise: Callable[[tuple], str] | None = None,
    ) -> None:
        self._rows = rows
        self._make = make
        self._summarise = summarise  # a row's summary() without making its entry
        self._made: list[TimelineEntry | None] = [None] * len(rows)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> TimelineEntry: ...

    @overload
    def __getitem__(self, index: slice) -> list[TimelineEntry]: ...

    def __getitem__(self, index: int | slice) -> TimelineEntry | list[TimelineEntry]:
        if isinstance(index, slice):
            return self._span(range(*index.indices(len(self._rows))))
        entry = self._made[index]  # an index out of range raises IndexError here
        if entry is None:
            entry = self._made[index] = self._make(self._rows[index])
        return entry

    def __iter__(self) -> Iterator[TimelineEntry]:
        return iter(self._span(range(len(self._rows))))

    def summaries(self, stop: int) -> list[str]:
        """The first `stop` entries' summary() (the widest sizes a column): from the rows,
        making no entry, when the rows can be summarised as they are."""
        if self._summarise is None:
            return [entry.summary() for entry in self[:stop]]
        made, summarise = self._made, self._summarise
        return [
            summarise(row) if entry is None else entry.summary()
            for row, entry in zip(self._rows[:stop], made[:stop], strict=True)
        ]

    def _span(self, indexes: range) -> list[TimelineEntry]:
        # One loop for many entries (the first hundred size a column), not a call for each.
        made, rows, make = self._made, self._rows, self._make
        entries = []
        for index in indexes:
            entry = made[index]
            if entry is None:
                entry = made[index] = make(rows[index])
            entries.append(entry)
        return entries


@dataclass(frozen=True)
class ReachSummary:
    """Trying is not reaching: the three dates are kept apart."""

    last_reached: datetime | None
    last_attempt: datetime | None
    last_meeting: datetime | None


MEETING_CHANNELS = (Channel.MEETING, Channel.VIDEO_CALL, Channel.VISIT)

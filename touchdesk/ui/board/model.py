"""Cards laid out as a table: one column per stage, one row per card within its column."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from touchdesk.domain.board import Card, Urgency, next_step_line, staleness, urgency
from touchdesk.domain.stages import StageInfo
from touchdesk.domain.wording import count_of

CARD_MIME = "application/x-touchdesk-prospect"
CardRole = Qt.ItemDataRole.UserRole
UrgencyRole = Qt.ItemDataRole.UserRole + 1
NextStepRole = Qt.ItemDataRole.UserRole + 2
StalenessRole = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


class BoardModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._stages: list[StageInfo] = []
        self._columns: list[list[Card]] = []
        self._now = datetime.now().astimezone()
        self._zone: tzinfo = self._now.tzinfo  # type: ignore[assignment]

    def set_cards(
        self, stages: Sequence[StageInfo], cards: Sequence[Card], now: datetime, zone: tzinfo
    ) -> None:
        """Replace everything: the board is small enough to reset on every change."""
        self.beginResetModel()
        self._stages = list(stages)
        self._now, self._zone = now, zone
        position = {stage.id: i for i, stage in enumerate(self._stages)}
        self._columns = [[] for _ in self._stages]
        for card in cards:
            column = position.get(card.stage_id)
            if column is not None:
                self._columns[column].append(card)
        self.endResetModel()

    # -- lookups -------------------------------------------------------------------------

    def card(self, index: Index) -> Card | None:
        if not index.isValid():
            return None
        column = self._columns[index.column()]
        return column[index.row()] if index.row() < len(column) else None

    def stage(self, column: int) -> StageInfo:
        return self._stages[column]

    def column_count_of(self, column: int) -> int:
        return len(self._columns[column])

    def index_of(self, prospect_id: int) -> QModelIndex:
        for column, cards in enumerate(self._columns):
            for row, card in enumerate(cards):
                if card.prospect_id == prospect_id:
                    return self.index(row, column)
        return QModelIndex()

    def card_count(self) -> int:
        return sum(len(cards) for cards in self._columns)

    # -- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.isValid():
            return 0
        return max((len(cards) for cards in self._columns), default=0)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._stages)

    def painted(self, index: Index) -> tuple[Card, Urgency, str, str] | None:
        """What a painted card shows (the card, its urgency, next-step and staleness lines),
        in one call: the delegate asks this once per card instead of three roles through Qt.
        Computed for painted cards only, not for every card on each reset."""
        card = self.card(index)
        if card is None:
            return None
        level = urgency(card, self._now, self._zone)
        return card, level, next_step_line(card, self._zone), self._staleness_line(card)

    def _staleness_line(self, card: Card) -> str:
        plan = card.plan_progress
        stale = staleness(card.last_touch_at, self._now)
        return f"{stale} · {plan}" if plan else stale

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        card = self.card(index)
        if card is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return card.name
        if role == CardRole:
            return card
        if role == UrgencyRole:
            return int(urgency(card, self._now, self._zone))
        if role == NextStepRole:
            return next_step_line(card, self._zone)
        if role == StalenessRole:
            return self._staleness_line(card)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [card.name, card.company, next_step_line(card, self._zone)]
            if card.next_purpose:
                lines.append(card.next_purpose)
            touched = count_of(card.touch_count, "touch")
            lines.append(f"{touched} · {staleness(card.last_touch_at, self._now)}")
            return "\n".join(line for line in lines if line)
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._stages):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{self._stages[section].name}  ({len(self._columns[section])})"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if self.card(index) is None:
            return Qt.ItemFlag.ItemIsDropEnabled if index.isValid() else Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [CARD_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        ids = [str(card.prospect_id) for index in indexes if (card := self.card(index))]
        data = QMimeData()
        data.setData(CARD_MIME, ",".join(ids).encode())
        return data

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction


def prospect_ids(mime: QMimeData) -> list[int]:
    if not mime.hasFormat(CARD_MIME):
        return []
    raw = bytes(mime.data(CARD_MIME).data()).decode()
    return [int(part) for part in raw.split(",") if part.isdigit()]

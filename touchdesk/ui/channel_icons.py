"""A glyph per channel from the window's one icon set, readable at list size, light or dark."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QIcon

from touchdesk.domain.vocabulary import Channel
from touchdesk.ui.icons import cell_icon, icon
from touchdesk.ui.state_colours import State, state_colour

CHANNEL_GLYPHS: dict[Channel, str] = {
    Channel.CALL: "mdi6.phone-outline",
    Channel.VOICEMAIL: "mdi6.voicemail",
    Channel.SMS: "mdi6.message-text-outline",
    Channel.EMAIL: "mdi6.email-outline",
    Channel.MEETING: "mdi6.account-group-outline",
    Channel.VIDEO_CALL: "mdi6.video-outline",
    Channel.VISIT: "mdi6.map-marker-outline",
    Channel.SOCIAL: "mdi6.share-variant-outline",
    Channel.NOTE: "mdi6.fountain-pen-tip",
    Channel.CARD: "mdi6.cards-heart-outline",
    Channel.LETTER: "mdi6.email-edit-outline",
    Channel.GIFT: "mdi6.gift-outline",
}
UNKNOWN = "mdi6.circle-small"


def channel_icon(channel: Channel | None) -> QIcon:
    return icon(CHANNEL_GLYPHS.get(channel, UNKNOWN) if channel else UNKNOWN)


def change_icon() -> QIcon:
    """Changes around the touches (stage, status, next step) share one quiet mark."""
    return _change_icon(QGuiApplication.palette().cacheKey())


@cache
def _change_icon(_palette_key: int) -> QIcon:
    # Kept per palette, as icon() keeps its glyphs: the quiet colour is the palette's.
    return icon("mdi6.swap-horizontal", colour=state_colour(State.QUIET))


# The same marks for list cells, drawn at the cell's icon size and pixel ratio (icons.cell_icon).
def channel_cell_icon(channel: Channel | None, size: QSize, ratio: float) -> QIcon:
    return cell_icon(CHANNEL_GLYPHS.get(channel, UNKNOWN) if channel else UNKNOWN, size, ratio)


def change_cell_icon(size: QSize, ratio: float) -> QIcon:
    return cell_icon("mdi6.swap-horizontal", size, ratio, colour=state_colour(State.QUIET))

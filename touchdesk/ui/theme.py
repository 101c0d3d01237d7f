"""Light or dark as the system says (QStyleHints.colorScheme), with the link colours of ours."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from touchdesk.ui.state_colours import State, is_dark, state_colour

_ROLE = QPalette.ColorRole
_DISABLED = QPalette.ColorGroup.Disabled

# A dark palette for platforms that report a dark scheme but hand Qt a light palette
# (several Linux desktops): grounds and text picked for 4.5:1 and more.
_DARK = {
    _ROLE.Window: "#2b2b2e",
    _ROLE.WindowText: "#ececec",
    _ROLE.Base: "#1f1f22",
    _ROLE.AlternateBase: "#29292d",
    _ROLE.Text: "#ececec",
    _ROLE.Button: "#36363a",
    _ROLE.ButtonText: "#ececec",
    _ROLE.BrightText: "#ffffff",
    _ROLE.Light: "#4a4a50",
    _ROLE.Midlight: "#3d3d42",
    _ROLE.Mid: "#55555c",
    _ROLE.Dark: "#18181a",
    _ROLE.Shadow: "#000000",
    _ROLE.Highlight: "#2f64b0",
    _ROLE.HighlightedText: "#ffffff",
    _ROLE.ToolTipBase: "#36363a",
    _ROLE.ToolTipText: "#ececec",
    _ROLE.PlaceholderText: "#a0a0a8",
}
_DARK_DISABLED = {_ROLE.WindowText: "#85858c", _ROLE.Text: "#85858c", _ROLE.ButtonText: "#85858c"}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    for role, colour in _DARK_DISABLED.items():
        palette.setColor(_DISABLED, role, QColor(colour))
    return palette


def apply_scheme(app: QGuiApplication, scheme: Qt.ColorScheme) -> None:
    """Dark or light for the whole application. Roles left unset follow the platform's own
    palette, so a system that draws its own dark mode keeps it."""
    app.setPalette(QPalette())  # the platform's palette, to see what it gives
    platform_dark = is_dark(app.palette())
    if scheme == Qt.ColorScheme.Dark and not platform_dark:
        palette = dark_palette()
    elif scheme == Qt.ColorScheme.Light and platform_dark:
        palette = app.style().standardPalette() if hasattr(app, "style") else QPalette()
    else:
        palette = QPalette()
    # Qt's default link is pure blue, unreadable on dark and loud on light.
    palette.setColor(_ROLE.Link, state_colour(State.LINK, _resolved(app, palette)))
    palette.setColor(_ROLE.LinkVisited, state_colour(State.LINK_VISITED, _resolved(app, palette)))
    app.setPalette(palette)


def _resolved(app: QGuiApplication, palette: QPalette) -> QPalette:
    return palette.resolve(app.palette())


def follow_system(app: QGuiApplication) -> None:
    """Apply the system's scheme now and again whenever the seller switches it."""
    hints = app.styleHints()
    apply_scheme(app, hints.colorScheme())
    hints.colorSchemeChanged.connect(lambda scheme: apply_scheme(app, scheme))

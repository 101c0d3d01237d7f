"""Renders resources/icons/app.svg to the PNG icon sizes, a Windows .ico and a macOS .icns."""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "app.svg"
PNG_DIR = ROOT / "resources" / "icons" / "png"
PLATFORM_DIR = ROOT / "packaging" / "icons"

# The hicolor theme sizes the desktop entry installs; the .ico and .icns take theirs from these.
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS holds 16 to 1024 (512@2x); 1024 is rendered for it only, not kept as a PNG.
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def png_name(size: int) -> str:
    return f"app-{size}.png"


def render_png(svg: Path, size: int) -> bytes:
    """One square PNG of the drawing, antialiased, on a transparent background."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg.name} is not an SVG drawing Qt can read")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def write_if_changed(path: Path, data: bytes) -> bool:
    """Unchanged files keep their timestamps, so a rerun leaves git status clean."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def platform_icons(rendered: dict[int, bytes]) -> dict[str, bytes]:
    """The .ico (Windows) and .icns (macOS) built from the rendered PNGs with Pillow."""
    from PIL import Image

    images = {size: Image.open(io.BytesIO(data)) for size, data in rendered.items()}
    out: dict[str, bytes] = {}
    ico = io.BytesIO()
    largest = images[max(ICO_SIZES)]
    largest.save(
        ico,
        "ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=[images[size] for size in ICO_SIZES if size != max(ICO_SIZES)],
    )
    out["TouchDesk.ico"] = ico.getvalue()
    icns = io.BytesIO()
    images[max(ICNS_SIZES)].save(icns, "ICNS", append_images=[images[size] for size in ICNS_SIZES])
    out["TouchDesk.icns"] = icns.getvalue()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--svg", type=Path, default=SVG, help="the drawing (default: app.svg)")
    parser.add_argument("--png-dir", type=Path, default=PNG_DIR, help="where the PNGs go")
    parser.add_argument(
        "--platform-dir", type=Path, default=PLATFORM_DIR, help="where the .ico and .icns go"
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a build machine may have no screen
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841

    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_SIZES))
    rendered = {size: render_png(args.svg, size) for size in sizes}
    for size in PNG_SIZES:
        path = args.png_dir / png_name(size)
        print(
            ("wrote     " if write_if_changed(path, rendered[size]) else "unchanged ") + str(path)
        )
    try:
        icons = platform_icons(rendered)
    except ImportError:
        print(
            "Pillow is not installed: the .ico and .icns were not rebuilt "
            "(pip install pillow; it is a build tool, not a TouchDesk dependency)",
            file=sys.stderr,
        )
        return 1
    for name, data in icons.items():
        path = args.platform_dir / name
        print(("wrote     " if write_if_changed(path, data) else "unchanged ") + str(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())

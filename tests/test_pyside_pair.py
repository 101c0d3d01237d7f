"""PySide6 6.12 on CPython 3.11 aborts the interpreter after thousands of void calls: keep
that pair out, and prove the installed pair survives the reproducer (PERFORMANCE.md)."""

from __future__ import annotations

import os
import subprocess
import sys

import PySide6

CRASHING_PAIR = "PySide6 6.12.0 on CPython 3.11 (Fatal Python error: none_dealloc)"

# Void C++ methods return None; 6.12.0 on 3.11 drops a reference to None on each of them
# until the interpreter aborts. Counts are well past where the crash shows up.
REPRODUCER = """
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QComboBox, QLabel

app = QApplication([])
label = QLabel()
for i in range(20000):
    label.setText(str(i))
image = QImage(64, 64, QImage.Format.Format_ARGB32)
painter = QPainter(image)
for _ in range(5000):
    painter.save()
    painter.restore()
painter.end()
combo = QComboBox()
for i in range(3000):
    combo.addItem(str(i))
print("survived", label.text(), combo.count())
"""


def test_thousands_of_void_qt_calls_do_not_abort_the_interpreter():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", REPRODUCER], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0 and result.stdout.split() == ["survived", "19999", "3000"], (
        f"The Qt reproducer died (exit {result.returncode}) on PySide6 {PySide6.__version__} "
        f"with Python {sys.version.split()[0]}; this is the crash of {CRASHING_PAIR}.\n"
        f"{result.stderr[-2000:]}"
    )


def test_the_installed_pair_is_not_the_crashing_one():
    # The rule pyproject.toml's markers keep: below Python 3.12, PySide6 stays below 6.12.
    pyside = tuple(int(part) for part in PySide6.__version__.split(".")[:2])
    crashing = sys.version_info < (3, 12) and pyside >= (6, 12)
    assert not crashing, (
        f"PySide6 {PySide6.__version__} with Python {sys.version.split()[0]}: avoid {CRASHING_PAIR}"
    )

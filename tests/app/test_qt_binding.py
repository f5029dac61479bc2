"""The Qt binding itself: a PySide6 build whose void methods drop a reference to None aborts the app mid-playback."""

import sys

from PySide6.QtGui import QPen


def test_void_qt_calls_do_not_drop_none_references():
    pen = QPen()
    before = sys.getrefcount(None)
    for _ in range(2000):
        pen.setWidthF(2.0)      # returns None: the binding must hand back a new reference
    assert sys.getrefcount(None) > before - 100, (
        "this PySide6 build leaks None references on every void call (PySide6 6.12.0 on Python 3.11); "
        "install the version pinned in pyproject.toml")

"""The LLaMo Coach desktop app (PySide6): state models without Qt, Qt views, vispy/pyqtgraph adapters, workers.

`run(argv)` opens the window (`python main.py [CLIP ...]`).
"""

from __future__ import annotations

import os
import sys


def open_window():
    """The QApplication, the Controller over the user's library and the shown MainWindow.

    Raises StoreError when the library cannot be opened. Used by `run`, the bench and the screenshot script."""
    import vispy
    from PySide6.QtWidgets import QApplication

    from app.controller import Controller
    from app.qt_main_window import MainWindow
    from app.store import Store
    from app.style import apply_theme

    vispy.use("pyside6")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("LLaMo Coach")
    apply_theme(app)
    controller = Controller(Store())
    window = MainWindow(controller)
    window.show()
    return app, controller, window


def run(argv: list[str]) -> int:
    """Open the main window with the library (and the given clips); returns the exit code."""
    from app.store import StoreError

    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                                                 or os.environ.get("QT_QPA_PLATFORM")):
        print("llamo-coach: no display to open the window on; run it on a desktop session, or under a virtual "
              "screen with `xvfb-run -a make run`. Headless commands: `python main.py --help`", file=sys.stderr)
        return 1

    try:
        app, controller, window = open_window()
    except StoreError as e:
        print(f"llamo-coach: {e}", file=sys.stderr)
        return 1
    store = controller.store
    controller.start(argv)
    code = app.exec()
    store.close()
    return code

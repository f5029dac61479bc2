"""The LLaMo Coach desktop app (PySide6): state models without Qt, Qt views, vispy/pyqtgraph adapters, workers.

`run(argv)` opens the window (`python main.py [CLIP ...]`).
"""

from __future__ import annotations

import sys


def run(argv: list[str]) -> int:
    """Open the main window with the library (and the given clips); returns the exit code."""
    import vispy
    from PySide6.QtWidgets import QApplication

    from app.controller import Controller
    from app.qt_main_window import MainWindow
    from app.store import Store, StoreError
    from app.style import apply_theme

    vispy.use("pyside6")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("LLaMo Coach")
    apply_theme(app)
    try:
        store = Store()
    except StoreError as e:
        print(f"llamo-coach: {e}", file=sys.stderr)
        return 1
    controller = Controller(store)
    window = MainWindow(controller)
    window.show()
    controller.start(argv)
    code = app.exec()
    store.close()
    return code

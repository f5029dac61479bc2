"""The app's dark theme (Fusion + a small style sheet) so every platform looks the same."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

STYLE_SHEET = """
QWidget { font-size: 12px; }
QLabel#panelTitle { font-weight: 600; font-size: 13px; color: #e6e8ec; padding: 2px 2px; }
QLabel#dim { color: #9097a3; }
QLabel#legend { color: #aab1bd; background: #15181d; padding: 3px 8px; font-size: 11px; }
QLabel#mono { font-family: monospace; color: #c8ccd4; }
QPushButton { padding: 4px 10px; border-radius: 4px; background: #2a2f38; border: 1px solid #363c47; }
QPushButton:hover { background: #333a45; }
QPushButton:checked { background: #2d4a73; border-color: #4a7bc0; }
QPushButton:disabled { color: #5d636e; }
QPushButton#primary { background: #2f6fd1; border-color: #2f6fd1; color: white; font-weight: 600; }
QPushButton#danger { background: #a33b3b; border-color: #a33b3b; color: white; }
QPushButton#chip { padding: 2px 8px; border-radius: 10px; background: #3a2f14; border: 1px solid #ffb627;
                   color: #ffd27a; font-size: 11px; }
QPushButton#chip:checked { background: #2d4a73; border-color: #4a7bc0; color: #e6e8ec; }
QFrame#userBubble { background: #24446e; border-radius: 8px; }
QFrame#botBubble { background: #262b33; border-radius: 8px; }
QListWidget#suggestions { background: transparent; border: none; }
QListWidget#suggestions::item { border: 1px solid #3b4250; border-radius: 9px; padding: 2px 8px; color: #b9c3d3; }
QListWidget#suggestions::item:hover { background: #2d3440; }
QListWidget#faults { background: #2a2216; color: #ffcf8a; border: none; }
QTableWidget { gridline-color: #2a2f38; }
QLineEdit, QPlainTextEdit, QComboBox { padding: 3px; border-radius: 4px; background: #1c2027;
                                         border: 1px solid #363c47; }
QSplitter::handle { background: #101216; }
QCheckBox::indicator { width: 12px; height: 12px; border: 1px solid #7a8291; border-radius: 3px; background: #16191e; }
QCheckBox::indicator:checked { background: #2f6fd1; border-color: #6f9be3; }
QCheckBox::indicator:disabled { border-color: #3b4250; background: #1b1e24; }
QProgressBar { border: 1px solid #363c47; border-radius: 4px; text-align: center; background: #1c2027; }
QProgressBar::chunk { background: #2f6fd1; border-radius: 3px; }
"""


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    p = QPalette()
    colours = {
        QPalette.Window: "#1b1e24", QPalette.WindowText: "#e6e8ec", QPalette.Base: "#16191e",
        QPalette.AlternateBase: "#1e2229", QPalette.Text: "#e6e8ec", QPalette.Button: "#2a2f38",
        QPalette.ButtonText: "#e6e8ec", QPalette.Highlight: "#2f6fd1", QPalette.HighlightedText: "#ffffff",
        QPalette.ToolTipBase: "#2a2f38", QPalette.ToolTipText: "#e6e8ec", QPalette.PlaceholderText: "#6f7682",
    }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    p.setColor(QPalette.Disabled, QPalette.Text, QColor("#5d636e"))
    p.setColor(QPalette.Disabled, QPalette.ButtonText, QColor("#5d636e"))
    app.setPalette(p)
    app.setStyleSheet(STYLE_SHEET)

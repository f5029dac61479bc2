"""The main window: library | (video, 3D) over timeline | metrics, annotations, chat. Menus, shortcuts, drops,
messages, File > Export report..."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QFileDialog, QFrame, QHBoxLayout, QLabel, QMainWindow, QMessageBox, QPushButton,
                               QSplitter, QVBoxLayout, QWidget)

from llamo_engine.motion.files import MOTION_SUFFIXES

from app import services
from app.controller import Controller
from app.qt_annotations import AnnotationsView
from app.qt_chat import ChatView
from app.qt_library import LibraryView
from app.qt_metrics import MetricsView
from app.qt_playback_timer import PlaybackTimer
from app.qt_player import PlayerView
from app.qt_timeline import TimelineView

LEVEL_STYLE = {"error": "#5c1f24", "warning": "#5a4519", "info": "#1f3d5c"}
SHORTCUTS = (("Space / K", "play / pause"), ("Left / Right", "previous / next frame"),
             ("J / L", "slower / faster (L starts playback)"), ("Home / End", "first / last frame (of the loop)"),
             ("Ctrl+O", "open clips"), ("Ctrl+E", "export the report"),
             ("Esc", "stop drawing an annotation"), ("Delete", "delete the selected annotation (in its list)"))


class MessageBar(QFrame):
    """A dismissable line at the top of the window for errors and warnings (nothing modal, nothing lost)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.label = QLabel()
        self.label.setWordWrap(True)
        close = QPushButton("✕")
        close.setFlat(True)
        close.setFixedWidth(28)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.level = ""
        self.hide()

    def show_message(self, level: str, text: str) -> None:
        self.level = level
        self.label.setText(text)
        self.setStyleSheet(f"#messageBar {{ background: {LEVEL_STYLE.get(level, LEVEL_STYLE['info'])}; }}")
        self.show()


class MainWindow(QMainWindow):
    def __init__(self, controller: Controller, with_3d: bool = True) -> None:
        super().__init__()
        self.controller = controller
        session, clock, chat = controller.session, controller.clock, controller.chat
        self.setWindowTitle("LLaMo Coach")
        self.setAcceptDrops(True)
        self.playback_timer = PlaybackTimer(clock, self)

        self.library_view = LibraryView(controller.library, session, controller)
        self.player = PlayerView(session, clock, controller.annotations)
        self.player.canvas.point_clicked.connect(controller.annotate_at)
        self.view3d = self._make_3d(session, clock, chat) if with_3d else _Unavailable3D("3D view turned off")
        self.timeline = TimelineView(session, clock, chat)
        self.metrics = MetricsView(session, clock)
        self.chat_view = ChatView(chat, session, clock, controller)
        self.annotations_view = AnnotationsView(controller.annotations, session, clock, controller)
        self.export_dialog = None
        self.message_bar = MessageBar()

        top = QSplitter(Qt.Horizontal)
        top.addWidget(self.player)
        top.addWidget(self.view3d)
        top.setSizes([560, 440])
        centre = QSplitter(Qt.Vertical)
        centre.addWidget(top)
        centre.addWidget(self.timeline)
        centre.setSizes([520, 260])
        right = QSplitter(Qt.Vertical)
        right.addWidget(self.metrics)
        right.addWidget(self.annotations_view)
        right.addWidget(self.chat_view)
        right.setSizes([280, 170, 430])
        main = QSplitter(Qt.Horizontal)
        main.addWidget(self.library_view)
        main.addWidget(centre)
        main.addWidget(right)
        main.setSizes([270, 880, 380])
        main.setStretchFactor(1, 1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.message_bar)
        layout.addWidget(main, 1)
        self.setCentralWidget(body)

        self.analysis_status = QLabel()
        self.model_status = QLabel()
        self.statusBar().addWidget(self.analysis_status, 1)
        self.statusBar().addPermanentWidget(self.model_status)
        self._build_menus()
        self._build_shortcuts()

        self._subscriptions = [
            (session.events.message, self.message_bar.show_message),
            (session.events.analysis_state, self._on_analysis_state_change),
            (session.events.clip, self._on_clip_change),
            (session.events.analysis, self._on_analysis_change),
            (chat.events.model_state, self._on_model_state_change),
        ]
        for signal, slot in self._subscriptions:
            signal.connect(slot)
        self._on_analysis_state_change(*session.analysis_state)
        self._on_model_state_change(*chat.model_state)
        self._on_analysis_change(session.analysis)
        self.resize(1560, 920)

    def _make_3d(self, session, clock, chat) -> QWidget:
        from app.qt_view3d import View3D  # vispy needs an OpenGL context: only imported when the 3D view is on
        return View3D(session, clock, chat)

    # ---- menus and keys -----------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open clips...", self, shortcut=QKeySequence.Open, triggered=self.open_files)
        folder_action = QAction("Open &folder...", self, triggered=self.open_folder)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.Quit, triggered=self.close)
        self.export_action = QAction("&Export report...", self, shortcut=QKeySequence("Ctrl+E"),
                                     triggered=self.export_report)
        file_menu.addActions([open_action, folder_action])
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(QAction("&Keyboard shortcuts", self, triggered=self.show_shortcuts))

    def _build_shortcuts(self) -> None:
        clock = self.controller.clock
        now = time.perf_counter

        def jump(end: bool) -> None:
            lo, hi = clock.loop if clock.loop is not None else (0, max(0, clock.num_frames - 1))
            clock.seek(hi if end else lo, now())

        def faster() -> None:
            if clock.playing:
                clock.faster(now())
            else:
                clock.play(now())

        keys = {Qt.Key_Space: lambda: clock.toggle(now()), Qt.Key_K: clock.pause,
                Qt.Key_Left: lambda: clock.step(-1), Qt.Key_Right: lambda: clock.step(1),
                Qt.Key_J: lambda: clock.slower(now()), Qt.Key_L: faster,
                Qt.Key_Home: lambda: jump(False), Qt.Key_End: lambda: jump(True),
                Qt.Key_Escape: self.stop_drawing}
        self.shortcuts = []
        for key, fn in keys.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(fn)
            self.shortcuts.append(shortcut)

    def open_files(self) -> None:
        patterns = " ".join(dict.fromkeys("*" + s for s in services.CLIP_SUFFIXES + MOTION_SUFFIXES))
        motion = " ".join("*" + s for s in MOTION_SUFFIXES)
        paths, _ = QFileDialog.getOpenFileNames(self, "Open swing clips", "",
                                                f"Clips ({patterns});;Motion files ({motion})")
        if paths:
            self.controller.add_paths(paths)

    def open_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Open a folder of clips")
        if path:
            self.controller.add_paths([path])

    def stop_drawing(self) -> None:
        """Esc: drop the shape being drawn; a second Esc turns the annotation tool off."""
        annotations = self.controller.annotations
        if annotations.pending:
            annotations.set_pending([])
        else:
            annotations.set_tool(None)

    def export_report(self) -> None:
        """File > Export report...: the dialog for the open clip (a message when it has no analysis yet)."""
        from app.qt_export_dialog import ExportDialog   # loads the report engine (reportlab) on first use
        content = self.controller.report_content()
        if content is None:
            return
        self.export_dialog = ExportDialog(self.controller, content, self)
        self.export_dialog.open()

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", "\n".join(f"{k}:  {v}" for k, v in SHORTCUTS))

    # ---- drops ------------------------------------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.controller.add_paths(paths)

    # ---- model events ---------------------------------------------------------------------------------------------
    def _on_analysis_state_change(self, state: str, message: str) -> None:
        text = {"none": "", "running": "Analysing…", "ready": "Analysis ready", "failed": "Analysis failed",
                "unavailable": "Analysis unavailable", "cancelled": "Analysis cancelled"}[state]
        self.analysis_status.setText(text + (f": {message}" if message and state != "ready" else ""))

    def _on_model_state_change(self, state: str, message: str) -> None:
        self.model_status.setText(f"Model: {state}")
        self.model_status.setToolTip(message)

    def _on_analysis_change(self, analysis) -> None:
        self.export_action.setEnabled(analysis is not None)
        self.export_action.setToolTip("" if analysis is not None else "Wait for the clip's analysis")

    def _on_clip_change(self, clip) -> None:
        self.setWindowTitle("LLaMo Coach" + (f" — {clip.title}" if clip is not None else ""))

    def closeEvent(self, event) -> None:
        for signal, slot in self._subscriptions:
            signal.disconnect(slot)
        self.playback_timer.close()
        if self.export_dialog is not None:
            self.export_dialog.reject()
        for view in (self.player, self.view3d, self.timeline, self.metrics, self.chat_view, self.library_view,
                     self.annotations_view):
            view.close()
        self.controller.shutdown()
        super().closeEvent(event)


class _Unavailable3D(QLabel):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.setAlignment(Qt.AlignCenter)
        self.setObjectName("dim")

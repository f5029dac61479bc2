"""The 3D view: a vispy canvas with the skeleton in sync with the playhead, camera presets, trail and ghosts."""

from __future__ import annotations

from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout,
                               QWidget)
from vispy import scene

from app import analysis_view
from app.chat import ChatModel
from app.playback import PlaybackClock
from app.session import Session
from app.vispy_skeleton import (CAMERA_PRESETS, GHOST_COLOURS, MAX_VIEWPOINT_GHOSTS, TRAILS, VIEWPOINT_COLOUR,
                                 SkeletonScene)

BACKGROUND = "#15181d"


class View3D(QWidget):
    def __init__(self, session: Session, clock: PlaybackClock, chat: ChatModel, parent=None) -> None:
        super().__init__(parent)
        self.session, self.clock, self.chat = session, clock, chat
        self.canvas = scene.SceneCanvas(keys=None, bgcolor=BACKGROUND, show=False, parent=self)
        self.view = self.canvas.central_widget.add_view()
        self.view.camera = scene.TurntableCamera(fov=35.0, elevation=8.0, azimuth=0.0, distance=4.2,
                                                 center=(0, 0, 0.95))
        self.scene3d = SkeletonScene(self.view.scene)
        self.empty = scene.visuals.Text("No motion yet", color=(0.7, 0.72, 0.78, 1), font_size=11,
                                        parent=self.canvas.scene, anchor_x="center")

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        self.preset_group = QButtonGroup(self)
        for name in CAMERA_PRESETS:
            button = QPushButton(name)
            button.setCheckable(True)
            button.setObjectName("chip")
            button.clicked.connect(lambda _=False, n=name: self.set_camera(n))
            self.preset_group.addButton(button)
            bar.addWidget(button)
        bar.addStretch(1)
        self.trail_box = QComboBox()
        self.trail_box.addItems(TRAILS)
        self.trail_box.currentTextChanged.connect(lambda _: self._update_trail())
        bar.addWidget(self.trail_box)
        self.ghost_box = QCheckBox("Event ghosts")
        self.ghost_box.setChecked(True)
        self.ghost_box.setToolTip("Faint skeletons at the swing's key events (address, top, impact)")
        self.ghost_box.toggled.connect(lambda _: self._update_ghosts())
        bar.addWidget(self.ghost_box)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.canvas.native, 1)
        self.legend = QLabel()
        self.legend.setObjectName("legend")
        self.legend.setToolTip("Faint skeletons: the swing's key events, and the frames the model weighted most "
                               f"for its latest answer (its top {MAX_VIEWPOINT_GHOSTS})")
        layout.addWidget(self.legend)
        self._swing: int | None = None
        self.canvas.events.resize.connect(lambda _: self._place_empty_label())

        self.clock.events.frame.connect(self._on_frame_change)
        self.session.events.motion.connect(self._on_motion_change)
        self.session.events.analysis.connect(self._on_analysis_change)
        self.chat.events.highlight.connect(self._on_highlight_change)
        self._on_motion_change(session.motion)
        self.set_camera("Free")

    # ---- camera -----------------------------------------------------------------------------------------------
    def set_camera(self, preset: str) -> None:
        elevation, azimuth = CAMERA_PRESETS[preset]
        centre, radius = self.scene3d.bounds()
        cam = self.view.camera
        cam.center = tuple(float(c) for c in centre)
        cam.elevation, cam.azimuth = elevation, azimuth
        cam.distance = radius * 3.8
        for button in self.preset_group.buttons():
            button.setChecked(button.text() == preset)
        self.canvas.update()

    # ---- model events -------------------------------------------------------------------------------------------
    def _on_motion_change(self, motion) -> None:
        self.scene3d.set_motion(motion)
        self.empty.visible = motion is None
        self._place_empty_label()
        if motion is not None:
            self.scene3d.set_frame(self.clock.frame)
            checked = self.preset_group.checkedButton()
            self.set_camera(checked.text() if checked else "Free")
        self._update_trail()
        self._update_ghosts()
        self._on_highlight_change(*self.chat.highlight)
        self.canvas.update()

    def _on_analysis_change(self, analysis) -> None:
        self._update_trail()
        self._update_ghosts()
        self.canvas.update()

    def _on_frame_change(self, frame: int) -> None:
        self.scene3d.set_frame(frame)        # moves the skeleton, club and trail
        swing = analysis_view.swing_at(self.session.analysis, frame)
        if swing != self._swing:             # the trail and the ghosts follow the swing under the playhead
            self._update_trail()
            self._update_ghosts()
        self.canvas.update()

    def _on_highlight_change(self, frames, scores) -> None:
        self.scene3d.set_viewpoints(frames, scores)
        self._update_legend()
        self.canvas.update()

    def _update_legend(self) -> None:
        """Colour keys for what the ghosts are (hidden when there are none)."""
        def key(colour, text):
            r, g, b = (int(255 * c) for c in colour[:3])
            return f"<span style='color:rgb({r},{g},{b})'>&#9632;</span>&nbsp;{text}"
        parts = [key(c, analysis_view.pretty(n)) for c, n in zip(GHOST_COLOURS, self.scene3d.ghost_names)]
        if self.scene3d.viewpoint_frames:
            frames = ", ".join(f"#{f}" for f in self.scene3d.viewpoint_frames)
            parts.append(key(VIEWPOINT_COLOUR, f"model's top frames ({frames})"))
        self.legend.setText("ghosts: " + " &nbsp; ".join(parts) if parts else "")
        self.legend.setVisible(bool(parts))

    def _update_trail(self) -> None:
        analysis = self.session.analysis
        swing = self._swing = analysis_view.swing_at(analysis, self.clock.frame)
        rng = None if swing is None else analysis_view.swings(analysis)[swing]
        self.scene3d.set_trail(self.trail_box.currentText(), rng)
        self.canvas.update()

    def _update_ghosts(self) -> None:
        analysis = self.session.analysis
        swing = analysis_view.swing_at(analysis, self.clock.frame)
        events = analysis_view.swing_events(analysis, swing or 0)
        self.scene3d.set_ghosts(analysis_view.key_events(events) if self.ghost_box.isChecked() else {})
        self._update_legend()
        self.canvas.update()

    def _place_empty_label(self) -> None:
        w, h = self.canvas.size
        self.empty.pos = (w / 2, h / 2)

    def close(self) -> bool:
        self.clock.events.frame.disconnect(self._on_frame_change)
        self.session.events.motion.disconnect(self._on_motion_change)
        self.session.events.analysis.disconnect(self._on_analysis_change)
        self.chat.events.highlight.disconnect(self._on_highlight_change)
        self.canvas.close()
        return super().close()

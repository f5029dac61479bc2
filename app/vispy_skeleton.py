"""The vispy side of the 3D view: skeleton, club, ground grid, path trail and ghost skeletons as scene nodes.

`SkeletonScene` owns the visuals and is driven by plain calls (set_motion, set_frame, ...); it draws nothing by
itself, so tests assert on its node data (`bones.pos`, `joints._data`) without a GL context.

Canonical motion (metres, y up, athlete facing +z) maps to vispy's z-up world as (x, -z, y): a turntable camera
at azimuth 0 then looks at the athlete face-on with the athlete's left (+x) on the screen's right.
"""

from __future__ import annotations

import numpy as np
from vispy.scene import visuals

from llamo_engine.motion.skeleton import JOINT_NAMES, PARENTS

# (elevation, azimuth) in degrees for the camera presets.
CAMERA_PRESETS = {"Face-on": (8.0, 0.0), "Down the line": (8.0, -90.0), "Top": (89.0, 0.0), "Free": (22.0, -35.0)}
TRAILS = ("Hand path", "Club-head path", "No trail")

LEFT, RIGHT, CENTRE = (0.35, 0.65, 1.0, 1.0), (1.0, 0.45, 0.3, 1.0), (0.85, 0.87, 0.9, 1.0)
CLUB_COLOUR = (1.0, 0.8, 0.2, 1.0)
# Event ghosts: one faint colour per event, in event order (address/stance, top/foot plant, impact/contact);
# the 3D view's legend shows the same colours.
GHOST_COLOURS = ((0.55, 0.75, 1.0, 0.30), (0.75, 0.95, 0.6, 0.30), (1.0, 0.55, 0.85, 0.30))
VIEWPOINT_COLOUR = (1.0, 0.72, 0.15, 0.40)
MAX_VIEWPOINT_GHOSTS = 3   # the model's viewpoint frames drawn in 3D: only its highest-scoring few
TRAIL_COLOUR = np.array([0.4, 1.0, 0.75])
BONES = np.array([(PARENTS[j], j) for j in range(1, len(PARENTS))])  # (21, 2) parent -> child
GRID_HALF_M, GRID_STEP_M = 2.0, 0.25


def to_view(points: np.ndarray) -> np.ndarray:
    """(..., 3) canonical (x, y up, z forward) -> (..., 3) vispy z-up world (x, -z, y)."""
    p = np.asarray(points, dtype=np.float32)
    return np.stack([p[..., 0], -p[..., 2], p[..., 1]], axis=-1)


def _side_colour(name: str):
    return LEFT if name.startswith("left") else RIGHT if name.startswith("right") else CENTRE


BONE_COLOURS = np.repeat(np.array([_side_colour(JOINT_NAMES[c]) for _, c in BONES], dtype=np.float32), 2, axis=0)
JOINT_COLOURS = np.array([_side_colour(n) for n in JOINT_NAMES], dtype=np.float32)


def bone_segments(joints: np.ndarray) -> np.ndarray:
    """(J, 3) joints -> (2 * 21, 3) segment endpoints (parent, child, parent, child, ...)."""
    return joints[BONES.reshape(-1)]


def grid_segments(half: float = GRID_HALF_M, step: float = GRID_STEP_M) -> np.ndarray:
    """Ground-plane grid lines as (N * 2, 3) canonical segment endpoints at y = 0."""
    ticks = np.arange(-half, half + 1e-6, step)
    segs = []
    for t in ticks:
        segs += [(t, 0, -half), (t, 0, half), (-half, 0, t), (half, 0, t)]
    return np.array(segs, dtype=np.float32)


class SkeletonScene:
    """All 3D nodes for one clip, under `parent` (a vispy scene node, normally a ViewBox's scene)."""

    def __init__(self, parent) -> None:
        self.grid = visuals.Line(to_view(grid_segments()), connect="segments", color=(1, 1, 1, 0.10),
                                 parent=parent)
        self.ghosts = visuals.Line(np.zeros((2, 3), np.float32), connect="segments", width=2, parent=parent)
        self.viewpoints = visuals.Line(np.zeros((2, 3), np.float32), connect="segments", color=VIEWPOINT_COLOUR,
                                       width=2, parent=parent)
        self.trail = visuals.Line(np.zeros((2, 3), np.float32), color=(0, 0, 0, 0), width=3, parent=parent)
        self.bones = visuals.Line(np.zeros((2, 3), np.float32), connect="segments", width=5, parent=parent,
                                  antialias=True)
        self.joints = visuals.Markers(parent=parent)
        self.club = visuals.Line(np.zeros((2, 3), np.float32), color=CLUB_COLOUR, width=4, parent=parent)
        for node in (self.ghosts, self.viewpoints, self.trail):
            node.visible = False
        self._motion = None
        self._frame = 0
        self._trail = TRAILS[0]
        self._trail_range: tuple[int, int] | None = None
        self.ghost_names: list[str] = []          # events drawn as ghosts, in GHOST_COLOURS order
        self.viewpoint_frames: list[int] = []     # viewpoint frames drawn (the top MAX_VIEWPOINT_GHOSTS)
        self.set_motion(None)

    # ---- inputs --------------------------------------------------------------------------------------------
    def set_motion(self, motion) -> None:
        self._motion = motion
        self._trail_range = None
        visible = motion is not None
        self.bones.visible = self.joints.visible = visible
        self.set_ghosts({})
        self.set_viewpoints([])
        if visible:
            self.set_frame(min(self._frame, motion.num_frames - 1))
        else:
            self.club.visible = self.trail.visible = False

    def set_frame(self, frame: int) -> None:
        motion = self._motion
        self._frame = int(frame)
        if motion is None:
            return
        t = int(np.clip(frame, 0, motion.num_frames - 1))
        joints = to_view(motion.joints[t])                                   # (J, 3)
        self.bones.set_data(pos=bone_segments(joints), color=BONE_COLOURS)
        self.joints.set_data(joints, face_color=JOINT_COLOURS, edge_color=(0.1, 0.1, 0.12, 1), size=9)
        club = None if motion.club is None else motion.club[t]
        self.club.visible = club is not None and bool(np.isfinite(club).all())
        if self.club.visible:
            self.club.set_data(pos=to_view(club),
                               color=CLUB_COLOUR if not motion.club_estimated else CLUB_COLOUR[:3] + (0.6,))
        self._update_trail()

    def set_trail(self, kind: str, frames: tuple[int, int] | None = None) -> None:
        """kind in TRAILS; `frames` limits the path to one swing (None: the whole clip)."""
        if kind not in TRAILS:
            raise ValueError(f"unknown trail {kind!r}; one of {TRAILS}")
        self._trail, self._trail_range = kind, frames
        self._update_trail()

    def set_ghosts(self, poses: dict[str, int]) -> None:
        """Faint skeletons at the key events, {event name: frame}, coloured by GHOST_COLOURS in event order."""
        items = sorted(poses.items(), key=lambda kv: kv[1])[:len(GHOST_COLOURS)]
        self.ghost_names = [name for name, _ in items] if self._motion is not None else []
        colours = np.repeat(np.array(GHOST_COLOURS[:len(items)], np.float32), 2 * len(BONES), axis=0)  # (K*42, 4)
        self._set_poses(self.ghosts, [frame for _, frame in items], colours)

    def set_viewpoints(self, frames, scores=()) -> None:
        """Faint highlighted skeletons at the frames the model looked at for its latest answer: only the
        MAX_VIEWPOINT_GHOSTS with the highest per-frame `scores` (the first ones when there are no scores)."""
        frames = [int(f) for f in frames]
        scores = np.asarray(scores, dtype=np.float64)                        # (T,)
        if scores.size:
            frames = sorted(frames, key=lambda f: -scores[f] if 0 <= f < scores.size else 0.0)
        self.viewpoint_frames = sorted(frames[:MAX_VIEWPOINT_GHOSTS]) if self._motion is not None else []
        self._set_poses(self.viewpoints, self.viewpoint_frames)

    # ---- internals -----------------------------------------------------------------------------------------------
    def _set_poses(self, line, frames: list[int], colours: np.ndarray | None = None) -> None:
        motion = self._motion
        if motion is None or not frames:
            line.visible = False
            return
        frames = np.clip(np.asarray(frames, dtype=int), 0, motion.num_frames - 1)
        segs = to_view(motion.joints[frames])[:, BONES.reshape(-1)].reshape(-1, 3)        # (K * 42, 3)
        if colours is None:
            line.set_data(pos=segs)
        else:
            line.set_data(pos=segs, color=colours)
        line.visible = True

    def _trail_points(self) -> np.ndarray | None:
        """(N, 3) canonical path up to the current frame, or None."""
        motion = self._motion
        if motion is None or self._trail == "No trail":
            return None
        lo, hi = self._trail_range if self._trail_range is not None else (0, motion.num_frames - 1)
        end = int(np.clip(self._frame, lo, hi))
        if end - lo < 1:
            return None
        if self._trail == "Club-head path":
            if motion.club is None:
                return None
            path = motion.club[lo:end + 1, 1]
        else:
            path = 0.5 * (motion.joint("left_wrist")[lo:end + 1] + motion.joint("right_wrist")[lo:end + 1])
        path = path[np.isfinite(path).all(axis=1)]
        return path if len(path) >= 2 else None

    def _update_trail(self) -> None:
        path = self._trail_points()
        self.trail.visible = path is not None
        if path is not None:
            alpha = np.linspace(0.1, 1.0, len(path), dtype=np.float32)[:, None]                 # (N, 1)
            colour = np.concatenate([np.broadcast_to(TRAIL_COLOUR, (len(path), 3)), alpha], axis=1)
            self.trail.set_data(pos=to_view(path), color=colour.astype(np.float32))

    def bounds(self) -> tuple[np.ndarray, float]:
        """(centre (3,), radius) of the motion in view coordinates, for framing the camera."""
        if self._motion is None:
            return np.array([0, 0, 0.9], np.float32), 1.5
        pts = to_view(self._motion.joints.reshape(-1, 3))
        lo, hi = np.nanmin(pts, axis=0), np.nanmax(pts, axis=0)
        return (lo + hi) / 2, float(max(np.linalg.norm(hi - lo) / 2, 0.8))

"""Render a MotionSequence as a short MP4 of a shaded humanoid figure seen by a face-on camera.

Plain OpenCV drawing: limbs are capsules shaded like cylinders (concentric strokes, lighter toward the axis),
the torso and pelvis filled quads, the head a shaded ellipse, the club a thin line; body parts are painted far
to near. Used for the bundled sample and to exercise the video path.
"""

from __future__ import annotations

import os
import pathlib

import numpy as np

from llamo_engine.motion.skeleton import MotionSequence, joint_index

# (joint a, joint b, radius in metres, base colour BGR)
SKIN, SHIRT, PANTS, SHOE = (140, 170, 215), (170, 110, 60), (70, 60, 55), (40, 40, 40)
LIMBS = [("left_hip", "left_knee", 0.075, PANTS), ("left_knee", "left_ankle", 0.06, PANTS),
         ("right_hip", "right_knee", 0.075, PANTS), ("right_knee", "right_ankle", 0.06, PANTS),
         ("left_ankle", "left_foot", 0.045, SHOE), ("right_ankle", "right_foot", 0.045, SHOE),
         ("left_shoulder", "left_elbow", 0.055, SHIRT), ("left_elbow", "left_wrist", 0.045, SKIN),
         ("right_shoulder", "right_elbow", 0.055, SHIRT), ("right_elbow", "right_wrist", 0.045, SKIN),
         ("neck", "head", 0.05, SKIN), ("pelvis", "spine3", 0.13, SHIRT), ("spine3", "neck", 0.11, SHIRT),
         ("left_hip", "right_hip", 0.09, PANTS), ("left_shoulder", "right_shoulder", 0.07, SHIRT)]


class Camera:
    """Pinhole camera on the +z axis looking back at the athlete (face-on), `distance` metres away."""

    def __init__(self, width: int, height: int, distance: float = 4.0, height_m: float = 1.0, fov_deg: float = 42.0):
        self.w, self.h, self.d, self.cy = width, height, distance, height_m
        self.f = 0.5 * height / np.tan(np.radians(fov_deg) / 2)

    def project(self, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(N, 3) world points -> (N, 2) pixel coordinates and (N,) depth (distance along the view axis)."""
        depth = self.d - p[:, 2]
        x = self.w / 2 + self.f * p[:, 0] * -1.0 / depth  # athlete's left (+x) appears on the image right
        x = self.w - x                                    # mirror so a face-on view is not flipped
        y = self.h / 2 - self.f * (p[:, 1] - self.cy) / depth
        return np.stack([x, y], 1), depth


def _shade(colour, k: float):
    return tuple(int(min(255, c * k)) for c in colour)


def _capsule(img, a, b, r_px: float, colour) -> None:
    import cv2
    steps = 5
    for i in range(steps):
        frac = 1.0 - i / steps
        thick = max(1, int(round(2 * r_px * frac)))
        k = 0.55 + 0.6 * (i / (steps - 1))
        off = np.array([-0.25, -0.25]) * r_px * (i / steps)  # highlight toward the light (upper left)
        pa, pb = tuple(int(v) for v in a + off), tuple(int(v) for v in b + off)
        cv2.line(img, pa, pb, _shade(colour, k), thick, cv2.LINE_AA)


def _background(w: int, h: int, horizon: int) -> np.ndarray:
    img = np.zeros((h, w, 3), np.uint8)
    sky = np.linspace(235, 190, horizon)[:, None]
    img[:horizon] = np.stack([sky + 10, sky + 5, sky - 5], -1).astype(np.uint8)
    grass = np.linspace(120, 160, h - horizon)[:, None]
    img[horizon:] = np.stack([grass * 0.45, grass, grass * 0.5], -1).astype(np.uint8)
    return img


def render_frame(joints: np.ndarray, club: np.ndarray | None, cam: Camera, bg: np.ndarray) -> np.ndarray:
    """One BGR frame. joints: (22, 3); club: (2, 3) or None."""
    import cv2
    img = bg.copy()
    pix, depth = cam.project(joints.astype(np.float64))
    ppm = cam.f / cam.d  # pixels per metre at the athlete
    items = []
    for a, b, r, colour in LIMBS:
        ia, ib = joint_index(a), joint_index(b)
        items.append((-(depth[ia] + depth[ib]) / 2, "limb", (pix[ia], pix[ib], r * ppm, colour)))
    hi = joint_index("head")
    items.append((-depth[hi], "head", (pix[hi], 0.11 * ppm)))
    if club is not None and np.isfinite(club).all():
        cp, cd = cam.project(club.astype(np.float64))
        items.append((-cd.mean(), "club", (cp[0], cp[1])))
    # Shadow on the ground under the feet.
    feet = pix[[joint_index("left_foot"), joint_index("right_foot")]]
    centre = tuple(int(v) for v in feet.mean(0) + np.array([0, 4]))
    cv2.ellipse(img, centre, (int(0.45 * ppm), int(0.06 * ppm)), 0, 0, 360, (60, 90, 60), -1, cv2.LINE_AA)
    for _, kind, data in sorted(items, key=lambda x: x[0]):
        if kind == "limb":
            _capsule(img, data[0], data[1], data[2], data[3])
        elif kind == "head":
            c, r = data
            for i in range(6):
                rr = r * (1 - i / 7)
                cc = tuple(int(v) for v in c - np.array([0.2, 0.25]) * r * i / 6)
                cv2.ellipse(img, cc, (int(rr * 0.85), int(rr)), 0, 0, 360, _shade(SKIN, 0.6 + 0.09 * i), -1,
                            cv2.LINE_AA)
        else:
            a, b = data
            cv2.line(img, tuple(int(v) for v in a), tuple(int(v) for v in b), (40, 40, 40), 3, cv2.LINE_AA)
            cv2.circle(img, tuple(int(v) for v in b), 5, (30, 30, 30), -1, cv2.LINE_AA)
    return img


def render_video(motion: MotionSequence, path: str | os.PathLike, *, width: int = 360, height: int = 640,
                 camera_distance_m: float = 4.0, fps: float | None = None) -> pathlib.Path:
    """Write `motion` as an MP4 (mp4v) seen face-on; returns the path. Raises ValueError when OpenCV cannot
    open the output (e.g. the folder does not exist)."""
    import cv2
    path = pathlib.Path(path)
    fps = fps or motion.fps
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))
    if not writer.isOpened():
        raise ValueError(f"cannot write a video to {path}: check that the folder exists and is writable")
    centre = motion.joints[0, joint_index("pelvis")]
    cam = Camera(width, height, distance=camera_distance_m + centre[2], height_m=0.95)
    shift = np.array([centre[0], 0.0, 0.0])
    horizon = int(cam.project(np.array([[0.0, 0.0, -30.0]]))[0][0, 1])
    bg = _background(width, height, int(np.clip(horizon, 1, height - 1)))
    try:
        for t in range(motion.num_frames):
            club = None if motion.club is None else motion.club[t] - shift
            writer.write(render_frame(motion.joints[t] - shift, club, cam, bg))
    finally:
        writer.release()
    return path

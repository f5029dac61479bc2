"""Frames of a clip with the skeleton drawn on them, for key frames, thumbnails and the annotated video.

Two sources give the same thing, a background image and the 2D body points in its pixels:
- `VideoFrames`: the clip's own frames and the estimator's BlazePose image landmarks (motion.landmarks_image);
- `SkeletonCanvas`: no video (mocap, synthetic motion): the 3D joints projected orthographically from the
  camera's direction (face-on when unknown) onto a plain background, at one scale for the whole clip.
Row i of the motion is video frame i + motion.meta["first_frame"].
"""

from __future__ import annotations

import math

import numpy as np

from llamo_engine.motion.skeleton import MotionSequence, joint_index
from llamo_engine.motion.video import VideoReader
from llamo_engine.report import draw

SIDES = ("left", "right")
PARTS = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle", "foot")
# BlazePose landmark index of each named point (person's left/right).
BLAZEPOSE = {"head": 0, "left_shoulder": 11, "right_shoulder": 12, "left_elbow": 13, "right_elbow": 14,
             "left_wrist": 15, "right_wrist": 16, "left_hip": 23, "right_hip": 24, "left_knee": 25, "right_knee": 26,
             "left_ankle": 27, "right_ankle": 28, "left_foot": 31, "right_foot": 32}
SMPL = {"head": "head", **{f"{s}_{p}": f"{s}_{p}" for s in SIDES for p in PARTS}}
BONES = [(f"{s}_{a}", f"{s}_{b}") for s in SIDES for a, b in (("shoulder", "elbow"), ("elbow", "wrist"),
                                                              ("shoulder", "hip"), ("hip", "knee"),
                                                              ("knee", "ankle"), ("ankle", "foot"))]
MIN_VISIBILITY = 0.3
MAX_REPORT_HEIGHT = 720  # video frames are scaled down to this height for the report and the export


def with_midpoints(pose: dict) -> dict:
    for name, (a, b) in (("shoulder_mid", ("left_shoulder", "right_shoulder")), ("hip_mid", ("left_hip", "right_hip"))):
        if pose.get(a) is not None and pose.get(b) is not None:
            pose[name] = ((pose[a][0] + pose[b][0]) / 2, (pose[a][1] + pose[b][1]) / 2)
    return pose


class VideoFrames:
    """The clip's frames (scaled to at most MAX_REPORT_HEIGHT rows) and the pose from the image landmarks."""

    def __init__(self, video_path: str, motion: MotionSequence):
        if motion.landmarks_image is None:
            raise ValueError("this motion has no image landmarks; draw it with SkeletonCanvas instead")
        self.motion = motion
        self.reader = VideoReader(video_path)
        self.offset = int(motion.meta.get("first_frame", 0))
        self.key_aspect = 3 / 4  # width / height of key-frame crops: portrait, around a standing athlete
        self.scale = min(1.0, MAX_REPORT_HEIGHT / self.reader.height)
        self.width = int(round(self.reader.width * self.scale)) // 2 * 2
        self.height = int(round(self.reader.height * self.scale)) // 2 * 2

    def close(self) -> None:
        self.reader.close()

    def row_of(self, video_frame: int) -> int | None:
        i = video_frame - self.offset
        return i if 0 <= i < self.motion.num_frames else None

    def background(self, row: int) -> np.ndarray:
        return self.video_frame(row + self.offset)

    def video_frame(self, index: int) -> np.ndarray:
        return self._fit(self.reader.read(index))

    def _fit(self, rgb: np.ndarray) -> np.ndarray:
        if rgb.shape[:2] == (self.height, self.width):
            return rgb.copy()
        return np.ascontiguousarray(draw.fit_width(rgb, self.width)[:self.height])

    def pose(self, row: int) -> dict:
        lm = self.motion.landmarks_image[row]  # (33, 4) x, y normalised, z, visibility
        pose = {}
        for name, k in BLAZEPOSE.items():
            x, y, _, vis = lm[k]
            ok = np.isfinite(x) and np.isfinite(y) and vis >= MIN_VISIBILITY
            pose[name] = (float(x) * self.width, float(y) * self.height) if ok else None
        return with_midpoints(pose)

    def person_box(self, rows) -> tuple[float, float, float, float] | None:
        """(x0, y0, x1, y1) pixels around the body over `rows`, or None when never seen."""
        lm = self.motion.landmarks_image[list(rows)]
        sel = lm[..., 3] >= MIN_VISIBILITY
        if not sel.any():
            return None
        xs, ys = lm[..., 0][sel] * self.width, lm[..., 1][sel] * self.height
        return float(np.percentile(xs, 1)), float(np.percentile(ys, 1)), float(np.percentile(xs, 99)), \
            float(np.percentile(ys, 99))


class SkeletonCanvas:
    """3D joints projected from the camera's viewing direction onto a plain background."""

    def __init__(self, motion: MotionSequence, height: int = 720):
        self.motion = motion
        self.key_aspect = 1.0  # square crops: the measured club reaches far out to the sides
        yaw = math.radians(motion.camera_yaw_deg or 0.0)
        # Image right for a camera in front of the athlete (face-on) is the athlete's left (+x).
        self._u = np.array([math.cos(yaw), 0.0, -math.sin(yaw)])
        pts = motion.joints.reshape(-1, 3)
        if motion.club is not None and not motion.club_estimated and np.isfinite(motion.club).all():
            pts = np.concatenate([pts, motion.club.reshape(-1, 3)])
        u, y = pts @ self._u, pts[:, 1]
        span = max(float(u.max() - u.min()), 0.5), max(float(y.max() - min(y.min(), 0.0)), 1.0)
        margin = 0.08
        self.height = height // 2 * 2
        self.px_per_m = self.height * (1 - 2 * margin) / span[1]
        self.width = int(max(span[0] * self.px_per_m / (1 - 2 * margin), self.height * 0.75)) // 2 * 2
        self._u0 = (float(u.max()) + float(u.min())) / 2
        self._ground = self.height * (1 - margin)
        self.row_of = lambda frame: frame if 0 <= frame < motion.num_frames else None
        self._bg = self._make_background()

    def close(self) -> None:
        pass

    def _make_background(self) -> np.ndarray:
        top, bottom = np.array([58, 66, 78], float), np.array([30, 34, 42], float)
        ramp = np.linspace(0, 1, self.height)[:, None, None]
        bg = np.broadcast_to(top * (1 - ramp) + bottom * ramp, (self.height, self.width, 3)).astype(np.uint8).copy()
        draw.line(bg, (0, self._ground), (self.width, self._ground), (110, 120, 135), 2)
        return bg

    def project(self, p: np.ndarray) -> tuple[float, float]:
        return (float((p @ self._u - self._u0) * self.px_per_m + self.width / 2),
                float(self._ground - p[1] * self.px_per_m))

    def background(self, row: int) -> np.ndarray:
        return self._bg.copy()

    def video_frame(self, index: int) -> np.ndarray:
        return self.background(index)

    def pose(self, row: int) -> dict:
        joints = self.motion.joints[row]
        pose = {name: self.project(joints[joint_index(j)]) for name, j in SMPL.items()}
        club = self.motion.club
        if club is not None and not self.motion.club_estimated and np.isfinite(club[row]).all():
            pose["club_grip"], pose["club_head"] = self.project(club[row, 0]), self.project(club[row, 1])
        return with_midpoints(pose)

    def person_box(self, rows) -> tuple[float, float, float, float] | None:
        rows = list(rows)
        pts = self.motion.joints[rows].reshape(-1, 3)
        club = self.motion.club
        if club is not None and not self.motion.club_estimated and np.isfinite(club[rows]).all():
            pts = np.concatenate([pts, club[rows].reshape(-1, 3)])
        u = (pts @ self._u - self._u0) * self.px_per_m + self.width / 2
        y = self._ground - pts[:, 1] * self.px_per_m
        return float(u.min()), float(min(y.min(), self._ground - 10)), float(u.max()), float(max(y.max(), self._ground + 10))


def frame_source(motion: MotionSequence, video_path: str | None):
    """VideoFrames when the clip's video and image landmarks are at hand, else SkeletonCanvas."""
    if video_path is not None and motion.landmarks_image is not None:
        return VideoFrames(video_path, motion)
    return SkeletonCanvas(motion)


# ---- overlays ---------------------------------------------------------------------------------------------
def draw_skeleton(img: np.ndarray, pose: dict, scale: float = 1.0, lead: str | None = None) -> np.ndarray:
    """Bones (left orange, right blue; the lead arm green when `lead` is given), joints, club line."""
    th = max(2, int(round(3 * scale)))
    if pose.get("club_grip") is not None:
        draw.line(img, pose["club_grip"], pose["club_head"], (200, 200, 200), max(2, th - 1))
    for a, b in BONES + [("left_shoulder", "right_shoulder"), ("left_hip", "right_hip"), ("shoulder_mid", "head")]:
        pa, pb = pose.get(a), pose.get(b)
        if pa is None or pb is None:
            continue
        side = a.split("_")[0]
        color = draw.LEFT_COLOR if side == "left" else draw.RIGHT_COLOR if side == "right" else draw.CENTER_COLOR
        if a.startswith("left_shoulder") and b.startswith("right"):
            color = draw.CENTER_COLOR
        if lead is not None and side == lead and ("elbow" in a or "elbow" in b) and "hip" not in b:
            color = draw.LEAD_ARM_COLOR
        draw.line(img, pa, pb, (0, 0, 0), th + 2)
        draw.line(img, pa, pb, color, th)
    for name, p in pose.items():
        if p is not None and not name.startswith("club") and not name.endswith("_mid"):
            draw.dot(img, p, 2.5 * scale, (255, 255, 255), outline=(0, 0, 0))
    return img


def spine_tilt_deg(joints: np.ndarray) -> float:
    """3D forward-and-side tilt (deg) of the hip-midpoint -> shoulder-midpoint line from vertical. joints (22, 3)."""
    hips = (joints[joint_index("left_hip")] + joints[joint_index("right_hip")]) / 2
    shoulders = (joints[joint_index("left_shoulder")] + joints[joint_index("right_shoulder")]) / 2
    d = shoulders - hips
    return math.degrees(math.acos(max(-1.0, min(1.0, d[1] / max(float(np.linalg.norm(d)), 1e-9)))))


def elbow_angle_deg(joints: np.ndarray, side: str) -> float:
    """3D inner angle (deg) at the elbow, 180 = straight arm."""
    s, e, w = (joints[joint_index(f"{side}_{p}")] for p in ("shoulder", "elbow", "wrist"))
    u, v = s - e, w - e
    cos = float(np.dot(u, v) / max(float(np.linalg.norm(u) * np.linalg.norm(v)), 1e-9))
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


def draw_body_angles(img: np.ndarray, pose: dict, joints: np.ndarray, lead: str, scale: float = 1.0) -> list[dict]:
    """Spine tilt (against the vertical) and the lead-arm elbow angle, values measured in 3D. Returns the
    label items for draw.draw_texts (drawn last, so they sit above every line)."""
    labels = []
    size = max(11, int(round(13 * scale)))
    hip, sh = pose.get("hip_mid"), pose.get("shoulder_mid")
    s, e, w = (pose.get(f"{lead}_{p}") for p in ("shoulder", "elbow", "wrist"))
    arm_side = 1  # the lead-arm label goes on the side its elbow sticks out to, the spine label opposite
    if e is not None and sh is not None:
        arm_side = 1 if e[0] >= sh[0] else -1
    if s is not None and e is not None and w is not None:
        r = 0.3 * min(math.dist(s, e), math.dist(e, w))
        draw.arc(img, e, r, draw.image_angle(np.subtract(s, e)), draw.image_angle(np.subtract(w, e)),
                 draw.LEAD_ARM_COLOR, max(1, int(2 * scale)))
        labels.append({"text": f"lead arm {elbow_angle_deg(joints, lead):.0f}°", "size": size, "bold": True,
                       "xy": (e[0] + arm_side * 12 * scale, e[1]), "color": draw.LEAD_ARM_COLOR,
                       "anchor": "lm" if arm_side > 0 else "rm", "box": (0, 0, 0)})
    if hip is not None and sh is not None:
        length = math.dist(hip, sh)
        draw.dashed_line(img, hip, (hip[0], hip[1] - length), draw.ANGLE_COLOR, max(1, int(2 * scale)))
        draw.line(img, hip, sh, draw.ANGLE_COLOR, max(2, int(3 * scale)))
        draw.arc(img, hip, 0.35 * length, -90.0, draw.image_angle(np.subtract(sh, hip)), draw.ANGLE_COLOR,
                 max(1, int(2 * scale)))
        hip_half = abs(pose["left_hip"][0] - pose["right_hip"][0]) / 2 if "left_hip" in pose else 0.0
        labels.append({"text": f"spine {spine_tilt_deg(joints):.0f}°", "size": size, "bold": True,
                       "xy": (hip[0] - arm_side * (hip_half + 14 * scale), hip[1] - 0.2 * length),
                       "color": draw.ANGLE_COLOR, "anchor": "rm" if arm_side > 0 else "lm", "box": (0, 0, 0)})
    return labels


def draw_annotations(img: np.ndarray, annotations, scale: float = 1.0) -> list[dict]:
    """Coach annotations (normalised points) drawn on the full frame; returns their label items."""
    h, w = img.shape[:2]
    labels = []
    size = max(11, int(round(14 * scale)))
    for a in annotations:
        pts = [(x * w, y * h) for x, y in a.points]
        th = max(2, int(round(3 * scale)))
        text = a.text
        if a.kind == "line":
            draw.line(img, pts[0], pts[1], draw.NOTE_COLOR, th)
            for p in pts:
                draw.dot(img, p, 4 * scale, draw.NOTE_COLOR, outline=(0, 0, 0))
            anchor_pt = ((pts[0][0] + pts[1][0]) / 2, (pts[0][1] + pts[1][1]) / 2)
        elif a.kind == "angle":
            pa, v, pb = pts
            draw.line(img, v, pa, draw.NOTE_COLOR, th)
            draw.line(img, v, pb, draw.NOTE_COLOR, th)
            draw.arc(img, v, 0.3 * min(math.dist(v, pa), math.dist(v, pb)), draw.image_angle(np.subtract(pa, v)),
                     draw.image_angle(np.subtract(pb, v)), draw.NOTE_COLOR, max(1, th - 1))
            for p in pts:
                draw.dot(img, p, 4 * scale, draw.NOTE_COLOR, outline=(0, 0, 0))
            degrees = f"{draw.angle_between(pa, v, pb):.0f}°"
            text = f"{degrees}  {text}" if text else degrees
            anchor_pt = v
        else:
            anchor_pt = pts[0] if pts else (12 * scale, 12 * scale)
            if pts:
                draw.dot(img, anchor_pt, 6 * scale, draw.NOTE_COLOR, outline=(255, 255, 255))
        if text:
            labels.append({"text": text, "size": size, "bold": True, "xy": (anchor_pt[0] + 10 * scale,
                                                                            anchor_pt[1] - 10 * scale),
                           "color": (255, 255, 255), "anchor": "lb", "box": (150, 20, 110), "box_alpha": 0.85})
    return labels

"""Per-frame body curves of a swing in the athlete's own terms (lead/trail, toward/away from the target).

Every curve is (T,) and is what the timeline plots. Rotations are in the ground plane, relative to a reference
frame (address), positive = turned away from the target (backswing direction). Target side is +x for a
right-handed athlete and -x for a left-hander (the canonical frame has +x on the athlete's left).
Thorax rotation is the collar line's: the collars carry the thorax' left-right axis (from the thorax markers in
motion capture, from the shoulders in MediaPipe motion), while the shoulder joints also move with the shoulder
blades (protraction and retraction add ~20 deg of apparent turn in a pitch).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from llamo_engine.analysis.hand_path import frontal_angle, is_down_the_line, time_ordered_angle
from llamo_engine.analysis.signals import derivative, smooth, unwrap_deg
from llamo_engine.motion.skeleton import MotionSequence, joint_index

J = {name: joint_index(name) for name in (
    "pelvis", "left_hip", "right_hip", "left_collar", "right_collar", "left_shoulder", "right_shoulder",
    "left_elbow", "right_elbow", "left_wrist", "right_wrist", "head", "neck", "left_ankle", "right_ankle", "spine3")}


@dataclasses.dataclass
class Body:
    """Smoothed joint tracks of a clip with lead/trail resolved. All arrays (T, 3) except noted."""

    fps: float
    target: float            # +1 when the target is +x (right-handed), -1 otherwise
    pelvis: np.ndarray
    hips: tuple              # (lead_hip, trail_hip)
    collars: tuple           # (lead_collar, trail_collar): the thorax' left-right axis
    shoulders: tuple         # (lead_shoulder, trail_shoulder)
    elbows: tuple
    wrists: tuple
    ankles: tuple
    head: np.ndarray
    neck: np.ndarray
    club: np.ndarray | None  # (T, 2, 3) or None
    camera_yaw_deg: float | None = None  # the video's camera (0 = face-on); None for motion capture
    raw_hands: np.ndarray | None = None      # unsmoothed hand midpoint, for speeds (see curves)
    raw_club_head: np.ndarray | None = None  # unsmoothed club head (T, 3)

    @property
    def hands(self) -> np.ndarray:
        return (self.wrists[0] + self.wrists[1]) / 2

    @property
    def shoulder_mid(self) -> np.ndarray:
        return (self.shoulders[0] + self.shoulders[1]) / 2


def body_of(motion: MotionSequence, right_handed: bool, window_s: float = 0.07) -> Body:
    """Smooth the joints lightly (~2 frames at 30 fps) and assign lead/trail by handedness."""
    T = motion.num_frames
    X = smooth(motion.joints.reshape(T, -1), motion.fps, window_s).reshape(motion.joints.shape)
    g = lambda n: X[:, J[n]]  # noqa: E731
    lead, trail = ("left", "right") if right_handed else ("right", "left")
    pair = lambda part: (g(f"{lead}_{part}"), g(f"{trail}_{part}"))  # noqa: E731
    club = None
    if motion.club is not None and np.isfinite(motion.club).all():
        club = smooth(motion.club.reshape(T, -1), motion.fps, window_s).reshape(motion.club.shape)
    raw = motion.joints.astype(np.float64)
    return Body(fps=motion.fps, target=1.0 if right_handed else -1.0, pelvis=g("pelvis"), hips=pair("hip"),
                collars=pair("collar"), shoulders=pair("shoulder"), elbows=pair("elbow"), wrists=pair("wrist"),
                ankles=pair("ankle"), head=g("head"), neck=g("neck"), club=club,
                camera_yaw_deg=motion.camera_yaw_deg,
                raw_hands=(raw[:, J["left_wrist"]] + raw[:, J["right_wrist"]]) / 2,
                raw_club_head=None if club is None else motion.club[:, 1].astype(np.float64))


def line_rotation(lead: np.ndarray, trail: np.ndarray, target: float, ref: int) -> np.ndarray:
    """Ground-plane rotation (deg) of the trail->lead line relative to frame `ref`, + away from the target."""
    v = (lead - trail) * target  # points toward the target at address for either handedness
    yaw = unwrap_deg(np.degrees(np.arctan2(-v[:, 2], v[:, 0])))
    return -(yaw - yaw[ref]) * target


def elevation(vec: np.ndarray) -> np.ndarray:
    """Angle (deg) of vectors (T, 3) above the horizontal plane."""
    return np.degrees(np.arcsin(np.clip(vec[:, 1] / np.maximum(np.linalg.norm(vec, axis=1), 1e-9), -1, 1)))


def inner_angle(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Angle (deg) at b between b->a and b->c; 180 = straight."""
    u, v = a - b, c - b
    cos = np.sum(u * v, 1) / np.maximum(np.linalg.norm(u, axis=1) * np.linalg.norm(v, axis=1), 1e-9)
    return np.degrees(np.arccos(np.clip(cos, -1, 1)))


def hand_angle(body: Body) -> np.ndarray:
    """Hand-path 'clock' angle (deg): shoulder midpoint -> hands, 0 = hanging straight down, + toward the trail
    side (about +140 at the top of a golf swing, below -90 after impact). In the frontal (x, y) plane unless
    the camera looked down the line, where x is depth: then signed by the order of events (see hand_path)."""
    d = body.hands - body.shoulder_mid
    if is_down_the_line(body.camera_yaw_deg):
        return time_ordered_angle(d, body.target, body.fps)
    return frontal_angle(d, body.target)


def spine_angle(body: Body) -> np.ndarray:
    """Forward tilt (deg) of the pelvis -> shoulder-midpoint line from vertical, toward +z (the ball)."""
    d = body.shoulder_mid - body.pelvis
    return np.degrees(np.arctan2(d[:, 2], d[:, 1]))


def curves(body: Body, ref: int) -> dict[str, np.ndarray]:
    """The timeline curves (each (T,)) relative to reference frame `ref` (address / stance)."""
    fps, tx = body.fps, body.target
    pelvis_rot = line_rotation(body.hips[0], body.hips[1], tx, ref)
    thorax_rot = line_rotation(body.collars[0], body.collars[1], tx, ref)
    hands = body.hands
    out = {
        "pelvis_rotation": pelvis_rot,
        "thorax_rotation": thorax_rot,
        "x_factor": thorax_rot - pelvis_rot,
        "pelvis_speed": derivative(smooth(pelvis_rot, fps, 0.1), fps),
        "thorax_speed": derivative(smooth(thorax_rot, fps, 0.1), fps),
        "hand_speed": speed(hands if body.raw_hands is None else body.raw_hands, fps),
        "hand_height": hands[:, 1] - body.pelvis[ref, 1],
        "hand_angle": hand_angle(body),
        "lead_arm_elevation": elevation(body.wrists[0] - body.shoulders[0]),
        "lead_elbow_angle": inner_angle(body.shoulders[0], body.elbows[0], body.wrists[0]),
        "spine_angle": spine_angle(body),
        "shoulder_tilt": elevation(body.shoulders[1] - body.shoulders[0]),  # + = lead shoulder lower
        "pelvis_lateral": (body.pelvis[:, 0] - body.pelvis[ref, 0]) * tx,
        "pelvis_forward": body.pelvis[:, 2] - body.pelvis[ref, 2],
        "upper_lateral": ((body.shoulder_mid[:, 0] - body.pelvis[:, 0])
                          - (body.shoulder_mid[ref, 0] - body.pelvis[ref, 0])) * tx,
        "head_lateral": (body.head[:, 0] - body.head[ref, 0]) * tx,
        "head_vertical": body.head[:, 1] - body.head[ref, 1],
        "lead_ankle_height": body.ankles[0][:, 1] - body.ankles[0][ref, 1],
        "lead_ankle_lateral": (body.ankles[0][:, 0] - body.ankles[0][ref, 0]) * tx,
    }
    out["arm_speed"] = derivative(smooth(out["hand_angle"], fps, 0.1), fps) * -1.0
    if body.club is not None:
        shaft = body.club[:, 1] - body.club[:, 0]
        out["shaft_elevation"] = elevation(shaft)
        out["club_speed"] = speed(body.club[:, 1] if body.raw_club_head is None else body.raw_club_head, fps)
    return out


def speed(track: np.ndarray, fps: float) -> np.ndarray:
    """Speed (T,) of a point track (T, 3): the norm of the unsmoothed track's derivative, then smoothed as a scalar.
    Smoothing the positions first would cut the corner of a fast arc (hands, club head) and under-read its peak
    speed (by ~20% for hands and ~25-35% for a club or bat at 30-60 fps); smoothing the speed does not."""
    return smooth(np.linalg.norm(derivative(track, fps), axis=1), fps, 0.07)

"""The SMPL 22-joint body skeleton and `MotionSequence`, the one motion container every layer above uses.

Canonical frame (every MotionSequence is in it, whatever its source):
- metres; y up; the ground (the feet at rest) at y = 0;
- the athlete faces +z at the start of the clip (at address), so +x is the athlete's left;
  the frame is fixed for the whole clip (rotations of the body during the swing are kept, never removed).

Joint order and names are SMPL's first 22 body joints, exactly as `smplx.joint_names.JOINT_NAMES[:22]`.
"""

from __future__ import annotations

import dataclasses
import json
import os

import numpy as np

from llamo_engine.atomic import atomic_open

JOINT_NAMES = (
    "pelvis", "left_hip", "right_hip", "spine1", "left_knee", "right_knee", "spine2", "left_ankle",
    "right_ankle", "spine3", "left_foot", "right_foot", "neck", "left_collar", "right_collar", "head",
    "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
)
# Parent of each joint in the SMPL kinematic tree (-1 for the root).
PARENTS = (-1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 12, 13, 14, 16, 17, 18, 19)
# HumanML3D's kinematic chains over the same 22 joints (root first in each chain).
KINEMATIC_CHAINS = ((0, 2, 5, 8, 11), (0, 1, 4, 7, 10), (0, 3, 6, 9, 12, 15), (9, 14, 17, 19, 21),
                    (9, 13, 16, 18, 20))
NUM_JOINTS = len(JOINT_NAMES)


def joint_index(name: str) -> int:
    """Index of a joint by its SMPL name; ValueError naming the valid names otherwise."""
    try:
        return JOINT_NAMES.index(name)
    except ValueError:
        raise ValueError(f"unknown joint {name!r}; valid names: {', '.join(JOINT_NAMES)}") from None


@dataclasses.dataclass
class MotionSequence:
    """A clip's 3D body motion, one row per video frame.

    joints:      (T, 22, 3) float32, canonical frame (see module docstring), smoothed and gap-filled.
    confidence:  (T, 22) float32 in [0, 1]; 0 where the joint was not observed (a filled gap).
    present:     (T,) bool; True where the estimator found a person in that frame (before gap filling).
    timestamps:  (T,) float64 seconds from the start of the clip (variable frame rate is kept here).
    fps:         nominal frame rate (frames per second) used for velocities and events.
    source:      where the motion came from, e.g. "mediapipe:swing.mp4", "c3d:capture.c3d", "synthetic:seed=3".
    club:        optional (T, 2, 3): grip and club-head (or bat knob and barrel end) in the same frame; NaN rows
                 where unknown. `club_estimated` says whether the line is measured (mocap, synthetic) or
                 extrapolated from the hands (MediaPipe sees no club).
    joints_raw:  optional (T, 22, 3): the same joints before smoothing and gap filling (NaN where absent).
    landmarks_image: optional (T, 33, 4): BlazePose image landmarks (x, y normalised to the frame, z, visibility).
    camera_yaw_deg: the camera's viewing direction in the canonical frame (0 = camera in front of the athlete,
                 i.e. face-on; +-90 = down the line), or None when the source has no camera (mocap).
    meta:        free JSON-serialisable details (video size, gaps, rotation, ...).
    """

    joints: np.ndarray
    confidence: np.ndarray
    present: np.ndarray
    timestamps: np.ndarray
    fps: float
    source: str
    club: np.ndarray | None = None
    club_estimated: bool = True
    joints_raw: np.ndarray | None = None
    landmarks_image: np.ndarray | None = None
    camera_yaw_deg: float | None = None
    meta: dict = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        self.joints = np.asarray(self.joints, dtype=np.float32)
        T = self.joints.shape[0]
        if self.joints.shape != (T, NUM_JOINTS, 3):
            raise ValueError(f"joints must be (T, {NUM_JOINTS}, 3), got {self.joints.shape}")
        self.confidence = np.asarray(self.confidence, dtype=np.float32).reshape(T, NUM_JOINTS)
        self.present = np.asarray(self.present, dtype=bool).reshape(T)
        self.timestamps = np.asarray(self.timestamps, dtype=np.float64).reshape(T)
        self.fps = float(self.fps)
        if self.fps <= 0:
            raise ValueError(f"fps must be positive, got {self.fps}")
        if self.club is not None:
            self.club = np.asarray(self.club, dtype=np.float32).reshape(T, 2, 3)
        if self.joints_raw is not None:
            self.joints_raw = np.asarray(self.joints_raw, dtype=np.float32).reshape(T, NUM_JOINTS, 3)
        if self.landmarks_image is not None:
            self.landmarks_image = np.asarray(self.landmarks_image, dtype=np.float32).reshape(T, 33, 4)

    # ---- basic views -------------------------------------------------------------------------------------
    @property
    def num_frames(self) -> int:
        return int(self.joints.shape[0])

    @property
    def duration_s(self) -> float:
        return self.num_frames / self.fps

    def joint(self, name: str) -> np.ndarray:
        """(T, 3) trajectory of one joint by SMPL name."""
        return self.joints[:, joint_index(name)]

    def slice(self, start: int, end: int) -> "MotionSequence":
        """Frames [start, end) as a new sequence (timestamps kept relative to the original clip)."""
        def cut(a):
            return None if a is None else a[start:end].copy()
        return dataclasses.replace(
            self, joints=cut(self.joints), confidence=cut(self.confidence), present=cut(self.present),
            timestamps=cut(self.timestamps), club=cut(self.club), joints_raw=cut(self.joints_raw),
            landmarks_image=cut(self.landmarks_image), meta=dict(self.meta, sliced_from=[int(start), int(end)]))

    def resample(self, fps: float) -> "MotionSequence":
        """Linear resampling of joints (and club) to a new frame rate; confidence and presence by nearest frame."""
        T = self.num_frames
        t_old = np.arange(T) / self.fps
        n_new = max(1, int(round((T - 1) / self.fps * fps)) + 1)
        t_new = np.arange(n_new) / fps
        def interp(a):
            flat = a.reshape(T, -1)
            out = np.stack([np.interp(t_new, t_old, flat[:, i]) for i in range(flat.shape[1])], axis=1)
            return out.reshape((n_new,) + a.shape[1:])
        nearest = np.clip(np.round(t_new * self.fps).astype(int), 0, T - 1)
        return MotionSequence(
            joints=interp(self.joints), confidence=self.confidence[nearest], present=self.present[nearest],
            timestamps=self.timestamps[0] + t_new, fps=fps, source=self.source,
            club=None if self.club is None else interp(self.club), club_estimated=self.club_estimated,
            camera_yaw_deg=self.camera_yaw_deg, meta=dict(self.meta, resampled_from_fps=self.fps))

    def with_capture_fps(self, capture_fps: float | None) -> "MotionSequence":
        """The same frames in real time for a clip recorded at `capture_fps` and played back at its file's rate
        (a 240 fps slow-motion clip in a 30 fps file). Frames are unchanged; fps and timestamps become real time.
        None (or the playback rate) gives the clip at its playback rate. Idempotent: applying it twice, or with
        another rate later, always starts from the playback rate kept in meta["playback_fps"]."""
        playback = float(self.meta.get("playback_fps", self.fps))
        capture = playback if capture_fps is None else float(capture_fps)
        if capture <= 0:
            raise ValueError(f"the capture frame rate must be positive, got {capture_fps}")
        scale = (self.fps / capture)  # seconds of real time per second of the current timestamps
        meta = dict(self.meta, playback_fps=playback)
        if capture == playback:
            meta.pop("capture_fps", None)
        else:
            meta["capture_fps"] = capture
        return dataclasses.replace(self, fps=capture, timestamps=self.timestamps * scale, meta=meta)

    # ---- persistence -------------------------------------------------------------------------------------
    def save(self, path: str | os.PathLike) -> None:
        """Write an .npz atomically (a temporary file renamed into place, so a crash leaves nothing half-written)."""
        arrays = {k: getattr(self, k) for k in ("joints", "confidence", "present", "timestamps", "club",
                                                "joints_raw", "landmarks_image") if getattr(self, k) is not None}
        header = {"fps": self.fps, "source": self.source, "club_estimated": self.club_estimated,
                  "camera_yaw_deg": self.camera_yaw_deg, "meta": self.meta, "joint_names": list(JOINT_NAMES)}
        with atomic_open(path) as f:
            np.savez_compressed(f, header=np.frombuffer(json.dumps(header).encode(), dtype=np.uint8), **arrays)

    @classmethod
    def load(cls, path: str | os.PathLike) -> "MotionSequence":
        with np.load(path) as data:
            header = json.loads(bytes(data["header"]).decode())
            if tuple(header["joint_names"]) != JOINT_NAMES:
                raise ValueError(f"{path}: not a 22-joint SMPL MotionSequence file")
            arrays = {k: data[k] for k in data.files if k != "header"}
        return cls(fps=header["fps"], source=header["source"], club_estimated=header["club_estimated"],
                   camera_yaw_deg=header["camera_yaw_deg"], meta=header["meta"], **arrays)

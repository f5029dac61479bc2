"""BlazePose (MediaPipe, 33 landmarks) -> SMPL 22 body joints in the canonical frame.

MediaPipe world landmarks are metres, hip-centred, x to the image right, y down, z away from the camera.
We flip to y up / z toward the camera, recover the root translation that world landmarks drop (from the hip
midpoint in the image, scaled by the trunk's metres-per-pixel), rotate about y once per clip so the athlete
faces +z at the start, and put the ground at the feet.
"""

from __future__ import annotations

import numpy as np

LANDMARK_NAMES = (
    "nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye", "right_eye_outer",
    "left_ear", "right_ear", "mouth_left", "mouth_right", "left_shoulder", "right_shoulder", "left_elbow",
    "right_elbow", "left_wrist", "right_wrist", "left_pinky", "right_pinky", "left_index", "right_index",
    "left_thumb", "right_thumb", "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
    "left_heel", "right_heel", "left_foot_index", "right_foot_index",
)
L = {name: i for i, name in enumerate(LANDMARK_NAMES)}

# SMPL joints taken directly from one landmark.
DIRECT = {
    "left_hip": "left_hip", "right_hip": "right_hip", "left_knee": "left_knee", "right_knee": "right_knee",
    "left_ankle": "left_ankle", "right_ankle": "right_ankle", "left_foot": "left_foot_index",
    "right_foot": "right_foot_index", "left_shoulder": "left_shoulder", "right_shoulder": "right_shoulder",
    "left_elbow": "left_elbow", "right_elbow": "right_elbow", "left_wrist": "left_wrist",
    "right_wrist": "right_wrist",
}
# Fractions along pelvis -> shoulder midpoint for the three SMPL spine joints (from SMPL's rest pose).
SPINE_FRACTIONS = {"spine1": 0.22, "spine2": 0.48, "spine3": 0.62}
NOMINAL_CLUB_LENGTH_M = 1.0  # grip to club head of a mid iron; only used to draw the estimated club line


def landmarks_to_smpl(world: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Map BlazePose landmarks to SMPL joints (same frame as the input).

    world: (T, 33, 3) -> joints (T, 22, 3) and the source landmark indices of each joint's confidence
    as a list of index tuples (a joint is as trustworthy as the landmarks it is built from).
    """
    from llamo_engine.motion.skeleton import JOINT_NAMES

    def p(name):
        return world[:, L[name]]

    pelvis = (p("left_hip") + p("right_hip")) / 2
    shoulder_mid = (p("left_shoulder") + p("right_shoulder")) / 2
    ear_mid = (p("left_ear") + p("right_ear")) / 2
    joints = np.zeros((world.shape[0], len(JOINT_NAMES), 3), dtype=np.float32)
    sources: list[tuple[int, ...]] = []
    for j, name in enumerate(JOINT_NAMES):
        if name in DIRECT:
            joints[:, j] = p(DIRECT[name])
            sources.append((L[DIRECT[name]],))
        elif name == "pelvis":
            joints[:, j] = pelvis
            sources.append((L["left_hip"], L["right_hip"]))
        elif name in SPINE_FRACTIONS:
            joints[:, j] = pelvis + SPINE_FRACTIONS[name] * (shoulder_mid - pelvis)
            sources.append((L["left_hip"], L["right_hip"], L["left_shoulder"], L["right_shoulder"]))
        elif name == "neck":
            joints[:, j] = shoulder_mid + 0.3 * (ear_mid - shoulder_mid)
            sources.append((L["left_shoulder"], L["right_shoulder"], L["left_ear"], L["right_ear"]))
        elif name == "head":
            joints[:, j] = ear_mid
            sources.append((L["left_ear"], L["right_ear"], L["nose"]))
        elif name in ("left_collar", "right_collar"):
            side = name.split("_")[0]
            base = pelvis + 0.85 * (shoulder_mid - pelvis)
            joints[:, j] = base + 0.4 * (p(f"{side}_shoulder") - shoulder_mid)
            sources.append((L["left_shoulder"], L["right_shoulder"]))
        else:  # pragma: no cover - every SMPL body joint is listed above
            raise AssertionError(name)
    return joints, sources


def club_line(world: np.ndarray) -> np.ndarray:
    """Estimated club line (T, 2, 3) [grip, head]: MediaPipe sees hands, not the club.

    Grip = midpoint of both hands (wrist, index and pinky knuckles); the shaft continues the line from the
    elbows' midpoint through the grip, with a nominal length. Marked `club_estimated` by the caller.
    """
    hand_ids = [L[n] for n in ("left_wrist", "right_wrist", "left_index", "right_index", "left_pinky",
                               "right_pinky")]
    grip = world[:, hand_ids].mean(axis=1)
    elbows = (world[:, L["left_elbow"]] + world[:, L["right_elbow"]]) / 2
    direction = grip - elbows
    direction /= np.linalg.norm(direction, axis=-1, keepdims=True) + 1e-9
    return np.stack([grip, grip + NOMINAL_CLUB_LENGTH_M * direction], axis=1)


def mediapipe_world_to_up(world: np.ndarray) -> np.ndarray:
    """MediaPipe world (x right, y down, z away from camera) -> (x right, y up, z toward camera)."""
    return world * np.array([1.0, -1.0, -1.0], dtype=world.dtype)


def root_translation(image: np.ndarray, world_up: np.ndarray, width: int, height: int) -> np.ndarray:
    """(T, 3) pelvis displacement from the first observed frame, in metres, in the y-up camera frame.

    image: (T, 33, >=2) normalised image landmarks; world_up: (T, 33, 3). The scale is the median ratio of the
    trunk length in metres to its length in pixels; depth motion is not observable and stays 0.
    """
    pix = image[..., :2] * np.array([width, height], dtype=np.float64)
    hip_pix = (pix[:, L["left_hip"]] + pix[:, L["right_hip"]]) / 2
    sh_pix = (pix[:, L["left_shoulder"]] + pix[:, L["right_shoulder"]]) / 2
    hip_w = (world_up[:, L["left_hip"]] + world_up[:, L["right_hip"]]) / 2
    sh_w = (world_up[:, L["left_shoulder"]] + world_up[:, L["right_shoulder"]]) / 2
    trunk_pix = np.linalg.norm(sh_pix - hip_pix, axis=-1)
    trunk_m = np.linalg.norm((sh_w - hip_w)[:, :2], axis=-1)  # the trunk's extent in the image plane
    metres_per_pixel = float(np.nanmedian(trunk_m / np.maximum(trunk_pix, 1e-6)))
    reference = hip_pix[np.flatnonzero(np.isfinite(hip_pix).all(axis=1))[0]]  # the first observed frame
    delta = (hip_pix - reference) * metres_per_pixel
    return np.stack([delta[:, 0], -delta[:, 1], np.zeros(len(delta))], axis=1)


def facing_yaw(joints: np.ndarray, frames: slice) -> float:
    """Yaw (radians, about +y) that turns the athlete's facing direction over `frames` onto +z.

    joints: (T, 22, 3) SMPL joints, y up. Facing = across (left minus right, hips and shoulders) x up.
    """
    from llamo_engine.motion.skeleton import joint_index

    seg = joints[frames]
    across = (seg[:, joint_index("left_hip")] - seg[:, joint_index("right_hip")]
              + seg[:, joint_index("left_shoulder")] - seg[:, joint_index("right_shoulder")]).mean(axis=0)
    facing = np.cross(across, [0.0, 1.0, 0.0])
    return float(-np.arctan2(facing[0], facing[2]))


def rotation_y(angle: float) -> np.ndarray:
    """3x3 rotation about +y by `angle` radians (right-handed)."""
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])

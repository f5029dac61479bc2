"""A kinematic body model that turns a few body tracks into the 22 SMPL joints (right-handed athlete).

The generator describes a swing with tracks (pelvis position and yaw, trunk lean and twist, ankle and hand
targets, elbow pole directions); `build_joints` places every joint from them: fixed segment lengths scaled by body
height, spine joints blended between pelvis and thorax rotation, knees and elbows by two-bone IK.
Canonical frame: metres, y up, athlete faces +z, +x is the athlete's left (the target side of a right-hander).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from llamo_engine.motion.skeleton import JOINT_NAMES, joint_index

SMPL_HEIGHT_M = 1.75  # the segment offsets below are for a 1.75 m athlete and scale linearly with height

# Rest offsets (x lateral, y up, z forward) for a 1.75 m body.
HIP_OFFSET = np.array([0.09, -0.07, 0.0])
SPINE_OFFSETS = {"spine1": (0.0, 0.11, -0.01), "spine2": (0.0, 0.25, -0.01), "spine3": (0.0, 0.31, 0.0),
                 "neck": (0.0, 0.52, -0.01), "left_collar": (0.075, 0.43, 0.0),
                 "right_collar": (-0.075, 0.43, 0.0), "left_shoulder": (0.18, 0.44, -0.01),
                 "right_shoulder": (-0.18, 0.44, -0.01)}
SPINE_TWIST_WEIGHT = {"spine1": 0.25, "spine2": 0.6}  # share of the thorax twist (rest from the pelvis)
HEAD_OFFSET = np.array([0.0, 0.11, 0.04])  # neck -> head
THIGH, SHANK, UPPER_ARM, FOREARM = 0.41, 0.42, 0.28, 0.255
ANKLE_HEIGHT = 0.075
FOOT_OFFSET = np.array([0.0, -0.06, 0.14])  # ankle -> toes (SMPL "foot" joint)
MIRROR_PERM = [JOINT_NAMES.index(n.replace("left_", "#").replace("right_", "left_").replace("#", "right_"))
               for n in JOINT_NAMES]


def rot_x(a: np.ndarray) -> np.ndarray:
    """(T,) radians -> (T, 3, 3) rotation about +x (positive tips +y toward +z)."""
    a = np.asarray(a, dtype=np.float64)
    c, s, o, z = np.cos(a), np.sin(a), np.ones_like(a), np.zeros_like(a)
    return np.stack([np.stack([o, z, z], -1), np.stack([z, c, -s], -1), np.stack([z, s, c], -1)], -2)


def rot_y(a: np.ndarray) -> np.ndarray:
    """(T,) radians -> (T, 3, 3) rotation about +y (positive turns +z toward +x)."""
    a = np.asarray(a, dtype=np.float64)
    c, s, o, z = np.cos(a), np.sin(a), np.ones_like(a), np.zeros_like(a)
    return np.stack([np.stack([c, z, s], -1), np.stack([z, o, z], -1), np.stack([-s, z, c], -1)], -2)


def rot_z(a: np.ndarray) -> np.ndarray:
    """(T,) radians -> (T, 3, 3) rotation about +z (positive turns +x toward +y)."""
    a = np.asarray(a, dtype=np.float64)
    c, s, o, z = np.cos(a), np.sin(a), np.ones_like(a), np.zeros_like(a)
    return np.stack([np.stack([c, -s, z], -1), np.stack([s, c, z], -1), np.stack([z, z, o], -1)], -2)


def apply(R: np.ndarray, v: np.ndarray) -> np.ndarray:
    """(T, 3, 3) @ (3,) or (T, 3) -> (T, 3)."""
    v = np.broadcast_to(v, R.shape[:-1])
    return np.einsum("tij,tj->ti", R, v)


def two_bone_ik(root: np.ndarray, target: np.ndarray, l1: float, l2: float, pole: np.ndarray):
    """Middle and end joint of a two-segment limb reaching from `root` toward `target` (all (T, 3)).

    The limb bends toward `pole` (a direction); out-of-reach targets are clamped to 99.9% of full reach.
    """
    d = target - root
    dist = np.linalg.norm(d, axis=-1, keepdims=True)
    u = d / np.maximum(dist, 1e-9)
    reach = np.clip(dist, abs(l1 - l2) + 1e-3, (l1 + l2) * 0.999)
    end = root + u * reach
    a = (l1 ** 2 - l2 ** 2 + reach ** 2) / (2 * reach)  # distance along u to the foot of the middle joint
    h = np.sqrt(np.maximum(l1 ** 2 - a ** 2, 0.0))
    side = pole - np.sum(pole * u, axis=-1, keepdims=True) * u
    side /= np.maximum(np.linalg.norm(side, axis=-1, keepdims=True), 1e-9)
    return root + u * a + side * h, end


@dataclasses.dataclass
class BodyTracks:
    """Per-frame description of a right-handed athlete; every array has T rows. Angles in radians.

    root (T, 3): pelvis joint position.  pelvis_yaw (T,): pelvis rotation about +y (negative = turned away from
    the target, i.e. toward -x).  trunk_lean (T,): forward bend of the trunk toward +z.  trunk_side (T,): side
    bend (positive tips the shoulders toward -x, the trail side).  thorax_yaw (T,): thorax twist about the
    (tilted) trunk axis, same sign as pelvis_yaw.  flat_plane (T,): 0..1, share of the twist done about the
    vertical instead of the trunk axis (a flat shoulder plane).  lead_ankle, trail_ankle (T, 3).
    lead_hand, trail_hand (T, 3): wrist targets.  lead_pole, trail_pole (T, 3): elbow bend directions.
    """

    root: np.ndarray
    pelvis_yaw: np.ndarray
    trunk_lean: np.ndarray
    trunk_side: np.ndarray
    thorax_yaw: np.ndarray
    flat_plane: np.ndarray
    lead_ankle: np.ndarray
    trail_ankle: np.ndarray
    lead_hand: np.ndarray
    trail_hand: np.ndarray
    lead_pole: np.ndarray
    trail_pole: np.ndarray
    foot_yaw: float = 0.2
    head_turn: float = 0.35  # share of the thorax twist the head follows (golfers keep their eyes on the ball)


def thorax_rotation(tr: BodyTracks, twist: np.ndarray) -> np.ndarray:
    """(T, 3, 3) world rotation of a trunk level that carries `twist` (T,) radians of axial rotation."""
    flat = tr.flat_plane
    return rot_y(flat * twist) @ rot_x(tr.trunk_lean) @ rot_z(tr.trunk_side) @ rot_y((1 - flat) * twist)


def shoulder_points(tr: BodyTracks, scale: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Left shoulder, right shoulder and their midpoint (each (T, 3)) before the arms are placed."""
    R = thorax_rotation(tr, tr.thorax_yaw)
    left = tr.root + apply(R, np.array(SPINE_OFFSETS["left_shoulder"]) * scale)
    right = tr.root + apply(R, np.array(SPINE_OFFSETS["right_shoulder"]) * scale)
    return left, right, (left + right) / 2


def build_joints(tr: BodyTracks, height_m: float) -> np.ndarray:
    """Tracks -> joints (T, 22, 3) of a right-handed athlete."""
    s = height_m / SMPL_HEIGHT_M
    T = tr.root.shape[0]
    J = np.zeros((T, len(JOINT_NAMES), 3))
    put = lambda name, value: J.__setitem__((slice(None), joint_index(name)), value)  # noqa: E731
    put("pelvis", tr.root)
    Rp = rot_y(tr.pelvis_yaw)
    for side, sign in (("left", 1.0), ("right", -1.0)):
        put(f"{side}_hip", tr.root + apply(Rp, HIP_OFFSET * s * np.array([sign, 1.0, 1.0])))
    Rt = thorax_rotation(tr, tr.thorax_yaw)
    for name, off in SPINE_OFFSETS.items():
        w = SPINE_TWIST_WEIGHT.get(name)
        R = Rt if w is None else thorax_rotation(tr, w * tr.thorax_yaw + (1 - w) * tr.pelvis_yaw)
        put(name, tr.root + apply(R, np.array(off) * s))
    Rh = thorax_rotation(tr, tr.head_turn * tr.thorax_yaw) @ rot_x(-0.4 * tr.trunk_lean)
    put("head", J[:, joint_index("neck")] + apply(Rh, HEAD_OFFSET * s))
    # Legs: knees bend forward (toward +z, turned halfway with the pelvis).
    knee_pole = apply(rot_y(0.5 * tr.pelvis_yaw), np.array([0.0, 0.0, 1.0]))
    for side, ankle, yaw in (("left", tr.lead_ankle, tr.foot_yaw), ("right", tr.trail_ankle, -tr.foot_yaw)):
        knee, end = two_bone_ik(J[:, joint_index(f"{side}_hip")], ankle, THIGH * s, SHANK * s, knee_pole)
        put(f"{side}_knee", knee)
        put(f"{side}_ankle", end)
        put(f"{side}_foot", end + apply(rot_y(np.full(T, yaw)), FOOT_OFFSET * s))
    for side, hand, pole in (("left", tr.lead_hand, tr.lead_pole), ("right", tr.trail_hand, tr.trail_pole)):
        elbow, wrist = two_bone_ik(J[:, joint_index(f"{side}_shoulder")], hand, UPPER_ARM * s, FOREARM * s, pole)
        put(f"{side}_elbow", elbow)
        put(f"{side}_wrist", wrist)
    return J


def mirror(joints: np.ndarray, club: np.ndarray | None = None):
    """Left-handed version of a right-handed motion: x -> -x and left/right joints swapped."""
    out = joints[:, MIRROR_PERM] * np.array([-1.0, 1.0, 1.0])
    return out, None if club is None else club * np.array([-1.0, 1.0, 1.0])

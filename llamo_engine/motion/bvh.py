"""BVH skeleton motion (Biovision hierarchy) -> MotionSequence of the 22 SMPL joints.

    motion = load_bvh("swing.bvh")      # ValueError naming the problem (a joint it cannot map, a bad line)

Reads the HIERARCHY (ROOT / JOINT / End Site, OFFSET, CHANNELS) and the MOTION block, runs forward kinematics
(each joint's rotation channels composed in the order they are listed, degrees; position channels replace the
joint's offset, as PyMo and Blender read them) and maps the skeleton's joints onto SMPL's by name.

Naming schemes (`SCHEMES`), names compared case-insensitively without namespaces ("mixamorig:"), spaces,
underscores or a "Bip01" prefix:
- "mocap": CMU (cgspeed), Mixamo, LAFAN1, MotionBuilder / Unity humanoid, 3ds Max Biped: Hips, LeftUpLeg,
  LeftLeg, LeftFoot, LeftToeBase, LeftShoulder (the clavicle = SMPL's collar), LeftArm, LeftForeArm, LeftHand;
  SMPL's three spine joints are placed along the skeleton's own spine chain (Hips -> Neck) at SMPL's rest
  fractions of its length;
- "smpl": SMPL / SMPL-X joint names (Pelvis, L_Hip, ... or pelvis, left_hip, ...), spine1..3 read directly.
The scheme that maps more joints wins; a skeleton missing any of the 22 (after the spine) gets a message
naming the missing joints and the names looked for.
Units: BVH has none; the unit (m, cm, mm, inch or CMU's 1/0.45 inch) is the one that makes the head-to-ankle
height closest to an adult's (~1.5 m). Axes: whichever file axis points feet -> head becomes +y (capture.py).
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import re

import numpy as np

from llamo_engine.motion.capture import capture_motion
from llamo_engine.motion.skeleton import JOINT_NAMES, MotionSequence, joint_index

SIDES = {"left": ("Left", "L"), "right": ("Right", "R")}
# SMPL joint -> names a scheme uses for it ("{S}" = the side word, "{s}" = its letter).
SCHEMES: dict[str, dict[str, tuple[str, ...]]] = {
    "mocap": {
        "pelvis": ("Hips", "Pelvis", "Hip"),
        "hip": ("{S}UpLeg", "{S}Thigh", "{s}Thigh", "{S}UpperLeg", "{s}UpLeg"),
        "knee": ("{S}Leg", "{S}Shin", "{S}LowerLeg", "{s}Calf", "{S}Calf", "{s}Shin", "{S}Knee"),
        "ankle": ("{S}Foot", "{s}Foot", "{S}Ankle"),
        "foot": ("{S}ToeBase", "{S}Toe", "{S}Toes", "{s}Toe0", "{s}Toe", "{s}ToeBase"),
        "neck": ("Neck", "Neck1"),
        "head": ("Head",),
        "collar": ("{S}Shoulder", "{S}Clavicle", "{s}Clavicle", "{s}Collar"),
        "shoulder": ("{S}Arm", "{S}UpperArm", "{s}UpperArm"),
        "elbow": ("{S}ForeArm", "{S}LowerArm", "{s}Forearm", "{S}Elbow"),
        "wrist": ("{S}Hand", "{s}Hand", "{S}Wrist"),
    },
    "smpl": {
        "pelvis": ("Pelvis", "Hips"), "spine1": ("Spine1",), "spine2": ("Spine2",), "spine3": ("Spine3",),
        "hip": ("{s}_Hip", "{S}_Hip"), "knee": ("{s}_Knee", "{S}_Knee"), "ankle": ("{s}_Ankle", "{S}_Ankle"),
        "foot": ("{s}_Foot", "{S}_Foot"), "neck": ("Neck",), "head": ("Head",),
        "collar": ("{s}_Collar", "{S}_Collar"), "shoulder": ("{s}_Shoulder", "{S}_Shoulder"),
        "elbow": ("{s}_Elbow", "{S}_Elbow"), "wrist": ("{s}_Wrist", "{S}_Wrist"),
    },
}
SPINE_FRACTIONS = {"spine1": 0.23, "spine2": 0.49, "spine3": 0.59}   # pelvis -> neck, as in SMPL's rest pose
UNITS_M = {"m": 1.0, "cm": 0.01, "mm": 0.001, "inch": 0.0254, "cmu": 0.0254 / 0.45}
HEAD_TO_ANKLE_M = 1.5     # an adult's head joint above the ankle joints, standing


@dataclasses.dataclass
class Joint:
    name: str
    parent: int            # index into the joint list, -1 for the root
    offset: np.ndarray     # (3,) from the parent, file units
    channels: list[str]    # e.g. ["Xposition", "Yposition", "Zposition", "Zrotation", "Xrotation", "Yrotation"]
    first: int = 0         # column of its first channel in a MOTION row


def normalise(name: str) -> str:
    """'mixamorig:LeftUpLeg' -> 'leftupleg', 'Bip01 L Thigh' -> 'lthigh', 'L_Hip' -> 'lhip'."""
    n = re.sub(r"[^a-z0-9]", "", name.rsplit(":", 1)[-1].lower())
    return re.sub(r"^(mixamorig\d*|bip0*1)", "", n)


def parse(text: str, source: str = "file") -> tuple[list[Joint], np.ndarray, float]:
    """BVH text -> (joints, (F, C) channel values, frame time in seconds)."""
    joints: list[Joint] = []
    stack: list[int] = []
    lines = iter(text.splitlines())
    pending: int | None = None     # the joint whose block the next "{" opens (-2: an End Site)
    for line in lines:
        words = line.replace("{", " { ").replace("}", " } ").split()
        if not words:
            continue
        key = words[0].upper()
        if key in ("ROOT", "JOINT"):
            name = line.strip()[len(words[0]):].replace("{", "").strip()
            joints.append(Joint(name, stack[-1] if stack else -1, np.zeros(3), []))
            pending = len(joints) - 1
        elif key == "END":
            pending = -2
        elif key == "{":
            stack.append(pending if pending is not None else -2)
            pending = None
        elif key == "}":
            if not stack:
                raise ValueError(f"{source}: unbalanced '}}' in the HIERARCHY")
            stack.pop()
        elif key == "OFFSET" and stack and stack[-1] >= 0:
            joints[stack[-1]].offset = np.array([float(v) for v in words[1:4]])
        elif key == "CHANNELS" and stack and stack[-1] >= 0:
            joints[stack[-1]].channels = words[2:2 + int(words[1])]
        elif key == "MOTION":
            break
    if not joints:
        raise ValueError(f"{source}: no HIERARCHY with a ROOT joint; this is not a BVH file")
    column = 0
    for j in joints:
        j.first, column = column, column + len(j.channels)
    frames = frame_time = None
    rows = []
    for line in lines:
        s = line.strip()
        if s.lower().startswith("frames:"):
            frames = int(s.split(":")[1])
        elif s.lower().startswith("frame time:"):
            frame_time = float(s.split(":")[1])
        elif s:
            rows.append([float(v) for v in s.split()])
    if frames is None or frame_time is None or frame_time <= 0:
        raise ValueError(f"{source}: the MOTION block lacks 'Frames:' or a positive 'Frame Time:'")
    data = np.array(rows[:frames], dtype=np.float64).reshape(-1, column) if rows else np.zeros((0, column))
    if len(data) < 2:
        raise ValueError(f"{source}: {len(data)} frame(s) of motion; a clip needs at least 2")
    return joints, data, frame_time


def _axis_rotation(axis: str, deg: np.ndarray) -> np.ndarray:
    """(F,) angles -> (F, 3, 3) rotations about x, y or z."""
    a = np.radians(deg)
    c, s, o, z = np.cos(a), np.sin(a), np.ones_like(a), np.zeros_like(a)
    m = {"x": [[o, z, z], [z, c, -s], [z, s, c]], "y": [[c, z, s], [z, o, z], [-s, z, c]],
         "z": [[c, -s, z], [s, c, z], [z, z, o]]}[axis]
    return np.moveaxis(np.array(m), -1, 0)


def forward_kinematics(joints: list[Joint], data: np.ndarray) -> np.ndarray:
    """(F, C) channel values -> (F, N, 3) global joint positions in file units."""
    F = len(data)
    rot = np.zeros((F, len(joints), 3, 3))
    pos = np.zeros((F, len(joints), 3))
    for i, j in enumerate(joints):
        local = np.broadcast_to(np.eye(3), (F, 3, 3))
        translation = np.broadcast_to(j.offset, (F, 3)).copy()
        for k, ch in enumerate(j.channels):
            values = data[:, j.first + k]
            kind, axis = ch[1:].lower(), ch[0].lower()
            if kind == "rotation":
                local = local @ _axis_rotation(axis, values)
            elif kind == "position":
                translation[:, "xyz".index(axis)] = values
        if j.parent < 0:
            rot[:, i], pos[:, i] = local, translation
        else:
            rot[:, i] = rot[:, j.parent] @ local
            pos[:, i] = pos[:, j.parent] + np.einsum("fij,fj->fi", rot[:, j.parent], translation)
    return pos


def _candidates(scheme: dict, smpl_name: str) -> list[str]:
    side, _, part = smpl_name.partition("_") if smpl_name.startswith(("left_", "right_")) else ("", "", smpl_name)
    names = scheme.get(part, ())
    if not side:
        return list(names)
    word, letter = SIDES[side]
    return [n.replace("{S}", word).replace("{s}", letter) for n in names]


def map_joints(names: list[str]) -> tuple[str, dict[str, int], list[str]]:
    """(scheme, {SMPL joint: index into names}, SMPL joints it could not map) for the best-fitting scheme."""
    lookup = {}
    for i, n in enumerate(names):
        lookup.setdefault(normalise(n), i)
    best = None
    for scheme_name, scheme in SCHEMES.items():
        found, missing = {}, []
        for smpl in JOINT_NAMES:
            if smpl.startswith("spine") and "spine1" not in scheme:
                continue
            hit = next((lookup[normalise(c)] for c in _candidates(scheme, smpl) if normalise(c) in lookup), None)
            (missing.append(smpl) if hit is None else found.__setitem__(smpl, hit))
        if best is None or len(found) > len(best[1]):
            best = (scheme_name, found, missing)
    return best


def _chain(joints: list[Joint], start: int, end: int) -> list[int]:
    """Joint indices from `start` down the hierarchy to `end` (inclusive), or [start, end] if not its ancestor."""
    path = [end]
    while path[-1] != start and joints[path[-1]].parent >= 0:
        path.append(joints[path[-1]].parent)
    return path[::-1] if path[-1] == start else [start, end]


def _along(points: np.ndarray, fraction: float) -> np.ndarray:
    """(F, K, 3) polyline per frame -> (F, 3) the point at `fraction` of its length."""
    seg = np.linalg.norm(np.diff(points, axis=1), axis=-1)                  # (F, K-1)
    cum = np.concatenate([np.zeros((len(points), 1)), np.cumsum(seg, axis=1)], axis=1)
    target = fraction * cum[:, -1:]
    k = np.clip((cum[:, 1:] < target).sum(axis=1), 0, points.shape[1] - 2)  # segment index per frame
    f = np.arange(len(points))
    w = ((target[:, 0] - cum[f, k]) / np.maximum(seg[f, k], 1e-9))[:, None]
    return points[f, k] + w * (points[f, k + 1] - points[f, k])


def load_bvh(path: str | os.PathLike) -> MotionSequence:
    """Read a BVH file into a MotionSequence (canonical frame, its own frame rate, no club)."""
    path = pathlib.Path(path)
    joints, data, frame_time = parse(path.read_text(encoding="utf-8", errors="replace"), path.name)
    names = [j.name for j in joints]
    scheme, index, missing = map_joints(names)
    if missing:
        looked = "; ".join(f"the {m.replace('_', ' ')} ("
                           + " or ".join(dict.fromkeys(c for s in SCHEMES.values() for c in _candidates(s, m)[:1]))
                           + ")" for m in missing)
        raise ValueError(f"{path.name}: no joint for {looked}; rename the skeleton's joints to CMU / Mixamo or "
                         f"SMPL names (its joints: {', '.join(names[:12])}{' ...' if len(names) > 12 else ''})")
    pos = forward_kinematics(joints, data)                                  # (F, N, 3) file units
    J = np.zeros((len(pos), len(JOINT_NAMES), 3))
    for smpl, i in index.items():
        J[:, joint_index(smpl)] = pos[:, i]
    if "spine1" not in index:
        chain = pos[:, _chain(joints, index["pelvis"], index["neck"])]
        for name, f in SPINE_FRACTIONS.items():
            J[:, joint_index(name)] = _along(chain, f)
    ankles = (J[:, joint_index("left_ankle")] + J[:, joint_index("right_ankle")]) / 2
    height = float(np.max(np.linalg.norm(J[:, joint_index("head")] - ankles, axis=-1)))
    if not np.isfinite(height) or height <= 0:
        raise ValueError(f"{path.name}: the skeleton has no height (head and ankles coincide)")
    unit = min(UNITS_M, key=lambda u: abs(np.log(height * UNITS_M[u] / HEAD_TO_ANKLE_M)))
    fps = 1.0 / frame_time
    return capture_motion(J * UNITS_M[unit], fps, f"bvh:{path.name}",
                          meta={"bvh_scheme": scheme, "bvh_unit": unit, "bvh_fps": fps,
                                "bvh_joints": {k: names[v] for k, v in index.items()}})

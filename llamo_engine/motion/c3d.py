"""Marker motion capture (C3D, read with ezc3d) -> MotionSequence of the 22 SMPL joints, plus the club/bat line.

Two marker sets are known (`MARKER_SETS`): the GEARS golf suit (lateral markers only, club clusters) and
Driveline's OpenBiomechanics Plug-in-Gait-like set (medial + lateral markers, 10 bat markers in hitting).
Joint centres are estimated with simple, documented rules:
- hips: Harrington et al. (2007) regression from the ASIS / PSIS (or waist) markers; pelvis 9 cm above their
  middle along the pelvis' up axis (SMPL's pelvis joint sits above the hip centres);
- knees, ankles, elbows, wrists: midpoint of the lateral and medial markers, or the lateral marker moved medially by
  a fixed half width when the set has no medial marker;
- shoulders: the acromion (or posterior shoulder) marker moved into the joint by a fixed offset in the thorax frame;
- thorax axes from the thorax markers where the set has them (Plug-in Gait: up = C7/CLAV midpoint minus T10/STRN
  midpoint, forward = CLAV/STRN midpoint minus C7/T10 midpoint; GEARS: the BackLeft -> BackRight line), else
  from the shoulder markers. The collars sit on the thorax' left-right axis below the neck (SMPL's rest offsets),
  so the collar line is the thorax' orientation: the shoulder joints also move with the shoulder blades;
- neck from C7 / clavicle (or the upper-back marker moved forward), spine interpolated, head the centroid of the
  head markers, feet (SMPL's ball of the foot) from the toe markers;
- club/bat: the head is the set's named club-head marker, else the club marker farthest from the hands on average;
  the grip is the point of the club line (head to the club marker nearest the hands) closest to the wrists' middle.
Marker names may carry a subject prefix ("Skeleton_001_LASI", "Pitcher:LASI"); it is stripped when that makes
the names match a known set. Then units -> metres, the up axis (feet to head) -> +y, the athlete turned to face
+z at the first frame (HumanML3D's across vector), first pelvis at x = z = 0 and the lowest foot joint of the clip on y = 0.
"""

from __future__ import annotations

import os
import pathlib

import numpy as np

from llamo_engine.motion.capture import capture_motion
from llamo_engine.motion.skeleton import NUM_JOINTS, MotionSequence, joint_index

# role -> marker name, per marker set. Roles ending in "_med" (medial markers) and starting with "thorax_" are
# optional: used when the capture has them.
MARKER_SETS: dict[str, dict[str, object]] = {
    "gears_golf": {
        "asis_l": "WaistLeft", "asis_r": "WaistRight", "psis_l": "WaistLBack", "psis_r": "WaistRBack",
        "knee_l": "LKneeOut", "knee_r": "RKneeOut", "ankle_l": "LAnkleOut", "ankle_r": "RAnkleOut",
        "toe_l": ("LToeIn", "LToeOut"), "toe_r": ("RToeIn", "RToeOut"),
        "shoulder_l": "LShoulderBack", "shoulder_r": "RShoulderBack",   # RShoulderTop is mostly missing
        "elbow_l": "LElbowOut", "elbow_r": "RElbowOut", "wrist_l": ("LWristTop",), "wrist_r": ("RWristTop",),
        "neck_back": "BackTop", "head": ("HeadTop", "HeadFront", "HeadSide"),
        "thorax_left": "BackLeft", "thorax_right": "BackRight",
        "club": ("Marker_2:2:1", "Marker_2:2:2", "Marker_2:2:3", "Marker_3:3:1", "Marker_3:3:2", "Marker_3:3:3"),
        "club_head": "Marker_2:2:1",   # the head-cluster marker GEARS' reported club speed follows
    },
    "driveline": {
        "asis_l": "LASI", "asis_r": "RASI", "psis_l": "LPSI", "psis_r": "RPSI",
        "knee_l": "LKNE", "knee_r": "RKNE", "knee_l_med": "LMKNE", "knee_r_med": "RMKNE",
        "ankle_l": "LANK", "ankle_r": "RANK", "ankle_l_med": "LMANK", "ankle_r_med": "RMANK",
        "toe_l": ("LTOE",), "toe_r": ("RTOE",),
        "shoulder_l": "LSHO", "shoulder_r": "RSHO",
        "elbow_l": "LELB", "elbow_r": "RELB", "elbow_l_med": "LMELB", "elbow_r_med": "RMELB",
        "wrist_l": ("LWRA", "LWRB"), "wrist_r": ("RWRA", "RWRB"),
        "neck_back": "C7", "neck_front": "CLAV", "head": ("LFHD", "RFHD", "LBHD", "RBHD"),
        "thorax_upper": ("C7", "CLAV"), "thorax_lower": ("T10", "STRN"),
        "thorax_front": ("CLAV", "STRN"), "thorax_back": ("C7", "T10"),
        "club": tuple(f"Marker{i}" for i in range(1, 11)),
    },
}
SET_TITLES = {"gears_golf": "GEARS golf", "driveline": "Driveline / Plug-in Gait"}
# Body part -> the marker roles that locate it (for messages naming what a capture lacks).
BODY_PARTS = {"left hip": ("asis_l", "psis_l"), "right hip": ("asis_r", "psis_r"), "left knee": ("knee_l",),
              "right knee": ("knee_r",), "left ankle": ("ankle_l",), "right ankle": ("ankle_r",),
              "left foot": ("toe_l",), "right foot": ("toe_r",), "left shoulder": ("shoulder_l",),
              "right shoulder": ("shoulder_r",), "left elbow": ("elbow_l",), "right elbow": ("elbow_r",),
              "left wrist": ("wrist_l",), "right wrist": ("wrist_r",), "neck": ("neck_back", "neck_front"),
              "head": ("head",)}
# Offsets (metres) where a set lacks the marker that would locate a joint centre directly.
KNEE_HALF_WIDTH, ANKLE_HALF_WIDTH, ELBOW_HALF_WIDTH = 0.05, 0.035, 0.03
SHOULDER_DROP_ACROMION = 0.05          # acromion marker -> glenohumeral centre, along the thorax' down axis
SHOULDER_FORWARD_POSTERIOR = 0.06      # posterior shoulder marker -> centre, along the thorax' forward axis
NECK_FORWARD_FROM_BACK = 0.06          # upper-back marker -> neck joint, forward
PELVIS_ABOVE_HIPS = 0.09
SPINE_FRACTIONS = {"spine1": 0.23, "spine2": 0.49, "spine3": 0.59}   # pelvis -> neck, as in SMPL's rest pose
COLLAR_HALF_WIDTH, COLLAR_BELOW_NECK = 0.077, 0.084                 # neck -> collar in SMPL's rest pose
SUBJECT_PREFIX_SEPARATORS = (":", "_")
UNIT_SCALE = {"m": 1.0, "mm": 1e-3, "cm": 1e-2}
# Where each set's shoulder marker sits: on the acromion (top) or on the back of the shoulder.
SHOULDER_MARKER_KIND = {"gears_golf": "posterior", "driveline": "acromion"}


def _names(value) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def _optional(role: str) -> bool:
    return role.startswith(("club", "thorax_")) or role.endswith("_med")


def required_markers(marker_set: dict) -> list[str]:
    return [n for role, v in marker_set.items() if not _optional(role) for n in _names(v)]


def subject_prefixes(labels: list[str]) -> list[str]:
    """Candidate subject prefixes ("Skeleton_001_", "Pitcher:"), most common first: what precedes a known
    marker name after a ':' or '_' separator."""
    known = {n for mset in MARKER_SETS.values() for v in mset.values() for n in _names(v)}
    counts: dict[str, int] = {}
    for label in labels:
        for name in known:
            cut = len(label) - len(name)
            if cut > 0 and label.endswith(name) and label[cut - 1] in SUBJECT_PREFIX_SEPARATORS:
                counts[label[:cut]] = counts.get(label[:cut], 0) + 1
    return sorted(counts, key=lambda p: (-counts[p], p))


def strip_prefix(labels: list[str], prefix: str) -> list[str]:
    return [label[len(prefix):] if prefix and label.startswith(prefix) else label for label in labels]


def detect_marker_set(labels: list[str]) -> str:
    """Name of the first marker set whose required markers are all in `labels` (see `match_marker_set`)."""
    return match_marker_set(labels)[0]


def match_marker_set(labels: list[str]) -> tuple[str, str]:
    """(marker set name, subject prefix) of the first set whose required markers are all in `labels`, as they
    are or with a subject prefix stripped; ValueError naming the body parts without markers otherwise."""
    missing = {}   # (set name, prefix) -> required markers not in labels
    for prefix in ["", *subject_prefixes(labels)]:
        present = set(strip_prefix(labels, prefix))
        for name, mset in MARKER_SETS.items():
            miss = [m for m in required_markers(mset) if m not in present]
            if not miss:
                return name, prefix
            missing[(name, prefix)] = miss
    (closest, _), miss = min(missing.items(), key=lambda kv: len(kv[1]))
    raise ValueError(f"{missing_parts(closest, set(miss))}; label the markers like one of the known sets "
                     f"({', '.join(SET_TITLES.values())}), or export joint centres as BVH")


def missing_parts(set_name: str, missing: set[str]) -> str:
    """'no markers for the left hip (LASI/LPSI or WaistLeft/WaistLBack), ...': the body parts whose required
    markers in set `set_name` are among `missing`, with the markers every known set uses for them."""
    parts = []
    for part, roles in BODY_PARTS.items():
        names = [n for r in roles for n in _names(MARKER_SETS[set_name].get(r, ()))]
        if any(n in missing for n in names):
            options = ["/".join(dict.fromkeys(n for r in roles for n in _names(mset.get(r, ()))))
                       for mset in sorted(MARKER_SETS.values(), key=lambda m: m is not MARKER_SETS[set_name])]
            parts.append(f"the {part} ({' or '.join(o for o in options if o)})")
    return "no markers for " + ", ".join(parts)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _fill_gaps(x: np.ndarray) -> np.ndarray:
    """(T, 3) with NaN rows -> linearly interpolated inside, held at the ends."""
    ok = np.isfinite(x).all(-1)
    if ok.all() or not ok.any():
        return x
    t = np.arange(len(x))
    return np.stack([np.interp(t, t[ok], x[ok, i]) for i in range(3)], axis=-1)


def _medial(lateral: np.ndarray, side_left: np.ndarray, axis: np.ndarray, half_width: float) -> np.ndarray:
    """Lateral marker moved toward the midline by half_width, perpendicular to the segment axis."""
    d = side_left - (side_left * axis).sum(-1, keepdims=True) * axis
    return lateral - half_width * _unit(d)


def _has(m: dict[str, np.ndarray], mset: dict, *roles: str) -> bool:
    """True when the set names every role and the capture has data for all of their markers."""
    return all(r in mset and all(n in m and np.isfinite(m[n]).any() for n in _names(mset[r])) for r in roles)


def _thorax_left(m: dict[str, np.ndarray], mset: dict, get) -> np.ndarray | None:
    """(T, 3) the thorax' left direction from the thorax markers (not unit length), None without them.

    Plug-in Gait thorax: up = upper (C7, CLAV) minus lower (T10, STRN) midpoints, forward = front (CLAV, STRN)
    minus back (C7, T10) midpoints, left = up x forward. A left/right pair of back markers gives it directly."""
    if _has(m, mset, "thorax_upper", "thorax_lower", "thorax_front", "thorax_back"):
        up = get("thorax_upper") - get("thorax_lower")
        return np.cross(up, get("thorax_front") - get("thorax_back"))
    if _has(m, mset, "thorax_left", "thorax_right"):
        return get("thorax_left") - get("thorax_right")
    return None


def _markers_to_joints(m: dict[str, np.ndarray], set_name: str) -> np.ndarray:
    """Marker trajectories (name -> (T, 3), metres, file axes) -> (T, 22, 3) joint centres in the same axes."""
    mset = MARKER_SETS[set_name]
    get = lambda role: np.mean([m[n] for n in _names(mset[role])], axis=0)  # noqa: E731
    T = len(next(iter(m.values())))
    J = np.full((T, NUM_JOINTS, 3), np.nan)
    put = lambda name, v: J.__setitem__((slice(None), joint_index(name)), v)  # noqa: E731

    asis_l, asis_r, psis_l, psis_r = get("asis_l"), get("asis_r"), get("psis_l"), get("psis_r")
    origin = (asis_l + asis_r) / 2
    left = _unit(asis_l - asis_r)
    fwd = origin - (psis_l + psis_r) / 2
    fwd = _unit(fwd - (fwd * left).sum(-1, keepdims=True) * left)
    up = np.cross(fwd, left)
    pw = np.linalg.norm(asis_l - asis_r, axis=-1, keepdims=True)
    pd = np.linalg.norm(origin - (psis_l + psis_r) / 2, axis=-1, keepdims=True)
    base = origin + (-0.24 * pd - 0.0099) * fwd + (-0.30 * pw - 0.0109) * up
    lateral = (0.33 * pw + 0.0073) * left
    hips = {"l": base + lateral, "r": base - lateral}
    pelvis = base + PELVIS_ABOVE_HIPS * up
    put("pelvis", pelvis)

    neck_back = get("neck_back")
    sh_marker = {s: get(f"shoulder_{s}") for s in "lr"}
    t_up = _unit(neck_back - (psis_l + psis_r) / 2)
    thorax_left = _thorax_left(m, mset, get)
    thorax_left = _unit(sh_marker["l"] - sh_marker["r"] if thorax_left is None else thorax_left)
    t_left = _unit(thorax_left - (thorax_left * t_up).sum(-1, keepdims=True) * t_up)
    t_fwd = np.cross(t_left, t_up)
    neck = (neck_back + get("neck_front")) / 2 if "neck_front" in mset else neck_back + NECK_FORWARD_FROM_BACK * t_fwd
    put("neck", neck)
    put("head", get("head"))
    for name, f in SPINE_FRACTIONS.items():
        put(name, pelvis + f * (neck - pelvis))

    acromion = SHOULDER_MARKER_KIND[set_name] == "acromion"
    for s, side, sign in (("l", "left", 1.0), ("r", "right", -1.0)):
        side_left = sign * left                      # pelvis lateral direction, pointing away from the midline
        hip = hips[s]
        knee = get(f"knee_{s}")
        knee = (knee + get(f"knee_{s}_med")) / 2 if _has(m, mset, f"knee_{s}_med") else \
            _medial(knee, side_left, _unit(knee - hip), KNEE_HALF_WIDTH)
        ankle = get(f"ankle_{s}")
        ankle = (ankle + get(f"ankle_{s}_med")) / 2 if _has(m, mset, f"ankle_{s}_med") else \
            _medial(ankle, side_left, _unit(ankle - knee), ANKLE_HALF_WIDTH)
        shoulder = sh_marker[s] - SHOULDER_DROP_ACROMION * t_up if acromion else \
            sh_marker[s] + SHOULDER_FORWARD_POSTERIOR * t_fwd
        wrist = get(f"wrist_{s}")
        elbow = get(f"elbow_{s}")
        elbow = (elbow + get(f"elbow_{s}_med")) / 2 if _has(m, mset, f"elbow_{s}_med") else \
            _medial(elbow, sign * t_left, _unit(elbow - shoulder), ELBOW_HALF_WIDTH)
        put(f"{side}_hip", hip)
        put(f"{side}_knee", knee)
        put(f"{side}_ankle", ankle)
        put(f"{side}_foot", get(f"toe_{s}"))
        put(f"{side}_shoulder", shoulder)
        put(f"{side}_collar", neck + sign * COLLAR_HALF_WIDTH * thorax_left - COLLAR_BELOW_NECK * t_up)
        put(f"{side}_elbow", elbow)
        put(f"{side}_wrist", wrist)
    return J


def _club_line(m: dict[str, np.ndarray], names: list[str], hands: np.ndarray, head_name: str | None) -> np.ndarray:
    """(T, 2, 3) [grip, head]: head = `head_name` or the club marker farthest from the hands, grip = the hands
    projected on the line from the head to the club marker nearest the hands."""
    pts = np.stack([m[n] for n in names], axis=1)                       # (T, K, 3)
    dist = np.nanmean(np.linalg.norm(pts - hands[:, None], axis=-1), axis=0)
    head = m[head_name] if head_name in names else pts[:, int(np.argmax(dist))]
    near = pts[:, int(np.argmin(dist))]
    axis = _unit(near - head)
    grip = head + ((hands - head) * axis).sum(-1, keepdims=True) * axis
    return np.stack([grip, head], axis=1)


def load_c3d(path: str | os.PathLike, *, target_fps: float | None = None) -> MotionSequence:
    """Read a C3D marker capture into a MotionSequence (canonical frame; club line when club markers exist)."""
    import ezc3d  # imported here so that the package loads without the C3D reader

    path = pathlib.Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such C3D file; check the path")
    try:
        c3d = ezc3d.c3d(str(path))
    except Exception as exc:  # ezc3d raises plain RuntimeError/IOError on corrupt files
        raise ValueError(f"{path.name}: not a readable C3D file ({exc}); export it again from the capture "
                         "software") from exc
    point = c3d["parameters"]["POINT"]
    labels = [str(s).strip() for s in point["LABELS"]["value"]]
    units = str(point["UNITS"]["value"][0]).strip().lower() if point.get("UNITS", {}).get("value") else "mm"
    if units not in UNIT_SCALE:
        raise ValueError(f"{path.name}: unsupported marker units {units!r} (expected one of {', '.join(UNIT_SCALE)})")
    fps = float(np.atleast_1d(point["RATE"]["value"])[0])
    try:
        set_name, prefix = match_marker_set(labels)
    except ValueError as exc:
        raise ValueError(f"{path.name}: {exc}") from None
    labels = strip_prefix(labels, prefix)
    mset = MARKER_SETS[set_name]
    data = c3d["data"]["points"][:3].transpose(2, 1, 0) * UNIT_SCALE[units]   # (T, M, 3) metres
    raw = {label: data[:, i].astype(np.float64) for i, label in enumerate(labels)}
    for label, x in raw.items():   # exactly-zero rows are "no data" in some writers
        x[np.all(x == 0.0, axis=-1)] = np.nan
    filled = {label: _fill_gaps(x) for label, x in raw.items()}

    joints_raw = _markers_to_joints(raw, set_name)           # (T, 22, 3) NaN where a marker was missing
    joints = _markers_to_joints(filled, set_name)
    if not np.isfinite(joints).all():
        empty = {n for n in required_markers(mset) if not np.isfinite(filled[n]).any()}
        what = missing_parts(set_name, empty) if empty else "some body markers have no data"
        raise ValueError(f"{path.name}: {what}: labelled but empty in every frame; fill or relabel them in the "
                         "capture software")
    club_names = [n for n in mset["club"] if n in filled and np.isfinite(filled[n]).all()]
    hands = (joints[:, joint_index("left_wrist")] + joints[:, joint_index("right_wrist")]) / 2
    club = _club_line(filled, club_names, hands, mset.get("club_head")) if len(club_names) >= 2 else None

    motion = capture_motion(joints, fps, f"c3d:{path.name}", joints_raw=joints_raw, club=club,
                            meta={"marker_set": set_name, "marker_prefix": prefix, "units": units, "c3d_fps": fps,
                                  "club_markers": club_names})
    if target_fps is not None and abs(target_fps - fps) > 1e-6:
        motion = motion.resample(target_fps)
    return motion

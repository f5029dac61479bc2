import numpy as np
import pytest

from llamo_engine.motion.c3d import MARKER_SETS, detect_marker_set, load_c3d
from llamo_engine.motion.skeleton import joint_index as ji
from tests.engine.motion.procedural_skeleton import procedural_motion

import ezc3d
# Joints whose centre the synthetic markers pin down exactly (the rest are interpolated or regressed).
EXACT = ("left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle", "left_foot", "right_foot",
         "neck", "head", "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist")
FILE_FROM_CANONICAL = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, -1.0], [0.0, 1.0, 0.0]])  # y up -> z up


def _unit(v):
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def thorax_axes(J: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(left, up, forward) unit axes (T, 3) of the thorax of J: left along the collars, up toward the neck."""
    left = _unit(J[:, ji("left_collar")] - J[:, ji("right_collar")])
    up = J[:, ji("neck")] - J[:, ji("spine3")]
    up = _unit(up - (up * left).sum(-1, keepdims=True) * left)
    return left, up, np.cross(left, up)


def driveline_markers(J: np.ndarray, thorax: bool = False) -> dict[str, np.ndarray]:
    """Driveline-named markers placed around known joint centres J (T, 22, 3) so that the loader's rules invert.
    `thorax` adds T10 and STRN and places C7 / CLAV on the thorax (Plug-in Gait thorax = the collars' frame)."""
    g = lambda n: J[:, ji(n)]  # noqa: E731
    left = _unit(g("left_hip") - g("right_hip"))
    up = g("spine1") - g("pelvis")
    up = _unit(up - (up * left).sum(-1, keepdims=True) * left)
    fwd = np.cross(left, up)
    half_hip = np.linalg.norm(g("left_hip") - g("right_hip"), axis=-1, keepdims=True) / 2
    pw, pd = (half_hip - 0.0073) / 0.33, 0.15
    origin = (g("left_hip") + g("right_hip")) / 2 - (-0.24 * pd - 0.0099) * fwd - (-0.30 * pw - 0.0109) * up
    m = {"LASI": origin + pw / 2 * left, "RASI": origin - pw / 2 * left,
         "LPSI": origin - pd * fwd + 0.05 * left, "RPSI": origin - pd * fwd - 0.05 * left,
         "C7": g("neck") - 0.05 * fwd, "CLAV": g("neck") + 0.05 * fwd}
    if thorax:
        _, th_up, th_fwd = thorax_axes(J)
        m["C7"], m["CLAV"] = g("neck") - 0.06 * th_fwd, g("neck") + 0.06 * th_fwd
        m["T10"], m["STRN"] = m["C7"] - 0.22 * th_up - 0.02 * th_fwd, m["CLAV"] - 0.16 * th_up
    t_up = _unit(m["C7"] - (m["LPSI"] + m["RPSI"]) / 2)
    for s, side, sign in (("L", "left", 1), ("R", "right", -1)):
        out = sign * left * 0.05
        m[f"{s}KNE"], m[f"{s}MKNE"] = g(f"{side}_knee") + out, g(f"{side}_knee") - out
        m[f"{s}ANK"], m[f"{s}MANK"] = g(f"{side}_ankle") + out, g(f"{side}_ankle") - out
        m[f"{s}ELB"], m[f"{s}MELB"] = g(f"{side}_elbow") + out, g(f"{side}_elbow") - out
        m[f"{s}WRA"], m[f"{s}WRB"] = g(f"{side}_wrist") + 0.02 * fwd, g(f"{side}_wrist") - 0.02 * fwd
        m[f"{s}TOE"] = g(f"{side}_foot")
        m[f"{s}SHO"] = g(f"{side}_shoulder") + 0.05 * t_up
        m[f"{s}FHD"] = g("head") + 0.08 * fwd + sign * 0.07 * left
        m[f"{s}BHD"] = g("head") - 0.08 * fwd + sign * 0.07 * left
    hands = (g("left_wrist") + g("right_wrist")) / 2
    bat = _unit(fwd + up)
    for k in range(1, 11):
        m[f"Marker{k}"] = hands + (0.05 + 0.08 * k) * bat
    return m


def write_c3d(path, markers: dict[str, np.ndarray], fps: float, units: str = "mm") -> None:
    scale = {"mm": 1000.0, "m": 1.0}[units]
    labels = list(markers)
    pts = np.stack([markers[n] @ FILE_FROM_CANONICAL.T * scale for n in labels], axis=0)   # (M, T, 3)
    data = np.ones((4, len(labels), pts.shape[1]))
    data[:3] = pts.transpose(2, 0, 1)
    c3d = ezc3d.c3d()
    c3d["parameters"]["POINT"]["RATE"]["value"] = [fps]
    c3d["parameters"]["POINT"]["LABELS"]["value"] = tuple(labels)
    c3d["parameters"]["POINT"]["UNITS"]["value"] = [units]
    c3d["data"]["points"] = data
    c3d.write(str(path))


def test_synthetic_driveline_capture_round_trips(tmp_path):
    source = procedural_motion(T=60, fps=120.0, turn=0.3, seed=7)
    J = source.joints.astype(np.float64)
    write_c3d(tmp_path / "pitch.c3d", driveline_markers(J), fps=120.0)
    motion = load_c3d(tmp_path / "pitch.c3d")
    assert motion.meta["marker_set"] == "driveline" and motion.fps == 120.0 and motion.num_frames == 60
    idx = [ji(n) for n in EXACT]
    a, b = motion.joints[:, idx].reshape(-1, 3).astype(np.float64), J[:, idx].reshape(-1, 3)
    # Best rigid fit (Kabsch): the loader may only have turned the capture about the vertical and moved it.
    ca, cb = a.mean(0), b.mean(0)
    U, _, Vt = np.linalg.svd((b - cb).T @ (a - ca))
    R = U @ Vt
    assert np.linalg.det(R) > 0 and abs(R[1, 1]) > 0.9999          # a yaw only: z-up file mapped to y up
    assert np.abs((a - ca) @ R.T - (b - cb)).max() < 2e-3
    feet = [ji(n) for n in ("left_ankle", "right_ankle", "left_foot", "right_foot")]
    assert abs(motion.joints[:, feet, 1].min()) < 1e-6
    first = motion.joints[0]
    assert first[ji("left_hip"), 0] > first[ji("right_hip"), 0]    # +x is the athlete's left when facing +z
    assert motion.club is not None and not motion.club_estimated
    assert np.allclose(np.linalg.norm(motion.club[:, 1] - motion.club[:, 0], axis=-1), 0.85, atol=1e-3)
    hands = (motion.joints[:, ji("left_wrist")] + motion.joints[:, ji("right_wrist")]) / 2
    assert np.abs(motion.club[:, 0] - hands).max() < 1e-3


def test_target_fps_resamples(tmp_path):
    J = procedural_motion(T=61, fps=120.0, seed=8).joints.astype(np.float64)
    write_c3d(tmp_path / "m.c3d", driveline_markers(J), fps=120.0, units="m")
    motion = load_c3d(tmp_path / "m.c3d", target_fps=30.0)
    assert motion.fps == 30.0 and motion.num_frames == 16


def test_unknown_marker_set_names_the_missing_markers(tmp_path):
    J = procedural_motion(T=10, fps=100.0, seed=9).joints.astype(np.float64)
    markers = driveline_markers(J)
    del markers["LASI"], markers["RMKNE"]                        # RMKNE is optional, LASI is not
    write_c3d(tmp_path / "bad.c3d", markers, fps=100.0)
    with pytest.raises(ValueError, match=r"^bad.c3d: no markers for the left hip \(LASI/LPSI or "
                       r"WaistLeft/WaistLBack\); label the markers") as err:
        load_c3d(tmp_path / "bad.c3d")
    assert "knee" not in str(err.value)                           # a missing medial marker is not a missing part
    assert detect_marker_set(list(driveline_markers(J))) == "driveline"
    assert set(MARKER_SETS) == {"gears_golf", "driveline"}


def _peak_speed(points: np.ndarray, fps: float) -> float:
    return float(np.nanmax(np.linalg.norm(np.diff(points, axis=0), axis=-1)) * fps)


def _check_anatomy(motion):
    def seg(a, b):
        return np.median(np.linalg.norm(motion.joints[:, ji(a)] - motion.joints[:, ji(b)], axis=-1))

    assert 0.25 <= seg("left_shoulder", "right_shoulder") <= 0.5
    for a, b in (("hip", "knee"), ("knee", "ankle"), ("shoulder", "elbow"), ("elbow", "wrist")):
        left, right = seg(f"left_{a}", f"left_{b}"), seg(f"right_{a}", f"right_{b}")
        assert 0.2 < left < 0.6 and abs(left - right) / max(left, right) < 0.12, (a, b, left, right)
    head, ankles = motion.joints[0, ji("head"), 1], motion.joints[0, [ji("left_ankle"), ji("right_ankle")], 1]
    assert 1.3 < head < 2.0 and ankles.max() < 0.2
    first = motion.joints[0]
    assert first[ji("left_hip"), 0] > first[ji("right_hip"), 0]
    assert first[ji("left_foot"), 2] > first[ji("left_ankle"), 2]  # toes point forward (+z)


@pytest.mark.realdata
@pytest.mark.parametrize("name, truth", [("C3D_TA_Driver.c3d", 48.3), ("C3D_TA_Iron.c3d", 38.6)])
def test_gears_golf_capture(realdata, name, truth):
    path = realdata / "mocap" / "golf_gears" / name
    if not path.is_file():
        pytest.skip(f"real data not available: {path}")
    motion = load_c3d(path)
    assert motion.meta["marker_set"] == "gears_golf" and motion.club is not None
    _check_anatomy(motion)
    assert abs(_peak_speed(motion.club[:, 1], motion.fps) - truth) < 0.05 * truth


@pytest.mark.realdata
@pytest.mark.parametrize("sub, name", [("obp_pitching", "pitching_sample.c3d"), ("obp_hitting", "hitting_sample.c3d")])
def test_driveline_capture(realdata, sub, name):
    path = realdata / "mocap" / sub / name
    if not path.is_file():
        pytest.skip(f"real data not available: {path}")
    motion = load_c3d(path)
    assert motion.meta["marker_set"] == "driveline" and motion.fps == 360.0
    _check_anatomy(motion)
    if sub == "obp_hitting":
        assert motion.club is not None and 25.0 < _peak_speed(motion.club[:, 1], motion.fps) < 50.0
    else:
        assert motion.club is None


def _rigid_fit(loaded: np.ndarray, J: np.ndarray, names) -> np.ndarray:
    """(3, 3) rotation R with loaded ~ J @ R.T + shift over the named joints (Kabsch)."""
    idx = [ji(n) for n in names]
    a, b = loaded[:, idx].reshape(-1, 3).astype(np.float64), J[:, idx].reshape(-1, 3)
    U, _, Vt = np.linalg.svd((b - b.mean(0)).T @ (a - a.mean(0)))
    return (U @ Vt).T


def _fit_error(loaded: np.ndarray, J: np.ndarray, names) -> float:
    idx = [ji(n) for n in names]
    a, b = loaded[:, idx].reshape(-1, 3).astype(np.float64), J[:, idx].reshape(-1, 3)
    R = _rigid_fit(loaded, J, names)
    return float(np.abs((b - b.mean(0)) @ R.T - (a - a.mean(0))).max())


def _load_pair(tmp_path, markers: dict[str, np.ndarray], name: str):
    write_c3d(tmp_path / name, markers, fps=120.0)
    return load_c3d(tmp_path / name)


def _line(motion, a: str, b: str) -> np.ndarray:
    return _unit(motion.joints[:, ji(a)] - motion.joints[:, ji(b)]).astype(np.float64)


def test_collars_carry_the_thorax_axis_from_the_thorax_markers(tmp_path):
    J = procedural_motion(T=40, fps=120.0, turn=0.4, seed=12).joints.astype(np.float64)
    markers = driveline_markers(J, thorax=True)
    motion = _load_pair(tmp_path, markers, "thorax.c3d")
    R = _rigid_fit(motion.joints, J, EXACT)
    assert np.abs(_fit_error(motion.joints, J, EXACT)) < 2e-3      # the joints still round-trip
    truth_left = thorax_axes(J)[0] @ R.T
    assert np.min(np.sum(_line(motion, "left_collar", "right_collar") * truth_left, axis=1)) > 0.9999
    # Shoulder blades moving (the lead acromion 8 cm forward) move the shoulder joint, not the thorax axis.
    fwd = thorax_axes(J)[2]
    moved = dict(markers, LSHO=markers["LSHO"] + 0.08 * fwd)
    protracted = _load_pair(tmp_path, moved, "protracted.c3d")
    legs = ("left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle")
    R2 = _rigid_fit(protracted.joints, J, legs)                     # the facing may differ: shoulders changed
    collar = _line(protracted, "left_collar", "right_collar")
    assert np.min(np.sum(collar * (thorax_axes(J)[0] @ R2.T), axis=1)) > 0.9999
    shoulder_turn = np.degrees(np.arccos(np.clip(np.sum(_line(protracted, "left_shoulder", "right_shoulder")
                                                        * _line(motion, "left_shoulder", "right_shoulder"), 1), -1, 1)))
    assert shoulder_turn.min() > 5.0


def test_without_thorax_markers_the_collars_follow_the_shoulder_markers(tmp_path):
    J = procedural_motion(T=30, fps=120.0, seed=13).joints.astype(np.float64)
    motion = _load_pair(tmp_path, driveline_markers(J), "plain.c3d")
    collar, shoulder = _line(motion, "left_collar", "right_collar"), _line(motion, "left_shoulder", "right_shoulder")
    up = _unit(motion.joints[:, ji("neck")] - motion.joints[:, ji("pelvis")]).astype(np.float64)
    flat = _unit(shoulder - np.sum(shoulder * up, 1, keepdims=True) * up)   # the collar line is level in the thorax
    assert np.min(np.sum(collar * flat, axis=1)) > 0.99


@pytest.mark.parametrize("prefix", ["Skeleton_001_", "Pitcher:"])
def test_subject_prefixed_marker_names_load(tmp_path, prefix):
    """Motive / Vicon write the subject's name before every marker (the failing Driveline capture 001017 has
    'Skeleton_001_LASI'); the prefix is stripped and the capture reads as the unprefixed one."""
    J = procedural_motion(T=30, fps=120.0, seed=14).joints.astype(np.float64)
    markers = driveline_markers(J, thorax=True)
    plain = _load_pair(tmp_path, markers, "plain.c3d")
    named = {prefix + n: v for n, v in markers.items()}
    named["Uname*3"] = markers["LASI"] + 0.3                     # an unlabelled marker without the prefix
    motion = _load_pair(tmp_path, named, "prefixed.c3d")
    assert motion.meta["marker_set"] == "driveline" and motion.meta["marker_prefix"] == prefix
    np.testing.assert_allclose(motion.joints, plain.joints, atol=1e-5)
    assert motion.club is not None and np.allclose(motion.club, plain.club, atol=1e-5)
    del named[prefix + "LASI"]
    with pytest.raises(ValueError, match=r"broken.c3d: no markers for the left hip \(LASI/LPSI or"):
        _load_pair(tmp_path, named, "broken.c3d")

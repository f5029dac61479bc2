"""Every motion file opens through motion.files: its own frame rate, no camera, a clear message otherwise."""

import dataclasses

import numpy as np
import pytest

from llamo_engine.analysis import analyze
from llamo_engine.data.synth import generate_swing, sample_params
from llamo_engine.motion import humanml3d as hml
from llamo_engine.motion.capture import capture_motion
from llamo_engine.motion.files import MOTION_SUFFIXES, MotionFileError, is_motion_file, load_motion_file
from tests.engine.motion.procedural_skeleton import procedural_motion
from tests.engine.motion.test_bvh import Z_UP, position_bvh
from tests.engine.motion.test_c3d import driveline_markers, write_c3d


def _golf():
    return dataclasses.replace(generate_swing(sample_params(1_000_010, "golf")).motion, club=None)


def test_suffixes():
    assert set(MOTION_SUFFIXES) == {".npz", ".c3d", ".npy", ".bvh"}
    assert is_motion_file("a/Swing.C3D") and not is_motion_file("swing.mp4")


def test_humanml3d_joints_open_at_20_fps(tmp_path):
    swing = _golf().resample(20.0)
    np.save(tmp_path / "swing.npy", swing.joints.astype(np.float32) @ Z_UP.T)     # any up axis
    motion = load_motion_file(tmp_path / "swing.npy")
    assert motion.fps == 20.0 and motion.source == "humanml3d:swing.npy" and motion.camera_yaw_deg is None
    np.testing.assert_allclose(motion.joints, capture_motion(swing.joints, 20.0, "want").joints, atol=1e-5)
    flat = tmp_path / "flat.npy"
    np.save(flat, swing.joints.reshape(len(swing.joints), 66))
    assert load_motion_file(flat).num_frames == swing.num_frames


def test_humanml3d_features_open_as_their_joints(tmp_path):
    features = hml.to_humanml3d(procedural_motion(T=90, fps=30.0, seed=3))          # (59, 263)
    np.save(tmp_path / "vecs.npy", features)
    motion = load_motion_file(tmp_path / "vecs.npy")
    assert motion.num_frames == 59 and motion.fps == 20.0 and motion.meta["from"] == "humanml3d_263"
    want = capture_motion(hml.recover_joints(features), 20.0, "want").joints
    np.testing.assert_allclose(motion.joints, want, atol=1e-5)
    np.save(tmp_path / "normalised.npy", (features - features.mean(0)) / (features.std(0) + 1e-6))
    with pytest.raises(MotionFileError, match=r"^normalised.npy: .*De-normalise them first"):
        load_motion_file(tmp_path / "normalised.npy")


@pytest.mark.parametrize("array, problem", [(np.zeros((10, 21, 3)), r"shape \(10, 21, 3\) is not HumanML3D"),
                                            (np.full((10, 22, 3), np.nan), "NaN values")])
def test_npy_that_is_not_motion(tmp_path, array, problem):
    np.save(tmp_path / "x.npy", array)
    with pytest.raises(MotionFileError, match=f"^x.npy: .*{problem}"):
        load_motion_file(tmp_path / "x.npy")


def test_a_marker_capture_opens_and_analyses_as_golf(tmp_path):
    swing = _golf()
    markers = {k: v for k, v in driveline_markers(swing.joints.astype(np.float64)).items()
               if not k.startswith("Marker")}                                  # body markers only
    write_c3d(tmp_path / "capture.c3d", markers, fps=swing.fps)
    motion = load_motion_file(tmp_path / "capture.c3d")
    assert motion.source == "c3d:capture.c3d" and motion.fps == swing.fps and motion.camera_yaw_deg is None
    a = analyze(motion)
    assert a.sport == "golf" and len(a.swings) == 1
    assert abs(a.swings[0].events["impact"] - analyze(swing).swings[0].events["impact"]) <= 1
    del markers["LASI"], markers["RKNE"]
    write_c3d(tmp_path / "bad.c3d", markers, fps=swing.fps)
    with pytest.raises(MotionFileError, match=r"^bad.c3d: no markers for the left hip \(LASI/LPSI or WaistLeft/"
                                              r"WaistLBack\), the right knee \(RKNE or RKneeOut\); label"):
        load_motion_file(tmp_path / "bad.c3d")


def test_bvh_opens_and_a_bad_one_names_the_missing_joint(tmp_path):
    swing = _golf()
    (tmp_path / "swing.bvh").write_text(position_bvh(swing.joints.astype(np.float64), swing.fps))
    motion = load_motion_file(tmp_path / "swing.bvh")
    assert motion.source == "bvh:swing.bvh" and analyze(motion).sport == "golf"
    (tmp_path / "bad.bvh").write_text("HIERARCHY\nROOT Hips\n{\nCHANNELS 1 Xposition\n}\nMOTION\nFrames: 2\n"
                                        "Frame Time: 0.1\n0\n1\n")
    with pytest.raises(MotionFileError, match=r"^bad.bvh: .*no joint for the left hip \(LeftUpLeg or L_Hip\)"):
        load_motion_file(tmp_path / "bad.bvh")


def test_missing_and_unknown_files(tmp_path):
    with pytest.raises(MotionFileError, match="file not found"):
        load_motion_file(tmp_path / "gone.c3d")
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(MotionFileError, match=r"it reads \.npz, \.c3d, \.npy, \.bvh"):
        load_motion_file(tmp_path / "notes.txt")
    (tmp_path / "junk.c3d").write_bytes(b"not a c3d")
    with pytest.raises(MotionFileError, match="^junk.c3d: not a readable C3D file"):
        load_motion_file(tmp_path / "junk.c3d")


@pytest.mark.realdata
def test_every_real_capture_opens_as_a_motion_file(realdata):
    paths = sorted((realdata / "mocap").rglob("*.c3d"))
    assert paths
    for path in paths:
        motion = load_motion_file(path)
        assert motion.camera_yaw_deg is None and motion.fps > 100 and np.isfinite(motion.joints).all(), path.name

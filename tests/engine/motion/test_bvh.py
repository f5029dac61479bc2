import dataclasses

import numpy as np
import pytest

from llamo_engine.analysis import analyze
from llamo_engine.data.synth import generate_swing, sample_params
from llamo_engine.motion.bvh import load_bvh, map_joints, normalise
from llamo_engine.motion.capture import capture_motion
from llamo_engine.motion.skeleton import JOINT_NAMES, PARENTS, joint_index as ji

MIXAMO = ("Hips", "LeftUpLeg", "RightUpLeg", "Spine", "LeftLeg", "RightLeg", "Spine1", "LeftFoot", "RightFoot",
          "Spine2", "LeftToeBase", "RightToeBase", "Neck", "LeftShoulder", "RightShoulder", "Head", "LeftArm",
          "RightArm", "LeftForeArm", "RightForeArm", "LeftHand", "RightHand")
SMPL = ("Pelvis", "L_Hip", "R_Hip", "Spine1", "L_Knee", "R_Knee", "Spine2", "L_Ankle", "R_Ankle", "Spine3",
        "L_Foot", "R_Foot", "Neck", "L_Collar", "R_Collar", "Head", "L_Shoulder", "R_Shoulder", "L_Elbow",
        "R_Elbow", "L_Wrist", "R_Wrist")
Z_UP = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, -1.0], [0.0, 1.0, 0.0]])   # canonical y up -> file z up


def position_bvh(joints: np.ndarray, fps: float, names=MIXAMO, scale: float = 100.0, axes=np.eye(3),
                 prefix: str = "mixamorig:") -> str:
    """A BVH whose every joint carries position channels (relative to its parent) and zero rotations: it
    reproduces `joints` (T, 22, 3) exactly, in file units (`scale` per metre) and file axes (`axes` @ canonical)."""
    J = joints @ axes.T * scale
    children = {j: [k for k, p in enumerate(PARENTS) if p == j] for j in range(len(PARENTS))}
    lines = ["HIERARCHY"]

    def write(j: int, depth: int) -> None:
        pad = "  " * depth
        lines.append(f"{pad}{'ROOT' if PARENTS[j] < 0 else 'JOINT'} {prefix}{names[j]}")
        lines.extend([f"{pad}{{", f"{pad}  OFFSET 0 0 0",
                      f"{pad}  CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation"])
        for k in children[j]:
            write(k, depth + 1)
        if not children[j]:
            lines.extend([f"{pad}  End Site", f"{pad}  {{", f"{pad}    OFFSET 0 5 0", f"{pad}  }}"])
        lines.append(f"{pad}}}")

    write(0, 0)
    order = []
    def walk(j):
        order.append(j)
        for k in children[j]:
            walk(k)
    walk(0)
    lines += ["MOTION", f"Frames: {len(J)}", f"Frame Time: {1.0 / fps:.8f}"]
    for frame in J:
        row = []
        for j in order:
            local = frame[j] - (frame[PARENTS[j]] if PARENTS[j] >= 0 else 0.0)
            row += [*local, 0.0, 0.0, 0.0]
        lines.append(" ".join(f"{v:.6f}" for v in row))
    return "\n".join(lines) + "\n"


def test_names_normalise_across_schemes():
    assert normalise("mixamorig:LeftUpLeg") == "leftupleg" and normalise("Bip01 L Thigh") == "lthigh"
    scheme, index, missing = map_joints(list(MIXAMO))
    assert scheme == "mocap" and not missing and "spine1" not in index      # spine placed along the chain
    scheme, index, missing = map_joints(list(SMPL))
    assert scheme == "smpl" and not missing and index["left_shoulder"] == SMPL.index("L_Shoulder")
    scheme, index, _ = map_joints(["Bip01 Pelvis", "Bip01 L Thigh", "Bip01 L Calf", "Bip01 L Foot", "Bip01 L Toe0",
                                   "Bip01 L Clavicle", "Bip01 L UpperArm", "Bip01 L Forearm", "Bip01 L Hand"])
    assert index["left_collar"] == 5 and index["left_shoulder"] == 6 and index["left_ankle"] == 3


@pytest.mark.parametrize("names, prefix, scale, unit", [(MIXAMO, "mixamorig:", 100.0, "cm"), (SMPL, "", 1.0, "m"),
                                                        (MIXAMO, "", 1 / 0.0254, "inch"),
                                                        (MIXAMO, "", 0.45 / 0.0254, "cmu")])
def test_a_synthetic_swing_round_trips_and_analyses_the_same(tmp_path, names, prefix, scale, unit):
    swing = generate_swing(sample_params(1_000_010, "golf")).motion
    path = tmp_path / "swing.bvh"
    path.write_text(position_bvh(swing.joints.astype(np.float64), swing.fps, names, scale, Z_UP, prefix))
    motion = load_bvh(path)
    assert motion.meta["bvh_unit"] == unit and motion.source == "bvh:swing.bvh" and motion.camera_yaw_deg is None
    assert motion.fps == pytest.approx(swing.fps, rel=1e-6) and motion.num_frames == swing.num_frames
    want = capture_motion(swing.joints, swing.fps, "want").joints      # the same canonicalisation
    exact = [ji(n) for n in JOINT_NAMES if not n.startswith("spine")]
    np.testing.assert_allclose(motion.joints[:, exact], want[:, exact], atol=1e-4)
    spine_error = np.abs(motion.joints - want)[:, [ji("spine1"), ji("spine2"), ji("spine3")]].max()
    assert spine_error < (1e-4 if names is SMPL else 0.05)            # mocap names: along the skeleton's spine
    got, ref = analyze(motion), analyze(dataclasses.replace(swing, club=None))   # a BVH carries no club
    assert got.sport == ref.sport == "golf"
    assert got.swings[0].events == ref.swings[0].events


def test_rotation_channels_compose_in_the_listed_order(tmp_path):
    """Hips -> LeftUpLeg -> LeftLeg: a 90 deg Z then 90 deg X rotation (ZXY order) of the thigh moves the knee's
    offset (0, -40, 0) to R_z(90) @ R_x(90) @ offset."""
    text = """HIERARCHY
ROOT Hips
{
  OFFSET 0 0 0
  CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation
  JOINT LeftUpLeg
  {
    OFFSET 10 -5 0
    CHANNELS 3 Zrotation Xrotation Yrotation
    JOINT LeftLeg
    {
      OFFSET 0 -40 0
      CHANNELS 3 Zrotation Xrotation Yrotation
      End Site
      {
        OFFSET 0 -40 0
      }
    }
  }
}
MOTION
Frames: 2
Frame Time: 0.01
0 90 0 0 0 0 90 90 0 0 0 0
5 90 0 0 0 0 90 90 0 0 0 0
"""
    from llamo_engine.motion.bvh import forward_kinematics, parse
    joints, data, dt = parse(text)
    pos = forward_kinematics(joints, data)                              # (2, 3, 3)
    assert dt == 0.01 and [j.name for j in joints] == ["Hips", "LeftUpLeg", "LeftLeg"]
    np.testing.assert_allclose(pos[0, 1], [10, 85, 0], atol=1e-9)
    # R_x(90) takes (0, -40, 0) to (0, 0, -40); R_z(90) leaves it there.
    np.testing.assert_allclose(pos[0, 2], [10, 85, -40], atol=1e-9)
    np.testing.assert_allclose(pos[1, 2] - pos[0, 2], [5, 0, 0], atol=1e-9)


def test_a_skeleton_without_a_knee_names_what_is_missing(tmp_path):
    swing = generate_swing(sample_params(1_000_010, "golf")).motion
    names = list(MIXAMO)
    names[ji("left_knee")] = "LeftShinBoneX"
    path = tmp_path / "odd.bvh"
    path.write_text(position_bvh(swing.joints[:5].astype(np.float64), 30.0, names))
    with pytest.raises(ValueError, match=r"^odd.bvh: no joint for the left knee \(LeftLeg or L_Knee\); rename"):
        load_bvh(path)


@pytest.mark.parametrize("text, problem", [("hello\n", "no HIERARCHY"),
                                           ("HIERARCHY\nROOT Hips\n{\nOFFSET 0 0 0\nCHANNELS 3 Xposition "
                                            "Yposition Zposition\n}\nMOTION\nFrames: 1\n", "Frame Time")])
def test_broken_files_get_one_line_messages(tmp_path, text, problem):
    path = tmp_path / "broken.bvh"
    path.write_text(text)
    with pytest.raises(ValueError, match=problem):
        load_bvh(path)

"""Optional SMPL-X body mesh for a MotionSequence frame (needs the user's own licensed SMPL-X model file).

SMPL-X model files cannot be shipped with the app: each user downloads them from https://smpl-x.is.tue.mpg.de
(free registration, non-commercial licence) and points `BodyModel.from_dir` at the folder holding SMPLX_NEUTRAL.npz.

Posing is deliberately simple, the same shortest-arc inverse kinematics as HumanML3D's features
(`humanml3d.inverse_kinematics`) but against the model's own rest joints: every bone's global rotation is the
shortest arc from its rest direction to the observed one; the pelvis turns by the body's facing (hips/shoulders
across vector); local SMPL-X rotations follow from the parents'. Joints with one child land on the observed
directions exactly (bone lengths stay the model's); twist about a bone is not observable from joints and is zero.
"""

from __future__ import annotations

import os
import pathlib

import numpy as np
import torch

from llamo_engine.motion.quaternion import qbetween, qinv, qmul, quat_to_matrix, matrix_to_axis_angle
from llamo_engine.motion.skeleton import KINEMATIC_CHAINS, NUM_JOINTS, PARENTS, MotionSequence

MODEL_FILE = "SMPLX_NEUTRAL.npz"
DOWNLOAD_HINT = ("SMPL-X is licensed and not shipped with LLaMo Coach: register at https://smpl-x.is.tue.mpg.de, "
                 f"download the SMPL-X model (npz), and put {MODEL_FILE} in that folder")
# The child along HumanML3D's chains whose bone sets each SMPL joint's rotation (spine3 follows the neck).
CHAIN_CHILD = {a: b for chain in KINEMATIC_CHAINS for a, b in zip(chain[:-1], chain[1:]) if a not in (0, 9)}
CHAIN_CHILD[9] = 12
R_HIP, L_HIP, R_SHOULDER, L_SHOULDER = 2, 1, 17, 16


def _facing_yaw(joints: np.ndarray) -> np.ndarray:
    """(22, 3) -> (4,) rotation about +y taking +z onto the body's facing direction (y x across)."""
    across = joints[R_HIP] - joints[L_HIP] + joints[R_SHOULDER] - joints[L_SHOULDER]
    forward = np.cross([0.0, 1.0, 0.0], across)
    return qbetween(np.array([0.0, 0.0, 1.0]), forward / np.linalg.norm(forward))


def body_pose_from_joints(joints: np.ndarray, rest_joints: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(22, 3) observed joints, (22, 3) model rest joints -> global_orient (3,) and body_pose (21, 3) axis-angle."""
    rest_forward = _facing_yaw(rest_joints)
    glob = np.zeros((NUM_JOINTS, 4))
    glob[0] = qmul(_facing_yaw(joints), qinv(rest_forward))
    for p in range(1, NUM_JOINTS):
        c = CHAIN_CHILD.get(p)
        if c is None:                                    # leaf joints (feet, head, wrists) keep their parent's turn
            glob[p] = glob[PARENTS[p]]
        else:
            glob[p] = qbetween(rest_joints[c] - rest_joints[p], joints[c] - joints[p])
    local = glob.copy()
    for p in range(1, NUM_JOINTS):
        local[p] = qmul(qinv(glob[PARENTS[p]]), glob[p])
    aa = matrix_to_axis_angle(quat_to_matrix(local))    # (22, 3)
    return aa[0], aa[1:]


class BodyModel:
    """An SMPL-X model (via `smplx`) that poses its mesh to a MotionSequence frame."""

    def __init__(self, model) -> None:
        self.model = model
        with torch.no_grad():
            J = torch.einsum("jv,vc->jc", model.J_regressor, model.v_template)
        self.rest_joints = J[:NUM_JOINTS].double().numpy()   # (22, 3) rest (T-pose) joints, zero shape
        self.faces = np.asarray(model.faces, dtype=np.int64)

    @classmethod
    def from_dir(cls, path: str | os.PathLike) -> "BodyModel":
        """Load SMPLX_NEUTRAL.npz from `path` (or `path`/smplx); FileNotFoundError saying where to get it."""
        import smplx  # optional heavy dependency, only needed when a mesh is asked for

        path = pathlib.Path(path)
        candidates = [path / MODEL_FILE, path / "smplx" / MODEL_FILE]
        found = next((p for p in candidates if p.is_file()), None)
        if found is None:
            raise FileNotFoundError(f"SMPL-X model not found: expected {candidates[0]}. {DOWNLOAD_HINT}.")
        model = smplx.SMPLX(str(found), ext="npz", gender="neutral", use_pca=False, num_betas=10,
                            num_expression_coeffs=10, use_face_contour=False)
        return cls(model)

    @property
    def num_vertices(self) -> int:
        return int(self.model.v_template.shape[0])

    def pose_vertices(self, joints: np.ndarray) -> np.ndarray:
        """(22, 3) joints of one frame (canonical frame) -> (V, 3) float32 posed mesh vertices at the same place."""
        from smplx.lbs import lbs

        joints = np.asarray(joints, dtype=np.float64)
        if joints.shape != (NUM_JOINTS, 3) or not np.isfinite(joints).all():
            raise ValueError(f"need one finite ({NUM_JOINTS}, 3) frame of joints, got {joints.shape}")
        orient, body = body_pose_from_joints(joints, self.rest_joints)
        m = self.model
        n_rest = m.J_regressor.shape[0] - NUM_JOINTS                       # jaw, eyes, fingers: rest pose
        full_pose = torch.tensor(np.concatenate([orient, body.reshape(-1), np.zeros(3 * n_rest)]),
                                 dtype=m.v_template.dtype)[None]          # (1, 55*3)
        shape = torch.zeros(1, m.shapedirs.shape[-1] + m.expr_dirs.shape[-1], dtype=m.v_template.dtype)
        with torch.no_grad():
            verts, posed_joints = lbs(shape, full_pose, m.v_template, torch.cat([m.shapedirs, m.expr_dirs], -1),
                                      m.posedirs, m.J_regressor, m.parents, m.lbs_weights)
        offset = joints[0] - posed_joints[0, 0].double().numpy()             # pelvis onto the observed pelvis
        return (verts[0].double().numpy() + offset).astype(np.float32)

    def pose_frame(self, motion: MotionSequence, frame: int) -> np.ndarray:
        """(V, 3) mesh vertices for one frame of a MotionSequence."""
        return self.pose_vertices(motion.joints[frame])

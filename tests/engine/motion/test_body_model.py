import numpy as np
import pytest

from llamo_engine.motion.body_model import CHAIN_CHILD, MODEL_FILE, BodyModel
from llamo_engine.motion.humanml3d import REST_JOINTS
from llamo_engine.motion.skeleton import PARENTS
from tests.engine.motion.procedural_skeleton import procedural_motion

SMPLX_JOINTS = 55


def smplx_parents() -> np.ndarray:
    """SMPL-X's 55-joint tree: the 22 body joints, jaw and eyes on the head, 15 finger joints per wrist."""
    parents = list(PARENTS) + [15, 15, 15]
    for wrist in (20, 21):
        for _ in range(5):
            base = len(parents)
            parents += [wrist, base, base + 1]
    return np.array(parents)


def write_fake_smplx(folder, n_extra: int = 40, seed: int = 0) -> None:
    """A tiny SMPL-X-shaped npz: one vertex at each joint (skinned to it alone) plus random skin vertices."""
    rng = np.random.default_rng(seed)
    parents = smplx_parents()
    joints = np.zeros((SMPLX_JOINTS, 3))
    joints[:22] = REST_JOINTS
    for j in range(22, SMPLX_JOINTS):
        joints[j] = joints[parents[j]] + rng.normal(0, 0.02, 3)
    owner = rng.integers(0, SMPLX_JOINTS, n_extra)
    verts = np.concatenate([joints, joints[owner] + rng.normal(0, 0.05, (n_extra, 3))])
    V = len(verts)
    weights = np.zeros((V, SMPLX_JOINTS))
    weights[np.arange(SMPLX_JOINTS), np.arange(SMPLX_JOINTS)] = 1.0
    weights[SMPLX_JOINTS + np.arange(n_extra), owner] = 1.0
    posedirs = rng.normal(0, 1e-3, (V, 3, (SMPLX_JOINTS - 1) * 9))
    posedirs[:SMPLX_JOINTS] = 0.0                        # joint vertices stay exactly on their joints
    faces = rng.integers(0, V, (60, 3))
    np.savez(folder / MODEL_FILE, v_template=verts, f=faces, J_regressor=np.eye(SMPLX_JOINTS, V),
             weights=weights, posedirs=posedirs, shapedirs=rng.normal(0, 1e-2, (V, 3, 400)),
             kintree_table=np.stack([np.where(parents < 0, 4294967295, parents), np.arange(SMPLX_JOINTS)]),
             lmk_faces_idx=np.zeros(51, np.int64), lmk_bary_coords=np.full((51, 3), 1 / 3),
             hands_componentsl=np.eye(45), hands_componentsr=np.eye(45),
             hands_meanl=np.zeros(45), hands_meanr=np.zeros(45))


def test_missing_model_names_the_file_and_where_to_get_it(tmp_path):
    with pytest.raises(FileNotFoundError, match=MODEL_FILE) as err:
        BodyModel.from_dir(tmp_path)
    assert "smpl-x.is.tue.mpg.de" in str(err.value)


def test_posed_mesh_follows_the_motion(tmp_path):
    write_fake_smplx(tmp_path)
    body = BodyModel.from_dir(tmp_path)
    motion = procedural_motion(T=8, fps=30.0, turn=1.0, seed=11)
    for frame in (0, 7):
        verts = body.pose_frame(motion, frame).astype(np.float64)
        assert verts.shape == (body.num_vertices, 3) and np.isfinite(verts).all()
        observed = motion.joints[frame].astype(np.float64)
        posed = verts[:22]                                   # the joint vertices are the posed joints
        assert np.abs(posed[0] - observed[0]).max() < 1e-5
        for p, c in CHAIN_CHILD.items():
            a, b = posed[c] - posed[p], observed[c] - observed[p]
            cos = a @ b / np.linalg.norm(a) / np.linalg.norm(b)
            assert cos > 0.9999, (p, c, cos)


def test_rest_pose_is_the_identity(tmp_path):
    write_fake_smplx(tmp_path)
    body = BodyModel.from_dir(tmp_path)
    verts = body.pose_vertices(body.rest_joints)
    template = body.model.v_template.double().numpy()
    assert np.abs(verts - template).max() < 1e-5

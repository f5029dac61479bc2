"""Quaternion helpers in numpy (w, x, y, z order, Hamilton product), as HumanML3D's `common/quaternion.py` uses them.

All functions broadcast over leading dimensions: `q` is (..., 4), `v` is (..., 3).
"""

from __future__ import annotations

import numpy as np


def qnormalize(q: np.ndarray) -> np.ndarray:
    return q / np.linalg.norm(q, axis=-1, keepdims=True)


def qinv(q: np.ndarray) -> np.ndarray:
    """Inverse of a unit quaternion (its conjugate)."""
    return q * np.array([1.0, -1.0, -1.0, -1.0], dtype=q.dtype)


def qmul(q: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Hamilton product q * r (apply r first, then q)."""
    w1, x1, y1, z1 = np.moveaxis(q, -1, 0)
    w2, x2, y2, z2 = np.moveaxis(r, -1, 0)
    return np.stack([w1 * w2 - x1 * x2 - y1 * y2 - z1 * z2,
                     w1 * x2 + x1 * w2 + y1 * z2 - z1 * y2,
                     w1 * y2 - x1 * z2 + y1 * w2 + z1 * x2,
                     w1 * z2 + x1 * y2 - y1 * x2 + z1 * w2], axis=-1)


def qrot(q: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Rotate vectors v by unit quaternions q."""
    qvec = q[..., 1:]
    uv = np.cross(qvec, v)
    uuv = np.cross(qvec, uv)
    return v + 2.0 * (q[..., :1] * uv + uuv)


def qbetween(v0: np.ndarray, v1: np.ndarray) -> np.ndarray:
    """Shortest-arc rotation taking direction v0 onto direction v1.

    Same formula as HumanML3D's `qbetween`; for opposite vectors (where that formula is 0/0) a half turn about an
    axis perpendicular to v0 is returned instead of NaN.
    """
    v0, v1 = np.broadcast_arrays(np.asarray(v0, dtype=np.float64), np.asarray(v1, dtype=np.float64))
    axis = np.cross(v0, v1)
    w = np.sqrt((v0 ** 2).sum(-1, keepdims=True) * (v1 ** 2).sum(-1, keepdims=True)) + (v0 * v1).sum(-1, keepdims=True)
    q = np.concatenate([w, axis], axis=-1)
    norm = np.linalg.norm(q, axis=-1, keepdims=True)
    opposite = norm[..., 0] < 1e-9 * np.maximum(1.0, (v0 ** 2).sum(-1))
    if np.any(opposite):
        a = v0[opposite]
        helper = np.where(np.abs(a[:, :1]) < 0.9, [[1.0, 0.0, 0.0]], [[0.0, 1.0, 0.0]])
        perp = np.cross(a, helper)
        q[opposite] = np.concatenate([np.zeros((len(a), 1)), perp], axis=-1)
        norm = np.linalg.norm(q, axis=-1, keepdims=True)
    return q / norm


def qfrom_yaw(angle: np.ndarray) -> np.ndarray:
    """Rotation by `angle` radians about +y."""
    angle = np.asarray(angle, dtype=np.float64)
    z = np.zeros_like(angle)
    return np.stack([np.cos(angle / 2), z, np.sin(angle / 2), z], axis=-1)


def quat_to_matrix(q: np.ndarray) -> np.ndarray:
    """(..., 4) -> (..., 3, 3) rotation matrices (acting on column vectors)."""
    q = qnormalize(q)
    w, x, y, z = np.moveaxis(q, -1, 0)
    m = np.stack([1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
                  2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
                  2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)], axis=-1)
    return m.reshape(q.shape[:-1] + (3, 3))


def quat_to_cont6d(q: np.ndarray) -> np.ndarray:
    """(..., 4) -> (..., 6): the first two columns of the rotation matrix (HumanML3D's `quaternion_to_cont6d`)."""
    m = quat_to_matrix(q)
    return np.concatenate([m[..., :, 0], m[..., :, 1]], axis=-1)


def matrix_to_axis_angle(m: np.ndarray) -> np.ndarray:
    """(..., 3, 3) -> (..., 3) axis-angle vectors (angle in radians times the unit axis), as SMPL poses use."""
    cos = np.clip((np.trace(m, axis1=-2, axis2=-1) - 1.0) / 2.0, -1.0, 1.0)
    angle = np.arccos(cos)
    axis = np.stack([m[..., 2, 1] - m[..., 1, 2], m[..., 0, 2] - m[..., 2, 0], m[..., 1, 0] - m[..., 0, 1]], axis=-1)
    sin2 = 2.0 * np.sin(angle)
    small = np.abs(sin2) < 1e-6
    out = np.where(small[..., None], axis / 2.0, axis / np.where(small, 1.0, sin2)[..., None] * angle[..., None])
    # Near a half turn the antisymmetric part vanishes: take the axis from the symmetric part instead.
    near_pi = angle > np.pi - 1e-3
    if np.any(near_pi):
        mp = m[near_pi]
        diag = np.clip((np.diagonal(mp, axis1=-2, axis2=-1) + 1.0) / 2.0, 0.0, None)
        ax = np.sqrt(diag)
        i = np.argmax(ax, axis=-1)
        rows = mp[np.arange(len(mp)), i]  # (N, 3): column i of (m + I) / 2 is proportional to the axis
        ax = (rows + np.eye(3)[i]) / 2.0
        ax = ax / np.linalg.norm(ax, axis=-1, keepdims=True)
        sign = np.sign(np.sum(ax * axis[near_pi], axis=-1, keepdims=True))
        sign[sign == 0] = 1.0
        out[near_pi] = ax * sign * angle[near_pi][..., None]
    return out

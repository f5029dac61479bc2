"""`generate_session`: a longer clip with several swings separated by idle time, waggles, half practice
swings and walking, for repetition counting. Only full swings count (truth lists them)."""

from __future__ import annotations

import dataclasses

import numpy as np

from llamo_engine.data.synth.body import ANKLE_HEIGHT, SMPL_HEIGHT_M, BodyTracks, build_joints, mirror
from llamo_engine.data.synth.params import SwingParams, sample_params
from llamo_engine.data.synth.swing import generate_swing
from llamo_engine.motion.skeleton import MotionSequence


@dataclasses.dataclass
class SyntheticSession:
    """`motion`: the whole clip (clean). `truth`: {"sport", "swings": [per-swing truth with events shifted to
    clip frames], "fillers": [(kind, start, end)]}."""

    motion: MotionSequence
    truth: dict


def _walk(p: SwingParams, T: int, direction: float) -> tuple[np.ndarray, np.ndarray]:
    """Upright walking sideways (along x) for T frames: joints (T, 22, 3) of a right-handed body, club held
    hanging in the lead hand (T, 2, 3)."""
    s = p.height_m / SMPL_HEIGHT_M
    t = np.arange(T) / p.fps
    step = 2 * np.pi * 1.8 * t  # ~1.8 steps per second
    x = direction * 0.6 * t
    root = np.stack([x, 0.93 * s + 0.015 * np.cos(2 * step), np.zeros(T)], 1)
    lift = lambda ph: ANKLE_HEIGHT * s + 0.08 * np.clip(np.sin(ph), 0, None)  # noqa: E731
    lead = np.stack([x + 0.12 + 0.1 * np.sin(step), lift(step), np.zeros(T)], 1)
    trail = np.stack([x - 0.12 - 0.1 * np.sin(step), lift(step + np.pi), np.zeros(T)], 1)
    swing_arm = 0.12 * np.sin(step)
    hand = lambda side, ph: root + np.stack([np.full(T, side * 0.22 * s), np.full(T, 0.05 * s),  # noqa: E731
                                             ph], 1)
    z = np.zeros(T)
    tr = BodyTracks(root=root, pelvis_yaw=0.1 * np.sin(step), trunk_lean=np.full(T, 0.06), trunk_side=z,
                    thorax_yaw=-0.12 * np.sin(step), flat_plane=z, lead_ankle=lead, trail_ankle=trail,
                    lead_hand=hand(1, swing_arm), trail_hand=hand(-1, -swing_arm),
                    lead_pole=np.tile([0.0, 0.0, -1.0], (T, 1)), trail_pole=np.tile([0.0, 0.0, -1.0], (T, 1)))
    J = build_joints(tr, p.height_m)
    grip = J[:, 20]
    club = np.stack([grip, grip + np.array([0.0, -0.9, 0.2])], 1)
    return J, club


def _segment(p: SwingParams, kind: str, rng: np.random.Generator):
    """(joints, club, truth or None) of one piece of the session."""
    if kind in ("swing", "practice", "waggle"):
        scale = {"swing": 1.0, "practice": float(rng.uniform(0.35, 0.5)), "waggle": float(rng.uniform(0.08, 0.15))}
        q = dataclasses.replace(p, swing_scale=scale[kind], address_s=float(rng.uniform(0.4, 1.0)),
                                hold_s=float(rng.uniform(0.3, 0.8)))
        sw = generate_swing(q)
        return sw.motion.joints.astype(np.float64), sw.motion.club.astype(np.float64), \
            (sw.truth if kind == "swing" else None)
    T = int(rng.uniform(1.0, 2.0) * p.fps)
    J, club = _walk(p, T, float(rng.choice([-1.0, 1.0])))
    if p.handedness == "left":
        J, club = mirror(J, club)
    return J, club, None


def generate_session(seed: int, n_swings: int | None = None, *, sport: str | None = None,
                     fps: float = 30.0) -> SyntheticSession:
    """Deterministic session: `n_swings` full swings (1-4 when None) of one athlete, with idle stretches,
    waggles, half practice swings and walking between them."""
    rng = np.random.default_rng(seed + 7_000_000)
    base = sample_params(seed, sport, fps=fps)
    n = int(n_swings if n_swings is not None else rng.integers(1, 5))
    kinds: list[str] = []
    for i in range(n):
        fillers = ["waggle", "practice", "walk"] if base.sport == "golf" else ["waggle", "walk"]
        kinds += [str(k) for k in rng.choice(fillers, size=int(rng.integers(0, 3)))]
        kinds.append("swing")
    kinds += [str(k) for k in rng.choice(["walk", "waggle"], size=int(rng.integers(0, 2)))]
    joints, clubs, swings, fillers = [], [], [], []
    cursor = 0
    for i, kind in enumerate(kinds):
        p = dataclasses.replace(base, faults=frozenset() if kind != "swing" else base.faults) \
            if kind != "swing" else sample_params(seed * 31 + i, base.sport, fps=fps)
        if kind == "swing":  # same athlete, new swing: keep body, handedness and club
            p = dataclasses.replace(p, height_m=base.height_m, handedness=base.handedness, club=base.club,
                                    seed=base.seed)
        J, club, truth = _segment(p, kind, rng)
        if joints:  # continue from where the previous piece ended (ground-plane position), blend 0.25 s
            shift = joints[-1][-1, 0] - J[0, 0]
            shift[1] = 0.0
            J, club = J + shift, club + shift
            nb = max(2, int(0.25 * fps))
            w = np.linspace(0, 1, nb + 2)[1:-1, None, None]
            joints.append((1 - w) * joints[-1][-1] + w * J[0])
            clubs.append((1 - w) * clubs[-1][-1] + w * club[0])
            cursor += nb
        if truth is not None:
            swings.append({**truth, "events": {k: (None if v is None else v + cursor) for k, v in
                                               truth["events"].items()},
                           "start": truth["start"] + cursor, "end": truth["end"] + cursor})
        else:
            fillers.append((kind, cursor, cursor + len(J)))
        joints.append(J)
        clubs.append(club)
        cursor += len(J)
    J = np.concatenate(joints)
    C = np.concatenate(clubs)
    T = len(J)
    motion = MotionSequence(joints=J, confidence=np.ones(J.shape[:2]), present=np.ones(T, bool),
                            timestamps=np.arange(T) / fps, fps=fps, source=f"synthetic-session:seed={seed}",
                            club=C, club_estimated=False, meta={"synthetic": True, "sport": base.sport})
    return SyntheticSession(motion=motion, truth={"sport": base.sport, "swings": swings, "fillers": fillers})
